from __future__ import annotations

import contextlib
import re
from pathlib import Path

from sektorplan.check import rulesdoc
from sektorplan.check.validate import validate
from sektorplan.cli.reporters import text_line

from ..conftest import ROOT


def test_rules_doc_is_generated_from_the_code() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rulesdoc.render(), (
        "Regenerate: python -m sektorplan.check.rulesdoc > docs/rules.md"
    )


def test_rules_doc_shows_every_rule_with_its_real_finding() -> None:
    text = rulesdoc.render()
    assert "fejl SP204 mål BS-1 › verdensmål nr. 2: 17.10 er skrevet uden anførselstegn" in text
    for code in ("SP001", "SP101", "SP216", "SP310"):
        assert f"### {code}" in text


# A file example in docs/format.md: the marker names the file the block is, in a workspace.
_FILE_EXAMPLE = re.compile(r"<!-- fil: (?P<name>\S+) -->\n```[a-z]*\n(?P<text>.*?)```", re.S)


def test_format_doc_examples_are_a_valid_workspace(tmp_path: Path) -> None:
    """The YAML and CSV examples in docs/format.md, each written as the file it names into an
    empty folder, are a workspace that validates without a single finding."""
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    examples = {m["name"]: m["text"] for m in _FILE_EXAMPLE.finditer(text)}
    assert set(examples) >= {
        "sektorplan.yaml",
        "planer/bs.yaml",
        "målinger/statistik.csv",
        "verdensmål.yaml",
    }
    for name, content in examples.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        result = validate([tmp_path])
    assert [text_line(f) for f in result.findings] == []
    assert result.files == len(examples)
