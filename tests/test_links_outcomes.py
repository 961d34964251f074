"""The link check's pure parts: what an answer means, which links are invalid, which
repository a URL names, and the cache's lifetimes. Every answer here is built by the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmcurate.linkcheck.cache import DAY, LinkCache
from wmcurate.linkcheck.outcomes import Failed, Hop, Reached, Result, classify
from wmcurate.linkcheck.repositories import repository_of, same_repository
from wmcurate.linkcheck.urls import invalid_reason, key, with_fragment

URL = "https://example.org/paper"


def reached(status: int, *, headers: dict[str, str] | None = None, body: bytes = b"",
            hops: tuple[Hop, ...] = (), final: str = URL) -> Reached:
    return Reached(status, headers or {}, body, final, hops)


@pytest.mark.parametrize(("status", "kind", "retry"), [
    (200, "ok", False), (204, "ok", False), (304, "ok", False),
    (404, "dead", False), (410, "dead", False),
    (401, "blocked", False), (403, "blocked", False), (429, "blocked", True),
    (451, "blocked", False), (400, "blocked", False), (999, "blocked", False),
    (500, "transient", True), (502, "transient", True), (503, "transient", True),
])
def test_each_status_has_one_meaning(status: int, kind: str, retry: bool) -> None:
    verdict = classify(URL, reached(status))

    assert (verdict.kind, verdict.retry, verdict.status) == (kind, retry, status)


@pytest.mark.parametrize(("status", "headers", "body"), [
    (403, {}, b"<html><head><title>Just a moment...</title></head>"),
    (503, {"Server": "cloudflare"}, b"<script>window._cf_chl_opt={}</script>"),
    (200, {"cf-mitigated": "challenge"}, b""),
    (202, {"x-amzn-waf-action": "challenge"}, b""),
    (403, {"x-datadome": "protected"}, b""),
    (200, {}, b'<iframe src="https://geo.captcha-delivery.com/captcha/"></iframe>'),
    (404, {}, b"<title>Attention Required! | Cloudflare</title>"),
])
def test_a_bot_challenge_is_blocked_never_dead_nor_ok(status: int, headers: dict[str, str],
                                                      body: bytes) -> None:
    verdict = classify(URL, reached(status, headers=headers, body=body))

    assert verdict.kind == "blocked"
    assert "bot-protection" in verdict.message
    assert not verdict.retry


def test_a_protected_site_answering_normally_is_ok() -> None:
    # DataDome marks every answer of the sites it protects, the good ones too.
    assert classify(URL, reached(200, headers={"x-datadome": "protected"})).kind == "ok"


@pytest.mark.parametrize(("status", "headers", "body"), [
    (429, {}, b""),
    (403, {"X-RateLimit-Remaining": "0"}, b""),
    (403, {}, b"API rate limit exceeded for 10.0.0.1"),
])
def test_a_rate_limit_is_blocked_and_worth_another_try(status: int, headers: dict[str, str],
                                                      body: bytes) -> None:
    verdict = classify(URL, reached(status, headers=headers, body=body), 30.0)

    assert (verdict.kind, verdict.retry, verdict.retry_after) == ("blocked", True, 30.0)
    assert "rate-limited" in verdict.message and "not a dead link" in verdict.message


def test_a_permanent_redirect_gives_the_new_address_with_the_fragment() -> None:
    verdict = classify(f"{URL}#results", reached(
        200, hops=(Hop(f"{URL}#results", 301),), final="https://example.org/v2/paper"))

    assert (verdict.kind, verdict.new_url) == ("redirected",
                                               "https://example.org/v2/paper#results")


def test_a_temporary_redirect_is_ok_and_writes_nothing() -> None:
    verdict = classify(URL, reached(200, hops=(Hop(URL, 302),), final="https://cdn.example/x"))

    assert (verdict.kind, verdict.new_url, verdict.final_url) == ("ok", None,
                                                                  "https://cdn.example/x")


def test_a_chain_is_written_as_far_as_its_permanent_hops_go() -> None:
    hops = (Hop("http://example.org/a", 301), Hop("https://example.org/a", 308),
            Hop("https://example.org/b", 302))
    verdict = classify("http://example.org/a", reached(200, hops=hops,
                                                       final="https://example.org/b?s=1"))

    assert (verdict.kind, verdict.new_url) == ("redirected", "https://example.org/b")


def test_a_permanent_redirect_to_the_home_page_is_reported_but_never_written() -> None:
    verdict = classify(URL, reached(200, hops=(Hop(URL, 301),), final="https://example.org/"))

    assert verdict.kind == "redirected" and verdict.new_url is None
    assert "home page" in verdict.message


def test_a_redirect_to_a_login_page_is_blocked() -> None:
    verdict = classify(URL, reached(200, hops=(Hop(URL, 302),),
                                    final="https://example.org/login?next=/paper"))

    assert verdict.kind == "blocked" and "login" in verdict.message


@pytest.mark.parametrize(("old", "new"), [
    ("https://github.com/old-owner/tool", "https://github.com/new-owner/tool"),
    ("https://github.com/owner/old-name/tree/main", "https://github.com/owner/new-name/tree/main"),
    ("https://gitlab.com/group/sub/project", "https://gitlab.com/moved/project"),
])
def test_a_repository_redirected_to_another_one_moved(old: str, new: str) -> None:
    verdict = classify(old, reached(200, hops=(Hop(old, 301),), final=new))

    assert (verdict.kind, verdict.new_url) == ("moved", new)


@pytest.mark.parametrize(("old", "new"), [
    ("http://github.com/owner/tool", "https://github.com/owner/tool"),
    ("https://github.com/Owner/Tool.git", "https://github.com/owner/tool"),
    ("https://gitlab.com/group/project/tree/main", "https://gitlab.com/group/project/-/tree/main"),
])
def test_a_redirect_within_one_repository_is_no_move(old: str, new: str) -> None:
    verdict = classify(old, reached(200, hops=(Hop(old, 301),), final=new))

    assert verdict.kind == "redirected"


@pytest.mark.parametrize(("problem", "kind", "retry"), [
    ("unresolved", "dead", False), ("loop", "dead", False), ("redirects", "dead", False),
    ("dns", "transient", True), ("timeout", "transient", True), ("reset", "transient", True),
    ("refused", "transient", True), ("deadline", "transient", True),
    ("protocol", "transient", True), ("tls", "transient", False),
    ("bad-redirect", "blocked", False),
])
def test_failures_without_an_answer(problem: str, kind: str, retry: bool) -> None:
    verdict = classify(URL, Failed(problem, "what happened"))  # type: ignore[arg-type]

    assert (verdict.kind, verdict.retry) == (kind, retry)


@pytest.mark.parametrize(("url", "says"), [
    (" https://example.org/a", "whitespace around it"),
    ("https://example.org/a b", "whitespace in it"),
    ("https://example.org/\u0007", "control characters"),
    ("ftp://example.org/file", "'ftp' link"),
    ("javascript:alert(1)", "'javascript' link"),
    ("github.com/owner/repo", "not a URL"),
    ("https://", "no host name"),
    ("http://example.org:99999/", "not a valid URL"),
])
def test_invalid_links_say_why(url: str, says: str) -> None:
    reason = invalid_reason(url)

    assert reason is not None and says in reason


@pytest.mark.parametrize("url", ["http://localhost:8000/", "https://127.0.0.1/x",
                                 "http://10.1.2.3/", "http://192.168.1.1/admin",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                                 "http://0.0.0.0/", "https://app.localhost/"])
def test_local_and_private_addresses_are_no_links_for_readers(url: str) -> None:
    reason = invalid_reason(url)

    assert reason is not None and "local or private address" in reason


@pytest.mark.parametrize("url", ["https://example.org", "HTTP://Example.ORG/a?b=c#d",
                                 "https://例え.jp/パス", "http://93.184.216.34:8080/x",
                                 "http://[2606:2800:220:1::]/"])
def test_valid_links_have_no_reason(url: str) -> None:
    assert invalid_reason(url) is None


def test_spellings_of_one_address_share_a_key() -> None:
    assert key("HTTPS://Example.org:443/a#x") == key("https://example.org/a#y") == \
        "https://example.org/a"
    assert key("https://example.org") == "https://example.org/"
    assert key("https://example.org:8443/a") != key("https://example.org/a")


@given(st.from_regex(r"https?://[a-z]{1,8}\.[a-z]{2,4}(:[0-9]{1,4})?(/[a-zA-Z0-9_.~-]{0,8}){0,3}"
                     r"(\?[a-z]=[0-9])?(#[a-z]{0,4})?", fullmatch=True))
def test_a_key_is_its_own_key(url: str) -> None:
    assert key(key(url)) == key(url)
    assert invalid_reason(key(url)) is None


def test_a_fragment_survives_a_redirect_that_has_none() -> None:
    assert with_fragment("https://b.org/x", "https://a.org/y#sec") == "https://b.org/x#sec"
    assert with_fragment("https://b.org/x#top", "https://a.org/y#sec") == "https://b.org/x#top"


def test_repository_of_reads_github_and_gitlab_only() -> None:
    found = repository_of("https://www.github.com/Owner/Repo.git/issues")
    assert found is not None and (found.forge, found.path) == ("github.com", "Owner/Repo")
    nested = repository_of("https://gitlab.com/a/b/c/-/blob/main/x.py")
    assert nested is not None and nested.path == "a/b/c"
    assert repository_of("https://github.com/orgs/someone") is None
    assert repository_of("https://github.com/someone") is None
    assert repository_of("https://bitbucket.org/a/b") is None
    assert same_repository(repository_of("https://github.com/A/B"),  # type: ignore[arg-type]
                           repository_of("https://github.com/a/b"))  # type: ignore[arg-type]


# -- the cache ------------------------------------------------------------------------------

def test_results_live_seven_days_when_they_worked_and_one_otherwise(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = LinkCache(tmp_path, clock=lambda: now[0])
    cache.put(Result("https://a.org/", "ok", "HTTP 200", 200, checked_at=now[0]))
    cache.put(Result("https://b.org/", "dead", "HTTP 404", 404, checked_at=now[0]))
    cache.put(Result("https://c.org/", "invalid", "whitespace", checked_at=now[0]))
    cache.save()

    later = LinkCache(tmp_path, clock=lambda: now[0])
    now[0] += 2 * DAY
    ok, dead = later.get("https://a.org/"), later.get("https://b.org/")
    assert ok is not None and ok.cached and ok.kind == "ok"
    assert dead is None  # a failure is asked again after a day
    assert later.get("https://c.org/") is None  # never stored: nothing was asked
    now[0] += 6 * DAY
    assert later.get("https://a.org/") is None


def test_a_broken_or_future_cache_is_a_miss(tmp_path: Path) -> None:
    (tmp_path / "links.json").write_text("{not json", encoding="utf-8")
    assert LinkCache(tmp_path).get("https://a.org/") is None
    record = Result("https://a.org/", "ok", "HTTP 200", 200, checked_at=2e9).to_dict()
    (tmp_path / "links.json").write_text(json.dumps(
        {"format": 1, "links": {"https://a.org/": record}, "github": {}}), encoding="utf-8")
    assert LinkCache(tmp_path, clock=lambda: 1e9).get("https://a.org/") is None


def test_saving_merges_with_another_run(tmp_path: Path) -> None:
    first, second = LinkCache(tmp_path), LinkCache(tmp_path)
    first.get("https://x.org/")  # both read the empty cache before either writes
    second.get("https://x.org/")
    first.put(Result("https://a.org/", "ok", "HTTP 200", 200, checked_at=first_time()))
    second.put(Result("https://b.org/", "ok", "HTTP 200", 200, checked_at=first_time()))
    second.put_archived("Owner/Repo", True)
    first.save()
    second.save()

    third = LinkCache(tmp_path)
    assert third.get("https://a.org/") is not None and third.get("https://b.org/") is not None
    assert third.archived("owner/repo") is True


def first_time() -> float:
    import time

    return time.time()


# -- links in README prose ------------------------------------------------------------------

_PIECES = st.sampled_from([
    "text ", "[a link](https://example.org/a_(b))", "<https://example.org/auto>",
    "https://example.org/bare.", "(see https://example.org/x)", "`https://code.example/`",
    '<a href="https://example.org/html">', "[ref]: https://example.org/ref", "docs/x.md",
    "[local](docs/page.md#part)", "中文 ", "![img](https://example.org/i.png)", "** ",
])


@given(st.lists(_PIECES, max_size=8))
def test_every_link_found_in_a_line_is_at_its_column(pieces: list[str]) -> None:
    from wmcurate.linkcheck.targets import _CODE_SPAN, _links_in

    line = "".join(pieces)
    shown = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    for link, column in _links_in(shown):
        assert line[column:column + len(link)] == link
        assert "code.example" not in link
