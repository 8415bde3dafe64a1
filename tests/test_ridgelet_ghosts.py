"""Tests of the true visible/ghost split of nnsym.ridgelet (Chapter 4).

The geometry is the parameter space of Sonoda et al. (2021) with s = t = 0, whose inner product
on ridgelet transforms carries the weight |omega|^(-2m).  These tests would have caught the old
mistakes of Chapter 4: reading <<sigma, rho>> as <<sigma_*, rho>> (wrong weight), and calling
R[f; rho] with an admissible rho the "visible part" of a distribution.
"""

import math

import numpy as np
import pytest

from nnsym import ridgelet as rl

GAUSS = "gaussian"
C_GAUSS = 2 * math.pi**1.5  # c = <<G, G_*>> = int 2 pi e^{-w^2} dw


def f_odd(z):
    return z * np.exp(-(z**2))


def f_odd_hat(xi):  # closed form of the Fourier transform of z e^{-z^2}
    return -0.5j * math.sqrt(math.pi) * xi * np.exp(-(xi**2) / 4)


F_NORM2 = math.sqrt(math.pi / 2) / 4  # int z^2 e^{-2 z^2} dz


@pytest.fixture(scope="module")
def grid():
    a = np.arange(-20, 20.1, 0.2)
    b = np.arange(-60, 60.1, 0.2)
    return a, b


def test_admissibility_is_the_sigma_star_inner_product_in_the_weighted_space():
    s_star = rl.adjoint_ridgelet(GAUSS)
    for name in ("LambdaG_0", "LambdaG_2", "LambdaG_4", "G_2", "rho_1"):
        k = rl.admissibility_constant(GAUSS, name)
        assert abs(rl.weighted_ridgelet_inner(s_star, name) - k) < 1e-9 * max(1.0, abs(k))
    assert abs(rl.weighted_ridgelet_inner(s_star, s_star) - C_GAUSS) < 1e-9


def test_counterexample_to_the_old_proof_step():
    # rho = Lambda(G + G''): <<G_*, rho>> = 0 (plain |w|^-1 weight) but <<G, rho>> = pi^{3/2}
    rho = rl.get_ridgelet_function("LambdaG_0") + rl.get_ridgelet_function("LambdaG_2")
    s_star = rl.adjoint_ridgelet(GAUSS)
    assert abs(rl.admissibility_constant(s_star, rho)) < 1e-12
    assert abs(rl.admissibility_constant(GAUSS, rho) - math.pi**1.5) < 1e-9
    assert abs(rl.weighted_ridgelet_inner(s_star, rho) - math.pi**1.5) < 1e-9


def test_weighted_inner_rejects_infinite_and_bad_input():
    t_star = rl.adjoint_ridgelet("tanh")
    with pytest.raises(ValueError):
        rl.weighted_ridgelet_inner(t_star, t_star)  # c = int |tanh#|^2 = infinity
    with pytest.raises(ValueError):
        rl.weighted_ridgelet_inner("LambdaG_0", "LambdaG_0", m=0)


def test_parameter_inner_product_plain_and_weighted_isometry(grid):
    a, b = grid
    rng = np.random.default_rng(0)
    g1, g2 = rng.normal(size=(2, a.size, b.size))
    assert abs(rl.parameter_inner_product(g1, g2, a, b, weighted=False) - np.sum(g1 * g2) * 0.04) < 1e-9
    # isometry <R[f;rho], R[f;tau]>_* = ||f||^2 (rho, tau)_* for fast-converging rho, tau
    r4 = rl.normalize_ridgelet(GAUSS, "LambdaG_4")
    r6 = rl.normalize_ridgelet(GAUSS, "LambdaG_6")
    g4 = rl.ridgelet_transform_fourier(f_odd_hat, r4, a, b).real
    g6 = rl.ridgelet_transform_fourier(f_odd_hat, r6, a, b).real
    got = rl.parameter_inner_product(g4, g6, a, b).real
    want = F_NORM2 * rl.weighted_ridgelet_inner(r4, r6).real
    assert abs(got - want) < 1e-6 * abs(want)
    with pytest.raises(ValueError):
        rl.parameter_inner_product(g1, g2[:, :-1], a, b)
    with pytest.raises(ValueError):
        rl.parameter_inner_product(g1, g2, a, b, pad=0)


def test_visible_part_is_not_an_admissible_representative(grid):
    a, b = grid
    vis = rl.visible_distribution(f_odd_hat, GAUSS, a, b)
    assert np.abs(vis.imag).max() < 1e-10 * np.abs(vis).max()
    vis = vis.real
    nv = rl.parameter_inner_product(vis, vis, a, b).real
    # ||S^dagger f||_*^2 = ||f||^2 / c, up to the O(1/A) cut-off of the scales (A = 20: ~10 %)
    assert 0.85 * F_NORM2 / C_GAUSS < nv <= F_NORM2 / C_GAUSS
    for k in (2, 4):
        g = rl.ridgelet_transform_fourier(f_odd_hat, rl.normalize_ridgelet(GAUSS, f"LambdaG_{k}"), a, b).real
        rem = g - vis
        ng = rl.parameter_inner_product(g, g, a, b).real
        nr = rl.parameter_inner_product(rem, rem, a, b).real
        cos_w = rl.parameter_inner_product(vis, rem, a, b).real / math.sqrt(nv * nr)
        cos_l2 = rl.parameter_inner_product(vis, rem, a, b, weighted=False).real / math.sqrt(
            rl.parameter_inner_product(vis, vis, a, b, weighted=False).real
            * rl.parameter_inner_product(rem, rem, a, b, weighted=False).real
        )
        assert ng > 3 * nv  # the representative R[f; rho~_k] is far from minimum norm
        assert abs(cos_w) < 0.1  # remainder orthogonal to the visible part in the weighted space
        assert abs(cos_l2) > 0.15  # ... but not in plain L2: the geometry matters


def test_project_visible_maps_a_representative_to_the_visible_part(grid):
    a, b = grid
    vis = rl.visible_distribution(f_odd_hat, GAUSS, a, b).real
    g4 = rl.ridgelet_transform_fourier(f_odd_hat, rl.normalize_ridgelet(GAUSS, "LambdaG_4"), a, b).real
    p4 = rl.project_visible(g4, GAUSS, a, b, np.arange(-4, 4.01, 0.05)).real
    norm = lambda g: math.sqrt(rl.parameter_inner_product(g, g, a, b).real)  # noqa: E731
    assert norm(p4 - vis) < 1e-3 * norm(vis)
    assert norm(g4 - vis) > 2 * norm(vis)


def test_visible_distribution_rejects_activations_with_infinite_c():
    a = np.linspace(-1, 1, 5)
    for name in ("tanh", "relu", "sigmoid"):
        with pytest.raises(ValueError, match="not finite"):
            rl.visible_distribution(f_odd_hat, name, a, a)
    with pytest.raises(ValueError):
        rl.project_visible(np.zeros((5, 5)), GAUSS, a, a, np.array([0.0, 0.1, 0.3]))
