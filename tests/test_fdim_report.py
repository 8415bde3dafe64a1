"""Tests of the certified rank report and the affine batch bound (nnsym.fdim, Chapter 2)."""

import numpy as np
import pytest
import sympy as sp
import torch
from hypothesis import given, settings, strategies as st

from nnsym.fdim import (
    RankReport,
    affine_dimension,
    batch_dimension_bound,
    batch_functional_dimension,
    functional_dimension_bound,
    jacobian,
    rank_report,
)
from nnsym.networks import forward, init_mlp, vector_to_params


def test_rank_report_sees_the_small_singular_values_the_gram_route_drops():
    # issue 18: on 1-D inputs the Gram route reported 107; the SVD rank is 110
    net = init_mlp((1, 64, 64, 1), "relu", seed=3)
    X = np.random.default_rng(4).normal(size=(300, 1))
    rep = rank_report(net, X)
    s = np.linalg.svd(jacobian(net, X).numpy(), compute_uv=False)
    tol = max(300, net.n_params) * np.finfo(float).eps
    assert rep.rank == int((s > tol * s[0]).sum()) == 110
    assert rep.sigma_r == pytest.approx(s[109] / s[0], rel=1e-6)
    assert rep.sigma_next == pytest.approx(s[110] / s[0], rel=0.5, abs=1e-15)
    assert rep.sigma_r > 1e4 * rep.rtol and rep.sigma_next < rep.rtol / 100
    assert rep.gap > 1e6 and rep.method == "svd"


def test_rank_report_equals_exact_rational_rank():
    rng = np.random.default_rng(7)
    net = vector_to_params(rng.choice([-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2], size=20), (2, 3, 2, 1), "relu")
    Z = rng.integers(-3, 4, size=(60, 2)).astype(float)
    Z = Z[np.all([np.all(z != 0, axis=1) for z in forward(net, Z, return_hidden=True)[1]], axis=0)][:16]
    exact = sp.Matrix(jacobian(net, Z).numpy().tolist()).applyfunc(sp.Rational).rank()
    assert rank_report(net, Z).rank == exact
    assert rank_report(net, Z, method="qr").rank == exact


def test_qr_route_matches_svd_route_on_tall_jacobian():
    net = init_mlp((2, 5, 5, 1), "relu", seed=0)
    X = np.random.default_rng(1).normal(size=(800, 2))
    a, b = rank_report(net, X, method="svd"), rank_report(net, X, method="qr")
    assert a.rank == b.rank <= functional_dimension_bound(net.widths)
    assert a.sigma_r == pytest.approx(b.sigma_r, rel=1e-8)


def test_full_rank_has_no_discarded_value():
    net = init_mlp((2, 4, 1), "tanh", seed=0)
    rep = rank_report(net, np.random.default_rng(0).normal(size=(200, 2)))
    assert rep.rank == net.n_params and rep.sigma_next == 0.0 and rep.gap == float("inf")


def test_float32_rtol_is_dtype_matched():
    net = init_mlp((5, 40, 2), "relu", seed=0)
    X = np.random.default_rng(0).normal(size=(300, 5))
    rep = rank_report(net, X, dtype=torch.float32)
    assert rep.rtol == pytest.approx(max(600, net.n_params) * np.finfo(np.float32).eps)
    assert isinstance(rep, RankReport)


@pytest.mark.parametrize("bad", [{"method": "gram"}, {"method": "auto"}, {"rtol": 0.0}, {"rtol": 1.5}])
def test_rank_report_refuses_uncertified_routes_and_bad_rtol(bad):
    net = init_mlp((2, 3, 1), "relu", seed=0)
    with pytest.raises(ValueError):
        rank_report(net, np.ones((4, 2)), **bad)


def test_affine_dimension_known_cases():
    rng = np.random.default_rng(0)
    assert affine_dimension(rng.normal(size=(50, 4))) == 4
    assert affine_dimension(np.ones((7, 3))) == 0
    assert affine_dimension(rng.normal(size=(1, 5))) == 0
    assert affine_dimension(rng.normal(size=(3, 5))) == 2  # 3 points span a plane
    line = np.array([1.0, -2.0, 0.5]) + rng.normal(size=(20, 1)) * np.array([0.3, 1.0, 2.0])
    assert affine_dimension(line) == 1
    X = rng.normal(size=(40, 6))
    X[:, 2] = 3.0  # a constant coordinate (like a constant pixel)
    X[:, 4] = 2 * X[:, 0] - X[:, 1] + 1  # an exact affine relation
    assert affine_dimension(X) == 4


@pytest.mark.parametrize("bad", [np.ones(5), np.ones((0, 3)), np.array([[1.0, np.nan]]), [["a", "b"]]])
def test_affine_dimension_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        affine_dimension(bad)


def test_batch_bound_is_the_plain_bound_on_generic_batches_and_drops_by_n1_per_lost_dimension():
    ws = (4, 6, 2)
    X = np.random.default_rng(2).normal(size=(400, 4))
    assert batch_dimension_bound(ws, X) == functional_dimension_bound(ws, 400) == 38
    X[:, 0] = 0.7
    assert batch_dimension_bound(ws, X) == 38 - 6
    X[:, 1] = 2 * X[:, 2] - 1
    assert batch_dimension_bound(ws, X) == 38 - 12
    assert batch_dimension_bound(ws, X[:3]) == min(38 - 6 * 2, 3 * 2)


def test_batch_bound_is_attained_where_the_plain_bound_is():
    # a network whose rank reaches P - N_h on generic inputs reaches the affine bound too
    ws = (4, 6, 2)
    net = init_mlp(ws, "relu", seed=1, weight_scale=1.4, bias_scale=0.5)
    X = np.random.default_rng(2).normal(size=(400, 4))
    assert rank_report(net, X).rank == functional_dimension_bound(ws)
    X[:, 0] = 0.7
    X[:, 1] = 2 * X[:, 2] - 1
    assert rank_report(net, X).rank == batch_dimension_bound(ws, X) == 26


@settings(max_examples=25, deadline=None)
@given(n_in=st.integers(2, 4), hidden=st.lists(st.integers(1, 5), min_size=1, max_size=2),
       n_out=st.integers(1, 2), k=st.integers(1, 3), n=st.integers(1, 60), seed=st.integers(0, 10_000))
def test_rank_never_exceeds_the_affine_batch_bound(n_in, hidden, n_out, k, n, seed):
    ws = (n_in, *hidden, n_out)
    net = init_mlp(ws, "relu", seed=seed, weight_scale=1.4, bias_scale=0.5)
    rng = np.random.default_rng(seed + 1)
    d = min(k, n_in)
    X = rng.normal(size=(n, d)) @ rng.normal(size=(d, n_in)) + rng.normal(size=n_in)
    bound = batch_dimension_bound(ws, X)
    assert bound <= functional_dimension_bound(ws, n)
    assert rank_report(net, X).rank <= bound
    assert batch_functional_dimension(net, X, method="svd") <= bound


def test_batch_bound_rejects_wrong_shape():
    with pytest.raises(ValueError):
        batch_dimension_bound((3, 4, 1), np.ones((5, 2)))
    with pytest.raises(ValueError):
        batch_dimension_bound((3,), np.ones((5, 3)))
