"""Checks that print their margin and fail loudly.

Every derivation in the book ends with one of these: it prints the worst error
next to the tolerance, and raises ``AssertionError`` when the tolerance is
exceeded, so an executed notebook (and therefore the test suite) fails.

The helpers refuse checks that cannot fail (an infinite tolerance, a relative
tolerance of 100 % or more, an empty comparison, an array compared with itself,
a "condition" that is not a boolean). Each call prints one line,
``PASS label: max|diff| = 1.2e-15 (tolerance 1.0e-12)``, ``PASS label — detail``
or ``PASS label: simplifies to 0``, and appends a :class:`CheckRecord` to an
in-process list (:func:`executed_checks`). :func:`parse_check_lines` reads the
printed lines back: the verification ledger of the book (``book/verification.md``, built
by ``book/_ext/ledger.py``) is made from the executed notebooks with it. If the environment
variable ``NNSYM_CHECK_LOG`` names a file, each check also appends a JSON line to it (the
book build counts the calls of each chapter that way).
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CheckRecord",
    "check_close",
    "check_symbolic_zero",
    "check_true",
    "executed_checks",
    "parse_check_lines",
    "reset_checks",
]


@dataclass(frozen=True)
class CheckRecord:
    """One executed check: ``margin = tolerance / error`` (``inf`` for an exact match).

    ``kind`` is ``"close"``, ``"true"`` or ``"symbolic"``; ``error``, ``tolerance`` and
    ``margin`` are ``None`` for the kinds that have no tolerance.
    """

    kind: str
    label: str
    passed: bool
    error: float | None = None
    tolerance: float | None = None
    detail: str = ""

    @property
    def margin(self) -> float | None:
        """``tolerance / error``: how many times the error fits under the tolerance."""
        if self.error is None or self.tolerance is None:
            return None
        return math.inf if self.error == 0 else self.tolerance / self.error


_RECORDS: list[CheckRecord] = []

#: When this environment variable names a file, every check appends one JSON line to it.
CHECK_LOG_ENV = "NNSYM_CHECK_LOG"


def executed_checks() -> tuple[CheckRecord, ...]:
    """All checks run in this process since the last :func:`reset_checks`, in order."""
    return tuple(_RECORDS)


def reset_checks() -> None:
    """Forget the records returned by :func:`executed_checks`."""
    _RECORDS.clear()


def _emit(record: CheckRecord, line: str) -> None:
    _RECORDS.append(record)
    log = os.environ.get(CHECK_LOG_ENV)
    # set by the book build (book/_ext/ledger.py) for the kernel of each chapter
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(
                json.dumps(
                    {
                        "kind": record.kind,
                        "label": record.label,
                        "passed": record.passed,
                    }
                )
                + "\n"
            )
    print(line)


def _check_label(label: object) -> str:
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"a check needs a non-empty string label, got {label!r}")
    if "\n" in label:
        raise ValueError(f"a check label must fit on one line, got {label!r}")
    return label


def _check_tolerance(name: str, value: object) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(
            f"{name} must be finite and >= 0 (a check that cannot fail proves "
            f"nothing), got {value}"
        )
    return value


def check_close(
    label: str,
    actual,
    expected,
    *,
    atol: float = 0.0,
    rtol: float = 0.0,
    allow_large_rtol: bool = False,
) -> None:
    """Assert ``max |actual - expected| <= atol + rtol * max |expected|`` and print the margin.

    Parameters
    ----------
    label : str
        Names the claim; printed, recorded and quoted in the ``AssertionError``.
    actual, expected : array_like
        Broadcastable, non-empty; not the same array object (an array compared with
        itself cannot fail; scalars are exempt, since Python shares equal small ints).
    atol, rtol : float
        Finite, non-negative, not both zero. ``rtol >= 1`` (an error as large as the
        value itself passes) is refused unless ``allow_large_rtol=True``.
    allow_large_rtol : bool
        Accept ``rtol >= 1`` (order-of-magnitude statements).

    Returns nothing, so that a check ending a notebook cell echoes no stray number; the
    worst absolute error is in the record, ``executed_checks()[-1].error``.

    Raises
    ------
    ValueError
        Bad tolerance, empty or non-broadcastable inputs, ``actual is expected``.
    AssertionError
        If the bound is violated (or a value is not finite).
    """
    label = _check_label(label)
    atol = _check_tolerance("atol", atol)
    rtol = _check_tolerance("rtol", rtol)
    if atol == 0 and rtol == 0:
        raise ValueError(
            f"{label}: give a positive atol or rtol, got atol={atol}, rtol={rtol}"
        )
    if rtol >= 1 and not allow_large_rtol:
        raise ValueError(
            f"{label}: rtol={rtol} >= 1 lets an error as large as the value itself "
            "pass; tighten it or pass allow_large_rtol=True"
        )
    # Identity is only meaningful for arrays: equal small ints and interned floats are
    # often the same object even when computed independently.
    if actual is expected and not isinstance(actual, (int, float, complex, np.generic)):
        raise ValueError(
            f"{label}: actual and expected are the same object; a value compared with "
            "itself cannot fail"
        )
    a = np.asarray(actual, dtype=complex if np.iscomplexobj(actual) else float)
    e = np.asarray(expected, dtype=complex if np.iscomplexobj(expected) else float)
    try:
        with np.errstate(invalid="ignore", over="ignore"):
            diff = np.abs(a - e)
    except ValueError as err:
        raise ValueError(
            f"{label}: shapes {a.shape} and {e.shape} do not broadcast"
        ) from err
    if a.size == 0 or e.size == 0 or diff.size == 0:
        raise ValueError(
            f"{label}: empty comparison (shapes {a.shape} and {e.shape}) checks nothing"
        )
    finite = bool(np.all(np.isfinite(diff)))
    worst = float(np.max(diff)) if finite else math.nan
    scale = float(np.max(np.abs(e))) if bool(np.all(np.isfinite(e))) else math.nan
    tol = atol + rtol * scale if rtol else atol
    ok = finite and math.isfinite(tol) and worst <= tol
    status = "PASS" if ok else "FAIL"
    line = f"{status} {label}: max|diff| = {worst:.3e} (tolerance {tol:.1e})"
    _emit(CheckRecord("close", label, ok, worst, tol), line)
    if not ok:
        raise AssertionError(
            f"{label}: max|diff| = {worst:.3e} exceeds tolerance {tol:.1e}"
        )


def check_true(label: str, condition: bool, detail: str = "") -> None:
    """Assert ``condition is True`` (a Python or NumPy bool), printing ``PASS label — detail``.

    Raises
    ------
    TypeError
        If ``condition`` is not a ``bool`` / ``numpy.bool_`` (NaN, strings, arrays and
        SymPy relations are ambiguous: convert explicitly, e.g. ``bool(np.all(x < y))``).
    AssertionError
        If ``condition`` is false.
    """
    label = _check_label(label)
    if not isinstance(condition, (bool, np.bool_)):
        raise TypeError(
            f"{label}: check_true needs a bool or numpy.bool_, got "
            f"{type(condition).__name__} {condition!r:.60}; convert explicitly, e.g. "
            "bool(np.all(...))"
        )
    if not isinstance(detail, str):
        raise TypeError(
            f"{label}: detail must be a string, got {type(detail).__name__}"
        )
    ok = bool(condition)
    line = f"{'PASS' if ok else 'FAIL'} {label}" + (f" — {detail}" if detail else "")
    _emit(CheckRecord("true", label, ok, detail=detail), line)
    if not ok:
        raise AssertionError(
            f"{label}: {detail}" if detail else f"{label}: condition is False"
        )


def check_symbolic_zero(label: str, expr) -> None:
    """Assert that a SymPy expression simplifies to exactly zero (``simplify(expr) == 0``)."""
    # SymPy (0.3 s to import) for the one symbolic check, not for every chapter
    import sympy as sp

    label = _check_label(label)
    simplified = sp.simplify(expr)
    ok = bool(simplified == 0)
    text = " ".join(str(simplified).split())
    line = f"{'PASS' if ok else 'FAIL'} {label}: simplifies to {text}"
    _emit(CheckRecord("symbolic", label, ok, detail=f"simplifies to {text}"), line)
    if not ok:
        raise AssertionError(f"{label}: expression simplifies to {simplified}, not 0")


_CLOSE = re.compile(
    r"^(?P<status>PASS|FAIL) (?P<label>.+): max\|diff\| = (?P<error>\S+) \(tolerance "
    r"(?P<tol>\S+)\)$"
)
_SYMBOLIC = re.compile(
    r"^(?P<status>PASS|FAIL) (?P<label>.+?): simplifies to (?P<detail>.*)$"
)
_TRUE = re.compile(r"^(?P<status>PASS|FAIL) (?P<label>.+?)(?: — (?P<detail>.*))?$")


def parse_check_lines(text: str) -> list[CheckRecord]:
    """The :class:`CheckRecord` of every ``PASS``/``FAIL`` line printed by the helpers in ``text``.

    Inverse of the printing above (up to the printed precision of error and tolerance).
    A symbolic line is recognised by ``": simplifies to "``, a ``check_close`` line by
    its ``max|diff| = ... (tolerance ...)`` tail; any other ``PASS``/``FAIL`` line is a
    ``check_true`` line.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    records = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line.startswith(("PASS ", "FAIL ")):
            continue
        if m := _CLOSE.match(line):
            records.append(
                CheckRecord(
                    "close",
                    m["label"],
                    m["status"] == "PASS",
                    float(m["error"]),
                    float(m["tol"]),
                )
            )
        elif m := _SYMBOLIC.match(line):
            records.append(
                CheckRecord(
                    "symbolic",
                    m["label"],
                    m["status"] == "PASS",
                    detail=f"simplifies to {m['detail']}",
                )
            )
        elif m := _TRUE.match(line):
            records.append(
                CheckRecord(
                    "true", m["label"], m["status"] == "PASS", detail=m["detail"] or ""
                )
            )
    return records
