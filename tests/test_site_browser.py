"""`wmcurate site` in a real browser: headless Chromium from the distribution's packages,
driven by selenium, against the built site served from 127.0.0.1 under a sub-path (as on a
GitHub Pages project site) and opened from disk.

Without Chromium, its driver or selenium every test here is skipped, saying which is
missing (.ci/run installs Debian's `chromium` and `chromium-driver`). Screenshots go to
tmp/artifacts/site/ in the repository.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from wmcurate.config import load_config
from wmcurate.entries import load_entries
from wmcurate.model import Entry
from wmcurate.site import bibtex_records, build_site, write_site
from wmcurate.site.search import query_tokens, searchable_text, terms
from wmcurate.site.works import Work, works_of

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tmp" / "artifacts" / "site"
#: Chromium on a closed network: no background requests, no first-run, a fresh profile.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")
BIG = 1500  # works in the synthetic list: more than one data file


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            return f"{program} is not on PATH (apt-get install chromium chromium-driver)"
    return None


MISSING = _missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"no browser: {MISSING}")


# -- the sites and the browser ----------------------------------------------------------------
class Served:
    def __init__(self, root: Path, folder: Path, url: str, file_url: str) -> None:
        self.root = root
        self.folder = folder
        self.url = url  # http://127.0.0.1:PORT/sub/path/
        self.file_url = file_url
        config = load_config(root)
        self.entries: list[Entry] = load_entries(config).entries
        self.works: list[Work] = works_of(self.entries, config)
        self.config = config
        self.terms = {w.key: terms(searchable_text(w)) for w in self.works}

    def matching(self, query: str) -> set[str]:
        tokens = query_tokens(query)
        return {w.key for w in self.works
                if all(any(t.startswith(tok) for t in self.terms[w.key]) for tok in tokens)}


def _synthetic(folder: Path) -> Path:
    """A list of BIG built works (built test data), two sections, both languages."""
    root = folder / "big"
    (root / "entries" / "alpha").mkdir(parents=True)
    (root / "entries" / "beta").mkdir()
    (root / "wmcurate.yaml").write_text(
        "# Built for the browser tests: a list larger than one data file.\n"
        "languages: [{code: en, name: English}, {code: zh, name: 中文}]\n"
        "parts: [{id: all, title: {en: All, zh: 全部}}]\n"
        "sections:\n"
        "  - {id: alpha, part: all, title: {en: Alpha, zh: 甲}}\n"
        "  - {id: beta, part: all, title: {en: Beta, zh: 乙}}\n", encoding="utf-8")
    for i in range(BIG):
        section = "alpha" if i % 3 else "beta"
        (root / "entries" / section / f"w{i:05d}.yaml").write_text(
            f"title: {{en: Synthetic work number{i}, zh: 合成作品{i}}}\n"
            f"authors: [Author {i % 17}]\nvenue: CVPR {2015 + i % 10}\n"
            f"published: {2015 + i % 10}-0{1 + i % 9}-1{i % 10}\n"
            + ("links: {code: https://example.org/code}\n" if i % 4 == 0 else ""),
            encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, Served]]:
    with tempfile.TemporaryDirectory(prefix="wmcurate-site-browser-") as tmp:
        www = Path(tmp) / "www"
        lists = {"shipped": REPO, "big": _synthetic(Path(tmp))}
        handler = functools.partial(_QuietHandler, directory=str(www))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        served = {}
        for name, root in lists.items():
            config = load_config(root)
            entries = load_entries(config).entries
            folder = www / "sub" / name
            write_site(build_site(config, entries, None, bibtex_records(entries, config)),
                       folder, root)
            served[name] = Served(root, folder,
                                  f"http://127.0.0.1:{server.server_port}/sub/{name}/",
                                  folder.joinpath("index.html").as_uri())
        try:
            yield served
        finally:
            server.shutdown()
            server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="wmcurate-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options,
                              service=Service(shutil.which("chromedriver") or "chromedriver"))
    driver.set_window_size(1280, 1000)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver: Any, condition: Callable[[Any], Any], timeout: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def settled(driver: Any, search: str | None = None) -> dict[str, Any]:
    """Wait until every work is loaded and the results show the view the URL names (and,
    given `search`, the URL's query string is that)."""
    return wait(driver, lambda d: d.execute_script(
        "var l = document.getElementById('results');"
        "return document.getElementById('main').getAttribute('data-ready') === '1' &&"
        " l.getAttribute('data-view') === location.search &&"
        " (arguments[0] === null || location.search === arguments[0]) &&"
        " {count: +l.getAttribute('data-count'), status:"
        " document.getElementById('status').textContent, search: location.search,"
        " links: Array.from(l.querySelectorAll('a.title')).map(a => a.getAttribute('href'))}",
        search))


def open_index(driver: Any, url: str) -> dict[str, Any]:
    driver.get(url)
    return settled(driver)


def type_query(driver: Any, text: str) -> dict[str, Any]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "q")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)
    wait(driver, lambda d: d.execute_script("return document.getElementById('q').value") == text)
    return settled(driver)


def keys_of(links: list[str]) -> list[str]:
    return [link.rstrip("/").removesuffix("/index.html").rsplit("/", 1)[-1] for link in links]


def severe_logs(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


# -- search and filters -----------------------------------------------------------------------
QUERIES = ("diffusion", "video gen", "世界", "世界模型", "3d", "zero-1-to-3", "nerf",
           "Gaussian splat", "xyzzyplugh", "CVPR", "一致性")


def test_typed_queries_find_the_works_that_hold_every_word(browser: Any,
                                                           sites: dict[str, Served]) -> None:
    site = sites["shipped"]
    first = open_index(browser, site.url)
    assert first["count"] == len(site.works)
    for query in QUERIES:
        view = type_query(browser, query)
        expected = site.matching(query)
        assert view["count"] == len(expected), query
        assert set(keys_of(view["links"])) <= expected, query
        assert "q=" in view["search"]
    assert any(site.matching(q) for q in QUERIES) and not site.matching("xyzzyplugh")
    assert severe_logs(browser) == []


def test_the_browser_splits_a_query_as_the_index_does(browser: Any,
                                                      sites: dict[str, Served]) -> None:
    open_index(browser, sites["shipped"].url)
    samples = ["Zero-1-to-3: Ünïcode NeRF", "世界模型 3D重建", "ＣＶＰＲ 2024", "naïve café",
               "模", "a_b-c", "Ωmega ΣIGMA", "x" * 50]
    split = browser.execute_script("return arguments[0].map(WMC.queryTokens)", samples)
    assert split == [query_tokens(s) for s in samples]


def test_filters_apply_and_clear(browser: Any, sites: dict[str, Served]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    site = sites["shipped"]
    open_index(browser, site.url)
    section = site.config.sections[3].id
    in_section = {w.key for w in site.works if section in w.sections}
    Select(browser.find_element(By.ID, "f-section")).select_by_value(section)
    assert settled(browser)["count"] == len(in_section) > 0
    browser.find_element(By.ID, "f-code").click()
    with_code = {w.key for w in site.works if w.has_code} & in_section
    view = settled(browser)
    assert view["count"] == len(with_code)
    assert "section=" + section in view["search"] and "code=1" in view["search"]
    browser.find_element(By.ID, "f-featured").click()
    featured = {w.key for w in site.works if w.entry.featured} & with_code
    assert settled(browser)["count"] == len(featured)
    browser.find_element(By.ID, "clear").click()
    cleared = settled(browser, "")
    assert cleared["count"] == len(site.works) and cleared["search"] == ""
    family = next(w.venue_family for w in site.works if w.venue_family)
    Select(browser.find_element(By.ID, "f-venue")).select_by_value(family)
    assert settled(browser)["count"] == sum(w.venue_family == family for w in site.works)
    year = max(w.year for w in site.works if w.year)
    Select(browser.find_element(By.ID, "f-venue")).select_by_value("")
    Select(browser.find_element(By.ID, "f-year")).select_by_value(str(year))
    assert settled(browser)["count"] == sum(w.year == year for w in site.works)


def test_a_shared_url_reloads_to_the_same_view_and_back_works(browser: Any,
                                                              sites: dict[str, Served]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    site = sites["shipped"]
    open_index(browser, site.url)
    typed = type_query(browser, "model")
    Select(browser.find_element(By.ID, "f-sort")).select_by_value("title")
    before = settled(browser)
    assert before["count"] == typed["count"] == len(site.matching("model")) > 0
    assert before["links"] != typed["links"]  # the same works, in another order
    # Back: the view before the sort changed, then the one before the query; forward again.
    browser.back()
    assert settled(browser) == typed
    assert Select(browser.find_element(By.ID, "f-sort")).first_selected_option \
        .get_attribute("value") == ""
    browser.back()
    assert settled(browser)["count"] == len(site.works)
    assert browser.find_element(By.ID, "q").get_attribute("value") == ""
    browser.forward()
    browser.forward()
    assert settled(browser) == before
    # The URL, opened afresh, shows the same view.
    shared = browser.current_url
    browser.get("about:blank")
    again = open_index(browser, shared)
    assert again == before
    assert browser.find_element(By.ID, "q").get_attribute("value") == "model"
    assert Select(browser.find_element(By.ID, "f-sort")).first_selected_option \
        .get_attribute("value") == "title"
    assert len(again["links"]) == min(50, before["count"])


def test_titles_sort_in_reading_order(browser: Any, sites: dict[str, Served]) -> None:
    site = sites["shipped"]
    view = open_index(browser, site.url + "?sort=title")
    titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('#results a.title')).map(a => a.textContent)")
    ordered = browser.execute_script(
        "var c = new Intl.Collator('en', {sensitivity: 'base', numeric: true});"
        "return arguments[0].slice().sort(c.compare)", titles)
    assert titles == ordered and view["count"] == len(site.works)


def test_a_large_list_loads_in_chunks_and_searches_them_all(browser: Any,
                                                            sites: dict[str, Served]) -> None:
    site = sites["big"]
    view = open_index(browser, site.url)
    assert view["count"] == BIG
    assert browser.execute_script("return document.getElementById('main').dataset.chunks") == "2"
    late = site.works[-1]
    view = type_query(browser, f"number{late.key.lstrip('w0')}")
    assert late.key in keys_of(view["links"])
    assert view["count"] == len(site.matching(f"number{late.key.lstrip('w0')}"))
    view = type_query(browser, "合成")
    assert view["count"] == BIG
    browser.find_element("id", "more").click()
    wait(browser, lambda d: len(d.find_elements("css selector", "#results li")) == 100)


# -- work pages, languages, BibTeX ----------------------------------------------------------
def test_language_switch_keeps_the_work_and_the_view(browser: Any,
                                                     sites: dict[str, Served]) -> None:
    from selenium.webdriver.common.by import By

    site = sites["shipped"]
    # A work whose title differs between the languages, if the list has one.
    work = next((w for w in site.works if w.title("zh", ()) != w.title("en", ())),
                site.works[0])
    browser.get(site.url + f"works/{work.slug}/")
    assert browser.find_element(By.TAG_NAME, "h1").text == work.title("en", ("zh",))
    browser.find_element(By.CSS_SELECTOR, "header a[hreflang=zh]").click()
    wait(browser, lambda d: d.current_url.endswith(f"/sub/shipped/zh/works/{work.slug}/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == work.title("zh", ("en",))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh"
    # On the index, the switch carries the query and filters along.
    open_index(browser, site.url + "?q=diffusion&code=1")
    browser.find_element(By.CSS_SELECTOR, "header a[hreflang=zh]").click()
    wait(browser, lambda d: d.current_url.startswith(site.url + "zh/"))
    view = settled(browser)
    assert view["search"] == "?q=diffusion&code=1"
    assert view["count"] == len(site.matching("diffusion") &
                                {w.key for w in site.works if w.has_code})


def test_copy_bibtex_puts_the_record_on_the_clipboard(browser: Any,
                                                      sites: dict[str, Served]) -> None:
    from selenium.webdriver.common.by import By

    site = sites["shipped"]
    records = bibtex_records(site.entries, site.config)
    work = site.works[0]
    browser.get(site.url + f"works/{work.slug}/")
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": site.url.split("/sub/")[0],
        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    button = browser.find_element(By.ID, "copy-bibtex")
    assert button.is_displayed()
    button.click()
    wait(browser, lambda d: d.find_element(By.ID, "copy-status").text != "")
    assert browser.find_element(By.ID, "copy-status").text == "Copied to the clipboard."
    pasted = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('ERROR ' + e))")
    assert pasted == records[work.key]
    assert pasted.startswith("@") and work.key in json.dumps(records)


def test_the_site_works_from_disk(browser: Any, sites: dict[str, Served]) -> None:
    from selenium.webdriver.common.by import By

    site = sites["shipped"]
    view = open_index(browser, site.file_url)
    assert view["count"] == len(site.works)
    view = type_query(browser, "diffusion")
    assert view["count"] == len(site.matching("diffusion"))
    first = browser.find_element(By.CSS_SELECTOR, "#results a.title")
    assert first.get_attribute("href").endswith("/index.html")
    first.click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "article.paper h1"))
    assert browser.current_url.startswith("file://")
    # Folder links of a static page from disk also open their index.html.
    browser.find_element(By.CSS_SELECTOR, "header a.brand").click()
    wait(browser, lambda d: d.current_url == site.file_url)
    assert settled(browser)["count"] == len(site.works)
    assert severe_logs(browser) == []


# -- accessibility, layout, screenshots -------------------------------------------------------
def _contrast(browser: Any, selector: str) -> float:
    return float(browser.execute_script("""
        function rgb(text) { return text.match(/[0-9.]+/g).slice(0, 3).map(Number); }
        function lum(c) { c = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92
            : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; }
        var node = document.querySelector(arguments[0]);
        var fg = lum(rgb(getComputedStyle(node).color));
        var bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);""", selector))


def full_page(browser: Any, shot: Path) -> None:
    """A screenshot of the whole page, not only the window (at most 4,000 pixels high)."""
    import base64

    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    taken = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 4000),
                 "scale": 1}})
    shot.write_bytes(base64.b64decode(taken["data"]))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_contrast_and_phone_layout(browser: Any, sites: dict[str, Served],
                                               scheme: str) -> None:
    site = sites["shipped"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    work = next((w for w in site.works if w.entry.abstract and w.entry.key_points),
                site.works[0])
    try:
        for width, name in ((1280, "desktop"), (390, "phone")):
            browser.set_window_size(width, 900)
            for page, url in (("index", site.url), ("work", site.url + f"works/{work.slug}/"),
                              ("index-zh", site.url + "zh/?q=" + "扩散")):
                browser.get(url)
                if page.startswith("index"):
                    settled(browser)
                overflow = browser.execute_script(
                    "return document.documentElement.scrollWidth - "
                    "document.documentElement.clientWidth")
                assert overflow <= 0, f"{page} at {width}px scrolls sideways"
                for selector in ("body", "a.brand", ".lead, .crumbs", "a"):
                    assert _contrast(browser, selector) >= 4.5, (scheme, page, selector)
                shot = ARTIFACTS / f"{page}-{name}-{scheme}.png"
                full_page(browser, shot)
                assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        browser.set_window_size(1280, 1000)
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_keyboard_reaches_the_search_with_a_visible_focus(browser: Any,
                                                          sites: dict[str, Served]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_index(browser, sites["shipped"].url)
    seen = []
    for _ in range(8):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        seen.append(browser.execute_script("return document.activeElement.id || "
                                           "document.activeElement.className"))
        if seen[-1] == "q":
            break
    assert seen[0] == "skip" and seen[-1] == "q", seen
    outline = browser.execute_script("return getComputedStyle(document.activeElement)"
                                     ".outlineStyle")
    assert outline not in ("none", "")
