"""The file format, as pydantic models: `sektorplan.yaml` and a plan, in the order of the spec.

Field names are English; the Danish key each is written as is its alias, and every field has
a one-line Danish description that also ends up in the exported JSON Schema.
Meaning across files (references, years, periods) is checked in `rules.py`, not here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

LANGUAGES = ("da", "kl", "en")

_LETTER = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"
ID_PATTERN = f"^[{_LETTER}][{_LETTER}._-]*$"
_ID_RE = re.compile(ID_PATTERN)


def _id(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("id_type", "skal være et id (tekst)")
    if not _ID_RE.match(value):
        raise PydanticCustomError("id_shape", "har forkert form")
    return value


def _tekst(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("tekst_empty", "er tom")
        return value
    if isinstance(value, dict) and value:
        for lang, text in value.items():
            if not isinstance(lang, str) or not isinstance(text, str):
                raise PydanticCustomError("tekst_mapping", "skal være sprogkode: tekst")
            if not text.strip():
                raise PydanticCustomError("tekst_empty", "er tom")
        return value
    raise PydanticCustomError("tekst_type", "skal være en tekst")


def _number(value: Any, not_finite: str = "number_not_finite") -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number_type", "skal være et tal")
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(not_finite, "skal være et endeligt tal")
    if isinstance(value, int) and value.bit_length() > 1000:  # beyond any float: 1e301
        raise PydanticCustomError(not_finite, "skal være et endeligt tal")
    return value


def _amount(value: Any) -> int | float:
    value = _number(value, "amount_not_finite")
    if value < 0:
        raise PydanticCustomError("amount_negative", "må ikke være negativt")
    return value


def _degrees(value: Any, limit: int, what: str) -> int | float:
    value = _number(value)
    if not -limit <= value <= limit:
        raise PydanticCustomError(
            "degrees_range",
            "{what} skal ligge mellem -{limit} og {limit} grader (decimalgrader)",
            {"what": what, "limit": limit},
        )
    return value


def _latitude(value: Any) -> int | float:
    return _degrees(value, 90, "bredde")


def _longitude(value: Any) -> int | float:
    return _degrees(value, 180, "længde")


def _sdg_ref(value: Any) -> str:
    if isinstance(value, bool):
        raise PydanticCustomError("sdg_type", "skal være et verdensmål")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise PydanticCustomError("sdg_unquoted_decimal", "er et decimaltal")
    if isinstance(value, str):
        return value.strip()
    raise PydanticCustomError("sdg_type", "skal være et verdensmål")


def _plans_glob(value: Any) -> str:
    """A glob relative to the workspace folder that stays inside it. pathlib cannot glob an
    absolute or empty pattern, and `..` would read plans from outside the workspace."""
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "skal være tekst")
    if not value.strip():
        raise PydanticCustomError("tekst_empty", "er tom")
    parts = PurePosixPath(value).parts
    if (
        not parts
        or PurePosixPath(value).is_absolute()
        or PureWindowsPath(value).anchor
        or any(part == ".." for part in PureWindowsPath(value).parts)
        or any("**" in part and part != "**" for part in parts)
    ):
        # Reported by schema_errors as "… er ikke et gyldigt valg for «planer». Skriv <expected>."
        raise PydanticCustomError(
            "literal_error",
            "skal være en sti inde i arbejdsområdet",
            {"expected": "en relativ sti inde i arbejdsområdet uden .., fx planer/*.yaml"},
        )
    return value


# An e-mail address as a planner writes one: one @, something before it, a domain with a dot,
# no spaces. (Not RFC 5322 in full: quoted local parts and IP domains are not for plans.)
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def _email(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "skal være tekst")
    if not _EMAIL_RE.fullmatch(value.strip()):
        raise PydanticCustomError("email_shape", "skal være en e-mailadresse")
    return value.strip()


COLOUR_PATTERN = "^#[0-9A-Fa-f]{6}$"
_COLOUR_RE = re.compile(COLOUR_PATTERN)


def _colour(value: Any) -> str:
    """`#RRGGBB`, either case; kept upper-case so every output writes it the same way."""
    if isinstance(value, str) and _COLOUR_RE.match(value):
        return value.upper()
    raise PydanticCustomError("colour_shape", "skal være en farve #RRGGBB")


_TEKST_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "propertyNames": {"enum": list(LANGUAGES)},
            "additionalProperties": {"type": "string", "minLength": 1},
            "minProperties": 1,
        },
    ],
}

Id = Annotated[str, PlainValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
Tekst = Annotated[str | dict[str, str], PlainValidator(_tekst), WithJsonSchema(_TEKST_SCHEMA)]
Number = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]
Amount = Annotated[
    int | float, PlainValidator(_amount), WithJsonSchema({"type": "number", "minimum": 0})
]
Latitude = Annotated[
    int | float,
    PlainValidator(_latitude),
    WithJsonSchema({"type": "number", "minimum": -90, "maximum": 90}),
]
Longitude = Annotated[
    int | float,
    PlainValidator(_longitude),
    WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180}),
]
SdgRef = Annotated[
    str,
    PlainValidator(_sdg_ref),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 17},
                {"type": "string", "pattern": r"^\d{1,2}(\.(\d{1,2}|[a-z]))?$"},
            ]
        }
    ),
]
PlansGlob = Annotated[
    str,
    PlainValidator(_plans_glob),
    WithJsonSchema({"type": "string"}),  # as before: the shipped schemas stay as they are
]
Colour = Annotated[
    str, PlainValidator(_colour), WithJsonSchema({"type": "string", "pattern": COLOUR_PATTERN})
]
Email = Annotated[
    str,
    PlainValidator(_email),
    WithJsonSchema({"type": "string"}),  # as before: the shipped schemas stay as they are
]
Year = int


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


def key(alias: str, description: str, **kwargs: Any) -> Any:
    return Field(alias=alias, description=description, **kwargs)


# --- sektorplan.yaml --------------------------------------------------------------------------


class Period(Model):
    """Et tidsrum i hele år: fra og til."""

    start: Year = key("fra", "Første år i perioden.")
    end: Year = key("til", "Sidste år i perioden.")


class CoreValue(Model):
    """En kerneværdi fra planstrategien."""

    id: Id = key("id", "Kort id, som planernes mål bruger under kerneværdier.")
    name: Tekst = key("navn", "Kerneværdiens navn.")


class Department(Model):
    """En forvaltning, der skriver én sektorplan."""

    id: Id = key("id", "Forvaltningens id, fx BS; planens `forvaltning` peger på det.")
    name: Tekst = key("navn", "Forvaltningens navn.")


class Coordinates(Model):
    """Et steds position i decimalgrader; nord og øst er positive."""

    latitude: Latitude = key("bredde", "Bredde i decimalgrader, -90 til 90 (nord positiv).")
    longitude: Longitude = key(
        "længde", "Længde i decimalgrader, -180 til 180 (øst positiv; Grønland er negativ)."
    )


class Place(Model):
    """En by eller bygd i kommunen."""

    id: Id = key("id", "Stedets id, som indsatser bruger under steder.")
    name: Tekst = key("navn", "Stedets navn.")
    type: Literal["by", "bygd"] = key("type", "by eller bygd.")
    coordinates: Coordinates | None = key(
        "koordinater", "Stedets position til kort: {bredde, længde}.", default=None
    )


class Colours(Model):
    """Kommunens farver: overskrifter, tabelhoveder og diagrammer."""

    primary: Colour = key("primær", "Overskrifter og tabelhoveder, #RRGGBB.", default="#1F4E79")
    accent: Colour = key("accent", "Fremhævninger og målte værdier, #RRGGBB.", default="#0072B2")


class WorkspaceConfig(Model):
    """sektorplan.yaml: kommunens planrunde."""

    model_config = ConfigDict(title="sektorplan.yaml", json_schema_extra={"$comment": "format 1"})

    format: Literal[1] = key("format", "Filformatets version; altid 1.")
    municipality: Tekst = key("kommune", "Kommunens navn.")
    planning_strategy: Tekst | None = key(
        "planstrategi", "Den planstrategi, runden hører til.", default=None
    )
    period: Period = key("periode", "Planhorisonten, normalt 12 år.")
    languages: list[Literal["da", "kl", "en"]] = key(
        "sprog", "Indholdets sprog; det første er det primære.", default=["da"], min_length=1
    )
    core_values: list[CoreValue] = key(
        "kerneværdier", "Planstrategiens kerneværdier.", min_length=1
    )
    departments: list[Department] = key(
        "forvaltninger", "Forvaltningerne, der skriver planer.", min_length=1
    )
    places: list[Place] = key("steder", "Byer og bygder.", default=[])
    require_translation: bool = key(
        "kræv-oversættelse",
        "Advar (SP320) om hver tekst, der mangler et af sprogene i sprog: (til CI før udgivelse).",
        default=False,
    )
    plans_glob: PlansGlob = key("planer", "Hvor planerne ligger (glob).", default="planer/*.yaml")
    construction_frame: dict[int, Amount] = key(
        "anlægsramme", "Den årlige ramme for anlæg i kr., pr. år.", default={}
    )
    word_template: str | None = key(
        "word-skabelon", "Kommunens egen Word-skabelon (sti).", default=None
    )
    logo: str | None = key(
        "logo", "Kommunens logo: PNG, JPEG eller SVG i arbejdsområdet, højst 5 MB.", default=None
    )
    colours: Colours = key("farver", "Kommunens farver (#RRGGBB).", default=Colours())

    @property
    def primary_language(self) -> str:
        return self.languages[0]

    def department(self, dept_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == dept_id), None)


# --- a plan -------------------------------------------------------------------------------------


class Owner(Model):
    """Navn og e-mail på den ansvarlige."""

    name: str = key("navn", "Den ansvarlige (person eller funktion).")
    email: Email | None = key("email", "E-mailadresse.", default=None)


class Baseline(Model):
    """Indikatorens udgangspunkt: år og værdi."""

    year: Year = key("år", "Basisåret.")
    value: Number = key("værdi", "Værdien i basisåret.")


class Indicator(Model):
    """En indikator: hvordan fremskridt eller tilbageskridt måles."""

    id: Id = key("id", "Indikatorens id, fx BS-1.1.a.")
    name: Tekst = key("navn", "Hvad der måles.")
    unit: str = key("enhed", "Enheden, fx % eller antal.")
    direction: Literal["op", "ned"] = key("retning", "op: højere er bedre; ned: lavere er bedre.")
    source: Tekst | None = key("kilde", "Hvor tallene kommer fra.", default=None)
    sdg_indicator: str | None = key(
        "sdg-indikator", 'FN-indikatorens id, fx "4.2.2".', default=None
    )
    baseline: Baseline = key("basis", "Udgangspunktet: år og værdi.")
    targets: dict[int, Number] = key("målværdier", "Målværdier pr. år (mindst én).", min_length=1)
    measurements: dict[int, Number] = key("målinger", "Målte værdier pr. år.", default={})


class SubGoal(Model):
    """Et delmål under et mål, målt med indikatorer."""

    id: Id = key("id", "Delmålets id, fx BS-1.1.")
    title: Tekst = key("titel", "Delmålets titel.")
    description: Tekst | None = key("beskrivelse", "Uddybning.", default=None)
    sdgs: list[SdgRef] = key(
        "verdensmål", 'Snævrere verdensmål eller delmål, fx "4.2".', default=[]
    )
    indicators: list[Indicator] = key(
        "indikatorer", "Hvordan fremskridt måles (mindst én).", min_length=1
    )


class Goal(Model):
    """Et mål (en målsætning) med kerneværdier, verdensmål og delmål."""

    id: Id = key("id", "Målets id, fx BS-1.")
    title: Tekst = key("titel", "Målets titel.")
    description: Tekst | None = key("beskrivelse", "Uddybning.", default=None)
    core_values: list[Id] = key("kerneværdier", "Kerneværdiernes id'er (mindst én).", min_length=1)
    sdgs: list[SdgRef] = key(
        "verdensmål", 'Verdensmål (fx 4) eller delmål (fx "4.1").', min_length=1
    )
    sub_goals: list[SubGoal] = key("delmål", "Delmålene (mindst ét).", min_length=1)


class Economy(Model):
    """Indsatsens udgifter i kr. pr. år."""

    construction: dict[int, Amount] = key("anlæg", "Anlægsudgifter i kr. pr. år.", default={})
    operation: dict[int, Amount] = key("drift", "Driftsudgifter i kr. pr. år.", default={})


class Milestone(Model):
    """En milepæl: hvad der er nået i et bestemt år."""

    year: Year = key("år", "Året for milepælen.")
    title: Tekst = key("titel", "Hvad der er nået.")


class Initiative(Model):
    """En indsats i handlingsplanen."""

    id: Id = key("id", "Indsatsens id, fx BS-I1.")
    title: Tekst = key("titel", "Indsatsens titel.")
    description: Tekst | None = key("beskrivelse", "Uddybning.", default=None)
    type: Literal["anlæg", "drift", "udvikling"] = key("type", "anlæg, drift eller udvikling.")
    contributes_to: list[Id] = key(
        "bidrager-til", "Mål eller delmål, den bidrager til.", min_length=1
    )
    start: Year = key("start", "Første år.")
    end: Year = key("slut", "Sidste år.")
    places: list[Id] = key("steder", "Steder, den gælder.", default=[])
    owner: Tekst | None = key("ansvarlig", "Den ansvarlige enhed.", default=None)
    depends_on: list[Id] = key("afhænger-af", "Indsatser, den venter på.", default=[])
    municipal_plan: list[str] = key(
        "kommuneplan", 'Kommuneplanens delområder, fx "1A1".', default=[]
    )
    funding: Tekst | None = key("finansiering", "Hvordan den betales.", default=None)
    economy: Economy | None = key("økonomi", "Udgifter i kr. pr. år.", default=None)
    milestones: list[Milestone] = key("milepæle", "Milepæle.", default=[])


class Plan(Model):
    """En sektorplan: én forvaltnings plan for hele kommunen."""

    model_config = ConfigDict(title="Sektorplan", json_schema_extra={"$comment": "format 1"})

    format: Literal[1] = key("format", "Filformatets version; altid 1.")
    department: Id = key("forvaltning", "Forvaltningens id fra sektorplan.yaml.")
    title: Tekst = key("titel", "Planens titel.")
    status: Literal["udkast", "høring", "vedtaget"] = key(
        "status", "udkast, høring eller vedtaget."
    )
    adopted: dt.date | None = key(
        "vedtaget", "Dato for vedtagelse (kun når status er vedtaget).", default=None
    )
    version: str | None = key("version", 'Planens version, fx "1.0".', default=None)
    owner: Owner = key("ansvarlig", "Den ansvarlige for planen.")
    period: Period | None = key("periode", "Skal være arbejdsområdets periode.", default=None)
    vision: Tekst = key("vision", "Visionen.")
    status_description: Tekst = key("udgangspunkt", "Statusbeskrivelsen: hvor står vi i dag.")
    goals: list[Goal] = key("mål", "Målsætningerne (mindst én).", min_length=1)
    initiatives: list[Initiative] = key("indsatser", "Handlingsplanens indsatser.", default=[])


def text_in(value: str | dict[str, str] | None, language: str, fallback: str) -> str:
    """A Tekst in `language`, falling back to the primary language."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(language) or value.get(fallback) or next(iter(value.values()))
