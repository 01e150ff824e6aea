"""A plan that cannot be read gives its own findings, not false ones in the other files."""

from __future__ import annotations

from pathlib import Path

from sektorplan.check.examples import BASE_CSV
from sektorplan.check.validate import validate

from ..conftest import edit, write_files


def found(root: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.file.name if f.file else "") for f in validate([root]).findings]


def break_yaml(path: Path) -> None:
    """A YAML syntax error at the end of the file: an unclosed flow list."""
    with path.open("a", encoding="utf-8") as file:
        file.write("noter: [\n")


def test_references_into_a_plan_with_a_syntax_error_are_not_unknown(workspace: Path) -> None:
    # bs.yaml depends on AM-I1; the measurement file names AM-1.1.a: both defined in am.yaml.
    write_files(workspace, {"målinger/statistik.csv": BASE_CSV})
    break_yaml(workspace / "planer" / "am.yaml")
    assert found(workspace) == [("SP004", "am.yaml")]


def test_a_goal_a_plan_with_a_syntax_error_contributes_to_is_not_without_initiatives(
    workspace: Path,
) -> None:
    # BS-1 is then served only by AM-I1 (bidrager-til: [AM-1.1, BS-1]) in the broken am.yaml.
    edit(workspace / "planer" / "bs.yaml", "bidrager-til: [BS-1.1]", "bidrager-til: [AM-1.1]")
    break_yaml(workspace / "planer" / "am.yaml")
    assert found(workspace) == [("SP004", "am.yaml")]


def test_an_id_the_broken_plan_does_not_hold_is_still_unknown(workspace: Path) -> None:
    write_files(workspace, {"målinger/statistik.csv": BASE_CSV + "AM-9.9.z,2025,3\n"})
    edit(workspace / "planer" / "bs.yaml", "afhænger-af: [AM-I1]", "afhænger-af: [AM-I9]")
    break_yaml(workspace / "planer" / "am.yaml")
    assert sorted(found(workspace)) == [
        ("SP004", "am.yaml"),
        ("SP208", "bs.yaml"),
        ("SP223", "statistik.csv"),
    ]


def test_references_are_not_unknown_while_a_plan_cannot_be_decoded(workspace: Path) -> None:
    path = workspace / "planer" / "am.yaml"
    path.write_bytes(path.read_bytes().replace("Miljø".encode(), "Milj\xf8".encode("latin-1")))
    write_files(workspace, {"målinger/statistik.csv": BASE_CSV})
    assert found(workspace) == [("SP001", "am.yaml")]


def test_an_empty_plan_defines_nothing(workspace: Path) -> None:
    (workspace / "planer" / "am.yaml").write_text("# kommer senere\n", encoding="utf-8")
    assert sorted(found(workspace)) == [("SP002", "am.yaml"), ("SP208", "bs.yaml")]
