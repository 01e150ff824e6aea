"""Where each kind of output goes inside an output folder, and the relative links between them.

`sektorplan render` writes every file flat into one folder (`FLAT`). `sektorplan build` writes a
site per language into `<sprog>/` (`SITE`): `planer/<plan>.html`, `oversigt.html`, the
downloads in `filer/` and the pictures in `billeder/`. Names are posix paths
relative to the output folder; links are relative, so a site works from disk and on any host.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

PICTURES = ("png", "svg")


@dataclass(frozen=True)
class Layout:
    root: str = ""  # every output below this folder ("" = the output folder itself)
    plan_pages: str = ""  # a plan's HTML page
    overview_page: str = ""  # oversigt.html
    files: str = ""  # downloads: md, docx, pdf, xlsx, csv
    pictures: str = ""  # png, svg

    def folder(self, name: str, *, overview: bool = False) -> str:
        """The folder (relative to the output folder) that holds the output `name`."""
        suffix = name.rsplit(".", 1)[-1]
        if suffix in PICTURES:
            sub = self.pictures
        elif suffix == "html":
            sub = self.overview_page if overview else self.plan_pages
        else:
            sub = self.files
        return posixpath.join(self.root, sub) if sub else self.root

    def path(self, name: str, *, overview: bool = False) -> str:
        """The output `name` (a plain file name) as a path relative to the output folder."""
        folder = self.folder(name, overview=overview)
        return posixpath.join(folder, name) if folder else name

    def link(self, source: str, target: str, *, overview: bool = False) -> str:
        """The relative link from the document `source` to the output `target` (both plain
        file names of the same plan, or both of the overview; `overview` says which)."""
        start = self.folder(source, overview=overview) or "."
        return relative(start, self.path(target, overview=overview))


def relative(start_folder: str, path: str) -> str:
    """`path` relative to `start_folder` (both relative to the output folder), posix."""
    return posixpath.relpath(path or ".", start_folder or ".")


FLAT = Layout()
# A language's site (<output folder>/<sprog>/), which `sektorplan build` makes.
SITE = Layout(plan_pages="planer", overview_page="", files="filer", pictures="billeder")
