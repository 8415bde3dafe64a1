"""Parameter vectors and the networks they realise.

A fully connected network of architecture ``widths = (n_0, n_1, ..., n_L)`` has
weights ``W_l`` of shape ``(n_l, n_{l-1})`` and biases ``b_l`` of shape ``(n_l,)``,
``l = 1..L``.  Its realisation map is

.. math::

    h_0 = x,\\qquad h_l = \\sigma(W_l h_{l-1} + b_l)\\ (l < L),\\qquad
    f_\\theta(x) = W_L h_{L-1} + b_L .

Inputs are stored row-wise: ``X`` has shape ``(n, n_0)`` and the outputs
``(n, n_L)``.  The hidden widths are ``n_1, ..., n_{L-1}``.

Used in: Chapters 1, 2 and 6.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence

import numpy as np
import torch

from .limits import check_memory

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "MLPParams",
    "CNNParams",
    "get_activation",
    "init_mlp",
    "init_cnn",
    "forward",
    "forward_torch",
    "forward_layers",
    "forward_cnn",
    "params_to_vector",
    "vector_to_params",
    "LayerSlices",
    "param_slices",
    "arrays_to_vector",
    "vector_to_arrays",
    "count_params",
    "validate_widths",
    "validate_real",
    "validate_array",
    "validate_int",
    "validate_cnn_sizes",
    "validate_params",
    "validate_inputs",
    "as_generator",
    "mlp_from_torch",
    "ridge_features",
    "evaluate_ridge",
    "ridge_to_params",
    "params_to_ridge",
]


@dataclass(frozen=True)
class Activation:
    r"""An activation :math:`\sigma`: its values (NumPy, PyTorch), derivative and Fourier transform.

    The one record of an activation in :mod:`nnsym`: :mod:`nnsym.fdim` reads
    ``derivative`` for the closed-form Jacobian, :mod:`nnsym.ridgelet` reads ``fourier``
    and ``pole_order`` (its :class:`~nnsym.ridgelet.RidgeletFunction` view).

    Attributes
    ----------
    name : str
    numpy, torch : callable
        :math:`z\mapsto\sigma(z)` on arrays and on tensors.
    odd : bool
        ``sigma(-z) = -sigma(z)``, the condition for the sign-flip symmetry.
    positively_homogeneous : bool
        ``sigma(a z) = a sigma(z)`` for ``a > 0``, the condition for the rescaling symmetry.
    derivative : callable
        :math:`z\mapsto\sigma'(z)` on tensors (almost everywhere for ReLU and the step).
    fourier : callable or None
        :math:`\omega\mapsto\sigma^\sharp(\omega)=\int\sigma(t)e^{-it\omega}dt` on arrays,
        the regular part away from :math:`\omega=0` (finite there); ``None`` where it is
        no function (the identity).
    pole_order : int
        :math:`p` with :math:`|\sigma^\sharp(\omega)|\sim|\omega|^{-p}` as
        :math:`\omega\to0`.
    """

    name: str
    numpy: Callable[[np.ndarray], np.ndarray]
    torch: Callable[[torch.Tensor], torch.Tensor]
    odd: bool
    positively_homogeneous: bool
    derivative: Callable[[torch.Tensor], torch.Tensor]
    fourier: Callable[[np.ndarray], np.ndarray] | None = None
    pole_order: int = 0


def _np_sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _safe_ratio(num: np.ndarray, den: np.ndarray, limit: complex) -> np.ndarray:
    """num/den with the value ``limit`` where den == 0."""
    den_safe = np.where(den == 0, 1.0, den)
    return np.where(den == 0, limit, num / den_safe)


def _tanh_fourier(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return -1j * _safe_ratio(np.pi * np.ones_like(w), np.sinh(np.pi * w / 2), 0.0)


def _sigmoid_fourier(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return -1j * _safe_ratio(np.pi * np.ones_like(w), np.sinh(np.pi * w), 0.0)


def _gaussian_fourier(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return math.sqrt(2 * math.pi) * np.exp(-0.5 * w**2)


def _relu_fourier(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return _safe_ratio(-np.ones_like(w), w**2, 0.0)


def _step_fourier(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return -1j * _safe_ratio(np.ones_like(w), w, 0.0)


def _softplus_fourier(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return _safe_ratio(-np.pi * np.ones_like(w), w * np.sinh(np.pi * w), 0.0)


#: The activations, in the order the ridgelet chapters list them (those with a Fourier
#: transform first).
ACTIVATIONS: dict[str, Activation] = {
    "tanh": Activation(
        "tanh",
        np.tanh,
        torch.tanh,
        True,
        False,
        lambda z: 1.0 - torch.tanh(z) ** 2,
        _tanh_fourier,
        1,
    ),
    "sigmoid": Activation(
        "sigmoid",
        _np_sigmoid,
        torch.sigmoid,
        False,
        False,
        lambda z: torch.sigmoid(z) * (1.0 - torch.sigmoid(z)),
        _sigmoid_fourier,
        1,
    ),
    "gaussian": Activation(
        "gaussian",
        lambda z: np.exp(-0.5 * z**2),
        lambda z: torch.exp(-0.5 * z**2),
        False,
        False,
        lambda z: -z * torch.exp(-0.5 * z**2),
        _gaussian_fourier,
        0,
    ),
    "relu": Activation(
        "relu",
        lambda z: np.maximum(z, 0.0),
        torch.relu,
        False,
        True,
        lambda z: (z > 0).to(z.dtype),
        _relu_fourier,
        2,
    ),
    "step": Activation(
        "step",
        lambda z: (z > 0).astype(float),
        lambda z: (z > 0).to(z.dtype),
        False,
        False,
        torch.zeros_like,
        _step_fourier,
        1,
    ),
    "softplus": Activation(
        "softplus",
        lambda z: np.logaddexp(0.0, z),
        torch.nn.functional.softplus,
        False,
        False,
        torch.sigmoid,
        _softplus_fourier,
        2,
    ),
    "identity": Activation(
        "identity", lambda z: z, lambda z: z, True, True, torch.ones_like
    ),
}


def get_activation(name: str) -> Activation:
    """Return the activation called ``name`` (one of :data:`ACTIVATIONS`).

    Raises
    ------
    ValueError
        If the name is unknown.
    """
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}"
        )
    return ACTIVATIONS[name]


def validate_widths(
    widths: Sequence[int], *, min_len: int = 1, what: str = "widths"
) -> tuple[int, ...]:
    """Check that ``widths`` is a sequence of at least ``min_len`` integers >= 1.

    Returns the widths as a tuple of Python ints.

    Raises
    ------
    ValueError
        If the sequence is too short or holds a non-integer or a width < 1.
    """
    try:
        ws = tuple(widths)
    except TypeError:
        raise ValueError(
            f"{what} must be a sequence of positive integers, got {widths!r}"
        ) from None
    if len(ws) < min_len:
        raise ValueError(f"{what} must hold at least {min_len} entries, got {ws!r}")
    try:
        return tuple(validate_int(w, what, lower=1) for w in ws)
    except ValueError as err:
        raise ValueError(f"{err} in {ws!r}") from None


def validate_real(
    value: float, name: str, *, lower: float | None = None, strict: bool = False
) -> float:
    """``float(value)`` after checking it is a finite real number with ``value >= lower`` (``>`` if ``strict``).

    Raises
    ------
    ValueError
        Naming ``name``, for a non-number (bools and strings included), NaN, +-inf, or a
        value below the bound.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if lower is not None and (v <= lower if strict else v < lower):
        raise ValueError(
            f"{name} must be {'>' if strict else '>='} {lower}, got {value!r}"
        )
    return v


def validate_array(
    values, name: str, *, real: bool = False, complex_ok: bool = False
) -> np.ndarray:
    """``values`` as a float array, after checking that it is numeric and finite.

    The one finite-array check of :mod:`nnsym`.  With ``real``, also refuse what is
    not a real array (``None``, strings, complex or object arrays) instead of
    converting it, and accept a torch tensor (detached and copied to the CPU).
    With ``complex_ok``, complex values are kept (a complex array is returned) and
    both parts must be finite; otherwise a complex array is refused rather than cast
    (casting would drop the imaginary part).

    Raises
    ------
    ValueError
        Naming ``name``, for a non-numeric (with ``real``: non-real) argument or one
        holding NaN or inf.
    """
    kind = "real numeric" if real else "numeric"
    if real:
        if torch.is_tensor(values):
            values = values.detach().cpu().numpy()
        if (
            values is None
            or isinstance(values, (str, bytes))
            or (isinstance(values, np.ndarray) and values.dtype.kind not in "biuf")
        ):
            raise ValueError(
                f"{name} must be a real numeric array, got {type(values).__name__}"
            )
    if np.iscomplexobj(values):
        if not complex_ok:
            raise ValueError(f"{name} must be real, got complex values")
        arr = np.asarray(values, dtype=complex)
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"{name} must be a {kind} array, got {type(values).__name__} ({err})"
            ) from None
    if not np.isfinite(arr).all():
        raise ValueError(
            f"{name} must be finite: {name} has non-finite entries (NaN or inf)"
        )
    return arr


def validate_int(value: int, name: str, *, lower: int | None = None) -> int:
    """``int(value)`` after checking it is an integer (not a bool) with ``value >= lower``.

    Raises
    ------
    ValueError
        Naming ``name``, for a non-integer (``2.5``, ``"3"``, ``True``) or a value below ``lower``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if lower is not None and value < lower:
        raise ValueError(f"{name} must be an integer >= {lower}, got {value!r}")
    return int(value)


def validate_cnn_sizes(
    in_channels: int, filters: Sequence[int], n_out: int, kernel_size: int
) -> tuple[int, tuple[int, ...], int, int]:
    """``(k_0, (k_1, ..., k_C), n_out, s)`` after checking that every size is an integer >= 1.

    The architecture of :class:`CNNParams`: ``k_0`` input channels, ``k_l`` filters in
    conv layer ``l`` (at least one layer), ``n_out`` outputs, ``s x s`` kernels.

    Raises
    ------
    ValueError
        Naming the argument (``in_channels``, ``filters``, ``n_out`` or
        ``kernel_size``) that is not a positive integer (or, for ``filters``, not a
        non-empty sequence of them).
    """
    return (
        validate_int(in_channels, "in_channels", lower=1),
        validate_widths(filters, what="filters"),
        validate_int(n_out, "n_out", lower=1),
        validate_int(kernel_size, "kernel_size", lower=1),
    )


def as_generator(seed: int | np.random.Generator) -> np.random.Generator:
    """``seed`` itself if it is a ``numpy.random.Generator``, else ``numpy.random.default_rng(seed)``.

    The book's one rule for randomness: functions take a seed or a Generator, never global state.

    Raises
    ------
    ValueError
        If ``seed`` is neither a Generator nor something ``default_rng`` accepts (a
        non-negative integer, a sequence of them, a ``SeedSequence``, ``None``).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (float, np.floating, str, bytes, bool, np.bool_)):
        raise ValueError(
            "seed must be a non-negative integer or a numpy.random.Generator, got "
            f"{seed!r}"
        )
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as err:
        raise ValueError(
            "seed must be a non-negative integer or a numpy.random.Generator, got "
            f"{seed!r} ({err})"
        ) from None


def _real_arrays(arrays, name: str) -> tuple[np.ndarray, ...]:
    """Each entry as a finite float64 array; ValueError naming ``name[i]`` otherwise."""
    return tuple(
        validate_array(a, f"{name}[{i}]", real=True) for i, a in enumerate(arrays)
    )


@dataclass(frozen=True)
class MLPParams:
    """The parameters ``theta = (W_1, b_1, ..., W_L, b_L)`` of a fully connected network.

    ``weights[l-1]`` is ``W_l`` with shape ``(n_l, n_{l-1})``; ``biases[l-1]`` is
    ``b_l`` with shape ``(n_l,)``.  Instances are immutable: transformations
    return new instances.
    """

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    activation: str = "tanh"

    def __post_init__(self) -> None:
        get_activation(self.activation)
        for name in ("weights", "biases"):
            if isinstance(getattr(self, name), (np.ndarray, str, bytes)) or not hasattr(
                getattr(self, name), "__len__"
            ):
                raise ValueError(
                    f"{name} must be a tuple of arrays (one per layer), got "
                    f"{type(getattr(self, name)).__name__}"
                )
        if len(self.weights) != len(self.biases) or len(self.weights) < 1:
            raise ValueError(
                f"need as many weight matrices as bias vectors (>= 1), got "
                f"{len(self.weights)} and {len(self.biases)}"
            )
        object.__setattr__(self, "weights", _real_arrays(self.weights, "weights"))
        object.__setattr__(self, "biases", _real_arrays(self.biases, "biases"))
        prev = self.weights[0].shape[1] if self.weights[0].ndim == 2 else None
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            if (
                W.ndim != 2
                or b.ndim != 1
                or W.shape[0] != b.shape[0]
                or W.shape[1] != prev
            ):
                raise ValueError(
                    f"layer {l}: expected W of shape (n_l, {prev}) and b of shape "
                    f"(n_l,), got W {W.shape} and b {b.shape}"
                )
            if min(W.shape) < 1:
                raise ValueError(
                    f"layer {l}: widths must be >= 1, got W of shape {W.shape}"
                )
            prev = W.shape[0]

    @property
    def widths(self) -> tuple[int, ...]:
        """``(n_0, n_1, ..., n_L)``."""
        return (self.weights[0].shape[1],) + tuple(W.shape[0] for W in self.weights)

    @property
    def hidden_widths(self) -> tuple[int, ...]:
        """``(n_1, ..., n_{L-1})``: the widths of the layers whose units can be permuted."""
        return self.widths[1:-1]

    @property
    def n_params(self) -> int:
        """``P = sum_l n_l (n_{l-1} + 1)``."""
        return count_params(self.widths)

    @property
    def depth(self) -> int:
        """``L``, the number of affine layers."""
        return len(self.weights)


def count_params(widths: Sequence[int]) -> int:
    """Number of parameters ``P = sum_{l=1}^{L} n_l (n_{l-1} + 1)`` of an MLP.

    ``widths = (n_0, ..., n_L)`` includes input and output widths.
    """
    ws = validate_widths(widths, min_len=2)
    return sum(ws[l] * (ws[l - 1] + 1) for l in range(1, len(ws)))


def init_mlp(
    widths: Sequence[int],
    activation: str = "tanh",
    *,
    seed: int | np.random.Generator = 0,
    weight_scale: float = 1.0,
    bias_scale: float = 0.1,
) -> MLPParams:
    """Random parameters: ``W_l ~ N(0, weight_scale^2 / n_{l-1})``, ``b_l ~ N(0, bias_scale^2)``.

    For generic (almost every) draw all units are distinct and non-zero, so the
    symmetry orbit has its full size.

    Parameters
    ----------
    widths
        ``(n_0, n_1, ..., n_L)``, input and output widths included (length >= 2).
    activation
        A name from :data:`ACTIVATIONS`.
    seed
        An integer seed or a ``numpy.random.Generator``.
    weight_scale, bias_scale
        Finite standard-deviation factors ``>= 0``.

    Raises
    ------
    ValueError
        For bad widths, an unknown activation, a bad seed, a scale that is negative or
        not finite, or parameters above the memory limit (:mod:`nnsym.limits`).
    """
    ws = validate_widths(widths, min_len=2)
    get_activation(activation)
    weight_scale = validate_real(weight_scale, "weight_scale", lower=0.0)
    bias_scale = validate_real(bias_scale, "bias_scale", lower=0.0)
    check_memory(
        8 * count_params(ws),
        f"init_mlp{ws}: {count_params(ws)} float64 parameters",
        "a smaller architecture.",
    )
    rng = as_generator(seed)
    weights = tuple(
        rng.normal(0.0, weight_scale / np.sqrt(ws[l - 1]), size=(ws[l], ws[l - 1]))
        for l in range(1, len(ws))
    )
    biases = tuple(rng.normal(0.0, bias_scale, size=ws[l]) for l in range(1, len(ws)))
    return MLPParams(weights, biases, activation)


def validate_params(params: MLPParams, name: str = "params") -> MLPParams:
    """``params`` itself after checking it is an :class:`MLPParams` (whose entries are finite by construction).

    Raises
    ------
    ValueError
        Naming ``name``, for anything else (``None``, a tuple of arrays, a torch module).
    """
    if not isinstance(params, MLPParams):
        raise ValueError(
            f"{name} must be an nnsym.networks.MLPParams, got {type(params).__name__}"
        )
    return params


def _forward_bytes(widths: Sequence[int], n: int, return_hidden: bool = False) -> int:
    """Bytes of the forward pass on ``n`` inputs: the input check, two layers alive, kept pre-activations."""
    widest = max(widths[1:])
    kept = sum(widths[1:-1]) if return_hidden else 0
    return n * (widths[0] + 8 * (2 * widest + 2 * kept))


def _check_input_shape(
    widths: tuple[int, ...], shape: tuple, name: str, return_hidden: bool
) -> None:
    if len(shape) != 2 or shape[1] != widths[0]:
        raise ValueError(f"{name} must have shape (n, {widths[0]}), got {shape}")
    check_memory(
        _forward_bytes(widths, shape[0], return_hidden) + 8 * shape[0] * shape[1],
        f"the forward pass of {widths} on {name} with n={shape[0]} rows",
        "pass the rows in smaller batches.",
    )


def validate_inputs(
    params: MLPParams | Sequence[int],
    X,
    name: str = "X",
    *,
    return_hidden: bool = False,
) -> np.ndarray:
    """``X`` as a finite float64 array of shape ``(n, n_0)``, checked against the memory limit.

    ``params`` is the network or its widths ``(n_0, ..., n_L)``.  The memory of the
    forward pass (:func:`forward`) on ``n`` rows is estimated from the shape before
    anything of size ``n`` is allocated.

    Raises
    ------
    ValueError
        Naming ``name``, for a non-numeric or wrongly shaped array, NaN or inf
        entries, or a batch whose forward pass exceeds the memory limit.
    """
    widths = (
        params.widths
        if isinstance(params, MLPParams)
        else validate_widths(params, min_len=2)
    )
    if isinstance(X, np.ndarray) or torch.is_tensor(X):
        # before a float64 copy
        _check_input_shape(widths, tuple(X.shape), name, return_hidden)
    X = validate_array(X, name, real=True)
    _check_input_shape(widths, X.shape, name, return_hidden)
    return X


def _check_finite_outputs(out: np.ndarray, X: np.ndarray) -> None:
    """Finite inputs can still overflow (``|x| ~ 1e300``): refuse instead of returning inf or NaN."""
    if not np.isfinite(out).all():
        big = float(np.abs(X).max()) if X.size else 0.0
        raise ValueError(
            "the outputs overflowed (inf or NaN) although X is finite (max |X| = "
            f"{big:.3g}); rescale X or the parameters"
        )


def forward(params: MLPParams, X: np.ndarray, *, return_hidden: bool = False):
    """The realisation ``f_theta(X)`` in NumPy float64: rows of ``X`` are inputs.

    ``h_l = sigma(h_{l-1} W_l^T + b_l)`` for hidden layers, affine output layer.

    Parameters
    ----------
    params
        The network.
    X
        Inputs of shape ``(n, n_0)``.
    return_hidden
        Also return the list of pre-activations ``z_l = h_{l-1} W_l^T + b_l``
        of the hidden layers.

    Returns
    -------
    numpy.ndarray of shape ``(n, n_L)`` (and the list of pre-activations).

    Raises
    ------
    ValueError
        If ``params`` is not an :class:`MLPParams`, or ``X`` is not a finite array of
        shape ``(n, n_0)`` whose forward pass fits the memory limit, or the outputs
        overflow to inf/NaN (finite inputs of magnitude ~1e300).
    """
    validate_params(params)
    X = validate_inputs(params, X, return_hidden=bool(return_hidden))
    act = get_activation(params.activation).numpy
    h = X
    pre = []
    for W, b in zip(params.weights[:-1], params.biases[:-1]):
        z = h @ W.T + b
        pre.append(z)
        h = act(z)
    out = h @ params.weights[-1].T + params.biases[-1]
    _check_finite_outputs(out, X)
    return (out, pre) if return_hidden else out


def forward_torch(
    params: MLPParams,
    X: torch.Tensor | np.ndarray,
    *,
    dtype: torch.dtype = torch.float64,
    device: str | torch.device | None = None,
) -> torch.Tensor:
    """The same realisation as :func:`forward`, computed with PyTorch (no gradients kept on ``params``).

    Raises
    ------
    ValueError
        As :func:`forward`, and for a ``dtype`` other than ``torch.float32`` / ``torch.float64``.
    """
    validate_params(params)
    if dtype not in (torch.float32, torch.float64):
        raise ValueError(f"dtype must be torch.float32 or torch.float64, got {dtype!r}")
    if torch.is_tensor(X):
        if X.ndim != 2 or X.shape[1] != params.widths[0]:
            raise ValueError(
                f"X must have shape (n, {params.widths[0]}), got {tuple(X.shape)}"
            )
        check_memory(
            _forward_bytes(params.widths, X.shape[0]),
            f"the forward pass of {params.widths} on X with n={X.shape[0]} rows",
            "pass the rows in smaller batches.",
        )
        if X.is_complex() or not bool(torch.isfinite(X).all()):
            raise ValueError("X must be real with finite entries (no NaN or inf)")
        X = X.to(dtype=dtype, device=device)
    else:
        X = torch.as_tensor(validate_inputs(params, X), dtype=dtype, device=device)
    h = forward_layers(
        [torch.as_tensor(W, dtype=dtype, device=device) for W in params.weights],
        [torch.as_tensor(b, dtype=dtype, device=device) for b in params.biases],
        X,
        get_activation(params.activation).torch,
    )
    if not bool(torch.isfinite(h).all()):
        _check_finite_outputs(h.detach().cpu().numpy(), X.detach().cpu().numpy())
    return h


def forward_layers(weights: Sequence, biases: Sequence, X, act: Callable):
    """``h_l = act(h_{l-1} W_l^T + b_l)`` for ``l < L`` and ``f = h_{L-1} W_L^T + b_L``, on raw arrays.

    The one layer loop behind :func:`forward_torch`, the training loop of
    :mod:`nnsym.training` (tensors that carry gradients) and the batched realisation
    of :func:`nnsym.covering.evaluate_functions`.  Works on NumPy arrays or torch
    tensors (``act`` must match), batched over leading axes: ``W_l`` of shape
    ``(..., n_l, n_{l-1})``, ``b_l`` of shape ``(..., n_l)``, ``X`` of shape
    ``(..., n, n_0)``; the result has shape ``(..., n, n_L)``.  Only the shapes are
    checked here (the callers check values: finite entries, memory).

    Raises
    ------
    ValueError
        If ``weights``/``biases`` are not equally long non-empty sequences of arrays
        whose shapes chain from ``X.shape[-1]``, or ``act`` is not callable.
    """
    if not callable(act):
        raise ValueError(f"act must be callable, got {type(act).__name__}")
    try:
        shapes = [
            (tuple(W.shape), tuple(b.shape))
            for W, b in zip(weights, biases, strict=True)
        ]
        prev = tuple(X.shape)[-1:]
    except (AttributeError, TypeError, ValueError):
        raise ValueError(
            "weights and biases must be equally long sequences of arrays and X an array"
        ) from None
    if not shapes or not prev:
        raise ValueError("need at least one layer and X of shape (..., n, n_0)")
    for l, (w, b) in enumerate(shapes, start=1):
        if len(w) < 2 or w[-1:] != prev or b[-1:] != w[-2:-1]:
            raise ValueError(
                f"layer {l}: W of shape {w} and b of shape {b} do not follow inputs "
                f"of width {prev[0]}"
            )
        prev = w[-2:-1]
    h = X
    L = len(weights)
    for l, (W, b) in enumerate(zip(weights, biases), start=1):
        h = h @ W.swapaxes(-1, -2) + b[..., None, :]
        if l < L:
            h = act(h)
    return h


class LayerSlices(NamedTuple):
    """Where layer ``l`` sits in ``theta``: ``vec W_l = theta[weight]`` (``W_l`` of shape ``shape``), ``b_l = theta[bias]``."""

    weight: slice
    shape: tuple[int, int]
    bias: slice


def param_slices(widths: Sequence[int]) -> tuple[LayerSlices, ...]:
    """``vec W_l = theta[o_l : o_l + n_l n_{l-1}]``, ``b_l = theta[o_l + n_l n_{l-1} : o_{l+1}]``, ``o_l = sum_{k<l} n_k (n_{k-1} + 1)``.

    The one owner of the parameter layout ``theta = (vec W_1, b_1, ..., vec W_L, b_L)``
    (row-major ``W_l`` of shape ``(n_l, n_{l-1})``): :func:`params_to_vector`,
    :func:`vector_to_params`, :func:`vector_to_arrays`, the columns of
    :func:`nnsym.fdim.jacobian` and the rows of
    :func:`nnsym.fdim.rescaling_kernel_vectors` all read it from here.

    Parameters
    ----------
    widths
        ``(n_0, ..., n_L)`` (length >= 2, entries >= 1).

    Returns
    -------
    tuple of LayerSlices
        One ``(weight, shape, bias)`` per layer ``l = 1..L``.

    Raises
    ------
    ValueError
        For bad widths.
    """
    ws = validate_widths(widths, min_len=2)
    out, o = [], 0
    for n_in, n_out in zip(ws[:-1], ws[1:]):
        end_w = o + n_out * n_in
        out.append(
            LayerSlices(slice(o, end_w), (n_out, n_in), slice(end_w, end_w + n_out))
        )
        o = end_w + n_out
    return tuple(out)


def vector_to_arrays(vectors, widths: Sequence[int]) -> tuple[list, list]:
    """``W_l = vectors[..., slice_W].reshape(..., n_l, n_{l-1})``, ``b_l = vectors[..., slice_b]``, for every layer.

    Batched over the leading axes of ``vectors`` (shape ``(..., P)``, a NumPy array or
    a torch tensor); the slices come from :func:`param_slices`.  The pieces are views
    of ``vectors`` (no copy for a contiguous input), so writing into them writes into
    ``vectors``.

    Returns
    -------
    (weights, biases)
        Lists of ``L`` arrays of shapes ``(..., n_l, n_{l-1})`` and ``(..., n_l)``.

    Raises
    ------
    ValueError
        For bad widths, or a last axis whose length is not ``count_params(widths)``.
    """
    slices = param_slices(widths)
    P = slices[-1].bias.stop
    shape = tuple(getattr(vectors, "shape", ()))
    if len(shape) < 1 or shape[-1] != P:
        raise ValueError(
            f"architecture {tuple(widths)} has {P} parameters: vectors must have "
            f"shape (..., {P}), got {shape}"
        )
    lead = shape[:-1]
    weights = [vectors[..., s.weight].reshape(lead + s.shape) for s in slices]
    biases = [vectors[..., s.bias] for s in slices]
    return weights, biases


def arrays_to_vector(weights: Sequence, biases: Sequence) -> np.ndarray:
    """``theta = (vec W_1, b_1, ..., vec W_L, b_L)`` along the last axis (row-major ``W_l``), batched.

    The inverse of :func:`vector_to_arrays`: ``W_l`` of shape ``(..., n_l, n_{l-1})``
    and ``b_l`` of shape ``(..., n_l)`` with the same leading axes.

    Raises
    ------
    ValueError
        If the lists are empty or of different lengths.
    """
    if len(weights) != len(biases) or len(weights) < 1:
        raise ValueError(
            f"need as many weight arrays as bias arrays (>= 1), got {len(weights)} "
            f"and {len(biases)}"
        )
    parts = []
    for W, b in zip(weights, biases):
        W = np.asarray(W)
        parts += [W.reshape(W.shape[:-2] + (-1,)), np.asarray(b)]
    return np.concatenate(parts, axis=-1)


def params_to_vector(params: MLPParams) -> np.ndarray:
    """Flatten ``theta`` as ``(vec W_1, b_1, ..., vec W_L, b_L)`` (row-major ``W``).

    Raises
    ------
    ValueError
        If ``params`` is not an :class:`MLPParams`.
    """
    validate_params(params)
    return arrays_to_vector(params.weights, params.biases)


def vector_to_params(
    vector: np.ndarray, widths: Sequence[int], activation: str = "tanh"
) -> MLPParams:
    """Inverse of :func:`params_to_vector` for the architecture ``widths``.

    Raises
    ------
    ValueError
        If ``len(vector)`` differs from ``count_params(widths)``, or the vector is not
        numeric or has NaN/inf entries.
    """
    ws = validate_widths(widths, min_len=2)
    v = validate_array(vector, "vector", real=True).ravel()
    P = count_params(ws)
    if v.size != P:
        raise ValueError(
            f"architecture {ws} has {P} parameters, got a vector of length {v.size}"
        )
    weights, biases = vector_to_arrays(v, ws)
    return MLPParams(tuple(weights), tuple(biases), activation)


def mlp_from_torch(module: torch.nn.Module, activation: str) -> MLPParams:
    """Read the ``nn.Linear`` layers of a ``torch.nn.Sequential`` (in order) into :class:`MLPParams`.

    Raises
    ------
    ValueError
        If ``module`` is not a ``torch.nn.Module``, holds no ``Linear`` layer, a layer
        has no bias, the weights are not finite, or ``activation`` is unknown.
    """
    if not isinstance(module, torch.nn.Module):
        raise ValueError(
            f"module must be a torch.nn.Module, got {type(module).__name__}"
        )
    get_activation(activation)
    linears = [m for m in module.modules() if isinstance(m, torch.nn.Linear)]
    if not linears:
        raise ValueError("the module holds no torch.nn.Linear layer")
    if any(m.bias is None for m in linears):
        raise ValueError("every Linear layer needs a bias")
    return MLPParams(
        tuple(m.weight.detach().cpu().double().numpy() for m in linears),
        tuple(m.bias.detach().cpu().double().numpy() for m in linears),
        activation,
    )


# ------------------------------------------------------------------ two-layer networks


def _ridge_arrays(a, b, what: str = "a, b") -> tuple[np.ndarray, np.ndarray]:
    """``a`` as ``(N, m)`` and ``b`` as ``(N,)`` finite float arrays (``a`` 1-D: ``m = 1``)."""
    A = validate_array(a, "a")
    B = validate_array(b, "b")
    if A.ndim == 1:
        A = A[:, None]
    if A.ndim != 2 or B.ndim != 1 or A.shape[0] != B.shape[0] or B.size < 1:
        raise ValueError(
            f"{what} must have the same length N >= 1 (a of shape (N,) or (N, m), b of "
            f"shape (N,)), got {np.shape(a)} and {np.shape(b)}"
        )
    return A, B


def ridge_features(
    x: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    sigma: str | Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    r"""Feature matrix :math:`\Phi_{ik}=\sigma(a_k\cdot x_i-b_k)` of the two-layer network :math:`\sum_kc_k\sigma(a_k\cdot x-b_k)`.

    The one evaluation of a two-layer network in :mod:`nnsym`:
    :func:`nnsym.spectrum.feature_matrix` and :func:`nnsym.ridgelet.evaluate_network`
    (through :func:`evaluate_ridge`) compute with it, and :func:`ridge_to_params` turns
    ``(a, b, c)`` into the :class:`MLPParams` that :func:`forward` evaluates to the same
    numbers.

    Parameters
    ----------
    x : array, shape (n,) for ``m = 1`` or (n, m)
    a : array, shape (N,) for ``m = 1`` or (N, m)
        Hidden weights :math:`a_k`.
    b : array, shape (N,)
        Hidden biases, entering as :math:`-b_k`.
    sigma : str or callable
        A name from :data:`ACTIVATIONS` or a vectorised :math:`t\mapsto\sigma(t)`.

    Returns
    -------
    numpy.ndarray of shape ``(n, N)``

    Raises
    ------
    ValueError
        For an unknown name or a non-callable ``sigma``, non-finite or non-numeric arrays,
        or shapes that disagree.
    """
    if isinstance(sigma, str):
        sigma = get_activation(sigma).numpy
    elif not callable(sigma):
        raise ValueError(
            "sigma must be an activation name or a callable, got "
            f"{type(sigma).__name__}"
        )
    A, B = _ridge_arrays(a, b)
    X = validate_array(x, "x")
    if X.ndim == 1 and A.shape[1] == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] != A.shape[1]:
        raise ValueError(
            f"x has dimension {X.shape[-1] if X.ndim else 0} but a has dimension "
            f"{A.shape[1]} (x must have shape (n,) for m = 1 or (n, m))"
        )
    return sigma(X @ A.T - B[None, :])


def evaluate_ridge(
    x: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
    sigma: str | Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    r"""The two-layer network :math:`f(x_i)=\sum_kc_k\sigma(a_k\cdot x_i-b_k)`, i.e. ``ridge_features(x, a, b, sigma) @ c``.

    ``c`` may be complex (ridgelet output weights).

    Raises
    ------
    ValueError
        As :func:`ridge_features`, and for a ``c`` that is not a 1-D array of length
        ``N`` or not finite.
    """
    C = np.asarray(c)
    if C.dtype.kind not in "biufc" or not np.all(np.isfinite(C)):
        raise ValueError("c must be a finite numeric array")
    if C.ndim != 1 or C.shape != np.shape(b):
        raise ValueError(
            f"a, b, c must have the same length, got {np.shape(a)}, {np.shape(b)}, "
            f"{np.shape(c)}"
        )
    return ridge_features(x, a, b, sigma) @ C


def ridge_to_params(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, activation: str = "tanh"
) -> MLPParams:
    r"""The :class:`MLPParams` of widths ``(m, N, 1)`` realising :math:`\sum_kc_k\sigma(a_k\cdot x-b_k)`: :math:`W_1=a`, :math:`b_1=-b`, :math:`W_2=c^\top`, :math:`b_2=0`.

    Inverse: :func:`params_to_ridge`.

    Raises
    ------
    ValueError
        For arrays that are not finite and real, shapes that disagree, or an unknown
        activation.
    """
    A, B = _ridge_arrays(a, b)
    C = validate_array(c, "c")
    if C.shape != B.shape:
        raise ValueError(
            f"a, b, c must have the same length, got {np.shape(a)}, {np.shape(b)}, "
            f"{np.shape(c)}"
        )
    return MLPParams((A, C[None, :]), (-B, np.zeros(1)), activation)


def params_to_ridge(
    params: MLPParams,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""``(a, b, c)`` with :math:`a=W_1`, :math:`b=-b_1`, :math:`c=W_2^\top` of a network of widths ``(m, N, 1)`` with :math:`b_2=0`.

    ``a`` has shape ``(N,)`` for ``m = 1`` (else ``(N, m)``), as
    :func:`nnsym.ridgelet.sample_network` returns it.  Inverse of :func:`ridge_to_params`.

    Raises
    ------
    ValueError
        If ``params`` is not an :class:`MLPParams` of widths ``(m, N, 1)`` with a zero
        output bias (the form :math:`\sum_kc_k\sigma(a_k\cdot x-b_k)` has none).
    """
    validate_params(params)
    if params.depth != 2 or params.widths[-1] != 1:
        raise ValueError(
            f"need a two-layer network of widths (m, N, 1), got {params.widths}"
        )
    if params.biases[1][0] != 0:
        raise ValueError(
            "the output bias must be 0 (sum_k c_k sigma(a_k x - b_k) has none), got "
            f"{params.biases[1][0]!r}"
        )
    W1 = params.weights[0]
    a = W1[:, 0].copy() if W1.shape[1] == 1 else W1.copy()
    return a, -params.biases[0], params.weights[1][0].copy()


# --------------------------------------------------------------------------- CNNs


@dataclass(frozen=True)
class CNNParams:
    """A small 2-D convolutional network: conv layers, global average pooling, a linear head.

    ``kernels[l]`` has shape ``(k_l, k_{l-1}, h, w)`` (``k_0`` input channels),
    ``conv_biases[l]`` shape ``(k_l,)``; the head ``W`` has shape
    ``(n_out, k_last)`` and ``b`` shape ``(n_out,)``.  Convolutions use
    ``padding='same'`` and stride 1.
    """

    kernels: tuple[np.ndarray, ...]
    conv_biases: tuple[np.ndarray, ...]
    head_weight: np.ndarray
    head_bias: np.ndarray
    activation: str = "tanh"

    def __post_init__(self) -> None:
        get_activation(self.activation)
        object.__setattr__(self, "kernels", _real_arrays(self.kernels, "kernels"))
        object.__setattr__(
            self, "conv_biases", _real_arrays(self.conv_biases, "conv_biases")
        )
        for name in ("head_weight", "head_bias"):
            object.__setattr__(
                self, name, validate_array(getattr(self, name), name, real=True)
            )
        if len(self.kernels) != len(self.conv_biases) or not self.kernels:
            raise ValueError("need as many conv kernels as conv biases (>= 1)")
        prev = self.kernels[0].shape[1] if self.kernels[0].ndim == 4 else None
        for l, (K, b) in enumerate(zip(self.kernels, self.conv_biases), start=1):
            if K.ndim != 4 or K.shape[1] != prev or b.shape != (K.shape[0],):
                raise ValueError(f"conv layer {l}: bad shapes K {K.shape}, b {b.shape}")
            prev = K.shape[0]
        if (
            self.head_weight.ndim != 2
            or self.head_weight.shape[1] != prev
            or self.head_bias.shape != (self.head_weight.shape[0],)
        ):
            raise ValueError(
                f"head: expected W of shape (n_out, {prev}) and b (n_out,), got "
                f"{self.head_weight.shape} and {self.head_bias.shape}"
            )

    @property
    def filters(self) -> tuple[int, ...]:
        """``(k_1, ..., k_C)``: filters per conv layer, the units that can be permuted."""
        return tuple(K.shape[0] for K in self.kernels)


def init_cnn(
    in_channels: int,
    filters: Sequence[int],
    n_out: int,
    *,
    kernel_size: int = 3,
    activation: str = "tanh",
    seed: int | np.random.Generator = 0,
) -> CNNParams:
    """Random CNN parameters, ``K ~ N(0, 1/(k_{l-1} h w))``, small random biases.

    Raises
    ------
    ValueError
        For non-positive or non-integer sizes, a bad seed or activation, or parameters
        above the memory limit.
    """
    c0, fs, n_out_v, ks = validate_cnn_sizes(in_channels, filters, n_out, kernel_size)
    get_activation(activation)
    chans = (c0,) + fs
    n_par = sum(
        chans[l + 1] * (chans[l] * ks * ks + 1) for l in range(len(fs))
    ) + n_out_v * (fs[-1] + 1)
    check_memory(
        8 * n_par,
        f"init_cnn: {n_par} float64 parameters",
        "fewer filters or a smaller kernel_size.",
    )
    rng = as_generator(seed)
    kernels = tuple(
        rng.normal(
            0, 1 / np.sqrt(chans[l] * ks * ks), size=(chans[l + 1], chans[l], ks, ks)
        )
        for l in range(len(fs))
    )
    biases = tuple(rng.normal(0, 0.1, size=k) for k in fs)
    W = rng.normal(0, 1 / np.sqrt(fs[-1]), size=(n_out_v, fs[-1]))
    b = rng.normal(0, 0.1, size=n_out_v)
    return CNNParams(kernels, biases, W, b, activation)


def forward_cnn(params: CNNParams, images: np.ndarray) -> np.ndarray:
    """CNN realisation in float64: conv + activation per layer, global average pool, linear head.

    ``images`` has shape ``(n, k_0, H, W)``; returns ``(n, n_out)``.

    Raises
    ------
    ValueError
        If ``params`` is not a :class:`CNNParams`, or ``images`` is not a finite real
        array of that shape whose forward pass fits the memory limit.
    """
    if not isinstance(params, CNNParams):
        raise ValueError(
            f"params must be an nnsym.networks.CNNParams, got {type(params).__name__}"
        )
    if (
        images is None
        or isinstance(images, (str, bytes))
        or (isinstance(images, np.ndarray) and images.dtype.kind not in "biuf")
    ):
        raise ValueError(
            "images must be a real numeric array of shape (n, k_0, H, W), got "
            f"{type(images).__name__}"
        )
    try:
        arr = np.asarray(images, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"images must be a real numeric array ({err})") from None
    if arr.ndim != 4 or arr.shape[1] != params.kernels[0].shape[1]:
        raise ValueError(
            f"images must have shape (n, {params.kernels[0].shape[1]}, H, W), got "
            f"{arr.shape}"
        )
    n, _, H, Wd = arr.shape
    check_memory(
        8 * n * H * Wd * (arr.shape[1] + 2 * max(params.filters)),
        f"forward_cnn on n={n} images of {H}x{Wd}",
        "pass the images in smaller batches.",
    )
    if not np.isfinite(arr).all():
        raise ValueError("images has non-finite entries (NaN or inf)")
    x = torch.as_tensor(arr)
    act = get_activation(params.activation).torch
    for K, b in zip(params.kernels, params.conv_biases):
        x = act(
            torch.nn.functional.conv2d(
                x, torch.as_tensor(K), torch.as_tensor(b), padding="same"
            )
        )
    pooled = x.mean(dim=(2, 3))
    out = pooled @ torch.as_tensor(params.head_weight).T + torch.as_tensor(
        params.head_bias
    )
    return out.numpy()
