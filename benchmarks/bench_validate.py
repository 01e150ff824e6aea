"""How fast is `sektorplan validate`? Run: python benchmarks/bench_validate.py [--plans 500]

Times, in the same run and as whole processes (start-up included, as in pre-commit and CI):
- `sektorplan validate` on a generated workspace of N plans (about 10 KB each),
- a bare parse of the same files with PyYAML's C loader, nothing else,
- `sektorplan validate` of one plan in a one-plan workspace.
Targets: N=500 in at most 1.5x the bare parse; one plan in under 0.2 s. Each figure is the
best of --repeat runs, so a busy machine shows less noise.
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

BARE_PARSE = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


# As on a user's machine, Python may cache compiled modules (some CI images switch that off,
# which makes every start-up compile the package again).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def best_of(command: list[str], repeat: int, cwd: Path) -> float:
    best = float("inf")
    subprocess.run(command, cwd=cwd, capture_output=True, env=ENV)  # warm-up: caches, bytecode
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
        elapsed = time.perf_counter() - start
        if result.returncode not in (0,):
            raise SystemExit(f"{command[1]} failed:\n{(result.stdout + result.stderr)[-2000:]}")
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sektorplan = shutil.which("sektorplan", path=str(Path(sys.executable).parent))
    if not sektorplan:
        raise SystemExit("sektorplan is not installed next to this Python.")

    with tempfile.TemporaryDirectory() as tmp:
        many, one = Path(tmp) / "many", Path(tmp) / "one"
        files = generate(many, args.plans)
        generate(one, 1)
        size = sum(f.stat().st_size for f in files) / len(files) / 1024
        validate_many = best_of([sektorplan, "validate", str(many)], args.repeat, many)
        bare = best_of([sys.executable, "-c", BARE_PARSE, *map(str, files)], args.repeat, many)
        validate_one = best_of([sektorplan, "validate", str(one)], args.repeat, one)

    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}"
    )
    print(f"{args.plans} plans, {size:.1f} KB each on average; best of {args.repeat} runs")
    print(f"bare parse (PyYAML CSafeLoader): {bare:.3f} s")
    ratio = validate_many / bare
    print(
        f"sektorplan validate, {args.plans} plans: {validate_many:.3f} s "
        f"= {ratio:.2f}x bare parse (target <= 1.5x) {'OK' if ratio <= 1.5 else 'MISSED'}"
    )
    print(
        f"sektorplan validate, 1 plan: {validate_one:.3f} s (target < 0.2 s) "
        f"{'OK' if validate_one < 0.2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
