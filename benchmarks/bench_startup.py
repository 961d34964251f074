"""Start-up time: whole `wmcurate` processes against a bare `python -c "import typer"`.

Each command runs as CI and users run it (interpreter start, imports, work, exit), best
of N, wall and CPU (user + system) time. The runs of all commands are interleaved, round
by round, so that a busy moment of a shared machine falls on all of them alike; the
ratios to the baseline are the figures that count.

Goals (issue 10, point 7): `wmcurate --help` at most 1.5x the baseline, and `wmcurate
lint` on the shipped list at most 3x. The other rows are for information.

    python benchmarks/bench_startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASELINE = [sys.executable, "-c", "import typer"]
#: (label, arguments after `python -m wmcurate`, exit codes that count as a run, goal)
COMMANDS: list[tuple[str, list[str], tuple[int, ...], float | None]] = [
    ("--help", ["--help"], (0,), 1.5),
    ("--version", ["--version"], (0,), None),
    ("lint (shipped list)", ["--root", str(REPO), "lint"], (0, 1), 3.0),
    # For information: lint without its stale-output check (WMC701, WMC702), which renders
    # the list and reads every README and page, as `render --check` does.
    ("lint, no render check", ["--root", str(REPO), "lint", "--ignore", "WMC701,WMC702"],
     (0, 1), None),
    ("render --check", ["--root", str(REPO), "render", "--check"], (0, 1), None),
    ("export -f bibtex", ["--root", str(REPO), "export", "-f", "bibtex"], (0,), None),
    ("lint --help", ["lint", "--help"], (0,), None),
]


def process_seconds(argv: list[str], ok: tuple[int, ...]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process."""
    # Bytecode is cached, as for an installed package (pip compiles it on install): a
    # PYTHONDONTWRITEBYTECODE left in the environment would time the compiler instead.
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr[-800:]!r}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(repeat: int) -> dict[str, tuple[float, float]]:
    """Best wall and best CPU seconds of each command, runs interleaved."""
    runs: dict[str, list[tuple[float, float]]] = {"baseline": []}
    runs.update({label: [] for label, *_ in COMMANDS})
    for _label, args, ok, _goal in COMMANDS:  # warm up: bytecode written, files cached
        process_seconds([sys.executable, "-m", "wmcurate", *args], ok)
    for _ in range(repeat):
        runs["baseline"].append(process_seconds(BASELINE, (0,)))
        for label, args, ok, _goal in COMMANDS:
            runs[label].append(process_seconds([sys.executable, "-m", "wmcurate", *args], ok))
    return {label: (min(w for w, _ in r), min(c for _, c in r)) for label, r in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    best = measure(args.repeat)
    base_wall, base_cpu = best["baseline"]
    print(f"best of {args.repeat}; baseline `python -c \"import typer\"`: "
          f"{base_wall * 1000:.0f} ms wall, {base_cpu * 1000:.0f} ms CPU")
    print(f"{'command':<22} {'wall ms':>8} {'ratio':>6} {'CPU ms':>7} {'ratio':>6}  goal")
    failed = False
    for label, _args, _ok, goal in COMMANDS:
        wall, cpu = best[label]
        ratio_wall, ratio_cpu = wall / base_wall, cpu / max(base_cpu, 1e-3)
        verdict = ""
        if goal is not None:
            met = ratio_wall <= goal
            failed |= not met
            verdict = f"<= {goal}x: {'met' if met else 'NOT met'}"
        print(f"{label:<22} {wall * 1000:>8.0f} {ratio_wall:>6.2f} {cpu * 1000:>7.0f} "
              f"{ratio_cpu:>6.2f}  {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
