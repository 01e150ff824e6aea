"""The one exception rendering raises for problems a user can fix (a template, a file)."""

from __future__ import annotations

from sektorplan.errors import SektorplanError


class RenderError(SektorplanError):
    """A Danish message that says what to do; the CLI prints it and exits 1."""
