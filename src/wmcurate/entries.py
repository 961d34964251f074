"""Entry files: `entries/<section>/<key>.yaml`, one work each.

Reading for render and lint uses the C (libyaml) safe loader: it is the fast
path, and positions are only needed for files that turn out broken, which are
then read again with the round-trip loader to point at the exact line.
Writing always goes through the round-trip loader, so a curator's comments,
key order and quoting survive, and every write is atomic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from wmcurate.config import Config
from wmcurate.errors import EntryError
from wmcurate.model import FIELDS, Entry, FieldProblem, entry_from_mapping
from wmcurate.yamlread import read_yaml

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
    #: What went wrong: "yaml" (syntax), "type", "missing" (a required field),
    #: "folder" (not a section), "name" (not a key), "key" (key used twice).
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


def _fast_load(data: bytes) -> Any:
    return read_yaml(data)


def round_trip_yaml() -> YAML:
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


def entry_files(config: Config) -> Iterator[tuple[str, Path]]:
    """(section folder, file) for every entry file, in a stable order."""
    root = config.entries_dir
    if not root.is_dir():
        return
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                yield folder.name, path


def load_entries(config: Config, paths: Iterable[Path] | None = None) -> LoadedList:
    """Load every entry (or only `paths`); broken files become problems, the rest still load."""
    result = LoadedList()
    known_sections = {s.id for s in config.sections}
    files = list(entry_files(config)) if paths is None else [(p.parent.name, p) for p in paths]
    by_key: dict[str, Path] = {}
    for section, path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.problems.append(EntryProblem(path, 1, 1, f"cannot be read: {exc.strerror}",
                                                "yaml"))
            continue
        try:
            raw = _fast_load(data)
        except pyyaml.MarkedYAMLError as exc:
            line, col, what = _yaml_problem(exc)
            result.problems.append(EntryProblem(path, line, col, f"invalid YAML: {what}", "yaml"))
            continue
        except (pyyaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
            result.problems.append(EntryProblem(path, 1, 1, f"invalid YAML: {exc}", "yaml"))
            continue
        result.raw[path] = raw
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
        except FieldProblem as problem:
            line, col = locate(path, problem.path)
            kind = "missing" if problem.problem.startswith("missing field") else "type"
            result.problems.append(EntryProblem(path, line, col, _describe(problem), kind))
            continue
        if key in by_key:
            other = by_key[key]
            try:
                shown = other.relative_to(config.root)
            except ValueError:
                shown = other
            result.problems.append(EntryProblem(
                path, 1, 1, f"key {key!r} is also used by {shown}: keep one file and list the "
                "work in other sections with `also`", "key"))
            continue
        by_key[key] = path
        result.entries.append(entry)
    return result


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
    """1-based line and column of a field inside a YAML file (its value where it has one)."""
    try:
        node: Any = round_trip_yaml().load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError, UnicodeDecodeError):
        return (0, 0)
    line, col = 1, 1
    for part in field_path:
        if isinstance(node, CommentedMap) and part in node:
            pos = node.lc.value(part) if node[part] is not None else node.lc.key(part)
            if pos is None or pos[0] is None:
                pos = node.lc.key(part)
            line, col = pos[0] + 1, pos[1] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            pos = node.lc.item(part)
            line, col = pos[0] + 1, pos[1] + 1
            node = node[part]
        else:
            break
    return line, col


def load_round_trip(path: Path) -> CommentedMap:
    """An entry file for editing; a broken one raises `EntryError` naming file:line:col."""
    try:
        data = round_trip_yaml().load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise EntryError(where, f"invalid YAML: {exc.problem or exc.context}") from None
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise EntryError(str(path), f"cannot be read: {exc}") from None
    if not isinstance(data, CommentedMap):
        raise EntryError(str(path), "an entry must be a mapping of fields")
    return data


def dump_yaml(data: Any) -> str:
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
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


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")


def _scalar(text: str) -> Any:
    # Multi-paragraph texts read best as literal blocks; single lines stay plain. A
    # text with control characters cannot be a literal block: it is quoted instead.
    if "\n" in text and not _UNPRINTABLE.search(text):
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
        digest = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]
        slug = f"work-{digest}"
    return slug


def key_for_arxiv(base: str) -> str:
    return base.replace("/", "_")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
