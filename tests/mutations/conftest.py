"""Runs the mutation suite once per session (2 workers) for the selected tests; prints its table.

``NNSYM_MUTATIONS_JOBS`` sets the number of workers (default 2), ``NNSYM_MUTATIONS_WRITE=1``
also stores the table in ``tests/mutations/results.json`` (the ledger page renders it),
``NNSYM_MUTATIONS_BASELINE=0`` skips the unpatched baseline run of the chapters (when the
chapters were just executed by the default ``pytest``, as in ``.ci/run``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

_RESULTS: dict = {}


@pytest.fixture(scope="session")
def suite(request) -> dict:
    """``{"rows": {name: row}, "baseline": {chapter: result}}`` for the selected tests."""
    if not _RESULTS:
        params = [getattr(item, "callspec", None) for item in request.session.items]
        names = {p.params["name"] for p in params if p is not None and "name" in p.params}
        chapters = {p.params["chapter"] for p in params if p is not None and "chapter" in p.params}
        mutants = [m for m in harness.MUTANTS if m.name in names]
        jobs = int(os.environ.get("NNSYM_MUTATIONS_JOBS", "2"))
        baseline = os.environ.get("NNSYM_MUTATIONS_BASELINE") != "0"  # .ci/run: chapters just ran
        base, rows = harness.run_suite(mutants, jobs=jobs, baseline=baseline, extra_chapters=chapters,
                                       log=lambda s: None)
        if os.environ.get("NNSYM_MUTATIONS_WRITE") == "1":
            harness.write_results(rows, base, jobs=jobs)
        _RESULTS.update(rows={r["mutant"]: r for r in rows}, baseline=base, order=[r["mutant"] for r in rows])
    return _RESULTS


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _RESULTS:
        return
    tr = terminalreporter
    tr.section("mutation suite")
    if _RESULTS["order"]:
        tr.write_line(harness.format_table([_RESULTS["rows"][n] for n in _RESULTS["order"]]))
    for chapter, res in sorted(_RESULTS["baseline"].items()):
        tr.write_line(f"baseline {chapter}: {res['status']}, {res.get('printed')} ledger rows = "
                      f"{res.get('executed')} check_* calls, {res['seconds']} s")
