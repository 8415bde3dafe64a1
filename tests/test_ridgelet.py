"""Tests of nnsym.ridgelet: transforms, admissibility, reconstruction, ghosts, bad inputs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnsym import ridgelet as rl

X1 = np.linspace(-8, 8, 257)
F1 = np.exp(-(X1**2) / 2)  # f = G, fhat = sqrt(2 pi) exp(-xi^2/2)


def exact_R_gaussian_dawson(k, a, b):
    """R[G; rho_k](a, b) = sqrt(2 pi) (-1)^k s^{-(k+1)} rho_k(b/s), s = sqrt(1 + a^2)."""
    s = np.sqrt(1 + a[:, None] ** 2)
    return math.sqrt(2 * math.pi) * (-1) ** k * s ** (-(k + 1)) * rl.dawson_ridgelet(k)(b[None, :] / s)


@pytest.mark.parametrize("name", ["G_0", "G_3", "rho_2", "rho_4", "LambdaG_2", "Lambda2G_0"])
def test_real_and_fourier_forms_agree(name):
    r = rl.get_ridgelet_function(name)
    t = np.linspace(-80, 80, 2**15, endpoint=False)
    w = np.array([-2.1, -0.6, 0.35, 1.3, 2.7])
    num = np.exp(-1j * np.outer(w, t)) @ r(t) * (t[1] - t[0])
    assert np.max(np.abs(num - r.fourier(w))) < 1e-4


@pytest.mark.parametrize("sigma,rho,m,expr", rl.ADMISSIBLE_PAIRS)
def test_admissible_pairs_table(sigma, rho, m, expr):
    expected = eval(expr, {"pi": math.pi})
    got = rl.admissibility_constant(sigma, rho, m)
    assert abs(got - expected) < 1e-7 * max(1.0, abs(expected))


def test_tanh_dawson_constants_parity():
    for k in (1, 3, 5):
        assert abs(rl.admissibility_constant("tanh", f"rho_{k}")) < 1e-12
    k2 = rl.admissibility_constant("tanh", "rho_2")
    assert abs(k2 - 3.805759958j) < 1e-6
    assert abs(rl.admissibility_constant("tanh", "rho_4") + 2.284537126j) < 1e-6
    # sesquilinear: <<s, c rho>> = conj(c) <<s, rho>>
    c = 0.3 - 2j
    assert abs(rl.admissibility_constant("tanh", rl.dawson_ridgelet(2) * c) - np.conj(c) * k2) < 1e-6


@pytest.mark.parametrize("pair", [("relu", "LambdaG_0"), ("tanh", "rho_0"), ("gaussian", "G_0"), ("relu", "G_2")])
def test_divergent_constants_raise(pair):
    with pytest.raises(ValueError, match="not finite"):
        rl.admissibility_constant(*pair)


def test_normalize_ridgelet():
    r = rl.normalize_ridgelet("tanh", "rho_4")
    assert abs(rl.admissibility_constant("tanh", r) - 1) < 1e-9
    with pytest.raises(ValueError, match="not admissible"):
        rl.normalize_ridgelet("tanh", "rho_3")


def test_direct_transform_matches_closed_form():
    a = np.linspace(-5, 5, 11)
    b = np.linspace(-6, 6, 13)
    for k in (1, 2, 4):
        R = rl.ridgelet_transform(F1, f"rho_{k}", a, b, X1)
        # conj(rho_k) = -rho_k (purely imaginary) is in the definition; compare with the closed form
        assert np.max(np.abs(R - exact_R_gaussian_dawson(k, a, b))) < 1e-9


def test_fourier_slice_plus_sign_and_fft_agree_with_direct():
    a = np.linspace(-6, 6, 64)
    b = np.linspace(-12, 12, 96)
    rho = rl.dawson_ridgelet(4)
    D = rl.ridgelet_transform(F1, rho, a, b, X1)
    fh = rl.sampled_fourier_transform(F1, X1)
    Fs = rl.ridgelet_transform_fourier(fh, rho, a, b, pad=4)  # chirp-z path
    Fc = rl.ridgelet_transform_fourier(lambda xi: math.sqrt(2 * math.pi) * np.exp(-(xi**2) / 2), rho, a, b, pad=4)
    assert np.max(np.abs(D - Fs)) < 1e-7
    assert np.max(np.abs(D - Fc)) < 1e-7
    # the wrong sign e^{-i w b} gives R(a, -b), which differs for this odd-in-b transform
    assert np.max(np.abs(D - D[:, ::-1])) > 1e-2


def test_sampled_fourier_transform_interpolation_1d_and_2d():
    fh = rl.sampled_fourier_transform(F1, X1)
    xi = np.linspace(-5, 5, 37)
    assert np.max(np.abs(fh(xi) - math.sqrt(2 * math.pi) * np.exp(-(xi**2) / 2))) < 1e-9
    ax = np.linspace(-7, 7, 64)
    fh2 = rl.sampled_fourier_transform(lambda p: np.exp(-0.5 * (p**2).sum(-1)), (ax, ax))
    pts = np.random.default_rng(1).normal(size=(20, 2))
    assert np.max(np.abs(fh2(pts) - 2 * math.pi * np.exp(-0.5 * (pts**2).sum(-1)))) < 1e-8


def test_isometry():
    # ||R[f; rho_2]||^2 = <<rho_2, rho_2>> ||f||^2 with <<rho_2, rho_2>> = 1
    a = np.linspace(-40, 40, 801)
    b = np.linspace(-60, 60, 1024)
    fh = lambda xi: math.sqrt(2 * math.pi) * np.exp(-(xi**2) / 2)  # noqa: E731
    R = rl.ridgelet_transform_fourier(fh, "rho_2", a, b, pad=2)
    lhs = np.sum(np.abs(R) ** 2) * (a[1] - a[0]) * (b[1] - b[0])
    assert abs(rl.admissibility_constant("rho_2", "rho_2") - 1) < 1e-9
    assert abs(lhs - math.sqrt(math.pi)) < 1e-2  # ||G||^2 = sqrt(pi); tail |a| > 40 is O(1/40^2)


def test_reconstruction_tanh_rho4():
    x = np.linspace(-4, 4, 161)
    f = np.exp(-2 * x**2) * np.sin(2 * np.pi * x)
    a = np.arange(-15, 15.001, 0.1)
    b = np.arange(-20, 20.001, 0.1)
    rho = rl.normalize_ridgelet("tanh", "rho_4")
    fh = rl.sampled_fourier_transform(f, x)
    gamma = rl.ridgelet_transform_fourier(fh, rho, a, b).real
    xe = np.linspace(-1.5, 1.5, 31)
    out = rl.integral_representation(gamma, "tanh", a, b, xe)
    target = np.exp(-2 * xe**2) * np.sin(2 * np.pi * xe)
    assert np.max(np.abs(out - target)) < 0.06


def test_nontrivial_ghost_in_kernel():
    x = np.linspace(-4, 4, 161)
    f = np.exp(-2 * x**2) * np.sin(2 * np.pi * x)
    a = np.arange(-15, 15.001, 0.1)
    b = np.arange(-20, 20.001, 0.1)
    ghost_rho = rl.normalize_ridgelet("tanh", "rho_4") - rl.normalize_ridgelet("tanh", "rho_6")
    assert abs(rl.admissibility_constant("tanh", ghost_rho)) < 1e-9
    g = rl.ridgelet_transform_fourier(rl.sampled_fourier_transform(f, x), ghost_rho, a, b).real
    # not an antipodal cancellation: for odd tanh only the even part gamma(a,b) + gamma(-a,-b) cancels;
    # this ghost is purely odd, g(-a,-b) = -g(a,b), so every antipodal pair *adds up*
    assert np.max(np.abs(g + g[::-1, ::-1])) < 1e-9 and np.max(np.abs(g)) > 0.1
    norm = math.sqrt(np.sum(g**2) * 0.01)
    out = rl.integral_representation(g, "tanh", a, b, np.linspace(-1.5, 1.5, 31))
    assert norm > 0.5 and np.max(np.abs(out)) < 0.05


def test_synthesis_matrix_and_split():
    a = np.linspace(-3, 3, 7)
    b = np.linspace(-3, 3, 9)
    x = np.linspace(-1, 1, 12)
    M = rl.synthesis_matrix("tanh", a, b, x)
    gamma = np.random.default_rng(0).normal(size=(7, 9))
    assert np.allclose(M @ gamma.ravel(), rl.integral_representation(gamma, "tanh", a, b, x))
    vis, ghost, r = rl.split_visible_ghost(gamma, M)
    assert r <= 12
    assert np.allclose(vis + ghost, gamma)
    assert np.max(np.abs(M @ ghost.ravel())) < 1e-8
    assert abs(np.vdot(vis, ghost)) < 1e-8
    # uniqueness: splitting the visible part again returns it unchanged
    vis2, ghost2, _ = rl.split_visible_ghost(vis, M)
    assert np.allclose(vis2, vis) and np.max(np.abs(ghost2)) < 1e-8


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.floats(min_value=-2.0, max_value=2.0))
def test_linearity_of_R_and_S(seed, c):
    rng = np.random.default_rng(seed)
    x = np.linspace(-3, 3, 31)
    f, g = rng.normal(size=31), rng.normal(size=31)
    a, b = np.linspace(-2, 2, 5), np.linspace(-2, 2, 6)
    R = lambda h: rl.ridgelet_transform(h, "G_2", a, b, x)  # noqa: E731
    assert np.allclose(R(f + c * g), R(f) + c * R(g))
    G1, G2 = rng.normal(size=(5, 6)), rng.normal(size=(5, 6))
    S = lambda G: rl.integral_representation(G, "tanh", a, b, x)  # noqa: E731
    assert np.allclose(S(G1 + c * G2), S(G1) + c * S(G2))


def test_antipodal_cancellation_odd_sigma():
    # tanh odd and rho_1 even -> gamma(-a,-b) = gamma(a,b) and S[gamma] = 0 exactly on a symmetric grid
    x = np.linspace(-4, 4, 81)
    a = np.linspace(-5, 5, 41)
    b = np.linspace(-5, 5, 41)
    g = rl.ridgelet_transform(np.exp(-(x**2)) * (1 + x), "rho_1", a, b, x)
    out = rl.integral_representation(g, "tanh", a, b, np.linspace(-1, 1, 7))
    assert np.max(np.abs(g)) > 0.1 and np.max(np.abs(out)) < 1e-12


def test_sample_network_unbiased_and_converges():
    a = np.linspace(-3, 3, 13)
    b = np.linspace(-3, 3, 13)
    gamma = np.outer(np.exp(-(a**2)), np.sin(b))
    x = np.linspace(-1, 1, 9)
    exact = rl.integral_representation(gamma, "tanh", a, b, x)
    errs = []
    for n in (100, 10_000):
        ak, bk, ck = rl.sample_network(gamma, a, b, n, seed=3)
        errs.append(np.max(np.abs(rl.evaluate_network(ak, bk, ck, "tanh", x) - exact)))
    assert errs[1] < errs[0] and errs[1] < 0.05


def test_adjoint_ridgelet():
    s = rl.adjoint_ridgelet("tanh")
    w = np.array([-1.0, 0.0, 0.5, 2.0])
    expected = -1j * np.pi * np.abs(w) / np.where(w == 0, 1, np.sinh(np.pi * w / 2))
    expected[1] = 0
    assert np.allclose(s.fourier(w), expected)
    g = rl.adjoint_ridgelet("gaussian", m=2)
    assert np.allclose(g.fourier(w), 2 * np.pi * w**2 * math.sqrt(2 * np.pi) * np.exp(-(w**2) / 2))
    # <<sigma, sigma_*>> = int |sigma^#|^2: finite for the Gaussian (2 pi sqrt(pi)), infinite for tanh
    assert abs(rl.admissibility_constant("gaussian", rl.adjoint_ridgelet("gaussian")) - 2 * np.pi**1.5) < 1e-8
    with pytest.raises(ValueError, match="not finite"):
        rl.admissibility_constant("tanh", s)
    with pytest.raises(ValueError, match="not locally integrable"):
        rl.adjoint_ridgelet("relu", m=1)
    assert np.allclose(rl.adjoint_ridgelet("relu", m=2).fourier(np.array([0.0, 1.0])), [-2 * np.pi, -2 * np.pi])


def test_bad_inputs():
    with pytest.raises(ValueError, match="unknown activation"):
        rl.get_activation_function("swish")
    with pytest.raises(ValueError, match="unknown ridgelet"):
        rl.get_ridgelet_function("rho_x")
    with pytest.raises(ValueError):
        rl.dawson_ridgelet(-1)
    with pytest.raises(ValueError, match="shape"):
        rl.ridgelet_transform(F1[:-1], "G_0", [1.0], [0.0, 1.0], X1)
    with pytest.raises(ValueError, match="equispaced"):
        rl.ridgelet_transform(F1, "G_0", [1.0], [0.0], np.r_[X1[:-1], 100.0])
    with pytest.raises(ValueError, match="real-space"):
        rl.ridgelet_transform(F1, rl.adjoint_ridgelet("tanh"), [1.0], [0.0], X1)
    with pytest.raises(ValueError, match="equispaced"):
        rl.ridgelet_transform_fourier(lambda xi: xi, "G_0", [1.0], [0.0, 1.0, 3.0])
    with pytest.raises(ValueError, match="pad"):
        rl.ridgelet_transform_fourier(lambda xi: xi, "G_0", [1.0], [0.0, 1.0], pad=0)
    with pytest.raises(ValueError, match="gamma"):
        rl.integral_representation(np.zeros((2, 2)), "tanh", [0.0, 1.0, 2.0], [0.0, 1.0], [0.0])
    with pytest.raises(ValueError, match="da"):
        rl.integral_representation(np.zeros((2, 2)), "tanh", np.zeros((2, 2)), [0.0, 1.0], np.zeros((1, 2)))
    with pytest.raises(ValueError, match="n_units"):
        rl.sample_network(np.ones((2, 2)), [0.0, 1.0], [0.0, 1.0], 0)
    with pytest.raises(ValueError, match="zero"):
        rl.sample_network(np.zeros((2, 2)), [0.0, 1.0], [0.0, 1.0], 5)
    with pytest.raises(ValueError, match="m"):
        rl.admissibility_constant("tanh", "rho_2", m=0)
    with pytest.raises(ValueError, match="order"):
        rl.sampled_fourier_transform(F1, X1, order=3)
    with pytest.raises(ValueError, match="columns"):
        rl.split_visible_ghost(np.zeros(3), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="same length"):
        rl.evaluate_network([1.0, 2.0], [0.0], [1.0], "tanh", [0.0])
