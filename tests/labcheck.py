"""Open a chapter in a real JupyterLab, in headless Chromium, and report what a reader sees.

Used by ``tests/test_jupyterlab.py`` (and by hand: ``python tests/labcheck.py book/01_permutations.ipynb``).
The server runs from this venv on 127.0.0.1, a random port and a random token, with a
throw-away Jupyter config directory (so a user's settings never leak in, and a test can
disable ``jupyterlab-myst`` there to prove the check fails without it).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sitecheck  # noqa: E402  (the DevTools-protocol Chromium driver of the site test)

ROOT = Path(__file__).resolve().parents[1]

# What a reader sees, collected while scrolling through the notebook (JupyterLab renders
# only the cells near the viewport, so the page is scrolled to the end in steps).
_REPORT_JS = """(() => {
  const nb = document.querySelector('.jp-Notebook');
  if (!nb) return null;
  const text = nb.innerText;
  return {
    cells: document.querySelectorAll('.jp-Notebook .jp-Cell').length,
    raw_directives: (text.match(/:::+ *\\{(prf|exercise|admonition|solution)[^}]*\\}/g) || []),
    raw_roles: (text.match(/\\{(cite:[tp]|doc|prf:ref|numref)\\}`/g) || []),
    proof_blocks: [...nb.querySelectorAll('aside.myst-proof')].map(a => a.innerText.split('\\n')[0]),
    admonitions: nb.querySelectorAll('aside.myst-admonition').length,
    math: nb.querySelectorAll('.katex, mjx-container').length,
  };
})()"""

_SCROLL_JS = """(() => {
  const w = document.querySelector('.jp-Notebook .jp-WindowedPanel-outer') ||
            document.querySelector('.jp-Notebook');
  const before = w.scrollTop;
  w.scrollTop = before + 0.8 * w.clientHeight;
  return w.scrollTop > before;
})()"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def lab_server(root: Path = ROOT, *, disable_myst: bool = False, timeout: float = 120.0):
    """Yield ``(base URL, token)`` of a JupyterLab serving a copy of ``root/book``; stop it afterwards."""
    scratch = Path(tempfile.mkdtemp(prefix="labcheck-"))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(scratch / "config"),
           "JUPYTER_RUNTIME_DIR": str(scratch / "runtime")}
    if disable_myst:  # only in this throw-away config dir (`jupyter labextension disable` writes into the venv)
        labconfig = scratch / "config" / "labconfig"
        labconfig.mkdir(parents=True)
        (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": {"jupyterlab-myst": True}}))
    # serve a copy of the book: opening a notebook starts a kernel, which fills in its metadata,
    # and JupyterLab's autosave would write that into the working tree
    served = scratch / "root"
    shutil.copytree(root / "book", served / "book", ignore=shutil.ignore_patterns("_build", ".*"))
    port, token = _free_port(), secrets.token_hex(16)
    log = open(scratch / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", "--allow-root", f"--ServerApp.root_dir={served}"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {(scratch / 'server.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"jupyter lab did not answer within {timeout} s") from None
                time.sleep(0.5)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


def notebook_report(browser: sitecheck.Chromium, base: str, token: str, notebook: str,
                    timeout: float = 90.0, settle: float = 15.0, max_steps: int = 400) -> dict:
    """Open ``notebook`` (path relative to the server root) and collect what it shows, scrolling to the end.

    After each scroll step the markdown is given up to ``settle`` seconds to render;
    ``max_steps`` bounds the number of steps (a test of the first screen only uses 1).
    """
    page = browser.open_page(f"{base}/lab/tree/{notebook}?token={token}", width=1400, height=1000)
    try:
        deadline = time.monotonic() + timeout
        report = None
        while time.monotonic() < deadline:  # wait until the first cells are there
            report = page.evaluate(_REPORT_JS)
            if report and (report["math"] or report["admonitions"] or report["raw_directives"]):
                break
            time.sleep(0.5)
        if not report or not report["cells"]:
            raise RuntimeError(f"{notebook}: the notebook did not render within {timeout} s")
        total = {"raw_directives": set(), "raw_roles": set(), "proof_blocks": [], "admonitions": 0, "math": 0}
        for _ in range(max_steps):
            # markdown cells appear as raw text first and are rendered asynchronously: what is
            # still raw after `settle` seconds is what a reader sees
            settle_end = time.monotonic() + settle
            while True:
                time.sleep(0.3)
                report = page.evaluate(_REPORT_JS)
                if not report["raw_directives"] or time.monotonic() > settle_end:
                    break
            total["raw_directives"].update(report["raw_directives"])
            total["raw_roles"].update(report["raw_roles"])
            total["proof_blocks"] += [t for t in report["proof_blocks"] if t not in total["proof_blocks"]]
            total["admonitions"] = max(total["admonitions"], report["admonitions"])
            total["math"] = max(total["math"], report["math"])
            if not page.evaluate(_SCROLL_JS):
                break
        total["js_errors"] = page.js_errors()
        total["raw_directives"] = sorted(total["raw_directives"])
        total["raw_roles"] = sorted(total["raw_roles"])
        return total
    finally:
        page.close()


def problems_of(report: dict) -> list[str]:
    """What a reader of the notebook in JupyterLab should not see."""
    problems = []
    if report["raw_directives"]:
        problems.append(f"raw MyST directives visible: {report['raw_directives'][:5]}")
    if not any(t.startswith("Theorem") for t in report["proof_blocks"]):
        problems.append("no rendered theorem block")
    if report["math"] == 0:
        problems.append("no rendered math")
    return problems


if __name__ == "__main__":
    with lab_server() as (base, token), sitecheck.Chromium() as browser:
        for nb in sys.argv[1:] or ["book/01_permutations.ipynb"]:
            rep = notebook_report(browser, base, token, nb, max_steps=int(os.environ.get("LABCHECK_STEPS", 400)))
            print(nb, json.dumps({k: v for k, v in rep.items() if k != "proof_blocks"}),
                  f"{len(rep['proof_blocks'])} proof blocks", problems_of(rep) or "OK")
