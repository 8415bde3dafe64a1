"""One two-layer network, three spellings: MLPParams (m, N, 1), ridgelet's (a_k, b_k, c_k) and
spectrum.RidgeNetwork; one evaluation (networks.ridge_features) behind all of them."""

import numpy as np
import pytest

from nnsym import networks as nw
from nnsym import ridgelet as rl
from nnsym import spectrum as sp


@pytest.mark.parametrize("m", [1, 3])
@pytest.mark.parametrize("seed", range(5))
def test_conversions_round_trip(m, seed):
    rng = np.random.default_rng(seed)
    N = int(rng.integers(1, 12))
    a = rng.normal(size=(N,) if m == 1 else (N, m))
    b, c = rng.normal(size=N), rng.normal(size=N)
    p = nw.ridge_to_params(a, b, c, "tanh")
    assert p.widths == (m, N, 1)
    a2, b2, c2 = nw.params_to_ridge(p)
    assert a2.shape == a.shape and np.array_equal(a2, a) and np.array_equal(b2, b) and np.array_equal(c2, c)
    # and the other way: a random (m, N, 1) network with zero output bias
    q = nw.init_mlp((m, N, 1), "sigmoid", seed=seed)
    q = nw.MLPParams(q.weights, (q.biases[0], np.zeros(1)), "sigmoid")
    r = nw.ridge_to_params(*nw.params_to_ridge(q), "sigmoid")
    assert np.array_equal(nw.params_to_vector(r), nw.params_to_vector(q))


@pytest.mark.parametrize("act", ["tanh", "gaussian", "sigmoid"])
def test_the_three_evaluations_agree(act):
    rng = np.random.default_rng(7)
    x = rng.uniform(-1, 1, 200)
    a, b = sp.sample_hidden(60, seed=3)
    c = rng.normal(size=60)
    ref = np.array([sum(ck * nw.get_activation(act).numpy(np.array(ak * xi - bk)) for ak, bk, ck in zip(a, b, c)) for xi in x])
    ridge = rl.evaluate_network(a, b, c, act, x)
    feats = sp.feature_matrix(x, a, b, act) @ c
    net = sp.RidgeNetwork(a, b, c, act, a, b, np.zeros(0))
    mlp = nw.forward(nw.ridge_to_params(a, b, c, act), x[:, None])[:, 0]
    assert np.array_equal(ridge, feats)  # one code path: identical, not merely close
    assert np.array_equal(net(x), feats)
    assert np.array_equal(nw.forward(net.params, x[:, None]), mlp[:, None])
    np.testing.assert_allclose(mlp, ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ridge, ref, rtol=1e-12, atol=1e-12)


def test_ridge_features_in_m_dimensions_and_complex_outputs():
    rng = np.random.default_rng(1)
    X, A, b = rng.normal(size=(30, 2)), rng.normal(size=(5, 2)), rng.normal(size=5)
    Phi = nw.ridge_features(X, A, b, "relu")
    assert np.array_equal(Phi, np.maximum(X @ A.T - b, 0.0))
    rho = rl.dawson_ridgelet(2)  # purely imaginary ridgelet, complex output weights
    c = rng.normal(size=5) + 1j * rng.normal(size=5)
    out = rl.evaluate_network(A, b, c, rho, X)
    np.testing.assert_allclose(out, rho(X @ A.T - b) @ c, rtol=1e-14)


def test_bad_two_layer_inputs():
    with pytest.raises(ValueError, match="same length"):
        nw.ridge_features([0.0], [1.0, 2.0], [0.0], "tanh")
    with pytest.raises(ValueError, match="dimension"):
        nw.ridge_features(np.zeros((3, 2)), [1.0], [0.0], "tanh")
    with pytest.raises(ValueError, match="unknown activation"):
        nw.ridge_features([0.0], [1.0], [0.0], "swish")
    with pytest.raises(ValueError, match="callable"):
        nw.ridge_features([0.0], [1.0], [0.0], 3)
    with pytest.raises(ValueError, match="finite"):
        nw.evaluate_ridge([0.0], [1.0], [0.0], [np.nan], "tanh")
    with pytest.raises(ValueError, match="same length"):
        nw.ridge_to_params([1.0, 2.0], [0.0, 1.0], [1.0], "tanh")
    with pytest.raises(ValueError, match="widths"):
        nw.params_to_ridge(nw.init_mlp((2, 3, 2)))
    with pytest.raises(ValueError, match="output bias"):
        nw.params_to_ridge(nw.init_mlp((2, 3, 1), bias_scale=1.0))
