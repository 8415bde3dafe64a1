"""Sphinx extension: ``JB_EXECUTE=cache jupyter-book build .`` for fast local rebuilds.

``_config.yml`` executes every notebook on every build (``execute_notebooks: force``), which
is what CI wants (the jupyter-cache key ignores changes to ``src/nnsym``). For a local
rebuild after a prose-only edit, set ``JB_EXECUTE`` to a myst-nb execution mode
(``cache``, ``force``, ``auto``, ``inline`` or ``off``): ``cache`` re-executes a notebook
only when its code cells changed (cache in ``_build/.jupyter_cache``). Unset, nothing changes.

It also sets ``TQDM_DISABLE=1`` (unless already set) for the kernels of the build, so the
website shows no half-drawn progress bars; notebooks run by a reader keep them, and sets
``MPLBACKEND`` to the inline backend so that figures reach the page whatever the caller's
environment says.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

MODES = ("off", "force", "auto", "cache", "inline")
logger = logging.getLogger(__name__)


def _apply(app: Sphinx, config: Config) -> None:
    mode = os.environ.get("JB_EXECUTE", "").strip()
    if not mode:
        return
    if mode not in MODES:
        raise ConfigError(f"JB_EXECUTE={mode!r}: expected one of {', '.join(MODES)}")
    config.nb_execution_mode = mode  # myst-nb keeps its cache in _build/.jupyter_cache
    logger.info(f"[execution_mode] JB_EXECUTE: notebooks executed in {mode!r} mode")


def setup(app: Sphinx) -> dict:
    # Progress bars are for readers running a notebook; on the static site they would only
    # leave stderr boxes of partial bars. Kernels inherit this process's environment.
    os.environ.setdefault("TQDM_DISABLE", "1")
    # Figures reach the page only through the inline backend; a non-interactive backend set
    # in the environment (MPLBACKEND=Agg, common in CI) would make plt.show() draw nothing.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    app.connect("config-inited", _apply, priority=100)  # before myst-nb reads it (builder-inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
