r"""The adjoint ridgelet :math:`\sigma_*` and the admissibility constant :math:`\langle\!\langle\sigma,\rho\rangle\!\rangle`."""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import integrate, special

from ..networks import (
    validate_int,
)
from .functions import (
    ArrayFn,
    RidgeletFunction,
    _as_function,
)

__all__ = [
    "ADMISSIBLE_PAIRS",
    "adjoint_ridgelet",
    "normalize_ridgelet",
    "admissibility_constant",
]

#: Half-length and step of the trapezoid grid for the smooth remainder in
#: :func:`_weighted_fourier`.
_WEIGHT_Z, _WEIGHT_H = 100.0, 0.1


def _bracket_power_fourier(t: float, w: np.ndarray) -> np.ndarray:
    r""":math:`\int(1+z^2)^{-t}e^{-iz\omega}dz=\frac{2\sqrt\pi}{\Gamma(t)}(|\omega|/2)^{t-1/2}K_{t-1/2}(|\omega|)`, ``w != 0``."""
    aw = np.abs(w)
    return (
        2
        * math.sqrt(math.pi)
        / math.gamma(t)
        * (aw / 2) ** (t - 0.5)
        * special.kv(t - 0.5, aw)
    )


def _odd_bracket_power_fourier(t: float, w: np.ndarray) -> np.ndarray:
    r""":math:`\int z(1+z^2)^{-t-1/2}e^{-iz\omega}dz=-i\frac{2\sqrt\pi}{\Gamma(t+1/2)}2^{-t}\operatorname{sign}(\omega)|\omega|^tK_{1-t}(|\omega|)`, ``w != 0``."""
    aw = np.abs(w)
    c = 2 * math.sqrt(math.pi) / math.gamma(t + 0.5) * 2.0**-t
    return -1j * c * np.sign(w) * aw**t * special.kv(1 - t, aw)


def _weighted_fourier(s: RidgeletFunction, t: float) -> ArrayFn:
    r"""The map :math:`\omega\mapsto(\langle z\rangle^{-2t}\sigma)^\sharp(\omega)` for ``w != 0``.

    For :math:`\sigma` with constant limits :math:`L_\pm` at :math:`\pm\infty`, write
    :math:`e=(L_++L_-)/2`, :math:`o=(L_+-L_-)/2` and split
    :math:`\langle z\rangle^{-2t}\sigma=e\langle z\rangle^{-2t}+o\,z\langle z\rangle^{-2t-1}
    +\tfrac o2z\langle z\rangle^{-2t-3}+r(z)`: the first three terms have closed-form transforms
    (modified Bessel functions), the remainder :math:`r=O(|z|^{-2t-4})` is smooth and is
    transformed by the trapezoid rule on :math:`[-100,100]` with step 0.1 (its transform is
    negligible beyond :math:`|\omega|=\pi/0.1`, where it is set to 0).
    """
    zf = np.array([_WEIGHT_Z / 2, _WEIGHT_Z, -_WEIGHT_Z / 2, -_WEIGHT_Z])
    with np.errstate(all="ignore"):
        far = np.asarray(s(zf), dtype=complex)
    tol = 1e-12 * (1.0 + np.abs(far[[1, 3]]))
    if not (
        np.all(np.isfinite(far))
        and abs(far[0] - far[1]) <= tol[0]
        and abs(far[2] - far[3]) <= tol[1]
    ):
        raise ValueError(
            "the weight <z>^(-2t) is implemented for activations with constant limits "
            f"at +-infinity (tanh, sigmoid, Gaussian); {s.name} has "
            f"sigma({_WEIGHT_Z / 2:g}) = {far[0]:.4g}, "
            f"sigma({_WEIGHT_Z:g}) = {far[1]:.4g}"
        )
    e, o = 0.5 * (far[1] + far[3]), 0.5 * (far[1] - far[3])
    z = np.arange(0.0, _WEIGHT_Z + _WEIGHT_H / 2, _WEIGHT_H)
    zz = np.concatenate([-z[:0:-1], z])
    br = 1.0 + zz**2
    r = (
        br**-t * (np.asarray(s(zz), dtype=complex) - e)
        - o * zz * br ** (-t - 0.5)
        - 0.5 * o * zz * br ** (-t - 1.5)
    )
    n0 = z.size - 1
    r_even = 0.5 * (r[n0:] + r[n0::-1])
    r_odd = 0.5 * (r[n0:] - r[n0::-1])
    wts = np.full(z.size, _WEIGHT_H)
    wts[0] *= 0.5
    wmax = math.pi / _WEIGHT_H

    def fourier(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        flat = w.reshape(-1)
        out = np.zeros(flat.shape, dtype=complex)
        inside = np.flatnonzero(np.abs(flat) <= wmax)
        for i0 in range(0, inside.size, 512):
            idx = inside[i0 : i0 + 512]
            arg = np.outer(flat[idx], z)
            out[idx] = 2 * (np.cos(arg) @ (wts * r_even)) - 2j * (
                np.sin(arg) @ (wts * r_odd)
            )
        with np.errstate(all="ignore"):
            closed = (
                e * _bracket_power_fourier(t, flat)
                + o * _odd_bracket_power_fourier(t, flat)
                + 0.5 * o * _odd_bracket_power_fourier(t + 1.0, flat)
            )
        out = out + np.where(flat == 0, 0.0, closed)
        return out.reshape(w.shape)

    return fourier


def adjoint_ridgelet(
    sigma: str | RidgeletFunction, m: int = 1, *, t: float = 0.0
) -> RidgeletFunction:
    r"""The ridgelet :math:`\sigma_*` of the adjoint, :math:`\sigma_*^\sharp(\omega)=(2\pi)^{m-1}|\omega|^m\bigl(\langle\partial_\omega\rangle^{-2t}\sigma^\sharp\bigr)(\omega)`.

    Equivalently :math:`\sigma_*=(2\pi)^{m-1}\Lambda^m\bigl(\langle z\rangle^{-2t}\sigma\bigr)` with
    :math:`\langle z\rangle=(1+z^2)^{1/2}` and :math:`\Lambda` the multiplier :math:`|\omega|`
    (:math:`\langle\partial_\omega\rangle^{-2t}` acts on :math:`\sigma^\sharp` as multiplication of
    :math:`\sigma` by :math:`\langle z\rangle^{-2t}`).  This is Sonoda et al. (2021, Lemma 9) with
    ``s = 0``: for :math:`\sigma\in\langle\cdot\rangle^tL^2` the adjoint of
    :math:`S:H^0B^t\to L^2(\mathbb R^m)` is :math:`S^*f=R[f;\sigma_*]`, and
    :math:`SS^*=c_{\sigma,t}I` with

    .. math::

        c_{\sigma,t}=\langle\!\langle\sigma,\sigma_*\rangle\!\rangle
        =(2\pi)^{2m-1}\int_{\mathbb R}|\sigma(z)|^2\langle z\rangle^{-2t}\,dz .

    ``t = 0`` is the unweighted case, :math:`\sigma_*^\sharp=(2\pi)^{m-1}|\omega|^m\sigma^\sharp`:
    :math:`c_{\sigma,0}=(2\pi)^{2(m-1)}\int|\sigma^\sharp|^2d\omega` is finite for the Gaussian
    (:math:`2\pi^{3/2}` for ``m = 1``) but **infinite for tanh, sigmoid and ReLU**, so for them
    ``t = 0`` is covered by no theorem: :math:`R[f;\sigma_*]` is then a well-defined function but
    not the adjoint of a bounded :math:`S`, and not a minimum-norm solution.  For tanh and the
    sigmoid the constant is finite for :math:`t>1/2` (the paper's condition), and
    :math:`R[f;\sigma_*]/c_{\sigma,t}` is the minimum-norm parameter distribution of the
    weighted geometry -- which one depends on ``t``.

    Examples for ``m = 1``, ``t = 0``: tanh :math:`\sigma_*^\sharp=-i\pi|\omega|/\sinh(\pi\omega/2)`;
    Gaussian :math:`\sigma_*^\sharp=\sqrt{2\pi}|\omega|e^{-\omega^2/2}`.  For ``t > 0`` the transform
    of :math:`\langle z\rangle^{-2t}\sigma` is computed by :func:`_weighted_fourier` (closed-form
    Bessel terms for the slowly decaying tails plus a trapezoid rule for a smooth remainder,
    about 1e-10 accurate).  Only the Fourier side is available (``real is None``).  At
    :math:`\omega=0` the value is the one-sided limit average (0 for odd :math:`\sigma^\sharp`, and
    0 whenever ``t > 0``).

    Parameters
    ----------
    sigma : RidgeletFunction or str
        The activation; for ``t > 0`` it needs a real-space form with constant limits at
        :math:`\pm\infty` (tanh, sigmoid, Gaussian).
    m : int
        Input dimension (>= 1).
    t : float
        Weight exponent (>= 0); the paper takes :math:`t>1/2` for tanh.

    Returns
    -------
    RidgeletFunction
        Named ``"<sigma>_*"`` (``t = 0``) or ``"<sigma>_*,t=<t>"``.

    Used in: Chapters 4 and 5.

    References
    ----------
    Sonoda, Ishikawa, Ikeda (2021), Ghosts in neural networks, arXiv:2106.04770, Lemma 9.

    Raises
    ------
    ValueError
        If ``m < 1``, ``t`` is negative or not finite, :math:`\sigma_*^\sharp` is not locally
        integrable for ``t = 0`` (pole order of :math:`\sigma^\sharp` larger than ``m``, e.g. ReLU
        with ``m = 1``), or ``t > 0`` and ``sigma`` has no real-space form or no constant limits
        at :math:`\pm\infty` (e.g. ReLU).
    """
    s = _as_function(sigma, "sigma")
    m = validate_int(m, "input dimension m", lower=1)
    if (
        isinstance(t, bool)
        or not isinstance(t, (int, float, np.integer, np.floating))
        or not (math.isfinite(t) and t >= 0)
    ):
        raise ValueError(
            f"the weight exponent t must be a finite number >= 0, got {t!r}"
        )
    t = float(t)
    c = (2 * math.pi) ** (m - 1)
    if t > 0:
        if s.real is None:
            raise ValueError(
                f"t > 0 needs the activation in real space, but {s.name} has only its "
                "Fourier transform"
            )
        gs = _weighted_fourier(s, t)

        def weighted(w: np.ndarray) -> np.ndarray:
            w = np.asarray(w, dtype=float)
            return c * np.abs(w) ** m * gs(w)

        return RidgeletFunction(f"{s.name}_*,t={t:g}", weighted, None, -m)
    if s.pole_order > m:
        raise ValueError(
            f"sigma_* for {s.name} with m={m} is not locally integrable: |omega|^{m} * "
            f"|omega|^-{s.pole_order} near omega = 0 (use a weighted parameter space, "
            "or a larger m)"
        )
    fs = s.fourier

    def fourier(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        out = c * np.abs(w) ** m * fs(w)
        # finite jump at 0: use the average of the one-sided limits
        if s.pole_order == m:
            out = np.where(
                w == 0,
                0.5
                * c
                * (fs(np.array(1e-12)) * 1e-12**m + fs(np.array(-1e-12)) * 1e-12**m),
                out,
            )
        return out

    return RidgeletFunction(f"{s.name}_*", fourier, None, s.pole_order - m)


# ---------------------------------------------------------------------------
# Admissibility
# ---------------------------------------------------------------------------


def admissibility_constant(
    sigma: str | RidgeletFunction, rho: str | RidgeletFunction, m: int = 1
) -> complex:
    r"""Numerical :math:`\langle\!\langle\sigma,\rho\rangle\!\rangle=(2\pi)^{m-1}\int\sigma^\sharp(\omega)\overline{\rho^\sharp(\omega)}|\omega|^{-m}d\omega`.

    The integral is taken as a symmetric (principal-value) integral,
    :math:`\int_0^\infty[h(\omega)+h(-\omega)]d\omega`, which is the right reading for odd
    distributions such as :math:`\tanh^\sharp`; it is computed with ``scipy.integrate.quad`` on
    :math:`(0,1]` and :math:`[1,\infty)` for the real and imaginary parts.  An odd integrand that is
    not absolutely integrable (e.g. ReLU with :math:`\Lambda G'`) therefore gives 0 here, where Sonoda &
    Murata (2017, Table 5), who require absolute convergence, write "∞".  Returns a complex
    number; note :math:`\langle\!\langle\sigma,c\rho\rangle\!\rangle=\bar c\,\langle\!\langle\sigma,\rho\rangle\!\rangle`.

    Parameters
    ----------
    sigma, rho : RidgeletFunction or str
        Activation and ridgelet function (names as in :func:`get_ridgelet_function`).
    m : int
        Input dimension (weight :math:`|\omega|^{-m}`, prefactor :math:`(2\pi)^{m-1}`).

    Used in: Chapters 3, 4 and 5.

    Raises
    ------
    ValueError
        If ``m < 1``, or the integral is not finite (the symmetrised integrand is not integrable at
        :math:`\omega=0` or at infinity), e.g. ``("relu", "LambdaG_0")`` ("∞" in Sonoda–Murata's Table 5).
    """
    s, r = _as_function(sigma, "sigma"), _as_function(rho, "rho")
    m = validate_int(m, "input dimension m", lower=1)
    pref = (2 * math.pi) ** (m - 1)

    def h(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        return (
            s.fourier(w) * np.conj(r.fourier(w))
            + s.fourier(-w) * np.conj(r.fourier(-w))
        ) / np.abs(w) ** m

    with np.errstate(all="ignore"):
        # behaviour at 0: integrable iff w * h(w) -> 0 (for power-law integrands)
        e1, e2 = 1e-5, 1e-9
        h1, h2 = complex(h(np.array(e1))), complex(h(np.array(e2)))
        scale = max(1.0, abs(complex(h(np.array(1.0)))))
        if not (np.isfinite(h1) and np.isfinite(h2)) or (
            abs(h2) * e2 > 1e-6 * scale and abs(h2) * e2 >= 0.3 * abs(h1) * e1
        ):
            raise ValueError(
                f"<<{s.name}, {r.name}>> (m={m}) is not finite: the integrand is not "
                "integrable at omega = 0"
            )
        # behaviour at infinity
        big = np.array([1e3, 1e4])
        hb = np.abs(h(big)) * big
        if not np.all(np.isfinite(hb)) or (
            hb[1] > 1e-6 * scale and hb[1] >= 0.3 * hb[0]
        ):
            raise ValueError(
                f"<<{s.name}, {r.name}>> (m={m}) is not finite: the integrand is not "
                "integrable at infinity"
            )
        total = 0j
        with warnings.catch_warnings():
            warnings.simplefilter("error", integrate.IntegrationWarning)
            try:
                for part in (np.real, np.imag):
                    g = lambda w, part=part: float(part(h(np.array(w))))  # noqa: E731
                    v1, _ = integrate.quad(g, 0.0, 1.0, limit=400)
                    v2, _ = integrate.quad(g, 1.0, np.inf, limit=400)
                    total += (v1 + v2) * (1j if part is np.imag else 1.0)
            except integrate.IntegrationWarning as err:
                raise ValueError(
                    f"<<{s.name}, {r.name}>> (m={m}): quadrature did not converge "
                    f"({err})"
                ) from None
    if not np.isfinite(total):
        raise ValueError(f"<<{s.name}, {r.name}>> (m={m}) is not finite")
    return complex(pref * total)


def normalize_ridgelet(
    sigma: str | RidgeletFunction, rho: str | RidgeletFunction, m: int = 1
) -> RidgeletFunction:
    r"""Return :math:`\rho/\overline{K}` with :math:`K=\langle\!\langle\sigma,\rho\rangle\!\rangle`, so that :math:`\langle\!\langle\sigma,\rho/\overline K\rangle\!\rangle=1`.

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        If the pair is not admissible (``K`` zero to 1e-12 or not finite).
    """
    r = _as_function(rho, "rho")
    k = admissibility_constant(sigma, r, m)
    if abs(k) < 1e-12:
        raise ValueError(
            f"{r.name} is not admissible for this activation (<<sigma, rho>> = {k:.3g})"
        )
    return r.scaled(1.0 / np.conj(k), f"{r.name}/{np.conj(k):.4g}")


#: Admissible (or degenerate) pairs with constants in closed form, convention of this
#: module:
#: (activation, ridgelet name, m, constant as a SymPy-parsable string).
ADMISSIBLE_PAIRS: tuple[tuple[str, str, int, str], ...] = (
    ("gaussian", "LambdaG_0", 1, "2*pi**(3/2)"),
    ("step", "LambdaG_1", 1, "-2*pi"),
    ("relu", "LambdaG_2", 1, "2*pi"),
    ("gaussian", "Lambda2G_0", 2, "4*pi**(5/2)"),
    ("gaussian", "LambdaG_1", 1, "0"),
    ("tanh", "rho_1", 1, "0"),
    ("tanh", "rho_3", 1, "0"),
)
