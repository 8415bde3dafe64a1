"""The text of the built website: clean outputs, exercise titles, one search box, an index.

Reads the HTML files of the built site (``_build/html``, or the folder named by
``$NNSYM_SITE``) with the standard library only: no browser needed. Skipped when the site
is not built, unless ``NNSYM_REQUIRE_BROWSER`` is set (CI), in which case a missing site
fails. Per page of ``_toc.yml`` it fails on:

- an output block (stream or plain text) with debug-style text: a NumPy scalar repr
  (``np.int64(16)``, ``np.float64(...)``), a float alone on a line (an echoed value),
  or a ``$`` (TeX printed as plain text, where it is not typeset);
- "Exercise Exercise" (a reference to an exercise after the word "Exercise": the
  reference already reads "Exercise 2.3");
- more than one search box (the top bar's and the sidebar's);
and it fails when the general index (``genindex.html``) has no entries.

Each check is also run on a small hand-made bad page (``test_checker_*``), so each can fail.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("NNSYM_SITE", ROOT / "_build" / "html"))

#: output blocks whose text is checked: stdout/stderr streams and text/plain results
_TEXT_OUTPUT_CLASSES = ("stream", "text_plain", "stderr")
_NUMPY_REPR = re.compile(r"\bnp\.(?:u?int|float|complex|bool|str)\w*\(")
# a Python warning printed to a page: "path/file.py:12: SomeWarning: ..." or a bare class
_WARNING = re.compile(r"\b\w*Warning: |\.py:\d+: ")
_BARE_FLOAT = re.compile(r"^[-+]?(?:\d+\.\d*|\.\d+|\d+(?:\.\d*)?[eE][-+]?\d+)$")
_MIN_INDEX_ENTRIES = 20


def toc_pages(root: Path = ROOT) -> list[str]:
    """HTML paths of every page of ``_toc.yml`` (root first)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return [f"{f}.html" for f in files]


class _PageText(HTMLParser):
    """Collects the text of output blocks, the page's text, search boxes and index links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outputs: list[str] = []
        self.text: list[str] = []
        self.search_fields = 0
        self.search_forms = 0
        self._in_dialog = 0  # inside the pop-up search <dialog>
        self.index_links = 0
        self._in_index_table = 0
        self._capture_depth = 0  # div depth inside the output block being captured
        self._current: list[str] = []
        self._skip = 0  # inside <script>/<style>
        self._mobile_depth = 0  # div depth inside the phone-only copy of the top bar

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("script", "style"):
            self._skip += 1
        if "search-button-field" in classes and not self._mobile_depth:
            self.search_fields += 1
        if tag == "dialog":
            self._in_dialog += 1
        if tag == "form" and "bd-search" in classes and not self._in_dialog:
            self.search_forms += 1
        if tag == "table" and "genindextable" in classes:
            self._in_index_table += 1
        if tag == "a" and self._in_index_table:
            self.index_links += 1
        if tag == "div":
            if self._mobile_depth:
                self._mobile_depth += 1
            elif "navbar-persistent--mobile" in classes:
                self._mobile_depth = 1
            if self._capture_depth:
                self._capture_depth += 1
            elif "output" in classes and any(c in classes for c in _TEXT_OUTPUT_CLASSES):
                self._capture_depth = 1
                self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "dialog" and self._in_dialog:
            self._in_dialog -= 1
        if tag == "table" and self._in_index_table:
            self._in_index_table -= 1
        if tag == "div" and self._mobile_depth:
            self._mobile_depth -= 1
        if tag == "div" and self._capture_depth:
            self._capture_depth -= 1
            if not self._capture_depth:
                self.outputs.append("".join(self._current))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._capture_depth:
            self._current.append(data)


def parse_page(source: str) -> _PageText:
    parser = _PageText()
    parser.feed(source)
    parser.close()
    return parser


def output_problems(output: str) -> list[str]:
    """Debug-style text in one output block: NumPy reprs, bare floats, warnings, ``$``."""
    problems = []
    for line in output.splitlines():
        shown = line.strip()
        if _NUMPY_REPR.search(shown):
            problems.append(f"NumPy scalar repr in an output: {shown[:80]!r}")
        elif _BARE_FLOAT.match(shown):
            problems.append(f"a bare float alone on an output line: {shown[:80]!r}")
        if _WARNING.search(shown):
            problems.append(f"a Python warning in an output: {shown[:80]!r}")
        if "$" in shown:
            problems.append(f"'$' (untypeset TeX) in a plain-text output: {shown[:80]!r}")
    return problems


def page_problems(source: str) -> list[str]:
    """Every problem of one page: its outputs, 'Exercise Exercise', search boxes."""
    page = parse_page(source)
    problems = [p for out in page.outputs for p in output_problems(out)]
    text = re.sub(r"\s+", " ", html.unescape("".join(page.text)))
    for match in re.finditer(r"Exercises? Exercise\b.{0,12}", text):
        problems.append(f"'Exercise Exercise' in the text: {match.group(0)!r}")
    # A search box is a "Search Ctrl+K" field (the theme's search-button-field) or a search
    # form outside the pop-up search <dialog>. Not counted: the phone-only copy of the top bar's field
    # (shown instead of it below 992 px) and the magnifier icon of the article header.
    boxes = page.search_fields + page.search_forms
    if boxes > 1:
        problems.append(f"{boxes} search boxes on the page (keep one)")
    return problems


def index_problems(source: str) -> list[str]:
    """The general index is empty (or nearly so)."""
    page = parse_page(source)
    if page.index_links < _MIN_INDEX_ENTRIES:
        return [f"general index has {page.index_links} entries (expected at least "
                f"{_MIN_INDEX_ENTRIES})"]
    return []


def _need_site() -> Path:
    if not (SITE / "index.html").exists():
        if os.environ.get("NNSYM_REQUIRE_BROWSER"):
            pytest.fail(f"NNSYM_REQUIRE_BROWSER is set but the site is not built "
                        f"({SITE}/index.html missing): run `jupyter-book build .` first")
        pytest.skip(f"site not built ({SITE}/index.html missing)")
    return SITE


@pytest.mark.parametrize("page", toc_pages())
def test_page_text_is_clean(page):
    site = _need_site()
    path = site / page
    assert path.exists(), f"{page} is in _toc.yml but not in the built site {site}"
    problems = page_problems(path.read_text(encoding="utf-8"))
    assert not problems, f"{page}:\n  " + "\n  ".join(problems)


def test_general_index_has_entries():
    site = _need_site()
    path = site / "genindex.html"
    assert path.exists(), f"no genindex.html in {site}"
    problems = index_problems(path.read_text(encoding="utf-8"))
    assert not problems, "; ".join(problems)


# --- the checker on hand-made pages ---------------------------------------------------------

def _output(kind: str, text: str) -> str:
    return (f'<div class="cell_output docutils container"><div class="output {kind} '
            f'highlight-myst-ansi notranslate"><div class="highlight"><pre><span></span>'
            f'{html.escape(text)}</pre></div></div></div>')


_SEARCH_DIALOG = ('<dialog id="pst-search-dialog"><form class="bd-search d-flex '
                  'align-items-center" action="search.html" method="get"><input '
                  'type="search" class="form-control" name="q"></form></dialog>')
_SEARCH_FIELD = ('<button class="btn search-button-field search-button__button pst-js-only" '
                 'title="Search"><span class="search-button__default-text">Search</span>'
                 '</button>')
_TOP_BAR_SEARCH = (f'<header><div class="navbar-persistent--container">{_SEARCH_FIELD}</div>'
                   f'<div class="navbar-persistent--mobile">{_SEARCH_FIELD}</div></header>'
                   '<div class="bd-header-article"><button class="btn btn-sm pst-navbar-icon '
                   'search-button search-button__button pst-js-only" title="Search"></button>'
                   '</div>')
_SIDEBAR_SEARCH = _SEARCH_FIELD


def _page(body: str, *, sidebar_search: bool = False) -> str:
    sidebar = _SIDEBAR_SEARCH if sidebar_search else ""
    return (f"<html><head><script>var x = '$ np.int64(1)';</script></head><body>"
            f"{_SEARCH_DIALOG}{_TOP_BAR_SEARCH}<div class='bd-sidebar'>{sidebar}</div>"
            f"<article>{body}</article></body></html>")


_GOOD = _page("<p>See Exercise 2.3 and the cost $n$ in the text.</p>"
              + _output("stream", "PASS  max error 1.2e-15 <= 1e-12\n"
                                  "chapter executed in 42.7 s\n16 group elements")
              + _output("text_plain", "<Figure size 640x480 with 1 Axes>"))


def test_checker_passes_a_clean_page():
    assert page_problems(_GOOD) == []


@pytest.mark.parametrize("text,needle", [
    ("np.int64(16)", "NumPy scalar repr"),
    ("orbit size: np.float64(3.5)", "NumPy scalar repr"),
    ("0.0005716627883393111", "bare float"),
    ("7.514e-13", "bare float"),
    ("aligned A to $\\pi(B)$", "untypeset TeX"),
    ("/x/tqdm/auto.py:21: TqdmWarning: IProgress not found.", "Python warning"),
    ("/x/nnsym/networks.py:175: ComplexWarning: Casting complex values", "Python warning"),
])
@pytest.mark.parametrize("kind", ["stream", "text_plain"])
def test_checker_fails_a_debug_output(kind, text, needle):
    problems = page_problems(_page(_output(kind, text)))
    assert any(needle in p for p in problems), problems


def test_checker_fails_exercise_exercise():
    page = _page('<p>as in (Exercise <a href="#ex"><span class="std-numref">Exercise 2.3'
                 '</span></a>)</p>')
    assert any("Exercise Exercise" in p for p in page_problems(page))


def test_checker_fails_two_search_boxes():
    assert any("2 search boxes" in p for p in page_problems(_page("", sidebar_search=True)))
    form = '<div class="bd-sidebar"><form class="bd-search"><input name="q"></form></div>'
    assert any("2 search boxes" in p for p in page_problems(_page(form)))


def test_checker_fails_an_empty_index():
    empty = ('<html><body><h1 id="index">Index</h1><div class="genindex-jumpbox"></div>'
             '</body></html>')
    assert index_problems(empty)
    entries = "".join(f'<li><a href="book/x.html#i{k}">term {k}</a></li>' for k in range(30))
    full = ('<html><body><h1 id="index">Index</h1><table style="width: 100%" '
            f'class="indextable genindextable"><tr><td><ul>{entries}</ul></td></tr></table>'
            '</body></html>')
    assert index_problems(full) == []
