"""`wmcurate add` for 250 papers: how many requests, and are they polite?

Starts the fake arXiv of the tests (a real HTTP server on 127.0.0.1, tests/arxiv_server.py)
with 250 synthetic papers, then runs the installed `wmcurate add` twice as a subprocess:

1. into a fresh copy of the list with an empty cache: 250 IDs in batches of at most 100
   must take exactly 3 requests;
2. into another fresh copy with the cache the first run filled: 0 requests (arXiv updates
   once a day, so a second run over the same IDs must not ask again). Re-running on the
   first list would make 0 requests too, but only because every paper is already present;
   a fresh list is what proves the cache answers.

It prints the requests of each run, whether two requests were ever in flight at once (must
not happen: one connection, one request at a time) and exits 1 if any of the three is wrong.

    python benchmarks/bench_add.py [--papers 250] [--interval 0.05]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from arxiv_server import FakeArxiv  # noqa: E402

ARXIV_INTERVAL = 3.0  # arXiv's terms of use: at most one request every three seconds
BATCH = 100


def make_list(folder: Path) -> Path:
    """An empty copy of the project's list: its config and READMEs, no entries."""
    folder.mkdir()
    for name in ("wmcurate.yaml", "README.md", "README_zh.md"):
        shutil.copy(REPO / name, folder / name)
    (folder / "entries").mkdir()
    return folder


def teach(server: FakeArxiv, count: int) -> list[str]:
    """`count` synthetic papers, some with a venue and code / project links to detect."""
    ids = []
    for i in range(count):
        arxiv_id = f"2401.{10001 + i:05d}"
        comment = None
        if i % 3 == 0:
            comment = f"Accepted to CVPR 2024. Code: https://github.com/lab{i}/model{i}"
        elif i % 3 == 1:
            comment = f"12 pages. Project page: https://lab{i}.github.io/world{i}/"
        server.add_paper(
            arxiv_id, f"World Model {i}: Learning Consistent Scenes", version=1 + i % 3,
            authors=("Ada Lovelace", f"Author {i}"), comment=comment,
            summary=f"We present world model number {i}, consistent in space and time.",
            published="2024-01-05T12:00:00Z",
        )
        ids.append(arxiv_id)
    return ids


def run_add(root: Path, ids_file: Path, url: str, cache: Path, interval: float) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WMCURATE_")}
    # The 3 s spacing is arXiv's rule for arXiv's servers; this local server is not arXiv,
    # so the interval is lowered (the client refuses anything under 3 s for arxiv.org
    # itself). It stays above zero so the spacing code still runs and can be measured.
    env.update(WMCURATE_CACHE_DIR=str(cache), WMCURATE_ARXIV_INTERVAL=str(interval),
               WMCURATE_ARXIV_API=url, NO_COLOR="1", COLUMNS="200")
    command = [sys.executable, "-m", "wmcurate", "--root", str(root), "-q", "add",
               "--section", "temporal", "--from-file", str(ids_file)]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"wmcurate add exited {done.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=250)
    parser.add_argument("--interval", type=float, default=0.05,
                        help="seconds between requests to the local server (default 0.05)")
    args = parser.parse_args()
    expected_first = -(-args.papers // BATCH)

    with tempfile.TemporaryDirectory(prefix="wmcurate-bench-add-") as tmp, \
            FakeArxiv.running() as server:
        folder = Path(tmp)
        ids = teach(server, args.papers)
        ids_file = folder / "ids.txt"
        ids_file.write_text("# synthetic papers for the benchmark\n" + "\n".join(ids) + "\n",
                            encoding="utf-8")
        cache = folder / "cache"

        first_list = make_list(folder / "first")
        first_time = run_add(first_list, ids_file, server.url, cache, args.interval)
        first = len(server.requests)
        gaps = server.gaps()

        second_list = make_list(folder / "second")
        second_time = run_add(second_list, ids_file, server.url, cache, args.interval)
        second = len(server.requests) - first

        written = [len(list((root / "entries" / "temporal").glob("*.yaml")))
                   for root in (first_list, second_list)]
        overlapped = server.overlapped

    # At arXiv, the same first run waits 3 s before every request but the first.
    at_arxiv = (first - 1) * ARXIV_INTERVAL
    print(f"papers: {args.papers}; stubs written: first run {written[0]}, "
          f"second run {written[1]}")
    print(f"first run:  {first} requests (must be {expected_first}) in {first_time:.2f} s "
          f"with {args.interval} s spacing; at arXiv's 3 s spacing it would take at least "
          f"{at_arxiv + first_time:.1f} s ({first - 1} waits of 3 s + this run)")
    print(f"second run: {second} requests (must be 0) in {second_time:.2f} s")
    print(f"overlapped: {overlapped} (must be False); smallest gap between requests: "
          f"{min(gaps) if gaps else 0:.3f} s")

    ok = (first == expected_first and second == 0 and not overlapped
          and written == [args.papers, args.papers]
          # Arrival times at the server: allow for the first request's TCP handshake.
          and all(gap >= 0.9 * args.interval for gap in gaps))
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
