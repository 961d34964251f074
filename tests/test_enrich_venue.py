"""Venue detection (`wmcurate.venue_detect`): real arXiv journal references and comments,
written comments, journal references, and the year that is never invented.

The recorded papers are the real arXiv answers under tests/fixtures/arxiv (see SOURCES.md
there). `RECORDED` says, for every one of them that has a journal reference or a comment,
which venue add should write for it (None: none, so "arXiv <year>"); a new fixture with
such a paper fails `test_every_recorded_paper_is_in_the_table` until it is added.
The synthetic comments below are written by the team.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmcurate.enrich import VenueGuess, detect_venue
from wmcurate.feed import Paper, parse_feed
from wmcurate.venue_detect import journal_of, text_names_venue

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"

#: A list's vocabulary, for the tests where the list's own names matter.
VENUES: list[tuple[str, list[str]]] = [
    ("CVPR", ["Computer Vision and Pattern Recognition", "IEEE/CVF CVPR"]),
    ("ICLR", []),
    ("NeurIPS", ["NIPS"]),
    ("SIGGRAPH Asia", ["SIGGRAPH-ASIA"]),
    ("SIGGRAPH", []),
    ("ICCV", []),
    ("IEEE TPAMI", ["TPAMI"]),
    ("WMC", ["World Model Conference"]),  # a venue only this list knows
]


@cache
def recorded_papers() -> dict[str, Paper]:
    papers: dict[str, Paper] = {}
    for path in sorted(FIXTURES.glob("*.xml")):
        for paper in parse_feed(path.read_bytes()).papers:
            papers.setdefault(paper.id.base, paper)
    return papers


def guess_for(base: str, venues: list[tuple[str, list[str]]] | None = None) -> VenueGuess | None:
    paper = recorded_papers()[base]
    return detect_venue(paper.comment, paper.journal_ref, venues or [])


# --- every recorded paper --------------------------------------------------------------------
RECORDED: dict[str, str | None] = {
    # Journal references: the catalogue's name when it knows the journal, else the journal
    # as the reference abbreviates it, with the reference's year.
    "hep-ex/0307015": "Eur. Phys. J. C 2003",  # Eur.Phys.J. C31 (2003) 17-29
    "1201.4869": "Int. J. Mod. Phys. B 2012",
    "cond-mat/0412498": "Phys. Rev. B 2005",  # Physical Review B 71, 184511 (2005)
    "cond-mat/0603029": "Phys. Rev. B 2006",
    "1005.5383": "Phys. Rev. B 2010",
    "1303.6954": "Phys. Rev. B 2013",
    "1312.6177": "Phys. Rev. B 2014",
    "1412.6529": "Phys. Rev. B 2015",
    "cond-mat/0607501": "Phys. Rev. B 2006",
    "cond-mat/0702661": "Phys. Rev. B 2007",
    "0807.2873": "Annals of Physics 2009",
    "1101.2206": "Phys. Rev. Lett. 2011",
    "1111.2011": "Phys. Rev. B 2012",
    "1510.02795": "AISTATS 2016",  # Proceedings of the 19th International Conference on AI...
    "0706.3031": "Séminaire Lotharingien de Combinatoire 2008",  # S\'eminaire ...
    "1403.7984": "Mathematische Zeitschrift 2015",
    "astro-ph/9812133": "ApJ 1999",  # Astrophys.J.517:565-586,1999
    "math/9501234": "J. Algebraic Combin. 1997",
    "1503.01162": "Science & Education 2014",  # not the journal Science
    "0808.0631": "Statistical Science 2008",
    "0808.0638": "Statistical Science 2008",
    "0808.0639": "Statistical Science 2008",
    "1312.7288": "International Journal of Sciences 2013",
    "1710.08557": "Journal of NeuroEngineering and Rehabilitation 2017",
    "2006.09211": "The ANZIAM Journal 2021",
    "1005.2786": "Nonlinearity 2010",
    "0704.1916": "J. Math. Phys. 2010",  # Journal of Mathematical Physics 51(2010)103506
    "0802.0463": "Math. Ann. 2009",
    "1509.04789": "Journal of Differential Equations 2016",
    "1706.01836": "J. Chem. Phys. 2017",
    "2206.06921": "Indiana Univ. Math. J. 2024",
    "1209.0245": "ACHA 2014",  # Applied and Computational Harmonic Analysis, ...
    "1608.03628": "ACHA 2018",
    "math/0604473": "Astrophysics and Space Science 2006",
    "1309.4668": "CERN Yellow Report 2013",  # CERN Yellow Report CERN-2013-002, pp.237-240
    "1610.08734": "Physical Review Accelerators and Beams 2017",  # a whole citation
    "2102.00018": "Phys. Rev. D 2021",
    "0803.1617": "AIPConf.Proc. 2008",
    "1205.6628": "Eur. Phys. J. A 2012",
    "1401.3666": "Phys. Rev. A 2013",  # posted in 2014, published in 2013
    "astro-ph/0601001": "ActaAstron. 2006",  # the comment says "Submitted": the ref wins
    "hep-ph/0301050": "Phys. Lett. B 2003",
    "gr-qc/0103067": "Lect.Notes Phys. 2001",
    "0804.0970": "Formal Methods and Testing 2008",  # ..., Springer-Verlag (Ed.) (2008)
    "1202.4527": "IJSEA 2012",  # International Journal of ... (IJSEA), Vol.3, ...
    "1906.00673": "STVR 2021",  # Software Testing, Verification & Reliability 2021
    "2311.09714": "STVR 2025",  # ..., 35(2):e1914, 2025: e1914 is no year
    "1706.08286": "TIT 2019",  # IEEE Transactions on Information Theory ( Volume: 65 ...
    # Conference proceedings in journal references.
    "2005.14124": "ISSTA 2020",
    "2204.08348": "ISSTA 2022",
    "2304.06414": "IC2E 2022",
    "2509.05540": "SBES 2025",
    "2108.07910": "AITest 2021",
    "1912.05434": "AITest 2020",
    "2205.09552": "AITest 2022",
    # Workshop proceedings are the paper's venue (not the conference they are held at).
    "2202.12139": "ICSTW 2022",  # AI in Software Testing @ 2022 ... Workshops (ICSTW)
    "2405.13786": "ICSTW 2023",
    "2302.03287": "ICSTW 2023",
    "2408.07846": "ICSTW 2025",
    "2401.15189": "SBFT 2024",  # ... (SBFT@ICSE 2024): the workshop, not ICSE
    "2602.15552": "DeepTest 2026",  # ..., co-located with ICSE 2026
    "2502.07719": "DeepTest 2025",
    "1907.06632": "MET 2019",
    "2103.02870": "MET 2021",  # (MET'21)
    "2407.18756": "MET 2024",  # MET'24: 9th ACM International Workshop on ...
    # Comments that say where the paper appeared.
    "2301.05651": "ICST 2023",  # (ICST2023)
    "2301.13615": "ICST 2023",
    "2202.06271": "ICST 2022",
    "2005.06826": "ISSTA 2020",  # (ISSTA), 2020
    "2306.03845": "ISSTA 2023",
    "2109.07960": "AITest 2021",
    "2101.12036": "ICST 2021",
    "2312.06056": "ICST 2024",
    "2412.16620": "ISSTA 2025",
    "2501.07954": "ICST 2025",
    "2501.09657": "ICST 2025",
    "2202.09076": "STVR 2022",  # Journal of Software: Testing, ... (2022)
    "2502.09460": "ICST 2025",
    "2306.07400": "ICST 2026",  # ... 2026 (ICST '26)
    "2107.07364": "AITest 2021",
    "1709.03221": "FSE 2017",  # (ESEC/FSE'17)
    "2412.18843": "ICST 2025",
    "2106.04735": "ISSTA 2021",  # ... Analysis July 11 to 17, 2021: a date, not a longer name
    "2009.01554": "AITest 2020",
    "2012.06822": "ICST 2021",
    "2101.09077": "ICST 2021",  # the Proceedings of the IEEE International Conference ...
    "2302.09330": "ICST 2023",
    "2604.03438": "ICST 2026",
    "2501.17461": "ICST 2025",
    "2503.23466": "ICST 2025",
    "1808.05353": "ISSTA 2018",
    "2304.12671": "ICST 2012",  # posted 11 years after
    "2012.10662": "SAC 2021",  # The 36th ACM/SIGAPP Symposium on Applied Computing (SAC-SVT'21)
    "2602.19294": "ICST 2026",
    "2501.11550": "ICST 2025",
    "2312.05778": "ICST 2025",
    "2002.06611": "AITest 2020",
    # A venue named without a year: the venue alone, the year left to the human.
    "1511.08339": "ApJ",  # ApJ accepted
    "1809.08100": "ICST",  # Accepted at 10th IEEE International Conference on Software ...
    "1306.4664": "Algorithmica",  # to appear in "Algorithmica"
    "1009.3186": "TIT",  # To appear in IEEE Transactions on Information Theory
    "2206.10210": "STVR",  # Accepted for Software Testing, Verification, and Reliability
    # No venue: page counts, submissions, reviews, extended versions, talks, workshops at a
    # conference, and venues the catalogue does not know in a comment.
    "1304.8005": None,
    "1402.2297": None,
    "1608.03425": None,
    "0904.3231": None,
    "1604.07600": None,  # "... we added arxiv.org/abs/1506.06525 in references"
    "1701.04738": None,  # To appear in the Proceedings of the AMS Summer Institute ...
    "math/0211159": None,
    "quant-ph/0210005": None,  # invited contribution to QCMC 2002
    "0705.1367": None,
    "physics/0507092": None,  # Lecture at the 7th School on ...
    "2201.13452": None,
    "1911.03261": None,
    "astro-ph/9904306": None,
    "hep-ph/9411242": None,
    "astro-ph/9901367": None,
    "1207.3978": None,
    "0806.3233": None,
    "1602.03411": None,
    "1403.6944": None,  # talk given at ... (Hard Probes 2013)
    "1506.07840": None,
    "1706.08197": None,
    "math/0702122": None,  # Preprint, 13 pages
    "nucl-ex/0408020": None,
    "1606.02159": None,  # Preliminary version ... for the ECT* workshop
    "nucl-th/9910021": None,
    "1707.08567": None,  # editors for the proceedings
    "hep-ex/0406020": None,  # Presented at XXXIX Rencontres de Moriond
    "quant-ph/0201082": None,
    "2503.05378": None,  # keywords: "... SBST, AI, fuzzing" (no year, no acceptance)
    "1205.1866": None,  # keywords: "Microcontroller, FPGA, Testing"
    "1812.11470": None,
    "2403.16981": None,
    "2004.03322": None,
    "1912.09881": None,
    "2406.19956": None,
    "1912.04900": None,  # an extended version of a conference paper
    "1605.01097": None,
    "2008.01944": None,
    "1908.03707": None,
    "2409.05654": None,
    "2104.11069": None,  # an ICST URL is not a venue
    "2106.13414": None,
    "2007.10224": None,  # Submitted to ... (AIST 2020)
    "2504.04921": None,  # submitted to Software Testing, Vertification and Reliability
    "2509.24242": None,
    "1904.08007": None,  # First IEEE International Conference ... (no year, no acceptance)
    "1509.08401": None,
    "1704.08347": None,  # submitted to "Transactions on Information Forensics & Security"
    "2505.05162": None,  # Extended version of paper ... on POPL 2026
    "2507.10541": None,
    "2007.09895": None,  # Abridged version to appear in ... (SODA), 2021
    "1601.06222": None,  # Accepted to the Workshop on ... at ICPADS 2015
    "1706.00679": None,
    "cs/0503050": None,  # submitted to Software Testing, Verification and Reliability (STVR)
    "2104.12832": None,
    "2102.08864": None,  # Currently under review at Journal of Software Testing, ...
    "2507.16734": None,
    "2511.02810": None,  # currently under review with Software Quality Journal
    "2405.11454": None,
    "1609.07528": None,
    "2302.13198": None,  # a workshop the catalogue does not know (ITEQS)
    "1408.2674": None,
    "1106.3680": None,  # accepted for ICALP 2011 Group Testing Workshop
    "1602.05618": None,  # ... Workshop on Requirements Engineering and Testing (RET'16)
    "1309.0683": None,  # extended version of 'Strip Planarity Testing' (... Graph Drawing, 2013)
    "2501.05022": None,
    "2304.14166": None,
    "2203.09604": None,  # the 5th INTUITESTBEDS 2022, part of the 15th ... (ICST) 2022
    "1605.08386": None,
}


def test_every_recorded_paper_is_in_the_table() -> None:
    said = {base for base, paper in recorded_papers().items() if paper.journal_ref or paper.comment}
    assert said == set(RECORDED)


@pytest.mark.parametrize(("base", "venue"), sorted(RECORDED.items()))
def test_venue_of_every_recorded_paper(base: str, venue: str | None) -> None:
    guess = guess_for(base)

    assert (guess.venue if guess else None) == venue
    if guess is not None:
        assert guess.venue == (f"{guess.name} {guess.year}" if guess.year else guess.name)
        assert guess.year_missing == (guess.year is None)
        # The evidence is the words of the field it was read from.
        paper = recorded_papers()[base]
        field = paper.journal_ref if guess.source == "journal_ref" else paper.comment
        assert field is not None
        assert guess.evidence in " ".join(field.split())


@pytest.mark.parametrize(
    ("base", "source", "evidence"),
    [
        (
            "2005.06826",
            "comment",
            "Accepted to the ACM SIGSOFT International Symposium on Software Testing and Analysis "
            "(ISSTA), 2020",
        ),
        (
            "2005.14124",
            "journal_ref",
            "In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis "
            "(ISSTA 2020), pages 14-26.",
        ),
        ("astro-ph/9812133", "journal_ref", "Astrophys.J.517:565-586,1999"),
        ("2206.06921", "journal_ref", "Indiana Univ. Math. J. 73 (2024), 1331-1356"),
        ("1511.08339", "comment", "ApJ accepted"),
        (
            "2301.05651",
            "comment",
            "Accepted to the International Conference of Software Testing (ICST2023)",
        ),
    ],
)
def test_evidence_is_the_sentence_it_was_read_from(base: str, source: str, evidence: str) -> None:
    guess = guess_for(base)
    assert guess is not None
    assert (guess.source, guess.evidence) == (source, evidence)


def test_a_venue_named_without_a_year_keeps_no_year() -> None:
    # Issue 7: never the arXiv date (this paper was posted in 2018, the venue year is unknown).
    assert guess_for("1809.08100") == VenueGuess(
        venue="ICST",
        name="ICST",
        year=None,
        evidence="Accepted at 10th IEEE International Conference on Software Testing, "
        "Verification and Validation",
        source="comment",
    )
    guess = detect_venue("Published in IEEE TPAMI", None)
    assert guess is not None
    assert (guess.venue, guess.year, guess.year_missing) == ("TPAMI", None, True)


def test_the_list_vocabulary_names_the_venue_its_way() -> None:
    tpami = detect_venue("Accepted to T-PAMI 2023", None, VENUES)
    assert tpami is not None and tpami.venue == "IEEE TPAMI 2023"
    # A venue only the list knows.
    own = detect_venue("Accepted at the World Model Conference 2025", None, VENUES)
    assert own is not None and own.venue == "WMC 2025"
    # Without a vocabulary, the catalogue's name.
    assert guess_for("2412.16620", VENUES) == guess_for("2412.16620")
    bare = detect_venue("Accepted to T-PAMI 2023", None)
    assert bare is not None and bare.venue == "TPAMI 2023"


# --- synthetic comments ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("comment", "venue", "evidence"),
    [
        ("Accepted to CVPR 2024", "CVPR 2024", "Accepted to CVPR 2024"),
        (
            "20 pages, 9 figures. Accepted to CVPR 2024. Project page: https://x.github.io/y",
            "CVPR 2024",
            "Accepted to CVPR 2024.",
        ),
        ("ICLR 2025 (Oral)", "ICLR 2025", "ICLR 2025 (Oral)"),
        ("(ISSTA 2020)", "ISSTA 2020", "(ISSTA 2020)"),
        ("ICST2023", "ICST 2023", "ICST2023"),
        ("To appear in NeurIPS 2023", "NeurIPS 2023", "To appear in NeurIPS 2023"),
        ("Published at NIPS 2017", "NeurIPS 2017", "Published at NIPS 2017"),
        ("accepted by neurips 2022; code released", "NeurIPS 2022", "accepted by neurips 2022"),
        (
            "SIGGRAPH Asia 2023 (journal track)",
            "SIGGRAPH Asia 2023",
            "SIGGRAPH Asia 2023 (journal track)",
        ),
        ("Accepted to SIGGRAPH-ASIA 2022", "SIGGRAPH Asia 2022", "Accepted to SIGGRAPH-ASIA 2022"),
        ("SIGGRAPH 2023 Conference Paper", "SIGGRAPH 2023", "SIGGRAPH 2023 Conference Paper"),
        ("CVPR'24 highlight", "CVPR 2024", "CVPR'24 highlight"),
        ("Accepted to ICCV '23", "ICCV 2023", "Accepted to ICCV '23"),
        (
            "Accepted at the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
            "(CVPR) 2024",
            "CVPR 2024",
            "Accepted at the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
            "(CVPR) 2024",
        ),
        ("IEEE/CVF CVPR 2023", "CVPR 2023", "IEEE/CVF CVPR 2023"),
        (
            "Submitted to ICLR 2024; accepted to CVPR 2024",
            "CVPR 2024",
            "accepted to CVPR 2024",
        ),
        # Venues beyond the list's vocabulary, from the catalogue.
        ("Accepted to ICME 2024", "ICME 2024", "Accepted to ICME 2024"),
        (
            "In Proc. of the 29th ACM SIGSOFT International Symposium on Software Testing and "
            "Analysis (ISSTA 2020)",
            "ISSTA 2020",
            "In Proc. of the 29th ACM SIGSOFT International Symposium on Software Testing and "
            "Analysis (ISSTA 2020)",
        ),
        ("Accepted at Interspeech 2023", "INTERSPEECH 2023", "Accepted at Interspeech 2023"),
        ("Accepted to USENIX FAST 2023", "FAST 2023", "Accepted to USENIX FAST 2023"),
        ("IEEE S&P 2024", "S&P 2024", "IEEE S&P 2024"),
        ("Published in Nature, 2023", "Nature 2023", "Published in Nature, 2023"),
        (
            "Accepted to IEEE Robotics and Automation Letters (RA-L) 2024",
            "RA-L 2024",
            "Accepted to IEEE Robotics and Automation Letters (RA-L) 2024",
        ),
        # Workshop proceedings.
        ("CVPRW 2024", "CVPRW 2024", "CVPRW 2024"),
        (
            "Accepted to the CVPR 2024 Workshops (CVPRW)",
            "CVPRW 2024",
            "Accepted to the CVPR 2024 Workshops (CVPRW)",
        ),
    ],
)
def test_venues_in_written_comments(comment: str, venue: str, evidence: str) -> None:
    guess = detect_venue(comment, None, VENUES[:6])
    assert guess is not None
    assert (guess.venue, guess.evidence, guess.source) == (venue, evidence, "comment")


@pytest.mark.parametrize(
    "comment",
    [
        "20 pages, 3 figures",
        "Submitted to CVPR 2024",
        "Submitted to CVPR",
        "Under review at ICLR 2025",
        "In submission to NeurIPS 2024",
        "Rejected from ICLR 2024, resubmitted elsewhere",
        "Extended version of our CVPR 2023 paper",
        "Accepted to the CVPR 2024 Workshop on Generative Models",
        "Submitted to the CVPR 2024 Workshops (CVPRW)",
        "Accepted at the ICLR 2024 workshop on world models",
        "Code: https://github.com/cvpr2024/iclr",
        "We compare with CVPR",
        "Work in progress",
        "",
        "acl 2023",  # all-capital names are matched as written
        # Ordinary words that are also venue names, inside longer names.
        "Accepted to Nature Reviews Physics 2023",
        "Accepted at the Italian Conference on Artificial Intelligence 2023",
        "Accepted at the Indian Conference on Computer Vision, Graphics and Image Processing 2023",
        "Accepted to Science & Education 2023",
        # Short or ambiguous names: initials, words, units.
        "Thanks to S. P. Smith, 2019",
        "FAST 2023: fast training of world models",
        "Runs on an FPGA, 2024 edition",
        "EG 2023",
    ],
)
def test_no_venue_in_written_comments(comment: str) -> None:
    assert detect_venue(comment, None, VENUES) is None


def test_journal_ref_wins_over_an_outdated_comment() -> None:
    guess = detect_venue("Submitted to ICCV 2023", "ICCV 2023, pp. 9298-9309", VENUES)
    assert guess == VenueGuess("ICCV 2023", "ICCV", 2023, "ICCV 2023, pp. 9298-9309", "journal_ref")
    guess = detect_venue("Accepted to CVPR 2024", "Proceedings of the CVPR, 2024", VENUES)
    assert guess is not None and guess.source == "journal_ref"
    # A journal the catalogue does not know, from the reference, over the comment's venue.
    guess = detect_venue("Accepted to CVPR 2024", "J. Imaginary Stud. 12 (2024) 1-9")
    assert guess is not None and (guess.venue, guess.source) == (
        "J. Imaginary Stud. 2024",
        "journal_ref",
    )


def test_a_yearless_mention_needs_wording_of_acceptance() -> None:
    assert detect_venue("A CVPR paper", None, VENUES) is None
    guess = detect_venue("Accepted to CVPR", None, VENUES)
    assert guess is not None and (guess.venue, guess.year_missing) == ("CVPR", True)


def test_no_vocabulary_still_finds_real_venues() -> None:
    # Issue 7: a new list without `venues:` still gets the venue of an ISSTA paper.
    assert guess_for("2412.16620", []) is not None
    guess = detect_venue("Accepted to CVPR 2024", None, [("", [""])])
    assert guess is not None and guess.venue == "CVPR 2024"


@given(st.text(max_size=300), st.text(max_size=100) | st.none())
def test_any_text_is_safe(comment: str, journal_ref: str | None) -> None:
    guess = detect_venue(comment, journal_ref, VENUES)
    if guess is not None:
        assert guess.name.strip() == guess.name and guess.name
        assert guess.venue == (f"{guess.name} {guess.year}" if guess.year else guess.name)
        assert guess.evidence


# --- journal references ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("journal_ref", "journal", "year"),
    [
        ("Phys. Rev. B 84, 1 (2011)", "Phys. Rev. B", 2011),
        ("ActaAstron.56:1-50,2006", "ActaAstron.", 2006),
        ("Indiana Univ. Math. J. 73 (2024), 1331-1356", "Indiana Univ. Math. J.", 2024),
        ("Eur.Phys.J. C31 (2003) 17-29", "Eur.Phys.J. C", 2003),  # C is the series
        ("Phys.Lett.B573:94-100,2003", "Phys.Lett.B", 2003),
        ("JHEP 0601:001,2006", "JHEP", 2006),
        ("Nature 521, 436-444 (2015)", "Nature", 2015),
        (
            "IEEE Transactions on Foo, vol. 12, no. 3, pp. 1-10, 2019",
            "IEEE Transactions on Foo",
            2019,
        ),
        ("Science & Education, September 2014, 23(9): 1853-1873", "Science & Education", 2014),
        (
            "The ANZIAM Journal, Volume 63, Issue 3, July 2021, pp. 333--341",
            "The ANZIAM Journal",
            2021,
        ),
        ("International Journal of Foo & Bar (IJFB), Vol.3, No.1, January 2012", "IJFB", 2012),
        (
            "Formal Methods and Testing, Springer-Verlag (Ed.) (2008) 209-239",
            "Formal Methods and Testing",
            2008,
        ),
        ("CERN Yellow Report CERN-2013-002, pp.237-240", "CERN Yellow Report", 2013),
        (
            "S\\'eminaire Lotharingien de Combinatoire, Issue 58 (2008)",
            "Séminaire Lotharingien de Combinatoire",
            2008,
        ),
        (
            "Li, Y., Xia, G. (2017). A title. Physical Review Accelerators and Beams, 20(10), 1",
            "Physical Review Accelerators and Beams",
            2017,
        ),
        ("J. Foo Bar 12, 3-4", "J. Foo Bar", None),
    ],
)
def test_journal_of_a_reference(journal_ref: str, journal: str, year: int | None) -> None:
    assert journal_of(journal_ref) == (journal, year)


@pytest.mark.parametrize(
    "journal_ref",
    [
        "",
        "arXiv:2301.00001",
        "A reference without a volume",
        "Li, Y., Xia, G. (2017).",
        "2022 (to appear)",
    ],
)
def test_no_journal_in_a_reference(journal_ref: str) -> None:
    assert journal_of(journal_ref) is None


def test_a_reference_without_a_year_leaves_it_missing() -> None:
    guess = detect_venue(None, "J. Foo Bar 12, 3-4")
    assert guess is not None
    assert (guess.venue, guess.year_missing, guess.source) == ("J. Foo Bar", True, "journal_ref")


# --- does a text name a venue (lint's evidence check) ----------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "named"),
    [
        ("Accepted to CVPR 2024", "CVPR", True),
        (
            "Accepted to the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
            "CVPR",
            True,
        ),
        ("Phys.Rev.A 88 (2013) 062514", "Phys. Rev. A", True),
        ("Phys.Rev.A 88 (2013) 062514", "Phys.Rev.A", True),
        ("Mathematische Zeitschrift 280, 1185-1202, 2015", "Mathematische Zeitschrift", True),
        ("Accepted to CVPR 2024", "ICCV", False),
        ("20 pages", "TPAMI", False),
        ("", "CVPR", False),
    ],
)
def test_text_names_venue(text: str, name: str, named: bool) -> None:
    assert text_names_venue(text, name) is named
