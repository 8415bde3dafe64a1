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


# ----------------------------------------------------------------- issue 15: bad input never answers wrong


def _regression_data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), rng.normal(size=n)


def test_issue15_mse_with_1d_targets_and_one_output_is_the_hand_computed_loss():
    X, y = _regression_data()
    p = init_mlp((2, 3, 1), "tanh", seed=4)
    f = forward(p, X)[:, 0]
    hand = 0.5 * np.mean((f - y) ** 2)
    broadcast = 0.5 * np.mean(np.sum((f[:, None] - y[None, :]) ** 2, axis=1))  # the old n x n answer
    assert abs(broadcast - hand) > 0.5 * hand  # the test separates the right value from the old one
    assert evaluate_loss(p, X, y, "mse") == pytest.approx(hand, rel=1e-12, abs=0)
    assert evaluate_loss(p, X, y[:, None], "mse") == pytest.approx(hand, rel=1e-12, abs=0)


def test_issue15_train_mlp_mse_with_1d_targets_equals_training_on_the_column():
    X, y = _regression_data()
    a = train_mlp((2, 5, 1), X, y, loss="mse", steps=30, seed=2)
    b = train_mlp((2, 5, 1), X, y[:, None], loss="mse", steps=30, seed=2)
    np.testing.assert_array_equal(params_to_vector(a), params_to_vector(b))


def test_issue15_mse_with_1d_targets_and_several_outputs_raises_naming_y():
    X, y = _regression_data()
    with pytest.raises(ValueError, match=r"y must have shape \(20, 2\)"):
        evaluate_loss(init_mlp((2, 3, 2)), X, y, "mse")
    with pytest.raises(ValueError, match=r"y must have shape \(20, 2\)"):
        train_mlp((2, 3, 2), X, y, loss="mse", steps=2)


def test_issue15_train_mlp_batch_size_zero_raises():
    X, y = _regression_data()
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="batch_size must be an integer"):
            train_mlp((2, 3, 1), X, y, loss="mse", steps=2, batch_size=bad)


@pytest.mark.parametrize(
    "kwargs, name",
    [(dict(lr=np.inf), "lr"), (dict(lr=np.nan), "lr"), (dict(weight_decay=np.nan), "weight_decay"),
     (dict(weight_decay=np.inf), "weight_decay"), (dict(steps=2.5), "steps"), (dict(seed=-1), "seed"),
     (dict(callback_every=-1), "callback_every"), (dict(init="theta"), "init"), (dict(loss=None), "loss")],
)
def test_issue15_train_mlp_nonfinite_or_bad_hyperparameters_raise_naming_them(kwargs, name):
    X, y = _regression_data()
    with pytest.raises(ValueError, match=name):
        kw = {"steps": 2, "loss": "mse", **kwargs}
        train_mlp((2, 3, 1), X, y, **kw)


def test_issue15_train_mlp_with_nan_inputs_or_targets_raises():
    X, y = _regression_data()
    Xn, yn = X.copy(), y.copy()
    Xn[3, 1], yn[5] = np.nan, np.inf
    with pytest.raises(ValueError, match="X has non-finite"):
        train_mlp((2, 3, 1), Xn, y, loss="mse", steps=2)
    with pytest.raises(ValueError, match="y has non-finite"):
        train_mlp((2, 3, 1), X, yn, loss="mse", steps=2)


def test_issue15_train_mlp_divergence_raises_instead_of_returning_nan_parameters():
    X, y = _regression_data()
    with pytest.raises(ValueError, match=r"training diverged at step \d+.*lower lr"):
        train_mlp((2, 3, 1), X, y, loss="mse", steps=5, lr=1e300)


@pytest.mark.parametrize("labels", [np.full(20, 2.5), np.full(20, np.nan), np.full(20, 4), np.full(20, -1),
                                    np.zeros(19, dtype=int), np.zeros((20, 1), dtype=int), None, "abc"])
def test_issue15_class_labels_must_be_integers_in_range(labels):
    X, _ = _regression_data()
    p = init_mlp((2, 3, 4))
    with pytest.raises(ValueError, match="y must"):
        accuracy(p, X, labels)
    with pytest.raises(ValueError, match="y must"):
        evaluate_loss(p, X, labels)
    with pytest.raises(ValueError, match="y must"):
        train_mlp((2, 3, 4), X, labels, steps=2)


def test_issue15_accuracy_and_loss_with_nan_inputs_raise_naming_X():
    X, _ = _regression_data()
    X[0, 0] = np.nan
    p = init_mlp((2, 3, 4))
    with pytest.raises(ValueError, match="X has non-finite"):
        accuracy(p, X, np.zeros(20, dtype=int))
    with pytest.raises(ValueError, match="X has non-finite"):
        evaluate_loss(p, X, np.zeros(20, dtype=int))
    with pytest.raises(ValueError, match="params must be"):
        accuracy(None, X, np.zeros(20, dtype=int))
    with pytest.raises(ValueError, match="at least one row"):
        accuracy(p, np.zeros((0, 2)), np.zeros(0, dtype=int))


def test_issue15_accuracy_matches_a_hand_count_and_accepts_integral_float_labels():
    X, _ = _regression_data()
    p = init_mlp((2, 3, 4), seed=1)
    pred = np.argmax(forward(p, X), axis=1)
    labels = pred.copy()
    labels[:5] = (labels[:5] + 1) % 4  # exactly 5 of 20 wrong
    assert accuracy(p, X, labels) == 0.75
    assert accuracy(p, X, labels.astype(float)) == 0.75


@pytest.mark.parametrize("n_train", [2.5, "10", True, None, 1797, 0, -3])
def test_issue15_load_digits_data_with_a_non_integer_or_out_of_range_size_raises(n_train):
    with pytest.raises(ValueError, match="n_train must be"):
        load_digits_data(n_train)


def test_issue15_training_refuses_a_huge_batch_before_allocating():
    X = np.broadcast_to(np.zeros(2), (10**9, 2))
    y = np.broadcast_to(np.zeros(1), (10**9,))
    with pytest.raises(ValueError, match="would allocate"):
        train_mlp((2, 3, 1), X, y, loss="mse", steps=1)
