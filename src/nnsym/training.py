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

from .networks import MLPParams, get_activation, init_mlp, validate_widths

__all__ = ["Dataset", "load_digits_data", "train_mlp", "evaluate_loss", "accuracy", "LOSSES"]


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


def load_digits_data(n_train: int = 1000, *, seed: int = 0, standardize: bool = True) -> Dataset:
    """scikit-learn's handwritten digits (shipped with the package), split at random.

    Pixels are scaled to ``[0, 1]`` and, with ``standardize``, centred and scaled per
    feature with the training statistics (constant pixels keep scale 1).

    Raises
    ------
    ValueError
        If ``n_train`` is not between 1 and 1796.
    """
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    if not 1 <= n_train < len(X):
        raise ValueError(f"n_train must be between 1 and {len(X) - 1}, got {n_train}")
    X = X / 16.0
    idx = np.random.default_rng(seed).permutation(len(X))
    tr, te = idx[:n_train], idx[n_train:]
    Xtr, Xte = X[tr], X[te]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        sd[sd == 0] = 1.0
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Dataset(Xtr, y[tr], Xte, y[te], 10)


def _torch_loss(name: str) -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    if name == "cross_entropy":
        return lambda out, y: torch.nn.functional.cross_entropy(out, y)
    if name == "mse":
        return lambda out, y: 0.5 * ((out - y) ** 2).sum(dim=1).mean()
    raise ValueError(f"unknown loss {name!r}; expected one of {LOSSES}")


#: Loss names accepted by :func:`train_mlp` and :func:`evaluate_loss`:
#: ``cross_entropy`` (labels are class indices) and ``mse``
#: (``0.5 * mean_i ||f(x_i) - y_i||^2``, targets of shape ``(n, n_L)``).
LOSSES = ("cross_entropy", "mse")


def _targets(loss: str, y: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(y, dtype=torch.long) if loss == "cross_entropy" else torch.as_tensor(y, dtype=torch.float64)


def _net_from_params(params: MLPParams) -> tuple[list[torch.Tensor], Callable]:
    tensors = []
    for W, b in zip(params.weights, params.biases):
        tensors += [torch.tensor(W, dtype=torch.float64, requires_grad=True),
                    torch.tensor(b, dtype=torch.float64, requires_grad=True)]
    act = get_activation(params.activation).torch
    L = params.depth

    def net(X: torch.Tensor) -> torch.Tensor:
        h = X
        for l in range(L):
            h = h @ tensors[2 * l].T + tensors[2 * l + 1]
            if l < L - 1:
                h = act(h)
        return h

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
        Inputs ``(n, n_0)``; class indices ``(n,)`` for ``cross_entropy`` or
        targets ``(n, n_L)`` for ``mse``.
    steps
        Number of Adam steps (one mini-batch each; full batch if ``batch_size`` is None).
    seed
        Seeds the initialisation (:func:`nnsym.networks.init_mlp`) and the batches.
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
    """
    ws = validate_widths(widths, min_len=2)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != ws[0]:
        raise ValueError(f"X must have shape (n, {ws[0]}), got {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
    if steps < 1 or lr <= 0 or weight_decay < 0:
        raise ValueError(f"need steps >= 1, lr > 0, weight_decay >= 0; got {steps}, {lr}, {weight_decay}")
    lossfn = _torch_loss(loss)
    params0 = init if init is not None else init_mlp(ws, activation, seed=seed)
    if params0.widths != ws:
        raise ValueError(f"init has widths {params0.widths}, expected {ws}")
    tensors, net = _net_from_params(params0)
    opt = torch.optim.Adam(tensors, lr=lr)
    gen = torch.Generator().manual_seed(seed)
    Xt, yt = torch.as_tensor(X, dtype=torch.float64), _targets(loss, np.asarray(y))
    n = len(X)

    def snapshot() -> MLPParams:
        arr = [t.detach().numpy().copy() for t in tensors]
        return MLPParams(tuple(arr[0::2]), tuple(arr[1::2]), params0.activation)

    iterator = range(steps)
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(iterator, desc="training", leave=False)
    for step in iterator:
        if callback is not None and callback_every and step % callback_every == 0:
            callback(step, snapshot())
        if batch_size is None or batch_size >= n:
            xb, yb = Xt, yt
        else:
            idx = torch.randint(0, n, (batch_size,), generator=gen)
            xb, yb = Xt[idx], yt[idx]
        opt.zero_grad()
        objective = lossfn(net(xb), yb)
        if weight_decay:
            objective = objective + 0.5 * weight_decay * sum((t**2).sum() for t in tensors)
        objective.backward()
        opt.step()
    final = snapshot()
    if callback is not None and callback_every:
        callback(steps, final)
    return final


def evaluate_loss(params: MLPParams, X: np.ndarray, y: np.ndarray, loss: str = "cross_entropy") -> float:
    """The data loss ``loss(f_theta(X), y)`` (no penalty), in float64."""
    from .networks import forward_torch

    return float(_torch_loss(loss)(forward_torch(params, X), _targets(loss, np.asarray(y))))


def accuracy(params: MLPParams, X: np.ndarray, y: np.ndarray) -> float:
    """Fraction of rows whose largest output is the label."""
    from .networks import forward

    return float(np.mean(np.argmax(forward(params, X), axis=1) == np.asarray(y)))
