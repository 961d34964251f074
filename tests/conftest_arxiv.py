"""Pytest fixtures for tests that talk to a fake arXiv over real HTTP.

Import them from tests/conftest.py (`from conftest_arxiv import fake_arxiv, no_arxiv_waits`)
or from a test module.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from arxiv_server import FakeArxiv

from wmcurate.remote import SystemClock


@pytest.fixture
def fake_arxiv() -> Iterator[FakeArxiv]:
    """A fake arXiv API on 127.0.0.1; point a client at `fake_arxiv.url`."""
    with FakeArxiv.running() as server:
        yield server


@pytest.fixture
def no_arxiv_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make every client built with the default clock skip its sleeps (spacing, backoff).

    For CLI tests, which cannot pass a clock. The client's clock becomes virtual: it moves
    only by the sleeps it skips, so the waits it asks for depend on nothing but the client's
    own rules, however loaded the machine (socket timeouts stay real). Returns the list of
    skipped sleeps in seconds.
    """
    skipped: list[float] = []
    now = [1000.0]

    def sleep(self: SystemClock, seconds: float) -> None:
        skipped.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(SystemClock, "sleep", sleep)
    monkeypatch.setattr(SystemClock, "monotonic", lambda self: now[0])
    return skipped
