"""`wmcurate links` over 2,000 URLs on 100 local hosts: time, politeness, the warm cache.

Builds a list (400 entries, 5 links each: 20 distinct URLs on each of 100 hosts, plus every
repository link quoted twice, so the dedup shows), starts 100 real HTTP servers on
127.0.0.1 (tests/links_servers.py; each answers after `--delay` seconds, like a distant
host) and runs the check as the command does (`check_links`: collect, cache, check,
report) twice, the second time with the cache the first one left.

Reported: the wall time of each run, the requests sent, the most connections any host
ever had open at once (counted by the servers: never above 2) and the connections each
host accepted, the most requests in flight over all hosts (the global limit), and the
floor the spacing sets (20 requests a host, `--spacing` apart).

    python benchmarks/bench_links.py [--hosts 100] [--per-host 20] [--spacing 1.0]
                                     [--delay 0.01] [--jobs 32]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from links_servers import FakeHost, FakeWeb, Route, redirect  # noqa: E402

from wmcurate.config import load_config  # noqa: E402
from wmcurate.entries import load_entries  # noqa: E402
from wmcurate.linkcheck.cache import LinkCache  # noqa: E402
from wmcurate.linkcheck.run import LinkOptions, check_links  # noqa: E402
from wmcurate.remote import Event, Received, Sent  # noqa: E402

CONFIG = """\
# Built by benchmarks/bench_links.py: one section, the usual link labels.
languages:
  - {code: en, name: English}
outputs:
  - {path: README.md, language: en}
pages:
  en: papers/{section}/README.md
parts:
  - id: all
    title: {en: All}
sections:
  - id: works
    part: all
    title: {en: Works}
links:
  - {key: paper, label: {en: Paper}}
  - {key: code, label: {en: Code}}
  - {key: project, label: {en: Project}}
  - {key: demo, label: {en: Demo}}
  - {key: blog, label: {en: Blog}}
"""
README = "# Bench\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n\n" \
         "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n"


def build(root: Path, hosts: int, per_host: int) -> list[str]:
    """A list whose entries hold `hosts * per_host` distinct URLs; returns them."""
    (root / "entries/works").mkdir(parents=True)
    (root / "wmcurate.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "README.md").write_text(README, encoding="utf-8")
    urls = [f"http://host{h:03d}.test/page-{n}" for n in range(per_host) for h in range(hosts)]
    labels = ("paper", "code", "project", "demo", "blog")
    for start in range(0, len(urls), len(labels)):
        links = "".join(f"  {label}: {url}\n"
                        for label, url in zip(labels, urls[start:start + len(labels)],
                                              strict=False))
        (root / f"entries/works/work-{start // len(labels):05d}.yaml").write_text(
            f"title: Work {start}\nauthors: [A. Author]\nvenue: CVPR 2024\nlinks:\n{links}"
            "added: 2026-01-01T00:00:00Z\n", encoding="utf-8")
    return urls


def hosts_for(count: int, delay: float) -> list[FakeHost]:
    # Mostly pages that work; a few dead, redirected and HEAD-refusing ones, as a real
    # list has.
    return [FakeHost(f"host{h:03d}.test", {
        "/page-3": Route(404, delay=delay),
        "/page-5": redirect(301, "/page-0"),
        "/page-7": Route(delay=delay, head=Route(405)),
    }, default=Route(delay=delay)) for h in range(count)]


class InFlight:
    def __init__(self) -> None:
        self.out = 0
        self.most = 0

    def __call__(self, event: Event) -> None:
        if isinstance(event, Sent):
            self.out += 1
            self.most = max(self.most, self.out)
        elif isinstance(event, Received):
            self.out -= 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--per-host", type=int, default=20)
    parser.add_argument("--spacing", type=float, default=1.0)
    parser.add_argument("--delay", type=float, default=0.01)
    parser.add_argument("--jobs", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wmcurate-links-") as tmp:
        root = Path(tmp) / "list"
        urls = build(root, args.hosts, args.per_host)
        config = load_config(root)
        loaded = load_entries(config, positions=True)
        servers = hosts_for(args.hosts, args.delay)
        with FakeWeb.running(*servers) as web:
            options = LinkOptions(spacing=args.spacing, jobs=args.jobs,
                                  connect_to=web.connect_to)
            print(f"{len(urls):,} URLs on {args.hosts} hosts, spacing {args.spacing:g} s "
                  f"(floor: {(args.per_host - 1) * args.spacing:.1f} s), answers after "
                  f"{args.delay * 1000:.0f} ms, --jobs {args.jobs}")
            for run in ("cold cache", "warm cache"):
                flight = InFlight()
                asked_before = sum(host.count() for host in servers)
                started = time.perf_counter()
                report = check_links(config, loaded, options,
                                     cache=LinkCache(Path(tmp) / "cache"), reporter=flight)
                seconds = time.perf_counter() - started
                asked = sum(host.count() for host in servers) - asked_before
                counts = report.counts()
                print(f"{run}: {seconds:7.2f} s, {asked:,} requests "
                      f"({report.from_cache:,} of {report.distinct:,} URLs from the cache); "
                      f"ok {counts['ok']}, redirected {counts['redirected']}, dead "
                      f"{counts['dead']}; most requests in flight {flight.most}")
            peak = max(host.max_open for host in servers)
            connections = sorted(host.connections for host in servers)
            print(f"most connections open at once to one host: {peak} (limit 2); connections "
                  f"accepted per host: {connections[0]}-{connections[-1]}")
            if peak > 2:
                raise SystemExit("a host saw more than 2 connections at once")


if __name__ == "__main__":
    main()
