"""The mutation harness itself (tests/mutations/harness.py, execute_chapter.py): cheap checks.

The suite is run by ``pytest tests/mutations``; these tests, in the default run, make sure
that a patch which no longer applies fails loudly with the mutant's name, that the working
tree is never patched, and that the chapter runner reports the label of the failing check.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "mutations"))

import execute_chapter  # noqa: E402
import harness  # noqa: E402
from catalogue import MUTANTS, Mutant  # noqa: E402


def _mutant(old: str, new: str = "y = 2\n") -> Mutant:
    return Mutant("demo mutant", "mod", old, new, ("01_permutations",), ("test_verify.py",), "demo")


@pytest.mark.parametrize("source, count", [("x = 1\n", 0), ("y = 1\ny = 1\n", 2)])
def test_a_patch_that_does_not_apply_exactly_once_names_the_mutant(tmp_path, source, count):
    (tmp_path / "mod.py").write_text(source)
    with pytest.raises(harness.PatchError, match=f"'demo mutant'.*occurs {count} times"):
        harness.check_patch(_mutant("y = 1\n"), tmp_path)
    with pytest.raises(harness.PatchError, match="does not exist"):
        harness.check_patch(Mutant("m", "nope", "a", "b", (), (), ""), tmp_path)


def test_identical_old_and_new_is_refused(tmp_path):
    (tmp_path / "mod.py").write_text("y = 1\n")
    with pytest.raises(harness.PatchError, match="identical"):
        harness.check_patch(_mutant("y = 1\n", "y = 1\n"), tmp_path)


def test_mutants_patch_a_copy_never_the_working_tree(tmp_path):
    mutant = MUTANTS[0]
    real = harness.SRC / f"{mutant.module}.py"
    before = hashlib.sha256(real.read_bytes()).hexdigest()
    copy = harness.make_copy(mutant, tmp_path)
    assert hashlib.sha256(real.read_bytes()).hexdigest() == before
    patched = (copy / "nnsym" / f"{mutant.module}.py").read_text()
    assert mutant.new in patched and mutant.old not in patched
    assert harness._env(copy)["PYTHONPATH"].split(":")[0] == str(copy)


def _run(tmp_path: Path, *sources: str) -> dict:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return execute_chapter.run(path, timeout=120)


IMPORT = "from nnsym.verify import check_close, check_true"


def test_runner_reports_the_first_failing_check_and_stops(tmp_path):
    res = _run(tmp_path, IMPORT, 'check_close("fine: a", [1.0], [1.0], atol=1e-9)',
               'check_close("broken: (1,2,1) b", [1.0], [2.0], atol=1e-9)', 'raise SystemExit("not reached")')
    assert (res["status"], res["cell"], res["kind"], res["check"]) == ("failed", 2, "check", "broken: (1,2,1) b")


def test_runner_reports_a_plain_assert_and_counts_checks(tmp_path):
    res = _run(tmp_path, "x = 1", "assert x == 2, ''")
    assert (res["kind"], res["check"], res["evalue"]) == ("assert", None, "assert x == 2, ''")
    swallowed = ("import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
                 "    check_true('hidden', True)")
    res = _run(tmp_path, IMPORT, 'check_true("shown", True)', swallowed)
    assert (res["status"], res["printed"], res["executed"]) == ("passed", 1, 2)
