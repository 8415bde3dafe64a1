"""One figure style for the whole book.

Figures are laid out for the text column of the website (about 750-800 CSS px at a
1400 px desktop width): at most two panels a row and at most :data:`TEXT_WIDTH` inches
wide, so that a figure is shown at its natural size and its 11 pt text stays legible.
In a notebook the figures are served as SVG (sharp at any zoom, natural width in CSS px
= inches x 96).

Used in: every chapter.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = [
    "use_book_style",
    "PALETTE",
    "new_figure",
    "TEXT_WIDTH",
    "MAX_PANELS_PER_ROW",
]

#: Colour-blind-safe palette (Okabe-Ito).
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
]

#: Widest figure in inches that the website shows at its natural size (7.5 in = 720 CSS
#: px).
TEXT_WIDTH = 7.5

#: More panels a row than this make tick labels illegible in the text column.
MAX_PANELS_PER_ROW = 2


def use_book_style(figure_format: str = "svg") -> None:
    """Set matplotlib defaults: fonts >= 10 pt, light grid, the book palette, SVG output.

    Parameters
    ----------
    figure_format : {"svg", "retina", "png"}
        Format of inline figures when running under IPython (ignored elsewhere).

    Raises
    ------
    ValueError
        If ``figure_format`` is not one of the formats above.
    """
    if figure_format not in ("svg", "retina", "png"):
        raise ValueError(
            f"figure_format must be 'svg', 'retina' or 'png', got {figure_format!r}"
        )
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
            "figure.titlesize": 12,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
            "svg.fonttype": "path",  # no font needed by the reader's browser
        }
    )
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: nothing to configure
        return
    if get_ipython() is not None:
        set_matplotlib_formats(figure_format)


def new_figure(
    ncols: int = 1,
    nrows: int = 1,
    *,
    width: float | None = None,
    height: float = 4.0,
    **kwargs,
):
    """``plt.subplots(nrows, ncols)`` of size ``(min(width, TEXT_WIDTH), height * nrows**0.85)``.

    Parameters
    ----------
    ncols, nrows : int
        Panels a row (at most :data:`MAX_PANELS_PER_ROW`) and rows (at least 1).
    width : float, optional
        Total width in inches; default 6.4 for one column and :data:`TEXT_WIDTH` for two.
        Capped at :data:`TEXT_WIDTH`.
    height : float
        Height of one row of panels in inches.
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots` (``sharex``, ``sharey``, ...).

    Raises
    ------
    ValueError
        If ``ncols`` or ``nrows`` is below 1, ``ncols`` exceeds the panels allowed a row,
        or ``width``/``height`` is not positive.
    """
    if ncols < 1 or nrows < 1:
        raise ValueError(
            f"need at least one row and column, got nrows={nrows}, ncols={ncols}"
        )
    if ncols > MAX_PANELS_PER_ROW:
        raise ValueError(
            f"at most {MAX_PANELS_PER_ROW} panels a row fit the text column, got "
            f"ncols={ncols}: use more rows (nrows) instead"
        )
    if width is None:
        width = 6.4 if ncols == 1 else TEXT_WIDTH
    if not (width > 0 and height > 0):
        raise ValueError(
            f"width and height must be positive, got width={width}, height={height}"
        )
    size = (min(width, TEXT_WIDTH), height * nrows**0.85)
    return plt.subplots(nrows, ncols, figsize=size, **kwargs)
