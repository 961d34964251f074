"""Entry files: `entries/<section>/<key>.yaml`, one work each.

Reading for render and lint goes through `yamlread` (libyaml's event stream): the
fast path, which also notes every field's position when lint asks, so no file is
parsed twice. It refuses what an entry may not hold (anchors, aliases, deep
nesting), and finding the files refuses what is not where an entry can be (nested
folders, `.yml` names, symbolic links leading out of the list) with a problem
naming the file, never silently. Writing always goes through the round-trip
loader, so a curator's comments, key order and quoting survive, and every write
is atomic.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml as pyyaml

from wmcurate.config import Config
from wmcurate.errors import EntryError
from wmcurate.lazyre import lazy
from wmcurate.model import FIELDS, Entry, FieldProblem, entry_from_mapping, field_problems
from wmcurate.quoting import escape
from wmcurate.yamlread import FieldMarks, LazyMarks, Marks, RefusedYAML, mark_of, read_yaml

# ruamel.yaml writes entries (and reads the ones being edited); a command that only reads
# the list does not load it.
if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

#: Wide enough that no scalar is ever folded: a file's lines do not move when
#: an unrelated value changes length, so diffs stay one line per change.
WIDTH = 1 << 20
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class EntryProblem:
    """Something wrong with one entry file, at `line`:`column` (1-based; 0 when unknown)."""

    path: Path
    line: int
    column: int
    message: str
    #: What went wrong: "yaml" (syntax, or unreadable), "anchor" (anchors or aliases),
    #: "type", "missing" (a required field), "folder" (not a section folder), "name"
    #: (not a key, or not `.yaml`), "key" (key used twice), "outside" (a symbolic link
    #: leading out of the list).
    kind: str = "type"

    def location(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.relative_to(root)
            except ValueError:
                pass
        return f"{path}:{self.line}:{self.column}" if self.line else str(path)

    def render(self, root: Path | None = None) -> str:
        return f"{self.location(root)}: {self.message}"


@dataclass
class LoadedList:
    entries: list[Entry] = field(default_factory=list)
    problems: list[EntryProblem] = field(default_factory=list)
    #: Parsed YAML of every readable file, for lint rules that look at raw fields.
    raw: dict[Path, Any] = field(default_factory=dict)
    #: Where each field of each readable file is; kept when `load_entries` is asked to.
    positions: dict[Path, FieldMarks] = field(default_factory=dict)

    def whole(self, root: Path, command: str) -> list[Entry]:
        """The entries when every file loaded; else an `EntryError` at the first problem,
        naming every other one, and saying `command` was refused with nothing written."""
        if not self.problems:
            return self.entries
        first, *rest = self.problems
        raise EntryError(first.location(root), "\n".join(
            [first.message, *[p.render(root) for p in rest],
             f"{command} refused: fix the entries above; nothing was written"]))


def round_trip_yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(dt.datetime, _represent_moment)
    # A value used twice (the same moment in `added` and `source.fetched`) must not
    # become a YAML anchor and alias: curators read and edit these files.
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


def _represent_moment(representer: Any, moment: dt.datetime) -> Any:
    """Write moments as ISO 8601 in UTC (`2026-11-24T10:00:00Z`), as DESIGN.md shows them."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    text = moment.isoformat(timespec="seconds") + "Z"
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", text)


#: File names that look like entries; only `.yaml` is one (DESIGN.md: `<key>.yaml`).
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class EntryFiles:
    """What is under entries/: the entry files, and YAML files that are not where
    an entry can be (each a problem naming the file and what to do)."""

    files: list[tuple[str, Path]] = field(default_factory=list)
    problems: list[EntryProblem] = field(default_factory=list)


def entry_files(config: Config) -> Iterator[tuple[str, Path]]:
    """(section folder, file) for every entry file, in a stable order."""
    yield from find_entry_files(config).files


def find_entry_files(config: Config) -> EntryFiles:
    """Every `entries/<folder>/<key>.yaml`, and a problem for every YAML file elsewhere
    under entries/ (nested folders, entries/ itself), named `.yml` or `.YAML`, or a
    symbolic link leading out of the list. An unreadable folder stops everything
    (`EntryError`): entries would be missing without a word."""
    found = EntryFiles()
    top = config.entries_dir
    inside = _Inside(config.root)
    for item in _listing(top, config.root):
        path = Path(item.path)
        if item.is_dir():
            if item.is_symlink() and not inside(path):
                found.problems.append(_outside(path, "folder"))
                continue
            _read_section(item.name, path, config.root, inside, found)
        elif _looks_like_entry(item.name):
            found.problems.append(EntryProblem(
                path, 0, 0, "an entry file directly under entries/: move it into its home "
                f"section's folder, entries/<section>/{_entry_name(item.name)}", "folder"))
    return found


def _read_section(section: str, folder: Path, root: Path, inside: _Inside,
                  found: EntryFiles) -> None:
    for item in _listing(folder, root):
        path = Path(item.path)
        if item.is_dir():
            if not item.is_symlink():
                _report_nested(section, path, found)
            continue
        if not _looks_like_entry(item.name):
            continue
        if item.is_symlink() and not inside(path):
            found.problems.append(_outside(path, "file"))
        elif not path.name.endswith(".yaml"):
            found.problems.append(EntryProblem(
                path, 0, 0, f"entry files are named <key>.yaml: rename it to "
                f"{_entry_name(item.name)}", "name"))
        else:
            found.files.append((section, path))


def _report_nested(section: str, folder: Path, found: EntryFiles) -> None:
    """A folder inside a section folder: entries there are never read, so say so."""
    for here, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            if _looks_like_entry(name):
                found.problems.append(EntryProblem(
                    Path(here) / name, 0, 0, "an entry file in a folder inside a section "
                    f"folder is never read: move it to entries/{section}/{_entry_name(name)}",
                    "folder"))


def _listing(folder: Path, root: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as items:
            return sorted(items, key=lambda item: item.name)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise EntryError(escape(_shown(folder, root)), f"cannot be read ({exc.strerror}): "
                         "the entries in it would be missing; fix its permissions") from None


def _looks_like_entry(name: str) -> bool:
    return name.lower().endswith(_YAML_SUFFIXES)


def _entry_name(name: str) -> str:
    """The name the file should have, shown safely (a file name is a stranger's text)."""
    return escape(f"{name[: name.rfind('.')]}.yaml")


class _Inside:
    """Whether a path, links resolved, stays inside the list's folder."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def __call__(self, path: Path) -> bool:
        return path.resolve().is_relative_to(self.root)


def _outside(path: Path, what: str) -> EntryProblem:
    target = escape(str(path.resolve()))
    return EntryProblem(path, 0, 0, f"a symbolic link to a {what} outside the list "
                        f"({target}): refused, entries must live inside the list; copy the "
                        "file in instead", "outside")


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def load_entries(config: Config, paths: Iterable[Path] | None = None, *,
                 positions: bool = False) -> LoadedList:
    """Load every entry (or only `paths`); broken files become problems, the rest still load.

    With `positions`, also keep where every field of every readable file is
    (`LoadedList.positions`), noted during the one parse, for lint's findings.
    """
    result = LoadedList()
    known_sections = {s.id for s in config.sections}
    if paths is None:
        listing = find_entry_files(config)
        files = listing.files
        result.problems += listing.problems
    else:
        inside = _Inside(config.root)
        files = []
        for path in paths:
            if inside(path):
                files.append((path.parent.name, path))
            else:
                result.problems.append(_outside(path, "file"))
    by_key: dict[str, Path] = {}
    for section, path in files:
        try:
            data = _read_bytes(path)
        except OSError as exc:
            result.problems.append(EntryProblem(path, 1, 1, f"cannot be read: {exc.strerror}",
                                                "yaml"))
            continue
        marks = LazyMarks() if positions else None
        try:
            raw = read_yaml(data, marks)
        except RefusedYAML as exc:
            line, col, what = _yaml_problem(exc)
            kind = "anchor" if exc.reason == "anchor" else "yaml"
            result.problems.append(EntryProblem(path, line, col, what, kind))
            continue
        except pyyaml.MarkedYAMLError as exc:
            line, col, what = _yaml_problem(exc)
            result.problems.append(EntryProblem(path, line, col, f"invalid YAML: {what}", "yaml"))
            continue
        except (pyyaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
            result.problems.append(EntryProblem(path, 1, 1, f"invalid YAML: {exc}", "yaml"))
            continue
        result.raw[path] = raw
        if marks is not None:
            result.positions[path] = marks
        key = path.stem
        if section not in known_sections:
            result.problems.append(EntryProblem(
                path, 1, 1, f"folder {section!r} is not a section of the list; move the file "
                "to one of: " + ", ".join(sorted(known_sections)), "folder"))
            continue
        if not _KEY.match(key):
            result.problems.append(EntryProblem(
                path, 1, 1, f"file name {path.name!r} is not a valid key "
                "(letters, digits, '.', '_' and '-')", "name"))
            continue
        try:
            entry = entry_from_mapping(raw, key, section, path)
        except FieldProblem as first:
            # Every field's problem at once, not one per run of the command.
            for problem in field_problems(raw) or [first]:
                line, col = mark_of(marks, problem.path) if marks is not None \
                    else locate(path, problem.path)
                kind = "missing" if problem.problem.startswith("missing field") else "type"
                result.problems.append(EntryProblem(path, line, col, _describe(problem), kind))
            continue
        if key in by_key:
            result.problems.append(EntryProblem(
                path, 1, 1, f"key {key!r} is also used by {_shown(by_key[key], config.root)}: "
                "keep one file and list the work in other sections with `also`", "key"))
            continue
        by_key[key] = path
        result.entries.append(entry)
    return result


def _read_bytes(path: Path) -> bytes:
    """`path.read_bytes()` in plain system calls: half the time, for every entry file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _yaml_problem(exc: pyyaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a YAML error is, and what: an unclosed quote or bracket is reported by
    libyaml at the end of the file, so point at where the unclosed thing starts."""
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in problem and exc.context_mark is not None:
        mark = exc.context_mark
        problem = f"{exc.context} that is never closed"
    if mark is None:
        return 1, 1, problem
    return mark.line + 1, mark.column + 1, problem


def _describe(problem: FieldProblem) -> str:
    if not problem.path:
        return problem.problem
    return f"{_dotted(problem.path)}: {problem.problem}"


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def locate(path: Path, field_path: tuple[str | int, ...]) -> tuple[int, int]:
    """1-based line and column of a field inside a YAML file (its value where it has one);
    (0, 0) when the file cannot be read."""
    marks: Marks = {}
    try:
        read_yaml(path.read_bytes(), marks)
    except (OSError, pyyaml.YAMLError, UnicodeDecodeError, ValueError):
        return (0, 0)
    return mark_of(marks, field_path)


def load_round_trip(path: Path) -> CommentedMap:
    """An entry file for editing; a broken one raises `EntryError` naming file:line:col.

    The file is first read as every command reads it, so what they refuse (anchors,
    aliases, deep nesting) is refused here too, before the round-trip loader sees it.
    """
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = path.read_bytes()
        read_yaml(data)
        # As read_text would: universal newlines.
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        document = round_trip_yaml().load(text)
    except pyyaml.MarkedYAMLError as exc:
        line, col, what = _yaml_problem(exc)
        what = what if isinstance(exc, RefusedYAML) else f"invalid YAML: {what}"
        raise EntryError(f"{path}:{line}:{col}", what) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise EntryError(where, f"invalid YAML: {exc.problem or exc.context}") from None
    except (OSError, UnicodeDecodeError, YAMLError, pyyaml.YAMLError) as exc:
        raise EntryError(str(path), f"cannot be read: {exc}") from None
    if not isinstance(document, CommentedMap):
        raise EntryError(str(path), "an entry must be a mapping of fields")
    return document


def dump_yaml(data: Any) -> str:
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file.

    A file replaced keeps its line endings (CRLF when its first line ends so) and its
    UTF-8 byte order mark: a fix written into a file from Windows changes only its lines.
    """
    bom, crlf = _style_of(path)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8",
                       newline="\n") as handle:
            handle.write(text)
        # mkstemp makes the file private; keep the replaced file's mode, or give a new
        # file the mode any other new file would get.
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _style_of(path: Path) -> tuple[bool, bool]:
    """Whether the file at `path` starts with a UTF-8 byte order mark, and ends its first
    line with CRLF; (False, False) for a file that is not there."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return False, False
    newline = head.find(b"\n")
    return head.startswith(b"\xef\xbb\xbf"), newline > 0 and head[newline - 1] == 0x0D


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def save_entry(path: Path, data: CommentedMap) -> None:
    write_atomic(path, dump_yaml(data))


def new_entry_document(values: Mapping[str, Any]) -> CommentedMap:
    """A fresh entry in the canonical field order and YAML style."""
    from ruamel.yaml.comments import CommentedMap

    doc = CommentedMap()
    for name in FIELDS:
        if name in values and values[name] is not None:
            doc[name] = yaml_value(name, values[name])
    return doc


def put_field(document: CommentedMap, name: str, value: Any) -> None:
    """Set a field, inserting a new one at its place in the canonical field order."""
    if name in document or name not in FIELDS:
        document[name] = value
        return
    rank = FIELDS.index(name)
    position = 0
    for i, key in enumerate(document):
        if key in FIELDS and FIELDS.index(key) < rank:
            position = i + 1
    document.insert(position, name, value)


def yaml_value(name: str, value: Any) -> Any:
    """How a field's value is written: quoted IDs, flow-style authors, block texts."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if name == "arxiv":
        return DoubleQuotedScalarString(value)
    if name in ("authors", "also"):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        return _scalar(value)
    if isinstance(value, Mapping):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = yaml_value(f"{name}.{k}", v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_scalar(v) if isinstance(v, str) else v for v in value)
    return value


_UNPRINTABLE = lazy(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")


def _scalar(text: str) -> Any:
    # Multi-paragraph texts read best as literal blocks; single lines stay plain. A
    # text with control characters cannot be a literal block: it is quoted instead.
    if "\n" in text and not _UNPRINTABLE.search(text):
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(text)
    return text


def slugify(text: str, limit: int = 60) -> str:
    """A file-name key from a title: `OpenAI Sora` -> `openai-sora`.

    A title with no Latin letters or digits (an all-Chinese name) gets a short,
    stable digest of itself, so two such works never fight over one key.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    if not slug:
        import hashlib  # OpenSSL's, loaded only for this

        digest = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]
        slug = f"work-{digest}"
    return slug


def key_for_arxiv(base: str) -> str:
    return base.replace("/", "_")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
