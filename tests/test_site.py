"""The website as a reader meets it: every page of the TOC opened in headless Chromium.

Runs when the site has been built (``_build/html``, or the folder named by ``$NNSYM_SITE``)
and a Chromium binary is installed; ``.ci/run`` installs Chromium, builds the site and runs
this file again. Checks, per page and in light and dark mode: MathJax (served by the site
itself) typeset every formula with no error and no raw TeX left; every image loaded; every
exercise of a chapter has a solution, collapsed until clicked; no error output; no request
leaves the local server; no JavaScript error; math contrasts with its background; every image
a chapter's code drew is a numbered figure with a caption and alt text, shown at >= 80 % of
its natural width at a 1400 px desktop viewport (so its text is not shrunk below legibility);
and no code block (input cell, opened if collapsed; package listing; highlighted block; printed
output) is wider than its box at 1400 px, so code formatted at 88 characters reads without
scrolling sideways.
A failing page is screenshot to ``_build/browser-artifacts/`` (kept by CI as an artefact).

The checker itself is tested on small hand-made pages (``test_checker_*``), so these tests
can fail: a page with raw math, a broken image, an open solution and a traceback is caught,
and so is an uncaptioned, unlabelled or squeezed figure, and a 150-character code line.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))

import sitecheck  # noqa: E402
import shared_macros  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("NNSYM_SITE", ROOT / "_build" / "html"))
ARTIFACTS = SITE.parent / "browser-artifacts"
MATHJAX = ROOT / "book" / "_static" / "mathjax"
PAGES = sitecheck.toc_pages(ROOT)
CHAPTERS = [p for p, is_chapter in PAGES if is_chapter]


def _need_chromium() -> str:
    binary = sitecheck.find_chromium()
    if binary is None:
        if os.environ.get("NNSYM_REQUIRE_BROWSER"):
            pytest.fail("NNSYM_REQUIRE_BROWSER is set but no chromium binary was found "
                        "(.ci/run installs it)")
        pytest.skip("no chromium binary (Debian: apt-get install chromium); browser tests skipped")
    return binary


def _need_site() -> Path:
    if not (SITE / "index.html").exists():
        if os.environ.get("NNSYM_REQUIRE_BROWSER"):
            pytest.fail(f"NNSYM_REQUIRE_BROWSER is set but the site is not built ({SITE}/index.html "
                        "missing): build it first (`jupyter-book build . --all`)")
        pytest.skip(f"site not built ({SITE}/index.html missing): run "
                    "`jupyter-book build . --all` first (.ci/run does, then reruns this file)")
    return SITE


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    with sitecheck.Chromium() as b:
        yield b


@pytest.fixture(scope="module")
def site_url():
    with sitecheck.LocalServer(_need_site()) as server:
        yield server.url


# --------------------------------------------------------------------------- the built site
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("page,is_chapter", PAGES, ids=[p for p, _ in PAGES])
def test_page_renders_for_a_reader(site_url, browser, page, is_chapter, dark):
    if not (SITE / page).exists():
        pytest.fail(f"{page} is in _toc.yml but not in the built site {SITE}: the site is stale, "
                    "rebuild it (jupyter-book build . --all) or delete it")
    problems, report = sitecheck.check_page(browser, site_url, page, chapter=is_chapter,
                                            dark=dark, artifacts=ARTIFACTS)
    assert not problems, f"{page} ({'dark' if dark else 'light'}): " + "; ".join(problems) + \
        f" (screenshot in {ARTIFACTS})"
    if is_chapter:  # a chapter without math or figures would make the checks above vacuous
        assert report["mjxContainers"] > 0 and report["images"] > 0, report


@pytest.mark.parametrize("page", [p for p, _ in PAGES])
def test_page_uses_the_book_stylesheet(page):
    """book/_static/nnsym.css (code font that fits 88 characters, printed text that wraps) is
    linked from every page: ``html_css_files`` in ``_config.yml`` names it."""
    site = _need_site()
    text = (site / page).read_text(encoding="utf-8")
    assert re.search(r'<link rel="stylesheet"[^>]*href="[./]*_static/nnsym\.css', text), \
        f"{page} does not link _static/nnsym.css (sphinx.config.html_css_files in _config.yml)"


def _repository() -> tuple[str, str]:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = config["repository"]
    return repo["url"].rstrip("/").removeprefix("https://github.com/"), repo.get("branch", "main")


@pytest.mark.parametrize("page", CHAPTERS)
def test_download_and_launch_buttons_open_this_notebook(page):
    site = _need_site()
    if not (site / page).exists():
        pytest.fail(f"{page} is in _toc.yml but not in the built site {site}: the site is stale, "
                    "rebuild it (jupyter-book build . --all) or delete it")
    text = html_lib.unescape((site / page).read_text(encoding="utf-8"))
    nb = page.removesuffix(".html") + ".ipynb"  # e.g. book/01_permutations.ipynb
    org_repo, branch = _repository()
    colab = f"https://colab.research.google.com/github/{org_repo}/blob/{branch}/{nb}"
    binder = f"https://mybinder.org/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{nb}"
    links = re.findall(r'href="([^"]+)"', text)
    assert colab in links, f"no Colab link {colab} in {page}"
    assert binder in links, f"no Binder link {binder} in {page}"
    assert not [u for u in links if "/./" in u], "a link contains '/./' (repository.path_to_book)"
    download = f"../_sources/{nb}"
    assert download in links, f"no .ipynb download link {download} in {page}"
    served = json.loads((site / "_sources" / nb).read_text(encoding="utf-8"))
    project = SITE.parents[1] if (SITE.parents[1] / "_toc.yml").exists() else ROOT  # <project>/_build/html
    source = json.loads((project / nb).read_text(encoding="utf-8"))
    assert [c["source"] for c in served["cells"]] == [c["source"] for c in source["cells"]], \
        "the downloadable notebook differs from the chapter's source"


# --------------------------------------------------------------------------- the checker
def _page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head>" \
           f"<body><article>{body}</article></body></html>"


def _mathjax_head() -> str:
    macros = shared_macros.parse_macros(shared_macros.MACRO_FILE.read_text(encoding="utf-8"))
    config = {"tex": {"macros": {n: (b if k == 0 else [b, k]) for n, (b, k) in macros.items()}},
              "options": {"processHtmlClass": "math"}}
    return (f"<script>window.MathJax = {json.dumps(config)}</script>"
            "<script defer src='mathjax/tex-chtml-full.js'></script>")


def test_checker_catches_what_a_reader_would_see_wrong(browser, tmp_path):
    """Raw math, a broken image, an open solution and a traceback are all reported."""
    (tmp_path / "bad.html").write_text(_page(r"""
      <p>Inline <span class="math">\(x^2\)</span> never typeset, and $$a+b$$ left raw.</p>
      <img src="missing.png">
      <div class="exercise admonition" id="ex-1"><p class="admonition-title">Exercise 1</p>
        <p>Do it.</p></div>
      <div class="solution dropdown admonition" id="sol-1">
        <p class="admonition-title">Solution to <a href="#ex-1">Exercise 1</a></p>
        <p>The answer, visible to everyone.</p></div>
      <div class="exercise admonition" id="ex-2"><p class="admonition-title">Exercise 2</p></div>
      <div class="cell_output"><div class="output traceback">Traceback (most recent call last):
        ZeroDivisionError: division by zero</div></div>
    """))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, _ = sitecheck.check_page(browser, server.url, "bad.html", chapter=True,
                                           artifacts=tmp_path / "artifacts", min_exercises=3)
    text = " | ".join(problems)
    for expected in ("MathJax did not load", "no mjx-container", "math left untypeset",
                     "raw TeX", "images that did not load", "only 2 exercises",
                     "exercises without a solution: ['ex-2']",
                     "solutions visible before they are opened: ['sol-1']",
                     "error outputs", "failed requests", "no figure in the cell outputs"):
        assert expected in text, f"checker missed {expected!r}: {text}"
    assert (tmp_path / "artifacts" / "bad.png").stat().st_size > 0, "no screenshot of the failing page"


def _svg(width_px: int, height_px: int = 200) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width_px * 3 // 4}pt' "
            f"height='{height_px * 3 // 4}pt' viewBox='0 0 {width_px} {height_px}'>"
            f"<rect width='{width_px}' height='{height_px}' fill='#0072B2'/></svg>")


_FIGURE_PROBLEMS = ("figures without a numbered caption", "figures without alt text",
                    "of their natural width")


def test_checker_flags_uncaptioned_unlabelled_and_shrunk_figures(browser, tmp_path):
    """A bare output image with a file name as alt text, squeezed to 70 %, fails three ways."""
    (tmp_path / "wide.svg").write_text(_svg(1000))  # natural width 1000 px (750 pt)
    (tmp_path / "bad.html").write_text(_page(
        "<div class='cell_output'><img src='wide.svg' alt='_images/wide.svg'></div>",
        "<style>article { width: 700px; } img { max-width: 100%; }</style>"))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, report = sitecheck.check_page(browser, server.url, "bad.html", chapter=False,
                                                artifacts=None)
    text = " | ".join(problems)
    for expected in _FIGURE_PROBLEMS:
        assert expected in text, f"checker missed {expected!r}: {text}"
    assert "wide.svg at 70%" in text, text
    assert report["viewportWidth"] == sitecheck.DESKTOP_WIDTH


def test_checker_accepts_a_numbered_captioned_figure_at_its_natural_width(browser, tmp_path):
    """The counterpart: the HTML myst-nb writes for a captioned figure passes, at 100 % and at
    85 % of its natural width; only the squeezed copy at 75 % is reported."""
    (tmp_path / "ok.svg").write_text(_svg(600))
    figure = ("<figure id='{id}'><div class='cell_output'><img src='ok.svg' alt='A blue box' "
              "style='width: {w}px'></div><figcaption><p><span class='caption-number'>Fig. 1 "
              "</span><span class='caption-text'>What to see.</span></p></figcaption></figure>")
    (tmp_path / "ok.html").write_text(_page(
        figure.format(id="fig-full", w=600) + figure.format(id="fig-85", w=510)
        + figure.format(id="fig-75", w=450)))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, report = sitecheck.check_page(browser, server.url, "ok.html", chapter=False,
                                                artifacts=None)
    assert [f["naturalWidth"] for f in report["figures"]] == [600, 600, 600], report["figures"]
    flagged = [p for p in problems if any(k in p for k in _FIGURE_PROBLEMS)]
    assert len(flagged) == 1 and "fig-75 at 75%" in flagged[0], flagged
    assert "fig-85" not in flagged[0] and "fig-full" not in flagged[0], flagged


def _code_cell(line: str, hidden: bool = False) -> str:
    """The HTML myst-nb writes for a code cell (collapsed in ``<details>`` if hidden)."""
    cell = ("<div class='cell_input docutils container'><div class='highlight-ipython3 "
            f"notranslate'><div class='highlight'><pre>{html_lib.escape(line)}\nx = 1</pre>"
            "</div></div></div>")
    if hidden:
        cell = f"<details class='hide above-input'><summary>Show code</summary>{cell}</details>"
    return f"<div class='cell docutils container'>{cell}</div>"


_CODE_STYLE = ("<style>article { width: 700px; } pre { overflow-x: auto; margin: 0; "
               "padding: 0; font: 12px monospace; }</style>")


def test_checker_flags_a_code_block_wider_than_the_text_column(browser, tmp_path):
    """A 150-character line in an input cell (shown or collapsed), in a listing and in a
    stream output makes each block scroll sideways in a 700 px column: all four are named
    by their first line; the 40-character cell beside them is not."""
    long_line = ("y = " + " + ".join(f"w{i:03d}" for i in range(30)))[:150]
    assert len(long_line) == 150
    body = (_code_cell("short = 1  # forty characters at most") + _code_cell(long_line)
            + _code_cell("hidden_" + long_line, hidden=True)
            + "<div class='cell_output'><div class='output text_html'><div class='highlight'>"
            f"<pre>listing_{long_line}</pre></div></div></div>"
            "<div class='cell_output'><div class='output stream highlight-myst-ansi'>"
            f"<div class='highlight'><pre>PASS {long_line}</pre></div></div></div>")
    (tmp_path / "bad.html").write_text(_page(body, _CODE_STYLE))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, report = sitecheck.check_page(browser, server.url, "bad.html", chapter=False,
                                                artifacts=None)
    flagged = [p for p in problems if "wider than the text column" in p]
    assert len(flagged) == 1, problems
    assert flagged[0].startswith("4 code block(s)"), flagged
    for name in (f"input {long_line[:80]!r}", f"input {('hidden_' + long_line)[:80]!r}",
                 "listing 'listing_y = ", "output 'PASS y = "):
        assert name in flagged[0], f"{name} not named: {flagged}"
    assert "short = 1" not in flagged[0], flagged
    assert f"longest line {long_line[:60]!r}" in flagged[0], flagged
    kinds = sorted(b["kind"] for b in report["codeBlocks"])
    assert kinds == ["input", "input", "input", "listing", "output"], report["codeBlocks"]
    # the collapsed cell was measured, then closed again
    assert all(b["clientWidth"] > 0 for b in report["codeBlocks"]), report["codeBlocks"]
    assert len(sitecheck.long_lines(report["codeBlocks"])) == 4, report["codeBlocks"]


def test_checker_accepts_printed_text_that_wraps_but_lists_its_long_lines(browser, tmp_path):
    """Printed output wrapped at the column (white-space: pre-wrap, as book/_static/nnsym.css
    does) does not scroll, so it passes; its long line is still listed by ``long_lines``."""
    line = "PASS " + " ".join(["a long check label"] * 8)  # 155 characters, with spaces
    body = ("<div class='cell_output'><div class='output stream highlight-myst-ansi'>"
            f"<div class='highlight'><pre>{line}</pre></div></div></div>")
    style = _CODE_STYLE + "<style>.output.stream pre { white-space: pre-wrap; }</style>"
    (tmp_path / "ok.html").write_text(_page(body, style))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, report = sitecheck.check_page(browser, server.url, "ok.html", chapter=False,
                                                artifacts=None)
    assert not [p for p in problems if "code block" in p], problems
    assert sitecheck.long_lines(report["codeBlocks"]) == [f"output: {line}"]


def test_checker_accepts_88_character_code_in_a_column_that_fits_it(browser, tmp_path):
    """The counterpart: an 88-character line fits a 700 px column at 12 px monospace
    (about 7.2 px a character); the same page squeezed to 500 px fails."""
    line = "z = " + "a" * 84
    assert len(line) == sitecheck.MAX_CODE_CHARS
    (tmp_path / "ok.html").write_text(_page(_code_cell(line), _CODE_STYLE))
    (tmp_path / "narrow.html").write_text(_page(
        _code_cell(line), _CODE_STYLE + "<style>article { width: 500px; }</style>"))
    with sitecheck.LocalServer(tmp_path) as server:
        ok, report = sitecheck.check_page(browser, server.url, "ok.html", chapter=False,
                                          artifacts=None)
        narrow, _ = sitecheck.check_page(browser, server.url, "narrow.html", chapter=False,
                                         artifacts=None)
    assert not [p for p in ok if "code block" in p], ok
    (block,) = report["codeBlocks"]
    assert block["longestLine"] == 88 and block["columnChars"] >= 88, block
    assert any("1 code block(s) wider than the text column" in p for p in narrow), narrow


def test_checker_sees_requests_that_leave_the_machine(browser, tmp_path):
    (tmp_path / "net.html").write_text(_page("<p>hi</p>", "<script src='https://cdn.example.org/x.js'></script>"))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, _ = sitecheck.check_page(browser, server.url, "net.html", chapter=False, artifacts=None)
    assert any("requests leaving the local server" in p and "cdn.example.org" in p for p in problems), problems


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_offline_mathjax_typesets_every_book_macro(browser, tmp_path, dark):
    """The committed MathJax copy works from 127.0.0.1 alone and knows every macro of macros.tex."""
    shutil.copytree(MATHJAX, tmp_path / "mathjax")
    macros = shared_macros.parse_macros(shared_macros.MACRO_FILE.read_text(encoding="utf-8"))
    uses = [f"\\{n}" + "{x}" * k for n, (_, k) in macros.items()]
    body = "".join(f'<p><span class="math">\\({u}\\)</span></p>' for u in uses)
    body += r'<div class="math">\[\begin{aligned} a &= \sum_{k=1}^n k \\ b &= \prod_l n_l! \end{aligned}\]</div>'
    style = "<style>@media (prefers-color-scheme: dark) { body { background: #121212; color: #ced6dd; } }</style>"
    (tmp_path / "ok.html").write_text(_page(body, _mathjax_head() + style))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, report = sitecheck.check_page(browser, server.url, "ok.html", chapter=False,
                                                artifacts=tmp_path / "artifacts")
    problems = [p for p in problems if not p.startswith("dark mode requested")]  # not the book theme
    assert problems == [], problems
    assert report["mathjaxVersion"].startswith("3.")
    assert report["mjxContainers"] == len(uses) + 1


def test_checker_flags_an_undefined_macro(browser, tmp_path):
    shutil.copytree(MATHJAX, tmp_path / "mathjax")
    (tmp_path / "undef.html").write_text(_page(r'<p><span class="math">\(\nosuchmacro{x}\)</span></p>',
                                               _mathjax_head()))
    with sitecheck.LocalServer(tmp_path) as server:
        problems, _ = sitecheck.check_page(browser, server.url, "undef.html", chapter=False, artifacts=None)
    assert any("MathJax errors" in p and "nosuchmacro" in p for p in problems), problems


# --------------------------------------------------------------------------- shared macros
def test_macros_reach_mathjax_and_the_latex_preamble():
    macros = shared_macros.parse_macros(shared_macros.MACRO_FILE.read_text(encoding="utf-8"))
    assert macros, "book/macros.tex defines no macro"
    config = SimpleNamespace(mathjax3_config={"options": {"x": 1}},
                             latex_elements={"preamble": r"\usepackage{amsmath}"})
    shared_macros._apply(None, config)
    assert config.mathjax3_config["options"] == {"x": 1}
    preamble = config.latex_elements["preamble"]
    assert preamble.startswith(r"\usepackage{amsmath}")
    for name, (body, nargs) in macros.items():
        expected = body if nargs == 0 else [body, nargs]
        assert config.mathjax3_config["tex"]["macros"][name] == expected
        assert f"\\providecommand{{\\{name}}}" + (f"[{nargs}]" if nargs else "") + f"{{{body}}}" in preamble


@pytest.mark.parametrize("line", [r"\def\R{\mathbb{R}}", r"\newcommand{\R}[x]{y}", "R = 1"])
def test_macro_file_rejects_what_it_cannot_share(line):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="expected"):
        shared_macros.parse_macros(line)


def test_macro_defined_twice_is_an_error():
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="defined twice"):
        shared_macros.parse_macros("\\newcommand{\\R}{a}\n\\newcommand{\\R}{b}")
