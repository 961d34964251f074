"""Putting a built site in place: all of it, or nothing.

A site is tens of thousands of small files, each in a folder of its own (`works/<key>/`):
making those folders and files is a large part of a build, and it is the kernel's work,
not Python's. `SiteWriter` takes each file as soon as it is made and writes it into a new
folder beside `out` while the builder makes the next one; on a clean exit the new folder
replaces `out` at once, on any failure it is removed and `out` is left as it was.

Where the system can fork, a large site is written by a process of its own: a writing
thread would need the interpreter's lock back after each of its system calls, and the
builder and the writer would spend much of the build waiting on each other. Elsewhere,
and for small sites, a thread does the writing.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from wmcurate.errors import WmcurateError, WriteFailure

if TYPE_CHECKING:
    from wmcurate.site.build import Site

#: Written into every site this command builds: only such a folder is ever replaced.
MARKER = ".wmcurate-site"


class SiteError(WmcurateError):
    """The site cannot be built or written where asked."""


def check_target(out: Path, root: Path) -> None:
    """Refuse a folder whose replacement would lose something that is not a built site."""
    out_real, root_real = out.resolve(), root.resolve()
    if out_real == root_real or out_real in root_real.parents:
        raise SiteError(f"{out}: the site cannot go there, it holds the list itself; "
                        "choose a folder of its own, such as site/")
    if (root_real / "entries") in (out_real, *out_real.parents) or \
            (root_real / ".git") in (out_real, *out_real.parents):
        raise SiteError(f"{out}: the site cannot go among the entries or into .git")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out}: exists and is not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out}: the folder is not empty and was not built by `wmcurate site` "
                        f"(no {MARKER} in it); empty it or choose another --out")


class _Files:
    """Writes files under `base`, making their folders on the way (each folder once)."""

    # os.open and os.write, not open(): a file object per file costs more than writing.
    FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)

    def __init__(self, base: str) -> None:
        self.base = base
        self.made: set[str] = set()

    def write(self, name: str, data: bytes | memoryview) -> None:
        directory = name.rpartition("/")[0]
        if directory and directory not in self.made:
            parent = directory.rpartition("/")[0]
            if not parent or parent in self.made:
                os.mkdir(f"{self.base}/{directory}")  # one system call, not makedirs' few
            else:
                os.makedirs(f"{self.base}/{directory}", exist_ok=True)
                parts = directory.split("/")
                self.made.update("/".join(parts[:i]) for i in range(1, len(parts)))
            self.made.add(directory)
        handle = os.open(f"{self.base}/{name}", self.FLAGS, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)


class _Sink(Protocol):
    def put(self, name: str, data: bytes) -> None: ...

    def failure(self) -> str | None:
        """Why writing failed so far (None: it has not)."""

    def close(self) -> str | None:
        """Wait for every file to be written; why writing failed, if it did."""

    def abandon(self) -> None:
        """Stop at once: the files will not be used."""


class _ThreadSink:
    """Writes on a thread of this process."""

    def __init__(self, base: str) -> None:
        self.files = _Files(base)
        self.queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=512)
        self.reason: str | None = None
        self.thread = threading.Thread(target=self._work, name="wmcurate-site-writer",
                                       daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.reason is None:  # after a failure, drain: the builder learns at its next put
                try:
                    self.files.write(*item)
                except OSError as exc:
                    self.reason = _reason(exc)

    def put(self, name: str, data: bytes) -> None:
        self.queue.put((name, data))

    def failure(self) -> str | None:
        return self.reason

    def close(self) -> str | None:
        self.queue.put(None)
        self.thread.join()
        return self.reason

    def abandon(self) -> None:
        self.close()


class _ProcessSink:
    """Writes in a forked process: each file goes down a pipe as one message (the length
    of its name, its name, its bytes); the process answers once, when writing fails or
    when the last file is written (an empty message means all went well)."""

    #: How many files between two looks for the writer's failure.
    LOOK_EVERY = 64

    def __init__(self, base: str) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        receive, self.send = context.Pipe(duplex=False)
        _widen(self.send.fileno())
        self.answers, answer = context.Pipe(duplex=False)
        self.process = context.Process(target=_write_files,
                                       args=(base, receive, answer, self.send),
                                       name="wmcurate-site-writer", daemon=True)
        start_helper(self.process)
        receive.close()
        answer.close()
        self.reason: str | None = None
        self.answered = False
        self.count = 0

    def put(self, name: str, data: bytes) -> None:
        encoded = name.encode("utf-8")
        try:
            self.send.send_bytes(len(encoded).to_bytes(4, "little") + encoded + data)
        except OSError:  # the writer is gone
            self._answer()
        self.count += 1
        if self.count % self.LOOK_EVERY == 0 and not self.answered and self.answers.poll():
            self._answer()

    def _answer(self) -> None:
        if self.answered:
            return
        self.answered = True
        try:
            said = self.answers.recv_bytes().decode("utf-8")
        except (EOFError, OSError):
            said = "the writing process ended early"
        self.reason = said or None

    def failure(self) -> str | None:
        return self.reason

    def close(self) -> str | None:
        try:
            self.send.send_bytes(b"")
        except OSError:
            pass
        self._answer()
        self.send.close()
        self.process.join()
        self.answers.close()
        return self.reason

    def abandon(self) -> None:
        self.send.close()
        self.process.terminate()
        self.process.join()
        self.answers.close()


def _widen(pipe: int) -> None:
    """Let the builder run up to a megabyte ahead of the writer (where the system allows:
    Linux), so a pause of the disk does not stop the build."""
    import fcntl

    command = getattr(fcntl, "F_SETPIPE_SZ", None)
    if command is None:
        return
    try:
        fcntl.fcntl(pipe, command, 1 << 20)
    except OSError:  # above the system's limit for pipes: the default size will do
        pass


def start_helper(process: Any) -> None:
    """Start a forked helper that leaves Ctrl-C to the builder (which stops its helpers
    and removes what they made): the helper neither dies of it nor prints a traceback.
    The helper is born ignoring it, so a Ctrl-C at the moment of the fork is no exception;
    the builder ignores it only for the fork itself."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        process.start()  # only the main thread may set handlers (and receives the signal)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process.start()
    finally:
        # None: a handler set outside Python, which Python cannot put back.
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


def _write_files(base: str, receive: Any, answer: Any, builders_end: Any) -> None:
    """The writing process: files from `receive` until an empty message, or until the
    builder is gone (the fork copied the builder's end of the pipe: closed here, so the
    builder's death ends the stream instead of leaving this process waiting forever)."""
    builders_end.close()
    files = _Files(base)
    failed = False
    while True:
        try:
            message = receive.recv_bytes()
        except (EOFError, OSError):
            return  # the builder is gone
        if not message:
            break
        if failed:
            continue  # drain: the builder reads the failure and stops sending soon
        size = int.from_bytes(message[:4], "little")
        view = memoryview(message)
        try:
            files.write(bytes(view[4:4 + size]).decode("utf-8"), view[4 + size:])
        except OSError as exc:
            failed = True
            answer.send_bytes(_reason(exc).encode("utf-8"))
    if not failed:
        answer.send_bytes(b"")


def _reason(exc: OSError) -> str:
    return str(exc.strerror or exc)


def can_fork() -> bool:
    import multiprocessing
    import sys

    # macOS can fork, but its system libraries are not safe after fork: spawn only there.
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


class SiteWriter:
    """Writes a site's files into a new folder beside `out` as they come (`put`), while the
    builder goes on; the new folder replaces `out` on a clean exit. `process`: write in a
    forked process (see the module's note); call it then before any thread starts, since
    a process forked beside threads may deadlock.
    """

    def __init__(self, out: Path, root: Path, process: bool = False) -> None:
        check_target(out, root)
        self.out = out
        self.staging = out.parent / f".{out.name}.new-{os.getpid()}"
        self.retired = out.parent / f".{out.name}.old-{os.getpid()}"
        self.process = process and can_fork()
        self.sink: _Sink | None = None

    def __enter__(self) -> SiteWriter:
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(self.staging)
        except OSError as exc:
            raise WriteFailure(f"{self.out}: the site cannot be written there "
                               f"({exc.strerror or exc})") from None
        base = str(self.staging)
        self.sink = _ProcessSink(base) if self.process else _ThreadSink(base)
        return self

    def put(self, path: str, text: str) -> None:
        assert self.sink is not None, "SiteWriter.put outside its with block"  # noqa: S101
        reason = self.sink.failure()
        if reason is not None:
            raise self._failed(reason)
        self.sink.put(path, text.encode("utf-8"))

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        assert self.sink is not None  # noqa: S101  (set by __enter__)
        if kind is not None:
            self.sink.abandon()
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        reason = self.sink.close()
        if reason is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise self._failed(reason)
        try:
            if self.out.exists():
                os.replace(self.out, self.retired)
            os.replace(self.staging, self.out)
        except OSError as exc:
            shutil.rmtree(self.staging, ignore_errors=True)
            if self.retired.exists() and not self.out.exists():
                os.replace(self.retired, self.out)
            raise self._failed(_reason(exc)) from None
        shutil.rmtree(self.retired, ignore_errors=True)

    def _failed(self, reason: str) -> WriteFailure:
        return WriteFailure(f"{self.out}: the site could not be written ({reason}); the "
                            "previous site, if any, was left as it was")


def write_site(site: Site, out: Path, root: Path) -> None:
    """Write a site built in memory to `out`, replacing a site built there before."""
    with SiteWriter(out, root) as writer:
        for path, text in site.files.items():
            writer.put(path, text)
