"""The same PDF, byte for byte, from the same Word document: LibreOffice's own stamps replaced.

LibreOffice (7.4) ignores SOURCE_DATE_EPOCH. Converting one Word document twice gives PDFs
that differ in exactly these places:

- the document information's /CreationDate and the XMP's xmp:CreateDate: the time of the
  conversion (newer LibreOffices may add /ModDate and xmp:ModifyDate, MetadataDate);
- the trailer's /ID (random) and LibreOffice's /DocChecksum beside it;
- the sRGB ICC profile of the PDF/A output intent, which LibreOffice has Little CMS make
  at every export: its header carries its creation time (ICC.1, 7.2.8).

Everything else (the font subsets' names included: LibreOffice numbers them per document) is
already the same. `stamp` sets the dates to the build's time (`paths.build_time`: the
SOURCE_DATE_EPOCH the Word document's core properties carry too), gives the ICC profile that
time as well, drops /DocChecksum, makes any XMP document and instance IDs from the content,
and has pikepdf (qpdf) write the file with an /ID made from its content. The rest of the file
is only copied: the structure tree, /Lang, the title, the bookmarks and the alternative texts
of the tagged PDF (PDF/UA-1, PDF/A-2b) are kept as LibreOffice wrote them.

pikepdf is imported here only, and this module only by render/pdf.py once LibreOffice has
written a PDF: never on the validate path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

# ICC.1 profile header: "acsp" at 36, the creation date/time at 24 (six big-endian uint16:
# year, month, day, hours, minutes, seconds, UTC), the profile ID (an MD5) at 84.
_ICC_SIGNATURE = slice(36, 40)
_ICC_DATE = slice(24, 36)
_ICC_ID = slice(84, 100)
# Zeroed while the profile ID is computed (ICC.1, 7.2.18): flags, rendering intent, the ID.
_ICC_ID_ZEROED = (slice(44, 48), slice(64, 68), _ICC_ID)
_XMP_DATES = ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate")
_XMP_IDS = ("xmpMM:DocumentID", "xmpMM:InstanceID")


class UnreadablePdf(Exception):
    """The file is not a PDF pikepdf can read; the message is pikepdf's (qpdf's)."""


def icc_with_date(profile: bytes, when: dt.datetime) -> bytes:
    """An ICC profile with `when` (UTC) as its creation time, and its profile ID, when it
    has one, computed again. Anything that is not an ICC profile is returned as it is."""
    if len(profile) < 128 or profile[_ICC_SIGNATURE] != b"acsp":
        return profile
    utc = when.astimezone(dt.UTC)
    data = bytearray(profile)
    data[_ICC_DATE] = struct.pack(
        ">6H", utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second
    )
    if any(data[_ICC_ID]):
        zeroed = bytearray(data)
        for part in _ICC_ID_ZEROED:
            zeroed[part] = bytes(part.stop - part.start)
        data[_ICC_ID] = hashlib.md5(zeroed, usedforsecurity=False).digest()
    return bytes(data)


def stamp(path: Path, when: dt.datetime) -> None:
    """Rewrite the PDF at `path` (a temporary file of ours) so that it depends only on its
    content and on `when`: see the module's text. Raises OSError, or UnreadablePdf."""
    import pikepdf

    try:
        _stamp(path, when)
    except pikepdf.PdfError as exc:
        raise UnreadablePdf(str(exc)) from None


def _stamp(path: Path, when: dt.datetime) -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
        for intent in pdf.Root.get("/OutputIntents", []):
            profile = intent.get("/DestOutputProfile")
            if isinstance(profile, pikepdf.Stream):
                old = profile.read_bytes()
                new = icc_with_date(old, when)
                if new != old:
                    profile.write(new)  # compressed again when saved (compress_streams)
        for key in ("/ID", "/DocChecksum"):  # qpdf would keep an /ID's first half
            if key in pdf.trailer:
                del pdf.trailer[key]
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
            for key in _XMP_DATES:
                if key in meta or key == "xmp:CreateDate":
                    meta[key] = when.astimezone(dt.UTC).isoformat()
            ids = [key for key in _XMP_IDS if key in meta]
            for key in ids:
                meta[key] = "uuid:00000000-0000-0000-0000-000000000000"
        pdf.docinfo["/CreationDate"] = pikepdf.String(_pdf_date(when))
        if "/ModDate" in pdf.docinfo:
            pdf.docinfo["/ModDate"] = pikepdf.String(_pdf_date(when))
        if ids:
            # From the content: the file as it is now, IDs blank, hashed.
            blank = io.BytesIO()
            _save(pdf, blank)
            digest = hashlib.sha256(blank.getvalue()).digest()
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                for number, key in enumerate(ids):
                    value = hashlib.sha256(digest + bytes([number])).digest()[:16]
                    meta[key] = f"uuid:{uuid.UUID(bytes=value, version=4)}"
        _save(pdf, path)


def _save(pdf: pikepdf.Pdf, target: Path | io.BytesIO) -> None:
    """As qpdf writes it, the same way each time: an /ID from the content, no
    linearisation, object streams and compressed streams kept as they are."""
    import pikepdf

    pdf.save(
        target,
        deterministic_id=True,
        linearize=False,
        object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
    )


def _pdf_date(when: dt.datetime) -> str:
    """`when` as a PDF date string in UTC (PDF 32000-1, 7.9.4), e.g. D:20250101120000Z."""
    return when.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
