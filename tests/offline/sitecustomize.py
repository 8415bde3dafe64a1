"""No network for the notebooks: Python processes started with this folder on PYTHONPATH
cannot open an outbound connection; loopback (127.0.0.0/8, ::1) and Unix sockets still work.

The root ``conftest.py`` puts this folder on ``PYTHONPATH`` before ``pytest`` starts any
kernel, so every chapter that nbval executes runs with the guard (and ``.ci/run`` builds the
site with it too). A chapter that tries to download something fails with ``NetworkBlocked``
and a message naming the address. Kernels talk to their client over ZeroMQ on loopback,
which stays allowed. The guard covers Python-level sockets (urllib, requests, http.client,
asyncio, torch.hub / sklearn fetchers); a C library that opens its own sockets bypasses it.
"""

from __future__ import annotations

import ipaddress
import socket

_ORIGINAL = {}


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of connecting to anything but loopback."""


def is_local(family: int, address) -> bool:
    """True for Unix sockets and for loopback addresses (``localhost``, 127.0.0.0/8, ::1)."""
    if family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
        return True
    host = str(address[0]).split("%", 1)[0]
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: would need DNS and the network
        return False


def _guard(name: str):
    original = getattr(socket.socket, name)
    _ORIGINAL[name] = original

    def guarded(self, *args):
        address = args[-1] if name in ("sendto",) else args[0]
        if not is_local(self.family, address):
            raise NetworkBlocked(
                f"network access blocked while executing the book: {name}({address!r}); "
                "chapters must run offline (tests/offline/sitecustomize.py)"
            )
        return original(self, *args)

    guarded.__name__ = name
    guarded.__doc__ = original.__doc__
    setattr(socket.socket, name, guarded)


def install() -> None:
    """Patch ``socket.socket`` so connect/connect_ex/sendto refuse non-loopback addresses."""
    if _ORIGINAL:
        return
    for name in ("connect", "connect_ex", "sendto"):
        _guard(name)


def _run_next_sitecustomize() -> None:
    """Python imports only the first ``sitecustomize`` on ``sys.path``: run the one we shadow."""
    import importlib.machinery
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


if __name__ == "sitecustomize":
    install()
    try:
        _run_next_sitecustomize()
    except Exception as exc:  # never break interpreter start-up because of another hook
        print(f"tests/offline/sitecustomize.py: the next sitecustomize failed: {exc!r}", file=__import__("sys").stderr)
