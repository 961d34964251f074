"""Lint time against the physical limit: a bare C-YAML parse of the same entry files.

Builds the same synthetic lists as bench_render.py (1,000 and 10,000 entries) and
times, best of N runs, a bare libyaml CSafeLoader parse of every entry file and the
whole `wmcurate lint` command in-process (every rule, including the stale-output
check, which renders the list).

Goal (issue: lint): lint <= 3x parse at 10,000 entries, linear from 1,000.

    python benchmarks/bench_lint.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import compare  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from wmcurate.cli import app  # noqa: E402


def run_lint(folder: Path) -> None:
    result = CliRunner().invoke(app, ["--root", str(folder), "-q", "lint", "--format", "json"])
    if result.exit_code not in (0, 1):
        raise SystemExit(f"lint could not run ({result.exit_code}): {result.output[-500:]}")


if __name__ == "__main__":
    compare("lint", run_lint, __doc__.splitlines()[0])
