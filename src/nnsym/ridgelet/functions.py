r"""1-D functions with their Fourier transforms: activations and ridgelet functions.

A :class:`RidgeletFunction` is a pair :math:`(\varphi, \varphi^\sharp)`; the activations are
views of the records of :mod:`nnsym.networks` (:func:`get_activation_function`), the ridgelets
are the Dawson family :math:`\rho_k`, the Gaussian derivatives :math:`G^{(k)}` and the
Sonoda--Murata ridgelets :math:`\Lambda^mG^{(k)}`, looked up by name with
:func:`get_ridgelet_function`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.polynomial import Polynomial
from numpy.polynomial.hermite_e import hermeval
from scipy import special

from ..networks import (
    ACTIVATIONS,
    Activation,
    get_activation,
    validate_int,
)

__all__ = [
    "RidgeletFunction",
    "ACTIVATION_NAMES",
    "get_activation_function",
    "get_ridgelet_function",
    "dawson_ridgelet",
    "DAWSON_MAX_ORDER",
    "gaussian_derivative_ridgelet",
    "GAUSSIAN_DERIVATIVE_MAX_ORDER",
    "backprojected_gaussian_ridgelet",
]

ArrayFn = Callable[[np.ndarray], np.ndarray]


# ---------------------------------------------------------------------------
# 1-D functions with a closed-form Fourier transform
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RidgeletFunction:
    r"""A 1-D function :math:`\varphi` with its Fourier transform :math:`\varphi^\sharp`.

    Used both for activations :math:`\sigma` and for ridgelet functions :math:`\rho`.

    Attributes
    ----------
    name : str
        Human-readable name, e.g. ``"tanh"`` or ``"rho_4"``.
    fourier : callable
        :math:`\omega\mapsto\varphi^\sharp(\omega)=\int\varphi(t)e^{-it\omega}dt` (vectorised; for
        distributions such as ``tanh`` or ReLU the regular part away from :math:`\omega=0`,
        finite at :math:`\omega=0`).
    real : callable or None
        :math:`t\mapsto\varphi(t)` (vectorised), or ``None`` when no closed form is implemented
        (then only the Fourier-slice transform can use it).
    pole_order : int
        :math:`p` such that :math:`|\varphi^\sharp(\omega)|\sim|\omega|^{-p}` as :math:`\omega\to0`
        (0 for smooth transforms, 1 for tanh/sigmoid/step, 2 for ReLU/softplus); negative
        values mean vanishing moments.

    Scalar multiples and sums of ``RidgeletFunction`` objects are ``RidgeletFunction`` objects
    (``2 * rho``, ``rho_4 - rho_6``), so ghosts :math:`\rho_4-\rho_6` can be written directly.

    Used in: Chapters 3 and 4.
    """

    name: str
    fourier: ArrayFn
    real: ArrayFn | None = None
    pole_order: int = 0

    @classmethod
    def from_activation(cls, act: Activation) -> RidgeletFunction:
        """The view ``(name, fourier, numpy, pole_order)`` of an activation record.

        Raises
        ------
        ValueError
            If ``act`` is not an :class:`nnsym.networks.Activation` with a Fourier transform.
        """
        if not isinstance(act, Activation) or act.fourier is None:
            raise ValueError(
                "act must be an nnsym.networks.Activation with a Fourier "
                f"transform, got {act!r}"
            )
        return cls(act.name, act.fourier, act.numpy, act.pole_order)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        if self.real is None:
            raise ValueError(
                f"{self.name} has no closed form in real space; use its .fourier"
            )
        return self.real(np.asarray(t, dtype=float))

    def scaled(self, c: complex, name: str | None = None) -> RidgeletFunction:
        """Return ``c * self`` (both representations scale by ``c``)."""
        f, r = self.fourier, self.real
        return RidgeletFunction(
            name or f"{c:.3g}*{self.name}",
            lambda w: c * f(w),
            None if r is None else (lambda t: c * r(t)),
            self.pole_order,
        )

    def __mul__(self, c: complex) -> RidgeletFunction:
        if not isinstance(c, (int, float, complex, np.number)):
            return NotImplemented
        return self.scaled(c)

    __rmul__ = __mul__

    def __neg__(self) -> RidgeletFunction:
        return self.scaled(-1.0, f"-{self.name}")

    def __add__(self, other: RidgeletFunction) -> RidgeletFunction:
        if not isinstance(other, RidgeletFunction):
            return NotImplemented
        f1, f2, r1, r2 = self.fourier, other.fourier, self.real, other.real
        real = None if (r1 is None or r2 is None) else (lambda t: r1(t) + r2(t))
        return RidgeletFunction(
            f"({self.name} + {other.name})",
            lambda w: f1(w) + f2(w),
            real,
            max(self.pole_order, other.pole_order),
        )

    def __sub__(self, other: RidgeletFunction) -> RidgeletFunction:
        if not isinstance(other, RidgeletFunction):
            return NotImplemented
        return self + other.scaled(-1.0, f"-{other.name}")


#: Names accepted by :func:`get_activation_function`.
ACTIVATION_NAMES: tuple[str, ...] = tuple(
    name for name, act in ACTIVATIONS.items() if act.fourier is not None
)


def get_activation_function(name: str) -> RidgeletFunction:
    r"""Activation :math:`\sigma` with its Fourier transform :math:`\sigma^\sharp` (away from 0).

    ====================  =============================================  ==========
    name                  :math:`\sigma^\sharp(\omega)`, :math:`\omega\ne0`  pole order
    ====================  =============================================  ==========
    ``"tanh"``            :math:`-i\pi/\sinh(\pi\omega/2)`                1
    ``"sigmoid"``         :math:`-i\pi/\sinh(\pi\omega)` (+ :math:`\pi\delta`)  1
    ``"gaussian"``        :math:`\sqrt{2\pi}e^{-\omega^2/2}` for :math:`e^{-t^2/2}`  0
    ``"relu"``            :math:`-1/\omega^2`                             2
    ``"step"``            :math:`1/(i\omega)`                             1
    ``"softplus"``        :math:`-\pi/(\omega\sinh\pi\omega)`             2
    ====================  =============================================  ==========

    Singular parts supported at :math:`\omega=0` (deltas) are dropped; they do not contribute
    when paired with a ridgelet function that vanishes to high enough order at 0.

    The formulas live in the activation's one record, :func:`nnsym.networks.get_activation`
    (its ``fourier`` and ``pole_order``); this is its :class:`RidgeletFunction` view.

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        For an unknown name.
    """
    if not isinstance(name, str) or name not in ACTIVATION_NAMES:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {ACTIVATION_NAMES}"
        )
    return RidgeletFunction.from_activation(get_activation(name))


def _dawson_derivative_polys(k: int) -> tuple[Polynomial, Polynomial]:
    """P_k, Q_k with F^(k)(z) = P_k(z) F(z) + Q_k(z) for the Dawson function F (F' = 1 - 2zF)."""
    p, q = Polynomial([1.0]), Polynomial([0.0])
    z = Polynomial([0.0, 1.0])
    for _ in range(k):
        p, q = p.deriv() - 2 * z * p, p + q.deriv()
    return p, q


def _check_order(
    k: int, what: str = "k", max_order: int | None = None, family: str = ""
) -> int:
    k = validate_int(k, what, lower=0)
    if max_order is not None and k > max_order:
        raise ValueError(
            f"{family} is accurate only for {what} <= {max_order} (measured against an "
            f"mpmath reference, see the docstring); got {what}={int(k)}"
        )
    return int(k)


#: Largest ``k`` for which :func:`dawson_ridgelet` is accurate: relative error (to
#: ``max|rho_k|``)
#: below 1e-8 against mpmath's Kummer-function evaluation on ``t`` in [-60, 60]
#: (measured:
#: 8.5e-9 at k = 14, 1.6e-8 at k = 15, 7e-3 at k = 30, 470 % near k = 40-60).  The error
#: comes from
#: the cancellation in ``P_k F + Q_k`` just inside the switch to the far-field series
#: (|t| ~ 9.8).
DAWSON_MAX_ORDER = 14

#: Largest ``k`` for which :func:`gaussian_derivative_ridgelet` is accurate: relative
#: error below
#: 1e-14 against mpmath's Hermite polynomials for k <= 196; from k ~ 197 on He_k(t)
#: overflows
#: double precision at |t| ~ 38 (where e^{-t^2/2} is still positive), so 190 leaves a
#: margin.
GAUSSIAN_DERIVATIVE_MAX_ORDER = 190


def dawson_ridgelet(k: int) -> RidgeletFunction:
    r"""Ridgelet :math:`\rho_k=\rho_0^{(k)}` with :math:`\rho_k^\sharp(\omega)=(i\omega)^k\operatorname{sign}(\omega)e^{-\omega^2/2}`.

    In real space :math:`\rho_0(t)=\frac{i\sqrt2}{\pi}F(t/\sqrt2)` (``F`` = Dawson function,
    ``scipy.special.dawsn``), hence :math:`\rho_k(t)=\frac{i\sqrt2}{\pi}2^{-k/2}F^{(k)}(t/\sqrt2)`,
    with :math:`F^{(k)}=P_kF+Q_k` from the recursion :math:`F'=1-2zF`.  These are the ridgelets
    of the numerical experiment of Sonoda, Ishikawa and Ikeda (2021, App. C).  Values are purely
    imaginary.  With ``tanh`` (``m = 1``): :math:`\langle\!\langle\tanh,\rho_k\rangle\!\rangle=0`
    for odd ``k`` (antipodal ghosts) and :math:`\neq0` for even ``k >= 2``.

    Accuracy: relative error (to :math:`\max|\rho_k|`) below 1e-8 against an independent
    mpmath evaluation for ``k <= DAWSON_MAX_ORDER`` (= 14); larger ``k`` is refused.

    Used in: Chapter 3.

    Raises
    ------
    ValueError
        If ``k`` is not an integer in ``[0, DAWSON_MAX_ORDER]``.
    """
    k = _check_order(k, max_order=DAWSON_MAX_ORDER, family="dawson_ridgelet(k)")
    p, q = _dawson_derivative_polys(k)
    c = 1j * math.sqrt(2) / math.pi * 2 ** (-k / 2)

    # far field (|z| > 7): F(z) ~ sum_n (2n-1)!!/(2^{n+1} z^{2n+1}), differentiated
    # termwise, which
    # avoids the cancellation in P_k F + Q_k (both ~ z^k while the result is ~
    # z^{-k-1}).
    # Horner in u = 1/z^2: F^(k)(z) ~ (-1)^k z^{-1-k} sum_n d_n u^n.
    n_terms, z_far = 40, 7.0
    d = [
        math.prod(range(1, 2 * n, 2))
        / 2 ** (n + 1)
        * math.prod(range(2 * n + 1, 2 * n + 1 + k))
        for n in range(n_terms)
    ]

    def real(t: np.ndarray) -> np.ndarray:
        z = np.asarray(t, dtype=float) / math.sqrt(2)
        out = np.empty_like(z)
        big = np.abs(z) > z_far
        zs = z[~big]
        out[~big] = p(zs) * special.dawsn(zs) + q(zs)
        if np.any(big):
            zb = z[big]
            u = 1.0 / (zb * zb)
            acc = np.full_like(zb, d[-1])
            for dn in d[-2::-1]:
                acc = acc * u + dn
            out[big] = (-1) ** k * acc * zb ** (-1 - k)
        return c * out

    def fourier(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        return (1j * w) ** k * np.sign(w) * np.exp(-0.5 * w**2)

    return RidgeletFunction(f"rho_{k}", fourier, real, -k)


def gaussian_derivative_ridgelet(k: int) -> RidgeletFunction:
    r"""Gaussian derivative :math:`G^{(k)}(t)=(-1)^k\mathrm{He}_k(t)e^{-t^2/2}`, :math:`(G^{(k)})^\sharp=(i\omega)^k\sqrt{2\pi}e^{-\omega^2/2}`.

    Useful identities: :math:`\Lambda^2G^{(k)}=-G^{(k+2)}` (``m = 2`` backprojection filter) and
    :math:`\Lambda G^{(k)}=-i\sqrt{2\pi}\,\rho_{k+1}` (see :func:`backprojected_gaussian_ridgelet`).

    Accuracy: relative error (to :math:`\max|G^{(k)}|`) below 1e-14 against mpmath's Hermite
    polynomials for ``k <= GAUSSIAN_DERIVATIVE_MAX_ORDER`` (= 190); larger ``k`` is refused
    (:math:`\mathrm{He}_k` overflows double precision).

    Raises
    ------
    ValueError
        If ``k`` is not an integer in ``[0, GAUSSIAN_DERIVATIVE_MAX_ORDER]``.
    """
    k = _check_order(
        k,
        max_order=GAUSSIAN_DERIVATIVE_MAX_ORDER,
        family="gaussian_derivative_ridgelet(k)",
    )
    coef = np.zeros(k + 1)
    coef[k] = 1.0

    def real(t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        with np.errstate(under="ignore", over="ignore"):
            g = np.exp(-0.5 * t**2)
        out = np.zeros_like(t)
        # where e^{-t^2/2} underflows (|t| > 38.6) the true value is below 1e-60 *
        # max|G^(k)| for
        # k <= _GAUSSIAN_DERIVATIVE_MAX_ORDER; evaluating He_k there would give inf * 0
        # = NaN
        live = g > 0
        out[live] = (-1) ** k * hermeval(t[live], coef) * g[live]
        return out

    def fourier(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        return (1j * w) ** k * math.sqrt(2 * math.pi) * np.exp(-0.5 * w**2)

    return RidgeletFunction("G" + "'" * k if k <= 3 else f"G^({k})", fourier, real, -k)


def backprojected_gaussian_ridgelet(k: int, m: int = 1) -> RidgeletFunction:
    r"""Sonoda–Murata ridgelet :math:`\Lambda^mG^{(k)}`, :math:`(\Lambda^mG^{(k)})^\sharp=|\omega|^m(i\omega)^k\sqrt{2\pi}e^{-\omega^2/2}`.

    Real space (real-valued): ``m = 1``: :math:`\Lambda G^{(k)}=-i\sqrt{2\pi}\rho_{k+1}` (Dawson);
    ``m = 2``: :math:`-G^{(k+2)}`.  Admissible pairs (Sonoda & Murata 2017, Table 5):
    Gaussian with :math:`\Lambda^mG`, step with :math:`\Lambda^mG'`, ReLU with :math:`\Lambda^mG''`.

    Used in: Chapter 3.

    Raises
    ------
    ValueError
        If ``k`` is negative or beyond the accurate range of the closed form it uses
        (``DAWSON_MAX_ORDER - 1`` for ``m = 1``, ``GAUSSIAN_DERIVATIVE_MAX_ORDER - 2`` for ``m = 2``),
        or ``m`` is not 1 or 2.
    """
    k = _check_order(k)
    if m not in (1, 2):
        raise ValueError(
            f"closed forms are implemented for m = 1 and m = 2, got m={m!r}"
        )
    k_max = DAWSON_MAX_ORDER - 1 if m == 1 else GAUSSIAN_DERIVATIVE_MAX_ORDER - 2
    _check_order(
        k, max_order=k_max, family=f"backprojected_gaussian_ridgelet(k, m={m})"
    )
    name = f"Lambda^{m} G^({k})" if m > 1 else f"Lambda G^({k})"
    if m == 1:
        base = dawson_ridgelet(k + 1).scaled(-1j * math.sqrt(2 * math.pi))
        real = base.real
        assert real is not None

        def real_fn(t: np.ndarray) -> np.ndarray:
            return np.real(real(t))
    else:
        # type: ignore[assignment]
        real_fn = gaussian_derivative_ridgelet(k + 2).scaled(-1.0).real

    def fourier(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        return (
            np.abs(w) ** m
            * (1j * w) ** k
            * math.sqrt(2 * math.pi)
            * np.exp(-0.5 * w**2)
        )

    return RidgeletFunction(name, fourier, real_fn, -(k + m))


def get_ridgelet_function(name: str) -> RidgeletFunction:
    r"""Look up a named ridgelet or activation function.

    Accepted names: ``"rho_k"`` (:func:`dawson_ridgelet`), ``"G_k"`` (:func:`gaussian_derivative_ridgelet`),
    ``"LambdaG_k"`` and ``"Lambda2G_k"`` (:func:`backprojected_gaussian_ridgelet` with ``m = 1, 2``),
    and any activation name of :data:`ACTIVATION_NAMES`.

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        For an unknown name.
    """
    if isinstance(name, str):
        if name in ACTIVATION_NAMES:
            return get_activation_function(name)
        mt = re.fullmatch(r"(rho|G|LambdaG|Lambda2G)_(\d+)", name)
        if mt:
            kind, k = mt.group(1), int(mt.group(2))
            if kind == "rho":
                return dawson_ridgelet(k)
            if kind == "G":
                return gaussian_derivative_ridgelet(k)
            return backprojected_gaussian_ridgelet(k, 1 if kind == "LambdaG" else 2)
    raise ValueError(
        f"unknown ridgelet {name!r}; expected 'rho_k', 'G_k', 'LambdaG_k', "
        f"'Lambda2G_k' (k = 0, 1, ...) or an activation in {ACTIVATION_NAMES}"
    )


def _as_function(phi: str | RidgeletFunction, what: str) -> RidgeletFunction:
    if isinstance(phi, RidgeletFunction):
        return phi
    if isinstance(phi, str):
        return get_ridgelet_function(phi)
    raise ValueError(
        f"{what} must be a RidgeletFunction or a name, got {type(phi).__name__}"
    )


def _as_real_callable(
    sigma: str | RidgeletFunction | ArrayFn, what: str = "sigma"
) -> ArrayFn:
    """``t -> sigma(t)`` for a name, a :class:`RidgeletFunction` or a callable.

    Raises
    ------
    ValueError
        For an unknown name or anything else.
    """
    if isinstance(sigma, (str, RidgeletFunction)):
        return _as_function(sigma, what).__call__
    if callable(sigma):
        return sigma
    raise ValueError(
        f"{what} must be a name, RidgeletFunction or callable, got "
        f"{type(sigma).__name__}"
    )
