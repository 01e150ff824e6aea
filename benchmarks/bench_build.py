"""How fast is `sektorplan build`? Run: python benchmarks/bench_build.py [--plans 50 500]

In the same run, as whole processes (start-up included, as a user runs them):
- `sektorplan build` of generated workspaces (about 10 KB a plan, benchmarks/generate.py) in
  Markdown, Word and HTML, the samlet oversigt included, into an empty folder;
- pandoc converting the same first workspace's Markdown plans to Word, one process per file,
  one after the other, as a user's own script would (`pandoc plan.md -o plan.docx`), each run
  right after one of the builds (taking turns, so a machine whose speed drifts during the
  benchmark slows both alike).
Targets (issue 13): the first workspace (50 plans) in at most 0.6x the time pandoc takes for
Word alone; the time per plan of the last (500) at most 1.2x that of the first (linear
scaling); peak memory of all processes together under 600 MB; the bundled example
(examples/sermersooq) from scratch in under 2 s (measured unless --no-example). Each time is
given with its CPU time (user + system of the whole process tree), which a busy machine
disturbs less than the wall clock.

Time and memory come from separate runs: the time is the best of --repeat runs with nothing
else running; memory is sampled in one more run, on the build's process tree while it runs
(every 50 ms, from /proc; the sampling takes CPU from the build, so that run is not timed):
- the largest sum of proportional set sizes (PSS) of all its processes at one moment, which
  counts memory the processes share (libraries) once: the figure held against the target.
  The main process and every worker are alive, and hold their memory, at the same time;
- the largest sum of their resident sizes (RSS) at one moment (counts shared memory once per
  process, so it overstates);
- each process's own peak (VmHWM), and the main process's peak plus the largest worker's
  (what getrusage reports for a process and its children): it understates with more than
  one worker, as the other workers' memory is left out.
Linux only (/proc).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

FORMATS = "md,docx,html"
SAMPLE_SECONDS = 0.05
# As on a user's machine, Python may cache compiled modules (some CI images switch that off,
# which makes every start-up compile the package again). A small build first writes that
# cache and matplotlib's font list, as any earlier use would have.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Run:
    seconds: float
    cpu: float = 0.0  # user + system time of the whole process tree, of the best run
    peaks: dict[int, int] = field(default_factory=dict)  # pid -> peak RSS (kB)
    pss_peak: int = 0  # kB, the largest sum over the tree at one moment
    rss_peak: int = 0  # kB, the largest sum of resident sizes over the tree at one moment

    @property
    def main_plus_largest_worker(self) -> int:
        if not self.peaks:
            return 0
        first, *others = self.peaks.values()  # the main process is seen first
        return first + max(others, default=0)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _field(path: str, name: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children_cpu() -> float:
    """User + system time of every waited-for child process so far (their trees included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the whole process tree) of one run."""
    cpu = children_cpu()
    start = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, capture_output=True, env=ENV)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        output = (process.stdout + process.stderr).decode(errors="replace")
        raise SystemExit(f"{command[1]} failed:\n{output[-3000:]}")
    return seconds, children_cpu() - cpu


def measured(command: list[str], cwd: Path) -> Run:
    """Run `command`, sampling its process tree's memory until it ends."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV
    )
    run = Run(0.0)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = resident = 0
            for pid in _tree(process.pid):
                peak = _field(f"/proc/{pid}/status", "VmHWM:")
                if peak:
                    run.peaks[pid] = max(run.peaks.get(pid, 0), peak)
                resident += _field(f"/proc/{pid}/status", "VmRSS:")
                total += _field(f"/proc/{pid}/smaps_rollup", "Pss:")
            run.pss_peak = max(run.pss_peak, total)
            run.rss_peak = max(run.rss_peak, resident)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    run.seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[1]} failed:\n{output.decode(errors='replace')[-3000:]}")
    return run


def build_command(sektorplan: str, workspace: Path, out: Path, jobs: int | None) -> list[str]:
    command = [sektorplan, "build", str(workspace), "-o", str(out), "-f", FORMATS]
    return command + (["--jobs", str(jobs)] if jobs else [])


def build_runs(
    sektorplan: str,
    workspace: Path,
    out: Path,
    jobs: int | None,
    repeat: int,
    between: Callable[[Path], None] | None = None,
) -> Run:
    """The best time of `repeat` builds into an empty folder, and the memory of one more.
    `between` runs after each timed build, with its output folder (pandoc's turn: taking
    turns, a machine whose speed drifts during the benchmark slows both alike)."""
    command = build_command(sektorplan, workspace, out, jobs)
    times = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        times.append(timed(command, workspace))
        if between is not None:
            between(out)
    shutil.rmtree(out, ignore_errors=True)
    run = measured(command, workspace)
    run.seconds, run.cpu = min(times)
    return run


def pandoc_once(pandoc: str, markdown: list[Path], out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of pandoc converting each Markdown file to Word, one
    process per file, one after the other."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cpu = children_cpu()
    start = time.perf_counter()
    for path in markdown:
        subprocess.run(
            [pandoc, path.name, "-o", str(out / f"{path.stem}.docx")],
            cwd=path.parent,
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start, children_cpu() - cpu


def example_runs(sektorplan: str, out: Path, repeat: int) -> tuple[float, float, int]:
    """The bundled example (examples/sermersooq) built from scratch with the default formats:
    the best wall-clock time, its CPU time, and how many files it made."""
    example = Path(__file__).resolve().parents[1] / "examples" / "sermersooq"
    times = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        times.append(timed([sektorplan, "build", str(example), "-o", str(out)], example))
    files = sum(1 for p in out.rglob("*") if p.is_file())
    seconds, cpu = min(times)
    return seconds, cpu, files


def mb(kilobytes: int) -> str:
    return f"{kilobytes / 1024:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--plans", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for sektorplan build")
    parser.add_argument(
        "--no-example", dest="example", action="store_false", help="skip examples/sermersooq"
    )
    args = parser.parse_args()
    sektorplan = shutil.which("sektorplan", path=str(Path(sys.executable).parent))
    if not sektorplan:
        raise SystemExit("sektorplan is not installed next to this Python.")
    pandoc = shutil.which("pandoc")

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.system()}; "
        f"best of {args.repeat} run(s)"
    )
    results: dict[int, Run] = {}
    pandoc_seconds = pandoc_cpu = None
    ex_seconds = None
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm-up"
        generate(warm, 2)
        timed(build_command(sektorplan, warm, Path(tmp) / "warm-up-out", args.jobs), warm)
        pandoc_times: list[tuple[float, float]] = []
        plans_md: list[int] = []

        def pandoc_turn(built: Path) -> None:
            assert pandoc is not None
            # build writes each language's documents in a folder of its own (build/<sprog>/).
            markdown = sorted(p for p in built.glob("*/filer/*.md") if p.stem != "oversigt")
            if not markdown:
                raise SystemExit(f"No Markdown plans found in {built}/<sprog>/filer/.")
            plans_md.append(len(markdown))
            pandoc_times.append(pandoc_once(pandoc, markdown, Path(tmp) / "pandoc"))

        for count in args.plans:
            workspace = Path(tmp) / f"ws{count}"
            files = generate(workspace, count)
            out = Path(tmp) / f"build{count}"
            size = sum(f.stat().st_size for f in files) / len(files) / 1024
            compare = pandoc is not None and count == args.plans[0]
            results[count] = build_runs(
                sektorplan, workspace, out, args.jobs, args.repeat, pandoc_turn if compare else None
            )
            run = results[count]
            print(
                f"sektorplan build, {count} plans ({size:.1f} KB each) in {FORMATS} + overview: "
                f"{run.seconds:.2f} s = {run.seconds / count * 1000:.0f} ms per plan "
                f"(CPU {run.cpu:.2f} s); memory: "
                f"main + largest worker {mb(run.main_plus_largest_worker)}, "
                f"all processes at one moment: RSS {mb(run.rss_peak)}, PSS {mb(run.pss_peak)}"
            )
            print(
                "  peak per process (main first): " + ", ".join(mb(kb) for kb in run.peaks.values())
            )
            if count == args.plans[0]:
                if pandoc is None:
                    print(
                        "pandoc MISSING: the comparison with pandoc is not made. Install it "
                        "(apt-get install pandoc, or pip install pypandoc_binary and put its "
                        "pandoc on PATH) and run again."
                    )
                else:
                    version = subprocess.run(
                        [pandoc, "--version"], capture_output=True, text=True
                    ).stdout.splitlines()[0]
                    pandoc_seconds, pandoc_cpu = min(pandoc_times)
                    print(
                        f"{version}: {plans_md[0]} Markdown plans to docx, one process per "
                        f"file, taking turns with the builds: {pandoc_seconds:.2f} s "
                        f"(CPU {pandoc_cpu:.2f} s)"
                    )
        if args.example:
            ex_seconds, ex_cpu, ex_files = example_runs(
                sektorplan, Path(tmp) / "example", args.repeat
            )
            print(
                f"examples/sermersooq from scratch ({ex_files} files): {ex_seconds:.2f} s "
                f"(CPU {ex_cpu:.2f} s)"
            )

    first, last = args.plans[0], args.plans[-1]
    verdicts = []
    if pandoc_seconds is not None and pandoc_cpu is not None:
        ratio = results[first].seconds / pandoc_seconds
        cpu_ratio = results[first].cpu / pandoc_cpu
        verdicts.append(
            (f"{first} plans in {FORMATS}: {ratio:.2f}x pandoc's docx time, CPU "
             f"{cpu_ratio:.2f}x (target <= 0.6x)", ratio <= 0.6)
        )  # fmt: skip
    if last != first:
        scale = (results[last].seconds / last) / (results[first].seconds / first)
        verdicts.append(
            (f"time per plan at {last} = {scale:.2f}x that at {first} (target <= 1.2x)",
             scale <= 1.2)
        )  # fmt: skip
    for count, run in results.items():
        verdicts.append(
            (f"peak memory at {count} plans, all processes together (PSS) {mb(run.pss_peak)} "
             "(target < 600 MB)", run.pss_peak < 600 * 1024)
        )  # fmt: skip
    if ex_seconds is not None:
        verdicts.append(
            (f"examples/sermersooq from scratch: {ex_seconds:.2f} s (target < 2 s)",
             ex_seconds < 2.0)
        )  # fmt: skip
    for text, ok in verdicts:
        print(f"{text} {'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
