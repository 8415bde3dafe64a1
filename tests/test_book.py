"""Checks of the book's structure: chapters in the TOC, committed without outputs."""

from pathlib import Path

import json
import re

import pytest
import yaml

import sitecheck

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return files


def test_there_are_chapters():
    assert CHAPTERS, "no chapter notebooks found in book/"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(nb):
    data = json.loads(nb.read_text())
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs", []) == [], f"{nb.name} cell {i} has outputs"
            assert cell.get("execution_count") is None, f"{nb.name} cell {i} has an execution count"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_in_toc_and_has_anatomy(nb):
    assert f"book/{nb.stem}" in _toc_files(), f"{nb.name} is missing from _toc.yml"
    text = nb.read_text()
    for needle in ("In this chapter", "prf:theorem", "exercise", "solution", "Summary"):
        assert needle in text, f"{nb.name} lacks {needle!r}"
    assert text.count(":class: dropdown") >= 3, f"{nb.name} needs >= 3 hidden solutions"


def test_toc_files_exist():
    for f in _toc_files():
        assert any((ROOT / f).with_suffix(s).exists() for s in (".md", ".ipynb")), f


def test_used_in_lines_agree_with_the_chapters():
    """The "Used in: Chapter N." lines of nnsym's docstrings are generated (scripts/used_in.py)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "used_in.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def fenced_code_lines(markdown: str) -> list[str]:
    """Lines inside fenced code blocks (```, ```python, ```{code-block} python), not {math}."""
    out: list[str] = []
    fence = None  # the open fence's backticks, and whether it holds code
    for line in markdown.splitlines():
        m = re.match(r"\s*(`{3,})(.*)$", line)
        if fence is None and m:
            info = m.group(2).strip()
            fence = (m.group(1), info in ("", "python", "py")
                     or re.fullmatch(r"\{code(-block|-cell)?\}\s*(python|py)?", info) is not None)
        elif fence is not None and m and m.group(1) == fence[0] and not m.group(2).strip():
            fence = None
        elif fence is not None and fence[1]:
            out.append(line)
    return out


def test_fenced_code_lines_skip_math_and_prose():
    md = "a\n```{math}\nx\n```\nprose\n```python\ncode\n```\n````{exercise}\ny\n````\n"
    assert fenced_code_lines(md) == ["code"]


def test_chapter_code_lines_fit_the_text_column():
    """No line of a code cell or of a fenced code block is longer than 88 characters.

    ruff formats code but does not split strings or comments; the website's code column holds
    88 characters at 1400 px (tests/test_site.py measures it), so longer lines scroll.
    """
    limit = sitecheck.MAX_CODE_CHARS
    too_long = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        for i, cell in enumerate(nb["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                lines = source.splitlines()
            else:
                lines = fenced_code_lines(source)
            too_long += [f"{path.name} cell {i}: {line.strip()[:60]}... ({len(line)})"
                         for line in lines if len(line) > limit]
    assert not too_long, f"lines longer than {limit} characters:\n" + "\n".join(too_long)


def test_chapter_code_is_formatted():
    """Code cells are formatted by ruff (lines <= 88 characters): run `ruff format book/*.ipynb`."""
    import subprocess
    import sys

    notebooks = [str(p) for p in sorted((ROOT / "book").glob("*.ipynb"))]
    out = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", *notebooks],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
