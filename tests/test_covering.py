import itertools
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from nnsym.covering import (
    canonicalize,
    canonicalize_vectors,
    cell_orbit_bound,
    cell_orbit_bound_cnn,
    cnn_unit_block_sizes,
    count_cell_orbits,
    count_cell_orbits_cnn,
    empirical_covering_number,
    evaluate_functions,
    fundamental_domain_fraction,
    greedy_epsilon_net,
    lipschitz_constant,
    lipschitz_constant_cnn,
    log_covering_bound,
    log_covering_bound_cnn,
    log_covering_bound_relu,
    normalise_relu_scales,
    sample_parameter_box,
    uniform_gain_expressions,
    unit_block_sizes,
)
from nnsym.networks import (
    CNNParams,
    count_params,
    forward,
    forward_cnn,
    init_cnn,
    init_mlp,
    params_to_vector,
    vector_to_params,
)
from nnsym.symmetry import enumerate_orbit, flip_signs, permute_conv_filters, random_symmetry

widths_st = st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple)


# --------------------------------------------------------------------------- canonical forms


@pytest.mark.parametrize("activation,flips", [("tanh", True), ("relu", False), ("sigmoid", False)])
def test_canonical_form_constant_on_whole_orbit(activation, flips):
    params = init_mlp((2, 3, 2, 1), activation, seed=3)
    ref = params_to_vector(canonicalize(params))
    orbit = list(enumerate_orbit(params, sign_flips=flips, max_size=10**5))
    assert len(orbit) == (6 * 2 * (8 * 4 if flips else 1))
    for g in orbit:
        np.testing.assert_allclose(params_to_vector(canonicalize(g)), ref, rtol=0, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(widths=widths_st, seed=st.integers(0, 10**6), activation=st.sampled_from(["tanh", "relu", "softplus"]))
def test_canonical_form_invariant_under_random_symmetry(widths, seed, activation):
    params = init_mlp(widths, activation, seed=seed)
    odd = activation == "tanh"
    homog = activation == "relu"
    g = random_symmetry(params, seed=seed + 1, permute=True, rescale=homog, sign_flips=odd)
    a = params_to_vector(canonicalize(params))
    b = params_to_vector(canonicalize(g))
    np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(widths=widths_st, seed=st.integers(0, 10**6), activation=st.sampled_from(["tanh", "relu", "sigmoid"]))
def test_canonical_form_keeps_function_and_is_idempotent(widths, seed, activation):
    params = init_mlp(widths, activation, seed=seed)
    c = canonicalize(params)
    X = np.random.default_rng(seed).uniform(-1, 1, size=(16, widths[0]))
    np.testing.assert_allclose(forward(c, X), forward(params, X), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(params_to_vector(canonicalize(c)), params_to_vector(c), rtol=1e-12, atol=1e-14)


def test_canonical_form_is_sorted_and_sign_normalised():
    params = init_mlp((3, 5, 4, 2), "tanh", seed=0)
    c = canonicalize(params)
    for b in c.biases[:-1]:
        assert np.all(b > 0)
        assert np.all(np.diff(b) < 0)
    r = canonicalize(init_mlp((3, 5, 4, 2), "relu", seed=0))
    for W, b in zip(r.weights[:-1], r.biases[:-1]):
        np.testing.assert_allclose(np.hypot(np.linalg.norm(W, axis=1), b), 1.0, rtol=1e-12)


def test_sign_flip_changes_canonical_form_without_signs():
    params = init_mlp((2, 3, 1), "tanh", seed=5)
    flipped = flip_signs(params, [np.array([-1, 1, 1])])
    same = params_to_vector(canonicalize(flipped, signs=False))
    assert not np.allclose(same, params_to_vector(canonicalize(params, signs=False)))


def test_vector_and_params_versions_agree():
    widths = (2, 4, 3, 1)
    V = sample_parameter_box(widths, 7, seed=2)
    C = canonicalize_vectors(V, widths, signs=True)
    for v, c in zip(V, C):
        p = vector_to_params(v, widths, "tanh")
        np.testing.assert_array_equal(params_to_vector(canonicalize(p)), c)


def test_canonicalize_bad_inputs():
    relu = init_mlp((2, 3, 1), "relu", seed=0)
    tanh = init_mlp((2, 3, 1), "tanh", seed=0)
    with pytest.raises(ValueError, match="not odd"):
        canonicalize(relu, signs=True)
    with pytest.raises(ValueError, match="homogeneous"):
        canonicalize(tanh, rescale=True)
    with pytest.raises(ValueError, match="shape"):
        canonicalize_vectors(np.zeros((3, 5)), (2, 3, 1))
    with pytest.raises(ValueError):
        canonicalize_vectors(np.zeros((3, 13)), (2, 0, 1))


# --------------------------------------------------------------------------- orbits of grid cells


@pytest.mark.parametrize("widths,K", [((1, 2, 1), 3), ((1, 3, 1), 2), ((2, 2, 1), 2), ((1, 2, 2), 2)])
def test_burnside_matches_distinct_canonical_grid_points(widths, K):
    """One hidden layer: the sort key is a total order on units, so canonical grid points = orbits."""
    P = count_params(widths)
    grid = np.array(list(itertools.product(range(K), repeat=P)), dtype=float)
    distinct = np.unique(canonicalize_vectors(grid, widths), axis=0).shape[0]
    assert distinct == count_cell_orbits(widths, K)


def test_burnside_matches_orbit_minimum_two_hidden_layers():
    widths, K = (1, 2, 2, 1), 2
    P = count_params(widths)
    index = vector_to_params(np.arange(P, dtype=float), widths)
    perms = [params_to_vector(g).astype(int) for g in enumerate_orbit(index)]
    grid = np.array(list(itertools.product(range(K), repeat=P)), dtype=np.int8)
    images = np.stack([grid[:, p] for p in perms])  # (|G|, K^P, P)
    weights = K ** np.arange(P - 1, -1, -1, dtype=np.int64)
    codes = images.astype(np.int64) @ weights
    assert np.unique(codes.min(axis=0)).size == count_cell_orbits(widths, K)


@pytest.mark.parametrize("widths", [(1, 2, 1), (2, 3, 1), (1, 2, 2, 1), (2, 1, 3, 2), (1, 2, 3, 1), (2, 3, 2, 1)])
@pytest.mark.parametrize("K", [1, 2, 3, 5])
def test_orbit_count_between_volume_bound_and_cycle_index_bound(widths, K):
    P = count_params(widths)
    G = math.prod(math.factorial(n) for n in widths[1:-1])
    orbits = count_cell_orbits(widths, K)
    bound = cell_orbit_bound(widths, K)
    assert orbits * G >= K**P
    assert orbits <= bound <= K**P
    if len(widths) == 3:  # one hidden layer: units are blocks, the cycle count is exact
        assert bound == orbits
    log_bound = log_covering_bound(widths, 1.0, radius=float(K), lipschitz=1.0, quotient=True)
    assert log_bound == pytest.approx(math.log(bound), abs=1e-9)


@pytest.mark.parametrize("widths", [(1, 2, 2, 1), (2, 3, 2, 1), (1, 2, 3, 1)])
def test_cycle_index_bound_is_strict_for_two_hidden_layers(widths):
    """The layer-l weights also cycle with layer l-1: the bound overcounts, so it is not the exact count."""
    assert cell_orbit_bound(widths, 2) > count_cell_orbits(widths, 2)


def test_cycle_index_bound_closed_form():
    """K^{n_L} prod C(K^e + n - 1, n) = (K^P / prod n!) prod prod (1 + i K^-e), in exact rationals."""
    from fractions import Fraction

    for widths in [(2, 3, 2, 1), (3, 4, 2), (1, 2, 3, 4, 1)]:
        e = unit_block_sizes(widths)
        assert count_params(widths) == widths[-1] + sum(n * el for n, el in zip(widths[1:-1], e))
        for K in (1, 2, 7):
            rhs = Fraction(K ** count_params(widths), math.prod(math.factorial(n) for n in widths[1:-1]))
            for n, el in zip(widths[1:-1], e):
                for i in range(n):
                    rhs *= 1 + Fraction(i, K**el)
            assert cell_orbit_bound(widths, K) == rhs


def test_gain_for_wide_layer_is_almost_log_factorial():
    """Issue 10: widths (2, 32, 1), eps = 0.1, B = Lambda = 1: the gain is within 1 nat of log 32!.

    The old correction term K^{P-m} gave a gain of only 9.2 nats here.
    """
    widths = (2, 32, 1)
    plain = log_covering_bound(widths, 0.1, radius=1.0, lipschitz=1.0)
    quot = log_covering_bound(widths, 0.1, radius=1.0, lipschitz=1.0, quotient=True)
    gain = plain - quot
    assert math.lgamma(33) - 1.0 < gain <= math.lgamma(33) + 1e-9
    assert count_params(widths) * math.log(10) == pytest.approx(plain, rel=1e-12)


def test_unit_block_sizes():
    assert unit_block_sizes((3, 5, 2)) == (3 + 1 + 2,)
    assert unit_block_sizes((3, 5, 4, 2)) == (3 + 1, 5 + 1 + 2)
    assert unit_block_sizes((3, 2)) == ()


def test_huge_groups_are_refused_in_log_space():
    """Issue 15: a hidden width ~2000 must be refused with a ValueError, not fail while formatting |G|."""
    with pytest.raises(ValueError, match="max_group"):
        count_cell_orbits((2, 2000, 1), 2)
    with pytest.raises(ValueError, match="max_group"):
        count_cell_orbits_cnn(1, (2000,), 1, 2)


def test_cell_orbit_bound_refuses_huge_results():
    with pytest.raises(ValueError, match="digits"):
        cell_orbit_bound((64, 100, 10), 10**6, max_digits=1000)
    with pytest.raises(ValueError):
        cell_orbit_bound((2, 3, 1), 0)


# --------------------------------------------------------------------------- bounds


@settings(max_examples=100, deadline=None)
@given(
    widths=widths_st,
    eps=st.floats(1e-4, 10.0),
    radius=st.floats(0.1, 5.0),
    lip=st.floats(0.1, 1e4),
)
def test_quotient_bound_never_exceeds_plain(widths, eps, radius, lip):
    plain = log_covering_bound(widths, eps, radius=radius, lipschitz=lip)
    quot = log_covering_bound(widths, eps, radius=radius, lipschitz=lip, quotient=True)
    assert quot <= plain + 1e-9 * max(1.0, plain)  # C(x + n - 1, n) <= x^n for x >= 1, no min() taken
    G = sum(math.lgamma(n + 1) for n in widths[1:-1])
    assert quot >= plain - G - 1e-9  # never better than the volume ratio


def test_bound_values_and_small_eps_limit():
    widths = (2, 5, 5, 1)
    P = count_params(widths)
    K = math.ceil(2.0 * 30.0 / 0.01)
    assert log_covering_bound(widths, 0.01, radius=2.0, lipschitz=30.0) == pytest.approx(P * math.log(K))
    gap = log_covering_bound(widths, 1e-9, radius=1.0, lipschitz=1.0) - log_covering_bound(
        widths, 1e-9, radius=1.0, lipschitz=1.0, quotient=True
    )
    assert gap == pytest.approx(2 * math.log(120), rel=1e-9)


def test_symbolic_bound_evaluates_to_numeric():
    widths = (2, 3, 2, 1)
    eps, B, lam = 0.05, 1.5, 7.0
    for q in (False, True):
        expr = log_covering_bound(widths, sp.Rational(1, 20), radius=sp.Rational(3, 2), lipschitz=7, quotient=q, symbolic=True)
        assert float(expr) == pytest.approx(log_covering_bound(widths, eps, radius=B, lipschitz=lam, quotient=q), rel=1e-12)
    n = sp.Symbol("n", positive=True, integer=True)
    expr = log_covering_bound((1, n, 1), sp.Symbol("epsilon", positive=True), radius=1, lipschitz=1, symbolic=True)
    assert expr.has(n)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(widths=(2, 3, 1), eps=0.0, radius=1.0, lipschitz=1.0),
        dict(widths=(2, 3, 1), eps=0.1, radius=-1.0, lipschitz=1.0),
        dict(widths=(2, 3, 1), eps=0.1, radius=1.0, lipschitz=float("nan")),
        dict(widths=(2,), eps=0.1, radius=1.0, lipschitz=1.0),
        dict(widths=(2, 0, 1), eps=0.1, radius=1.0, lipschitz=1.0),
        dict(widths=(2, 3, 1), eps="a", radius=1.0, lipschitz=1.0),
    ],
)
def test_bound_bad_inputs(kwargs):
    w = kwargs.pop("widths")
    e = kwargs.pop("eps")
    with pytest.raises(ValueError):
        log_covering_bound(w, e, **kwargs)


def test_symbolic_refuses_code_strings(tmp_path):
    """sympify would eval these strings (issue 15): only SymPy objects, numbers and bare names pass."""
    marker = tmp_path / "pwned"
    evil = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    for kwargs in (dict(eps=evil, radius=1, lipschitz=1), dict(eps=1, radius=evil, lipschitz=1),
                   dict(eps=1, radius=1, lipschitz=evil)):
        with pytest.raises(ValueError, match="symbol name"):
            log_covering_bound((2, 3, 1), symbolic=True, quotient=True, **kwargs)
    with pytest.raises(ValueError, match="symbol name"):
        log_covering_bound((2, evil, 1), 1, radius=1, lipschitz=1, symbolic=True)
    with pytest.raises(ValueError, match="symbol name"):
        lipschitz_constant((2, 3, 1), evil, symbolic=True)
    with pytest.raises(ValueError, match="symbol name"):
        lipschitz_constant((2, 3, 1), 1, rho="1+1", symbolic=True)
    assert not marker.exists()
    expr = lipschitz_constant(("n0", "n1", 1), "B", rho="rho", symbolic=True)
    assert expr.has(sp.Symbol("B")) and expr.has(sp.Symbol("n1"))


def test_bound_does_not_overflow():
    """B Lambda / eps beyond the float range: the bound is computed in log space (issue 15)."""
    widths = (2, 3, 1)
    P = count_params(widths)
    plain = log_covering_bound(widths, 1e-300, radius=1e300, lipschitz=1e300)
    assert plain == pytest.approx(P * 900 * math.log(10), rel=1e-12)
    quot = log_covering_bound(widths, 1e-300, radius=1e300, lipschitz=1e300, quotient=True)
    assert quot == pytest.approx(plain - math.lgamma(4), rel=1e-12)
    lam = lipschitz_constant((64, 4000, 4000, 4000, 10), 50.0)
    assert math.isfinite(log_covering_bound((64, 4000, 4000, 4000, 10), 1e-200, radius=1e100, lipschitz=lam))


# --------------------------------------------------------------------------- ReLU rescaling


@pytest.mark.parametrize("B", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("widths", [(2, 3, 1), (3, 4, 3, 2), (2, 3, 3, 3, 1)])
def test_relu_normalisation_keeps_function_and_stays_in_the_box(widths, B):
    rng = np.random.default_rng(11)
    X = rng.uniform(-1, 1, size=(50, widths[0]))
    for v in rng.uniform(-B, B, size=(20, count_params(widths))):
        net = vector_to_params(v, widths, "relu")
        nrm = normalise_relu_scales(net, B)
        np.testing.assert_allclose(forward(nrm, X), forward(net, X), rtol=1e-12, atol=1e-12)
        for W, b in zip(nrm.weights[:-1], nrm.biases[:-1]):
            np.testing.assert_allclose(np.maximum(np.abs(W).max(axis=1), np.abs(b)), B, rtol=1e-14)
        assert np.abs(params_to_vector(nrm)).max() <= B * (1 + 1e-12)
    # normalising to a radius other than B can leave the box: the radius matters
    big = vector_to_params(np.full(count_params(widths), B), widths, "relu")
    assert np.abs(params_to_vector(normalise_relu_scales(big, B / 2))).max() > B
    with pytest.raises(ValueError, match="homogeneous"):
        normalise_relu_scales(init_mlp(widths, "tanh", seed=0))
    with pytest.raises(ValueError):
        normalise_relu_scales(init_mlp(widths, "relu", seed=0), 0.0)


def test_relu_bound_matches_integer_count():
    """Small case by hand: x_l = 1 + 2 d_l K^(d_l - 1) states per unit, K^(n_L) more per last-layer unit."""
    widths, eps, B, lam = (1, 2, 2, 1), 0.5, 1.0, 3.2
    K = math.ceil(B * lam / eps)
    x1, x2 = 1 + 2 * 2 * K, (1 + 2 * 3 * K**2) * K
    plain_count = K * x1**2 * x2**2
    quot_count = K * math.comb(x1 + 1, 2) * math.comb(x2 + 1, 2)
    kw = dict(radius=B, lipschitz=lam)
    assert log_covering_bound_relu(widths, eps, **kw) == pytest.approx(math.log(plain_count), rel=1e-12)
    assert log_covering_bound_relu(widths, eps, quotient=True, **kw) == pytest.approx(math.log(quot_count), rel=1e-12)
    assert log_covering_bound_relu((3, 2), eps, **kw) == log_covering_bound((3, 2), eps, **kw)


@pytest.mark.parametrize("widths", [(2, 32, 1), (64, 100, 100, 10)])
@pytest.mark.parametrize("B", [0.5, 1.0, 3.0])
def test_relu_bound_saves_about_one_log_k_per_hidden_unit(widths, B):
    eps = 1e-2
    lam = lipschitz_constant(widths, B)
    K = math.ceil(B * lam / eps)
    plain = log_covering_bound(widths, eps, radius=B, lipschitz=lam)
    relu = log_covering_bound_relu(widths, eps, radius=B, lipschitz=lam)
    hidden = widths[1:-1]
    expected = sum(n * (math.log(K) - math.log(2 * (d + 1))) for n, d in zip(hidden, widths[:-2]))
    assert 0 < plain - relu == pytest.approx(expected, abs=1e-6 * plain)
    both = log_covering_bound_relu(widths, eps, radius=B, lipschitz=lam, quotient=True)
    assert relu - both == pytest.approx(sum(math.lgamma(n + 1) for n in hidden), abs=1e-3)


def test_relu_bad_inputs():
    with pytest.raises(ValueError):
        log_covering_bound_relu((2, 3, 1), 0.0, radius=1.0, lipschitz=1.0)
    with pytest.raises(ValueError):
        log_covering_bound_relu((2, 3, 1), 0.1, radius=1.0, lipschitz=-1.0)


# --------------------------------------------------------------------------- CNNs


@pytest.mark.parametrize("filters,K", [((3, 2), 2), ((2, 2), 3), ((3,), 2)])
def test_cnn_with_1x1_kernels_counts_like_the_mlp(filters, K):
    """1x1 kernels: the coordinate action is the MLP's (1, k_1, ..., k_C, n_out); independent code paths."""
    widths = (1,) + filters + (2,)
    assert count_cell_orbits_cnn(1, filters, 2, K, kernel_size=1) == count_cell_orbits(widths, K)
    assert cell_orbit_bound_cnn(1, filters, 2, K, kernel_size=1) == cell_orbit_bound(widths, K)


def test_cnn_burnside_matches_brute_force_orbits():
    in_c, filters, n_out, s, K = 1, (2, 2), 1, 1, 2
    _, _, P = cnn_unit_block_sizes(in_c, filters, n_out, kernel_size=s)
    index = CNNParams(
        (np.arange(2.0).reshape(2, 1, 1, 1), np.arange(4.0, 8.0).reshape(2, 2, 1, 1)),
        (np.arange(2.0, 4.0), np.arange(8.0, 10.0)), np.arange(10.0, 12.0).reshape(1, 2), np.array([12.0]),
    )
    assert P == 13
    images = [permute_conv_filters(index, [p, q]) for p in ([0, 1], [1, 0]) for q in ([0, 1], [1, 0])]
    perms = [np.concatenate([g.kernels[0].ravel(), g.conv_biases[0], g.kernels[1].ravel(),
                             g.conv_biases[1], g.head_weight.ravel(), g.head_bias]).astype(int) for g in images]
    grid = np.array(list(itertools.product(range(K), repeat=P)), dtype=np.int64)
    codes = np.stack([grid[:, p] for p in perms]) @ (K ** np.arange(P - 1, -1, -1, dtype=np.int64))
    assert np.unique(codes.min(axis=0)).size == count_cell_orbits_cnn(in_c, filters, n_out, K, kernel_size=s)


@pytest.mark.parametrize("filters", [(2,), (3,), (2, 3)])
def test_cnn_cycle_index_bound(filters):
    for K in (2, 3):
        exact = count_cell_orbits_cnn(2, filters, 2, K, kernel_size=3)
        bound = cell_orbit_bound_cnn(2, filters, 2, K, kernel_size=3)
        assert exact <= bound
        if len(filters) == 1:
            assert exact == bound
        else:
            assert exact < bound
        lb = log_covering_bound_cnn(2, filters, 2, 1.0, radius=float(K), lipschitz=1.0, kernel_size=3, quotient=True)
        assert lb == pytest.approx(math.log(bound), rel=1e-12)
    e, free, P = cnn_unit_block_sizes(2, filters, 2, kernel_size=3)
    net = init_cnn(2, filters, 2, seed=0)
    assert P == sum(k.size + c.size for k, c in zip(net.kernels, net.conv_biases)) + net.head_weight.size + 2


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_cnn_lipschitz_bound_respected(activation):
    rng = np.random.default_rng(5)
    B, filters = 0.5, (3, 2)
    lam = lipschitz_constant_cnn(2, filters, 2, B, kernel_size=3)
    net = init_cnn(2, filters, 2, seed=0, activation=activation)
    imgs = rng.uniform(-1, 1, size=(8, 2, 5, 5))
    worst = 0.0
    for _ in range(30):
        def draw():
            return CNNParams(tuple(rng.uniform(-B, B, k.shape) for k in net.kernels),
                             tuple(rng.uniform(-B, B, c.shape) for c in net.conv_biases),
                             rng.uniform(-B, B, net.head_weight.shape), rng.uniform(-B, B, 2), activation)
        a, b = draw(), draw()
        dist = max(max(np.abs(x - y).max() for x, y in zip(a.kernels, b.kernels)),
                   max(np.abs(x - y).max() for x, y in zip(a.conv_biases, b.conv_biases)),
                   np.abs(a.head_weight - b.head_weight).max(), np.abs(a.head_bias - b.head_bias).max())
        worst = max(worst, np.abs(forward_cnn(a, imgs) - forward_cnn(b, imgs)).max() / dist)
    assert worst <= lam
    with pytest.raises(ValueError):
        lipschitz_constant_cnn(2, filters, 2, 0.0)
    with pytest.raises(ValueError):
        count_cell_orbits_cnn(1, (9,), 1, 2, max_group=100)


# --------------------------------------------------------------------------- Lipschitz constant


@settings(max_examples=25, deadline=None)
@given(widths=widths_st, seed=st.integers(0, 10**6), activation=st.sampled_from(["tanh", "relu", "sigmoid"]))
def test_lipschitz_bound_respected(widths, seed, activation):
    rng = np.random.default_rng(seed)
    B = 1.5
    rho, s0 = (0.25, 0.5) if activation == "sigmoid" else (1.0, 0.0)
    lam = lipschitz_constant(widths, B, rho=rho, sigma_at_zero=s0)
    P = count_params(widths)
    theta = rng.uniform(-B, B, size=(50, P))
    delta = rng.uniform(-1, 1, size=(50, P)) * rng.uniform(1e-4, 0.5, size=(50, 1))
    other = np.clip(theta + delta, -B, B)
    X = rng.uniform(-1, 1, size=(40, widths[0]))
    diff = np.abs(evaluate_functions(theta, widths, X, activation) - evaluate_functions(other, widths, X, activation))
    ratio = diff.reshape(50, -1).max(axis=1) / np.abs(theta - other).max(axis=1)
    assert np.all(ratio <= lam * (1 + 1e-12))


def test_lipschitz_constant_is_attained_in_the_limit():
    """All-positive ReLU network, inputs 1, every parameter moved by +delta: ratio -> Lambda."""
    widths, B, delta = (3, 4, 2, 1), 1.0, 1e-7
    P = count_params(widths)
    theta = np.full((1, P), B - delta)
    other = np.full((1, P), B)
    X = np.ones((1, 3))
    diff = evaluate_functions(other, widths, X, "relu") - evaluate_functions(theta, widths, X, "relu")
    assert float(diff.max()) / delta == pytest.approx(lipschitz_constant(widths, B), rel=1e-5)


def test_lipschitz_symbolic_matches_numeric():
    n0, n1, n2, B, rho = sp.symbols("n0 n1 n2 B rho", positive=True)
    expr = lipschitz_constant((n0, n1, n2, 1), B, rho=rho, sigma_at_zero=sp.Rational(1, 2), symbolic=True)
    val = expr.subs({n0: 3, n1: 4, n2: 2, B: sp.Rational(3, 2), rho: sp.Rational(1, 4)})
    num = lipschitz_constant((3, 4, 2, 1), 1.5, rho=0.25, sigma_at_zero=0.5)
    assert float(val) == pytest.approx(num, rel=1e-12)
    # one hidden layer by hand: (rho (n0 + 1)) inner, then n1 M1 + 1 + B n1 lambda1
    e1 = lipschitz_constant((n0, n1, 1), B, rho=rho, symbolic=True)
    assert sp.simplify(e1 - (2 * B * rho * n1 * (n0 + 1) + 1)) == 0


@pytest.mark.parametrize(
    "args,kwargs",
    [(((2, 3, 1), 0.0), {}), (((2, 3, 1), 1.0), {"rho": -1}), (((2,), 1.0), {}), (((2, 3, 1), 1.0), {"sigma_at_zero": -0.5}),
     (((2, 3, 1), 1.0), {"input_bound": 0})],
)
def test_lipschitz_bad_inputs(args, kwargs):
    with pytest.raises(ValueError):
        lipschitz_constant(*args, **kwargs)
    with pytest.raises(ValueError):
        lipschitz_constant((sp.Integer(0), 2), 1, symbolic=True)


# --------------------------------------------------------------------------- empirical covers


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 200), dim=st.integers(1, 6), eps=st.floats(0.01, 2.0))
def test_greedy_net_is_valid_cover_and_packing(seed, n, dim, eps):
    F = np.random.default_rng(seed).normal(size=(n, dim))
    centres = greedy_epsilon_net(F, eps)
    D = np.max(np.abs(F[:, None, :] - F[None, centres, :]), axis=2)  # (n, |C|)
    assert np.all(D.min(axis=1) <= eps)
    C = D[centres]
    off = C[~np.eye(len(centres), dtype=bool)]
    assert np.all(off > eps)
    assert empirical_covering_number(F, eps) == len(centres)
    assert centres[0] == 0 and np.all(np.diff(centres) > 0)


def test_greedy_net_extremes():
    F = np.arange(10.0)[:, None]
    assert empirical_covering_number(F, 100.0) == 1
    assert empirical_covering_number(F, 0.5) == 10
    assert empirical_covering_number(F, 1.0) == 5  # centres 0, 2, 4, 6, 8


def test_greedy_net_accepts_function_arrays():
    widths = (1, 3, 1)
    V = sample_parameter_box(widths, 300, seed=0)
    X = np.linspace(-1, 1, 17)[:, None]
    F = evaluate_functions(V, widths, X)
    C = canonicalize_vectors(V, widths, signs=True)
    Fc = evaluate_functions(C, widths, X)
    np.testing.assert_allclose(Fc, F, atol=1e-12)
    assert empirical_covering_number(F, 0.3) == empirical_covering_number(Fc, 0.3)


@pytest.mark.parametrize("bad", [np.zeros((0, 3)), np.array([[np.nan, 1.0]])])
def test_greedy_net_bad_inputs(bad):
    with pytest.raises(ValueError):
        greedy_epsilon_net(bad, 0.1)
    with pytest.raises(ValueError):
        greedy_epsilon_net(np.zeros((2, 2)), 0.0)


# --------------------------------------------------------------------------- sampling


def test_evaluate_functions_matches_forward():
    widths = (3, 4, 2, 2)
    V = sample_parameter_box(widths, 5, radius=2.0, seed=4)
    X = np.random.default_rng(1).normal(size=(9, 3))
    F = evaluate_functions(V, widths, X, "relu")
    for v, f in zip(V, F):
        np.testing.assert_allclose(f, forward(vector_to_params(v, widths, "relu"), X), rtol=1e-13, atol=1e-13)
    with pytest.raises(ValueError):
        evaluate_functions(V, widths, X[:, :2])
    with pytest.raises(ValueError):
        evaluate_functions(V, widths, X, "swish")


@pytest.mark.parametrize("widths,signs", [((2, 3, 1), False), ((1, 2, 3, 1), False), ((2, 3, 1), True)])
def test_fundamental_domain_fraction(widths, signs):
    expected = 1.0 / math.prod(math.factorial(n) * (2**n if signs else 1) for n in widths[1:-1])
    p, se = fundamental_domain_fraction(widths, 40_000, signs=signs, seed=7)
    assert abs(p - expected) <= 5 * se + 1e-12


def test_sampling_bad_inputs():
    with pytest.raises(ValueError):
        sample_parameter_box((2, 3, 1), 0)
    with pytest.raises(ValueError):
        sample_parameter_box((2, 3, 1), 3, radius=0.0)
    with pytest.raises(ValueError):
        fundamental_domain_fraction((2, 3, 1), -5)
    with pytest.raises(ValueError):
        count_cell_orbits((2, 3, 1), 0)
    with pytest.raises(ValueError):
        count_cell_orbits((2, 9, 1), 2, max_group=100)


# --------------------------------------------------------------------------- asymptotics


def test_uniform_gain_expressions():
    e = uniform_gain_expressions()
    n, L, d, k, K = (e[s] for s in "n L d k K".split())
    sub = {n: 5, L: 4, d: 4, k: 2}
    assert e["P"].subs(sub) == count_params((4, 5, 5, 5, 2))
    assert sp.simplify(e["log_G"].subs(sub) - 3 * sp.log(120)) == 0
    lim = sp.limit(e["relative_gain_stirling"].subs(L, 4) * n / sp.log(n), n, sp.oo)
    assert sp.simplify(lim - 3 / (2 * sp.log(K))) == 0


# ------------------------------------------------- issue 16: one validation helper


@pytest.mark.parametrize("bad", [0, 2.5, True, "3"])
def test_integer_arguments_are_checked_by_validate_int_naming_them(bad):
    import nnsym.covering as cv

    calls = {
        "cells_per_axis": lambda: cv.cell_orbit_bound((2, 2, 1), bad),
        "n_samples": lambda: cv.sample_parameter_box((2, 2, 1), bad),
        "chunk": lambda: cv.fundamental_domain_fraction((2, 2, 1), 10, chunk=bad),
        "kernel_size": lambda: cv.cnn_unit_block_sizes(1, (2,), 1, kernel_size=bad),
    }
    for name, call in calls.items():
        with pytest.raises(ValueError, match=f"^{name} must be an integer"):
            call()


@pytest.mark.parametrize("bad", ["3", True, float("nan"), 0.0, -1.0])
def test_radius_is_a_positive_real_number_not_a_string_or_bool(bad):
    # covering's own float(value) check accepted the string "3" and True
    import nnsym.covering as cv

    with pytest.raises(ValueError, match="^radius must be"):
        cv.lipschitz_constant((2, 3, 1), bad)
    with pytest.raises(ValueError, match="^radius must be"):
        cv.sample_parameter_box((2, 3, 1), 4, radius=bad)
