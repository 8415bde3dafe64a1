"""Tests of the weighted adjoint ridgelet sigma_* = (2 pi)^(m-1) Lambda^m(<z>^(-2t) sigma).

References are computed independently of nnsym: closed forms (erfc, the t = 0 formula) and
QAWF Fourier quadrature (scipy.integrate.quad with a sine/cosine weight) in real space.
"""

import math

import numpy as np
import pytest
from scipy import integrate, special

import nnsym.ridgelet as rl


def _qawf_transform(fun, w):
    """int fun(z) e^{-i z w} dz for w > 0 by QAWF on the even and odd parts of fun."""
    even = integrate.quad(lambda z: fun(z) + fun(-z), 0, np.inf, weight="cos", wvar=w, limlst=200)[0]
    odd = integrate.quad(lambda z: fun(z) - fun(-z), 0, np.inf, weight="sin", wvar=w, limlst=200)[0]
    return even - 1j * odd


W = np.array([-3.0, -0.4, 0.0, 0.05, 0.7, 1.0, 2.5, 6.0])


@pytest.mark.parametrize("name", ["tanh", "gaussian", "sigmoid"])
@pytest.mark.parametrize("m", [1, 2])
def test_t_zero_is_the_unweighted_adjoint(name, m):
    s = rl.get_activation_function(name)
    c = (2 * math.pi) ** (m - 1)
    w = W[W != 0]
    expected = c * np.abs(w) ** m * s.fourier(w)
    for rho in (rl.adjoint_ridgelet(name, m), rl.adjoint_ridgelet(name, m, t=0.0), rl.adjoint_ridgelet(name, m, t=0)):
        np.testing.assert_allclose(rho.fourier(w), expected, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("m", [1, 2])
def test_gaussian_t_one_matches_the_erfc_closed_form(m):
    # int e^{-z^2/2} cos(wz)/(1+z^2) dz = (pi/2) e^{1/2} [e^{-w} erfc((1-w)/sqrt2) + e^{w} erfc((1+w)/sqrt2)]
    w = np.linspace(-8, 8, 161)
    g = np.pi / 2 * np.exp(0.5) * (np.exp(-w) * special.erfc((1 - w) / np.sqrt(2))
                                   + np.exp(w) * special.erfc((1 + w) / np.sqrt(2)))
    expected = (2 * np.pi) ** (m - 1) * np.abs(w) ** m * g
    got = rl.adjoint_ridgelet("gaussian", m, t=1.0).fourier(w)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10 * np.abs(expected).max())
    # and it is not the unweighted one (a t that is silently ignored would pass the line above only by luck)
    assert np.abs(got - rl.adjoint_ridgelet("gaussian", m).fourier(w)).max() > 0.1


@pytest.mark.parametrize("t", [0.3, 0.75, 1.0, 1.5])
def test_tanh_weighted_adjoint_matches_real_space_quadrature(t):
    rho = rl.adjoint_ridgelet("tanh", t=t)
    for w in (0.02, 0.5, 1.0, 2.5, 7.0):
        ref = abs(w) * _qawf_transform(lambda z: np.tanh(z) * (1 + z * z) ** -t, w)
        got = complex(rho.fourier(np.array([w]))[0])
        assert abs(got - ref) < 5e-9, (t, w, got, ref)
        # odd and purely imaginary, like tanh^#
        assert abs(complex(rho.fourier(np.array([-w]))[0]) + got) < 1e-12
        assert abs(got.real) < 1e-12
    assert rho.fourier(np.array([0.0]))[0] == 0


def test_sigmoid_weighted_adjoint_matches_real_space_quadrature():
    # the sigmoid has different limits at +-infinity (even and odd tails both present)
    sig = lambda z: 0.5 * (1 + np.tanh(0.5 * z))  # noqa: E731
    rho = rl.adjoint_ridgelet("sigmoid", t=1.0)
    for w in (0.1, 1.0, 3.0):
        ref = abs(w) * _qawf_transform(lambda z: sig(z) / (1 + z * z), w)
        assert abs(complex(rho.fourier(np.array([w]))[0]) - ref) < 5e-9


@pytest.mark.parametrize("t", [0.75, 1.0, 2.0])
def test_weighted_constant_is_the_weighted_norm_of_sigma(t):
    # Parseval: <<sigma, sigma_*>> = 2 pi int |sigma|^2 <z>^{-2t} dz  (m = 1); finite for tanh iff t > 1/2
    c = rl.admissibility_constant("tanh", rl.adjoint_ridgelet("tanh", t=t))
    ref = 2 * np.pi * integrate.quad(lambda z: np.tanh(z) ** 2 * (1 + z * z) ** -t, -np.inf, np.inf, limit=400)[0]
    assert abs(c - ref) < 1e-7 * ref
    with pytest.raises(ValueError, match="not finite"):
        rl.admissibility_constant("tanh", rl.adjoint_ridgelet("tanh"))  # t = 0: infinite


def test_gaussian_weighted_constant_closed_form():
    # 2 pi int e^{-z^2}/(1+z^2) dz = 2 pi * pi e erfc(1)
    c = rl.admissibility_constant("gaussian", rl.adjoint_ridgelet("gaussian", t=1.0))
    assert abs(c - 2 * np.pi**2 * np.e * special.erfc(1.0)) < 1e-8


def test_large_frequencies_decay():
    w = np.array([25.0, 40.0, 100.0])
    v = rl.adjoint_ridgelet("tanh", t=1.0).fourier(w)
    assert np.all(np.isfinite(v)) and np.abs(v).max() < 1e-8


@pytest.mark.parametrize("t", [-0.5, float("nan"), float("inf"), "1", True, None])
def test_bad_weight_exponent(t):
    with pytest.raises(ValueError, match="weight exponent"):
        rl.adjoint_ridgelet("tanh", t=t)


def test_weight_needs_real_space_and_constant_limits():
    with pytest.raises(ValueError, match="constant limits"):
        rl.adjoint_ridgelet("relu", m=2, t=2.0)
    with pytest.raises(ValueError, match="constant limits"):
        rl.adjoint_ridgelet("rho_1", t=1.0)  # Dawson ridgelet decays only like 1/z
    with pytest.raises(ValueError, match="real space"):
        rl.adjoint_ridgelet(rl.adjoint_ridgelet("tanh"), t=1.0)
