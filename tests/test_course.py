"""Course features: every chapter states its objectives, prerequisites and time; the teachers'
page and the execution statistics are in the book."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import course  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for p in toc.get("parts", []) for c in p.get("chapters", [])]


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_states_objectives_prerequisites_and_time(nb):
    info = course.chapter_info(nb)
    assert info["admonition"], f"{nb.name}: no ':::{{admonition}} In this chapter' block"
    assert len(info["objectives"].split()) >= 10, \
        f"{nb.name}: the 'In this chapter' box needs a '**Learning objectives.**' paragraph or list"
    assert info["prerequisites"], f"{nb.name}: the 'In this chapter' box needs '**Prerequisites.**'"
    assert course.time_estimate(info), \
        f"{nb.name}: '**Time.**' must give a duration such as 'About 75 minutes', got {info['time']!r}"
    assert len(info["exercises"]) >= 3, f"{nb.name}: {len(info['exercises'])} exercises, >= 3 expected"
    assert all(e["label"] for e in info["exercises"]), \
        f"{nb.name}: every exercise needs a :label: (the lecture plan links to it)"


def test_chapter_info_reads_a_chapter(tmp_path):
    import json

    md = ("(ch-x)=\n# A title\n\n:::{admonition} In this chapter\n:class: tip\n\n"
          "**Learning objectives.** You can\n\n- do one thing;\n- do another.\n\n"
          "**Prerequisites.** {doc}`notation`.\n\n**Time.** About 45 minutes.\n:::\n\n"
          "::::{exercise} Warm-up\n:label: ex-a\n\nCompute.\n::::\n\n"
          "::::{exercise}\n:class: x\n:label: ex-b\n\nProve.\n::::\n")
    nb = {"cells": [{"cell_type": "markdown", "source": md, "metadata": {}}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "01_x.ipynb"
    path.write_text(json.dumps(nb))
    info = course.chapter_info(path)
    assert info["title"] == "A title"
    assert info["objectives"] == "You can - do one thing; - do another."
    assert info["prerequisites"] == "{doc}`notation`."
    assert course.time_estimate(info) == "45 minutes"
    assert info["exercises"] == [{"label": "ex-a", "title": "Warm-up"}, {"label": "ex-b", "title": ""}]


def test_chapter_without_the_box_is_reported(tmp_path):
    import json

    nb = {"cells": [{"cell_type": "markdown", "source": "# T\n\n**Time.** soon", "metadata": {}}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "02_y.ipynb"
    path.write_text(json.dumps(nb))
    info = course.chapter_info(path)
    assert info["admonition"] == "" and info["time"] == "" and course.time_estimate(info) == ""


@pytest.mark.parametrize("page,needle", [("book/teaching", "{lecture-plan}"),
                                         ("book/exec_stats", "{nb-exec-table}")])
def test_course_pages_are_in_the_book(page, needle):
    assert page in _toc_files(), f"{page} missing from _toc.yml"
    assert needle in (ROOT / f"{page}.md").read_text()
