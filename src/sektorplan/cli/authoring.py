"""`sektorplan init` and `sektorplan new`: from nothing to a workspace and a plan of one's own.

`init` writes the embedded default `sektorplan.yaml`, an empty `planer/` and the JSON
Schemas. `new` writes a plan from the template `data/ny-plan.yaml.j2`: every section with a
Danish comment, ids numbered from the forvaltning, and placeholders (UDFYLD, rule SP308) that
`validate --strict` refuses, while the file is otherwise valid as it is.

The plan is generated as text, not dumped, so that its comments survive; every value that
comes from the user is written as a double-quoted YAML scalar.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from importlib import resources
from itertools import takewhile
from pathlib import Path

import yaml

from sektorplan.errors import SektorplanError
from sektorplan.load.workspace import (
    CONFIG_NAME,
    default_config,
    default_config_text,
    load_config,
    plan_paths,
    shown_path,
)
from sektorplan.load.yamlfile import ids_in, load_file
from sektorplan.model.periods import PLACEHOLDER, four_year_periods
from sektorplan.model.plan import Department, WorkspaceConfig, text_in
from sektorplan.model.schema import CONFIG_SCHEMA, PLAN_SCHEMA, shipped_texts
from sektorplan.paths import ExistsError, os_error_text, write_atomic

PLANS_DIR = "planer"
PLANS_README = """\
# Planer

Her ligger sektorplanerne: én YAML-fil pr. forvaltning. Opret en ny plan med
`sektorplan new`, og kontrollér alle planer med `sektorplan validate`.
"""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class AuthoringError(SektorplanError):
    """A refusal or a usage mistake, told to the user in Danish."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def interactive() -> bool:
    """Whether the user can answer questions. Tests replace this function."""
    return sys.stdin.isatty()


# --- init ---------------------------------------------------------------------------------------


def init_files(folder: Path) -> dict[Path, str]:
    """What `init` writes into `folder`, path by path."""
    config = default_config_text().decode("utf-8")
    files = {
        folder / CONFIG_NAME: f"# yaml-language-server: $schema={CONFIG_SCHEMA}\n{config}",
        folder / PLANS_DIR / "README.md": PLANS_README,
    }
    files.update((folder / name, text) for name, text in shipped_texts().items())
    return files


def init_workspace(folder: Path, *, force: bool) -> list[Path]:
    """Write a new workspace into `folder`; nothing is written if anything is in the way."""
    if folder.exists() and not folder.is_dir():
        raise AuthoringError(f"{shown_path(folder)} er en fil, ikke en mappe.", 2)
    files = init_files(folder)
    plans_dir = folder / PLANS_DIR
    if plans_dir.exists() and not plans_dir.is_dir():
        raise AuthoringError(
            f"{shown_path(plans_dir)} er en fil; der skal være en mappe til planerne. "
            "Flyt eller omdøb filen. Intet er ændret."
        )
    folders = [p for p in files if os.path.isdir(p) and not os.path.islink(p)]
    if folders:
        names = ", ".join(shown_path(p) for p in folders)
        raise AuthoringError(
            f"{names} er en mappe, men init skal skrive en fil der. Flyt eller omdøb mappen. "
            "Intet er ændret."
        )
    in_the_way = [p for p in files if os.path.lexists(p)]
    if not force and in_the_way:
        names = ", ".join(shown_path(p) for p in in_the_way)
        raise AuthoringError(
            f"Findes allerede: {names}. Intet er ændret. "
            "Brug --force for at erstatte filerne, eller vælg en anden mappe."
        )
    for path, text in files.items():
        _write(path, text, force=force)
    return list(files)


def _write(path: Path, text: str, *, force: bool) -> None:
    try:
        write_atomic(path, text, force=force)
    except ExistsError:
        raise AuthoringError(
            f"{shown_path(path)} findes allerede. Intet er skrevet over; brug --force."
        ) from None
    except OSError as exc:
        raise AuthoringError(
            f"{shown_path(path)} kan ikke skrives ({os_error_text(exc)})."
        ) from None


# --- new: the workspace -------------------------------------------------------------------------


def workspace_config(root: Path) -> WorkspaceConfig:
    """The workspace's configuration, or the embedded default where it has none."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return default_config()
    _, config = load_config(path)
    if config is None:
        raise AuthoringError(
            f"{shown_path(path)} har fejl. Ret dem først; `sektorplan validate` viser dem."
        )
    return config


def find_department(config: WorkspaceConfig, wanted: str) -> Department:
    """The forvaltning by its id; case does not matter when only one fits."""
    exact = config.department(wanted)
    if exact is not None:
        return exact
    folded = [d for d in config.departments if d.id.casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    raise AuthoringError(
        f"Forvaltningen «{wanted}» findes ikke i arbejdsområdet. {known_departments(config)}", 2
    )


def known_departments(config: WorkspaceConfig) -> str:
    names = ", ".join(f"{d.id} ({_name(config, d)})" for d in config.departments)
    return f"Kendte forvaltninger: {names}."


def planned_departments(root: Path, config: WorkspaceConfig) -> dict[str, Path]:
    """The forvaltninger that already have a plan in the workspace, with its file."""
    planned: dict[str, Path] = {}
    for path in plan_paths(root, config.plans_glob):
        data = load_file(path).data
        if isinstance(data, dict) and isinstance(data.get("forvaltning"), str):
            planned.setdefault(data["forvaltning"], path)
    return planned


def ask_department(config: WorkspaceConfig, planned: dict[str, Path] | None = None) -> Department:
    """A numbered choice of the workspace's forvaltninger, asked until the answer fits;
    those with a plan (`planned`) say so."""
    import typer

    planned = planned or {}
    typer.echo("Forvaltninger i arbejdsområdet:")
    for number, dept in enumerate(config.departments, 1):
        has = planned.get(dept.id)
        note = f"  (har en plan: {shown_path(has)})" if has else ""
        typer.echo(f"  {number}. {dept.id}  {_name(config, dept)}{note}")
    count = len(config.departments)
    while True:
        answer = typer.prompt("Vælg forvaltning (nummer eller id)").strip()
        if answer.isdigit() and 1 <= int(answer) <= count:
            return config.departments[int(answer) - 1]
        try:
            return find_department(config, answer)
        except AuthoringError:
            typer.echo(f"Skriv et nummer fra 1 til {count} eller et af id'erne.", err=True)


def ask_title(config: WorkspaceConfig, dept: Department) -> str:
    """The plan's title, asked until it is text on one line (Enter takes the suggestion)."""
    import typer

    while True:
        answer = typer.prompt("Planens titel", default=suggested_title(config, dept))
        problem = text_problem(answer)
        if problem is None:
            return answer
        typer.echo(f"Titlen {problem}. Skriv titlen, eller tryk Enter for forslaget.", err=True)


def suggested_title(config: WorkspaceConfig, dept: Department) -> str:
    period = config.period
    return f"Sektorplan for {_name(config, dept)} {period.start}–{period.end}"


def check_option(option: str, value: str | None) -> None:
    """A text given on the command line: not empty, no control characters."""
    if value is None:
        return
    if not value.strip():
        raise AuthoringError(f"{option} er tom. Skriv en tekst, eller udelad {option}.", 2)
    if _CONTROL.search(value):
        raise AuthoringError(
            f"{option} indeholder et kontroltegn eller linjeskift. Skriv teksten på én linje.", 2
        )


def text_problem(value: str) -> str | None:
    """What is wrong with a text typed at a prompt, said to follow «Titlen», or None."""
    if not value.strip():
        return "er tom"
    if _CONTROL.search(value):
        return "indeholder et kontroltegn"
    return None


def default_output(root: Path, config: WorkspaceConfig, dept: Department) -> Path:
    """`planer/<id in lower case>.yaml`, in the folder the workspace's plan glob reads."""
    parts = Path(config.plans_glob).parts
    folder = takewhile(lambda part: not any(c in part for c in "*?["), parts[:-1])
    suffix = Path(parts[-1]).suffix if parts and parts[-1].startswith("*.") else ".yaml"
    target = root.joinpath(*folder, f"{dept.id.lower()}{suffix}")
    if not target.resolve().is_relative_to(root.resolve()):
        raise AuthoringError(
            f"Planerne ligger efter sektorplan.yaml ({config.plans_glob}) uden for "
            "arbejdsområdet. Angiv filen med --output."
        )
    return target


# --- new: the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRequest:
    department: Department
    title: str | None = None
    owner: str | None = None
    email: str | None = None


def check_target(target: Path, *, force: bool) -> None:
    """`target` can take the new plan: not a folder, not an existing file without `force`.
    Checked before anything is asked, so nobody types a title for a plan that is refused."""
    if target.is_dir():
        raise AuthoringError(f"{shown_path(target)} er en mappe. Angiv en fil med --output.", 2)
    if target.exists() and not force:
        raise AuthoringError(
            f"{shown_path(target)} findes allerede. Intet er ændret. Brug --force for at skrive "
            "over den, eller --output for at skrive planen i en anden fil."
        )


def write_plan(
    root: Path, config: WorkspaceConfig, request: PlanRequest, target: Path, *, force: bool
) -> Path:
    """Write a new plan to `target`; never over an existing file without `force`."""
    check_target(target, force=force)
    used_ids = _workspace_ids(root, config, request.department, target)
    text = render_plan(config, request, used_ids, schema_reference(root, target))
    _write(target, text, force=force)
    return target


def _workspace_ids(root: Path, config: WorkspaceConfig, dept: Department, target: Path) -> set[str]:
    """The ids the other plans of the workspace use; refuses a second plan for `dept`.

    The plans are found with `config`, the configuration `new` already read: reading
    sektorplan.yaml a second time costs time and could give another answer."""
    target = target.resolve()
    if not target.is_relative_to(root.resolve()):
        return set()  # a draft outside the workspace is checked on its own
    used: set[str] = set()
    for path in plan_paths(root, config.plans_glob):
        if path.resolve() == target:
            continue  # the file being replaced (--force)
        data = load_file(path).data
        if isinstance(data, dict) and data.get("forvaltning") == dept.id:
            raise AuthoringError(
                f"{shown_path(path)} er allerede planen for {dept.id}. Hver "
                "forvaltning skriver én plan: ret den, eller skriv den nye plan uden for "
                "arbejdsområdet med --output."
            )
        used.update(ids_in(data))
    return used


def schema_reference(root: Path, target: Path) -> str | None:
    """The workspace's plan schema as seen from `target`, for the editor's `$schema` line;
    None when the workspace has no schema: a line to a missing file is only an error in the
    editor, and `new` writes the plan, not files beside it (`sektorplan schema` does)."""
    if not (root / PLAN_SCHEMA).is_file():
        return None
    return schema_path(root, target)


def schema_path(root: Path, target: Path) -> str:
    """Where the workspace's plan schema is (or would be), as seen from `target`."""
    schema = root.resolve() / PLAN_SCHEMA
    try:
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def render_plan(
    config: WorkspaceConfig, request: PlanRequest, used_ids: set[str], schema_path: str | None
) -> str:
    import jinja2

    dept = request.department
    prefix = dept.id
    goal = next(
        n
        for n in range(1, len(used_ids) + 2)
        if not {f"{prefix}-{n}", f"{prefix}-{n}.1", f"{prefix}-{n}.1.a"} & used_ids
    )
    initiative = next(n for n in range(1, len(used_ids) + 2) if f"{prefix}-I{n}" not in used_ids)
    start, end = config.period.start, config.period.end
    periods = four_year_periods(start, end)
    title = request.title or f"{PLACEHOLDER}: planens titel, fx «{suggested_title(config, dept)}»"
    owner = request.owner or f"{PLACEHOLDER}: den ansvarlige, fx direktøren for forvaltningen"
    first_place = [yaml_id(p.id) for p in config.places[:1]]
    values = {
        "schema_path": schema_path,
        "department": yaml_id(dept.id),
        "department_name": _comment(f"{_name(config, dept)} ({dept.id})"),
        "title": yaml_text(title),
        "owner": yaml_text(owner),
        "email": yaml_text(request.email) if request.email else None,
        "start": start,
        "end": end,
        "baseline_year": start - 1,
        "goal_id": yaml_id(f"{prefix}-{goal}"),
        "next_goal_id": _comment(f"{prefix}-{goal + 1}"),
        "sub_goal_id": yaml_id(f"{prefix}-{goal}.1"),
        "indicator_id": yaml_id(f"{prefix}-{goal}.1.a"),
        "initiative_id": yaml_id(f"{prefix}-I{initiative}"),
        "next_initiative_id": _comment(f"{prefix}-I{initiative + 1}"),
        "core_value": yaml_id(config.core_values[0].id),
        "core_value_ids": _comment(", ".join(v.id for v in config.core_values)),
        "places_hint": (
            f"byer og bygder fra sektorplan.yaml, fx [{first_place[0]}]"
            if first_place
            else "byer og bygder fra sektorplan.yaml"
        ),
        "periods": ", ".join(f"{a}–{b}" for a, b in periods),
        "targets": "{" + ", ".join(f"{last}: 0" for _, last in periods) + "}",
        "milestone_years": [first for first, _ in periods],
        "measurement_example": f"{{{start}: 80}}",
        "construction_example": f"{{{start}: 5000000}}",
        "operation_example": f"{{{start}: 1000000}}",
    }
    env = jinja2.Environment(
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    source = resources.files("sektorplan").joinpath("data", "ny-plan.yaml.j2")
    return env.from_string(source.read_text(encoding="utf-8")).render(values)


def yaml_text(value: str) -> str:
    """`value` as a double-quoted YAML scalar on one line: `: `, `#`, quotes and `{{ }}`
    are read back exactly as written, and letters, emoji and other signs stay readable."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_style='"', width=1 << 30)
    # PyYAML escapes every character beyond U+FFFF ("\U0001F600") even with allow_unicode;
    # an escaped backslash ("\\") is matched first, so a typed "\U..." stays as it was.
    return _ESCAPE.sub(_unescape, dumped.rstrip("\n"))


_ESCAPE = re.compile(r"\\(\\|U([0-9A-F]{8}))")


def _unescape(match: re.Match[str]) -> str:
    if match[2] is None:
        return match[0]
    char = chr(int(match[2], 16))
    # the noncharacters U+1FFFE, U+1FFFF, ... are no text and stay escaped
    return match[0] if ord(char) & 0xFFFE == 0xFFFE else char


# What a YAML 1.2 reader (core schema) takes for a null, a boolean or a number. PyYAML reads
# YAML 1.1, where `1e3` and `0o17` are text; a plain `1e3` would be a number to others.
_YAML12_NOT_TEXT = re.compile(
    r"""
      null | Null | NULL | ~
    | true | True | TRUE | false | False | FALSE
    | [-+]? [0-9]+ | 0o [0-7]+ | 0x [0-9a-fA-F]+
    | [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    | [-+]? \. ( inf | Inf | INF ) | \. ( nan | NaN | NAN )
    """,
    re.VERBOSE,
)
# YAML 1.1's booleans that PyYAML does not read as such (other YAML 1.1 readers do).
_YAML11_BOOL_LETTERS = {"y", "Y", "n", "N"}


def yaml_id(value: str) -> str:
    """An id plain where every YAML reader reads it back as the same text, in a block and
    in a flow (`[BS-1.1]`), else double-quoted: `NO` and `on` would be read as false,
    `2024`, `17.10` and `1e3` as numbers, `~` as null."""
    if (
        value
        and value not in _YAML11_BOOL_LETTERS
        and not _YAML12_NOT_TEXT.fullmatch(value)
        and _plain_in_flow(value)
    ):
        return value
    return yaml_text(value)


def _plain_in_flow(value: str) -> bool:
    """Whether PyYAML writes `value` unquoted in a flow sequence: its own test that the text
    reads back as the same text (YAML 1.1), and that no `,`, `[`, `: ` or ` #` is in the way."""
    dumped = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=1 << 30)
    return dumped == f"[{value}]\n"


def _name(config: WorkspaceConfig, dept: Department) -> str:
    return text_in(dept.name, config.primary_language, config.primary_language)


def _comment(text: str) -> str:
    return " ".join(text.split())
