"""Helpers for the `wmcurate add` CLI tests: what the summary looks like, what the list
and the cache hold. The fixtures that go with them are in conftest_add.py.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

REPO = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("wmcurate")
# Entries of the real list copied into each test's list: one is the "already present" paper.
COPIED = ("modality/1502.03044.yaml", "spatial/2003.08934.yaml")
SECTIONS = ("modality, spatial, temporal, modality-spatial, modality-temporal, "
            "spatial-temporal, text-to-world, embodied, benchmarks")
ACCEPTED = ("Accepted forms: 2303.11328, 2303.11328v2, arXiv:2303.11328, "
            "https://arxiv.org/abs/2303.11328, https://arxiv.org/pdf/2303.11328v2.pdf, "
            "huggingface.co/papers/2303.11328, alphaxiv.org/abs/2303.11328, "
            "10.48550/arXiv.2303.11328, 0704.0001 (2007-2014), hep-th/9901001, each also in "
            "brackets, quotes or parentheses.")
PRESENT = "already in the list (use --force to refresh its facts)"

Row = tuple[str, str, str]
Add = Callable[..., Result]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under entries/, hidden temporary files included."""
    folder = root / "entries"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def rows(stdout: str) -> list[Row]:
    """The summary table's rows (ID, outcome, detail)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"ID\s+outcome\s+detail\s*$", line))
    out: list[Row] = []
    for line in lines[start + 1 : -1]:
        cells = re.split(r"\s{2,}", line.strip(), maxsplit=2)
        out.append((cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    return out


def counts(stdout: str) -> str:
    return stdout.rstrip("\n").splitlines()[-1]


def cached(cache: Path) -> list[str]:
    folder = cache / "arxiv"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
