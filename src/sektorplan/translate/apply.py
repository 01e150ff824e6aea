"""`sektorplan oversæt indlæs`: the translators' sheet back into the YAML files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sektorplan.load.workspace import Workspace, shown_path
from sektorplan.translate.sheet import SHEET, Row, SheetError, read_rows
from sektorplan.translate.texts import Text, fingerprint, workspace_texts


@dataclass
class Outcome:
    language: str = ""
    written: list[Path] = field(default_factory=list)
    applied: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # a changed source: reported, not applied
    kept: list[str] = field(default_factory=list)  # a different translation kept (no --force)


def load_sheet(ws: Workspace, path: Path) -> tuple[str, list[tuple[Row, Text]]]:
    """The sheet's language and each row with the text it is for. Any problem: SheetError
    naming sheet, row and column; nothing has been changed."""
    assert ws.config is not None
    shown = shown_path(path)
    primary, language, rows = read_rows(path, shown)
    where = f"{shown}, ark «{SHEET}»"
    own = ws.config.primary_language
    if primary != own:
        raise SheetError(
            f"{where}, række 1, kolonne D: regnearket er lavet fra {primary}, men "
            f"arbejdsområdets primære sprog er {own}. Lav et nyt med sektorplan oversæt udtræk."
        )
    if language == own:
        raise SheetError(
            f"{where}, række 1, kolonne G: {language} er arbejdsområdets primære sprog, som "
            "der oversættes fra. Lav regnearket med sektorplan oversæt udtræk --sprog kl."
        )
    texts = {(t.name, t.path): t for t in workspace_texts(ws)}
    problems = []
    found = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        text = texts.get((row.file, row.path))
        if text is None or text.id != row.id:
            column = "A" if not any(name == row.file for name, _ in texts) else "B"
            problems.append(
                f"{where}, række {row.number}, kolonne {column}: {row.file} {row.path} "
                f"({row.id}) findes ikke længere i arbejdsområdet. Slet rækken, eller lav et "
                "nyt regneark med sektorplan oversæt udtræk."
            )
            continue
        first = seen.setdefault((row.file, row.path), row.number)
        if first != row.number:
            problems.append(
                f"{where}, række {row.number}, kolonne B: {row.file} {row.path} står også i "
                f"række {first}. Slet den ene række."
            )
            continue
        found.append((row, text))
    if problems:
        raise SheetError("\n".join(problems))
    return language, found


def apply(ws: Workspace, path: Path, force: bool) -> Outcome:
    """Write the sheet's translations. Raises SheetError (nothing changed) for bad input,
    OSError or WriteError when a file cannot be written (files before it are written)."""
    from sektorplan.load.yamlfile import MAX_BYTES
    from sektorplan.paths import read_limited, write_atomic
    from sektorplan.translate.writeback import Change, with_translations

    assert ws.config is not None
    language, found = load_sheet(ws, path)
    outcome = Outcome(language)
    changes: dict[Path, list[Change]] = {}
    for row, text in found:
        where = f"række {row.number} ({row.file} {row.path}, {row.id})"
        if fingerprint(text.source) != row.fingerprint.strip():
            outcome.skipped.append(
                f"{where}: den {ws.config.primary_language}-tekst, der blev oversat, er ændret "
                "siden udtrækket. Sprunget over; lav et nyt regneark for den."
            )
            continue
        translation = row.translation.replace("\r\n", "\n")
        existing = text.in_language(language)
        if existing == translation:
            outcome.unchanged += 1
            continue
        if existing and not force:
            outcome.kept.append(
                f"{where}: har allerede en anden oversættelse, som er beholdt (--force "
                "erstatter den)."
            )
            continue
        changes.setdefault(text.file, []).append(Change(text.keys, language, translation))
        outcome.applied += 1
    primary = ws.config.primary_language
    new = {}
    for file, file_changes in changes.items():
        # As the loader read it: inside the workspace, within the size limit.
        raw = read_limited(file, MAX_BYTES, inside=ws.root)
        bom = raw.startswith(b"\xef\xbb\xbf")
        source = raw[3 if bom else 0 :].decode("utf-8")
        new[file] = (b"\xef\xbb\xbf" if bom else b"") + with_translations(
            source, primary, file_changes
        ).encode("utf-8")
    for file, data in new.items():  # every file made first: a bug stops before any is written
        write_atomic(file, data)
        outcome.written.append(file)
    return outcome
