"""Sphinx extension + helpers: course information read from the chapter notebooks themselves.

``chapter_info(path)`` reads a chapter notebook and returns its title, the learning objectives,
prerequisites and time estimate of its "In this chapter" admonition, and its exercises.
``tests/test_course.py`` uses it to check that every chapter states objectives and a time.

The ``{lecture-plan}`` directive (used in ``book/teaching.md``) renders one row per chapter of
``_toc.yml`` from the same information, so the teachers' page never drifts from the chapters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]

_ADMONITION = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{admonition\}[ \t]*In this chapter[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.S | re.M,
)
_FIELD = re.compile(r"\*\*(?P<name>[^*]+?)[.:]?\*\*[.:]?[ \t]*(?P<text>.*?)(?=\n\s*\*\*[^*]+\*\*|\Z)", re.S)
_OBJECTIVES = ("objective", "learn", "goal", "you will", "after this chapter")
_TIME = re.compile(r"\d+(?:\.\d+)?\s*(?:to\s*\d+\s*)?(?:minutes?|min|hours?|h)\b", re.I)
_EXERCISE = re.compile(r"^(?::{3,}|`{3,})\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<opts>(?:[ \t]*:[\w-]+:[^\n]*\n)*)", re.M)


def _markdown(path: Path) -> str:
    if path.suffix != ".ipynb":  # a MyST markdown page or notebook: the text itself
        return path.read_text(encoding="utf-8")
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def chapter_info(path: Path) -> dict:
    """Title, objectives, prerequisites, time estimate and exercises of a chapter notebook.

    Missing pieces are returned as empty strings / lists (the test reports them).
    """
    text = _markdown(Path(path))
    title = re.search(r"^#[ \t]+(.+)$", text, re.M)
    info = {"path": Path(path), "title": title.group(1).strip() if title else "",
            "admonition": "", "objectives": "", "prerequisites": "", "time": "", "exercises": []}
    block = _ADMONITION.search(text)
    if block:
        body = "\n".join(line for line in block.group("body").splitlines() if not line.startswith(":class:"))
        info["admonition"] = body.strip()
        for field in _FIELD.finditer(body):
            name, value = field.group("name").lower(), " ".join(field.group("text").split())
            if any(word in name for word in _OBJECTIVES):
                info["objectives"] = value
            elif "prerequisite" in name:
                info["prerequisites"] = value
            elif name.startswith("time"):
                info["time"] = value
    for ex in _EXERCISE.finditer(text):
        label = re.search(r":label:[ \t]*(\S+)", ex.group("opts"))
        info["exercises"].append({"label": label.group(1) if label else "",
                                  "title": ex.group("title").strip()})
    return info


def time_estimate(info: dict) -> str:
    """The first duration ("75 minutes", "2 to 3 hours") of the time field, or ''."""
    found = _TIME.search(info["time"])
    return found.group(0) if found else ""


def toc_chapters(root: Path = ROOT) -> list[Path]:
    """Chapter files (``NN_*.ipynb``, else ``NN_*.md``) of ``_toc.yml`` that exist, in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    found = []
    for f in files:
        if Path(f).name[:2].isdigit():
            found += [p for p in (root / f"{f}.ipynb", root / f"{f}.md") if p.exists()][:1]
    return found


def lecture_plan_rows(root: Path) -> list[str]:
    """Markdown rows of the lecture plan: ``| N. {doc} | time | {ref}`first` | {ref}`rest`, ... |``."""
    rows = ["| chapter | time (reading + running) | in class | homework |", "| --- | --- | --- | --- |"]
    for number, nb in enumerate(toc_chapters(root), start=1):
        info = chapter_info(nb)
        doc = Path(nb.relative_to(root)).with_suffix("")
        refs = [f"{{ref}}`{e['label']}`" if e["label"] else (e["title"] or "unlabelled")
                for e in info["exercises"]]
        rows.append(f"| {number}. {{doc}}`/{doc.as_posix()}` | {time_estimate(info) or '?'} | "
                    f"{refs[0] if refs else '-'} | {', '.join(refs[1:]) or '-'} |")
    return rows


class LecturePlan(SphinxDirective):
    """``{lecture-plan}``: a table, one row per chapter: time, exercises for class and homework.

    The first exercise of a chapter (a "compute" one) is suggested for class, the others
    (graded towards "prove") for homework.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = lecture_plan_rows(Path(self.env.srcdir))
        for nb in toc_chapters(Path(self.env.srcdir)):
            self.env.note_dependency(str(nb))
        # one table for the website and the PDF: exercise references print "Exercise 4.3" in
        # both (in LaTeX through book/_ext/latex_matter.py, ExerciseReferences)
        out = nodes.container(classes=["lecture-plan"])
        self.state.nested_parse(StringList(rows, source=self.env.docname), self.content_offset, out)
        return out.children


def setup(app: Sphinx) -> dict:
    app.add_directive("lecture-plan", LecturePlan)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
