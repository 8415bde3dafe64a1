"""The mutation suite: every mutant must make a chapter check fail AND a unit test fail.

Run with ``pytest tests/mutations`` (not part of the default ``pytest``: it executes the
chapters once per mutant). A mutant that survives is a finding: add the missing check to
the chapter or the tests, or (if it does not change the mathematics) drop it from
``catalogue.py`` with the reason.
"""

from __future__ import annotations

import pytest

import harness
from catalogue import MUTANTS

NAMES = [m.name for m in MUTANTS]
IDS = [harness.slug(n) for n in NAMES]
CHAPTERS = sorted({c for m in MUTANTS for c in m.chapters})
MODULES_USED_BY_CHAPTERS = {"counting", "symmetry", "networks", "training", "fdim", "ridgelet", "spectrum",
                            "covering"}  # and nnsym.plotting, which holds no mathematics


def test_catalogue():
    assert len(MUTANTS) >= 25
    assert len(set(NAMES)) == len(NAMES) and len(set(IDS)) == len(IDS), "mutant names must be unique"
    assert {m.module.split("/")[0] for m in MUTANTS} == MODULES_USED_BY_CHAPTERS  # ridgelet/...
    for m in MUTANTS:
        assert m.chapters and m.tests, m.name
        for c in m.chapters:
            assert (harness.ROOT / "book" / f"{c}.ipynb").exists(), f"{m.name}: no chapter {c}"
        for t in m.tests:
            assert (harness.ROOT / "tests" / t).exists(), f"{m.name}: no test file {t}"


@pytest.mark.parametrize("name", NAMES, ids=IDS)
def test_patch_applies(name):
    mutant = MUTANTS[NAMES.index(name)]
    harness.check_patch(mutant)  # PatchError names the mutant whose patch must be updated


@pytest.mark.parametrize("name", NAMES, ids=IDS)
def test_caught_by_a_chapter_check(name, suite):
    row = suite["rows"][name]
    assert not row.get("error"), row.get("error")
    base = [suite["baseline"][c] for c in MUTANTS[NAMES.index(name)].chapters if c in suite["baseline"]]
    assert all(b["status"] == "passed" for b in base), "a chapter fails without the mutant (see baseline)"
    mutant = MUTANTS[NAMES.index(name)]
    if mutant.chapter_gap:
        assert not harness.caught_by_chapter(row), (
            f"mutant {name!r} is now caught by {row['chapter']} ({row['check']}): "
            "remove its chapter_gap in tests/mutations/catalogue.py")
        pytest.xfail(f"known finding, no chapter check yet: {mutant.chapter_gap}")
    assert harness.caught_by_chapter(row), (
        f"mutant {name!r} survived its chapters {mutant.chapters}: "
        f"{row.get('chapter')} {row.get('kind')} {row.get('evalue')}")


@pytest.mark.parametrize("name", NAMES, ids=IDS)
def test_caught_by_unit_tests(name, suite):
    row = suite["rows"][name]
    assert not row.get("error"), row.get("error")
    mutant = MUTANTS[NAMES.index(name)]
    if mutant.unit_gap:
        assert not row["unit_test"], (
            f"mutant {name!r} is now caught by {row['unit_test']}: remove its unit_gap in catalogue.py")
        pytest.xfail(f"known finding, no unit test yet: {mutant.unit_gap}")
    assert row["unit_test"] and "::" in row["unit_test"], (
        f"mutant {name!r} survived {MUTANTS[NAMES.index(name)].tests}: {row['unit_test']} {row['unit_message']}")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_baseline_chapter_passes_and_ledger_counts_every_check(chapter, suite):
    """Unpatched, the chapter runs; its ledger rows (PASS lines) = the check_* calls executed."""
    if chapter not in suite["baseline"]:
        pytest.skip("baseline not run (NNSYM_MUTATIONS_BASELINE=0)")
    res = suite["baseline"][chapter]
    assert res["status"] == "passed", f"{chapter} fails unpatched: cell {res.get('cell')}: {res.get('evalue')}"
    assert res["printed"] == res["executed"] > 0, (
        f"{chapter}: {res['printed']} PASS lines but {res['executed']} check_* calls")
