"""`sektorplan schema`: the JSON Schemas, their shipped copies and an off-the-shelf validator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sektorplan.cli.app import app
from sektorplan.model.schema import (
    CONFIG_SCHEMA,
    PLAN_SCHEMA,
    YEAR_KEY_PATTERN,
    schema_texts,
    shipped_texts,
)

from ..conftest import EXAMPLE, ROOT, missing_tool

runner = CliRunner()
DATA = ROOT / "src" / "sektorplan" / "data"


def test_shipped_schemas_equal_the_generated_ones() -> None:
    """If this fails: `sektorplan schema --output src/sektorplan/data --force`."""
    assert shipped_texts() == schema_texts()


def _properties(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property (key) declared anywhere in the schema, with where it is."""
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            yield f"{where}.{name}", prop
        for key, sub in schema.items():
            yield from _properties(sub, f"{where}/{key}")
    elif isinstance(schema, list):
        for item in schema:
            yield from _properties(item, where)


@pytest.mark.parametrize("name", [PLAN_SCHEMA, CONFIG_SCHEMA])
def test_every_key_has_a_danish_description(name: str) -> None:
    schema = json.loads(schema_texts()[name])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    props = list(_properties(schema))
    assert len(props) > 10
    for where, prop in props:
        assert prop.get("description"), where
    for definition in schema.get("$defs", {}).values():
        assert definition.get("description")


def test_year_keyed_mappings_have_four_digit_keys() -> None:
    plan = json.loads(schema_texts()[PLAN_SCHEMA])
    targets = plan["$defs"]["Indicator"]["properties"]["målværdier"]
    assert targets["propertyNames"] == {"pattern": YEAR_KEY_PATTERN}
    config = json.loads(schema_texts()[CONFIG_SCHEMA])
    assert config["properties"]["anlægsramme"]["propertyNames"] == {"pattern": YEAR_KEY_PATTERN}


# --- the command --------------------------------------------------------------------------------


def test_schema_prints_the_plan_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == schema_texts()[PLAN_SCHEMA]
    result = runner.invoke(app, ["schema", "--config"])
    assert result.stdout == schema_texts()[CONFIG_SCHEMA]


def test_schema_output_writes_both_and_refuses_to_overwrite(tmp_path: Path) -> None:
    assert runner.invoke(app, ["schema", "--output", str(tmp_path)]).exit_code == 0
    assert {p.name for p in tmp_path.iterdir()} == {PLAN_SCHEMA, CONFIG_SCHEMA}
    # the same content again is no overwrite
    assert runner.invoke(app, ["schema", "--output", str(tmp_path)]).exit_code == 0
    (tmp_path / PLAN_SCHEMA).write_text("{}")
    result = runner.invoke(app, ["schema", "--output", str(tmp_path)])
    assert result.exit_code == 1
    assert PLAN_SCHEMA in result.stderr
    assert (tmp_path / PLAN_SCHEMA).read_text() == "{}"
    assert runner.invoke(app, ["schema", "--output", str(tmp_path), "--force"]).exit_code == 0
    assert (tmp_path / PLAN_SCHEMA).read_text(encoding="utf-8") == schema_texts()[PLAN_SCHEMA]


def test_schema_short_output_option(tmp_path: Path) -> None:
    assert runner.invoke(app, ["schema", "-o", str(tmp_path)]).exit_code == 0
    assert {p.name for p in tmp_path.iterdir()} == {PLAN_SCHEMA, CONFIG_SCHEMA}


def test_schema_output_with_a_folder_in_the_way_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / PLAN_SCHEMA).mkdir()
    result = runner.invoke(app, ["schema", "--output", str(tmp_path), "--force"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a Danish message, no traceback
    assert f"{PLAN_SCHEMA} er en mappe" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} == {PLAN_SCHEMA}


# --- check-jsonschema ---------------------------------------------------------------------------


def _check_jsonschema() -> str:
    found = Path(sys.executable).parent / "check-jsonschema"
    path = str(found) if found.exists() else shutil.which("check-jsonschema")
    if path is None:
        missing_tool("check-jsonschema er ikke installeret: pip install -e '.[test]'")
    return path


def _check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_check_jsonschema(), "--schemafile", str(DATA / schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_jsonschema_accepts_the_examples(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sektorplan.yaml").write_bytes((DATA / "sektorplan.yaml").read_bytes())
    assert runner.invoke(app, ["new", "BS", "--no-input"]).exit_code == 0
    plans = [*sorted((EXAMPLE / "planer").glob("*.yaml")), tmp_path / "planer" / "bs.yaml"]
    result = _check(PLAN_SCHEMA, *plans)
    assert result.returncode == 0, result.stdout + result.stderr
    configs = [EXAMPLE / "sektorplan.yaml", DATA / "sektorplan.yaml"]
    result = _check(CONFIG_SCHEMA, *configs)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    start: 2027\n", '    start: "næste år"\n'),  # a year as text
        ("retning: op", "retning: opad"),  # outside the choices
        ("målværdier: {2027: 84,", "målværdier: {om-lidt: 84,"),  # a year key that is no year
        ("    type: anlæg\n", "    type: anlæg\n    typ: anlæg\n"),  # an unknown key
    ],
)
def test_check_jsonschema_rejects_a_wrong_plan(old: str, new: str, tmp_path: Path) -> None:
    text = (EXAMPLE / "planer" / "bs.yaml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bs.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = _check(PLAN_SCHEMA, bad)
    assert result.returncode == 1, result.stdout + result.stderr


def test_example_workspace_ships_the_current_schemas() -> None:
    """If this fails: `sektorplan schema --output examples/sermersooq --force`."""
    for name, text in schema_texts().items():
        assert (EXAMPLE / name).read_text(encoding="utf-8") == text, name
