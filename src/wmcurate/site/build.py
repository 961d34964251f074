"""`wmcurate site`: the list as a static website.

`build_site` is pure over the config and the entries (it reads the list's READMEs for
the site's title, nothing else): it returns every file of the site as text. `write_site`
puts them in place all at once: the new site is written beside the old one and swapped in,
so a failed build leaves the previous site whole.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from wmcurate.config import Config
from wmcurate.errors import WmcurateError, WriteFailure
from wmcurate.model import Entry
from wmcurate.render import Catalog
from wmcurate.site.feeds import feed, sitemap, works_json
from wmcurate.site.links import BrokenLink, broken_links
from wmcurate.site.pages import Pages
from wmcurate.site.search import build_index, chunk_scripts, shard_script
from wmcurate.site.works import works_of

#: Written into every site this command builds: only such a folder is ever replaced.
MARKER = ".wmcurate-site"
STATIC = ("site.css", "site.js", "icon.svg")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


class SiteError(WmcurateError):
    """The site cannot be built or written where asked."""


@dataclass(frozen=True)
class Site:
    #: Path under the site (always with /) -> the file's text.
    files: dict[str, str]
    works: int
    #: Paths of the HTML pages.
    pages: tuple[str, ...]

    def broken_links(self) -> list[BrokenLink]:
        return broken_links(self.files)


def bibtex_records(entries: Sequence[Entry], config: Config) -> dict[str, str]:
    """Each entry's BibTeX record, by key, from the BibTeX exporter."""
    from wmcurate.export.bibtex import records

    return dict(records(entries, config))


def build_site(config: Config, entries: Sequence[Entry], base_url: str | None = None,
               bibtex: Mapping[str, str] | None = None) -> Site:
    """Every file of the site for `entries`. `base_url`: where the site will be served
    (canonical links, absolute feed links, sitemap.xml); `bibtex`: key -> record."""
    bibtex = bibtex if bibtex is not None else {}
    base = _base(base_url)

    def absolute(path: str) -> str | None:
        return base + path if base is not None else None

    works = works_of(entries, config)
    catalog = Catalog(config, entries)
    by_key = {w.key: w for w in works}
    files: dict[str, str] = {}
    pages: list[str] = []
    titles = site_titles(config)
    index = build_index(works)
    for name, table in index.items():
        files[f"assets/search/{name}.js"] = shard_script(name, table, len(works))
    for code in config.language_codes:
        maker = Pages(config, code, titles[code], absolute, bibtex)
        scripts = chunk_scripts(code, (maker.row(w) for w in works))
        for n, script in enumerate(scripts):
            files[f"assets/data/{code}/works-{n}.js"] = script
        made = [maker.index(works, len(scripts), list(index))]
        for section in config.sections:
            in_section = [by_key[e.key] for e in catalog.works(section.id)]
            made.append(maker.section(section.id, in_section))
            feed_path = f"{maker.prefix}sections/{section.id}/feed.xml"
            files[feed_path] = feed(config, code, titles[code], feed_path, in_section, absolute,
                                    section.id)
        made.extend(maker.work(w) for w in works)
        for path, text in made:
            files[path] = text
            pages.append(path)
        files[f"{maker.prefix}feed.xml"] = feed(config, code, titles[code],
                                                f"{maker.prefix}feed.xml", works, absolute)
    for name in STATIC:
        files[f"assets/{name}"] = _static(name)
    files["works.json"] = works_json(config, works, bibtex, absolute)
    files["works.schema.json"] = _resource("works.schema.json")
    if base is not None:
        files["sitemap.xml"] = sitemap([
            base + (p.removesuffix("index.html")) for p in pages])
    # GitHub Pages would hand the files to Jekyll, which skips some; this says "as they are".
    files[".nojekyll"] = ""
    files[MARKER] = "Built by `wmcurate site`; the whole folder is replaced by the next build.\n"
    return Site(files=files, works=len(works), pages=tuple(pages))


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


# -- writing ----------------------------------------------------------------------------------
def check_target(out: Path, root: Path) -> None:
    """Refuse a folder whose replacement would lose something that is not a built site."""
    out_real, root_real = out.resolve(), root.resolve()
    if out_real == root_real or out_real in root_real.parents:
        raise SiteError(f"{out}: the site cannot go there, it holds the list itself; "
                        "choose a folder of its own, such as site/")
    if (root_real / "entries") in (out_real, *out_real.parents) or \
            (root_real / ".git") in (out_real, *out_real.parents):
        raise SiteError(f"{out}: the site cannot go among the entries or into .git")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out}: exists and is not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out}: the folder is not empty and was not built by `wmcurate site` "
                        f"(no {MARKER} in it); empty it or choose another --out")


def write_site(site: Site, out: Path, root: Path,
               progress: Callable[[int], None] | None = None) -> None:
    """Write the site to `out`, replacing a site built there before, all at once."""
    check_target(out, root)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailure(f"{parent}: cannot be created ({exc.strerror or exc})") from None
    staging = parent / f".{out.name}.new-{os.getpid()}"
    retired = parent / f".{out.name}.old-{os.getpid()}"
    try:
        _write_tree(staging, site.files, progress)
        if out.exists():
            os.replace(out, retired)
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            os.replace(retired, out)
        raise WriteFailure(f"{out}: the site could not be written ({exc.strerror or exc}); "
                           "the previous site, if any, was left as it was") from None
    shutil.rmtree(retired, ignore_errors=True)


def _write_tree(folder: Path, files: Mapping[str, str],
                progress: Callable[[int], None] | None) -> None:
    # os.open and os.write, not open(): a site is tens of thousands of small files, and a
    # file object per file costs more than the writing.
    made: set[str] = set()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    base = str(folder)
    os.mkdir(base)
    for n, (name, text) in enumerate(files.items()):
        directory = name.rpartition("/")[0]
        if directory and directory not in made:
            os.makedirs(f"{base}/{directory}", exist_ok=True)
            made.add(directory)
        handle = os.open(f"{base}/{name}", flags, 0o644)
        try:
            data = text.encode("utf-8")
            while data:
                data = data[os.write(handle, data):]
        finally:
            os.close(handle)
        if progress is not None and n % 1000 == 999:
            progress(n + 1)
