"""Group actions on parameter space that leave the realised function unchanged.

For a hidden layer ``l`` (``1 <= l <= L-1``) and a permutation matrix ``P_l``,

.. math::

    (W_l, b_l, W_{l+1}) \\mapsto (P_l W_l,\\ P_l b_l,\\ W_{l+1} P_l^{\\top})

(permutation of units); for an odd activation and ``S_l = diag(s_l)``,
``s_l in {+1,-1}^{n_l}``,

.. math::

    (W_l, b_l, W_{l+1}) \\mapsto (S_l W_l,\\ S_l b_l,\\ W_{l+1} S_l)

(sign flips); for a positively homogeneous activation (ReLU) and
``D_l = diag(alpha_l)``, ``alpha_l > 0``,

.. math::

    (W_l, b_l, W_{l+1}) \\mapsto (D_l W_l,\\ D_l b_l,\\ W_{l+1} D_l^{-1})

(rescalings).  Used in: Chapters 1, 2 and 6.
"""

from __future__ import annotations

import itertools
from math import factorial
from typing import Iterator, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from .networks import CNNParams, MLPParams, as_generator, get_activation

__all__ = [
    "permute_hidden_units",
    "flip_signs",
    "rescale_hidden_units",
    "permute_conv_filters",
    "enumerate_orbit",
    "orbit_size",
    "count_distinct_orbit_points",
    "random_symmetry",
    "align_hidden_units",
    "interpolate_params",
]


def _check_per_layer(params: MLPParams, items: Sequence, what: str) -> list[np.ndarray]:
    hw = params.hidden_widths
    items = list(items)
    if len(items) != len(hw):
        raise ValueError(f"need one {what} per hidden layer ({len(hw)}), got {len(items)}")
    out = []
    for l, (item, n) in enumerate(zip(items, hw), start=1):
        a = np.asarray(item)
        if a.shape != (n,):
            raise ValueError(f"hidden layer {l} has {n} units; the {what} has shape {a.shape}")
        out.append(a)
    return out


def _apply_unitwise(params: MLPParams, maps: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> MLPParams:
    """Apply, per hidden layer, row selection ``idx``, row scale ``s_in`` and column scale ``s_out``.

    New ``W_l = s_in[:,None] * W_l[idx]``, ``b_l = s_in * b_l[idx]``,
    ``W_{l+1} = W_{l+1}[:, idx] * s_out[None, :]``.
    """
    Ws = list(params.weights)
    bs = list(params.biases)
    for l, (idx, s_in, s_out) in enumerate(maps):
        Ws[l] = s_in[:, None] * Ws[l][idx]
        bs[l] = s_in * bs[l][idx]
        Ws[l + 1] = Ws[l + 1][:, idx] * s_out[None, :]
    return MLPParams(tuple(Ws), tuple(bs), params.activation)


def permute_hidden_units(params: MLPParams, perms: Sequence[Sequence[int]]) -> MLPParams:
    """Permute the units of every hidden layer: unit ``j`` of the result is unit ``perm[j]``.

    ``(W_l, b_l, W_{l+1}) -> (P_l W_l, P_l b_l, W_{l+1} P_l^T)`` with ``(P_l)_{j, perm[j]} = 1``.

    Raises
    ------
    ValueError
        If the number of permutations differs from the number of hidden layers, or one
        is not a permutation of ``range(n_l)``.
    """
    ps = _check_per_layer(params, perms, "permutation")
    for l, p in enumerate(ps, start=1):
        if not np.array_equal(np.sort(p), np.arange(p.size)):
            raise ValueError(f"hidden layer {l}: {p.tolist()} is not a permutation of range({p.size})")
    return _apply_unitwise(
        params, [(p.astype(int), np.ones(p.size), np.ones(p.size)) for p in ps]
    )


def flip_signs(params: MLPParams, signs: Sequence[Sequence[int]]) -> MLPParams:
    """Multiply the incoming weights and bias *and* the outgoing weights of unit ``j`` by ``s_j``.

    ``(W_l, b_l, W_{l+1}) -> (S_l W_l, S_l b_l, W_{l+1} S_l)``, ``S_l = diag(s_l)``, ``s_l in {+1,-1}``.
    This preserves the function only for odd activations (``tanh``): for ReLU it does not.

    Raises
    ------
    ValueError
        If a sign is not ``+1`` or ``-1`` or the shapes do not match the hidden widths.
    """
    ss = _check_per_layer(params, signs, "sign vector")
    for l, s in enumerate(ss, start=1):
        if not np.all(np.isin(s, (-1, 1))):
            raise ValueError(f"hidden layer {l}: signs must be +1 or -1, got {s.tolist()}")
    return _apply_unitwise(
        params, [(np.arange(s.size), s.astype(float), s.astype(float)) for s in ss]
    )


def rescale_hidden_units(params: MLPParams, scales: Sequence[Sequence[float]]) -> MLPParams:
    """Positive rescaling: incoming weights and bias of unit ``j`` times ``alpha_j``, outgoing times ``1/alpha_j``.

    ``(W_l, b_l, W_{l+1}) -> (D_l W_l, D_l b_l, W_{l+1} D_l^{-1})``, ``D_l = diag(alpha_l)``.
    The function is preserved for positively homogeneous activations (ReLU).

    Raises
    ------
    ValueError
        If a scale is not a finite positive number or the shapes do not match.
    """
    al = _check_per_layer(params, scales, "scale vector")
    for l, a in enumerate(al, start=1):
        a = a.astype(float)
        if not np.all(np.isfinite(a)) or np.any(a <= 0):
            raise ValueError(f"hidden layer {l}: scales must be finite and > 0, got {a.tolist()}")
    return _apply_unitwise(
        params, [(np.arange(a.size), a.astype(float), 1.0 / a.astype(float)) for a in al]
    )


def permute_conv_filters(params: CNNParams, perms: Sequence[Sequence[int]]) -> CNNParams:
    """Permute the filters of every conv layer and the matching input channels of the next layer.

    ``K_l -> K_l[perm]``, ``c_l -> c_l[perm]``, ``K_{l+1} -> K_{l+1}[:, perm]``
    (the linear head's columns for the last conv layer).  Used in: Chapter 1.
    """
    fs = params.filters
    perms = [np.asarray(p) for p in perms]
    if len(perms) != len(fs):
        raise ValueError(f"need one permutation per conv layer ({len(fs)}), got {len(perms)}")
    for l, (p, k) in enumerate(zip(perms, fs), start=1):
        if p.shape != (k,) or not np.array_equal(np.sort(p), np.arange(k)):
            raise ValueError(f"conv layer {l}: expected a permutation of range({k}), got {p.tolist()}")
    Ks = list(params.kernels)
    cs = list(params.conv_biases)
    head = params.head_weight
    for l, p in enumerate(perms):
        Ks[l] = Ks[l][p]
        cs[l] = cs[l][p]
        if l + 1 < len(Ks):
            Ks[l + 1] = Ks[l + 1][:, p]
        else:
            head = head[:, p]
    return CNNParams(tuple(Ks), tuple(cs), head, params.head_bias, params.activation)


def orbit_size(params: MLPParams, sign_flips: bool = False) -> int:
    """Size of the enumerated group, ``prod_l n_l!`` (times ``2^{sum_l n_l}`` with sign flips).

    This is the orbit size for *generic* parameters; degenerate parameters
    (repeated or zero units) have smaller orbits.
    """
    size = 1
    for n in params.hidden_widths:
        size *= factorial(n) * (2**n if sign_flips else 1)
    return size


def enumerate_orbit(
    params: MLPParams, sign_flips: bool = False, *, max_size: int = 100_000
) -> Iterator[MLPParams]:
    """Yield every image of ``params`` under the group of hidden-unit permutations (and sign flips).

    The group is ``prod_l S_{n_l}`` (times ``prod_l {+1,-1}^{n_l}``); it has
    :func:`orbit_size` elements, yielded in a fixed order, identity first.

    Raises
    ------
    ValueError
        If the group has more than ``max_size`` elements, or sign flips are asked for a
        non-odd activation.
    """
    size = orbit_size(params, sign_flips)
    if size > max_size:
        raise ValueError(f"the group has {size} elements, more than max_size={max_size}")
    if sign_flips and not get_activation(params.activation).odd:
        raise ValueError(
            f"sign flips preserve the function only for odd activations; got {params.activation!r}"
        )
    hw = params.hidden_widths
    perm_choices = [list(itertools.permutations(range(n))) for n in hw]
    sign_choices = (
        [list(itertools.product((1, -1), repeat=n)) for n in hw] if sign_flips else [[(1,) * n] for n in hw]
    )
    for perms in itertools.product(*perm_choices):
        permuted = permute_hidden_units(params, perms)
        for signs in itertools.product(*sign_choices):
            yield flip_signs(permuted, signs) if sign_flips else permuted


def count_distinct_orbit_points(params: MLPParams, sign_flips: bool = False, *, decimals: int = 12) -> int:
    """Number of distinct parameter vectors in the orbit, ``|G| / |Stab(theta)|``.

    Enumerates the orbit (:func:`enumerate_orbit`) and counts distinct vectors after
    rounding to ``decimals`` digits.  Equals :func:`orbit_size` exactly when the
    stabiliser is trivial (generic parameters).
    """
    from .networks import params_to_vector

    vecs = np.array([params_to_vector(q) for q in enumerate_orbit(params, sign_flips)])
    return int(len(np.unique(np.round(vecs, decimals), axis=0)))


def random_symmetry(
    params: MLPParams,
    *,
    seed: int | np.random.Generator = 0,
    permute: bool = True,
    rescale: bool = False,
    sign_flips: bool = False,
    log_scale_range: float = 1.0,
) -> MLPParams:
    """Apply a random group element: permutation, then positive rescaling by ``exp(U[-r, r])``, then sign flips."""
    rng = as_generator(seed)
    hw = params.hidden_widths
    out = params
    if permute:
        out = permute_hidden_units(out, [rng.permutation(n) for n in hw])
    if rescale:
        out = rescale_hidden_units(out, [np.exp(rng.uniform(-log_scale_range, log_scale_range, n)) for n in hw])
    if sign_flips:
        out = flip_signs(out, [rng.choice((-1, 1), size=n) for n in hw])
    return out


def align_hidden_units(reference: MLPParams, other: MLPParams) -> tuple[MLPParams, list[np.ndarray]]:
    """Permute ``other``'s hidden units to match ``reference`` (weight matching, layer by layer).

    For layer ``l`` the cost of matching unit ``i`` of ``reference`` with unit ``j`` of
    ``other`` is ``-<(W_l^ref[i], b_l^ref[i]), (W_l'[j], b_l'[j])>``, with the incoming
    columns of ``W_l'`` already permuted by the previous layer's match (the last hidden
    layer also compares outgoing weights, since output units are never permuted); each
    linear assignment problem is solved exactly with ``scipy.optimize.linear_sum_assignment``.
    The result computes the same function as ``other``.

    Returns
    -------
    (aligned, perms)
        The permuted copy of ``other`` and the permutation of each hidden layer.
    """
    if reference.widths != other.widths:
        raise ValueError(f"architectures differ: {reference.widths} vs {other.widths}")
    perms: list[np.ndarray] = []
    current = other
    for l in range(len(reference.hidden_widths)):
        Wr, br, Vr = reference.weights[l], reference.biases[l], reference.weights[l + 1]
        Wo, bo, Vo = current.weights[l], current.biases[l], current.weights[l + 1]
        last = l == len(reference.hidden_widths) - 1
        feat_r = np.concatenate([Wr, br[:, None]] + ([Vr.T] if last else []), axis=1)
        feat_o = np.concatenate([Wo, bo[:, None]] + ([Vo.T] if last else []), axis=1)
        _, col = linear_sum_assignment(-(feat_r @ feat_o.T))
        perm_layer = [np.arange(n) for n in reference.hidden_widths]
        perm_layer[l] = col
        current = permute_hidden_units(current, perm_layer)
        perms.append(col)
    return current, perms


def interpolate_params(start: MLPParams, end: MLPParams, t: float) -> MLPParams:
    """The point ``(1 - t) theta_0 + t theta_1`` on the straight segment between two networks."""
    if start.widths != end.widths or start.activation != end.activation:
        raise ValueError("both endpoints need the same architecture and activation")
    return MLPParams(
        tuple((1 - t) * A + t * B for A, B in zip(start.weights, end.weights)),
        tuple((1 - t) * A + t * B for A, B in zip(start.biases, end.biases)),
        start.activation,
    )
