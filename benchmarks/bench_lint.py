"""Lint time against the physical limit: a bare C-YAML parse of the same entry files.

Builds the synthetic lists of bench_render.py (realistic entries: full abstracts,
bilingual curated texts, key points) twice per size: a clean one, and a flawed one
where every entry has a finding (a rotation of real mistakes found by different
rule families, at nested fields: see `FLAWS`). Then times, best of N runs, each as
a whole process (interpreter start, imports, work, exit), as CI runs them:

* parse: `python -c` reading every entry file with PyYAML's libyaml CSafeLoader;
* lint: `python -m wmcurate lint --format json` (every rule, including the
  stale-output check, which renders the list in memory).

Goal (issue 14, point 13): lint <= 3x parse for both lists at 10,000 entries, and
linear from 1,000 (per-entry time at 10,000 no more than at 1,000, plus noise). The
machine may be shared: the ratio, measured back to back, is the figure that counts.

`--stages` also says where lint's time goes, in CPU seconds of one more process per list:
start-up (interpreter, imports, config), load (read and parse every file, note positions,
type the entries), rules (every rule but the two that render the list), render (those
two: WMC701 compares what render would write with the outputs, WMC702 checks what each
README has room for) and the JSON report.

    python benchmarks/bench_lint.py [--sizes 1000 10000] [--repeat 3] [--stages]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from bench_render import (  # noqa: E402
    FLAWS,
    REPO,
    best_process,
    build_list,
    parse_process,
    run_render,
    wmcurate_process,
)

LINT = ("lint", "--format", "json")

#: Lint's stages timed in one process, as `wmcurate lint --format json` runs them.
STAGES_PROCESS = """
import contextlib, gc, json, os, sys, time
gc.disable()  # as the CLI runs a command
from pathlib import Path
import wmcurate.cli.lint as cli_lint
from wmcurate.cli.app import State
from wmcurate.config import load_config
from wmcurate.entries import load_entries
from wmcurate.lint import run_lint
RENDERING = {"WMC701", "WMC702"}
clock = time.process_time
config = load_config(Path(sys.argv[1]))
times = {"startup": clock()}
start = clock()
loaded = load_entries(config, positions=True)
times["load"] = clock() - start
start = clock()
found = run_lint(config, ignore=RENDERING, check_outputs=False, loaded=loaded).findings
times["rules"] = clock() - start
start = clock()
found += run_lint(config, select=RENDERING, loaded=loaded).findings
times["render"] = clock() - start
start = clock()
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    cli_lint._print_findings(found, cli_lint.Format.json, config, State())
times["output"] = clock() - start
print(json.dumps(times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", action="store_true",
                        help="also time lint's stages (start-up, load, rules, render, report)")
    args = parser.parse_args()
    if not getattr(yaml, "__with_libyaml__", False):
        raise SystemExit("PyYAML was built without libyaml; the baseline needs CSafeLoader")
    print("flaws, one per entry in turn: " + "; ".join(what for what, _ in FLAWS))
    print(f"{'':>17} {'wall (best of ' + str(args.repeat) + ')':^26}  "
          f"{'CPU user+sys (best of ' + str(args.repeat) + ')':^32}")
    print(f"{'entries':>8} {'list':>8} {'parse s':>8} {'lint s':>8} {'ratio':>7}  "
          f"{'parse s':>8} {'lint s':>8} {'ratio':>7} {'ms/entry':>8}")
    per_entry: dict[tuple[str, int], float] = {}
    stages: list[str] = []
    for size in args.sizes:
        for kind in ("clean", "flawed"):
            with tempfile.TemporaryDirectory(prefix=f"wmcurate-lint-{kind}-{size}-") as tmp:
                folder = Path(tmp)
                build_list(folder, size, flawed=kind == "flawed")
                run_render(folder)
                # Clean: exit 0 (warnings at most); flawed: exit 1, findings in every file.
                expected = (0,) if kind == "clean" else (1,)
                parse_wall, parse_cpu = best_process(args.repeat, parse_process(folder))
                lint_wall, lint_cpu = best_process(args.repeat, wmcurate_process(folder, *LINT),
                                                   expected)
                per_entry[kind, size] = lint_cpu / size * 1000
                print(f"{size:>8} {kind:>8} {parse_wall:>8.3f} {lint_wall:>8.3f} "
                      f"{lint_wall / parse_wall:>6.2f}x  {parse_cpu:>8.3f} {lint_cpu:>8.3f} "
                      f"{lint_cpu / parse_cpu:>6.2f}x {per_entry[kind, size]:>8.3f}")
                if args.stages:
                    stages.append(f"{size:>8} {kind:>8} " + _stages(folder, parse_cpu))
    if stages:
        print("\nwhere lint's CPU time goes (seconds; x: as a share of the bare parse)")
        print(f"{'entries':>8} {'list':>8} " + " ".join(
            f"{name:>15}" for name in ("startup", "load", "rules", "render", "output")))
        print("\n".join(stages))
    sizes = sorted(args.sizes)
    if len(sizes) > 1:
        for kind in ("clean", "flawed"):
            growth = per_entry[kind, sizes[-1]] / per_entry[kind, sizes[0]]
            print(f"{kind}: per-entry CPU time {sizes[-1]} vs {sizes[0]}: x{growth:.2f} "
                  "(1.00 = linear; below 1, start-up spread over more entries)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))


def _stages(folder: Path, parse_cpu: float) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", STAGES_PROCESS, str(folder)],
                          capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"timing lint's stages failed: {done.stderr[-800:]}")
    times = json.loads(done.stdout.splitlines()[-1])
    return " ".join(f"{times[name]:>7.3f} ({times[name] / parse_cpu:.2f}x)"
                    for name in ("startup", "load", "rules", "render", "output"))


if __name__ == "__main__":
    main()
