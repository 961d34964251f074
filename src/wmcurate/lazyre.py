"""Regular expressions compiled on first use.

A character class spanning thousands of code points (an alphabet, the ideographs) takes
a millisecond or more to compile, and a module is imported by every command that needs
any of its functions. `lazy` defers that cost to the first search, so a command that
never meets, say, Korean text never compiles the pattern that finds it; after the first
use, a search costs what it costs on a compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split")


class _Deferred:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        # Only reached for what is not set yet: compile, then keep the compiled pattern's
        # methods as this object's own, so later calls go straight to them.
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used."""
    return cast("re.Pattern[str]", _Deferred(pattern, flags))
