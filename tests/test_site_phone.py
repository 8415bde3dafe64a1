"""Every chapter at phone width (390 px): no sideways scrolling, every figure fits the screen.

Code blocks and wide tables may scroll inside their own box (they do not widen the page);
the page itself must not, and a code block wider than the screen must scroll (overflow-x auto
or scroll on it or its box), not be clipped. Runs on the built site like tests/test_site.py (same skip/fail rules,
same fixtures); a small hand-made bad page proves the check fails.
"""

from __future__ import annotations

import pytest

import sitecheck
from test_site import CHAPTERS, browser, site_url  # noqa: F401  (pytest fixtures)

PHONE_WIDTH, PHONE_HEIGHT = 390, 844

_PHONE_JS = """(() => {
  const W = window.innerWidth;
  const figures = [...document.querySelectorAll('figure img, .cell_output img, article img')]
    .map(img => img.getBoundingClientRect())
    .filter(r => r.width > 0 && (r.right > W + 1 || r.left < -1))
    .map(r => `${Math.round(r.left)}..${Math.round(r.right)}`);
  // A code block wider than the screen must scroll inside its own box: the nearest box
  // (the <pre> or an ancestor) that does not let it overflow visibly has overflow-x auto
  // or scroll. Collapsed cells are opened to be measured.
  const article = document.querySelector('article') || document.body;
  const closed = [...article.querySelectorAll('details:not([open])')];
  closed.forEach(d => { d.open = true; });
  const stuck = [];
  let scrolling = 0;
  for (const pre of article.querySelectorAll('pre')) {
    if (pre.scrollWidth <= pre.clientWidth + 1) continue;
    let box = pre;
    while (box && box !== article && getComputedStyle(box).overflowX === 'visible') {
      box = box.parentElement;
    }
    const how = box && box !== article ? getComputedStyle(box).overflowX : 'visible';
    const r = box && box !== article ? box.getBoundingClientRect() : null;
    if ((how === 'auto' || how === 'scroll') && r.right <= W + 1 && r.left >= -1) {
      scrolling += 1;
    } else {
      const first = (pre.textContent.split('\\n').find(l => l.trim()) || '').trim();
      stuck.push(`${first.slice(0, 60)} (overflow-x: ${how})`);
    }
  }
  closed.forEach(d => { d.open = false; });
  return {width: W, page_width: document.documentElement.scrollWidth, figures,
          code_stuck: stuck, code_scrolling: scrolling};
})()"""


def phone_problems(browser, url: str) -> list[str]:
    page = browser.open_page(url, width=PHONE_WIDTH, height=PHONE_HEIGHT)
    try:
        report = page.evaluate(_PHONE_JS, timeout=90)
    finally:
        page.close()
    problems = []
    if report["page_width"] > report["width"] + 1:
        problems.append(f"the page scrolls sideways: {report['page_width']} px wide on a "
                        f"{report['width']} px screen")
    if report["figures"]:
        problems.append(f"figures outside the screen: {report['figures']}")
    if report["code_stuck"]:
        problems.append("code blocks wider than the screen that do not scroll inside "
                        f"themselves (clipped, or widening the page): {report['code_stuck'][:5]}")
    return problems


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_fits_a_phone(site_url, browser, page):
    assert phone_problems(browser, site_url + page) == []


def test_phone_check_catches_a_page_wider_than_the_screen(browser, tmp_path):
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html><head><meta name='viewport' content='width=device-width'></head>"
        "<body><p>text</p><div style='width:800px'>a wide block</div>"
        "<figure><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' style='width:700px;height:10px'>"
        "</figure></body></html>")
    (tmp_path / "good.html").write_text(
        "<!doctype html><html><head><meta name='viewport' content='width=device-width'></head>"
        "<body><pre style='overflow-x:auto;max-width:100%'>" + "x" * 400 + "</pre>"
        "<figure><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' style='max-width:100%;width:700px;height:10px'>"
        "</figure></body></html>")
    with sitecheck.LocalServer(tmp_path) as server:
        bad = phone_problems(browser, server.url + "bad.html")
        good = phone_problems(browser, server.url + "good.html")
    assert any("scrolls sideways" in p for p in bad) and any("figures outside" in p for p in bad)
    assert good == []


def test_phone_check_catches_code_that_cannot_scroll(browser, tmp_path):
    """A long code line clipped by overflow hidden (on the block, or on a collapsed cell's
    box) cannot be read on a phone, though the page does not widen: each is reported;
    the same line in a block with overflow-x auto is fine."""
    head = "<!doctype html><html><head><meta name='viewport' content='width=device-width'>" \
           "</head><body><article>"
    line = "x = " + "a" * 200
    (tmp_path / "bad.html").write_text(
        head + f"<pre style='overflow-x:hidden'>clipped_{line}</pre>"
        "<details><summary>code</summary><div style='overflow:hidden'>"
        f"<pre>hidden_{line}</pre></div></details></article></body></html>")
    (tmp_path / "good.html").write_text(
        head + f"<div style='overflow-x:auto'><pre>{line}</pre></div>"
        f"<pre style='overflow-x:scroll'>{line}</pre></article></body></html>")
    with sitecheck.LocalServer(tmp_path) as server:
        bad = phone_problems(browser, server.url + "bad.html")
        good = phone_problems(browser, server.url + "good.html")
    (stuck,) = [p for p in bad if "do not scroll inside themselves" in p]
    assert "clipped_x = aaa" in stuck and "(overflow-x: hidden)" in stuck, stuck
    assert "hidden_x = aaa" in stuck, stuck
    assert good == [], good
