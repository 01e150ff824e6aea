"""One build or render at a time in an output folder: a lock file held while it writes there.

Two builds into the same folder at once would leave a mixture of both, which the next build
then takes for up to date. So a build holds `.sektorplan-lock` in the output folder, locked
with the operating system's file lock (`fcntl.flock`, or `msvcrt.locking` on Windows), from
reading the manifests until the last file is written (and the same in each language's folder,
build/da, build/kl: a render may write there); `sektorplan render` holds the same lock on its
output folder (build/render.py), from reading its manifest until its last PDF is written.
A second one waits for the first (saying so) and gives up with a message after `WAIT_SECONDS`.
The lock goes with its process: a build that is killed holds nothing. The file is removed when
the build ends, so the folder holds only the documents (and a folder made for the lock that is
still empty, such as for a render that wrote nothing, is removed too); a build that waited on
a file removed meanwhile takes the new one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sektorplan.errors import SektorplanError

NAME = ".sektorplan-lock"
WAIT_SECONDS = 600.0
_POLL_SECONDS = 0.2


class LockError(SektorplanError):
    """The output folder cannot be locked: it cannot be made, or another build or render
    holds it."""


class BusyError(LockError):
    """Another build or render kept the folder for longer than one waits."""


@contextmanager
def output_lock(out_dir: Path, note: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder's lock while the block runs; `note` tells that it waits."""
    from sektorplan.load.workspace import shown_path
    from sektorplan.paths import cannot_write

    path = out_dir / NAME
    made = _missing(out_dir)
    deadline = time.monotonic() + WAIT_SECONDS
    told = False
    while True:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            fd = _open(path)
        except OSError as exc:
            raise LockError(f"{cannot_write(shown_path(out_dir), exc)} Intet er dannet.") from None
        if _try_lock(fd):
            if _still_there(fd, path):
                break
            _unlock(fd)  # the holder removed this file as it finished: take the new one
        os.close(fd)
        if not told:
            note(
                f"En anden sektorplan build eller render skriver i {shown_path(out_dir)} lige "
                "nu. Venter, til den er færdig …"
            )
            told = True
        if time.monotonic() > deadline:
            raise BusyError(
                f"En anden sektorplan build eller render har skrevet i {shown_path(out_dir)} "
                f"i over {WAIT_SECONDS:.0f} sekunder. Intet er dannet. Vent, til den er "
                "færdig, eller vælg en anden mappe med -o."
            )
        time.sleep(_POLL_SECONDS)
    try:
        yield
    finally:
        # Removed before the lock is let go: a waiter then sees it is gone. (Windows keeps
        # an open file: the next build reuses it.)
        with contextlib.suppress(OSError):
            os.unlink(path)
        for folder in made:  # made here and still empty: nothing was written
            try:
                os.rmdir(folder)
            except OSError:
                break
        _unlock(fd)
        os.close(fd)


def _missing(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist, the deepest first."""
    missing = []
    while not os.path.lexists(folder) and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o644)


def _still_there(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
