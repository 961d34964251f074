"""Unit tests of `wmcurate.add`: planning, stubs, refreshes, writing, the exit code.

No network: the outcomes arXiv would give are built here (the HTTP side, including a respx
round trip through the real client, is at the end; the CLI over a real local server is in
test_add_cli.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import respx
from arxiv_mock import ATOM, FakeClock, knows
from conftest import SAMPLE_ENTRIES, TINY_CONFIG

from wmcurate.add import (
    AddPlan,
    AddResult,
    choose_section,
    existing_by_base,
    exit_code,
    plan_add,
    read_id_lines,
    refresh_document,
    resolve,
    stub_document,
    write_results,
)
from wmcurate.arxiv import ArxivClient, Outcome
from wmcurate.config import Config, load_config
from wmcurate.entries import dump_yaml, load_entries, load_round_trip, round_trip_yaml
from wmcurate.errors import WmcurateError
from wmcurate.feed import Author, Paper
from wmcurate.ids import parse_arxiv_id
from wmcurate.model import Entry

NOW = dt.datetime(2026, 11, 24, 10, 0, 0, tzinfo=dt.timezone.utc)
API = "http://arxiv.test/api/query"


def make_paper(
    text: str = "2303.11328v2",
    *,
    title: str = "Zero-1-to-3: Zero-shot One Image to 3D Object",
    abstract: str = "We introduce Zero-1-to-3.",
    comment: str | None = None,
    journal_ref: str | None = None,
    doi: str | None = None,
    authors: tuple[Author, ...] = (Author("Ruoshi Liu"), Author("Rundi Wu")),
    published: dt.date = dt.date(2023, 3, 20),
) -> Paper:
    arxiv_id = parse_arxiv_id(text)
    return Paper(
        id=arxiv_id, title=title, abstract=abstract, authors=authors, comment=comment,
        journal_ref=journal_ref, doi=doi, primary_category="cs.CV",
        categories=("cs.CV", "cs.GR"), published=published, updated=dt.date(2023, 3, 21),
        abs_url=f"http://arxiv.org/abs/{arxiv_id}", pdf_url=f"http://arxiv.org/pdf/{arxiv_id}",
    )


@pytest.fixture
def tiny(make_list: Callable[..., Path]) -> tuple[Config, list[Entry]]:
    """The tiny list with its two sample entries (alpha/2301.00001, beta/second-work)."""
    root = make_list(SAMPLE_ENTRIES)
    config = load_config(root)
    loaded = load_entries(config)
    assert not loaded.problems
    return config, loaded.entries


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


# --- read_id_lines ------------------------------------------------------------------------


def test_read_id_lines_skips_blank_lines_and_comments() -> None:
    text = (
        "# papers for the modality section\n"
        "2303.11328\n"
        "\n"
        "   \n"
        "  arXiv:2308.04079v2   # Gaussian splatting\n"
        "\thttps://arxiv.org/abs/2003.08934\t# NeRF\n"
        "#2301.00001 commented out, no space after '#'\n"
        "hep-th/9901001\r\n"
    )
    assert read_id_lines(text) == [
        "2303.11328", "arXiv:2308.04079v2", "https://arxiv.org/abs/2003.08934", "hep-th/9901001",
    ]


def test_read_id_lines_keeps_a_url_fragment() -> None:
    lines = read_id_lines("https://arxiv.org/abs/2303.11328#S3 # section 3\n")
    assert lines == ["https://arxiv.org/abs/2303.11328#S3"]
    assert parse_arxiv_id(lines[0]).base == "2303.11328"


def test_read_id_lines_of_nothing() -> None:
    assert read_id_lines("") == []
    assert read_id_lines("# only a comment\n\n") == []


# --- plan_add -----------------------------------------------------------------------------


def test_plan_sorts_malformed_present_and_new(tiny: tuple[Config, list[Entry]]) -> None:
    config, entries = tiny
    plan = plan_add(config, entries, ["2303.11328", "bogus", "2301.00001v3"], "beta", False)
    assert [(r.given, r.status) for r in plan.results] == [
        ("2303.11328", "pending"), ("bogus", "invalid"), ("2301.00001v3", "present"),
    ]
    assert [str(i) for i in plan.to_fetch] == ["2303.11328"]
    assert plan.section == "beta"
    bogus = plan.results[1]
    assert bogus.message.startswith("'bogus' is not an arXiv ID. Accepted forms: 2303.11328,")
    assert bogus.arxiv is None and bogus.path is None
    present = plan.results[2]
    assert present.path == config.entries_dir / "alpha" / "2301.00001.yaml"
    assert present.message == "already in the list (use --force to refresh its facts)"


def test_plan_counts_one_paper_given_twice_in_two_forms_once(
    tiny: tuple[Config, list[Entry]],
) -> None:
    config, entries = tiny
    given = ["arXiv:2303.11328", "https://arxiv.org/pdf/2303.11328v2.pdf",
             "10.48550/arXiv.2303.11328"]
    plan = plan_add(config, entries, given, "beta", False)
    assert [(r.given, r.status) for r in plan.results] == [("arXiv:2303.11328", "pending")]
    assert [str(i) for i in plan.to_fetch] == ["2303.11328"]


def test_plan_counts_a_present_paper_given_twice_once(tiny: tuple[Config, list[Entry]]) -> None:
    config, entries = tiny
    plan = plan_add(config, entries, ["2301.00001", "2301.00001v2"], None, False)
    assert [(r.given, r.status) for r in plan.results] == [("2301.00001", "present")]
    assert plan.to_fetch == []


@pytest.mark.parametrize(
    "written",
    [
        '"2301.00001"', '"2301.00001v3"', '"arXiv:2301.00001"',
        "https://arxiv.org/abs/2301.00001v2", '"10.48550/arXiv.2301.00001"',
    ],
)
@pytest.mark.parametrize("given", ["2301.00001", "2301.00001v1", "https://arxiv.org/pdf/2301.00001"])
def test_present_under_any_version_or_form(
    make_list: Callable[..., Path], written: str, given: str
) -> None:
    root = make_list({"gamma/some-name": f"arxiv: {written}\ntitle: T\n"})
    config = load_config(root)
    entries = load_entries(config).entries
    plan = plan_add(config, entries, [given], None, False)
    (result,) = plan.results
    assert (result.status, result.path) == ("present", root / "entries/gamma/some-name.yaml")
    assert plan.to_fetch == []


def test_present_by_its_arxiv_link_when_the_entry_has_no_arxiv_field(
    make_list: Callable[..., Path],
) -> None:
    root = make_list({"beta/zero": "title: T\nlinks: {pdf: 'https://arxiv.org/pdf/2303.11328v1'}\n"})
    config = load_config(root)
    plan = plan_add(config, load_entries(config).entries, ["2303.11328"], "alpha", False)
    assert [(r.status, r.path) for r in plan.results] == [
        ("present", root / "entries/beta/zero.yaml")
    ]


def test_present_by_its_file_name(make_list: Callable[..., Path]) -> None:
    # An entry named like the paper but without its ID: a new stub would clash with its key.
    root = make_list({"beta/hep-th_9901001": "title: T\n"})
    config = load_config(root)
    plan = plan_add(config, load_entries(config).entries, ["hep-th/9901001"], "alpha", False)
    assert [(r.status, r.path) for r in plan.results] == [
        ("present", root / "entries/beta/hep-th_9901001.yaml")
    ]


def test_a_broken_file_with_the_key_is_never_overwritten(make_list: Callable[..., Path]) -> None:
    root = make_list({"alpha/2303.11328": "title: [unclosed\n"})
    config = load_config(root)
    loaded = load_entries(config)
    assert loaded.problems and not loaded.entries
    for force in (False, True):
        plan = plan_add(config, loaded.entries, ["2303.11328"], "alpha", force)
        (result,) = plan.results
        assert result.status == "present"
        assert result.path == root / "entries/alpha/2303.11328.yaml"
        assert "does not load as an entry" in result.message
        assert plan.to_fetch == []


def test_force_fetches_a_present_paper_to_refresh_its_own_file(
    tiny: tuple[Config, list[Entry]],
) -> None:
    config, entries = tiny
    plan = plan_add(config, entries, ["2301.00001v2"], None, True)
    (result,) = plan.results
    assert (result.status, result.path) == ("pending", config.entries_dir / "alpha/2301.00001.yaml")
    # The list tracks the paper: its latest version is fetched, anew (not from the cache).
    assert [str(i) for i in plan.to_fetch] == ["2301.00001"]
    assert plan.refresh == {"2301.00001"}
    assert str(result.arxiv) == "2301.00001v2"  # echoed as given
    assert plan.section is None  # no new file: no section needed


def test_section_is_required_for_new_papers(tiny: tuple[Config, list[Entry]]) -> None:
    config, entries = tiny
    with pytest.raises(WmcurateError) as caught:
        plan_add(config, entries, ["2303.11328"], None, False)
    assert caught.value.exit_code == 2
    assert caught.value.message == (
        "--section is required (this list names no default_section); "
        "choose one of: alpha, beta, gamma"
    )


def test_no_section_needed_when_nothing_new(tiny: tuple[Config, list[Entry]]) -> None:
    config, entries = tiny
    plan = plan_add(config, entries, ["bogus", "2301.00001"], None, False)
    assert [r.status for r in plan.results] == ["invalid", "present"]
    assert plan.section is None


@pytest.mark.parametrize("given", [["2303.11328"], ["2301.00001"], ["bogus"]])
def test_unknown_section_is_refused_listing_the_known_ones(
    tiny: tuple[Config, list[Entry]], given: list[str]
) -> None:
    config, entries = tiny
    with pytest.raises(WmcurateError) as caught:
        plan_add(config, entries, given, "delta", False)
    assert caught.value.exit_code == 2
    assert caught.value.message == "unknown section 'delta'; choose one of: alpha, beta, gamma"


def test_config_default_section(make_list: Callable[..., Path]) -> None:
    root = make_list(config=TINY_CONFIG + "default_section: gamma\n")
    config = load_config(root)
    assert plan_add(config, [], ["2303.11328"], None, False).section == "gamma"
    assert plan_add(config, [], ["2303.11328"], "beta", False).section == "beta"
    assert choose_section(config, None) == "gamma"


def test_existing_by_base_skips_entries_without_an_arxiv_paper(
    tiny: tuple[Config, list[Entry]],
) -> None:
    _, entries = tiny
    assert {base: e.key for base, e in existing_by_base(entries).items()} == {
        "2301.00001": "2301.00001"
    }


# --- stub_document ------------------------------------------------------------------------

FULL_STUB = """\
arxiv: "2303.11328"
title: 'Zero-1-to-3: Zero-shot One Image to 3D Object'
authors: [Ruoshi Liu, Rundi Wu]
venue: CVPR 2024
published: 2023-03-20
affiliations: Columbia University; Toyota Research Institute
links:
  paper: https://arxiv.org/abs/2303.11328
  pdf: https://arxiv.org/pdf/2303.11328
  code: https://github.com/cvlab-columbia/zero123
  project: https://zero123.github.io
one_liner:
  en: ''
  zh: ''
innovation:
  en: ''
  zh: ''
abstract:
  en: We introduce Zero-1-to-3. Our code is at https://github.com/cvlab-columbia/zero123.
  zh: ''
key_points:
  en: []
  zh: []
featured: true
added: 2026-11-24T10:00:00Z
source:
  version: 2
  updated: 2023-03-21
  primary_category: cs.CV
  categories:
    - cs.CV
    - cs.GR
  comment: 'Accepted to CVPR 2024. Project page: https://zero123.github.io/'
  journal_ref: null
  doi: null
  venue_evidence:
    text: Accepted to CVPR 2024.
    from: comment
  link_evidence:
    project:
      url: https://zero123.github.io
      text: 'Project page: https://zero123.github.io/'
      from: comment
    code:
      url: https://github.com/cvlab-columbia/zero123
      text: Our code is at https://github.com/cvlab-columbia/zero123.
      from: abstract
  fetched: 2026-11-24T10:00:00Z
"""


def test_stub_has_every_fact_and_empty_curated_texts(tiny: tuple[Config, list[Entry]]) -> None:
    config, _ = tiny
    paper = make_paper(
        abstract="We introduce Zero-1-to-3. Our code is at https://github.com/cvlab-columbia/zero123.",
        comment="Accepted to CVPR 2024. Project page: https://zero123.github.io/",
        authors=(Author("Ruoshi Liu", ("Columbia University",)),
                 Author("Rundi Wu", ("Columbia University", "Toyota Research Institute"))),
    )
    text = dump_yaml(stub_document(paper, config, True, NOW))
    assert text == FULL_STUB
    assert "&" not in text and "*" not in text  # no YAML anchors or aliases


def test_stub_is_an_entry_that_loads(make_list: Callable[..., Path]) -> None:
    root = make_list()
    config = load_config(root)
    path = root / "entries/alpha/2303.11328.yaml"
    path.parent.mkdir()
    path.write_text(dump_yaml(stub_document(make_paper(), config, False, NOW)), encoding="utf-8")
    loaded = load_entries(config)
    assert not loaded.problems
    (entry,) = loaded.entries
    assert entry.arxiv == "2303.11328" and entry.featured is False
    assert entry.added is not None and entry.added.timestamp() == NOW.timestamp()


def test_stub_venue_from_journal_ref(tiny: tuple[Config, list[Entry]]) -> None:
    config, _ = tiny
    paper = make_paper(journal_ref="Proceedings of ICML 2023, PMLR 202",
                       comment="Submitted to CVPR")
    doc = stub_document(paper, config, False, NOW)
    assert doc["venue"] == "ICML 2023"
    assert doc["source"]["venue_evidence"] == {
        "text": "Proceedings of ICML 2023, PMLR 202", "from": "journal_ref"
    }
    assert doc["source"]["journal_ref"] == "Proceedings of ICML 2023, PMLR 202"


def test_stub_without_a_venue_says_arxiv_and_its_year(tiny: tuple[Config, list[Entry]]) -> None:
    config, _ = tiny
    paper = make_paper("2401.00001", comment="Submitted to CVPR 2024",
                       published=dt.date(2024, 1, 2))
    doc = stub_document(paper, config, False, NOW)
    assert doc["venue"] == "arXiv 2024"
    assert "venue_evidence" not in doc["source"]
    assert "link_evidence" not in doc["source"]
    assert dict(doc["links"]) == {
        "paper": "https://arxiv.org/abs/2401.00001", "pdf": "https://arxiv.org/pdf/2401.00001"
    }
    assert "featured" not in doc and "affiliations" not in doc


def test_stub_curated_texts_are_empty_in_every_language(tiny: tuple[Config, list[Entry]]) -> None:
    config, _ = tiny
    doc = stub_document(make_paper(), config, False, NOW)
    assert config.language_codes == ("en", "zh")
    assert doc["one_liner"] == {"en": "", "zh": ""}
    assert doc["innovation"] == {"en": "", "zh": ""}
    assert doc["key_points"] == {"en": [], "zh": []}
    assert doc["abstract"] == {"en": "We introduce Zero-1-to-3.", "zh": ""}
    assert doc["added"] == NOW and doc["source"]["fetched"] == NOW
    # Separate nodes: a curator's edit of one text cannot show up in another.
    assert doc["one_liner"] is not doc["innovation"]


def test_stub_of_an_old_style_id(tiny: tuple[Config, list[Entry]]) -> None:
    config, _ = tiny
    doc = stub_document(make_paper("hep-th/9901001v1", published=dt.date(1999, 1, 4)),
                        config, False, NOW)
    assert doc["arxiv"] == "hep-th/9901001"
    assert doc["links"]["paper"] == "https://arxiv.org/abs/hep-th/9901001"
    assert doc["venue"] == "arXiv 1999"


# --- resolve ------------------------------------------------------------------------------


def test_resolve_turns_outcomes_into_results(tiny: tuple[Config, list[Entry]]) -> None:
    config, entries = tiny
    given = ["2303.11328", "2412.99999", "2412.99998", "2412.99997", "2412.99996"]
    plan = plan_add(config, entries, given, "gamma", False)
    outcomes = {
        "2303.11328": Outcome("found", make_paper()),
        "2412.99999": Outcome("not_found", message="arXiv has no paper 2412.99999"),
        "2412.99998": Outcome("invalid", message="arXiv rejected '2412.99998': bad"),
        "2412.99997": Outcome("failed", message="arXiv did not answer in time (read timeout)"),
    }
    resolve(plan, outcomes, config, featured=True, now=NOW)
    assert [(r.status, r.message) for r in plan.results] == [
        ("added", ""),
        ("not_found", "arXiv has no paper 2412.99999"),
        ("invalid", "arXiv rejected '2412.99998': bad"),
        ("failed", "arXiv did not answer in time (read timeout)"),
        ("failed", "no answer for this ID"),
    ]
    added = plan.results[0]
    assert added.path == config.entries_dir / "gamma/2303.11328.yaml"
    assert added.document is not None and added.document["featured"] is True
    assert all(r.document is None for r in plan.results[1:])
    assert exit_code(plan.results) == 1


def test_resolve_refreshes_a_present_paper_with_force(tiny: tuple[Config, list[Entry]]) -> None:
    config, entries = tiny
    plan = plan_add(config, entries, ["2301.00001"], None, True)
    resolve(plan, {"2301.00001": Outcome("found", make_paper("2301.00001v4"))}, config, now=NOW)
    (result,) = plan.results
    assert result.status == "refreshed"
    assert result.path == config.entries_dir / "alpha/2301.00001.yaml"
    assert result.document is not None and result.document["source"]["version"] == 4
    assert exit_code(plan.results) == 0


def test_resolve_reports_a_file_that_broke_since_planning(
    tiny: tuple[Config, list[Entry]],
) -> None:
    config, entries = tiny
    plan = plan_add(config, entries, ["2301.00001"], None, True)
    (config.entries_dir / "alpha/2301.00001.yaml").write_text("title: [oops\n", encoding="utf-8")
    resolve(plan, {"2301.00001": Outcome("found", make_paper("2301.00001v4"))}, config, now=NOW)
    (result,) = plan.results
    assert result.status == "failed" and result.message.startswith("cannot be read: ")
    assert write_results(plan, config) == []


# --- refresh_document ---------------------------------------------------------------------

CURATED = """\
# Kept by hand; wmcurate refreshes the facts.
arxiv: "2301.00001v1"   # the first version
title: Old Title  # arXiv's title changed since
authors:
  - Ada Lovelace
  - Alan Turing  # in the order of the paper
# the venue the authors announced
venue: ICML 2023
published: 2023-01-01
links:
  paper: https://arxiv.org/abs/2301.00001
  code: https://github.com/mine/first  # the official one
# curated texts below: never touched by the tool
one_liner: {en: Does the first thing., zh: 做第一件事。}
innovation:
  en: A new idea.  # reviewed
  zh: 新想法。
abstract:
  en: Old abstract.
  zh: 旧摘要。
key_points:
  en: [Point one, Point two]
  zh:
    - 要点一
    - 要点二
featured: true
also: [gamma]
added: 2026-01-01T00:00:00Z
source:
  version: 1
  comment: old
# end of the entry
"""


def refreshed(text: str, paper: Paper, config: Config, tmp_path: Path) -> str:
    path = tmp_path / "entry.yaml"
    path.write_text(text, encoding="utf-8")
    return dump_yaml(refresh_document(load_round_trip(path), paper, config, NOW))


def test_refresh_updates_facts_and_keeps_curated_texts_and_comments(
    tiny: tuple[Config, list[Entry]], tmp_path: Path
) -> None:
    config, _ = tiny
    paper = make_paper(
        "2301.00001v3", title="First Work: A Study, Revised",
        authors=(Author("Ada Lovelace"), Author("Alan Turing"), Author("Grace Hopper")),
        abstract="New abstract. Code: https://github.com/other/first",
        comment="Accepted to CVPR 2024", published=dt.date(2023, 1, 2),
    )
    assert refreshed(CURATED, paper, config, tmp_path) == """\
# Kept by hand; wmcurate refreshes the facts.
arxiv: "2301.00001"     # the first version
title: 'First Work: A Study, Revised' # arXiv's title changed since
authors: [Ada Lovelace, Alan Turing, Grace Hopper]
# the venue the authors announced
venue: CVPR 2024
published: 2023-01-02
links:
  paper: https://arxiv.org/abs/2301.00001
  pdf: https://arxiv.org/pdf/2301.00001
  code: https://github.com/mine/first  # the official one
# curated texts below: never touched by the tool
one_liner: {en: Does the first thing., zh: 做第一件事。}
innovation:
  en: A new idea.  # reviewed
  zh: 新想法。
abstract:
  en: 'New abstract. Code: https://github.com/other/first'
  zh: 旧摘要。
key_points:
  en: [Point one, Point two]
  zh:
    - 要点一
    - 要点二
featured: true
also: [gamma]
added: 2026-01-01T00:00:00Z
source:
  version: 3
  updated: 2023-03-21
  primary_category: cs.CV
  categories:
    - cs.CV
    - cs.GR
  comment: Accepted to CVPR 2024
  journal_ref: null
  doi: null
  venue_evidence:
    text: Accepted to CVPR 2024
    from: comment
  link_evidence:
    code:
      url: https://github.com/other/first
      text: 'Code: https://github.com/other/first'
      from: abstract
  fetched: 2026-11-24T10:00:00Z
# end of the entry
"""


def test_refresh_leaves_unchanged_facts_as_written(
    tiny: tuple[Config, list[Entry]], tmp_path: Path
) -> None:
    config, _ = tiny
    text = (
        '# same facts as arXiv\n'
        'arxiv: "2301.00001"\n'
        'title: "Zero-1-to-3: Zero-shot One Image to 3D Object"  # double-quoted by hand\n'
        "authors:\n"
        "  - Ruoshi Liu  # first author\n"
        "  - Rundi Wu\n"
        "# the venue is the curator's\n"
        "venue: ICCV 2023\n"
        "published: 2023-03-20\n"
        "links:\n"
        "  paper: https://arxiv.org/abs/2301.00001\n"
        "  pdf: https://arxiv.org/pdf/2301.00001\n"
        "abstract: {en: We introduce Zero-1-to-3., zh: 我们提出 Zero-1-to-3。}\n"
    )
    out = refreshed(text, make_paper("2301.00001v2"), config, tmp_path)
    before_source = text
    assert out.startswith(before_source)
    assert out[len(before_source):].startswith("source:\n  version: 2\n")


def test_refresh_keeps_a_curated_venue_when_arxiv_states_none(
    tiny: tuple[Config, list[Entry]], tmp_path: Path
) -> None:
    config, _ = tiny
    out = refreshed(CURATED, make_paper("2301.00001v2"), config, tmp_path)
    assert "\nvenue: ICML 2023\n" in out


@pytest.mark.parametrize("venue", ["", "venue: arXiv 2022\n"])
def test_refresh_sets_the_arxiv_venue_when_there_is_no_real_one(
    tiny: tuple[Config, list[Entry]], tmp_path: Path, venue: str
) -> None:
    config, _ = tiny
    text = f'arxiv: "2301.00001"\ntitle: T\n{venue}published: 2023-01-01\n'
    out = refreshed(text, make_paper("2301.00001v2"), config, tmp_path)
    assert out.startswith('arxiv: "2301.00001"\ntitle: \'Zero-1-to-3: Zero-shot One Image to 3D '
                          "Object'\nauthors: [Ruoshi Liu, Rundi Wu]\nvenue: arXiv 2023\n"
                          "published: 2023-03-20\nlinks:\n")


def test_refresh_inserts_missing_fields_in_canonical_order(
    tiny: tuple[Config, list[Entry]], tmp_path: Path
) -> None:
    config, _ = tiny
    text = "title: T\none_liner: Mine.  # mine\n# trailing note\n"
    paper = make_paper("2301.00001v1", authors=(Author("Ada", ("Uni A",)),))
    out = refreshed(text, paper, config, tmp_path)
    assert [line.split(":")[0] for line in out.splitlines() if line[:1].isalpha()] == [
        "arxiv", "title", "authors", "venue", "published", "affiliations", "links",
        "one_liner", "abstract", "source",
    ]
    assert "one_liner: Mine.  # mine\n" in out
    assert out.endswith("  fetched: 2026-11-24T10:00:00Z\n# trailing note\n")
    assert "abstract:\n  en: We introduce Zero-1-to-3.\nsource:" in out


def test_refresh_leaves_a_plain_abstract_and_localized_title_alone(
    tiny: tuple[Config, list[Entry]], tmp_path: Path
) -> None:
    config, _ = tiny
    text = 'arxiv: "2301.00001"\ntitle: {en: Old, zh: 旧标题}\nabstract: Same in every language.\n'
    out = refreshed(text, make_paper("2301.00001v1", title="New"), config, tmp_path)
    assert "title: {en: New, zh: 旧标题}\n" in out
    assert "abstract: Same in every language.\n" in out


def test_refresh_never_touches_curated_texts(
    tiny: tuple[Config, list[Entry]], tmp_path: Path
) -> None:
    config, _ = tiny
    yaml = round_trip_yaml()
    before = yaml.load(CURATED)
    paper = make_paper("2301.00001v9", comment="Accepted to ICML 2024. Code: https://github.com/x/y")
    after = yaml.load(refreshed(CURATED, paper, config, tmp_path))
    for name in ("one_liner", "innovation", "key_points", "featured", "also", "added"):
        assert after[name] == before[name], name
    assert after["abstract"]["zh"] == before["abstract"]["zh"]
    assert after["links"]["code"] == "https://github.com/mine/first"


# --- write_results and exit_code ----------------------------------------------------------


def test_write_results_writes_added_and_refreshed_only(
    tiny: tuple[Config, list[Entry]],
) -> None:
    config, entries = tiny
    before = files_under(config.entries_dir)
    plan = plan_add(config, entries, ["2303.11328", "2412.99999", "2301.00001"], "beta", True)
    resolve(plan, {
        "2303.11328": Outcome("found", make_paper()),
        "2412.99999": Outcome("not_found", message="arXiv has no paper 2412.99999"),
        "2301.00001": Outcome("found", make_paper("2301.00001v2")),
    }, config, now=NOW)
    written = write_results(plan, config)
    # --section with --force moves the refreshed entry to that section.
    assert written == [config.entries_dir / "beta/2303.11328.yaml",
                       config.entries_dir / "beta/2301.00001.yaml"]
    assert files_under(config.entries_dir) == before - {"alpha/2301.00001.yaml"} | {
        "beta/2303.11328.yaml", "beta/2301.00001.yaml"}
    assert load_round_trip(written[0])["title"] == make_paper().title
    assert load_round_trip(written[1])["one_liner"]["en"] == "Does the first thing."
    assert plan.results[2].message == "moved from alpha to beta"


def test_a_failed_write_is_reported_not_raised(
    tiny: tuple[Config, list[Entry]], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, entries = tiny
    plan = plan_add(config, entries, ["2303.11328"], "beta", False)
    resolve(plan, {"2303.11328": Outcome("found", make_paper())}, config, now=NOW)

    def refuse(path: Path, text: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("wmcurate.add.create_exclusive", refuse)
    assert write_results(plan, config) == []
    (result,) = plan.results
    assert (result.status, result.message) == ("failed", "could not be written: Permission denied")
    assert exit_code(plan.results) == 1


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        (["added"], 0), (["added", "refreshed"], 0), (["refreshed"], 0),
        (["added", "present"], 1), (["not_found"], 1), (["invalid", "added"], 1),
        (["failed"], 1), (["pending"], 1), ([], 1),
    ],
)
def test_exit_code(statuses: list[str], code: int) -> None:
    results = [AddResult(str(i), s) for i, s in enumerate(statuses)]  # type: ignore[arg-type]
    assert exit_code(results) == code


def test_empty_plan_resolves_to_nothing(tiny: tuple[Config, list[Entry]]) -> None:
    config, _ = tiny
    plan = AddPlan([])
    resolve(plan, {}, config, now=NOW)
    assert write_results(plan, config) == []


# --- with the real client over respx ------------------------------------------------------


@respx.mock(assert_all_called=True)
def test_plan_fetch_resolve_over_respx(
    respx_mock: respx.MockRouter, tiny: tuple[Config, list[Entry]]
) -> None:
    config, entries = tiny
    route = respx_mock.get(API).mock(side_effect=knows("2303.11328v2"))
    plan = plan_add(config, entries, ["2303.11328", "bogus", "2412.99999", "2301.00001"],
                    "gamma", False)
    with ArxivClient(API, min_interval=0, clock=FakeClock()) as client:
        outcomes = client.fetch(plan.to_fetch)
    assert route.call_count == 1
    assert route.calls[0].request.url.params["id_list"] == "2303.11328,2412.99999"
    resolve(plan, outcomes, config, now=NOW)
    assert [r.status for r in plan.results] == ["added", "invalid", "not_found", "present"]
    assert plan.results[0].document is not None
    assert plan.results[0].document["title"] == "Paper 2303.11328"
    assert plan.results[0].document["source"]["version"] == 2


@respx.mock
def test_a_server_error_fails_every_id_and_writes_nothing(
    respx_mock: respx.MockRouter, tiny: tuple[Config, list[Entry]]
) -> None:
    config, entries = tiny
    respx_mock.get(API).mock(return_value=httpx.Response(503, headers=ATOM, content=b""))
    before = files_under(config.entries_dir)
    plan = plan_add(config, entries, ["2303.11328", "2308.04079"], "gamma", False)
    clock = FakeClock()
    with ArxivClient(API, min_interval=0, max_retries=2, clock=clock) as client:
        outcomes = client.fetch(plan.to_fetch)
    resolve(plan, outcomes, config, now=NOW)
    assert [r.status for r in plan.results] == ["failed", "failed"]
    assert plan.results[0].message.startswith("arXiv answered HTTP 503 Service Unavailable "
                                              "(gave up after 3 attempts)")
    assert write_results(plan, config) == []
    assert files_under(config.entries_dir) == before
    assert exit_code(plan.results) == 1
