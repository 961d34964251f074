"""What a command shows while it works: never a silent wait.

On a terminal, one live line says what is being waited for and for how long (the answer
to a request, counting up; a pause before a retry or between requests, counting down).
In logs (no terminal), each retry is one line. With `-v`, every request, answer and pause
is one line, terminal or not. `-q` shows none of it. A long job done here (the pages of a
large site) shows how far it got, on a terminal only.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text

from wmcurate.remote import Event, Received, Sent, Waiting

__all__ = ["CountProgress", "FetchProgress", "LiveLine"]


def _doing(task: Task) -> str:
    """The task's current wait, with its clock: `until` counts down, `since` counts up."""
    text = str(task.fields.get("doing", ""))
    now = time.monotonic()
    until = task.fields.get("until")
    since = task.fields.get("since")
    if isinstance(until, float):
        text += f" {max(0.0, until - now):.0f} s"
    elif isinstance(since, float):
        text += f" {now - since:.0f} s"
    return text


class _Doing(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(_doing(task), no_wrap=True, overflow="ellipsis")


class LiveLine:
    """A live line at the foot of a terminal, gone when the work ends; nothing in logs (no
    terminal) or with `-q`. Use as a context manager around the work; `columns` say what
    the line shows."""

    def __init__(self, console: Console, verbosity: int, *columns: Any) -> None:
        self.console = console
        self.verbosity = verbosity
        self._live = verbosity >= 0 and console.is_terminal
        self._progress = Progress(*columns, console=console, transient=True,
                                  disable=not self._live)

    def __enter__(self: _Line) -> _Line:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._progress.stop()


_Line = TypeVar("_Line", bound=LiveLine)


class FetchProgress(LiveLine):
    """A `Reporter` for remote events, and the live line that shows them on a terminal.

    `total` is how many items the fetch settles (None when unknown); `advance(n)` counts them.
    Use as a context manager around the fetch. Each event is shown under the service it
    names, so one display follows a command that asks two services in turn.
    """

    def __init__(self, console: Console, verbosity: int, total: int | None = None,
                 service: str = "arXiv") -> None:
        columns: list[Any] = [_Doing()]
        if total is not None:
            columns[:0] = [BarColumn(bar_width=20), MofNCompleteColumn()]
        super().__init__(console, verbosity, *columns)
        self.service = service
        self._task = self._progress.add_task("fetch", total=total,
                                             doing=f"asking {service}", since=None, until=None)

    def advance(self, count: int) -> None:
        self._progress.advance(self._task, count)

    @property
    def line(self) -> str:
        """What the live line says now (also when it is not shown)."""
        return _doing(self._progress.tasks[0])

    def __call__(self, event: Event) -> None:
        self._show(event)
        if self.verbosity > 0 or (isinstance(event, Waiting) and event.kind == "retry"
                                  and self.verbosity == 0 and not self._live):
            self._log(event)

    def _show(self, event: Event) -> None:
        if isinstance(event, Sent):
            self._progress.update(self._task, doing=f"waiting for {event.service}'s answer "
                                  f"({event.what})", since=time.monotonic(), until=None)
        elif isinstance(event, Waiting) and event.kind == "retry":
            self._progress.update(self._task, doing=f"{event.reason}; retry {event.retry} of "
                                  f"{event.retries} in", since=None,
                                  until=time.monotonic() + event.seconds)
        elif isinstance(event, Waiting):
            self._progress.update(self._task, doing=f"{event.service} asks for a pause between "
                                  "requests; next in", since=None,
                                  until=time.monotonic() + event.seconds)
        else:
            self._progress.update(self._task, doing=f"read {event.service}'s answer",
                                  since=None, until=None)

    def _log(self, event: Event) -> None:
        if isinstance(event, Sent):
            line = f"{event.service}: asking for {event.what}: {event.url}"
        elif isinstance(event, Received):
            outcome = f"HTTP {event.status}, {_size(event.size)}" if event.status else \
                event.problem or "no answer"
            line = f"{event.service}: {outcome} after {event.seconds:.1f} s"
        elif event.kind == "retry":
            line = (f"{event.service}: retry {event.retry} of {event.retries} in "
                    f"{event.seconds:.1f} s: {event.reason}")
        else:
            line = f"{event.service}: waiting {event.seconds:.1f} s between requests"
        self.console.print(line, markup=False, highlight=False)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"


class CountProgress(LiveLine):
    """A live line counting what a long job has made out of `total` (`making pages 1200/
    20000`). `advance` is cheap enough to call per item: the line is told only every
    `STEP` items."""

    STEP = 100

    def __init__(self, console: Console, verbosity: int, total: int, what: str) -> None:
        super().__init__(console, verbosity, TextColumn(what), BarColumn(bar_width=20),
                         MofNCompleteColumn())
        self._task = self._progress.add_task(what, total=total)
        self._count = 0

    def advance(self) -> None:
        self._count += 1
        if self._count % self.STEP == 0:
            self._progress.update(self._task, completed=self._count)

    @property
    def completed(self) -> int:
        return self._count
