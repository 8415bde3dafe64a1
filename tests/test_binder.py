"""binder/requirements.txt stays in sync with requirements.txt (issue 14).

Binder must run the same versions as the book's own environment, with the CPU build of
torch (a plain ``torch==X`` on the default index resolves to the multi-GB CUDA build) and
with jupyterlab-myst so that the chapters render there too.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# what the website build and the tests need, and Binder does not
NOT_ON_BINDER = {"jupyter-book", "sphinx-proof", "sphinx-exercise", "sphinxcontrib-bibtex", "pytest",
                 "nbval", "hypothesis", "ruff"}


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name, _, version = line.partition("==")
        assert version, f"{path.name}: unpinned requirement {line!r}"
        pins[name.strip().lower()] = version.strip()
    return pins


def test_binder_pins_match_requirements():
    main, binder = _pins(ROOT / "requirements.txt"), _pins(ROOT / "binder" / "requirements.txt")
    expected = {name: version for name, version in main.items() if name not in NOT_ON_BINDER}
    expected["torch"] = main["torch"] + "+cpu"
    assert binder == expected


def test_binder_installs_the_package_and_uses_the_cpu_index():
    lines = [l.strip() for l in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines
    assert any(l.startswith("--extra-index-url") and "whl/cpu" in l for l in lines)
    assert "jupyterlab-myst" in _pins(ROOT / "binder" / "requirements.txt")
