"""Sphinx extension: code listings in cell outputs reach the PDF as code, not as broken math.

The chapters show package source with ``nnsym.listing.show_function``, an
``IPython.display.Code``, whose mime bundle has ``text/html``, ``text/plain`` (the code) and
``text/latex``: Pygments' ``\\begin{Verbatim}...`` with its own ``\\PY`` macros. For the
LaTeX builder myst-nb prefers ``text/latex`` and puts it in a math block, and XeLaTeX stops
("Missing $ inserted"). Before myst-nb picks a mime type (its ``SelectMimeType``,
post-transform priority 4), this extension drops, for the LaTeX builder only, a
``text/latex`` output that is such a Pygments listing when the bundle also has
``text/plain``; the listing is then printed as a literal block. Real LaTeX outputs (SymPy
expressions, ``IPython.display.Math``) are untouched, and so is the website.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform

PYGMENTS_VERBATIM = "\\begin{Verbatim}"


def is_pygments_listing(latex: str) -> bool:
    """Whether a ``text/latex`` output is Pygments' highlighted code (not mathematics)."""
    return latex.lstrip().startswith(PYGMENTS_VERBATIM)


def drop_latex_listings(document: nodes.Node) -> int:
    """Remove the ``text/latex`` child of every myst-nb mime bundle where it is a Pygments
    listing and a ``text/plain`` child exists; return how many were removed."""
    removed = 0
    for bundle in list(document.findall(nodes.container)):
        if bundle.get("nb_element") != "mime_bundle":
            continue
        kinds = {child.get("mime_type"): child for child in bundle.children}
        latex = kinds.get("text/latex")
        if latex is not None and "text/plain" in kinds and is_pygments_listing(latex.astext()):
            bundle.remove(latex)
            removed += 1
    return removed


class DropLatexListings(SphinxPostTransform):
    """``drop_latex_listings`` for the LaTeX builder, before myst-nb's ``SelectMimeType``."""

    default_priority = 3

    def run(self, **kwargs) -> None:
        if isinstance(self.app.builder, LaTeXBuilder):
            drop_latex_listings(self.document)


def setup(app: Sphinx) -> dict:
    app.add_post_transform(DropLatexListings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
