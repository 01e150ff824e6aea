"""An old version of a workspace, read out of git into a temporary folder.

Nothing is checked out and the user's tree is never touched: the files of the workspace's
folder at the revision are listed with `git ls-tree` and read with one `git cat-file
--batch`, as git stores them (no `export-ignore` or `export-subst` from .gitattributes, which
`git archive` would apply). Every problem is a Danish `GitError`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from sektorplan.errors import SektorplanError

WRONG_USE = 2


class GitError(SektorplanError):
    """Git cannot give what was asked: no git, no repository, an unknown revision."""

    exit_code = WRONG_USE


def _git(args: list[str], cwd: Path, data: bytes | None = None) -> subprocess.CompletedProcess:
    git = shutil.which("git")
    if git is None:
        raise GitError(
            "git er ikke installeret, så --fra og --til kan ikke bruges. Installér git, eller "
            "sammenlign to mapper eller filer: sektorplan diff GAMMEL NY."
        )
    return subprocess.run(
        [git, *args], cwd=cwd, input=data, capture_output=True, check=False, env=_env()
    )


def _env() -> dict[str, str]:
    # git's own messages are not shown; its answers are read in the C locale.
    return {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


def repository(folder: Path) -> Path:
    """The top folder of the git repository that holds `folder`."""
    done = _git(["rev-parse", "--show-toplevel"], folder)
    if done.returncode != 0:
        raise GitError(
            f"{folder} ligger ikke i et git-arkiv, så --fra kan ikke bruges. Sammenlign to "
            "mapper eller filer i stedet: sektorplan diff GAMMEL NY."
        )
    return Path(os.fsdecode(done.stdout.rstrip(b"\n"))).resolve()


def commit(top: Path, revision: str) -> str:
    """The commit `revision` (a tag, branch or hash) names."""
    if not revision.strip() or revision.startswith("-"):
        raise GitError(f"«{revision}» er ikke en version. Angiv et tag, en gren eller en commit.")
    done = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], top
    )
    if done.returncode != 0:
        raise GitError(
            f"Versionen «{revision}» findes ikke i git-arkivet i {top}. Se de kendte versioner "
            "med `git tag` og `git log --oneline`."
        )
    return done.stdout.decode("ascii").strip()


@contextmanager
def extracted(top: Path, revision: str, folder: PurePosixPath) -> Iterator[Path]:
    """The files under `folder` (relative to the repository's top) at `revision`, written
    into a temporary folder that is removed afterwards; yields where `folder` is in it."""
    sha = commit(top, revision)
    pathspec = [] if str(folder) in ("", ".") else ["--", f"{folder}/"]
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", sha, *pathspec], top)
    if listing.returncode != 0:
        raise GitError(f"git kan ikke læse version «{revision}» i {top}.")
    blobs = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.split()
        if kind == b"blob" and mode != b"120000":  # files; not links, not submodules
            blobs.append((blob.decode("ascii"), os.fsdecode(name)))
    if not blobs:
        raise GitError(
            f"Mappen {folder} findes ikke i version «{revision}» (eller er tom der). "
            "Vælg en version, hvor arbejdsområdet findes."
        )
    contents = _contents(top, [blob for blob, _ in blobs])
    with tempfile.TemporaryDirectory(prefix="sektorplan-diff-") as tmp:
        root = Path(tmp)
        for (_, name), data in zip(blobs, contents, strict=True):
            path = root.joinpath(*PurePosixPath(name).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield root.joinpath(*folder.parts)


def _contents(top: Path, blobs: list[str]) -> list[bytes]:
    """The blobs' bytes, by one `git cat-file --batch`."""
    done = _git(["cat-file", "--batch"], top, "".join(f"{b}\n" for b in blobs).encode())
    if done.returncode != 0:
        raise GitError(f"git kan ikke læse filerne i {top}.")
    out, at, result = done.stdout, 0, []
    for _ in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        start = header_end + 1
        result.append(out[start : start + size])
        at = start + size + 1  # the content is followed by a line feed
    return result
