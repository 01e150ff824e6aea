"""The fence: every place where sektorplan reaches into another library's internals.

Some steps are faster when they use what a library does not promise to keep (a private
method, a hook, the way a class is built inside). All such code lives in this package and
nowhere else, so that an upgrade of one of those libraries breaks here, in one place, and in
the tests, not quietly somewhere in the pipeline. The rules for this package:

- Each fast path has a flag that turns it off: the environment variable
  `SEKTORPLAN_FAST=0` turns them all off, `SEKTORPLAN_FAST_<NAME>=0` one of them (NAME as in
  PATHS, in capitals). Off, the library's own, public way is used. Read once per process.
- Each has a test (tests/render/test_fast.py) that compares its result with the library's
  own way, and that FAILS, never skips, when the fast path cannot run on the installed
  versions. A user with other versions still gets the library's own way (the fast path
  falls back), but CI is red.
- pyproject.toml caps each library used here (`<` the next minor or major version that
  may move the internals), and CI runs the suite on the lowest allowed versions too
  (constraints/min-versions.txt).

The fast paths (PATHS):

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

Also reaching into a library, but no speed path, so not here: the Typer app takes Click's
exceptions from `typer._click` (Typer ≥ 0.29 vendors Click there; cli/app.py), and the
shell completion uses `typer._completion_shared` and `typer.completion._get_shell_name`
(cli/completion.py) for Danish messages around Typer's own install and script. Typer is
capped for them in pyproject.toml, and tests/cli holds the completion to its behaviour.

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

PATHS = ("text", "wordpackage", "docxtpl", "wordzip")


class Unavailable(RuntimeError):
    """A fast path cannot run on the installed version of its library."""


@cache
def enabled(name: str) -> bool:
    """Whether the fast path `name` (one of PATHS) is wanted: not turned off by
    `SEKTORPLAN_FAST=0` nor by `SEKTORPLAN_FAST_<NAME>=0`."""
    if name not in PATHS:
        raise ValueError(f"unknown fast path {name!r}")
    for variable in ("SEKTORPLAN_FAST", f"SEKTORPLAN_FAST_{name.upper()}"):
        if os.environ.get(variable, "").strip().lower() in {"0", "false", "no", "off"}:
            return False
    return True
