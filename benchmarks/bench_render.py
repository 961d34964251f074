"""Render time against the physical limit: a bare C-YAML parse of the same entry files.

Builds synthetic lists of 1,000 and 10,000 entries (realistic sizes: a full abstract,
bilingual curated texts, key points), in two shapes: one work in ten featured, and every
work featured (the README then holds more than its size budget: render fits it). Each
list is rendered once, then timed as whole processes (interpreter start, imports, work,
exit), best of N runs, CPU time (user + system; the steadier on a shared machine) and
wall time:

* parse: a Python process that reads every entry file and parses it with PyYAML's
  libyaml CSafeLoader;
* render: `python -m wmcurate render` on the up-to-date list (config, load and validate
  every entry, render every README and page, compare them with the files).

Goal (issue 9): render <= 2x parse at 10,000 entries, and linear from 1,000 to 10,000
(per-entry time within ~20%).

    python benchmarks/bench_render.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from typer.testing import CliRunner  # noqa: E402

from wmcurate.cli import app  # noqa: E402
from wmcurate.config import load_config  # noqa: E402
from wmcurate.entries import new_entry_document, save_entry  # noqa: E402

# A word list reads best as one string.
WORDS = ("world model video diffusion spatial temporal consistency camera scene token "  # noqa: SIM905
         "transformer latent physics benchmark agent robot policy multimodal language "
         "geometry radiance gaussian splatting generation reconstruction").split()


ZH_WORDS = ("世界模型", "视频", "扩散", "空间", "时间", "一致性", "相机", "场景", "物理", "基准",
            "智能体", "机器人", "多模态", "语言", "几何", "辐射场", "高斯", "生成", "重建", "推理")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def zh_sentence(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ZH_WORDS) for _ in range(n)) + "。"


#: Flaws for a list where every entry has a finding: (what, how it changes an entry's values).
#: Each is a real mistake curators make, found by a different rule family, at a nested field.
FLAWS: tuple[tuple[str, Callable[[dict[str, Any]], None]], ...] = (
    ("whitespace in the title (WMC403)",
     lambda v: v.__setitem__("title", v["title"] + "  ")),
    ("unknown link label (WMC506)",
     lambda v: v["links"].__setitem__("homepage", "https://example.org/")),
    ("a key point with doubled spaces (WMC403)",
     lambda v: v["key_points"]["en"].__setitem__(1, v["key_points"]["en"][1] + "  x")),
    ("missing Chinese one-liner (WMC404)",
     lambda v: v.__setitem__("one_liner", {"en": v["one_liner"]["en"]})),
    ("misspelt field (WMC103)",
     lambda v: v.__setitem__("modle", "Model-1")),
)


def build_list(folder: Path, size: int, seed: int = 7, flawed: bool = False,
               featured_every: int = 10) -> None:
    """A list of `size` entries; `flawed`: each entry has one flaw of `FLAWS`, in turn;
    one entry in `featured_every` is featured."""
    shutil.copy(REPO / "wmcurate.yaml", folder / "wmcurate.yaml")
    for name in ("README.md", "README_zh.md"):
        shutil.copy(REPO / name, folder / name)
    config = load_config(folder)
    sections = [s.id for s in config.sections]
    rng = random.Random(seed)
    for i in range(size):
        year, month = 15 + i % 11, 1 + i % 12
        arxiv = f"{year:02d}{month:02d}.{10000 + i:05d}"
        section = sections[i % len(sections)]
        values = {
            "arxiv": arxiv,
            "title": sentence(rng, 9).rstrip("."),
            "authors": [f"Author {rng.randint(1, 9999)}" for _ in range(rng.randint(2, 12))],
            "venue": f"{rng.choice(['CVPR', 'ICCV', 'NeurIPS', 'ICLR'])} 20{year + 1}",
            "links": {"paper": f"https://arxiv.org/abs/{arxiv}",
                      "pdf": f"https://arxiv.org/pdf/{arxiv}",
                      "code": f"https://github.com/lab{i}/repo{i}"},
            "one_liner": {"en": sentence(rng, 20), "zh": zh_sentence(rng, 12)},
            "innovation": {"en": sentence(rng, 45), "zh": zh_sentence(rng, 30)},
            "abstract": {"en": " ".join(sentence(rng, 25) for _ in range(8)),
                         "zh": "".join(zh_sentence(rng, 20) for _ in range(6))},
            "key_points": {"en": [sentence(rng, 14) for _ in range(4)],
                           "zh": [zh_sentence(rng, 8) for _ in range(4)]},
            "featured": i % featured_every == 0,
            "also": [sections[(i + 3) % len(sections)]] if i % 7 == 0 else None,
            "added": None,
        }
        if flawed:
            FLAWS[i % len(FLAWS)][1](values)
        document = new_entry_document(values)
        if "modle" in values:  # not a known field: new_entry_document leaves it out
            document["modle"] = values["modle"]
        save_entry(folder / "entries" / section / f"{arxiv}.yaml", document)


def run_render(folder: Path) -> None:
    result = CliRunner().invoke(app, ["--root", str(folder), "-q", "render"])
    if result.exit_code != 0:
        raise SystemExit(f"render failed ({result.exit_code}): {result.output}")


#: The bare parse as a whole process: start Python, parse every entry file with libyaml.
PARSE_PROCESS = """
import glob, sys, yaml
for path in sorted(glob.glob(sys.argv[1] + "/entries/*/*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def process_seconds(argv: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process: interpreter start,
    imports, work, exit. On a shared machine the CPU time is the steadier of the two."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr[-800:]!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def best_process(repeat: int, argv: list[str], ok: tuple[int, ...] = (0,)
                 ) -> tuple[float, float]:
    """Best wall and best CPU seconds of `repeat` runs."""
    runs = [process_seconds(argv, ok) for _ in range(repeat)]
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def parse_process(folder: Path) -> list[str]:
    return [sys.executable, "-c", PARSE_PROCESS, str(folder)]


def wmcurate_process(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "wmcurate", "--root", str(folder), "-q", *args]


#: The list shapes timed: (name, one entry in how many featured).
SHAPES = (("1 in 10 featured", 10), ("all featured", 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not getattr(yaml, "__with_libyaml__", False):
        raise SystemExit("PyYAML was built without libyaml; the baseline needs CSafeLoader")
    print(f"{'entries':>8} {'shape':>17} {'parse cpu':>10} {'render cpu':>11} {'ratio':>6} "
          f"{'parse wall':>11} {'render wall':>12} {'ratio':>6} {'cpu ms/entry':>13}")
    per_entry: dict[str, dict[int, float]] = {}
    for size in args.sizes:
        for shape, every in SHAPES:
            with tempfile.TemporaryDirectory(prefix=f"wmcurate-render-{size}-") as tmp:
                folder = Path(tmp)
                build_list(folder, size, featured_every=every)
                run_render(folder)
                parse_wall, parse_cpu = best_process(args.repeat, parse_process(folder))
                wall, cpu = best_process(args.repeat, wmcurate_process(folder, "render"))
            per_entry.setdefault(shape, {})[size] = cpu / size * 1000
            print(f"{size:>8} {shape:>17} {parse_cpu:>10.3f} {cpu:>11.3f} "
                  f"{cpu / parse_cpu:>6.2f} {parse_wall:>11.3f} {wall:>12.3f} "
                  f"{wall / parse_wall:>6.2f} {per_entry[shape][size]:>13.3f}")
    for shape, by_size in per_entry.items():
        if len(by_size) > 1:
            sizes = sorted(by_size)
            growth = by_size[sizes[-1]] / by_size[sizes[0]]
            print(f"{shape}: per-entry CPU time {sizes[-1]} vs {sizes[0]}: x{growth:.2f} "
                  "(1.00 = linear)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")


if __name__ == "__main__":
    main()
