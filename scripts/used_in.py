"""Generate the "Used in: Chapter N." lines of nnsym's docstrings from the chapters' own code.

A public function (listed in its module's ``__all__``) is *used in* a chapter when a code cell
of that chapter imports its module (``nnsym.<module>`` appears) and names the function. The
line is rewritten in the docstring of every public function that has one, and in each
module docstring (the union over its functions). A function no chapter names directly loses
its line. ``--check`` changes nothing and exits 1 on a line that disagrees (run by
``tests/test_book.py``).
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "nnsym"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_tools import chapters  # noqa: E402

_USED = re.compile(r"(?P<indent>[ \t]*)Used in:[^\n]*(?:\n(?P=indent)[^\n\s][^\n]*)*?(?=\n\s*\n|\n\s*\"\"\"|\n(?P=indent)[A-Z][a-z]+\n)", re.M)


def chapter_code() -> dict[int, str]:
    out = {}
    for path in chapters(ROOT):
        number = int(path.name[:2])
        nb = json.loads(path.read_text(encoding="utf-8"))
        out[number] = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return out


def modules() -> list[str]:
    return sorted(p.stem for p in SRC.glob("*.py") if not p.stem.startswith("_")) + sorted(
        p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def files(module: str) -> list[Path]:
    """The source files of ``nnsym.<module>``: one file, or every file of a sub-package.

    A sub-package's ``__init__`` re-exports its public names (its ``__all__``), which are
    defined in its sub-modules: their docstrings are rewritten where they are defined, and
    the ``__init__``'s module docstring gets the union.
    """
    if (SRC / f"{module}.py").exists():
        return [SRC / f"{module}.py"]
    return sorted((SRC / module).rglob("*.py"))


def imports(code: str, module: str) -> bool:
    """Whether ``code`` imports ``nnsym.<module>`` (or names from it) in any of the usual forms."""
    return bool(re.search(rf"\bnnsym\.{module}\b|from\s+nnsym\s+import\s+[^\n]*\b{module}\b", code))


def usage() -> dict[tuple[str, str], list[int]]:
    code = chapter_code()
    out = {}
    for mod in modules():
        names = getattr(importlib.import_module(f"nnsym.{mod}"), "__all__", [])
        for name in names:
            out[(mod, name)] = [n for n, text in sorted(code.items())
                                if imports(text, mod) and re.search(rf"\b{re.escape(name)}\b", text)]
    return out


def phrase(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == len(chapter_code()):
        return "Used in: every chapter."
    if len(numbers) == 1:
        return f"Used in: Chapter {numbers[0]}."
    return "Used in: Chapters " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}."


def _docstring_span(source: str, node) -> tuple[int, int] | None:
    if not (node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
            and isinstance(node.body[0].value.value, str)):
        return None
    lines = source.splitlines(keepends=True)
    start = sum(len(l) for l in lines[: node.body[0].lineno - 1]) + node.body[0].col_offset
    end = sum(len(l) for l in lines[: node.body[0].end_lineno - 1]) + node.body[0].end_col_offset
    return start, end


def rewrite(source: str, module: str, used: dict[tuple[str, str], list[int]]) -> str:
    tree = ast.parse(source)
    edits = []  # (start, end, new docstring text)
    targets = [(tree, sorted({n for (m, _), ns in used.items() if m == module for n in ns}))]
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and (module, node.name) in used:
            targets.append((node, used[(module, node.name)]))
    for node, numbers in targets:
        span = _docstring_span(source, node)
        if span is None:
            continue
        doc = source[span[0]:span[1]]
        match = _USED.search(doc)
        if match is None:
            continue
        line = phrase(numbers)
        before, after = doc[: match.start()], doc[match.end():]
        if line:
            new = before + match.group("indent") + line + after
        elif re.match(r"\n[ \t]*\n", after):  # a paragraph between others: drop it and one blank line
            new = before + after[after.index("\n", 1) + 1:]
        else:  # the last paragraph: drop it and the blank line before it
            new = before.rstrip(" \t\n") + after
        if new != doc:
            edits.append((span[0], span[1], new))
    for start, end, new in sorted(edits, reverse=True):
        source = source[:start] + new + source[end:]
    return source


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    used = usage()
    stale = []
    for mod in modules():
        for path in files(mod):
            source = path.read_text(encoding="utf-8")
            new = rewrite(source, mod, used)
            if new != source:
                stale.append(str(path.relative_to(ROOT)))
                if not check:
                    path.write_text(new, encoding="utf-8")
    if check and stale:
        print("'Used in' lines disagree with the chapters (run python scripts/used_in.py):", ", ".join(stale))
        return 1
    print(("rewrote: " + ", ".join(stale)) if stale else "'Used in' lines agree with the chapters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
