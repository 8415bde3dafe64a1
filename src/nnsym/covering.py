"""Covering numbers of network classes, with and without functional equivalence.

For the architecture ``widths = (n_0, ..., n_L)`` with ``P`` parameters in the box
``Theta = [-B, B]^P``, inputs in ``[-a, a]^{n_0}`` and a ``rho``-Lipschitz activation,
the realisation map ``theta -> f_theta`` is ``Lambda``-Lipschitz from
``(Theta, ||.||_inf)`` to ``(C([-a,a]^{n_0}), sup-norm)``; a grid of
``K = ceil(B Lambda / eps)`` cells per coordinate then gives

.. math::

    \\log \\mathcal N(\\varepsilon) \\le P \\log K \\quad\\text{(classical)},\\qquad
    \\log \\mathcal N(\\varepsilon) \\le \\log\\Bigl(\\frac{K^P}{\\prod_l n_l!} + K^{P-m}\\Bigr)
    \\quad\\text{(quotient by hidden-unit permutations)},

with ``m = min_l (n_{l-1} + 1 + n_{l+1})`` over hidden layers ``l``.  The second
bound is the book's derivation of the mechanism of Shen (2024): only one grid cell
per orbit of the permutation group has to be covered.

Used in: Chapter 6.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import sympy as sp

from .counting import log10_equivalent_minima, stirling_log_factorial
from .networks import (
    MLPParams,
    as_generator,
    count_params,
    get_activation,
    params_to_vector,
    validate_widths,
    vector_to_params,
)
from .symmetry import enumerate_orbit

__all__ = [
    "lipschitz_constant",
    "log_covering_bound",
    "min_moved_coordinates",
    "count_cell_orbits",
    "canonicalize",
    "canonicalize_vectors",
    "sample_parameter_box",
    "evaluate_functions",
    "fundamental_domain_fraction",
    "greedy_epsilon_net",
    "empirical_covering_number",
    "uniform_gain_expressions",
]


def _positive(name: str, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}") from None
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return v


def _nonnegative(name: str, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number >= 0, got {value!r}") from None
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    return v


# --------------------------------------------------------------------------- Lipschitz constant


def lipschitz_constant(
    widths: Sequence,
    radius,
    *,
    rho=1,
    sigma_at_zero=0,
    input_bound=1,
    symbolic: bool = False,
):
    """``Lambda = lambda_L`` from ``lambda_l = rho_l (n_{l-1} M_{l-1} + 1 + B n_{l-1} lambda_{l-1})``, ``lambda_0 = 0``.

    Here ``M_0 = a`` (the input bound), ``M_l = |sigma(0)| + rho B (n_{l-1} M_{l-1} + 1)``
    bounds ``||h_l||_inf`` for hidden layers, and ``rho_l = rho`` for hidden layers,
    ``rho_L = 1`` for the affine output layer.  Then for all ``theta, theta'`` in
    ``[-B, B]^P`` and ``x`` in ``[-a, a]^{n_0}``

    ``||f_theta(x) - f_theta'(x)||_inf <= Lambda ||theta - theta'||_inf``.

    Parameters
    ----------
    widths
        ``(n_0, n_1, ..., n_L)``; integers >= 1, or SymPy symbols when ``symbolic``.
    radius
        ``B``, the bound on every parameter.
    rho
        Lipschitz constant of the activation (1 for ReLU, tanh).
    sigma_at_zero
        ``|sigma(0)|`` (0 for ReLU and tanh, 1/2 for the sigmoid).
    input_bound
        ``a``, the bound on every input coordinate.
    symbolic
        Return a SymPy expression (the arguments may then be symbols).

    Returns
    -------
    float or sympy.Expr

    Raises
    ------
    ValueError
        For fewer than two widths, a width < 1, or a non-positive ``radius``, ``rho``
        or ``input_bound`` (numeric mode).

    References
    ----------
    Anthony and Bartlett (1999), Ch. 14 (the parameter-counting argument); the
    telescoping recursion is derived in Chapter 6.  Used in: Chapter 6.
    """
    if symbolic:
        ws = tuple(sp.sympify(w) for w in widths)
        if len(ws) < 2:
            raise ValueError(f"widths must hold at least 2 entries, got {ws!r}")
        for w in ws:
            if w.is_number and (not w.is_integer or w < 1):
                raise ValueError(f"widths must be integers >= 1 or symbols, got {w} in {ws!r}")
        B, r, s0, a = (sp.sympify(v) for v in (radius, rho, sigma_at_zero, input_bound))
    else:
        ws = validate_widths(widths, min_len=2)
        B = _positive("radius", radius)
        r = _positive("rho", rho)
        s0 = _nonnegative("sigma_at_zero", sigma_at_zero)
        a = _positive("input_bound", input_bound)
    L = len(ws) - 1
    M, lam = a, 0
    for l in range(1, L + 1):
        rho_l = r if l < L else 1
        lam = rho_l * (ws[l - 1] * M + 1 + B * ws[l - 1] * lam)
        if l < L:
            M = s0 + r * B * (ws[l - 1] * M + 1)
    return sp.expand(lam) if symbolic else float(lam)


# --------------------------------------------------------------------------- the bounds


def min_moved_coordinates(widths: Sequence[int]) -> int:
    """``m = min_l (n_{l-1} + 1 + n_{l+1})`` over the hidden layers ``l = 1..L-1``.

    Every permutation of hidden units other than the identity moves at least two
    units of some layer ``l``, hence at least ``2 m`` coordinates of ``theta``, so it
    has at most ``P - m`` cycles on the coordinates.  Returns 0 when there is no
    hidden layer.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    hidden = range(1, len(ws) - 1)
    return min((ws[l - 1] + 1 + ws[l + 1] for l in hidden), default=0)


def log_covering_bound(
    widths: Sequence,
    eps,
    *,
    radius,
    lipschitz,
    quotient: bool = False,
    symbolic: bool = False,
):
    """``log N(eps) <= P log K`` or, quotiented, ``log min(K^P, K^P / prod_l n_l! + K^(P-m))``, ``K = ceil(B Lambda / eps)``.

    Natural logarithm of an upper bound on the ``eps``-covering number, in the sup
    norm, of ``{f_theta : theta in [-B, B]^P}``.  ``quotient=True`` uses that
    ``f_theta`` is invariant under permutations of hidden units (the group
    ``prod_l S_{n_l}``): it suffices to cover one grid cell per orbit.

    Parameters
    ----------
    widths
        ``(n_0, ..., n_L)``, input and output included; symbols allowed when ``symbolic``.
    eps
        The radius ``epsilon > 0`` of the cover.
    radius
        ``B``, the bound on every parameter.
    lipschitz
        ``Lambda``, a Lipschitz constant of the realisation map (see
        :func:`lipschitz_constant`).
    quotient
        Subtract the permutation symmetry.
    symbolic
        Return the SymPy expression ``P log K`` or ``log(K^P / prod n_l! + K^(P - m))``
        with ``K = ceiling(B Lambda / eps)`` (without the ``min``).

    Returns
    -------
    float or sympy.Expr

    Raises
    ------
    ValueError
        For bad widths or a non-positive ``eps``, ``radius`` or ``lipschitz``.

    References
    ----------
    Shen (2024) for the reduction by ``d_1! ... d_L!``; Anthony and Bartlett (1999)
    and Vershynin (2018) for covering numbers.  Used in: Chapter 6.
    """
    if symbolic:
        ws = tuple(sp.sympify(w) for w in widths)
        if len(ws) < 2:
            raise ValueError(f"widths must hold at least 2 entries, got {ws!r}")
        P = sum(ws[l] * (ws[l - 1] + 1) for l in range(1, len(ws)))
        K = sp.ceiling(sp.sympify(radius) * sp.sympify(lipschitz) / sp.sympify(eps))
        if not quotient or len(ws) == 2:
            return P * sp.log(K)
        G = sp.Mul(*[sp.factorial(n) for n in ws[1:-1]])
        m = sp.Min(*[ws[l - 1] + 1 + ws[l + 1] for l in range(1, len(ws) - 1)])
        return sp.log(K**P / G + K ** (P - m))
    ws = validate_widths(widths, min_len=2)
    e = _positive("eps", eps)
    B = _positive("radius", radius)
    lam = _positive("lipschitz", lipschitz)
    P = count_params(ws)
    K = max(1, math.ceil(B * lam / e))
    plain = P * math.log(K)
    if not quotient or len(ws) == 2:
        return plain
    log_G = log10_equivalent_minima(ws[1:-1]) * math.log(10)
    m = min_moved_coordinates(ws)
    correction = float(np.logaddexp(-log_G, -m * math.log(K)))  # log(1/G + K^-m)
    return plain + min(0.0, correction)


def _coordinate_permutations(widths: tuple[int, ...], max_size: int) -> list[np.ndarray]:
    """Every permutation of hidden units, as the induced permutation of the ``P`` coordinates."""
    P = count_params(widths)
    index_params = vector_to_params(np.arange(P, dtype=float), widths)
    return [params_to_vector(g).astype(int) for g in enumerate_orbit(index_params, max_size=max_size)]


def _count_cycles(perm: np.ndarray) -> int:
    seen = np.zeros(perm.size, dtype=bool)
    cycles = 0
    for start in range(perm.size):
        if not seen[start]:
            cycles += 1
            j = start
            while not seen[j]:
                seen[j] = True
                j = perm[j]
    return cycles


def count_cell_orbits(widths: Sequence[int], cells_per_axis: int, *, max_group: int = 50_000) -> int:
    """Burnside: the number of orbits of ``prod_l S_{n_l}`` on the ``K^P`` grid cells is ``(1/|G|) sum_g K^{c(g)}``.

    ``c(g)`` is the number of cycles of ``g`` acting on the ``P`` coordinates.  This
    is the exact number of cells the quotient cover needs.

    Parameters
    ----------
    widths
        ``(n_0, ..., n_L)``.
    cells_per_axis
        ``K >= 1``.
    max_group
        Refuse groups larger than this (the sum runs over all group elements).

    Raises
    ------
    ValueError
        For bad widths, ``K < 1`` or a group larger than ``max_group``.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    (K,) = validate_widths((cells_per_axis,), what="cells_per_axis")
    perms = _coordinate_permutations(ws, max_group)
    total = sum(K ** _count_cycles(p) for p in perms)
    if total % len(perms):
        raise AssertionError("Burnside sum not divisible by the group order")  # pragma: no cover
    return total // len(perms)


# --------------------------------------------------------------------------- canonical forms


def _split(vectors: np.ndarray, widths: tuple[int, ...]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    N = vectors.shape[0]
    Ws, bs, i = [], [], 0
    for l in range(1, len(widths)):
        n_out, n_in = widths[l], widths[l - 1]
        Ws.append(vectors[:, i : i + n_out * n_in].reshape(N, n_out, n_in).copy())
        i += n_out * n_in
        bs.append(vectors[:, i : i + n_out].copy())
        i += n_out
    return Ws, bs


def _join(Ws: list[np.ndarray], bs: list[np.ndarray]) -> np.ndarray:
    N = bs[0].shape[0]
    return np.concatenate([np.concatenate([W.reshape(N, -1), b], axis=1) for W, b in zip(Ws, bs)], axis=1)


def canonicalize_vectors(
    vectors: np.ndarray,
    widths: Sequence[int],
    *,
    signs: bool = False,
    rescale: bool = False,
) -> np.ndarray:
    """Row-wise canonical form: per hidden layer, normalise then sort units by ``(b_j, W_j)`` descending.

    Layer by layer (``l = 1..L-1``), with ``a_j = (b_{l,j}, W_{l,j,:})`` the incoming
    vector of unit ``j``: with ``signs``, multiply ``a_j`` and the outgoing column
    by the sign of the first non-zero entry of ``a_j`` (so ``b_{l,j} > 0`` for
    generic ``theta``); with ``rescale``, divide ``a_j`` by ``||a_j||_2`` and multiply
    the outgoing column by it; then sort units so that the keys ``a_j`` decrease
    lexicographically (the last hidden layer breaks ties with its outgoing columns).
    The realised function is unchanged whenever the operations are symmetries of the
    activation.

    Parameters
    ----------
    vectors
        ``(N, P)`` parameter vectors in the layout of :func:`nnsym.networks.params_to_vector`.
    widths
        ``(n_0, ..., n_L)``.
    signs, rescale
        Also normalise signs (odd activations) or scales (ReLU).

    Returns
    -------
    numpy.ndarray of shape ``(N, P)``.

    Raises
    ------
    ValueError
        If ``vectors`` is not ``(N, P)`` with ``P = count_params(widths)``.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    V = np.asarray(vectors, dtype=float)
    P = count_params(ws)
    if V.ndim != 2 or V.shape[1] != P:
        raise ValueError(f"vectors must have shape (N, {P}) for widths {ws}, got {V.shape}")
    N = V.shape[0]
    if N == 0:
        return V.copy()
    Ws, bs = _split(V, ws)
    n_hidden = len(ws) - 2
    rows = np.arange(N)[:, None]
    for l in range(n_hidden):
        n = ws[l + 1]
        A = np.concatenate([bs[l][:, :, None], Ws[l]], axis=2)  # (N, n, 1 + n_in)
        nxt = Ws[l + 1]  # (N, n_next, n): column j is unit j's outgoing weights
        if signs:
            nonzero = A != 0
            first = np.argmax(nonzero, axis=2)
            lead = np.take_along_axis(A, first[:, :, None], axis=2)[:, :, 0]
            s = np.where(lead < 0, -1.0, 1.0)
            A = A * s[:, :, None]
            nxt = nxt * s[:, None, :]
        if rescale:
            norm = np.linalg.norm(A, axis=2)
            norm = np.where(norm > 0, norm, 1.0)
            A = A / norm[:, :, None]
            nxt = nxt * norm[:, None, :]
        key = A
        if l == n_hidden - 1:
            key = np.concatenate([A, np.transpose(nxt, (0, 2, 1))], axis=2)
        flat = key.reshape(N * n, -1)
        sample = np.repeat(np.arange(N), n)
        order = np.lexsort(tuple(-flat[:, k] for k in range(flat.shape[1] - 1, -1, -1)) + (sample,))
        local = order.reshape(N, n) - n * rows
        A = A[rows, local]
        nxt = np.take_along_axis(nxt, local[:, None, :], axis=2)
        bs[l], Ws[l], Ws[l + 1] = A[:, :, 0], A[:, :, 1:], nxt
    return _join(Ws, bs)


def canonicalize(params: MLPParams, *, signs: bool | None = None, rescale: bool | None = None) -> MLPParams:
    """A representative of the orbit of ``theta``: sign-normalised (odd sigma), scale-normalised (ReLU), units sorted.

    See :func:`canonicalize_vectors` for the rule.  For generic parameters (no two
    units of a layer with the same normalised incoming vector) the result is the
    same for every point of the orbit under permutations (and sign flips, and
    positive rescalings, when enabled), and it realises the same function.

    Parameters
    ----------
    params
        The network.
    signs
        Normalise signs; default: whether the activation is odd.
    rescale
        Normalise scales; default: whether the activation is positively homogeneous.

    Raises
    ------
    ValueError
        If ``signs`` or ``rescale`` is asked for an activation that lacks that symmetry
        (the function would change).

    Used in: Chapter 6.
    """
    act = get_activation(params.activation)
    signs = act.odd if signs is None else bool(signs)
    rescale = act.positively_homogeneous if rescale is None else bool(rescale)
    if signs and not act.odd:
        raise ValueError(f"sign normalisation changes the function of a {params.activation!r} network (not odd)")
    if rescale and not act.positively_homogeneous:
        raise ValueError(
            f"scale normalisation changes the function of a {params.activation!r} network "
            "(not positively homogeneous)"
        )
    v = canonicalize_vectors(params_to_vector(params)[None, :], params.widths, signs=signs, rescale=rescale)
    return vector_to_params(v[0], params.widths, params.activation)


# --------------------------------------------------------------------------- sampling and functions


def sample_parameter_box(
    widths: Sequence[int], n_samples: int, *, radius: float = 1.0, seed: int | np.random.Generator = 0
) -> np.ndarray:
    """``n_samples`` parameter vectors drawn uniformly from ``[-B, B]^P``, shape ``(n_samples, P)``.

    Raises
    ------
    ValueError
        For bad widths, ``n_samples < 1`` or ``radius <= 0``.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    (N,) = validate_widths((n_samples,), what="n_samples")
    B = _positive("radius", radius)
    rng = as_generator(seed)
    return rng.uniform(-B, B, size=(N, count_params(ws)))


def evaluate_functions(vectors: np.ndarray, widths: Sequence[int], X: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """``F[i] = f_{theta_i}(X)`` for a batch of parameter vectors, shape ``(N, n, n_L)``, float64.

    The same realisation as :func:`nnsym.networks.forward`, vectorised over ``theta``.

    Raises
    ------
    ValueError
        For a bad shape of ``vectors`` or ``X`` or an unknown activation.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    act = get_activation(activation).numpy
    V = np.asarray(vectors, dtype=float)
    P = count_params(ws)
    if V.ndim != 2 or V.shape[1] != P:
        raise ValueError(f"vectors must have shape (N, {P}) for widths {ws}, got {V.shape}")
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != ws[0]:
        raise ValueError(f"inputs must have shape (n, {ws[0]}), got {X.shape}")
    Ws, bs = _split(V, ws)
    h = np.broadcast_to(X, (V.shape[0],) + X.shape)
    for l, (W, b) in enumerate(zip(Ws, bs)):
        h = np.einsum("Nnk,Njk->Nnj", h, W) + b[:, None, :]
        if l < len(Ws) - 1:
            h = act(h)
    return h


def fundamental_domain_fraction(
    widths: Sequence[int],
    n_samples: int,
    *,
    signs: bool = False,
    seed: int | np.random.Generator = 0,
    chunk: int = 50_000,
) -> tuple[float, float]:
    """Monte-Carlo estimate of ``vol(Theta_0) / vol(Theta) = 1 / prod_l n_l!`` (``1 / prod_l n_l! 2^{n_l}`` with signs).

    ``Theta_0`` is the set of canonical points (:func:`canonicalize_vectors`): units
    sorted by decreasing bias (and, with ``signs``, positive biases).  A uniform
    point of the box is counted when canonicalisation leaves it unchanged.

    Returns
    -------
    (fraction, standard_error)

    Raises
    ------
    ValueError
        For bad widths or ``n_samples < 1``.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    (N,) = validate_widths((n_samples,), what="n_samples")
    rng = as_generator(seed)
    hits = 0
    done = 0
    while done < N:
        size = min(chunk, N - done)
        V = sample_parameter_box(ws, size, seed=rng)
        hits += int(np.sum(np.all(canonicalize_vectors(V, ws, signs=signs) == V, axis=1)))
        done += size
    p = hits / N
    return p, math.sqrt(max(p * (1 - p), 0.0) / N)


# --------------------------------------------------------------------------- empirical covers


def greedy_epsilon_net(values: np.ndarray, eps: float) -> np.ndarray:
    """Indices of a greedy ``eps``-net in the sup norm: scan in order, keep a point farther than ``eps`` from all kept ones.

    The kept points (centres) cover every point within ``eps`` and are pairwise more
    than ``eps`` apart, so their number ``M`` satisfies
    ``N(eps) <= M <= N(eps / 2)`` for the internal covering numbers of the set.

    Parameters
    ----------
    values
        ``(N, ...)``: one row per function (its values on a fixed input sample,
        flattened) or per parameter vector.
    eps
        ``eps > 0``.

    Raises
    ------
    ValueError
        For an empty or non-finite array or ``eps <= 0``.

    Used in: Chapter 6.
    """
    e = _positive("eps", eps)
    F = np.asarray(values, dtype=float)
    if F.ndim < 1 or F.shape[0] == 0:
        raise ValueError(f"values must hold at least one row, got shape {F.shape}")
    F = F.reshape(F.shape[0], -1)
    if not np.all(np.isfinite(F)):
        raise ValueError("values must be finite")
    uncovered = np.ones(F.shape[0], dtype=bool)
    centres = []
    while True:
        rest = np.flatnonzero(uncovered)
        if rest.size == 0:
            break
        c = rest[0]
        centres.append(c)
        d = np.max(np.abs(F[rest] - F[c]), axis=1)
        uncovered[rest[d <= e]] = False
    return np.asarray(centres, dtype=int)


def empirical_covering_number(values: np.ndarray, eps: float) -> int:
    """``|C|`` for the greedy ``eps``-net ``C`` of :func:`greedy_epsilon_net` (sup norm over the sample).

    Used in: Chapter 6.
    """
    return int(greedy_epsilon_net(values, eps).size)


# --------------------------------------------------------------------------- asymptotics


def uniform_gain_expressions() -> dict[str, sp.Expr]:
    """SymPy expressions for ``L - 1`` hidden layers of width ``n``: ``P``, ``log G = (L - 1) log n!`` and the relative gain ``log G / (P log K)``.

    The architecture is ``(d, n, ..., n, k)`` with ``L`` affine layers, so
    ``P = n (d + 1) + (L - 2) n (n + 1) + k (n + 1)``; ``K`` stands for the number of
    grid cells per axis.  Keys: ``n, L, d, k, K`` (symbols), ``P``, ``log_G``,
    ``log_G_stirling``, ``relative_gain``, ``relative_gain_stirling``.

    Used in: Chapter 6.
    """
    n, L, d, k, K = sp.symbols("n L d k K", positive=True, integer=True)
    P = n * (d + 1) + (L - 2) * n * (n + 1) + k * (n + 1)
    log_G = (L - 1) * sp.log(sp.factorial(n))
    log_G_st = (L - 1) * stirling_log_factorial(n)
    return {
        "n": n, "L": L, "d": d, "k": k, "K": K,
        "P": P,
        "log_G": log_G,
        "log_G_stirling": log_G_st,
        "relative_gain": log_G / (P * sp.log(K)),
        "relative_gain_stirling": log_G_st / (P * sp.log(K)),
    }
