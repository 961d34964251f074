"""What a link's answer means: ok, redirected, moved, dead, blocked, transient or invalid.

Pure functions over what the network part saw (`Reached`: an answer at the end of a
redirect chain, with its first bytes; `Failed`: no answer). The rule behind every verdict
is "no false alarms": a link is called dead only on the server's own word (404, 410) or a
host name that does not exist; whatever could be a server refusing a robot (401, 403,
429, a bot challenge, an unexpected 4xx) is `blocked`, never dead; whatever could pass
(timeouts, 5xx, resets) is `transient`, tried again first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from wmcurate.linkcheck.repositories import repository_of, same_repository
from wmcurate.linkcheck.urls import with_fragment

__all__ = [
    "FAILING",
    "KINDS",
    "Failed",
    "Hop",
    "Kind",
    "Reached",
    "Result",
    "Verdict",
    "classify",
    "looks_like_challenge",
]

Kind = Literal["ok", "redirected", "moved", "dead", "blocked", "transient", "invalid",
               "unchecked"]
#: Every kind, in the order reports list them.
KINDS: tuple[Kind, ...] = ("dead", "invalid", "moved", "redirected", "blocked", "transient",
                           "unchecked", "ok")
#: The kinds that fail a run (exit 1); every other one is a warning at most.
FAILING: frozenset[str] = frozenset({"dead", "invalid"})

PERMANENT = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Hop:
    """One redirecting answer: the URL asked and the status that sent us on."""

    url: str
    status: int


@dataclass(frozen=True)
class Reached:
    """An answer at the end of a redirect chain. `body` holds its first bytes (decoded),
    empty for HEAD; `hops` the redirects followed to get here."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    final_url: str
    hops: tuple[Hop, ...] = ()
    method: str = "GET"


Problem = Literal["unresolved", "dns", "timeout", "deadline", "reset", "refused", "tls",
                  "connect", "protocol", "loop", "redirects", "bad-redirect"]


@dataclass(frozen=True)
class Failed:
    """No answer to show: why (`problem`), in words (`detail`), after which redirects."""

    problem: Problem
    detail: str
    hops: tuple[Hop, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What an answer means, and whether asking again may change it."""

    kind: Kind
    message: str
    status: int = 0
    final_url: str = ""
    new_url: str | None = None
    hops: tuple[Hop, ...] = ()
    #: Worth another try (after `retry_after` seconds when the server said so).
    retry: bool = False
    retry_after: float | None = None


@dataclass(frozen=True)
class Result:
    """The verdict on one URL as reports, the cache and `--write` use it.

    `new_url` is what `--write` puts in place of `url` (a permanent redirect's target, a
    moved repository's new address); `archived` is GitHub's word (None: not asked).
    """

    url: str
    kind: Kind
    message: str
    status: int = 0
    final_url: str = ""
    new_url: str | None = None
    hops: tuple[Hop, ...] = ()
    checked_at: float = 0.0
    cached: bool = False
    archived: bool | None = None
    requests: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["hops"] = [[hop.url, hop.status] for hop in self.hops]
        del record["cached"], record["requests"]
        return record

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Result:
        """A result read back; raises KeyError, TypeError or ValueError on a bad record."""
        kind = record["kind"]
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        hops = tuple(Hop(str(url), int(status)) for url, status in record["hops"])
        archived = record.get("archived")
        new_url = record.get("new_url")
        return cls(str(record["url"]), kind, str(record["message"]), int(record["status"]),
                   str(record["final_url"]), None if new_url is None else str(new_url), hops,
                   float(record["checked_at"]), True,
                   archived if isinstance(archived, bool) else None)


# -- bot challenges and rate limits -----------------------------------------------------------

# Markers the common bot-protection services put in their challenge pages' first bytes:
# Cloudflare, DDoS-Guard, DataDome, PerimeterX (HUMAN), AWS WAF, Imperva / Incapsula,
# Distil, SiteGround, Sucuri, Vercel.
_CHALLENGE_BODY = re.compile(
    r"<title>\s*(?:just a moment\.\.\.|attention required! \| cloudflare|ddos-guard|"
    r"access denied \| [^<]*cloudflare|pardon our interruption|vercel security checkpoint|"
    r"one moment, please\.\.\.|robot challenge screen|checking your browser)"
    r"|cf-browser-verification|/cdn-cgi/challenge-platform/|window\._cf_chl_opt"
    r"|captcha-delivery\.com|px-captcha|_incapsula_resource|incapsula incident id"
    r"|awswafcookiedomainlist|aws-waf-token|sgcaptcha|sucuri website firewall"
    r"|checking your browser before accessing|ddos protection by",
    re.IGNORECASE,
)


def looks_like_challenge(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    """Whether an answer is a bot-protection page rather than the page itself."""
    lowered = {name.lower(): value.lower() for name, value in headers.items()}
    if lowered.get("cf-mitigated", "") == "challenge":
        return True
    if lowered.get("x-amzn-waf-action", "") in ("challenge", "captcha"):
        return True
    # DataDome and Sucuri mark every answer of a site they protect; only a refusal is theirs.
    if status >= 400 and ("x-datadome" in lowered or "x-sucuri-block" in lowered):
        return True
    return bool(body) and _CHALLENGE_BODY.search(body[:65536].decode("utf-8", "replace")) \
        is not None


def _rate_limited(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    lowered = {name.lower(): value for name, value in headers.items()}
    if status == 429:
        return True
    if lowered.get("x-ratelimit-remaining", "").strip() == "0":
        return True
    return status == 403 and b"rate limit" in body[:4096].lower()


# -- redirects --------------------------------------------------------------------------------

_LOGIN_PATH = re.compile(r"/(?:login|log-in|signin|sign-in|sign_in|session|sessions|sso|"
                         r"auth|oauth2?|authorize|cas/login|accounts/login)(?:[/?#.]|$)",
                         re.IGNORECASE)
_LOGIN_HOST = re.compile(r"^(?:login|signin|sso|auth|accounts|idp)\.", re.IGNORECASE)


def _is_login(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_LOGIN_HOST.match(parts.hostname or "") or _LOGIN_PATH.search(parts.path))


def _is_home(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _redirect_verdict(url: str, reached: Reached) -> Verdict:
    """The verdict on a chain that ended in a 2xx answer."""
    hops, final = reached.hops, reached.final_url
    base: dict[str, Any] = {"status": reached.status, "final_url": final, "hops": hops}
    if not hops:
        return Verdict("ok", f"HTTP {reached.status}", **base)
    if any(_is_login(u) for u in [hop.url for hop in hops[1:]] + [final]) and not _is_login(url):
        return Verdict("blocked", f"redirects to a login page ({final}): a reader without an "
                       "account cannot see it; check it by hand", **base)
    old_repo, new_repo = repository_of(url), repository_of(final)
    if old_repo is not None and new_repo is not None and not same_repository(old_repo, new_repo):
        return Verdict("moved", f"the repository moved to {new_repo.url}",
                       new_url=with_fragment(final, url), **base)
    permanent = 0
    while permanent < len(hops) and hops[permanent].status in PERMANENT:
        permanent += 1
    if permanent == 0:
        return Verdict("ok", f"HTTP {reached.status} after a temporary redirect to {final}",
                       **base)
    target = hops[permanent].url if permanent < len(hops) else final
    if _is_home(target) and not _is_home(url):
        return Verdict("redirected", f"permanently redirects to the site's home page "
                       f"({target}): the page may be gone; find its new address by hand",
                       **base)
    return Verdict("redirected", f"permanently redirects to {target}",
                   new_url=with_fragment(target, url), **base)


# -- the verdict ------------------------------------------------------------------------------

_RETRYABLE_FAILURES = frozenset({"dns", "timeout", "deadline", "reset", "refused", "connect",
                                 "protocol"})


def classify(url: str, outcome: Reached | Failed, retry_after: float | None = None) -> Verdict:
    """What `outcome` (the answer to `url`, or its absence) means for the link.

    `retry_after` is the server's `Retry-After`, in seconds, already read from the answer.
    """
    if isinstance(outcome, Failed):
        return _failure(outcome)
    status, headers, body = outcome.status, outcome.headers, outcome.body
    base: dict[str, Any] = {"status": status, "final_url": outcome.final_url,
                            "hops": outcome.hops}
    where = f" at {outcome.final_url}" if outcome.hops else ""
    if looks_like_challenge(status, headers, body):
        return Verdict("blocked", f"a bot-protection page answered (HTTP {status}){where}: "
                       "not a dead link; check it in a browser", **base)
    if 200 <= status < 300:
        return _redirect_verdict(url, outcome)
    if status in (404, 410):
        gone = "gone (HTTP 410)" if status == 410 else "not found (HTTP 404)"
        return Verdict("dead", f"{gone}{where}", **base)
    if _rate_limited(status, headers, body):
        return Verdict("blocked", f"rate-limited by the server (HTTP {status}){where}: not a "
                       "dead link; it was not checked", retry=True, retry_after=retry_after,
                       **base)
    if status == 401:
        return Verdict("blocked", f"needs a login (HTTP 401){where}: check it by hand", **base)
    if status == 403:
        return Verdict("blocked", f"the server refused the check (HTTP 403){where}: often "
                       "bot protection, not a dead link; check it in a browser", **base)
    if status == 451:
        return Verdict("blocked", f"unavailable for legal reasons (HTTP 451){where}", **base)
    if 500 <= status < 600:
        return Verdict("transient", f"server error (HTTP {status}){where}", retry=True,
                       retry_after=retry_after, **base)
    if 300 <= status < 400:
        return Verdict("ok", f"HTTP {status}{where}", **base)
    return Verdict("blocked", f"unexpected answer (HTTP {status}){where}: not counted as dead; "
                   "check it in a browser", **base)


def _failure(failed: Failed) -> Verdict:
    hops = failed.hops
    if failed.problem == "unresolved":
        return Verdict("dead", f"the host name does not resolve ({failed.detail})", hops=hops)
    if failed.problem in ("loop", "redirects"):
        return Verdict("dead", failed.detail, hops=hops)
    if failed.problem == "bad-redirect":
        return Verdict("blocked", failed.detail, hops=hops)
    if failed.problem == "tls":
        return Verdict("transient", f"TLS problem: {failed.detail}", hops=hops)
    return Verdict("transient", failed.detail, hops=hops,
                   retry=failed.problem in _RETRYABLE_FAILURES)
