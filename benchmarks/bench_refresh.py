"""`wmcurate refresh` over 1,000 entries: how many requests, and are they polite?

Starts the fake arXiv and the fake Semantic Scholar of the tests (real HTTP servers on
127.0.0.1: tests/arxiv_server.py, tests/s2_server.py; Semantic Scholar's records are BUILT on
the recorded answer's shape, see tests/fixtures/s2/SOURCES.md), writes a list of 1,000 entries
(half of them still "arXiv 2024"), then runs the installed `wmcurate refresh` twice as a
subprocess with one cache folder:

1. with an empty cache: ceil(1000/100) = 10 arXiv requests and ceil(1000/500) = 2 Semantic
   Scholar requests, and a report of what would change;
2. with --write, within the cache's lifetime: 0 requests to either service, every change
   applied from the cache.

It prints each run's requests and time, whether two requests were ever in flight at once at
either server (must not happen: one connection per service, one request at a time), the
smallest gap between two requests to one server, and exits 1 if anything is wrong.

    python benchmarks/bench_refresh.py [--entries 1000] [--interval 0.05]
"""

from __future__ import annotations

import argparse
import json
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
from s2_server import FakeS2, paper_record, publication_venue  # noqa: E402

ARXIV_BATCH = 100
S2_BATCH = 500
SECTIONS = ("modality", "spatial", "temporal", "modality-spatial", "modality-temporal",
            "spatial-temporal", "text-to-world", "embodied", "benchmarks")
VENUES = (
    publication_venue("Computer Vision and Pattern Recognition", "conference",
                      ["CVPR", "Comput Vis Pattern Recognit"]),
    publication_venue("Neural Information Processing Systems", "conference",
                      ["NeurIPS", "Neural Inf Process Syst"]),
    publication_venue("International Conference on Learning Representations", "conference",
                      ["ICLR", "Int Conf Learn Represent"]),
)


def make_list(folder: Path, count: int, arxiv: FakeArxiv, s2: FakeS2) -> Path:
    """The project's config and READMEs, and `count` entries the two servers know."""
    folder.mkdir()
    for name in ("wmcurate.yaml", "README.md", "README_zh.md"):
        shutil.copy(REPO / name, folder / name)
    for i in range(count):
        arxiv_id = f"2401.{10001 + i:05d}"
        title = f"World Model {i}: Learning Consistent Scenes"
        authors = ("Ada Lovelace", f"Author {i}")
        preprint = i % 2 == 0
        arxiv.add_paper(arxiv_id, title, version=1 + i % 3, authors=authors,
                        published="2024-01-05T12:00:00Z")
        if i % 10 != 9:  # one in ten unknown to Semantic Scholar (null)
            venue = VENUES[i % len(VENUES)]
            s2.add(paper_record(arxiv_id, title, authors, venue=str(venue["name"]),
                                publication_venue=venue, year=2024, date="2024-06-17",
                                citations=i * 7))
        section = SECTIONS[i % len(SECTIONS)]
        path = folder / "entries" / section / f"{arxiv_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'arxiv: "{arxiv_id}"\n'
            f"# entry {i}: kept by hand\n"
            f'title: "{title}"\n'
            f"authors: [{', '.join(authors)}]\n"
            f"venue: {'arXiv 2024' if preprint else 'CVPR 2024'}\n"
            "published: 2024-01-05\n"
            f"one_liner: {{en: World model {i}., zh: 世界模型 {i}。}}\n"
            "added: 2026-01-01T00:00:00Z\n"
            "source:\n  version: 1\n  updated: 2024-01-05\n",
            encoding="utf-8")
    return folder


def run_refresh(root: Path, env: dict[str, str], *args: str) -> tuple[float, dict[str, object]]:
    command = [sys.executable, "-m", "wmcurate", "--root", str(root), "refresh",
               "--format", "json", *args]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"wmcurate refresh exited {done.returncode}")
    report: dict[str, object] = json.loads(done.stdout)
    return elapsed, report


def gaps(arrivals: list[float]) -> list[float]:
    ordered = sorted(arrivals)
    return [b - a for a, b in zip(ordered, ordered[1:], strict=False)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=0.05,
                        help="seconds between requests to each local server (default 0.05)")
    args = parser.parse_args()
    want_arxiv = -(-args.entries // ARXIV_BATCH)
    want_s2 = -(-args.entries // S2_BATCH)

    with tempfile.TemporaryDirectory(prefix="wmcurate-bench-refresh-") as tmp, \
            FakeArxiv.running(entries={}) as arxiv, FakeS2.running() as s2:
        folder = Path(tmp)
        root = make_list(folder / "list", args.entries, arxiv, s2)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("WMCURATE_") and k not in ("S2_API_KEY",)}
        # The real services' spacing (3 s for arXiv, 1-3 s for Semantic Scholar) is for
        # their servers; these local ones are not, so the interval is lowered (both clients
        # refuse less for the real hosts). It stays above zero so the spacing code runs.
        env.update(WMCURATE_CACHE_DIR=str(folder / "cache"), WMCURATE_ARXIV_API=arxiv.url,
                   WMCURATE_ARXIV_INTERVAL=str(args.interval), WMCURATE_S2_API=s2.url,
                   WMCURATE_S2_INTERVAL=str(args.interval), NO_COLOR="1")

        first_time, first = run_refresh(root, env)
        first_requests = (len(arxiv.requests), len(s2.requests))
        second_time, second = run_refresh(root, env, "--write")
        second_requests = (len(arxiv.requests) - first_requests[0],
                           len(s2.requests) - first_requests[1])
        arxiv_gaps = gaps([r.arrived for r in arxiv.requests])
        s2_gaps = gaps([r.arrived for r in s2.requests])
        overlapped = (arxiv.overlapped, s2.overlapped)
        connections = (arxiv.connections, s2.connections)

    summary = first["summary"]
    applied = second["summary"]
    assert isinstance(summary, dict) and isinstance(applied, dict)
    print(f"entries: {args.entries}; first run found {summary['changes']}")
    print(f"first run:  {first_requests[0]} arXiv requests (must be {want_arxiv}), "
          f"{first_requests[1]} Semantic Scholar requests (must be {want_s2}) in "
          f"{first_time:.2f} s with {args.interval} s spacing")
    print(f"second run (--write): {second_requests[0]} arXiv + {second_requests[1]} Semantic "
          f"Scholar requests (must be 0) in {second_time:.2f} s; {applied['applied']} "
          f"changes applied")
    print(f"overlapped: arXiv {overlapped[0]}, Semantic Scholar {overlapped[1]} (must be "
          f"False); connections: {connections[0]} and {connections[1]} (must be 1 each)")
    smallest = min(arxiv_gaps + s2_gaps, default=0.0)
    print(f"smallest gap between two requests to one server: {smallest:.3f} s")

    total = sum(summary["changes"].values()) if isinstance(summary["changes"], dict) else -1
    ok = (first_requests == (want_arxiv, want_s2) and second_requests == (0, 0)
          and overlapped == (False, False) and connections == (1, 1)
          and applied["applied"] == total and total > 0
          # Arrival times at the server: allow for the first request's TCP handshake.
          and all(gap >= 0.9 * args.interval for gap in arxiv_gaps + s2_gaps))
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
