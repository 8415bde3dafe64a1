"""Author-year labels in the bibliography, to match the author-year citations in the text.

The chapters cite author-year (``bibtex_reference_style: author_year``: "Sonoda et al.
(2021)"), but pybtex's ``plain`` style numbers the list ([1], [2], ...), so a reader cannot
find a citation in the list by its label (issue 13). The ``authoryear`` style registered
here formats entries like ``plain`` and labels them "Sonoda et al. 2021" (a, b, ... appended
where two entries would share a label); ``_config.yml`` selects it with
``bibtex_default_style: authoryear``.
"""

from __future__ import annotations

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx


def _surname(person) -> str:
    parts = person.prelast_names + person.last_names
    return " ".join(str(p).replace("{", "").replace("}", "") for p in parts) or "Anon."


def author_year_label(entry) -> str:
    """``Last 2024``, ``Last and Other 2024`` or ``Last et al. 2024``."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(p) for p in people]
    if not names:
        who = entry.fields.get("organization", entry.fields.get("title", "Anon.")).split(",")[0]
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year_label(e) for e in entries]
        counts, seen = Counter(labels), Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield f"{label}{'abcdefghijklmnopqrstuvwxyz'[seen[label] - 1]}"
            else:
                yield label


class AuthorYearStyle(PlainStyle):
    default_label_style = AuthorYearLabelStyle


register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)


def setup(app: Sphinx) -> dict:
    return {"parallel_read_safe": True, "parallel_write_safe": True}
