"""Line and column of a field in an entry file, from the one parse that loaded it."""

from __future__ import annotations

from pathlib import Path

import yaml as pyyaml

from wmcurate.entries import LoadedList
from wmcurate.lint.registry import FieldPath
from wmcurate.yamlread import FieldMarks, Marks, mark_of, read_yaml


class Positions:
    """Where a field is: read from the marks `load_entries(..., positions=True)` kept.

    A list loaded without them (a caller's own `LoadedList`) still gets positions:
    such a file is read again, once, for its marks.
    """

    def __init__(self, loaded: LoadedList) -> None:
        self.marks: dict[Path, FieldMarks] = dict(loaded.positions)

    def find(self, path: Path, at: FieldPath) -> tuple[int, int]:
        marks = self.marks.get(path)
        if marks is None:
            found: Marks = {}
            try:
                read_yaml(path.read_bytes(), found)
            except (OSError, pyyaml.YAMLError, UnicodeDecodeError, ValueError):
                found = {}
            marks = self.marks[path] = found
        return mark_of(marks, at)
