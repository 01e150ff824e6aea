"""tekster/<sprog>.yaml: the workspace's own fixed texts, checked and used key by key."""

from __future__ import annotations

from pathlib import Path

from sektorplan.i18n import OVERVIEW, labels, workspace_texts

from ..conftest import run, write_files


def test_the_workspaces_texts_replace_the_built_in_ones_key_by_key(workspace: Path) -> None:
    write_files(
        workspace,
        {
            "tekster/kl.yaml": "vision: Takorluukkat nutaat\nstatuses:\n  udkast: Missingiut\n",
            "tekster/da.yaml": "action_plan: Indsatsplan\noversigt:\n  title: Overblik\n",
        },
    )
    assert run(["validate"], workspace).exit_code == 0
    result = run(["render", "planer/bs.yaml", "-f", "md", "--sprog", "kl"], workspace)
    assert result.exit_code == 0, result.output
    text = (workspace / "build" / "bs.md").read_text("utf-8")
    assert "## Takorluukkat nutaat" in text and "Missingiut" in text
    assert "## Indsatsplan" in text  # no Greenlandic label: the workspace's Danish one
    da = run(["render", "planer/bs.yaml", "-f", "md", "-o", "da", "--sprog", "da"], workspace)
    assert da.exit_code == 0
    assert "## Indsatsplan" in (workspace / "da" / "bs.md").read_text("utf-8")
    assert "## Vision" in (workspace / "da" / "bs.md").read_text("utf-8")


def test_workspace_texts_apply_only_while_they_are_in_use() -> None:
    with workspace_texts({"kl": {"vision": "X", "oversigt": {"title": "Y"}}}):
        assert labels("kl")["vision"] == "X" and labels("kl", OVERVIEW)["title"] == "Y"
        assert labels("da")["vision"] == "Vision"
    assert labels("kl")["vision"] == "Takorluukkat"


def test_the_build_renders_again_when_the_texts_change(workspace: Path) -> None:
    out = workspace / "ud"
    first = run(["build", "-o", "ud", "-f", "md", "--jobs", "1"], workspace)
    assert first.exit_code == 0, first.output
    write_files(workspace, {"tekster/kl.yaml": "vision: Takorluukkat nutaat\n"})
    again = run(["build", "-o", "ud", "-f", "md", "--jobs", "1"], workspace)
    assert again.exit_code == 0 and "allerede opdateret" not in again.output
    assert "## Takorluukkat nutaat" in (out / "kl" / "filer" / "bs.md").read_text("utf-8")


def test_a_wrong_value_type_and_a_file_outside_the_workspace_are_findings(
    workspace: Path, tmp_path: Path
) -> None:
    write_files(workspace, {"tekster/kl.yaml": "vision: [a, b]\nstatuses: Udkast\n"})
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    assert "tekster/kl.yaml:1:9: fejl SP102 vision: vision skal være en tekst" in result.output
    assert "tekster/kl.yaml:2:11: fejl SP102 statuses:" in result.output
    outside = tmp_path.parent / f"{tmp_path.name}-udenfor.yaml"
    outside.write_text("vision: Hemmelig\n", "utf-8")
    (workspace / "tekster" / "kl.yaml").unlink()
    (workspace / "tekster" / "kl.yaml").symlink_to(outside)
    refused = run(["validate"], workspace)
    assert refused.exit_code == 1 and "SP009" in refused.output
    assert "Traceback" not in refused.output
