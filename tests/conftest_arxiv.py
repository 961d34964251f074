"""Pytest fixtures for tests that talk to a fake arXiv over real HTTP.

Import them from tests/conftest.py (`from conftest_arxiv import fake_arxiv, no_arxiv_waits`)
or from a test module.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from arxiv_server import FakeArxiv

from wmcurate.arxiv import SystemClock


@pytest.fixture
def fake_arxiv() -> Iterator[FakeArxiv]:
    """A fake arXiv API on 127.0.0.1; point a client at `fake_arxiv.url`."""
    with FakeArxiv.running() as server:
        yield server


@pytest.fixture
def no_arxiv_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make every ArxivClient built with the default clock skip its sleeps (spacing, backoff).

    For CLI tests, which cannot pass a clock; returns the list of skipped sleeps in seconds.
    """
    skipped: list[float] = []
    monkeypatch.setattr(SystemClock, "sleep", lambda self, seconds: skipped.append(seconds))
    return skipped
