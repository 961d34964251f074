"""Render time against the physical limit: a bare C-YAML parse of the same entry files.

Builds synthetic lists of 1,000 and 10,000 entries (realistic sizes: a full
abstract, bilingual curated texts, key points), then times, best of N runs:

* parse: read every entry file and parse it with PyYAML's libyaml CSafeLoader;
* render: the whole `wmcurate render` command in-process (config, load and
  validate every entry, render READMEs and pages, write them).

Goal (issue: the list as data): render <= 2x parse at 10,000 entries, and
linear from 1,000 to 10,000 (per-entry time within ~20%).

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


def build_list(folder: Path, size: int, seed: int = 7, flawed: bool = False) -> None:
    """A list of `size` entries; `flawed`: each entry has one flaw of `FLAWS`, in turn."""
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
            "featured": i % 10 == 0,
            "also": [sections[(i + 3) % len(sections)]] if i % 7 == 0 else None,
            "added": None,
        }
        if flawed:
            FLAWS[i % len(FLAWS)][1](values)
        document = new_entry_document(values)
        if "modle" in values:  # not a known field: new_entry_document leaves it out
            document["modle"] = values["modle"]
        save_entry(folder / "entries" / section / f"{arxiv}.yaml", document)


def bare_parse(folder: Path) -> int:
    count = 0
    for path in sorted((folder / "entries").glob("*/*.yaml")):
        with open(path, "rb") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)
        count += 1
    return count


def run_render(folder: Path) -> None:
    result = CliRunner().invoke(app, ["--root", str(folder), "-q", "render"])
    if result.exit_code != 0:
        raise SystemExit(f"render failed ({result.exit_code}): {result.output}")


def best_of(repeat: int, fn, *args) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


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


def compare(command: str, run: Callable[[Path], None], description: str) -> None:
    """Time `run` on lists of each size next to a bare parse of the same files, and print
    the ratio and the per-entry growth. Every list is rendered once before timing, so the
    timed runs see an up-to-date list, which they still load and check in full."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not getattr(yaml, "__with_libyaml__", False):
        raise SystemExit("PyYAML was built without libyaml; the baseline needs CSafeLoader")
    label = f"{command} s"
    print(f"{'entries':>8} {'parse s':>9} {label:>9} {'ratio':>6} {command + ' ms/entry':>16}")
    per_entry = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"wmcurate-{command}-{size}-") as tmp:
            folder = Path(tmp)
            build_list(folder, size)
            run_render(folder)
            parse_s = best_of(args.repeat, bare_parse, folder)
            run_s = best_of(args.repeat, run, folder)
            per_entry[size] = run_s / size * 1000
            print(f"{size:>8} {parse_s:>9.3f} {run_s:>9.3f} {run_s / parse_s:>6.2f} "
                  f"{per_entry[size]:>16.3f}")
    if len(per_entry) > 1:
        sizes = sorted(per_entry)
        growth = per_entry[sizes[-1]] / per_entry[sizes[0]]
        print(f"per-entry time {sizes[-1]} vs {sizes[0]}: x{growth:.2f} (1.00 = linear)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")


if __name__ == "__main__":
    compare("render", run_render, __doc__.splitlines()[0])
