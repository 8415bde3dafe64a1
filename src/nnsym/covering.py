"""Covering numbers of network classes, with and without functional equivalence.

For the architecture ``widths = (n_0, ..., n_L)`` with ``P`` parameters in the box
``Theta = [-B, B]^P``, inputs in ``[-a, a]^{n_0}`` and a ``rho``-Lipschitz activation,
the realisation map ``theta -> f_theta`` is ``Lambda``-Lipschitz from
``(Theta, ||.||_inf)`` to ``(C([-a,a]^{n_0}), sup-norm)``; a grid of
``K = ceil(B Lambda / eps)`` cells per coordinate then gives

.. math::

    \\log \\mathcal N(\\varepsilon) \\le P \\log K \\quad\\text{(classical)},\\qquad
    \\mathcal N(\\varepsilon) \\le \\frac{K^P}{\\prod_l n_l!}
    \\prod_{l=1}^{L-1}\\prod_{i=0}^{n_l-1}\\bigl(1 + i K^{-e_l}\\bigr)
    \\quad\\text{(quotient by hidden-unit permutations)},

with ``e_l = n_{l-1} + 1`` coordinates that move with a unit of hidden layer ``l``
(``n_{L-2} + 1 + n_L`` for the last hidden layer, whose units also carry their
outgoing weights).  The second bound is a cycle-index (Burnside) count of grid-cell
orbits; it is exact for one hidden layer.  The same count covers filter
permutations of CNNs and, for ReLU networks, a grid on scale-normalised parameters
(exponent ``P - N_h``).  Chapter 6 derives all of them; the mechanism is the one of
Shen (2024), whose exact theorem the book does not reproduce.

Used in: Chapter 6.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from typing import Sequence

import numpy as np
import sympy as sp

from .counting import stirling_log_factorial
from .networks import (
    CNNParams,
    MLPParams,
    arrays_to_vector,
    as_generator,
    count_params,
    forward_layers,
    get_activation,
    params_to_vector,
    validate_cnn_sizes,
    validate_int,
    validate_params,
    validate_real,
    validate_widths,
    vector_to_arrays,
    vector_to_params,
)
from .symmetry import enumerate_orbit, permute_conv_filters

__all__ = [
    "lipschitz_constant",
    "lipschitz_constant_cnn",
    "log_covering_bound",
    "log_covering_bound_relu",
    "log_covering_bound_cnn",
    "unit_block_sizes",
    "cnn_unit_block_sizes",
    "cell_orbit_bound",
    "cell_orbit_bound_cnn",
    "count_cell_orbits",
    "count_cell_orbits_cnn",
    "normalise_relu_scales",
    "canonicalize",
    "canonicalize_vectors",
    "sample_parameter_box",
    "evaluate_functions",
    "fundamental_domain_fraction",
    "greedy_epsilon_net",
    "empirical_covering_number",
    "uniform_gain_expressions",
]

#: Largest sample :func:`fundamental_domain_fraction` draws (about a minute on a
#: laptop).
MAX_MONTE_CARLO_SAMPLES = 10**8


_SYMBOL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _as_sympy(name: str, value) -> sp.Expr:
    """A SymPy object, a number or a plain symbol name as a SymPy expression; nothing is evaluated.

    ``sympy.sympify`` of an arbitrary string runs ``eval`` on it, so strings are accepted
    only when they are a bare identifier (they become ``Symbol(value)``).
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(
            f"{name} must be a SymPy expression, a number or a symbol name, got "
            f"{value!r}"
        )
    if isinstance(value, (int, np.integer)):
        return sp.Integer(int(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(float(value)):
            raise ValueError(f"{name} must be finite, got {value!r}")
        return sp.Float(float(value))
    if isinstance(value, str) and _SYMBOL_NAME.match(value):
        return sp.Symbol(value)
    raise ValueError(
        f"{name} must be a SymPy expression, a number or a plain symbol name "
        f"(letters, digits, underscores), got {value!r}"
    )


def _symbolic_widths(widths: Sequence) -> tuple[sp.Expr, ...]:
    try:
        ws = tuple(_as_sympy("widths", w) for w in widths)
    except TypeError:
        raise ValueError(f"widths must be a sequence, got {widths!r}") from None
    if len(ws) < 2:
        raise ValueError(f"widths must hold at least 2 entries, got {ws!r}")
    for w in ws:
        if w.is_number and (not w.is_integer or w < 1):
            raise ValueError(
                f"widths must be integers >= 1 or symbols, got {w} in {ws!r}"
            )
    return ws


# ------------------------------------------------------------------- Lipschitz constant


def _lipschitz_recursion(fan_ins, radii, r, s0, a, *, symbolic: bool):
    """``lambda_l = rho_l (m_l M_{l-1} + 1 + B_l m_l lambda_{l-1})`` for fan-ins ``m_l`` and bounds ``B_l``."""
    L = len(fan_ins)
    M, lam = a, 0
    for l in range(1, L + 1):
        m, B = fan_ins[l - 1], radii[l - 1]
        rho_l = r if l < L else 1
        lam = rho_l * (m * M + 1 + B * m * lam)
        if l < L:
            M = s0 + r * B * (m * M + 1)
    return sp.expand(lam) if symbolic else float(lam)


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
        Return a SymPy expression (the arguments may then be SymPy symbols or plain
        symbol names; other strings are refused, nothing is evaluated).

    Returns
    -------
    float or sympy.Expr

    Raises
    ------
    ValueError
        For fewer than two widths, a width < 1, a non-positive ``radius``, ``rho``
        or ``input_bound`` (numeric mode), or a string that is not a symbol name.

    References
    ----------
    Anthony and Bartlett (1999), Ch. 14 (the parameter-counting argument); the
    telescoping recursion is derived in Chapter 6.  Used in: Chapter 6.
    """
    if symbolic:
        ws = _symbolic_widths(widths)
        r, s0, a = (
            _as_sympy(nm, v)
            for nm, v in (
                ("rho", rho),
                ("sigma_at_zero", sigma_at_zero),
                ("input_bound", input_bound),
            )
        )
    else:
        ws = validate_widths(widths, min_len=2)
        r = validate_real(rho, "rho", lower=0.0, strict=True)
        s0 = validate_real(sigma_at_zero, "sigma_at_zero", lower=0.0)
        a = validate_real(input_bound, "input_bound", lower=0.0, strict=True)
    B = (
        _as_sympy("radius", radius)
        if symbolic
        else validate_real(radius, "radius", lower=0.0, strict=True)
    )
    return _lipschitz_recursion(
        ws[:-1], [B] * (len(ws) - 1), r, s0, a, symbolic=symbolic
    )


def lipschitz_constant_cnn(
    in_channels: int,
    filters: Sequence[int],
    n_out: int,
    radius: float,
    *,
    kernel_size: int = 3,
    rho: float = 1,
    sigma_at_zero: float = 0,
    input_bound: float = 1,
) -> float:
    """The recursion of :func:`lipschitz_constant` with fan-ins ``m_l = k_{l-1} s^2`` (conv) and ``m = k_C`` (head).

    For :func:`nnsym.networks.forward_cnn`: stride-1 ``'same'`` convolutions with
    ``s x s`` kernels (each output entry sums at most ``k_{l-1} s^2`` products; zero
    padding only removes terms), the activation, global average pooling (1-Lipschitz
    and norm-non-increasing in the sup norm) and a linear head.  Every parameter in
    ``[-B, B]`` and every pixel in ``[-a, a]``.

    Raises
    ------
    ValueError
        For non-positive sizes or a non-positive ``radius``, ``rho`` or ``input_bound``.

    Used in: Chapter 6.
    """
    k0, fs, nout, s = validate_cnn_sizes(in_channels, filters, n_out, kernel_size)
    chans = (k0,) + fs
    fan_ins = [chans[l] * s * s for l in range(len(fs))] + [fs[-1]]
    B = validate_real(radius, "radius", lower=0.0, strict=True)
    r = validate_real(rho, "rho", lower=0.0, strict=True)
    s0 = validate_real(sigma_at_zero, "sigma_at_zero", lower=0.0)
    a = validate_real(input_bound, "input_bound", lower=0.0, strict=True)
    return _lipschitz_recursion(fan_ins, [B] * len(fan_ins), r, s0, a, symbolic=False)


# ------------------------------------------------------------- cycle-index orbit bounds


def unit_block_sizes(widths: Sequence[int]) -> tuple[int, ...]:
    """``e_l = n_{l-1} + 1`` for hidden layers ``l < L - 1`` and ``e_{L-1} = n_{L-2} + 1 + n_L``.

    A permutation of hidden layer ``l`` moves, with unit ``j``, its incoming row and
    bias (``n_{l-1} + 1`` coordinates); the units of the last hidden layer also carry
    their outgoing column (``n_L`` more).  Every coordinate except the ``n_L`` output
    biases belongs to exactly one such block: ``P = n_L + sum_l n_l e_l``.  Empty for
    ``L = 1`` (no hidden layer).

    Raises
    ------
    ValueError
        For bad widths.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    L = len(ws) - 1
    return tuple(ws[l - 1] + 1 + (ws[L] if l == L - 1 else 0) for l in range(1, L))


def cnn_unit_block_sizes(
    in_channels: int, filters: Sequence[int], n_out: int, *, kernel_size: int = 3
) -> tuple[tuple[int, ...], int, int]:
    """``(e, free, P)`` with ``e_l = k_{l-1} s^2 + 1`` (plus ``n_out`` for the last conv layer), ``free = n_out``.

    The coordinates that move with one filter of conv layer ``l`` (its kernel and
    bias; the last layer's filters also carry their head column), the number of
    coordinates no filter permutation moves (the head biases) and the total
    ``P = free + sum_l k_l e_l``.

    Raises
    ------
    ValueError
        For non-positive sizes.

    Used in: Chapter 6.
    """
    k0, fs, nout, s = validate_cnn_sizes(in_channels, filters, n_out, kernel_size)
    chans = (k0,) + fs
    C = len(fs)
    e = tuple(chans[l] * s * s + 1 + (nout if l == C - 1 else 0) for l in range(C))
    return e, nout, nout + sum(k * el for k, el in zip(fs, e))


def _orbit_bound_int(
    blocks: Sequence[tuple[int, int]], free: int, K: int, *, max_digits: int
) -> int:
    """``K^free prod_l C(K^{e_l} + n_l - 1, n_l)`` as an exact integer."""
    digits = (free + sum(n * e for n, e in blocks)) * math.log10(K) if K > 1 else 0.0
    if digits > max_digits:
        raise ValueError(
            f"the bound has about {digits:.3g} decimal digits (more than "
            f"max_digits={max_digits}); use the log-space bounds (log_covering_bound)"
        )
    total = K**free
    for n, e in blocks:
        total *= math.comb(K**e + n - 1, n)
    return total


def _log_multiset_excess(n: int, log_x: float) -> float:
    """``sum_{i<n} log1p(i / x)`` for ``x = exp(log_x) >= 1``, in chunks."""
    t = math.exp(-log_x) if log_x < 745 else 0.0
    if t == 0.0 or n < 2:
        return 0.0
    total, start, chunk = 0.0, 1, 1_000_000
    while start < n:
        stop = min(n, start + chunk)
        total += float(np.sum(np.log1p(np.arange(start, stop, dtype=float) * t)))
        start = stop
    return total


def _log_orbit_bound(blocks: Sequence[tuple[int, float]], log_free: float) -> float:
    """``log_free + sum_l log C(x_l + n_l - 1, n_l)`` with ``blocks = [(n_l, log x_l)]``.

    ``log C(x + n - 1, n) = n log x - log n! + sum_{i<n} log1p(i/x)``.
    """
    total = log_free
    for n, log_x in blocks:
        total += n * log_x - math.lgamma(n + 1) + _log_multiset_excess(n, log_x)
    return total


def cell_orbit_bound(
    widths: Sequence[int], cells_per_axis: int, *, max_digits: int = 100_000
) -> int:
    """``K^{n_L} prod_{l=1}^{L-1} C(K^{e_l} + n_l - 1, n_l) = (K^P / prod n_l!) prod_l prod_{i<n_l} (1 + i K^{-e_l})``.

    The cycle-index bound on the number of orbits of ``prod_l S_{n_l}`` on the
    ``K^P`` grid cells (:func:`count_cell_orbits` counts them exactly), as an exact
    integer; ``e_l`` from :func:`unit_block_sizes`.  Equal to the orbit count for one
    hidden layer, at least the orbit count for any depth, at most ``K^P``.

    Parameters
    ----------
    widths
        ``(n_0, ..., n_L)``.
    cells_per_axis
        ``K >= 1``.
    max_digits
        Refuse results with more decimal digits than this.

    Raises
    ------
    ValueError
        For bad widths, ``K < 1`` or a result that is too large.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    K = validate_int(cells_per_axis, "cells_per_axis", lower=1)
    blocks = list(zip(ws[1:-1], unit_block_sizes(ws)))
    return _orbit_bound_int(blocks, ws[-1], K, max_digits=max_digits)


def cell_orbit_bound_cnn(
    in_channels: int,
    filters: Sequence[int],
    n_out: int,
    cells_per_axis: int,
    *,
    kernel_size: int = 3,
    max_digits: int = 100_000,
) -> int:
    """``K^{n_out} prod_l C(K^{e_l} + k_l - 1, k_l)``: :func:`cell_orbit_bound` for filter permutations ``prod_l S_{k_l}``.

    ``e_l`` from :func:`cnn_unit_block_sizes`.  Exact for one conv layer.

    Raises
    ------
    ValueError
        For non-positive sizes, ``K < 1`` or a result that is too large.

    Used in: Chapter 6.
    """
    e, free, _ = cnn_unit_block_sizes(
        in_channels, filters, n_out, kernel_size=kernel_size
    )
    K = validate_int(cells_per_axis, "cells_per_axis", lower=1)
    return _orbit_bound_int(
        list(zip(tuple(filters), e)), free, K, max_digits=max_digits
    )


def _log_cells(eps: float, radius: float, lipschitz: float) -> float:
    """``log K`` with ``K = max(1, ceil(B Lambda / eps))``, without overflow (log space beyond 2^52)."""
    log_x = math.log(radius) + math.log(lipschitz) - math.log(eps)
    if log_x <= 0:
        return 0.0
    if log_x < 52 * math.log(2):
        return math.log(math.ceil(radius * lipschitz / eps))
    return log_x + math.log1p(2.0**-52)  # ceil(x) <= x (1 + 1/x) for x >= 2^52


# ---------------------------------------------------------------------- covering bounds


def log_covering_bound(
    widths: Sequence,
    eps,
    *,
    radius,
    lipschitz,
    quotient: bool = False,
    symbolic: bool = False,
):
    """``log N(eps) <= P log K`` or, quotiented, ``P log K - sum_l log n_l! + sum_l sum_{i<n_l} log1p(i K^{-e_l})``, ``K = ceil(B Lambda / eps)``.

    Natural logarithm of an upper bound on the ``eps``-covering number, in the sup
    norm, of ``{f_theta : theta in [-B, B]^P}``.  ``quotient=True`` uses that
    ``f_theta`` is invariant under permutations of hidden units (the group
    ``prod_l S_{n_l}``): one grid cell per orbit suffices, and the orbits number at
    most :func:`cell_orbit_bound` (cycle index; ``e_l`` from :func:`unit_block_sizes`).
    Computed in log space (``lgamma``, ``log1p``), so any ``K`` works.

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
        Return the SymPy expression ``P log K`` or
        ``n_L log K + sum_l log binomial(K^{e_l} + n_l - 1, n_l)``, ``K = ceiling(B Lambda / eps)``.
        Arguments may be SymPy objects, numbers or plain symbol names (no other strings).

    Returns
    -------
    float or sympy.Expr

    Raises
    ------
    ValueError
        For bad widths, a non-positive ``eps``, ``radius`` or ``lipschitz``, or a
        string that is not a symbol name.

    References
    ----------
    Shen (2024) for the mechanism (reduction by ``d_1! ... d_L!``); Anthony and
    Bartlett (1999) and Vershynin (2018) for covering numbers; the cycle-index bound
    is derived in Chapter 6.  Used in: Chapter 6.
    """
    if symbolic:
        ws = _symbolic_widths(widths)
        e_, B_, lam_ = (
            _as_sympy(nm, v)
            for nm, v in (("eps", eps), ("radius", radius), ("lipschitz", lipschitz))
        )
        L = len(ws) - 1
        P = sum(ws[l] * (ws[l - 1] + 1) for l in range(1, L + 1))
        K = sp.ceiling(B_ * lam_ / e_)
        if not quotient or L == 1:
            return P * sp.log(K)
        blocks = [
            (ws[l], ws[l - 1] + 1 + (ws[L] if l == L - 1 else 0)) for l in range(1, L)
        ]
        return ws[L] * sp.log(K) + sum(
            sp.log(sp.binomial(K**e + n - 1, n)) for n, e in blocks
        )
    ws = validate_widths(widths, min_len=2)
    e = validate_real(eps, "eps", lower=0.0, strict=True)
    B = validate_real(radius, "radius", lower=0.0, strict=True)
    lam = validate_real(lipschitz, "lipschitz", lower=0.0, strict=True)
    log_K = _log_cells(e, B, lam)
    plain = count_params(ws) * log_K
    if not quotient or len(ws) == 2:
        return plain
    blocks = [(n, el * log_K) for n, el in zip(ws[1:-1], unit_block_sizes(ws))]
    return _log_orbit_bound(blocks, ws[-1] * log_K)


def log_covering_bound_cnn(
    in_channels: int,
    filters: Sequence[int],
    n_out: int,
    eps: float,
    *,
    radius: float,
    lipschitz: float,
    kernel_size: int = 3,
    quotient: bool = False,
) -> float:
    """``P log K`` or ``n_out log K + sum_l log C(K^{e_l} + k_l - 1, k_l)`` for a CNN, ``K = ceil(B Lambda / eps)``.

    As :func:`log_covering_bound`, for :func:`nnsym.networks.forward_cnn` networks,
    quotiented by filter permutations ``prod_l S_{k_l}``; ``e_l`` from
    :func:`cnn_unit_block_sizes`, ``Lambda`` e.g. from :func:`lipschitz_constant_cnn`.

    Raises
    ------
    ValueError
        For non-positive sizes, ``eps``, ``radius`` or ``lipschitz``.

    Used in: Chapter 6.
    """
    e_blocks, free, P = cnn_unit_block_sizes(
        in_channels, filters, n_out, kernel_size=kernel_size
    )
    log_K = _log_cells(
        validate_real(eps, "eps", lower=0.0, strict=True),
        validate_real(radius, "radius", lower=0.0, strict=True),
        validate_real(lipschitz, "lipschitz", lower=0.0, strict=True),
    )
    if not quotient:
        return P * log_K
    blocks = [(k, el * log_K) for k, el in zip(tuple(filters), e_blocks)]
    return _log_orbit_bound(blocks, free * log_K)


def log_covering_bound_relu(
    widths: Sequence[int],
    eps: float,
    *,
    radius: float,
    lipschitz: float,
    quotient: bool = False,
) -> float:
    """``n_L (n_{L-1} + 1) log K + sum_l n_l log(1 + 2 d_l K^{d_l - 1})``, ``d_l = n_{l-1} + 1``, ``K = ceil(B Lambda / eps)``, for ReLU.

    A cover of ``{f_theta : theta in [-B, B]^P}`` for ReLU networks after normalising
    every hidden unit's incoming vector to sup norm ``B`` (:func:`normalise_relu_scales`,
    which keeps ``theta`` in the box): each hidden row lies on the boundary of the cube
    ``[-B, B]^{d_l}`` (or is zero), which ``2 d_l K^{d_l - 1}`` face cells of side
    ``2B / K`` and one zero cell cover; the output layer is gridded as in the
    classical bound.  ``Lambda`` is the same Lipschitz constant as there
    (:func:`lipschitz_constant`).  The exponent of ``1/eps`` drops from ``P`` to
    ``P - N_h``.  With ``quotient`` the cells are also counted up to hidden-unit
    permutations (cycle-index bound with ``x_l = 1 + 2 d_l K^{d_l - 1}`` states per
    unit, times ``K^{n_L}`` for a unit of the last hidden layer, which carries its
    outgoing column).

    Parameters
    ----------
    widths
        ``(n_0, ..., n_L)``.
    eps, radius, lipschitz
        ``epsilon``, ``B`` and ``Lambda``.
    quotient
        Also quotient by hidden-unit permutations.

    Raises
    ------
    ValueError
        For bad widths or non-positive ``eps``, ``radius``, ``lipschitz``.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    log_K = _log_cells(
        validate_real(eps, "eps", lower=0.0, strict=True),
        validate_real(radius, "radius", lower=0.0, strict=True),
        validate_real(lipschitz, "lipschitz", lower=0.0, strict=True),
    )
    L = len(ws) - 1
    if L == 1:
        return count_params(ws) * log_K
    log_x = [
        float(np.logaddexp(0.0, math.log(2 * d) + (d - 1) * log_K))
        for d in (n + 1 for n in ws[: L - 1])
    ]
    # the last hidden layer's units carry their outgoing column
    log_x[-1] += ws[L] * log_K
    if not quotient:
        return ws[L] * log_K + sum(n * lx for n, lx in zip(ws[1:L], log_x))
    return _log_orbit_bound(list(zip(ws[1:L], log_x)), ws[L] * log_K)


def normalise_relu_scales(params: MLPParams, radius: float = 1.0) -> MLPParams:
    """``a_j -> B a_j / ||a_j||_inf``, ``W_{l+1}[:, j] -> W_{l+1}[:, j] ||a_j||_inf / B`` for every hidden unit, ``a_j = (W_l[j,:], b_l[j])``.

    Layers ``l = 1, ..., L-1`` in turn (so layer ``l`` sees the scales pushed in from
    layer ``l - 1``); units with a zero incoming vector are left alone.  For a
    positively homogeneous activation (ReLU) the realised function is unchanged, and
    if every entry of ``params`` lies in ``[-B, B]`` so does every entry of the result
    (each pushed factor ``||a_j||_inf / B`` is at most 1).

    Parameters
    ----------
    params
        The network.
    radius
        ``B``, the sup norm given to every non-zero incoming vector.

    Raises
    ------
    ValueError
        If the activation is not positively homogeneous or ``radius <= 0``.

    Used in: Chapter 6.
    """
    validate_params(params)
    B = validate_real(radius, "radius", lower=0.0, strict=True)
    if not get_activation(params.activation).positively_homogeneous:
        raise ValueError(
            f"scale normalisation changes the function of a {params.activation!r} "
            "network (not positively homogeneous)"
        )
    Ws = [W.copy() for W in params.weights]
    bs = [b.copy() for b in params.biases]
    for l in range(len(Ws) - 1):
        t = np.maximum(np.abs(Ws[l]).max(axis=1), np.abs(bs[l])) / B
        t = np.where(t > 0, t, 1.0)
        Ws[l] /= t[:, None]
        bs[l] /= t
        Ws[l + 1] *= t[None, :]
    return MLPParams(tuple(Ws), tuple(bs), params.activation)


# ---------------------------------------------------------------- exact Burnside counts


def _coordinate_permutations(
    widths: tuple[int, ...], max_size: int
) -> list[np.ndarray]:
    """Every permutation of hidden units, as the induced permutation of the ``P`` coordinates."""
    P = count_params(widths)
    index_params = vector_to_params(np.arange(P, dtype=float), widths)
    return [
        params_to_vector(g).astype(int)
        for g in enumerate_orbit(index_params, max_size=max_size)
    ]


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


def _burnside(perms: list[np.ndarray], K: int) -> int:
    total = sum(K ** _count_cycles(p) for p in perms)
    if total % len(perms):
        raise AssertionError(
            "Burnside sum not divisible by the group order"
        )  # pragma: no cover
    return total // len(perms)


def _check_group_size(sizes: Sequence[int], max_group: int, what: str) -> None:
    """Refuse a Burnside sum over ``prod_l S_{n_l}`` with more than ``max_group`` elements."""
    max_group = validate_int(max_group, "max_group", lower=1)
    if sum(math.lgamma(n + 1) for n in sizes) > math.log(max_group):
        raise ValueError(
            f"the group prod {what} has more than max_group={max_group} elements"
        )


def count_cell_orbits(
    widths: Sequence[int], cells_per_axis: int, *, max_group: int = 50_000
) -> int:
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
    K = validate_int(cells_per_axis, "cells_per_axis", lower=1)
    _check_group_size(ws[1:-1], max_group, f"n_l! of {ws}")
    return _burnside(_coordinate_permutations(ws, max_group), K)


def _cnn_vector(params: CNNParams) -> np.ndarray:
    parts = []
    for Kl, c in zip(params.kernels, params.conv_biases):
        parts += [Kl.ravel(), c]
    return np.concatenate(parts + [params.head_weight.ravel(), params.head_bias])


def count_cell_orbits_cnn(
    in_channels: int,
    filters: Sequence[int],
    n_out: int,
    cells_per_axis: int,
    *,
    kernel_size: int = 3,
    max_group: int = 50_000,
) -> int:
    """Burnside for filter permutations: ``(1/|G|) sum_g K^{c(g)}``, ``G = prod_l S_{k_l}`` acting on the CNN's coordinates.

    The coordinate permutations are read off :func:`nnsym.symmetry.permute_conv_filters`
    applied to a network whose parameters are their own indices.

    Raises
    ------
    ValueError
        For non-positive sizes, ``K < 1`` or a group larger than ``max_group``.

    Used in: Chapter 6.
    """
    _, _, P = cnn_unit_block_sizes(in_channels, filters, n_out, kernel_size=kernel_size)
    K = validate_int(cells_per_axis, "cells_per_axis", lower=1)
    fs = tuple(filters)
    _check_group_size(fs, max_group, f"k_l! of filters {fs}")
    chans, s, idx, kernels, biases = (in_channels,) + fs, kernel_size, 0, [], []
    for l, k in enumerate(fs):
        size = k * chans[l] * s * s
        kernels.append(
            np.arange(idx, idx + size, dtype=float).reshape(k, chans[l], s, s)
        )
        biases.append(np.arange(idx + size, idx + size + k, dtype=float))
        idx += size + k
    head = np.arange(idx, idx + n_out * fs[-1], dtype=float).reshape(n_out, fs[-1])
    hb = np.arange(idx + head.size, P, dtype=float)
    index_net = CNNParams(tuple(kernels), tuple(biases), head, hb)
    perms = [
        _cnn_vector(permute_conv_filters(index_net, [list(p) for p in choice])).astype(
            int
        )
        for choice in itertools.product(*[itertools.permutations(range(k)) for k in fs])
    ]
    return _burnside(perms, K)


# ---------------------------------------------------------------------- canonical forms


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
        raise ValueError(
            f"vectors must have shape (N, {P}) for widths {ws}, got {V.shape}"
        )
    N = V.shape[0]
    if N == 0:
        return V.copy()
    Ws, bs = vector_to_arrays(V, ws)
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
        order = np.lexsort(
            tuple(-flat[:, k] for k in range(flat.shape[1] - 1, -1, -1)) + (sample,)
        )
        local = order.reshape(N, n) - n * rows
        A = A[rows, local]
        nxt = np.take_along_axis(nxt, local[:, None, :], axis=2)
        bs[l], Ws[l], Ws[l + 1] = A[:, :, 0], A[:, :, 1:], nxt
    return arrays_to_vector(Ws, bs)


def canonicalize(
    params: MLPParams, *, signs: bool | None = None, rescale: bool | None = None
) -> MLPParams:
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
    validate_params(params)
    act = get_activation(params.activation)
    signs = act.odd if signs is None else bool(signs)
    rescale = act.positively_homogeneous if rescale is None else bool(rescale)
    if signs and not act.odd:
        raise ValueError(
            f"sign normalisation changes the function of a {params.activation!r} "
            "network (not odd)"
        )
    if rescale and not act.positively_homogeneous:
        raise ValueError(
            f"scale normalisation changes the function of a {params.activation!r} "
            "network (not positively homogeneous)"
        )
    v = canonicalize_vectors(
        params_to_vector(params)[None, :], params.widths, signs=signs, rescale=rescale
    )
    return vector_to_params(v[0], params.widths, params.activation)


# --------------------------------------------------------------- sampling and functions


def sample_parameter_box(
    widths: Sequence[int],
    n_samples: int,
    *,
    radius: float = 1.0,
    seed: int | np.random.Generator = 0,
) -> np.ndarray:
    """``n_samples`` parameter vectors drawn uniformly from ``[-B, B]^P``, shape ``(n_samples, P)``.

    Raises
    ------
    ValueError
        For bad widths, ``n_samples < 1`` or ``radius <= 0``.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    N = validate_int(n_samples, "n_samples", lower=1)
    B = validate_real(radius, "radius", lower=0.0, strict=True)
    rng = as_generator(seed)
    return rng.uniform(-B, B, size=(N, count_params(ws)))


def evaluate_functions(
    vectors: np.ndarray, widths: Sequence[int], X: np.ndarray, activation: str = "tanh"
) -> np.ndarray:
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
        raise ValueError(
            f"vectors must have shape (N, {P}) for widths {ws}, got {V.shape}"
        )
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != ws[0]:
        raise ValueError(f"inputs must have shape (n, {ws[0]}), got {X.shape}")
    Ws, bs = vector_to_arrays(V, ws)
    return forward_layers(Ws, bs, X, act)


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
        For bad widths, ``n_samples < 1`` or above ``MAX_MONTE_CARLO_SAMPLES``.

    Used in: Chapter 6.
    """
    ws = validate_widths(widths, min_len=2)
    N = validate_int(n_samples, "n_samples", lower=1)
    if N > MAX_MONTE_CARLO_SAMPLES:
        raise ValueError(
            f"n_samples={N} is more than "
            f"MAX_MONTE_CARLO_SAMPLES={MAX_MONTE_CARLO_SAMPLES} (hours of sampling); "
            "the standard error shrinks only like n_samples^-1/2"
        )
    chunk = validate_int(chunk, "chunk", lower=1)
    rng = as_generator(seed)
    hits = 0
    done = 0
    while done < N:
        size = min(chunk, N - done)
        V = sample_parameter_box(ws, size, seed=rng)
        hits += int(
            np.sum(np.all(canonicalize_vectors(V, ws, signs=signs) == V, axis=1))
        )
        done += size
    p = hits / N
    return p, math.sqrt(max(p * (1 - p), 0.0) / N)


# --------------------------------------------------------------------- empirical covers


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
    """
    e = validate_real(eps, "eps", lower=0.0, strict=True)
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


# -------------------------------------------------------------------------- asymptotics


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
        "n": n,
        "L": L,
        "d": d,
        "k": k,
        "K": K,
        "P": P,
        "log_G": log_G,
        "log_G_stirling": log_G_st,
        "relative_gain": log_G / (P * sp.log(K)),
        "relative_gain_stirling": log_G_st / (P * sp.log(K)),
    }
