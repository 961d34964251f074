"""Hostile text and a hostile machine: what render writes, and how it fails.

* Nothing dangerous reaches a rendered file: only http(s) links are links, every
  text of the config is escaped, no control character is written and invisible
  format characters (bidi overrides, zero-width spaces) are written as references.
* A read-only or blocked page folder, a full disk, a failed rename: exit 2 with a
  message, and every file as it was (render writes all its files or none).
* Temporary files an interrupted run left beside the outputs are removed by the
  next render, and nothing else is.

Every list here is built by the test itself (conftest.py's tiny list).
"""

from __future__ import annotations

import errno
import os
import re
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_CONFIG
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.entries import dump_yaml, new_entry_document

MD = MarkdownIt("commonmark")
OUTPUTS = ["README.md", "README_zh.md"]
PAGES = [f"papers/{s}/README{x}.md" for s in ("alpha", "beta", "gamma") for x in ("", "_zh")]
#: What no rendered file may hold raw: controls (but tab, LF, CR), lone surrogates, and the
#: invisible format characters a reviewer cannot see.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                    "\u2060-\u2064\u2066-\u2069\ufeff]")


def render(runner: CliRunner, root: Path, *args: str) -> Any:
    return runner.invoke(app, ["--root", str(root), "render", *args])


def entry_yaml(**values: Any) -> str:
    return dump_yaml(new_entry_document(values))


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def hrefs(markdown: str) -> list[str]:
    found = []
    for token in MD.parse(markdown):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def html_of(markdown: str) -> list[str]:
    """Every piece of raw HTML a CommonMark reader finds (blocks and inline)."""
    found = []
    for token in MD.parse(markdown):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child.content)
    return found


# -- links ------------------------------------------------------------------------------------

BAD_LINKS = {
    "script": "javascript:alert(document.domain)",
    "upper": "JaVaScRiPt:alert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "entity": "javascript&colon;alert(1)",
    "numeric-entity": "javascript&#58;alert(1)",
    "leading-space": "  javascript:alert(1)",
    "tab-inside": "java\tscript:alert(1)",
    "newline-inside": "java\nscript:alert(1)",
    "control-first": "\x01javascript:alert(1)",
    "nul-in-scheme": "https\x00://evil.example",
    "vbscript": "vbscript:msgbox(1)",
    "protocol-relative": "//evil.example/x",
    "no-host": "https:///evil",
    "bidi-in-host": "https://evil\u202e.example",
}


def test_only_http_links_are_links(make_list: Callable[..., Path], runner: CliRunner) -> None:
    links = {f"l{i}": url for i, url in enumerate(BAD_LINKS.values())}
    links["code"] = "https://github.com/example/ok"
    links["project"] = "HTTP://EXAMPLE.COM/Upper"
    root = make_list({"alpha/linked": entry_yaml(title="Linked", links=links, featured=True)})

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    for name in OUTPUTS + PAGES:
        text = (root / name).read_text(encoding="utf-8")
        for href in hrefs(text):
            assert href.lower().startswith(("https://", "http://", "#")) or not re.match(
                r"^[a-z][a-z0-9+.-]*:|^//", href, re.I), (name, href)
        assert not HIDDEN.search(text), name
    page = (root / "papers/alpha/README.md").read_text(encoding="utf-8")
    [line] = [x for x in page.splitlines() if x.startswith("* **Links:**")]
    assert "[Code](https://github.com/example/ok)" in line
    assert "[Project Page](HTTP://EXAMPLE.COM/Upper)" in line
    # Each bad one is there, as text a reader can see and a reviewer can judge.
    assert "L0: javascript:alert(document.domain)" in line
    assert "L3: javascript&amp;colon;alert(1)" in line
    assert "L6: java script:alert(1)" in line
    assert "L9: https\ufffd://evil.example" in line
    # Text is text: an http(s) URL in it is an autolink as anywhere else, and the hidden
    # character ends it.
    assert "L13: <https://evil>&#x202E;.example" in line
    assert set(hrefs(page)) >= {"https://github.com/example/ok", "HTTP://EXAMPLE.COM/Upper"}
    assert not [h for h in hrefs(page) if "script" in h.lower() or h.startswith("data")]


# -- config texts -----------------------------------------------------------------------------

EVIL = "<img src=x onerror=alert(1)>"


def evil_config() -> str:
    config = TINY_CONFIG.replace('icon: "🔬"', f'icon: "{EVIL}"')
    config = config.replace("title: {en: Alpha Methods, zh: 甲方法}",
                            "title: {en: 'Alpha <script>x</script>', zh: 甲方法}")
    config = config.replace("text: {en: Learn alpha., zh: 学习甲。}",
                            f"text: {{en: 'Learn {EVIL}', zh: 学习甲。}}")
    config = config.replace("  - {code: en, name: English}",
                            "  - code: en\n    name: '<b>English</b>'\n    labels:\n"
                            f"      works: '<script>w</script>'\n"
                            "      generated: '--><script>alert(1)</script><!--'\n"
                            f"      back: '{EVIL}'\n"
                            "      abstract: '</summary><script>a</script>'")
    config = config.replace("  - {code: zh, name: 中文}",
                            f"  - code: zh\n    name: '{EVIL}'\n    labels:\n"
                            "      works: '<i>篇</i>'\n"
                            "      generated: '<!-- nested -->'")
    return config


def test_every_config_text_is_escaped(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries, config=evil_config())

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    for name in OUTPUTS + PAGES:
        text = (root / name).read_text(encoding="utf-8")
        for html in html_of(text):
            for tag in re.findall(r"<(/?[a-zA-Z][\w-]*)", html):
                assert tag.lower() in ("details", "/details", "summary", "/summary", "b",
                                       "/b"), (name, html)
        assert "onerror=alert" not in re.sub(r"&lt;img src=x onerror=alert\(1\)&gt;", "", text)
        last = text.rstrip("\n").splitlines()[-1]
        if name.startswith("papers/"):
            # The generated-by line is one comment that nothing can close early.
            assert re.fullmatch(r"<!-- [^<>]* -->", last), last
            assert last.count("-->") == 1
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "## &lt;img src=x onerror=alert(1)&gt; Basics" in readme
    assert "(2 &lt;script&gt;w&lt;/script&gt;)" in readme


# -- characters that hide -------------------------------------------------------------------


def test_no_control_or_hidden_character_is_written(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    values: dict[str, Any] = {
        "title": "Title\x00with NUL\x1b[2J and \u202egnp.exe\u202c",
        "authors": ["A\u200bB", "C\x07D"],
        "venue": "ICML 2023\x7f",
        "model": "M\u2066odel\u2069",
        "links": {"code": "https://github.com/x/y"},
        "one_liner": {"en": "One\x00liner", "zh": "一\u200d句"},
        "innovation": "Idea\x08\x0b\x0c\x0e\x1f\x85\x9f",
        "abstract": {"en": "Abstract\ufeff text\x00.", "zh": "摘要\u202d。"},
        "key_points": ["Point\x00one", "\u2067two"],
        "featured": True,
        "also": ["gamma"],
    }
    root = make_list({"alpha/hidden": entry_yaml(**values)})

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    for name in OUTPUTS + PAGES:
        data = (root / name).read_bytes()
        assert b"\x00" not in data, name  # git would call the file binary and hide its diff
        assert not HIDDEN.search(data.decode("utf-8")), name
    page = (root / "papers/alpha/README.md").read_text(encoding="utf-8")
    assert "<summary><b>Title\ufffdwith NUL\ufffd[2J and &#x202E;gnp.exe&#x202C;</b></summary>" \
        in page
    assert "* **Authors:** A&#x200B;B, C\ufffdD" in page
    assert "M&#x2066;odel&#x2069;" in page
    zh = (root / "papers/alpha/README_zh.md").read_text(encoding="utf-8")
    assert "一&#x200D;句" in zh


# -- failures while writing -------------------------------------------------------------------


@pytest.fixture
def rendered_list(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> Path:
    """A rendered list, then one entry changed so that every output is stale."""
    root = make_list(sample_entries)
    assert render(runner, root).exit_code == 0
    entry = root / "entries/alpha/2301.00001.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("First Work", "Changed Work"),
                     encoding="utf-8")
    return root


def no_temporaries(root: Path) -> bool:
    return not [p for p in root.rglob("*.tmp")]


def test_a_page_folder_that_is_a_file_writes_nothing(
    rendered_list: Path, runner: CliRunner
) -> None:
    # The last page's folder cannot hold a file: nothing before it may be written either.
    blocker = rendered_list / "papers" / "gamma"
    for page in blocker.iterdir():
        page.unlink()
    blocker.rmdir()
    blocker.write_text("a file where a folder should be\n", encoding="utf-8")
    before = snapshot(rendered_list)

    result = render(runner, rendered_list)

    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "Error: render refused, nothing was written:",
        "papers/gamma/README.md: cannot be read (Not a directory)",
        "papers/gamma/README_zh.md: cannot be read (Not a directory)",
    ]
    assert snapshot(rendered_list) == before
    assert no_temporaries(rendered_list)


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_a_file_size_limit_writes_nothing(rendered_list: Path, runner: CliRunner) -> None:
    # Like a full disk, but real and open to root too: the system refuses to write the
    # README (the largest file) past the limit, after smaller pages were staged.
    resource = pytest.importorskip("resource")
    before = snapshot(rendered_list)
    largest = max(len(data) for data in before.values())
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (largest // 2, old_limit[1]))
    try:
        result = render(runner, rendered_list)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)

    assert result.exit_code == 2, result.output
    assert re.fullmatch(r"Error: [\w/]+\.md: cannot be written \(File too large\); nothing was "
                        r"written, every file is as it was\n", result.stderr), result.stderr
    assert snapshot(rendered_list) == before
    assert no_temporaries(rendered_list)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="a read-only folder stops only a user without root's rights")
def test_a_read_only_page_folder_writes_nothing(rendered_list: Path, runner: CliRunner) -> None:
    folder = rendered_list / "papers" / "beta"
    before = snapshot(rendered_list)
    folder.chmod(0o555)
    try:
        result = render(runner, rendered_list)
    finally:
        folder.chmod(0o755)

    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: papers/beta/README.md: cannot be written "
                                    "(Permission denied)")
    assert snapshot(rendered_list) == before


def test_a_full_disk_writes_nothing(
    rendered_list: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wmcurate.outputs

    real_stage = wmcurate.outputs.stage
    calls: list[Path] = []

    def stage_until_full(target: Path, text: str) -> Path:
        calls.append(target)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_stage(target, text)

    monkeypatch.setattr(wmcurate.outputs, "stage", stage_until_full)
    before = snapshot(rendered_list)

    result = render(runner, rendered_list)

    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {calls[-1].relative_to(rendered_list).as_posix()}: cannot be written "
        "(No space left on device); nothing was written, every file is as it was\n")
    assert snapshot(rendered_list) == before
    assert no_temporaries(rendered_list)


def test_a_failed_rename_puts_every_file_back(
    rendered_list: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wmcurate.outputs

    (rendered_list / "papers/gamma/README_zh.md").unlink()  # one file render will create
    before = snapshot(rendered_list)
    real_replace = os.replace
    renames: list[str] = []

    def replace_then_fail(src: Any, dst: Any) -> None:
        renames.append(str(dst))
        if len(renames) == 4:  # the fourth rename fails, once
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(src, dst)

    monkeypatch.setattr(wmcurate.outputs.os, "replace", replace_then_fail)

    result = render(runner, rendered_list)

    assert result.exit_code == 2, result.output
    assert "cannot be replaced (Input/output error); every file is as it was" in result.stderr
    assert snapshot(rendered_list) == before
    assert no_temporaries(rendered_list)


# -- leftovers of an interrupted run ----------------------------------------------------------


def test_temporary_files_of_an_interrupted_run_are_removed(
    make_list: Callable[..., Path], sample_entries: dict[str, str], runner: CliRunner
) -> None:
    root = make_list(sample_entries)
    assert render(runner, root).exit_code == 0
    ours = [root / ".README.md.k2_x9aqz.tmp", root / "papers/alpha/.README_zh.md.abcd1234.tmp"]
    theirs = [root / ".README.md.notes", root / "my.tmp", root / ".other.md.abcd1234.tmp",
              root / "papers/alpha/.README.md.tmp", root / ".README.md.abcd1234.tmp.bak"]
    for path in ours + theirs:
        path.write_text("half a file", encoding="utf-8")

    checked = render(runner, root, "--check")

    assert checked.exit_code == 0
    assert all(p.exists() for p in ours)  # --check writes (and removes) nothing

    result = render(runner, root)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "removed .README.md.k2_x9aqz.tmp (left by an interrupted run)",
        "removed papers/alpha/.README_zh.md.abcd1234.tmp (left by an interrupted run)",
        "rendered 2 entries: 0 file(s) changed, 8 unchanged",
    ]
    assert not any(p.exists() for p in ours)
    assert all(p.read_text(encoding="utf-8") == "half a file" for p in theirs)
