"""Closed forms for the number of functionally equivalent parameter points.

For hidden widths ``n_1, ..., n_L`` (units that can be permuted: hidden units of
an MLP, filters of a CNN's conv layers, hidden units of its dense layers), the group of
unit permutations has order

.. math::

    N_{\\mathrm{perm}} = \\prod_{l=1}^{L} n_l!, \\qquad
    N_{\\mathrm{perm}\\times\\mathrm{sign}} = \\prod_{l=1}^{L} n_l!\\,2^{n_l}

under permutations (and sign flips, for odd activations).  This is the orbit size of a
parameter point with trivial stabiliser, for instance one whose incoming vectors
``(W_l[j,:], b_l[j])`` are pairwise distinct (up to sign and nonzero, with sign flips) in
every hidden layer (Chapter 1); degenerate points have smaller orbits, see
:func:`nnsym.symmetry.orbit_size`.  Every point of an orbit is a minimum of the loss
whenever one of them is: the number of equivalent minima.

Used in: Chapters 1 and 6.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import sympy as sp
from sympy.combinatorics import Permutation, PermutationGroup
from sympy.combinatorics.group_constructs import DirectProduct

from .networks import get_activation, validate_int, validate_widths

__all__ = [
    "count_equivalent_minima",
    "log10_equivalent_minima",
    "orbit_size_expression",
    "stirling_log_factorial",
    "symmetry_group",
    "ARCHITECTURES",
    "architecture_table",
]

#: Largest exact count (decimal digits) :func:`count_equivalent_minima` builds; beyond
#: it,
#: use :func:`log10_equivalent_minima` (an exact integer of 10**5 digits takes ~0.1 s).
MAX_EXACT_DIGITS = 100_000
#: Largest number of layer symbols :func:`orbit_size_expression` creates.
MAX_SYMBOLIC_LAYERS = 1_000
#: Largest number of hidden units (points acted on) :func:`symmetry_group` hands to
#: SymPy.
MAX_GROUP_DEGREE = 2_000


def count_equivalent_minima(widths: Sequence[int], sign_flips: bool = False) -> int:
    """Exact ``prod_l n_l!`` (times ``2^{sum_l n_l}`` with ``sign_flips``) as a Python int.

    Parameters
    ----------
    widths
        Hidden widths ``(n_1, ..., n_L)`` (input and output widths excluded).
    sign_flips
        Also count the sign-flip group ``{+1,-1}^{n_l}`` of odd activations.

    Raises
    ------
    ValueError
        For an empty sequence or a width < 1.

    References
    ----------
    Michelucci (2022); Chen, Lu and Hecht-Nielsen (1993).  Used in: Chapters 1 and 6.
    """
    ws = validate_widths(widths, what="hidden widths")
    digits = log10_equivalent_minima(ws, sign_flips)
    if digits > MAX_EXACT_DIGITS:
        raise ValueError(
            f"the count has about {digits:.3g} decimal digits, more than "
            f"MAX_EXACT_DIGITS={MAX_EXACT_DIGITS}; use log10_equivalent_minima(widths) "
            "for its logarithm"
        )
    total = 1
    for n in ws:
        total *= math.factorial(n) * (2**n if sign_flips else 1)
    return total


def log10_equivalent_minima(widths: Sequence[int], sign_flips: bool = False) -> float:
    """``log10 prod_l n_l! (+ sum_l n_l log10 2)`` computed with ``lgamma``, for any width.

    Raises
    ------
    ValueError
        For an empty sequence or a width < 1.
    """
    ws = validate_widths(widths, what="hidden widths")
    nat = sum(math.lgamma(n + 1) for n in ws)
    if sign_flips:
        nat += sum(ws) * math.log(2)
    return nat / math.log(10)


def orbit_size_expression(
    num_layers: int, sign_flips: bool = False
) -> tuple[tuple[sp.Symbol, ...], sp.Expr]:
    """Symbolic ``prod_{l=1}^{L} n_l! (2^{n_l})`` with positive-integer symbols ``n_1..n_L``.

    Returns the symbols and the expression.
    """
    L = validate_int(num_layers, "num_layers", lower=1)
    if L > MAX_SYMBOLIC_LAYERS:
        raise ValueError(
            f"num_layers={L} is more than MAX_SYMBOLIC_LAYERS={MAX_SYMBOLIC_LAYERS} "
            "symbols"
        )
    ns = sp.symbols(f"n_1:{L + 1}", positive=True, integer=True)
    expr = sp.Mul(*[sp.factorial(n) * (2**n if sign_flips else 1) for n in ns])
    return ns, expr


def stirling_log_factorial(n: sp.Expr) -> sp.Expr:
    """Stirling's approximation ``log n! ~ n log n - n + (1/2) log(2 pi n)``.

    Raises
    ------
    ValueError
        If ``n`` is not a SymPy expression or a positive finite number.
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(
        n, (sp.Expr, int, float, np.integer, np.floating)
    ):
        raise ValueError(
            f"n must be a SymPy expression or a positive number, got {type(n).__name__}"
        )
    if not isinstance(n, sp.Expr) and not (math.isfinite(n) and 0 < n <= 1e300):
        raise ValueError(
            f"n must be positive and at most 1e300 (n log n must stay finite), got {n}"
        )
    return n * sp.log(n) - n + sp.log(2 * sp.pi * n) / 2


def symmetry_group(widths: Sequence[int], sign_flips: bool = False):
    """The symmetry group as a SymPy ``PermutationGroup``: ``prod_l S_{n_l}`` (or ``prod_l B_{n_l}``).

    Each hidden layer of width ``n`` contributes the symmetric group ``S_n`` acting on
    its units or, with ``sign_flips``, the hyperoctahedral group ``B_n`` of signed
    permutations, realised on ``2n`` points (point ``i`` is unit ``i``, point ``n+i``
    is its negative ``-i``).  SymPy computes the order independently of the closed form,
    by the Schreier-Sims algorithm.

    Raises
    ------
    ValueError
        For an empty sequence or a width < 1.
    """
    ws = validate_widths(widths, what="hidden widths")
    if sum(ws) > MAX_GROUP_DEGREE:
        raise ValueError(
            f"the group acts on {sum(ws)} units, more than "
            f"MAX_GROUP_DEGREE={MAX_GROUP_DEGREE}: Schreier-Sims would not finish; use "
            "count_equivalent_minima or log10_equivalent_minima"
        )
    factors = []
    for n in ws:
        size = 2 * n if sign_flips else n
        gens = [Permutation([], size=size)]
        if n > 1:  # a transposition and an n-cycle generate S_n
            if sign_flips:
                gens += [
                    Permutation([[0, 1], [n, n + 1]], size=size),
                    Permutation([list(range(n)), list(range(n, 2 * n))], size=size),
                ]
            else:
                gens += [
                    Permutation([[0, 1]], size=size),
                    Permutation([list(range(n))], size=size),
                ]
        if sign_flips:  # flipping unit 0 (with S_n, generates all flips)
            gens.append(Permutation([[0, n]], size=size))
        factors.append(PermutationGroup(gens))
    return DirectProduct(*factors) if len(factors) > 1 else factors[0]


#: Permutable layer sizes of some well-known architectures: MLP hidden units,
#: conv filters and dense hidden units (the output layer is never permuted).
#: Assumptions behind every count: each filter sees every input channel (no grouped
#: convolutions, no sparse connection tables), and activations, pooling and
#: normalisation act on each channel separately (no normalisation across channels).
#: Original LeNet-5 (sparse C3 table) and original AlexNet (grouped convolutions,
#: local response normalisation across neighbouring channels) violate this; the rows
#: below are the variants with the same widths that satisfy it.  ``activation`` decides
#: whether sign flips are symmetries (odd activations only).
ARCHITECTURES: dict[str, dict] = {
    "MLP 3x30": {
        "widths": (30, 30, 30),
        "activation": "tanh",
        "note": "3 hidden layers of 30 units",
    },
    "MLP 2x100": {
        "widths": (100, 100),
        "activation": "tanh",
        "note": "2 hidden layers of 100 units",
    },
    "LeNet-5 (full C3)": {
        "widths": (6, 16, 120, 84),
        "activation": "relu",
        "note": "conv 6, 16 filters; dense 120, 84 units",
    },
    "AlexNet (no LRN, no groups)": {
        "widths": (96, 256, 384, 384, 256, 4096, 4096),
        "activation": "relu",
        "note": "5 conv layers; dense 4096, 4096",
    },
    "VGG-16": {
        "widths": (
            64,
            64,
            128,
            128,
            256,
            256,
            256,
            512,
            512,
            512,
            512,
            512,
            512,
            4096,
            4096,
        ),
        "activation": "relu",
        "note": "13 conv layers; dense 4096, 4096",
    },
}


def architecture_table() -> list[dict]:
    """Rows ``{name, note, activation, units, log10_count, log10_count_sign_flips}`` for :data:`ARCHITECTURES`.

    ``log10_count = log10 prod_l n_l!``; ``log10_count_sign_flips = log10 prod_l n_l! 2^{n_l}``
    for odd activations and ``None`` otherwise (sign flips are no symmetry of ReLU).
    """
    rows = []
    for name, spec in ARCHITECTURES.items():
        odd = get_activation(spec["activation"]).odd
        rows.append(
            {
                "name": name,
                "note": spec["note"],
                "activation": spec["activation"],
                "units": sum(spec["widths"]),
                "log10_count": log10_equivalent_minima(spec["widths"]),
                "log10_count_sign_flips": log10_equivalent_minima(spec["widths"], True)
                if odd
                else None,
            }
        )
    return rows
