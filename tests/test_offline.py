"""The chapters execute with no network.

The root ``conftest.py`` puts ``tests/offline`` (a ``sitecustomize`` that blocks outbound
sockets) on ``PYTHONPATH``, so the kernels in which nbval executes every chapter during the
same ``pytest`` run have no network. These tests prove the guard is active in such a kernel
(an outbound connection fails with ``NetworkBlocked``) while loopback still works, so the
chapter runs are not vacuously "offline".
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
GUARD_DIR = ROOT / "tests" / "offline"

_spec = importlib.util.spec_from_file_location("nnsym_offline_guard", GUARD_DIR / "sitecustomize.py")
guard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(guard)  # not installed in this process: __name__ is not "sitecustomize"

PROBE = r"""
import socket, threading
results = {}
try:
    socket.socket().connect(("192.0.2.1", 80))          # TEST-NET-1, never routed
    results["outbound"] = "connected"
except OSError as exc:
    results["outbound"] = type(exc).__name__
try:
    socket.create_connection(("2001:db8::1", 443), timeout=2)
    results["outbound6"] = "connected"
except OSError as exc:
    results["outbound6"] = type(exc).__name__
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
client = socket.create_connection(server.getsockname(), timeout=5)
results["loopback"] = "ok"
client.close(); server.close()
print(results)
"""


def test_pytest_kernels_get_the_guard():
    assert str(GUARD_DIR) in os.environ.get("PYTHONPATH", "").split(os.pathsep), \
        "conftest.py did not put tests/offline on PYTHONPATH"


def test_a_kernel_started_by_pytest_has_no_network():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert "'outbound': 'NetworkBlocked'" in text, text
    assert "'outbound6': 'NetworkBlocked'" in text, text
    assert "'loopback': 'ok'" in text, text


def test_without_the_guard_the_probe_is_not_blocked():
    """Control: the same probe in a plain interpreter is not refused by the guard."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", PROBE.replace("timeout=2", "timeout=0.2")
                          .replace('socket.socket().connect(("192.0.2.1", 80))',
                                   's = socket.socket(); s.settimeout(0.2); s.connect(("192.0.2.1", 80))')],
                         env=env, capture_output=True, text=True, timeout=60)
    assert "NetworkBlocked" not in out.stdout and "'loopback': 'ok'" in out.stdout, out


@pytest.mark.parametrize("address,local", [
    (("127.0.0.1", 80), True), (("127.5.0.1", 1), True), (("localhost", 8888), True),
    (("::1", 80, 0, 0), True), (("192.0.2.1", 80), False), (("8.8.8.8", 53), False),
    (("example.org", 443), False), (("2001:db8::1", 443, 0, 0), False),
])
def test_is_local(address, local):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    assert guard.is_local(family, address) is local


def test_the_shadowed_sitecustomize_still_runs(tmp_path):
    """A sitecustomize further down the path (Debian's, a tool's) is not lost."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "sitecustomize.py").write_text("import builtins\nbuiltins.OTHER_SITECUSTOMIZE_RAN = True\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(GUARD_DIR), str(other)]))
    code = ("import builtins, socket\n"
            "print(getattr(builtins, 'OTHER_SITECUSTOMIZE_RAN', False))\n"
            "try:\n    socket.socket().connect(('192.0.2.1', 80))\n"
            "except OSError as exc:\n    print(type(exc).__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "NetworkBlocked"], out


def test_unix_sockets_are_local():
    assert guard.is_local(socket.AF_UNIX, "/tmp/some.sock")
