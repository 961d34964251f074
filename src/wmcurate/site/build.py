"""`wmcurate site`: the list as a static website.

`build_site` is pure over the config and the entries (it reads the list's READMEs for
the site's title, nothing else): it returns every file of the site as text, or hands
each to a sink as soon as it is made (`writer.SiteWriter`, which puts them in place all at
once).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from wmcurate.config import Config
from wmcurate.model import Entry
from wmcurate.render import Catalog
from wmcurate.site.feeds import feed, sitemap, works_json
from wmcurate.site.links import BrokenLink, broken_links
from wmcurate.site.pages import Pages
from wmcurate.site.search import build_index, chunk_scripts, shard_script
from wmcurate.site.works import Work, works_of
from wmcurate.site.writer import MARKER, SiteError, can_fork, start_helper

STATIC = ("site.css", "site.js", "icon.svg")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Site:
    #: Path under the site (always with /) -> the file's text; empty when the files went
    #: to a writer as they were made.
    files: dict[str, str]
    works: int
    #: Paths of the HTML pages.
    pages: tuple[str, ...]
    #: How many files the site has.
    count: int

    def broken_links(self) -> list[BrokenLink]:
        return broken_links(self.files)


#: Where each file goes as it is made: path under the site, text.
Sink = Callable[[str, str], None]


def bibtex_records(entries: Sequence[Entry], config: Config) -> dict[str, str]:
    """Each entry's BibTeX record, by key, from the BibTeX exporter."""
    from wmcurate.export.bibtex import records

    return dict(records(entries, config))


#: From this many entries on, `background_work` uses a second process.
BACKGROUND_FROM = 1000


def search_scripts(works: Sequence[Work]) -> dict[str, str]:
    """The search index's shard files: shard name -> the script's text."""
    return {name: shard_script(name, table, len(works))
            for name, table in build_index(works).items()}


class _Forked:
    """Results a forked process makes one after another, each sent as soon as it is made
    (the first can be used while the next is being made)."""

    def __init__(self, jobs: Sequence[Callable[[], object]]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_jobs, args=(jobs, send, self._receive),
                                        daemon=True)
        start_helper(self._process)
        send.close()
        self._count = len(jobs)
        self._results: list[object] = []
        self._open = True

    def result(self, n: int) -> object | None:
        """The `n`th result, waiting for it; None when the process died first."""
        while self._open and len(self._results) <= n:
            try:
                found = self._receive.recv()
            except EOFError:
                self._close()
                break
            if isinstance(found, BaseException):
                self._close()
                raise found
            self._results.append(found)
            if len(self._results) == self._count:
                self._close()
        return self._results[n] if n < len(self._results) else None

    def _close(self) -> None:
        self._open = False
        self._process.join()
        self._receive.close()


def _run_jobs(jobs: Sequence[Callable[[], object]], send: Any, builders_end: Any) -> None:
    # The fork copied the builder's end of the pipe: closed here, so that when the builder
    # is gone the pipe is closed too (a send fails) instead of filling up for ever.
    builders_end.close()
    try:
        for n, job in enumerate(jobs):
            try:
                result = job()
            except Exception as exc:  # handed to the parent, which raises it there
                send.send(exc)
                return
            send.send(result)
            if n == 0:
                # The first result is awaited; the rest make way for the builder and the
                # writer, and use what CPU they leave.
                with contextlib.suppress(OSError):
                    os.nice(10)
    except OSError:
        pass  # the pipe is closed: the builder is gone or gave up, no one is listening
    finally:
        send.close()


class _Pending(Mapping[str, str]):
    """One result of a `_Forked`: the first look waits for it (made here if the process
    died)."""

    def __init__(self, forked: _Forked, n: int, fallback: Callable[[], dict[str, str]]
                 ) -> None:
        self._forked, self._n, self._fallback = forked, n, fallback
        self._found: dict[str, str] | None = None

    def _get(self) -> dict[str, str]:
        if self._found is None:
            found = self._forked.result(self._n)
            self._found = found if isinstance(found, dict) else self._fallback()
        return self._found

    def __getitem__(self, key: str) -> str:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def background_work(entries: Sequence[Entry], config: Config
                    ) -> tuple[Mapping[str, str], Mapping[str, str] | None]:
    """The BibTeX records (by key) and the search index's shard files (by name, see
    `search_scripts`), made by a second process while this one builds the pages (they are
    half of a large site's Python work), where the system can fork: the records first,
    which the work pages need. Else the records are made now and the shards left to
    `build_site` (None).

    Call it before any thread starts: a process forked beside threads may deadlock.
    """
    if len(entries) < BACKGROUND_FROM or not can_fork():
        return bibtex_records(entries, config), None

    def records() -> dict[str, str]:
        return bibtex_records(entries, config)

    def shards() -> dict[str, str]:
        return search_scripts(works_of(entries, config))

    forked = _Forked([records, shards])
    return _Pending(forked, 0, records), _Pending(forked, 1, shards)


def build_site(config: Config, entries: Sequence[Entry], base_url: str | None = None,
               bibtex: Mapping[str, str] | None = None, sink: Sink | None = None,
               search: Mapping[str, str] | None = None,
               on_page: Callable[[], None] | None = None) -> Site:
    """Every file of the site for `entries`. `base_url`: where the site will be served
    (canonical links, absolute feed links, sitemap.xml); `bibtex`: key -> record; `sink`:
    where each file goes as soon as it is made (a `SiteWriter`), instead of `Site.files`;
    `search`: the search shards if made elsewhere (`background_work`), else made here;
    `on_page`: called as each page is made (a progress line counts them).

    The index pages and the search shards are made last: their shards may still be in
    the making when the other pages are."""
    bibtex = bibtex if bibtex is not None else {}
    base = _base(base_url)

    def absolute(path: str) -> str | None:
        return base + path if base is not None else None

    files: dict[str, str] = {}
    emit: Sink = sink if sink is not None else files.__setitem__
    count = 0
    #: The pages of each language: its index, then its sections, then its works.
    pages: dict[str, list[str]] = {}

    def page(code: str, made: tuple[str, str], first: bool = False) -> None:
        nonlocal count
        emit(*made)
        if first:
            pages.setdefault(code, []).insert(0, made[0])
        else:
            pages.setdefault(code, []).append(made[0])
        count += 1
        if on_page is not None:
            on_page()

    def other(path: str, text: str) -> None:
        nonlocal count
        emit(path, text)
        count += 1

    works = works_of(entries, config)
    catalog = Catalog(config, entries)
    by_key = {w.key: w for w in works}
    titles = site_titles(config)
    other(MARKER, "Built by `wmcurate site`; the whole folder is replaced by the next build.\n")
    # GitHub Pages would hand the files to Jekyll, which skips some; this says "as they are".
    other(".nojekyll", "")
    for name in STATIC:
        other(f"assets/{name}", _static(name))
    makers: dict[str, tuple[Pages, int]] = {}
    for code in config.language_codes:
        maker = Pages(config, code, titles[code], absolute, bibtex)
        pages[code] = []
        scripts = chunk_scripts(code, (maker.row(w) for w in works))
        for n, script in enumerate(scripts):
            other(f"assets/data/{code}/works-{n}.js", script)
        makers[code] = (maker, len(scripts))
        for section in config.sections:
            in_section = [by_key[e.key] for e in catalog.works(section.id)]
            page(code, maker.section(section.id, in_section))
            feed_path = f"{maker.prefix}sections/{section.id}/feed.xml"
            other(feed_path, feed(config, code, titles[code], feed_path, in_section, absolute,
                                  section.id))
        other(f"{maker.prefix}feed.xml", feed(config, code, titles[code],
                                              f"{maker.prefix}feed.xml", works, absolute))
    # The work pages, which show the BibTeX records, after every page that does not: the
    # records may still be in the making (`background_work`).
    for code, (maker, _) in makers.items():
        for work in works:
            page(code, maker.work(work))
    other("works.json", works_json(config, works, bibtex, absolute))
    other("works.schema.json", _resource("works.schema.json"))
    shards = search if search is not None else search_scripts(works)
    for name, script in shards.items():
        other(f"assets/search/{name}.js", script)
    for code, (maker, chunks) in makers.items():
        page(code, maker.index(works, chunks, list(shards)), first=True)
    ordered = tuple(path for code in config.language_codes for path in pages[code])
    if base is not None:
        other("sitemap.xml", sitemap([base + p.removesuffix("index.html") for p in ordered]))
    return Site(files=files, works=len(works), pages=ordered, count=count)


def _base(base_url: str | None) -> str | None:
    if base_url is None:
        return None
    text = base_url.strip()
    if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", text):
        raise SiteError(f"--base-url {base_url!r}: expected the address the site is served "
                        "from, such as https://owner.github.io/repo/")
    return text if text.endswith("/") else text + "/"


def site_titles(config: Config) -> dict[str, str]:
    """The site's title in each language: the first heading of that language's README,
    else the list's folder name."""
    found: dict[str, str] = {}
    for output in config.outputs:
        if output.language in found:
            continue
        try:
            text = (config.root / output.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        match = _HEADING.search(text)
        if match:
            found[output.language] = match.group(1)
    default = found.get(config.language_codes[0]) or config.root.resolve().name or "wmcurate"
    return {code: found.get(code, default) for code in config.language_codes}


def _static(name: str) -> str:
    return resources.files("wmcurate.site").joinpath("static").joinpath(name).read_text("utf-8")


def _resource(name: str) -> str:
    return resources.files("wmcurate.site").joinpath(name).read_text("utf-8")
