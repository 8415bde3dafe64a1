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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src" / "nnsym").rglob("*.py"))
LIMIT = 88


def docstring_lines(source: str) -> set[int]:
    """1-based line numbers that belong to a module, class or function docstring."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) or not body:
            continue
        first = body[0]
        if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def long_code_lines(source: str, limit: int = LIMIT) -> list[int]:
    """Line numbers of lines longer than ``limit`` characters outside docstrings."""
    doc = docstring_lines(source)
    return [i for i, line in enumerate(source.splitlines(), 1)
            if len(line) > limit and i not in doc]


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
