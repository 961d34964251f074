"""`wmcurate site`: the pages, their safety, the data, the feeds and the command.

The browser drives the built site in tests/test_site_browser.py; here the files are read
as text and XML.
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.entries import load_entries
from wmcurate.site import MARKER, Site, bibtex_records, build_site
from wmcurate.site.links import broken_links
from wmcurate.site.mathtext import with_math
from wmcurate.site.search import CHUNK, MAX_TERM, encode_postings, shard_of, terms
from wmcurate.site.works import works_of

REPO = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"

HOSTILE = {
    "alpha/2302.00002": """\
arxiv: "2302.00002"
title: {en: "<script>alert('t')</script> & \\"Quoted\\" Title", zh: 标题 <b>粗</b>}
authors: ["Ann <img src=x onerror=alert(1)>", Bob]
venue: CVPR 2024
published: 2023-02-01
links:
  paper: https://arxiv.org/abs/2302.00002
  code: "javascript:alert(1)"
  project: "https://example.org/a?b=1&c=<2>"
one_liner: {en: "Ends a list </li></ol> early", zh: 结束</li>列表}
abstract:
  en: "Costs $\\\\mathcal{O}(n^2)$ time; $\\\\text{<script>x</script>}$ is text; $5 and $10 stay."
source:
  {version: 3, updated: 2023-03-01, primary_category: cs.CV, comment: "<i>ICCV</i> \\u0007bell"}
added: 2026-02-01T00:00:00Z
""",
}


def build(root: Path, base_url: str | None = None) -> Site:
    config = load_config(root)
    entries = load_entries(config).entries
    return build_site(config, entries, base_url, bibtex_records(entries, config))


@pytest.fixture
def tiny(make_list: Callable[..., Path], sample_entries: dict[str, str]) -> Path:
    return make_list({**sample_entries, **HOSTILE})


# -- pages -----------------------------------------------------------------------------------
def test_every_work_section_and_language_has_its_page(tiny: Path) -> None:
    site = build(tiny)
    keys = ["2301.00001", "second-work", "2302.00002"]
    for prefix in ("", "zh/"):
        assert f"{prefix}index.html" in site.files
        for key in keys:
            assert f"{prefix}works/{key}/index.html" in site.files
        for section in ("alpha", "beta", "gamma"):
            assert f"{prefix}sections/{section}/index.html" in site.files
    # The index shows the list's title, from each language's README.
    assert "<title>Tiny list</title>" in site.files["index.html"]
    assert "<title>小列表</title>" in site.files["zh/index.html"]
    assert site.works == 3


def test_entry_texts_are_escaped_and_only_web_links_are_links(tiny: Path) -> None:
    site = build(tiny)
    page = site.files["works/2302.00002/index.html"]
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &#34;Quoted&#34; Title" in page
    assert "Ann &lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # shown as text
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in page
    assert "\x07" not in page  # a control character is not text
    zh = site.files["zh/works/2302.00002/index.html"]
    assert "标题 &lt;b&gt;粗&lt;/b&gt;" in zh and "结束&lt;/li&gt;列表" in zh
    for name, text in site.files.items():
        # The data files hold texts as JSON strings, which site.js shows as text.
        if name.endswith((".html", ".xml")):
            assert "<script>alert" not in text, name


def test_pages_hold_no_inline_code_and_load_nothing_from_elsewhere(tiny: Path) -> None:
    site = build(tiny)
    for path in site.pages:
        page = site.files[path]
        assert '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; ' \
            "script-src &#39;self&#39;; style-src &#39;self&#39;" in page
        # Every script is a file of the site; no style attribute, no inline script or style.
        assert re.findall(r"<script(?![^>]*\ssrc=)", page) == []
        assert "<style" not in page and " style=" not in page
        assert re.findall(r"<[a-z][^>]*\son[a-z]+=", page) == []  # no event handler attribute
        for attribute in re.findall(r'\s(?:src|href)="([^"]*)"', page):
            if re.match(r"https?://", attribute):
                assert re.search(r'<a [^>]*href="' + re.escape(attribute), page), \
                    f"{path}: only links may point elsewhere, not {attribute}"
            assert not attribute.startswith("/"), f"{path}: {attribute} breaks under a sub-path"
    css = site.files["assets/site.css"]
    assert "@import" not in css and "url(" not in css
    script = site.files["assets/site.js"]
    assert "http" not in re.sub(r"//.*|/\*[\s\S]*?\*/", "", script)
    assert "eval(" not in script and "innerHTML" not in script


def test_every_control_has_a_label(tiny: Path) -> None:
    page = build(tiny).files["index.html"]
    ids = re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', page)
    assert len(ids) == 7
    for ident in ids:
        assert f'<label for="{ident}">' in page


def test_language_switch_stays_on_the_same_work(tiny: Path) -> None:
    site = build(tiny)
    assert '<a href="../../zh/works/second-work/" hreflang="zh"' in \
        site.files["works/second-work/index.html"]
    assert '<a href="../../../works/second-work/" hreflang="en"' in \
        site.files["zh/works/second-work/index.html"]
    assert '<a href="../../zh/sections/beta/" hreflang="zh"' in \
        site.files["sections/beta/index.html"]


def test_work_page_shows_what_the_entry_holds(tiny: Path) -> None:
    page = build(tiny).files["works/2301.00001/index.html"]
    for text in ("First Work: A Study", "Ada Lovelace, Alan Turing", "ICML 2023", "2301.00001",
                 "Does the first thing.", "A new idea.", "Point one", "We study things.",
                 "<p>Second paragraph.</p>", 'href="https://github.com/example/first"',
                 ">Code</a>", "2026-01-01", "Alpha Methods", "Gamma Systems",
                 '<span class="badge star">representative</span>'):
        assert text in page, text
    hostile = build(tiny).files["works/2302.00002/index.html"]
    for text in ("Latest version", "<dd>3</dd>", "<dd>2023-03-01</dd>", "cs.CV",
                 "&lt;i&gt;ICCV&lt;/i&gt;", "<dd>2023-02-01</dd>"):
        assert text in hostile, text


def test_bibtex_on_the_work_page_is_the_exporters_record(tiny: Path) -> None:
    config = load_config(tiny)
    entries = load_entries(config).entries
    records = bibtex_records(entries, config)
    site = build(tiny)
    for key, record in records.items():
        page = site.files[f"works/{key}/index.html"]
        shown = re.search(r'<pre id="bibtex"[^>]*>(.*?)</pre>', page, re.S)
        assert shown is not None
        from html import unescape

        assert unescape(shown.group(1)) == record
        assert 'id="copy-bibtex"' in page


def test_math_becomes_mathml_and_stays_safe() -> None:
    html = str(with_math(r"Costs $\mathcal{O}(n^2)$; $\text{<script>x</script>}$ and "
                         r"$\href{javascript:alert(1)}{y}$; $5 and $10 stay text."))
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<msup><mi>n</mi><mn>2</mn></msup>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript" not in html.split("title=")[0] and 'href="' not in html
    assert "$5 and $10 stay text." in html
    assert str(with_math(r"bad $\frac{1$ tex")).count("<code") <= 1
    assert str(with_math("a < b")) == "a &lt; b"


# -- search data -----------------------------------------------------------------------------
def test_terms_fold_case_accents_and_split_chinese_into_pairs() -> None:
    assert terms("Zero-1-to-3: Ünïcode NeRF") == {"zero", "1", "to", "3", "unicode", "nerf"}
    # Every character of a run starts a term: pairs, and the run's last character.
    assert terms("世界模型 3D重建") == {"世界", "界模", "模型", "型", "3d", "重建", "建"}
    assert terms("ＣＶＰＲ") == {"cvpr"}
    assert shard_of("world") == "w" and shard_of("世界") == f"u{ord('世') % 64}"


def _terms_by_definition(text: str) -> set[str]:
    """Terms as the module's docstring defines them, computed the plain way: NFKD, accents
    dropped, lower case; runs of letters and digits; in Chinese and Japanese runs, every
    pair of neighbouring characters and each run's last one; nothing over MAX_TERM."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text)
                     if not 0x300 <= ord(c) <= 0x36F).lower()
    found = {w for w in re.findall(r"[^\W_\u3400-\u9fff\uf900-\ufaff]+", folded)
             if len(w) <= MAX_TERM}
    for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", folded):
        found.update(run[i:i + 2] for i in range(len(run) - 1))
        found.add(run[-1])
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Zero", "1", "-", "to", " ", "\n", "\u00a0", "\u3000",
                                 "Ünïcode", "ＣＶＰＲ", "世界", "模型", "重建。", "ﬁ", "¼",
                                 "é", "_", "x" * 41, "e\u0301", "Ω", "ß"]), max_size=30)
       .map("".join))
def test_terms_are_what_the_definition_gives(text: str) -> None:
    # The index looks at each distinct stretch once and folds only non-ASCII ones; the
    # terms must be what the plain definition gives, for any text.
    assert terms(text) == _terms_by_definition(text)


def test_postings_decode_to_the_works_that_hold_the_term() -> None:
    gaps = encode_postings([3, 4, 10], 1000)
    assert gaps == [3, 1, 6]
    dense = encode_postings(list(range(0, 100, 2)), 100)
    assert isinstance(dense, str)
    bits = base64.b64decode(dense)
    assert [n for n in range(100) if bits[n >> 3] >> (n & 7) & 1] == list(range(0, 100, 2))


def test_index_data_holds_every_work_in_order(tiny: Path) -> None:
    site = build(tiny)
    config = load_config(tiny)
    works = works_of(load_entries(config).entries, config)
    script = site.files["assets/data/en/works-0.js"]
    rows = json.loads(re.fullmatch(r'WMC\.chunk\("en",0,(.*)\);\n', script, re.S).group(1))
    assert [r[0] for r in rows] == [w.key for w in works]
    first = next(r for r in rows if r[0] == "2301.00001")
    assert first[4:8] == ["ICML", 2023, ["alpha", "gamma"], 3]
    # Every term of every work is in its shard, pointing at the work's row.
    for number, work in enumerate(works):
        from wmcurate.site.search import searchable_text

        for term in terms(searchable_text(work)):
            shard = site.files[f"assets/search/{shard_of(term)}.js"]
            table = json.loads(re.fullmatch(r'WMC\.shard\("[^"]+",(.*)\);\n', shard,
                                            re.S).group(1))
            gaps = table[term]
            numbers = [sum(gaps[:i + 1]) for i in range(len(gaps))] if isinstance(gaps, list) \
                else [n for n in range(len(works))
                      if base64.b64decode(gaps)[n >> 3] >> (n & 7) & 1]
            assert number in numbers


def test_a_large_list_comes_in_chunks(make_list: Callable[..., Path]) -> None:
    entries = {f"alpha/w{i:05d}": f"title: Work {i}\npublished: 2020-01-01\n"
               for i in range(CHUNK + 5)}
    root = make_list(entries)
    site = build(root)
    assert "assets/data/en/works-1.js" in site.files
    assert "assets/data/en/works-2.js" not in site.files
    assert 'data-chunks="2"' in site.files["index.html"]
    # So many records, and the search shards, are made by a second process, the same as
    # here; the site built with them is the site built without.
    from wmcurate.site.build import _Pending, background_work, search_scripts

    config = load_config(root)
    loaded = load_entries(config).entries
    records, shards = background_work(loaded, config)
    assert isinstance(records, _Pending) and isinstance(shards, _Pending)
    assert dict(records) == bibtex_records(loaded, config) and len(records) == CHUNK + 5
    assert dict(shards) == search_scripts(works_of(loaded, config))
    forked = build_site(config, loaded, None, records, search=shards)
    assert forked.files == site.files and forked.pages == site.pages


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="the system cannot fork")
def test_background_results_survive_a_dead_process_and_raise_its_errors() -> None:
    import os

    from wmcurate.site.build import _Forked, _Pending

    def first() -> dict[str, str]:
        return {"a": "1"}

    forked = _Forked([first, lambda: os._exit(3)])  # the process dies making the second
    assert dict(_Pending(forked, 0, dict)) == {"a": "1"}
    assert dict(_Pending(forked, 1, lambda: {"b": "made here"})) == {"b": "made here"}

    def broken() -> dict[str, str]:
        raise ValueError("bad entry")

    with pytest.raises(ValueError, match="bad entry"):
        dict(_Pending(_Forked([broken]), 0, dict))


# -- feeds, sitemap, works.json ------------------------------------------------------------
def test_feeds_list_the_most_recently_added_works(tiny: Path) -> None:
    site = build(tiny)
    whole = ET.fromstring(site.files["feed.xml"])
    titles = [e.findtext(f"{ATOM}title") for e in whole.iter(f"{ATOM}entry")]
    assert titles == ["<script>alert('t')</script> & \"Quoted\" Title", "Second Work",
                      "First Work: A Study"]
    beta = ET.fromstring(site.files["sections/beta/feed.xml"])
    assert [e.findtext(f"{ATOM}title") for e in beta.iter(f"{ATOM}entry")] == ["Second Work"]
    zh = ET.fromstring(site.files["zh/feed.xml"])
    assert zh.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == "zh"
    for name in ("feed.xml", "zh/feed.xml", "sections/gamma/feed.xml"):
        parsed = feedparser.parse(site.files[name])
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
    link = whole.find(f"{ATOM}entry/{ATOM}link").attrib["href"]
    assert link == "works/2302.00002/"


def test_base_url_gives_canonical_links_sitemap_and_absolute_feeds(tiny: Path) -> None:
    plain = build(tiny)
    assert "sitemap.xml" not in plain.files
    assert 'rel="canonical"' not in plain.files["index.html"]
    site = build(tiny, "https://me.github.io/list")
    assert '<link rel="canonical" href="https://me.github.io/list/works/second-work/">' in \
        site.files["works/second-work/index.html"]
    assert '<link rel="canonical" href="https://me.github.io/list/zh/">' in \
        site.files["zh/index.html"]
    urls = [e.text for e in ET.fromstring(site.files["sitemap.xml"]).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(urls) == len(site.pages)
    assert "https://me.github.io/list/zh/sections/alpha/" in urls
    entry = ET.fromstring(site.files["feed.xml"]).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://me.github.io/list/works/2302.00002/"
    with pytest.raises(Exception, match="--base-url"):
        build(tiny, "me.github.io/list")


def test_works_json_follows_its_schema(tiny: Path) -> None:
    site = build(tiny, "https://x.org/")
    document = json.loads(site.files["works.json"])
    schema = json.loads(site.files["works.schema.json"])
    assert document["format"] == "wmcurate-works" and document["version"] == 1
    assert set(schema["required"]) <= set(document)
    required = schema["$defs"]["work"]["required"]
    assert set(required) == set(schema["$defs"]["work"]["properties"])
    by_key = {w["key"]: w for w in document["works"]}
    assert set(by_key) == {"2301.00001", "second-work", "2302.00002"}
    for work in document["works"]:
        assert list(work) == required
    first = by_key["2301.00001"]
    assert first["sections"] == ["alpha", "gamma"] and first["has_code"] is True
    assert first["url"] == "https://x.org/works/2301.00001/"
    assert first["bibtex"].startswith("@")
    second = by_key["second-work"]
    assert second["title"] == {"en": "Second Work", "zh": "Second Work"}
    assert second["one_liner"] == {"en": "Only English here.", "zh": "Only English here."}
    assert second["published"] is None and second["added"] == "2026-01-02T00:00:00Z"
    hostile = by_key["2302.00002"]
    assert hostile["has_code"] is False  # a javascript: link is no code link
    assert hostile["source"]["updated"] == "2023-03-01"


# -- links -----------------------------------------------------------------------------------
def test_the_built_sites_have_no_broken_link(tiny: Path) -> None:
    assert build(tiny).broken_links() == []
    assert build(REPO).broken_links() == []


def test_broken_links_are_found() -> None:
    files = {
        "index.html": '<a href="works/a/">a</a> <a href="works/b/">b</a> <a href="#top">t</a>'
                      ' <a href="../out.html">o</a> <a href="https://x.org/">x</a>'
                      ' <script src="assets/gone.js"></script> <a href="works/a/#sec">s</a>'
                      ' <a href="works/a/#nope">n</a> <a href="./?q=1">q</a>',
        "works/a/index.html": '<h2 id="sec">S</h2>',
    }
    found = {(b.page, b.link) for b in broken_links(files)}
    assert found == {("index.html", "works/b/"), ("index.html", "#top"),
                     ("index.html", "../out.html"), ("index.html", "assets/gone.js"),
                     ("index.html", "works/a/#nope")}


# -- the command -----------------------------------------------------------------------------
def test_site_command_writes_replaces_and_checks(tiny: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(tiny), "site"])
    assert result.exit_code == 0, result.output
    out = tiny / "site"
    assert (out / "index.html").is_file() and (out / MARKER).is_file()
    assert (out / "works" / "second-work" / "index.html").is_file()
    assert "no --base-url" in result.output
    (out / "stale.html").write_text("old", encoding="utf-8")
    again = runner.invoke(app, ["--root", str(tiny), "site", "--base-url", "https://x.org/"])
    assert again.exit_code == 0, again.output
    assert not (out / "stale.html").exists() and (out / "sitemap.xml").is_file()
    assert [p.name for p in tiny.iterdir() if p.name.startswith(".site")] == []
    checked = runner.invoke(app, ["--root", str(tiny), "site", "--check", "--out",
                                  str(tiny / "elsewhere")])
    assert checked.exit_code == 0, checked.output
    assert "no broken internal link" in checked.output
    assert not (tiny / "elsewhere").exists()


def test_site_refuses_a_folder_it_did_not_build(tiny: Path, runner: CliRunner) -> None:
    mine = tiny / "docs"
    mine.mkdir()
    (mine / "notes.md").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["--root", str(tiny), "site", "--out", str(mine)])
    assert result.exit_code == 2
    assert "not empty and was not built by `wmcurate site`" in result.output
    assert (mine / "notes.md").read_text(encoding="utf-8") == "mine"
    for target in (tiny, tiny.parent, tiny / "entries" / "alpha"):
        refused = runner.invoke(app, ["--root", str(tiny), "site", "--out", str(target)])
        assert refused.exit_code == 2, target
    assert (tiny / "wmcurate.yaml").is_file()


def test_site_check_fails_on_broken_links(tiny: Path, runner: CliRunner,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import wmcurate.site as site_package

    real = site_package.build_site

    def broken(*args: object, **kwargs: object) -> Site:
        site = real(*args, **kwargs)  # type: ignore[arg-type]
        site.files["index.html"] += '<a href="works/missing/">x</a>'
        return site

    monkeypatch.setattr(site_package, "build_site", broken)
    result = runner.invoke(app, ["--root", str(tiny), "site", "--check"])
    assert result.exit_code == 1
    assert "broken link: index.html: works/missing/: works/missing/index.html is not part " \
        "of the site" in result.output
    assert not (tiny / "site").exists()


def test_site_refuses_broken_entries_and_bad_base_url(tiny: Path, runner: CliRunner) -> None:
    bad = runner.invoke(app, ["--root", str(tiny), "site", "--base-url", "ftp://x"])
    assert bad.exit_code == 2 and "--base-url 'ftp://x'" in bad.output
    (tiny / "entries" / "alpha" / "broken.yaml").write_text("title: [unclosed\n",
                                                            encoding="utf-8")
    result = runner.invoke(app, ["--root", str(tiny), "site"])
    assert result.exit_code == 2 and "broken.yaml" in result.output
    assert not (tiny / "site").exists()


def test_shipped_list_builds() -> None:
    site = build(REPO)
    config = load_config(REPO)
    entries = load_entries(config).entries
    assert site.works == len(entries) > 0
    for entry in entries:
        assert f"works/{entry.key}/index.html" in site.files
        assert f"zh/works/{entry.key}/index.html" in site.files


def test_a_failed_write_leaves_the_previous_site(tiny: Path) -> None:
    from wmcurate.errors import WriteFailure
    from wmcurate.site import SiteWriter, write_site

    out = tiny / "site"
    write_site(build(tiny), out, tiny)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    with pytest.raises(WriteFailure, match="the previous site, if any, was left as it was"), \
            SiteWriter(out, tiny) as writer:
        writer.put("a", "a file")
        writer.put("a/b.html", "under a file: cannot be written")
    with pytest.raises(RuntimeError), SiteWriter(out, tiny) as writer:
        writer.put("index.html", "half a site")
        raise RuntimeError("the build failed")
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert "half a site" not in (out / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in tiny.iterdir() if p.name.startswith(".site")] == []


def test_formulas_in_titles_and_one_liners_are_drawn(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2303.00003": "title: 'Sorting in $\\mathcal{O}(n)$ time'\n"
                                         "one_liner: 'Costs $n^2$, not $5.'\n"})
    site = build(root)
    page = site.files["works/2303.00003/index.html"]
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert heading.startswith("Sorting in <span class=\"math\"") and "<math" in heading
    assert "<title>Sorting in $\\mathcal{O}(n)$ time · Tiny list</title>" in page
    assert "<msup><mi>n</mi><mn>2</mn></msup>" in page and "not $5." in page
    assert "<math" in site.files["sections/alpha/index.html"]


def test_newest_first_uses_the_first_version_else_the_month_the_arxiv_id_names(
        make_list: Callable[..., Path]) -> None:
    # Built entries: dates and IDs chosen to interleave; one work has no arXiv ID.
    def entry(arxiv: str | None, published: str | None = None) -> str:
        lines = [f'arxiv: "{arxiv}"'] if arxiv else []
        lines += ["title: A Work", "venue: ICML 2023"]
        lines += [f"published: {published}"] if published else []
        return "\n".join(lines) + "\n"

    root = make_list({
        "alpha/1502.03044": entry("1502.03044"),
        "alpha/2409.17692": entry("2409.17692", "2024-09-26"),
        "alpha/2409.00001": entry("2409.00001"),
        "alpha/2410.00002": entry("2410.00002"),
        "alpha/a-product": entry(None),
        "alpha/hep-th_9901001": entry("hep-th/9901001"),
        "alpha/2409.20000": entry("2409.20000", "2024-09-02"),
    })
    config = load_config(root)
    works = works_of(load_entries(config).entries, config)
    assert [w.key for w in works] == [
        "2410.00002",  # October 2024, from its ID
        "2409.17692",  # 26 September 2024
        "2409.20000",  # 2 September 2024
        "2409.00001",  # September 2024, from its ID: the 1st is the earliest it can be
        "1502.03044", "hep-th_9901001", "a-product"]
