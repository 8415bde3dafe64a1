r"""Integral representation, ridgelet transform, admissibility and ghosts.

One convention throughout (the book's, see ``book/notation.md``):

.. math::

    \hat f(\xi) = \int_{\mathbb R^m} f(x)\,e^{-i x\cdot\xi}\,dx, \qquad
    \varphi^\sharp(\omega) = \int_{\mathbb R}\varphi(t)\,e^{-it\omega}\,dt, \qquad
    \varphi(t) = \frac1{2\pi}\int\varphi^\sharp(\omega)\,e^{it\omega}\,d\omega .

* integral representation  :math:`S[\gamma](x)=\int\gamma(a,b)\,\sigma(a\cdot x-b)\,da\,db`;
* ridgelet transform       :math:`R[f;\rho](a,b)=\int f(x)\,\overline{\rho(a\cdot x-b)}\,dx`;
* Fourier slice            :math:`R[f;\rho](a,b)=\frac1{2\pi}\int\hat f(\omega a)\,
  \overline{\rho^\sharp(\omega)}\,e^{+i\omega b}\,d\omega` (note the **plus** sign);
* admissibility constant   :math:`\langle\!\langle\sigma,\rho\rangle\!\rangle=(2\pi)^{m-1}
  \int\sigma^\sharp(\omega)\overline{\rho^\sharp(\omega)}|\omega|^{-m}d\omega`;
* reconstruction           :math:`S[R[f;\rho]]=\langle\!\langle\sigma,\rho\rangle\!\rangle f`;
* the adjoint ridgelet     :math:`\sigma_*^\sharp(\omega)=(2\pi)^{m-1}|\omega|^m\sigma^\sharp(\omega)`
  (``t = 0``; :func:`adjoint_ridgelet` also takes the weight ``t`` of the source's weighted
  space).  Where :math:`c=\langle\!\langle\sigma,\sigma_*\rangle\!\rangle` is finite (e.g. the
  Gaussian), ``R[f; sigma_*] / c`` is the minimum-norm parameter distribution in the
  :math:`|\omega|^{-2m}`-weighted norm of the parameter space, not in plain :math:`L^2`; for
  tanh, sigmoid and ReLU ``c`` is infinite at ``t = 0`` and ``R[f; sigma_*]`` is no minimum-norm
  solution at all.

Grids
-----
Inputs ``x``: a 1-D equispaced array (``m = 1``), or a tuple of ``m`` 1-D equispaced arrays
(tensor grid, ``f`` then has shape ``(n_1, ..., n_m)``; a callable ``f`` receives points of shape
``(N, m)``).  Scales ``a``: shape ``(n_a,)`` for ``m = 1`` or ``(n_a, m)``.  Biases ``b``: shape
``(n_b,)``.  A parameter distribution ``gamma`` is an array of shape ``(n_a, n_b)``.
Quadrature is the rectangle rule, which is spectrally accurate for functions that decay
at the edges of the grid.

Used in: Chapters 3, 4 and 5.

References
----------
Sonoda, Ishikawa, Ikeda (2021), Ghosts in neural networks, arXiv:2106.04770.
Sonoda, Murata (2017), Neural network with unbounded activation functions is universal
approximator, Appl. Comput. Harmon. Anal. 43(2).
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence, Union

import numpy as np
from numpy.polynomial import Polynomial
from numpy.polynomial.hermite_e import hermeval
from scipy import fft as sp_fft
from scipy import integrate, special

from .networks import (
    ACTIVATIONS,
    Activation,
    as_generator,
    evaluate_ridge,
    get_activation,
    validate_array,
    validate_int,
)

__all__ = [
    "RidgeletFunction",
    "ACTIVATION_NAMES",
    "ADMISSIBLE_PAIRS",
    "get_activation_function",
    "get_ridgelet_function",
    "dawson_ridgelet",
    "DAWSON_MAX_ORDER",
    "gaussian_derivative_ridgelet",
    "GAUSSIAN_DERIVATIVE_MAX_ORDER",
    "backprojected_gaussian_ridgelet",
    "adjoint_ridgelet",
    "normalize_ridgelet",
    "admissibility_constant",
    "ridgelet_transform",
    "ridgelet_transform_fourier",
    "sampled_fourier_transform",
    "SampledFourierTransform",
    "integral_representation",
    "synthesis_matrix",
    "tensor_grid",
    "split_visible_ghost",
    "weighted_ridgelet_inner",
    "parameter_inner_product",
    "visible_distribution",
    "project_visible",
    "sample_network",
    "evaluate_network",
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

    def scaled(self, c: complex, name: str | None = None) -> "RidgeletFunction":
        """Return ``c * self`` (both representations scale by ``c``)."""
        f, r = self.fourier, self.real
        return RidgeletFunction(
            name or f"{c:.3g}*{self.name}",
            lambda w: c * f(w),
            None if r is None else (lambda t: c * r(t)),
            self.pole_order,
        )

    def __mul__(self, c: complex) -> "RidgeletFunction":
        if not isinstance(c, (int, float, complex, np.number)):
            return NotImplemented
        return self.scaled(c)

    __rmul__ = __mul__

    def __neg__(self) -> "RidgeletFunction":
        return self.scaled(-1.0, f"-{self.name}")

    def __add__(self, other: "RidgeletFunction") -> "RidgeletFunction":
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

    def __sub__(self, other: "RidgeletFunction") -> "RidgeletFunction":
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


def _as_function(phi: Union[str, RidgeletFunction], what: str) -> RidgeletFunction:
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
    sigma: Union[str, RidgeletFunction], m: int = 1, *, t: float = 0.0
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
    sigma: Union[str, RidgeletFunction], rho: Union[str, RidgeletFunction], m: int = 1
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
    sigma: Union[str, RidgeletFunction], rho: Union[str, RidgeletFunction], m: int = 1
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


# ---------------------------------------------------------------------------
# Grids
# ---------------------------------------------------------------------------


def _spacing(v: np.ndarray, what: str) -> float:
    v = np.asarray(v, dtype=float)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(
            f"{what} must be a 1-D grid with at least 2 points, got shape {v.shape}"
        )
    validate_array(v, what)
    d = np.diff(v)
    h = float(d.mean())
    if h <= 0 or np.max(np.abs(d - h)) > 1e-8 * max(1.0, abs(h)):
        raise ValueError(f"{what} must be increasing and equispaced")
    return h


def tensor_grid(
    x: Union[np.ndarray, Sequence[np.ndarray]],
) -> tuple[np.ndarray, float, tuple[int, ...]]:
    r"""Points, cell volume and shape of a tensor grid: ``x`` 1-D (``m = 1``) or a tuple of ``m`` 1-D grids.

    Returns ``(points (N, m), dx, shape)`` with ``dx`` = product of the spacings (rectangle rule
    :math:`\int g\,dx\approx dx\sum_p g(x_p)`).

    Raises
    ------
    ValueError
        If a grid is not 1-D, increasing and equispaced with >= 2 points.
    """
    if isinstance(x, (tuple, list)):
        axes = [np.asarray(v, dtype=float) for v in x]
        if not axes:
            raise ValueError("x must hold at least one axis")
    else:
        axes = [np.asarray(x, dtype=float)]
    dx = 1.0
    for i, v in enumerate(axes):
        dx *= _spacing(v, f"x axis {i}")
    mesh = np.meshgrid(*axes, indexing="ij")
    pts = np.stack([g.ravel() for g in mesh], axis=-1)
    return pts, dx, tuple(v.size for v in axes)


def _prepare_f(f, x) -> tuple[np.ndarray, np.ndarray, float, tuple[int, ...]]:
    pts, dx, shape = tensor_grid(x)
    m = pts.shape[1]
    if callable(f):
        vals = f(pts[:, 0]) if m == 1 else f(pts)
        vals = np.asarray(vals)
    else:
        vals = np.asarray(f)
    if vals.shape not in (shape, (pts.shape[0],)):
        raise ValueError(f"f has shape {vals.shape}, expected the grid shape {shape}")
    validate_array(vals, "f")
    return vals.reshape(-1), pts, dx, shape


def _prepare_a(a, m: int) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if m == 1 and a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[1] != m or a.shape[0] < 1:
        raise ValueError(
            f"a must have shape (n_a,) for m = 1 or (n_a, {m}), got {a.shape}"
        )
    validate_array(a, "a")
    return a


def _prepare_b(b) -> np.ndarray:
    b = np.asarray(b, dtype=float)
    if b.ndim != 1 or b.size < 1:
        raise ValueError(f"b must be a 1-D array of biases, got shape {b.shape}")
    validate_array(b, "b")
    return b


# ---------------------------------------------------------------------------
# Ridgelet transform: direct quadrature and Fourier slice
# ---------------------------------------------------------------------------


def ridgelet_transform(
    f: Union[np.ndarray, Callable],
    rho: Union[str, RidgeletFunction],
    a: np.ndarray,
    b: np.ndarray,
    x: Union[np.ndarray, Sequence[np.ndarray]],
    *,
    chunk: int = 1 << 22,
) -> np.ndarray:
    r"""Direct quadrature :math:`R[f;\rho](a,b)\approx dx\sum_p f(x_p)\overline{\rho(a\cdot x_p-b)}`.

    The correctness reference for :func:`ridgelet_transform_fourier`; cost
    :math:`O(n_a n_b N_x)` evaluations of :math:`\rho`.

    Parameters
    ----------
    f : array or callable
        Samples on the grid ``x`` (shape of the grid), or a callable (``m = 1``: ``f(x)``;
        ``m >= 2``: ``f(points)`` with points of shape ``(N, m)``).
    rho : RidgeletFunction or str
        Ridgelet function with a real-space closed form.
    a : array, shape (n_a,) or (n_a, m)
    b : array, shape (n_b,)
    x : 1-D equispaced array, or tuple of m such arrays (tensor grid).
    chunk : int
        Maximum number of kernel entries held in memory at once.

    Returns
    -------
    ndarray, shape (n_a, n_b)
        Complex if ``f`` or ``rho`` is complex-valued, else real.

    Used in: Chapter 3.

    Raises
    ------
    ValueError
        Bad shapes, non-equispaced grids, NaN/inf in ``f``, ``a``, ``b`` or ``x`` (the message
        names the argument), or a ridgelet without real-space form.
    """
    r = _as_function(rho, "rho")
    if r.real is None:
        raise ValueError(
            f"{r.name} has no real-space closed form; use ridgelet_transform_fourier"
        )
    fv, pts, dx, _ = _prepare_f(f, x)
    m = pts.shape[1]
    A = _prepare_a(a, m)
    B = _prepare_b(b)
    fw = fv * dx
    probe = np.asarray(r.real(np.zeros(1)))
    dtype = complex if (np.iscomplexobj(fw) or np.iscomplexobj(probe)) else float
    out = np.empty((A.shape[0], B.size), dtype=dtype)
    step = max(1, chunk // max(1, pts.shape[0] * B.size))
    for i0 in range(0, A.shape[0], step):
        t = A[i0 : i0 + step] @ pts.T  # (c, N)
        ker = r.real(t[:, :, None] - B[None, None, :])
        if dtype is complex:
            ker = np.conj(ker)
        out[i0 : i0 + step] = np.einsum("p,cpb->cb", fw, ker)
    return out


class SampledFourierTransform:
    r"""Callable :math:`\xi\mapsto\hat f_\Delta(\xi)=dx\sum_p f(x_p)e^{-ix_p\cdot\xi}`; build it with :func:`sampled_fourier_transform`.

    Besides evaluation at arbitrary points (FFT table + Lagrange interpolation) it keeps the
    samples, so that :func:`ridgelet_transform_fourier` can evaluate it *exactly* on the rays
    :math:`\{\omega_k a\}` with a chirp-z transform when ``m = 1``.
    """

    def __init__(
        self, values: np.ndarray, axes: list[np.ndarray], oversample: int, order: int
    ):
        self.values = values
        self.axes = axes
        self.m = len(axes)
        self.shape = tuple(v.size for v in axes)
        self.h = [float(v[1] - v[0]) for v in axes]
        self.x0 = np.array([float(v[0]) for v in axes])
        self.dx = float(np.prod(self.h))
        self.M = [oversample * n for n in self.shape]
        self.order = order
        # P(theta) = sum_l f_l e^{-i l . theta},  theta_d = h_d xi_d; table at theta_d =
        # 2 pi k / M_d
        self.table = np.fft.fftn(
            values.reshape(self.shape), s=self.M, axes=tuple(range(self.m))
        )
        self.offs = np.arange(-order // 2 + 1, order // 2 + 1)
        # barycentric weights of the equispaced nodes offs
        self.bary = np.array(
            [
                1.0 / np.prod([oj - oi for oi in self.offs if oi != oj])
                for oj in self.offs
            ]
        )

    def _weights(self, frac: np.ndarray) -> np.ndarray:
        d = frac[:, None] - self.offs[None, :]
        exact = d == 0
        d = np.where(exact, 1.0, d)
        w = np.prod(d, axis=1, keepdims=True) * self.bary[None, :] / d
        rows = exact.any(axis=1)
        if np.any(rows):
            w[rows] = exact[rows].astype(float)
        return w

    def __call__(self, xi: np.ndarray) -> np.ndarray:
        xi = np.asarray(xi, dtype=float)
        m = self.m
        if m == 1:
            q = xi.reshape(-1, 1)
            out_shape = xi.shape
        else:
            if xi.shape[-1] != m:
                raise ValueError(
                    f"xi must have last dimension {m}, got shape {xi.shape}"
                )
            q = xi.reshape(-1, m)
            out_shape = xi.shape[:-1]
        idx, wts = [], []
        for d in range(m):
            pos = (self.h[d] * q[:, d] / (2 * math.pi)) * self.M[d]
            base = np.floor(pos)
            idx.append(
                (base.astype(np.int64)[:, None] + self.offs[None, :]) % self.M[d]
            )
            wts.append(self._weights(pos - base))
        if m == 1:
            vals = np.einsum("kj,kj->k", self.table[idx[0]], wts[0])
        else:
            sub = self.table[idx[0][:, :, None], idx[1][:, None, :]]
            vals = np.einsum("kij,ki,kj->k", sub, wts[0], wts[1])
        phase = np.exp(-1j * (q @ self.x0))
        return (self.dx * phase * vals).reshape(out_shape)

    def on_rays(self, a: np.ndarray, w0: float, dw: float, n: int) -> np.ndarray:
        r"""Exact :math:`\hat f_\Delta(\omega_k a_i)`, :math:`\omega_k=\omega_0+k\,\Delta\omega`, ``k < n``, for ``m = 1`` (chirp-z / Bluestein)."""
        if self.m != 1:
            raise ValueError("on_rays is implemented for m = 1")
        a = np.asarray(a, dtype=float).reshape(-1)
        f = self.values.reshape(-1)
        L = f.size
        h, x0 = self.h[0], float(self.x0[0])
        beta = h * a * dw  # (n_a,)
        ll = np.arange(L)
        kk = np.arange(n)
        Q = sp_fft.next_fast_len(L + n - 1)
        u = f[None, :] * np.exp(
            -1j
            * (
                ll[None, :] * (h * a[:, None] * w0)
                + 0.5 * beta[:, None] * ll[None, :] ** 2
            )
        )
        nn = np.arange(-(L - 1), n)
        # index j <-> n = j - (L-1)
        chirp = np.exp(0.5j * beta[:, None] * nn[None, :] ** 2)
        conv = sp_fft.ifft(
            sp_fft.fft(u, Q, axis=1) * sp_fft.fft(chirp, Q, axis=1), axis=1
        )
        wk = w0 + kk * dw
        phase = np.exp(
            -1j
            * (0.5 * beta[:, None] * kk[None, :] ** 2 + x0 * a[:, None] * wk[None, :])
        )
        return self.dx * phase * conv[:, L - 1 : L - 1 + n]


def sampled_fourier_transform(
    f: Union[np.ndarray, Callable],
    x: Union[np.ndarray, Sequence[np.ndarray]],
    *,
    oversample: int = 32,
    order: int = 8,
) -> SampledFourierTransform:
    r"""Callable :math:`\xi\mapsto\hat f_\Delta(\xi)=dx\sum_p f(x_p)e^{-ix_p\cdot\xi}` from grid samples.

    :math:`\hat f_\Delta` is the Fourier transform of the rectangle-rule discretisation of ``f``
    (exactly what :func:`ridgelet_transform` integrates).  It is a trigonometric polynomial; we
    tabulate it with a zero-padded FFT (``oversample`` times the grid size per axis) and
    interpolate with periodic Lagrange polynomials through ``order`` nodes per axis: one FFT plus
    :math:`O(\text{order}^m)` per evaluation point, relative error about
    :math:`(\pi/\text{oversample})^{\text{order}}`.  Passed to :func:`ridgelet_transform_fourier`
    with ``m = 1`` it is instead evaluated exactly on the needed rays by a chirp-z transform.

    Parameters
    ----------
    f : array or callable
        Samples on the grid (or a callable, as in :func:`ridgelet_transform`).
    x : 1-D equispaced array, or a tuple of two such arrays.

    Returns
    -------
    SampledFourierTransform
        ``fhat(xi)``: for ``m = 1`` ``xi`` of any shape; for ``m = 2`` ``xi`` of shape ``(..., 2)``.

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        Bad grid, ``m > 2``, ``oversample < 2`` or ``order`` not an even integer in [2, 16].
    """
    oversample = validate_int(oversample, "oversample", lower=2)
    if validate_int(order, "order") not in range(2, 17, 2):
        raise ValueError(f"order must be an even integer in [2, 16], got {order!r}")
    fv, pts, _, shape = _prepare_f(f, x)
    if pts.shape[1] > 2:
        raise ValueError(
            "sampled_fourier_transform supports m = 1 and m = 2, got m = "
            f"{pts.shape[1]}"
        )
    axes = [
        np.asarray(v, dtype=float) for v in (x if isinstance(x, (tuple, list)) else [x])
    ]
    return SampledFourierTransform(fv.reshape(shape), axes, int(oversample), int(order))


def ridgelet_transform_fourier(
    f_hat: Callable[[np.ndarray], np.ndarray],
    rho: Union[str, RidgeletFunction, Callable[[np.ndarray], np.ndarray]],
    a: np.ndarray,
    b: np.ndarray,
    *,
    m: int | None = None,
    pad: int = 2,
    chunk: int = 1 << 22,
) -> np.ndarray:
    r"""Fourier-slice ridgelet transform :math:`R[f;\rho](a,b)=\frac1{2\pi}\int\hat f(\omega a)\overline{\rho^\sharp(\omega)}e^{+i\omega b}d\omega` by FFT.

    For equispaced ``b`` (spacing :math:`\Delta b`, ``n_b`` points) the :math:`\omega`-integral is a
    Riemann sum on :math:`N=` ``pad`` :math:`\cdot n_b` (rounded up to a power of 2) nodes
    :math:`\omega_k=(k-N/2)\Delta\omega`, :math:`\Delta\omega=2\pi/(N\Delta b)`, evaluated for all
    ``b`` at once by one inverse FFT per scale ``a``.  Cost :math:`O(n_a N\log N)` plus
    :math:`n_aN` evaluations of :math:`\hat f` and ``N`` of :math:`\rho^\sharp`.
    Errors: truncation to :math:`|\omega|<\pi/\Delta b` (small when :math:`\hat f(\omega a)\rho^\sharp(\omega)`
    has decayed there) and periodisation in ``b`` with period :math:`N\Delta b` (small when
    :math:`R(a,\cdot)` has decayed within it; raise ``pad`` otherwise).

    Parameters
    ----------
    f_hat : callable
        :math:`\xi\mapsto\hat f(\xi)`, closed form or from :func:`sampled_fourier_transform`
        (``m = 1``: any shape; ``m >= 2``: arrays of shape ``(..., m)``).
    rho : RidgeletFunction, str or callable
        The ridgelet function; a plain callable is taken to be :math:`\rho^\sharp` itself.  E.g.
        ``adjoint_ridgelet("gaussian")`` gives :math:`R[f;\sigma_*]`, the spectrum Chapter 5 compares
        ridge-trained Gaussian networks with (for tanh use the weight ``t > 1/2``).
    a : array, shape (n_a,) or (n_a, m)
    b : array, shape (n_b,), equispaced, at least 2 points.
    m : int, optional
        Input dimension (default: 1 if ``a`` is 1-D, else ``a.shape[1]``).
    pad : int
        Oversampling of the :math:`\omega` grid (period in ``b`` is ``pad`` times the ``b`` range).

    Returns
    -------
    ndarray, complex, shape (n_a, n_b)

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        Bad shapes, non-equispaced ``b`` or ``pad < 1``.
    """
    if callable(rho) and not isinstance(rho, RidgeletFunction):
        rho_sharp = rho
    else:
        rho_sharp = _as_function(rho, "rho").fourier
    a_arr = np.asarray(a, dtype=float)
    if m is None:
        m = 1 if a_arr.ndim == 1 else int(a_arr.shape[-1])
    A = _prepare_a(a_arr, m)
    B = _prepare_b(b)
    db = _spacing(B, "b")
    pad = validate_int(pad, "pad", lower=1)
    n_b = B.size
    N = 1 << int(math.ceil(math.log2(max(2, pad * n_b))))
    dw = 2 * math.pi / (N * db)
    w = (np.arange(N) - N // 2) * dw
    rs = np.conj(np.asarray(rho_sharp(w), dtype=complex)) * np.exp(1j * w * B[0])
    # e^{-i pi j}: the shift of k by N/2
    sign = np.where(np.arange(n_b) % 2 == 0, 1.0, -1.0)
    out = np.empty((A.shape[0], n_b), dtype=complex)
    step = max(1, chunk // N)
    for i0 in range(0, A.shape[0], step):
        Ac = A[i0 : i0 + step]
        if m == 1 and isinstance(f_hat, SampledFourierTransform):
            fh = f_hat.on_rays(Ac[:, 0], float(w[0]), dw, N)
        elif m == 1:
            fh = f_hat(Ac[:, 0:1] * w[None, :])
        else:
            fh = f_hat(Ac[:, None, :] * w[None, :, None])
        g = np.asarray(fh, dtype=complex) * rs[None, :]
        out[i0 : i0 + step] = (
            sp_fft.ifft(g, axis=1)[:, :n_b] * (N * dw / (2 * math.pi)) * sign[None, :]
        )
    return out


# ---------------------------------------------------------------------------
# Integral representation
# ---------------------------------------------------------------------------


def _param_weights(A: np.ndarray, B: np.ndarray, da, db) -> tuple[np.ndarray, float]:
    if da is None:
        if A.shape[1] != 1:
            raise ValueError("give da (cell volume of the a grid) when m >= 2")
        da = _spacing(A[:, 0], "a")
    try:
        da_arr = np.broadcast_to(np.asarray(da, dtype=float), (A.shape[0],))
    except ValueError:
        raise ValueError(
            f"da must be a number or have shape ({A.shape[0]},), got shape "
            f"{np.shape(da)}"
        ) from None
    if not np.all(np.isfinite(da_arr) & (da_arr > 0)):
        raise ValueError(
            f"da (cell volumes of the a grid) must be finite and positive, got {da!r}"
        )
    if db is None:
        db = _spacing(B, "b")
    if np.ndim(db) != 0 or not (np.isfinite(float(db)) and float(db) > 0):
        raise ValueError(
            f"db (spacing of the b grid) must be a finite positive number, got {db!r}"
        )
    return da_arr, float(db)


def _synthesis_inputs(sigma, a, b, x, da, db):
    """Validate the inputs shared by :func:`integral_representation` and :func:`synthesis_matrix`.

    Returns ``(sigma_callable, A (n_a, m), B (n_b,), X (n_x, m), da (n_a,), db)``.
    """
    sfun = _as_real_callable(sigma)
    a_arr = np.asarray(a, dtype=float)
    m = 1 if a_arr.ndim == 1 else a_arr.shape[1]
    A = _prepare_a(a_arr, m)
    B = _prepare_b(b)
    X = np.asarray(x, dtype=float)
    if m == 1 and X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] != m:
        raise ValueError(
            f"x must have shape (n_x,) for m = 1 or (n_x, {m}), got {np.shape(x)}"
        )
    validate_array(X, "x")
    da_arr, dbv = _param_weights(A, B, da, db)
    return sfun, A, B, X, da_arr, dbv


def integral_representation(
    gamma: np.ndarray,
    sigma: Union[str, RidgeletFunction, Callable],
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    *,
    da: float | np.ndarray | None = None,
    db: float | None = None,
    chunk: int = 1 << 22,
) -> np.ndarray:
    r"""Dual transform :math:`S[\gamma](x)\approx\sum_{i,j}\gamma(a_i,b_j)\,\sigma(a_i\cdot x-b_j)\,\Delta a_i\,\Delta b`.

    Parameters
    ----------
    gamma : array, shape (n_a, n_b)
        Parameter distribution on the grid ``a x b``.
    sigma : RidgeletFunction, name, or callable t -> sigma(t)
    a : array, shape (n_a,) (``m = 1``) or (n_a, m)
    b : array, shape (n_b,)
    x : array, shape (n_x,) for ``m = 1`` or (n_x, m): evaluation points (any, not a grid).
    da : float or array (n_a,), optional
        Cell volumes of the ``a`` grid; default the spacing of an equispaced 1-D ``a``.
    db : float, optional
        Spacing of ``b``; default from the (equispaced) ``b``.

    Returns
    -------
    ndarray, shape (n_x,)

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        Bad shapes, missing cell volumes, ``da``/``db`` not finite and positive, or NaN/inf in
        ``gamma``, ``a``, ``b`` or ``x`` (the message names the argument).
    """
    sfun, A, B, X, da_arr, dbv = _synthesis_inputs(sigma, a, b, x, da, db)
    G = np.asarray(gamma)
    if G.shape != (A.shape[0], B.size):
        raise ValueError(
            f"gamma must have shape (n_a, n_b) = {(A.shape[0], B.size)}, got {G.shape}"
        )
    validate_array(G, "gamma")
    Gw = G * da_arr[:, None] * dbv
    out = np.zeros(X.shape[0], dtype=complex if np.iscomplexobj(Gw) else float)
    step = max(1, chunk // max(1, A.shape[0] * B.size))
    for i0 in range(0, X.shape[0], step):
        t = X[i0 : i0 + step] @ A.T  # (c, n_a)
        out[i0 : i0 + step] = np.einsum(
            "cab,ab->c", sfun(t[:, :, None] - B[None, None, :]), Gw
        )
    return out


def synthesis_matrix(
    sigma: Union[str, RidgeletFunction, Callable],
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    *,
    da: float | np.ndarray | None = None,
    db: float | None = None,
) -> np.ndarray:
    r"""Matrix of the discretised :math:`S`: ``M[p, i*n_b + j]`` :math:`=\sigma(a_i\cdot x_p-b_j)\,\Delta a_i\,\Delta b`.

    ``M @ gamma.ravel()`` equals :func:`integral_representation`; its null space is the finite
    shadow of :math:`\ker S` (the ghosts).

    Used in: Chapter 4.

    Raises
    ------
    ValueError
        Bad shapes or missing cell volumes.
    """
    sfun, A, B, X, da_arr, dbv = _synthesis_inputs(sigma, a, b, x, da, db)
    t = X @ A.T
    M = sfun(t[:, :, None] - B[None, None, :]) * (da_arr[None, :, None] * dbv)
    return M.reshape(X.shape[0], -1)


def split_visible_ghost(
    gamma: np.ndarray, matrix: np.ndarray, *, rcond: float = 1e-10
) -> tuple[np.ndarray, np.ndarray, int]:
    r"""Orthogonal :math:`\ell^2` split :math:`\gamma=P_M\gamma+(I-P_M)\gamma`, :math:`P_M=M^+M` (projection onto :math:`(\ker M)^\perp`).

    ``matrix`` is a discretised :math:`S` on finitely many inputs (:func:`synthesis_matrix`) or a
    feature matrix, ``gamma`` any array with ``gamma.size == matrix.shape[1]``.  Returns
    ``(visible, ghost, rank)`` shaped like ``gamma``: ``matrix @ ghost.ravel() ≈ 0`` and ``visible``
    is the minimum-:math:`\ell^2`-norm array with the same outputs *on the data*.  ``ghost`` lies in
    the data null space :math:`\ker M`, which contains but is not :math:`\ker S`, and :math:`P_M`
    is the plain :math:`\ell^2` projection, not the projection of Sonoda et al. (2021); for that
    see :func:`project_visible`.  ``rank`` is the numerical rank (singular values above ``rcond``
    times the largest).

    Used in: Chapters 4 and 5.

    Raises
    ------
    ValueError
        If sizes do not match or ``rcond`` is not in (0, 1).
    """
    M = np.asarray(matrix)
    g = np.asarray(gamma)
    if M.ndim != 2 or g.size != M.shape[1]:
        cols = M.shape[1] if M.ndim == 2 else "?"
        raise ValueError(f"gamma has {g.size} entries but matrix has {cols} columns")
    if not 0 < rcond < 1:
        raise ValueError(f"rcond must be in (0, 1), got {rcond}")
    _, s, vh = np.linalg.svd(M, full_matrices=False)
    r = int(np.sum(s > rcond * s[0])) if s.size else 0
    V = vh[:r].conj().T
    vis = V @ (V.conj().T @ g.ravel())
    return vis.reshape(g.shape), (g.ravel() - vis).reshape(g.shape), r


# ---------------------------------------------------------------------------
# The true split in the adjoint-weighted parameter space (finite c only)
# ---------------------------------------------------------------------------


def weighted_ridgelet_inner(
    rho: Union[str, RidgeletFunction], tau: Union[str, RidgeletFunction], m: int = 1
) -> complex:
    r"""Weighted pairing :math:`(\rho,\tau)_*=\int\rho^\sharp(\omega)\,\overline{\tau^\sharp(\omega)}\,|\omega|^{-2m}\,d\omega`.

    This is the Gram form of the ridgelet transform in the parameter space of Sonoda et al.
    (2021, v1) with :math:`s=t=0`, whose norm is
    :math:`\|\gamma\|_*^2=(2\pi)^{-m}\int|\gamma^\sharp(a,\omega)|^2|\omega|^{-m}\,da\,d\omega`
    (:math:`\sharp` in ``b``): there
    :math:`\langle R[f;\rho],R[g;\tau]\rangle_*=\langle f,g\rangle\,(\tau,\rho)_*`, and the
    admissibility constant is the :math:`\sigma_*`-inner product
    :math:`\langle\!\langle\sigma,\rho\rangle\!\rangle=(\sigma_*,\rho)_*` with
    :math:`\sigma_*` = :func:`adjoint_ridgelet`.  (It is *not* :math:`\langle\!\langle\sigma_*,\rho\rangle\!\rangle`,
    which carries the weight :math:`|\omega|^{-m}`.)  Computed by :func:`admissibility_constant`
    applied to :math:`\rho'` with :math:`\rho'^\sharp=(2\pi)^{1-m}|\omega|^{-m}\rho^\sharp`.

    Parameters
    ----------
    rho, tau : RidgeletFunction or str
    m : int
        Input dimension.

    Returns
    -------
    complex

    Used in: Chapter 4.

    Raises
    ------
    ValueError
        If ``m < 1`` or the integral is not finite (e.g. :math:`(\sigma_*,\sigma_*)_*` for tanh).
    """
    r, t = _as_function(rho, "rho"), _as_function(tau, "tau")
    m = validate_int(m, "input dimension m", lower=1)
    fr = r.fourier
    c = (2 * math.pi) ** (1 - m)

    def fourier(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        with np.errstate(all="ignore"):
            return c * fr(w) / np.abs(w) ** m

    return admissibility_constant(
        RidgeletFunction(f"|w|^-{m} {r.name}", fourier, None, r.pole_order + m), t, m
    )


def parameter_inner_product(
    gamma1: np.ndarray,
    gamma2: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    *,
    weighted: bool = True,
    pad: int = 2,
) -> complex:
    r"""Inner product of two distributions on an ``a x b`` grid: :math:`(2\pi)^{-1}\iint\gamma_1^\sharp\overline{\gamma_2^\sharp}\,|\omega|^{-1}\,da\,d\omega` (``m = 1``).

    ``weighted=True``: the adjoint-weighted inner product :math:`\langle\cdot,\cdot\rangle_*` of
    :func:`weighted_ridgelet_inner` (:math:`s=t=0`), in which :math:`S^*f=R[f;\sigma_*]` and
    :math:`P=c^{-1}S^*S` is the orthogonal projection onto :math:`(\ker S)^\perp`.  The Fourier
    transform in ``b`` is a zero-padded FFT (``pad`` times the ``b`` range), the integrals are
    rectangle rules, and the :math:`\omega=0` sample is left out (the weight is integrable there only
    if :math:`\int\gamma(a,b)\,db=0`, true for :math:`R[f;\rho]` with :math:`\rho^\sharp(0)=0`).
    ``weighted=False``: the plain :math:`L^2` inner product :math:`\iint\gamma_1\overline{\gamma_2}\,da\,db`.

    Parameters
    ----------
    gamma1, gamma2 : array, shape (n_a, n_b)
    a, b : equispaced 1-D grids
    weighted : bool
    pad : int
        Zero padding of the FFT in ``b``.

    Returns
    -------
    complex

    Used in: Chapter 4.

    Raises
    ------
    ValueError
        Bad shapes, non-equispaced grids or ``pad < 1``.
    """
    A, B = np.asarray(a, dtype=float), _prepare_b(b)
    da, db = _spacing(A, "a"), _spacing(B, "b")
    g1, g2 = np.asarray(gamma1), np.asarray(gamma2)
    if g1.shape != (A.size, B.size) or g2.shape != g1.shape:
        raise ValueError(
            f"gamma1, gamma2 must have shape {(A.size, B.size)}, got {g1.shape}, "
            f"{g2.shape}"
        )
    pad = validate_int(pad, "pad", lower=1)
    if not weighted:
        return complex(np.sum(g1 * np.conj(g2)) * da * db)
    N = 1 << int(math.ceil(math.log2(max(2, pad * B.size))))
    h1 = sp_fft.fft(g1, N, axis=1) * db
    h2 = sp_fft.fft(g2, N, axis=1) * db
    w = np.abs(sp_fft.fftfreq(N, d=db)) * 2 * math.pi
    weight = np.zeros(N)
    weight[1:] = 1.0 / w[1:]
    dw = 2 * math.pi / (N * db)
    return complex(np.sum(h1 * np.conj(h2) * weight[None, :]) * da * dw / (2 * math.pi))


def visible_distribution(
    f_hat: Callable[[np.ndarray], np.ndarray],
    sigma: Union[str, RidgeletFunction],
    a: np.ndarray,
    b: np.ndarray,
    *,
    pad: int = 2,
) -> np.ndarray:
    r"""Minimum-norm representation :math:`S^\dagger f=c^{-1}R[f;\sigma_*]`, :math:`c=\langle\!\langle\sigma,\sigma_*\rangle\!\rangle=(2\pi)^{2(m-1)}\int|\sigma^\sharp|^2d\omega`.

    In the adjoint-weighted parameter space (:func:`parameter_inner_product`) :math:`SS^*=cI`, so
    this is the *visible part* of every :math:`\gamma` with :math:`S[\gamma]=f` (Sonoda et al.
    2021, Lemma 9 and Theorem 10 with :math:`s=t=0`).  It exists only when ``c`` is finite, i.e.
    :math:`\sigma\in L^2` (Gaussian: :math:`c=2\pi^{3/2}`); for tanh, ReLU, sigmoid ``c`` is infinite
    and a :class:`ValueError` is raised (the paper then needs :math:`t>0`).

    Parameters
    ----------
    f_hat : callable
        :math:`\hat f`, as for :func:`ridgelet_transform_fourier`.
    sigma : RidgeletFunction or str
        The activation.
    a, b : grids as for :func:`ridgelet_transform_fourier`.
    pad : int
        Passed to :func:`ridgelet_transform_fourier`.

    Returns
    -------
    ndarray, complex, shape (n_a, n_b)

    Used in: Chapter 4.

    Raises
    ------
    ValueError
        If :math:`c=\langle\!\langle\sigma,\sigma_*\rangle\!\rangle` is not finite, or bad grids.
    """
    s = _as_function(sigma, "sigma")
    a_arr = np.asarray(a, dtype=float)
    m = 1 if a_arr.ndim == 1 else int(a_arr.shape[-1])
    try:
        s_star = adjoint_ridgelet(s, m)
        c = admissibility_constant(s, s_star, m).real
    except ValueError as err:
        raise ValueError(
            f"no minimum-norm solution for {s.name} in the s = t = 0 parameter space: "
            f"c = <<sigma, sigma_*>> is not finite ({err})"
        ) from None
    return ridgelet_transform_fourier(f_hat, s_star, a_arr, b, m=m, pad=pad) / c


def project_visible(
    gamma: np.ndarray,
    sigma: Union[str, RidgeletFunction],
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    *,
    pad: int = 2,
) -> np.ndarray:
    r"""Orthogonal projection onto :math:`(\ker S)^\perp`: :math:`P\gamma=c^{-1}R[S[\gamma];\sigma_*]` (``m = 1``).

    :math:`S[\gamma]` is computed by :func:`integral_representation` on the equispaced grid ``x``
    (which must cover its support), Fourier-transformed by :func:`sampled_fourier_transform`, and
    mapped back by :func:`visible_distribution`.  The ghost part of :math:`\gamma` is
    :math:`\gamma-P\gamma`.  This is the projection of Sonoda et al. (2021) in the adjoint-weighted
    space; it is not the :math:`\ell^2` projection :math:`M^+M` of :func:`split_visible_ghost`.

    Returns
    -------
    ndarray, complex, shape (n_a, n_b)

    Used in: Chapter 4.

    Raises
    ------
    ValueError
        As :func:`visible_distribution` and :func:`integral_representation`.
    """
    xs = np.asarray(x, dtype=float)
    _spacing(xs, "x")
    out = integral_representation(gamma, sigma, a, b, xs)
    return visible_distribution(
        sampled_fourier_transform(out, xs), sigma, a, b, pad=pad
    )


# ---------------------------------------------------------------------------
# Finite networks sampled from a parameter distribution
# ---------------------------------------------------------------------------


def sample_network(
    gamma: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    n_units: int,
    *,
    da: float | np.ndarray | None = None,
    db: float | None = None,
    seed: int | np.random.Generator | None = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Width-``n_units`` network :math:`\sum_k c_k\sigma(a_k\cdot x-b_k)` with :math:`\mathbb E=S[\gamma]` (importance sampling).

    Cells :math:`(a_i,b_j)` are drawn with probability :math:`p_{ij}\propto|\gamma_{ij}|\Delta a_i\Delta b`
    and given output weight :math:`c_k=\gamma_{ij}\Delta a_i\Delta b/(n\,p_{ij})`, so the network
    is an unbiased Monte-Carlo estimate of the discretised :math:`S[\gamma]`, with error
    :math:`O(n^{-1/2})`.  Evaluate it with :func:`evaluate_network`.

    Returns
    -------
    (a_k, b_k, c_k)
        Shapes ``(n, m)`` (``(n,)`` for ``m = 1``), ``(n,)``, ``(n,)``.

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        If ``n_units < 1``, shapes mismatch, ``gamma``, ``a`` or ``b`` hold NaN/inf, ``da``/``db``
        are not finite and positive, or ``gamma`` is identically zero.
    """
    n_units = validate_int(n_units, "n_units", lower=1)
    a_arr = np.asarray(a, dtype=float)
    m = 1 if a_arr.ndim == 1 else a_arr.shape[1]
    A = _prepare_a(a_arr, m)
    B = _prepare_b(b)
    G = np.asarray(gamma)
    if G.shape != (A.shape[0], B.size):
        raise ValueError(f"gamma must have shape {(A.shape[0], B.size)}, got {G.shape}")
    validate_array(G, "gamma")
    da_arr, dbv = _param_weights(A, B, da, db)
    mass = np.abs(G) * da_arr[:, None] * dbv
    tot = mass.sum()
    if not tot > 0:
        raise ValueError("gamma is identically zero: nothing to sample")
    rng = as_generator(seed)
    p = (mass / tot).ravel()
    idx = rng.choice(p.size, size=int(n_units), p=p)
    ia, ib = np.divmod(idx, B.size)
    c = (G * da_arr[:, None] * dbv).ravel()[idx] / (n_units * p[idx])
    ak = A[ia, 0] if m == 1 else A[ia]
    return ak, B[ib], c


def evaluate_network(
    a_k: np.ndarray,
    b_k: np.ndarray,
    c_k: np.ndarray,
    sigma: Union[str, RidgeletFunction, Callable],
    x: np.ndarray,
) -> np.ndarray:
    r"""Finite network :math:`f(x)=\sum_k c_k\,\sigma(a_k\cdot x-b_k)` (the singular :math:`\gamma=\sum_kc_k\delta_{(a_k,b_k)}`).

    Computed by :func:`nnsym.networks.evaluate_ridge` (the evaluation that
    :func:`nnsym.spectrum.feature_matrix` uses); :func:`nnsym.networks.ridge_to_params`
    turns ``(a_k, b_k, c_k)`` into :class:`~nnsym.networks.MLPParams`.

    Used in: Chapters 3 and 4.

    Raises
    ------
    ValueError
        If the parameter shapes disagree.
    """
    sfun = _as_real_callable(sigma)
    return evaluate_ridge(x, a_k, b_k, c_k, sfun)
