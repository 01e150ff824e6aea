"""How fast is `sektorplan diff`? Run: python benchmarks/bench_diff.py [--plans 500]

A generated workspace of N plans (generate.py) and a copy of it in which 5% of the plans are
changed (a target value, an initiative's end year and budget, a goal's title, an added
indicator). Times, as whole processes (start-up included) and the best of --repeat runs:
- `sektorplan validate` of the old and of the new workspace (two processes, added up),
- `sektorplan diff OLD NEW` (text) and `sektorplan diff OLD NEW --format json`.
Target: the diff in at most 2x the time `validate` takes for both sides.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

CHANGED_SHARE = 0.05
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def best_of(command: list[str], repeat: int, cwd: Path) -> float:
    best = float("inf")
    subprocess.run(command, cwd=cwd, capture_output=True, env=ENV)  # warm-up
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{command} failed:\n{(result.stdout + result.stderr)[-2000:]}")
        best = min(best, elapsed)
    return best


def change(path: Path, n: int) -> None:
    """Edits of each kind the diff reports, in plan number `n`."""
    text = path.read_text(encoding="utf-8")
    dept = f"F{n:03d}"
    first_target = text.index("målværdier: {2027: ")
    text = text[:first_target] + text[first_target:].replace("{2027: ", "{2027: 1", 1)
    text = text.replace(
        f"titel: Mål 1 for forvaltning {n} –", f"titel: Mål 1 for forvaltning {n} —"
    )
    text = re.sub(
        r"    slut: (\d+)", lambda m: f"    slut: {min(int(m[1]) + 1, 2035)}", text, count=1
    )
    text = text.replace("      drift: {", "      drift: {2035: 123456, ", 1)
    marker = f"          - id: {dept}-1.1.a\n"
    added = (
        f"          - id: {dept}-1.1.c\n"
        "            navn: Tilfredshed med tilbuddet\n"
        '            enhed: "%"\n'
        "            retning: op\n"
        "            basis: {år: 2023, værdi: 60}\n"
        "            målværdier: {2027: 65, 2031: 70, 2035: 75}\n"
    )
    text = text.replace(marker, added + marker, 1)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sektorplan = shutil.which("sektorplan", path=str(Path(sys.executable).parent))
    if not sektorplan:
        raise SystemExit("sektorplan is not installed next to this Python.")

    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "gammel", Path(tmp) / "ny"
        generate(old, args.plans)
        shutil.copytree(old, new)
        plans = sorted((new / "planer").glob("*.yaml"))
        chosen = random.Random(7).sample(range(len(plans)), round(len(plans) * CHANGED_SHARE))
        for i in chosen:
            change(plans[i], i + 1)
        validate_old = best_of([sektorplan, "validate", str(old)], args.repeat, Path(tmp))
        validate_new = best_of([sektorplan, "validate", str(new)], args.repeat, Path(tmp))
        diff_text = best_of([sektorplan, "diff", str(old), str(new)], args.repeat, Path(tmp))
        diff_json = best_of(
            [sektorplan, "diff", str(old), str(new), "--format", "json"], args.repeat, Path(tmp)
        )
        check = subprocess.run(
            [sektorplan, "diff", str(old), str(new), "--exit-code"],
            cwd=tmp,
            capture_output=True,
            text=True,
            env=ENV,
        )
        reported = check.stdout.count(" – Sektorplan for forvaltning")

    both = validate_old + validate_new
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}, {os.cpu_count()} cores"
    )
    print(f"{args.plans} plans, {len(chosen)} changed; best of {args.repeat} runs")
    print(f"sektorplan validate, old: {validate_old:.3f} s; new: {validate_new:.3f} s")
    print(f"validate, both sides: {both:.3f} s")
    for name, value in (("text", diff_text), ("json", diff_json)):
        ratio = value / both
        verdict = "OK" if ratio <= 2 else "MISSED"
        print(
            f"sektorplan diff ({name}): {value:.3f} s = {ratio:.2f}x validate of both sides "
            f"(target <= 2x) {verdict}"
        )
    print(f"plans reported as changed: {reported} of {len(chosen)} (exit code {check.returncode})")


if __name__ == "__main__":
    main()
