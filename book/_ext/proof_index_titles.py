"""The proof index (``prf-prf.html``) lists theorems by their titles, not their labels.

sphinx-proof 0.4 builds its index from ``env.proof_list``, which keeps the label
(``def-bfd``) but not the title ("Batch functional dimension"), and has no option to change
that (issue 13). This extension records each directive's title next to its label and
replaces ``ProofIndex.generate`` so that an entry reads "Batch functional dimension",
with the kind ("Definition") and the chapter beside it, grouped by first letter.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sphinx.application import Sphinx

_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


def plain_title(argument: str) -> str:
    """A directive title as plain text: MyST roles (citations) dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", _ROLE.sub("", argument)).strip(" ,;")


def proof_index_entries(proof_list: dict, page_titles: dict[str, str] | None = None
                        ) -> list[tuple[str, list[tuple]]]:
    """Index content ``[(letter, [(name, 0, docname, anchor, extra, '', descr), ...]), ...]``.

    ``name`` is the recorded title (the label when there is none), ``extra`` the kind
    ("Theorem"), ``descr`` the page title when known, else the docname.
    """
    page_titles = page_titles or {}
    content: dict[str, list[tuple]] = defaultdict(list)
    for anchor, values in proof_list.items():
        name = values.get("title_text") or anchor
        kind = values.get("realtype", "").capitalize()
        docname = values["docname"]
        content[name[0].upper()].append(
            (name, 0, docname, anchor, kind, "", page_titles.get(docname, docname)))
    return [(letter, sorted(entries, key=lambda e: e[0].lower()))
            for letter, entries in sorted(content.items())]


def setup(app: Sphinx) -> dict:
    from sphinx_proof import directive, domain

    original_run = directive.ElementDirective.run
    if not getattr(original_run, "_records_titles", False):
        def run(self):
            result = original_run(self)
            label = self.options.get("label", "")
            proofs = getattr(self.env, "proof_list", {})
            if label and label in proofs and self.arguments:
                proofs[label]["title_text"] = plain_title(self.arguments[0])
            return result

        run._records_titles = True  # type: ignore[attr-defined]
        directive.ElementDirective.run = run

    def generate(self, docnames=None):
        env = self.domain.env
        titles = {doc: node.astext() for doc, node in getattr(env, "titles", {}).items()}
        return proof_index_entries(getattr(env, "proof_list", {}), titles), True

    domain.ProofIndex.generate = generate
    return {"parallel_read_safe": True, "parallel_write_safe": True}
