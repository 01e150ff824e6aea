"""Every rule: its documented example triggers it, and the fixed form gives no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.check.examples import EXAMPLE_EPOCH, EXAMPLES, NOT_SHOWN_AS_TEXT
from sektorplan.check.validate import validate
from sektorplan.findings import RULES

from ..conftest import write_files


@pytest.fixture(autouse=True)
def as_of_the_examples_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)


def codes(root: Path) -> list[str]:
    return [f.rule for f in validate([root]).findings]


def test_every_rule_has_an_example() -> None:
    assert sorted([*EXAMPLES, *NOT_SHOWN_AS_TEXT]) == sorted(RULES)


def test_the_base_workspace_is_clean(workspace: Path) -> None:
    assert codes(workspace) == []


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_rule_triggers_on_its_example(code: str, tmp_path: Path) -> None:
    write_files(tmp_path, EXAMPLES[code].apply("bad"))
    assert code in codes(tmp_path)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_rule_is_quiet_on_the_fixed_example(code: str, tmp_path: Path) -> None:
    write_files(tmp_path, EXAMPLES[code].apply("good"))
    assert codes(tmp_path) == []
