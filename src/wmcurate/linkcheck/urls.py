"""What a link is before anyone asks a server: valid or not, and which host it talks to.

Pure functions. A link is checked once however many entries quote it: `key` gives the
form two spellings of one address share (scheme and host case, a default port, a fragment,
which never reaches the server).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

import httpx

from wmcurate.quoting import quote

__all__ = ["invalid_reason", "host_of", "key", "with_fragment"]

_WHITESPACE = re.compile(r"\s")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def invalid_reason(url: str) -> str | None:
    """Why `url` cannot be checked (and cannot be followed by a reader), or None.

    An empty link is not invalid: it has no address at all, and the summary counts it.
    """
    if _WHITESPACE.search(url):
        where = "around it" if url.strip() and not _WHITESPACE.search(url.strip()) else "in it"
        return f"has whitespace {where}: remove it (a copy-and-paste leftover)"
    if _CONTROL.search(url):
        return "holds control characters: retype it"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        if not scheme or "/" in scheme or "." in scheme:
            return "is not a URL: write it whole, starting with https://"
        return f"is a {quote(scheme)} link, not an http(s) one: readers cannot follow it"
    try:
        parsed = httpx.URL(url)
        urlsplit(url).port  # noqa: B018 - raises ValueError for a port out of range
    except (httpx.InvalidURL, ValueError) as exc:
        return f"is not a valid URL ({exc})"
    if not parsed.host:
        return "has no host name after the scheme"
    if _local(parsed.host):
        return (f"points at a local or private address ({parsed.host}): readers cannot "
                "follow it")
    return None


def _local(host: str) -> bool:
    """A host only this machine or its network can reach: `localhost`, or a loopback,
    private, link-local or unspecified IP address."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local \
        or address.is_unspecified or address.is_multicast or address.is_reserved


def key(url: str) -> str:
    """The form under which a valid URL is checked and cached: one request for all spellings
    that mean the same resource (a fragment never reaches the server)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) \
        else f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """The host politeness is counted for: its name, whatever the scheme or port."""
    return (urlsplit(url).hostname or "").lower()


def with_fragment(url: str, original: str) -> str:
    """`url` carrying `original`'s fragment when it has none: a redirect keeps the reader
    at the same place in the page."""
    fragment = urlsplit(original).fragment
    if not fragment or urlsplit(url).fragment:
        return url
    return f"{url}#{fragment}"
