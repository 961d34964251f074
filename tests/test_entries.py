"""Entry files: loading with exact problem positions, round-trip writing, atomic writes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from wmcurate.cli import app
from wmcurate.config import load_config
from wmcurate.entries import (
    dump_yaml,
    entry_files,
    key_for_arxiv,
    load_entries,
    load_round_trip,
    new_entry_document,
    save_entry,
    slugify,
    write_atomic,
)
from wmcurate.errors import EntryError
from wmcurate.model import text_in

GOOD = """\
arxiv: "2301.00001"
title: Good Work
added: 2026-01-01T00:00:00Z
"""


def problems_of(root: Path) -> list[str]:
    config = load_config(root)
    return [p.render(root) for p in load_entries(config).problems]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# -- loading: broken files, wrong types ------------------------------------------------------


def test_yaml_syntax_error_is_reported_at_its_position(make_list: Callable[..., Path]) -> None:
    # The second line's colon cannot start a mapping value at that indent.
    root = make_list({"alpha/2301.00009": "title: x\n  bad: indent\n"})

    assert problems_of(root) == [
        "entries/alpha/2301.00009.yaml:2:6: invalid YAML: mapping values are not allowed in "
        "this context"
    ]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("title: x\n\tauthors: [A]\n", "2:1"),
        ("title: x\nauthors: [A, B\n", "3:1"),
        ("- just\n- a list\nbad: mapping\n", "3:1"),
    ],
    ids=["tab", "unclosed-flow", "list-then-mapping"],
)
def test_yaml_syntax_errors_name_line_and_column(
    make_list: Callable[..., Path], text: str, position: str
) -> None:
    root = make_list({"alpha/2301.00009": text})

    [problem] = problems_of(root)

    # The wording is the YAML parser's; the position and the prefix are wmcurate's.
    where, message = problem.split(": ", 1)
    assert where == f"entries/alpha/2301.00009.yaml:{position}"
    assert message.startswith("invalid YAML: ")
    assert len(message) > len("invalid YAML: ") + 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: T\nauthors: 5\n", "2:10: authors: expected a list of strings, got a number"),
        ('title: T\nfeatured: "yes"\n', "2:11: featured: expected true or false, got a string "
         "('yes': write true or false, without quotes)"),
        ("title: T\nlinks: [a]\n", "2:8: links: expected a mapping label -> URL, got a list: "
         "name each link, e.g. 'paper: https://...' and 'code: https://...' on lines of their "
         "own"),
        (
            "title: T\nlinks:\n  paper: 5\n",
            "3:10: links.paper: expected a URL string, got a number",
        ),
        (
            "title: T\nauthors:\n  - Ada\n  - [x]\n",
            "4:5: authors[1]: expected a string, got a list",
        ),
        ("title: T\none_liner:\n  en: [x]\n", "3:7: one_liner.en: expected a string, got a list"),
        (
            "title: T\npublished: soon\n",
            "2:12: published: expected a date such as 2023-03-20, got a string 'soon'",
        ),
        ("authors: [A]\n", "1:1: missing field 'title'"),
    ],
    ids=[
        "authors-number",
        "featured-string",
        "links-list",
        "link-number",
        "author-list",
        "text-list",
        "published-word",
        "no-title",
    ],
)
def test_wrong_type_points_at_the_field(
    make_list: Callable[..., Path], text: str, expected: str
) -> None:
    root = make_list({"beta/bad": text})
    line_col, message = expected.split(" ", 1)

    assert problems_of(root) == [f"entries/beta/bad.yaml:{line_col} {message}"]


def test_unquoted_arxiv_id_read_as_a_number_is_reported(make_list: Callable[..., Path]) -> None:
    root = make_list({"beta/2303.10000": "title: T\narxiv: 2303.10000\n"})

    assert problems_of(root) == [
        "entries/beta/2303.10000.yaml:2:8: arxiv: the arXiv ID reads as the number 2303.1; "
        'quote it, e.g. arxiv: "2303.11328"'
    ]


def test_duplicated_key_is_reported(make_list: Callable[..., Path]) -> None:
    root = make_list({"beta/dup": "title: T\nvenue: ICML 2020\nvenue: CVPR 2021\n"})

    loaded = load_entries(load_config(root))

    assert loaded.entries == []
    [problem] = [p.render(root) for p in loaded.problems]
    assert problem.startswith("entries/beta/dup.yaml:3:1: ")
    assert "venue" in problem


def test_other_entries_still_load(make_list: Callable[..., Path]) -> None:
    root = make_list(
        {
            "alpha/2301.00001": GOOD,
            "alpha/2301.00009": "title: x\n  bad: indent\n",
            "beta/bad": "title: T\nauthors: 5\n",
            "gamma/fine": "title: Fine\n",
        }
    )

    loaded = load_entries(load_config(root))

    assert [(e.section, e.key) for e in loaded.entries] == [
        ("alpha", "2301.00001"),
        ("gamma", "fine"),
    ]
    assert [p.path.name for p in loaded.problems] == ["2301.00009.yaml", "bad.yaml"]


def test_folder_that_is_not_a_section_and_duplicate_keys_are_problems(
    make_list: Callable[..., Path],
) -> None:
    root = make_list({"alpha/same": GOOD, "beta/same": GOOD, "delta/lost": GOOD})

    assert problems_of(root) == [
        "entries/beta/same.yaml:1:1: key 'same' is also used by entries/alpha/same.yaml: keep "
        "one file and list the work in other sections with `also`",
        "entries/delta/lost.yaml:1:1: folder 'delta' is not a section of the list; move the "
        "file to one of: alpha, beta, gamma",
    ]


def test_render_refuses_broken_entries_and_writes_nothing(
    make_list: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_list(
        {
            "alpha/2301.00001": GOOD,
            "beta/bad": "title: T\nauthors: 5\n",
            "gamma/2301.00009": "title: x\n  bad: indent\n",
        }
    )
    before = snapshot(root)

    for args in (["render"], ["render", "--check"]):
        result = runner.invoke(app, ["--root", str(root), *args])

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "Error: entries/beta/bad.yaml:2:10: authors: expected a list of strings, got a number\n"
            "entries/gamma/2301.00009.yaml:2:6: invalid YAML: mapping values are not allowed in "
            "this context\n"
            "render refused: fix the entries above; nothing was written\n"
        )
        assert snapshot(root) == before
        assert not (root / "papers").exists()


# -- writing ---------------------------------------------------------------------------------

CURATED = """\
# A curator's note at the top.
arxiv: "2303.11328"            # keep the quotes
title: 'Zero-1-to-3: Zero-shot One Image to 3D Object'
authors: [Ruoshi Liu, Rundi Wu]
venue: ICCV 2023
published: 2023-03-20
links:
  paper: https://arxiv.org/abs/2303.11328
  # the code link was checked by hand
  code: https://github.com/cvlab-columbia/zero123
one_liner: {en: "Short.", zh: 短。}
abstract:
  en: |-
    First paragraph.

    Second paragraph.
key_points:
  en:
    - One
    - Two
featured: true
also: [spatial]
added: 2026-11-24T10:00:00Z
"""


def test_round_trip_save_keeps_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "2303.11328.yaml"
    path.write_text(CURATED, encoding="utf-8")

    save_entry(path, load_round_trip(path))

    assert path.read_text(encoding="utf-8") == CURATED


def test_round_trip_change_touches_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "2303.11328.yaml"
    path.write_text(CURATED, encoding="utf-8")
    document = load_round_trip(path)

    document["venue"] = "ICCV 2023 (Oral)"
    save_entry(path, document)

    assert path.read_text(encoding="utf-8") == CURATED.replace(
        "venue: ICCV 2023\n", "venue: ICCV 2023 (Oral)\n"
    )


def test_round_trip_keeps_explicit_nulls(tmp_path: Path) -> None:
    text = "title: T\nsource:\n  version: 2\n  journal_ref: null\n  doi: null\n"
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")

    save_entry(path, load_round_trip(path))

    assert path.read_text(encoding="utf-8") == text


def test_round_trip_reads_windows_line_endings_as_before(tmp_path: Path) -> None:
    path = tmp_path / "2303.11328.yaml"
    path.write_bytes(CURATED.replace("\n", "\r\n").encode("utf-8"))

    save_entry(path, load_round_trip(path))

    assert path.read_text(encoding="utf-8") == CURATED


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("title: &t T\n", ":1:8", "anchor &t: anchors and aliases are not allowed"),
        ("title: T\nvenue: a\nvenue: b\n", ":3:1", "invalid YAML: duplicate key 'venue'"),
        ("title: T\nx: {1: a, true: b}\n", ":2:11", "invalid YAML: keys 1 and true are "
         "different in YAML"),
    ],
)
def test_round_trip_refuses_what_every_reader_refuses(
    tmp_path: Path, text: str, where: str, problem: str
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(EntryError) as caught:
        load_round_trip(path)

    assert caught.value.location == f"{path}{where}"
    assert caught.value.problem.startswith(problem)


def test_entry_files_are_listed_in_a_stable_order(make_list: Callable[..., Path]) -> None:
    root = make_list({"beta/b": "title: B\n", "alpha/z": "title: Z\n", "alpha/a": "title: A\n"})
    (root / "entries" / "alpha" / "notes.txt").write_text("not an entry\n", encoding="utf-8")
    (root / "entries" / "alpha" / ".a.yaml.1234.tmp").write_text("left by a kill\n",
                                                                 encoding="utf-8")

    listed = [(section, path.name) for section, path in entry_files(load_config(root))]

    assert listed == [("alpha", "a.yaml"), ("alpha", "z.yaml"), ("beta", "b.yaml")]


def test_long_strings_are_never_wrapped() -> None:
    long_text = " ".join(["word"] * 400)
    authors = [f"Author Number{i}" for i in range(60)]

    text = dump_yaml(
        new_entry_document(
            {"title": long_text, "authors": authors, "one_liner": {"en": long_text, "zh": "短"}}
        )
    )

    assert text.splitlines() == [
        f"title: {long_text}",
        "authors: [" + ", ".join(authors) + "]",
        "one_liner:",
        f"  en: {long_text}",
        "  zh: 短",
    ]


def test_new_entry_document_writes_fields_in_canonical_order_and_style() -> None:
    document = new_entry_document(
        {
            "added": dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "also": ["spatial"],
            "featured": True,
            "abstract": "First.\n\nSecond.",
            "one_liner": "Same in every language.",
            "links": {"paper": "https://arxiv.org/abs/2303.11328"},
            "authors": ["Ruoshi Liu", "Rundi Wu"],
            "title": "Zero-1-to-3: Zero-shot One Image to 3D Object",
            "arxiv": "2303.11328",
            "venue": None,
        }
    )

    assert (
        dump_yaml(document)
        == """\
arxiv: "2303.11328"
title: 'Zero-1-to-3: Zero-shot One Image to 3D Object'
authors: [Ruoshi Liu, Rundi Wu]
links:
  paper: https://arxiv.org/abs/2303.11328
one_liner: Same in every language.
abstract: |-
  First.

  Second.
featured: true
also: [spatial]
added: 2026-11-24T10:00:00Z
"""
    )


printable = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs")) | st.sampled_from("\n\t"), max_size=40
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    title=printable.filter(lambda s: s.strip() != ""),
    abstract=printable,
    points=st.lists(printable, max_size=3),
)
def test_written_texts_read_back_unchanged(title: str, abstract: str, points: list[str]) -> None:
    text = dump_yaml(
        new_entry_document(
            {"title": title, "abstract": {"en": abstract, "zh": title}, "key_points": points}
        )
    )

    back = YAML(typ="safe").load(text)

    assert back["title"] == title
    assert back["abstract"] == {"en": abstract, "zh": title}
    assert back.get("key_points") == points


def test_write_atomic_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "entry.yaml"

    write_atomic(path, "title: T\n")
    write_atomic(path, "title: U\n")

    assert path.read_bytes() == b"title: U\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["entry.yaml"]


def test_failed_write_keeps_the_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "2303.11328.yaml"
    path.write_text(CURATED, encoding="utf-8")
    document = load_round_trip(path)
    document["venue"] = "changed"

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left on device"):
        save_entry(path, document)

    assert path.read_text(encoding="utf-8") == CURATED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2303.11328.yaml"]


def test_write_atomic_writes_lf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "x.md"

    write_atomic(path, "a\nb\n")

    assert path.read_bytes() == b"a\nb\n"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_write_atomic_keeps_the_file_mode(tmp_path: Path) -> None:
    existing = tmp_path / "README.md"
    existing.write_text("old\n")
    existing.chmod(0o644)
    umask = os.umask(0o022)
    try:
        write_atomic(existing, "new\n")
        write_atomic(tmp_path / "new.md", "new\n")
    finally:
        os.umask(umask)

    assert oct(existing.stat().st_mode & 0o777) == oct(0o644)
    assert oct((tmp_path / "new.md").stat().st_mode & 0o777) == oct(0o644)


# -- keys and texts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("OpenAI Sora", "openai-sora"),
        ("Runway Gen-3 Alpha", "runway-gen-3-alpha"),
        ("Pika 1.0", "pika-1-0"),
        (
            "Zéro-1-to-3: Zero-shot One Image to 3D Object",
            "zero-1-to-3-zero-shot-one-image-to-3d-object",
        ),
        ("  ../../etc/passwd  ", "etc-passwd"),
        # Cut at 60 characters, back to the last whole word.
        (
            "A Very Long Title That Goes On And On About World Models Together With Many Others",
            "a-very-long-title-that-goes-on-and-on-about-world-models",
        ),
    ],
)
def test_slugify(title: str, key: str) -> None:
    assert slugify(title) == key
    assert len(key) <= 60


def test_old_style_arxiv_key_has_no_path_separator() -> None:
    assert key_for_arxiv("hep-th/9901001") == "hep-th_9901001"
    assert key_for_arxiv("2303.11328") == "2303.11328"


def test_text_in_falls_back_to_another_language() -> None:
    assert text_in({"en": "English", "zh": "中文"}, "zh", ("en",)) == "中文"
    assert text_in({"en": "English"}, "zh", ("en",)) == "English"
    assert text_in({"en": "", "zh": "中文"}, "en", ("zh",)) == "中文"
    assert text_in("Same", "zh") == "Same"
    assert text_in(None, "en") is None


@pytest.mark.parametrize(("old", "bom", "newline"), [
    (b"\xef\xbb\xbftitle: Old\r\nvenue: X\r\n", True, b"\r\n"),
    (b"title: Old\r\nvenue: X\r\n", False, b"\r\n"),
    (b"\xef\xbb\xbftitle: Old\nvenue: X\n", True, b"\n"),
    (b"title: Old\nvenue: X\n", False, b"\n"),
])
def test_a_file_replaced_keeps_its_line_endings_and_byte_order_mark(
        tmp_path: Path, old: bytes, bom: bool, newline: bytes) -> None:
    path = tmp_path / "entry.yaml"
    path.write_bytes(old)
    write_atomic(path, "title: New\nvenue: Y\n")
    assert path.read_bytes() == (b"\xef\xbb\xbf" if bom else b"") + (
        b"title: New" + newline + b"venue: Y" + newline)


def test_a_new_file_is_written_with_lf(tmp_path: Path) -> None:
    write_atomic(tmp_path / "new.yaml", "title: New\nvenue: Y\n")
    assert (tmp_path / "new.yaml").read_bytes() == b"title: New\nvenue: Y\n"


def test_a_fix_in_a_file_from_windows_changes_only_its_line(
        make_list: Callable[..., Path]) -> None:
    root = make_list()
    path = root / "entries" / "alpha" / "2303.11328.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [b"\xef\xbb\xbfarxiv: \"2303.11328\"", b"title: A Work  # kept as written",
             b"venue: CVPR2023", b"links:", b"  paper: https://arxiv.org/abs/2303.11328", b""]
    path.write_bytes(b"\r\n".join(lines))

    result = CliRunner().invoke(app, ["--root", str(root), "lint", "--fix", "--select",
                                      "WMC302", str(path)])

    assert result.exit_code == 0, result.output
    assert path.read_bytes() == b"\r\n".join([*lines[:2], b"venue: CVPR 2023", *lines[3:]])
