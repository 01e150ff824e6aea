"""The one base of the tool's own errors: problems a user can fix, told in Danish.

Anything raised as a `SektorplanError` carries a message fit to print as it is; the command
line prints it after «Fejl:» and exits with 1. Any other exception is a bug in sektorplan.
"""

from __future__ import annotations


class SektorplanError(Exception):
    """A problem the user can fix: a file that would be overwritten, a template, a plan text.
    Its text has every value it repeats in «…» cut short (`findings.cut_echoes`)."""

    def __str__(self) -> str:
        from sektorplan.findings import cut_echoes

        return cut_echoes(super().__str__())
