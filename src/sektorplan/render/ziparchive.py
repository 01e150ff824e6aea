"""The reproducible zip of a .docx or .xlsx: byte for byte what Python's zipfile writes for
the same members (`reference`), with each member's compressed form kept per process.

Most of a plan's Word document is the same for every plan (styles.xml alone is 350 KB in the
built-in template), and zipfile can only compress what it writes: deflating those parts again
for every plan was a tenth of a document's time. Here a member whose bytes are the same as the
last ones written under its name reuses their deflated bytes and CRC. The archive is written
here, in the layout zipfile uses (local headers and data in order, the central directory,
the end record; no extra fields, no data descriptors), which `tests/test_ziparchive.py`
holds against zipfile itself.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

DEFLATE_LEVEL = 6
KEPT_MEMBER_BYTES = 1_000_000  # larger members are compressed every time
KEPT_TOTAL_BYTES = 4_000_000  # the most the kept members (and their compressed forms) hold
# Archives this large would need zip64 records, which zipfile writes and this does not.
LARGEST = 1 << 30

_VERSION = 20  # zipfile's default "version needed to extract" and "made by"
_PERMISSIONS = 0o600 << 16  # what zipfile gives a member written without attributes
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")

Stamp = tuple[int, int, int, int, int, int]


class _Kept:
    """The last data written under each member name, with its CRC and deflated bytes."""

    def __init__(self) -> None:
        self.members: dict[str, tuple[bytes, int, bytes]] = {}
        self.size = 0

    def deflated(self, name: str, data: bytes) -> tuple[int, bytes]:
        kept = self.members.pop(name, None)
        if kept is not None:
            if kept[0] == data:
                self.members[name] = kept
                return kept[1], kept[2]
            self.size -= len(kept[0]) + len(kept[2])
        compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        crc, body = zlib.crc32(data), compressor.compress(data) + compressor.flush()
        if len(data) <= KEPT_MEMBER_BYTES:
            if self.size + len(data) + len(body) > KEPT_TOTAL_BYTES:
                self.members.clear()
                self.size = 0
            self.members[name] = (data, crc, body)
            self.size += len(data) + len(body)
        return crc, body


_kept = _Kept()


def archive(members: Iterable[tuple[str, bytes, bool]], stamp: Stamp) -> bytes:
    """The zip of (name, data, stored) in the order given: `stored` members as they are,
    the others deflated at level 6; every member dated `stamp`, without attributes."""
    members = list(members)
    if sum(len(data) for _, data, _ in members) > LARGEST:
        return reference(members, stamp)
    date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    out = bytearray()
    central = bytearray()
    for name, data, stored in members:
        crc, body = (zlib.crc32(data), data) if stored else _kept.deflated(name, data)
        method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        sizes = (crc, len(body), len(data), len(encoded))
        central += _CENTRAL.pack(
            b"PK\001\002", _VERSION, 0, _VERSION, 0, flags, method, time, date,
            *sizes, 0, 0, 0, 0, _PERMISSIONS, len(out),
        )  # fmt: skip
        central += encoded
        out += _LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, method, time, date, *sizes, 0)
        out += encoded
        out += body
    end = _END.pack(b"PK\005\006", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def reference(members: Iterable[tuple[str, bytes, bool]], stamp: Stamp) -> bytes:
    """The same archive, written by zipfile."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data, stored in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, data, compresslevel=None if stored else DEFLATE_LEVEL)
    return out.getvalue()


def normalize(data: bytes, when: dt.datetime | None = None) -> bytes:
    """The same .docx with reproducible zip metadata: member order ([Content_Types].xml
    first, then sorted), times (`when`, or 1980-01-01), attributes and compression."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return zipped({name: source.read(name) for name in source.namelist()}, when)


# Already compressed: stored as they are (deflating them again costs time and saves nothing).
_STORED = (".png", ".jpg", ".jpeg", ".gif")


def zipped(members: dict[str, bytes], when: dt.datetime | None) -> bytes:
    stamp = (1980, 1, 1, 0, 0, 0)
    if when is not None:
        utc = when.astimezone(dt.UTC)
        stamp = max(stamp, (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second))
    names = list(members)
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    ordered = first + sorted(n for n in names if n not in first)
    return archive(((n, members[n], n.lower().endswith(_STORED)) for n in ordered), stamp)
