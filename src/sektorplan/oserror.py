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
}


def os_error_text(exc: OSError) -> str:
    """The operating system's reason, in Danish where we know it."""
    return _OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
