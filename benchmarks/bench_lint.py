"""Lint time against the physical limit: a bare C-YAML parse of the same entry files.

Builds the same synthetic lists as bench_render.py (1,000 and 10,000 entries) and
times, best of N runs, a bare libyaml CSafeLoader parse of every entry file and the
whole `wmcurate lint` command in-process (every rule, including the stale-output
check, which renders the list).

Goal (issue: lint): lint <= 3x parse at 10,000 entries, linear from 1,000.

    python benchmarks/bench_lint.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import bare_parse, best_of, build_list  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from wmcurate.cli import app  # noqa: E402


def run_lint(folder: Path) -> None:
    result = CliRunner().invoke(app, ["--root", str(folder), "-q", "lint", "--format", "json"])
    if result.exit_code not in (0, 1):
        raise SystemExit(f"lint could not run ({result.exit_code}): {result.output[-500:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not getattr(yaml, "__with_libyaml__", False):
        raise SystemExit("PyYAML was built without libyaml; the baseline needs CSafeLoader")
    print(f"{'entries':>8} {'parse s':>9} {'lint s':>9} {'ratio':>6} {'lint ms/entry':>14}")
    per_entry = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"wmcurate-lint-{size}-") as tmp:
            folder = Path(tmp)
            build_list(folder, size)
            CliRunner().invoke(app, ["--root", str(folder), "-q", "render"])
            parse_s = best_of(args.repeat, bare_parse, folder)
            lint_s = best_of(args.repeat, run_lint, folder)
            per_entry[size] = lint_s / size * 1000
            print(f"{size:>8} {parse_s:>9.3f} {lint_s:>9.3f} {lint_s / parse_s:>6.2f} "
                  f"{per_entry[size]:>14.3f}")
    if len(per_entry) > 1:
        sizes = sorted(per_entry)
        growth = per_entry[sizes[-1]] / per_entry[sizes[0]]
        print(f"per-entry time {sizes[-1]} vs {sizes[0]}: x{growth:.2f} (1.00 = linear)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")


if __name__ == "__main__":
    main()
