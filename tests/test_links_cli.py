"""`wmcurate links` end to end: the CLI against local hosts (tests/links_servers.py).

The lists are built here; their links name hosts that $WMCURATE_CONNECT_TO sends to
servers on 127.0.0.1. Every run gets its own cache folder ($WMCURATE_CACHE_DIR) and no
GitHub token unless a test gives one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # for links_servers, whatever pytest's import mode
    sys.path.insert(0, str(TESTS))

from links_servers import CHALLENGE_PAGE, FakeHost, FakeWeb, Route, redirect  # noqa: E402

from wmcurate.cli import app  # noqa: E402

ENTRY = """\
title: A Work With Links
authors: [Ada Lovelace]
venue: CVPR 2024
links:
{links}
one_liner: Does a thing.
added: 2026-01-01T00:00:00Z
"""
PAPER = """\
arxiv: "2301.00002"
title: A Paper
authors: [Alan Turing]
venue: arXiv 2023
links:
  paper: https://arxiv.org/abs/2301.00002
one_liner: Another thing.
added: 2026-01-02T00:00:00Z
source:
  version: 1
  comment: "12 pages. Code: https://github.com/turing/machine."
"""


def entry(**links: str) -> str:
    return ENTRY.format(links="\n".join(f"  {label}: {url}" for label, url in links.items()))


@pytest.fixture
def site() -> Iterator[FakeWeb]:
    host = FakeHost("site.test", {
        "/ok": Route(), "/dead": Route(404), "/forbidden": Route(403),
        "/challenge": Route(403, body=CHALLENGE_PAGE),
        "/old": redirect(301, "/new"), "/new": Route(),
        "/detour": redirect(302, "/ok"),
    })
    github = FakeHost("github.com", {
        "/old-owner/tool": redirect(301, "http://github.com/new-owner/tool"),
        "/new-owner/tool": Route(), "/owner/tool": Route(), "/owner/archived": Route(),
        "/turing/machine": Route(),
    })
    api = FakeHost("api.test", {
        "/repos/owner/tool": Route(200, {"X-RateLimit-Limit": "5000",
                                         "X-RateLimit-Remaining": "4998",
                                         "X-RateLimit-Reset": "1893456000"},
                                   b'{"full_name": "owner/tool", "archived": false}'),
        "/repos/new-owner/tool": Route(200, {}, b'{"archived": true}'),
        "/repos/owner/archived": Route(200, {"X-RateLimit-Limit": "5000",
                                             "X-RateLimit-Remaining": "4997",
                                             "X-RateLimit-Reset": "1893456000"},
                                       b'{"full_name": "owner/archived", "archived": true}'),
    })
    with FakeWeb.running(host, github, api) as web:
        yield web


@pytest.fixture
def links(site: FakeWeb, tmp_path: Path) -> Callable[..., Result]:
    """Run `wmcurate --root ROOT links --spacing 0 ARGS...` against the local hosts."""

    def invoke(root: Path, *args: str, env: Mapping[str, str | None] | None = None,
               verbose: bool = False) -> Result:
        runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb",
                                "WMCURATE_CACHE_DIR": str(tmp_path / "cache"),
                                "GITHUB_TOKEN": None, **site.env, **(env or {})})
        options = ["-v"] if verbose else []
        return runner.invoke(app, [*options, "--root", str(root), "links", "--spacing", "0",
                                   *args], catch_exceptions=False)

    return invoke


def as_json(result: Result) -> dict[str, Any]:
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# -- outcomes, positions and formats ---------------------------------------------------------

def test_each_link_is_reported_at_its_line(make_list: Callable[..., Path],
                                           links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(code="http://github.com/owner/tool",
                                           project="http://site.test/dead",
                                           model="http://site.test/old")})
    result = links(root)

    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "entries/alpha/works.yaml",
        "  6:12  dead       links.project  http://site.test/dead: not found (HTTP 404)",
        "  7:10  redirected links.model  http://site.test/old: permanently redirects to "
        "http://site.test/new (--write updates it)",
    ]
    assert "3 link(s), 3 distinct (0 from the cache, " in result.stdout
    assert "1 ok" in result.stdout and "1 dead" in result.stdout


def test_warnings_alone_do_not_fail(make_list: Callable[..., Path],
                                    links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/challenge",
                                           model="http://site.test/old",
                                           demo="http://site.test/forbidden",
                                           blog="http://site.test/detour")})
    document = as_json(links(root, "--format", "json"))

    kinds = {item["field"]: item["kind"] for item in document["links"]}
    assert kinds == {"links.project": "blocked", "links.model": "redirected",
                     "links.demo": "blocked", "links.blog": "ok"}
    assert links(root).exit_code == 0


def test_an_invalid_link_fails_without_a_request(make_list: Callable[..., Path],
                                                 links: Callable[..., Result],
                                                 site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(code='"github.com/owner/tool"',
                                           project='"http://site.test/a b"')})
    result = links(root, "--format", "json")

    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [(i["field"], i["kind"], i["severity"]) for i in document["links"]] == [
        ("links.code", "invalid", "error"), ("links.project", "invalid", "error")]
    assert sum(host.count() for host in site.hosts.values()) == 0


def test_the_json_report_has_a_stable_schema(make_list: Callable[..., Path],
                                             links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/old")})
    document = as_json(links(root, "--format", "json"))

    assert set(document) == {"links", "summary", "empty_code_links", "papers_without_code",
                             "suggestions", "written", "github_api", "offline", "notes"}
    assert document["links"] == [{
        "file": "entries/alpha/works.yaml", "line": 5, "column": 12, "entry": "works",
        "field": "links.project", "url": "http://site.test/old", "kind": "redirected",
        "severity": "warning", "status": 200, "final_url": "http://site.test/new",
        "new_url": "http://site.test/new", "cached": False,
        "message": "permanently redirects to http://site.test/new"}]
    assert document["summary"]["redirected"] == 1 and document["summary"]["requests"] == 2
    assert document["notes"] == ["archived repositories not checked: set $GITHUB_TOKEN"]


def test_github_annotations_are_escaped(make_list: Callable[..., Path],
                                        links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(project='"http://site.test/dead?a=1%2C2,b"',
                                           code='"https://x\\n::error::pwned"')})
    result = links(root, "--format", "github")

    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[0] == ("::error file=entries/alpha/works.yaml,line=5,col=12,title=links%3A "
                        "dead::links.project: http://site.test/dead?a=1%252C2,b: not found "
                        "(HTTP 404)")
    assert lines[1] == ("::error file=entries/alpha/works.yaml,line=6,col=9,title=links%3A "
                        "invalid::links.code: https://x%0A::error::pwned: has whitespace in "
                        "it: remove it (a copy-and-paste leftover)")
    assert lines[-1].startswith("::notice title=links::2 link(s)")
    assert len(lines) == 3


def test_one_request_for_every_spelling_of_a_url(make_list: Callable[..., Path],
                                                 links: Callable[..., Result],
                                                 site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/ok#results",
                                           demo="HTTP://SITE.TEST:80/ok"),
                      "beta/other": entry(project="http://site.test/ok")})
    document = as_json(links(root, "--format", "json"))

    assert site["site.test"].count() == 1
    assert document["summary"]["links"] == 3 and document["summary"]["distinct"] == 1
    assert [i["url"] for i in document["links"]] == [
        "http://site.test/ok#results", "HTTP://SITE.TEST:80/ok", "http://site.test/ok"]


def test_verbose_shows_every_request_and_answer(make_list: Callable[..., Path],
                                                links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/dead")})
    result = links(root, verbose=True)

    assert "links: asking http://site.test/dead" in result.stderr
    assert "links: site.test: HTTP 404 after " in result.stderr
    assert result.stdout.startswith("entries/alpha/works.yaml\n")


# -- the cache --------------------------------------------------------------------------------

def test_a_second_run_sends_nothing(make_list: Callable[..., Path],
                                    links: Callable[..., Result], site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(code="http://github.com/owner/tool",
                                           project="http://site.test/dead",
                                           model="http://site.test/old"),
                      "beta/more": entry(code="http://github.com/owner/tool")})
    first = links(root, "--format", "json")
    asked = sum(host.count() for host in site.hosts.values())
    second = links(root, "--format", "json")

    assert sum(host.count() for host in site.hosts.values()) == asked
    assert as_json(first)["summary"]["distinct"] == 3  # github.com/owner/tool once
    summary = as_json(second)["summary"]
    assert (summary["from_cache"], summary["requests"]) == (3, 0)
    assert [i["kind"] for i in as_json(second)["links"]] == \
        [i["kind"] for i in as_json(first)["links"]]
    assert second.exit_code == 1  # a cached dead link still fails


def test_offline_reads_the_cache_only(make_list: Callable[..., Path],
                                      links: Callable[..., Result], site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/ok")})
    result = links(root, "--offline", "--format", "json")

    assert result.exit_code == 0
    assert [i["kind"] for i in json.loads(result.stdout)["links"]] == ["unchecked"]
    assert site["site.test"].count() == 0
    links(root)
    assert [i["kind"] for i in as_json(links(root, "--offline", "--format", "json"))["links"]] \
        == ["ok"]


def test_no_cache_asks_again(make_list: Callable[..., Path], links: Callable[..., Result],
                             site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/ok")})
    links(root)
    links(root, "--no-cache")

    assert site["site.test"].count() == 2
    assert links(root, "--offline", "--no-cache").exit_code == 2


# -- --write ---------------------------------------------------------------------------------

def test_write_follows_permanent_redirects_and_moves_only(
        make_list: Callable[..., Path], links: Callable[..., Result]) -> None:
    text = """\
# Curated by hand: keep this comment.
title: A Work With Links
authors: [Ada Lovelace]
venue: CVPR 2024
links:
  code: 'http://github.com/old-owner/tool'   # renamed in 2025
  project: "http://site.test/old"
  blog: http://site.test/detour
one_liner: Does a thing.
added: 2026-01-01T00:00:00Z
"""
    root = make_list({"alpha/works": text})
    result = links(root, "--write")
    written = (root / "entries/alpha/works.yaml").read_text(encoding="utf-8")

    assert result.exit_code == 0
    assert written == text.replace("'http://github.com/old-owner/tool'",
                                   "'http://github.com/new-owner/tool'") \
        .replace('"http://site.test/old"', '"http://site.test/new"')
    assert "wrote entries/alpha/works.yaml: links.code: http://github.com/old-owner/tool -> " \
        "http://github.com/new-owner/tool" in result.stdout
    assert "moved" in result.stdout and "the repository moved to" in result.stdout
    again = links(root, "--write", "--no-cache")
    assert "wrote" not in again.stdout and again.exit_code == 0


# -- repositories and GitHub's API ------------------------------------------------------------

def test_archived_repositories_with_a_token(make_list: Callable[..., Path],
                                            links: Callable[..., Result],
                                            site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(code="http://github.com/owner/archived"),
                      "beta/other": entry(code="http://github.com/owner/tool")})
    env = {"GITHUB_TOKEN": "secret-token", "WMCURATE_GITHUB_API": "http://api.test"}
    result = links(root, env=env)

    assert result.exit_code == 0
    assert "archived   links.code  http://github.com/owner/archived: the GitHub repository " \
        "is archived" in result.stdout
    # Asked in order (owner/archived, then owner/tool): the last answer tells what is left.
    assert "GitHub API: 2 requests, 4,998 of 5,000 left until " in result.stdout
    api = site["api.test"]
    assert {r.headers.get("Authorization") for r in api.requests} == {"Bearer secret-token"}
    assert all("Authorization" not in r.headers for r in site["github.com"].requests)
    # The answers are cached too: a second run asks neither host.
    links(root, env=env)
    assert api.count() == 2


def test_a_moved_repository_is_asked_about_at_its_new_address(
        make_list: Callable[..., Path], links: Callable[..., Result], site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(code="http://github.com/old-owner/tool")})
    env = {"GITHUB_TOKEN": "t", "WMCURATE_GITHUB_API": "http://api.test"}
    document = as_json(links(root, "--format", "json", env=env))

    assert [(i["kind"], i["new_url"]) for i in document["links"]] == [
        ("moved", "http://github.com/new-owner/tool"), ("archived", None)]
    assert [r.path for r in site["api.test"].requests] == ["/repos/new-owner/tool"]
    again = as_json(links(root, "--format", "json", env=env))
    assert [i["kind"] for i in again["links"]] == ["moved", "archived"]
    assert again["github_api"]["requests"] == 0 and site["api.test"].count() == 1


def test_without_a_token_the_api_is_never_asked(make_list: Callable[..., Path],
                                                links: Callable[..., Result],
                                                site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(code="http://github.com/owner/archived")})
    result = links(root, env={"WMCURATE_GITHUB_API": "http://api.test"})

    assert result.exit_code == 0
    assert site["api.test"].count() == 0
    assert "archived repositories not checked: set $GITHUB_TOKEN" in result.stdout


def test_an_exhausted_api_limit_stops_the_archive_check_only(
        make_list: Callable[..., Path], links: Callable[..., Result], site: FakeWeb) -> None:
    site["api.test"].routes["/repos/owner/archived"] = Route(
        403, {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0"},
        b'{"message": "API rate limit exceeded"}')
    root = make_list({"alpha/works": entry(code="http://github.com/owner/tool"),
                      "beta/other": entry(code="http://github.com/owner/archived")})
    document = as_json(links(root, "--format", "json", env={
        "GITHUB_TOKEN": "t", "WMCURATE_GITHUB_API": "http://api.test"}))

    assert {i["kind"] for i in document["links"]} == {"ok"}
    assert document["github_api"]["stopped"] == "the API rate limit was reached (HTTP 403)"
    assert document["github_api"]["unchecked"] == 2
    assert site["api.test"].count() == 1


# -- the summary, --suggest and --readme ------------------------------------------------------

def test_empty_and_missing_code_links_are_counted_and_suggested(
        make_list: Callable[..., Path], links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(code='""', project="http://site.test/ok"),
                      "beta/2301.00002": PAPER})
    result = links(root, "--suggest", "--format", "json")

    document = as_json(result)
    assert (document["summary"]["empty_code_links"],
            document["summary"]["papers_without_code"]) == (1, 1)
    assert document["suggestions"] == [{
        "file": "entries/beta/2301.00002.yaml", "line": 6, "column": 3,
        "entry": "2301.00002", "url": "https://github.com/turing/machine",
        "evidence": "Code: https://github.com/turing/machine."}]
    text = links(root, "--suggest").stdout
    assert "empty code links: 1; papers without a code link: 1" in text
    assert "  entries/beta/2301.00002.yaml:6:3  https://github.com/turing/machine" in text


README = """\
# A list

Prose with a [dead link](http://site.test/dead) and <http://site.test/ok>, and bare
http://site.test/old. A [local page](docs/guide.md) and a [missing one](docs/gone.md).

```sh
wmcurate add https://never.test/not-a-link
```

Inline `http://never.test/code-span` too.

<!-- wmcurate:begin toc -->
- [generated](http://never.test/generated)
<!-- wmcurate:end toc -->

<!-- wmcurate:begin list -->
<!-- wmcurate:end list -->
"""


def test_readme_checks_the_hand_written_links_only(make_list: Callable[..., Path],
                                                   links: Callable[..., Result],
                                                   site: FakeWeb) -> None:
    root = make_list({}, readme=README, readme_zh=None)
    (root / "docs").mkdir()
    (root / "docs/guide.md").write_text("# Guide\n", encoding="utf-8")
    (root / "README_zh.md").write_text(README.replace("dead link", "死链接"), encoding="utf-8")
    document = as_json(links(root, "--readme", "--format", "json"))

    readme = [(i["line"], i["column"], i["url"], i["kind"]) for i in document["links"]
              if i["file"] == "README.md"]
    assert readme == [
        (3, 26, "http://site.test/dead", "dead"), (3, 54, "http://site.test/ok", "ok"),
        (4, 1, "http://site.test/old", "redirected"), (4, 38, "docs/guide.md", "ok"),
        (4, 73, "docs/gone.md", "dead")]
    assert all("never.test" not in i["url"] for i in document["links"])
    assert site["site.test"].count(path="/dead") == 2  # HEAD, then GET to confirm
    # Hand-written prose is the author's: --write reports the new address, never edits it.
    written = links(root, "--readme", "--write")
    assert "http://site.test/old: permanently redirects to http://site.test/new (update it " \
        "by hand)" in written.stdout
    assert (root / "README.md").read_text(encoding="utf-8") == README


# -- what stops a run -------------------------------------------------------------------------

def test_a_broken_entry_stops_the_run_before_any_request(
        make_list: Callable[..., Path], links: Callable[..., Result], site: FakeWeb) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/ok"),
                      "beta/broken": "title: [unclosed\n"})
    result = links(root)

    assert result.exit_code == 2
    assert "entries/beta/broken.yaml:2:1: invalid YAML" in result.output
    assert "no link was checked" in result.output
    assert site["site.test"].count() == 0


def test_a_machine_without_network_is_not_a_list_of_dead_links(
        make_list: Callable[..., Path], links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(project="http://nowhere-one.invalid/",
                                           model="http://nowhere-two.invalid/")})
    result = links(root)

    assert result.exit_code == 2
    assert "dead" not in result.stdout.split("\n\n")[0]
    assert "this machine seems to be offline" in result.output


def test_paths_limit_the_check(make_list: Callable[..., Path],
                               links: Callable[..., Result]) -> None:
    root = make_list({"alpha/works": entry(project="http://site.test/dead"),
                      "beta/other": entry(project="http://site.test/ok")})

    assert links(root, str(root / "entries/beta")).exit_code == 0
    assert links(root, str(root / "entries/alpha/works.yaml")).exit_code == 1
    missing = links(root, str(root / "entries/nowhere"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.output


def test_help_teaches_the_outcomes() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["links", "--help"])

    assert result.exit_code == 0
    for words in ("--write", "--readme", "--suggest", "--offline", "--no-cache", "--spacing",
                  "GITHUB_TOKEN", "WMCURATE_CACHE_DIR", "exit 1"):
        assert words in result.output
