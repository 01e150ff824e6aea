"""The municipality's logo (`logo` in sektorplan.yaml): found, checked and read.

A logo is a PNG, JPEG or SVG file inside the workspace, at most 5 MB. `logo_problem` says
in Danish what is wrong with one; the renderers call `read_logo` only for a logo without
problems, so a document never carries a broken picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sektorplan.paths import TooLarge, os_error_text, present_file, read_limited

MAX_LOGO_BYTES = 5 * 1000 * 1000  # "at most 5 MB" (the spec's wording)
_HOW = "Brug en PNG-, JPEG- eller SVG-fil i arbejdsområdet, fx skabeloner/logo.png"


@dataclass(frozen=True)
class Logo:
    path: Path
    data: bytes
    kind: str  # "png", "jpeg" or "svg"

    @property
    def media_type(self) -> str:
        return {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}[self.kind]


def image_kind(data: bytes) -> str | None:
    """ "png", "jpeg" or "svg" from the file's own first bytes (never from its name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return "svg"
    return None


def logo_problem(root: Path, written: str) -> str | None:
    """What is wrong with the logo `written` (relative to the workspace `root`), or None."""
    path = root / written
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        return f"Logoet {written} ligger uden for arbejdsområdet. {_HOW}."
    if not present_file(path):
        return f"Logoet {written} findes ikke. Ret stien (den regnes fra arbejdsområdets mappe)."
    try:
        data = read_limited(path, MAX_LOGO_BYTES, inside=root)
    except TooLarge as exc:
        mb = f"{exc.size / 1_000_000:.1f}".replace(".", ",")
        return f"Logoet {written} fylder {mb} MB; grænsen er 5 MB. Gem det i en mindre størrelse."
    except OSError as exc:
        return f"Logoet {written} kan ikke læses ({os_error_text(exc)})."
    if image_kind(data) is None:
        return f"Logoet {written} er ikke et PNG-, JPEG- eller SVG-billede. {_HOW}."
    if image_kind(data) != "svg" and not _opens(data):
        return f"Logoet {written} er et ødelagt billede, som ikke kan åbnes. Gem det igen."
    return None


def _opens(data: bytes) -> bool:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


def read_logo(root: Path, written: str | None) -> Logo | None:
    """The logo's bytes for the documents, or None without one (or with a broken one, which
    validation reports)."""
    if not written or logo_problem(root, written):
        return None
    path = root / written
    data = read_limited(path, MAX_LOGO_BYTES, inside=root)
    kind = image_kind(data)
    return Logo(path, data, kind) if kind else None
