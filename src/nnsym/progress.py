"""Progress bars for the slow loops of :mod:`nnsym`: one import of ``tqdm`` for the package.

``tqdm.auto`` draws a notebook widget where ``ipywidgets`` is installed and a text bar
elsewhere; without ``ipywidgets`` it also prints a ``TqdmWarning`` ("IProgress not found")
into the first cell that imports it, which would land on a chapter's page.  The text bar is
what the book wants there, so the warning is silenced at this one place.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    # tqdm.autonotebook warns when ipywidgets is missing and falls back to the text bar
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

__all__ = ["tqdm"]
