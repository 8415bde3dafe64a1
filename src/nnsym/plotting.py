"""One figure style for the whole book.

Used in: every chapter.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = ["use_book_style", "PALETTE", "new_figure"]

#: Colour-blind-safe palette (Okabe-Ito).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def use_book_style() -> None:
    """Set matplotlib defaults: readable fonts, light grid, the book palette, 110 dpi."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
        }
    )


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 6.4, height: float = 4.0, **kwargs):
    """``plt.subplots`` with the book's default size scaled by the grid."""
    if ncols < 1 or nrows < 1:
        raise ValueError(f"need at least one row and column, got nrows={nrows}, ncols={ncols}")
    return plt.subplots(nrows, ncols, figsize=(width * ncols ** 0.85, height * nrows ** 0.85), **kwargs)
