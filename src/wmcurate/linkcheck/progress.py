"""What `wmcurate links` shows while it works: never a silent wait.

On a terminal, one live line: how many links are settled, how many requests are out, and
the longest pause a host asked for. In logs (no terminal), each retry and each pause a host
asked for is one line. With `-v`, every request and answer is a line, terminal or not.
`-q` shows none of it.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, Task
from rich.text import Text

from wmcurate.linkcheck.outcomes import Result
from wmcurate.progress import LiveLine
from wmcurate.quoting import escape
from wmcurate.remote import Event, Received, Sent, Waiting

__all__ = ["LinkProgress"]


class _Doing(ProgressColumn):
    def render(self, task: Task) -> Text:
        doing = str(task.fields.get("doing", ""))
        until = task.fields.get("until")
        if isinstance(until, float) and until > time.monotonic():
            doing += f" ({until - time.monotonic():.0f} s)"
        return Text(doing, no_wrap=True, overflow="ellipsis")


class LinkProgress(LiveLine):
    """A `Reporter` for the link check's events and the live line; `settled` counts links."""

    def __init__(self, console: Console, verbosity: int, total: int | None = None) -> None:
        super().__init__(console, verbosity, BarColumn(bar_width=20), MofNCompleteColumn(),
                         _Doing())
        self._task = self._progress.add_task("links", total=total, doing="checking links",
                                             until=None)
        self._out = 0

    def plan(self, total: int) -> None:
        """`total` links are to be asked of their hosts (the others needed no request)."""
        self._progress.update(self._task, total=total)

    def settled(self, url: str, result: Result) -> None:
        self._progress.advance(self._task, 1)

    def __call__(self, event: Event) -> None:
        if isinstance(event, Sent):
            self._out += 1
        elif isinstance(event, Received):
            self._out = max(0, self._out - 1)
        if isinstance(event, Waiting) and event.kind == "retry":
            reason = f": {event.reason}" if event.reason else ""
            self._progress.update(self._task, doing=f"{event.service} asked for a pause"
                                  f"{escape(reason)}", until=time.monotonic() + event.seconds)
            if self.verbosity > 0 or (self.verbosity == 0 and not self._live):
                self._print(f"links: waiting {event.seconds:.1f} s for {event.service}"
                            f"{reason}")
        elif isinstance(event, Sent | Received):
            self._progress.update(self._task, doing=f"{self._out} request(s) out")
        if self.verbosity > 0 and isinstance(event, Sent):
            self._print(f"links: asking {event.url}")
        elif self.verbosity > 0 and isinstance(event, Received):
            outcome = f"HTTP {event.status}" if event.status else event.problem or "no answer"
            self._print(f"links: {event.service}: {outcome} after {event.seconds:.1f} s")

    def _print(self, line: str) -> None:
        self.console.print(escape(line), markup=False, highlight=False)
