"""Jacobians, activation patterns and the functional dimension of ReLU networks.

For a batch ``X = (x_1, ..., x_n)`` the *batch Jacobian* is the
``(n n_L) x P`` matrix

.. math::

    J_\\theta(X) = \\frac{\\partial\\,(f_\\theta(x_1), \\dots, f_\\theta(x_n))}{\\partial \\theta},

rows ordered sample-major (row ``i n_L + k`` is output ``k`` of sample ``i``) and
columns ordered like :func:`nnsym.networks.params_to_vector`
(``vec W_1, b_1, ..., vec W_L, b_L``, row-major ``W``).  Its rank is the *batch
functional dimension* ``dim_bf(theta, X)`` of Bona-Pellissier, Malgouyres and
Bachoc (2024).

Closed form.  With pre-activations ``z_l = W_l h_{l-1} + b_l``, augmented forward
activations ``a_{l-1} = (h_{l-1}, 1)`` and back-propagated matrices

.. math::

    \\Delta_L = I_{n_L}, \\qquad
    \\Delta_l(x) = \\Delta_{l+1}(x)\\, W_{l+1}\\, \\operatorname{diag}\\sigma'(z_l(x))
    \\quad (l < L),

the derivative of output ``k`` with respect to ``(W_l, b_l)`` is the outer product
``Delta_l(x)[k, :]^T a_{l-1}(x)^T``: each row of ``J`` is a concatenation of outer
products of a back-propagated vector and a forward activation.  For ReLU,
``sigma'(z_l(x))`` is the *activation pattern* ``1[z_l(x) > 0]``, so ``J`` depends on
``theta`` and on the patterns only.  Everything here is batched over the samples (no
Python loop over inputs).

Gram route.  Row ``(i, k)`` times row ``(j, k')`` equals
``sum_l <Delta_l(x_i)[k], Delta_l(x_j)[k']> <a_{l-1}(x_i), a_{l-1}(x_j)>``, so
``J J^T`` is computed from ``n n_L x n_l`` and ``n x (n_{l-1}+1)`` factors without
forming ``J``; its eigenvalues are the squared singular values of ``J`` (cheap when
``n n_L << P``, but only singular values above about ``sqrt(eps) sigma_1`` are
resolved).  For tall Jacobians (``P << n n_L``) the triangular factor ``R`` of a QR
decomposition, accumulated over chunks of samples, has the singular values of ``J`` at
full accuracy and size ``P x P``.

Certified route.  The Gram eigenvalues alone cannot tell a genuine singular value of
``1e-9 sigma_1`` from an exact zero (both sit at the round-off floor of ``J J^T``).  The
route ``method="certified"`` (the default for ``n n_L <= P``) keeps the Gram matrix only
to split ``R^m`` into the eigen-directions that are certainly above the tolerance and a
remainder, resolves the remainder on ``J`` itself at full accuracy, and checks a gap
condition that makes the count equal to the SVD rank; see :func:`certified_rank`.

Memory.  Every route estimates the bytes of its largest intermediates from the shapes
(:func:`route_memory`) and refuses with a ``ValueError`` that states the estimate and
a way out *before* allocating them when they exceed the budget of
:mod:`nnsym.limits` (4 GiB, environment variable ``NNSYM_MAX_BYTES``).  The streaming
routes (``method="qr"`` with ``chunk_size``, the certified route's projection) hold
only a chunk of ``J`` at a time and stay within the budget for very large batches
on small networks.

Used in: Chapter 2.

References
----------
Bona-Pellissier, Malgouyres, Bachoc (2024), arXiv:2402.08269.
Grigsby, Lindsey, Meyerhoff, Wu (2022), arXiv:2204.04321.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from .limits import check_memory, max_bytes
from .networks import (
    _forward_bytes,
    MLPParams,
    as_generator,
    count_params,
    forward,
    get_activation,
    param_slices,
    validate_array,
    validate_int,
    validate_real,
    validate_widths,
    vector_to_arrays,
)

__all__ = [
    "activation_patterns",
    "jacobian",
    "jacobian_gram",
    "jacobian_singular_values",
    "rank_tolerance",
    "batch_functional_dimension",
    "RankCertificate",
    "certified_rank",
    "certified_matrix_rank",
    "functional_dimension_bound",
    "rescaling_kernel_vectors",
    "FullDimensionEstimate",
    "estimate_full_functional_dimension",
    "route_memory",
]


def _check_params(params: MLPParams) -> None:
    if not isinstance(params, MLPParams):
        raise ValueError(
            f"params must be an nnsym.networks.MLPParams, got {type(params).__name__}"
        )


def _check_conversion(shape: tuple, dtype: torch.dtype) -> None:
    """Refuse inputs whose conversion and finiteness check alone exceed the memory budget."""
    if len(shape) == 2:
        check_memory(
            shape[0] * shape[1] * (_itemsize(dtype) + 1),
            f"converting inputs of shape {tuple(shape)}",
            "a smaller batch.",
        )


def _as_batch(params: MLPParams, X, dtype: torch.dtype, device) -> torch.Tensor:
    if torch.is_tensor(X):
        _check_conversion(tuple(X.shape), dtype)
        Xt = X.to(dtype=dtype, device=device)
    else:
        Xn = validate_array(X, "inputs", real=True)
        _check_conversion(Xn.shape, dtype)
        Xt = torch.as_tensor(Xn, dtype=dtype, device=device)
    if Xt.ndim != 2 or Xt.shape[1] != params.widths[0] or Xt.shape[0] < 1:
        raise ValueError(
            f"inputs must have shape (n, {params.widths[0]}) with n >= 1, got "
            f"{tuple(Xt.shape)}"
        )
    if not torch.isfinite(Xt).all():
        raise ValueError("inputs must be finite")
    return Xt


def _check_dtype(dtype: torch.dtype) -> None:
    if dtype not in (torch.float32, torch.float64):
        raise ValueError(f"dtype must be torch.float32 or torch.float64, got {dtype}")


def _factors(params: MLPParams, X, dtype: torch.dtype, device):
    """Forward activations ``a_{l-1} = (h_{l-1}, 1)`` (n, n_{l-1}+1) and ``Delta_l`` (n, n_L, n_l), l = 1..L."""
    _check_params(params)
    _check_dtype(dtype)
    Xt = _as_batch(params, X, dtype, device)
    Ws = [torch.as_tensor(W, dtype=dtype, device=device) for W in params.weights]
    bs = [torch.as_tensor(b, dtype=dtype, device=device) for b in params.biases]
    record = get_activation(params.activation)
    act, dact = record.torch, record.derivative
    n, L = Xt.shape[0], len(Ws)
    ones = torch.ones(n, 1, dtype=dtype, device=device)
    h = Xt
    acts, slopes = [], []
    for l in range(L):
        acts.append(torch.cat([h, ones], dim=1))
        if l < L - 1:
            z = torch.addmm(bs[l], h, Ws[l].T)
            slopes.append(dact(z))
            h = act(z)
    n_out = params.widths[-1]
    deltas: list[torch.Tensor] = [None] * L  # type: ignore[list-item]
    deltas[L - 1] = torch.eye(n_out, dtype=dtype, device=device).expand(n, n_out, n_out)
    for l in range(L - 2, -1, -1):
        # Delta_l = Delta_{l+1} W_{l+1} diag(sigma'(z_l)), batched over samples
        deltas[l] = torch.matmul(deltas[l + 1], Ws[l + 1]) * slopes[l][:, None, :]
    return acts, deltas


def _itemsize(dtype: torch.dtype) -> int:
    return torch.finfo(dtype).bits // 8


def _factor_bytes(widths: Sequence[int], n: int, itemsize: int) -> int:
    """Bytes of :func:`_factors` on ``n`` samples: inputs, ``a_{l-1}``, ``Delta_l`` (n n_L n_l), slopes and ``h_l``."""
    acts = sum(w + 1 for w in widths[:-1])
    hidden = sum(widths[1:-1])
    return itemsize * n * (widths[0] + acts + (widths[-1] + 2) * hidden)


def _default_step(route: str, n_out: int, P: int) -> int:
    """Samples per chunk used when ``chunk_size`` is None (as in :func:`_gram_or_jacobian` / :func:`certified_rank`)."""
    if route == "certified":
        return max(1, (1 << 24) // max(1, n_out * P))
    return max(1, P // n_out, (1 << 22) // max(1, n_out * P))


_ROUTES = (
    "jacobian",
    "jacobian_gram",
    "svd",
    "gram",
    "qr",
    "certified",
    "certified-project",
)


def route_memory(
    widths: Sequence[int],
    n: int,
    route: str,
    dtype: torch.dtype = torch.float64,
    chunk_size: int | None = None,
) -> int:
    """Estimated peak bytes ``b(route, n, P) = itemsize * (#entries of the largest live intermediates)``.

    With ``m = n n_L``, ``P`` parameters, ``F(n)`` the layer factors of :func:`jacobian`
    (``n (n_0 + sum_l (n_{l-1}+1) + (n_L + 2) sum_hidden n_l)`` entries) and ``c`` samples
    per chunk (``r = c n_L`` rows):

    ===================== ==========================================================
    ``"jacobian"``        ``F(n) + m P`` (the Jacobian itself)
    ``"jacobian_gram"``   ``F(n) + n m + 5.5 m^2`` (``G``, ``D D^T``, two layers' ``A A^T``
                          repeated, and the matrix-product buffers)
    ``"svd"``             ``F(n) + 2 m P`` (``J`` and the copy LAPACK overwrites)
    ``"gram"``            wide: ``max(F(n) + n m + 5.5 m^2, 2.25 m^2)``; tall:
                          ``F(c) + r P + 2.5 P^2`` (``J^T J``, its eigen-solver copy)
    ``"qr"``              ``F(c) + 5 k P + 3 r P``, ``k = min(m, P)`` (old and new ``R``,
                          the stacked ``[R; J_chunk]``, its QR workspace, the chunk)
    ``"certified"``       ``max(F(n) + n m + 5.5 m^2, 7 m^2)`` (Gram matrix, eigenvectors and
                          the eigen-solver's workspace); the projection ``V_r^T J`` and a
                          possible SVD fallback are checked again when taken
    ``"certified-project"`` ``3 m^2 + F(c) + r P + m P`` (worst case ``m - k = m``)
    ===================== ==========================================================

    The constants were calibrated against the peak resident memory of each route in
    float64 on CPU: the measured peaks (which vary from run to run with the threads'
    buffers) lay between 49 % and 104 % of the estimate.

    Parameters
    ----------
    widths
        ``(n_0, ..., n_L)``.
    n
        Batch size.
    route
        One of the names above.
    dtype
        ``torch.float32`` or ``torch.float64``.
    chunk_size
        Samples per chunk for the streaming routes (default as the routes choose it).

    Returns
    -------
    int
        Bytes (a Python int: no overflow for huge shapes).

    Raises
    ------
    ValueError
        For bad widths, ``n < 1``, an unknown route, dtype or chunk size.
    """
    ws = validate_widths(widths, min_len=2)
    n = validate_int(n, "n", lower=1)
    if route not in _ROUTES:
        raise ValueError(f"route must be one of {_ROUTES}, got {route!r}")
    _check_dtype(dtype)
    _check_chunk_size(chunk_size)
    n = int(n)
    b, n_out, P = _itemsize(dtype), ws[-1], count_params(ws)
    m = n * n_out
    F = _factor_bytes(ws, n, b)
    gram_build = F + b * (n * m + 11 * m * m // 2)
    if route == "jacobian":
        return F + b * m * P
    if route == "jacobian_gram":
        return gram_build
    if route == "svd":
        return F + 2 * b * m * P
    if route in ("certified", "certified-project"):
        phase1 = max(gram_build, 7 * b * m * m)
        if route == "certified":
            return phase1
        c = min(n, chunk_size or _default_step("certified", n_out, P))
        return 3 * b * m * m + _factor_bytes(ws, c, b) + b * (c * n_out * P + m * P)
    if route == "gram" and m <= P:
        return max(gram_build, 9 * b * m * m // 4)
    c = min(n, chunk_size or _default_step(route, n_out, P))
    r = c * n_out
    if route == "gram":  # tall: J^T J accumulated over chunks
        return _factor_bytes(ws, c, b) + b * (r * P + 5 * P * P // 2)
    k = min(m, P)
    return _factor_bytes(ws, c, b) + b * (5 * k * P + 3 * r * P)


def _largest_fitting_batch(
    ws: tuple[int, ...], n: int, route: str, dtype, chunk_size
) -> int:
    """The largest batch size ``<= n`` whose estimate fits the budget (0 if none)."""
    limit = max_bytes()
    if route_memory(ws, 1, route, dtype, chunk_size) > limit:
        return 0
    lo, hi = 1, n  # estimate(lo) fits, estimate(hi) does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (
            (mid, hi)
            if route_memory(ws, mid, route, dtype, chunk_size) <= limit
            else (lo, mid)
        )
    return lo


_WAY_OUT = {
    "jacobian": "do not form J: batch_functional_dimension(params, X, method='qr', "
    "chunk_size=...) streams it for a tall J, and the default method='auto' "
    "(certified Gram route) needs only (n n_L)^2 numbers for a wide J",
    "svd": "method='qr' with a chunk_size streams J for a tall J; the default "
    "method='auto' (certified Gram route) needs only (n n_L)^2 numbers for a wide J",
    "jacobian_gram": "the Gram matrix has (n n_L)^2 entries",
    "gram": "the Gram matrix has min(n n_L, P)^2 entries",
    "certified": "the Gram matrix has (n n_L)^2 entries",
    "certified-project": "the certified route had to resolve many directions on J "
    "itself; use method='qr' with a chunk_size if J is tall",
    "qr": "a smaller chunk_size (the factor R alone has min(n n_L, P) x P entries)",
}


def _rows(X) -> int | None:
    """``n`` for an input batch of shape ``(n, n_0)``, read from the shape before any conversion (None if not 2-D)."""
    try:
        shape = tuple(X.shape) if hasattr(X, "shape") else np.shape(X)
    except (TypeError, ValueError):
        return None
    return (
        int(shape[0])
        if len(shape) == 2 and isinstance(shape[0], (int, np.integer)) and shape[0] >= 1
        else None
    )


def _check_route(
    params: MLPParams, n: int, route: str, dtype: torch.dtype, chunk_size, caller: str
) -> None:
    """Refuse ``route`` on ``n`` samples before allocating if :func:`route_memory` exceeds the budget."""
    ws = params.widths
    need = route_memory(ws, n, route, dtype, chunk_size)
    if need <= max_bytes():
        return
    fit = _largest_fitting_batch(ws, n, route, dtype, chunk_size)
    batch = (
        f"a batch of at most n={fit} samples fits this route"
        if fit
        else "no batch size fits this route for a network this large"
    )
    raise_msg = (
        f"{caller} (route {route!r}, n={n}, P={params.n_params}, n_L={ws[-1]}, {dtype})"
    )
    check_memory(need, raise_msg, f"{_WAY_OUT[route]}; {batch}.")


def _checked_factors(params: MLPParams, X, route: str, dtype: torch.dtype, device):
    """:func:`_factors`, after refusing ``route`` (a function of that name) on ``X``'s batch above the memory budget."""
    _check_params(params)
    _check_dtype(dtype)
    if n_rows := _rows(X):
        _check_route(params, n_rows, route, dtype, None, route)
    return _factors(params, X, dtype, device)


def activation_patterns(params: MLPParams, X) -> list[np.ndarray]:
    """Activation patterns ``1[z_l(x_i) > 0]`` of every hidden layer on a batch.

    ``z_l = W_l h_{l-1} + b_l`` is the pre-activation of hidden layer ``l``; for ReLU
    the pattern is ``sigma'(z_l)`` (with the convention ``sigma'(0) = 0`` of PyTorch).

    Parameters
    ----------
    params
        The network (any supported activation; the pattern is meaningful for ReLU).
    X
        Inputs of shape ``(n, n_0)``.

    Returns
    -------
    list of numpy.ndarray
        One boolean array of shape ``(n, n_l)`` per hidden layer ``l = 1..L-1``.

    Used in: Chapter 2.
    """
    _check_params(params)
    if n_rows := _rows(X):
        check_memory(
            _forward_bytes(params.widths, n_rows, True)
            + n_rows * (9 * params.widths[0] + sum(params.widths[1:-1])),
            f"activation_patterns of {params.widths} on n={n_rows} inputs",
            "pass the inputs in smaller batches.",
        )
    Xt = _as_batch(params, X, torch.float64, None)
    _, pre_activations = forward(params, Xt.cpu().numpy(), return_hidden=True)
    return [z > 0 for z in pre_activations]


def jacobian(
    params: MLPParams,
    X,
    *,
    device: str | torch.device | None = None,
    dtype: torch.dtype = torch.float64,
) -> torch.Tensor:
    """Batch Jacobian ``J[(i,k), (l,r,c)] = Delta_l(x_i)[k, r] * a_{l-1}(x_i)[c]``, shape ``(n n_L, P)``.

    Computed in closed form from the activation patterns (see the module docstring),
    batched over samples.  Rows are sample-major (``i n_L + k``); columns follow
    :func:`nnsym.networks.params_to_vector`.

    Parameters
    ----------
    params
        The network; activation ``relu``, ``identity``, ``tanh``, ``sigmoid``,
        ``softplus`` or ``gaussian``.
    X
        Inputs ``(n, n_0)`` (array or tensor).
    device
        Where to compute (``"cuda"`` for a GPU); default CPU.
    dtype
        ``torch.float64`` (default, for ranks) or ``torch.float32``.

    Returns
    -------
    torch.Tensor
        The Jacobian, on ``device``, memory ``8 n n_L P`` bytes in float64.

    Raises
    ------
    ValueError
        For inputs of the wrong shape, non-finite inputs, an unsupported
        activation or dtype, or a Jacobian above the memory budget of
        :mod:`nnsym.limits` (refused before allocating; see :func:`route_memory`).

    Used in: Chapter 2.
    """
    acts, deltas = _checked_factors(params, X, "jacobian", dtype, device)
    n, n_out = acts[0].shape[0], params.widths[-1]
    J = torch.empty(n, n_out, params.n_params, dtype=dtype, device=device)
    for sl, a, d in zip(param_slices(params.widths), acts, deltas):
        n_l, n_in = sl.shape
        # (n, n_L, n_l, 1) * (n, 1, 1, n_{l-1}) -> the columns of vec(W_l), written in
        # place
        torch.mul(
            d[:, :, :, None],
            a[:, None, None, :-1],
            out=J[:, :, sl.weight].view(n, n_out, n_l, n_in),
        )
        J[:, :, sl.bias] = d  # the bias columns are Delta_l itself
    return J.view(n * n_out, -1)


def jacobian_gram(
    params: MLPParams,
    X,
    *,
    device: str | torch.device | None = None,
    dtype: torch.dtype = torch.float64,
) -> torch.Tensor:
    """``J J^T = sum_l (D_l D_l^T) * (A_{l-1} A_{l-1}^T kron 1 1^T)``, shape ``(n n_L, n n_L)``.

    ``D_l`` stacks the rows ``Delta_l(x_i)[k, :]`` (``n n_L x n_l``) and ``A_{l-1}`` the
    augmented activations ``a_{l-1}(x_i)`` (``n x (n_{l-1}+1)``); ``*`` is the entrywise
    product.  The Jacobian itself is never formed: cost ``O((n n_L)^2 sum_l n_l + n^2 P / n_L)``
    instead of ``O((n n_L)^2 P)`` for ``J @ J.T``.

    Parameters and errors as in :func:`jacobian` (memory ``8 (n n_L)^2`` bytes and
    more in float64, refused above the budget of :mod:`nnsym.limits`).
    """
    acts, deltas = _checked_factors(params, X, "jacobian_gram", dtype, device)
    n_out = params.widths[-1]
    m = acts[0].shape[0] * n_out
    G = torch.zeros(m, m, dtype=dtype, device=device)
    for a, d in zip(acts, deltas):
        D = d.reshape(m, -1)
        K = a @ a.T
        if n_out > 1:
            K = K.repeat_interleave(n_out, dim=0).repeat_interleave(n_out, dim=1)
        G.addcmul_(D @ D.T, K)
    return G


def rank_tolerance(
    shape: Sequence[int], dtype: torch.dtype = torch.float64, *, method: str = "svd"
) -> float:
    """Default relative rank tolerance on singular values: ``max(m, P) eps`` (SVD, QR) or ``sqrt(max(m, P) eps)`` (Gram).

    The SVD value is NumPy's and LAPACK's usual choice (the official code of
    Bona-Pellissier et al. uses it).  Eigenvalues of ``J J^T`` or ``J^T J`` are
    ``sigma^2`` and carry absolute errors of order ``eps * sigma_max^2``: they are
    thresholded at ``max(m, P) eps * sigma_max^2``, which resolves singular values down
    to ``sqrt(max(m, P) eps) sigma_max`` only (about ``1e-6`` in float64 for
    ``P = 10^4``).

    Used in: Chapter 2.
    """
    try:
        dims = validate_widths(tuple(shape), min_len=2, what="shape")
    except ValueError:
        raise ValueError(
            f"shape must be (m, P) with integers m, P >= 1, got {shape!r}"
        ) from None
    if len(dims) != 2 or max(dims) > 2**53:
        raise ValueError(
            f"shape must be (m, P) with integers 1 <= m, P <= 2**53, got {shape!r}"
        )
    if method not in ("svd", "qr", "gram"):
        raise ValueError(f"method must be 'svd', 'qr' or 'gram', got {method!r}")
    _check_dtype(dtype)
    base = max(dims) * torch.finfo(dtype).eps
    return float(np.sqrt(base) if method == "gram" else base)


_METHODS = ("auto", "svd", "qr", "certified", "gram")


def _check_rtol(rtol) -> None:
    """``rtol`` is ``None`` or a real number in ``(0, 1)``."""
    if rtol is not None and not 0 < validate_real(rtol, "rtol") < 1:
        raise ValueError(f"rtol must lie in (0, 1), got {rtol}")


def _check_chunk_size(chunk_size) -> None:
    if chunk_size is not None:
        validate_int(chunk_size, "chunk_size", lower=1)


def _choose_method(
    m: int, P: int, method: str, rtol: float | None, dtype: torch.dtype
) -> str:
    if method not in _METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, _METHODS))}, got {method!r}"
        )
    gram_floor = rank_tolerance((m, P), dtype, method="gram")
    if method == "gram" and rtol is not None and rtol < gram_floor:
        raise ValueError(
            f"rtol={rtol:.1e} is below what the Gram route resolves "
            f"({gram_floor:.1e}); use method='svd'"
        )
    if method != "auto":
        return method
    if 4 * P <= m:
        # tall J: the P x P factor R has the singular values of J, at full accuracy
        return "qr"
    # wide J: Gram eigenvalues with a certificate (the SVD when it cannot certify)
    return "certified" if m <= P else "svd"


def _gram_or_jacobian(params, X, method, dtype, device, chunk_size):
    """Return ``(kind, matrix)``: 'svd' with J or the R factor of J (same singular values), or 'gram' with J J^T or J^T J."""
    n = len(X)
    n_out, P = params.widths[-1], params.n_params
    if method == "svd":
        return "svd", jacobian(params, X, device=device, dtype=dtype)
    if method == "gram" and n * n_out <= P:
        return "gram", jacobian_gram(params, X, device=device, dtype=dtype)
    # Tall J: stream over chunks of samples, never holding all of J.  'qr' keeps the
    # triangular factor R of the rows seen so far (R^T R = J^T J, singular values of J
    # at full accuracy); 'gram' accumulates J^T J (condition number squared).
    step = chunk_size or max(1, P // n_out, (1 << 22) // max(1, n_out * P))
    if method == "gram":
        G = torch.zeros(P, P, dtype=dtype, device=device)
        for start in range(0, n, step):
            Jc = jacobian(params, X[start : start + step], device=device, dtype=dtype)
            G.addmm_(Jc.T, Jc)
        return "gram", G
    R = torch.zeros(0, P, dtype=dtype, device=device)
    for start in range(0, n, step):
        Jc = jacobian(params, X[start : start + step], device=device, dtype=dtype)
        R = torch.linalg.qr(torch.cat([R, Jc]), mode="r").R
    return "svd", R


def jacobian_singular_values(
    params: MLPParams,
    X,
    *,
    method: str = "svd",
    device: str | torch.device | None = None,
    dtype: torch.dtype = torch.float64,
    chunk_size: int | None = None,
) -> np.ndarray:
    """Singular values ``sigma_1 >= sigma_2 >= ...`` of ``J_theta(X)``, as a NumPy array.

    ``method='svd'`` runs ``torch.linalg.svdvals`` on the Jacobian (accurate to about
    ``eps * sigma_1``); ``'qr'`` on its triangular factor (same accuracy); ``'gram'``
    takes square roots of the eigenvalues of the smaller Gram matrix (accurate only to
    about ``sqrt(eps) * sigma_1``: values below that are round-off, not singular values;
    negative round-off is clipped to 0).  Returns ``min(n n_L, P)`` values.

    Raises
    ------
    ValueError
        For a bad ``method`` or ``chunk_size``, bad inputs, or a route above the memory
        budget (refused before allocating, with the estimate and a way out).

    Used in: Chapter 2.
    """
    _check_params(params)
    _check_dtype(dtype)
    _check_chunk_size(chunk_size)
    if method not in ("svd", "gram", "qr"):
        raise ValueError(f"method must be 'svd', 'gram' or 'qr', got {method!r}")
    if n_rows := _rows(X):
        _check_route(
            params, n_rows, method, dtype, chunk_size, "jacobian_singular_values"
        )
    Xt = _as_batch(params, X, dtype, device)
    kind, M = _gram_or_jacobian(params, Xt, method, dtype, device, chunk_size)
    if kind == "svd":
        s = torch.linalg.svdvals(M)
    else:
        s = torch.linalg.eigvalsh(M).flip(0).clamp_min(0).sqrt()
    return s.double().cpu().numpy()


@dataclass(frozen=True)
class RankCertificate:
    """The rank of ``J`` at ``rtol`` and how it was certified (see :func:`certified_rank`).

    Attributes
    ----------
    rank
        ``#{sigma_i(J) > rtol * sigma_1(J)}``.
    path
        ``"gram"`` (every Gram eigenvalue certainly above the tolerance),
        ``"gram+resolve"`` (certain directions from the Gram matrix, the rest resolved on
        ``J`` with a clean gap), ``"svd-fallback"`` (a resolved singular value fell in the
        ambiguous band, so the full SVD decided), ``"zero"`` (``J = 0``), or ``"svd"`` /
        ``"qr"`` (full-accuracy routes, certified by construction).
    rtol
        The relative tolerance ``tau``.
    n_certain
        Number ``k`` of Gram eigenvalues certainly above the tolerance.
    n_resolved
        Number ``m - k`` of directions resolved on ``J`` at full accuracy.
    band
        ``(tau, tau')``: a resolved singular value in ``(tau sigma_1, tau' sigma_1]`` would
        have been ambiguous (``None`` when nothing was resolved).
    sigma_ratios
        ``(sigma_r / sigma_1, sigma_{r+1} / sigma_1)`` around the cut where known
        (``nan`` where not computed): the gap that makes the rank clear-cut.
    """

    rank: int
    path: str
    rtol: float
    n_certain: int = 0
    n_resolved: int = 0
    band: tuple[float, float] | None = None
    sigma_ratios: tuple[float, float] = (float("nan"), float("nan"))


def _rank_from_singular_values(
    s: torch.Tensor, tau: float, path: str
) -> RankCertificate:
    s = s.double().cpu()
    top = float(s.max()) if s.numel() else 0.0
    if top <= 0:
        return RankCertificate(0, "zero", tau)
    r = int((s > tau * top).sum())
    s_sorted = torch.sort(s, descending=True).values / top
    below = float(s_sorted[r]) if r < len(s_sorted) else 0.0
    return RankCertificate(
        r,
        path,
        tau,
        sigma_ratios=(float(s_sorted[r - 1]) if r else float("nan"), below),
    )


def _certify_from_gram(
    G: torch.Tensor, project, svd_all, m: int, P: int, tau: float, dtype
) -> RankCertificate:
    """The certificate of :func:`certified_rank`, given ``G = J J^T`` (m x m), ``project(V) = V^T J`` and ``svd_all() = svdvals(J)``."""
    eps = torch.finfo(dtype).eps
    # error model: ||G_computed - G|| + eigh residual <= eta * lambda_max
    eta = 4.0 * max(m, P) * eps
    # eigenvalues only: enough for the full-rank certificate
    lam = torch.linalg.eigvalsh(G)
    lam_max = float(lam[-1]) if lam.numel() else 0.0
    # G = J J^T = 0 (its trace ||J||_F^2 is computed without cancellation)
    if lam_max <= 0:
        return RankCertificate(0, "zero", tau)
    sigma1 = lam_max**0.5
    # Every eigenvalue certainly above the tolerance: lambda_i - eta lambda_max > tau^2
    # sigma_1^2
    # (with a factor 2 of margin for sigma_1^2 >= (1 - eta) lambda_max): full row rank,
    # no remainder.
    if bool((lam > 2.0 * (eta + tau**2) * lam_max).all()):
        s_min = float(lam[0]) ** 0.5 / sigma1
        return RankCertificate(m, "gram", tau, n_certain=m, sigma_ratios=(s_min, 0.0))
    # Otherwise split at kappa and resolve the remainder on J.  A small kappa resolves
    # few
    # directions but leaves a wide ambiguous band (tau' ~ 4 eta / kappa); if a resolved
    # singular
    # value falls in it, try the larger kappa (narrower band), then the SVD.
    kappas = sorted({min(1.0, max(c * eta**0.5, 4.0 * tau)) for c in (40.0, 1e3)})
    lam, V = torch.linalg.eigh(G)
    for kappa in kappas:
        certain = lam > kappa**2 * lam_max
        k = int(certain.sum())
        # s: lower bound on sigma_min(U_c^T J); x = ||U_c^T G V_r|| / (s sigma_1) <= 2
        # eta lambda_max / (s sigma_1)
        s = max(float(lam[certain].min()) - eta * lam_max, 0.0) ** 0.5 if k else 0.0
        if k and s == 0.0:
            continue
        if k:
            x = 2.0 * eta * lam_max / (s * sigma1)
            a_max = (2.0 * x + tau) * sigma1 / s
            if a_max >= 0.5:  # the certain block is too close to the noise to separate
                continue
            tau_hi = ((tau**2 + 4.0 * x**2 + 2.0 * x * tau) / (1.0 - a_max**2)) ** 0.5
        else:
            tau_hi = tau
        # V_r^T J, the remainder on J itself, at full accuracy
        B = project(V[:, : m - k])
        sB = torch.linalg.svdvals(B).double().cpu() / sigma1
        if bool(((sB > tau) & (sB <= tau_hi)).any()):
            continue
        r_B = int((sB > tau).sum())
        kept = sB[sB > tau]
        ratio_r = (
            float(kept.min()) if r_B else float(lam[certain].min()) ** 0.5 / sigma1
        )
        below = float(sB[sB <= tau].max()) if r_B < len(sB) else 0.0
        return RankCertificate(
            k + r_B,
            "gram+resolve",
            tau,
            n_certain=k,
            n_resolved=m - k,
            band=(tau, tau_hi),
            sigma_ratios=(ratio_r, below),
        )
    return _rank_from_singular_values(svd_all(), tau, "svd-fallback")


def certified_matrix_rank(
    J: torch.Tensor, rtol: float | None = None
) -> RankCertificate:
    """``#{sigma_i(J) > rtol sigma_1(J)}`` by the certified Gram route of :func:`certified_rank`, for a given matrix.

    The network-free version of :func:`certified_rank` (``G = J J^T`` by one matrix
    product, ``V^T J`` by another), for testing the certificate on constructed matrices
    and for Jacobians computed elsewhere.  Wide or square ``J`` (``m <= P``); a tall
    ``J`` is handled through ``J^T`` (same singular values).

    Raises
    ------
    ValueError
        If ``J`` is not a non-empty 2-D floating tensor with finite entries, or ``rtol``
        is outside ``(0, 1)``.
    """
    if (
        not torch.is_tensor(J)
        or J.ndim != 2
        or min(J.shape) < 1
        or not J.is_floating_point()
    ):
        raise ValueError(
            f"J must be a non-empty 2-D floating-point tensor, got {type(J).__name__}"
        )
    if not bool(torch.isfinite(J).all()):
        raise ValueError("J must have finite entries")
    _check_rtol(rtol)
    if J.shape[0] > J.shape[1]:
        J = J.T
    m, P = J.shape
    b = J.element_size()
    check_memory(
        3 * b * m * m,
        f"certified_matrix_rank on a {m} x {P} matrix (Gram matrix and eigenvectors)",
        "a smaller matrix.",
    )
    tau = rtol if rtol is not None else rank_tolerance((m, P), J.dtype)

    def project(V: torch.Tensor) -> torch.Tensor:
        check_memory(
            b * (2 * m * m + V.shape[1] * P),
            f"certified_matrix_rank: resolving {V.shape[1]} directions",
            "a smaller matrix.",
        )
        return V.T @ J

    def svd_all() -> torch.Tensor:
        check_memory(
            b * (2 * m * m + m * P),
            f"certified_matrix_rank: SVD fallback on a {m} x {P} matrix",
            "a smaller matrix.",
        )
        return torch.linalg.svdvals(J)

    return _certify_from_gram(J @ J.T, project, svd_all, m, P, tau, J.dtype)


def certified_rank(
    params: MLPParams,
    X,
    *,
    rtol: float | None = None,
    device: str | torch.device | None = None,
    dtype: torch.dtype = torch.float64,
    chunk_size: int | None = None,
) -> RankCertificate:
    """``rank J_theta(X) = #{sigma_i > tau sigma_1}`` from the Gram matrix, with a certificate that it equals the SVD rank.

    For a wide Jacobian (``m = n n_L <= P``).  Let ``G = J J^T = V diag(lambda) V^T``
    be computed from the layer factors (:func:`jacobian_gram`) and assume the error
    model behind the usual SVD tolerance: the computed ``G`` and its eigen-decomposition
    are exact for a matrix within ``eta lambda_max`` of ``J J^T``, ``eta = 4 max(m, P) eps``.

    0. *Full row rank.*  If every eigenvalue exceeds ``2 (eta + tau^2) lambda_max``, then
       ``sigma_i^2 >= lambda_i - eta lambda_max > tau^2 sigma_1^2`` for all ``i`` (Weyl): the
       rank is ``m`` (path ``"gram"``), nothing else is computed.
    1. *Certain directions.*  The ``k`` eigenvalues ``lambda_i > kappa^2 lambda_max``,
       ``kappa = max(c sqrt(eta), 4 tau)``, belong to singular values
       ``sigma_i >= (lambda_i - eta lambda_max)^{1/2} > tau sigma_1`` (Weyl).  The split is
       tried with ``c = 40`` (few directions to resolve, band up to ``~ sqrt(eta) / 10``) and,
       if that band is hit, with ``c = 1000`` (band up to ``~ 4 sqrt(eta) / 1000``).
    2. *Remainder on J itself.*  With ``V = [U_c, V_r]`` (orthonormal), form
       ``B = V_r^T J`` explicitly in floating point (chunks of rows of ``J``) and its
       singular values, accurate to ``O(eps) sigma_1`` like an SVD of ``J``.
    3. *Upper bound.*  ``[U_c^T J; B]`` is ``J`` in another orthonormal basis, so by
       interlacing (deleting ``k`` rows) ``sigma_i(B) >= sigma_{k+i}(J)``: rank at
       ``tau`` is at most ``k + #{sigma(B) > tau sigma_1}``.
    4. *Lower bound.*  Let ``w = U_c a + V_r c`` be a unit vector with
       ``||w^T J|| <= tau sigma_1``.  Then ``||w^T J||^2 = ||a^T A||^2 + ||c^T B||^2 +
       2 a^T F c`` with ``A = U_c^T J``, ``sigma_min(A) >= s``, and
       ``F = A B^T = U_c^T G V_r``, ``||F|| <= 2 eta lambda_max`` (the computed ``G`` has
       ``U_c^T G V_r = 0`` up to the eigen-solver's residual).  With
       ``x = ||F|| / (s sigma_1)`` this forces ``||a|| <= (2x + tau) sigma_1 / s =: a_max``
       and ``||c^T B|| / ||c|| <= tau' sigma_1``,
       ``tau'^2 = (tau^2 + 4x^2 + 2 x tau) / (1 - a_max^2)``.  The map ``w -> c`` is
       injective (``a_max < 1``), so ``J`` has at most ``#{sigma(B) <= tau' sigma_1}``
       singular values ``<= tau sigma_1``: the rank is at least
       ``k + #{sigma(B) > tau' sigma_1}``.
    5. *Certificate.*  If no singular value of ``B`` lies in the band
       ``(tau sigma_1, tau' sigma_1]`` the two bounds agree and the rank is
       ``k + #{sigma(B) > tau sigma_1}`` (path ``"gram"`` when ``k = m``,
       ``"gram+resolve"`` otherwise).  If one does, or ``a_max >= 1/2``, the next ``c`` is
       tried, and after the last the full SVD of ``J`` decides (path ``"svd-fallback"``).  So the answer is always the SVD rank at
       ``tau`` (up to the round-off of an SVD itself, for a singular value within
       ``O(eps) sigma_1`` of ``tau sigma_1``).  With the default ``tau = max(m, P) eps`` the
       band of the second split ends near ``10^{-9}`` to ``10^{-8} sigma_1`` for ``P`` between
       ``10^4`` and ``10^5``, below the smallest genuine singular values seen on ReLU Jacobians
       (``~10^{-7} sigma_1``).

    Cost: the Gram matrix from the layer factors, one ``m x m`` eigen-decomposition, and
    ``O((m - k) m P)`` for ``B`` (nothing when the Gram certifies every direction).

    Parameters
    ----------
    params, X
        The network and the batch ``(n, n_0)``.
    rtol
        ``tau``, default :func:`rank_tolerance` of the SVD, ``max(m, P) eps``.
    device, dtype
        Where and in which precision (keep ``float64``).
    chunk_size
        Samples per chunk when forming ``B = V_r^T J`` (and for a tall ``J``).

    Returns
    -------
    RankCertificate
        The rank, the path taken and the numbers behind the certificate.
    """
    _check_params(params)
    _check_dtype(dtype)
    _check_chunk_size(chunk_size)
    _check_rtol(rtol)
    if n_rows := _rows(X):
        route = "qr" if n_rows * params.widths[-1] > params.n_params else "certified"
        _check_route(params, n_rows, route, dtype, chunk_size, "certified_rank")
    Xt = _as_batch(params, X, dtype, device)
    n, n_out, P = Xt.shape[0], params.widths[-1], params.n_params
    m = n * n_out
    tau = rtol if rtol is not None else rank_tolerance((m, P), dtype)
    if m > P:  # tall: the R factor has the singular values of J at full accuracy
        _, R = _gram_or_jacobian(params, Xt, "qr", dtype, device, chunk_size)
        return _rank_from_singular_values(torch.linalg.svdvals(R), tau, "qr")
    step = chunk_size or max(1, (1 << 24) // max(1, n_out * P))

    def project(Vr: torch.Tensor) -> torch.Tensor:
        # checked when taken: V_r^T J has (m - k) x P entries, k known only after the
        # eigen-decomposition
        b = _itemsize(dtype)
        c = min(n, step)
        check_memory(
            b * (3 * m * m + Vr.shape[1] * P + c * n_out * P)
            + _factor_bytes(params.widths, c, b),
            f"certified_rank (route 'certified', n={n}, P={P}): resolving "
            f"{Vr.shape[1]} directions on J",
            f"{_WAY_OUT['certified-project']}, or a smaller batch.",
        )
        B = torch.zeros(Vr.shape[1], P, dtype=dtype, device=device)
        for start in range(0, n, step):
            Jc = jacobian(params, Xt[start : start + step], device=device, dtype=dtype)
            B.addmm_(Vr[start * n_out : start * n_out + Jc.shape[0]].T, Jc)
        return B

    def svd_all() -> torch.Tensor:
        # checked when taken: the SVD fallback forms J (G and V are still alive)
        b = _itemsize(dtype)
        check_memory(
            2 * b * m * m + route_memory(params.widths, n, "svd", dtype),
            f"certified_rank (n={n}, P={P}): the SVD fallback on the full Jacobian",
            "a smaller batch, or method='qr' with a chunk_size if J is tall.",
        )
        return torch.linalg.svdvals(jacobian(params, Xt, device=device, dtype=dtype))

    G = jacobian_gram(params, Xt, device=device, dtype=dtype)
    return _certify_from_gram(G, project, svd_all, m, P, tau, dtype)


def batch_functional_dimension(
    params: MLPParams,
    X,
    *,
    rtol: float | None = None,
    method: str = "auto",
    device: str | torch.device | None = None,
    dtype: torch.dtype = torch.float64,
    chunk_size: int | None = None,
) -> int:
    """``dim_bf(theta, X) = rank J_theta(X) = #{sigma_i > rtol * sigma_1}``.

    Every route except ``'gram'`` returns the rank of the SVD of ``J`` at ``rtol``.

    Parameters
    ----------
    params
        The network.
    X
        The batch, shape ``(n, n_0)``.
    rtol
        Relative tolerance on singular values.  Default :func:`rank_tolerance`:
        ``max(m, P) eps`` (``eps`` of ``dtype``); for ``'gram'`` ``sqrt(max(m, P) eps)``.
    method
        ``'svd'``: SVD of the ``m x P`` Jacobian (``m = n n_L``).
        ``'qr'``: SVD of the triangular factor ``R`` of ``J`` (same singular values,
        same accuracy), accumulated over chunks of samples so ``J`` is never held
        whole; the route for tall ``J`` (``P << m``).
        ``'certified'``: Gram eigenvalues plus a certificate, resolving the uncertain
        directions on ``J`` itself and falling back to the SVD when the gap is not
        clean (:func:`certified_rank`, which also says which path it took).
        ``'gram'``: **uncertified**, kept for comparison: eigenvalues of ``J J^T``
        (``m <= P``) or ``J^T J`` (``m > P``) thresholded at ``rtol^2 lambda_max``.  It
        cannot see singular values below about ``sqrt(max(m, P) eps) sigma_1`` and then
        returns a rank *below* the SVD rank (e.g. on ReLU networks with 1-D or 2-D inputs).
        ``'auto'`` (default): ``'qr'`` when ``4 P <= m``, ``'certified'`` when ``m <= P``,
        ``'svd'`` otherwise.
    device, dtype
        Where and in which precision to compute.  Keep ``float64`` for ranks: in
        ``float32`` the rescaling null directions look like rank.
    chunk_size
        Samples per chunk for the ``R`` (QR route), ``J^T J`` (Gram route) or ``V_r^T J``
        (certified route) accumulation; an integer >= 1.

    Returns
    -------
    int
        The numerical rank (0 for an identically zero Jacobian).

    Raises
    ------
    ValueError
        For a bad ``method`` or ``chunk_size``, ``rtol`` outside ``(0, 1)``, bad inputs,
        or a route whose intermediates exceed the memory budget of :mod:`nnsym.limits`
        (refused before allocating; the message gives the estimate, the largest batch
        that fits and a streaming alternative, see :func:`route_memory`).

    Used in: Chapter 2.

    References
    ----------
    Bona-Pellissier, Malgouyres, Bachoc (2024), Definition of the batch functional dimension.
    """
    _check_params(params)
    _check_dtype(dtype)
    _check_chunk_size(chunk_size)
    _check_rtol(rtol)
    # refuse before converting X or allocating anything of size n
    if n_rows := _rows(X):
        planned = _choose_method(
            n_rows * params.widths[-1], params.n_params, method, rtol, dtype
        )
        _check_route(
            params, n_rows, planned, dtype, chunk_size, "batch_functional_dimension"
        )
    Xt = _as_batch(params, X, dtype, device)
    m, P = Xt.shape[0] * params.widths[-1], params.n_params
    route = _choose_method(m, P, method, rtol, dtype)
    if route == "certified":
        return certified_rank(
            params, Xt, rtol=rtol, device=device, dtype=dtype, chunk_size=chunk_size
        ).rank
    tol = rtol if rtol is not None else rank_tolerance((m, P), dtype, method=route)
    kind, M = _gram_or_jacobian(params, Xt, route, dtype, device, chunk_size)
    if kind == "svd":
        return _rank_from_singular_values(torch.linalg.svdvals(M), tol, route).rank
    lam = torch.linalg.eigvalsh(M)
    top = lam.max()
    return int((lam > tol**2 * top).sum()) if top > 0 else 0


def functional_dimension_bound(
    widths: Sequence[int], n_samples: int | None = None
) -> int:
    """``P - sum_{l=1}^{L-1} n_l`` (#parameters minus #hidden units), and ``min(., n n_L)`` for a batch of ``n``.

    Every hidden unit of a ReLU network contributes one rescaling direction to the
    kernel of the batch Jacobian, for every batch (see :func:`rescaling_kernel_vectors`).

    Parameters
    ----------
    widths
        ``(n_0, n_1, ..., n_L)``, input and output included (length >= 2, entries >= 1).
    n_samples
        Batch size ``n``; when given the bound is also at most ``n n_L`` (the number of rows).

    Raises
    ------
    ValueError
        For fewer than two widths, a width < 1 or a non-integer, or ``n_samples < 1``.

    Used in: Chapter 2.
    """
    ws = validate_widths(widths, min_len=2)
    bound = count_params(ws) - sum(ws[1:-1])
    if n_samples is not None:
        bound = min(bound, validate_int(n_samples, "n_samples", lower=1) * ws[-1])
    return bound


def rescaling_kernel_vectors(params: MLPParams) -> np.ndarray:
    """Tangents ``v_{l,j} = d/dt theta_{exp(t) at unit (l,j)} |_{t=0} = (+W_l[j,:], +b_l[j], -W_{l+1}[:,j])``.

    One row per hidden unit (``sum_l n_l`` rows, ``P`` columns, ordered like
    :func:`nnsym.networks.params_to_vector`).  For a positively homogeneous
    activation every row lies in the kernel of ``J_theta(X)`` for every ``X``.

    Raises
    ------
    ValueError
        If ``params`` is not an :class:`MLPParams`, or the dense result (``8 H P``
        bytes) exceeds the memory budget of :mod:`nnsym.limits`.

    Used in: Chapter 2.
    """
    if not isinstance(params, MLPParams):
        raise ValueError(
            f"params must be an nnsym.networks.MLPParams, got {type(params).__name__}"
        )
    ws = params.widths
    H, P = sum(ws[1:-1]), params.n_params
    check_memory(
        8 * H * P,
        f"rescaling_kernel_vectors: a dense {H} x {P} float64 matrix",
        "a smaller network (the result has one row of P entries per hidden unit).",
    )
    out = np.zeros((H, P))
    # views of the rows of out, one (H, n_l, n_{l-1}) block per W_l, (H, n_l) per b_l
    Ws, bs = vector_to_arrays(out, ws)
    row = 0
    for l in range(len(ws) - 2):  # hidden layer l + 1: one row per unit j
        units = np.arange(ws[l + 1])
        rows = row + units
        Ws[l][rows, units] = params.weights[l]  # +W_l[j, :]
        bs[l][rows, units] = params.biases[l]  # +b_l[j]
        Ws[l + 1][rows, :, units] = -params.weights[l + 1].T  # -W_{l+1}[:, j]
        row += units.size
    return out


@dataclass(frozen=True)
class FullDimensionEstimate:
    """Ranks on nested Gaussian batches of increasing size (see :func:`estimate_full_functional_dimension`)."""

    sizes: tuple[int, ...]
    ranks: tuple[int, ...]
    bound: int

    @property
    def estimate(self) -> int:
        """The largest rank seen: a lower bound on the computable full functional dimension."""
        return max(self.ranks)


def estimate_full_functional_dimension(
    params: MLPParams,
    sizes: Sequence[int],
    *,
    seed: int | np.random.Generator = 0,
    loc: float = 0.0,
    scale: float = 1.0,
    rtol: float | None = None,
    method: str = "auto",
    device: str | torch.device | None = None,
) -> FullDimensionEstimate:
    """``rank J_theta(Z_{1:n})`` for ``Z_i ~ N(loc, scale^2 I)`` i.i.d., ``n`` in ``sizes`` (nested batches).

    The batches are the first ``n`` rows of one Gaussian sample, so the ranks are
    non-decreasing in ``n``; their limit is the computable full functional dimension
    of Bona-Pellissier et al. (2024), reached once every activation region of
    positive probability is sampled often enough (sampling theorem).

    Raises
    ------
    ValueError
        If ``sizes`` is empty or holds an entry < 1, or ``scale <= 0``.

    Used in: Chapter 2.
    """
    _check_params(params)
    ns = validate_widths(sizes, what="sizes")
    if scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale}")
    check_memory(
        8 * max(ns) * params.widths[0],
        f"estimate_full_functional_dimension: {max(ns)} Gaussian inputs",
        "smaller sizes.",
    )
    rng = as_generator(seed)
    Z = rng.normal(loc, scale, size=(max(ns), params.widths[0]))
    ranks = tuple(
        batch_functional_dimension(
            params, Z[:n], rtol=rtol, method=method, device=device
        )
        for n in ns
    )
    return FullDimensionEstimate(ns, ranks, functional_dimension_bound(params.widths))


# --- Rank reports with their singular-value gap (Chapter 2, issue 10) -----------------


@dataclass(frozen=True)
class RankReport:
    """A numerical rank ``r = #{sigma_i > rtol * sigma_1}`` with the gap that makes it trustworthy.

    Attributes
    ----------
    rank
        The numerical rank ``r``.
    sigma_r
        ``sigma_r / sigma_1``, the smallest kept singular value relative to the largest
        (``nan`` when ``r = 0``).
    sigma_next
        ``sigma_{r+1} / sigma_1``, the largest discarded one (``0.0`` when ``r`` is
        ``min(m, P)`` or the discarded values are exactly zero, ``nan`` when ``r = 0``).
    rtol
        The relative tolerance used.
    method
        ``'svd'`` or ``'qr'``: the route that produced the singular values.
    """

    rank: int
    sigma_r: float
    sigma_next: float
    rtol: float
    method: str

    @property
    def gap(self) -> float:
        """``sigma_r / sigma_{r+1}`` (``inf`` when nothing was discarded)."""
        if self.sigma_next == 0.0:
            return float("inf")
        return self.sigma_r / self.sigma_next


def rank_report(
    params: MLPParams,
    X,
    *,
    method: str = "svd",
    rtol: float | None = None,
    device: str | torch.device | None = None,
    dtype: torch.dtype = torch.float64,
    chunk_size: int | None = None,
) -> RankReport:
    """``r = #{sigma_i(J_theta(X)) > rtol * sigma_1}`` with ``sigma_r / sigma_1`` and ``sigma_{r+1} / sigma_1``.

    Only the full-accuracy routes are accepted: the singular values come from
    :func:`jacobian_singular_values` with ``method='svd'`` (SVD of ``J``) or ``'qr'``
    (SVD of the triangular factor of ``J``, for tall ``J``), both accurate to about
    ``eps * sigma_1``.  A rank is trustworthy when ``sigma_r / sigma_1`` is far above
    ``rtol`` and ``sigma_{r+1} / sigma_1`` far below it; the report carries both.

    Parameters
    ----------
    params
        The network.
    X
        The batch, shape ``(n, n_0)``.
    method
        ``'svd'`` (default) or ``'qr'``.
    rtol
        Relative tolerance in ``(0, 1)``; default :func:`rank_tolerance` of the
        ``(n n_L) x P`` shape and ``dtype`` (``max(m, P) eps``).
    device, dtype, chunk_size
        As in :func:`batch_functional_dimension`.

    Returns
    -------
    RankReport

    Raises
    ------
    ValueError
        For a method other than ``'svd'`` or ``'qr'``, ``rtol`` outside ``(0, 1)``, or
        bad inputs.
    """
    if method not in ("svd", "qr"):
        raise ValueError(
            "rank_report computes certified ranks: method must be 'svd' or 'qr', got "
            f"{method!r}"
        )
    _check_rtol(rtol)
    _check_params(params)
    _check_dtype(dtype)
    Xt = _as_batch(params, X, dtype, device)
    m, P = Xt.shape[0] * params.widths[-1], params.n_params
    tol = (
        float(rtol) if rtol is not None else rank_tolerance((m, P), dtype, method="svd")
    )
    s = jacobian_singular_values(
        params, Xt, method=method, device=device, dtype=dtype, chunk_size=chunk_size
    )
    cert = _rank_from_singular_values(torch.as_tensor(s), tol, method)
    return RankReport(cert.rank, *cert.sigma_ratios, tol, method)


def affine_dimension(X) -> int:
    """``dim aff{x_1, ..., x_n} = rank [X, 1] - 1``: the dimension of the affine span of the rows.

    The rank of the ``n x (n_0 + 1)`` matrix ``[X, 1]`` is counted with the SVD tolerance
    ``max(n, n_0 + 1) eps sigma_1``.  Constant input coordinates (pixels that are the same
    on every row) and exact linear relations between coordinates lower it below ``n_0``.

    Parameters
    ----------
    X
        Inputs of shape ``(n, n_0)``, finite.

    Returns
    -------
    int
        Between ``0`` (all rows equal) and ``min(n - 1, n_0)``.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D numeric array with at least one row and column.
    """
    A = validate_array(X, "X", real=True)
    if A.ndim != 2 or A.shape[0] < 1 or A.shape[1] < 1:
        raise ValueError(f"X must have shape (n, n_0) with n, n_0 >= 1, got {A.shape}")
    aug = np.hstack([A, np.ones((A.shape[0], 1))])
    s = np.linalg.svd(aug, compute_uv=False)
    tol = max(aug.shape) * np.finfo(float).eps * s[0]
    return int((s > tol).sum()) - 1


def batch_dimension_bound(widths: Sequence[int], X) -> int:
    """``min(P - N_h - n_1 (n_0 - d), n n_L)`` with ``d`` the affine dimension of the batch ``X``.

    On a batch inside a ``d``-dimensional affine subspace the network is a network with
    ``d`` inputs composed with a linear map of its first-layer parameters, so only
    ``n_1 (d + 1)`` first-layer directions count (proved in Chapter 2).  For ``d = n_0``
    this is :func:`functional_dimension_bound`.

    Parameters
    ----------
    widths
        ``(n_0, n_1, ..., n_L)`` (length >= 2).
    X
        The batch, shape ``(n, n_0)``.

    Raises
    ------
    ValueError
        For bad widths, or ``X`` of the wrong shape or not finite.
    """
    ws = validate_widths(widths, min_len=2)
    A = validate_array(X, "X", real=True)
    if A.ndim != 2 or A.shape[1] != ws[0]:
        raise ValueError(f"X must have shape (n, {ws[0]}), got {A.shape}")
    d = affine_dimension(A)
    bound = count_params(ws) - sum(ws[1:-1]) - ws[1] * (ws[0] - d)
    return min(bound, A.shape[0] * ws[-1])


__all__ += ["RankReport", "rank_report", "affine_dimension", "batch_dimension_bound"]
