"""Sphinx extension: the verification ledger (``book/verification.md``), built from the executed chapters.

Every ``nnsym.verify`` check prints one line (``PASS label: max|diff| = ... (tolerance ...)``,
``PASS label — detail`` or ``PASS label: simplifies to 0``). After myst-nb has executed a
chapter (any execution mode: ``force``, or ``JB_EXECUTE=cache`` where the outputs come from
the cache), ``doctree-read`` reads the executed notebook myst-nb wrote to
``_build/jupyter_execute/``, parses those lines with :func:`nnsym.verify.parse_check_lines`
and files each under the section of the page that contains its cell (so the ledger links
to the claim). Before a notebook is read, ``NNSYM_CHECK_LOG`` is pointed at
``_build/check_log/<doc>.jsonl``; the kernel's checks append to it, and when the chapter was
executed in this build the number of parsed lines must equal the number of calls logged
(a warning otherwise, an error with ``-W``). ``tests/mutations`` checks the same per chapter.

Directives (both used in ``book/verification.md``):

``{verification-ledger}``
    One table per chapter: section, check, measured error, tolerance, margin = tolerance / error.
``{mutation-table}``
    The table of ``tests/mutations/results.json`` (written by ``pytest tests/mutations``
    with ``NNSYM_MUTATIONS_WRITE=1``): mutant -> chapter check and unit test that caught it.

The page is re-read whenever any document changed, so it is never stale.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from nnsym.verify import CHECK_LOG_ENV, parse_check_lines

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests" / "mutations" / "results.json"
logger = logging.getLogger(__name__)


class ledger_placeholder(nodes.General, nodes.Element):
    """Replaced at resolve time by the ledger (``what="checks"``) or the mutation table."""


# ----------------------------------------------------------------------------- collecting


def executed_notebook(app: Sphinx, docname: str) -> Path:
    """Where myst-nb writes the executed notebook of ``docname``."""
    return Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"


def _stdout(cell: dict) -> str:
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _cell_sections(doctree: nodes.document) -> dict[int, tuple[str, str]]:
    """``cell_index -> (section id, section title)`` of every code cell in the doctree."""
    out = {}
    for node in doctree.findall(nodes.container):
        if node.get("nb_element") != "cell_code" or node.get("cell_index") is None:
            continue
        sec = node.parent
        while sec is not None and not isinstance(sec, nodes.section):
            sec = sec.parent
        if sec is not None and sec["ids"]:
            title = sec.next_node(nodes.title)
            out[int(node["cell_index"])] = (sec["ids"][0], title.astext() if title else "")
    return out


def ledger_rows(notebook: dict, sections: dict[int, tuple[str, str]]) -> list[dict]:
    """One row per check line in the outputs of ``notebook`` (a parsed .ipynb), in order.

    A cell missing from ``sections`` (removed from the page) takes the section of the
    nearest preceding cell that is on the page.
    """
    rows, current = [], ("", "")
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        current = sections.get(index, current)
        for rec in parse_check_lines(_stdout(cell)):
            rows.append({"cell": index, "section_id": current[0], "section": current[1], "kind": rec.kind,
                         "label": rec.label, "passed": rec.passed, "error": rec.error,
                         "tolerance": rec.tolerance, "margin": rec.margin, "detail": rec.detail})
    return rows


def check_log(app: Sphinx, docname: str) -> Path:
    """The file the kernel of ``docname`` appends its checks to (``NNSYM_CHECK_LOG``)."""
    return Path(app.outdir).parent / "check_log" / f"{docname}.jsonl"


def _before_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Point ``NNSYM_CHECK_LOG`` at a fresh file: the kernel myst-nb starts for this notebook inherits it."""
    os.environ.pop(CHECK_LOG_ENV, None)
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    log = check_log(app, docname)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    os.environ[CHECK_LOG_ENV] = str(log)


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    os.environ.pop(CHECK_LOG_ENV, None)
    if not hasattr(env, "nnsym_ledger"):
        env.nnsym_ledger = {}
    docname = env.docname
    if not str(env.doc2path(docname)).endswith(".ipynb"):
        return
    path = executed_notebook(app, docname)
    if not path.exists():
        env.nnsym_ledger.pop(docname, None)
        return
    notebook = json.loads(path.read_text(encoding="utf-8"))
    title = doctree.next_node(nodes.title)
    rows = ledger_rows(notebook, _cell_sections(doctree))
    log = check_log(app, docname)
    executed = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else None
    if executed is not None and executed != len(rows):  # only when the kernel ran in this build
        logger.warning(f"[ledger] {docname}: {len(rows)} check lines in the outputs but {executed} "
                       "check_* calls executed (output captured or cleared?)", location=docname)
    env.nnsym_ledger[docname] = {"title": title.astext() if title else docname, "rows": rows,
                                 "executed": executed}


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "nnsym_ledger", {}).pop(docname, None)
    getattr(env, "nnsym_ledger_pages", set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    if not hasattr(env, "nnsym_ledger"):
        env.nnsym_ledger = {}
    env.nnsym_ledger.update({d: v for d, v in getattr(other, "nnsym_ledger", {}).items() if d in docnames})
    env.nnsym_ledger_pages = getattr(env, "nnsym_ledger_pages", set()) | getattr(other, "nnsym_ledger_pages", set())


def _outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Re-read the ledger pages whenever anything else is re-read."""
    pages = getattr(env, "nnsym_ledger_pages", set())
    return sorted(pages) if (added or changed or removed) else []


# ----------------------------------------------------------------------------- directives


class VerificationLedger(SphinxDirective):
    """``{verification-ledger}``: every check of every chapter (filled in at resolve time)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        if not hasattr(self.env, "nnsym_ledger_pages"):
            self.env.nnsym_ledger_pages = set()
        self.env.nnsym_ledger_pages.add(self.env.docname)
        return [ledger_placeholder(what="checks")]


class MutationTable(SphinxDirective):
    """``{mutation-table}``: the committed results of ``pytest tests/mutations``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(RESULTS))
        return [ledger_placeholder(what="mutations")]


# ----------------------------------------------------------------------------- rendering


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def fmt_error(value: float | None) -> str:
    return "—" if value is None else ("0" if value == 0 else f"{value:.1e}")


def fmt_margin(row: dict) -> str:
    """``tolerance / error``: ``12``, ``3.4e+05``, ``∞ (exact)``; ``—`` for checks without tolerance."""
    m = row["margin"]
    if m is None:
        return "—"
    if math.isinf(m):
        return "∞ (exact)"
    return f"{m:.2g}" if m < 1e3 else f"{m:.1e}"


def _table(header: list[str], rows: list[list], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["ledger-table"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body
    for cells, where in [(header, head)] + [(r, body) for r in rows]:
        tr = nodes.row()
        for c in cells:
            entry = nodes.entry()
            entry += c if isinstance(c, nodes.paragraph) else nodes.paragraph(text=str(c))
            tr += entry
        where += tr
    return table


def _link(app: Sphinx, fromdoc: str, todoc: str, anchor: str, text: str) -> nodes.paragraph:
    para = nodes.paragraph()
    if app.builder.format == "html":
        uri = app.builder.get_relative_uri(fromdoc, todoc) + (f"#{anchor}" if anchor else "")
        para += nodes.reference(text, text, refuri=uri, internal=True)
    else:
        para += nodes.Text(text)
    return para


def _chapter_order(ledger: dict) -> list[str]:
    """Chapters in book order (their names start with the two-digit chapter number)."""
    return sorted(ledger, key=lambda d: (Path(d).name, d))


def checks_nodes(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    ledger = getattr(app.env, "nnsym_ledger", {})
    docs = [d for d in _chapter_order(ledger) if ledger[d]["rows"]]
    total = sum(len(ledger[d]["rows"]) for d in docs)
    failed = sum(not r["passed"] for d in docs for r in ledger[d]["rows"])
    counted = [d for d in docs if ledger[d].get("executed") is not None]
    text = (f"{_n(total, 'check')} in {_n(len(docs), 'chapter')}, {total - failed} passed"
            + (f", {failed} FAILED." if failed else "."))
    if counted:
        text += (f" For the {_n(len(counted), 'chapter')} executed in this build, the number of rows"
                 " equals the number of check_* calls counted in the kernel.")
    out: list[nodes.Node] = [nodes.paragraph(text=text)]
    if not docs:
        out.append(nodes.paragraph(text="No executed chapter outputs were found (execution mode 'off'?)."))
    for doc in docs:
        rows = ledger[doc]["rows"]
        closes = [r for r in rows if r["kind"] == "close" and r["margin"] is not None]
        finite = [r["margin"] for r in closes if not math.isinf(r["margin"])]
        summary = (f"{_n(len(rows), 'check')}: {len(closes)} numerical (with a tolerance), "
                   f"{sum(r['kind'] == 'symbolic' for r in rows)} symbolic, "
                   f"{_n(sum(r['kind'] == 'true' for r in rows), 'condition')}")
        if finite:
            summary += f"; smallest margin {min(finite):.2g}"
        rub = nodes.rubric()
        rub += _link(app, fromdoc, doc, "", ledger[doc]["title"]).children or [nodes.Text(ledger[doc]["title"])]
        out += [rub, nodes.paragraph(text=summary + ".")]
        table_rows = []
        for r in rows:
            check = r["label"] if r["passed"] else f"FAILED: {r['label']}"
            table_rows.append([_link(app, fromdoc, doc, r["section_id"], r["section"] or "(top)"), check,
                               {"close": "close", "true": "condition", "symbolic": "symbolic"}[r["kind"]],
                               fmt_error(r["error"]), fmt_error(r["tolerance"]), fmt_margin(r)])
        out.append(_table(["section", "check", "kind", "max error", "tolerance", "margin"], table_rows,
                          [22, 40, 9, 9, 9, 9]))
    return out


def load_mutations(path: Path = RESULTS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"mutants": []}


def mutation_nodes(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    data = load_mutations()
    rows = data.get("mutants", [])
    if not rows:
        return [nodes.paragraph(text="No mutation results committed (run pytest tests/mutations).")]
    by_chapter = sum(r.get("kind") in ("check", "assert") for r in rows)
    by_tests = sum(bool(r.get("unit_test")) for r in rows)
    docs = {Path(d).name: d for d in getattr(app.env, "found_docs", [])}
    out = [nodes.paragraph(text=f"{len(rows)} mutants: {by_chapter} caught by a chapter check, "
                                f"{by_tests} caught by the unit tests.")]
    table_rows = []
    for r in rows:
        if r.get("kind") in ("check", "assert"):
            what = r.get("check") or (r.get("evalue") or "a plain assert")
            text = f"{what} (cell {r.get('cell')})"
            chap = r.get("chapter") or ""
            cell = _link(app, fromdoc, docs[chap], "", f"{chap[:2]}: {text}") if chap in docs else text
        else:
            cell = "NOT CAUGHT by a chapter check" + (f" (missing: {r['chapter_gap']})" if r.get("chapter_gap") else "")
        unit = r.get("unit_test") or "NOT CAUGHT" + (f" (missing: {r['unit_gap']})" if r.get("unit_gap") else "")
        table_rows.append([r["mutant"], r["module"], cell, unit, f"{r['seconds']:.0f}"])
    out.append(_table(["mutant", "module", "caught by chapter check", "caught by unit test", "s"],
                      table_rows, [26, 9, 34, 26, 5]))
    return out


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(ledger_placeholder)):
        new = checks_nodes(app, docname) if node["what"] == "checks" else mutation_nodes(app, docname)
        node.replace_self(new)


def setup(app: Sphinx) -> dict:
    app.add_node(ledger_placeholder)
    app.add_directive("verification-ledger", VerificationLedger)
    app.add_directive("mutation-table", MutationTable)
    app.connect("source-read", _before_read)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
