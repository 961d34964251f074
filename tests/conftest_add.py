"""Shared by the `wmcurate add` CLI tests: a small copy of the project's list, the local
arXiv stand-in with one extra paper, and `add(...)`, which runs the command against both.

A test module loads them with `pytest_plugins = ("conftest_add", "conftest_arxiv")`; the
helpers that read the summary are in add_helpers.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from add_helpers import COPIED, REPO, Add
from arxiv_server import FakeArxiv
from typer.testing import CliRunner, Result

from wmcurate.cli import app


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small copy of the project's list: its config, READMEs and two entries."""
    folder = tmp_path / "list"
    folder.mkdir()
    for name in ("wmcurate.yaml", "README.md", "README_zh.md"):
        shutil.copy(REPO / name, folder / name)
    for name in COPIED:
        (folder / "entries" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "entries" / name, folder / "entries" / name)
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def env(cache: Path) -> dict[str, str | None]:
    return {
        "WMCURATE_CACHE_DIR": str(cache),
        "WMCURATE_ARXIV_INTERVAL": "0.01",
        "WMCURATE_ARXIV_API": None,
        "COLUMNS": "1000",  # no row of the summary is folded
        "NO_COLOR": "1",
        "TERM": "dumb",
    }


@pytest.fixture
def server(fake_arxiv: FakeArxiv) -> FakeArxiv:
    """The fake arXiv, plus one synthetic paper with a venue and links in its comment."""
    fake_arxiv.add_paper(
        "2303.11328", "Zero-1-to-3: Zero-shot One Image to 3D Object", version=2,
        authors=("Ruoshi Liu", "Rundi Wu", "Carl Vondrick"),
        summary="We introduce Zero-1-to-3, a framework for changing the camera viewpoint.",
        comment="ICCV 2023. Project page: https://zero123.cs.columbia.edu/ "
                "Code: https://github.com/cvlab-columbia/zero123",
        published="2023-03-20T17:59:56Z", updated="2023-03-21T10:00:00Z",
    )
    return fake_arxiv


@pytest.fixture
def add(root: Path, server: FakeArxiv, env: dict[str, str | None]) -> Add:
    """`add(*args, input=None, api=True)` runs `wmcurate --root <list> add [--api-url] *args`."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, api: bool = True) -> Result:  # noqa: A002
        url = ["--api-url", server.url] if api else []
        return runner.invoke(
            app,
            ["--root", str(root), "add", *url, *args], input=input, env=env,
        )

    return run
