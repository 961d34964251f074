"""Line and column of a field in an entry file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml as pyyaml

from wmcurate.lint.registry import FieldPath
from wmcurate.yamlread import SafeLoader12


class Positions:
    """Line and column of a field, from libyaml's node marks (composed once per file)."""

    def __init__(self) -> None:
        self.nodes: dict[Path, Any] = {}

    def find(self, path: Path, at: FieldPath) -> tuple[int, int]:
        if path not in self.nodes:
            try:
                self.nodes[path] = pyyaml.compose(path.read_bytes(), Loader=SafeLoader12)
            except (OSError, pyyaml.YAMLError):
                self.nodes[path] = None
        node = self.nodes[path]
        line, col = 1, 1
        for part in at:
            if isinstance(node, pyyaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == part), None)
                if pair is None:
                    break
                key_node, value_node = pair
                mark = value_node.start_mark if not _is_null(value_node) else key_node.start_mark
                line, col = mark.line + 1, mark.column + 1
                node = value_node
            elif isinstance(node, pyyaml.SequenceNode) and isinstance(part, int) \
                    and part < len(node.value):
                node = node.value[part]
                line, col = node.start_mark.line + 1, node.start_mark.column + 1
            else:
                break
        if not at and node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        return line, col


def _is_null(node: Any) -> bool:
    return isinstance(node, pyyaml.ScalarNode) and node.tag.endswith(":null")

