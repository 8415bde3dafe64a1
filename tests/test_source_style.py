"""The package source is laid out for the page: the chapters show its functions as listings.

``nnsym.listing`` prints a function's code (without its docstring) into a chapter, where the
text column holds about 88 characters of code at a 1400 px desktop width. So the package is
formatted by ruff like the chapters' code cells, and no line of code or comment is longer
than 88 characters (docstrings are never listed and may be longer).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import sitecheck
from nnsym.listing import _docstring_node

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src" / "nnsym").rglob("*.py"))
LIMIT = sitecheck.MAX_CODE_CHARS  # the width the browser test fits in the column


def docstring_lines(source: str) -> set[int]:
    """1-based line numbers of the docstrings that ``nnsym.listing`` leaves out."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if (doc := _docstring_node(node)) is not None:
            lines.update(range(doc.lineno, doc.end_lineno + 1))
    return lines


def long_code_lines(source: str, limit: int = LIMIT) -> list[int]:
    """Line numbers of lines longer than ``limit`` characters outside docstrings."""
    doc = docstring_lines(source)
    return [i for i, line in enumerate(source.splitlines(), 1)
            if len(line) > limit and i not in doc]


def test_the_column_width_is_ruffs_line_length():
    """ruff formats to the width the site's column is tested for (one number, not two)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["tool"]["ruff"]["line-length"] == LIMIT


def test_long_code_lines_detects_a_long_line_but_not_a_long_docstring():
    long_doc = 'def f():\n    """' + "d" * 100 + '"""\n    return 1\n'
    long_code = "x = 1  # " + "c" * 100 + "\n"
    assert long_code_lines(long_doc) == []
    assert long_code_lines(long_code) == [1]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_lines_fit_the_text_column(path: Path):
    bad = long_code_lines(path.read_text())
    assert not bad, (f"{path.relative_to(ROOT)}: lines {bad} are longer than {LIMIT} "
                     "characters (split the string or move the comment above the line)")


def test_source_is_formatted_by_ruff():
    """`ruff format src/` has been run (the same formatter and width as the chapters)."""
    out = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", "src"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
