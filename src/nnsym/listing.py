"""Listings of package code for the book's pages: a function's source without its docstring.

The chapters show the few lines of ``nnsym`` that carry an argument. A ``{literalinclude}``
is dropped by JupyterLab and pastes the numpydoc docstring (raw ``:math:`` markup on the
page); :func:`function_listing` reads the source with :mod:`inspect` instead, so the listing
stays in sync with ``src/`` and renders wherever the notebook runs.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any, Callable

__all__ = ["function_listing", "listing_header", "show_function"]


def _docstring_node(node: ast.AST) -> ast.Expr | None:
    """The docstring statement of a module, class or function node, or ``None``."""
    body = getattr(node, "body", None)
    if (
        not isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        )
        or not body
    ):
        return None
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first
    return None


def _find(lines: list[str], marker: str, begin: int, what: str, name: str) -> int:
    for i in range(begin, len(lines)):
        if marker in lines[i]:
            return i
    raise ValueError(f"{what} marker {marker!r} not found in the body of {name}")


def function_listing(
    fn: Callable[..., Any], *, start: str | None = None, stop: str | None = None
) -> str:
    """Source of ``fn`` = ``inspect.getsource(fn)`` minus its docstring, optionally cut to a range.

    Parameters
    ----------
    fn
        A Python function (not a builtin, class or lambda stored in a variable).
    start
        If given, the body is shown from the first line (after the docstring) that contains
        this text; the skipped lines become one ``...  # N lines omitted`` line.
    stop
        If given, the body ends at the first line at or after ``start`` that contains this
        text (inclusive); the rest becomes one ``...  # N lines omitted`` line.

    Returns
    -------
    str
        The signature (with decorators) and the selected body lines, dedented.

    Raises
    ------
    ValueError
        If ``fn`` is not a function whose source can be read, or a marker is not found.
    """
    if not inspect.isfunction(fn):
        raise ValueError(
            f"function_listing expects a Python function, got {type(fn).__name__}"
        )
    name = getattr(fn, "__qualname__", repr(fn))
    if fn.__name__ == "<lambda>":
        raise ValueError("function_listing expects a named function, got a lambda")
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError) as exc:
        raise ValueError(f"no source available for {name}: {exc}") from exc
    lines = source.splitlines()
    tree = ast.parse(source).body[0]
    body_first = tree.body[0].lineno - 1  # type: ignore[attr-defined]
    header = lines[:body_first]
    doc = _docstring_node(tree)
    if doc is not None:
        body = lines[doc.end_lineno :]
    else:
        body = lines[body_first:]
    if not body:  # a function that is only a docstring
        body = ["    ..."]
    indent = body[0][: len(body[0]) - len(body[0].lstrip())]
    lo, hi = 0, len(body)
    if start is not None:
        lo = _find(body, start, 0, "start", name)
    if stop is not None:
        hi = _find(body, stop, lo, "stop", name) + 1
    shown = list(header)
    if lo > 0:
        shown.append(f"{indent}...  # {lo} lines omitted")
    shown.extend(body[lo:hi])
    if hi < len(body):
        shown.append(f"{indent}...  # {len(body) - hi} lines omitted")
    return "\n".join(shown) + "\n"


def show_function(
    fn: Callable[..., Any], *, start: str | None = None, stop: str | None = None
) -> Any:
    """Display object ``Code(listing_header(fn) + function_listing(fn, start, stop))``.

    Parameters
    ----------
    fn, start, stop
        As in :func:`function_listing`.

    Returns
    -------
    IPython.display.Code
        Syntax-highlighted Python, rendered by Jupyter Book and JupyterLab alike.

    Raises
    ------
    ValueError
        As :func:`function_listing`.
    """
    # IPython is no dependency of nnsym: imported where a notebook asks for a listing
    from IPython.display import Code

    return Code(
        listing_header(fn) + function_listing(fn, start=start, stop=stop),
        language="python",
    )


def listing_header(fn: Callable[..., Any]) -> str:
    """Comment line ``# full source: src/<package path>, <qualname> (docstring left out)``.

    Parameters
    ----------
    fn
        A Python function.

    Returns
    -------
    str
        One comment line ending in a newline; the path is relative to the ``src`` folder
        when the module lives in one, else the module's dotted name is used.

    Raises
    ------
    ValueError
        If ``fn`` is not a Python function.
    """
    if not inspect.isfunction(fn):
        raise ValueError(
            f"listing_header expects a Python function, got {type(fn).__name__}"
        )
    path = (inspect.getsourcefile(fn) or "").replace("\\", "/")
    if "/src/" in path:
        where = "src/" + path.rsplit("/src/", 1)[1]
    else:
        where = f"module {fn.__module__}"
    return f"# full source: {where}, {fn.__qualname__} (docstring left out)\n"
