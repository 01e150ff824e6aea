"""Markdown: Jinja2 with escaping for Markdown, the way HTML templates autoescape.

Every `{{ value }}` in a Markdown template is escaped for Markdown by the environment's
`finalize` hook, so a plan text renders as written: `*`, `_`, `#`, `|`, `<`, `[`, backticks,
`$`, a leading `1.` or `-`, leading spaces, line breaks. The environment autoescapes, so
what is already Markdown (the template's own text, macros, `super()`, the filters below) is
marked safe (a `Markup`) and passes untouched; `finalize` turns everything else into escaped
Markdown before Jinja's HTML escaping could see it. The filters:

- `md_block`: a paragraph text; a line break becomes a hard break (a backslash at the end of
  the line), a blank line stays a paragraph break.
- `md_url`: a relative link target (percent-encoded).

Inline values (headings, list items, table cells) turn a line break into `<br>`. Spaces at
the start or end of a line become references such as `&#32;`: Markdown would drop them, or
read four of them as the start of a code block.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

# CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones
# that can start markup somewhere in a line (GitHub adds `$` for maths and `~` for
# strikethrough; `|` matters in tables).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the start of a line: list markers (`- `, `+ `, `1. `), setext underlines and thematic
# breaks (`---`, `===`). `15.000.000` or `BS-1` start nothing and stay as they are.
_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)|^([-+])(?=[ \t]|$)|^([-=])(?=\4*[ \t]*$)")
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


class MarkdownSafe(Markup):
    """Text that is already Markdown and must not be escaped again."""

    __slots__ = ()


# A line none of the rules below would change: most values (names, years, amounts).
_PLAIN = re.compile(r"(?!\d{1,9}[.)](?:[ \t]|$))(?![+=\s-])[^\\`*_\[\]<>#|~$&]*(?<!\s)")


def escape_line(line: str) -> str:
    return line if _PLAIN.fullmatch(line) else escaped(line)


def escaped(line: str) -> str:
    line = _SPECIAL.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _LINE_START.sub(_escape_start, line)
    return _EDGE_SPACE.sub(lambda m: _spaces(m.group()), line)


def _escape_start(match: re.Match[str]) -> str:
    if match[1]:
        return f"{match[1]}\\{match[2]}"
    return f"\\{match[3] or match[4]}"


def _spaces(text: str) -> str:
    return "".join(f"&#{ord(c)};" for c in text)


def md_inline(value: Any) -> MarkdownSafe:
    """A value for a heading, a list item or a table cell: one line."""
    if isinstance(value, Markup):
        return MarkdownSafe(value)
    text = "" if value is None else str(value)
    lines = [escape_line(line) for line in text.split("\n")]
    return MarkdownSafe("<br>".join(lines))


def md_block(value: Any) -> MarkdownSafe:
    """A paragraph text: line breaks kept as hard breaks, blank lines as paragraph breaks."""
    if isinstance(value, Markup):
        return MarkdownSafe(value)
    lines = ("" if value is None else str(value)).split("\n")
    out = []
    for i, line in enumerate(lines):
        safe = escape_line(line)
        following = i + 1 < len(lines) and lines[i + 1] != ""
        out.append(safe + "\\" if safe and following else safe)
    return MarkdownSafe("\n".join(out))


def md_url(value: Any) -> MarkdownSafe:
    return MarkdownSafe(quote(str(value)))


def finalize(value: Any) -> Any:
    return value if hasattr(value, "__html__") else md_inline(value)


FILTERS = {"md_block": md_block, "md_url": md_url}
