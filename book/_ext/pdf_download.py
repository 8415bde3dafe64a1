"""Sphinx extension: the website links the PDF of the book, when one has been built.

``jupyter-book build . --builder pdflatex`` writes ``_build/latex/<name>.pdf``. When the
HTML build starts and that file exists (a PDF next to the ``.tex`` of the same name in the
``latex`` folder beside the HTML output), this extension

* copies it into the site (``_build/html/<name>.pdf``, at the end of every HTML build, even
  one that had no page to rewrite),
* adds "Book (.pdf)" to the download menu of the header of every page, and
* turns the ``{book-pdf}`` directive (book/intro.md) into a sentence with a link to it.

When no PDF exists, nothing is copied, the menu is unchanged and the directive renders as
nothing: the site never has a dead link to a PDF. Both changes go through ``html_context``,
so building the PDF (or deleting it) makes the next HTML build rewrite every page, without
re-reading or re-executing any. Order of commands: README, "PDF".
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.osutil import relative_uri

CONTEXT_KEY = "nnsym_book_pdf"  # html_context entry: file name of the PDF in the site root
MENU_TEXT = "Book (.pdf)"
MENU_TOOLTIP = "Download the whole book as one PDF"


def find_book_pdf(latex_dir: Path) -> Path | None:
    """The PDF built from a ``.tex`` in ``latex_dir`` (``<name>.pdf`` next to ``<name>.tex``).

    Returns None when there is none. PDFs without a ``.tex`` of the same name (images
    copied for LaTeX) do not count.

    Raises
    ------
    ValueError
        If there are several, so that the site would not know which one to link.
    """
    if not latex_dir.is_dir():
        return None
    pdfs = sorted(p for p in latex_dir.glob("*.pdf") if p.with_suffix(".tex").is_file())
    if len(pdfs) > 1:
        raise ValueError(f"several book PDFs in {latex_dir}: {[p.name for p in pdfs]}; "
                         "delete the stale ones (or the folder) and build the PDF again")
    return pdfs[0] if pdfs else None


class book_pdf(nodes.General, nodes.Element):
    """Placeholder of ``{book-pdf}``: becomes a link paragraph, or nothing, when written."""


class BookPdfDirective(Directive):
    """``{book-pdf}``: "The whole book is also available as a PDF" when one was built."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [book_pdf()]


def pdf_paragraph(refuri: str) -> nodes.paragraph:
    """The sentence that replaces ``{book-pdf}``: a link to ``refuri``."""
    link = nodes.reference("", "Download the book as PDF", refuri=refuri, internal=False)
    return nodes.paragraph("", "", link, nodes.Text(
        " (all chapters, with their outputs, exercises and solutions, in one file)."))


def _register_pdf(app: Sphinx, config: Config) -> None:
    """config-inited: decide once per build whether the site links a PDF."""
    pdf = find_book_pdf(Path(app.outdir).parent / "latex")
    context = dict(config.html_context or {})
    context.pop(CONTEXT_KEY, None)
    if pdf is not None:
        context[CONTEXT_KEY] = pdf.name
        app.nnsym_book_pdf = pdf
    config.html_context = context


def _copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the site gets the current PDF (html_extra_path would be skipped when
    no page is out of date, leaving a stale copy after a new PDF build)."""
    pdf = getattr(app, "nnsym_book_pdf", None)
    if exception is None and pdf is not None and app.builder.format == "html":
        shutil.copy2(pdf, Path(app.outdir) / pdf.name)


def _resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: ``{book-pdf}`` becomes the link (HTML, PDF built) or nothing."""
    name = app.config.html_context.get(CONTEXT_KEY)
    html = app.builder.format == "html"
    for node in list(doctree.findall(book_pdf)):
        if name and html:
            uri = relative_uri(app.builder.get_target_uri(docname), name)
            node.replace_self(pdf_paragraph(uri))
        else:
            node.parent.remove(node)


def add_menu_entry(context: dict, url: str) -> bool:
    """Append the PDF to the header's download menu (sphinx-book-theme's button group
    ``download-buttons``); return whether the menu was there."""
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append({
                "type": "link", "url": url, "text": MENU_TEXT, "tooltip": MENU_TOOLTIP,
                "icon": "fas fa-book", "label": "download-book-pdf-button"})
            return True
    return False


def _menu(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context, after sphinx-book-theme's header buttons (priority 501)."""
    name = app.config.html_context.get(CONTEXT_KEY)
    if name:
        add_menu_entry(context, context["pathto"](name, 1))


def setup(app: Sphinx) -> dict:
    app.add_node(book_pdf)
    app.add_directive("book-pdf", BookPdfDirective)
    app.connect("config-inited", _register_pdf)
    app.connect("doctree-resolved", _resolve_placeholders)
    app.connect("html-page-context", _menu, priority=502)
    app.connect("build-finished", _copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
