from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import platformdirs
import pytest
import respx
from arxiv_mock import FakeClock, knows, params
from arxiv_server import entry_xml, feed_xml

from wmcurate.arxiv import ArxivClient, Backoff, Outcome
from wmcurate.cache import DEFAULT_TTL, CachedFetcher, PaperCache, default_cache_dir
from wmcurate.errors import WmcurateError
from wmcurate.feed import Author, Paper, parse_feed
from wmcurate.ids import ArxivId


def make_paper(text_id: str = "2303.11328v2", title: str = "Zero-1-to-3") -> Paper:
    base, _, version = text_id.rpartition("v") if "v" in text_id else (text_id, "", "")
    arxiv_id = ArxivId(base, int(version)) if version else ArxivId(text_id)
    return Paper(
        id=arxiv_id,
        title=title,
        abstract="We introduce Zero-1-to-3.",
        authors=(Author("Ruoshi Liu", ("Columbia University",)), Author("Rundi Wu")),
        comment="ICCV 2023. Project page: https://zero123.cs.columbia.edu/",
        journal_ref=None,
        doi=None,
        primary_category="cs.CV",
        categories=("cs.CV", "cs.GR"),
        published=date(2023, 3, 20),
        updated=date(2023, 3, 21),
        abs_url=f"https://arxiv.org/abs/{arxiv_id}",
        pdf_url=f"https://arxiv.org/pdf/{arxiv_id}",
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1_790_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(tmp_path: Path, clock: Clock) -> PaperCache:
    return PaperCache(tmp_path / "arxiv", clock=clock)


# --- where -------------------------------------------------------------------------------


def test_default_dir_follows_the_environment(tmp_path: Path) -> None:
    assert default_cache_dir({"WMCURATE_CACHE_DIR": str(tmp_path)}) == tmp_path / "arxiv"
    assert default_cache_dir({}) == Path(platformdirs.user_cache_dir("wmcurate")) / "arxiv"


def test_env_var_moves_the_default_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WMCURATE_CACHE_DIR", str(tmp_path / "elsewhere"))
    PaperCache().put(make_paper())
    assert (tmp_path / "elsewhere" / "arxiv" / "2303.11328.json").is_file()


def test_one_json_file_per_base_id(cache: PaperCache, clock: Clock) -> None:
    cache.put(make_paper())
    old = make_paper("hep-th/9901001v1", "Old style")
    cache.put(old)
    assert sorted(p.name for p in cache.directory.iterdir()) == [
        "2303.11328.json",
        "hep-th_9901001.json",
    ]
    record = json.loads((cache.directory / "2303.11328.json").read_text(encoding="utf-8"))
    assert record["format"] == 1
    assert record["latest"] is True
    assert record["fetched_at"] == "2026-09-21T14:13:20+00:00"
    assert record["paper"]["id"] == "2303.11328v2"
    assert record["paper"]["authors"][0] == {
        "name": "Ruoshi Liu",
        "affiliations": ["Columbia University"],
    }
    assert cache.get("hep-th/9901001") == old


@pytest.mark.parametrize("base", ["../../etc/passwd", "2303.11328v2", "hep-th_9901001", "", "a/b"])
def test_only_canonical_bases_name_files(cache: PaperCache, base: str) -> None:
    with pytest.raises(ValueError, match="not a canonical arXiv base ID"):
        cache.get(base)


# --- reading back ------------------------------------------------------------------------


def test_get_returns_what_was_put(cache: PaperCache) -> None:
    paper = make_paper()
    assert cache.get("2303.11328") is None
    cache.put(paper)
    assert cache.get("2303.11328") == paper
    assert cache.get("2303.11328", 2) == paper
    assert cache.get("2303.11328", 1) is None


def test_entries_expire_after_the_ttl(cache: PaperCache, clock: Clock) -> None:
    cache.put(make_paper())
    clock.now += DEFAULT_TTL - 1
    assert cache.get("2303.11328") is not None
    clock.now += 1
    assert cache.get("2303.11328") is None
    short = PaperCache(cache.directory, ttl=60, clock=clock)
    short.put(make_paper())
    clock.now += 59.5
    assert short.get("2303.11328") is not None
    clock.now += 0.5
    assert short.get("2303.11328") is None


def test_an_entry_from_the_future_is_not_trusted(cache: PaperCache, clock: Clock) -> None:
    cache.put(make_paper())
    clock.now -= 3600
    assert cache.get("2303.11328") is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"\xff\xfe not utf-8",
        b"[]",
        b"null",
        b'{"format": 2, "fetched_at": "2026-09-21T14:13:20+00:00", "latest": true, "paper": {}}',
        b'{"format": 1, "fetched_at": "yesterday", "latest": true, "paper": {}}',
        b'{"format": 1, "fetched_at": "2026-09-21T14:13:20+00:00", "latest": true, "paper": {}}',
        b'{"format": 1, "fetched_at": "2026-09-21T14:13:20+00:00", "latest": "yes", "paper": 3}',
    ],
)
def test_a_corrupt_file_is_a_miss_never_a_crash(cache: PaperCache, content: bytes) -> None:
    cache.put(make_paper())
    (cache.directory / "2303.11328.json").write_bytes(content)
    assert cache.get("2303.11328") is None
    cache.put(make_paper())  # and it is simply overwritten
    assert cache.get("2303.11328") == make_paper()


def test_a_file_holding_another_paper_is_a_miss(cache: PaperCache) -> None:
    cache.put(make_paper("1605.08386v1"))
    os.replace(cache.directory / "1605.08386.json", cache.directory / "2303.11328.json")
    assert cache.get("2303.11328") is None


def test_a_directory_in_the_way_is_a_miss(cache: PaperCache) -> None:
    (cache.directory / "2303.11328.json").mkdir(parents=True)
    assert cache.get("2303.11328") is None


def test_a_requested_old_version_never_answers_for_the_latest(cache: PaperCache) -> None:
    v1 = make_paper("2303.11328v1", "First version")
    cache.put(v1, latest=False)
    assert cache.get("2303.11328") is None
    assert cache.get("2303.11328", 1) == v1
    v2 = make_paper("2303.11328v2", "Second version")
    cache.put(v2)
    assert cache.get("2303.11328") == v2
    # A fresh record of the latest version is worth more than one of an old version.
    cache.put(v1, latest=False)
    assert cache.get("2303.11328") == v2
    assert cache.get("2303.11328", 1) is None


# --- writing safely ----------------------------------------------------------------------


def test_writes_leave_no_temporary_files(cache: PaperCache) -> None:
    for n in range(5):
        cache.put(make_paper(title=f"take {n}"))
    assert [p.name for p in cache.directory.iterdir()] == ["2303.11328.json"]


def test_a_failed_write_keeps_the_old_file_and_cleans_up(
    cache: PaperCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.put(make_paper(title="old"))

    def broken_replace(source: str, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        cache.put(make_paper(title="new"))
    monkeypatch.undo()
    assert [p.name for p in cache.directory.iterdir()] == ["2303.11328.json"]
    paper = cache.get("2303.11328")
    assert paper is not None and paper.title == "old"


def test_an_unwritable_place_raises_oserror(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(OSError):
        PaperCache(tmp_path / "file" / "arxiv").put(make_paper())


def test_concurrent_threads_never_see_a_torn_file(cache: PaperCache) -> None:
    titles = {f"writer {w} take {n}" for w in range(6) for n in range(40)}
    problems: list[BaseException] = []
    seen: set[str] = set()
    stop = threading.Event()

    def write(writer: int) -> None:
        try:
            for n in range(40):
                cache.put(make_paper(title=f"writer {writer} take {n}"))
        except BaseException as exc:  # pragma: no cover - reported below
            problems.append(exc)

    def read() -> None:
        try:
            while not stop.is_set():
                paper = cache.get("2303.11328")
                if paper is not None:
                    seen.add(paper.title)
        except BaseException as exc:  # pragma: no cover - reported below
            problems.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    writers = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert problems == []
    assert seen and seen <= titles
    final = cache.get("2303.11328")
    assert final is not None and final.title in titles
    assert [p.name for p in cache.directory.iterdir()] == ["2303.11328.json"]


def write_many_in_a_process(directory: str, writer: int) -> list[str]:
    """Run in a child process: write the same key many times, reading in between."""
    cache = PaperCache(Path(directory))
    torn: list[str] = []
    for n in range(30):
        cache.put(make_paper(title=f"process {writer} take {n}"))
        paper = cache.get("2303.11328")
        if paper is None or not paper.title.startswith("process "):
            torn.append(repr(paper))
    return torn


def test_concurrent_processes_never_corrupt_the_cache(tmp_path: Path) -> None:
    directory = tmp_path / "arxiv"
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=3, mp_context=context) as pool:
        results = list(pool.map(write_many_in_a_process, [str(directory)] * 3, range(3)))
    assert results == [[], [], []]
    assert [p.name for p in directory.iterdir()] == ["2303.11328.json"]
    final = PaperCache(directory).get("2303.11328")
    assert final is not None and final.title.startswith("process ")


# --- cache + client ----------------------------------------------------------------------


@pytest.fixture
def served() -> Iterator[list[httpx.Request]]:
    requests: list[httpx.Request] = []
    answer = knows("2303.11328v2", "1605.08386v1", "hep-th/9901001v1")

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return answer(request)

    with respx.mock(assert_all_mocked=True) as router:
        router.route(host="export.arxiv.org", path="/api/query").mock(side_effect=record)
        yield requests


@pytest.fixture
def client() -> Iterator[ArxivClient]:
    with ArxivClient(clock=FakeClock(), backoff=Backoff(random=lambda: 0.0)) as arxiv:
        yield arxiv


WANTED = [ArxivId("2303.11328"), ArxivId("1605.08386"), ArxivId("2401.00009")]


def test_a_second_run_makes_no_request(
    served: list[httpx.Request], client: ArxivClient, cache: PaperCache
) -> None:
    first = CachedFetcher(client, cache).fetch(WANTED)
    assert [o.status for o in first.values()] == ["found", "found", "not_found"]
    assert not any(o.cached for o in first.values())
    assert client.requests_made == 1
    progress: list[int] = []
    second = CachedFetcher(client, cache).fetch(WANTED[:2], progress.append)
    assert client.requests_made == 1
    assert second == {
        "2303.11328": Outcome("found", first["2303.11328"].paper, cached=True),
        "1605.08386": Outcome("found", first["1605.08386"].paper, cached=True),
    }
    assert progress == [2]


def test_only_missing_ids_are_asked_for(
    served: list[httpx.Request], client: ArxivClient, cache: PaperCache
) -> None:
    CachedFetcher(client, cache).fetch(WANTED[:1])
    progress: list[int] = []
    outcomes = CachedFetcher(client, cache).fetch(WANTED, progress.append)
    assert [params(r)["id_list"] for r in served] == ["2303.11328", "1605.08386,2401.00009"]
    assert list(outcomes) == ["2303.11328", "1605.08386", "2401.00009"]
    assert [o.cached for o in outcomes.values()] == [True, False, False]
    assert outcomes["2401.00009"] == Outcome("not_found", message="arXiv has no paper 2401.00009")
    assert progress == [1, 2]


def test_offline_uses_only_the_cache(
    served: list[httpx.Request], client: ArxivClient, cache: PaperCache
) -> None:
    CachedFetcher(client, cache).fetch(WANTED[:1])
    outcomes = CachedFetcher(None, cache, offline=True).fetch(
        [ArxivId("2303.11328"), ArxivId("hep-th/9901001", 1)]
    )
    assert outcomes["2303.11328"].status == "found" and outcomes["2303.11328"].cached
    assert outcomes["hep-th/9901001"] == Outcome(
        "failed",
        message="hep-th/9901001v1 is not in the cache; drop --offline to fetch it from arXiv",
    )
    assert len(served) == 1


def test_no_cache_asks_again_but_stores_the_answer(
    served: list[httpx.Request], client: ArxivClient, cache: PaperCache, clock: Clock
) -> None:
    stale = make_paper("2303.11328v1", "Stale title")
    cache.put(stale)
    clock.now += 10
    outcomes = CachedFetcher(client, cache, use_cache=False).fetch(WANTED[:1])
    fresh = outcomes["2303.11328"].paper
    assert fresh is not None and fresh.title == "Paper 2303.11328"
    assert not outcomes["2303.11328"].cached
    assert len(served) == 1
    assert cache.get("2303.11328") == fresh


def test_an_expired_entry_is_fetched_again(
    served: list[httpx.Request], client: ArxivClient, cache: PaperCache, clock: Clock
) -> None:
    CachedFetcher(client, cache).fetch(WANTED[:1])
    clock.now += DEFAULT_TTL
    CachedFetcher(client, cache).fetch(WANTED[:1])
    assert len(served) == 2


def test_a_requested_version_is_cached_apart_from_the_latest(
    served: list[httpx.Request], client: ArxivClient, cache: PaperCache
) -> None:
    CachedFetcher(client, cache).fetch([ArxivId("2303.11328", 2)])
    assert cache.get("2303.11328") is None  # v2 was asked for, not "the latest"
    assert cache.get("2303.11328", 2) is not None
    CachedFetcher(client, cache).fetch([ArxivId("2303.11328", 2)])
    assert len(served) == 1


def test_failing_to_write_the_cache_is_a_warning(
    served: list[httpx.Request], client: ArxivClient, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("in the way")
    fetcher = CachedFetcher(client, PaperCache(tmp_path / "file" / "arxiv"))
    outcomes = fetcher.fetch(WANTED[:1])
    assert outcomes["2303.11328"].status == "found"
    assert len(fetcher.warnings) == 1
    assert fetcher.warnings[0].startswith(
        f"could not cache 2303.11328v2 in {tmp_path / 'file' / 'arxiv'}: "
    )


def test_fetcher_settings_that_cannot_work(cache: PaperCache, client: ArxivClient) -> None:
    with pytest.raises(ValueError, match="a client is needed unless offline=True"):
        CachedFetcher(None, cache)
    with pytest.raises(WmcurateError) as caught:
        CachedFetcher(client, cache, offline=True, use_cache=False)
    assert caught.value.message == (
        "--offline reads only the cache and --no-cache ignores it: use one of them."
    )


def test_failures_are_not_cached(client: ArxivClient, cache: PaperCache) -> None:
    with respx.mock(assert_all_mocked=True) as router:
        route = router.route(host="export.arxiv.org", path="/api/query")
        route.mock(side_effect=[httpx.Response(404, html="<html>oops</html>")])
        outcomes = CachedFetcher(client, cache).fetch(WANTED[:1])
    assert outcomes["2303.11328"].status == "failed"
    assert not cache.directory.exists() or list(cache.directory.iterdir()) == []


def test_a_paper_survives_the_round_trip_through_disk(cache: PaperCache) -> None:
    entry = entry_xml("2303.11328", "Zero-1-to-3: Zero-shot One Image to 3D Object", version=2)
    paper = parse_feed(feed_xml([entry], "id_list=2303.11328")).papers[0]
    cache.put(paper)
    assert cache.get("2303.11328") == paper
    assert replace(paper, title="x") != cache.get("2303.11328")
