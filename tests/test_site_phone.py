"""Every chapter at phone width (390 px): no sideways scrolling, every figure fits the screen.

Code blocks and wide tables may scroll inside their own box (they do not widen the page);
the page itself must not. Runs on the built site like tests/test_site.py (same skip/fail rules,
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
  return {width: W, page_width: document.documentElement.scrollWidth, figures};
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
