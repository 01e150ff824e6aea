"""`sektorplan schema`: JSON Schemas (draft 2020-12) for a plan and for sektorplan.yaml.

The schemas are generated from the pydantic models, so they carry the models' Danish
descriptions and cannot disagree with them. Copies ship in the package (`data/`) for
`sektorplan init`; a test keeps them equal to freshly generated ones. Regenerate them with
`sektorplan schema --output src/sektorplan/data --force`.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from sektorplan.model.plan import Plan, WorkspaceConfig
from sektorplan.paths import write_atomic

PLAN_SCHEMA = "sektorplan.schema.json"
CONFIG_SCHEMA = "sektorplan-config.schema.json"
# Mappings by year (`målværdier: {2027: 84}`): JSON has only string keys, so a year key is
# described as four digits rather than as an integer.
YEAR_KEY_PATTERN = "^[0-9]{4}$"


class _Generator(GenerateJsonSchema):
    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        result = super().generate(schema, mode)
        # The definitions' titles are the English class names; their Danish description is
        # what an editor should show.
        for definition in result.get("$defs", {}).values():
            definition.pop("title", None)
        return {"$schema": self.schema_dialect, **result}

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        result = super().dict_schema(schema)
        if schema.get("keys_schema", {}).get("type") == "int":
            result["propertyNames"] = {"pattern": YEAR_KEY_PATTERN}
        return result

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # a title made from the key itself says nothing the key does not


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(by_alias=True, schema_generator=_Generator)


def schema_texts() -> dict[str, str]:
    """The file name and the text of each schema, as `init` writes them."""
    return {PLAN_SCHEMA: _dump(schema_for(Plan)), CONFIG_SCHEMA: _dump(schema_for(WorkspaceConfig))}


def shipped_texts() -> dict[str, str]:
    """The copies in the package (equal to `schema_texts()`; a test checks it)."""
    data = resources.files("sektorplan").joinpath("data")
    return {name: data.joinpath(name).read_text(encoding="utf-8") for name in schema_texts()}


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def changed_files(folder: Path, texts: dict[str, str]) -> list[Path]:
    """The files in `folder` that exist with other content than they would get."""
    return [
        folder / name
        for name, text in texts.items()
        if (folder / name).exists() and (folder / name).read_bytes() != text.encode("utf-8")
    ]


def write_schemas(folder: Path, texts: dict[str, str]) -> list[Path]:
    """Write the schemas into `folder` (replacing what is there; the caller asks first)."""
    paths = []
    for name, text in texts.items():
        write_atomic(folder / name, text, durable=False)  # derived: made again
        paths.append(folder / name)
    return paths
