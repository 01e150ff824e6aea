"""verdensmål.yaml: a workspace's official translations of the SDG texts.

The bundled catalogue has Danish goal titles but English target and indicator texts only.
A workspace may add texts in `verdensmål.yaml` at its root, in the layout of the bundled
data/sdg.yaml: a list of goals by `number`, each with any of `title`, `long_title`,
`colour` and `targets` (by `id`, with `text` and `indicators` by `id` with `text`); every
text a mapping from language (da, kl, en) to text. Any subset will do. The file is checked
like a plan (YAML, shape, then meaning: every goal, target and indicator must exist in the
catalogue) and, when it has no errors, merged over the bundled texts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, PlainValidator, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from sektorplan.findings import Finding, Severity
from sektorplan.load.schema_errors import schema_findings
from sektorplan.load.workspace import SDG_TEXTS_NAME
from sektorplan.load.yamlfile import Document, Loc, load_file
from sektorplan.model.plan import LANGUAGES, Model
from sektorplan.model.sdg import Catalogue

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("tekst_type", "skal være en tekst")
    if not value.strip():
        raise PydanticCustomError("tekst_empty", "er tom")
    return value


Text = Annotated[str, PlainValidator(_text)]
Texts = dict[str, Text]


class IndicatorTexts(Model):
    id: str = Field(description='FN-indikatorens id, fx "4.2.2".')
    text: Texts = Field(default={}, description="Indikatorens tekst pr. sprog.")


class TargetTexts(Model):
    id: str = Field(description='Delmålets id, fx "4.2" eller "14.a".')
    text: Texts = Field(default={}, description="Delmålets tekst pr. sprog.")
    indicators: list[IndicatorTexts] = Field(default=[], description="Indikatorerne.")


class GoalTexts(Model):
    number: int = Field(description="Verdensmålets nummer, 1-17.")
    colour: str | None = Field(default=None, description='Målets farve, fx "#C5192D".')
    title: Texts = Field(default={}, description="Kort titel pr. sprog.")
    long_title: Texts = Field(default={}, description="Lang titel pr. sprog.")
    targets: list[TargetTexts] = Field(default=[], description="Delmålene.")


FileModel = list[GoalTexts]
_ADAPTER: TypeAdapter[list[GoalTexts]] = TypeAdapter(FileModel)


def load(path: Path, bundled: Catalogue) -> tuple[Document, list[dict[str, Any]] | None]:
    """The file as a document with its findings, and its data to merge (None if it has
    errors)."""
    doc = load_file(path, inside=path.parent)
    if doc.root is None:
        return doc, None
    if not isinstance(doc.data, list):
        what = "en mapping" if isinstance(doc.data, dict) else f"«{doc.data}»"
        doc.findings.append(
            doc.finding(
                "SP102",
                f"{SDG_TEXTS_NAME} skal være en liste af verdensmål (- number: 4 …), som "
                f"sektorplans eget sdg.yaml, men indeholder {what}.",
            )
        )
        return doc, None
    try:
        goals = _ADAPTER.validate_python(doc.data)
    except ValidationError as exc:
        doc.findings.extend(schema_findings(doc, exc, FileModel))  # type: ignore[arg-type]
        return doc, None
    doc.findings.extend(_meaning(doc, goals, bundled))
    if any(f.severity is Severity.ERROR for f in doc.findings):
        return doc, None
    return doc, [g.model_dump(exclude_none=True) for g in goals]


def _meaning(doc: Document, goals: list[GoalTexts], bundled: Catalogue) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, int] = {}

    def duplicate(key: str, what: str, loc: Loc) -> bool:
        if key in seen:
            findings.append(
                doc.finding(
                    "SP233",
                    f"{what} står også i linje {seen[key]}. Saml teksterne ét sted.",
                    loc,
                )
            )
            return True
        seen[key] = doc.position(loc)[0]
        return False

    for gi, goal in enumerate(goals):
        loc: Loc = (gi, "number")
        if goal.number not in bundled.goals:
            findings.append(
                doc.finding(
                    "SP230",
                    f"Verdensmål {goal.number} findes ikke. Skriv et nummer fra 1 til "
                    f"{len(bundled.goals)}.",
                    loc,
                )
            )
            continue
        duplicate(f"goal {goal.number}", f"Verdensmål {goal.number}", loc)
        if goal.colour is not None and not _COLOUR.match(goal.colour):
            findings.append(
                doc.finding(
                    "SP102",
                    f'colour skal være en farvekode som "#C5192D", men er «{goal.colour}».',
                    (gi, "colour"),
                )
            )
        findings += _languages(doc, goal.title, (gi, "title"))
        findings += _languages(doc, goal.long_title, (gi, "long_title"))
        for ti, target in enumerate(goal.targets):
            loc = (gi, "targets", ti, "id")
            known = bundled.targets.get(target.id)
            if known is None or known.goal != goal.number:
                findings.append(doc.finding("SP231", _unknown_target(target.id, goal), loc))
                continue
            duplicate(f"target {target.id}", f"Delmål {target.id}", loc)
            findings += _languages(doc, target.text, (gi, "targets", ti, "text"))
            indicators = {i.id for i in known.indicators}
            for ii, indicator in enumerate(target.indicators):
                here = (gi, "targets", ti, "indicators", ii)
                if indicator.id not in indicators:
                    findings.append(
                        doc.finding(
                            "SP232",
                            f"FN-indikatoren «{indicator.id}» findes ikke under delmål "
                            f"{target.id}. Find den med `sektorplan sdg {target.id}`.",
                            (*here, "id"),
                        )
                    )
                    continue
                duplicate(f"indicator {indicator.id}", f"FN-indikator {indicator.id}", here)
                findings += _languages(doc, indicator.text, (*here, "text"))
    return findings


def _unknown_target(target_id: str, goal: GoalTexts) -> str:
    prefix = f"{goal.number}."
    if not target_id.startswith(prefix):
        return f"Delmålet «{target_id}» hører ikke til verdensmål {goal.number}. Flyt det."
    return (
        f"Delmålet «{target_id}» findes ikke under verdensmål {goal.number}. Find det med "
        f"`sektorplan sdg --mål {goal.number}`."
    )


def _languages(doc: Document, texts: dict[str, str], loc: Loc) -> list[Finding]:
    return [
        doc.finding(
            "SP218",
            f"Sproget «{lang}» kendes ikke. Brug da, kl eller en.",
            (*loc, lang),
            key=True,
        )
        for lang in texts
        if lang not in LANGUAGES
    ]
