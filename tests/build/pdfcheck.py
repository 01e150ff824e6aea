"""Reading a PDF back for the tests: the `pdfua` checker's findings, and what pikepdf sees.

pdfua 0.1.3 cannot run its rule UA-14-001 (no empty headings) with pikepdf 8 or later: it
asks a pikepdf array for an attribute, which pikepdf answers with a ValueError, so pdfua
reports the rule as skipped ("rule raised ValueError"). No pikepdf that pdfua accepts
(>= 8) behaves otherwise. `pdfua_problems` runs every rule through pdfua's public API, and
where that one rule is skipped for that reason it checks the same thing itself
(`empty_headings`); any other skipped rule is a problem.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pikepdf
from pdfua import Validator

EMPTY_HEADINGS = "UA-14-001"


def pdfua_problems(path: Path) -> list[str]:
    """pdfua's findings (every severity) and the rules it could not run, as text; empty
    when the PDF passes every check."""
    report = Validator().validate(str(path))
    problems = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
    for outcome in report.skipped:
        known = outcome.rule_id == EMPTY_HEADINGS and "ValueError" in (outcome.skipped_reason or "")
        if known:
            with pikepdf.open(path) as pdf:
                problems += [f"{EMPTY_HEADINGS}: empty heading {h}" for h in empty_headings(pdf)]
        else:
            problems.append(f"{outcome.rule_id} skipped: {outcome.skipped_reason}")
    return problems


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, in document order."""
    out: list[pikepdf.Dictionary] = []

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node and node.get("/Type") not in (pikepdf.Name.MCR, pikepdf.Name.OBJR):
                out.append(node)
            if "/K" in node:
                walk(node.K)

    if "/StructTreeRoot" in pdf.Root:
        walk(pdf.Root.StructTreeRoot.get("/K"))
    return out


def role(element: pikepdf.Dictionary) -> str:
    return str(element.S)


def marks_content(node: Any) -> bool:
    """True if the element (or one below it) marks content on a page: an MCID."""
    if isinstance(node, int) and not isinstance(node, bool):
        return True
    if isinstance(node, pikepdf.Array):
        return any(marks_content(item) for item in node)
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/Type") == pikepdf.Name.MCR or "/MCID" in node:
            return True
        return "/K" in node and marks_content(node.K)
    try:
        return isinstance(int(node), int)
    except (TypeError, ValueError):
        return False


def empty_headings(pdf: pikepdf.Pdf) -> list[str]:
    """The headings (H, H1…H6) that mark no content (rule UA-14-001)."""
    headings = [e for e in structure(pdf) if re.fullmatch(r"/H[1-6]?", role(e))]
    return [role(e) for e in headings if not marks_content(e.get("/K"))]


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles: list[str] = []

    def walk(items: Any) -> None:
        for item in items:
            titles.append(item.title)
            walk(item.children)

    with pdf.open_outline() as outline:
        walk(outline.root)
    return titles


def soffice_spy(folder: Path) -> tuple[Path, Path]:
    """A `soffice` that writes its arguments to a log, then runs the real one."""
    real = shutil.which("soffice")
    log = folder / "soffice-kald.txt"
    log.touch()
    spy = folder / "soffice"
    spy.write_text(f"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{real}' \"$@\"\n")
    spy.chmod(0o755)
    return spy, log


def macro_calls(log: Path) -> list[str]:
    """The LibreOffice processes that converted documents (the macro's call)."""
    return [line for line in log.read_text().splitlines() if "macro:///" in line]
