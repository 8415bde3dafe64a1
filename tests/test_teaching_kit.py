"""The teaching kit (issue 14): bootstrap cells, separable solutions, the student edition.

* every chapter's first code cell installs ``nnsym`` from the repository of ``_config.yml``
  when it is missing (Colab, a bare Binder) and does nothing where it is importable: both
  branches are run here with no network (the missing module and pip are simulated);
* every solution lives in cells tagged ``solution`` (``scripts/notebook_tools.py --check``);
* ``scripts/student_edition.py`` drops all of them, keeps each exercise's statement, and adds
  an answer cell and a "check your answer" cell;
* the student edition executes top to bottom with blank answers (marked ``student_exec``,
  run by ``.ci/run`` as its own step: ``pytest -m student_exec tests/test_teaching_kit.py``).
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import notebook_tools  # noqa: E402
import student_edition  # noqa: E402

CHAPTERS = notebook_tools.chapters(ROOT)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_chapters_are_in_shape():
    assert len(CHAPTERS) >= 6
    assert notebook_tools.main(["--check"]) == 0


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_bootstrap_from_config(path):
    first = next(c for c in _load(path)["cells"] if c["cell_type"] == "code")
    assert "".join(first["source"]) == notebook_tools.bootstrap_source(ROOT)
    assert notebook_tools.repository_url(ROOT) in "".join(first["source"])


def _run_bootstrap(monkeypatch, missing: bool) -> tuple[list, str]:
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw)))
    if missing:
        real = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nnsym" else real(name, *a))
    printed = []
    exec(notebook_tools.bootstrap_source(ROOT), {"print": lambda *a, **k: printed.append(" ".join(map(str, a)))})
    return calls, "\n".join(printed)


def test_bootstrap_installs_from_the_repository_when_nnsym_is_missing(monkeypatch):
    calls, printed = _run_bootstrap(monkeypatch, missing=True)
    source = "git+" + notebook_tools.repository_url(ROOT)
    assert calls == [([sys.executable, "-m", "pip", "install", "-q", source], {"check": True})]
    assert "nnsym is not installed" in printed and source in printed


def test_bootstrap_does_nothing_where_nnsym_is_importable(monkeypatch):
    calls, printed = _run_bootstrap(monkeypatch, missing=False)
    assert calls == [] and printed == ""


def test_final_checks_are_the_trailing_asserts_and_check_calls():
    code = "x = 2\ncheck_close('x', x,\n            2.0, atol=1e-9)\nassert x > 1\n"
    assert student_edition.final_checks(code) == "check_close('x', x,\n            2.0, atol=1e-9)\nassert x > 1"
    assert student_edition.final_checks("y = 3\nprint(y)\n") == ""


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    assert student_edition.main([str(out)]) == 0
    return out


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_edition_has_no_solution(student_dir, path):
    teacher = _load(path)
    student = _load(student_dir / path.name)
    text = "\n".join("".join(c["source"]) for c in student["cells"])
    assert "{solution" not in text
    solutions = [c for c in teacher["cells"] if "solution" in _tags(c)]
    assert solutions, f"{path.name} has no tagged solution"
    # the final checks are kept on purpose, and a line that the chapter body also has is no leak
    allowed = {l.strip() for c in teacher["cells"] if "solution" not in _tags(c)
               for l in "".join(c["source"]).splitlines()}
    for c in student["cells"]:
        if "".join(c["source"]).startswith(student_edition.CHECK_MARK):
            allowed.update(l.strip() for l in "".join(c["source"]).splitlines())
    student_lines = {l.strip() for l in text.splitlines()}
    for cell in solutions:
        for line in "".join(cell["source"]).splitlines():
            line = line.strip()
            if len(line) > 12 and line not in allowed and not line.startswith(("::", ":class:", "#")):
                assert line not in student_lines, f"{path.name}: solution line kept: {line!r}"
    exercises = text.count("{exercise}")
    answers = sum("".join(c["source"]).startswith(student_edition.ANSWER_MARK) for c in student["cells"])
    assert exercises >= 3 and answers == exercises


@pytest.mark.student_exec
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_edition_executes_with_blank_answers(student_dir, path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(student_dir / path.name, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("not answered yet" in o.get("text", "") for o in outputs if o.get("output_type") == "stream")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_solution_code_is_folded_in_jupyterlab(path):
    cells = [c for c in _load(path)["cells"] if c["cell_type"] == "code" and "solution" in _tags(c)]
    assert cells
    for cell in cells:
        assert cell["metadata"].get("jupyter", {}) == {"source_hidden": True, "outputs_hidden": True}
