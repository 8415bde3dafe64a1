import numpy as np
import pytest

from nnsym.networks import forward, init_mlp, params_to_vector
from nnsym.training import accuracy, evaluate_loss, load_digits_data, train_mlp


def test_digits_split_is_seeded_and_standardised():
    d1, d2 = load_digits_data(500, seed=3), load_digits_data(500, seed=3)
    np.testing.assert_array_equal(d1.X_train, d2.X_train)
    assert d1.X_train.shape == (500, 64) and d1.X_test.shape == (1297, 64)
    assert np.abs(d1.X_train.mean(0)).max() < 1e-12
    with pytest.raises(ValueError):
        load_digits_data(0)


def test_training_reduces_loss_and_is_deterministic():
    d = load_digits_data(300, seed=0)
    w = (64, 16, 10)
    p0 = init_mlp(w, "tanh", seed=1)
    before = evaluate_loss(p0, d.X_train, d.y_train)
    p = train_mlp(w, d.X_train, d.y_train, steps=150, lr=1e-2, seed=1)
    q = train_mlp(w, d.X_train, d.y_train, steps=150, lr=1e-2, seed=1)
    np.testing.assert_array_equal(params_to_vector(p), params_to_vector(q))
    assert evaluate_loss(p, d.X_train, d.y_train) < 0.2 * before
    assert accuracy(p, d.X_test, d.y_test) > 0.85


def test_mse_minibatch_and_callback():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    Y = np.sin(X[:, :1]) + X[:, 1:] ** 2
    seen = []
    p = train_mlp((2, 12, 1), X, Y, loss="mse", steps=200, batch_size=32, lr=2e-2, activation="relu",
                  callback=lambda s, q: seen.append(s), callback_every=100)
    assert seen == [0, 100, 200]
    assert evaluate_loss(p, X, Y, "mse") < 0.5 * 0.5 * np.mean(np.sum((Y - Y.mean()) ** 2, 1))


@pytest.mark.parametrize(
    "kwargs",
    [dict(loss="hinge"), dict(steps=0), dict(lr=-1.0), dict(weight_decay=-1.0)],
)
def test_bad_arguments(kwargs):
    X, y = np.zeros((4, 2)), np.zeros(4, dtype=int)
    with pytest.raises(ValueError):
        train_mlp((2, 3, 2), X, y, **kwargs)
    with pytest.raises(ValueError):
        train_mlp((3, 3, 2), X, y)
