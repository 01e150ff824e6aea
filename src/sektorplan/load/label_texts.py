"""tekster/<sprog>.yaml: a workspace's own fixed texts in one language (headings such as
«Vision» and «I alt»), over the built-in catalogues key by key.

The keys are those of the built-in Danish catalogue (labels/da.yaml), and under `oversigt:`
those of the overview's (labels/oversigt/da.yaml). An empty value keeps the built-in text.
The file is checked like a plan: YAML, then each key (an unknown one is an error with a
did-you-mean), each value (a text) and its placeholders (`{år}` and the like), which must
be those of the Danish label.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from sektorplan.findings import Finding, Severity
from sektorplan.load.yamlfile import Document, Loc, load_file
from sektorplan.model.plan import LANGUAGES
from sektorplan.paths import present_file

FOLDER = "tekster"  # = workspace.LABEL_TEXTS_FOLDER
OVERVIEW_KEY = "oversigt"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def files(root: Path) -> list[Path]:
    """The files in tekster/ that are read: da.yaml, kl.yaml and en.yaml."""
    return [
        root / FOLDER / f"{lang}.yaml"
        for lang in LANGUAGES
        if present_file(root / FOLDER / f"{lang}.yaml")
    ]


def load(path: Path, root: Path) -> tuple[Document, str, dict[str, Any] | None]:
    """The file as a document with its findings, its language, and its texts (None when
    it has errors)."""
    doc = load_file(path, inside=root)
    language = path.stem
    if doc.root is None or any(f.severity is Severity.ERROR for f in doc.findings):
        return doc, language, None
    if not isinstance(doc.data, dict):
        doc.findings.append(
            doc.finding(
                "SP102",
                f"{FOLDER}/{path.name} skal være nøgler med tekster (vision: …), som "
                "sektorplans egne faste tekster.",
            )
        )
        return doc, language, None
    from sektorplan.i18n import OVERVIEW, labels

    reference = {**labels("da"), OVERVIEW_KEY: labels("da", OVERVIEW)}
    doc.findings.extend(_check(doc, doc.data, reference, ()))
    if any(f.severity is Severity.ERROR for f in doc.findings):
        return doc, language, None
    return doc, language, doc.data


def _check(
    doc: Document, data: dict[Any, Any], reference: dict[str, Any], loc: Loc
) -> list[Finding]:
    findings = []
    for key, value in data.items():
        here = (*loc, key)
        if not isinstance(key, str) or key not in reference:
            findings.append(
                doc.finding("SP240", _unknown(str(key), reference, loc), here, key=True)
            )
            continue
        known = reference[key]
        if isinstance(known, dict):
            if value is None:
                continue
            if not isinstance(value, dict):
                findings.append(
                    doc.finding(
                        "SP102",
                        f"{_name(here)} skal være nøgler med tekster "
                        f"({', '.join(list(known)[:3])} …).",
                        here,
                    )
                )
                continue
            findings += _check(doc, value, known, here)
            continue
        if value is None:
            continue
        if not isinstance(value, str):
            findings.append(
                doc.finding("SP102", f"{_name(here)} skal være en tekst, men er «{value}».", here)
            )
            continue
        wanted = sorted(set(_PLACEHOLDER.findall(known)))
        found = sorted(set(_PLACEHOLDER.findall(value)))
        if value.strip() and wanted != found:
            want = ", ".join(f"{{{p}}}" for p in wanted) or "ingen"
            have = ", ".join(f"{{{p}}}" for p in found) or "ingen"
            findings.append(
                doc.finding(
                    "SP241",
                    f"{_name(here)} har pladsholderne {have}, men den danske tekst har {want}. "
                    "Brug de samme pladsholdere, stavet som i den danske tekst.",
                    here,
                )
            )
    return findings


def _name(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def _unknown(key: str, reference: dict[str, Any], loc: Loc) -> str:
    where = f" under {_name(loc)}" if loc else ""
    close = difflib.get_close_matches(key, [str(k) for k in reference], n=1, cutoff=0.6)
    hint = f" Mente du «{close[0]}»?" if close else ""
    return (
        f"«{key}»{where} er ikke en af de faste tekster.{hint} Nøglerne er de samme som i "
        "sektorplans labels/da.yaml (og labels/oversigt/da.yaml under oversigt:)."
    )
