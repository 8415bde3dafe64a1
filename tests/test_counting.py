import math

import pytest
import sympy as sp

from nnsym.counting import (
    ARCHITECTURES,
    architecture_table,
    count_equivalent_minima,
    log10_equivalent_minima,
    orbit_size_expression,
    stirling_log_factorial,
    symmetry_group,
)


def test_small_counts():
    assert count_equivalent_minima((3, 2)) == 12
    assert count_equivalent_minima((3, 2), sign_flips=True) == 384
    assert count_equivalent_minima((1,)) == 1
    assert count_equivalent_minima((1,), sign_flips=True) == 2


@pytest.mark.parametrize("widths", [(5,), (3, 4), (10, 7, 2), (30, 30, 30)])
@pytest.mark.parametrize("flips", [False, True])
def test_log10_matches_exact(widths, flips):
    exact = count_equivalent_minima(widths, flips)
    assert log10_equivalent_minima(widths, flips) == pytest.approx(math.log10(exact), rel=1e-12)


def test_known_values():
    assert log10_equivalent_minima((30, 30, 30)) == pytest.approx(97.27, abs=0.01)
    assert log10_equivalent_minima((30, 30, 30), True) == pytest.approx(124.36, abs=0.01)


@pytest.mark.parametrize("bad", [(), (0,), (3, -1), (2.0,), None])
def test_bad_widths(bad):
    with pytest.raises(ValueError):
        count_equivalent_minima(bad)
    with pytest.raises(ValueError):
        log10_equivalent_minima(bad)


def test_symbolic_expression_evaluates_to_count():
    ns, expr = orbit_size_expression(3, sign_flips=True)
    assert all(n.is_integer and n.is_positive for n in ns)
    assert expr.subs(dict(zip(ns, (4, 2, 3)))) == count_equivalent_minima((4, 2, 3), True)
    with pytest.raises(ValueError):
        orbit_size_expression(0)


def test_stirling_is_asymptotic():
    n = sp.Symbol("n", positive=True)
    ratio = sp.limit(stirling_log_factorial(n) / sp.loggamma(n + 1), n, sp.oo)
    assert ratio == 1
    assert abs(float(stirling_log_factorial(sp.Integer(50))) - math.lgamma(51)) < 1 / (12 * 50) + 1e-9


def test_architecture_table_covers_all():
    rows = architecture_table()
    assert [r["name"] for r in rows] == list(ARCHITECTURES)
    for r in rows:
        widths = ARCHITECTURES[r["name"]]["widths"]
        exact = math.prod(math.factorial(n) for n in widths)  # exact integer reference
        assert r["log10_count"] == pytest.approx(math.log10(exact), rel=1e-12)
        if r["activation"] == "relu":  # ReLU has no sign-flip symmetry: no such column
            assert r["log10_count_sign_flips"] is None
        else:
            assert r["log10_count_sign_flips"] == pytest.approx(math.log10(exact * 2 ** sum(widths)), rel=1e-12)
    assert {r["name"]: r["activation"] for r in rows}["VGG-16"] == "relu"


@pytest.mark.parametrize("widths", [(1,), (2,), (3, 2), (4, 1, 3)])
@pytest.mark.parametrize("flips", [False, True])
def test_sympy_group_order_matches_closed_form(widths, flips):
    assert symmetry_group(widths, flips).order() == count_equivalent_minima(widths, flips)


def test_symmetry_group_bad_widths():
    with pytest.raises(ValueError):
        symmetry_group(())
