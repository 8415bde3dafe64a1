"""The remaining rows of issue 15: bad or huge input gets a clear ValueError, fast, never a hang.

(The rows of networks, training and fdim are in test_robustness.py, test_networks.py,
test_training.py and test_fdim.py; those of ridgelet in test_ridgelet.py; the symbolic
input of covering in test_covering.py.)
"""

import signal

import numpy as np
import pytest

import nnsym.counting as ct
import nnsym.covering as cv
import nnsym.fdim as fd
import nnsym.spectrum as spc
import nnsym.symmetry as sy
from nnsym.networks import init_mlp


@pytest.fixture(autouse=True)
def five_seconds():
    """Every call here must answer within 5 s: a refusal, not a hang."""
    def alarm(*_):
        raise TimeoutError("no answer within 5 s")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("shape", [(float("nan"), 3), (10**400, 3), (0, 3), (3,), (2.5, 3)])
def test_rank_tolerance_rejects_bad_shapes(shape):
    with pytest.raises(ValueError, match="shape"):
        fd.rank_tolerance(shape)


def test_count_equivalent_minima_refuses_astronomical_counts():
    with pytest.raises(ValueError, match="log10_equivalent_minima"):
        ct.count_equivalent_minima([10**6] * 5)
    assert ct.count_equivalent_minima([3, 2]) == 12  # unchanged below the cap


def test_orbit_size_expression_refuses_a_million_layers():
    with pytest.raises(ValueError, match="num_layers"):
        ct.orbit_size_expression(10**6)


def test_symmetry_group_refuses_huge_degrees():
    with pytest.raises(ValueError, match="MAX_GROUP_DEGREE"):
        ct.symmetry_group([10**6] * 5)


def test_fundamental_domain_fraction_refuses_a_trillion_samples():
    with pytest.raises(ValueError, match="n_samples"):
        cv.fundamental_domain_fraction((2, 3, 1), 10**12)


def test_enumerate_orbit_refuses_huge_groups_in_log_space():
    params = init_mlp((2, 1800, 1), "tanh", seed=0)
    with pytest.raises(ValueError, match="max_size"):
        next(iter(sy.enumerate_orbit(params)))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_spectrum_functions_reject_non_finite_input(bad):
    x = np.linspace(-1, 1, 5)
    a, b = np.ones(3), np.zeros(3)
    with pytest.raises(ValueError, match="x"):
        spc.feature_matrix(np.where(x > 0.9, bad, x), a, b, "tanh")
    M, y = np.eye(3), np.ones(3)
    with pytest.raises(ValueError, match="M"):
        spc.ridge_minimizer(np.where(M > 0.5, bad, M), y, 0.1)
    with pytest.raises(ValueError, match="y"):
        spc.ridge_minimizer(M, np.array([1.0, bad, 0.0]), 0.1)
    with pytest.raises(ValueError, match="u"):
        spc.spectrum_correlation(np.array([1.0, bad, 2.0]), np.arange(3.0))
