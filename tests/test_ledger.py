"""The verification ledger (book/_ext/ledger.py) and the committed mutation table.

A small Sphinx + myst-nb project with one notebook is built in a temporary folder (execution
modes ``force`` and ``cache``): the ledger page must list every check line of the executed
notebook, also those of a cell whose output is removed from the page, each linked to its
section, with error, tolerance and margin.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tests" / "mutations"))

import harness  # noqa: E402
import ledger  # noqa: E402
from catalogue import MUTANTS  # noqa: E402

CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_nb", "ledger"]
nb_execution_mode = {mode!r}
nb_execution_timeout = 120
exclude_patterns = ["_build"]
html_theme = "basic"
"""

INDEX = """# Mini book

```{toctree}
chap
verification
```
"""

PAGE = """# Ledger

```{verification-ledger}
```

## Mutants

```{mutation-table}
```
"""


def _notebook(extra: str = "") -> nbformat.NotebookNode:
    v4 = nbformat.v4
    hidden = v4.new_code_cell('check_close("gamma: hidden output", [2.0], [2.5], atol=1.0)')
    hidden.metadata["tags"] = ["remove-output"]
    cells = [
        v4.new_markdown_cell("# Chapter title"),
        v4.new_code_cell("from nnsym.verify import check_close, check_symbolic_zero, check_true\nimport sympy"),
        v4.new_markdown_cell("## First claim"),
        v4.new_code_cell('check_close("alpha: (1,2,1) close", [1.0], [1.0 + 2e-13], atol=1e-12)\n'
                         'print("an ordinary line")'),
        v4.new_markdown_cell("## Second claim"),
        v4.new_code_cell('check_true("beta: a condition", 1 < 2, "1 < 2")\n'
                         'check_symbolic_zero("delta: identity", sympy.Integer(0))'),
        hidden,
    ] + ([v4.new_code_cell(extra)] if extra else [])
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _build(tmp_path: Path, mode: str, extra: str = "", warning=None) -> str:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(CONF.format(ext=str(ROOT / "book" / "_ext"), mode=mode))
    (src / "index.md").write_text(INDEX)
    (src / "verification.md").write_text(PAGE)
    nbformat.write(_notebook(extra), src / "chap.ipynb")
    out = tmp_path / "_build" / "html"
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "_build" / "doctrees"), "html",
                 status=None, warning=warning, freshenv=True)
    app.build()
    return (out / "verification.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("mode", ["force", "cache"])
def test_ledger_page_lists_every_check_with_its_section(tmp_path, mode):
    html = _build(tmp_path, mode)
    text = re.sub(r"<[^>]+>", " ", html)
    text = " ".join(text.split())
    assert "4 checks in 1 chapter, 4 passed." in text
    counted = "the number of rows equals the number of check_* calls counted in the kernel"
    assert counted in text  # a fresh build executes the notebook in both modes
    for label in ("alpha: (1,2,1) close", "beta: a condition", "delta: identity", "gamma: hidden output"):
        assert label in html, label
    assert 'href="chap.html#first-claim"' in html and 'href="chap.html#second-claim"' in html
    # margin = tolerance / error: 1e-12 / 2e-13 = 5; 1.0 / 0.5 = 2
    assert re.search(r"2\.0e-13.*?1\.0e-12.*?<p>5</p>", html, re.S)
    assert re.search(r"gamma: hidden output.*?5\.0e-01.*?1\.0e\+00.*?<p>2</p>", html, re.S)


def test_a_check_missing_from_the_outputs_is_reported(tmp_path):
    import io

    hidden_print = ("import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
                    "    check_true('swallowed', True)")
    warnings = io.StringIO()
    _build(tmp_path, "force", extra=hidden_print, warning=warnings)
    assert "4 check lines in the outputs but 5 check_* calls executed" in warnings.getvalue()


def test_rows_fall_back_to_the_previous_section():
    nb = {"cells": [{"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout",
                                                        "text": "PASS a: max|diff| = 1.000e-03 (tolerance 1.0e-02)\n"}]},
                    {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout",
                                                        "text": ["PASS b — x\n", "PASS c: simplifies to 0\n"]}]},
                    {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stderr",
                                                        "text": "PASS not stdout\n"}]}]}
    rows = ledger.ledger_rows(nb, {0: ("s1", "One")})
    assert [(r["label"], r["section_id"], r["kind"]) for r in rows] == [
        ("a", "s1", "close"), ("b", "s1", "true"), ("c", "s1", "symbolic")]
    assert rows[0]["margin"] == pytest.approx(10.0)
    assert ledger.fmt_margin(rows[0]) == "10" and ledger.fmt_margin(rows[1]) == "—"
    assert ledger.fmt_margin({"margin": float("inf")}) == "∞ (exact)"


def test_committed_mutation_table_lists_exactly_the_catalogue():
    data = json.loads(ledger.RESULTS.read_text(encoding="utf-8"))
    assert [r["mutant"] for r in data["mutants"]] == [m.name for m in MUTANTS], (
        "tests/mutations/results.json is out of date: run NNSYM_MUTATIONS_WRITE=1 pytest tests/mutations")
    assert {r["module"] for r in data["mutants"]} == {m.module for m in MUTANTS}


def test_readme_shows_the_committed_mutation_table():
    rows = json.loads(ledger.RESULTS.read_text(encoding="utf-8"))["mutants"]
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index(harness.README_START) + len(harness.README_START):text.index(harness.README_END)]
    assert block.strip() == harness.readme_table(rows).strip(), "README table out of date: harness.py --write"


def test_ledger_page_is_in_the_back_matter():
    toc = (ROOT / "_toc.yml").read_text()
    assert toc.index("book/exec_stats") < toc.index("book/verification")
    assert "ledger: book/_ext" in (ROOT / "_config.yml").read_text()
