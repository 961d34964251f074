"""Writing into a list that others may be writing to at the same moment.

Two `wmcurate add` runs, or a contributor's editor and a run, can race: each checks the
list, fetches for seconds, then writes. `list_lock` serialises the writing step of
concurrent runs (a lock on the list's `entries/` folder), and `create_exclusive` refuses to
replace a file that appeared meanwhile, whoever made it: together with a fresh look at the
list under the lock, nothing written by someone else is ever overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from wmcurate.errors import WmcurateError

__all__ = ["LIST_LOCK_TIMEOUT", "create_exclusive", "list_lock"]

#: Seconds to wait for another run to finish writing before giving up.
LIST_LOCK_TIMEOUT = 60.0


@contextlib.contextmanager
def list_lock(entries_dir: Path, timeout: float = LIST_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the list's write lock: only one wmcurate run writes into `entries_dir` at a time.

    Raises `WmcurateError` when another run holds it for longer than `timeout` seconds.
    """
    entries_dir.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        with _windows_lock(entries_dir, timeout):
            yield
        return
    import fcntl  # noqa: I001 - POSIX only, hence here

    # The folder itself is the lock: no lock file to leave behind in the list.
    descriptor = os.open(entries_dir, os.O_RDONLY)
    try:
        waited_until = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= waited_until:
                    raise _busy(entries_dir, timeout) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only

    @contextlib.contextmanager
    def _windows_lock(entries_dir: Path, timeout: float) -> Iterator[None]:
        import msvcrt

        import platformdirs

        # Windows cannot lock a folder: a lock file per list, kept outside it.
        name = hashlib.sha256(str(entries_dir.resolve()).encode()).hexdigest()[:24]
        folder = Path(platformdirs.user_cache_dir("wmcurate")) / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{name}.lock", "a+b") as handle:
            waited_until = time.monotonic() + timeout
            while True:
                try:
                    handle.seek(0)
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() >= waited_until:
                        raise _busy(entries_dir, timeout) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def _busy(entries_dir: Path, timeout: float) -> WmcurateError:
    return WmcurateError(f"{entries_dir}: another wmcurate run has been writing to this list "
                         f"for more than {timeout:g} s; wait for it to finish, then try again")


def create_exclusive(path: Path, text: str) -> None:
    """Write a new file whole, or not at all: `FileExistsError` if `path` exists by then.

    The text goes to a temporary file first and is linked into place, which fails when
    the name is taken: no reader ever sees half a file, and no file is ever replaced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _new_file_mode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (some network and FAT file systems): an exclusive create
            # still never replaces a file, at the cost of a moment where it is incomplete.
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
