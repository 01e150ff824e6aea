"""Why the operating system refused, told in Danish (kept light: validate imports it)."""

from __future__ import annotations

import errno

_OS_ERRORS = {
    errno.ENOENT: "mappen eller filen findes ikke",
    errno.EACCES: "ingen adgang",
    errno.EPERM: "ingen adgang",
    errno.EROFS: "drevet er skrivebeskyttet",
    errno.ENOSPC: "der er ikke mere plads på drevet",
    errno.EISDIR: "det er en mappe",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EEXIST: "der findes allerede en fil eller mappe med det navn",
    errno.ENOTEMPTY: "mappen er ikke tom",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EBUSY: "filen er i brug",
    errno.EIO: "fejl ved læsning eller skrivning på drevet",
}


def cannot_write(shown: str, exc: OSError) -> str:
    """`<path> kan ikke skrives (<reason>).`, with the path as the user should see it."""
    return f"{shown} kan ikke skrives ({os_error_text(exc)})."


def os_error_text(exc: OSError) -> str:
    """The operating system's reason, in Danish where we know it."""
    return _OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
