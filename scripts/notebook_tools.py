"""Keep the chapter notebooks in the shape the teaching kit needs (issue 14).

``python scripts/notebook_tools.py`` rewrites every chapter of ``_toc.yml`` in place:

* **bootstrap cell**: the first code cell installs the support package when ``import nnsym``
  is not possible (Colab, a bare Binder), from the repository named once, in
  ``_config.yml`` (``repository.url``); where ``nnsym`` is importable it does nothing.
* **folded in JupyterLab**: solution code cells (source and outputs) and the cells the
  website hides (``hide-input``, ``hide-cell``) are folded there too (``metadata.jupyter``);
* **separable solutions**: every gated solution (``solution-start`` ... ``solution-end``)
  lives in cells of its own, each tagged ``solution``; the exercise statement and the text
  after the solution stay in untagged cells. ``scripts/student_edition.py`` drops the tagged
  cells.

``--check`` changes nothing and exits 1 if a chapter is not in that shape
(``tests/test_teaching_kit.py`` runs the same check).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_TAG = "solution"
BOOTSTRAP_TAG = "bootstrap"
_START = re.compile(r"^(:{3,})\{solution-start\}[^\n]*\n(?:[ \t]*:[\w-]+:[^\n]*\n)*\1[ \t]*$", re.M)
_END = re.compile(r"^(:{3,})\{solution-end\}[^\n]*\n\1[ \t]*$", re.M)


def repository_url(root: Path = ROOT) -> str:
    """``repository.url`` of ``_config.yml``: the one place the book's repository is named."""
    url = yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"]
    if not isinstance(url, str) or not url.startswith("https://"):
        raise ValueError(f"_config.yml: repository.url must be an https URL, got {url!r}")
    return url.rstrip("/")


def bootstrap_source(root: Path = ROOT) -> str:
    """The first code cell of every chapter."""
    return (
        "# Colab or Binder without the book's package: install it from the book's repository.\n"
        "# Where `nnsym` is importable (a local install, CI) this cell does nothing.\n"
        "import importlib.util, subprocess, sys\n"
        "\n"
        f'NNSYM_SOURCE = "git+{repository_url(root)}"\n'
        'if importlib.util.find_spec("nnsym") is None:\n'
        '    print(f"nnsym is not installed here: pip install {NNSYM_SOURCE}")\n'
        "    subprocess.run(\n"
        '        [sys.executable, "-m", "pip", "install", "-q", NNSYM_SOURCE], check=True\n'
        "    )"
    )


def chapters(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks of ``_toc.yml`` (numbered parts)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    out = []
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            path = root / (entry["file"] + ".ipynb")
            if path.exists():
                out.append(path)
    return out


def _md(source: str, tags: list[str] | None = None) -> dict:
    meta = {"tags": tags} if tags else {}
    return {"cell_type": "markdown", "metadata": meta, "source": source.splitlines(keepends=True)}


def _tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _set_tag(cell: dict, tag: str, on: bool) -> None:
    tags = [t for t in _tags(cell) if t != tag] + ([tag] if on else [])
    if tags:
        cell.setdefault("metadata", {})["tags"] = tags
    else:
        cell.get("metadata", {}).pop("tags", None)


def separate_solutions(cells: list[dict]) -> list[dict]:
    """Split markdown cells at solution boundaries and tag every cell of a solution ``solution``."""
    out: list[dict] = []
    inside = False
    for cell in cells:
        if cell["cell_type"] != "markdown":
            if cell["cell_type"] == "code":
                _set_tag(cell, SOLUTION_TAG, inside)
            out.append(cell)
            continue
        text = "".join(cell["source"])
        pieces: list[tuple[str, bool]] = []  # (text, in a solution)
        pos = 0
        while True:
            pattern = _END if inside else _START
            match = pattern.search(text, pos)
            if match is None:
                pieces.append((text[pos:], inside))
                break
            if inside:  # the end fence belongs to the solution
                pieces.append((text[pos:match.end()], True))
            else:  # the start fence opens the solution's first cell
                pieces.append((text[pos:match.start()], False))
                pieces.append((text[match.start():match.end()], True))
            pos = match.end()
            inside = not inside
        merged: list[tuple[str, bool]] = []
        for piece, flag in pieces:
            if merged and merged[-1][1] == flag:
                merged[-1] = (merged[-1][0] + piece, flag)
            else:
                merged.append((piece, flag))
        kept = [(p.strip("\n"), f) for p, f in merged if p.strip()]
        if len(kept) == 1 and kept[0][0] == text.strip("\n"):
            _set_tag(cell, SOLUTION_TAG, kept[0][1])
            out.append(cell)
            continue
        for piece, flag in kept:
            new = _md(piece, [SOLUTION_TAG] if flag else None)
            out.append(new)
    if inside:
        raise ValueError("a solution-start has no matching solution-end")
    return out


def with_bootstrap(cells: list[dict], source: str) -> list[dict]:
    """Put the bootstrap cell first among the code cells (replacing an older one)."""
    cells = [c for c in cells if BOOTSTRAP_TAG not in _tags(c)]
    cell = {"cell_type": "code", "execution_count": None, "outputs": [],
            "metadata": {"tags": [BOOTSTRAP_TAG, "remove-cell"]},
            "source": source.splitlines(keepends=True)}
    first_code = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
    return cells[:first_code] + [cell] + cells[first_code:]


def fold_in_jupyterlab(cells: list[dict]) -> list[dict]:
    """Fold what the website hides in JupyterLab too (``metadata.jupyter``, which myst-nb ignores).

    Solution code cells: source and outputs folded, so a student sees a collapsed bar under
    the exercise, not the answer. Cells tagged ``hide-input``/``hide-cell``/``bootstrap``:
    source folded.
    """
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        tags = _tags(cell)
        fold = {}
        if SOLUTION_TAG in tags:
            fold = {"source_hidden": True, "outputs_hidden": True}
        elif {"hide-input", "hide-cell", BOOTSTRAP_TAG} & set(tags):
            fold = {"source_hidden": True}
        jupyter = cell.setdefault("metadata", {}).get("jupyter", {})
        if SOLUTION_TAG not in tags:
            jupyter.pop("outputs_hidden", None)
        if fold:
            jupyter.update(fold)
        if jupyter:
            cell["metadata"]["jupyter"] = jupyter
        else:
            cell["metadata"].pop("jupyter", None)
    return cells


def normalise(nb: dict, root: Path = ROOT) -> dict:
    nb = json.loads(json.dumps(nb))
    nb["cells"] = fold_in_jupyterlab(with_bootstrap(separate_solutions(nb["cells"]), bootstrap_source(root)))
    if nb.get("nbformat_minor", 0) >= 5:  # nbformat 4.5 wants unique cell ids: keep existing ones
        seen = {c["id"] for c in nb["cells"] if "id" in c}
        for cell in nb["cells"]:
            if "id" in cell:
                continue
            base = f"{cell['cell_type'][:2]}-" + hashlib.sha1("".join(cell["source"]).encode()).hexdigest()[:12]
            new_id, k = base, 1
            while new_id in seen:
                k += 1
                new_id = f"{base}-{k}"
            cell["id"] = new_id
            seen.add(new_id)
    return nb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a chapter would change")
    args = ap.parse_args(argv)
    stale = []
    for path in chapters():
        nb = json.loads(path.read_text(encoding="utf-8"))
        new = normalise(nb)
        if new["cells"] != nb["cells"]:
            stale.append(path.name)
            if not args.check:
                path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.check and stale:
        print("not in shape (run python scripts/notebook_tools.py):", ", ".join(stale))
        return 1
    print(("rewrote: " + ", ".join(stale)) if stale else "all chapters in shape")
    return 0


if __name__ == "__main__":
    sys.exit(main())
