"""The list's venue vocabulary, kept up with the venues `add` writes.

A list with a `venues:` vocabulary records there every venue it uses and how it spells it;
lint warns about a real venue missing from it (WMC306). When `add` writes a stub whose
venue the vocabulary lacks (a venue from the built-in catalogue, or a journal as arXiv's
reference abbreviates it), it adds the name to `venues:` through the round-trip writer, so
the contributor's pull request carries the entry and the vocabulary change together and
the stub passes the list's own lint. A list without `venues:` accepts every venue and is
left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from wmcurate.config import CONFIG_NAME, Config
from wmcurate.entries import dump_yaml, round_trip_yaml, write_atomic
from wmcurate.errors import ConfigError
from wmcurate.venues import preprint, split_venue, venue_index, vocabulary_of

if TYPE_CHECKING:
    from wmcurate.add import AddResult


def missing_venues(config: Config, values: Iterable[str]) -> list[str]:
    """The venue names (without year) of `values` that the list's vocabulary lacks, in
    order and once each; nothing for a list without `venues:` or for preprints."""
    if not config.venues:
        return []
    index = venue_index(vocabulary_of(config.venues))
    missing: dict[str, None] = {}
    for value in values:
        if not value or preprint(value):
            continue
        name, _ = split_venue(value)
        if name and index.resolve(name).status in ("real", "unknown"):
            missing.setdefault(name, None)
    return list(missing)


def add_venues(config: Config, names: Iterable[str]) -> list[str]:
    """Append `names` to `venues:` in wmcurate.yaml (comments, order and style kept);
    returns the names written."""
    wanted = list(dict.fromkeys(n for n in names if n))
    if not wanted:
        return []
    path = config.root / CONFIG_NAME
    try:
        document = round_trip_yaml().load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{CONFIG_NAME}: cannot be read to add venues "
                          f"({exc.strerror or exc})") from None
    venues = document.get("venues")
    if not isinstance(venues, list):
        raise ConfigError(f"{CONFIG_NAME}: venues: is not a list; add {', '.join(wanted)} "
                          "to it by hand")
    venues.extend(wanted)
    write_atomic(path, dump_yaml(document))
    return wanted


def register_added_venues(results: Sequence[AddResult], config: Config,
                          dry_run: bool) -> list[str]:
    """Add the venues of the stubs `add` wrote (or would write) that the vocabulary lacks,
    and say so on each result; returns the names (added, or that a dry run would add)."""
    wanted: dict[str, list[AddResult]] = {}
    for result in results:
        if result.status not in ("added", "refreshed") or result.document is None:
            continue
        venue = result.document.get("venue")
        for name in missing_venues(config, [venue] if isinstance(venue, str) else []):
            wanted.setdefault(name, []).append(result)
    if not wanted:
        return []
    if not dry_run:
        add_venues(config, wanted)
    verb = "would be added" if dry_run else "added"
    for name, owners in wanted.items():
        for result in owners:
            result.note(f"venue {name} {verb} to venues: in {CONFIG_NAME}")
    return list(wanted)
