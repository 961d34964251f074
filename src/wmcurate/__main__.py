"""`python -m wmcurate`, and the `wmcurate` command (which runs `main` from here too).

A command's process is short-lived: the cycle collector is off from its first import
(Typer's included) to its end (`cli.main`, `cli.app.finish`).
"""

import gc

gc.disable()

from wmcurate.cli import main  # noqa: E402

__all__ = ["main"]

if __name__ == "__main__":
    main()
