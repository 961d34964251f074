"""Where render writes: output paths held inside the list, and files written all or none.

Every output path (the READMEs named under `outputs:` and every section page) is
resolved through symbolic links before anything is read or written, and refused
when it lands outside the list's folder, inside `.git`, on the config or among the
entry files, or on the same file as another output.

Writing stages every file as a temporary file beside its target first, then renames
them all; a failure while staging removes the temporary files and leaves every old
file as it was. Temporary files are named as `entries.write_atomic` names its own
(`.<name>.<random>.tmp`), so the next run can tell the ones an interrupted run left
behind and remove them, and never touches anything else.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wmcurate.config import CONFIG_NAME, ENTRIES_DIR
from wmcurate.errors import WriteFailure

#: The temporary files of `entries.write_atomic` and of `write_all`: `tempfile.mkstemp`
#: with prefix `.<name>.` and suffix `.tmp` (its random part is 8 characters from
#: `[a-z0-9_]`; a little slack is allowed should Python change it).
_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{6,16}\.tmp$")


@dataclass(frozen=True)
class Resolved:
    """An output: `shown` as the config names it (relative), `real` the file it lands on."""

    shown: str
    real: Path


def resolve_outputs(root: Path, paths: Sequence[str]) -> tuple[list[Resolved], list[str]]:
    """Each output path resolved through symbolic links, and the problems of those refused.

    `paths` are relative to `root` (the config has checked how they are written);
    this checks where they lead on disk.
    """
    try:
        base = root.resolve()
    except (OSError, RuntimeError) as exc:
        return [], [f"{root}: the list's folder cannot be resolved ({exc})"]
    resolved: list[Resolved] = []
    problems: list[str] = []
    claimed: dict[str, str] = {}
    for shown in paths:
        try:
            real = (base / shown).resolve()
        except (OSError, RuntimeError, ValueError) as exc:
            # A loop of symbolic links, or a name the system refuses.
            problems.append(f"{shown}: cannot be resolved ({exc})")
            continue
        try:
            inside = real.relative_to(base)
        except ValueError:
            problems.append(f"{shown}: leads to {real}, outside the list's folder {base} "
                            "(through a symbolic link); render reads and writes only inside "
                            "the list")
            continue
        parts = [part.casefold() for part in inside.parts]
        if ".git" in parts:
            problems.append(f"{shown}: leads to {inside.as_posix()}, inside .git (through a "
                            "symbolic link); render never writes where git keeps its files")
            continue
        if not parts or parts == [CONFIG_NAME.casefold()] or parts[0] == ENTRIES_DIR:
            problems.append(f"{shown}: leads to {inside.as_posix() or '.'} (through a "
                            f"symbolic link); render must not overwrite the list's folder, "
                            f"{CONFIG_NAME} or the entry files")
            continue
        key = str(real).casefold()
        if key in claimed:
            problems.append(f"{shown}: is the same file as {claimed[key]} (through a symbolic "
                            "link); two outputs would overwrite each other")
            continue
        claimed[key] = shown
        resolved.append(Resolved(shown, real))
    return resolved, problems


def leftover_temporaries(targets: Iterable[Path]) -> list[Path]:
    """Temporary files an interrupted write left beside `targets` (named for one of them)."""
    names: dict[Path, set[str]] = {}
    for target in targets:
        names.setdefault(target.parent, set()).add(target.name)
    found = []
    for folder, wanted in sorted(names.items()):
        try:
            children = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for child in children:
            match = _TEMP.match(child.name)
            if match and match["name"] in wanted and child.is_file(follow_symlinks=False):
                found.append(Path(child.path))
    return found


def remove_temporaries(targets: Iterable[Path]) -> list[Path]:
    """Remove what `leftover_temporaries` finds; returns what was removed."""
    removed = []
    for path in leftover_temporaries(targets):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WriteFailure(f"{path}: a temporary file left by an interrupted run cannot "
                               f"be removed ({exc.strerror or exc})") from None
        removed.append(path)
    return removed


@dataclass(frozen=True)
class Write:
    """One file to write: `text` to `real` (None: remove the file). `old` is its current
    text (None when it `existed` but could not be read), kept to put it back should a
    later rename fail."""

    shown: str
    real: Path
    text: str | None
    old: str | None
    existed: bool


def write_all(writes: Sequence[Write]) -> None:
    """Write (or remove) every file or none: stage them all, then rename each.

    A file to write is staged as a temporary file beside it; a file to remove is moved
    aside to a temporary name (removed at the end, or put back). A failure while staging
    (a read-only folder, a full disk) undoes what was staged and the folders made for
    it, and raises `WriteFailure`; the old files are untouched. A rename cannot run out
    of space; should one fail anyway, the files already renamed are put back from their
    old text.
    """
    made: list[Path] = []
    staged: list[tuple[Path, Write]] = []
    try:
        for item in writes:
            if item.text is None:
                staged.append((_set_aside(item.real), item))
                continue
            _make_folders(item.real.parent, made)
            staged.append((stage(item.real, item.text), item))
    except OSError as exc:
        _discard(staged, made)
        failed = writes[len(staged)]
        raise WriteFailure(f"{failed.shown}: cannot be written ({_reason(exc)}); nothing was "
                           "written, every file is as it was") from None
    done: list[Write] = []
    for position, (tmp, item) in enumerate(staged):
        if item.text is None:
            continue
        try:
            os.replace(tmp, item.real)
        except OSError as exc:
            _discard(staged[position:], [])
            _discard([s for s in staged[:position] if s[1].text is None], [])
            unrestored = _put_back(done)
            tail = ("every file is as it was" if not unrestored else
                    "these could not be put back: " + ", ".join(unrestored))
            raise WriteFailure(f"{item.shown}: cannot be replaced ({_reason(exc)}); {tail}"
                               ) from None
        done.append(item)
    for tmp, item in staged:
        if item.text is None:
            try:
                tmp.unlink()
            except OSError:
                pass  # a leftover temporary: the next run removes it


def _set_aside(target: Path) -> Path:
    """Move `target` to a temporary name beside it (as `stage` names them)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        os.replace(target, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def stage(target: Path, text: str) -> Path:
    """`text` in a temporary file beside `target`, with the mode `target` has (or would get)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        # newline="": the text carries its own line endings (a README may mix them).
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(target))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Create `folder` and its missing parents, adding each to `made` as it is created."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


def _discard(staged: Sequence[tuple[Path, Write]], folders: Sequence[Path]) -> None:
    """Undo staging: temporary files removed, files set aside put back, folders removed."""
    for tmp, item in staged:
        try:
            if item.text is None:
                os.replace(tmp, item.real)
            else:
                tmp.unlink()
        except OSError:
            pass
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass


def _put_back(done: Sequence[Write]) -> list[str]:
    """Undo renamed files: the old text back, new files removed. Returns what failed."""
    failed = []
    for item in done:
        try:
            if not item.existed:
                item.real.unlink()
            elif item.old is not None:
                os.replace(stage(item.real, item.old), item.real)
            else:
                failed.append(item.shown)
        except OSError:
            failed.append(item.shown)
    return failed


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
