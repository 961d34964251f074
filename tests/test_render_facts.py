"""Catalog lines that help choose, and the facts arXiv gave (issue 9.6 and 9.7).

A catalog line shows the title, the venue, the month of first submission (`published`)
and a code link; it links to the work in full in the README when the README shows it,
else to its section page. A work in full shows `published`, its DOI (`source.doi`) as a
link to doi.org and its affiliations. Import reads all of them back.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from test_render import entry_yaml, read, render

from wmcurate.cli import app

FACTS: dict[str, Any] = {
    "arxiv": "2205.00001",
    "title": "A Paper With Every Fact",
    "authors": ["Ada Lovelace"],
    "venue": "ICML 2023",
    "published": "2022-05-03",
    "affiliations": "Analytical Engine Lab; Difference Institute",
    "links": {"paper": "https://arxiv.org/abs/2205.00001",
              "code": "https://github.com/example/facts"},
    "featured": True,
    "added": "2026-01-01T00:00:00Z",
    "source": {"version": 2, "doi": "10.1145/3528223.3530127"},
}
PLAIN: dict[str, Any] = {
    "title": "A Plain Product",
    "venue": "CVPR 2024 · Oral",
    "published": "2024-06-17",
    "added": "2026-01-02T00:00:00Z",
    "source": {"doi": "not a doi <b>"},
}


def facts_list(make_list: Callable[..., Path], runner: Any) -> Path:
    root = make_list({"alpha/2205.00001": entry_yaml(**FACTS),
                      "beta/plain-product": entry_yaml(**PLAIN)})
    result = render(runner, root)
    assert result.exit_code == 0, result.output
    return root


def test_catalog_lines_show_venue_month_and_code(
    make_list: Callable[..., Path], runner: Any
) -> None:
    root = facts_list(make_list, runner)
    readme = read(root, "README.md").splitlines()
    readme_zh = read(root, "README_zh.md").splitlines()

    # Shown in full in the README: its line links there.
    assert ("* [A Paper With Every Fact](#2205.00001) · ICML 2023 · 2022-05 · "
            "[Code](https://github.com/example/facts)") in readme
    assert ("* [A Paper With Every Fact](#2205.00001) · ICML 2023 · 2022-05 · "
            "[代码](https://github.com/example/facts)") in readme_zh
    # Not featured: its line links to its page. A separator inside a venue is written as
    # a reference, so a reader (and import) can tell the parts apart.
    assert ("* [A Plain Product](papers/beta/README.md#plain-product) · CVPR 2024 &#xB7; "
            "Oral · 2024-06") in readme


def test_a_work_in_full_shows_date_doi_and_affiliations(
    make_list: Callable[..., Path], runner: Any
) -> None:
    root = facts_list(make_list, runner)
    en = read(root, "papers/alpha/README.md").splitlines()
    zh = read(root, "papers/alpha/README_zh.md").splitlines()
    plain = read(root, "papers/beta/README.md").splitlines()

    assert "* **Affiliations:** Analytical Engine Lab; Difference Institute" in en
    assert "* **First published:** 2022-05-03" in en
    assert ("* **DOI:** [10.1145/3528223.3530127]"
            "(https://doi.org/10.1145/3528223.3530127)") in en
    assert "* **机构：** Analytical Engine Lab; Difference Institute" in zh
    assert "* **首次发布：** 2022-05-03" in zh
    assert "* **DOI：** [10.1145/3528223.3530127](https://doi.org/10.1145/3528223.3530127)" \
        in zh
    # What is no DOI is shown as text, escaped, never as a link.
    assert "* **DOI:** not a doi &lt;b&gt;" in plain


def test_a_doi_with_odd_characters_links_to_its_own_page(
    make_list: Callable[..., Path], runner: Any
) -> None:
    doi = "10.1002/(SICI)1097-4636(199911)47:2<123::AID-JBM1>3.0.CO;2-K"
    root = make_list({"alpha/old": entry_yaml(title="Old", source={"doi": doi})})
    assert render(runner, root).exit_code == 0
    [line] = [x for x in read(root, "papers/alpha/README.md").splitlines() if "DOI" in x]

    assert line == ("* **DOI:** [10.1002/(SICI)1097-4636(199911)47:2&lt;123::AID-JBM1&gt;3.0."
                    "CO;2-K](https://doi.org/10.1002/%28SICI%291097-4636%28199911%2947:2%3C123"
                    "::AID-JBM1%3E3.0.CO;2-K)")


def test_import_reads_the_facts_back(make_list: Callable[..., Path], runner: Any) -> None:
    root = facts_list(make_list, runner)
    shutil.rmtree(root / "entries")
    (root / "entries").mkdir()
    files = [str(p) for p in sorted(root.rglob("*.md"))]

    result = runner.invoke(app, ["--root", str(root), "import", *files])

    assert result.exit_code == 0, result.output
    yaml = YAML(typ="safe")
    facts = yaml.load((root / "entries/alpha/2205.00001.yaml").read_text(encoding="utf-8"))
    plain = yaml.load((root / "entries/beta/plain-product.yaml").read_text(encoding="utf-8"))
    assert str(facts["published"]) == "2022-05-03"
    assert facts["affiliations"] == FACTS["affiliations"]
    assert facts["source"] == {"doi": "10.1145/3528223.3530127"}
    assert facts["links"] == FACTS["links"]
    assert plain["venue"] == "CVPR 2024 · Oral"
    assert str(plain["published"]) == "2024-06-17"
    assert plain["source"] == {"doi": "not a doi <b>"}
    checked = runner.invoke(app, ["--root", str(root), "render", "--check"])
    assert checked.exit_code == 0, checked.output
