"""PDF through LibreOffice in headless mode: Word documents converted as Word would print them,
as tagged PDF/UA-1 (a structure tree, the document's language, its title, bookmarks from the
headings, the pictures' alternative texts, header cells in the tables).

LibreOffice is not a Python package; without it, PDF is not available and the other formats
still render. Every conversion runs with its own throw-away LibreOffice profile, so it neither
disturbs nor waits for a LibreOffice the user has open, and several can run at once.

`convert` turns many Word documents into PDFs with ONE LibreOffice process (starting one
takes seconds, most of a document's time): a Basic macro in the profile (`MACRO`) reads a
list file of documents and, for each, opens it hidden with the Word filter, updates its
indexes (the table of contents gets its page numbers, which `--convert-to` leaves out: the
Word document's contents are a field that Word fills in when it opens the document) and its
fields, and exports it with `PDF_OPTIONS` to a temporary `.part` file beside the PDF. The
profile is written by hand (`macro_profile`), so LibreOffice starts once, not twice; a
LibreOffice that does not run the macro from it gets a profile it made itself
(`started_profile`).

Only the URLs of the list file and of a status folder, both ours, go into the macro's call;
the documents' names go into the list file, so any file name works.
The macro tells its progress by small files in the status folder (`S<n>` before document n,
`O<n>` when it is done, `M<n>` + `E<n>` when it failed), each closed at once, while this
module watches: a finished document's `.part` is renamed to the PDF (atomic, same folder), so
no half-written PDF is ever left under its name. A document that fails, takes longer than
`TIMEOUT_SECONDS`, or crashes LibreOffice fails alone, with its name: LibreOffice's whole
process group is stopped and a fresh one does the documents after it.

Should the macro not run at all (macros turned off by a policy, a LibreOffice that made no
profile), the documents are converted with `--convert-to` instead, also in one call and
with the same export options, but with the table of contents as the Word document has it
(the headings without page numbers).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sektorplan.paths import build_time, os_error_text
from sektorplan.render.errors import RenderError

TIMEOUT_SECONDS = 180  # for one document, and for LibreOffice to start
INSTALL_HINT = (
    "PDF kræver LibreOffice, som ikke er installeret (kommandoen soffice findes ikke). "
    "Installér det: på Debian/Ubuntu med `sudo apt-get install libreoffice-writer`, ellers fra "
    "https://www.libreoffice.org/download/. Word-filen kan også gemmes som PDF fra Word."
)
SAVE_FROM_WORD = "Gem Word-filen som PDF fra Word i stedet."

# LibreOffice's PDF export (writer_pdf_Export), LibreOffice 7.2 or later for PDF/UA.
# Booleans and integers only: each becomes one PropertyValue in the macro.
PDF_OPTIONS: dict[str, bool | int] = {
    "UseTaggedPDF": True,  # the structure tree, /MarkInfo /Marked true
    "PDFUACompliance": True,  # PDF/UA-1 (pdfuaid:part 1), and LibreOffice's own checks
    "SelectPdfVersion": 2,  # PDF/A-2b: every font embedded, for archiving too
    "ExportBookmarks": True,  # the headings as bookmarks (/Outlines)
    "OpenBookmarkLevels": -1,  # every bookmark level open
    "DisplayPDFDocumentTitle": True,  # the title bar shows the title, not the file name
    "InitialView": 1,  # opens with the bookmarks shown
    "ExportNotes": False,
    "ExportNotesPages": False,
    "ExportFormFields": False,
    "UseReferenceXObject": False,
    "IsSkipEmptyPages": False,  # Word's page numbers are kept
    "EmbedStandardFonts": True,
    "Quality": 90,
    "ReduceImageResolution": False,
}

MACRO = """\
Function FilterData() As Variant
{filter}
    FilterData = fd()
End Function

Function Clean(s As String) As String
    Dim r As String
    r = Join(Split(s, Chr(9)), " ")
    r = Join(Split(r, Chr(10)), " ")
    Clean = Join(Split(r, Chr(13)), " ")
End Function

Function ExportOne(source As String, target As String) As String
    Dim doc As Object
    On Error GoTo Fail
    Dim load(2) As New com.sun.star.beans.PropertyValue
    load(0).Name = "Hidden"
    load(0).Value = True
    load(1).Name = "UpdateDocMode"
    load(1).Value = com.sun.star.document.UpdateDocMode.NO_UPDATE
    load(2).Name = "FilterName"
    load(2).Value = "MS Word 2007 XML"
    doc = StarDesktop.loadComponentFromURL(source, "_blank", 0, load())
    If IsNull(doc) Then
        ExportOne = "Word-filen kan ikke åbnes"
        Exit Function
    End If
    Dim indexes As Object
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
        indexes.getByIndex(i).update()
    Next i
    doc.getTextFields().refresh()
    Dim store(1) As New com.sun.star.beans.PropertyValue
    store(0).Name = "FilterName"
    store(0).Value = "writer_pdf_Export"
    store(1).Name = "FilterData"
    store(1).Value = FilterData()
    doc.storeToURL(target, store())
    doc.close(True)
    ExportOne = ""
    Exit Function
Fail:
    ExportOne = Clean("Basic error " & Err & ": " & Error$ & " (line " & Erl & ")")
    On Error Resume Next
    If Not IsNull(doc) Then doc.close(True)
End Function

Sub Mark(sfa As Object, url As String, text As String)
    Dim tos As Object
    tos = createUnoService("com.sun.star.io.TextOutputStream")
    tos.setOutputStream(sfa.openFileWrite(url))
    tos.setEncoding("UTF-8")
    tos.writeString(text)
    tos.closeOutput()
End Sub

Sub ExportList(listUrl As String, statusUrl As String)
    Dim sfa As Object, tis As Object
    Dim f As Variant, message As String
    On Error GoTo Stop
    sfa = createUnoService("com.sun.star.ucb.SimpleFileAccess")
    tis = createUnoService("com.sun.star.io.TextInputStream")
    tis.setInputStream(sfa.openFileRead(listUrl))
    tis.setEncoding("UTF-8")
    Do While Not tis.isEOF()
        f = Split(tis.readLine(), Chr(9))
        If UBound(f) >= 3 Then
            Mark(sfa, statusUrl & "/S" & f(0), "")
            message = ExportOne(f(1), f(2))
            If message = "" Then
                Mark(sfa, statusUrl & "/O" & f(0), "")
            Else
                Mark(sfa, statusUrl & "/M" & f(0), message)
                Mark(sfa, statusUrl & "/E" & f(0), "")
            End If
        End If
    Loop
    tis.closeInput()
    Mark(sfa, statusUrl & "/D", "")
Stop:
End Sub
"""
_MODULE_NAME = "SektorplanPdf"
# LibreOffice's settings in the throw-away profile: no lock files next to the documents (a
# LibreOffice that is stopped would leave them, and the next would refuse to open the file),
# no first-start wizard, no update check.
_SETTINGS = [
    ("/org.openoffice.Office.Common/Misc", "UseDocumentOOoLockFile", "false"),
    ("/org.openoffice.Office.Common/Misc", "UseDocumentSystemFileLocking", "false"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
    ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false"),
    ("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true"),
    (
        "/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments",
        "AutoCheckEnabled",
        "false",
    ),
]
_POLL_SECONDS = 0.05
# The profile's and the list file's paths go into LibreOffice's command line and the macro's
# call: only a temporary folder LibreOffice cannot misread there (letters, digits, spaces and
# path signs; not quotes, commas or parentheses, which LibreOffice reads even when they are
# percent-encoded). The documents' own names go into the list file: any name works.
_PLAIN_PATH = re.compile(r"[\w./\\:~ -]+")


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class Conversion:
    """One Word document (`source`) to convert into the PDF `target`."""

    source: Path
    target: Path


class _Failed(Exception):
    """LibreOffice could not be used at all: every document fails, with the message
    `message(name)` gives for its PDF's name."""

    def __init__(self, message: Callable[[str], str]) -> None:
        super().__init__()
        self.message = message


def convert(conversions: Sequence[Conversion]) -> dict[Path, str | None]:
    """Convert each Word document into its PDF with one LibreOffice process (more only when
    one fails, hangs or crashes: a fresh one does the rest). Returns, by `target` as given,
    None when the PDF was written, otherwise a Danish message that names it. A PDF is only
    ever written whole (renamed into place). Without LibreOffice, every target gets INSTALL_HINT."""
    when = build_time()  # the PDFs' dates, as the Word documents' (render/pdfstamp.py)
    jobs = [
        _Job(i, c.source.resolve(), c.target.resolve(), when) for i, c in enumerate(conversions)
    ]
    if not jobs:
        return {}
    targets = [job.target for job in jobs]
    if len(set(targets)) != len(targets):
        raise ValueError("two conversions have the same target")
    soffice = find_soffice()
    if soffice is None:
        return {job.target: INSTALL_HINT for job in jobs}
    results: dict[Path, str | None] = {}
    try:
        for job in jobs:
            job.target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="sektorplan-pdf-") as tmp:
            work = Path(tmp)
            template = macro_profile(soffice)
            # A tab or line break in a name would break the list file's lines.
            breaks = any(c in str(j.source) + str(j.temporary) for j in jobs for c in "\t\r\n")
            plain = _PLAIN_PATH.fullmatch(str(work)) and not breaks
            if template is not None and plain:
                ran = _with_macro(soffice, template, work, jobs, results)
                if not ran and (started := started_profile(soffice)) is not None:
                    _with_macro(soffice, started, work, jobs, results)
            missing = [job for job in jobs if job.target not in results]
            if missing:
                _converted_plainly(soffice, work, missing, results)
    except _Failed as exc:
        for job in jobs:
            results.setdefault(job.target, exc.message(job.target.name))
    except OSError as exc:  # the temporary folder, or a PDF's folder
        where = exc.filename or tempfile.gettempdir()
        for job in jobs:
            results.setdefault(
                job.target, f"{job.target.name} er ikke lavet: {where}: {os_error_text(exc)}."
            )
    finally:
        for job in jobs:
            with contextlib.suppress(OSError):
                job.temporary.unlink()
    return {c.target: results.get(job.target) for c, job in zip(conversions, jobs, strict=True)}


def docx_to_pdf(docx: bytes, stem: str) -> bytes:
    """One Word document as PDF (`convert` of one document): RenderError if that fails."""
    with tempfile.TemporaryDirectory(prefix="sektorplan-pdf-") as tmp:
        source = Path(tmp) / f"{stem}.docx"
        target = Path(tmp) / f"{stem}.pdf"
        source.write_bytes(docx)
        error = convert([Conversion(source, target)])[target]
        if error is not None:
            raise RenderError(error)
        return target.read_bytes()


# --- the macro's profile -------------------------------------------------------------------


def _profile_args(profile: Path) -> list[str]:
    return [
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
    ]


def basic_module(options: dict[str, bool | int]) -> str:
    """MACRO with the export options, as the XML file of a Basic module."""
    lines = [f"    Dim fd({len(options) - 1}) As New com.sun.star.beans.PropertyValue"]
    for i, (name, value) in enumerate(options.items()):
        literal = ("True" if value else "False") if isinstance(value, bool) else f"CLng({value})"
        lines += [f'    fd({i}).Name = "{name}"', f"    fd({i}).Value = {literal}"]
    code = MACRO.replace("{filter}", "\n".join(lines))
    escaped = code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
        '"module.dtd">\n'
        '<script:module xmlns:script="http://openoffice.org/2000/script" '
        f'script:name="{_MODULE_NAME}" script:language="StarBasic">'
        f"{escaped}</script:module>\n"
    )


_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_DTD = '<!DOCTYPE library:{0} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{0}.dtd">\n'
_LIBRARY = 'xmlns:library="http://openoffice.org/2000/library"'
_LIBRARIES = (
    f"{_XML}{_DTD.format('libraries')}<library:libraries {_LIBRARY} "
    'xmlns:xlink="http://www.w3.org/1999/xlink">\n'
    ' <library:library library:name="Standard" library:link="false"/>\n</library:libraries>\n'
)
_STANDARD = (
    f'{_XML}{_DTD.format("library")}<library:library {_LIBRARY} library:name="Standard" '
    'library:readonly="false" library:passwordprotected="false"'
)


@cache
def macro_profile(soffice: str) -> Path | None:
    """A LibreOffice profile with the macro, made once per process (by hand: LibreOffice
    makes the rest of it when it starts) and copied for each LibreOffice started."""
    folder = Path(tempfile.mkdtemp(prefix="sektorplan-lo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    profile = folder / "profil"
    basic = profile / "user" / "basic"
    (basic / "Standard").mkdir(parents=True)
    for kind in ("script", "dialog"):
        (basic / f"{kind}.xlc").write_text(_LIBRARIES, "utf-8")
    modules = f'>\n <library:element library:name="{_MODULE_NAME}"/>\n</library:library>\n'
    (basic / "Standard" / "script.xlb").write_text(_STANDARD + modules, "utf-8")
    (basic / "Standard" / "dialog.xlb").write_text(_STANDARD + "/>\n", "utf-8")
    (basic / "Standard" / f"{_MODULE_NAME}.xba").write_text(basic_module(PDF_OPTIONS), "utf-8")
    registry = (
        f'{_XML}<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n'
    )
    (profile / "user" / "registrymodifications.xcu").write_text(_settings_in(registry), "utf-8")
    return profile


@cache
def started_profile(soffice: str) -> Path | None:
    """The macro's profile as LibreOffice makes it (started once, `--terminate_after_init`),
    the macro added: for a LibreOffice that did not run the macro from the profile made by
    hand. None if LibreOffice made no profile. Raises _Failed if LibreOffice cannot be
    started or does not finish starting."""
    folder = Path(tempfile.mkdtemp(prefix="sektorplan-lo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    profile = folder / "profil"
    (folder / "tmp").mkdir()
    process = _start(
        [soffice, *_profile_args(profile), "--terminate_after_init"], folder / "tmp", None
    )
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise _Failed(_timed_out) from None
    finally:
        _stop(process)
    library = profile / "user" / "basic" / "Standard"
    script = library / "script.xlb"
    registry = profile / "user" / "registrymodifications.xcu"
    if not script.is_file() or not registry.is_file():
        return None
    (library / f"{_MODULE_NAME}.xba").write_text(basic_module(PDF_OPTIONS), "utf-8")
    xlb = script.read_text("utf-8")
    if f'library:name="{_MODULE_NAME}"' not in xlb:
        element = f'<library:element library:name="{_MODULE_NAME}"/>\n'
        script.write_text(xlb.replace("</library:library>", element + "</library:library>"))
    registry.write_text(_settings_in(registry.read_text("utf-8")), "utf-8")
    return profile


def _settings_in(xcu: str) -> str:
    """registrymodifications.xcu with _SETTINGS."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in _SETTINGS
    )
    return xcu.replace("</oor:items>", items + "</oor:items>")


# --- running LibreOffice -------------------------------------------------------------------


@dataclass
class _Job:
    number: int
    source: Path
    target: Path
    when: dt.datetime  # the PDF's creation date

    @property
    def temporary(self) -> Path:
        """Where LibreOffice writes the PDF: beside it, so the rename is atomic."""
        return self.target.with_name(f".{self.target.name}.{os.getpid()}.part")


def _start(command: list[str], lotmp: Path, stderr: int | None) -> subprocess.Popen[bytes]:
    """LibreOffice in a process group of its own (`soffice` is a launcher that starts the
    real program as another process): stopping the group stops both. Its temporary files go
    to `lotmp`, ours to remove."""
    try:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr if stderr is not None else subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": str(lotmp)},
            start_new_session=True,
        )
    except OSError as exc:  # e.g. a soffice on PATH that cannot be run
        message = (
            f"LibreOffice ({command[0]}) kan ikke startes: {os_error_text(exc)}. Installér "
            "LibreOffice igen, eller gem Word-filen som PDF fra Word."
        )
        raise _Failed(lambda name: message) from None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The whole process group, not only the launcher: nothing goes on writing."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()


def _timed_out(name: str) -> str:
    return (
        f"LibreOffice blev ikke færdig med {name} på {TIMEOUT_SECONDS} sekunder. "
        "Prøv igen, eller gem Word-filen som PDF fra Word."
    )


def _not_made(name: str, detail: str = "") -> str:
    return (
        f"LibreOffice kunne ikke lave {name}"
        + (f" ({detail})" if detail else "")
        + ". "
        + (SAVE_FROM_WORD)
    )


def _with_macro(
    soffice: str,
    template: Path,
    work: Path,
    jobs: list[_Job],
    results: dict[Path, str | None],
) -> bool:
    """The jobs through the macro, one LibreOffice for all, a fresh one after a document
    that failed, hung or crashed. Jobs the macro could not be run for stay out of `results`;
    False if it ran for none."""
    pending = [job for job in jobs if job.target not in results]
    ran_once = False
    while pending:
        before = len(results)
        if not _run_macro(soffice, template, work, pending, results):
            return ran_once  # no macro ran: the rest are converted otherwise
        ran_once = True
        if len(results) == before:  # stopped between documents, none finished
            results[pending[0].target] = _not_made(pending[0].target.name)
        pending = [job for job in pending if job.target not in results]
    return ran_once


def _run_macro(
    soffice: str,
    template: Path,
    work: Path,
    pending: list[_Job],
    results: dict[Path, str | None],
) -> bool:
    """One LibreOffice for the pending jobs. Fills `results` for each job it finished or
    that failed, hung or crashed; the jobs after a failure are left for a new one. False if
    the macro did not run at all."""
    by_number = {job.number: job for job in pending}
    run = Path(tempfile.mkdtemp(prefix="lo", dir=work))  # a plain name, as `work`'s
    listing = run / "liste.txt"
    status = run / "status"
    status.mkdir()
    listing.write_text(
        "".join(f"{j.number}\t{j.source.as_uri()}\t{j.temporary.as_uri()}\t.\n" for j in pending),
        "utf-8",
    )
    profile = run / "profil"
    shutil.copytree(template, profile)
    lotmp = run / "tmp"
    lotmp.mkdir()
    # URLs are percent-encoded: no quote, comma or parenthesis of a path reaches the call.
    call = f'macro:///Standard.{_MODULE_NAME}.ExportList("{listing.as_uri()}","{status.as_uri()}")'
    process = _start([soffice, *_profile_args(profile), call], lotmp, None)
    seen: set[str] = set()
    current: int | None = None
    since = started = time.monotonic()
    failed = False  # a document failed: LibreOffice may be left in a bad state
    stopped_for = ""

    def read_status() -> None:
        nonlocal current, since, failed
        names = sorted(
            (n for n in os.listdir(status) if n not in seen and n[:1] in "SOED"),
            key=lambda n: (n == "D", int(n[1:] or 0), "SEO".find(n[0])),
        )
        for name in names:
            if failed:
                return  # the rest go to a fresh LibreOffice
            seen.add(name)
            if name == "D":
                continue
            job = by_number[int(name[1:])]
            if name[0] == "S":
                current, since = job.number, time.monotonic()
                continue
            if name[0] == "O":
                results[job.target] = _renamed(job)
            else:
                message = status / f"M{job.number}"
                detail = message.read_text("utf-8", "replace").strip() if message.exists() else ""
                results[job.target] = _not_made(job.target.name, detail)
                failed = True
            if current == job.number:
                current = None

    try:
        while process.poll() is None:
            read_status()
            now = time.monotonic()
            if failed:
                break
            if current is not None and now - since > TIMEOUT_SECONDS:
                stopped_for = _timed_out(by_number[current].target.name)
                break
            if not seen and now - started > TIMEOUT_SECONDS:
                break  # LibreOffice did not start: it would not for the others either
            time.sleep(_POLL_SECONDS)
    finally:
        _stop(process)  # also a LibreOffice left behind by a launcher that ended
    if not failed:
        read_status()
    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(lotmp, ignore_errors=True)
    if not seen and time.monotonic() - started > TIMEOUT_SECONDS:
        raise _Failed(_timed_out)
    if current is not None and not failed:
        job = by_number[current]
        results[job.target] = stopped_for or (
            f"LibreOffice stoppede uventet under {job.target.name} (afslutningskode "
            f"{process.returncode}). Prøv igen, eller gem Word-filen som PDF fra Word."
        )
    return bool(seen)


def _renamed(job: _Job) -> str | None:
    """The finished PDF, made reproducible (`pdfstamp.stamp`), from its temporary name to
    its own."""
    from sektorplan.render.pdfstamp import UnreadablePdf, stamp

    try:
        if job.temporary.stat().st_size == 0:
            return _not_made(job.target.name, "tom fil")
        stamp(job.temporary, job.when)
        os.chmod(job.temporary, 0o644)
        os.replace(job.temporary, job.target)
    except OSError as exc:
        return _not_made(job.target.name, os_error_text(exc))
    except UnreadablePdf as exc:
        return _not_made(job.target.name, f"PDF-filen kan ikke læses: {exc}")
    return None


def _converted_plainly(
    soffice: str, work: Path, jobs: list[_Job], results: dict[Path, str | None]
) -> None:
    """The jobs with `--convert-to`, in one call (copied under numbered names first, so two
    documents of the same name do not meet)."""
    sources = work / "dokumenter"
    out = work / "pdf"
    sources.mkdir()
    out.mkdir()
    for job in jobs:
        shutil.copyfile(job.source, sources / f"{job.number}.docx")
    filter_data = {
        name: {"type": "boolean" if isinstance(v, bool) else "long", "value": str(v).lower()}
        for name, v in PDF_OPTIONS.items()
    }
    target_format = f"pdf:writer_pdf_Export:{json.dumps(filter_data, separators=(',', ':'))}"
    profile = work / "profil-convert"
    lotmp = work / "tmp-convert"
    lotmp.mkdir()
    command = [
        soffice,
        *_profile_args(profile),
        "--convert-to",
        target_format,
        "--outdir",
        str(out),
        *(str(sources / f"{job.number}.docx") for job in jobs),
    ]
    process = _start(command, lotmp, subprocess.PIPE)
    try:
        _, stderr = process.communicate(timeout=TIMEOUT_SECONDS * len(jobs))
    except subprocess.TimeoutExpired:
        _stop(process)
        process.communicate()
        for job in jobs:
            if not (out / f"{job.number}.pdf").is_file():
                results[job.target] = _timed_out(job.target.name)
        stderr = b""
    finally:
        _stop(process)
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    detail = lines[-1] if lines and process.returncode else ""
    for job in jobs:
        if job.target in results:
            continue
        made = out / f"{job.number}.pdf"
        if not made.is_file() or made.stat().st_size == 0:
            results[job.target] = _not_made(job.target.name, detail)
            continue
        try:
            shutil.copyfile(made, job.temporary)
        except OSError as exc:
            results[job.target] = _not_made(job.target.name, os_error_text(exc))
            continue
        results[job.target] = _renamed(job)
