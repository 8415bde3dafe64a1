"""nnsym.listing: function sources for the pages, docstring dropped, ranges by marker."""

from __future__ import annotations

import pytest

from nnsym import listing, ridgelet, symmetry


def _documented(x: int) -> int:
    """Return ``x + 1``.

    :math:`x+1` would show raw on a page.
    """
    y = x + 1
    z = y * 2
    return z // 2


def _undocumented(x):
    return x


def test_docstring_is_dropped_and_code_kept():
    text = listing.function_listing(_documented)
    assert ":math:" not in text and "Return" not in text
    assert text.splitlines()[0] == "def _documented(x: int) -> int:"
    assert "    y = x + 1" in text and "    return z // 2" in text
    assert len(text.splitlines()) == 4


def test_function_without_docstring_is_unchanged():
    assert listing.function_listing(_undocumented) == "def _undocumented(x):\n    return x\n"


def test_start_and_stop_cut_the_body_and_say_how_much():
    text = listing.function_listing(_documented, start="z = y", stop="z = y")
    assert text.splitlines() == [
        "def _documented(x: int) -> int:",
        "    ...  # 1 lines omitted",
        "    z = y * 2",
        "    ...  # 1 lines omitted",
    ]


def test_missing_marker_and_bad_input_raise():
    with pytest.raises(ValueError, match="start marker"):
        listing.function_listing(_documented, start="not in the body")
    with pytest.raises(ValueError, match="stop marker"):
        listing.function_listing(_documented, stop="not in the body")
    with pytest.raises(ValueError, match="Python function"):
        listing.function_listing(len)
    with pytest.raises(ValueError, match="lambda"):
        listing.function_listing(lambda x: x)


def test_the_listings_of_the_chapters_have_no_numpydoc():
    for fn in (symmetry._apply_unitwise, symmetry.align_hidden_units,
               ridgelet.ridgelet_transform_fourier):
        text = listing.function_listing(fn)
        assert ":math:" not in text and "Parameters\n" not in text and '"""' not in text
    text = listing.function_listing(ridgelet.ridgelet_transform_fourier, start="n_b = B.size")
    # the signature takes one line per parameter (ruff), the body from n_b = B.size on
    assert "omitted" in text and "sp_fft.ifft" in text and len(text.splitlines()) <= 36


def test_show_function_returns_highlighted_code():
    code = listing.show_function(_documented)
    assert type(code).__name__ == "Code"
    assert "y = x + 1" in code.data
    first = code.data.splitlines()[0]
    assert first.startswith("# full source: ") and "_documented" in first


def test_header_names_the_module_file():
    head = listing.listing_header(symmetry.align_hidden_units)
    assert head == ("# full source: src/nnsym/symmetry.py, align_hidden_units "
                    "(docstring left out)\n")
    with pytest.raises(ValueError, match="Python function"):
        listing.listing_header(len)
