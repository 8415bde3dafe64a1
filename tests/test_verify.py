import numpy as np
import pytest
import sympy as sp

from nnsym.verify import check_close, check_symbolic_zero, check_true


def test_check_close_passes_and_returns_margin(capsys):
    assert check_close("demo", [1.0, 2.0], [1.0, 2.0 + 1e-13], atol=1e-12) is None  # no echo in a cell
    assert executed_checks()[-1].error == pytest.approx(1e-13, rel=1e-3)
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


# --- hardened helpers: checks that cannot fail are refused -------------------------------

from nnsym.verify import executed_checks, parse_check_lines, reset_checks  # noqa: E402


@pytest.mark.parametrize("kwargs", [
    {"atol": float("inf")}, {"rtol": float("inf")}, {"atol": float("nan")},
    {"rtol": 1e300}, {"rtol": 1.0}, {"atol": -1e-3}, {"atol": 1e-3, "rtol": float("nan")},
    {"atol": "1e-3"}, {"atol": True},
])
def test_check_close_refuses_tolerances_that_cannot_fail(kwargs):
    # before hardening, atol=inf and rtol=1e300 printed PASS for any pair of finite values
    with pytest.raises(ValueError):
        check_close("tolerance", [1.0], [2.0], **kwargs)


def test_check_close_large_rtol_only_when_asked():
    with pytest.raises(ValueError, match="allow_large_rtol"):
        check_close("order of magnitude", [150.0], [100.0], rtol=2.0)
    check_close("order of magnitude", [150.0], [100.0], rtol=2.0, allow_large_rtol=True)
    with pytest.raises(AssertionError):
        check_close("order of magnitude", [350.0], [100.0], rtol=2.0, allow_large_rtol=True)


@pytest.mark.parametrize("actual, expected", [([], []), (np.zeros((0, 3)), np.zeros(3)), ([1.0], [])])
def test_check_close_refuses_empty_comparisons(actual, expected):
    with pytest.raises(ValueError, match="empty"):
        check_close("empty", actual, expected, atol=1e-12)


def test_check_close_refuses_a_value_compared_with_itself():
    x = np.linspace(0.0, 1.0, 5)
    with pytest.raises(ValueError, match="same object"):
        check_close("self", x, x, atol=1e-12)
    # an equal copy or one row against all rows (a view) is a real comparison
    check_close("copy", x, x.copy(), atol=1e-12)
    rows = np.ones((3, 4))
    check_close("rows vs first row", rows, rows[0], atol=1e-12)
    with pytest.raises(ValueError, match="same object"):
        values = [1.0, 2.0]
        check_close("same list", values, values, atol=1e-12)
    # two independently computed small ints are one cached object: not a self-comparison
    check_close("counts", len("abc"), int("3"), atol=0.5)


def test_check_close_nonfinite_values_fail():
    with pytest.raises(AssertionError):
        check_close("inf", [np.inf], [np.inf], atol=1.0)
    with pytest.raises(AssertionError):
        check_close("nan expected", [1.0], [np.nan], rtol=1e-3)


@pytest.mark.parametrize("condition", [float("nan"), "False", "True", 1, 0.0, None,
                                        np.array([True]), np.array([True, False]), [True]])
def test_check_true_needs_a_bool(condition):
    # before hardening, check_true("x", nan) and check_true("x", "False") printed PASS
    with pytest.raises(TypeError):
        check_true("not a bool", condition)


def test_check_true_accepts_numpy_bools():
    check_true("numpy bool", np.bool_(True))
    check_true("comparison", bool(np.all(np.arange(3) < 5)))
    with pytest.raises(AssertionError, match="numpy false"):
        check_true("numpy false", np.float64(1.0) > 2.0)


def test_check_labels_must_be_text():
    with pytest.raises(ValueError):
        check_true("", True)
    with pytest.raises(ValueError):
        check_close(None, [1.0], [1.0], atol=1.0)
    with pytest.raises(ValueError):
        check_true("two\nlines", True)


def test_records_and_printed_lines_round_trip(capsys):
    reset_checks()
    check_close("a: label with colons (1,2,1)", [1.0, 2.0], [1.0, 2.0 + 2e-13], atol=1e-12)
    check_true("b: sign flips change f", True, "max|diff| = 0.532")
    check_true("c", np.bool_(True))
    check_symbolic_zero("d: identity", sp.Integer(0))
    with pytest.raises(AssertionError):
        check_close("e", [1.0], [1.5], atol=1e-3)
    recorded = executed_checks()
    parsed = parse_check_lines(capsys.readouterr().out + "\nnot a check line\nPASSED tests\n")
    assert [r.label for r in recorded] == [r.label for r in parsed] == [
        "a: label with colons (1,2,1)", "b: sign flips change f", "c", "d: identity", "e"]
    assert [r.kind for r in parsed] == ["close", "true", "true", "symbolic", "close"]
    assert [r.passed for r in parsed] == [True, True, True, True, False]
    assert parsed[0].error == pytest.approx(2e-13, rel=1e-2)
    assert parsed[0].tolerance == pytest.approx(1e-12)
    assert parsed[0].margin == pytest.approx(5.0, rel=1e-2)
    assert recorded[0].margin == pytest.approx(5.0, rel=1e-2)
    assert parsed[1].detail == "max|diff| = 0.532" and parsed[1].margin is None
    assert parsed[4].margin == pytest.approx(1e-3 / 0.5)
    reset_checks()
    assert executed_checks() == ()


def test_exact_match_has_infinite_margin():
    reset_checks()
    check_close("exact", [1.0], [1.0], atol=1e-12)
    assert executed_checks()[0].margin == float("inf")


def test_checks_append_to_the_log_named_by_the_environment(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv("NNSYM_CHECK_LOG", str(log))
    check_true("logged", True)
    check_close("logged close", [1.0], [1.0], atol=1e-9)
    with pytest.raises(AssertionError):
        check_true("logged failure", False)
    import json

    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [(x["label"], x["passed"]) for x in lines] == [
        ("logged", True), ("logged close", True), ("logged failure", False)]
