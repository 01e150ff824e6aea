"""The fence: every place where sektorplan reaches into another library's internals.

Some steps are faster, and some messages Danish, only when they use what a library does not
promise to keep (a private method, a hook, the way a class is built inside). All such code
lives in this package and nowhere else, so that an upgrade of one of those libraries breaks
here, in one place, and in the tests, not quietly somewhere in the pipeline. The rules for
this package:

- Each path has a flag that turns it off: the environment variable `SEKTORPLAN_INTERNALS=0`
  turns them all off, `SEKTORPLAN_INTERNALS_<NAME>=0` one of them (NAME as in PATHS, in
  capitals). Off, the library's own, public way is used. Read once per process.
- Each has a test (tests/internals/) that compares its result with the library's own way,
  and that FAILS, never skips, when the path cannot run on the installed versions. A user
  with other versions still gets the library's own way (the path
  falls back), but CI is red.
- pyproject.toml caps each library used here (`<` the next minor or major version that
  may move the internals), and CI runs the suite on the lowest allowed versions too
  (constraints/min-versions.txt).

The paths (PATHS): four for speed, one for Danish, one for a quick stop:

- `text` (textcache.py, matplotlib): an Agg canvas that keeps each text's rendered picture
  per process (RendererAgg's `_prepare_font`, `_renderer.draw_text_image`, the
  `_get_font_height_metrics` hook Text asks for, FigureCanvasAgg's `_lastKey`). Years,
  numbers and units recur in every chart, and rendering a text glyph by glyph is about half
  of a chart's time. Not the same pixels as matplotlib ≥ 3.11 draws (that places glyphs
  at sub-pixel positions; this places the whole text on whole pixels, as matplotlib did
  up to 3.10): the test holds each text to within a pixel of matplotlib's own.
- `wordpackage` (wordpackage.py, python-docx): a Word template's package read once per
  process (python-docx's PackageReader, Unmarshaller and PartFactory), styles.xml parsed
  only when read (a StylesPart whose `_element` is parsed lazily). The same document.
- `docxtpl` (docxtemplate.py, docxtpl): docxtpl's DocxTemplate with `patch_xml` kept per
  template XML, `resolve_listing` given only the paragraphs that have something to resolve,
  and the Jinja template class that takes out docxtpl's line breaks before paragraphs
  itself, so that docxtpl's regular expression finds none. The same document.
- `wordzip` (docxtemplate.py, python-docx): a filled document's parts written straight into
  the reproducible zip (python-docx's `PackageWriter._write_*`), each compressed once,
  instead of python-docx's save whose zip is then unpacked and compressed again. The same
  bytes.
- `typer` (typercli.py, typer): Click's exception classes as Typer ≥ 0.29 vendors them
  (`typer._click`), Typer's completion internals (`typer._completion_shared`,
  `typer.completion._get_shell_name`), so that usage errors and tab completion are Danish.
  Off: Typer's own English.
- `processes` (processpool.py, Python's concurrent.futures before 3.14): a process pool's
  idle workers ended at once through the executor's `_processes`, when a build with errors
  has no job for them. Off: the pool is shut down and its workers waited for.

Also no speed path, and so not here: every template runs in render/sandbox.py's Jinja
sandbox, whose code generator (a `jinja2.compiler.CodeGenerator` subclass, Jinja's own
extension point, but one whose `visit_*` methods Jinja does not promise to keep) counts loop
steps and checks joined texts. A security bound, not a fast path: it has no flag to turn it
off. Jinja2 is capped for it, and tests/render holds the bounds to their behaviour.

After switching a flag, build with `--clean`: the build's manifest does not record flags,
and the `text` flag changes the charts' pixels.

The numbers behind each path (how much faster) are in benchmarks/README.md.
"""

from __future__ import annotations

import os
from functools import cache

PATHS = ("text", "wordpackage", "docxtpl", "wordzip", "typer", "processes")


class Unavailable(RuntimeError):
    """A path cannot run on the installed version of its library."""


@cache
def enabled(name: str) -> bool:
    """Whether the path `name` (one of PATHS) is wanted: not turned off by
    `SEKTORPLAN_INTERNALS=0` nor by `SEKTORPLAN_INTERNALS_<NAME>=0`."""
    if name not in PATHS:
        raise ValueError(f"unknown path {name!r}")
    for variable in ("SEKTORPLAN_INTERNALS", f"SEKTORPLAN_INTERNALS_{name.upper()}"):
        if os.environ.get(variable, "").strip().lower() in {"0", "false", "no", "off"}:
            return False
    return True
