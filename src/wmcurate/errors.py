"""The one exception family of wmcurate.

Library code raises these with a message written for the user; the CLI catches
`WmcurateError` once, prints the message verbatim and exits with `exit_code`.
"""

from __future__ import annotations


class WmcurateError(Exception):
    """An expected failure; the message says what is wrong and what to do next."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(WmcurateError):
    """`wmcurate.yaml` is missing, unreadable or invalid."""


class EntryError(WmcurateError):
    """One entry file is broken; `location` is `file:line:col`."""

    def __init__(self, location: str, problem: str) -> None:
        super().__init__(f"{location}: {problem}")
        self.location = location
        self.problem = problem


class MarkerError(WmcurateError):
    """A README's generated-block markers are missing, duplicated or unbalanced."""


class ImportFailure(WmcurateError):
    """A markdown list could not be read at all."""


class NetworkError(WmcurateError):
    """arXiv could not be reached or answered with something unusable."""

    exit_code = 1


class InvalidArxivId(WmcurateError):
    """A string given as an arXiv paper is not an arXiv identifier in any accepted form.

    `text` is the input as given; the message names it and lists the accepted forms.
    """

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text


class NotAFeed(NetworkError):
    """The arXiv API answered with something that is not an Atom feed.

    An HTML error page, truncated XML or an empty body: nothing in it can be trusted.
    """


class UnsafeOutput(MarkerError):
    """An output path render must not use: it leaves the list's folder, enters `.git`,
    is shared by two outputs, or cannot be read.

    A kind of `MarkerError` because it is found at the same moment (before anything is
    written) and reported the same way: render refuses, and lint's stale-output rule
    names the file.
    """


class WriteFailure(WmcurateError):
    """Writing the rendered files failed (a read-only folder, a full disk).

    Render writes all its files or none: the message says that the old files were left
    as they were.
    """
