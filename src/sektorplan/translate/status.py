"""`sektorplan oversæt status`: per file and language, how many texts there are, how many
are translated and how many are missing."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sektorplan.translate.texts import Text


@dataclass(frozen=True)
class Count:
    name: str  # the file as the workspace names it
    language: str
    texts: int
    translated: int

    @property
    def missing(self) -> int:
        return self.texts - self.translated


def counts(texts: list[Text], languages: list[str]) -> list[Count]:
    """One count per file (in the order of `texts`) and language."""
    files = list(dict.fromkeys(t.name for t in texts))
    out = []
    for name in files:
        mine = [t for t in texts if t.name == name]
        for language in languages:
            out.append(Count(name, language, len(mine), sum(t.has(language) for t in mine)))
    return out


def as_text(found: list[Count], primary: str) -> str:
    if not found:
        return (
            f"Arbejdsområdet har kun ét sprog ({primary}): der er intet at oversætte. "
            "Tilføj sprog i sprog: i sektorplan.yaml, fx sprog: [da, kl]."
        )
    header = ("Fil", "Sprog", "Tekster", "Oversat", "Mangler")
    rows = [(c.name, c.language, str(c.texts), str(c.translated), str(c.missing)) for c in found]
    for language in dict.fromkeys(c.language for c in found):
        mine = [c for c in found if c.language == language]
        texts = sum(c.texts for c in mine)
        translated = sum(c.translated for c in mine)
        rows.append(("I alt", language, str(texts), str(translated), str(texts - translated)))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)]
        return "  ".join(cells).rstrip()

    body = [line(header), *(line(r) for r in rows)]
    return f"Oversættelser fra {primary} (det primære sprog):\n" + "\n".join(body)


def as_json(found: list[Count], primary: str) -> str:
    return json.dumps(
        {
            "primary_language": primary,
            "files": [
                {
                    "file": c.name,
                    "language": c.language,
                    "texts": c.texts,
                    "translated": c.translated,
                    "missing": c.missing,
                }
                for c in found
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
