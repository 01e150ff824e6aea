"""Reading and writing files safely.

Writing: atomically, never over a user's file unless asked, reproducibly. Reading
(`read_limited`): only a regular file, only inside the folder it belongs to (a symbolic link
out of the workspace is not followed), and never more than a limit.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import tempfile
from pathlib import Path

from sektorplan.errors import SektorplanError


class ExistsError(SektorplanError):
    """A file would be overwritten without --force."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def write_atomic(
    path: Path, data: bytes | str, *, force: bool = True, durable: bool = True
) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so a
    reader sees the old file or the whole new one, never half a file. With `force=False`, an
    existing file is left alone and `ExistsError` is raised.

    `durable`: the data is on the disk (fsync) before the rename, so that even a power cut
    leaves the old file or the whole new one. A file that can be made again from its inputs
    (every document, picture and page the tool derives) needs no fsync, which took about a
    fifth of a build's time: pass `durable=False`. Keep it for what cannot be made again
    (a user's own file) and what says what was made (the build's manifest)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        _write(path, data, force, durable)
    except OSError as exc:
        # Named after the file asked for, not the temporary file or a folder on the way: the
        # class (NotADirectoryError, ...) follows the errno.
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _write(path: Path, data: bytes, force: bool, durable: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
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


class ReadRefused(OSError):
    """A file `read_limited` does not read; `strerror` says why, in Danish, so that every
    `except OSError` that tells the user `os_error_text` tells this too."""

    def __init__(self, reason: str, path: Path) -> None:
        super().__init__(None, reason, str(path))


class TooLarge(ReadRefused):
    """A file larger than the limit its reader set; `size` is its size in bytes."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"filen fylder mere end {limit} byte", path)
        self.size = size
        self.limit = limit


def present_file(path: Path) -> bool:
    """Whether something other than a folder stands at `path` (a link leading nowhere, a
    FIFO or a device count: reading it then says what is wrong, instead of passing it over)."""
    return os.path.lexists(path) and not os.path.isdir(path)


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, all symbolic links followed, is inside `folder` (links followed too)."""
    real = os.path.realpath(path)
    base = os.path.realpath(folder)
    return os.path.commonpath([real, base]) == base


def read_limited(path: Path, limit: int, *, inside: Path | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them (`TooLarge` beyond).

    With `inside` (the workspace, or a folder in it), the file's real path must lie in that
    folder's: a plan, measurement file, template or text that is a symbolic link to
    /proc/self/environ or a .env elsewhere is not read (`ReadRefused`). A FIFO, a device or a
    folder is refused without being read from: the file is opened without blocking, and
    checked before the first byte is read. Every refusal is an `OSError` with a Danish
    reason (`os_error_text`)."""
    if inside is not None and not is_inside(path, inside):
        raise ReadRefused(
            "den er et symbolsk link til en fil uden for arbejdsområdet, og sådan en læses "
            "ikke. Læg filen selv i arbejdsområdet",
            path,
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused(
                "det er ikke en almindelig fil, men fx en mappe, en FIFO eller en enhed", path
            )
        if inside is not None and not _same_file(info, os.path.realpath(path)):
            raise ReadRefused("filen blev udskiftet, mens den blev læst", path)
        if info.st_size > limit:
            raise TooLarge(path, info.st_size, limit)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while it was read
        raise TooLarge(path, len(data), limit)
    return data


def _same_file(info: os.stat_result, real: str) -> bool:
    try:
        other = os.stat(real)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)


# The latest time a document can carry: a zip file's dates end with the year 2107.
MAX_EPOCH = int(dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC).timestamp())


class SettingError(SektorplanError):
    """An environment variable the tool reads holds something it cannot use (exit 2)."""

    exit_code = 2


def build_time() -> dt.datetime:
    """The time stamped into outputs: SOURCE_DATE_EPOCH when set (reproducible builds),
    otherwise now. Always UTC. A value that is not a whole number of seconds from 0 to
    MAX_EPOCH is a `SettingError` that names the variable; an empty one counts as unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 20 or int(epoch) > MAX_EPOCH:
        from sektorplan.findings import cut

        raise SettingError(
            f"Miljøvariablen SOURCE_DATE_EPOCH er «{cut(epoch, 40)}», men skal være et helt "
            f"antal sekunder siden 1970-01-01 UTC, fra 0 til {MAX_EPOCH} (år 2107), fx "
            "1735689600 for 2025-01-01. Ret variablen, eller fjern den for at bruge tiden nu."
        )
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)


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


# Kept as they are in a file name: everything else is written with a "+" escape.
_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_æøå")


def file_part(id_: str, *, exact: bool) -> str:
    """An id as part of a file name, in lower case (a file system may ignore case). `exact`
    also marks each capital letter ("BS" -> "+b+s"); any other character outside `_KEPT`
    becomes "+" and six hex digits ("ĸ" -> "+000138"), which start with 0 or 1."""
    out = []
    for char in id_:
        lower = char.lower()
        if char in _KEPT:
            out.append(char)
        elif lower in _KEPT:
            out.append(f"+{lower}" if exact else lower)
        else:
            out.append(f"+{ord(char):06x}")
    return "".join(out)
