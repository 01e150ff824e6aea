"""The command line: a thin Typer layer that parses, calls the work and prints.

Heavy modules (jinja2, docx, matplotlib) are imported inside the commands that need them,
so `sektorplan validate` starts fast.
"""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from sektorplan import __version__
from sektorplan.cli.completion import use_danish_completion
from sektorplan.cli.helptext import (
    OPTIONS_METAVAR,
    SUBCOMMAND_METAVAR,
    DanishCommand,
    DanishHelp,
    examples,
)
from sektorplan.errors import SektorplanError
from sektorplan.findings import cut
from sektorplan.internals import typercli
from sektorplan.paths import build_time

INTERRUPTED = 130  # the exit code after Ctrl-C, as a shell gives it


class DanishGroup(DanishHelp, TyperGroup):
    """Click's own usage errors and help, told in Danish (exit 2), as every other message is."""

    def get_params(self, ctx: typer.Context) -> list[Any]:
        params = super().get_params(ctx)
        use_danish_completion(params)  # --install-completion, --show-completion
        return params

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        click_errors = typercli.usage_errors()  # None: Typer's own (English) usage errors
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except typer.Abort:  # end of input at a prompt (Ctrl-D)
            typer.echo("Afbrudt.", err=True)
            rv = 1
        except SektorplanError as exc:  # a problem the user can fix, told as it is
            typer.echo(f"Fejl: {exc}", err=True)
            rv = getattr(exc, "exit_code", 1)
        except Exception as exc:
            if click_errors is not None and isinstance(exc, click_errors.UsageError):
                rv = _tell_usage_error(exc, click_errors)
            elif hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
                exc.show()  # Click's own way (ClickException), in English
                rv = exc.exit_code
            else:
                raise
        if rv == INTERRUPTED:  # Typer's answer to Ctrl-C
            typer.echo("Afbrudt.", err=True)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


def _tell_usage_error(exc: Any, click_errors: Any) -> int:
    no_args_help = getattr(click_errors, "NoArgsIsHelpError", None)
    if no_args_help is not None and isinstance(exc, no_args_help):  # `sektorplan` alone
        typer.echo(exc.message, err=True)
        return 2
    typer.echo(f"Fejl: {_danish_usage(exc, click_errors)}", err=True)
    command = exc.ctx.command_path if exc.ctx else "sektorplan"
    typer.echo(f"Se «{command} --help».", err=True)
    return 2


def _danish_usage(exc: Any, click_errors: Any) -> str:
    if isinstance(exc, click_errors.NoSuchOption):
        text = f"Ukendt tilvalg {exc.option_name}."
        if exc.possibilities:
            text += f" Mente du {', '.join(sorted(exc.possibilities))}?"
        return text
    if isinstance(exc, click_errors.MissingParameter) and exc.param is not None:
        return f"{_param_name(exc.param)} mangler."
    if isinstance(exc, click_errors.BadParameter) and exc.param is not None:
        name = _param_name(exc.param)
        choices = re.search(r"is not one of (.*)\.", exc.message)
        if choices:
            return f"Ugyldig værdi for {name}. Mulige værdier: {choices[1].replace(chr(39), '')}."
        if "valid integer" in exc.message:
            return f"Ugyldig værdi for {name}: skriv et helt tal."
        return f"Ugyldig værdi for {name}: {exc.message}"
    message = exc.message
    for pattern, danish in _CLICK_MESSAGES:
        match = re.match(pattern, message)
        if match:
            return danish(match)
    return message


_CLICK_MESSAGES = [
    (
        r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?",
        lambda m: f"Ukendt kommando «{m[1]}»." + (f" Mente du «{m[2]}»?" if m[2] else ""),
    ),
    (r"Got unexpected extra arguments? \((.*)\)", lambda m: f"For mange argumenter: {m[1]}."),
    (
        r"Option '([^']+)' requires (an argument|\d+ arguments)",
        lambda m: f"{m[1]} skal have en værdi.",
    ),
    (r"Option '([^']+)' does not take a value", lambda m: f"{m[1]} tager ingen værdi."),
    (r"Missing argument '([^']+)'", lambda m: f"Argumentet {m[1]} mangler."),
    (r"Missing option '([^']+)'", lambda m: f"Tilvalget {m[1]} mangler."),
]


def _param_name(param: Any) -> str:
    if getattr(param, "param_type_name", "") == "option":
        return max(param.opts, key=len)
    name = getattr(param, "metavar", None) or getattr(param, "name", None) or "argumentet"
    return str(name).rstrip(".").upper()


app = typer.Typer(
    cls=DanishGroup,
    name="sektorplan",
    help="Sektorplaner for Kommuneqarfik Sermersooq: skriv, kontrollér og udgiv.",
    no_args_is_help=True,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=SUBCOMMAND_METAVAR,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sektorplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Vis versionen.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Sektorplaner for Kommuneqarfik Sermersooq: skriv, kontrollér og udgiv."""


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _require_paths(paths: list[Path]) -> None:
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        typer.echo(f"Fejl: {path} findes ikke. Angiv en planfil eller en mappe.", err=True)
    if missing:
        raise typer.Exit(2)


@app.command(
    cls=DanishCommand,
    short_help="Kontrollér planer og sektorplan.yaml.",
    epilog=examples("sektorplan validate", "sektorplan validate planer/bs.yaml --strict"),
)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PLAN",
            help="Planfiler eller mapper (standard: arbejdsområdet her).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Advarsler tæller som fejl.")] = False,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Hvordan fundene skrives.")
    ] = ReportFormat.text,
) -> None:
    """Kontrollér planer og sektorplan.yaml: skema og indhold, med fil, linje og kolonne."""
    from sektorplan import collector
    from sektorplan.check.validate import validate as run
    from sektorplan.cli.reporters import REPORTERS

    paths = paths or []
    _require_paths(paths)
    # The loaded plans live until the report is written: the collector stays paused until
    # they are let go of (sektorplan/collector.py says why).
    with collector.paused():
        result = run(paths)
        typer.echo(REPORTERS[format.value](result))
        failed = result.errors > 0 or (strict and result.warnings > 0)
        del result
    raise typer.Exit(1 if failed else 0)


# --- authoring: init, new, schema, sdg -------------------------------------------------------


def shown_command_path(path: Path) -> str:
    """A path as it is typed after `cd`: quoted when it holds a space or the like."""
    import shlex

    from sektorplan.load.workspace import shown_path

    return shlex.quote(shown_path(path))


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"Fejl: {message}", err=True)
    raise typer.Exit(code)


@app.command(
    cls=DanishCommand,
    short_help="Opret et arbejdsområde.",
    epilog=examples("sektorplan init planrunde-2027"),
)
def init(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="MAPPE",
            help="Hvor arbejdsområdet oprettes (standard: den aktuelle mappe).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Erstat filer, der findes.")] = False,
) -> None:
    """Opret et arbejdsområde: sektorplan.yaml, mappen planer/ og JSON-skemaerne."""
    from sektorplan.cli.authoring import AuthoringError, init_workspace
    from sektorplan.load.workspace import shown_path

    folder = folder or Path.cwd()
    try:
        written = init_workspace(folder, force=force)
    except AuthoringError as exc:
        _fail(str(exc), exc.exit_code)
    where = shown_path(folder)
    typer.echo(f"Arbejdsområdet er oprettet i {'den aktuelle mappe' if where == '.' else where}:")
    for path in written:
        typer.echo(f"  {shown_path(path)}")
    if where != ".":
        typer.echo(f"Næste skridt: cd {shown_command_path(folder)}")
    typer.echo("Ret sektorplan.yaml til jeres planrunde, og opret en plan med `sektorplan new`.")


@app.command(
    cls=DanishCommand,
    short_help="Opret en ny plan for en forvaltning.",
    epilog=examples("sektorplan new BS", "sektorplan new BS --titel Skolesektorplan --no-input"),
)
def new(
    department: Annotated[
        str | None,
        typer.Argument(
            metavar="FORVALTNING",
            help="Forvaltningens id, fx BS. Mangler det, spørges der (i en terminal).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--titel", metavar="TEKST", help="Planens titel.", show_default=False),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--ansvarlig", metavar="NAVN", help="Den ansvarlige for planen.", show_default=False
        ),
    ] = None,
    email: Annotated[
        str | None,
        typer.Option(
            "--email", metavar="ADRESSE", help="Den ansvarliges e-mail.", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FIL",
            help="Skriv planen i denne fil i stedet for planer/<id>.yaml.",
            show_default=False,
        ),
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            metavar="MAPPE",
            help="Arbejdsområdet (standard: det, den aktuelle mappe hører til).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv over en fil, der findes.")] = False,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Spørg aldrig; en manglende titel bliver en pladsholder."),
    ] = False,
) -> None:
    """Opret en ny plan for en forvaltning, med pladsholdere (UDFYLD), der skal udfyldes."""
    from sektorplan.cli import authoring
    from sektorplan.load.workspace import CONFIG_NAME, find_root, shown_path
    from sektorplan.model.schema import PLAN_SCHEMA

    if workspace is not None and not workspace.is_dir():
        _fail(f"{workspace} er ikke en mappe. Angiv arbejdsområdets mappe med --workspace.", 2)
    start = workspace or Path.cwd()
    found = find_root(start)
    if found is None and output is None and workspace is None:
        here = shown_path(start)
        _fail(
            f"{'Den aktuelle mappe' if here == '.' else here} er ikke i et arbejdsområde (der "
            f"er ingen {CONFIG_NAME} her eller i mapperne over). Gå til arbejdsområdets mappe "
            "med cd, opret et med `sektorplan init <mappe>`, eller skriv planen i en bestemt fil "
            "med --output.",
            2,
        )
    root = found or start.resolve()
    interactive = not no_input and authoring.interactive()
    try:
        for option, value in (("--titel", title), ("--ansvarlig", owner), ("--email", email)):
            authoring.check_option(option, value)
        config = authoring.workspace_config(root)
        if department is not None:
            dept = authoring.find_department(config, department)
        elif interactive:
            dept = authoring.ask_department(config, authoring.planned_departments(root, config))
        else:
            example = config.departments[0].id
            raise authoring.AuthoringError(
                f"Angiv forvaltningen, fx `sektorplan new {example}`. "
                + authoring.known_departments(config),
                2,
            )
        target = output or authoring.default_output(root, config, dept)
        authoring.check_target(target, force=force)
        if title is None and interactive:
            title = authoring.ask_title(config, dept)
        request = authoring.PlanRequest(dept, title, owner, email)
        path = authoring.write_plan(root, config, request, target, force=force)
    except authoring.AuthoringError as exc:
        _fail(str(exc), exc.exit_code)
    typer.echo(f"Planen for {dept.id} er skrevet i {shown_path(path)}.")
    typer.echo(
        "Skriv planens indhold i stedet for pladsholderne (UDFYLD), og kontrollér den med "
        f"`sektorplan validate {shown_path(path)}`."
    )
    if authoring.schema_reference(root, path) is None:
        typer.echo(
            f"Der er intet {PLAN_SCHEMA} i arbejdsområdet, så planen har ingen $schema-linje til "
            f"editoren. Vil I have den: skriv skemaet med `sektorplan schema --output "
            f"{shown_path(root)}`, og sæt linjen `# yaml-language-server: $schema="
            f"{authoring.schema_path(root, path)}` øverst i planen."
        )
    if not (root / CONFIG_NAME).is_file():
        typer.echo(
            "Der er ingen sektorplan.yaml, så standardopsætningen gælder; "
            "`sektorplan init` opretter en, I kan rette til."
        )


@app.command(
    cls=DanishCommand,
    short_help="Skriv JSON-skemaerne til editoren.",
    epilog=examples("sektorplan schema --output ."),
)
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="MAPPE",
            help="Skriv sektorplan.schema.json og sektorplan-config.schema.json i denne mappe.",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        bool,
        typer.Option("--config", help="Skriv skemaet for sektorplan.yaml i stedet for planens."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Erstat skemafiler, der har andet indhold.")
    ] = False,
) -> None:
    """JSON-skemaer (draft 2020-12) for en plan og for sektorplan.yaml, til editorer og CI.

    Uden --output skrives planens skema til standardoutput (med --config skemaet for
    sektorplan.yaml).
    """
    from sektorplan.load.workspace import shown_path
    from sektorplan.model.schema import (
        CONFIG_SCHEMA,
        PLAN_SCHEMA,
        changed_files,
        schema_texts,
        write_schemas,
    )

    texts = schema_texts()
    if output is None:
        typer.echo(texts[CONFIG_SCHEMA if config else PLAN_SCHEMA], nl=False)
        return
    if config:
        _fail("--config vælger skemaet til standardoutput; med --output skrives begge.", 2)
    if output.exists() and not output.is_dir():
        _fail(f"{output} er en fil. Angiv en mappe med --output.", 2)
    folders = [output / name for name in texts if (output / name).is_dir()]
    if folders:
        names = ", ".join(shown_path(p) for p in folders)
        _fail(f"{names} er en mappe; skemaet skal være en fil der. Flyt eller omdøb mappen.", 1)
    changed = changed_files(output, texts)
    if changed and not force:
        names = ", ".join(shown_path(p) for p in changed)
        _fail(f"Findes allerede med andet indhold: {names}. Intet er ændret. Brug --force.", 1)
    try:
        written = write_schemas(output, texts)
    except OSError as exc:
        from sektorplan.paths import os_error_text

        _fail(f"Skemaerne kan ikke skrives i {output} ({os_error_text(exc)}).", 1)
    for path in written:
        typer.echo(f"Skrevet: {shown_path(path)}")


@app.command(
    cls=DanishCommand,
    short_help="Find verdensmål, delmål og FN-indikatorer.",
    epilog=examples("sektorplan sdg 4.2", "sektorplan sdg skole"),
)
def sdg(
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="SØGNING",
            help="Et nummer (fx 11 eller 4.2) eller et ord fra teksterne (fx waste).",
            show_default=False,
        ),
    ] = None,
    goal: Annotated[
        int | None,
        typer.Option(
            "--mål",
            metavar="N",
            help="Vis ét verdensmål med delmål og indikatorer.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find verdensmål, delmål og FN-indikatorer i det medfølgende katalog."""
    from sektorplan.cli import sdg as sdg_command
    from sektorplan.model.sdg import catalogue

    cat = catalogue()
    if goal is not None and goal not in cat.goals:
        _fail(sdg_command.unknown_goal(cat, goal), 2)
    id_ = sdg_command.as_id(term or "")
    problem = sdg_command.id_problem(cat, id_, goal) if id_ else None
    if problem:
        _fail(problem, 2)
    if term and term.strip():
        lines = sdg_command.search(cat, term, goal)
        if not lines and sdg_command.looks_like_number(term):
            # A number that is no id (sdg 2030 finds «By 2030» in the texts; 99999 nothing)
            _fail(sdg_command.unknown_number(cat, term.strip()), 2)
        if not lines:
            typer.echo(
                f"Intet fundet for «{cut(term)}». Delmålenes og indikatorernes tekster er FN's "
                "engelske: prøv et engelsk ord (fx waste) eller et nummer (fx 11.6)."
            )
            return
    elif goal is not None:
        lines = sdg_command.goal_detail(cat.goals[goal])
    else:
        lines = sdg_command.overview(cat)
    if sys.stdout.isatty():
        sdg_command.print_coloured(lines)
    else:
        typer.echo(sdg_command.plain(lines))
    if not term and goal is None:
        typer.echo(
            "\nDelmål og indikatorer for ét mål: sektorplan sdg --mål N. "
            "Søg: sektorplan sdg ORD eller sektorplan sdg 4.2."
        )


# --- progress ---------------------------------------------------------------------------------


class ProgressFormat(StrEnum):
    text = "text"
    json = "json"


@app.command(
    cls=DanishCommand,
    short_help="Status for hver indikator.",
    epilog=examples("sektorplan progress", "sektorplan progress --format json"),
)
def progress(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="STI",
            help="Arbejdsområdet (en mappe) eller én plan (standard: arbejdsområdet her).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ProgressFormat, typer.Option("--format", help="Tabeller (text) eller json.")
    ] = ProgressFormat.text,
) -> None:
    """Fremskridt og tilbageskridt: status for hver indikator efter den publicerede metode."""
    from sektorplan.cli import progress as progress_report
    from sektorplan.cli.reporters import REPORTERS

    path = path or Path.cwd()
    _require_paths([path])
    loaded = progress_report.load(path)
    result = loaded.result
    if result.errors:
        typer.echo(REPORTERS[format.value](result))
        typer.echo("Fremskridt kan ikke beregnes, før fejlene er rettet.", err=True)
        raise typer.Exit(1)
    if format is ProgressFormat.json:
        typer.echo(progress_report.as_json(loaded.statuses))
    elif sys.stdout.isatty():
        progress_report.print_rich(loaded.workspace, loaded.statuses)
    else:
        typer.echo(progress_report.as_text(loaded.workspace, loaded.statuses))
    if result.warnings:
        count = f"{result.warnings} {'advarsel' if result.warnings == 1 else 'advarsler'}"
        typer.echo(f"Bemærk: {count} i planerne; se sektorplan validate.", err=True)


# --- render ------------------------------------------------------------------------------------


def _formats(text: str, known: tuple[str, ...]) -> list[str]:
    """`-f md,docx` → the formats in order, each once; none or an unknown one: exit 2."""
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    if not wanted:
        _fail(f"Angiv mindst ét format med -f, fx -f md. Mulige: {', '.join(known)}.", 2)
    unknown = [f for f in wanted if f not in known]
    if unknown:
        _fail(f"Ukendt format «{', '.join(unknown)}». Mulige: {', '.join(known)}.", 2)
    return list(dict.fromkeys(wanted))


def _require_out_dir(output: Path) -> None:
    """The output folder (-o) may be missing, not a file."""
    if output.exists() and not output.is_dir():
        _fail(f"{output} er en fil. Angiv en mappe med -o.", 2)


class Language(StrEnum):
    da = "da"
    kl = "kl"
    en = "en"


@app.command(
    cls=DanishCommand,
    short_help="Dan planernes dokumenter.",
    epilog=examples("sektorplan render planer/bs.yaml -f docx,pdf", "sektorplan render"),
)
def render(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PLAN",
            help="Planfiler eller mapper (standard: arbejdsområdet her).",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "-f",
            "--format",
            metavar="FORMATER",
            help="Kommasepareret: md, docx, html, pdf (pdf kræver LibreOffice).",
        ),
    ] = "md,docx,html",
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="MAPPE", help="Hvor dokumenterne skrives.")
    ] = Path("build"),
    language: Annotated[
        Language | None,
        typer.Option("--sprog", help="Dokumentets sprog (standard: arbejdsområdets første sprog)."),
    ] = None,
    word_template: Annotated[
        Path | None,
        typer.Option(
            "--word-skabelon",
            metavar="FIL",
            help="Word-skabelon (.docx) i stedet for word-skabelon i sektorplan.yaml.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overskriv dokumenter, der findes.")
    ] = False,
) -> None:
    """Dan planernes dokumenter: Word, Markdown og HTML (og PDF), ens for alle forvaltninger.

    Planerne kontrolleres først; en plan med fejl dannes ikke.
    """
    from sektorplan.build.render import run
    from sektorplan.load.workspace import shown_path
    from sektorplan.render import FORMATS

    paths = paths or []
    _require_paths(paths)
    wanted = _formats(formats, FORMATS)
    _require_out_dir(output)
    build_time()  # SOURCE_DATE_EPOCH that cannot be used: said before any work
    if word_template is not None and not word_template.is_file():
        _fail(f"Word-skabelonen {word_template} findes ikke. Angiv en .docx-fil.", 2)
    outcome = run(
        paths,
        wanted,
        output,
        language=language.value if language else None,
        word_template=word_template,
        force=force,
        note=lambda text: typer.echo(text, err=True),  # another build or render holds -o
    )
    if outcome.findings_text:
        typer.echo(outcome.findings_text, err=True)
    for path in outcome.written:
        typer.echo(f"Skrevet: {shown_path(path)}")
    for message in outcome.warnings:
        typer.echo(f"Advarsel: {message}", err=True)
    for message in outcome.errors:
        typer.echo(f"Fejl: {message}", err=True)
    raise typer.Exit(outcome.exit_code)


# --- diff ---------------------------------------------------------------------------------------


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    docx = "docx"


@app.command(
    cls=DanishCommand,
    short_help="Hvad er ændret mellem to versioner.",
    epilog=examples(
        "sektorplan diff --fra v1.0", "sektorplan diff --fra v1.0 -f docx -o ændringer.docx"
    ),
)
def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="GAMMEL NY",
            help="To planfiler eller to arbejdsområders mapper. Med --fra: arbejdsområdet "
            "eller én plan (standard: arbejdsområdet her).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--fra",
            metavar="VERSION",
            help="Den gamle version fra git (tag, gren eller commit), fx v1.0.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--til",
            metavar="VERSION",
            help="Den nye version fra git (standard: filerne, som de er nu).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        DiffFormat,
        typer.Option("-f", "--format", help="text, json, md eller docx (Word-rapport, kræver -o)."),
    ] = DiffFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FIL", help="Skriv rapporten i en fil.", show_default=False
        ),
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1, når der er forskelle (som git diff).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Erstat en fil, der findes.")] = False,
    word_redline: Annotated[
        bool,
        typer.Option(
            "--word-redline",
            help="Én plans Word-dokument med Words egne registrerede ændringer (kræver -o og "
            "pip install 'sektorplan[redline]').",
        ),
    ] = False,
) -> None:
    """Hvad er ændret mellem to versioner af en plan eller et arbejdsområde: mål, delmål,
    indikatorer, indsatser, tal, økonomi og det afledte billede (status, tidskonflikter,
    anlægsramme)."""
    from sektorplan.cli import diff as diff_command

    request = diff_command.Request(
        paths or [], since, until, format.value, output, exit_code, force, word_redline
    )
    raise typer.Exit(diff_command.main(request))


# --- skabelon -----------------------------------------------------------------------------------


@app.command(
    cls=DanishCommand,
    short_help="Kopiér de indbyggede skabeloner til arbejdsområdet.",
    epilog=examples("sektorplan skabelon", "sektorplan skabelon --output skabeloner/ --force"),
)
def skabelon(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="MAPPE",
            help="Hvor skabelonerne kopieres hen (standard: arbejdsområdets skabeloner/).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Erstat skabeloner, der findes (ændringer går tabt).")
    ] = False,
) -> None:
    """Kopiér de indbyggede skabeloner (Word, Markdown og HTML for planerne og oversigten) til
    arbejdsområdet, så kommunen kan rette dem til. I skabeloner/ bruges de i stedet for de
    indbyggede. Intet overskrives uden --force."""
    from sektorplan.cli.templates import TemplateCopyError, copy_templates
    from sektorplan.load.workspace import shown_path, workspace_of
    from sektorplan.render.templating import USER_FOLDER

    root = workspace_of(Path.cwd())
    if output is None and root is None:
        _fail(
            "Den aktuelle mappe er ikke i et arbejdsområde (der er ingen sektorplan.yaml her "
            "eller i mapperne over, og ingen mappe planer/). Gå til arbejdsområdets mappe med "
            "cd, opret et med `sektorplan init <mappe>`, eller angiv mappen med --output.",
            2,
        )
    folder = output if output is not None else root / USER_FOLDER if root else Path(USER_FOLDER)
    try:
        written = copy_templates(folder, force=force)
    except TemplateCopyError as exc:
        _fail(str(exc), exc.exit_code)
    typer.echo(f"Skabelonerne er kopieret til {shown_path(folder)}:")
    for path in written:
        typer.echo(f"  {shown_path(path)}")
    typer.echo(
        "Ret dem i Word eller en teksteditor; README.md fortæller, hvilke værdier de kan bruge."
    )


# --- build ---------------------------------------------------------------------------------------


def _languages(value: str | None) -> tuple[str, ...]:
    """--sprog da,kl: the languages, each one sektorplan knows."""
    if value is None:
        return ()
    known = [lang.value for lang in Language]
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [lang for lang in chosen if lang not in known]
    if unknown or not chosen:
        what = f"Ukendt sprog: {', '.join(unknown)}." if unknown else "Intet sprog angivet."
        _fail(f"{what} Vælg blandt {', '.join(known)}, fx --sprog da,kl.", 2)
    return chosen


@app.command(
    cls=DanishCommand,
    short_help="Dan alle planer og den samlede oversigt.",
    epilog=examples("sektorplan build", "sektorplan build -f docx,pdf -o udgivelse"),
)
def build(
    workspace: Annotated[
        Path | None,
        typer.Argument(
            metavar="ARBEJDSOMRÅDE",
            help="Arbejdsområdets mappe (standard: den aktuelle).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="MAPPE", help="Hvor dokumenterne skrives.")
    ] = Path("build"),
    formats: Annotated[
        str,
        typer.Option(
            "-f",
            "--format",
            metavar="FORMATER",
            help=(
                "Kommasepareret: md, docx, html, xlsx, pdf (xlsx: kun den samlede oversigt; "
                "pdf kræver LibreOffice og laves af Word-filen, som også dannes)."
            ),
        ),
    ] = "md,docx,html,xlsx",
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=1,
            metavar="N",
            help="Antal processer (standard: maskinens kerner; 1: én ad gangen).",
            show_default=False,
        ),
    ] = None,
    clean: Annotated[
        bool,
        typer.Option("--clean", help="Dan alt igen, og fjern gamle filer, build selv har lavet."),
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Advarsler tæller som fejl.")] = False,
    languages: Annotated[
        str | None,
        typer.Option(
            "--sprog",
            metavar="SPROG",
            help="Kommasepareret: da, kl, en (standard: alle arbejdsområdets sprog, sprog: i "
            "sektorplan.yaml). Hvert sprog i sin mappe, fx build/da og build/kl.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Overskriv filer i mappen, som build ikke selv har lavet."),
    ] = False,
) -> None:
    """Dan alle planer i alle formater og den samlede oversigt, parallelt og kun det, der er
    ændret. Arbejdsområdet kontrolleres først; med fejl dannes intet."""
    from sektorplan import build as building
    from sektorplan.load.workspace import find_root, shown_path

    start = workspace or Path.cwd()
    if not start.is_dir():
        _fail(f"{start} er ikke en mappe. Angiv arbejdsområdets mappe, fx examples/sermersooq.", 2)
    wanted = _formats(formats, building.FORMATS)
    _require_out_dir(output)
    build_time()  # SOURCE_DATE_EPOCH that cannot be used: said before any work
    root = find_root(start) or start.resolve()
    options = building.Options(
        out_dir=output,
        formats=tuple(wanted),
        jobs=jobs or building.default_jobs(),
        clean=clean,
        strict=strict,
        force=force,
        languages=_languages(languages),
    )
    if sys.stderr.isatty():
        reporter: building.Reporter = building.RichReporter()
    else:
        reporter = building.Reporter(lambda line: typer.echo(line, err=True))
    outcome = building.build(root, options, reporter)
    if outcome.findings_text:
        typer.echo(outcome.findings_text, err=True)
    for message in outcome.warnings:
        typer.echo(f"Advarsel: {message}", err=True)
    for message in outcome.errors:
        typer.echo(f"Fejl: {message}", err=True)
    if outcome.stopped:
        raise typer.Exit(1)
    for path in outcome.removed:
        typer.echo(f"Fjernet: {shown_path(path)}")
    for line in outcome.fallbacks:
        typer.echo(f"Uoversat: {line}")
    for folder in outcome.not_built:
        typer.echo(
            f"Dannes ikke længere: {shown_path(folder)}/ (sproget {folder.name} står ikke i "
            "sprog: i sektorplan.yaml). Filerne er ikke rørt; `sektorplan build --clean` "
            "fjerner dem, sektorplan selv har lavet der."
        )
    made = len(outcome.rendered)
    unchanged = len(outcome.up_to_date)
    summary = f"{made} {'fil' if made == 1 else 'filer'} dannet"
    if unchanged:
        # A plan's documents, or the overview's: "dokumentsæt" in both numbers.
        summary += f"; {unchanged} dokumentsæt var allerede opdateret"
    if outcome.errors:
        summary += f"; {len(outcome.errors)} fejl"
    where = shown_path(outcome.index) if outcome.index else shown_path(output)
    if not outcome.index and outcome.indexes:
        where = shown_path(outcome.indexes[0])
    typer.echo(f"{summary}. Se {where}.")
    raise typer.Exit(outcome.exit_code)


from sektorplan.cli.translate import app as translate_app  # noqa: E402

app.add_typer(
    translate_app,
    name="oversæt",
    cls=DanishGroup,
    short_help="Oversættelser: status, regneark og indlæsning.",
)


def main() -> None:
    app()
