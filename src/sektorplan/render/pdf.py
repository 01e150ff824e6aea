"""PDF through LibreOffice in headless mode: the Word document, converted as Word would print.

LibreOffice is not a Python package; without it, PDF is not available and the other formats
still render. The conversion runs with its own throw-away LibreOffice profile, so it neither
disturbs nor waits for a LibreOffice the user has open, and several can run at once.

The table of contents gets its page numbers: the Word document's is a field that Word fills
in when the document is opened, and LibreOffice's `--convert-to` prints it as it stands, the
headings without page numbers. So the conversion is a small LibreOffice Basic macro
(`ExportPdf`, in the throw-away profile) that opens the document, updates its indexes and
exports it. Should that give no PDF (macros turned off by a policy, another LibreOffice), the
document is converted with `--convert-to` as before.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from sektorplan.paths import os_error_text
from sektorplan.render.errors import RenderError

TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "PDF kræver LibreOffice, som ikke er installeret (kommandoen soffice findes ikke). "
    "Installér det: på Debian/Ubuntu med `sudo apt-get install libreoffice-writer`, ellers fra "
    "https://www.libreoffice.org/download/. Word-filen kan også gemmes som PDF fra Word."
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# The macro: on any error it stops without a dialog (headless LibreOffice would wait for one
# to be answered) and without a PDF, and the caller converts the document the plain way.
_MODULE = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub ExportPdf(source As String, target As String)
    Dim doc As Object
    On Error GoTo Done
    Dim load(0) As New com.sun.star.beans.PropertyValue
    load(0).Name = &quot;Hidden&quot;
    load(0).Value = True
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, load())
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
        indexes.getByIndex(i).update()
    Next i
    Dim store(0) As New com.sun.star.beans.PropertyValue
    store(0).Name = &quot;FilterName&quot;
    store(0).Value = &quot;writer_pdf_Export&quot;
    doc.storeToURL(ConvertToURL(target), store())
Done:
    If Not IsNull(doc) Then doc.close(True)
End Sub
</script:module>
"""
_MODULE_FILE = ("user", "basic", "Standard", "Module1.xba")
# The paths go into the macro's call in quotes: only a folder LibreOffice cannot misread there
# (letters, digits, spaces and path signs; not quotes, commas or parentheses).
_PLAIN_PATH = re.compile(r"[\w./\\:~ -]+")


def _profile_args(profile: Path) -> list[str]:
    return [f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]


@cache
def _profile_with_macro(soffice: str) -> Path | None:
    """A LibreOffice profile with the macro, made once per process and copied for each
    conversion (LibreOffice writes its own Basic module into a new profile when it first
    starts, so the macro goes in after that). None if LibreOffice did not make one."""
    folder = Path(tempfile.mkdtemp(prefix="sektorplan-lo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    profile = folder / "profil"
    command = [soffice, *_profile_args(profile), "--terminate_after_init"]
    try:
        _call(command)  # a timeout is raised: LibreOffice would hang for the PDF too
    except OSError:
        return None
    module = profile.joinpath(*_MODULE_FILE)
    if not module.is_file():
        return None
    module.write_text(_MODULE, encoding="utf-8")
    return profile


def docx_to_pdf(docx: bytes, stem: str) -> bytes:
    """Convert a Word document to PDF with LibreOffice, its table of contents with page
    numbers (RenderError if that fails)."""
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="sektorplan-pdf-") as tmp:
        folder = Path(tmp)
        # Named by us, not after the plan: the names go into the macro's call.
        source = folder / "dokument.docx"
        target = folder / "dokument.pdf"
        source.write_bytes(docx)
        profile = folder / "profil"
        template = None
        if _PLAIN_PATH.fullmatch(str(folder)):
            try:
                template = _profile_with_macro(soffice)
            except subprocess.TimeoutExpired:
                raise RenderError(_timed_out(stem)) from None
        if template is not None:
            shutil.copytree(template, profile)
            call = f'macro:///Standard.Module1.ExportPdf("{source}","{target}")'
            _run([soffice, *_profile_args(profile), call], stem)
        done = None
        if not target.is_file():
            shutil.rmtree(profile, ignore_errors=True)
            convert = ["--convert-to", "pdf", "--outdir", str(folder), str(source)]
            done = _run([soffice, *_profile_args(profile), *convert], stem)
        if not target.is_file() or (done is not None and done.returncode != 0):
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines() if done else []
            raise RenderError(
                f"LibreOffice kunne ikke lave {stem}.pdf"
                + (f" ({detail[-1]})" if detail else "")
                + ". Gem Word-filen som PDF fra Word i stedet."
            )
        return target.read_bytes()


def _run(command: list[str], stem: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return _call(command)
    except subprocess.TimeoutExpired:
        raise RenderError(_timed_out(stem)) from None
    except OSError as exc:  # e.g. a soffice on PATH that cannot be run
        raise RenderError(
            f"LibreOffice ({command[0]}) kan ikke startes: {os_error_text(exc)}. Installér "
            "LibreOffice igen, eller gem Word-filen som PDF fra Word."
        ) from None


def _timed_out(stem: str) -> str:
    return (
        f"LibreOffice blev ikke færdig med {stem}.pdf på {TIMEOUT_SECONDS} sekunder. "
        "Prøv igen, eller gem Word-filen som PDF fra Word."
    )


def _call(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    """`command` run to its end, or for at most TIMEOUT_SECONDS. `soffice` is a launcher that
    starts LibreOffice as a process of its own: on a timeout the whole process group is
    stopped (not only the launcher), so nothing goes on writing into the temporary folder."""
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            if hasattr(os, "killpg"):
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, signal.SIGKILL)
            process.kill()
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
