"""The Semantic Scholar cache (wmcurate.s2cache): the arXiv cache's rules, null answers kept
too, and the fetcher that asks only for what is not cached. Records are built (s2_server)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from s2_server import paper_record

from wmcurate.errors import WmcurateError
from wmcurate.ids import ArxivId
from wmcurate.s2 import S2Outcome
from wmcurate.s2cache import CachedS2Fetcher, S2Cache, default_s2_cache_dir, fetcher_from_env
from wmcurate.s2feed import from_record

PAPER = from_record(paper_record("2303.11328", "Zero-1-to-3", ("Ruoshi Liu",), citations=5))


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class CountingClient:
    """Stands in for S2Client: knows `known`, counts what it is asked."""

    def __init__(self, known: dict[str, object] | None = None) -> None:
        self.asked: list[list[str]] = []
        self.known = known or {}

    def fetch(self, ids: Iterable[ArxivId], progress: object = None) -> dict[str, S2Outcome]:
        bases = [i.base for i in ids]
        self.asked.append(bases)
        return {b: S2Outcome("found", PAPER) if b == "2303.11328" else
                S2Outcome("unknown") if b.startswith("2401") else
                S2Outcome("failed", message="down") for b in bases}


def test_a_second_fetch_asks_nothing_null_answers_included(tmp_path: Path) -> None:
    client = CountingClient()
    fetcher = CachedS2Fetcher(client, S2Cache(tmp_path))  # type: ignore[arg-type]
    ids = [ArxivId("2303.11328"), ArxivId("2401.00001"), ArxivId("2501.00001")]

    first = fetcher.fetch(ids)
    second = fetcher.fetch(ids)

    assert client.asked == [["2303.11328", "2401.00001", "2501.00001"], ["2501.00001"]]
    assert [o.status for o in first.values()] == ["found", "unknown", "failed"]
    assert [(o.status, o.cached) for o in second.values()] == [
        ("found", True), ("unknown", True), ("failed", False)]
    assert second["2303.11328"].paper == PAPER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2303.11328.json", "2401.00001.json"]


def test_records_expire_after_a_day_and_a_record_from_the_future_is_a_miss(tmp_path: Path
                                                                          ) -> None:
    clock = Clock()
    cache = S2Cache(tmp_path, clock=clock)
    cache.put("2303.11328", PAPER)
    assert cache.lookup("2303.11328") is not None
    clock.now += 24 * 3600
    assert cache.lookup("2303.11328") is None
    clock.now -= 48 * 3600
    assert cache.lookup("2303.11328") is None


@pytest.mark.parametrize("text", [
    "", "{", "[]", '{"format": 2}', '{"format": 1, "base": "2303.11328"}',
    '{"format": 1, "base": "2303.11329", "fetched_at": "2027-01-15T08:00:00+00:00", '
    '"paper": null}',
    '{"format": 1, "base": "2303.11328", "fetched_at": "yesterday", "paper": null}',
    '{"format": 1, "base": "2303.11328", "fetched_at": "2027-01-15T08:00:00+00:00", '
    '"paper": {"title": "no id"}}',
])
def test_a_broken_record_is_a_miss_never_an_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "2303.11328.json").write_text(text, encoding="utf-8")
    assert S2Cache(tmp_path, clock=lambda: 1_800_000_000.0).lookup("2303.11328") is None


def test_a_record_is_read_back_as_written(tmp_path: Path) -> None:
    cache = S2Cache(tmp_path)
    cache.put("hep-th/9901001", None)
    cache.put("2303.11328", PAPER)
    assert cache.lookup("hep-th/9901001") is not None
    assert cache.lookup("hep-th/9901001")[0] is None  # type: ignore[index]
    assert cache.lookup("2303.11328")[0] == PAPER  # type: ignore[index]
    assert (tmp_path / "hep-th_9901001.json").is_file()
    saved = json.loads((tmp_path / "2303.11328.json").read_text(encoding="utf-8"))
    assert (saved["format"], saved["base"], saved["paper"]["paperId"]) == (
        1, "2303.11328", PAPER.paper_id)


@pytest.mark.parametrize("base", ["../etc/passwd", "2303.11328v2", "x"])
def test_only_canonical_ids_name_a_cache_file(tmp_path: Path, base: str) -> None:
    with pytest.raises(ValueError, match="not a canonical arXiv base ID"):
        S2Cache(tmp_path).path_for(base)


def test_offline_uses_the_cache_only_and_names_what_it_lacks(tmp_path: Path) -> None:
    cache = S2Cache(tmp_path)
    cache.put("2303.11328", PAPER)
    fetcher = CachedS2Fetcher(None, cache, offline=True)
    outcomes = fetcher.fetch([ArxivId("2303.11328"), ArxivId("2401.00002")])
    assert outcomes["2303.11328"].status == "found"
    assert (outcomes["2401.00002"].status, outcomes["2401.00002"].message) == (
        "failed", "not in the Semantic Scholar cache; drop --offline to ask Semantic Scholar")
    with pytest.raises(WmcurateError, match="use one of them"):
        CachedS2Fetcher(None, cache, offline=True, use_cache=False)


def test_no_cache_asks_again_and_still_stores(tmp_path: Path) -> None:
    cache = S2Cache(tmp_path)
    client = CountingClient()
    CachedS2Fetcher(client, cache).fetch([ArxivId("2303.11328")])  # type: ignore[arg-type]
    CachedS2Fetcher(client, cache, use_cache=False).fetch(  # type: ignore[arg-type]
        [ArxivId("2303.11328")])
    assert client.asked == [["2303.11328"], ["2303.11328"]]


def test_a_cache_that_cannot_be_written_is_a_warning(tmp_path: Path) -> None:
    # A file where the cache folder should be: no user, root included, can write there.
    (tmp_path / "file").write_text("not a folder")
    folder = tmp_path / "file" / "s2"
    fetcher = CachedS2Fetcher(CountingClient(), S2Cache(folder))  # type: ignore[arg-type]
    outcomes = fetcher.fetch([ArxivId("2303.11328")])
    assert outcomes["2303.11328"].status == "found"
    assert len(fetcher.warnings) == 1
    assert fetcher.warnings[0].startswith("could not cache Semantic Scholar's answer for "
                                          "2303.11328 in")


def test_the_environment_configures_the_fetcher(tmp_path: Path) -> None:
    env = {"WMCURATE_CACHE_DIR": str(tmp_path), "WMCURATE_S2_API": "http://127.0.0.1:9/g/v1",
           "WMCURATE_S2_INTERVAL": "0.5", "S2_API_KEY": "k"}
    fetcher = fetcher_from_env(environ=env)
    try:
        assert fetcher.client is not None
        assert (fetcher.client.endpoint, fetcher.client.min_interval, fetcher.client.has_key) \
            == ("http://127.0.0.1:9/g/v1/paper/batch", 0.5, True)
        assert fetcher.cache.directory == default_s2_cache_dir(env) == tmp_path / "s2"
    finally:
        fetcher.client.close()
    assert fetcher_from_env(offline=True, environ=env).client is None
    with pytest.raises(WmcurateError, match=r"\$WMCURATE_S2_INTERVAL must be a finite"):
        fetcher_from_env(environ={**env, "WMCURATE_S2_INTERVAL": "soon"})
    with pytest.raises(WmcurateError, match="one request every 1 s with an API key"):
        fetcher_from_env(environ={"WMCURATE_CACHE_DIR": str(tmp_path), "S2_API_KEY": "k",
                                  "WMCURATE_S2_INTERVAL": "0"})
