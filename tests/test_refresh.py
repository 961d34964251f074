"""`wmcurate refresh`, the library half: what changes (refresh.assess), how it is written
(refresh.write) and reported (refresh.report). The answers are built (see refresh_helpers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from refresh_helpers import (
    DIT,
    DIT_AUTHORS,
    DIT_ENTRY,
    DIT_P,
    DIT_TITLE,
    SORA_ENTRY,
    SORA_P,
    WHEN,
    ZERO123,
    ZERO123_AUTHORS,
    ZERO123_ENTRY,
    ZERO123_P,
    ZERO123_TITLE,
    arxiv_paper,
    found,
    iccv_record,
    make_list,
    s2_found,
)
from s2_server import paper_record, publication_venue

from wmcurate.arxiv import Outcome
from wmcurate.config import load_config
from wmcurate.entries import load_entries
from wmcurate.refresh import (
    Report,
    apply_report,
    as_json,
    as_markdown,
    as_text,
    assess,
    select_entries,
    venues_to_add,
)
from wmcurate.s2 import S2Outcome

UNKNOWN = S2Outcome("unknown", message="Semantic Scholar knows no paper")


def run(root: Path, arxiv: dict[str, Outcome], s2: dict[str, S2Outcome]) -> Report:
    config = load_config(root)
    return assess(config, select_entries(config), arxiv, s2, WHEN)


def changes(report: Report) -> list[tuple[str, str, Any, Any, str]]:
    return [(e.arxiv, c.kind, c.old, c.new, c.source) for e, c in report.changes()]


def looks(report: Report) -> list[tuple[str, str, str]]:
    return [(e.arxiv, look.kind, look.reason) for e, look in report.looks()]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_list(tmp_path / "list", {ZERO123_P: ZERO123_ENTRY, DIT_P: DIT_ENTRY,
                                         SORA_P: SORA_ENTRY})


# -- what changes ---------------------------------------------------------------------------


def test_a_preprint_published_at_a_conference(root: Path) -> None:
    report = run(root, {ZERO123: found(arxiv_paper()), DIT: found(arxiv_paper(
        DIT, DIT_TITLE, DIT_AUTHORS))}, {ZERO123: s2_found(iccv_record()), DIT: UNKNOWN})

    assert changes(report) == [
        (ZERO123, "venue", "arXiv 2023", "ICCV 2023", "Semantic Scholar"),
        (ZERO123, "citations", None, 1234, "Semantic Scholar"),
    ]
    venue = report.changes("venue")[0][1]
    assert venue.evidence == ('Semantic Scholar: "IEEE International Conference on Computer '
                              'Vision", 2023-10-01, DOI 10.1109/ICCV51070.2023.00853')
    assert [e.key for e in report.skipped] == ["openai-sora"]
    assert report.exit_code() == 1


def test_arxiv_changes_version_title_authors_and_withdrawal(root: Path) -> None:
    paper = arxiv_paper(title="Zero-1-to-3: Zero-shot One Image to 3D Object, Revisited",
                        authors=(*ZERO123_AUTHORS, "Ada Lovelace"), version=3,
                        updated="2024-02-01T00:00:00Z",
                        comment="This paper has been withdrawn: an error in Table 2")
    report = run(root, {ZERO123: found(paper), DIT: found(arxiv_paper(DIT, DIT_TITLE.lower(),
                                                                     DIT_AUTHORS))},
                 {ZERO123: UNKNOWN, DIT: UNKNOWN})

    assert changes(report) == [
        (ZERO123, "version", 1, 3, "arXiv"),
        (ZERO123, "title", ZERO123_TITLE, "Zero-1-to-3: Zero-shot One Image to 3D Object, "
         "Revisited", "arXiv"),
        (ZERO123, "authors", list(ZERO123_AUTHORS), [*ZERO123_AUTHORS, "Ada Lovelace"],
         "arXiv"),
        (ZERO123, "withdrawn", None, "This paper has been withdrawn: an error in Table 2",
         "arXiv"),
    ]
    assert report.changes("version")[0][1].evidence == "arXiv v3, updated 2024-02-01"


def test_arxiv_journal_reference_names_the_venue(root: Path) -> None:
    paper = arxiv_paper(journal_ref="IEEE Transactions on Pattern Analysis and Machine "
                        "Intelligence 46(3), 2024")
    report = run(root, {ZERO123: found(paper)}, {ZERO123: UNKNOWN})
    assert changes(report)[0][1:] == ("venue", "arXiv 2023", "TPAMI 2024", "arXiv")
    assert report.changes("venue")[0][1].evidence.startswith('arXiv journal reference: "IEEE')


def test_arxiv_and_semantic_scholar_agreeing_are_both_evidence(root: Path) -> None:
    paper = arxiv_paper(comment="ICCV 2023. Project page: https://zero123.cs.columbia.edu/")
    report = run(root, {ZERO123: found(paper)}, {ZERO123: s2_found(iccv_record())})
    (_, venue), = report.changes("venue")
    assert (venue.new, venue.source) == ("ICCV 2023", "arXiv and Semantic Scholar")
    assert venue.evidence == ('arXiv comment: "ICCV 2023."; Semantic Scholar: "IEEE '
                              'International Conference on Computer Vision", 2023-10-01, '
                              'DOI 10.1109/ICCV51070.2023.00853')


def test_arxiv_and_semantic_scholar_disagreeing_need_a_look(root: Path) -> None:
    paper = arxiv_paper(comment="Accepted to CVPR 2024")
    report = run(root, {ZERO123: found(paper)}, {ZERO123: s2_found(iccv_record())})
    assert report.changes("venue") == []
    assert looks(report) == [(ZERO123, "venue", (
        'arXiv and Semantic Scholar disagree: CVPR 2024 (arXiv comment: "Accepted to CVPR '
        '2024") or ICCV 2023 (Semantic Scholar: "IEEE International Conference on Computer '
        'Vision", 2023-10-01, DOI 10.1109/ICCV51070.2023.00853); write the right one by hand'))]


def test_a_year_arxiv_leaves_out_is_taken_from_semantic_scholar_for_the_same_venue(
    root: Path,
) -> None:
    paper = arxiv_paper(comment="Published in the proceedings of ICCV")
    report = run(root, {ZERO123: found(paper)}, {ZERO123: s2_found(iccv_record())})
    assert [c.new for _, c in report.changes("venue")] == ["ICCV 2023"]


def test_a_same_title_paper_by_other_authors_is_rejected(root: Path) -> None:
    other = iccv_record(authors=("Grace Hopper", "John Backus"))
    report = run(root, {ZERO123: found(arxiv_paper())}, {ZERO123: s2_found(other)})
    assert changes(report) == []
    assert looks(report) == [(ZERO123, "venue", (
        "Semantic Scholar's record for ARXIV:2303.11328 is not the same paper: no author "
        "surname is shared (it lists Grace Hopper, John Backus); its venue and citation count "
        "were not used"))]


def test_a_venue_before_the_first_arxiv_version_needs_a_look(root: Path) -> None:
    report = run(root, {ZERO123: found(arxiv_paper())}, {ZERO123: s2_found(iccv_record(
        year=2021))})
    assert report.changes("venue") == []
    assert looks(report)[0][2].endswith("dated before the paper's first arXiv version "
                                        "(2023-03-20): check it")


def test_a_venue_semantic_scholar_calls_arxiv_is_no_venue(root: Path) -> None:
    record = paper_record(ZERO123, ZERO123_TITLE, ZERO123_AUTHORS, venue="arXiv.org",
                          publication_venue=publication_venue("arXiv.org", None, ["ArXiv"]),
                          citations=10)
    report = run(root, {ZERO123: found(arxiv_paper())}, {ZERO123: s2_found(record)})
    assert changes(report) == [(ZERO123, "citations", None, 10, "Semantic Scholar")]
    assert looks(report) == []


def test_a_curated_venue_is_never_replaced(root: Path) -> None:
    # DiT's entry says ICCV 2023; another venue from Semantic Scholar changes nothing.
    record = paper_record(DIT, DIT_TITLE, DIT_AUTHORS, venue="Neural Information Processing "
                          "Systems", year=2023, citations=3)
    report = run(root, {DIT: found(arxiv_paper(DIT, DIT_TITLE, DIT_AUTHORS))},
                 {DIT: s2_found(record)})
    assert changes(report) == [(DIT, "citations", None, 3, "Semantic Scholar")]


def test_what_could_not_be_checked_and_what_arxiv_no_longer_knows(root: Path) -> None:
    report = run(root, {ZERO123: Outcome("failed", message="arXiv answered HTTP 503"),
                        DIT: Outcome("not_found", message="arXiv has no paper 2212.09748")},
                 {ZERO123: S2Outcome("failed", message="Semantic Scholar refused access"),
                  DIT: UNKNOWN})
    assert [(e.arxiv, u.service, u.reason) for e, u in report.unchecked()] == [
        (ZERO123, "arXiv", "arXiv answered HTTP 503"),
        (ZERO123, "Semantic Scholar", "Semantic Scholar refused access"),
    ]
    assert looks(report) == [(DIT, "withdrawn", "arXiv does not know 2212.09748 (any more): "
                              "check the ID, or whether the paper was removed")]
    assert report.exit_code() == 1


def test_nothing_to_change_exits_0(root: Path) -> None:
    (root / ZERO123_P).unlink()
    report = run(root, {DIT: found(arxiv_paper(DIT, DIT_TITLE, DIT_AUTHORS))}, {DIT: UNKNOWN})
    assert (report.changes(), report.exit_code()) == ([], 0)


def test_paths_select_entries(root: Path) -> None:
    config = load_config(root)
    selection = select_entries(config, [root / DIT_P])
    assert [(e.key, i.base) for e, i in selection.targets] == [(DIT, DIT)]
    assert selection.skipped == [] and selection.broken == []


# -- writing --------------------------------------------------------------------------------


def test_write_changes_only_the_reported_fields_and_keeps_comments_and_texts(root: Path
                                                                            ) -> None:
    before = (root / ZERO123_P).read_text(encoding="utf-8")
    paper = arxiv_paper(version=2, updated="2023-06-01T00:00:00Z")
    report = run(root, {ZERO123: found(paper)}, {ZERO123: s2_found(iccv_record())})

    written = apply_report(report, load_config(root))

    after = (root / ZERO123_P).read_text(encoding="utf-8")
    assert written == [root / ZERO123_P]
    assert {c.status for _, c in report.changes()} == {"applied"}
    head, tail = before.split("source:\n")[0], after.split("source:\n")[0]
    changed = [(a, b) for a, b in zip(head.splitlines(), tail.splitlines(), strict=True)
               if a != b]
    # The comment stays where it was, in its column.
    assert changed == [("venue: arXiv 2023   # update once published",
                        "venue: ICCV 2023    # update once published")]
    assert after[len(tail):] == """\
source:
  version: 2
  updated: 2023-06-01
  primary_category: cs.CV
  categories:
    - cs.CV
  comment: null
  journal_ref: null
  doi: null
  venue_evidence:
    text: IEEE International Conference on Computer Vision
    from: semantic_scholar
  semantic_scholar:
    paper: 9b1c7a5e1f3f4f4d8e8e6a7b2c3d4e5f6a7b8c9d
    venue: IEEE International Conference on Computer Vision
    year: 2023
    date: 2023-10-01
    doi: 10.1109/ICCV51070.2023.00853
    citations: 1234
    read: 2026-11-24
  fetched: 2026-11-24T10:00:00Z
"""
    assert load_entries(load_config(root)).problems == []
    # Read again: nothing left to change.
    again = run(root, {ZERO123: found(paper), DIT: found(arxiv_paper(DIT, DIT_TITLE,
                                                                     DIT_AUTHORS))},
                {ZERO123: s2_found(iccv_record()), DIT: UNKNOWN})
    assert (again.changes(), again.exit_code()) == ([], 0)


def test_a_field_edited_meanwhile_is_left_as_it_is(root: Path) -> None:
    report = run(root, {ZERO123: found(arxiv_paper(version=2))},
                 {ZERO123: s2_found(iccv_record())})
    path = root / ZERO123_P
    path.write_text(path.read_text(encoding="utf-8").replace("venue: arXiv 2023",
                                                             "venue: CVPR 2024"),
                    encoding="utf-8")

    apply_report(report, load_config(root))

    status = {c.kind: (c.status, c.note) for _, c in report.changes()}
    assert status["venue"] == ("skipped", "the file changed while refresh was reading it; "
                               "left as it is")
    assert status["version"][0] == status["citations"][0] == "applied"
    text = path.read_text(encoding="utf-8")
    assert "venue: CVPR 2024" in text and "venue_evidence" not in text
    assert "citations: 1234" in text and "version: 2" in text
    assert report.exit_code() == 1


def test_a_file_broken_meanwhile_is_not_written(root: Path) -> None:
    report = run(root, {ZERO123: found(arxiv_paper(version=2))}, {ZERO123: UNKNOWN})
    (root / ZERO123_P).write_text("title: [unclosed\n", encoding="utf-8")
    assert apply_report(report, load_config(root)) == []
    (_, change), = report.changes()
    assert change.status == "skipped"
    assert change.note.startswith("the file no longer loads (")
    assert (root / ZERO123_P).read_text(encoding="utf-8") == "title: [unclosed\n"


def test_a_catalogue_venue_the_vocabulary_lacks_joins_it(root: Path) -> None:
    record = paper_record(ZERO123, ZERO123_TITLE, ZERO123_AUTHORS, venue="Nature",
                          publication_venue=publication_venue("Nature", "journal", []),
                          year=2024, citations=1)
    report = run(root, {ZERO123: found(arxiv_paper())}, {ZERO123: s2_found(record)})
    config = load_config(root)
    assert venues_to_add(report, config) == ["Nature"]

    apply_report(report, config)

    assert report.venues_added == ["Nature"]
    assert [v.name for v in load_config(root).venues][-1] == "Nature"
    assert "venue: Nature 2024" in (root / ZERO123_P).read_text(encoding="utf-8")


def test_a_title_per_language_changes_only_its_english(tmp_path: Path) -> None:
    entry = ZERO123_ENTRY.replace(f'title: "{ZERO123_TITLE}"',
                                  f'title:\n  en: "{ZERO123_TITLE}"\n  zh: 零一到三')
    root = make_list(tmp_path / "list", {ZERO123_P: entry})
    report = run(root, {ZERO123: found(arxiv_paper(title="Zero-1-to-3, Revisited"))},
                 {ZERO123: UNKNOWN})
    apply_report(report, load_config(root))
    text = (root / ZERO123_P).read_text(encoding="utf-8")
    assert 'title:\n  en: "Zero-1-to-3, Revisited"\n  zh: 零一到三\n' in text  # quoting kept


# -- reports --------------------------------------------------------------------------------


def sample(root: Path) -> Report:
    title = "Zero-1-to-3 | <b>Bold</b> `code`"
    paper = arxiv_paper(version=2, title=title)
    return run(root, {ZERO123: found(paper), DIT: Outcome("failed", message="timed out")},
               {ZERO123: s2_found(iccv_record(title=title)), DIT: UNKNOWN})


def test_text_report_groups_by_kind_and_ends_with_a_summary(root: Path) -> None:
    text = as_text(sample(root), root, ["TOG"])
    assert text.splitlines()[0] == "Venues (1):"
    assert "New versions (1):\n  2303.11328  v1 -> v2\n" in text
    assert "Could not be checked (1):\n  2212.09748  entries/modality/2212.09748.yaml: arXiv: " \
           "timed out\n" in text
    assert text.splitlines()[-1] == (
        "4 changes to make in 1 of 2 entries (1 venue, 1 new version, 1 title, 1 citation "
        "count); 1 could not be checked; 1 entry without an arXiv ID skipped; 1 venue to add "
        "to venues: in wmcurate.yaml (TOG). Run with --write to apply them.")


def test_markdown_report_is_a_pull_request_body_that_text_cannot_break(root: Path) -> None:
    markdown = as_markdown(sample(root), root)
    assert markdown.startswith("## wmcurate refresh\n\n4 changes to make")
    assert "### Titles (1)\n\n| Entry | Was | Now | Evidence |\n| --- | --- | --- | --- |\n" \
        in markdown
    row = next(line for line in markdown.splitlines() if "Revisited" in line or "Bold" in line
               and line.startswith("| **"))
    assert "Zero-1-to-3 \\| &lt;b&gt;Bold&lt;/b&gt; \\`code\\`" in row
    assert row.count(" | ") == 3  # four cells, whatever the title holds
    assert "### Could not be checked (1)" in markdown


def test_json_report_has_a_stable_schema(root: Path) -> None:
    document = json.loads(as_json(sample(root), root, ["TOG"]))
    assert set(document) == {"version", "written", "read_at", "summary", "changes",
                             "needs_look", "not_checked", "skipped", "broken", "venues"}
    assert document["version"] == 1 and document["written"] is False
    assert document["summary"] == {
        "entries": 2, "entries_with_changes": 1,
        "changes": {"venue": 1, "version": 1, "title": 1, "authors": 0, "withdrawn": 0,
                    "citations": 1},
        "applied": 0, "needs_look": 0, "not_checked": 1, "skipped": 1, "broken": 0}
    venue = document["changes"][0]
    assert venue == {
        "entry": ZERO123, "arxiv": ZERO123, "file": ZERO123_P, "kind": "venue",
        "field": "venue", "old": "arXiv 2023", "new": "ICCV 2023",
        "evidence": 'Semantic Scholar: "IEEE International Conference on Computer Vision", '
                    "2023-10-01, DOI 10.1109/ICCV51070.2023.00853",
        "source": "Semantic Scholar", "status": "pending", "note": ""}
    assert document["not_checked"] == [{"entry": DIT, "arxiv": DIT, "file": DIT_P,
                                        "service": "arXiv", "reason": "timed out"}]
    assert document["skipped"] == [{"entry": "openai-sora", "file": SORA_P,
                                    "reason": "no arXiv ID"}]
    assert document["venues"] == ["TOG"]


def test_markdown_report_stays_under_githubs_body_limit(tmp_path: Path) -> None:
    from wmcurate.model import entry_from_mapping
    from wmcurate.refresh import Change, EntryRefresh, Look
    from wmcurate.refresh.report import MARKDOWN_LIMIT

    report = Report(read_at=WHEN)
    for n in range(1500):
        key = f"2401.{n:05d}"
        entry = entry_from_mapping({"title": f"World Model {n}: A Long Enough Title"}, key,
                                   "spatial", tmp_path / f"entries/spatial/{key}.yaml")
        item = EntryRefresh(entry, key)
        item.changes.append(Change("citations", ("source", "semantic_scholar", "citations"),
                                   None, n, "Semantic Scholar, read 2026-11-24",
                                   "Semantic Scholar"))
        if n % 500 == 0:
            item.looks.append(Look("venue", f"look at {key}"))
        report.entries.append(item)

    markdown = as_markdown(report, tmp_path)

    assert len(markdown) <= MARKDOWN_LIMIT
    assert "### Needs a look (3)\n\n" in markdown
    assert all(f"look at 2401.{n:05d}" in markdown for n in (0, 500, 1000))
    assert "<details><summary>Citations (1500)</summary>" in markdown
    shown = markdown.count("| **2401.")
    assert 100 < shown < 1500
    assert f"*... and {1500 - shown} more, left out to keep this under GitHub's size limit: " \
           "`wmcurate refresh --format json` lists them all.*" in markdown
