"""book/_ext/proof_index_titles.py: the proof index shows titles, not labels."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))

import proof_index_titles as pit  # noqa: E402


def test_plain_title_drops_citations():
    assert pit.plain_title("Fourier slice and reconstruction {cite:p}`sonoda2021ghosts`") \
        == "Fourier slice and reconstruction"
    assert pit.plain_title("Upper bound") == "Upper bound"


def test_entries_use_titles_and_group_by_letter():
    proofs = {
        "def-bfd": {"docname": "book/02_functional_dimension", "realtype": "definition",
                    "title_text": "Batch functional dimension"},
        "thm-bound": {"docname": "book/02_functional_dimension", "realtype": "theorem",
                      "title_text": "Upper bound"},
        "thm-x": {"docname": "book/03_ridgelet", "realtype": "theorem"},
    }
    content = pit.proof_index_entries(proofs, {"book/02_functional_dimension": "Rescaling"})
    names = {entry[0]: entry for _, entries in content for entry in entries}
    assert "def-bfd" not in names and "Batch functional dimension" in names
    assert names["Batch functional dimension"][3] == "def-bfd"  # the anchor is the label
    assert names["Batch functional dimension"][4] == "Definition"
    assert names["Upper bound"][6] == "Rescaling"
    assert names["thm-x"][6] == "book/03_ridgelet"  # no title recorded: the label, docname
    assert [letter for letter, _ in content] == ["B", "T", "U"]


def test_setup_patches_sphinx_proof(monkeypatch):
    from sphinx_proof import directive, domain

    monkeypatch.setattr(directive.ElementDirective, "run", directive.ElementDirective.run)
    monkeypatch.setattr(domain.ProofIndex, "generate", domain.ProofIndex.generate)
    old_generate = domain.ProofIndex.generate
    pit.setup(None)
    assert getattr(directive.ElementDirective.run, "_records_titles", False)
    assert domain.ProofIndex.generate is not old_generate
