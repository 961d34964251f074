"""Which entries changed, for `lint --online`'s link check: git knows.

An entry file counts as changed when it differs between the base and the working tree
(committed since the base, staged, modified or new and untracked). The base is `--since
REV` when given; else the merge base of HEAD with the branch a pull request targets
(`origin/$GITHUB_BASE_REF` in GitHub Actions), with the branch's upstream, or with
`origin/HEAD`, the first that exists; else HEAD itself (only uncommitted changes count).
Outside a git repository (or without git) no entry counts as changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wmcurate.config import Config
from wmcurate.errors import WmcurateError

__all__ = ["Changed", "changed_entries"]


@dataclass(frozen=True)
class Changed:
    """The changed entry files (None: git could not tell), the base they were compared
    with, and a note saying so for the user."""

    paths: frozenset[Path] | None
    base: str
    note: str


def changed_entries(config: Config, since: str | None = None,
                    environ: Mapping[str, str] = os.environ) -> Changed:
    git = shutil.which("git")
    if git is None:
        if since is not None:
            raise WmcurateError("--since needs git, which is not installed")
        return Changed(None, "", "git is not installed, so no entry counts as changed")
    top = _git(git, config.root, "rev-parse", "--show-toplevel")
    if top is None:
        if since is not None:
            raise WmcurateError(f"--since needs a git repository; {config.root} is not in one")
        return Changed(None, "", "the list is not in a git repository, so no entry counts "
                       "as changed")
    toplevel = Path(top.strip())
    base, described = _base(git, toplevel, since, environ)
    names: list[str] = []
    if base is not None:
        diff = _git(git, toplevel, "diff", "--name-only", "--no-renames", "-z", base, "--")
        if diff is None:
            raise WmcurateError(f"git could not compare the list with {described}")
        names += diff.split("\0")
    untracked = _git(git, toplevel, "ls-files", "--others", "--exclude-standard", "-z")
    names += (untracked or "").split("\0")
    entries = config.entries_dir.resolve()
    paths = frozenset(path for path in (toplevel / name for name in names if name)
                      if path.suffix == ".yaml" and path.is_file()
                      and path.resolve().is_relative_to(entries))
    return Changed(paths, described, f"{len(paths)} entr{'y' if len(paths) == 1 else 'ies'} "
                   f"changed since {described}")


def _base(git: str, top: Path, since: str | None, environ: Mapping[str, str]
          ) -> tuple[str | None, str]:
    """The commit to compare with (None: no commit yet) and how to name it."""
    if since is not None:
        commit = _git(git, top, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
        if commit is None:
            raise WmcurateError(f"--since {since!r}: git knows no such commit, branch or tag")
        return commit.strip(), since
    candidates = []
    if environ.get("GITHUB_BASE_REF"):
        candidates.append(f"origin/{environ['GITHUB_BASE_REF']}")
    candidates += ["@{upstream}", "origin/HEAD"]
    head = _git(git, top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head is None:
        return None, "the start of the repository"
    for candidate in candidates:
        if _git(git, top, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"):
            merge_base = _git(git, top, "merge-base", "HEAD", candidate)
            if merge_base is not None:
                return merge_base.strip(), f"the merge base with {candidate}"
    return head.strip(), "the last commit"


def _git(git: str, cwd: Path, *args: str) -> str | None:
    """git's output, or None when it fails."""
    try:
        done = subprocess.run([git, "-C", str(cwd), *args], capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", timeout=60,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
