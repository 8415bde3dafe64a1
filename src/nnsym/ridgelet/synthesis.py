r"""The integral representation :math:`S[\gamma]`, its ghosts, and finite networks sampled from :math:`\gamma`."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
from scipy import fft as sp_fft

from ..networks import (
    as_generator,
    evaluate_ridge,
    validate_array,
    validate_int,
)
from .admissibility import (
    adjoint_ridgelet,
    admissibility_constant,
)
from .functions import (
    RidgeletFunction,
    _as_function,
    _as_real_callable,
)
from .grids import (
    _param_weights,
    _prepare_a,
    _prepare_b,
    _spacing,
)
from .transforms import (
    ridgelet_transform_fourier,
    sampled_fourier_transform,
)

__all__ = [
    "integral_representation",
    "synthesis_matrix",
    "split_visible_ghost",
    "weighted_ridgelet_inner",
    "parameter_inner_product",
    "visible_distribution",
    "project_visible",
    "sample_network",
    "evaluate_network",
]

# ---------------------------------------------------------------------------
# Integral representation
# ---------------------------------------------------------------------------


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
    sigma: str | RidgeletFunction | Callable,
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
    validate_array(G, "gamma", complex_ok=True)
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
    sigma: str | RidgeletFunction | Callable,
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
    rho: str | RidgeletFunction, tau: str | RidgeletFunction, m: int = 1
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
    sigma: str | RidgeletFunction,
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
    sigma: str | RidgeletFunction,
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
    validate_array(G, "gamma", complex_ok=True)
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
    sigma: str | RidgeletFunction | Callable,
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
