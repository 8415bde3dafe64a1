"""pytest configuration shared by the whole repository.

Before any test runs, put ``tests/offline`` on ``PYTHONPATH``: every Jupyter kernel that
pytest starts (nbval executing the chapters) then imports ``tests/offline/sitecustomize.py``,
which blocks outbound network connections. So one bare ``pytest`` proves that every chapter
executes with no network. ``tests/test_offline.py`` checks that the guard is really active.
"""

import os
from pathlib import Path

OFFLINE_GUARD = Path(__file__).resolve().parent / "tests" / "offline"


def pytest_configure(config):
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(OFFLINE_GUARD) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(OFFLINE_GUARD), *paths])
