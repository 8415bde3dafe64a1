import numpy as np
import pytest
import torch

from nnsym.networks import (
    ACTIVATIONS,
    MLPParams,
    arrays_to_vector,
    count_params,
    forward,
    forward_layers,
    forward_cnn,
    forward_torch,
    get_activation,
    init_cnn,
    init_mlp,
    mlp_from_torch,
    param_slices,
    params_to_vector,
    validate_widths,
    vector_to_arrays,
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


# ----------------------------------------------------------------- issue 15: bad input never answers wrong


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_issue15_forward_with_nonfinite_inputs_raises_naming_X(bad):
    p = init_mlp((3, 4, 2), "relu", seed=0)
    X = np.zeros((5, 3))
    X[2, 1] = bad
    with pytest.raises(ValueError, match="X has non-finite"):
        forward(p, X)
    with pytest.raises(ValueError, match="X must be real with finite"):
        forward_torch(p, torch.as_tensor(X))
    with pytest.raises(ValueError, match="X has non-finite"):
        forward_torch(p, X)


@pytest.mark.parametrize("fn", [forward, forward_torch])
@pytest.mark.parametrize("params", [None, (np.zeros((2, 3)),), "relu"])
def test_issue15_forward_of_a_non_network_raises_valueerror_naming_params(fn, params):
    with pytest.raises(ValueError, match="params must be an nnsym.networks.MLPParams"):
        fn(params, np.zeros((2, 3)))


def test_issue15_params_to_vector_and_forward_cnn_reject_non_networks():
    with pytest.raises(ValueError, match="params must be"):
        params_to_vector(None)
    with pytest.raises(ValueError, match="params must be an nnsym.networks.CNNParams"):
        forward_cnn(init_mlp((2, 3, 1)), np.zeros((1, 2, 3, 3)))
    with pytest.raises(ValueError, match="module must be a torch.nn.Module"):
        mlp_from_torch(None, "tanh")


@pytest.mark.parametrize("kw", [dict(weight_scale=np.nan), dict(weight_scale=np.inf), dict(bias_scale=np.nan),
                                dict(weight_scale=-1.0), dict(bias_scale="0.1")])
def test_issue15_init_mlp_with_a_bad_scale_raises_naming_it(kw):
    (name,) = kw
    with pytest.raises(ValueError, match=name):
        init_mlp((3, 4, 2), **kw)


def test_issue15_zero_scales_are_valid():
    p = init_mlp((3, 4, 2), weight_scale=0.0, bias_scale=0.0)
    assert not params_to_vector(p).any()


@pytest.mark.parametrize("seed", [2.5, -1, "0", True])
def test_issue15_bad_seed_raises_naming_seed(seed):
    with pytest.raises(ValueError, match="seed"):
        init_mlp((3, 4, 2), seed=seed)


def test_issue15_nonfinite_parameters_are_refused_at_construction():
    with pytest.raises(ValueError, match=r"weights\[1\] has non-finite"):
        MLPParams((np.zeros((3, 2)), np.full((1, 3), np.inf)), (np.zeros(3), np.zeros(1)))
    with pytest.raises(ValueError, match=r"biases\[0\] has non-finite"):
        MLPParams((np.zeros((3, 2)),), (np.array([0.0, np.nan, 0.0]),))
    with pytest.raises(ValueError, match="vector has non-finite"):
        vector_to_params(np.full(count_params((2, 3, 1)), np.nan), (2, 3, 1))
    with pytest.raises(ValueError, match=r"kernels\[0\] has non-finite"):
        c = init_cnn(1, (2,), 1)
        type(c)((np.full_like(c.kernels[0], np.nan),), c.conv_biases, c.head_weight, c.head_bias)
    with pytest.raises(ValueError, match="weights must be a tuple"):
        MLPParams(np.zeros((3, 2)), np.zeros(3))


@pytest.mark.parametrize("X", [None, "abc", [[1.0, 2.0, "x"]], np.zeros((2, 3), dtype=complex), np.zeros((2, 4))])
def test_issue15_forward_with_non_numeric_or_misshaped_X_raises_naming_X(X):
    with pytest.raises(ValueError, match="X must"):
        forward(init_mlp((3, 4, 2)), X)


def test_issue15_forward_on_an_empty_batch_returns_an_empty_result():
    assert forward(init_mlp((3, 4, 2)), np.zeros((0, 3))).shape == (0, 2)


def test_issue15_forward_refuses_a_huge_batch_before_allocating():
    import time

    p = init_mlp((3, 1000, 2), "relu")
    X = np.broadcast_to(np.zeros(3), (10**8, 3))  # 2.4 GB of inputs, no memory (stride 0)
    t0 = time.process_time()
    with pytest.raises(ValueError, match=r"n=100000000 rows would allocate about 1\.\d TiB.*smaller batches"):
        forward(p, X)
    assert time.process_time() - t0 < 0.5
    with pytest.raises(ValueError, match="would allocate"):
        forward_torch(p, torch.zeros(1, 3).expand(10**8, 3))
    with pytest.raises(ValueError, match="init_mlp.*would allocate about 14.6 TiB"):
        init_mlp([10**6] * 3)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivative_matches_autograd(name):
    """The record's derivative (fdim's closed-form Jacobian reads it) is sigma' by autograd."""
    act = get_activation(name)
    z = torch.linspace(-3.1, 2.9, 41, dtype=torch.float64, requires_grad=True)  # avoids 0
    if name == "step":  # piecewise constant: no autograd graph, sigma' = 0 off z = 0
        assert torch.equal(act.derivative(z.detach()), torch.zeros_like(z))
        return
    (grad,) = torch.autograd.grad(act.torch(z).sum(), z)
    np.testing.assert_allclose(act.derivative(z.detach()).numpy(), grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(act.numpy(z.detach().numpy()), act.torch(z).detach().numpy(), atol=1e-14)


def test_activation_fourier_transforms_against_riemann_sums():
    """(i w)^p sigma#(w) is the transform of sigma^(p), p = pole order, which decays: compare
    it with a Riemann sum of sigma^(p) built from the record's values and derivative (for the
    step and ReLU sigma^(p) = delta, whose transform is 1), away from w = 0."""
    t = torch.linspace(-60, 60, 2**15 + 1, dtype=torch.float64)[:-1]
    dt = float(t[1] - t[0])
    t.requires_grad_(True)
    w = np.array([-2.3, -0.7, 0.4, 1.1, 2.6])
    for name, act in ACTIVATIONS.items():
        if act.fourier is None:
            assert name == "identity"
            continue
        p = act.pole_order
        if name in ("step", "relu"):
            expected = np.ones_like(w)
        else:
            d = {0: act.torch, 1: act.derivative}.get(p, act.derivative)(t)
            if p == 2:
                (d,) = torch.autograd.grad(d.sum(), t)
            expected = np.exp(-1j * np.outer(w, t.detach().numpy())) @ d.detach().numpy() * dt
        np.testing.assert_allclose((1j * w) ** p * act.fourier(w), expected, atol=1e-6, err_msg=name)


# ----------------------------------------------------- issue 16: one owner of the layout


def test_param_slices_by_hand():
    # theta = (vec W_1, b_1, vec W_2, b_2), W_l row-major, written out for (2, 3, 1)
    (s1, s2) = param_slices((2, 3, 1))
    theta = np.arange(13.0)
    assert s1.shape == (3, 2) and s2.shape == (1, 3)
    np.testing.assert_array_equal(theta[s1.weight].reshape(s1.shape), [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(theta[s1.bias], [6, 7, 8])
    np.testing.assert_array_equal(theta[s2.weight].reshape(s2.shape), [[9, 10, 11]])
    np.testing.assert_array_equal(theta[s2.bias], [12])
    p = vector_to_params(theta, (2, 3, 1))
    np.testing.assert_array_equal(p.weights[0], [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(p.biases[1], [12])


@pytest.mark.parametrize("seed", range(6))
def test_param_slices_agree_with_vector_to_params_on_random_widths(seed):
    rng = np.random.default_rng(seed)
    ws = tuple(int(w) for w in rng.integers(1, 6, size=rng.integers(2, 6)))
    P = count_params(ws)
    slices = param_slices(ws)
    assert len(slices) == len(ws) - 1
    # the slices tile 0..P-1 in order, without gaps
    bounds = [(s.weight.start, s.weight.stop, s.bias.start, s.bias.stop) for s in slices]
    assert bounds[0][0] == 0 and bounds[-1][-1] == P
    for (a, b, c, d), (n_out, n_in) in zip(bounds, (s.shape for s in slices)):
        assert b - a == n_out * n_in and b == c and d - c == n_out
    v = rng.normal(size=P)
    p = vector_to_params(v, ws)
    for s, W, b in zip(slices, p.weights, p.biases):
        np.testing.assert_array_equal(v[s.weight].reshape(s.shape), W)
        np.testing.assert_array_equal(v[s.bias], b)
    np.testing.assert_array_equal(params_to_vector(p), v)
    # batched (N, P) and (2, 3, P): row by row the same as vector_to_params
    for lead in ((4,), (2, 3)):
        V = rng.normal(size=lead + (P,))
        Ws, bs = vector_to_arrays(V, ws)
        for idx in np.ndindex(*lead):
            q = vector_to_params(V[idx], ws)
            for W, b, Wq, bq in zip(Ws, bs, q.weights, q.biases):
                np.testing.assert_array_equal(W[idx], Wq)
                np.testing.assert_array_equal(b[idx], bq)
        np.testing.assert_array_equal(arrays_to_vector(Ws, bs), V)
    # torch tensors are sliced the same way
    Ws_t, bs_t = vector_to_arrays(torch.as_tensor(v), ws)
    for Wt, W in zip(Ws_t, p.weights):
        np.testing.assert_array_equal(Wt.numpy(), W)


def test_vector_to_arrays_returns_views_and_checks_the_length():
    V = np.zeros((3, count_params((2, 3, 2))))
    Ws, bs = vector_to_arrays(V, (2, 3, 2))
    Ws[1][2, 0, 1] = 5.0  # W_2[0, 1] of vector 2
    bs[0][1, 2] = 7.0  # b_1[2] of vector 1
    assert V[2, 9 + 1] == 5.0 and V[1, 6 + 2] == 7.0
    with pytest.raises(ValueError, match=r"has 17 parameters.*\(\.\.\., 17\)"):
        vector_to_arrays(np.zeros((3, 16)), (2, 3, 2))
    with pytest.raises(ValueError, match="widths"):
        param_slices((2, 0, 1))
    with pytest.raises(ValueError, match="as many weight arrays"):
        arrays_to_vector([np.zeros((2, 2))], [])


@pytest.mark.parametrize("act", ["tanh", "relu"])
def test_forward_layers_batched_over_parameter_vectors_matches_forward(act):
    ws = (3, 4, 5, 2)
    rng = np.random.default_rng(1)
    V = rng.normal(size=(6, count_params(ws)))
    X = rng.normal(size=(7, 3))
    Ws, bs = vector_to_arrays(V, ws)
    F = forward_layers(Ws, bs, X, get_activation(act).numpy)
    assert F.shape == (6, 7, 2)
    for i in range(6):
        np.testing.assert_allclose(F[i], forward(vector_to_params(V[i], ws, act), X), rtol=1e-13, atol=1e-13)


# ------------------------------------------------- issue 16: one validation helper


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "3", None])
def test_validate_cnn_sizes_names_the_bad_argument(bad):
    from nnsym.networks import validate_cnn_sizes

    assert validate_cnn_sizes(1, (2, 3), 4, 3) == (1, (2, 3), 4, 3)
    for name, args in (("in_channels", (bad, (2,), 1, 3)), ("n_out", (1, (2,), bad, 3)),
                       ("kernel_size", (1, (2,), 1, bad)), ("filters", (1, (2, bad), 1, 3))):
        with pytest.raises(ValueError, match=f"^{name} must be"):
            validate_cnn_sizes(*args)
        if name != "filters":
            with pytest.raises(ValueError, match=f"^{name} must be"):
                init_cnn(*args[:3], kernel_size=args[3])


@pytest.mark.parametrize("bad, why", [(0, "an integer >= 1, got 0"), (2.5, "an integer, got 2.5"), (True, "an integer, got True")])
def test_validate_widths_reports_the_entry_and_the_widths(bad, why):
    with pytest.raises(ValueError, match=rf"^hidden widths must be {why} in \(3, {bad}\)$"):
        validate_widths((3, bad), what="hidden widths")


def test_forward_layers_refuses_shapes_that_do_not_chain():
    W1, b1, W2, b2 = np.ones((3, 2)), np.ones(3), np.ones((1, 3)), np.ones(1)
    X = np.ones((4, 2))
    assert forward_layers([W1, W2], [b1, b2], X, np.tanh).shape == (4, 1)
    with pytest.raises(ValueError, match="layer 2"):
        forward_layers([W1, W2.T], [b1, b2], X, np.tanh)
    with pytest.raises(ValueError, match="layer 1"):
        forward_layers([W1], [np.ones(2)], X, np.tanh)
    with pytest.raises(ValueError, match="equally long"):
        forward_layers([W1, W2], [b1], X, np.tanh)
    with pytest.raises(ValueError, match="act must be callable"):
        forward_layers([W1], [b1], X, "tanh")


def test_validate_array_is_the_one_finite_array_check():
    from nnsym.networks import validate_array

    for name, bad in (("v", [1.0, np.nan]), ("w", np.array([np.inf]))):
        with pytest.raises(ValueError, match=f"^{name} must be finite: {name} has non-finite"):
            validate_array(bad, name)
    # real=True refuses what np.asarray(dtype=float) would turn into NaN or silently cut
    for bad in (None, "abc", np.array([1 + 2j]), np.array([object()])):
        with pytest.raises(ValueError, match="^v must be a real numeric array"):
            validate_array(bad, "v", real=True)
    np.testing.assert_array_equal(validate_array(torch.tensor([1.0, 2.0]), "v", real=True), [1.0, 2.0])
    with pytest.raises(ValueError, match="^X must be a real numeric array"):
        forward(init_mlp((1, 2, 1)), torch.ones(3, 1, dtype=torch.complex128))
    # the MLP constructor, vector_to_params and forward all go through it
    with pytest.raises(ValueError, match="^vector must be a real numeric array"):
        vector_to_params(np.array([1j] * 17), (2, 3, 2))


def test_validate_array_refuses_complex_unless_asked():
    """Casting a complex array to float drops its imaginary part (and a NaN in it): refuse."""
    from nnsym.networks import validate_array

    z = np.array([1.0 + 2.0j, 3.0])
    with pytest.raises(ValueError, match="z must be real, got complex"):
        validate_array(z, "z")
    out = validate_array(z, "z", complex_ok=True)
    assert out.dtype.kind == "c" and out[0] == 1.0 + 2.0j
    with pytest.raises(ValueError, match="z must be finite"):
        validate_array(np.array([1.0 + 1j * np.nan]), "z", complex_ok=True)
    assert validate_array([1, 2], "z").dtype == float
