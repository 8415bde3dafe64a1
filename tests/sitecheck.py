"""Open the built website in headless Chromium and report what a reader would see wrong.

Used by ``tests/test_site.py`` and runnable by hand::

    python tests/sitecheck.py                      # check every page of the TOC in _build/html
    python tests/sitecheck.py --screenshot book/01_permutations.html docs/screenshot-chapter.png

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe`` (file
descriptors 3 and 4, NUL-separated JSON messages), so only the Python standard library is
needed: no websocket client, no Selenium, no Playwright. The site is served by a local
``http.server`` on 127.0.0.1 (a free port picked by the OS), and every request the page makes
is recorded so that a page which fetches anything from the network is reported.
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "_build" / "browser-artifacts"
#: Code is formatted at this many characters a line (ruff, chapters and src/); a code block
#: of that width must fit the text column at DESKTOP_WIDTH (issue 13).
MAX_CODE_CHARS = 88

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--hide-scrollbars",
]


def find_chromium() -> str | None:
    """Path of a Chromium binary (``$CHROMIUM`` first), or None."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


# --------------------------------------------------------------------------- local server
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class LocalServer:
    """Serve ``directory`` on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


# --------------------------------------------------------------------------- DevTools pipe
class CDPError(RuntimeError):
    """Chromium answered a DevTools command with an error, or did not answer in time."""


class Chromium:
    """A headless Chromium with a fresh profile, driven over ``--remote-debugging-pipe``."""

    def __init__(self, binary: str | None = None, timeout: float = 60.0):
        binary = binary or find_chromium()
        if binary is None:
            raise FileNotFoundError("no chromium binary found (apt-get install chromium)")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="sitecheck-profile-")
        to_child_r, self._to_child_w = os.pipe()
        self._from_child_r, from_child_w = os.pipe()

        def wire_fds() -> None:  # in the child: its fd 3 reads our commands, fd 4 answers
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(3, 4), preexec_fn=wire_fds,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._replies: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.events: list[dict] = []
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self) -> None:
        buf = b""
        with os.fdopen(self._from_child_r, "rb", buffering=0) as pipe:
            while True:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    return
                buf += chunk
                while b"\0" in buf:
                    raw, buf = buf.split(b"\0", 1)
                    msg = json.loads(raw)
                    if "id" in msg:
                        with self._lock:
                            box = self._replies.get(msg["id"])
                        if box is not None:
                            box.put(msg)
                    else:
                        self.events.append(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send one DevTools command and return its result (raise CDPError on error)."""
        with self._lock:
            self._next_id += 1
            cid = self._next_id
            box: queue.Queue = queue.Queue()
            self._replies[cid] = box
        msg = {"id": cid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child_w, json.dumps(msg).encode() + b"\0")
        try:
            reply = box.get(timeout=timeout or self.timeout)
        except queue.Empty:
            raise CDPError(f"no answer to {method} within {timeout or self.timeout} s") from None
        finally:
            with self._lock:
                self._replies.pop(cid, None)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, session: str, since: int, timeout: float) -> dict:
        """Wait for event ``method`` of ``session`` that arrived after index ``since``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ev in self.events[since:]:
                if ev.get("method") == method and ev.get("sessionId") == session:
                    return ev
            time.sleep(0.05)
        raise CDPError(f"{method} not seen within {timeout} s")

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (CDPError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            os.close(self._to_child_w)
        except OSError:
            pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ one page
    def open_page(self, url: str, dark: bool = False, width: int = 1280, height: int = 900):
        """Open ``url`` in a new tab; return a Page once the load event has fired."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                  session=session)
        self.send("Emulation.setEmulatedMedia",
                  {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]},
                  session=session)
        page.first_event = len(self.events)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session, page.first_event, self.timeout)
        return page


class Page:
    """A tab of :class:`Chromium`; evaluate JavaScript, take screenshots, list requests."""

    def __init__(self, browser: Chromium, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session
        self.first_event = 0

    def evaluate(self, expression: str, timeout: float = 60.0):
        """Value of a JavaScript expression (promises are awaited)."""
        result = self.browser.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session=self.session, timeout=timeout,
        )
        if "exceptionDetails" in result:
            raise CDPError(f"JavaScript error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        """Save a PNG of the viewport (or of the whole page) to ``path``."""
        params: dict = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.browser.send("Page.captureScreenshot", params, session=self.session)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def _events(self, method: str) -> list[dict]:
        return [e["params"] for e in self.browser.events[self.first_event:]
                if e.get("method") == method and e.get("sessionId") == self.session]

    def requested_urls(self) -> list[str]:
        return [p["request"]["url"] for p in self._events("Network.requestWillBeSent")]

    def failed_requests(self) -> list[str]:
        ids = {p["requestId"]: p["request"]["url"] for p in self._events("Network.requestWillBeSent")}
        failed = [f"{ids.get(p['requestId'], '?')} ({p.get('errorText')})"
                  for p in self._events("Network.loadingFailed") if not p.get("canceled")]
        failed += [f"{p['response']['url']} (HTTP {p['response']['status']})"
                   for p in self._events("Network.responseReceived")
                   if p["response"]["status"] >= 400 and not p["response"]["url"].endswith("/favicon.ico")]
        return failed

    def js_errors(self) -> list[str]:
        errors = [p["exceptionDetails"].get("exception", {}).get("description")
                  or p["exceptionDetails"].get("text", "?")
                  for p in self._events("Runtime.exceptionThrown")]
        errors += [p["entry"]["text"] for p in self._events("Log.entryAdded")
                   if p["entry"].get("level") == "error" and p["entry"].get("source") != "network"]
        return errors

    def close(self) -> None:
        try:
            self.browser.send("Target.closeTarget", {"targetId": self.target}, timeout=10)
        except CDPError:
            pass


# --------------------------------------------------------------------------- the checks
# Runs in the page once it has loaded: waits for MathJax and the images, then reports.
_PAGE_REPORT_JS = r"""
(async () => {
  const timeout = (ms) => new Promise((r) => setTimeout(r, ms));
  const out = {};
  // 1. MathJax: wait until it has typeset the page (or give up after 30 s).
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await Promise.race([MathJax.startup.promise.then(() => true), timeout(30000)]);
  }
  out.mathjaxVersion = (window.MathJax && MathJax.version) || null;
  out.mjxContainers = document.querySelectorAll("mjx-container").length;
  const inCode = (el) => el.closest("pre, code, .cell_input, script, style, textarea");
  const mathNodes = [...document.querySelectorAll("span.math, div.math")].filter((el) => !inCode(el));
  out.mathNodes = mathNodes.length;
  out.untypeset = mathNodes.filter((el) => !el.querySelector("mjx-container"))
                           .map((el) => el.textContent.trim().slice(0, 80));
  out.mathErrors = [];
  if (window.MathJax && MathJax.startup && MathJax.startup.document && MathJax.startup.toMML) {
    for (const item of MathJax.startup.document.math) {
      const mml = MathJax.startup.toMML(item.root);
      if (/<merror|mathcolor="red"/.test(mml)) out.mathErrors.push(String(item.math).slice(0, 80));
    }
  }
  // Raw TeX left in the text a reader sees (outside code and typeset math).
  const article = document.querySelector("article") || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, script, style, textarea, mjx-container, .cell_input")
       .forEach((el) => el.remove());
  const text = clone.textContent;
  out.rawTex = [];
  for (const re of [/\\\(/g, /\\\[/g, /\$\$/g, /\\begin\{/g, /\$[^$\s][^$]*?\\[A-Za-z]+[^$]*?\$/g]) {
    for (const m of text.matchAll(re)) {
      out.rawTex.push(text.slice(Math.max(0, m.index - 30), m.index + 50).replace(/\s+/g, " "));
    }
  }
  // 2. Images: every <img> loaded with a non-zero size.
  const imgs = [...document.images];
  await Promise.race([
    Promise.all(imgs.map((img) => img.complete ? null :
      new Promise((r) => { img.addEventListener("load", r); img.addEventListener("error", r); }))),
    timeout(20000)]);
  out.images = imgs.length;
  // figures produced by the chapter's own code cells (matplotlib output)
  out.outputImages = document.querySelectorAll(".cell_output img").length;
  out.brokenImages = imgs.filter((img) => !(img.complete && img.naturalWidth > 0))
                         .map((img) => img.getAttribute("src"));
  // 3. Exercises and their solutions (sphinx-exercise + sphinx-togglebutton).
  const exercises = [...document.querySelectorAll("div.exercise")];
  const solutions = [...document.querySelectorAll("div.solution")];
  out.exercises = exercises.map((e) => e.id);
  out.solutions = solutions.length;
  const solved = new Set(solutions.map((s) => {
    const a = s.querySelector(".admonition-title a[href^='#']");
    return a ? decodeURIComponent(a.getAttribute("href").slice(1)) : null;
  }));
  out.exercisesWithoutSolution = out.exercises.filter((id) => !solved.has(id));
  const bodyOf = (s) => [...s.children].filter((c) => !c.classList.contains("admonition-title"));
  // toggle-hidden content is hidden with visibility: hidden and opacity: 0, not display: none
  const visible = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  out.solutionsNotDropdown = solutions.filter((s) => !s.classList.contains("dropdown")).map((s) => s.id);
  out.solutionsShown = solutions.filter((s) => bodyOf(s).some(visible)).map((s) => s.id);
  // Opening a solution must show it (the toggle works): click the first title, look, close.
  out.solutionOpens = null;
  if (solutions.length) {
    const s = solutions[0], title = s.querySelector(".admonition-title");
    title.click(); await timeout(500);
    out.solutionOpens = bodyOf(s).some(visible);
    title.click(); await timeout(500);
  }
  // 4. Error outputs of executed cells.
  out.errorOutputs = [];
  document.querySelectorAll(".cell_output .output, .cell_output .output_area").forEach((o) => {
    const t = o.textContent;
    // (a chapter may print "ValueError: ..." on stdout on purpose, to show a clear message)
    if (o.classList.contains("traceback") || o.classList.contains("error") ||
        /Traceback \(most recent call last\)/.test(t) ||
        (o.classList.contains("stderr") && /^\s*\w*(Error|Exception): /m.test(t))) {
      out.errorOutputs.push(t.trim().slice(0, 200));
    }
  });
  // 5. Figures: every image drawn by a chapter's code is a numbered, captioned figure with
  //    alt text, shown at (nearly) its natural width so that its text stays legible.
  out.viewportWidth = window.innerWidth;
  out.figures = [...document.querySelectorAll(".cell_output img")].map((img) => {
    const fig = img.closest("figure");
    const cap = fig ? fig.querySelector("figcaption") : null;
    const num = cap ? cap.querySelector(".caption-number") : null;
    return {src: (img.getAttribute("src") || "").split("/").pop().slice(0, 24),
            id: fig ? fig.id || null : null,
            caption: cap ? cap.textContent.trim().slice(0, 80) : "",
            number: num ? num.textContent.trim() : "",
            alt: (img.getAttribute("alt") || "").trim(),
            displayed: img.getClientRects().length > 0,
            naturalWidth: img.naturalWidth,
            renderedWidth: img.getBoundingClientRect().width};
  });
  // 6. Dark mode: math must contrast with what is behind it.
  out.theme = document.documentElement.dataset.theme || null;
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  out.worstMathContrast = null;
  for (const m of [...document.querySelectorAll("mjx-container")].slice(0, 50)) {
    const a = lum(rgb(getComputedStyle(m).color)), b = lum(background(m));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (out.worstMathContrast === null || ratio < out.worstMathContrast) out.worstMathContrast = ratio;
  }
  // 7. Code blocks (input cells, listings, highlighted blocks, text outputs): each one's
  //    content fits its box. Collapsed cells (hide-input, hide-output: <details>) are opened
  //    to be measured, then closed again.
  const closed = [...article.querySelectorAll("details:not([open])")];
  closed.forEach((d) => { d.open = true; });
  const ctx = document.createElement("canvas").getContext("2d");
  out.codeBlocks = [...article.querySelectorAll("pre")].map((pre) => {
    const cs = getComputedStyle(pre);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const charWidth = ctx.measureText("0".repeat(100)).width / 100;
    const inner = pre.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const lines = pre.textContent.replace(/\n+$/, "").split("\n");
    // a cell's printed text (stream, text/plain) is "output"; highlighted code anywhere
    // else (nnsym.listing's HTML output, code in the text) is a "listing"
    return {kind: pre.closest(".cell_input") ? "input"
                  : pre.closest(".cell_output") && !pre.closest(".text_html") ? "output"
                  : "listing",
            first: (lines.find((l) => l.trim()) || "").trim().slice(0, 80),
            longestLine: Math.max(0, ...lines.map((l) => l.length)),
            longest: lines.reduce((a, l) => (l.length > a.length ? l : a), "").trim()
                          .slice(0, 60),
            longLines: lines.filter((l) => l.length > __MAX_CODE_CHARS__)
                            .map((l) => l.slice(0, 160)),
            scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth,
            columnChars: charWidth > 0 ? Math.floor(inner / charWidth + 0.01) : null,
            fontSize: cs.fontSize};
  });
  closed.forEach((d) => { d.open = false; });
  return out;
})()
"""

_PAGE_REPORT_JS = _PAGE_REPORT_JS.replace("__MAX_CODE_CHARS__", str(MAX_CODE_CHARS))

MIN_CONTRAST = 4.5  # WCAG AA for normal text
DESKTOP_WIDTH = 1400  # viewport of the page checks, CSS px
#: A figure shown below this fraction of its natural width has illegible text (issue 13).
MIN_FIGURE_SCALE = 0.8
_FILE_NAME = re.compile(r"(^|/)[\w.-]+\.(png|svg|jpe?g|gif|pdf)$", re.IGNORECASE)


def long_lines(blocks: list[dict]) -> list[str]:
    """Lines longer than ``MAX_CODE_CHARS`` in the code blocks of a page, as ``kind: line``.

    Not a failure by itself (printed text wraps at the column, and a code line may still fit
    the box): ``main`` prints them as notes, so that they can be shortened at the source.
    """
    return [f"{b['kind']}: {line}" for b in blocks for line in b.get("longLines", [])]


def figure_problems(figures: list[dict], viewport_width: int) -> list[str]:
    """Problems of the cell-output images of a page (see ``_PAGE_REPORT_JS``, item 5).

    A figure needs a ``<figure>`` with a ``<figcaption>`` carrying a caption number and text,
    alt text that is not a file name, and (at a desktop viewport, >= 1000 px) a rendered
    width of at least ``MIN_FIGURE_SCALE`` times its natural width.
    """
    out = []
    name = lambda f: f["id"] or f["src"]  # noqa: E731
    uncaptioned = [name(f) for f in figures if not (f["number"] and f["caption"])]
    if uncaptioned:
        out.append(f"figures without a numbered caption: {uncaptioned[:5]}")
    no_alt = [name(f) for f in figures if not f["alt"] or _FILE_NAME.search(f["alt"])]
    if no_alt:
        out.append(f"figures without alt text (empty, or a file name): {no_alt[:5]}")
    if viewport_width >= 1000:
        small = [f"{name(f)} at {100 * f['renderedWidth'] / f['naturalWidth']:.0f}%"
                 for f in figures if f["displayed"] and f["naturalWidth"] > 0
                 and f["renderedWidth"] < MIN_FIGURE_SCALE * f["naturalWidth"]]
        if small:
            out.append(f"figures shown below {MIN_FIGURE_SCALE:.0%} of their natural width at "
                       f"{viewport_width} px (text too small; make the figure narrower): "
                       f"{small[:5]}")
    return out


def code_problems(blocks: list[dict], viewport_width: int) -> list[str]:
    """Code blocks of a page wider than their box (see ``_PAGE_REPORT_JS``, item 7).

    At a desktop viewport (>= 1000 px) a ``<pre>`` whose content is wider than its box
    (``scrollWidth > clientWidth + 1``) is reported by its kind (``input`` cell, ``listing``
    = any other highlighted block, plain-text ``output``) and its first line: a reader would
    have to scroll it sideways. A block with text but no box (``clientWidth == 0``: hidden,
    so not measured) is reported too, so that nothing escapes the check unseen.
    """
    out = []
    if viewport_width < 1000:
        return out
    wide = [f"{b['kind']} {b['first']!r} ({b['longestLine']} chars: "
            f"{b['scrollWidth']} px in {b['clientWidth']} px, "
            f"{b['columnChars']} chars fit; longest line {b.get('longest', '')!r})"
            for b in blocks if b["clientWidth"] > 0 and b["scrollWidth"] > b["clientWidth"] + 1]
    if wide:
        out.append(f"{len(wide)} code block(s) wider than the text column at {viewport_width} px "
                   f"(format at <= {MAX_CODE_CHARS} characters): {wide[:5]}")
    unmeasured = [f"{b['kind']} {b['first']!r}" for b in blocks
                  if b["clientWidth"] == 0 and b["first"]]
    if unmeasured:
        out.append(f"code blocks not laid out, so not measured: {unmeasured[:5]}")
    return out


def problems_of(report: dict, *, chapter: bool, requested: list[str], failed: list[str],
                js_errors: list[str], dark: bool, base_url: str, min_exercises: int = 3) -> list[str]:
    """Turn a page report into a list of human-readable problems (empty list = page is fine)."""
    out = []
    if report["mathNodes"] and report["mathjaxVersion"] is None:
        out.append("MathJax did not load")
    if report["mathNodes"] and report["mjxContainers"] == 0:
        out.append("no mjx-container: MathJax typeset nothing")
    if report["untypeset"]:
        out.append(f"math left untypeset: {report['untypeset'][:5]}")
    if report["mathErrors"]:
        out.append(f"MathJax errors (undefined macro?): {report['mathErrors'][:5]}")
    if report["rawTex"]:
        out.append(f"raw TeX in the rendered text: {report['rawTex'][:5]}")
    if report["brokenImages"]:
        out.append(f"images that did not load: {report['brokenImages']}")
    if chapter and report["outputImages"] == 0:
        out.append("no figure in the cell outputs: the chapter's plots did not render "
                   "(was MPLBACKEND set to a non-inline backend for the build?)")
    out += figure_problems(report.get("figures", []), report.get("viewportWidth", 0))
    out += code_problems(report.get("codeBlocks", []), report.get("viewportWidth", 0))
    if report["errorOutputs"]:
        out.append(f"error outputs: {report['errorOutputs'][:3]}")
    if chapter:
        if len(report["exercises"]) < min_exercises:
            out.append(f"only {len(report['exercises'])} exercises (>= {min_exercises} expected)")
        if report["exercisesWithoutSolution"]:
            out.append(f"exercises without a solution: {report['exercisesWithoutSolution']}")
        if report["solutionsNotDropdown"]:
            out.append(f"solutions not in a dropdown: {report['solutionsNotDropdown']}")
        if report["solutionsShown"]:
            out.append(f"solutions visible before they are opened: {report['solutionsShown']}")
        if report["solutionOpens"] is False:
            out.append("clicking a solution's title does not show it")
    host = urlsplit(base_url).netloc
    external = [u for u in requested
                if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != host]
    if external:
        out.append(f"requests leaving the local server: {sorted(set(external))[:5]}")
    if failed:
        out.append(f"failed requests: {failed[:5]}")
    if js_errors:
        out.append(f"JavaScript errors: {js_errors[:3]}")
    if dark and report["theme"] != "dark":
        out.append(f"dark mode requested but the theme is {report['theme']!r}")
    if report["worstMathContrast"] is not None and report["worstMathContrast"] < MIN_CONTRAST:
        out.append(f"math contrast {report['worstMathContrast']:.2f} < {MIN_CONTRAST} "
                   f"in {'dark' if dark else 'light'} mode")
    return out


def check_page(browser: Chromium, base_url: str, rel: str, *, chapter: bool, dark: bool = False,
               artifacts: Path | None = ARTIFACTS, min_exercises: int = 3,
               width: int = DESKTOP_WIDTH) -> tuple[list[str], dict]:
    """Open one page ``width`` px wide, return (problems, raw report); screenshot on failure."""
    page = browser.open_page(base_url + rel, dark=dark, width=width)
    try:
        report = page.evaluate(_PAGE_REPORT_JS, timeout=90)
        problems = problems_of(report, chapter=chapter, min_exercises=min_exercises,
                               requested=page.requested_urls(),
                               failed=page.failed_requests(), js_errors=page.js_errors(),
                               dark=dark, base_url=base_url)
        if problems and artifacts is not None:
            stem = rel.replace("/", "__").removesuffix(".html") + ("-dark" if dark else "")
            page.screenshot(artifacts / f"{stem}.png", full_page=True)
            (artifacts / f"{stem}.json").write_text(json.dumps(
                {"problems": problems, "report": report}, indent=2))
        return problems, report
    finally:
        page.close()


def toc_pages(root: Path = ROOT) -> list[tuple[str, bool]]:
    """(html path, is_chapter) for every page of ``_toc.yml``; chapters are ``NN_*``."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return [(f"{f}.html", Path(f).name[:2].isdigit()) for f in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=HTML, help="built site (default _build/html)")
    parser.add_argument("--screenshot", nargs=2, metavar=("PAGE", "PNG"),
                        help="only save a viewport screenshot of PAGE (e.g. book/01_permutations.html)")
    parser.add_argument("--dark", action="store_true", help="emulate prefers-color-scheme: dark")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)
    with LocalServer(args.html) as server, Chromium() as browser:
        if args.screenshot:
            page = browser.open_page(server.url + args.screenshot[0], dark=args.dark,
                                     width=args.width, height=args.height)
            page.evaluate(_PAGE_REPORT_JS)  # waits for MathJax and images
            if "#" in args.screenshot[0]:  # typesetting moved the anchor: scroll to it again
                fragment = json.dumps(args.screenshot[0].split("#", 1)[1])
                page.evaluate(f"document.getElementById({fragment}).scrollIntoView(); 0")
                page.evaluate("new Promise((r) => setTimeout(r, 300))")
            page.screenshot(Path(args.screenshot[1]))
            print(f"saved {args.screenshot[1]}")
            return 0
        failures = 0
        artifacts = args.html.parent / "browser-artifacts"
        for rel, chapter in toc_pages():
            for dark in (False, True):
                problems, report = check_page(browser, server.url, rel, chapter=chapter,
                                              dark=dark, artifacts=artifacts)
                mode = "dark" if dark else "light"
                print(f"{'FAIL' if problems else 'ok  '} {rel} ({mode})")
                for p in problems:
                    print(f"       {p}")
                if not dark:
                    for line in long_lines(report.get("codeBlocks", [])):
                        print(f"       note: longer than {MAX_CODE_CHARS} characters: {line}")
                failures += bool(problems)
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
