"""`sektorplan init` and `sektorplan new`: from nothing to a plan that validates."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sektorplan.check.examples import BASE_CONFIG, BASE_FILES
from sektorplan.check.validate import validate
from sektorplan.cli import authoring
from sektorplan.cli.app import app
from sektorplan.load.workspace import default_config, default_config_text
from sektorplan.load.yamlfile import Document, load_bytes
from sektorplan.model.schema import shipped_texts

from ..conftest import EXAMPLE, write_files

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def workspace_at(folder: Path) -> Path:
    """`folder` as a workspace with the default sektorplan.yaml (`new` writes only in one)."""
    (folder / "sektorplan.yaml").write_bytes(default_config_text())
    return folder


def codes(*paths: Path) -> list[str]:
    return sorted({f.rule for f in validate(list(paths)).findings})


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of examples/sermersooq with a seventh forvaltning (TS) that has no plan yet."""
    root = tmp_path / "sermersooq"
    shutil.copytree(EXAMPLE, root)
    config = root / "sektorplan.yaml"
    text = config.read_text(encoding="utf-8")
    anchor = "  - {id: KS, navn: Koncern Service}\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + "  - {id: TS, navn: Teknik og Service}\n"))
    return root


# --- init ---------------------------------------------------------------------------------------


def test_init_writes_a_workspace_that_validates(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    ws = tmp_path / "ws"
    config = (ws / "sektorplan.yaml").read_bytes()
    assert config.startswith(b"# yaml-language-server: $schema=sektorplan-config.schema.json\n")
    assert config.endswith(default_config_text())
    assert (ws / "planer").is_dir()
    for name, text in shipped_texts().items():
        assert (ws / name).read_text(encoding="utf-8") == text
    assert validate([ws]).findings == []


def test_init_refuses_when_anything_exists_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "sektorplan.schema.json").write_text("mit eget skema")
    before = snapshot(tmp_path)
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert "sektorplan.schema.json" in result.stderr
    assert "Intet er ændret" in result.stderr
    assert snapshot(tmp_path) == before


def test_init_force_replaces_the_files(tmp_path: Path) -> None:
    (tmp_path / "sektorplan.yaml").write_text("kommune: min egen\n")
    result = run("init", "--force", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sektorplan.yaml").read_bytes().endswith(default_config_text())
    assert not [p for p in tmp_path.rglob("*.tmp")]


@pytest.mark.parametrize("in_the_way", ["sektorplan.yaml", "sektorplan.schema.json"])
def test_init_force_writes_nothing_when_a_folder_is_in_the_way(in_the_way, tmp_path) -> None:
    (tmp_path / in_the_way).mkdir()
    before = snapshot(tmp_path)
    result = run("init", "--force", str(tmp_path))
    assert result.exit_code == 1
    assert in_the_way in result.stderr and "er en mappe" in result.stderr
    assert "Intet er ændret" in result.stderr
    assert snapshot(tmp_path) == before


# --- new: the plan validates ------------------------------------------------------------------


def test_new_then_validate_gives_only_placeholder_warnings(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))  # no sektorplan.yaml: the embedded default applies
    result = run("new", "BS", "--no-input")
    assert result.exit_code == 0, result.output
    assert codes(tmp_path) == ["SP308"]
    assert run("validate").exit_code == 0
    assert run("validate", "--strict").exit_code == 1


def test_new_plan_in_the_example_workspace_adds_no_other_finding(example, monkeypatch) -> None:
    monkeypatch.chdir(example)
    assert codes(example) == []
    assert run("new", "TS", "--no-input").exit_code == 0
    assert codes(example) == ["SP308"]


def test_new_numbers_ids_from_the_forvaltning(example, monkeypatch) -> None:
    monkeypatch.chdir(example)
    run("new", "TS", "--no-input")
    text = (example / "planer" / "ts.yaml").read_text(encoding="utf-8")
    for line in ("- id: TS-1\n", "- id: TS-1.1\n", "- id: TS-1.1.a\n", "- id: TS-I1\n"):
        assert line in text
    assert "forvaltning: TS\n" in text
    assert "periode: {fra: 2024, til: 2035}" in text
    assert "målværdier: {2027: 0, 2031: 0, 2035: 0}" in text


def test_new_with_force_over_an_existing_plan_is_not_a_second_plan(example, monkeypatch) -> None:
    monkeypatch.chdir(example)
    result = run("new", "BS", "--no-input", "--force", "--titel", "Skoleplan")
    assert result.exit_code == 0, result.output
    assert codes(example / "planer" / "bs.yaml") == ["SP308"]
    assert "SP309" not in codes(example)


def test_new_refuses_a_second_plan_for_a_forvaltning(example, monkeypatch) -> None:
    monkeypatch.chdir(example)
    result = run("new", "BS", "--no-input", "--output", "planer/skole.yaml")
    assert result.exit_code == 1
    assert "planer/bs.yaml er allerede planen for BS" in result.stderr
    assert not (example / "planer" / "skole.yaml").exists()


def test_new_avoids_ids_that_other_plans_use(tmp_path, monkeypatch) -> None:
    files = dict(BASE_FILES)
    del files["planer/bs.yaml"]
    files["planer/am.yaml"] = files["planer/am.yaml"].replace("id: AM-1\n", "id: BS-1\n")
    files["planer/am.yaml"] = files["planer/am.yaml"].replace("id: AM-I1\n", "id: BS-I1\n")
    write_files(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert run("new", "BS", "--no-input").exit_code == 0
    text = (tmp_path / "planer" / "bs.yaml").read_text(encoding="utf-8")
    assert "- id: BS-2\n" in text and "- id: BS-I2\n" in text
    assert codes(tmp_path) == ["SP308"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("periode: {fra: 2024, til: 2035}", "periode: {fra: 2026, til: 2035}"),  # a short period
        ("{id: BS, navn:", "{id: 'NO', navn:"),  # an id YAML would read as false
        ("sprog: [da, kl]", "sprog: [kl, da]"),  # another primary language
    ],
)
def test_new_plan_validates_in_other_workspaces(old, new, tmp_path, monkeypatch) -> None:
    assert old in BASE_CONFIG
    write_files(tmp_path, {"sektorplan.yaml": BASE_CONFIG.replace(old, new)})
    monkeypatch.chdir(tmp_path)
    dept = "NO" if "'NO'" in new else "BS"
    result = run("new", dept, "--no-input")
    assert result.exit_code == 0, result.output
    assert codes(tmp_path) == ["SP308"]


def test_new_follows_the_workspace_option(tmp_path, monkeypatch) -> None:
    write_files(tmp_path / "ws", dict(BASE_FILES))
    monkeypatch.chdir(tmp_path)
    result = run("new", "BS", "--no-input", "--workspace", "ws")
    assert result.exit_code == 1
    assert "ws/planer/bs.yaml findes allerede" in result.stderr
    assert run("new", "bs", "--no-input", "--workspace", "ws", "--force").exit_code == 0
    assert codes(tmp_path / "ws") == ["SP308"]


# --- new: never overwrite, never wait -----------------------------------------------------------


def test_new_twice_refuses_and_leaves_the_file_unchanged(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    assert run("new", "BS", "--no-input", "--titel", "Første").exit_code == 0
    plan = tmp_path / "planer" / "bs.yaml"
    plan.write_bytes(plan.read_bytes() + b"# mine egne noter\n")
    before = plan.read_bytes()
    result = run("new", "BS", "--no-input", "--titel", "Anden")
    assert result.exit_code == 1
    assert "findes allerede" in result.stderr and "--force" in result.stderr
    assert plan.read_bytes() == before


def test_missing_forvaltning_without_input_is_a_usage_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    result = run("new", "--no-input")
    assert result.exit_code == 2
    assert "Angiv forvaltningen" in result.stderr
    assert "BS (Forvaltning for Børn og Skole)" in result.stderr
    assert not (tmp_path / "planer").exists()


def test_without_a_terminal_nothing_is_asked(tmp_path, monkeypatch) -> None:
    """CliRunner's stdin is no terminal: no prompt, even without --no-input."""
    monkeypatch.chdir(workspace_at(tmp_path))
    result = run("new")
    assert result.exit_code == 2
    assert "Vælg" not in result.output
    assert run("new", "BS").exit_code == 0
    text = (tmp_path / "planer" / "bs.yaml").read_text(encoding="utf-8")
    assert 'titel: "UDFYLD: planens titel' in text


def test_no_input_wins_over_a_terminal(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(authoring, "interactive", lambda: True)
    result = runner.invoke(app, ["new", "--no-input"], input="3\n")
    assert result.exit_code == 2
    assert "Vælg" not in result.output


def test_unknown_forvaltning_lists_the_known_ones(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    result = run("new", "XY", "--no-input")
    assert result.exit_code == 2
    assert "«XY» findes ikke" in result.stderr
    assert "AM (Forvaltning for Anlæg og Miljø)" in result.stderr


# --- new: in a terminal -------------------------------------------------------------------------


def test_interactive_asks_for_forvaltning_and_title(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    monkeypatch.setattr(authoring, "interactive", lambda: True)
    result = runner.invoke(app, ["new"], input="9\n3\nMin skoleplan\n")
    assert result.exit_code == 0, result.output
    assert "3. BS  Forvaltning for Børn og Skole" in result.output
    assert "Skriv et nummer fra 1 til 6" in result.stderr  # 9 is no choice: asked again
    text = (tmp_path / "planer" / "bs.yaml").read_text(encoding="utf-8")
    assert 'titel: "Min skoleplan"\n' in text
    assert codes(tmp_path) == ["SP308"]


def test_interactive_accepts_an_id_and_the_suggested_title(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    monkeypatch.setattr(authoring, "interactive", lambda: True)
    result = runner.invoke(app, ["new"], input="va\n\n")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "planer" / "va.yaml").read_text(encoding="utf-8")
    assert 'titel: "Sektorplan for Forvaltning for Velfærd og Arbejdsmarked 2024–2035"' in text


def test_interactive_end_of_input_aborts_without_writing(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    monkeypatch.setattr(authoring, "interactive", lambda: True)
    result = runner.invoke(app, ["new"], input="")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a Danish message, not a crash
    assert "Afbrudt." in result.stderr
    assert not (tmp_path / "planer").exists()


# --- new: values from options are data ----------------------------------------------------------

NASTY = "Skole: \"plan\" # 1 – {{ titel }} 'ja' NO"


def test_option_values_round_trip_exactly(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    result = run(
        "new", "BS", "--no-input", "--titel", NASTY, "--ansvarlig", "Chef: #1", "--email", "a@b.gl"
    )
    assert result.exit_code == 0, result.output
    doc = load_bytes((tmp_path / "planer" / "bs.yaml").read_bytes(), Document(Path("x"), "x"))
    assert doc.findings == []
    assert doc.data["titel"] == NASTY
    assert doc.data["ansvarlig"] == {"navn": "Chef: #1", "email": "a@b.gl"}
    assert codes(tmp_path) == ["SP308"]  # only the template's own placeholders


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
        min_size=1,
    ).filter(str.strip)
)
def test_any_title_round_trips(title: str) -> None:
    config = default_config()
    request = authoring.PlanRequest(config.departments[0], title=title, owner=title)
    text = authoring.render_plan(config, request, set(), "../sektorplan.schema.json")
    doc = load_bytes(text.encode("utf-8"), Document(Path("x"), "x"))
    assert doc.findings == []
    assert doc.data["titel"] == title
    assert doc.data["ansvarlig"]["navn"] == title


@pytest.mark.parametrize("value", ["", "   ", "to\nlinjer", "klokke\x07"])
def test_bad_option_text_is_refused(value: str, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    result = run("new", "BS", "--no-input", "--titel", value)
    assert result.exit_code == 2
    assert "--titel" in result.stderr
    assert not (tmp_path / "planer").exists()


def test_output_outside_the_workspace_points_at_its_schema(tmp_path, monkeypatch) -> None:
    write_files(tmp_path / "ws", {"sektorplan.yaml": BASE_CONFIG, **shipped_texts()})
    monkeypatch.chdir(tmp_path / "ws")
    result = run("new", "BS", "--no-input", "--output", str(tmp_path / "kladde" / "bs.yaml"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "kladde" / "bs.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../ws/sektorplan.schema.json\n")
    assert not (tmp_path / "ws" / "planer").exists()


def test_a_broken_workspace_config_is_reported(tmp_path, monkeypatch) -> None:
    write_files(tmp_path, {"sektorplan.yaml": "format: 1\nkommune: X\n"})
    monkeypatch.chdir(tmp_path)
    result = run("new", "BS", "--no-input")
    assert result.exit_code == 1
    assert "sektorplan.yaml har fejl" in result.stderr


def test_default_output_follows_the_plan_glob(tmp_path: Path) -> None:
    config = default_config().model_copy(update={"plans_glob": "sektor/planer/*.yml"})
    target = authoring.default_output(tmp_path, config, config.departments[2])
    assert target == tmp_path / "sektor" / "planer" / "bs.yml"


def test_new_reads_sektorplan_yaml_once(example, monkeypatch) -> None:
    """The plans are found with the configuration already read, not a second reading that
    could differ (the file changed in between) and costs the time of a whole validation."""
    reads: list[Path] = []
    os_open = os.open

    def counting(path: str | Path, flags: int, *args: object) -> int:
        reads.append(Path(path))
        return os_open(path, flags, *args)

    monkeypatch.chdir(example)
    monkeypatch.setattr(os, "open", counting)
    assert run("new", "TS", "--no-input").exit_code == 0
    assert [p.name for p in reads].count("sektorplan.yaml") == 1
    assert not [p for p in reads if p.suffix == ".csv"]  # measurements are no business of new


# --- new: the editor's $schema line -------------------------------------------------------------


def test_new_after_init_points_at_the_schema_init_wrote(tmp_path, monkeypatch) -> None:
    assert run("init", str(tmp_path)).exit_code == 0
    monkeypatch.chdir(tmp_path)
    assert run("new", "BS", "--no-input").exit_code == 0
    text = (tmp_path / "planer" / "bs.yaml").read_text(encoding="utf-8")
    line = "# yaml-language-server: $schema=../sektorplan.schema.json\n"
    assert text.startswith(line)
    assert (tmp_path / "planer" / "../sektorplan.schema.json").is_file()


def test_new_without_a_schema_writes_no_line_to_a_missing_file(tmp_path, monkeypatch) -> None:
    write_files(tmp_path, {"sektorplan.yaml": BASE_CONFIG})
    monkeypatch.chdir(tmp_path)
    result = run("new", "BS", "--no-input")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "planer" / "bs.yaml").read_text(encoding="utf-8")
    assert "yaml-language-server" not in text
    assert not (tmp_path / "sektorplan.schema.json").exists()  # new writes only the plan
    assert "sektorplan schema --output ." in result.stdout
    assert "$schema=../sektorplan.schema.json" in result.stdout
    assert codes(tmp_path) == ["SP308"]


# --- new: the title at a prompt -----------------------------------------------------------------


def test_interactive_blank_title_is_asked_again(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(workspace_at(tmp_path))
    monkeypatch.setattr(authoring, "interactive", lambda: True)
    result = runner.invoke(app, ["new", "BS"], input="   \nMin plan\n")
    assert result.exit_code == 0, result.output
    assert "Titlen er tom" in result.stderr
    assert result.output.count("Planens titel") == 2
    text = (tmp_path / "planer" / "bs.yaml").read_text(encoding="utf-8")
    assert 'titel: "Min plan"\n' in text


# --- new: -o ------------------------------------------------------------------------------------


def test_new_short_output_option(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "BS", "--no-input", "-o", "kladde.yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kladde.yaml").is_file()
    before = (tmp_path / "kladde.yaml").read_bytes()
    assert run("new", "BS", "--no-input", "-o", "kladde.yaml", "--titel", "X").exit_code == 1
    assert (tmp_path / "kladde.yaml").read_bytes() == before


# --- the YAML text new writes -------------------------------------------------------------------


def test_letters_and_emoji_are_written_as_typed(tmp_path, monkeypatch) -> None:
    title = "Skolen 😀 i Nuuk – 𝔸nnaaq 𠀋 ø"
    monkeypatch.chdir(workspace_at(tmp_path))
    result = run("new", "BS", "--no-input", "--titel", title, "--ansvarlig", "Chef \\U0001F600")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "planer" / "bs.yaml").read_text(encoding="utf-8")
    assert f'titel: "{title}"\n' in text
    assert 'navn: "Chef \\\\U0001F600"\n' in text  # a typed backslash stays a backslash
    data = yaml.safe_load(text)
    assert data["titel"] == title and data["ansvarlig"]["navn"] == "Chef \\U0001F600"


# YAML 1.2 (core schema) reads these as null, booleans or numbers; YAML 1.1 readers
# (PyYAML) some others. Each must be quoted to stay the text it is.
NOT_TEXT = [
    "1e3", "1E3", "+1e-3", "0o17", "0x1F", ".inf", "-.Inf", ".NaN", "~", "null", "Null",
    "true", "FALSE", "yes", "No", "on", "OFF", "y", "N", "17.10", "2024", "-0", "1.",
    ".5", "0b101", "1_000", "12:30", "2024-01-01", "=", "<<", "",
]  # fmt: skip
# YAML 1.2's core-schema forms of a null, a boolean, an integer or a float.
YAML12 = re.compile(
    r"null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def _reads_back(written: str, value: str) -> bool:
    block = yaml.safe_load(f"k: {written}\n")["k"]
    flow = yaml.safe_load(f"k: [{written}]\n")["k"]
    return block == value and flow == [value]


@pytest.mark.parametrize("value", NOT_TEXT)
def test_yaml_id_quotes_what_a_yaml_reader_would_not_read_as_text(value: str) -> None:
    written = authoring.yaml_id(value)
    assert written.startswith('"'), value
    assert _reads_back(written, value)


@pytest.mark.parametrize("value", ["BS", "BS-1.1", "BS-1.1.a", "TS-I1", "Nuuk", "KV1", "0o"])
def test_yaml_id_leaves_ordinary_ids_plain(value: str) -> None:
    assert authoring.yaml_id(value) == value


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
        max_size=8,
    )
    | st.from_regex(YAML12, fullmatch=True)
)
def test_yaml_id_reads_back_as_the_same_text(value: str) -> None:
    written = authoring.yaml_id(value)
    assert _reads_back(written, value)
    if not written.startswith('"'):
        assert not YAML12.fullmatch(value)  # also text to a YAML 1.2 reader
