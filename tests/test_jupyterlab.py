"""The chapters read well in a real JupyterLab (issue 14): MyST rendered by jupyterlab-myst.

Starts JupyterLab from this venv on 127.0.0.1 (random port and token, throw-away config),
opens a chapter in headless Chromium and checks that a theorem block and math are rendered
and that no raw ``:::{prf:...}`` text is visible. The same check with jupyterlab-myst
disabled must fail: that proves it can. Skipped when JupyterLab or Chromium is missing,
except under ``NNSYM_REQUIRE_LAB=1`` (set by ``.ci/run`` for its test step), where that fails.
"""

import importlib.util
import os

import pytest

import labcheck
import sitecheck

CHAPTER = "book/01_permutations.ipynb"


def _need_tools() -> None:
    missing = [name for name, ok in [("jupyterlab", importlib.util.find_spec("jupyterlab")),
                                     ("jupyterlab_myst", importlib.util.find_spec("jupyterlab_myst")),
                                     ("chromium", sitecheck.find_chromium())] if not ok]
    if missing:
        if os.environ.get("NNSYM_REQUIRE_LAB"):
            pytest.fail(f"NNSYM_REQUIRE_LAB is set but {missing} are missing")
        pytest.skip(f"{missing} missing (pip install -r requirements.txt; apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    _need_tools()
    with sitecheck.Chromium() as b:
        yield b


def test_chapter_renders_in_jupyterlab(browser):
    with labcheck.lab_server() as (base, token):
        report = labcheck.notebook_report(browser, base, token, CHAPTER, max_steps=3)
    assert labcheck.problems_of(report) == [], report
    assert report["admonitions"] >= 1 and report["js_errors"] == [], report


def test_check_fails_without_jupyterlab_myst(browser):
    with labcheck.lab_server(disable_myst=True) as (base, token):
        report = labcheck.notebook_report(browser, base, token, CHAPTER, max_steps=1, settle=5.0)
    problems = labcheck.problems_of(report)
    assert any("raw MyST directives" in p for p in problems), report
    assert any("no rendered theorem" in p for p in problems), report
