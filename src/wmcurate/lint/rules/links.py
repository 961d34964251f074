"""Link rules: empty, non-http, whitespace, code hosts, labels."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from wmcurate.config import BUILT_IN_LINK_LABELS
from wmcurate.lint.fixes import strip
from wmcurate.lint.registry import Issue, ListIndex, rule
from wmcurate.model import Entry

_REPO = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|"
                   r"huggingface\.co)/[^/\s]+/[^/\s]+")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co",
               "gitee.com", "sourceforge.net")
# Institutions host their own forges: gitlab.inria.fr, git.example.edu, gitea.example.org.
_SELF_HOSTED_GIT = re.compile(r"(^|\.)(git|gitlab|gitea|forgejo|gogs)[.-]|^git\.")
_HTTP_URL = re.compile(r"^https?://\S")
_HTTP = re.compile(r"^https?://")
_HTTP_WWW = re.compile(r"^https?://(www\.)?")
_SPACE = re.compile(r"\s")


# -- links -------------------------------------------------------------------------
@rule("WMC501", "link-empty", "error", "entry", "A link has no URL.",
      "Render drops empty links, so the label silently disappears.", """
links: {code: ""}
""", "Fill in the URL or remove the label.")
def link_empty(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for label, url in entry.links.items():
        if not url.strip():
            yield Issue(("links", label), f"links.{label} is empty: add the URL or remove it")


@rule("WMC502", "link-not-http", "error", "entry", "A link is not an http(s) URL.",
      "Readers can only follow web links.", """
links: {code: "github.com/cvlab-columbia/zero123"}
""", "Write the full https:// URL.")
def link_not_http(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for label, url in entry.links.items():
        if url.strip() and not _HTTP_URL.match(url.strip()):
            yield Issue(("links", label), f"links.{label} '{url}' is not an http(s) URL")


@rule("WMC503", "link-whitespace", "error", "entry", "A link contains whitespace.",
      "Whitespace breaks the link; it usually comes from copy and paste.", """
links: {paper: "https://arxiv.org/abs/2303.11328 "}
""", "`--fix` strips surrounding whitespace; whitespace inside must be removed by hand.")
def link_whitespace(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    for label, url in entry.links.items():
        if _SPACE.search(url) and url.strip():
            stripped = url.strip()
            fix = None if _SPACE.search(stripped) else (
                ("links", label), strip, "link whitespace stripped")
            yield Issue(("links", label), f"links.{label} contains whitespace", fix)


@rule("WMC504", "code-not-repository", "error", "entry",
      "A code link does not point at a repository.",
      "`code` is for the repository itself (github.com/<owner>/<repo>, ...), not a profile or "
      "a file.", """
links: {code: "https://github.com/cvlab-columbia"}
""", "Link the repository, or file the link under another label.")
def code_not_repo(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    url = entry.links.get("code", "").strip()
    if not url or not _HTTP.match(url):
        return
    host = _HTTP_WWW.sub("", url).split("/")[0].split(":")[0].lower()
    if host in _CODE_HOSTS:
        if not _REPO.match(url):
            yield Issue(("links", "code"), f"links.code '{url}' is not a repository: link "
                        f"{host}/<owner>/<repo>")
    elif host.endswith((".github.io", ".gitlab.io")) or not _SELF_HOSTED_GIT.search(host):
        yield Issue(("links", "code"), f"links.code '{url}' is not on a code host: if it is "
                    "the project's page, file it under `project`")


@rule("WMC505", "project-equals-code", "warning", "entry",
      "The project page is the same URL as the code link.",
      "A second label for the same URL adds nothing.", """
links: {code: "https://github.com/a/b", project: "https://github.com/a/b"}
""", "Remove the project link, or point it at the project's page.")
def project_equals_code(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    code = entry.links.get("code", "").strip().rstrip("/")
    project = entry.links.get("project", "").strip().rstrip("/")
    if code and code == project:
        yield Issue(("links", "project"), "links.project is the same URL as links.code: remove "
                    "one")


@rule("WMC506", "link-label-unknown", "error", "entry",
      "A link label is not in the list's vocabulary.",
      "Labels are rendered in a fixed order with translated names; an unknown label has none.",
      """
links: {github: "https://github.com/a/b"}
""", "Use a label from `links:` in wmcurate.yaml (code, project, ...), or add it there. A "
      "list without `links:` knows the built-in labels: " + ", ".join(BUILT_IN_LINK_LABELS) + ".")
def link_label_unknown(entry: Entry, raw: Mapping[str, Any], index: ListIndex) -> Iterator[Issue]:
    # A list that names no vocabulary has not restricted its labels beyond the built-in ones.
    known = index.link_labels or set(BUILT_IN_LINK_LABELS)
    for label in entry.links:
        if label not in known:
            alias = index.link_aliases.get(label.casefold().replace("_", " ").replace("-", " "))
            if alias:
                hint = f": use '{alias}' ('{label}' is one of its aliases)"
            else:
                import difflib  # only for a finding's suggestion

                close = difflib.get_close_matches(label, sorted(known), n=1, cutoff=0.5)
                hint = f": did you mean '{close[0]}'?" if close else \
                    "; known: " + ", ".join(sorted(known))
            yield Issue(("links", label), f"unknown link label '{label}'{hint}")


