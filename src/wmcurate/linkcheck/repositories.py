"""Repository links on GitHub and GitLab: which repository a URL names.

Pure functions. A repository link that redirects to another repository was renamed or
moved (GitHub and GitLab both keep redirects from the old name); comparing the repository
named before and after the redirects tells that apart from a redirect within one
repository (a default branch renamed, a trailing slash).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["FORGES", "Repository", "repository_of", "same_repository"]

#: Forges whose repository URLs this module reads.
FORGES = frozenset({"github.com", "gitlab.com"})

# First path segments that are the forge's own pages, not an owner.
_NOT_OWNERS = frozenset({
    "about", "apps", "blog", "collections", "contact", "customer-stories", "dashboard",
    "enterprise", "events", "explore", "features", "groups", "help", "issues", "login",
    "marketplace", "notifications", "orgs", "pricing", "pulls", "search", "security",
    "settings", "site", "sponsors", "topics", "trending", "users", "-",
})  # fmt: skip


@dataclass(frozen=True)
class Repository:
    """A repository on a forge: `path` is `owner/name` (GitLab: `group/.../name`)."""

    forge: str
    path: str

    @property
    def url(self) -> str:
        return f"https://{self.forge}/{self.path}"

    @property
    def owner_and_name(self) -> tuple[str, str]:
        owner, _, name = self.path.rpartition("/")
        return owner, name


def repository_of(url: str) -> Repository | None:
    """The GitHub or GitLab repository `url` is in, or None for any other page."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    forge = (parts.hostname or "").lower().removeprefix("www.")
    if forge not in FORGES:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in _NOT_OWNERS:
        return None
    if forge == "gitlab.com":
        # GitLab nests groups: the project path ends where its `/-/` pages begin.
        if "-" in segments:
            segments = segments[:segments.index("-")]
        if len(segments) < 2:
            return None
    else:
        segments = segments[:2]
    segments[-1] = segments[-1].removesuffix(".git")
    if not all(segments):
        return None
    return Repository(forge, "/".join(segments))


def same_repository(a: Repository, b: Repository) -> bool:
    """Forges compare owner and repository names without regard to case.

    An old-style GitLab page (`group/project/tree/main`, no `/-/`) reads as a deeper
    project path: GitLab redirects it into its project, which is the same one.
    """
    if a.forge != b.forge:
        return False
    first, second = a.path.casefold(), b.path.casefold()
    if first == second:
        return True
    return a.forge == "gitlab.com" and (first.startswith(second + "/")
                                        or second.startswith(first + "/"))
