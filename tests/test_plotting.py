"""Figures fit the text column: at most two panels a row, never wider than TEXT_WIDTH."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnsym.plotting import MAX_PANELS_PER_ROW, TEXT_WIDTH, new_figure, use_book_style  # noqa: E402


@pytest.mark.parametrize("ncols,nrows", [(1, 1), (2, 1), (1, 3), (2, 2)])
def test_new_figure_fits_the_text_column(ncols, nrows):
    fig, _ = new_figure(ncols, nrows)
    try:
        w, h = fig.get_size_inches()
        assert w <= TEXT_WIDTH + 1e-9  # the old version gave 11.5 in for two columns
        assert h == pytest.approx(4.0 * nrows ** 0.85)
    finally:
        plt.close(fig)


def test_new_figure_caps_a_requested_width():
    fig, _ = new_figure(2, width=13.0)
    try:
        assert fig.get_size_inches()[0] == pytest.approx(TEXT_WIDTH)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("kw,match", [(dict(ncols=MAX_PANELS_PER_ROW + 1), "panels a row"),
                                      (dict(ncols=0), "at least one"),
                                      (dict(nrows=0), "at least one"),
                                      (dict(width=-1.0), "positive"),
                                      (dict(height=0.0), "positive")])
def test_new_figure_rejects_bad_layouts(kw, match):
    with pytest.raises(ValueError, match=match):
        new_figure(**kw)


def test_book_style_fonts_are_legible_and_format_is_checked():
    use_book_style()
    for key in ("font.size", "xtick.labelsize", "ytick.labelsize", "legend.fontsize"):
        assert float(mpl.rcParams[key]) >= 10, key
    with pytest.raises(ValueError, match="figure_format"):
        use_book_style("jpeg")


@pytest.mark.parametrize("fmt,mime", [("svg", "image/svg+xml"), ("retina", "image/png")])
def test_book_style_sets_the_inline_format_under_ipython(fmt, mime):
    """In a kernel the book serves figures as SVG (sharp, natural width = inches x 96 px)."""
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.figure import Figure

    shell = InteractiveShell.instance()
    try:
        use_book_style(fmt)
        printers = {m: f.type_printers for m, f in shell.display_formatter.formatters.items()}
        assert Figure in printers[mime], fmt
        other = "image/png" if mime == "image/svg+xml" else "image/svg+xml"
        assert Figure not in printers[other], f"{fmt}: figures would also be served as {other}"
    finally:
        InteractiveShell.clear_instance()
