"""Reporters: the same findings as text for people, JSON for programs, GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

from sektorplan.check.validate import Result
from sektorplan.findings import Finding
from sektorplan.load.workspace import shown_path


def _file(finding: Finding, cwd: Path | None) -> str:
    return shown_path(finding.file, cwd) if finding.file else "sektorplan.yaml"


def text_line(finding: Finding, cwd: Path | None = None) -> str:
    where = f"{_file(finding, cwd)}:{finding.line}:{finding.column}"
    head = f"{where}: {finding.severity.danish} {finding.rule}"
    return (
        f"{head} {finding.where}: {finding.message}"
        if finding.where
        else f"{head}: {finding.message}"
    )


def summary(result: Result) -> str:
    files = f"{result.files} {'fil' if result.files == 1 else 'filer'} kontrolleret"
    if not result.findings:
        return f"{files}: ingen fejl, ingen advarsler."
    errors = f"{result.errors} {'fejl'}"
    warnings = f"{result.warnings} {'advarsel' if result.warnings == 1 else 'advarsler'}"
    return f"{files}: {errors}, {warnings}."


def as_text(result: Result, cwd: Path | None = None) -> str:
    lines = [text_line(f, cwd) for f in result.findings]
    lines.append(summary(result))
    return "\n".join(lines)


def as_json(result: Result, cwd: Path | None = None) -> str:
    return json.dumps(
        {
            "files": result.files,
            "errors": result.errors,
            "warnings": result.warnings,
            "findings": [
                {
                    "file": _file(f, cwd),
                    "line": f.line,
                    "column": f.column,
                    "severity": f.severity.value,
                    "rule": f.rule,
                    "path": f.path,
                    "place": f.where,
                    "message": f.message,
                }
                for f in result.findings
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: Result, cwd: Path | None = None) -> str:
    lines = []
    for f in result.findings:
        kind = "error" if f.severity.value == "error" else "warning"
        props = (
            f"file={_escape_property(_file(f, cwd))},line={f.line},col={f.column},"
            f"title={_escape_property(f.rule)}"
        )
        message = f"{f.where}: {f.message}" if f.where else f.message
        lines.append(f"::{kind} {props}::{_escape_data(message)}")
    lines.append(summary(result))
    return "\n".join(lines)


REPORTERS = {"text": as_text, "json": as_json, "github": as_github}
