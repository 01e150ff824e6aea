"""PDF through LibreOffice in headless mode: the Word document, converted as Word would print.

LibreOffice is not a Python package; without it, PDF is not available and the other formats
still render. The conversion runs with its own throw-away LibreOffice profile, so it neither
disturbs nor waits for a LibreOffice the user has open, and several can run at once.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import RenderError

TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "PDF kræver LibreOffice, som ikke er installeret (kommandoen soffice findes ikke). "
    "Installér det: på Debian/Ubuntu med `sudo apt-get install libreoffice-writer`, ellers fra "
    "https://www.libreoffice.org/download/. Word-filen kan også gemmes som PDF fra Word."
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, stem: str) -> bytes:
    """Convert a Word document to PDF with LibreOffice (RenderError if that fails)."""
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="sektorplan-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"{stem}.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profil').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"LibreOffice blev ikke færdig med {stem}.pdf på {TIMEOUT_SECONDS} sekunder. "
                "Prøv igen, eller gem Word-filen som PDF fra Word."
            ) from None
        target = folder / f"{stem}.pdf"
        if done.returncode != 0 or not target.is_file():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RenderError(
                f"LibreOffice kunne ikke lave {stem}.pdf"
                + (f" ({detail[-1]})" if detail else "")
                + ". Gem Word-filen som PDF fra Word i stedet."
            )
        return target.read_bytes()
