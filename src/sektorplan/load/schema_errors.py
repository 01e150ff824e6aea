"""Turn pydantic's validation errors into findings with Danish messages that say what to do."""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from sektorplan.findings import Finding, cut
from sektorplan.load.yamlfile import Document, Loc

_TYPE_WORDS = {
    "string_type": "tekst",
    "int_type": "et helt tal",
    "float_type": "et tal",
    "bool_type": "ja eller nej",
    "list_type": "en liste",
    "dict_type": "en mapping (nøgle: værdi)",
    "model_type": "en mapping (nøgle: værdi)",
    "model_attributes_type": "en mapping (nøgle: værdi)",
    "date_type": "en dato (ÅÅÅÅ-MM-DD)",
    "id_type": "et id (tekst)",
    "tekst_type": "en tekst",
    "number_type": "et tal",
    "sdg_type": 'et verdensmål (fx 4) eller et delmål i anførselstegn (fx "4.1")',
}


def schema_findings(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Finding]:
    findings = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        findings.append(_finding(doc, item["type"], loc, item.get("input"), item, model))
    return findings


def _finding(doc: Document, kind: str, loc: Loc, value: Any, item: dict, model: type) -> Finding:
    if loc and loc[-1] == "[key]":
        return _key_finding(doc, kind, loc[:-1], value)
    name = _name(loc)
    if kind == "missing":
        return doc.finding("SP101", f"Nøglen «{loc[-1]}» mangler. Tilføj den.", loc)
    if kind == "extra_forbidden":
        return doc.finding("SP104", _unknown_key(loc, model), loc, key=True)
    if kind == "literal_error" and loc == ("format",):
        return doc.finding(
            "SP105",
            f"format er {_show(doc, loc, value)}, men kun format 1 findes. Skriv format: 1.",
            loc,
        )
    if kind == "literal_error":
        return doc.finding(
            "SP103",
            f"{_show(doc, loc, value)} er ikke et gyldigt valg for {name}. Skriv {_choices(item)}.",
            loc,
        )
    if kind == "id_shape":
        return doc.finding(
            "SP106",
            f"Id'et «{value}» har forkert form. Et id består af bogstaver, "
            "tal og . - _ og begynder med et bogstav eller tal, fx BS-1.1.",
            loc,
        )
    if kind == "too_short":
        return doc.finding(
            "SP107", f"{name} er tom, men skal have mindst ét element. Tilføj et.", loc
        )
    if kind in ("amount_negative", "amount_not_finite"):
        what = f"Beløbet for {loc[-1]}" if isinstance(loc[-1], int) else name
        return doc.finding(
            "SP108",
            f"{what} er {_show(doc, loc, value)}; et beløb skal være et "
            "endeligt tal, 0 eller derover. Ret beløbet.",
            loc,
        )
    if kind == "degrees_range":
        what, limit = item["ctx"]["what"], item["ctx"]["limit"]
        return doc.finding(
            "SP111",
            f"{what} er {_show(doc, loc, value)}, men skal ligge mellem -{limit} og {limit} "
            "(decimalgrader; nord og øst er positive, så Grønlands længde er negativ). "
            "Ret tallet.",
            loc,
        )
    if kind == "number_not_finite":
        return doc.finding(
            "SP108", f"{_value_name(loc)} er {_show(doc, loc, value)}; {_not_finite(doc, loc)}", loc
        )
    if kind == "number_type" and isinstance(value, str) and not _quoted(doc, loc):
        number = _exponent_number(value)
        if number is not None and math.isinf(float(number)):
            return doc.finding(
                "SP108",
                f"{_value_name(loc)} er «{value}»; det tal er for stort til at regne med. "
                "Ret værdien.",
                loc,
            )
        if number is not None:
            digits = format(number, "f")
            example = f", fx {digits}" if len(digits) <= 30 else ""
            return doc.finding(
                "SP102",
                f"{name} skal være et tal, men «{value}» læses som tekst. Skriv tallet med "
                f"cifre{example}.",
                loc,
            )
    if kind == "sdg_unquoted_decimal":
        raw = doc.raw_scalar(loc) or str(value)
        return doc.finding(
            "SP204",
            f'{raw} er skrevet uden anførselstegn og læses som tallet {value}. Skriv "{raw}".',
            loc,
        )
    if kind == "colour_shape":
        finding = doc.finding("SP109", colour_message(doc, loc, value), loc)
        comment = doc.comment_after(loc) if value is None else None
        return (
            dataclasses.replace(finding, line=comment[0], column=comment[1]) if comment else finding
        )
    if kind == "tekst_empty":
        return doc.finding("SP102", f"{name} er tom. Skriv teksten.", loc)
    if kind == "email_shape":
        return doc.finding(
            "SP102",
            f"{name} er «{cut(value)}», som ikke er en e-mailadresse. Skriv adressen med ét @ "
            "og et domæne med punktum, fx skole@sermersooq.gl.",
            loc,
        )
    if kind == "tekst_mapping":
        return doc.finding(
            "SP102",
            f'{name} skal være en tekst eller sprogkoder med tekst, fx {{da: "…", en: "…"}}.',
            loc,
        )
    return doc.finding("SP102", _wrong_type(doc, kind, loc, value), loc)


def colour_message(doc: Document, loc: Loc, value: Any) -> str:
    """Why a colour is not `#RRGGBB`, with the colour that was probably meant."""
    name = _name(loc)
    shape = f'en farve skrives "#RRGGBB" i anførselstegn, fx {name[1:-1]}: "#1F4E79"'
    if value is None:
        if doc.comment_after(loc) is not None:
            return (
                f"{name} er tom: uden anførselstegn læses # som starten på en kommentar. "
                f'Skriv farven i anførselstegn, fx {name[1:-1]}: "#1F4E79".'
            )
        return f"{name} er tom; {shape}."
    raw = doc.raw_scalar(loc) or str(value)
    text = f"{name} er «{raw}», men {shape}."
    meant = _meant_colour(raw)
    return f"{text} Mente du {meant}?" if meant else text


def _meant_colour(written: str) -> str | None:
    text = written.strip().lstrip("#")
    if re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        return f'"#{text.upper()}"'
    if re.fullmatch(r"[0-9A-Fa-f]{3}", text):
        return '"#' + "".join(c * 2 for c in text.upper()) + '"'
    from matplotlib.colors import CSS4_COLORS  # only for this message: matplotlib is slow

    name = re.sub(r"[\s_-]", "", written.lower())
    if name in CSS4_COLORS:
        return f'"{CSS4_COLORS[name]}" ({name})'
    close = difflib.get_close_matches(name, CSS4_COLORS, n=1, cutoff=0.8)
    return f'"{CSS4_COLORS[close[0]]}" ({close[0]})' if close else None


def _wrong_type(doc: Document, kind: str, loc: Loc, value: Any) -> str:
    name = _name(loc)
    if value is None:
        return f"{name} er tom. Skriv en værdi."
    wanted = _TYPE_WORDS.get(kind, "en anden type")
    text = f"{name} skal være {wanted}, men er {_show(doc, loc, value)}."
    raw = doc.raw_scalar(loc)
    if kind == "string_type" and raw is not None:
        text += f' Skriv "{raw}" i anførselstegn, så det læses som tekst.'
    elif kind in ("int_type", "number_type") and isinstance(value, str) and _quoted(doc, loc):
        text += " Skriv tallet uden anførselstegn og uden tusindtalspunktummer."
    elif kind in ("int_type", "number_type") and isinstance(value, str):
        text += " Skriv tallet med cifre, punktum som decimaltegn og uden tusindtalspunktummer."
    elif kind == "date_type" and isinstance(value, str):
        text += " Skriv datoen som ÅÅÅÅ-MM-DD uden anførselstegn."
    return text


def _key_finding(doc: Document, kind: str, loc: Loc, value: Any) -> Finding:
    loc = loc[:-1]  # pydantic's location ends with the key itself: the mapping is before it
    name = _name(loc)
    if kind == "int_type":
        if isinstance(value, str) and value.strip().isdigit():
            text = f"står i anførselstegn og er tekst. Skriv {value.strip()} uden anførselstegn."
        else:
            text = "er ikke et årstal. Skriv året med fire cifre, fx 2027."
        return doc.finding(
            "SP102",
            f"Nøglerne i {name} skal være årstal; «{value}» {text}",
            (*loc, value),
            key=True,
        )
    return doc.finding(
        "SP102", f"Nøglen «{value}» i {name} har forkert type.", (*loc, value), key=True
    )


def _value_name(loc: Loc) -> str:
    """`Værdien for 2027` for a value under a year, else the key's name."""
    return f"Værdien for {loc[-1]}" if loc and isinstance(loc[-1], int) else _name(loc)


def _not_finite(doc: Document, loc: Loc) -> str:
    raw = (doc.raw_scalar(loc) or "").lower().lstrip("+-")
    if raw in (".inf", ".nan"):
        return "en værdi skal være et endeligt tal (gerne negativt). Ret værdien."
    return "det tal er for stort til at regne med. Ret værdien."


# A number with an exponent that YAML 1.1 reads as text (`1e400`, `2.5e3`: no dot or no sign).
_EXPONENT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")


def _exponent_number(text: str) -> Decimal | None:
    return Decimal(text) if _EXPONENT.fullmatch(text) and len(text) < 100 else None


def _quoted(doc: Document, loc: Loc) -> bool:
    """Whether the value at `loc` is written in quotes (an unquoted text has no raw form)."""
    line, column = doc.position(loc)
    lines = doc.text.split("\n", line)
    text = lines[line - 1] if line <= len(lines) else ""
    return text[column - 1 : column] in ("'", '"')


def _name(loc: Loc) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return f"«{names[-1]}»" if names else "Værdien"


def _show(doc: Document, loc: Loc, value: Any) -> str:
    raw = doc.raw_scalar(loc)
    if raw is not None:
        return f"«{raw}»"
    if isinstance(value, dict):
        return "en mapping"
    if isinstance(value, list):
        return "en liste"
    return f"«{value}»"


def _choices(item: dict) -> str:
    expected = str(item.get("ctx", {}).get("expected", ""))
    return expected.replace("'", "").replace(" or ", " eller ")


def _unknown_key(loc: Loc, model: type) -> str:
    unknown = str(loc[-1])
    known = _known_keys(model, loc[:-1])
    close = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6)
    if close:
        return f"Ukendt nøgle «{unknown}». Mente du «{close[0]}»?"
    listed = ", ".join(known) if known else "ingen"
    return f"Ukendt nøgle «{unknown}». Her kan stå: {listed}."


def _known_keys(model: type, loc: Loc) -> list[str]:
    """The Danish keys allowed at `loc`, found by walking the model's annotations."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _step(current: Any, part: str | int) -> Any:
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        for name, field in current.model_fields.items():
            if (field.alias or name) == part:
                return field.annotation
        return None
    args = typing.get_args(current)
    origin = typing.get_origin(current)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X; `Annotated[X, ...]` -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation
