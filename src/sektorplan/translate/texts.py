"""Every text (Tekst) of a workspace: where it is (file, path, id) and in which languages.

The same list serves `sektorplan oversæt status`, the spreadsheet for the translators, the
write-back and the build's count of texts that fell back to the primary language. It is
read from the validated models, never from a second parse of the YAML.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sektorplan.load.workspace import Workspace, workspace_name
from sektorplan.model.plan import Plan, WorkspaceConfig

# A key path in a YAML file: mapping keys and list indexes, e.g. ("mål", 0, "titel").
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Text:
    file: Path
    name: str  # the file as the workspace names it: planer/bs.yaml, sektorplan.yaml
    keys: KeyPath
    id: str  # the id of the nearest thing with one (the plan: its forvaltning)
    value: str | dict[str, str]
    primary: str  # the workspace's primary language

    @property
    def path(self) -> str:
        """The key path as written in findings: mål[0].delmål[1].titel."""
        out = ""
        for key in self.keys:
            out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
        return out

    @property
    def source(self) -> str:
        """The text in the primary language."""
        if isinstance(self.value, str):
            return self.value
        return self.value.get(self.primary, "")

    def in_language(self, language: str) -> str:
        """The text's own translation into `language` ("" when it has none)."""
        if isinstance(self.value, str):
            return self.value if language == self.primary else ""
        return self.value.get(language, "")

    def has(self, language: str) -> bool:
        """Shown in `language` itself; else the document shows the primary language's."""
        return bool(self.in_language(language))


def fingerprint(source: str) -> str:
    """The first 16 hex digits of the source text's SHA-256: a changed source is noticed."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


# The Tekst fields of each part of a plan (the format's "Which values are Tekst").
_PLAN = ("titel", "vision", "udgangspunkt")
_GOAL = ("titel", "beskrivelse")
_SUB_GOAL = ("titel", "beskrivelse")
_INDICATOR = ("navn", "kilde")
_INITIATIVE = ("titel", "beskrivelse", "ansvarlig", "finansiering")
_MILESTONE = ("titel",)


def _fields(model: Any, names: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    by_alias = {f.alias: name for name, f in type(model).model_fields.items()}
    for key in names:
        value = getattr(model, by_alias[key])
        if value is not None:
            yield key, value


def plan_texts(plan: Plan, file: Path, name: str, primary: str) -> list[Text]:
    out: list[Text] = []

    def add(owner: Any, keys: KeyPath, names: tuple[str, ...], ident: str) -> None:
        for key, value in _fields(owner, names):
            out.append(Text(file, name, (*keys, key), ident, value, primary))

    add(plan, (), _PLAN, plan.department)
    for g, goal in enumerate(plan.goals):
        add(goal, ("mål", g), _GOAL, goal.id)
        for s, sub in enumerate(goal.sub_goals):
            add(sub, ("mål", g, "delmål", s), _SUB_GOAL, sub.id)
            for i, indicator in enumerate(sub.indicators):
                keys = ("mål", g, "delmål", s, "indikatorer", i)
                add(indicator, keys, _INDICATOR, indicator.id)
    for i, ini in enumerate(plan.initiatives):
        add(ini, ("indsatser", i), _INITIATIVE, ini.id)
        for m, milestone in enumerate(ini.milestones):
            add(milestone, ("indsatser", i, "milepæle", m), _MILESTONE, ini.id)
    return out


def config_texts(config: WorkspaceConfig, file: Path, name: str) -> list[Text]:
    primary = config.primary_language
    out = [Text(file, name, ("kommune",), "kommune", config.municipality, primary)]
    if config.planning_strategy is not None:
        out.append(
            Text(file, name, ("planstrategi",), "planstrategi", config.planning_strategy, primary)
        )
    for key, items in (
        ("kerneværdier", config.core_values),
        ("forvaltninger", config.departments),
        ("steder", config.places),
    ):
        for n, item in enumerate(items):
            out.append(Text(file, name, (key, n, "navn"), item.id, item.name, primary))
    return out


def workspace_texts(ws: Workspace, *, config: bool = True) -> list[Text]:
    """Every text of the workspace's valid plans, and (with `config`) of its own
    sektorplan.yaml (not of the embedded default, which has no file to translate in)."""
    assert ws.config is not None
    primary = ws.config.primary_language
    out: list[Text] = []
    if config and ws.config_path is not None:
        path = ws.config_path
        out += config_texts(ws.config, path, workspace_name(path, ws.root))
    for plan_file in ws.plans:
        if plan_file.plan is not None:
            name = workspace_name(plan_file.path, ws.root)
            out += plan_texts(plan_file.plan, plan_file.path, name, primary)
    return out
