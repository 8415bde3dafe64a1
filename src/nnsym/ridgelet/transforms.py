r"""The ridgelet transform :math:`R[f;\rho]`: direct quadrature and the Fourier slice (FFT, chirp-z)."""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
from scipy import fft as sp_fft

from ..networks import (
    validate_array,
    validate_int,
)
from .functions import (
    RidgeletFunction,
    _as_function,
)
from .grids import (
    _prepare_a,
    _prepare_b,
    _prepare_f,
    _spacing,
)

__all__ = [
    "ridgelet_transform",
    "ridgelet_transform_fourier",
    "sampled_fourier_transform",
    "SampledFourierTransform",
    "ridgelet_transform_of_gaussian",
]

# ---------------------------------------------------------------------------
# Ridgelet transform: direct quadrature and Fourier slice
# ---------------------------------------------------------------------------


def ridgelet_transform(
    f: np.ndarray | Callable,
    rho: str | RidgeletFunction,
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray | Sequence[np.ndarray],
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
    f: np.ndarray | Callable,
    x: np.ndarray | Sequence[np.ndarray],
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
    rho: str | RidgeletFunction | Callable[[np.ndarray], np.ndarray],
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


def ridgelet_transform_of_gaussian(
    rho: RidgeletFunction | Callable[[np.ndarray], np.ndarray],
    k: int,
    a: np.ndarray,
    b: np.ndarray,
) -> np.ndarray:
    r"""Closed form :math:`R[G;\rho](a,b)=\sqrt{2\pi}\,(-1)^k\,s^{-k-1}\rho(b/s)`, :math:`s=\sqrt{1+a^2}`, for :math:`G(x)=e^{-x^2/2}`.

    Valid (``m = 1``) for every ridgelet with
    :math:`\rho^\sharp(\omega)=c\,(i\omega)^k\,[\operatorname{sign}\omega]\,e^{-\omega^2/2}`
    and real ``c``: the Dawson ridgelets :math:`\rho_k` (``c = 1``, with the sign) and the
    Gaussian derivatives :math:`G^{(k)}` (``c`` :math:`=\sqrt{2\pi}`, without).  From the
    Fourier slice with :math:`\hat G(\xi)=\sqrt{2\pi}e^{-\xi^2/2}`:
    :math:`\overline{\rho^\sharp}=(-1)^k\rho^\sharp`, and
    :math:`\rho^\sharp(\omega)e^{-\omega^2a^2/2}` is :math:`s^{-k}\rho^\sharp(s\omega)`, whose
    inverse transform at ``b`` is :math:`s^{-k-1}\rho(b/s)`.  The exact reference against which
    the tests and ``benchmarks/bench_ridgelet.py`` measure :func:`ridgelet_transform` and
    :func:`ridgelet_transform_fourier`; ``rho`` may be any vectorised evaluation of
    :math:`\rho` (e.g. an independent high-precision one).

    Parameters
    ----------
    rho : RidgeletFunction or callable
        :math:`t\mapsto\rho(t)`.
    k : int
        The power of :math:`i\omega` in :math:`\rho^\sharp` (>= 0).
    a, b : array, shape (n_a,) and (n_b,)

    Returns
    -------
    ndarray, shape (n_a, n_b)

    Raises
    ------
    ValueError
        If ``rho`` is not callable, ``k`` is not an integer >= 0, or ``a``, ``b`` are not
        finite 1-D arrays.
    """
    if not callable(rho):
        raise ValueError(f"rho must be callable, got {type(rho).__name__}")
    k = validate_int(k, "k", lower=0)
    A, B = validate_array(a, "a"), validate_array(b, "b")
    if A.ndim != 1 or B.ndim != 1:
        raise ValueError(
            f"a and b must be 1-D arrays, got shapes {A.shape} and {B.shape}"
        )
    s = np.sqrt(1 + A[:, None] ** 2)
    return math.sqrt(2 * math.pi) * (-1) ** k * s ** (-(k + 1)) * rho(B[None, :] / s)
