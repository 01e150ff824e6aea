"""`sektorplan oversæt`: what is not translated yet (status), the spreadsheet for the
translators (udtræk) and their translations back into the YAML files (indlæs)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from sektorplan.cli.helptext import OPTIONS_METAVAR, SUBCOMMAND_METAVAR, DanishCommand, examples

if TYPE_CHECKING:
    from sektorplan.load.workspace import Workspace

app = typer.Typer(
    name="oversæt",
    help="Oversættelser: hvad mangler (status), regneark til oversætterne (udtræk) og "
    "oversættelserne tilbage i planerne (indlæs).",
    no_args_is_help=True,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=SUBCOMMAND_METAVAR,
    rich_markup_mode=None,
)


class StatusFormat(StrEnum):
    text = "text"
    json = "json"


WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        metavar="MAPPE",
        help="Arbejdsområdets mappe (standard: det, den aktuelle mappe hører til).",
        show_default=False,
    ),
]


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"Fejl: {message}", err=True)
    raise typer.Exit(code)


def _loaded(workspace: Path | None) -> Workspace:
    """The validated workspace; errors in it are shown and stop the command (exit 1)."""
    from sektorplan.check.validate import validate, with_workspace_errors
    from sektorplan.cli.reporters import as_text
    from sektorplan.load.workspace import shown_path, workspace_of

    start = workspace or Path.cwd()
    if not start.is_dir():
        _fail(f"{start} er ikke en mappe. Angiv arbejdsområdets mappe med --workspace.", 2)
    root = workspace_of(start)
    if root is None:
        here = shown_path(start)
        _fail(
            f"{'Den aktuelle mappe' if here == '.' else here} er ikke i et arbejdsområde (der "
            "er ingen sektorplan.yaml her eller i mapperne over, og ingen mappe planer/). Gå "
            "til arbejdsområdets mappe med cd, eller angiv den med --workspace.",
            2,
        )
    result = with_workspace_errors(validate([root]))
    if result.errors:
        typer.echo(as_text(result), err=True)
        _fail("Arbejdsområdet har fejl. Ret dem (se sektorplan validate), og kør igen.", 1)
    return result.workspaces[0]


def _languages(value: str | None, ws: Workspace) -> list[str]:
    assert ws.config is not None
    own = list(ws.config.languages)
    primary = own[0]
    if value is None:
        return [lang for lang in own if lang != primary]
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    wrong = [lang for lang in chosen if lang not in ("da", "kl", "en")]
    if wrong or not chosen:
        _fail(f"Ukendt sprog: {', '.join(wrong) or 'intet'}. Vælg blandt da, kl, en.", 2)
    if primary in chosen:
        _fail(f"{primary} er arbejdsområdets primære sprog; det oversættes der fra.", 2)
    return chosen


@app.command(
    cls=DanishCommand,
    short_help="Hvilke tekster mangler en oversættelse.",
    epilog=examples("sektorplan oversæt status", "sektorplan oversæt status --sprog kl"),
)
def status(
    workspace: WorkspaceOption = None,
    languages: Annotated[
        str | None,
        typer.Option(
            "--sprog",
            metavar="SPROG",
            help="Kommasepareret (standard: arbejdsområdets sprog ud over det primære).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        StatusFormat, typer.Option("--format", help="Tabel (text) eller json.")
    ] = StatusFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1, når en tekst mangler oversættelse (til CI).")
    ] = False,
) -> None:
    """Hvor mange tekster hver plan har, og hvor mange der er oversat, pr. sprog."""
    from sektorplan.translate import status as report
    from sektorplan.translate.texts import workspace_texts

    ws = _loaded(workspace)
    chosen = _languages(languages, ws)
    assert ws.config is not None
    primary = ws.config.primary_language
    found = report.counts(workspace_texts(ws), chosen)
    if format is StatusFormat.json:
        typer.echo(report.as_json(found, primary))
    else:
        typer.echo(report.as_text(found, primary))
    missing = sum(c.missing for c in found)
    if strict and missing:
        typer.echo(
            f"{missing} {'tekst mangler' if missing == 1 else 'tekster mangler'} "
            "oversættelse (--strict).",
            err=True,
        )
        raise typer.Exit(1)


@app.command(
    cls=DanishCommand,
    name="udtræk",
    short_help="Regneark med teksterne til oversætterne.",
    epilog=examples("sektorplan oversæt udtræk --sprog kl -o kl.xlsx"),
)
def extract(
    language: Annotated[
        str,
        typer.Option(
            "--sprog", metavar="SPROG", help="Sproget, der oversættes til: kl, en eller da."
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FIL", help="Regnearket (.xlsx), der skrives.")
    ],
    workspace: WorkspaceOption = None,
    every: Annotated[
        bool, typer.Option("--alle", help="Alle tekster, også de oversatte (til at rette dem).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overskriv en fil, der findes.")] = False,
) -> None:
    """Regnearket til oversætterne med hver tekst, der mangler sproget (--alle: alle)."""
    from sektorplan.load.workspace import shown_path
    from sektorplan.paths import cannot_write, write_atomic
    from sektorplan.translate.sheet import workbook_bytes
    from sektorplan.translate.texts import workspace_texts

    if output.suffix.lower() != ".xlsx":
        _fail(f"{output} skal være et Excel-regneark: giv filen endelsen .xlsx.", 2)
    if output.is_dir():
        _fail(f"{output} er en mappe. Angiv en fil, fx -o {language}.xlsx.", 2)
    if output.exists() and not force:
        _fail(f"{output} findes allerede. Vælg et andet navn, eller overskriv med --force.", 1)
    ws = _loaded(workspace)
    chosen_languages = _languages(language, ws)
    if len(chosen_languages) != 1:
        _fail("Angiv ét sprog med --sprog, fx --sprog kl.", 2)
    chosen = chosen_languages[0]
    assert ws.config is not None
    primary = ws.config.primary_language
    texts = [t for t in workspace_texts(ws) if every or not t.has(chosen)]
    try:
        write_atomic(output, workbook_bytes(texts, primary, chosen))
    except OSError as exc:
        _fail(cannot_write(shown_path(output), exc), 1)
    what = "tekst" if len(texts) == 1 else "tekster"
    typer.echo(f"Skrevet: {shown_path(output)} ({len(texts)} {what} til {chosen}).")
    typer.echo(
        f"Oversæt i kolonnen «Oversættelse ({chosen})», og læs filen ind med "
        f"sektorplan oversæt indlæs {output.name}."
    )


@app.command(
    cls=DanishCommand,
    name="indlæs",
    short_help="Læs de oversatte tekster ind i planerne.",
    epilog=examples("sektorplan oversæt indlæs kl.xlsx"),
)
def load(
    sheet: Annotated[
        Path, typer.Argument(metavar="REGNEARK", help="Regnearket fra udtræk (.xlsx), oversat.")
    ],
    workspace: WorkspaceOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Erstat også oversættelser, der findes i forvejen.")
    ] = False,
) -> None:
    """Læs oversættelserne ind i planernes YAML-filer; alt andet i filerne står urørt."""
    from sektorplan.check.validate import validate
    from sektorplan.cli.reporters import as_text
    from sektorplan.load.workspace import shown_path
    from sektorplan.paths import cannot_write
    from sektorplan.translate.apply import apply
    from sektorplan.translate.sheet import SheetError
    from sektorplan.translate.writeback import WriteError

    if not sheet.is_file():
        _fail(f"{sheet} findes ikke. Angiv regnearket fra sektorplan oversæt udtræk.", 2)
    ws = _loaded(workspace)
    try:
        outcome = apply(ws, sheet, force)
    except SheetError as exc:
        typer.echo(f"Fejl: {exc}", err=True)
        typer.echo("Intet er ændret. Ret regnearket, og kør igen.", err=True)
        raise typer.Exit(1) from None
    except WriteError as exc:
        _fail(f"En oversættelse kunne ikke skrives ({exc}). Intet er ændret.", 1)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else sheet
        _fail(cannot_write(shown_path(where), exc), 1)
    for line in outcome.skipped:
        typer.echo(f"Sprunget over: {line}", err=True)
    for line in outcome.kept:
        typer.echo(f"Beholdt: {line}", err=True)
    for path in outcome.written:
        typer.echo(f"Skrevet: {shown_path(path)}")
    typer.echo(
        f"{outcome.applied} {'oversættelse' if outcome.applied == 1 else 'oversættelser'} til "
        f"{outcome.language} skrevet; {outcome.unchanged} var der allerede; "
        f"{len(outcome.skipped)} sprunget over (ændret tekst); {len(outcome.kept)} beholdt."
    )
    result = validate([ws.root])
    if result.findings:
        typer.echo(as_text(result), err=True)
    if result.errors:
        _fail("Planerne har fejl efter indlæsningen. Ret dem (se sektorplan validate).", 1)
