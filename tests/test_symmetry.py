import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import itertools

from nnsym.networks import MLPParams, forward, init_cnn, forward_cnn, init_mlp, params_to_vector
from nnsym.symmetry import (
    align_hidden_units,
    enumerate_orbit,
    flip_signs,
    interpolate_params,
    loss_barrier,
    orbit_size,
    count_distinct_orbit_points,
    group_order,
    has_distinct_incoming_vectors,
    stabiliser_order,
    permute_conv_filters,
    permute_hidden_units,
    random_symmetry,
    rescale_hidden_units,
)

X = np.random.default_rng(123).normal(size=(64, 3))


@settings(max_examples=25, deadline=None)
@given(
    widths=st.lists(st.integers(1, 6), min_size=1, max_size=3),
    act=st.sampled_from(["tanh", "relu", "sigmoid", "gaussian"]),
    seed=st.integers(0, 10_000),
)
def test_permutations_preserve_function(widths, act, seed):
    p = init_mlp((3, *widths, 2), act, seed=seed)
    q = random_symmetry(p, seed=seed + 1)
    np.testing.assert_allclose(forward(q, X), forward(p, X), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(widths=st.lists(st.integers(1, 6), min_size=1, max_size=3), seed=st.integers(0, 10_000))
def test_sign_flips_preserve_tanh_and_rescaling_preserves_relu(widths, seed):
    p = init_mlp((3, *widths, 2), "tanh", seed=seed)
    np.testing.assert_allclose(forward(random_symmetry(p, seed=seed, sign_flips=True), X), forward(p, X), atol=1e-12)
    r = init_mlp((3, *widths, 2), "relu", seed=seed)
    q = random_symmetry(r, seed=seed, rescale=True, log_scale_range=2.0)
    np.testing.assert_allclose(forward(q, X), forward(r, X), atol=1e-10)


def test_sign_flip_changes_relu_network():
    """ReLU has no sign-flip symmetry: the check must fail for it."""
    r = init_mlp((3, 4, 2), "relu", seed=0)
    q = flip_signs(r, [np.array([-1, 1, 1, 1])])
    assert np.abs(forward(q, X) - forward(r, X)).max() > 1e-3


def test_rescaling_changes_tanh_network():
    p = init_mlp((3, 4, 2), "tanh", seed=0)
    q = rescale_hidden_units(p, [np.array([2.0, 1, 1, 1])])
    assert np.abs(forward(q, X) - forward(p, X)).max() > 1e-3


def test_enumerate_orbit_size_and_distinctness():
    p = init_mlp((3, 3, 2, 1), "tanh", seed=4)
    orbit = list(enumerate_orbit(p, sign_flips=True))
    assert len(orbit) == orbit_size(p, True) == group_order(p.widths, True) == 3 * 2 * 1 * 2 * 1 * 2**5
    vecs = np.array([params_to_vector(q) for q in orbit])
    assert len(np.unique(np.round(vecs, 12), axis=0)) == len(orbit)
    assert np.array_equal(params_to_vector(orbit[0]), params_to_vector(p))
    worst = max(np.abs(forward(q, X) - forward(p, X)).max() for q in orbit)
    assert worst <= 1e-12


def test_orbit_collapses_for_duplicate_units():
    p = init_mlp((3, 3, 1), "tanh", seed=4)
    W1 = p.weights[0].copy(); b1 = p.biases[0].copy(); W2 = p.weights[1].copy()
    W1[1], b1[1], W2[:, 1] = W1[0], b1[0], W2[:, 0]
    from nnsym.networks import MLPParams

    q = MLPParams((W1, W2), (b1, p.biases[1]), "tanh")
    vecs = np.array([params_to_vector(r) for r in enumerate_orbit(q)])
    assert len(np.unique(vecs, axis=0)) == 3  # 3!/2!
    assert count_distinct_orbit_points(q) == 3
    assert count_distinct_orbit_points(p) == 6
    # a unit whose weights (in and out) and bias are all zero is fixed by its sign flip
    W1z, b1z, W2z = p.weights[0].copy(), p.biases[0].copy(), p.weights[1].copy()
    W1z[2], b1z[2], W2z[:, 2] = 0.0, 0.0, 0.0
    z = MLPParams((W1z, W2z), (b1z, p.biases[1]), "tanh")
    assert count_distinct_orbit_points(z, sign_flips=True) == group_order(z.widths, True) // 2
    assert orbit_size(z, True) == group_order(z.widths, True) // 2
    assert orbit_size(q) == 3


def test_enumerate_orbit_rejects_bad_requests():
    with pytest.raises(ValueError, match="max_size"):
        next(enumerate_orbit(init_mlp((2, 9, 9, 1)), max_size=1000))
    with pytest.raises(ValueError, match="odd"):
        next(enumerate_orbit(init_mlp((2, 2, 1), "relu"), sign_flips=True))


@pytest.mark.parametrize(
    "call",
    [
        lambda p: permute_hidden_units(p, [np.array([0, 0, 1])]),
        lambda p: permute_hidden_units(p, [np.array([0, 1])]),
        lambda p: permute_hidden_units(p, []),
        lambda p: flip_signs(p, [np.array([1, 0, 1])]),
        lambda p: rescale_hidden_units(p, [np.array([1.0, -1.0, 2.0])]),
        lambda p: rescale_hidden_units(p, [np.array([1.0, np.inf, 2.0])]),
    ],
)
def test_bad_group_elements_raise(call):
    with pytest.raises(ValueError):
        call(init_mlp((2, 3, 1)))


def test_permutation_composition():
    p = init_mlp((2, 4, 1), seed=1)
    a, b = np.array([2, 0, 3, 1]), np.array([1, 3, 0, 2])
    twice = permute_hidden_units(permute_hidden_units(p, [a]), [b])
    once = permute_hidden_units(p, [a[b]])
    np.testing.assert_array_equal(params_to_vector(twice), params_to_vector(once))


@pytest.mark.parametrize("seed", range(5))
def test_alignment_recovers_hidden_permutation(seed):
    p = init_mlp((4, 6, 5, 2), "tanh", seed=seed)
    q = random_symmetry(p, seed=seed + 100)
    aligned, perms = align_hidden_units(p, q)
    np.testing.assert_allclose(params_to_vector(aligned), params_to_vector(p), atol=1e-14)
    X4 = np.c_[X, X[:, :1]]
    np.testing.assert_allclose(forward(aligned, X4), forward(q, X4), atol=1e-12)
    assert [len(pi) for pi in perms] == [6, 5]


def test_alignment_rejects_other_architecture():
    with pytest.raises(ValueError):
        align_hidden_units(init_mlp((2, 3, 1)), init_mlp((2, 4, 1)))


def test_interpolation_endpoints():
    p, q = init_mlp((2, 3, 1), seed=0), init_mlp((2, 3, 1), seed=1)
    np.testing.assert_array_equal(params_to_vector(interpolate_params(p, q, 0.0)), params_to_vector(p))
    np.testing.assert_allclose(params_to_vector(interpolate_params(p, q, 1.0)), params_to_vector(q))
    with pytest.raises(ValueError):
        interpolate_params(p, init_mlp((2, 4, 1)), 0.5)


def test_conv_filter_permutation_preserves_function():
    c = init_cnn(2, (3, 4), 2, seed=3)
    imgs = np.random.default_rng(1).normal(size=(6, 2, 7, 7))
    rng = np.random.default_rng(5)
    d = permute_conv_filters(c, [rng.permutation(3), rng.permutation(4)])
    np.testing.assert_allclose(forward_cnn(d, imgs), forward_cnn(c, imgs), atol=1e-12)
    assert not np.allclose(d.kernels[0], c.kernels[0])
    with pytest.raises(ValueError):
        permute_conv_filters(c, [np.arange(3)])


# --- orbit sizes: the true |G theta| = |G| / |Stab theta| ------------------------------


def counterexample(a=0.3, b=-0.7, c=1.1, b2=0.4) -> MLPParams:
    """Widths (1, 2, 2, 1), tanh: the units are distinct as (in, bias, out) triples, but the
    element (swap layer 1, swap layer 2) fixes theta (issue 10, Chapter 1, item 1)."""
    return MLPParams(
        (np.array([[0.5], [0.5]]), np.array([[a, b], [b, a]]), np.array([[c, c]])),
        (np.array([0.2, 0.2]), np.array([b2, b2]), np.array([-0.3])),
        "tanh",
    )


def brute_force_stabiliser(params: MLPParams, sign_flips: bool) -> int:
    """#{g in G : g theta = theta} by running through the whole group (exact equality)."""
    hw = params.hidden_widths
    ref = params_to_vector(params)
    perms = [list(itertools.permutations(range(n))) for n in hw]
    signs = [list(itertools.product((1, -1), repeat=n)) if sign_flips else [(1,) * n] for n in hw]
    count = 0
    for pi in itertools.product(*perms):
        q = permute_hidden_units(params, pi)
        for s in itertools.product(*signs):
            if np.array_equal(params_to_vector(flip_signs(q, s)), ref):
                count += 1
    return count


def test_counterexample_orbit_sizes_2_and_32():
    ce = counterexample()
    assert group_order(ce.widths) == 4 and group_order(ce.widths, True) == 64
    assert orbit_size(ce) == 2
    assert orbit_size(ce, sign_flips=True) == 32
    assert count_distinct_orbit_points(ce) == 2
    assert count_distinct_orbit_points(ce, sign_flips=True) == 32
    assert not has_distinct_incoming_vectors(ce) and not has_distinct_incoming_vectors(ce, True)
    # the old "generic" test (in, bias, out) triples pairwise distinct up to sign, nonzero
    for W, b, V in [(ce.weights[0], ce.biases[0], ce.weights[1]), (ce.weights[1], ce.biases[1], ce.weights[2])]:
        u = np.column_stack([W, b, V.T])
        assert not np.allclose(u[0], u[1]) and not np.allclose(u[0], -u[1])


def _degenerate_nets() -> dict[str, MLPParams]:
    base = init_mlp((2, 3, 2, 1), "tanh", seed=7)
    W1, b1, W2, b2, W3, b3 = (a.copy() for a in (base.weights[0], base.biases[0], base.weights[1],
                                                  base.biases[1], base.weights[2], base.biases[2]))
    nets = {"generic": base, "counterexample": counterexample()}
    # equal units in layer 1 (in and out)
    V1, c1, V2 = W1.copy(), b1.copy(), W2.copy()
    V1[1], c1[1], V2[:, 1] = V1[0], c1[0], V2[:, 0]
    nets["duplicate layer-1 unit"] = MLPParams((V1, V2, W3), (c1, b2, b3), "tanh")
    # equal incoming vectors in the last hidden layer, different outgoing weights: full orbit
    U2, d2 = W2.copy(), b2.copy()
    U2[1], d2[1] = U2[0], d2[0]
    nets["same incoming, different outgoing"] = MLPParams((W1, U2, W3), (b1, d2, b3), "tanh")
    # unit of layer 2 the negative of the other (fixed by swap + both flips)
    N2, e2, N3 = W2.copy(), b2.copy(), W3.copy()
    N2[1], e2[1], N3[:, 1] = -N2[0], -e2[0], -N3[:, 0]
    nets["negated layer-2 unit"] = MLPParams((W1, N2, N3), (b1, e2, b3), "tanh")
    # a zero unit, and the all-zero network
    Z1, z1, Z2 = W1.copy(), b1.copy(), W2.copy()
    Z1[2], z1[2], Z2[:, 2] = 0.0, 0.0, 0.0
    nets["zero layer-1 unit"] = MLPParams((Z1, Z2, W3), (z1, b2, b3), "tanh")
    nets["all zero"] = MLPParams(tuple(np.zeros_like(W) for W in base.weights),
                                 tuple(np.zeros_like(b) for b in base.biases), "tanh")
    return nets


@pytest.mark.parametrize("name", list(_degenerate_nets()))
@pytest.mark.parametrize("flips", [False, True])
def test_orbit_size_matches_brute_force_on_constructed_nets(name, flips):
    net = _degenerate_nets()[name]
    stab = brute_force_stabiliser(net, flips)
    assert stabiliser_order(net, flips) == stab
    assert orbit_size(net, flips) * stab == group_order(net.widths, flips)
    assert orbit_size(net, flips) == count_distinct_orbit_points(net, flips)
    if has_distinct_incoming_vectors(net, flips):  # the theorem: certified => trivial stabiliser
        assert stab == 1


@settings(max_examples=30, deadline=None)
@given(
    widths=st.sampled_from([(1, 2, 2, 1), (2, 3, 2, 1), (1, 2, 2, 2, 1), (2, 4, 1)]),
    flips=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_orbit_size_matches_brute_force_on_coarse_random_nets(widths, flips, seed):
    """Entries from {-1, 0, 1}: coincidences (non-trivial stabilisers) are frequent."""
    rng = np.random.default_rng(seed)
    net = MLPParams(
        tuple(rng.integers(-1, 2, size=(m, n)).astype(float) for n, m in zip(widths[:-1], widths[1:])),
        tuple(rng.integers(-1, 2, size=m).astype(float) for m in widths[1:]),
        "tanh",
    )
    stab = brute_force_stabiliser(net, flips)
    assert orbit_size(net, flips) == group_order(widths, flips) // stab
    assert stabiliser_order(net, flips) == stab
    if has_distinct_incoming_vectors(net, flips):
        assert stab == 1


def test_orbit_size_refuses_infeasible_and_bad_input():
    zero = MLPParams(tuple(np.zeros_like(W) for W in init_mlp((2, 9, 9, 1)).weights),
                     tuple(np.zeros(n) for n in (9, 9, 1)), "tanh")
    with pytest.raises(ValueError, match="max_nodes"):
        orbit_size(zero, sign_flips=True)
    # a single hidden layer is always counted in closed form: no search needed
    one = MLPParams((np.zeros((12, 2)), np.zeros((1, 12))), (np.zeros(12), np.zeros(1)), "tanh")
    assert orbit_size(one, sign_flips=True) == 1
    with pytest.raises(ValueError, match="odd"):
        orbit_size(init_mlp((2, 3, 1), "relu"), sign_flips=True)
    bad = init_mlp((2, 3, 1))
    bad.weights[0][0, 0] = np.nan
    with pytest.raises(ValueError, match="finite"):
        orbit_size(bad)
    with pytest.raises(ValueError):
        orbit_size((2, 3, 1))


def test_generic_orbit_is_group_order_and_relu_has_no_flips():
    for seed in range(5):
        p = init_mlp((3, 4, 3, 2), "tanh", seed=seed)
        assert has_distinct_incoming_vectors(p, True)
        assert orbit_size(p, True) == group_order(p.widths, True) == 4 * 3 * 2 * 3 * 2 * 2**7
    r = init_mlp((3, 4, 3, 2), "relu", seed=0)
    assert orbit_size(r) == group_order(r.widths) == 24 * 6


@pytest.mark.parametrize("widths,flips,expected", [((3, 2), False, 1), ((5, 3, 2, 1), False, 12),
                                                    ((5, 3, 2, 1), True, 384), ((4, 100), True, 1)])
def test_group_order_full_widths(widths, flips, expected):
    assert group_order(widths, flips) == expected


@pytest.mark.parametrize("bad", [(), (3,), (3, 0, 1), (3, 2.0, 1), None])
def test_group_order_bad_widths(bad):
    with pytest.raises(ValueError):
        group_order(bad)
    with pytest.raises(ValueError):
        group_order((2, 3, 1), sign_flips="yes")


def test_loss_barrier_closed_form_for_affine_model():
    """No hidden layer + MSE: the loss is a convex quadratic in t, so the barrier is
    max(L0, L1) - (L0 + L1) / 2 = |L0 - L1| / 2, attained at an endpoint."""
    rng = np.random.default_rng(0)
    Xa, ya = rng.normal(size=(40, 3)), rng.normal(size=(40, 2))
    a = MLPParams((rng.normal(size=(2, 3)),), (rng.normal(size=2),), "tanh")
    b = MLPParams((rng.normal(size=(2, 3)),), (rng.normal(size=2),), "tanh")
    barrier, curve = loss_barrier(a, b, Xa, ya, n_points=11, loss="mse")
    L0 = np.mean((Xa @ a.weights[0].T + a.biases[0] - ya) ** 2)
    L1 = np.mean((Xa @ b.weights[0].T + b.biases[0] - ya) ** 2)
    assert curve.shape == (11,)
    assert barrier == pytest.approx(abs(L0 - L1) / 2, rel=1e-12)


def test_loss_barrier_positive_between_permuted_copies_and_zero_to_itself():
    from nnsym.training import evaluate_loss

    Xc = np.random.default_rng(1).normal(size=(200, 3))
    p = init_mlp((3, 8, 2), "tanh", seed=2, weight_scale=3.0)
    yc = np.argmax(forward(p, Xc), axis=1)  # labels from p: small loss at both ends
    assert loss_barrier(p, p, Xc, yc)[0] == pytest.approx(0.0, abs=1e-15)
    q = permute_hidden_units(p, [np.roll(np.arange(8), 1)])
    barrier, curve = loss_barrier(p, q, Xc, yc, n_points=5)
    assert curve[0] == pytest.approx(evaluate_loss(p, Xc, yc), rel=1e-12)
    assert curve[-1] == pytest.approx(curve[0], rel=1e-9)  # same function at both ends
    assert barrier == pytest.approx(curve.max() - curve[0], rel=1e-9) and barrier > 0.05
    with pytest.raises(ValueError, match="n_points"):
        loss_barrier(p, q, Xc, yc, n_points=1)


def test_max_nodes_and_n_points_refuse_bools_and_floats():
    # the old max_nodes check accepted True (an int subclass) as max_nodes = 1
    import nnsym.symmetry as sy
    from nnsym.networks import init_mlp

    p = init_mlp((2, 3, 1), "tanh", seed=0)
    for bad in (True, 2.0, 0):
        with pytest.raises(ValueError, match="^max_nodes must be an integer"):
            sy.stabiliser_order(p, max_nodes=bad)
