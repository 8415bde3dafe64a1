import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from nnsym.networks import forward, init_cnn, forward_cnn, init_mlp, params_to_vector
from nnsym.symmetry import (
    align_hidden_units,
    enumerate_orbit,
    flip_signs,
    interpolate_params,
    orbit_size,
    count_distinct_orbit_points,
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
    assert len(orbit) == orbit_size(p, True) == 3 * 2 * 1 * 2 * 1 * 2**5
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
    assert count_distinct_orbit_points(z, sign_flips=True) == orbit_size(z, True) // 2


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
