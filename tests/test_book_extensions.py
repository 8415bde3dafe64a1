"""The small Sphinx extensions of book/_ext: JB_EXECUTE and the de-duplication of inline scripts."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ConfigError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))

import dedupe_scripts  # noqa: E402
import execution_mode  # noqa: E402


def _config():
    return SimpleNamespace(nb_execution_mode="force", nb_execution_cache_path="")


def test_jb_execute_unset_keeps_force(monkeypatch):
    monkeypatch.delenv("JB_EXECUTE", raising=False)
    config = _config()
    execution_mode._apply(None, config)
    assert config.nb_execution_mode == "force"


@pytest.mark.parametrize("mode", execution_mode.MODES)
def test_jb_execute_sets_the_mode(monkeypatch, mode):
    monkeypatch.setenv("JB_EXECUTE", mode)
    config = _config()
    execution_mode._apply(None, config)
    assert config.nb_execution_mode == mode


def test_jb_execute_rejects_an_unknown_mode(monkeypatch):
    monkeypatch.setenv("JB_EXECUTE", "fast")
    with pytest.raises(ConfigError, match="JB_EXECUTE='fast'"):
        execution_mode._apply(None, _config())


def test_build_kernels_get_no_progress_bars_and_inline_figures(monkeypatch):
    """setup() disables tqdm for the build's kernels (unless the caller chose otherwise) and
    forces the inline matplotlib backend, without which no figure reaches the page."""
    connected = []
    app = SimpleNamespace(connect=lambda *a, **k: connected.append(a[0]))
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    execution_mode.setup(app)
    assert os.environ["TQDM_DISABLE"] == "1" and connected == ["config-inited"]
    assert os.environ["MPLBACKEND"] == "module://matplotlib_inline.backend_inline"
    monkeypatch.setenv("TQDM_DISABLE", "0")
    execution_mode.setup(app)
    assert os.environ["TQDM_DISABLE"] == "0"


def test_inline_scripts_are_kept_once_and_files_untouched():
    thebe = "const THEBE_JS_URL = 'x'"
    scripts = [_JavaScript("_static/a.js"), _JavaScript(None, body=thebe), _JavaScript("", body="var t = 1;"),
               _JavaScript("", body=thebe), _JavaScript("_static/b.js"), _JavaScript(None, body="var t = 1;")]
    context = {"script_files": scripts}
    dedupe_scripts._dedupe(None, "page", "page.html", context, None)
    kept = context["script_files"]
    assert [str(s.filename) for s in kept] == ["_static/a.js", "None", "", "_static/b.js"]
    assert [s.attributes.get("body") for s in kept if not s.filename] == [thebe, "var t = 1;"]


def test_execution_table_status_is_text_not_emoji():
    import exec_table_text
    from myst_nb.ext import execution_tables

    exec_table_text.setup(None)
    status = execution_tables._key2transform["succeeded"]
    assert (status(True), status(False), status(None)) == ("succeeded", "failed", "failed")


def test_bibliography_labels_are_author_year():
    import bib_style
    from pybtex.database import parse_file

    bib = parse_file(str(Path(__file__).resolve().parents[1] / "book" / "references.bib"))
    entries = sorted(bib.entries.values(), key=lambda e: e.key)
    labels = list(bib_style.AuthorYearLabelStyle().format_labels(entries))
    assert len(set(labels)) == len(labels)  # unique, with a/b suffixes where needed
    by_key = dict(zip((e.key for e in entries), labels))
    assert by_key["bonapellissier2024geometry"].startswith("Bona-Pellissier et al. 2024")
