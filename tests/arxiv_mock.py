"""Helpers for respx-based tests of the arXiv client: a fake clock and a fake arXiv answer."""

from __future__ import annotations

import random
from collections.abc import Callable
from urllib.parse import parse_qs

import httpx
from arxiv_server import entry_xml, feed_xml

from wmcurate.ids import parse_arxiv_id

ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}


class FakeClock:
    """Time that only moves when the client sleeps (or a test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.wall = 1_800_000_000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.wall + self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def params(request: httpx.Request) -> dict[str, str]:
    query = request.content.decode() if request.method == "POST" else request.url.query.decode()
    return {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}


def knows(*ids: str, order: str = "request") -> Callable[[httpx.Request], httpx.Response]:
    """A server that knows these papers (`id` or `idvN`) and answers like the current arXiv."""
    table: dict[str, tuple[str, int]] = {}
    for text in ids:
        arxiv_id = parse_arxiv_id(text)
        table[arxiv_id.base] = (arxiv_id.base, arxiv_id.version or 1)

    def answer(request: httpx.Request) -> httpx.Response:
        entries = []
        for requested in params(request)["id_list"].split(","):
            wanted = parse_arxiv_id(requested)
            if wanted.base in table:
                base, version = table[wanted.base]
                entries.append(entry_xml(base, f"Paper {base}", version=version))
        if order == "shuffled":
            random.Random(7).shuffle(entries)
        elif order == "reversed":
            entries.reverse()
        return httpx.Response(200, headers=ATOM, content=feed_xml(entries, "id_list=..."))

    return answer
