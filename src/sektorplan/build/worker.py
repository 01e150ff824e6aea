"""What a `sektorplan build` worker imports when it starts: every module a plan's and the
overview's documents need (openpyxl, for the overview's workbook only, is left to that
job). The workers are started before the workspace is validated, so these imports (about
half a second) run on the other cores meanwhile, not after it.
"""

from __future__ import annotations

import os

# One thread each for numpy's BLAS (under matplotlib): the pool already uses every core, and
# OpenBLAS threads that spin while they wait made a parallel build slower than a serial one.
# Set before numpy is imported; a user's own setting wins.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import docx  # noqa: E402, F401
import docxtpl  # noqa: E402, F401
import jinja2  # noqa: E402, F401
import PIL.Image  # noqa: E402
import PIL.PngImagePlugin  # noqa: E402, F401
from matplotlib import font_manager  # noqa: E402, F401  (reads the font list once)
from matplotlib.backends import backend_agg  # noqa: E402, F401
from matplotlib.figure import Figure  # noqa: E402, F401

from sektorplan import render  # noqa: E402, F401
from sektorplan.render import charts, context, formatting, templating  # noqa: E402, F401
from sektorplan.render import docx as word  # noqa: E402, F401
