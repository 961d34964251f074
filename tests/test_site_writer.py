"""`site.writer`: a site goes in place whole or not at all, written by a thread or, for a
large site, by a forked process; both write the same files and fail the same way."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.entries import load_entries
from wmcurate.errors import WriteFailure
from wmcurate.site import MARKER, SiteWriter, bibtex_records, build_site
from wmcurate.site.writer import can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="the system cannot fork")
WRITERS = [pytest.param(False, id="thread"),
           pytest.param(True, id="process", marks=needs_fork)]

#: Built files: nested folders, a folder whose parent comes later, text beyond ASCII,
#: an empty file and one larger than a pipe holds at once.
FILES = {
    MARKER: "built\n",
    "index.html": "<p>index</p>\n",
    "works/a/index.html": "<p>a</p>\n",
    "zh/works/b/index.html": "<p>世界模型 b</p>\n",
    "zh/index.html": "<p>中文</p>\n",
    "assets/deep/er/x.js": "",
    "works.json": "[" + ",".join(["\"é\""] * 400_000) + "]",
}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def writers_alive() -> list[str]:
    """Writing processes still running (other helpers, such as the BibTeX one that a
    command forks as a daemon, may outlive a failed build until the process ends)."""
    return [p.name for p in multiprocessing.active_children()
            if p.name == "wmcurate-site-writer"]


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


@pytest.mark.parametrize("process", WRITERS)
def test_every_file_is_written_as_given(tmp_path: Path, process: bool) -> None:
    out = tmp_path / "site"
    with SiteWriter(out, tmp_path, process=process) as writer:
        for path, text in FILES.items():
            writer.put(path, text)
    assert tree(out) == {path: text.encode("utf-8") for path, text in FILES.items()}
    assert leftovers(tmp_path) == []
    assert writers_alive() == []


@pytest.mark.parametrize("process", WRITERS)
def test_a_file_that_cannot_be_written_leaves_the_previous_site(tmp_path: Path,
                                                                 process: bool) -> None:
    out = tmp_path / "site"
    with SiteWriter(out, tmp_path) as writer:
        writer.put(MARKER, "the previous site\n")
    with pytest.raises(WriteFailure, match=r"could not be written \(.+\); the previous site"), \
            SiteWriter(out, tmp_path, process=process) as writer:
        writer.put("a", "a file")
        writer.put("a/b.html", "under a file: cannot be written")
        for n in range(200):  # the builder goes on until it hears of the failure
            writer.put(f"more/{n}.html", "x")
    assert tree(out) == {MARKER: b"the previous site\n"}
    assert leftovers(tmp_path) == []
    assert writers_alive() == []


@pytest.mark.parametrize("process", WRITERS)
def test_a_failed_build_writes_nothing(tmp_path: Path, process: bool) -> None:
    out = tmp_path / "site"
    with pytest.raises(RuntimeError, match="the build failed"), \
            SiteWriter(out, tmp_path, process=process) as writer:
        writer.put("index.html", "half a site")
        raise RuntimeError("the build failed")
    assert not out.exists()
    assert leftovers(tmp_path) == []
    assert writers_alive() == []


@needs_fork
def test_a_writing_process_that_dies_is_a_failure_not_a_half_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with pytest.raises(WriteFailure, match="the writing process ended early"), \
            SiteWriter(out, tmp_path, process=True) as writer:
        writer.put("index.html", "first")
        process = writer.sink.process  # type: ignore[union-attr]
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        for n in range(10):
            writer.put(f"works/{n}/index.html", "after the writer died")
    assert not out.exists()
    assert leftovers(tmp_path) == []


@needs_fork
def test_the_command_writes_a_large_site_in_a_process_of_its_own(
        make_list: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import wmcurate.site.build as build_module
    import wmcurate.site.writer as writer_module

    root = make_list({f"alpha/w{i:02d}": f"title: Work {i}\npublished: 2020-01-{i + 1:02d}\n"
                      for i in range(12)})
    # "Large" from 10 works on, so the command forks its helpers here as at 10,000.
    monkeypatch.setattr(build_module, "BACKGROUND_FROM", 10)
    sinks: list[str] = []
    real = writer_module.SiteWriter.__enter__

    def enter(self: SiteWriter) -> SiteWriter:
        entered = real(self)
        sinks.append(type(self.sink).__name__)
        return entered

    monkeypatch.setattr(writer_module.SiteWriter, "__enter__", enter)
    result = CliRunner().invoke(app, ["--root", str(root), "site"])
    assert result.exit_code == 0, result.output
    assert sinks == ["_ProcessSink"]
    config = load_config(root)
    entries = load_entries(config).entries
    expected = build_site(config, entries, None, bibtex_records(entries, config))
    assert tree(root / "site") == {path: text.encode("utf-8")
                                   for path, text in expected.files.items()}
    assert writers_alive() == []


@needs_fork
def test_ctrl_c_reaches_the_builder_only(tmp_path: Path) -> None:
    # The writing process ignores SIGINT: the builder answers it for both (below).
    out = tmp_path / "site"
    with SiteWriter(out, tmp_path, process=True) as writer:
        writer.put("index.html", "before")
        process = writer.sink.process  # type: ignore[union-attr]
        os.kill(process.pid, signal.SIGINT)
        writer.put("works/a/index.html", "after")
    assert tree(out) == {"index.html": b"before", "works/a/index.html": b"after"}


@pytest.mark.parametrize("process", WRITERS)
def test_an_interrupted_site_command_leaves_nothing_behind(
        make_list: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, process: bool) -> None:
    import wmcurate.site as site_package
    import wmcurate.site.build as build_module

    root = make_list({f"alpha/w{i}": f"title: Work {i}\n" for i in range(12)})
    monkeypatch.setattr(build_module, "BACKGROUND_FROM", 10 if process else 10_000)

    def interrupted(*args: object, sink: Callable[[str, str], None], **kwargs: object) -> None:
        sink("index.html", "half a site")
        raise KeyboardInterrupt

    monkeypatch.setattr(site_package, "build_site", interrupted)
    result = CliRunner().invoke(app, ["--root", str(root), "site"])
    assert result.exit_code == 130 and "Interrupted." in result.output
    assert not (root / "site").exists() and leftovers(root) == []
    # The writer is stopped before the command ends (the BibTeX helper, a daemon, ends
    # with the process).
    assert writers_alive() == []


@needs_fork
def test_the_writing_process_ends_when_the_builder_dies(tmp_path: Path) -> None:
    # A builder killed outright (no clean-up runs) must not leave its writer waiting
    # forever: the writer sees the end of its stream and exits.
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from wmcurate.site import SiteWriter
        writer = SiteWriter(Path({str(tmp_path / "site")!r}), Path({str(tmp_path)!r}),
                            process=True).__enter__()
        writer.put("index.html", "x")
        print(writer.sink.process.pid, flush=True)
        os.kill(os.getpid(), 9)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == -9, done.stderr
    pid = int(done.stdout.split()[0])
    for _ in range(600):  # up to a minute on a loaded machine; at once on a quiet one
        if not _running(pid):
            break
        import time

        time.sleep(0.1)
    assert not _running(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by init) has ended too.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def test_a_build_shows_how_many_pages_it_made_on_a_terminal_only(
        make_list: Callable[..., Path]) -> None:
    import io

    from rich.console import Console

    from wmcurate.cli.site import pages_progress

    root = make_list({f"alpha/w{i}": f"title: Work {i}\n" for i in range(250)})
    config = load_config(root)
    entries = load_entries(config).entries
    shown: dict[bool, str] = {}
    for terminal in (True, False):
        screen = io.StringIO()
        err = Console(file=screen, force_terminal=terminal, width=100)
        with pages_progress(err, 0, config, len(entries)) as progress:
            site = build_site(config, entries, None, bibtex_records(entries, config),
                              on_page=progress.advance)
            made = progress.completed
        shown[terminal] = screen.getvalue()
        # Every page is counted, and the total the line announces is what the build makes.
        assert made == len(site.pages) == len(config.language_codes) * (
            1 + len(config.sections) + len(entries))
    assert "making pages" in shown[True] and f"/{made}" in shown[True]
    assert shown[False] == ""  # in logs: nothing


@needs_fork
def test_a_background_helper_whose_builder_gave_up_ends_quietly() -> None:
    # The builder stops listening (it failed, or was killed) while the helper works: the
    # helper's send fails, and it ends without an error of its own, instead of blocking on
    # a full pipe for ever.
    from wmcurate.site.build import _Forked

    ready, go = os.pipe()

    def job() -> dict[str, str]:
        os.read(ready, 1)  # until the builder has closed its end
        return {"shard": "x" * 1_000_000}  # more than a pipe holds

    forked = _Forked([job, job])
    forked._receive.close()
    os.write(go, b"x")
    forked._process.join(120)
    assert forked._process.exitcode == 0
