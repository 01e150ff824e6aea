"""Writing files safely: atomically, never over a user's file unless asked, reproducibly."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from pathlib import Path

from sektorplan.errors import SektorplanError


class ExistsError(SektorplanError):
    """A file would be overwritten without --force."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def write_atomic(path: Path, data: bytes | str, *, force: bool = True) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so a
    crash leaves the old file or none, never half a file. With `force=False`, an existing
    file is left alone and `ExistsError` is raised."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        _write(path, data, force)
    except OSError as exc:
        # Named after the file asked for, not the temporary file or a folder on the way: the
        # class (NotADirectoryError, ...) follows the errno.
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _write(path: Path, data: bytes, force: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
        else:
            # link() fails if the target exists: no window in which a user's file is replaced
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise ExistsError(path) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_time() -> dt.datetime:
    """The time stamped into outputs: SOURCE_DATE_EPOCH when set (reproducible builds),
    otherwise now. Always UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


# Why the operating system refused, told in Danish.

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
