import numpy as np
import pytest
import sympy as sp

from nnsym.verify import check_close, check_symbolic_zero, check_true


def test_check_close_passes_and_returns_margin(capsys):
    worst = check_close("demo", [1.0, 2.0], [1.0, 2.0 + 1e-13], atol=1e-12)
    assert worst == pytest.approx(1e-13, rel=1e-3)
    assert "PASS demo" in capsys.readouterr().out


def test_check_close_fails_loudly():
    with pytest.raises(AssertionError, match="exceeds"):
        check_close("demo", [1.0], [1.1], atol=1e-3)
    with pytest.raises(AssertionError):
        check_close("nan", [np.nan], [0.0], atol=1.0)


def test_check_close_relative_and_bad_input():
    check_close("rel", [100.0], [100.5], rtol=1e-2)
    with pytest.raises(ValueError):
        check_close("no tol", [1.0], [1.0])
    with pytest.raises(ValueError):
        check_close("shapes", np.zeros(3), np.zeros(4), atol=1)


def test_check_true_and_symbolic():
    check_true("ok", True)
    with pytest.raises(AssertionError):
        check_true("bad", False, "detail")
    x = sp.Symbol("x")
    check_symbolic_zero("trig", sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1)
    with pytest.raises(AssertionError):
        check_symbolic_zero("nonzero", x)
