"""Rewrite ``{doc}`NN_name``` links as short Markdown links: ``[Chapter N](NN_name.ipynb)``.

``{doc}`` prints the target's full title in running text ("... as in Permutation and sign-flip
symmetries: why equivalent minima grow factorially ...") and is raw text in JupyterLab; a
relative Markdown link reads "Chapter 1" on the website (Jupyter Book resolves it to the page)
and opens the notebook in JupyterLab (issue 13, ``shared/JUPYTERLAB.md``). Idempotent.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
PAGES = {"notation": "notation", "teaching": "the teachers' page", "references": "references",
         "exec_stats": "execution statistics", "verification": "verification ledger", "intro": "introduction"}
_DOC = re.compile(r"\{doc\}`(?:(?P<text>[^`<]*?)\s*<(?P<t1>[^`>]+)>|(?P<t2>[^`]+))`")


def _replace(match: re.Match) -> str:
    target = (match.group("t1") or match.group("t2")).strip()
    name = Path(target).name
    chapter = re.match(r"(\d\d)_", name)
    if (BOOK / f"{name}.ipynb").exists():
        text = match.group("text") or (f"Chapter {int(chapter.group(1))}" if chapter else name)
        return f"[{text}]({name}.ipynb)"
    if (BOOK / f"{name}.md").exists():
        return f"[{match.group('text') or PAGES.get(name, name)}]({name}.md)"
    return match.group(0)


def rewrite_text(text: str) -> str:
    return _DOC.sub(_replace, text)


def main() -> int:
    changed = []
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        dirty = False
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            old = "".join(cell["source"])
            new = rewrite_text(old)
            if new != old:
                cell["source"] = new.splitlines(keepends=True)
                dirty = True
        if dirty:
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            changed.append(path.name)
    for path in sorted(BOOK.glob("*.md")):
        old = path.read_text(encoding="utf-8")
        new = rewrite_text(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(path.name)
    print("rewrote: " + ", ".join(changed) if changed else "no {doc} links left")
    return 0


if __name__ == "__main__":
    sys.exit(main())
