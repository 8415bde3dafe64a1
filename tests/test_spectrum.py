"""Tests of nnsym.spectrum: ridge solutions, their infinite-width limit, binning, similarity."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnsym import spectrum as sp
from nnsym.ridgelet import split_visible_ghost

BOX = sp.ParameterBox(6.0, 8.0)
X = np.linspace(-1, 1, 40)


# --- ridge_minimizer -------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 8), P=st.integers(1, 12), lam=st.floats(1e-3, 1e2), seed=st.integers(0, 10_000))
def test_ridge_minimizer_solves_normal_equations(n, P, lam, seed):
    rng = np.random.default_rng(seed)
    M, y = rng.normal(size=(n, P)), rng.normal(size=n)
    c = sp.ridge_minimizer(M, y, lam)
    # gradient of ||y - Mc||^2 + lam ||c||^2 vanishes
    grad = -2 * M.T @ (y - M @ c) + 2 * lam * c
    assert np.max(np.abs(grad)) < 1e-9 * (1 + np.max(np.abs(M)) ** 2 * np.max(np.abs(y)))
    # primal and dual forms agree (push-through identity)
    primal = np.linalg.solve(M.T @ M + lam * np.eye(P), M.T @ y)
    assert np.allclose(c, primal, atol=1e-9)


def test_ridge_minimizer_is_ghost_free_and_shrinks_with_orthogonal_rows():
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.normal(size=(30, 5)))  # orthonormal columns
    M = np.sqrt(3.0) * Q.T  # M M^T = 3 I
    y = rng.normal(size=5)
    for beta in (0.1, 1.0, 10.0):
        g = sp.ridge_minimizer(M, y, beta)
        assert np.allclose(g * (3.0 + beta), M.T @ y, atol=1e-12)
        _, ghost, _ = split_visible_ghost(g, M)
        assert np.max(np.abs(ghost)) < 1e-12


@pytest.mark.parametrize("bad", [(np.ones((2, 3)), np.ones(3), 1.0), (np.ones(3), np.ones(3), 1.0),
                                 (np.ones((2, 3)), np.ones(2), 0.0), (np.ones((2, 3)), np.ones(2), -1.0)])
def test_ridge_minimizer_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        sp.ridge_minimizer(*bad)


# --- random features ---------------------------------------------------------------------------


def test_sample_hidden_is_seeded_and_in_box():
    a, b = sp.sample_hidden(500, BOX, seed=3)
    a2, b2 = sp.sample_hidden(500, BOX, seed=3)
    assert np.array_equal(a, a2) and np.array_equal(b, b2)
    assert np.all(np.abs(a) <= BOX.a_max) and np.all(np.abs(b) <= BOX.b_max)
    assert not np.array_equal(a, sp.sample_hidden(500, BOX, seed=4)[0])
    with pytest.raises(ValueError):
        sp.sample_hidden(0, BOX)


@pytest.mark.parametrize("activation", ["tanh", "gaussian"])
def test_fit_output_weights_samples_a_ridgelet_transform(activation):
    y = sp.get_target("sine")(X)
    a, b = sp.sample_hidden(300, BOX, seed=1)
    beta = 1e-3
    c = sp.fit_output_weights(X, y, a, b, activation, beta, BOX)
    Phi = sp.feature_matrix(X, a, b, activation)
    p = a.size
    # c_j = |Omega|/p * gamma_p(a_j, b_j), gamma_p = sum_i alpha_i sigma(a x_i - b), alpha = (K_p + n beta)^-1 y
    K = BOX.area / p * Phi @ Phi.T
    alpha = np.linalg.solve(K + X.size * beta * np.eye(X.size), y)
    assert np.allclose(c, BOX.area / p * Phi.T @ alpha, atol=1e-10)
    # and gamma_p is the ridgelet transform R[sum_i alpha_i delta_{x_i}; sigma] on any grid
    ag, bg = np.linspace(-5, 5, 7), np.linspace(-7, 7, 9)
    G = sp.ridge_limit_spectrum(alpha, X, activation, ag, bg)
    direct = np.array([[alpha @ sp.feature_matrix(X, [ai], [bi], activation)[:, 0] for bi in bg] for ai in ag])
    assert np.allclose(G, direct, atol=1e-10)
    # no ghost component: c lies in the row space of Phi
    _, ghost, _ = split_visible_ghost(c, Phi)
    assert np.max(np.abs(ghost)) < 1e-8 * np.max(np.abs(c))


def test_ridge_solution_converges_to_infinite_width_limit():
    y = sp.get_target("sine")(X)
    beta = 1e-3
    alpha = sp.ridge_limit_dual(X, y, "tanh", beta, BOX, n_quad=80)
    errs = []
    for p in (100, 6400):
        a, b = sp.sample_hidden(p, BOX, seed=0)
        c = sp.fit_output_weights(X, y, a, b, "tanh", beta, BOX)
        g_inf = sp.feature_matrix(X, a, b, "tanh").T @ alpha
        errs.append(np.max(np.abs(c * p / BOX.area - g_inf)) / np.max(np.abs(g_inf)))
    assert errs[1] < 0.5 * errs[0]
    assert errs[1] < 0.2


def test_limit_dual_quadrature_converges():
    y = sp.get_target("bump")(X)
    a1 = sp.ridge_limit_dual(X, y, "gaussian", 1e-2, BOX, n_quad=60)
    a2 = sp.ridge_limit_dual(X, y, "gaussian", 1e-2, BOX, n_quad=120)
    assert np.max(np.abs(a1 - a2)) < 1e-6 * np.max(np.abs(a2))


def test_bad_inputs_of_fits():
    y = np.sin(X)
    a, b = sp.sample_hidden(10, BOX)
    with pytest.raises(ValueError):
        sp.fit_output_weights(X, y[:-1], a, b, "tanh", 1e-3, BOX)
    with pytest.raises(ValueError):
        sp.fit_output_weights(X, y, a, b, "tanh", 0.0, BOX)
    with pytest.raises(ValueError):
        sp.fit_output_weights(X, y, a, b, "relu6", 1e-3, BOX)
    with pytest.raises(ValueError):
        sp.feature_matrix(X, a, b[:-1], "tanh")
    with pytest.raises(ValueError):
        sp.ridge_limit_dual(X, y, "tanh", 1e-3, BOX, n_quad=1)
    with pytest.raises(ValueError):
        sp.ridge_limit_spectrum(np.ones(3), np.array([0.0, 0.1, 0.3]), "tanh", [1.0], [0.0])
    with pytest.raises(ValueError):
        sp.ParameterBox(-1.0, 2.0)
    with pytest.raises(ValueError):
        sp.get_target("cosine")


# --- SGD training ----------------------------------------------------------------------------


def test_train_ridge_network_is_seeded_and_fits():
    y = sp.get_target("sine")(X)
    n1 = sp.train_ridge_network(X, y, 200, "tanh", 1e-3, BOX, steps=300, seed=5)
    n2 = sp.train_ridge_network(X, y, 200, "tanh", 1e-3, BOX, steps=300, seed=5)
    assert np.array_equal(n1.c, n2.c) and np.array_equal(n1.a, n2.a)
    assert n1.width == 200 and n1.losses.shape == (300,)
    assert np.mean(n1.losses[-50:]) < np.mean(n1.losses[:10])
    assert np.mean((n1(X) - y) ** 2) < 0.05 * np.mean(y**2)
    # starts where sample_hidden starts
    a0, b0 = sp.sample_hidden(200, BOX, seed=5)
    assert np.array_equal(n1.a0, a0) and np.array_equal(n1.b0, b0)


def test_train_ridge_network_adam_and_no_hidden_penalty_run():
    y = sp.get_target("bump")(X)
    net = sp.train_ridge_network(X, y, 50, "gaussian", 1e-2, BOX, steps=50, optimizer="adam", lr=1e-2,
                                 penalize_hidden=False)
    assert np.all(np.isfinite(net.c)) and not np.array_equal(net.a, net.a0)


@pytest.mark.parametrize("kw", [dict(width=0), dict(steps=0), dict(lr=0.0), dict(optimizer="lbfgs"),
                                dict(activation="swish"), dict(batch_size=0), dict(beta=-1.0)])
def test_train_ridge_network_rejects_bad_input(kw):
    args = dict(width=10, activation="tanh", beta=1e-3, steps=2)
    args.update(kw)
    with pytest.raises(ValueError):
        sp.train_ridge_network(X, np.sin(X), **args)


# --- spectra, binning, correlation ----------------------------------------------------------


def test_ridgelet_spectrum_matches_direct_quadrature_for_gaussian():
    # For the Gaussian activation sigma_*^# = sqrt(2 pi)|w| e^{-w^2/2}; compare the FFT route with a
    # direct quadrature of the Fourier-slice integral.
    ag, bg = np.array([-3.0, 1.5, 4.0]), np.linspace(-6, 6, 49)
    xs = np.linspace(-1, 1, 2001)
    wx = np.full(xs.size, xs[1] - xs[0])
    wx[[0, -1]] /= 2
    fx = np.exp(-8 * xs**2)
    w = np.linspace(-30, 30, 6001)
    dw = w[1] - w[0]
    rho = np.sqrt(2 * np.pi) * np.abs(w) * np.exp(-w**2 / 2)
    ref = np.empty((ag.size, bg.size))
    for i, a in enumerate(ag):
        fhat = (fx * wx) @ np.exp(-1j * np.outer(xs, w * a))
        ref[i] = np.real(np.exp(1j * np.outer(bg, w)) @ (fhat * rho)) * dw / (2 * np.pi)
    # the FFT route periodises in b (the spectrum decays like 1/b^2): error ~ pad^-2
    errs = [np.max(np.abs(sp.ridgelet_spectrum("bump", "gaussian", ag, bg, pad=pad) - ref)) for pad in (4, 64)]
    assert errs[1] < 2e-5 * np.max(np.abs(ref)) < errs[0]


def test_tanh_spectrum_of_odd_target_has_the_predicted_symmetry():
    ag, bg = np.linspace(-6, 6, 13), np.linspace(-8, 8, 33)
    R = sp.ridgelet_spectrum("sine", "tanh", ag, bg)
    assert np.allclose(R, -R[::-1, :], atol=1e-8 * np.max(np.abs(R)))  # R(-a, b) = -R(a, b)
    assert np.allclose(R, R[:, ::-1], atol=1e-8 * np.max(np.abs(R)))  # R(a, -b) = R(a, b)


def test_bin_parameters_conserves_mass_and_density():
    rng = np.random.default_rng(0)
    a, b, c = rng.uniform(-1, 1, 1000), rng.uniform(-2, 2, 1000), rng.normal(size=1000)
    ae, be = np.linspace(-1, 1, 5), np.linspace(-2, 2, 9)
    D = sp.bin_parameters(a, b, c, ae, be)
    assert D.shape == (4, 8)
    assert np.isclose((D * 0.5 * 0.5).sum(), c.sum())
    # a single unit lands in exactly one cell with density c / area
    D1 = sp.bin_parameters([0.1], [0.2], [2.0], ae, be)
    assert np.count_nonzero(D1) == 1 and np.isclose(D1.max(), 2.0 / 0.25)
    with pytest.raises(ValueError):
        sp.bin_parameters(a, b, c[:-1], ae, be)
    with pytest.raises(ValueError):
        sp.bin_parameters(a, b, c, ae[::-1], be)


@settings(max_examples=30, deadline=None)
@given(scale=st.floats(1e-3, 1e3), shift=st.floats(-10, 10), seed=st.integers(0, 1000))
def test_correlation_is_invariant_to_positive_affine_maps(scale, shift, seed):
    rng = np.random.default_rng(seed)
    u, v = rng.normal(size=(6, 5)), rng.normal(size=(6, 5))
    r = sp.spectrum_correlation(u, v)
    assert -1 - 1e-12 <= r <= 1 + 1e-12
    assert np.isclose(sp.spectrum_correlation(scale * u + shift, v), r, atol=1e-9)
    assert np.isclose(sp.spectrum_correlation(-u, v), -r, atol=1e-12)
    assert np.isclose(sp.spectrum_correlation(u, u), 1.0)


def test_correlation_rejects_bad_input():
    with pytest.raises(ValueError):
        sp.spectrum_correlation(np.ones(4), np.arange(4.0))
    with pytest.raises(ValueError):
        sp.spectrum_correlation(np.ones(4), np.ones(5))


def test_width_sweep_improves_with_width():
    y = sp.get_target("sine")(X)
    ae, be = BOX.edges(8, 10)
    ac, bc = sp.bin_centres(ae), sp.bin_centres(be)
    G = sp.ridge_limit_spectrum(sp.ridge_limit_dual(X, y, "tanh", 1e-3, BOX, n_quad=60), X, "tanh", ac, bc)
    res = sp.width_sweep(X, y, [50, 5000], {"limit": G}, ae, be, activation="tanh", beta=1e-3, box=BOX,
                         repeats=2)
    assert res["limit"].shape == (2, 2)
    assert res["limit"][1].min() > res["limit"][0].max()
    assert res["limit"][1].min() > 0.9
    with pytest.raises(ValueError):
        sp.width_sweep(X, y, [10], {"limit": G[:-1]}, ae, be)
    with pytest.raises(ValueError):
        sp.width_sweep(X, y, [10], {"limit": G}, ae, be, method="newton")


def test_weighted_spectrum_matches_fourier_slice_quadrature():
    # Gaussian activation, weight t = 1: sigma_*^# = |w| (G <z>^{-2})^# in closed form (erfc); the
    # Fourier-slice integral by direct quadrature must equal the FFT route, and differ from t = 0.
    ag, bg = np.array([-3.0, 2.0]), np.linspace(-6, 6, 49)  # |omega| < pi / 0.25 on the FFT route
    xs = np.linspace(-1, 1, 2001)
    wx = np.full(xs.size, xs[1] - xs[0])
    wx[[0, -1]] /= 2
    fx = np.exp(-8 * xs**2)
    w = np.linspace(-30, 30, 6001)
    from scipy.special import erfc

    rho = np.abs(w) * np.pi / 2 * np.exp(0.5) * (np.exp(-w) * erfc((1 - w) / np.sqrt(2))
                                                 + np.exp(w) * erfc((1 + w) / np.sqrt(2)))
    ref = np.empty((ag.size, bg.size))
    for i, a in enumerate(ag):
        fhat = (fx * wx) @ np.exp(-1j * np.outer(xs, w * a))
        ref[i] = np.real(np.exp(1j * np.outer(bg, w)) @ (fhat * rho)) * (w[1] - w[0]) / (2 * np.pi)
    got = sp.ridgelet_spectrum("bump", "gaussian", ag, bg, t=1.0, pad=64)
    assert np.max(np.abs(got - ref)) < 5e-5 * np.max(np.abs(ref))
    assert np.max(np.abs(sp.ridgelet_spectrum("bump", "gaussian", ag, bg, pad=64) - ref)) > 0.05 * np.max(np.abs(ref))


def test_weighted_tanh_spectrum_keeps_the_symmetry_and_rejects_bad_t():
    ag, bg = np.linspace(-6, 6, 13), np.linspace(-8, 8, 33)
    R = sp.ridgelet_spectrum("sine", "tanh", ag, bg, t=1.0)
    assert np.allclose(R, -R[::-1, :], atol=1e-8 * np.max(np.abs(R)))
    assert np.allclose(R, R[:, ::-1], atol=1e-8 * np.max(np.abs(R)))
    with pytest.raises(ValueError, match="weight exponent"):
        sp.ridgelet_spectrum("sine", "tanh", ag, bg, t=-1.0)


# --- gradient descent in the lazy regime ------------------------------------------------------


def _small_problem(seed=0, n=5, P=12):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, P)), rng.normal(size=n), rng.normal(size=P)


@pytest.mark.parametrize("mu", [0.0, 0.3])
def test_gradient_descent_matches_the_closed_form_iterate(mu):
    # c_k = c* + (I - eta H)^k (c0 - c*), H = M^T M / n + mu, computed with a matrix power
    M, y, c0 = _small_problem()
    n, P = M.shape
    eta, k = 0.05, 37
    H = M.T @ M / n + mu * np.eye(P)
    c_star = np.linalg.lstsq(H, M.T @ y / n, rcond=None)[0]  # one solution of H c = M^T y / n
    expected = c_star + np.linalg.matrix_power(np.eye(P) - eta * H, k) @ (c0 - c_star)
    c, steps, vals = sp.gradient_descent_least_squares(M, y, c0, mu=mu, steps=k, eta=eta, track=np.eye(P),
                                                       record_every=10)
    assert np.allclose(c, expected, atol=1e-12)
    assert list(steps) == [0, 10, 20, 30, 37] and np.allclose(vals[0], c0) and np.allclose(vals[-1], c)


def test_gradient_descent_keeps_the_ghost_without_weight_decay():
    M, y, c0 = _small_problem(1)
    _, s, Vt = np.linalg.svd(M)
    N = Vt[M.shape[0]:]  # orthonormal basis of ker M (rank n)
    c, _, vals = sp.gradient_descent_least_squares(M, y, c0, steps=3000, track=N)
    assert np.allclose(vals, N @ c0, atol=1e-12)  # ghost part never changes
    lim = np.linalg.pinv(M) @ y + N.T @ (N @ c0)
    assert np.allclose(c, lim, atol=1e-8)  # S^+ f + P_ker c0
    c_wd, _, vals_wd = sp.gradient_descent_least_squares(M, y, c0, mu=0.5, steps=3000, track=N)
    eta = 1 / (np.linalg.norm(M, 2) ** 2 / M.shape[0] + 0.5)
    assert np.allclose(vals_wd[-1], (1 - eta * 0.5) ** 3000 * (N @ c0), atol=1e-14)


@pytest.mark.parametrize("kw", [dict(mu=-1.0), dict(steps=0), dict(eta=0.0), dict(eta=1e6), dict(track=np.eye(3)),
                                dict(record_every=0)])
def test_gradient_descent_rejects_bad_input(kw):
    M, y, c0 = _small_problem()
    with pytest.raises(ValueError):
        sp.gradient_descent_least_squares(M, y, c0, **kw)
    with pytest.raises(ValueError, match="shape"):
        sp.gradient_descent_least_squares(M, y[:-1], c0)


def test_train_ridge_network_hidden_step_and_output_init():
    x = np.linspace(-1, 1, 30)
    y = np.sin(2 * np.pi * x)
    lazy = sp.train_ridge_network(x, y, 200, "tanh", 1e-3, BOX, steps=200, seed=0)
    init = sp.train_ridge_network(x, y, 200, "tanh", 1e-3, BOX, steps=1, lr=1e-12, seed=0, output_init_std=1.0)
    assert 0.5 < np.std(init.c) * np.sqrt(200) < 1.5  # c_j ~ N(0, 1/p)
    free = sp.train_ridge_network(x, y, 200, "tanh", 1e-3, BOX, steps=200, seed=0, hidden_lr=0.5,
                                  output_init_std=1.0)
    move = lambda net: np.median(np.hypot(net.a - net.a0, net.b - net.b0))  # noqa: E731
    assert move(free) > 10 * move(lazy)
    for bad in (dict(hidden_lr=0.0), dict(hidden_lr=float("nan")), dict(output_init_std=-1.0)):
        with pytest.raises(ValueError):
            sp.train_ridge_network(x, y, 10, "tanh", 1e-3, BOX, steps=1, **bad)


def test_ridge_limit_dual_solves_the_penalised_system_with_an_independent_kernel():
    # K_inf(x, x') = int_{[-6,6]x[-8,8]} tanh(a x - b) tanh(a x' - b) da db by adaptive 2-D
    # quadrature (scipy dblquad, not the Gauss-Legendre rule of the code); alpha must solve
    # (K_inf + n beta I) alpha = y.  With the penalty written beta I the residual is ~7e-3.
    from scipy import integrate

    x, y, beta = np.linspace(-1, 1, 5), np.array([0.3, -1.0, 0.5, 2.0, -0.7]), 1e-2
    n = x.size
    K = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            K[i, j] = K[j, i] = integrate.dblquad(
                lambda b, a: np.tanh(a * x[i] - b) * np.tanh(a * x[j] - b),
                -BOX.a_max, BOX.a_max, -BOX.b_max, BOX.b_max, epsabs=1e-11, epsrel=1e-11)[0]
    alpha = sp.ridge_limit_dual(x, y, "tanh", beta, BOX, n_quad=120)
    residual = (K + n * beta * np.eye(n)) @ alpha - y
    assert np.max(np.abs(residual)) < 1e-9 * np.max(np.abs(y))
