"""`wmcurate lint --online`: the link check on the entries a change touched (git decides).

The lists are built here and put in git by the tests; their links go to local hosts
(tests/links_servers.py).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # for links_servers, whatever pytest's import mode
    sys.path.insert(0, str(TESTS))

from links_servers import FakeWeb, git, links_lint_env, standard_web  # noqa: E402

from wmcurate.cli import app  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("git") is None,
                                reason="git is not installed: lint --online asks git")

WORK = """\
title: {title}
authors: [Ada Lovelace]
venue: CVPR 2024
links:
  project: {url}
one_liner: Does a thing.
added: 2026-01-01T00:00:00Z
"""


def work(title: str, url: str) -> str:
    return WORK.format(title=title, url=url)


def lint(root: Path, *args: str, env: Mapping[str, str]) -> Result:
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", **env})
    return runner.invoke(app, ["--root", str(root), "lint", "--online", *args],
                         catch_exceptions=False)


def link_findings(result: Result) -> list[tuple[str, str, int, int, str]]:
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return [(f["code"], f["file"], f["line"], f["column"], f["message"])
            for f in document["findings"] if f["code"].startswith("WMC81")]


@pytest.fixture
def web_env(tmp_path: Path) -> Iterator[Callable[[Path], dict[str, str]]]:
    """The standard hosts running; call with a list's root (already in git) for the env."""
    web = standard_web()
    with FakeWeb.running(*web.hosts.values()) as running:
        def env(root: Path) -> dict[str, str]:
            return {**running.env, "WMCURATE_CACHE_DIR": str(tmp_path / "cache"),
                    "GITHUB_BASE_REF": "", "GITHUB_TOKEN": "t",
                    "WMCURATE_GITHUB_API": "http://api.test"}
        yield env


def test_only_changed_entries_have_their_links_checked(
        make_list: Callable[..., Path], web_env: Callable[[Path], dict[str, str]]) -> None:
    root = make_list({"alpha/committed": work("Committed", "http://links.test/dead"),
                      "beta/edited": work("Edited", "http://links.test/ok")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "-c", "user.email=t@example.invalid", "-c", "user.name=T", "commit", "-q",
        "-m", "start")
    (root / "entries/beta/edited.yaml").write_text(work("Edited", "http://links.test/dead"),
                                                   encoding="utf-8")
    (root / "entries/gamma").mkdir()
    (root / "entries/gamma/new.yaml").write_text(work("New", "http://links.test/moved"),
                                                 encoding="utf-8")
    result = lint(root, "--format", "json", env=web_env(root))

    assert link_findings(result) == [
        ("WMC810", "entries/beta/edited.yaml", 5, 12,
         "links.project http://links.test/dead: not found (HTTP 404)"),
        ("WMC811", "entries/gamma/new.yaml", 5, 12,
         "links.project http://links.test/moved: permanently redirects to http://links.test/ok "
         "(`wmcurate links --write` updates it)"),
    ]
    assert result.exit_code == 1


def test_since_names_the_base(make_list: Callable[..., Path],
                              web_env: Callable[[Path], dict[str, str]]) -> None:
    root = make_list({"alpha/first": work("First", "http://links.test/dead")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    commit = ["-c", "user.email=t@example.invalid", "-c", "user.name=T", "commit", "-q"]
    git(root, *commit, "-m", "first")
    (root / "entries/beta").mkdir()
    (root / "entries/beta/second.yaml").write_text(work("Second", "http://links.test/forbidden"),
                                                   encoding="utf-8")
    git(root, "add", ".")
    git(root, *commit, "-m", "second")
    env = web_env(root)

    assert link_findings(lint(root, "--format", "json", env=env)) == []  # nothing uncommitted
    assert [f[:2] for f in link_findings(lint(root, "--format", "json", "--since", "HEAD~1",
                                              env=env))] == \
        [("WMC812", "entries/beta/second.yaml")]
    bad = lint(root, "--since", "no-such-branch", env=env)
    assert bad.exit_code == 2 and "--since 'no-such-branch'" in bad.output
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", **env})
    alone = runner.invoke(app, ["--root", str(root), "lint", "--since", "HEAD~1"])
    assert alone.exit_code == 2 and "add --online" in alone.output


def test_a_branch_is_compared_with_its_upstream(
        make_list: Callable[..., Path], web_env: Callable[[Path], dict[str, str]]) -> None:
    root = make_list({"alpha/on-main": work("On Main", "http://links.test/dead")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    commit = ["-c", "user.email=t@example.invalid", "-c", "user.name=T", "commit", "-q"]
    git(root, *commit, "-m", "main")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "branch", "-q", "--set-upstream-to=main")
    (root / "entries/beta").mkdir()
    (root / "entries/beta/added.yaml").write_text(work("Added", "http://links.test/dead"),
                                                  encoding="utf-8")
    git(root, "add", ".")
    git(root, *commit, "-m", "feature")
    result = lint(root, "--format", "json", "-v", env=web_env(root))

    assert [f[:2] for f in link_findings(result)] == [("WMC810", "entries/beta/added.yaml")]
    assert "1 entry changed since the merge base with @{upstream}" in result.output


def test_outside_git_no_entry_counts_as_changed(
        make_list: Callable[..., Path], web_env: Callable[[Path], dict[str, str]]) -> None:
    root = make_list({"alpha/any": work("Any", "http://links.test/dead")})
    quiet = lint(root, "--format", "json", env=web_env(root))
    told = lint(root, "-v", "--select", "WMC81", env=web_env(root))

    assert link_findings(quiet) == []
    assert "not in a git repository, so no entry counts as changed" in told.output


def test_archived_and_selected_codes(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/tool": work("Tool", "http://links.test/ok").replace(
        "  project: http://links.test/ok", "  code: http://github.com/owner/archived-tool")})
    with links_lint_env(root) as env:
        every = link_findings(lint(root, "--format", "json", env=env))
        ignored = link_findings(lint(root, "--format", "json", "--ignore", "WMC813", env=env))

    assert every == [("WMC813", "entries/alpha/tool.yaml", 5, 9,
                      "links.code http://github.com/owner/archived-tool: the GitHub repository "
                      "is archived (read-only, no longer maintained): say so in the entry, or "
                      "link a maintained fork")]
    assert ignored == []
