"""`wmcurate site` at 1,000 and 10,000 works: build time, page weight, keystroke latency.

On the synthetic lists of bench_render.py (`build_list`: full abstracts, bilingual
curated texts, key points), for each size:

* build time: the whole `wmcurate site` process (a fresh --out folder each run) next to
  the whole `wmcurate render` process on the same list, best of N; wall and CPU seconds.
  Goal (issue 11.6): site <= 3x render at 10,000 works, in the time a build takes (wall);
  the CPU seconds add up every process (a large site is built by three at once: pages,
  BibTeX and search index, writing), so their ratio is higher.
* page weight: what the index page loads before the reader does anything (the page, its
  CSS, script and icon, and the first data file), gzip-compressed as static hosts serve
  it. Goal: <= 300 KB at 1,000 works; the data for more works loads in further files.
* keystroke latency: headless Chromium (Debian's chromium and chromium-driver) opens
  the index from a server on 127.0.0.1, waits for every data file, then types queries a
  key at a time; the page measures, with performance.now(), from each input event to
  the updated results (site.js's WMC.latencies). Goal: <= 50 ms at 10,000 works.

    python benchmarks/bench_site.py [--sizes 1000 10000] [--repeat 3] [--no-browser]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import REPO, best_process, build_list, run_render, wmcurate_process  # noqa: E402

#: What the index loads at once, besides its data: the page and the site's own files.
PAGE_FILES = ("index.html", "assets/site.css", "assets/site.js", "assets/icon.svg")
QUERIES = ("diffusion video", "world model consistency", "世界模型", "gaussian splat",
           "robot policy benchmark")


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def weight(site: Path) -> dict[str, Any]:
    first = [*PAGE_FILES, "assets/data/en/works-0.js"]
    chunks = sorted((site / "assets" / "data" / "en").glob("works-*.js"))
    shards = sorted((site / "assets" / "search").glob("*.js"))
    return {
        "initial": {name: (os.path.getsize(site / name), gz(site / name)) for name in first},
        "chunks": len(chunks),
        "all_data_gz": sum(gz(p) for p in chunks),
        "shards": len(shards),
        "shards_gz": sum(gz(p) for p in shards),
        "largest_shard_gz": max((gz(p) for p in shards), default=0),
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def latencies(site: Path) -> dict[str, list[float]] | str:
    """Per query, the milliseconds from each keystroke to its updated results."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return "selenium is not installed"
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        return "chromium or chromedriver is not on PATH"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp(prefix="wmcurate-bench-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    found: dict[str, list[float]] = {}
    try:
        url = f"http://127.0.0.1:{server.server_port}/{site.name}/"
        for query in QUERIES:
            driver.get(url)
            WebDriverWait(driver, 120).until(lambda d: d.execute_script(
                "return document.getElementById('main').getAttribute('data-ready') === '1'"))
            box = driver.find_element(By.ID, "q")
            for key in query:
                before = driver.execute_script("return WMC.latencies.length")
                box.send_keys(key)
                # One key at a time: wait for its results before the next key.
                WebDriverWait(driver, 30).until(lambda d, n=before: d.execute_script(
                    "return WMC.latencies.length") > n)
            found[query] = [float(x) for x in driver.execute_script("return WMC.latencies")]
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
        shutil.rmtree(profile, ignore_errors=True)
    return found


def site_seconds(folder: Path, repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of `repeat` builds, each into a new folder. The folders
    are removed after all the runs: removing tens of thousands of files keeps the file
    system busy for a while after rmtree returns, which would slow the next run."""
    runs = []
    for n in range(repeat):
        out = folder.parent / f"out-{n}"
        runs.append(best_process(1, wmcurate_process(folder, "site", "--out", str(out))))
    for n in range(repeat):
        shutil.rmtree(folder.parent / f"out-{n}", ignore_errors=True)
    return min(w for w, _ in runs), min(c for _, c in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="skip keystroke latency")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"wmcurate-site-{size}-") as tmp:
            folder = Path(tmp) / "list"
            folder.mkdir()
            build_list(folder, size)
            run_render(folder)
            render_wall, render_cpu = best_process(args.repeat,
                                                   wmcurate_process(folder, "render"))
            site_wall, site_cpu = site_seconds(folder, args.repeat)
            print(f"\n== {size} works")
            ratio = site_wall / render_wall
            verdict = ("met" if ratio <= 3 else "NOT met") if size >= 10_000 else "at 10,000"
            print(f"build  render {render_wall:6.2f} s wall {render_cpu:6.2f} s cpu | "
                  f"site {site_wall:6.2f} s wall {site_cpu:6.2f} s cpu | ratio "
                  f"{ratio:4.2f} wall (goal <= 3: {verdict}), {site_cpu / render_cpu:4.2f} "
                  "cpu (all processes)")
            site = Path(tmp) / "site"
            best_process(1, wmcurate_process(folder, "site", "--out", str(site)))
            measured = weight(site)
            initial = measured["initial"]
            total = sum(z for _, z in initial.values())
            for name, (raw, packed) in initial.items():
                print(f"weight {name:28} {raw / 1024:8.1f} KB raw {packed / 1024:7.1f} KB gz")
            print(f"weight index page loads {total / 1024:.1f} KB gz at first (goal <= 300 KB "
                  f"at 1,000 works); {measured['chunks']} data file(s), "
                  f"{measured['all_data_gz'] / 1024:.1f} KB gz in all; search: "
                  f"{measured['shards']} shards, {measured['shards_gz'] / 1024:.1f} KB gz in "
                  f"all, the largest {measured['largest_shard_gz'] / 1024:.1f} KB gz "
                  "(loaded on the first letter that needs it)")
            if args.no_browser:
                continue
            typed = latencies(site)
            if isinstance(typed, str):
                print(f"latency skipped: {typed}")
                continue
            every = [ms for values in typed.values() for ms in values]
            for query, values in typed.items():
                print(f"latency {query!r:28} first key {values[0]:6.1f} ms, then median "
                      f"{statistics.median(values[1:] or values):5.1f} max "
                      f"{max(values[1:] or values):5.1f} ms over {len(values)} keys")
            print(f"latency all keys: median {statistics.median(every):.1f} ms, max "
                  f"{max(every):.1f} ms (goal <= 50 ms)")
    print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} cpus, {REPO}")


if __name__ == "__main__":
    main()
