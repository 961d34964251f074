"""`wmcurate.export`: every format parsed back with a well-kept parser of its own.

BibTeX is read with pybtex (and LaTeX decoded with latexcodec, pybtex's own decoder),
CSL-JSON with citeproc-py (and rendered to a bibliography), RIS with rispy, CSV with the
standard csv module. The entries below are built for these tests (not recorded): one per
kind of publication, with the characters LaTeX gives a meaning to, accented names, an
organisation as author, an "et al.", colliding citation keys and an old-style arXiv ID.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import string
import tempfile
from collections.abc import Callable
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pytest
import rispy
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from conftest import TINY_CONFIG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from wmcurate.config import Config, load_config
from wmcurate.entries import load_entries
from wmcurate.export import FORMATS, export, in_list_order
from wmcurate.export import bibtex as bibtex_module
from wmcurate.export.citation import citation_keys, cite, key_base, person
from wmcurate.export.csv_table import COLUMNS
from wmcurate.export.latex import escape, title
from wmcurate.model import Entry

#: Built test entries, one per case the exporters tell apart.
EXPORT_ENTRIES: dict[str, str] = {
    "alpha/2301.00001": """\
arxiv: "2301.00001"
title: "First Work: A Study of NeRF-W"
authors: [Ada Lovelace, Alan Turing]
venue: ICML 2023 (Oral)
published: 2023-01-02
links:
  paper: https://arxiv.org/abs/2301.00001
  code: https://github.com/example/first
one_liner: {en: Does the first thing., zh: 做第一件事。}
abstract: {en: "We study things.\\n\\nSecond paragraph.", zh: 我们研究事物。}
featured: true
also: [gamma]
added: 2026-01-01T00:00:00Z
source: {primary_category: cs.LG}
""",
    "alpha/2302.00002": """\
arxiv: "2302.00002"
title: "Müller & Søren: 100% {Fast} $x_1$ #1 ~ Über-Net"
authors: [José Álvarez-Núñez, Łukasz Kaiser, Vincent van Gogh]
venue: TPAMI 2024
published: 2023-02-03
links:
  paper: https://doi.org/10.1109/TPAMI.2024.0000001
added: 2026-01-02T00:00:00Z
""",
    "beta/2303.00003": """\
arxiv: "2303.00003"
title: "Scaling GPT-4 in the Wild"
authors: [Jane Doe, et al.]
venue: arXiv 2023
published: 2023-03-05
added: 2026-01-03T00:00:00Z
source: {primary_category: cs.CV, doi: null}
""",
    "beta/2303.00004": """\
arxiv: "2303.00004"
title: "Scaling Laws, Again"
authors: [Jane Doe]
venue: arXiv 2023
published: 2023-03-01
added: 2026-01-04T00:00:00Z
""",
    "beta/example-model": """\
title: Example Model
authors: [Example Research Team]
venue: 2024 (open release)
model: Example-1
links:
  model: https://example.com/model
  code: https://github.com/example/model
added: 2026-01-05T00:00:00Z
""",
    "gamma/2304.00005": """\
arxiv: "2304.00005"
title: "A Workshop Paper"
authors: [Grace Hopper]
venue: CVPRW 2023
added: 2026-01-06T00:00:00Z
""",
    "gamma/2305.00006": """\
arxiv: "2305.00006"
title: "Unknown Venue Work"
authors: [Alan Kay]
venue: Foo Symposium 2022
added: 2026-01-07T00:00:00Z
""",
    "gamma/hep-th_9901001": """\
arxiv: hep-th/9901001
title: "Strings, the Old Way"
authors: [Edward Witten]
venue: arXiv 1999
added: 2026-01-08T00:00:00Z
""",
}


@pytest.fixture
def built(make_list: Callable[..., Path]) -> tuple[object, list[Entry]]:
    root = make_list(EXPORT_ENTRIES)
    config = load_config(root)
    loaded = load_entries(config)
    assert not loaded.problems
    return config, loaded.entries


def _bib(built: tuple[object, list[Entry]]):  # type: ignore[no-untyped-def]
    config, entries = built
    return parse_string(export(entries, config, "bibtex").text, "bibtex")  # type: ignore[arg-type]


# -- BibTeX ----------------------------------------------------------------------------------
def test_bibtex_conference_paper(built: tuple[object, list[Entry]]) -> None:
    entry = _bib(built).entries["lovelace2023first"]

    assert entry.type == "inproceedings"
    assert dict(entry.fields) == {
        "title": "First Work: A Study of {NeRF}-{W}",
        "booktitle": "International Conference on Machine Learning (ICML)",
        "year": "2023",
        "note": "Oral",
        "eprint": "2301.00001",
        "archivePrefix": "arXiv",
        "primaryClass": "cs.LG",
        "url": "https://arxiv.org/abs/2301.00001",
    }
    assert [str(p) for p in entry.persons["author"]] == ["Lovelace, Ada", "Turing, Alan"]


def test_bibtex_journal_paper_escapes_title_and_names(built: tuple[object, list[Entry]]) -> None:
    entry = _bib(built).entries["alvareznunez2024muller"]

    assert entry.type == "article"
    assert dict(entry.fields) == {
        "title": r"M{\"u}ller \& S{\o}ren: 100\% \textbraceleft{}Fast\textbraceright{} \$x\_1\$ "
                 r"\#1 \textasciitilde{} "
                 r"{\"U}ber-Net",
        "journal": "IEEE Transactions on Pattern Analysis and Machine Intelligence (TPAMI)",
        "year": "2024",
        "eprint": "2302.00002",
        "archivePrefix": "arXiv",
        "doi": "10.1109/TPAMI.2024.0000001",
        "url": "https://doi.org/10.1109/TPAMI.2024.0000001",
    }
    authors = entry.persons["author"]
    assert [(p.last_names, p.first_names) for p in authors] == [
        ([r"{\'A}lvarez-N{\'u}{\~n}ez"], [r"Jos{\'e}"]),
        (["Kaiser"], [r"{\L}ukasz"]),
        (["Gogh"], ["Vincent"]),
    ]
    assert authors[2].prelast_names == ["van"]
    assert _decode(entry.fields["title"]) == "Müller & Søren: 100% {Fast} $x_1$ #1 ~ Über-Net"


def test_bibtex_preprint_is_misc_with_eprint_and_arxiv_doi(
    built: tuple[object, list[Entry]],
) -> None:
    entries = _bib(built).entries

    # Two works share doe2023scaling: the earlier published keeps it.
    first, second = entries["doe2023scaling"], entries["doe2023scalingb"]
    assert first.fields["eprint"] == "2303.00004"
    assert second.type == "misc"
    assert dict(second.fields) == {
        "title": "Scaling {GPT}-4 in the Wild",
        "year": "2023",
        "eprint": "2303.00003",
        "archivePrefix": "arXiv",
        "primaryClass": "cs.CV",
        "doi": "10.48550/arXiv.2303.00003",
        "url": "https://arxiv.org/abs/2303.00003",
    }
    assert [str(p) for p in second.persons["author"]] == ["Doe, Jane", "others"]


def test_bibtex_product_is_misc_with_organisation_whole(built: tuple[object, list[Entry]]) -> None:
    entry = _bib(built).entries["example2024example"]

    assert entry.type == "misc"
    assert dict(entry.fields) == {
        "title": "Example Model",
        "year": "2024",
        "note": "open release",
        "url": "https://example.com/model",
    }
    (author,) = entry.persons["author"]
    assert str(author) == "{Example Research Team}"


def test_bibtex_workshop_unknown_venue_and_old_style_id(
    built: tuple[object, list[Entry]],
) -> None:
    entries = _bib(built).entries

    workshop = entries["hopper2023workshop"]
    assert workshop.type == "inproceedings"
    assert workshop.fields["booktitle"] == ("IEEE/CVF Conference on Computer Vision and Pattern "
                                            "Recognition Workshops (CVPRW)")
    unknown = entries["kay2022unknown"]
    assert unknown.type == "misc"
    assert unknown.fields["howpublished"] == "Foo Symposium"
    assert unknown.fields["eprint"] == "2305.00006"
    assert "doi" not in unknown.fields
    old = entries["witten1999strings"]
    assert (old.type, old.fields["eprint"], old.fields["primaryClass"]) == (
        "misc", "hep-th/9901001", "hep-th")


def test_records_for_the_site_match_the_export(built: tuple[object, list[Entry]]) -> None:
    config, entries = built
    found = bibtex_module.records(entries, config)  # type: ignore[arg-type]

    assert set(found) == {e.key for e in entries}
    assert found["2303.00003"].startswith("@misc{doe2023scalingb,\n")
    whole = export(entries, config, "bibtex").text  # type: ignore[arg-type]
    assert all(record in whole for record in found.values())


def test_citation_keys_do_not_depend_on_order_or_section(
    built: tuple[object, list[Entry]],
) -> None:
    config, entries = built
    forward = bibtex_module.records(entries, config)  # type: ignore[arg-type]
    backward = bibtex_module.records(list(reversed(entries)), config)  # type: ignore[arg-type]
    section = parse_string(export(entries, config, "bibtex", "beta").text,  # type: ignore[arg-type]
                           "bibtex")

    assert forward == backward
    assert set(section.entries) == {"doe2023scaling", "doe2023scalingb", "example2024example"}


def test_keys_skip_stop_words_fold_accents_and_never_collide() -> None:
    def key(title_text: str, author: str, year: int | None = 2020) -> str:
        entry = Entry(key="k", section="s", path=Path("k.yaml"), title=title_text,
                      authors=[author], venue=f"arXiv {year}" if year else None)
        return key_base(cite(entry, _config()))

    assert key("The Art of Zero-1-to-3", "Ana Müller") == "muller2020art"
    assert key("On: A Title", "Vincent van Gogh") == "vangogh2020title"
    assert key("张三的论文", "张三", None) == "anon"
    entries = [Entry(key=f"e{i}", section="s", path=Path("x"), title=t, authors=["A Smith"],
                     venue="arXiv 2020") for i, t in enumerate(["Net", "Net", "Netb", "Net"])]
    keys = citation_keys([cite(e, _config()) for e in entries])
    # e2's own base is smith2020netb: the second and third "Net" skip it.
    assert keys == {"e0": "smith2020net", "e1": "smith2020netc", "e2": "smith2020netb",
                    "e3": "smith2020netd"}


def test_person_names() -> None:
    assert person("Ben Mildenhall") == person("Mildenhall, Ben")
    assert person("Vincent van Gogh").family == "van Gogh"
    assert person("OpenAI").literal == "OpenAI"
    assert person("Google DeepMind Team").literal == "Google DeepMind Team"


# -- LaTeX escaping ------------------------------------------------------------------------
#: Characters the round trip must keep: ASCII, accented Latin letters, symbols with a LaTeX
#: spelling, and scripts kept as UTF-8.
ALPHABET = (
    string.ascii_letters + string.digits + " !\"#$%&()*+,-./:;<=>?@[\\]^_{|}~"
    + "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÇÈÉÑÖÜßæÆøØœŒłŁšžčřńśźżőűąęğıșț–—“”…×→θαβΩ°©"
    + "张三论文Привет"
)


def _decode(latex: str) -> str:
    """LaTeX source back to text: latexcodec, plus the escapes it does not read."""
    marks = {r"\textbackslash{}": "\ue000", r"\textbraceleft{}": "\ue001",
             r"\textbraceright{}": "\ue002", r"\$": "\ue003",
             r"\textasciicircum{}": "\ue004", r"\textless{}": "<", r"\textgreater{}": ">",
             r"\textbar{}": "|", r"\textasciitilde{}": "\ue005"}
    for command, mark in marks.items():
        latex = latex.replace(command, mark)
    text = codecs.decode(latex, "ulatex").replace("{", "").replace("}", "")
    for plain, mark in zip("\\{}$^~", "\ue000\ue001\ue002\ue003\ue004\ue005", strict=True):
        text = text.replace(mark, plain)
    return text


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_escaped_text_decodes_back(text: str) -> None:
    folded = " ".join(text.split())
    for escaped in (escape(folded), title(folded)):
        assert _balanced(escaped), escaped
        assert _decode(escaped) == folded


#: Characters on both sides of each quick path's test: ASCII with LaTeX's specials,
#: ligature pairs, whitespace and control characters, capitals, accented and CJK letters.
_EDGES = st.sampled_from([*string.printable, "\x00", "\x7f", "\xa0", "é", "e\u0301", "ß",
                          "中", "--", "``", "''", ",,", "!`", "?`", "3D", "NeRF", "and"])


def _slow_title(text: str) -> str:
    """`latex.title` as it was before its quick paths: every piece through `_escaped`."""
    from wmcurate.export import latex

    out, pos = [], 0
    for match in latex._COMPOUND.finditer(text):
        out.append(latex._escaped(text[pos:match.start()]))
        out.append(latex._compound(match.group(), latex._escaped))
        pos = match.end()
    out.append(latex._escaped(text[pos:]))
    return "".join(out)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.one_of(st.lists(_EDGES, max_size=20).map("".join), st.text(max_size=30)))
def test_quick_paths_write_what_the_full_escapes_write(text: str) -> None:
    from wmcurate.export import latex
    from wmcurate.export.citation import single_line

    assert escape(text) == latex._escaped(text)
    assert title(text) == _slow_title(text)
    assert latex.name(text) == " ".join(
        "{" + latex._escaped(w) + "}" if w.casefold() == "and" else latex._escaped(w)
        for w in text.split())
    for word in [text, *text.replace("-", " ").split()]:
        assert latex._protected(word) == any(ch.isupper() for ch in word[1:])
    kept = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    assert single_line(text) == " ".join(kept.split())
    assert bibtex_module._verbatim(text) == "".join(
        {"{": "%7B", "}": "%7D", "\\": "%5C"}.get(ch, "%20" if ch.isspace() else ch)
        for ch in text.strip())


def test_title_braces_acronyms_only() -> None:
    assert title("NeRF: 3D from GPT-J and Zero-Shot Text-to-3D") == (
        "{NeRF}: {3D} from {GPT}-{J} and Zero-Shot Text-to-{3D}")


def _balanced(text: str) -> bool:
    """Braces balanced as BibTeX counts them: every brace, escaped (\\{) or not."""
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


# -- CSL-JSON ------------------------------------------------------------------------------
def test_csl_json_items(built: tuple[object, list[Entry]]) -> None:
    config, entries = built
    items = {i["id"]: i for i in json.loads(export(entries, config, "csl-json").text)}  # type: ignore[arg-type]

    assert items["lovelace2023first"] == {
        "id": "lovelace2023first",
        "type": "paper-conference",
        "title": "First Work: A Study of NeRF-W",
        "author": [{"family": "Lovelace", "given": "Ada"}, {"family": "Turing", "given": "Alan"}],
        "container-title": "International Conference on Machine Learning",
        "container-title-short": "ICML",
        "issued": {"date-parts": [[2023]]},
        "note": "Oral",
        "URL": "https://arxiv.org/abs/2301.00001",
        "abstract": "We study things. Second paragraph.",
    }
    assert items["doe2023scalingb"] == {
        "id": "doe2023scalingb",
        "type": "article",
        "title": "Scaling GPT-4 in the Wild",
        "author": [{"family": "Doe", "given": "Jane"}],
        "publisher": "arXiv",
        "number": "arXiv:2303.00003",
        "issued": {"date-parts": [[2023, 3, 5]]},
        "DOI": "10.48550/arXiv.2303.00003",
        "URL": "https://arxiv.org/abs/2303.00003",
    }
    assert items["example2024example"]["author"] == [{"literal": "Example Research Team"}]
    assert items["alvareznunez2024muller"]["type"] == "article-journal"
    assert items["alvareznunez2024muller"]["author"][0] == {"family": "Álvarez-Núñez",
                                                            "given": "José"}


def test_csl_json_reads_and_renders_with_citeproc(built: tuple[object, list[Entry]]) -> None:
    config, entries = built
    source = CiteProcJSON(json.loads(export(entries, config, "csl-json").text))  # type: ignore[arg-type]

    reference = source["alvareznunez2024muller"]
    assert str(reference.title) == "Müller & Søren: 100% {Fast} $x_1$ #1 ~ Über-Net"
    assert str(reference.container_title) == ("IEEE Transactions on Pattern Analysis and "
                                              "Machine Intelligence")
    assert [(n.family, n.given) for n in reference.author][2] == ("van Gogh", "Vincent")
    assert reference.issued.year == 2024
    assert str(reference.DOI) == "10.1109/TPAMI.2024.0000001"
    lines = _bibliography(source)
    assert len(lines) == len(entries)
    assert any("Lovelace, A. and Turing, A. (2023)" in line for line in lines), lines


def _bibliography(source: CiteProcJSON) -> list[str]:
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for key in source:
        bibliography.register(CslCitation([CitationItem(key)]))
    return [str(item) for item in bibliography.bibliography()]


# -- CSV and RIS ---------------------------------------------------------------------------
def test_csv_rows(built: tuple[object, list[Entry]]) -> None:
    config, entries = built
    text = export(entries, config, "csv").text  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))

    assert text.startswith(",".join(COLUMNS) + "\r\n")
    first = rows[0]
    assert first == {
        "key": "lovelace2023first", "entry": "2301.00001", "section": "alpha",
        "sections": "alpha; gamma", "type": "conference",
        "title": "First Work: A Study of NeRF-W", "authors": "Ada Lovelace; Alan Turing",
        "year": "2023", "venue": "ICML 2023 (Oral)",
        "venue_name": "International Conference on Machine Learning", "arxiv": "2301.00001",
        "doi": "", "url": "https://arxiv.org/abs/2301.00001", "published": "2023-01-02",
        "featured": "true", "one_liner": "Does the first thing.",
    }
    assert [r["entry"] for r in rows] == [e.key for e in in_list_order(entries, config)]  # type: ignore[arg-type]
    assert rows[1]["title"] == "Müller & Søren: 100% {Fast} $x_1$ #1 ~ Über-Net"


def test_ris_records(built: tuple[object, list[Entry]]) -> None:
    config, entries = built
    text = export(entries, config, "ris").text  # type: ignore[arg-type]
    records = {r["id"]: r for r in rispy.loads(text)}

    assert len(records) == len(entries)
    journal = records["alvareznunez2024muller"]
    assert journal == {
        "type_of_reference": "JOUR",
        "id": "alvareznunez2024muller",
        "title": "Müller & Søren: 100% {Fast} $x_1$ #1 ~ Über-Net",
        "authors": ["Álvarez-Núñez, José", "Kaiser, Łukasz", "van Gogh, Vincent"],
        "year": "2024",
        "date": "2023/02/03",
        "secondary_title": "IEEE Transactions on Pattern Analysis and Machine Intelligence",
        "alternate_title1": "TPAMI",
        "accession_number": "arXiv:2302.00002",
        "doi": "10.1109/TPAMI.2024.0000001",
        "urls": ["https://doi.org/10.1109/TPAMI.2024.0000001"],
    }
    assert records["doe2023scalingb"]["type_of_reference"] == "UNPB"
    assert records["doe2023scalingb"]["publisher"] == "arXiv"
    assert records["lovelace2023first"]["type_of_reference"] == "CPAPER"
    assert records["example2024example"]["type_of_reference"] == "ELEC"


def test_unknown_section_is_refused(built: tuple[object, list[Entry]]) -> None:
    from wmcurate.errors import WmcurateError

    config, entries = built
    with pytest.raises(WmcurateError, match="no section 'delta' in wmcurate.yaml"):
        export(entries, config, "csv", "delta")  # type: ignore[arg-type]


# -- any entry exports to parseable output -----------------------------------------------------
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
_VENUES = st.one_of(st.none(), _TEXT, st.sampled_from(
    ["CVPR 2024", "arXiv 2023", "TPAMI 2021", "2024 (Alpha)", "NeurIPS 2023 (Spotlight)", ""]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(titles=st.lists(_TEXT, min_size=1, max_size=4),
       authors=st.lists(_TEXT, max_size=4), venue=_VENUES,
       arxiv=st.one_of(st.none(), st.sampled_from(["2301.00001", "hep-th/9901001"])),
       url=st.one_of(st.none(), _TEXT.map(lambda t: "https://example.com/" + t)))
def test_any_entries_export_to_parseable_output(
    titles: list[str], authors: list[str], venue: str | None, arxiv: str | None,
    url: str | None,
) -> None:
    config = _config()
    entries = [Entry(key=f"work-{i}", section="alpha", path=Path(f"work-{i}.yaml"), title=t,
                     authors=authors, venue=venue, arxiv=arxiv,
                     links={"code": url} if url else {}) for i, t in enumerate(titles)]
    outputs = {fmt: export(entries, config, fmt).text for fmt in FORMATS}

    bib = parse_string(outputs["bibtex"], "bibtex")
    assert len(bib.entries) == len(entries)
    for record in bib.entries.values():
        assert all(_balanced(value) for value in record.fields.values())
    items = json.loads(outputs["csl-json"])
    assert set(CiteProcJSON(items)) == {key.lower() for key in bib.entries}
    assert len(_bibliography(CiteProcJSON(items))) == len(entries)
    rows = list(csv.DictReader(io.StringIO(outputs["csv"], newline="")))
    assert [r["entry"] for r in rows] == [e.key for e in entries]
    assert len(rispy.loads(outputs["ris"])) == len(entries)


@functools.cache
def _config() -> Config:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "wmcurate.yaml").write_text(TINY_CONFIG, encoding="utf-8")
        return load_config(Path(folder))
