from __future__ import annotations

from sektorplan import rulesdoc

from .conftest import ROOT


def test_rules_doc_is_generated_from_the_code() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rulesdoc.render(), "Regenerate: python -m sektorplan.rulesdoc > docs/rules.md"


def test_rules_doc_shows_every_rule_with_its_real_finding() -> None:
    text = rulesdoc.render()
    assert "fejl SP204 mål[0].verdensmål[1]: 17.10 er skrevet uden anførselstegn" in text
    for code in ("SP001", "SP101", "SP216", "SP310"):
        assert f"### {code}" in text
