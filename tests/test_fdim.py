import numpy as np
import pytest
import sympy as sp
import torch
from hypothesis import given, settings, strategies as st

from nnsym.fdim import (
    activation_patterns,
    batch_functional_dimension,
    certified_matrix_rank,
    certified_rank,
    estimate_full_functional_dimension,
    functional_dimension_bound,
    jacobian,
    jacobian_gram,
    jacobian_singular_values,
    rank_tolerance,
    rescaling_kernel_vectors,
)
from nnsym.networks import MLPParams, count_params, forward, init_mlp, params_to_vector, vector_to_params
from nnsym.symmetry import random_symmetry


def _autograd_jacobian(params: MLPParams, X: np.ndarray) -> np.ndarray:
    """Reference: torch.func.jacrev of theta -> f_theta(X) flattened sample-major, float64."""
    ws, act = params.widths, params.activation
    acts = {"relu": torch.relu, "tanh": torch.tanh, "identity": lambda z: z}
    Xt = torch.as_tensor(X, dtype=torch.float64)

    def f(theta):
        h, i = Xt, 0
        for l in range(1, len(ws)):
            W = theta[i : i + ws[l] * ws[l - 1]].reshape(ws[l], ws[l - 1])
            i += ws[l] * ws[l - 1]
            b = theta[i : i + ws[l]]
            i += ws[l]
            h = h @ W.T + b
            if l < len(ws) - 1:
                h = acts[act](h)
        return h.reshape(-1)

    theta = torch.as_tensor(params_to_vector(params), dtype=torch.float64)
    return torch.func.jacrev(f)(theta).numpy()


widths_st = st.lists(st.integers(1, 5), min_size=1, max_size=3)


@settings(max_examples=30, deadline=None)
@given(hidden=widths_st, n_in=st.integers(1, 4), n_out=st.integers(1, 3), n=st.integers(1, 12),
       act=st.sampled_from(["relu", "tanh", "identity"]), seed=st.integers(0, 10_000))
def test_jacobian_matches_autograd(hidden, n_in, n_out, n, act, seed):
    p = init_mlp((n_in, *hidden, n_out), act, seed=seed)
    X = np.random.default_rng(seed + 1).normal(size=(n, n_in))
    J = jacobian(p, X).numpy()
    assert J.shape == (n * n_out, p.n_params)
    np.testing.assert_allclose(J, _autograd_jacobian(p, X), atol=1e-12, rtol=1e-12)


@settings(max_examples=20, deadline=None)
@given(hidden=widths_st, n=st.integers(1, 15), seed=st.integers(0, 10_000))
def test_gram_matrix_is_J_JT(hidden, n, seed):
    p = init_mlp((3, *hidden, 2), "relu", seed=seed)
    X = np.random.default_rng(seed).normal(size=(n, 3))
    J = jacobian(p, X)
    np.testing.assert_allclose(jacobian_gram(p, X).numpy(), (J @ J.T).numpy(), atol=1e-12, rtol=1e-10)


def test_float32_jacobian_close_to_float64():
    p = init_mlp((4, 6, 3), "relu", seed=3)
    X = np.random.default_rng(0).normal(size=(10, 4))
    J32 = jacobian(p, X, dtype=torch.float32)
    assert J32.dtype == torch.float32
    np.testing.assert_allclose(J32.numpy(), jacobian(p, X).numpy(), atol=1e-5)


def test_activation_patterns_match_preactivations():
    p = init_mlp((3, 5, 4, 2), "relu", seed=0)
    X = np.random.default_rng(0).normal(size=(9, 3))
    _, pre = forward(p, X, return_hidden=True)
    pats = activation_patterns(p, X)
    assert [a.shape for a in pats] == [(9, 5), (9, 4)]
    for a, z in zip(pats, pre):
        assert a.dtype == bool and np.array_equal(a, z > 0)


def _sympy_exact_rank(params: MLPParams, X) -> int:
    """Independent ground truth: symbolic ReLU network, differentiated by SymPy, evaluated exactly."""
    ws = params.widths
    syms = sp.symbols(f"t0:{params.n_params}")
    values = dict(zip(syms, [sp.Rational(v).limit_denominator(64) for v in params_to_vector(params)]))
    rows = []
    for x in X:
        h, i = [sp.Integer(int(v)) for v in x], 0
        for l in range(1, len(ws)):
            z = []
            for r in range(ws[l]):
                z.append(sum(syms[i + r * ws[l - 1] + c] * h[c] for c in range(ws[l - 1])) + syms[i + ws[l] * ws[l - 1] + r])
            i += ws[l] * (ws[l - 1] + 1)
            h = [sp.Max(0, zz) for zz in z] if l < len(ws) - 1 else z
        for out in h:
            rows.append([sp.diff(out, t).subs(values) for t in syms])
    M = sp.Matrix(rows)
    assert all(e.is_Rational for e in M), "the exact Jacobian should be rational"
    return M.rank()


def test_exact_rank_equals_sympy_rank_on_rational_network():
    rng = np.random.default_rng(7)
    ws = (2, 3, 2, 1)
    # dyadic rationals and integer inputs: every float64 operation below is exact
    theta = rng.integers(-8, 9, size=count_params(ws)) / 4.0
    theta[theta == 0] = 0.5
    p = vector_to_params(theta, ws, "relu")
    X = rng.integers(-3, 4, size=(80, 2)).astype(float)
    # keep inputs with no pre-activation exactly zero (ReLU is not differentiable there)
    keep = np.all([np.all(z != 0, axis=1) for z in forward(p, X, return_hidden=True)[1]], axis=0)
    X = X[keep][:18]
    assert len(X) == 18
    exact = _sympy_exact_rank(p, X)
    assert exact <= functional_dimension_bound(ws, len(X))
    for method in ("svd", "gram", "qr", "certified", "auto"):
        assert batch_functional_dimension(p, X, method=method) == exact


@settings(max_examples=25, deadline=None)
@given(hidden=widths_st, n=st.integers(1, 40), seed=st.integers(0, 10_000), log_range=st.floats(0.0, 2.0))
def test_rank_invariant_under_symmetries_and_bounded(hidden, n, seed, log_range):
    ws = (3, *hidden, 2)
    p = init_mlp(ws, "relu", seed=seed)
    X = np.random.default_rng(seed + 5).normal(size=(n, 3))
    r = batch_functional_dimension(p, X)
    q = random_symmetry(p, seed=seed + 1, permute=True, rescale=True, log_scale_range=log_range)
    assert batch_functional_dimension(q, X) == r
    assert r <= functional_dimension_bound(ws, n)
    assert batch_functional_dimension(p, X, method="svd") == r


@pytest.mark.parametrize("ws", [(2, 6, 1), (3, 5, 2)])
def test_bound_is_attained_by_one_hidden_layer_networks(ws):
    # Gaussian inputs charge both sides of every unit's hyperplane
    p = init_mlp(ws, "relu", seed=1, bias_scale=0.5)
    est = estimate_full_functional_dimension(p, [2, 8, 32, 1024], seed=0)
    assert list(est.ranks) == sorted(est.ranks)
    assert est.estimate == est.bound == functional_dimension_bound(ws)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_full_dimension_estimate_is_monotone_and_bounded(seed):
    p = init_mlp((2, 6, 5, 2), "relu", seed=seed, weight_scale=2**0.5)
    est = estimate_full_functional_dimension(p, [4, 16, 64, 256], seed=seed)
    assert list(est.ranks) == sorted(est.ranks)
    assert est.ranks == estimate_full_functional_dimension(p, [4, 16, 64, 256], seed=seed, method="svd").ranks
    assert est.estimate <= est.bound == 54


def test_rescaling_vectors_span_a_kernel_of_dimension_hidden_units():
    p = init_mlp((3, 4, 5, 2), "relu", seed=2)
    K = rescaling_kernel_vectors(p)
    assert K.shape == (9, p.n_params)
    assert np.linalg.matrix_rank(K) == 9
    X = np.random.default_rng(1).normal(size=(50, 3))
    assert np.max(np.abs(jacobian(p, X).numpy() @ K.T)) < 1e-12


def test_dead_unit_lowers_rank_to_that_of_the_pruned_network():
    ws = (3, 5, 4, 2)
    p = init_mlp(ws, "relu", seed=4, bias_scale=0.5)
    X = np.random.default_rng(3).normal(size=(300, 3))
    r = batch_functional_dimension(p, X)
    b1 = p.biases[0].copy()
    b1[0] = -1e3  # unit 1 of layer 1 never fires on X
    dead = MLPParams((p.weights[0], p.weights[1], p.weights[2]), (b1, p.biases[1], p.biases[2]), "relu")
    assert not activation_patterns(dead, X)[0][:, 0].any()
    r_dead = batch_functional_dimension(dead, X)
    pruned = MLPParams((p.weights[0][1:], p.weights[1][:, 1:], p.weights[2]), (p.biases[0][1:], p.biases[1], p.biases[2]), "relu")
    assert r_dead < r
    assert r_dead == batch_functional_dimension(pruned, X)


def test_singular_values_routes_agree_and_show_the_gap():
    p = init_mlp((2, 8, 8, 1), "relu", seed=0)
    X = np.random.default_rng(0).normal(size=(400, 2))
    s_svd = jacobian_singular_values(p, X)
    s_gram = jacobian_singular_values(p, X, method="gram")
    s_qr = jacobian_singular_values(p, X, method="qr", chunk_size=37)
    assert s_svd.shape == s_gram.shape == s_qr.shape == (min(400, p.n_params),)
    r = batch_functional_dimension(p, X)
    assert r == batch_functional_dimension(p, X, method="qr", chunk_size=10) == batch_functional_dimension(p, X, method="svd")
    np.testing.assert_allclose(s_gram[:r], s_svd[:r], rtol=1e-6)
    np.testing.assert_allclose(s_qr, s_svd, rtol=1e-10, atol=1e-13 * s_svd[0])
    assert s_svd[r] / s_svd[0] < 1e-12 < s_svd[r - 1] / s_svd[0]


def test_float32_jacobian_overcounts_with_a_float64_tolerance():
    p = init_mlp((5, 40, 2), "relu", seed=0)
    X = np.random.default_rng(0).normal(size=(2000, 5))
    bound = functional_dimension_bound(p.widths)
    assert batch_functional_dimension(p, X) == bound
    J32 = jacobian(p, X, dtype=torch.float32).double()
    s = torch.linalg.svdvals(J32)
    tol64 = rank_tolerance(J32.shape, torch.float64)
    assert int((s > tol64 * s[0]).sum()) > bound
    assert batch_functional_dimension(p, X, dtype=torch.float32, method="svd") == bound


def test_functional_dimension_bound_values():
    assert functional_dimension_bound((2, 4, 4, 1)) == 37 - 8
    assert functional_dimension_bound((3, 6, 6, 2)) == 80 - 12
    assert functional_dimension_bound((5, 8, 8, 8, 3)) == 219 - 24
    assert functional_dimension_bound((3, 2)) == 8
    assert functional_dimension_bound((3, 6, 6, 2), n_samples=5) == 10


@pytest.mark.parametrize("widths", [(3,), (), (3, 0, 2), (3, -1, 2), (3, 2.5, 1), "abc", None])
def test_bound_rejects_bad_widths(widths):
    with pytest.raises(ValueError):
        functional_dimension_bound(widths)


def test_bad_inputs_raise():
    p = init_mlp((3, 4, 2), "relu", seed=0)
    X = np.zeros((5, 3))
    with pytest.raises(ValueError):
        jacobian(p, np.zeros((5, 4)))
    with pytest.raises(ValueError):
        jacobian(p, np.zeros(3))
    with pytest.raises(ValueError):
        jacobian(p, np.zeros((0, 3)))
    with pytest.raises(ValueError):
        jacobian(p, np.full((2, 3), np.nan))
    with pytest.raises(ValueError):
        jacobian(p, X, dtype=torch.int64)
    with pytest.raises(ValueError):
        jacobian("not a network", X)
    with pytest.raises(ValueError):
        activation_patterns(p, np.zeros((5, 2)))
    for rtol in (0.0, -1e-3, 1.0):
        with pytest.raises(ValueError):
            batch_functional_dimension(p, X, rtol=rtol)
    with pytest.raises(ValueError):
        batch_functional_dimension(p, X, method="lu")
    with pytest.raises(ValueError):
        batch_functional_dimension(p, X, method="gram", rtol=1e-14)
    with pytest.raises(ValueError):
        functional_dimension_bound((3, 4, 2), n_samples=0)
    with pytest.raises(ValueError):
        estimate_full_functional_dimension(p, [])
    with pytest.raises(ValueError):
        estimate_full_functional_dimension(p, [10, 0])
    with pytest.raises(ValueError):
        estimate_full_functional_dimension(p, [10], scale=0.0)
    with pytest.raises(ValueError):
        rank_tolerance((0, 5))
    with pytest.raises(ValueError):
        jacobian_singular_values(p, X, method="auto")
    with pytest.raises(ValueError):
        rank_tolerance((3, 5), method="lu")


def _svd_rank(J: torch.Tensor, rtol: float | None = None) -> int:
    s = torch.linalg.svdvals(J)
    tau = rtol if rtol is not None else rank_tolerance(J.shape)
    return int((s > tau * s[0]).sum())


# The two networks of issue 18: low-dimensional inputs give genuine singular values far below
# what the Gram route resolves (sigma_r / sigma_1 ~ 1e-6 and 1.6e-7), with a clean gap below them.
ISSUE18_CASES = [((2, 96, 96, 1), 500, 491), ((1, 64, 64, 1), 300, 110)]


@pytest.mark.parametrize("widths, n, svd_rank", ISSUE18_CASES)
def test_auto_returns_the_svd_rank_where_the_gram_route_undercounts(widths, n, svd_rank):
    p = init_mlp(widths, "relu", seed=3)
    X = np.random.default_rng(4).normal(size=(n, widths[0]))
    assert batch_functional_dimension(p, X, method="svd") == svd_rank
    cert = certified_rank(p, X)
    assert cert.rank == svd_rank and cert.path in ("gram+resolve", "svd-fallback")
    assert cert.sigma_ratios[0] > 1e3 * cert.rtol and cert.sigma_ratios[1] < cert.rtol  # the clean gap
    assert batch_functional_dimension(p, X) == svd_rank  # auto picks the certified route (m <= P)
    assert batch_functional_dimension(p, X, method="certified", chunk_size=37) == svd_rank
    # the uncertified Gram route is kept, and is wrong here: that is why it is not the default
    assert batch_functional_dimension(p, X, method="gram") < svd_rank


def test_gram_route_squares_its_threshold():
    # Full-rank 6 x 13 tanh Jacobian whose smallest singular value is sigma_6 / sigma_1 ~ 2e-4:
    # with rtol = 1e-6 it counts (2e-4 > 1e-6), and the Gram route must keep it by comparing
    # the eigenvalues sigma^2 of J J^T with rtol^2 lambda_max; a threshold rtol lambda_max
    # (not squared) keeps only sigma / sigma_1 > 1e-3 and returns 4.
    p = init_mlp((2, 3, 1), "tanh", seed=0)
    X = np.random.default_rng(0).normal(size=(6, 2)) * 0.3
    s = torch.linalg.svdvals(jacobian(p, X, dtype=torch.float64)).numpy()
    ratios = s / s[0]
    assert len(ratios) == 6 and 1e-5 < ratios[-1] < 1e-3  # the premise of the test
    assert int((ratios > 1e-3).sum()) == 4
    assert batch_functional_dimension(p, X, method="svd", rtol=1e-6) == 6
    assert batch_functional_dimension(p, X, method="gram", rtol=1e-6) == 6


def _constructed(m: int, P: int, values: list[float], seed: int = 0) -> torch.Tensor:
    """``U diag(values) W^T`` with Haar-random orthonormal U (m x m) and W (P x m)."""
    g = torch.Generator().manual_seed(seed)
    U, _ = torch.linalg.qr(torch.randn(m, m, generator=g, dtype=torch.float64))
    W, _ = torch.linalg.qr(torch.randn(P, m, generator=g, dtype=torch.float64))
    s = torch.zeros(m, dtype=torch.float64)
    s[: len(values)] = torch.tensor(values, dtype=torch.float64)
    return (U * s) @ W.T


@pytest.mark.parametrize("placed", [1e-4, 1e-8, 1e-12])
def test_certified_rank_on_constructed_jacobians_with_a_clean_gap(placed):
    # 99 singular values spread over [1e-3, 1], one placed at `placed`, then exact zeros
    values = list(np.logspace(0, -3, 99)) + [placed]
    J = _constructed(150, 700, values)
    expected = 100 if placed > rank_tolerance(J.shape) else 99
    assert _svd_rank(J) == expected
    cert = certified_matrix_rank(J)
    assert cert.rank == expected
    assert certified_matrix_rank(J.T).rank == expected  # tall input: same singular values


def test_certificate_paths_below_inside_and_above_the_ambiguous_band():
    base = list(np.logspace(0, -2, 60))
    probe = certified_matrix_rank(_constructed(120, 500, base + [1e-6]))
    tau, tau_hi = probe.band
    assert probe.path == "gram+resolve" and tau_hi > 10 * tau
    cases = {
        "above": (3 * tau_hi, 61, "gram+resolve"),
        "inside": ((tau * tau_hi) ** 0.5, 61, "svd-fallback"),
        "below": (tau / 3, 60, "gram+resolve"),
    }
    for name, (value, expected, path) in cases.items():
        J = _constructed(120, 500, base + [value])
        cert = certified_matrix_rank(J)
        assert _svd_rank(J) == expected, name
        assert (cert.rank, cert.path) == (expected, path), name


def test_full_row_rank_is_certified_by_the_gram_matrix_alone():
    J = _constructed(50, 400, list(np.logspace(0, -1, 50)))
    cert = certified_matrix_rank(J)
    assert (cert.rank, cert.path, cert.n_resolved) == (50, "gram", 0)
    assert certified_matrix_rank(torch.zeros(4, 9, dtype=torch.float64)).rank == 0


@settings(max_examples=25, deadline=None)
@given(n_in=st.integers(1, 3), hidden=st.lists(st.integers(2, 12), min_size=1, max_size=3),
       n=st.integers(2, 60), seed=st.integers(0, 10_000), bias_scale=st.sampled_from([0.0, 0.5, 2.0]))
def test_auto_equals_the_svd_rank_on_low_dimensional_inputs(n_in, hidden, n, seed, bias_scale):
    p = init_mlp((n_in, *hidden, 1), "relu", seed=seed, bias_scale=bias_scale)
    X = np.random.default_rng(seed + 1).normal(size=(n, n_in))
    r_svd = _svd_rank(jacobian(p, X))
    assert batch_functional_dimension(p, X) == r_svd
    assert certified_rank(p, X).rank == r_svd


@pytest.mark.parametrize("chunk_size", [0, -5, 2.5, True])
def test_bad_chunk_size_raises(chunk_size):
    p = init_mlp((3, 4, 2), "relu", seed=0)
    X = np.random.default_rng(0).normal(size=(40, 3))
    for method in ("qr", "gram", "certified"):
        with pytest.raises(ValueError, match="chunk_size"):
            batch_functional_dimension(p, X, method=method, chunk_size=chunk_size)
    with pytest.raises(ValueError, match="chunk_size"):
        jacobian_singular_values(p, X, method="qr", chunk_size=chunk_size)


def test_certified_matrix_rank_rejects_bad_input():
    for bad in (np.zeros((3, 4)), torch.zeros(3), torch.zeros(0, 4), torch.zeros(3, 4, dtype=torch.int64),
                torch.full((2, 3), float("nan"))):
        with pytest.raises(ValueError):
            certified_matrix_rank(bad)
    with pytest.raises(ValueError):
        certified_matrix_rank(torch.ones(2, 3, dtype=torch.float64), rtol=1.5)


def test_zero_network_moves_only_through_the_output_bias():
    p = MLPParams((np.zeros((3, 2)), np.zeros((1, 3))), (np.zeros(3), np.zeros(1)), "relu")
    X = np.random.default_rng(0).normal(size=(6, 2))
    # all pre-activations are 0, so sigma'(0) = 0: only the output bias moves f
    assert batch_functional_dimension(p, X) == 1


# ----------------------------------------------------------------- issue 15: refuse before allocating

BIG = (784, 1000, 1000, 10)  # P = 1_796_010


def _big_batch(n=10**5, n_in=784):
    """A (n, n_in) float64 batch that occupies no memory (stride 0): the refusal must come from the shape."""
    return np.broadcast_to(np.zeros(n_in), (n, n_in))


@pytest.fixture(scope="module")
def big_net():
    return init_mlp(BIG, "relu", seed=0)


def _refused_fast(call, pattern):
    import time

    t0 = time.process_time()
    with pytest.raises(ValueError, match=pattern) as info:
        call()
    assert time.process_time() - t0 < 0.5, "the refusal must come before any work of size n"
    assert "refused before allocating" in str(info.value) and "Way out" in str(info.value)
    return str(info.value)


@pytest.mark.parametrize(
    "name, call, pattern",
    [
        ("jacobian", lambda p, X: jacobian(p, X), r"jacobian \(route 'jacobian'.*about 13\.1 TiB.*method='qr'"),
        ("bfd auto", lambda p, X: batch_functional_dimension(p, X), r"route 'certified'.*50\.9 TiB.*n=875 samples"),
        ("bfd svd", lambda p, X: batch_functional_dimension(p, X, method="svd"), r"route 'svd'.*26\.2 TiB"),
        ("bfd qr", lambda p, X: batch_functional_dimension(p, X, method="qr", chunk_size=10), r"route 'qr'.*chunk_size"),
        ("bfd gram", lambda p, X: batch_functional_dimension(p, X, method="gram"), r"route 'gram'"),
        ("gram", lambda p, X: jacobian_gram(p, X), r"jacobian_gram.*40\.8 TiB.*n=954 samples"),
        ("singular values", lambda p, X: jacobian_singular_values(p, X), r"route 'svd'"),
        ("certified", lambda p, X: certified_rank(p, X), r"certified_rank \(route 'certified'"),
        ("patterns", lambda p, X: activation_patterns(p, X), r"activation_patterns.*5\.\d GiB"),
    ],
)
def test_issue15_big_network_with_1e5_samples_is_refused_before_allocating(big_net, name, call, pattern):
    _refused_fast(lambda: call(big_net, _big_batch()), pattern)


def test_issue15_rescaling_kernel_vectors_of_the_big_network_is_refused_before_allocating(big_net):
    _refused_fast(lambda: rescaling_kernel_vectors(big_net), r"2000 x 1796010 .*about 26\.8 GiB")


def test_issue15_estimate_full_functional_dimension_with_huge_sizes_is_refused():
    _refused_fast(lambda: estimate_full_functional_dimension(init_mlp((3, 4, 1), "relu"), [10**9]), "Gaussian inputs")


def test_issue15_the_suggested_batch_is_the_largest_that_fits(big_net):
    import re

    from nnsym.fdim import route_memory
    from nnsym.limits import max_bytes

    msg = _refused_fast(lambda: jacobian(big_net, _big_batch()), "jacobian")
    n_fit = int(re.search(r"at most n=(\d+) samples fits", msg).group(1))
    assert route_memory(BIG, n_fit, "jacobian") <= max_bytes() < route_memory(BIG, n_fit + 1, "jacobian")


def test_issue15_route_memory_matches_the_hand_formula():
    from nnsym.fdim import route_memory

    ws, n = (3, 4, 5, 2), 7
    P, m = count_params(ws), n * 2
    F = 8 * n * (3 + (4 + 5 + 6) + (2 + 2) * (4 + 5))
    assert route_memory(ws, n, "jacobian") == F + 8 * m * P
    assert route_memory(ws, n, "svd") == F + 16 * m * P
    assert route_memory(ws, n, "jacobian_gram") == F + 8 * (n * m + 11 * m * m // 2)
    k = min(m, P)
    assert route_memory(ws, n, "qr", chunk_size=3) == 8 * 3 * (3 + 15 + 4 * 9) + 8 * (5 * k * P + 3 * 6 * P)
    assert route_memory(ws, n, "jacobian", dtype=torch.float32) == (F + 8 * m * P) // 2
    for bad in [dict(n=0), dict(route="lu"), dict(chunk_size=-5), dict(dtype=torch.int64)]:
        kw = {"widths": ws, "n": n, "route": "qr", **bad}
        with pytest.raises(ValueError):
            route_memory(**kw)


def test_issue15_limit_follows_the_environment_and_the_streaming_route_is_the_way_out(monkeypatch):
    p = init_mlp((2, 8, 8, 1), "relu", seed=0)
    X = np.random.default_rng(0).normal(size=(20000, 2))
    svd_rank = batch_functional_dimension(p, X, method="svd")  # J is 20000 x 105: 17 MB
    monkeypatch.setenv("NNSYM_MAX_BYTES", str(8 * 2**20))  # 8 MiB
    with pytest.raises(ValueError, match=r"route 'svd'.*above the memory limit of 8\.0 MiB.*method='qr'"):
        batch_functional_dimension(p, X, method="svd")
    with pytest.raises(ValueError, match="route 'jacobian'"):
        jacobian(p, X)
    assert batch_functional_dimension(p, X, method="qr", chunk_size=1000) == svd_rank
    assert batch_functional_dimension(p, X, chunk_size=1000) == svd_rank == 69


def test_issue15_certified_route_checks_the_projection_when_it_is_taken(monkeypatch):
    # every hidden unit dead: J has rank n_L = 1, the Gram matrix certifies one direction and
    # the certified route has to resolve the other m - 1 = 49 on J itself (49 x 10401 numbers)
    wide = init_mlp((50, 200, 1), "relu", seed=0)
    dead = MLPParams(wide.weights, (np.full(200, -1e3), wide.biases[1]), "relu")
    X = np.random.default_rng(1).normal(size=(50, 50))
    assert certified_rank(dead, X).rank == 1
    monkeypatch.setenv("NNSYM_MAX_BYTES", str(2 * 2**20))
    with pytest.raises(ValueError, match="resolving 49 directions on J"):
        certified_rank(dead, X)
    J = torch.zeros(10, 100000, dtype=torch.float64)
    J[:, 0] = 1.0
    with pytest.raises(ValueError, match="certified_matrix_rank: resolving 9 directions"):
        certified_matrix_rank(J)


def test_rescaling_vectors_are_the_derivative_of_the_rescaling_action():
    # v_{l,j} = d/dt theta(exp(t) at unit (l, j)) at t = 0, by central differences of
    # nnsym.symmetry.rescale_hidden_units (independent of the layout code of fdim)
    from nnsym.networks import params_to_vector
    from nnsym.symmetry import rescale_hidden_units

    p = init_mlp((3, 4, 2, 2), "relu", seed=5)
    K = rescaling_kernel_vectors(p)
    t, row = 1e-5, 0
    for l, n_l in enumerate(p.hidden_widths):
        for j in range(n_l):
            def moved(s):
                scales = [np.ones(n) for n in p.hidden_widths]
                scales[l][j] = np.exp(s)
                return params_to_vector(rescale_hidden_units(p, scales))
            fd = (moved(t) - moved(-t)) / (2 * t)
            np.testing.assert_allclose(K[row], fd, atol=1e-8, rtol=0)
            row += 1
    assert row == K.shape[0]
