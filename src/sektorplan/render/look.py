"""The municipality's look in the documents: its colours and logo (`farver`, `logo`).

Every format takes its colours from here, so a heading, a table head and a chart line have
the same colour in Word, PDF and HTML: `primary` for headings and table heads (and `head`,
a light tint of it, behind the table heads), `accent` for the measured values in charts.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from sektorplan.load.logo import Logo, read_logo
from sektorplan.model.plan import Colours, WorkspaceConfig

# The built-in Word templates' colours (scripts/build_word_template.py), replaced by the
# workspace's own in a rendered document.
TEMPLATE_PRIMARY = "1F4E79"
TEMPLATE_HEAD = "DCE6F0"
HEAD_TINT = 0.16  # the table heads' background: this much of the primary colour on white


def tint(colour: str, share: float) -> str:
    """`colour` (#RRGGBB) mixed with white: `share` of the colour, the rest white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * share) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def logo_of(root: Path, config: WorkspaceConfig) -> Logo | None:
    return read_logo(root, config.logo)


def look(root: Path, config: WorkspaceConfig) -> dict[str, Any]:
    """The look for a render context: colours as #RRGGBB and the logo as a data: URI (for
    HTML, which is one self-contained file), empty without a logo."""
    colours: Colours = config.colours
    logo = logo_of(root, config)
    uri = ""
    if logo is not None:
        uri = f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode('ascii')}"
    return {
        "primary": colours.primary,
        "accent": colours.accent,
        "head": tint(colours.primary, HEAD_TINT),
        "logo": uri,
    }


def recolour_word(document: Any, look: dict[str, Any]) -> None:
    """The built-in template's colours in a rendered Word document's styles replaced by the
    workspace's: headings and table heads in `primary`, the heads' background its tint."""
    from docx.oxml.ns import qn

    primary = look["primary"].lstrip("#")
    head = look["head"].lstrip("#")
    if primary == TEMPLATE_PRIMARY:
        return
    styles = document.styles.element
    for element in styles.iter(qn("w:color")):
        if element.get(qn("w:val"), "").upper() == TEMPLATE_PRIMARY:
            element.set(qn("w:val"), primary)
    for element in styles.iter(qn("w:shd")):
        if element.get(qn("w:fill"), "").upper() == TEMPLATE_HEAD:
            element.set(qn("w:fill"), head)
    for element in styles.iter(qn("w:bottom")):  # the title's rule
        if element.get(qn("w:color"), "").upper() == TEMPLATE_PRIMARY:
            element.set(qn("w:color"), primary)
