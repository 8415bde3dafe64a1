"""Sphinx extension: the PDF numbers its chapters as the website does (issue 13).

The website numbers only the chapters of the part marked ``numbered: true`` in ``_toc.yml``
("Symmetries of parameter space": Chapters 1-6); "Getting started" (Notation, Teaching) and
"Back matter" are unnumbered, and theorems, exercises, figures and equations are numbered
"chapter.n" (``numfig_secnum_depth = 1``). sphinx-jupyterbook-latex, left alone, makes every
part a LaTeX ``\\part`` whose chapters are all numbered, so Notation became Chapter 1 and
"Ghosts" Chapter 6; and it sets ``numfig_secnum_depth = 2``, so that Sphinx's own numbers
(sphinx-proof theorems, sphinx-exercise exercises) read "4.1.1" where the site says "4.1".

This extension, for the LaTeX builder only:

* before every part heading puts ``\\nnsymunnumbered`` (LaTeX ``secnumdepth`` = -2: the part,
  its chapters and their sections get no number and do not step the chapter counter), and
  right after the heading of a numbered part ``\\nnsymnumbered`` (the document's
  ``secnumdepth`` again), so the first numbered chapter is Chapter 1;
* lets Sphinx assign theorem/exercise/figure numbers with the website's
  ``numfig_secnum_depth`` and hands sphinx-jupyterbook-latex's value back to the LaTeX writer
  only when the assembled book is written (its ``numfigreset`` makes LaTeX's own figure and
  equation counters "chapter.n"). The environment is pickled in between, with the website's
  value, so an HTML build after the PDF build is not a full re-read;
* makes references to an exercise on another page (the lecture plan of book/teaching.md)
  print its number, "Exercise 4.3", where the PDF said "Exercise ??" (``ExerciseReferences``).

Which parts are numbered is read from ``_toc.yml`` (the ``external_site_map`` of
sphinx-external-toc), not from their captions.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import (
    exercise_enumerable_node,
    exercise_latex_number_reference,
)

#: LaTeX for the preamble: \nnsymnumbered restores the secnumdepth in force at \begin{document}.
PREAMBLE = r"""
% book/_ext/latex_matter.py: unnumbered parts (front and back matter) as on the website
\makeatletter
\newcount\nnsym@secnumdepth
\AtBeginDocument{\global\nnsym@secnumdepth=\c@secnumdepth}
\newcommand{\nnsymunnumbered}{\setcounter{secnumdepth}{-2}}
\newcommand{\nnsymnumbered}{\setcounter{secnumdepth}{\nnsym@secnumdepth}}
\makeatother
"""
UNNUMBERED = "\\nnsymunnumbered\n"
NUMBERED = "\\nnsymnumbered\n"


@dataclass(frozen=True)
class Part:
    """A top-level part of ``_toc.yml``: its caption and whether its chapters are numbered."""

    caption: str
    numbered: bool


def parts_of(site_map) -> list[Part]:
    """The parts ``[Part(caption, numbered), ...]`` of a sphinx-external-toc site map.

    Raises
    ------
    ValueError
        If a part has no caption or two parts share one (the LaTeX part headings are
        matched to ``_toc.yml`` by caption).
    """
    parts = [Part(tree.caption or "", bool(tree.numbered)) for tree in site_map.root.subtrees]
    captions = [p.caption for p in parts]
    if any(not c for c in captions):
        raise ValueError(f"every part of _toc.yml needs a caption for the PDF, got {captions}")
    if len(set(captions)) != len(captions):
        raise ValueError(f"the parts of _toc.yml need distinct captions, got {captions}")
    return parts


def _part_heading(node: nodes.Node) -> tuple[str, nodes.section] | None:
    """(caption, section) if ``node`` is a part heading made by sphinx-jupyterbook-latex.

    That extension appends to the document, per part, ``compound > start_of_file > section``
    whose ``docname`` attributes hold the caption and whose title is the caption.
    """
    if not isinstance(node, nodes.compound) or not node.children:
        return None
    start = node.children[0]
    if not isinstance(start, addnodes.start_of_file) or not start.children:
        return None
    section = start.children[0]
    if not isinstance(section, nodes.section) or not section.children:
        return None
    title = section.children[0]
    caption = start.get("docname")
    if not isinstance(title, nodes.title) or title.astext() != caption:
        return None
    return caption, section


def mark_parts(document: nodes.document, parts: list[Part]) -> list[str]:
    """Insert ``\\nnsymunnumbered`` before each part heading, ``\\nnsymnumbered`` after the
    title of a numbered one; return the captions marked, in order.

    Raises
    ------
    ValueError
        If the part headings of ``document`` are not the parts of ``_toc.yml``, in order
        (then sphinx-jupyterbook-latex changed, and the PDF numbering would be wrong).
    """
    numbered = {p.caption: p.numbered for p in parts}
    found = []
    for child in list(document.children):
        heading = _part_heading(child)
        if heading is None or heading[0] not in numbered:
            continue
        caption, section = heading
        document.insert(document.index(child), nodes.raw("", UNNUMBERED, format="latex"))
        if numbered[caption]:
            section.insert(1, nodes.raw("", NUMBERED, format="latex"))
        found.append(caption)
    expected = [p.caption for p in parts]
    if found != expected:
        raise ValueError(f"LaTeX part headings {found} are not the parts of _toc.yml {expected}")
    return found


class MarkParts(SphinxPostTransform):
    """Run ``mark_parts`` on the assembled root document (after sphinx-jupyterbook-latex,
    whose post-transform, priority 700, creates the part headings)."""

    default_priority = 710

    def apply(self, **kwargs) -> None:
        if not isinstance(self.app.builder, LaTeXBuilder):
            return
        if not getattr(self.env, "jblatex_captions_to_parts", False):
            return
        if self.app.project.path2doc(self.document["source"]) != self.config.master_doc:
            return
        site_map = getattr(self.config, "external_site_map", None)
        if site_map is None:
            return
        mark_parts(self.document, parts_of(site_map))


def exercise_label(node: nodes.Element, registry: dict) -> str | None:
    """The sphinx-exercise label a cross-reference points at, or None.

    In the assembled LaTeX book a reference to another page carries ``refuri`` =
    ``"%<docname>#<id>"``, one within the page ``refid`` = ``"<id>"``; an exercise's id is
    its label.
    """
    target = node.get("refid") or node.get("refuri", "").rpartition("#")[2]
    return target if target and target in registry else None


class ExerciseReferences(SphinxPostTransform):
    """References to exercises from another page ({ref} in book/teaching.md) print the
    website's number.

    Sphinx writes them as ``Exercise \\ref{<docname>:<label>}``, but sphinx-exercise labels
    an exercise ``exercise:<label>`` and does not step a LaTeX counter, so the PDF said
    "Exercise ??". sphinx-exercise converts only references with a ``refid`` (same page);
    this converts the others the same way: a link with the text Sphinx resolved
    ("Exercise 4.3", from the numbers shared with the website).
    """

    default_priority = 23  # after sphinx-exercise's ResolveLinkTextToSolutions (22)

    def run(self, **kwargs) -> None:
        if not isinstance(self.app.builder, LaTeXBuilder):
            return
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for node in list(self.document.findall(addnodes.number_reference)):
            if isinstance(node, exercise_latex_number_reference):
                continue
            label = exercise_label(node, registry)
            if label is None or not isinstance(registry[label].get("node"),
                                               exercise_enumerable_node):
                continue
            new = exercise_latex_number_reference("", "", *node.children, refid=label)
            node.replace_self(new)


def _remember_site_depth(app: Sphinx, config: Config) -> None:
    app.nnsym_site_secnum_depth = config.numfig_secnum_depth  # what the website numbers with
    config.latex_elements = {**(config.latex_elements or {})}
    config.latex_elements["preamble"] = config.latex_elements.get("preamble", "") + PREAMBLE


def _number_like_the_site(app: Sphinx) -> None:
    """builder-inited, after sphinx-jupyterbook-latex: Sphinx's numbers as on the website."""
    if not isinstance(app.builder, LaTeXBuilder):
        return
    app.nnsym_latex_secnum_depth = app.config.numfig_secnum_depth
    app.config.numfig_secnum_depth = app.nnsym_site_secnum_depth


def _latex_depth_for_the_writer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (the assembled book, numbers already resolved; LaTeXBuilder.write
    emits no write-started): the LaTeX writer gets sphinx-jupyterbook-latex's value back."""
    if isinstance(app.builder, LaTeXBuilder) and hasattr(app, "nnsym_latex_secnum_depth"):
        app.config.numfig_secnum_depth = app.nnsym_latex_secnum_depth


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _remember_site_depth)
    app.connect("builder-inited", _number_like_the_site, priority=600)
    app.connect("doctree-resolved", _latex_depth_for_the_writer)
    app.add_post_transform(MarkParts)
    app.add_post_transform(ExerciseReferences)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
