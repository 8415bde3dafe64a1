"""Small, seeded training loops and the data sets the book uses (no downloads).

The data come with scikit-learn (``load_digits``: 1797 images of 8x8 pixels, 10
classes) or are generated.  Training is full-batch or mini-batch Adam in PyTorch,
deterministic for a given seed.

Used in: Chapters 1, 2 and 6.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch

from .limits import check_memory
from .networks import (
    MLPParams,
    as_generator,
    forward,
    forward_layers,
    forward_torch,
    get_activation,
    init_mlp,
    validate_array,
    validate_inputs,
    validate_int,
    validate_params,
    validate_real,
    validate_widths,
)
from .progress import tqdm

__all__ = [
    "Dataset",
    "load_digits_data",
    "train_mlp",
    "evaluate_loss",
    "accuracy",
    "LOSSES",
]


@dataclass(frozen=True)
class Dataset:
    """A train/test split: inputs row-wise, integer class labels."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]


def load_digits_data(
    n_train: int = 1000, *, seed: int = 0, standardize: bool = True
) -> Dataset:
    """scikit-learn's handwritten digits (shipped with the package), split at random.

    Pixels are scaled to ``[0, 1]`` and, with ``standardize``, centred and scaled per
    feature with the training statistics (constant pixels keep scale 1).

    Raises
    ------
    ValueError
        If ``n_train`` is not an integer between 1 and 1796, or ``seed`` is not a
        seed or a ``numpy.random.Generator``.
    """
    # scikit-learn is no dependency of nnsym: only the digits data set needs it
    from sklearn.datasets import load_digits

    n_train = validate_int(n_train, "n_train")
    rng = as_generator(seed)
    X, y = load_digits(return_X_y=True)
    if not 1 <= n_train < len(X):
        raise ValueError(f"n_train must be between 1 and {len(X) - 1}, got {n_train}")
    X = X / 16.0
    idx = rng.permutation(len(X))
    tr, te = idx[:n_train], idx[n_train:]
    Xtr, Xte = X[tr], X[te]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        sd[sd == 0] = 1.0
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Dataset(Xtr, y[tr], Xte, y[te], 10)


def _torch_loss(name: str) -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    if not isinstance(name, str):
        raise ValueError(f"loss must be one of {LOSSES}, got {name!r}")
    if name == "cross_entropy":
        return lambda out, y: torch.nn.functional.cross_entropy(out, y)
    if name == "mse":
        return lambda out, y: 0.5 * ((out - y) ** 2).sum(dim=1).mean()
    raise ValueError(f"unknown loss {name!r}; expected one of {LOSSES}")


#: Loss names accepted by :func:`train_mlp` and :func:`evaluate_loss`:
#: ``cross_entropy`` (labels are class indices) and ``mse``
#: (``0.5 * mean_i ||f(x_i) - y_i||^2``, targets of shape ``(n, n_L)``, or ``(n,)``
#: when ``n_L = 1``).
LOSSES = ("cross_entropy", "mse")


def _labels(y, n: int, n_classes: int) -> np.ndarray:
    """``y`` as int64 class indices of shape ``(n,)`` in ``[0, n_classes)``; ValueError naming y otherwise."""
    if y is None or isinstance(y, (str, bytes)):
        raise ValueError(f"y must be an array of {n} class indices, got {y!r}")
    try:
        arr = np.asarray(y.detach().cpu().numpy() if torch.is_tensor(y) else y)
    except (TypeError, ValueError) as err:
        raise ValueError(f"y must be an array of class indices ({err})") from None
    if arr.shape != (n,):
        raise ValueError(
            f"y must hold one class index per row of X, shape ({n},), got {arr.shape}"
        )
    if arr.dtype.kind not in "iuf" or arr.dtype.kind == "b":
        raise ValueError(f"y must hold integer class indices, got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all() or not np.array_equal(arr, np.round(arr)):
            raise ValueError(
                "y must hold integer class indices; it has non-integer or non-finite "
                "entries"
            )
    if n and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(
            f"y must hold class indices in [0, {n_classes}) for a network with "
            f"{n_classes} outputs, got values in [{arr.min()}, {arr.max()}]"
        )
    return arr.astype(np.int64)


def _mse_targets(y, n: int, n_out: int) -> np.ndarray:
    """``y`` as finite float64 targets of shape ``(n, n_out)``; ``(n,)`` is accepted when ``n_out = 1``.

    A 1-D ``y`` is never broadcast against the ``(n, 1)`` outputs (that would give an
    ``n x n`` matrix of differences and a wrong loss): it is read as the column ``y[:, None]``.
    """
    arr = validate_array(y, "y", real=True)
    if arr.ndim == 1 and n_out == 1 and arr.shape[0] == n:
        arr = arr[:, None]
    if arr.shape != (n, n_out):
        raise ValueError(
            f"y must have shape ({n}, {n_out}) for loss='mse' (or ({n},) when the "
            f"network has one output), got {arr.shape}"
        )
    return arr


def _targets(loss: str, y, n: int, n_out: int) -> torch.Tensor:
    if loss == "cross_entropy":
        return torch.as_tensor(_labels(y, n, n_out))
    return torch.as_tensor(_mse_targets(y, n, n_out))


def _training_bytes(widths: Sequence[int], n_batch: int) -> int:
    """Bytes of one forward/backward pass on ``n_batch`` rows plus Adam's state (4 copies of theta)."""
    P = sum(widths[l] * (widths[l - 1] + 1) for l in range(1, len(widths)))
    return 8 * (3 * n_batch * sum(widths) + 4 * P)


def _net_from_params(params: MLPParams) -> tuple[list[torch.Tensor], Callable]:
    tensors = []
    for W, b in zip(params.weights, params.biases):
        tensors += [
            torch.tensor(W, dtype=torch.float64, requires_grad=True),
            torch.tensor(b, dtype=torch.float64, requires_grad=True),
        ]
    act = get_activation(params.activation).torch

    def net(X: torch.Tensor) -> torch.Tensor:
        return forward_layers(tensors[0::2], tensors[1::2], X, act)

    return tensors, net


def train_mlp(
    widths: Sequence[int],
    X: np.ndarray,
    y: np.ndarray,
    *,
    activation: str = "tanh",
    loss: str = "cross_entropy",
    steps: int = 300,
    lr: float = 1e-2,
    batch_size: int | None = None,
    weight_decay: float = 0.0,
    seed: int = 0,
    init: MLPParams | None = None,
    callback: Callable[[int, MLPParams], None] | None = None,
    callback_every: int = 0,
    progress: bool = False,
) -> MLPParams:
    """Minimise ``loss(f_theta(X), y) + (weight_decay / 2) ||theta||^2`` with Adam, in float64.

    Parameters
    ----------
    widths
        ``(n_0, ..., n_L)``; ``n_0`` must equal ``X.shape[1]``.
    X, y
        Inputs ``(n, n_0)``, finite; class indices ``(n,)`` in ``[0, n_L)`` for
        ``cross_entropy`` or finite targets ``(n, n_L)`` for ``mse`` (``(n,)`` is read
        as one column when ``n_L = 1``).
    steps
        Number of Adam steps (one mini-batch each; full batch if ``batch_size`` is None),
        an integer >= 1.
    lr, weight_decay
        Finite, ``lr > 0`` and ``weight_decay >= 0``.
    batch_size
        ``None`` (full batch) or an integer >= 1 (sampled with replacement).
    seed
        An integer >= 0; seeds the initialisation (:func:`nnsym.networks.init_mlp`) and
        the batches.
    init
        Start from these parameters instead of a random initialisation.
    callback, callback_every
        ``callback(step, params)`` is called at step 0 and every ``callback_every`` steps.
    progress
        Show a ``tqdm`` progress bar.

    Returns
    -------
    MLPParams
        The trained parameters (float64).

    Raises
    ------
    ValueError
        Naming the argument: bad widths, ``X`` or ``y`` (shape, NaN/inf, labels out of
        range), ``steps``, ``lr``, ``weight_decay``, ``batch_size``, ``seed``, ``init``,
        ``callback_every``; a batch above the memory limit; or a run that diverged
        (a non-finite objective or parameters: lower ``lr``).
    """
    ws = validate_widths(widths, min_len=2)
    lossfn = _torch_loss(loss)
    get_activation(activation)
    steps = validate_int(steps, "steps", lower=1)
    lr = validate_real(lr, "lr", lower=0.0, strict=True)
    weight_decay = validate_real(weight_decay, "weight_decay", lower=0.0)
    seed = validate_int(seed, "seed", lower=0)
    callback_every = validate_int(callback_every, "callback_every", lower=0)
    if callback is not None and not callable(callback):
        raise ValueError(
            f"callback must be callable or None, got {type(callback).__name__}"
        )
    if batch_size is not None:
        batch_size = validate_int(batch_size, "batch_size", lower=1)
    if init is not None:
        validate_params(init, "init")
        if init.widths != ws:
            raise ValueError(f"init has widths {init.widths}, expected {ws}")
    X = validate_inputs(ws, X)
    n = len(X)
    if n < 1:
        raise ValueError("X must have at least one row")
    n_batch = n if batch_size is None else min(batch_size, n)
    check_memory(
        _training_bytes(ws, n_batch),
        f"training {ws} on batches of {n_batch} rows",
        "a smaller batch_size.",
    )
    yt = _targets(loss, y, n, ws[-1])
    params0 = init if init is not None else init_mlp(ws, activation, seed=seed)
    tensors, net = _net_from_params(params0)
    opt = torch.optim.Adam(tensors, lr=lr)
    gen = torch.Generator().manual_seed(seed)
    Xt = torch.as_tensor(X, dtype=torch.float64)

    def diverged(step: int, what: str) -> ValueError:
        return ValueError(
            f"training diverged at step {step}: {what} is not finite; lower lr (got "
            f"{lr:g})"
            + (f" or weight_decay (got {weight_decay:g})" if weight_decay else "")
        )

    def snapshot(step: int) -> MLPParams:
        arr = [t.detach().numpy().copy() for t in tensors]
        if not all(np.isfinite(a).all() for a in arr):
            raise diverged(step, "a parameter")
        return MLPParams(tuple(arr[0::2]), tuple(arr[1::2]), params0.activation)

    iterator = range(steps)
    if progress:
        iterator = tqdm(iterator, desc="training", leave=False)
    for step in iterator:
        if callback is not None and callback_every and step % callback_every == 0:
            callback(step, snapshot(step))
        if batch_size is None or batch_size >= n:
            xb, yb = Xt, yt
        else:
            idx = torch.randint(0, n, (batch_size,), generator=gen)
            xb, yb = Xt[idx], yt[idx]
        opt.zero_grad()
        objective = lossfn(net(xb), yb)
        if weight_decay:
            objective = objective + 0.5 * weight_decay * sum(
                (t**2).sum() for t in tensors
            )
        if not bool(torch.isfinite(objective)):
            raise diverged(step, f"the objective ({float(objective.detach()):g})")
        objective.backward()
        opt.step()
    final = snapshot(steps)
    if callback is not None and callback_every:
        callback(steps, final)
    return final


def evaluate_loss(
    params: MLPParams, X: np.ndarray, y: np.ndarray, loss: str = "cross_entropy"
) -> float:
    """The data loss ``loss(f_theta(X), y)`` (no penalty), in float64.

    ``cross_entropy``: ``-mean_i log softmax(f(x_i))[y_i]``; ``mse``:
    ``0.5 mean_i ||f(x_i) - y_i||^2`` (a 1-D ``y`` is one column when ``n_L = 1``).

    Raises
    ------
    ValueError
        Naming the argument, for a bad ``params``, ``loss``, ``X`` (shape, NaN/inf,
        no rows) or ``y`` (shape, NaN/inf, labels outside ``[0, n_L)``).
    """
    validate_params(params)
    lossfn = _torch_loss(loss)
    X = validate_inputs(params, X)
    if len(X) < 1:
        raise ValueError("X must have at least one row")
    yt = _targets(loss, y, len(X), params.widths[-1])
    value = float(lossfn(forward_torch(params, X), yt))
    if not np.isfinite(value):
        raise ValueError(
            f"the loss overflowed ({value}) although X and y are finite; rescale X or y"
        )
    return value


def accuracy(params: MLPParams, X: np.ndarray, y: np.ndarray) -> float:
    """``mean_i 1[argmax_k f(x_i)_k = y_i]``: the fraction of rows whose largest output is the label.

    Raises
    ------
    ValueError
        Naming the argument, for a bad ``params``, ``X`` (shape, NaN/inf, no rows) or
        ``y`` (not ``(n,)`` integer labels in ``[0, n_L)``).
    """
    validate_params(params)
    X = validate_inputs(params, X)
    if len(X) < 1:
        raise ValueError("X must have at least one row")
    labels = _labels(y, len(X), params.widths[-1])
    return float(np.mean(np.argmax(forward(params, X), axis=1) == labels))
