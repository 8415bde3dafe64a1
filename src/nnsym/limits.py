"""Memory budget: refuse a computation *before* allocating more than a stated limit.

Functions of :mod:`nnsym` whose intermediates grow with the batch or the network
(batch Jacobians, Gram matrices, forward passes on huge batches, the rescaling
kernel) estimate the bytes of their largest intermediates from the shapes alone and
call :func:`check_memory` before allocating anything.  Above the limit they raise a
``ValueError`` that states the estimate, the limit and a way out (a streaming route,
a ``chunk_size``, a smaller batch).

The limit is :data:`MAX_BYTES` (4 GiB).  Set the environment variable
``NNSYM_MAX_BYTES`` (a number of bytes, e.g. ``16e9`` or ``17179869184``) to change
it; it is read at every call, so it can be changed in a running session with
``os.environ["NNSYM_MAX_BYTES"] = "16e9"``.
"""

from __future__ import annotations

import math
import os

__all__ = ["MAX_BYTES", "ENV_VAR", "max_bytes", "format_bytes", "check_memory"]

#: Default memory budget in bytes for one call (4 GiB).
MAX_BYTES: int = 4 * 2**30

#: Name of the environment variable that overrides :data:`MAX_BYTES`.
ENV_VAR = "NNSYM_MAX_BYTES"


def max_bytes() -> int:
    """The budget ``int(os.environ["NNSYM_MAX_BYTES"])`` if set, else :data:`MAX_BYTES`.

    Raises
    ------
    ValueError
        If ``NNSYM_MAX_BYTES`` is set but is not a finite number >= 1.
    """
    raw = os.environ.get(ENV_VAR)
    if raw is None or raw.strip() == "":
        return MAX_BYTES
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{ENV_VAR} must be a number of bytes, got {raw!r}") from None
    if not math.isfinite(value) or value < 1:
        raise ValueError(
            f"{ENV_VAR} must be a finite number of bytes >= 1, got {raw!r}"
        )
    return int(value)


def format_bytes(nbytes: float) -> str:
    """``nbytes`` in the largest binary unit below it, e.g. ``format_bytes(3 * 2**30) == '3.0 GiB'``."""
    value = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(value) < 1024 or unit == "PiB":
            return f"{value:.1f} {unit}" if unit != "B" else f"{int(value)} B"
        value /= 1024
    return f"{value:.1f} PiB"  # pragma: no cover


def check_memory(nbytes: int | float, what: str, way_out: str = "") -> None:
    """Raise ``ValueError`` if ``nbytes > max_bytes()``: the estimate, the limit and ``way_out``.

    Parameters
    ----------
    nbytes
        Estimated bytes of the largest intermediates (Python int: no overflow).
    what
        The computation, e.g. ``"jacobian on n=100000 samples (P=1796010)"``.
    way_out
        A sentence telling the caller what to do instead.

    Raises
    ------
    ValueError
        If the estimate exceeds the budget (or the estimate is not a number >= 0).
    """
    if (
        isinstance(nbytes, bool)
        or not isinstance(nbytes, (int, float))
        or not nbytes >= 0
    ):
        raise ValueError(f"nbytes must be a number >= 0, got {nbytes!r}")
    limit = max_bytes()
    if nbytes > limit:
        hint = f" Way out: {way_out}" if way_out else ""
        raise ValueError(
            f"{what} would allocate about {format_bytes(nbytes)}, above the memory "
            f"limit of {format_bytes(limit)} ({ENV_VAR} to change it); refused before "
            f"allocating.{hint}"
        )
