"""The chapters call nnsym through one module alias per module (issue 13, "Code on the page").

``import nnsym.fdim as fd`` and then ``fd.jacobian(...)``: a reader sees where each name comes
from, also when the setup cell is folded. The aliases are the table of ``book/notation.md``;
the only bare names are the check helpers of ``nnsym.verify``.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
BARE = {"check_close", "check_true", "check_symbolic_zero"}
_ROW = re.compile(r"^\| `(?P<alias>\w+)` \| `nnsym\.(?P<module>\w+)` \|", re.M)


def notation_aliases() -> dict[str, str]:
    """``{module: alias}`` from the alias table of book/notation.md."""
    rows = _ROW.findall((ROOT / "book" / "notation.md").read_text(encoding="utf-8"))
    return {module: alias for alias, module in rows}


def alias_problems(cells: list[str], aliases: dict[str, str]) -> list[str]:
    """What in the code ``cells`` breaks the convention (an empty list when nothing does)."""
    problems = []
    taken = set(aliases.values())
    for i, source in enumerate(cells):
        for node in ast.walk(ast.parse(source)):
            where = f"cell {i}, line {getattr(node, 'lineno', '?')}"
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").split(".")[0] == "nnsym"
            ):
                names = {a.name for a in node.names}
                if node.module != "nnsym.verify" or not names <= BARE:
                    problems.append(
                        f"{where}: from {node.module} import {', '.join(sorted(names))}"
                    )
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] != "nnsym":
                        continue
                    module = a.name.split(".")[1] if "." in a.name else ""
                    if module not in aliases or a.asname != aliases[module]:
                        want = aliases.get(module, "?")
                        problems.append(
                            f"{where}: import {a.name} as {a.asname} (want {want})"
                        )
            bound = []
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                bound.append(node.id)
            elif isinstance(node, ast.arg):
                bound.append(node.arg)
            elif isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            ):
                bound.append(node.name)
            problems += [
                f"{where}: {name!r} rebinds a module alias"
                for name in bound
                if name in taken
            ]
    return problems


def _code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_the_alias_table_names_each_module_once():
    aliases = notation_aliases()
    assert len(aliases) >= 10, f"alias table of book/notation.md not found: {aliases}"
    assert len(set(aliases.values())) == len(aliases), (
        f"two modules share an alias: {aliases}"
    )
    for module in aliases:
        importlib.import_module(f"nnsym.{module}")


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_uses_the_module_aliases(nb):
    problems = alias_problems(_code_cells(nb), notation_aliases())
    assert not problems, f"{nb.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "bad",
    [
        "from nnsym.networks import forward\nforward(p, X)",
        "from nnsym import ridgelet as rl",
        "import nnsym.fdim",
        "import nnsym.fdim as fdim",
        "from nnsym.verify import check_close, parse_check_lines",
        "import nnsym.spectrum as spec\nspec = (3, (4, 5), 2)",
        "import nnsym.symmetry as sym\nfor sym in range(3):\n    pass",
    ],
)
def test_the_check_fails_on_a_bad_cell(bad):
    assert alias_problems(["import numpy as np", bad], notation_aliases())


def test_the_check_passes_the_convention():
    good = (
        "import nnsym.fdim as fd\nimport nnsym.networks as nw\n"
        "from nnsym.verify import check_close, check_true\n"
        "p = nw.init_mlp((2, 3, 1), 'relu', seed=0)\nJ = fd.jacobian(p, X)"
    )
    assert alias_problems([good], notation_aliases()) == []


def test_used_in_sees_a_name_called_through_its_alias(monkeypatch):
    """scripts/used_in.py counts `fd.jacobian` after `import nnsym.fdim as fd` as a use."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import used_in

    code = {
        2: "import nnsym.fdim as fd\nimport nnsym.networks as nw\n"
        "J = fd.jacobian(nw.init_mlp((2, 1), 'relu'), X)",
        3: "import nnsym.ridgelet as rl\nrl.ridgelet_transform(f, rho, A, B)",
    }
    monkeypatch.setattr(used_in, "chapter_code", lambda: code)
    used = used_in.usage()
    assert used[("fdim", "jacobian")] == [2]
    assert used[("networks", "init_mlp")] == [2]
    assert used[("ridgelet", "ridgelet_transform")] == [3]
    assert used[("fdim", "batch_functional_dimension")] == []
