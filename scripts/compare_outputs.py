"""Compare two build folders file by file: which files are byte-identical, which differ, and
which are in one folder only. A .docx or .xlsx (a zip) that differs is compared member by
member as well, so that a change shows where it is (word/document.xml, word/media/…).

    python scripts/compare_outputs.py BEFORE AFTER [--allow-images]

Exit status 0 when every file is identical; with --allow-images, also when only pictures
(.png, .svg, and the pictures inside a .docx or .xlsx) differ. Otherwise 1.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ZIPPED = {".docx", ".xlsx"}
PICTURES = {".png", ".svg", ".jpg", ".jpeg", ".emf"}


@dataclass
class Comparison:
    identical: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    only_before: list[str] = field(default_factory=list)
    only_after: list[str] = field(default_factory=list)
    # per differing zip: its members that differ, or are in one of the two only
    members: dict[str, list[str]] = field(default_factory=dict)

    def only_pictures_differ(self) -> bool:
        if self.only_before or self.only_after:
            return False
        for name in self.different:
            if name in self.members:
                if not all(_is_picture(m) for m in self.members[name]):
                    return False
            elif not _is_picture(name):
                return False
        return True


def _is_picture(name: str) -> bool:
    return Path(name.split(" ")[0]).suffix.lower() in PICTURES


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _zip_members(path: Path) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except zipfile.BadZipFile:
        return None


def _member_differences(before: Path, after: Path) -> list[str]:
    """The members of two zips that differ; one whose member lists or order differ says so."""
    old, new = _zip_members(before), _zip_members(after)
    if old is None or new is None:
        return ["(not a zip)"]
    found = [name for name in old.keys() & new.keys() if old[name] != new[name]]
    found += [f"{name} (only before)" for name in old.keys() - new.keys()]
    found += [f"{name} (only after)" for name in new.keys() - old.keys()]
    if not found and list(old) != list(new):
        found.append("(member order)")
    if not found:
        found.append("(zip headers: dates or compression)")
    return sorted(found)


def compare(before: Path, after: Path) -> Comparison:
    old, new = _files(before), _files(after)
    result = Comparison()
    for name in sorted(old.keys() | new.keys()):
        if name not in new:
            result.only_before.append(name)
        elif name not in old:
            result.only_after.append(name)
        elif old[name].read_bytes() == new[name].read_bytes():
            result.identical.append(name)
        else:
            result.different.append(name)
            if Path(name).suffix.lower() in ZIPPED:
                result.members[name] = _member_differences(old[name], new[name])
    return result


def report(result: Comparison) -> str:
    lines = [f"identical: {len(result.identical)} files"]
    lines += [f"  {name}" for name in result.identical]
    lines.append(f"different: {len(result.different)} files")
    for name in result.different:
        lines.append(f"  {name}")
        lines += [f"    {member}" for member in result.members.get(name, [])]
    for title, names in (("only before", result.only_before), ("only after", result.only_after)):
        if names:
            lines.append(f"{title}: {len(names)} files")
            lines += [f"  {name}" for name in names]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument(
        "--allow-images", action="store_true", help="pictures may differ (exit status 0)"
    )
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
    result = compare(args.before, args.after)
    print(report(result))
    if not result.different and not result.only_before and not result.only_after:
        return 0
    return 0 if args.allow_images and result.only_pictures_differ() else 1


if __name__ == "__main__":
    sys.exit(main())
