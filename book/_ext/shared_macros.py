"""Sphinx extension: one set of LaTeX macros for MathJax (HTML) and for the LaTeX preamble (PDF).

The macros live in ``book/macros.tex``, one ``\\newcommand`` per line. At ``config-inited``
this extension parses them into ``mathjax3_config["tex"]["macros"]`` and appends the same
lines (as ``\\providecommand``) to ``latex_elements["preamble"]``. It also fails the build
with a clear message when a line of the file is not a macro definition it understands.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

MACRO_FILE = Path(__file__).resolve().parents[1] / "macros.tex"
_NEWCOMMAND = re.compile(r"^\\newcommand\{\\([A-Za-z]+)\}(?:\[(\d)\])?\{(.*)\}\s*$")


def parse_macros(text: str) -> dict[str, tuple[str, int]]:
    r"""Parse ``\newcommand{\name}[n]{body}`` lines into ``{name: (body, n)}``.

    Blank lines and ``%`` comments are skipped; any other line raises ``ConfigError``.
    """
    macros: dict[str, tuple[str, int]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        match = _NEWCOMMAND.match(stripped)
        if match is None:
            raise ConfigError(
                f"{MACRO_FILE.name}:{lineno}: expected '\\newcommand{{\\name}}[n]{{body}}', got {line!r}"
            )
        name, nargs, body = match.groups()
        if name in macros:
            raise ConfigError(f"{MACRO_FILE.name}:{lineno}: macro \\{name} defined twice")
        macros[name] = (body, int(nargs or 0))
    return macros


def _apply(app: Sphinx, config: Config) -> None:
    macros = parse_macros(MACRO_FILE.read_text(encoding="utf-8"))
    mathjax = dict(config.mathjax3_config or {})
    tex = dict(mathjax.get("tex", {}))
    tex["macros"] = {
        **tex.get("macros", {}),
        **{name: (body if n == 0 else [body, n]) for name, (body, n) in macros.items()},
    }
    mathjax["tex"] = tex
    config.mathjax3_config = mathjax

    latex_elements = dict(config.latex_elements or {})
    lines = [
        f"\\providecommand{{\\{name}}}" + (f"[{n}]" if n else "") + f"{{{body}}}"
        for name, (body, n) in macros.items()
    ]
    preamble = latex_elements.get("preamble", "")
    latex_elements["preamble"] = preamble + "\n% macros from book/macros.tex\n" + "\n".join(lines) + "\n"
    config.latex_elements = latex_elements


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _apply)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
