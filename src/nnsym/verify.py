"""Checks that print their margin and fail loudly.

Every derivation in the book ends with one of these: it prints the worst error
next to the tolerance, and raises ``AssertionError`` when the tolerance is
exceeded, so an executed notebook (and therefore the test suite) fails.

Used in: every chapter.
"""

from __future__ import annotations

import numpy as np

__all__ = ["check_close", "check_true", "check_symbolic_zero"]


def check_close(label: str, actual, expected, *, atol: float = 0.0, rtol: float = 0.0) -> float:
    """Assert ``max |actual - expected| <= atol + rtol * max |expected|`` and print the margin.

    Returns the worst absolute error.

    Raises
    ------
    ValueError
        If the shapes cannot be broadcast or both tolerances are zero.
    AssertionError
        If the bound is violated (or a value is not finite).
    """
    if atol < 0 or rtol < 0 or (atol == 0 and rtol == 0):
        raise ValueError(f"give a positive atol or rtol, got atol={atol}, rtol={rtol}")
    a = np.asarray(actual, dtype=complex if np.iscomplexobj(actual) else float)
    e = np.asarray(expected, dtype=complex if np.iscomplexobj(expected) else float)
    try:
        diff = np.abs(a - e)
    except ValueError as err:
        raise ValueError(f"{label}: shapes {a.shape} and {e.shape} do not broadcast") from err
    worst = float(np.max(diff)) if diff.size else 0.0
    scale = float(np.max(np.abs(e))) if e.size else 0.0
    tol = atol + rtol * scale
    ok = bool(np.all(np.isfinite(diff))) and worst <= tol
    print(f"{'PASS' if ok else 'FAIL'} {label}: max|diff| = {worst:.3e} (tolerance {tol:.1e})")
    if not ok:
        raise AssertionError(f"{label}: max|diff| = {worst:.3e} exceeds tolerance {tol:.1e}")
    return worst


def check_true(label: str, condition: bool, detail: str = "") -> None:
    """Assert a condition, printing ``PASS label`` or raising with ``detail``."""
    ok = bool(condition)
    print(f"{'PASS' if ok else 'FAIL'} {label}" + (f": {detail}" if detail else ""))
    if not ok:
        raise AssertionError(f"{label}: {detail}")


def check_symbolic_zero(label: str, expr) -> None:
    """Assert that a SymPy expression simplifies to exactly zero."""
    import sympy as sp

    simplified = sp.simplify(expr)
    ok = simplified == 0
    print(f"{'PASS' if ok else 'FAIL'} {label}: simplifies to {simplified}")
    if not ok:
        raise AssertionError(f"{label}: expression simplifies to {simplified}, not 0")
