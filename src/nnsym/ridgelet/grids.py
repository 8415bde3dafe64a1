"""Equispaced grids: inputs ``x`` (tensor grids), scales ``a``, biases ``b``, cell volumes."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..networks import (
    validate_array,
)

__all__ = [
    "tensor_grid",
]

# ---------------------------------------------------------------------------
# Grids
# ---------------------------------------------------------------------------


def _spacing(v: np.ndarray, what: str) -> float:
    v = np.asarray(v, dtype=float)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(
            f"{what} must be a 1-D grid with at least 2 points, got shape {v.shape}"
        )
    validate_array(v, what)
    d = np.diff(v)
    h = float(d.mean())
    if h <= 0 or np.max(np.abs(d - h)) > 1e-8 * max(1.0, abs(h)):
        raise ValueError(f"{what} must be increasing and equispaced")
    return h


def tensor_grid(
    x: np.ndarray | Sequence[np.ndarray],
) -> tuple[np.ndarray, float, tuple[int, ...]]:
    r"""Points, cell volume and shape of a tensor grid: ``x`` 1-D (``m = 1``) or a tuple of ``m`` 1-D grids.

    Returns ``(points (N, m), dx, shape)`` with ``dx`` = product of the spacings (rectangle rule
    :math:`\int g\,dx\approx dx\sum_p g(x_p)`).

    Raises
    ------
    ValueError
        If a grid is not 1-D, increasing and equispaced with >= 2 points.
    """
    if isinstance(x, (tuple, list)):
        axes = [np.asarray(v, dtype=float) for v in x]
        if not axes:
            raise ValueError("x must hold at least one axis")
    else:
        axes = [np.asarray(x, dtype=float)]
    dx = 1.0
    for i, v in enumerate(axes):
        dx *= _spacing(v, f"x axis {i}")
    mesh = np.meshgrid(*axes, indexing="ij")
    pts = np.stack([g.ravel() for g in mesh], axis=-1)
    return pts, dx, tuple(v.size for v in axes)


def _prepare_f(f, x) -> tuple[np.ndarray, np.ndarray, float, tuple[int, ...]]:
    pts, dx, shape = tensor_grid(x)
    m = pts.shape[1]
    if callable(f):
        vals = f(pts[:, 0]) if m == 1 else f(pts)
        vals = np.asarray(vals)
    else:
        vals = np.asarray(f)
    if vals.shape not in (shape, (pts.shape[0],)):
        raise ValueError(f"f has shape {vals.shape}, expected the grid shape {shape}")
    validate_array(vals, "f", complex_ok=True)
    return vals.reshape(-1), pts, dx, shape


def _prepare_a(a, m: int) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if m == 1 and a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[1] != m or a.shape[0] < 1:
        raise ValueError(
            f"a must have shape (n_a,) for m = 1 or (n_a, {m}), got {a.shape}"
        )
    validate_array(a, "a")
    return a


def _prepare_b(b) -> np.ndarray:
    b = np.asarray(b, dtype=float)
    if b.ndim != 1 or b.size < 1:
        raise ValueError(f"b must be a 1-D array of biases, got shape {b.shape}")
    validate_array(b, "b")
    return b


def _param_weights(A: np.ndarray, B: np.ndarray, da, db) -> tuple[np.ndarray, float]:
    if da is None:
        if A.shape[1] != 1:
            raise ValueError("give da (cell volume of the a grid) when m >= 2")
        da = _spacing(A[:, 0], "a")
    try:
        da_arr = np.broadcast_to(np.asarray(da, dtype=float), (A.shape[0],))
    except ValueError:
        raise ValueError(
            f"da must be a number or have shape ({A.shape[0]},), got shape "
            f"{np.shape(da)}"
        ) from None
    if not np.all(np.isfinite(da_arr) & (da_arr > 0)):
        raise ValueError(
            f"da (cell volumes of the a grid) must be finite and positive, got {da!r}"
        )
    if db is None:
        db = _spacing(B, "b")
    if np.ndim(db) != 0 or not (np.isfinite(float(db)) and float(db) > 0):
        raise ValueError(
            f"db (spacing of the b grid) must be a finite positive number, got {db!r}"
        )
    return da_arr, float(db)
