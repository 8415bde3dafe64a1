"""Sphinx extension: drop inline ``<script>`` blocks that a page would include twice.

With jupyter-book 1.0.4 / sphinx-thebe 0.3.1 / sphinx-togglebutton 0.4.5 every page carries
the inline configuration scripts of sphinx-thebe and sphinx-togglebutton twice; the second
``const THEBE_JS_URL = ...`` throws "SyntaxError: Identifier 'THEBE_JS_URL' has already been
declared" in the browser console (tests/test_site.py reports JavaScript errors). This keeps
the first copy of each identical script (same file, or same inline body).
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _dedupe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set = set()
    kept = []
    for js in scripts:
        attrs = getattr(js, "attributes", {}) or {}
        inline = not getattr(js, "filename", None) and attrs.get("body")
        if inline:  # files are deduplicated by Sphinx itself; inline blocks (filename '' or None) not
            key = (attrs.get("type"), attrs["body"])
            if key in seen:
                continue
            seen.add(key)
        kept.append(js)
    context["script_files"] = kept


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
