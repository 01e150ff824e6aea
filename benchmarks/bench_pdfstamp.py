"""What does making the PDFs reproducible cost? Run: python benchmarks/bench_pdfstamp.py
[--repeat 5]

The example (examples/sermersooq: 6 plans + the samlet oversigt, Danish and Greenlandic =
14 PDFs) is built once with `sektorplan build -f pdf` (timed, as a whole process, for the
scale). Then `render/pdfstamp.stamp` (pikepdf: LibreOffice's dates, /ID, ICC date replaced,
the file written again) runs on a copy of each of the 14 PDFs, in this process, best of
--repeat. Its cost does not depend on whether the PDF was stamped before: it is read and
written whole either way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from sektorplan.render.pdfstamp import stamp

    with tempfile.TemporaryDirectory(prefix="bench-pdfstamp-") as tmp:
        work = Path(tmp) / "sermersooq"
        shutil.copytree(ROOT / "examples" / "sermersooq", work)
        out = Path(tmp) / "ud"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1718841600"}
        command = [sys.executable, "-m", "sektorplan", "build", "-f", "pdf", "-o", str(out)]
        start = time.perf_counter()
        subprocess.run(command, cwd=work, env=env, check=True, capture_output=True)
        build = time.perf_counter() - start
        pdfs = sorted(out.rglob("*.pdf"))
        copies = Path(tmp) / "kopier"
        copies.mkdir()
        when = dt.datetime(2024, 6, 20, tzinfo=dt.UTC)
        best = float("inf")
        for _ in range(args.repeat):
            paths = []
            for number, pdf in enumerate(pdfs):
                paths.append(copies / f"{number}.pdf")
                shutil.copyfile(pdf, paths[-1])
            start = time.perf_counter()
            for path in paths:
                stamp(path, when)
            best = min(best, time.perf_counter() - start)
        size = sum(p.stat().st_size for p in pdfs) / len(pdfs) / 1024
        print(f"build -f pdf (the example, whole process): {build:.1f} s")
        print(
            f"stamp, {len(pdfs)} PDFs (mean {size:.0f} KB): {best * 1000:.0f} ms "
            f"= {best * 1000 / len(pdfs):.0f} ms per PDF = {best / build:.1%} of the build"
        )


if __name__ == "__main__":
    main()
