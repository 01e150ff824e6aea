"""render/pdfstamp.py: LibreOffice's own stamps in a PDF (dates, /ID, the ICC profile's date,
XMP IDs) replaced so that the same content and build time give the same bytes. Without
LibreOffice: the PDFs are made here with pikepdf as LibreOffice writes them (tests/build/
test_pdf.py checks LibreOffice's own)."""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from pathlib import Path

import pikepdf
import pytest

from sektorplan.render.pdfstamp import UnreadablePdf, icc_with_date, stamp

WHEN = dt.datetime(2024, 6, 20, 12, 30, 5, tzinfo=dt.UTC)
XMP_DOCUMENT = "xmpMM:DocumentID"
XMP_INSTANCE = "xmpMM:InstanceID"


def icc_profile(created: tuple[int, ...], with_id: bool = False) -> bytes:
    """A minimal ICC profile header (128 bytes, no tags) made at `created`."""
    header = bytearray(128)
    header[0:4] = struct.pack(">I", 132)
    header[12:16] = b"mntr"
    header[16:20] = b"RGB "
    header[24:36] = struct.pack(">6H", *created)
    header[36:40] = b"acsp"
    if with_id:
        header[84:100] = b"\x01" * 16
    return bytes(header) + struct.pack(">I", 0)


def libreoffice_like(path: Path, created: dt.datetime, text: str = "Vision") -> Path:
    """A PDF with what LibreOffice stamps differently at each conversion: /CreationDate,
    /ModDate, XMP dates and IDs, a random /ID, /DocChecksum, the ICC profile's date."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(f"BT /F1 12 Tf ({text}) Tj ET".encode())
    pdf.Root.Lang = pikepdf.String("da-DK")
    profile = pdf.make_stream(icc_profile(created.timetuple()[:6], with_id=True))
    profile.N = 3
    pdf.Root.OutputIntents = pikepdf.Array(
        [pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, DestOutputProfile=profile)]
    )
    stamped = created.strftime("D:%Y%m%d%H%M%SZ'")
    pdf.docinfo["/Title"] = pikepdf.String("Skolesektorplan")
    pdf.docinfo["/CreationDate"] = pikepdf.String(stamped)
    pdf.docinfo["/ModDate"] = pikepdf.String(stamped)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = "Skolesektorplan"
        meta["xmp:CreateDate"] = created.isoformat()
        meta["xmp:ModifyDate"] = created.isoformat()
        meta[XMP_DOCUMENT] = f"uuid:{hashlib.md5(str(created).encode()).hexdigest()}"
        meta[XMP_INSTANCE] = f"uuid:{hashlib.sha1(str(created).encode()).hexdigest()[:32]}"
    pdf.save(path, static_id=False)
    with pikepdf.open(path, allow_overwriting_input=True) as again:
        again.trailer.DocChecksum = pikepdf.Name("/" + hashlib.md5(stamped.encode()).hexdigest())
        again.save(path)
    return path


def test_two_conversions_at_different_times_become_the_same_bytes(tmp_path: Path) -> None:
    first = libreoffice_like(tmp_path / "a.pdf", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    second = libreoffice_like(tmp_path / "b.pdf", dt.datetime(2026, 1, 2, 3, 4, 9, tzinfo=dt.UTC))
    assert first.read_bytes() != second.read_bytes()
    stamp(first, WHEN)
    stamp(second, WHEN)
    assert first.read_bytes() == second.read_bytes()


def test_the_dates_are_the_build_time_and_the_ids_come_from_the_content(tmp_path: Path) -> None:
    created = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    path = stamp_of(libreoffice_like(tmp_path / "a.pdf", created))
    other = stamp_of(libreoffice_like(tmp_path / "b.pdf", created, text="Handlingsplan"))
    with pikepdf.open(path) as pdf, pikepdf.open(other) as second:
        assert str(pdf.docinfo.CreationDate) == "D:20240620123005Z"
        assert str(pdf.docinfo.ModDate) == "D:20240620123005Z"
        assert "/DocChecksum" not in pdf.trailer
        assert pdf.trailer.ID[0] == pdf.trailer.ID[1]  # both halves from the content
        assert bytes(pdf.trailer.ID[0]) != bytes(second.trailer.ID[0])
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert struct.unpack(">6H", profile[24:36]) == (2024, 6, 20, 12, 30, 5)
        with pdf.open_metadata() as meta, second.open_metadata() as theirs:
            assert dt.datetime.fromisoformat(meta["xmp:CreateDate"]) == WHEN
            assert dt.datetime.fromisoformat(meta["xmp:ModifyDate"]) == WHEN
            assert meta["dc:title"] == "Skolesektorplan"  # the rest is kept
            ids = {meta[XMP_DOCUMENT], meta[XMP_INSTANCE]}
            assert len(ids) == 2 and all(i.startswith("uuid:") for i in ids)
            assert ids.isdisjoint({theirs[XMP_DOCUMENT], theirs[XMP_INSTANCE]})
        assert str(pdf.Root.Lang) == "da-DK"


def stamp_of(path: Path) -> Path:
    stamp(path, WHEN)
    return path


def test_the_icc_profile_gets_the_date_and_a_correct_profile_id() -> None:
    profile = icc_with_date(icc_profile((2026, 12, 7, 5, 54, 33), with_id=True), WHEN)
    assert struct.unpack(">6H", profile[24:36]) == (2024, 6, 20, 12, 30, 5)
    zeroed = bytearray(profile)
    for start, stop in ((44, 48), (64, 68), (84, 100)):
        zeroed[start:stop] = bytes(stop - start)
    assert profile[84:100] == hashlib.md5(zeroed).digest()  # ICC.1 7.2.18
    # A profile without an ID keeps none; what is not a profile is left alone.
    plain = icc_with_date(icc_profile((2026, 12, 7, 5, 54, 33)), WHEN)
    assert plain[84:100] == bytes(16)
    assert icc_with_date(b"not a profile", WHEN) == b"not a profile"


def test_a_file_that_is_not_a_pdf_is_an_unreadable_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"no PDF here")
    with pytest.raises(UnreadablePdf):
        stamp(path, WHEN)
