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
import math
from math import factorial
from typing import Iterator, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from .counting import count_equivalent_minima
from .networks import (
    CNNParams,
    MLPParams,
    as_generator,
    get_activation,
    params_to_vector,
    validate_int,
    validate_params,
    validate_widths,
)
from .training import evaluate_loss

__all__ = [
    "permute_hidden_units",
    "flip_signs",
    "rescale_hidden_units",
    "permute_conv_filters",
    "enumerate_orbit",
    "group_order",
    "has_distinct_incoming_vectors",
    "stabiliser_order",
    "orbit_size",
    "count_distinct_orbit_points",
    "random_symmetry",
    "align_hidden_units",
    "interpolate_params",
    "loss_barrier",
]


def _check_per_layer(params: MLPParams, items: Sequence, what: str) -> list[np.ndarray]:
    hw = params.hidden_widths
    items = list(items)
    if len(items) != len(hw):
        raise ValueError(
            f"need one {what} per hidden layer ({len(hw)}), got {len(items)}"
        )
    out = []
    for l, (item, n) in enumerate(zip(items, hw), start=1):
        a = np.asarray(item)
        if a.shape != (n,):
            raise ValueError(
                f"hidden layer {l} has {n} units; the {what} has shape {a.shape}"
            )
        out.append(a)
    return out


def _apply_unitwise(
    params: MLPParams, maps: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
) -> MLPParams:
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


def permute_hidden_units(
    params: MLPParams, perms: Sequence[Sequence[int]]
) -> MLPParams:
    """Permute the units of every hidden layer: unit ``j`` of the result is unit ``perm[j]``.

    ``(W_l, b_l, W_{l+1}) -> (P_l W_l, P_l b_l, W_{l+1} P_l^T)`` with ``(P_l)_{j, perm[j]} = 1``.

    Raises
    ------
    ValueError
        If the number of permutations differs from the number of hidden layers, or one
        is not a permutation of ``range(n_l)``.
    """
    validate_params(params)
    ps = _check_per_layer(params, perms, "permutation")
    for l, p in enumerate(ps, start=1):
        if not np.array_equal(np.sort(p), np.arange(p.size)):
            raise ValueError(
                f"hidden layer {l}: {p.tolist()} is not a permutation of "
                f"range({p.size})"
            )
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
    validate_params(params)
    ss = _check_per_layer(params, signs, "sign vector")
    for l, s in enumerate(ss, start=1):
        if not np.all(np.isin(s, (-1, 1))):
            raise ValueError(
                f"hidden layer {l}: signs must be +1 or -1, got {s.tolist()}"
            )
    return _apply_unitwise(
        params, [(np.arange(s.size), s.astype(float), s.astype(float)) for s in ss]
    )


def rescale_hidden_units(
    params: MLPParams, scales: Sequence[Sequence[float]]
) -> MLPParams:
    """Positive rescaling: incoming weights and bias of unit ``j`` times ``alpha_j``, outgoing times ``1/alpha_j``.

    ``(W_l, b_l, W_{l+1}) -> (D_l W_l, D_l b_l, W_{l+1} D_l^{-1})``, ``D_l = diag(alpha_l)``.
    The function is preserved for positively homogeneous activations (ReLU).

    Raises
    ------
    ValueError
        If a scale is not a finite positive number or the shapes do not match.
    """
    validate_params(params)
    al = _check_per_layer(params, scales, "scale vector")
    for l, a in enumerate(al, start=1):
        a = a.astype(float)
        if not np.all(np.isfinite(a)) or np.any(a <= 0):
            raise ValueError(
                f"hidden layer {l}: scales must be finite and > 0, got {a.tolist()}"
            )
    return _apply_unitwise(
        params,
        [(np.arange(a.size), a.astype(float), 1.0 / a.astype(float)) for a in al],
    )


def permute_conv_filters(
    params: CNNParams, perms: Sequence[Sequence[int]]
) -> CNNParams:
    """Permute the filters of every conv layer and the matching input channels of the next layer.

    ``K_l -> K_l[perm]``, ``c_l -> c_l[perm]``, ``K_{l+1} -> K_{l+1}[:, perm]``
    (the linear head's columns for the last conv layer).  Used in: Chapters 1 and 6.
    """
    if not isinstance(params, CNNParams):
        raise ValueError(
            f"params must be an nnsym.networks.CNNParams, got {type(params).__name__}"
        )
    fs = params.filters
    perms = [np.asarray(p) for p in perms]
    if len(perms) != len(fs):
        raise ValueError(
            f"need one permutation per conv layer ({len(fs)}), got {len(perms)}"
        )
    for l, (p, k) in enumerate(zip(perms, fs), start=1):
        if p.shape != (k,) or not np.array_equal(np.sort(p), np.arange(k)):
            raise ValueError(
                f"conv layer {l}: expected a permutation of range({k}), got "
                f"{p.tolist()}"
            )
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


def group_order(widths: Sequence[int], sign_flips: bool = False) -> int:
    """``|G| = prod_{l=1}^{L-1} n_l!`` (``|G_pm| = prod_l n_l! 2^{n_l}`` with sign flips).

    Parameters
    ----------
    widths
        The *full* widths ``(n_0, n_1, ..., n_L)``, input and output included, as in
        :attr:`MLPParams.widths`; only the hidden widths ``n_1, ..., n_{L-1}`` enter.
        A network without hidden layer (``len(widths) == 2``) has the trivial group.
    sign_flips
        Count the signed permutations ``{+1,-1}^{n_l} x| S_{n_l}`` instead of ``S_{n_l}``.

    Returns
    -------
    int
        The order of the group acting on parameter space (a Python int, exact).  It is
        the orbit size only for parameters with a trivial stabiliser; see
        :func:`orbit_size`.

    Raises
    ------
    ValueError
        If ``widths`` has fewer than two entries or an entry is not an integer >= 1, or
        ``sign_flips`` is not a bool.
    """
    ws = validate_widths(widths, min_len=2, what="widths (n_0, ..., n_L)")
    if not isinstance(sign_flips, (bool, np.bool_)):
        raise ValueError(f"sign_flips must be a bool, got {sign_flips!r}")
    hidden = ws[1:-1]
    return count_equivalent_minima(hidden, bool(sign_flips)) if hidden else 1


def _validate_orbit_request(params: MLPParams, sign_flips: bool) -> None:
    if not isinstance(params, MLPParams):
        raise ValueError(f"expected MLPParams, got {type(params).__name__}")
    if not isinstance(sign_flips, (bool, np.bool_)):
        raise ValueError(f"sign_flips must be a bool, got {sign_flips!r}")
    if sign_flips and not get_activation(params.activation).odd:
        raise ValueError(
            "sign flips preserve the function only for odd activations; got "
            f"{params.activation!r}"
        )
    if not all(np.all(np.isfinite(a)) for a in params.weights + params.biases):
        raise ValueError("the parameters must be finite (no NaN or inf)")


def _row_keys(rows: np.ndarray, sign_flips: bool) -> tuple[list[bytes], np.ndarray]:
    """Exact hash key of each row (up to sign with ``sign_flips``) and the sign that normalises it.

    With sign flips a nonzero row is normalised so that its first nonzero entry is
    positive; a zero row gets sign 0 (both signs fix it).
    """
    rows = rows + 0.0  # -0.0 -> +0.0, so that equal rows have equal bytes
    signs = np.ones(rows.shape[0])
    if sign_flips:
        for i, r in enumerate(rows):
            nz = np.flatnonzero(r)
            signs[i] = 0.0 if nz.size == 0 else np.sign(r[nz[0]])
        rows = np.where(signs[:, None] == 0, rows, rows * signs[:, None]) + 0.0
    return [r.tobytes() for r in rows], signs


def has_distinct_incoming_vectors(params: MLPParams, sign_flips: bool = False) -> bool:
    """Whether ``v_{l,i} != v_{l,j}`` for ``i != j`` in every hidden layer, ``v_{l,j} = (W_l[j,:], b_l[j])``.

    With ``sign_flips``: every ``v_{l,j} != 0`` and ``v_{l,i} != +-v_{l,j}`` for ``i != j``.
    This is the sufficient condition of Chapter 1's orbit-size theorem: when it holds the
    stabiliser of ``params`` in ``G`` (``G_pm``) is trivial, so the orbit has ``|G|``
    (``|G_pm|``) points.  Equality is exact equality of floats (the group action only
    permutes and negates entries, so exact comparison is the right notion).

    Raises
    ------
    ValueError
        If ``params`` is not an :class:`MLPParams`, has non-finite entries, or sign flips
        are asked for a non-odd activation.
    """
    _validate_orbit_request(params, sign_flips)
    for W, b in zip(params.weights[:-1], params.biases[:-1]):
        keys, signs = _row_keys(np.column_stack([W, b]), bool(sign_flips))
        if len(set(keys)) < len(keys) or (sign_flips and np.any(signs == 0)):
            return False
    return True


def _layer_solutions(M: np.ndarray, T: np.ndarray, sign_flips: bool):
    """All ``(p, s)`` with ``s_j M[p_j] = T[j]`` for every row ``j``, and their number.

    Rows are grouped into classes of equal rows (equal up to sign with sign flips);
    a solution maps each class of ``T`` bijectively onto the same class of ``M``, with
    the sign fixed for nonzero rows and free for zero rows.
    """
    kM, sM = _row_keys(M, sign_flips)
    kT, sT = _row_keys(T, sign_flips)
    classes: dict[bytes, tuple[list[int], list[int]]] = {}
    for j, k in enumerate(kT):
        classes.setdefault(k, ([], []))[0].append(j)
    for i, k in enumerate(kM):
        if k not in classes:
            return 0, iter(())
        classes[k][1].append(i)
    count = 1
    for t_idx, m_idx in classes.values():
        if len(t_idx) != len(m_idx):
            return 0, iter(())
        count *= factorial(len(t_idx))
        if sign_flips and sT[t_idx[0]] == 0:
            count *= 2 ** len(t_idx)

    def generate():
        groups = list(classes.values())
        for choice in itertools.product(
            *[itertools.permutations(m) for _, m in groups]
        ):
            p = np.empty(T.shape[0], dtype=int)
            for (t_idx, _), m_perm in zip(groups, choice):
                p[t_idx] = m_perm
            s = sT * sM[p]  # row j of T = s_j M[p_j] for nonzero rows
            zero = np.flatnonzero(s == 0)
            for flips in itertools.product((1.0, -1.0), repeat=zero.size):
                s_full = s.copy()
                s_full[zero] = flips
                yield p, s_full if sign_flips else np.ones(T.shape[0])

    return count, generate()


def stabiliser_order(
    params: MLPParams, sign_flips: bool = False, *, max_nodes: int = 100_000
) -> int:
    """``|Stab(theta)| = #{g in G : g theta = theta}``, computed exactly (``G_pm`` with sign flips).

    Backtracking from layer 1 upward: given the element ``Q_{l-1}`` chosen for the layer
    below, the elements ``Q_l`` that fix ``(W_l Q_{l-1}^T, b_l)`` map each class of equal
    incoming vectors onto itself; they are enumerated for ``l < L-1`` and counted in
    closed form (``prod k! (2^k for zero rows)``) for the last hidden layer, whose
    outgoing columns ``W_L[:, j]`` are appended to the incoming vectors.  Equality is
    exact (the action only permutes and negates entries).

    Parameters
    ----------
    params
        The network.
    sign_flips
        Use the signed-permutation group ``G_pm`` (odd activations only).
    max_nodes
        Largest number of partial group elements the search may visit.

    Raises
    ------
    ValueError
        If the search would visit more than ``max_nodes`` partial elements (a very
        degenerate network: use the theorem by hand), or for invalid input.
    """
    _validate_orbit_request(params, sign_flips)
    flips = bool(sign_flips)
    validate_int(max_nodes, "max_nodes", lower=1)
    hw = params.hidden_widths
    if not hw:
        return 1
    Ws, bs = params.weights, params.biases
    visited = 0

    def search(l: int, p_prev: np.ndarray, s_prev: np.ndarray) -> int:
        nonlocal visited
        M = np.column_stack([Ws[l][:, p_prev] * s_prev[None, :], bs[l]])
        T = np.column_stack([Ws[l], bs[l]])
        # last hidden layer: the outgoing weights must be fixed too
        if l == len(hw) - 1:
            M = np.column_stack([M, Ws[l + 1].T])
            T = np.column_stack([T, Ws[l + 1].T])
            return _layer_solutions(M, T, flips)[0]
        count, solutions = _layer_solutions(M, T, flips)
        visited += count
        if visited > max_nodes:
            raise ValueError(
                f"the stabiliser search needs more than max_nodes={max_nodes} partial "
                f"group elements (hidden layer {l + 1} has many equal incoming "
                "vectors); raise max_nodes or compute the stabiliser by hand"
            )
        return sum(search(l + 1, p, s) for p, s in solutions)

    n0 = params.widths[0]
    return search(0, np.arange(n0), np.ones(n0))


def orbit_size(
    params: MLPParams, sign_flips: bool = False, *, max_nodes: int = 100_000
) -> int:
    """``|G theta| = |G| / |Stab(theta)|``, the number of distinct points in the orbit of ``theta``.

    Exact.  If :func:`has_distinct_incoming_vectors` holds, the stabiliser is trivial
    (Chapter 1's orbit-size theorem) and the result is :func:`group_order`; otherwise the
    stabiliser is computed by :func:`stabiliser_order`.

    Parameters
    ----------
    params
        The network.
    sign_flips
        Use the signed-permutation group ``G_pm`` (odd activations only).
    max_nodes
        Passed to :func:`stabiliser_order`.

    Raises
    ------
    ValueError
        If sign flips are asked for a non-odd activation, the parameters are not
        finite, or the condition fails and the stabiliser is too large to search
        within ``max_nodes``.
    """
    _validate_orbit_request(params, sign_flips)
    order = group_order(params.widths, bool(sign_flips))
    if has_distinct_incoming_vectors(params, sign_flips):
        return order
    return order // stabiliser_order(params, sign_flips, max_nodes=max_nodes)


def enumerate_orbit(
    params: MLPParams, sign_flips: bool = False, *, max_size: int = 100_000
) -> Iterator[MLPParams]:
    """Yield every image of ``params`` under the group of hidden-unit permutations (and sign flips).

    The group is ``prod_l S_{n_l}`` (times ``prod_l {+1,-1}^{n_l}``); it has
    :func:`group_order` elements, yielded in a fixed order, identity first (points
    repeat when the stabiliser is not trivial).

    Raises
    ------
    ValueError
        If the group has more than ``max_size`` elements, or sign flips are asked for a
        non-odd activation.
    """
    hw = params.hidden_widths
    log10_size = sum(
        (math.lgamma(n + 1) + (n * math.log(2) if sign_flips else 0.0)) / math.log(10)
        for n in hw
    )
    # compared in log space: no huge integer formed
    if log10_size > math.log10(max(max_size, 1)) + 1e-9:
        raise ValueError(
            f"the group has about 10^{log10_size:.1f} elements, more than "
            f"max_size={max_size}"
        )
    if sign_flips and not get_activation(params.activation).odd:
        raise ValueError(
            "sign flips preserve the function only for odd activations; got "
            f"{params.activation!r}"
        )
    perm_choices = [list(itertools.permutations(range(n))) for n in hw]
    sign_choices = (
        [list(itertools.product((1, -1), repeat=n)) for n in hw]
        if sign_flips
        else [[(1,) * n] for n in hw]
    )
    for perms in itertools.product(*perm_choices):
        permuted = permute_hidden_units(params, perms)
        for signs in itertools.product(*sign_choices):
            yield flip_signs(permuted, signs) if sign_flips else permuted


def count_distinct_orbit_points(
    params: MLPParams, sign_flips: bool = False, *, decimals: int = 12
) -> int:
    """Number of distinct parameter vectors in the orbit, ``|G| / |Stab(theta)|``.

    Enumerates the orbit (:func:`enumerate_orbit`) and counts distinct vectors after
    rounding to ``decimals`` digits.  An independent (brute-force) route to
    :func:`orbit_size`, feasible for small groups only.
    """
    validate_params(params)
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
    validate_params(params)
    rng = as_generator(seed)
    hw = params.hidden_widths
    out = params
    if permute:
        out = permute_hidden_units(out, [rng.permutation(n) for n in hw])
    if rescale:
        out = rescale_hidden_units(
            out, [np.exp(rng.uniform(-log_scale_range, log_scale_range, n)) for n in hw]
        )
    if sign_flips:
        out = flip_signs(out, [rng.choice((-1, 1), size=n) for n in hw])
    return out


def align_hidden_units(
    reference: MLPParams, other: MLPParams
) -> tuple[MLPParams, list[np.ndarray]]:
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
    validate_params(reference, "reference")
    validate_params(other, "other")
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
    validate_params(start, "start")
    validate_params(end, "end")
    if start.widths != end.widths or start.activation != end.activation:
        raise ValueError("both endpoints need the same architecture and activation")
    return MLPParams(
        tuple((1 - t) * A + t * B for A, B in zip(start.weights, end.weights)),
        tuple((1 - t) * A + t * B for A, B in zip(start.biases, end.biases)),
        start.activation,
    )


def loss_barrier(
    start: MLPParams,
    end: MLPParams,
    X: np.ndarray,
    y: np.ndarray,
    *,
    n_points: int = 25,
    loss: str = "cross_entropy",
) -> tuple[float, np.ndarray]:
    """``B = max_t L((1-t) theta_0 + t theta_1) - (L(theta_0) + L(theta_1)) / 2`` on a grid of ``t``.

    Parameters
    ----------
    start, end
        The endpoints ``theta_0`` and ``theta_1`` (same architecture and activation).
    X, y
        The data on which the loss :func:`nnsym.training.evaluate_loss` is evaluated.
    n_points
        Number of equally spaced ``t`` in ``[0, 1]`` (endpoints included), at least 2.
    loss
        ``"cross_entropy"`` or ``"mse"``.

    Returns
    -------
    (barrier, curve)
        The barrier ``B`` and the losses at the ``n_points`` grid points.  ``B`` can be
        negative (a segment below its endpoints' mean); a grid only bounds the true
        barrier from below.

    Raises
    ------
    ValueError
        If ``n_points`` is not an integer >= 2 or the endpoints do not match.
    """
    validate_params(start, "start")
    validate_params(end, "end")
    ts = np.linspace(0.0, 1.0, validate_int(n_points, "n_points", lower=2))
    curve = np.array(
        [evaluate_loss(interpolate_params(start, end, t), X, y, loss) for t in ts]
    )
    return float(curve.max() - 0.5 * (curve[0] + curve[-1])), curve
