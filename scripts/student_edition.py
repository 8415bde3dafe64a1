"""Write the student edition of the book: every chapter without its solutions (issue 14).

    python scripts/student_edition.py OUTDIR

For every chapter of ``_toc.yml`` (solutions separated into cells tagged ``solution`` by
``scripts/notebook_tools.py``), each exercise keeps its statement and gets, in place of the
solution:

* an empty answer cell, and
* a "check your answer" cell: the final checks of the teacher's solution (its trailing
  ``assert`` and ``check_*`` statements). Until the names they use are defined it prints
  "not answered yet" instead of failing; once they are, a wrong answer fails loudly.

A proof exercise whose solution has no code gets the answer cell only. Nothing of a
solution's prose or code is copied, except those final checks.
"""

from __future__ import annotations

import ast
import copy
import json
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_tools import ROOT, SOLUTION_TAG, chapters  # noqa: E402

ANSWER_MARK = "# Your answer here."
CHECK_MARK = "# Check your answer"


def _is_check(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Assert):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        fn = stmt.value.func
        name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
        return name.startswith("check_")
    return False


def final_checks(code: str) -> str:
    """The trailing ``assert`` / ``check_*(...)`` statements of a solution's last code cell."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return ""
    body = tree.body
    i = len(body)
    while i > 0 and _is_check(body[i - 1]):
        i -= 1
    return "\n".join(ast.get_source_segment(code, stmt) for stmt in body[i:])


def _code_cell(source: str, tags: list[str] | None = None) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {"tags": tags} if tags else {},
            "outputs": [], "source": source.splitlines(keepends=True)}


def check_cell_source(checks: str) -> str:
    return (
        f"{CHECK_MARK} (the final check of the teacher's solution). It reports\n"
        "# 'not answered yet' until your answer defines the names it uses.\n"
        "try:\n"
        + textwrap.indent(checks, "    ")
        + '\nexcept NameError as missing:\n    print(f"not answered yet ({missing})")'
    )


def student_notebook(nb: dict) -> dict:
    """``nb`` without its solution cells, with an answer cell and a check cell per exercise."""
    out = copy.deepcopy(nb)
    cells, new_cells, group = out["cells"], [], []

    def flush() -> None:
        if not group:
            return
        code = [c for c in group if c["cell_type"] == "code"]
        new_cells.append(_code_cell(ANSWER_MARK + "\n"))
        checks = final_checks("".join(code[-1]["source"])) if code else ""
        if checks:
            new_cells.append(_code_cell(check_cell_source(checks)))
        group.clear()

    for cell in cells:
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            group.append(cell)
            continue
        flush()
        new_cells.append(cell)
    flush()
    for i, cell in enumerate(new_cells):
        cell["id"] = f"student-{i:03d}" if "id" in cell or out.get("nbformat_minor", 0) >= 5 else cell.get("id")
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    out["cells"] = new_cells
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__)
        return 2
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    for path in chapters(ROOT):
        nb = json.loads(path.read_text(encoding="utf-8"))
        if not any(SOLUTION_TAG in c.get("metadata", {}).get("tags", []) for c in nb["cells"]):
            raise SystemExit(f"{path.name}: no cell tagged {SOLUTION_TAG!r}; run scripts/notebook_tools.py first")
        (outdir / path.name).write_text(json.dumps(student_notebook(nb), indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
        print(f"wrote {outdir / path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
