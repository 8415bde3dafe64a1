"""The execution-statistics table says "succeeded"/"failed" in words, not with emoji.

myst-nb's ``{nb-exec-table}`` marks each notebook with U+2705 / U+274C, which show as empty
boxes where no emoji font is installed (issue 13). Its status column is rendered by one
entry of ``myst_nb.ext.execution_tables._key2transform``; this extension replaces it.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def status_text(succeeded) -> str:
    return "succeeded" if succeeded is True else "failed"


def setup(app: Sphinx) -> dict:
    from myst_nb.ext import execution_tables

    execution_tables._key2transform["succeeded"] = status_text
    return {"parallel_read_safe": True, "parallel_write_safe": True}
