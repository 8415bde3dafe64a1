"""The PDF (issue 13): chapter numbers as on the website, and the site links the PDF.

book/_ext/latex_matter.py, latex_listings.py and pdf_download.py. No TeX is needed: the
transformations are tested on small doctrees, and a tiny jupyter-book project (three
Markdown pages, nothing executed) is built with the LaTeX and the HTML builders, whose
.tex and .html are checked. .ci/run (CI_PDF=1) checks the .toc of the real PDF.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx import addnodes

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "book" / "_ext"
sys.path.insert(0, str(EXT))

import latex_listings
import latex_matter
import pdf_download
from latex_matter import NUMBERED, UNNUMBERED, Part


# --------------------------------------------------------------------------- latex_matter
def _document() -> nodes.document:
    return new_document("<test>", get_default_settings(Parser))


def _part_heading(caption: str) -> nodes.compound:
    """The part heading as sphinx-jupyterbook-latex appends it: compound > start_of_file >
    section(title=caption, the part's toctree-wrapper)."""
    start = addnodes.start_of_file("", docname=caption)
    section = nodes.section("", nodes.title(text=caption), nodes.paragraph(text="chapters"))
    section["docname"] = caption
    start.append(section)
    return nodes.compound("", start, classes=["toctree-wrapper"])


def _book(*captions: str) -> nodes.document:
    doc = _document()
    doc.append(nodes.paragraph(text="preface (the root page)"))
    for caption in captions:
        doc.append(_part_heading(caption))
    return doc


def _latex(node: nodes.Node) -> list[str]:
    return [n.astext() for n in node.findall(nodes.raw) if n.get("format") == "latex"]


def test_unnumbered_parts_and_only_the_numbered_part_numbers_its_chapters():
    parts = [Part("Getting started", False), Part("Chapters", True), Part("Back matter", False)]
    doc = _book("Getting started", "Chapters", "Back matter")
    assert latex_matter.mark_parts(doc, parts) == ["Getting started", "Chapters", "Back matter"]
    kinds = [("raw", c.astext()) if isinstance(c, nodes.raw) else
             ("part", next(iter(c.findall(nodes.title))).astext())
             for c in doc.children[1:]]
    # every part heading is preceded by \nnsymunnumbered (so the part itself is not numbered)
    assert [k for k in kinds] == [("raw", UNNUMBERED), ("part", "Getting started"),
                                 ("raw", UNNUMBERED), ("part", "Chapters"),
                                 ("raw", UNNUMBERED), ("part", "Back matter")]
    sections = [c.children[0].children[0] for c in doc.children if isinstance(c, nodes.compound)]
    # \nnsymnumbered sits right after the title of the numbered part, and nowhere else
    assert [_latex(s) for s in sections] == [[], [NUMBERED], []]
    assert isinstance(sections[1].children[0], nodes.title)
    assert sections[1].children[1].astext() == NUMBERED


def test_a_part_heading_missing_from_the_latex_is_an_error():
    parts = [Part("Front", False), Part("Main", True)]
    with pytest.raises(ValueError, match=r"\['Main'\] are not the parts of _toc.yml \['Front', 'Main'\]"):
        latex_matter.mark_parts(_book("Main"), parts)
    with pytest.raises(ValueError, match="are not the parts"):  # order matters too
        latex_matter.mark_parts(_book("Main", "Front"), parts)


def test_a_section_whose_title_is_not_the_caption_is_not_a_part_heading():
    doc = _book("Main")
    doc.children[1].children[0]["docname"] = "book/main"  # an ordinary page, not a part
    with pytest.raises(ValueError, match=r"\[\] are not the parts"):
        latex_matter.mark_parts(doc, [Part("Main", True)])


def _site_map(*trees):
    return SimpleNamespace(root=SimpleNamespace(subtrees=[SimpleNamespace(caption=c, numbered=n)
                                                          for c, n in trees]))


def test_parts_are_read_from_the_site_map():
    assert latex_matter.parts_of(_site_map(("A", False), ("B", 999), ("C", True))) == [
        Part("A", False), Part("B", True), Part("C", True)]
    with pytest.raises(ValueError, match="needs a caption"):
        latex_matter.parts_of(_site_map(("A", False), (None, True)))
    with pytest.raises(ValueError, match="distinct captions"):
        latex_matter.parts_of(_site_map(("A", False), ("A", True)))


def test_the_real_toc_has_exactly_chapters_1_to_6_in_its_numbered_part():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    numbered = [p for p in toc["parts"] if p.get("numbered")]
    assert len(numbered) == 1
    files = [c["file"] for c in numbered[0]["chapters"]]
    assert [Path(f).name[:2] for f in files] == ["01", "02", "03", "04", "05", "06"]
    assert "04_ghosts" in files[3]


def test_exercise_label_of_a_reference():
    registry = {"ex-a": {}}
    assert latex_matter.exercise_label(nodes.reference(refuri="%book/ch#ex-a"), registry) == "ex-a"
    assert latex_matter.exercise_label(nodes.reference(refid="ex-a"), registry) == "ex-a"
    assert latex_matter.exercise_label(nodes.reference(refuri="%book/ch#fig-a"), registry) is None
    assert latex_matter.exercise_label(nodes.reference(refuri="https://x.org"), registry) is None


# --------------------------------------------------------------------------- latex_listings
def _bundle(**outputs: str) -> nodes.container:
    bundle = nodes.container(nb_element="mime_bundle")
    for mime, text in outputs.items():
        bundle.append(nodes.container("", nodes.literal_block(text, text),
                                      mime_type=mime.replace("_", "/")))
    return bundle


def test_pygments_listings_lose_their_latex_and_mathematics_keeps_it():
    listing = "\\begin{Verbatim}[commandchars=\\\\\\{\\}]\n\\PY{k}{def} f\n\\end{Verbatim}\n"
    doc = _document()
    doc += [_bundle(text_html="<pre>def f</pre>", text_latex=listing, text_plain="def f"),
            _bundle(text_latex="$\\displaystyle x^{2}$", text_plain="x**2"),
            _bundle(text_latex=listing)]  # no text/plain to fall back on: kept
    assert latex_listings.drop_latex_listings(doc) == 1
    assert [[c["mime_type"] for c in b.children] for b in doc.children] == [
        ["text/html", "text/plain"], ["text/latex", "text/plain"], ["text/latex"]]
    assert latex_listings.is_pygments_listing("  " + listing)
    assert not latex_listings.is_pygments_listing("\\begin{equation}x\\end{equation}")


# --------------------------------------------------------------------------- pdf_download
def test_find_book_pdf(tmp_path):
    latex = tmp_path / "latex"
    assert pdf_download.find_book_pdf(latex) is None  # no LaTeX build at all
    latex.mkdir()
    (latex / "figure.pdf").write_bytes(b"%PDF")  # an image copied for LaTeX: not the book
    (latex / "book.tex").write_text("")
    assert pdf_download.find_book_pdf(latex) is None  # LaTeX written, PDF not (yet) built
    (latex / "book.pdf").write_bytes(b"%PDF")
    assert pdf_download.find_book_pdf(latex) == latex / "book.pdf"
    (latex / "old.tex").write_text("")
    (latex / "old.pdf").write_bytes(b"%PDF")
    with pytest.raises(ValueError, match=r"several book PDFs .*\['book.pdf', 'old.pdf'\]"):
        pdf_download.find_book_pdf(latex)


def test_menu_entry_goes_into_the_download_group_only():
    context = {"header_buttons": [{"label": "fullscreen-button"},
                                  {"label": "download-buttons", "buttons": [{"text": ".ipynb"}]}]}
    assert pdf_download.add_menu_entry(context, "../book.pdf")
    assert [b["text"] for b in context["header_buttons"][1]["buttons"]] == [".ipynb", "Book (.pdf)"]
    assert context["header_buttons"][1]["buttons"][1]["url"] == "../book.pdf"
    assert "buttons" not in context["header_buttons"][0]
    assert not pdf_download.add_menu_entry({"header_buttons": [{"label": "x"}]}, "../book.pdf")


# --------------------------------------------------------------------------- a tiny book, built
CONFIG = """\
title: Tiny
author: Test
only_build_toc_files: true
execute:
  execute_notebooks: "off"
latex:
  latex_documents:
    targetname: tiny.tex
sphinx:
  extra_extensions: [sphinx_proof, sphinx_exercise]
  local_extensions:
    latex_matter: {ext}
    latex_listings: {ext}
    pdf_download: {ext}
"""
TOC = """\
format: jb-book
root: intro
parts:
  - caption: Front
    chapters:
      - file: notation
  - caption: Main
    numbered: true
    chapters:
      - file: one
      - file: two
  - caption: Back
    chapters:
      - file: glossary
"""
PAGES = {
    "intro.md": "# Tiny\n\nPreface.\n\n```{book-pdf}\n```\n",
    "notation.md": "# Notation\n\n## Symbols\n\nSee {ref}`ex-two` and {prf:ref}`thm-two`.\n",
    "one.md": "# One\n\n## First\n\nText.\n",
    "two.md": textwrap.dedent("""\
        # Two

        ## Opening

        Text.

        ## Results

        ```{prf:theorem} A result
        :label: thm-two
        $1 = 1$.
        ```

        ```{exercise}
        :label: ex-two
        Prove it.
        ```
        """),
    "glossary.md": "# Glossary\n\nTerms.\n",
}


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("tiny")
    (book / "_config.yml").write_text(CONFIG.format(ext=EXT))
    (book / "_toc.yml").write_text(TOC)
    for name, text in PAGES.items():
        (book / name).write_text(text)
    return book


def _jupyter_book(book: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                                     os.environ.get("PYTHONPATH")]))}
    env.pop("JB_EXECUTE", None)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    done = subprocess.run([str(jupyter_book), "build", str(book), *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_tiny_book_latex_numbers_like_the_site(tiny_book):
    _jupyter_book(tiny_book, "--builder", "latex")
    tex = (tiny_book / "_build" / "latex" / "tiny.tex").read_text()
    body = tex[tex.index("\\begin{document}"):]
    # the parts in order, each preceded by \nnsymunnumbered; Main's chapters numbered
    front, main, back = (body.index(f"\\part{{{c}}}") for c in ("Front", "Main", "Back"))
    assert front < main < back
    for caption in ("Front", "Main", "Back"):
        pattern = r"\\nnsymunnumbered\s+(\\sphinxstepscope\s+)?\\part\{" + caption + r"\}"
        assert re.search(pattern, body), caption
    after_main = body[main:body.index("\\chapter", main)]
    assert NUMBERED.strip() in after_main
    assert body.count(NUMBERED.strip()) == 1
    assert "\\newcommand{\\nnsymunnumbered}" in tex and "\\newcommand{\\nnsymnumbered}" in tex
    # Sphinx's numbers are the website's "chapter.n" (2.1), not "2.2.1" (chapter.section.n)
    assert "Theorem 2.1" in body and "2.2.1" not in body
    # the reference from the front matter to the exercise prints its number, not \ref (??)
    assert "\\hyperref[exercise:ex-two]{Exercise 2.1}" in body
    assert "Exercise \\ref" not in body
    # LaTeX's own figure/equation counters are per chapter (numfigreset=1)
    assert "numfigreset=1" in tex
    # no link to the PDF inside the PDF
    assert "Download the book as PDF" not in body


def test_tiny_book_site_links_the_pdf_only_when_built(tiny_book):
    site, latex = tiny_book / "_build" / "html", tiny_book / "_build" / "latex"
    latex.mkdir(parents=True, exist_ok=True)
    for stale in latex.glob("*.pdf"):
        stale.unlink()
    _jupyter_book(tiny_book)
    intro = (site / "intro.html").read_text()
    assert "tiny.pdf" not in intro and "Download the book as PDF" not in intro
    assert not (site / "tiny.pdf").exists()

    (latex / "tiny.tex").touch()
    (latex / "tiny.pdf").write_bytes(b"%PDF-1.5 stand-in")
    _jupyter_book(tiny_book)  # nothing re-read: every page is rewritten with the link
    assert (site / "tiny.pdf").read_bytes() == b"%PDF-1.5 stand-in"
    intro = (site / "intro.html").read_text()
    assert '<a class="reference external" href="tiny.pdf">Download the book as PDF</a>' in intro
    assert 'href="tiny.pdf"' in (site / "two.html").read_text()  # header menu of a chapter
    assert "download-book-pdf-button" in (site / "glossary.html").read_text()

    (latex / "tiny.pdf").write_bytes(b"%PDF-1.5 newer")
    _jupyter_book(tiny_book)  # no page out of date, but the site gets the new PDF
    assert (site / "tiny.pdf").read_bytes() == b"%PDF-1.5 newer"


# --------------------------------------------------------------------------- the real .toc
sys.path.insert(0, str(ROOT / "scripts"))
import check_pdf_toc

_FRONT = ["Notation", "Teaching with this book"]
_CHAPTERS = ["Permutation and sign\\sphinxhyphen {}flip symmetries", "Rescaling symmetry",
             "The integral representation", "Ghosts: the null space", "Ridge regression",
             "Covering numbers and functional equivalence"]
_BACK = ["Glossary", "References", "Execution statistics", "Verification ledger",
         "Bibliography", "Proof Index", "Index"]


def _toc_text(numbers: list[int | None], titles: list[str]) -> str:
    lines = ["\\contentsline {part}{Getting started}{3}{section*.3}%"]
    for i, (n, t) in enumerate(zip(numbers, titles)):
        title = f"\\numberline {{{n}}}{t}" if n else t
        anchor = f"chapter.{n}" if n else f"chapter*.{i}"
        lines.append(f"\\contentsline {{chapter}}{{{title}}}{{{i + 5}}}{{{anchor}}}%")
        lines.append(f"\\contentsline {{section}}{{\\numberline {{{n}.1}}A section}}{{5}}{{s.{i}}}%")
    return "\n".join(lines) + "\n"


def _real_toc_yml() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "_toc.yml").read_text())


def test_toc_check_passes_chapters_numbered_like_the_site():
    text = _toc_text([None, None, 1, 2, 3, 4, 5, 6] + [None] * 7, _FRONT + _CHAPTERS + _BACK)
    assert check_pdf_toc.toc_chapters(text)[5] == (4, "Ghosts: the null space")
    assert check_pdf_toc.problems(text, _real_toc_yml()) == []


@pytest.mark.parametrize("numbers", [
    [1, 2, 3, 4, 5, 6, 7, 8] + [None] * 7,             # the old PDF: Notation was Chapter 1
    [None, None, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] + [None] * 3,  # back matter numbered
    [None, None, 1, 2, 3, 5, 4, 6] + [None] * 7,       # two chapters swapped
])
def test_toc_check_fails_numbers_unlike_the_site(numbers):
    text = _toc_text(numbers, _FRONT + _CHAPTERS + _BACK)
    assert check_pdf_toc.problems(text, _real_toc_yml())


def test_toc_check_fails_a_missing_or_extra_chapter():
    numbers = [None, None, 1, 2, 3, 4, 5] + [None] * 7
    titles = _FRONT + _CHAPTERS[:3] + _CHAPTERS[4:] + _BACK  # Ghosts left out
    assert check_pdf_toc.problems(_toc_text(numbers, titles), _real_toc_yml())
    numbers = [None, None, 1, 2, 3, 4, 5, 6] + [None] * 8
    titles = _FRONT + _CHAPTERS + _BACK[:4] + ["Stray"] + _BACK[4:]
    assert check_pdf_toc.problems(_toc_text(numbers, titles), _real_toc_yml())


def test_lecture_plan_is_one_table_with_exercise_references_for_web_and_pdf():
    """book/_ext/course.py: since exercise references resolve in LaTeX (ExerciseReferences),
    the PDF gets the website's table ("Exercise 4.3"), not "exercises 2 to 11"."""
    import course

    rows = course.lecture_plan_rows(ROOT)
    chapters = course.toc_chapters(ROOT)
    assert len(rows) == 2 + len(chapters) == 8
    for row, nb in zip(rows[2:], chapters):
        labels = [e["label"] for e in course.chapter_info(nb)["exercises"]]
        assert labels and all(f"{{ref}}`{label}`" in row for label in labels), row
        assert "exercises 2 to" not in row
