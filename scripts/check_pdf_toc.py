"""Check the chapter numbers of the built PDF against the website's (issue 13).

``python scripts/check_pdf_toc.py [_build/latex/many-parameters-one-function.toc]`` reads the
table of contents LaTeX wrote for the PDF and exits 1 unless

* its chapters are the pages of ``_toc.yml`` in order (compared by the first word of their
  titles), followed only by LaTeX's unnumbered extras (Bibliography, Proof Index, Index);
* the chapters of the part marked ``numbered: true`` carry the numbers 1, 2, ... in order
  (the website's), and every other chapter has no number.

``.ci/run`` runs it after ``CI_PDF=1`` built the PDF; ``tests/test_pdf.py`` runs it on
hand-written tables of contents.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TOC = ROOT / "_build" / "latex" / "many-parameters-one-function.toc"
EXTRAS = ("Bibliography", "Proof Index", "Index")  # LaTeX's own chapters, after the book's
_CHAPTER = re.compile(r"^\\contentsline \{chapter\}\{(\\numberline \{(\d+)\})?(.*)\}\{[^{}]*\}\{[^{}]*\}%?$")


def toc_chapters(toc_text: str) -> list[tuple[int | None, str]]:
    """``[(number or None, title), ...]`` of the ``\\contentsline {chapter}`` lines of a .toc."""
    out = []
    for line in toc_text.splitlines():
        match = _CHAPTER.match(line.strip())
        if match:
            out.append((int(match.group(2)) if match.group(2) else None, match.group(3)))
    return out


def _first_word(title: str) -> str:
    words = re.findall(r"[A-Za-z]+", re.sub(r"\\[A-Za-z]+ ?(\{\})?", " ", title))
    return words[0] if words else ""


def _page_title(path: Path) -> str:
    """The first level-1 heading of a page (.md) or notebook (.ipynb)."""
    if path.suffix == ".ipynb":
        text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                         if c["cell_type"] == "markdown")
    else:
        text = path.read_text()
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    if match is None:
        raise ValueError(f"{path}: no '# title' line")
    return match.group(1)


def expected_chapters(toc_yml: dict, root: Path = ROOT) -> list[tuple[int | None, str]]:
    """``[(number or None, first word of the title), ...]`` that the website shows."""
    out, number = [], 0
    for part in toc_yml["parts"]:
        for chapter in part["chapters"]:
            stem = root / chapter["file"]
            path = next(p for p in (stem.with_suffix(".ipynb"), stem.with_suffix(".md")) if p.exists())
            if part.get("numbered"):
                number += 1
            out.append((number if part.get("numbered") else None, _first_word(_page_title(path))))
    return out


def problems(toc_text: str, toc_yml: dict, root: Path = ROOT) -> list[str]:
    """What differs between the PDF's chapters and the website's (empty when they agree)."""
    found = [(n, _first_word(t)) for n, t in toc_chapters(toc_text)]
    expected = expected_chapters(toc_yml, root)
    book, extras = found[:len(expected)], found[len(expected):]
    out = []
    if book != expected:
        out.append(f"PDF chapters {book} differ from the website's {expected}")
    stray = [(n, t) for n, t in extras if n is not None or t not in {e.split()[0] for e in EXTRAS}]
    if stray:
        out.append(f"unexpected chapters after the book's: {stray}")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    toc = Path(args[0]) if args else DEFAULT_TOC
    found = problems(toc.read_text(encoding="utf-8"), yaml.safe_load((ROOT / "_toc.yml").read_text()))
    for problem in found:
        print(f"FAIL {toc}: {problem}")
    if not found:
        numbered = [f"{n} {t[:40]}" for n, t in toc_chapters(toc.read_text(encoding="utf-8")) if n]
        print(f"PASS PDF chapter numbers agree with the website: {numbered}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
