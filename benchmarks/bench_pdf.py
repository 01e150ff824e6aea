"""How fast does `sektorplan build -f pdf` make PDFs? Run: python benchmarks/bench_pdf.py
[--plans 50] [--repeat 3]

A generated workspace (benchmarks/generate.py) is built in Word first (`build -f docx --sprog
da`: the plans and the samlet oversigt), not timed. Then, in the same run, taking turns (so a
machine whose speed drifts slows both alike), each as a whole process as a user runs it:
- `sektorplan build -f pdf --sprog da` on a fresh copy of that build: the Word documents are
  up to date, so it makes only the PDFs, all in one LibreOffice (its own throw-away profile
  made first), tagged PDF/UA with the table of contents' page numbers;
- LibreOffice converting the same Word documents in one call, `soffice --headless
  --convert-to pdf --outdir … *.docx`, with a profile LibreOffice has used before (as on a
  user's machine; a fresh one is also timed and shown) — untagged, and with the table of
  contents as Word left it (no page numbers).
Target: `build -f pdf` in at most 1.2x the time of LibreOffice's own batch. The time is the
best of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

TARGET = 1.2
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} … failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def soffice_command(soffice: str, profile: Path, out: Path, documents: list[Path]) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, documents),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sektorplan = shutil.which("sektorplan", path=str(Path(sys.executable).parent))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not sektorplan:
        raise SystemExit("sektorplan is not installed next to this Python.")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is not installed.")
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}; "
        f"{version.strip()}; best of {args.repeat} run(s)"
    )
    ours: list[float] = []
    theirs: list[float] = []
    theirs_fresh: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workspace = folder / "ws"
        generate(workspace, args.plans)
        word = folder / "word"
        build = [sektorplan, "build", str(workspace), "--sprog", "da", "--jobs", "2"]
        timed([*build, "-f", "docx", "-o", str(word)], folder)
        documents = sorted(word.rglob("*.docx"))
        # A profile LibreOffice has used: one conversion with it first.
        used = folder / "profil-brugt"
        timed(soffice_command(soffice, used, folder / "opvarmning", documents[:1]), folder)
        for turn in range(args.repeat):
            out = folder / f"pdf{turn}"
            shutil.copytree(word, out)
            ours.append(timed([*build, "-f", "pdf", "-o", str(out)], folder))
            made = sorted(out.rglob("*.pdf"))
            assert len(made) == len(documents), (len(made), len(documents))
            lo_out = folder / f"lo{turn}"
            theirs.append(timed(soffice_command(soffice, used, lo_out, documents), folder))
            assert len(list(lo_out.glob("*.pdf"))) == len(documents)
            fresh = folder / f"profil{turn}"
            lo_fresh = folder / f"lo-fresh{turn}"
            theirs_fresh.append(timed(soffice_command(soffice, fresh, lo_fresh, documents), folder))
    best, lo, lo_fresh = min(ours), min(theirs), min(theirs_fresh)
    count = len(documents)
    print(
        f"sektorplan build -f pdf, {args.plans} plans + overview ({count} PDFs, tagged PDF/UA, "
        f"contents with page numbers): {best:.2f} s = {best / count * 1000:.0f} ms per document"
        f" (runs: {', '.join(f'{s:.2f}' for s in ours)})"
    )
    print(
        f"soffice --convert-to pdf, the same {count} .docx in one call, used profile: {lo:.2f} s"
        f" (runs: {', '.join(f'{s:.2f}' for s in theirs)}); fresh profile: {lo_fresh:.2f} s"
    )
    ratio = best / lo
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"ratio {ratio:.2f}x LibreOffice's own batch (target <= {TARGET}x): {verdict}")


if __name__ == "__main__":
    main()
