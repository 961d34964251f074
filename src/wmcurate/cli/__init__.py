"""The `wmcurate` command: parses arguments, calls one library function, prints, exits.

`app` holds the global options and what every command shares; each command lives in
its own module, registered on `app` when imported here.
"""

from __future__ import annotations

import gc
import os
import sys

# Importing a command's module registers the command on `app`; --help lists the commands
# in workflow order (`app.WORKFLOW`), whatever the order here.
from wmcurate.cli import (  # noqa: F401
    add,
    export,
    importing,
    init,
    links,
    lint,
    refresh,
    render,
    schema,
    site,
)
from wmcurate.cli.app import app, finish
from wmcurate.cli.clients import DEFAULT_MAX_WAIT

__all__ = ["DEFAULT_MAX_WAIT", "app", "main"]


def main() -> None:
    # Windows consoles and pipes may not default to UTF-8; titles are not ASCII.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and os.environ.get("PYTHONIOENCODING") is None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
    # The collector stays off for the whole command, its imports included (see `run`).
    gc.disable()
    try:
        app()
    finally:
        finish()

