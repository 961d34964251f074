"""Citation counts: what refresh records under `source.semantic_scholar`, how they read
(wmcurate.citations), and `show_citations` in the config."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from refresh_helpers import CONFIG, make_list

from wmcurate.citations import citation_count, citations_read, citations_text
from wmcurate.config import load_config
from wmcurate.errors import ConfigError
from wmcurate.model import entry_from_mapping


def entry(source: Any) -> Any:
    return entry_from_mapping({"title": "A Paper", "source": source}, "a-paper", "spatial",
                              Path("entries/spatial/a-paper.yaml"))


@pytest.mark.parametrize(("source", "count"), [
    ({"semantic_scholar": {"citations": 1234, "read": dt.date(2026, 11, 24)}}, 1234),
    ({"semantic_scholar": {"citations": 0}}, 0),
    ({"semantic_scholar": {"citations": True}}, None),
    ({"semantic_scholar": {"citations": -3}}, None),
    ({"semantic_scholar": {"citations": "1234"}}, None),
    ({"semantic_scholar": "many"}, None),
    ({"version": 2}, None),
    (None, None),
])
def test_the_count_is_what_refresh_recorded(source: Any, count: int | None) -> None:
    assert citation_count(entry(source)) == count


@pytest.mark.parametrize(("read", "day"), [
    (dt.date(2026, 11, 24), dt.date(2026, 11, 24)),
    (dt.datetime(2026, 11, 24, 10, 0), dt.date(2026, 11, 24)),
    ("2026-11-24", dt.date(2026, 11, 24)),
    ("last week", None),
    (None, None),
])
def test_the_day_it_was_read(read: Any, day: dt.date | None) -> None:
    assert citations_read(entry({"semantic_scholar": {"citations": 1, "read": read}})) == day


def test_counts_read_in_the_lists_languages() -> None:
    assert citations_text(1234, "en") == "1,234 citations"
    assert citations_text(1, "en") == "1 citation"
    assert citations_text(0, "en") == "0 citations"
    assert citations_text(15230, "zh") == "被引 15,230 次"
    assert citations_text(2, "fr") == "2 citations"


def test_show_citations_is_off_by_default_and_read_from_the_config(tmp_path: Path) -> None:
    assert load_config(make_list(tmp_path / "off", {})).show_citations is False
    on = make_list(tmp_path / "on", {}, CONFIG + "show_citations: true\n")
    assert load_config(on).show_citations is True


def test_show_citations_must_be_true_or_false(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {}, CONFIG + "show_citations: yes please\n")
    with pytest.raises(ConfigError, match="show_citations: expected true or false, got a "
                                          "string"):
        load_config(root)


def _render(root: Path) -> dict[str, str]:
    from typer.testing import CliRunner

    from wmcurate.cli import app

    result = CliRunner().invoke(app, ["--root", str(root), "render"])
    assert result.exit_code == 0, result.output
    return {name: (root / name).read_text(encoding="utf-8")
            for name in ("README.md", "README_zh.md")}


@pytest.mark.parametrize("show", [True, False])
def test_render_shows_counts_in_catalog_lines_when_the_config_asks(
    make_list: Any, sample_entries: dict[str, str], show: bool
) -> None:
    from conftest import TINY_CONFIG

    cited = sample_entries["beta/second-work"] + (
        "source:\n  semantic_scholar:\n    citations: 1234\n    read: 2026-11-24\n")
    config = TINY_CONFIG + ("show_citations: true\n" if show else "")
    root = make_list({**sample_entries, "beta/second-work": cited}, config=config)

    files = _render(root)

    line = next(x for x in files["README.md"].splitlines() if x.startswith("* [Second Work]"))
    zh = next(x for x in files["README_zh.md"].splitlines() if x.startswith("* [Second Work]"))
    if show:
        assert line.endswith(" · CVPR 2024 · 1,234 citations")
        assert zh.endswith(" · CVPR 2024 · 被引 1,234 次")
    else:
        assert "citation" not in files["README.md"] and "被引" not in files["README_zh.md"]
        assert line.endswith(" · CVPR 2024")
