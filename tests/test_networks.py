import numpy as np
import pytest
import torch

from nnsym.networks import (
    ACTIVATIONS,
    MLPParams,
    count_params,
    forward,
    forward_cnn,
    forward_torch,
    get_activation,
    init_cnn,
    init_mlp,
    mlp_from_torch,
    params_to_vector,
    validate_widths,
    vector_to_params,
)


def test_count_params_formula():
    assert count_params((3, 2, 1)) == 3 * 2 + 2 + 2 * 1 + 1
    assert count_params((784, 30, 30, 30, 10)) == 784 * 30 + 30 + 2 * (30 * 30 + 30) + 30 * 10 + 10
    assert init_mlp((5, 4, 3, 2)).n_params == count_params((5, 4, 3, 2))


@pytest.mark.parametrize("bad", [(), (3,), (3, 0, 1), (3, -2, 1), (3, 2.5, 1), (3, True, 1), "abc", 5])
def test_bad_widths_raise(bad):
    with pytest.raises(ValueError):
        count_params(bad)


def test_unknown_activation_raises():
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation("swishy")
    with pytest.raises(ValueError):
        init_mlp((2, 3, 1), "swishy")


def test_shape_mismatch_raises():
    with pytest.raises(ValueError, match="layer 2"):
        MLPParams((np.zeros((3, 2)), np.zeros((1, 4))), (np.zeros(3), np.zeros(1)))
    p = init_mlp((2, 3, 1))
    with pytest.raises(ValueError, match="shape"):
        forward(p, np.zeros((5, 3)))
    with pytest.raises(ValueError):
        forward_torch(p, np.zeros((5,)))


def test_vector_roundtrip():
    p = init_mlp((4, 3, 5, 2), "relu", seed=7)
    v = params_to_vector(p)
    assert v.shape == (p.n_params,)
    q = vector_to_params(v, p.widths, "relu")
    assert all(np.array_equal(a, b) for a, b in zip(p.weights, q.weights))
    assert all(np.array_equal(a, b) for a, b in zip(p.biases, q.biases))
    with pytest.raises(ValueError, match="parameters"):
        vector_to_params(v[:-1], p.widths)


@pytest.mark.parametrize("act", sorted(ACTIVATIONS))
def test_numpy_and_torch_forward_agree(act):
    p = init_mlp((3, 6, 4, 2), act, seed=1)
    X = np.random.default_rng(2).normal(size=(40, 3))
    np.testing.assert_allclose(forward(p, X), forward_torch(p, X).numpy(), atol=1e-12)


def test_forward_matches_hand_computation():
    W1 = np.array([[1.0, -2.0], [0.5, 0.0]])
    b1 = np.array([0.1, -0.3])
    W2 = np.array([[2.0, -1.0]])
    b2 = np.array([0.25])
    p = MLPParams((W1, W2), (b1, b2), "relu")
    x = np.array([[0.3, -0.4]])
    h = np.maximum(W1 @ x[0] + b1, 0)
    assert forward(p, x)[0, 0] == pytest.approx(W2[0] @ h + b2[0], abs=1e-15)
    _, pre = forward(p, x, return_hidden=True)
    np.testing.assert_allclose(pre[0][0], W1 @ x[0] + b1)


def test_odd_and_homogeneous_flags():
    z = np.linspace(-3, 3, 61)
    for a in ACTIVATIONS.values():
        assert a.odd == bool(np.allclose(a.numpy(-z), -a.numpy(z)))
        assert a.positively_homogeneous == bool(np.allclose(a.numpy(2.5 * z), 2.5 * a.numpy(z)))


def test_mlp_from_torch():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2)).double()
    p = mlp_from_torch(net, "tanh")
    X = torch.randn(10, 3, dtype=torch.float64)
    np.testing.assert_allclose(forward(p, X.numpy()), net(X).detach().numpy(), atol=1e-12)
    with pytest.raises(ValueError):
        mlp_from_torch(torch.nn.Tanh(), "tanh")


def test_cnn_forward_shapes_and_validation():
    c = init_cnn(1, (3, 4), 2, seed=0)
    imgs = np.random.default_rng(0).normal(size=(5, 1, 6, 6))
    assert forward_cnn(c, imgs).shape == (5, 2)
    assert c.filters == (3, 4)
    with pytest.raises(ValueError):
        forward_cnn(c, imgs[:, :, :, :, None])
    with pytest.raises(ValueError):
        init_cnn(1, (3, 0), 2)


def test_validate_widths_returns_ints():
    assert validate_widths(np.array([3, 4])) == (3, 4)


def test_as_generator_passes_generators_through_and_seeds_ints():
    from nnsym.networks import as_generator

    g = np.random.default_rng(1)
    assert as_generator(g) is g
    assert as_generator(5).normal() == np.random.default_rng(5).normal()
