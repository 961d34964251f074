"""`wmcurate lint` on the command line: output formats, exit codes, settings, PATH, --fix,
--explain, `rules` and --online (against the fake arXiv server in arxiv_server.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from arxiv_server import FakeArxiv
from ruamel.yaml import YAML
from s2_server import FakeS2
from test_lint import (
    CASES,
    CONFIG,
    GAIA,
    GAIA_P,
    GOOD,
    PRODUCT,
    PRODUCT_P,
    ZERO123_ON_ARXIV,
    P,
    cli,
    edit,
    fake_arxiv,
    lint_json,
    make_list,
    render,
)

from wmcurate import lint


def _mixed_list(tmp_path: Path, config: str = CONFIG) -> Path:
    """One error (WMC301), one fixable warning (WMC208) and one plain warning (WMC404)."""
    return make_list(
        tmp_path / "list",
        {
            P: edit(
                edit(GOOD, "venue: ICCV 2023", "venue: ICRL 2023"),
                "pdf: https://arxiv.org/pdf/2303.11328",
                "pdf: https://arxiv.org/pdf/2303.11328.pdf",
            ),
            GAIA_P: edit(GAIA, ", zh: 面向自动驾驶的生成式世界模型。}", "}"),
        },
        config=config,
    )


def _warnings_only(tmp_path: Path, config: str = CONFIG) -> Path:
    return make_list(
        tmp_path / "list",
        {P: GOOD, GAIA_P: edit(GAIA, ", zh: 面向自动驾驶的生成式世界模型。}", "}")},
        config=config,
    )


ICRL = (
    "unknown venue 'ICRL 2023': did you mean 'ICLR 2023'? (neither in venues: in wmcurate.yaml "
    "nor a venue wmcurate knows; if it is real, add it to venues)"
)
CANONICAL_PDF = "write links.pdf as 'https://arxiv.org/pdf/2303.11328'"
NO_ZH = "'one_liner' has no zh text: add the translation"


# -- output formats ---------------------------------------------------------------------------
def test_text_output_is_grouped_by_file_with_a_count_per_rule(tmp_path: Path) -> None:
    result = cli(_mixed_list(tmp_path), "lint", "--ignore", "WMC701")

    assert result.exit_code == 1
    assert result.stdout == (
        f"{GAIA_P}\n"
        f"  8:12  warning WMC404  {NO_ZH}\n"
        f"{P}\n"
        # Positions padded to the widest: the columns line up across files.
        f"  4:8   error   WMC301  {ICRL}\n"
        f"  7:8   warning WMC208  {CANONICAL_PDF} (fixable)\n"
        "\n"
        "  WMC208 arxiv-link-noncanonical: 1\n"
        "  WMC301 venue-unknown: 1\n"
        "  WMC404 missing-translation: 1\n"
        "1 error(s), 2 warning(s) (1 fixable with --fix)\n"
    )


def test_text_output_of_a_clean_list(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD})
    render(root)

    assert cli(root, "lint").stdout == "no problems found\n"
    assert cli(root, "-q", "lint").stdout == ""


def test_json_output_has_a_stable_schema(tmp_path: Path) -> None:
    result = cli(_mixed_list(tmp_path), "lint", "--ignore", "WMC701", "--format", "json")

    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"findings", "summary"}
    assert document["summary"] == {"errors": 1, "warnings": 2, "fixable": 1}
    assert document["findings"] == [
        {
            "code": "WMC404",
            "severity": "warning",
            "file": GAIA_P,
            "line": 8,
            "column": 12,
            "message": NO_ZH,
            "fixable": False,
        },
        {
            "code": "WMC301",
            "severity": "error",
            "file": P,
            "line": 4,
            "column": 8,
            "message": ICRL,
            "fixable": False,
        },
        {
            "code": "WMC208",
            "severity": "warning",
            "file": P,
            "line": 7,
            "column": 8,
            "message": CANONICAL_PDF,
            "fixable": True,
        },
    ]
    for finding in document["findings"]:
        assert list(finding) == ["code", "severity", "file", "line", "column", "message", "fixable"]


def test_json_output_of_a_clean_list(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD})
    render(root)
    result = cli(root, "lint", "--format", "json")

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "findings": [],
        "summary": {"errors": 0, "warnings": 0, "fixable": 0},
    }


def test_github_output_is_one_annotation_per_finding(tmp_path: Path) -> None:
    result = cli(_mixed_list(tmp_path), "lint", "--ignore", "WMC701", "--format", "github")

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::warning file={GAIA_P},line=8,col=12,title=WMC404::{NO_ZH}",
        f"::error file={P},line=4,col=8,title=WMC301::{ICRL}",
        f"::warning file={P},line=7,col=8,title=WMC208::{CANONICAL_PDF}",
    ]


def test_github_output_escapes_what_would_break_the_command(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: edit(GOOD, "venue: ICCV 2023", "venue: 100% 2023")})
    result = cli(root, "lint", "--ignore", "WMC701", "--format", "github")

    assert result.stdout.splitlines() == [
        f"::error file={P},line=4,col=8,title=WMC301::unknown venue '100%25 2023' (neither in "
        "venues: in wmcurate.yaml nor a venue wmcurate knows; if it is real, add it to venues)"
    ]


# -- exit codes -------------------------------------------------------------------------------
def test_exit_0_when_only_warnings(tmp_path: Path) -> None:
    root = _warnings_only(tmp_path)
    render(root)
    result = cli(root, "lint")

    assert result.exit_code == 0
    assert result.stdout.endswith("0 error(s), 1 warning(s)\n")


def test_exit_1_when_any_error(tmp_path: Path) -> None:
    assert cli(_mixed_list(tmp_path), "lint", "--ignore", "WMC701").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--select", "WMC999"],
            "Error: unknown rule code(s): WMC999; see `wmcurate lint --explain "
            "CODE` or `wmcurate rules`\n",
        ),
        (
            ["--ignore", "WMC3,XYZ"],
            "Error: unknown rule code(s): XYZ; see `wmcurate lint --explain "
            "CODE` or `wmcurate rules`\n",
        ),
        (["entries/nowhere"], "Error: entries/nowhere: no such file or folder\n"),
    ],
)
def test_exit_2_on_bad_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    root = _mixed_list(tmp_path)
    monkeypatch.chdir(root)
    result = cli(root, "lint", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_exit_2_on_a_broken_config(tmp_path: Path) -> None:
    root = _mixed_list(tmp_path, config=CONFIG + "venues: [\n")
    result = cli(root, "lint")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {root / 'wmcurate.yaml'}:")
    assert "invalid YAML" in result.stderr


def test_exit_2_without_a_config(tmp_path: Path) -> None:
    result = cli(tmp_path, "lint")

    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'wmcurate.yaml'}: not found. A list needs a "
        "wmcurate.yaml; point at the list with --root DIR.\n"
    )


def test_exit_2_on_an_unknown_severity_in_the_config(tmp_path: Path) -> None:
    root = _mixed_list(tmp_path, config=CONFIG + "lint:\n  severity: {WMC404: fatal}\n")
    result = cli(root, "lint")

    assert result.exit_code == 2
    assert "'fatal' is not error, warning or off" in result.stderr


# -- settings in wmcurate.yaml ----------------------------------------------------------------
def test_severity_raised_to_error_changes_the_exit_code(tmp_path: Path) -> None:
    root = _warnings_only(tmp_path, config=CONFIG + "lint:\n  severity: {WMC404: error}\n")
    render(root)

    exit_code, findings = lint_json(root)

    assert exit_code == 1
    assert [(f["code"], f["severity"]) for f in findings] == [("WMC404", "error")]


def test_severity_lowered_to_warning_changes_the_exit_code(tmp_path: Path) -> None:
    root = _mixed_list(tmp_path, config=CONFIG + "lint:\n  severity: {WMC301: warning}\n")

    exit_code, findings = lint_json(root, "--ignore", "WMC701")

    assert exit_code == 0
    assert [(f["code"], f["severity"]) for f in findings] == [
        ("WMC404", "warning"),
        ("WMC301", "warning"),
        ("WMC208", "warning"),
    ]


def test_severity_off_silences_a_rule(tmp_path: Path) -> None:
    root = _warnings_only(tmp_path, config=CONFIG + "lint:\n  severity: {WMC404: 'off'}\n")
    render(root)

    assert cli(root, "lint").stdout == "no problems found\n"


def test_severity_of_stale_output_can_be_lowered(tmp_path: Path) -> None:
    root = make_list(
        tmp_path / "list", {P: GOOD}, config=CONFIG + "lint:\n  severity: {WMC701: warning}\n"
    )

    exit_code, findings = lint_json(root)

    assert exit_code == 0
    assert findings and {(f["code"], f["severity"]) for f in findings} == {("WMC701", "warning")}


def test_ignore_in_the_config(tmp_path: Path) -> None:
    root = _mixed_list(tmp_path, config=CONFIG + "lint:\n  ignore: [WMC4, WMC208]\n")

    assert [f["code"] for f in lint_json(root, "--ignore", "WMC701")[1]] == ["WMC301"]


def test_unknown_code_in_the_config_is_refused(tmp_path: Path) -> None:
    root = _mixed_list(tmp_path, config=CONFIG + "lint:\n  severity: {WMC4O4: error}\n")
    result = cli(root, "lint")

    assert result.exit_code == 2
    assert "WMC4O4" in result.stderr


# -- --select / --ignore ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (["--select", "WMC3"], ["WMC301"]),
        (["--select", "wmc3"], ["WMC301"]),
        (["--select", "WMC2,WMC404"], ["WMC404", "WMC208"]),
        (["--select", "WMC208"], ["WMC208"]),
        (["--select", "WMC"], ["WMC404", "WMC301", "WMC208"]),
        (["--ignore", "WMC4"], ["WMC301", "WMC208"]),
        (["--ignore", "WMC301,WMC208"], ["WMC404"]),
        (["--select", "WMC2,WMC3", "--ignore", "WMC20"], ["WMC301"]),
    ],
)
def test_select_and_ignore_take_codes_and_prefixes(
    tmp_path: Path, args: list[str], codes: list[str]
) -> None:
    root = _mixed_list(tmp_path)
    render(root)  # so that the stale-output check has nothing to say

    assert [f["code"] for f in lint_json(root, *args)[1]] == codes


def test_select_stale_output_only(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD})
    findings = lint_json(root, "--select", "WMC7")[1]

    assert findings and {f["code"] for f in findings} == {"WMC701"}
    assert {"README.md", "README_zh.md", "papers/modality-spatial/README.md"} <= {
        f["file"] for f in findings
    }


# -- PATH arguments ---------------------------------------------------------------------------
def test_path_to_a_file_checks_only_that_file(tmp_path: Path) -> None:
    root = _mixed_list(tmp_path)

    findings = lint_json(root, str(root / GAIA_P))[1]

    assert [(f["code"], f["file"]) for f in findings] == [("WMC404", GAIA_P)]


def test_path_to_a_folder_checks_the_files_under_it(tmp_path: Path) -> None:
    root = _mixed_list(tmp_path)

    findings = lint_json(root, str(root / "entries/modality-spatial"))[1]

    assert [f["code"] for f in findings] == ["WMC301", "WMC208"]


def test_relative_paths_and_several_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _mixed_list(tmp_path)
    write = root / PRODUCT_P
    write.parent.mkdir(parents=True)
    write.write_text(edit(PRODUCT, "authors:", "autors:"), encoding="utf-8")
    monkeypatch.chdir(root / "entries")

    findings = lint_json(root, "embodied", "text-to-world/openai-sora.yaml")[1]

    assert [(f["code"], f["file"]) for f in findings] == [
        ("WMC404", GAIA_P),
        ("WMC101", PRODUCT_P),
        ("WMC103", PRODUCT_P),
    ]


def test_path_still_compares_with_the_whole_list(tmp_path: Path) -> None:
    zero123_again = edit(GOOD, 'title: "Zero-1-to-3:', 'title: "Zero123 (again):')
    root = make_list(tmp_path / "list", {P: GOOD, "entries/spatial/zero123.yaml": zero123_again})

    findings = lint_json(root, str(root / "entries/spatial"))[1]

    assert [f["code"] for f in findings] == ["WMC203", "WMC206"]
    assert lint_json(root, str(root / P))[1] == []


def test_broken_file_named_as_path_is_reported(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: edit(GOOD, "venue: ICCV 2023", "venue: ICCV: 2023")})

    findings = lint_json(root, str(root / P))[1]

    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("WMC100", 4, 12)]


# -- --explain and rules ----------------------------------------------------------------------
@pytest.mark.parametrize("code", sorted(lint.RULES))
def test_explain_every_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    monkeypatch.chdir(tmp_path)  # no list needed
    item = lint.RULES[code]
    result = cli(None, "lint", "--explain", code)

    assert result.exit_code == 0
    assert result.stdout.startswith(f"{code} {item.name} ({item.severity})\n")
    assert "Fires on:" in result.stdout
    for line in item.example.splitlines():
        assert f"    {line}\n" in result.stdout
    assert f"Fix: {item.fix}\n" in result.stdout


def test_explain_is_case_insensitive() -> None:
    result = cli(None, "lint", "--explain", "wmc301")

    assert result.exit_code == 0
    assert result.stdout.startswith("WMC301 venue-unknown (error)\n")
    assert "    venue: ICRL 2023\n" in result.stdout


def test_explain_an_unknown_code() -> None:
    result = cli(None, "lint", "--explain", "WMC999")

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Error: unknown rule 'WMC999'; `wmcurate rules` lists them\n"


def test_rules_lists_every_code() -> None:
    result = cli(None, "rules")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(lint.RULES)
    for line, code in zip(lines, sorted(lint.RULES), strict=True):
        item = lint.RULES[code]
        assert line.split()[1:3] == [item.name, item.severity]
        assert line.endswith(item.summary)


# -- --fix ------------------------------------------------------------------------------------
#: The fixed file every fix case must come back to, byte for byte: comments, unusual key
#: order and quoting included.
FIXED = """\
# Zero-1-to-3, curated by hand.
title: "Zero-1-to-3: Zero-shot One Image to 3D Object"
arxiv: "2303.11328"
venue: SIGGRAPH Asia 2023
authors: [Björn Ommer, Rundi Wu, Basile Van Hoorick]
links:
  # arXiv first, then the code
  paper: https://arxiv.org/abs/2303.11328
  pdf: https://arxiv.org/pdf/2303.11328
  code: 'https://github.com/cvlab-columbia/zero123'
one_liner: {en: "Novel views & 3D from one image.", zh: 从单张图像生成物体的新视角。}
innovation:
  zh: 视角条件扩散。   # Chinese first
  en: Viewpoint-conditioned diffusion.
abstract: {en: We turn an object in one image., zh: 我们旋转图中的物体。}
key_points: {en: [Relative camera pose conditioning], zh: [相对相机位姿条件]}
also: [spatial]
featured: true  # shown in the README
added: 2026-01-01T00:00:00Z
"""
F = f"fixed {P}: "
FIX_CASES: dict[str, tuple[str, str, str, list[str]]] = {
    # code: (the good text, the broken text, the line --fix prints, codes before the fix)
    "WMC201": (
        'arxiv: "2303.11328"',
        'arxiv: "arXiv:2303.11328"',
        "arxiv: arXiv:2303.11328 -> 2303.11328",
        ["WMC201"],
    ),
    "WMC202": (
        'arxiv: "2303.11328"',
        'arxiv: "2303.11328v3"',
        "arxiv: 2303.11328v3 -> 2303.11328",
        ["WMC202"],
    ),
    "WMC205": (
        "paper: https://arxiv.org/abs/2303.11328",
        "paper: https://arxiv.org/abs/2303.11328.pdf",
        "links.paper: https://arxiv.org/abs/2303.11328.pdf -> https://arxiv.org/abs/2303.11328",
        ["WMC205"],
    ),
    "WMC208": (
        "pdf: https://arxiv.org/pdf/2303.11328",
        "pdf: http://export.arxiv.org/pdf/2303.11328v2",
        "links.pdf: http://export.arxiv.org/pdf/2303.11328v2 -> https://arxiv.org/pdf/2303.11328",
        ["WMC208"],
    ),
    "WMC302": (
        "venue: SIGGRAPH Asia 2023",
        "venue: SIGGRAPH-ASIA 2023",
        "venue: SIGGRAPH-ASIA 2023 -> SIGGRAPH Asia 2023",
        ["WMC302"],
    ),
    # A preprint written the hand-kept way (on a base whose venue is arXiv's, see FIX_BASE).
    "WMC305": (
        "venue: arXiv 2023",
        "venue: arXiv preprint arXiv:2303.11328",
        "venue: arXiv preprint arXiv:2303.11328 -> arXiv 2023",
        ["WMC305"],
    ),
    "WMC401": ("Björn Ommer", "Bj枚rn Ommer", "authors.0: Bj枚rn Ommer -> Björn Ommer", ["WMC401"]),
    "WMC402": (
        "Novel views & 3D",
        "Novel views &amp; 3D",
        "one_liner.en: Novel views &amp; 3D from one image. -> Novel views & 3D from one image.",
        ["WMC402"],
    ),
    "WMC403": (
        'title: "Zero-1-to-3: Zero-shot One',
        'title: " Zero-1-to-3:  Zero-shot One ',
        "title: ' Zero-1-to-3:  Zero-shot One  Image to 3D Object' -> Zero-1-to-3: Zero-shot One "
        "Image to 3D Object",
        ["WMC403"],
    ),
    # A zero-width space hidden in the title (a YAML escape: the file stays plain text).
    "WMC408": (
        'to 3D Object"',
        'to 3D\\u200b Object"',
        "title: Zero-1-to-3: Zero-shot One Image to 3D\\u200b Object -> Zero-1-to-3: Zero-shot "
        "One Image to 3D Object",
        ["WMC408"],
    ),
    # Whitespace in a link is WMC503's alone (reported once, fixed once).
    "WMC503": (
        "code: 'https://github.com/cvlab-columbia/zero123'",
        "code: '  https://github.com/cvlab-columbia/zero123\t'",
        "links.code: '  https://github.com/cvlab-columbia/zero123\\t' -> "
        "https://github.com/cvlab-columbia/zero123",
        ["WMC503"],
    ),
    "WMC602": (
        "also: [spatial]",
        "also: [modality-spatial, spatial]",
        "also: [modality-spatial, spatial] -> [spatial]",
        ["WMC602"],
    ),
}


#: Cases that need another fixed file than FIXED (its venue field is WMC302's).
FIX_BASE = {"WMC305": edit(FIXED, "venue: SIGGRAPH Asia 2023", "venue: arXiv 2023")}


def _fix(root: Path, *args: str) -> Any:
    return cli(root, "lint", "--fix", "--ignore", "WMC701", *args)


def test_fixed_file_is_clean(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: FIXED})
    result = cli(root, "lint", "--ignore", "WMC701")

    assert (result.exit_code, result.stdout) == (0, "no problems found\n")


def test_every_fixable_rule_has_a_fix_case() -> None:
    fixable = {code for code, case in CASES.items() if case.fixable}
    documented = {code for code, item in lint.RULES.items() if "--fix" in item.fix}
    # WMC201 fixes an ID written with a prefix (arXiv:2303.11328); WMC503 surrounding spaces.
    assert fixable | documented | {"WMC201"} == set(FIX_CASES)


@pytest.mark.parametrize("code", sorted(FIX_CASES))
def test_fix_repairs_keeps_comments_order_and_quotes_and_is_idempotent(
    tmp_path: Path, code: str
) -> None:
    good_text, bad_text, printed, codes = FIX_CASES[code]
    base = FIX_BASE.get(code, FIXED)
    root = make_list(tmp_path / "list", {P: edit(base, good_text, bad_text)})
    path = root / P
    before = lint_json(root, "--ignore", "WMC701")[1]
    assert [(f["code"], f["fixable"]) for f in before] == [(c, True) for c in codes]

    first = _fix(root)

    assert path.read_text(encoding="utf-8") == base
    assert (first.exit_code, first.stdout) == (
        0,
        f"{F}{printed}\n1 fix(es) applied\nno problems found\n",
    )

    after_first = path.read_bytes()
    second = _fix(root)

    assert (second.exit_code, second.stdout) == (0, "no problems found\n")
    assert path.read_bytes() == after_first


def test_all_fixes_at_once(tmp_path: Path) -> None:
    broken = FIXED
    for code, (good_text, bad_text, _, _) in FIX_CASES.items():
        if code != "WMC201" and code not in FIX_BASE:  # WMC202 breaks the same field
            broken = edit(broken, good_text, bad_text)
    root = make_list(tmp_path / "list", {P: broken})

    first = _fix(root)

    assert (root / P).read_text(encoding="utf-8") == FIXED
    assert first.exit_code == 0
    # One title broken twice: the whitespace fix shows the value it found, hidden space and all.
    composed = {"WMC403": "title: ' Zero-1-to-3:  Zero-shot One  Image to 3D\\u200b Object' -> "
                          "Zero-1-to-3: Zero-shot One Image to 3D\\u200b Object"}
    assert first.stdout.splitlines() == [
        *(
            F + composed.get(code, FIX_CASES[code][2])
            for code in (
                "WMC401",
                "WMC402",
                "WMC403",
                "WMC408",
                "WMC202",
                "WMC205",
                "WMC208",
                "WMC302",
                "WMC503",
                "WMC602",
            )
        ),
        "10 fix(es) applied",
        "no problems found",
    ]
    assert _fix(root).stdout == "no problems found\n"


def test_fix_decodes_a_quote_entity_in_a_title(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: edit(GOOD, 'Object"', 'Object (&#34;Zero123&#34;)"')})

    _fix(root)

    data = YAML(typ="safe").load((root / P).read_text(encoding="utf-8"))
    assert data["title"] == 'Zero-1-to-3: Zero-shot One Image to 3D Object ("Zero123")'
    assert _fix(root).stdout == "no problems found\n"


def test_fix_applies_only_the_selected_rules(tmp_path: Path) -> None:
    broken = edit(
        edit(FIXED, "venue: SIGGRAPH Asia 2023", "venue: SIGGRAPH-ASIA 2023"),
        "pdf: https://arxiv.org/pdf/2303.11328",
        "pdf: https://arxiv.org/pdf/2303.11328.pdf",
    )
    root = make_list(tmp_path / "list", {P: broken})

    result = _fix(root, "--select", "WMC3")

    assert result.stdout.splitlines()[:2] == [
        F + "venue: SIGGRAPH-ASIA 2023 -> SIGGRAPH Asia 2023",
        "1 fix(es) applied",
    ]
    assert (root / P).read_text(encoding="utf-8") == edit(
        FIXED, "pdf: https://arxiv.org/pdf/2303.11328", "pdf: https://arxiv.org/pdf/2303.11328.pdf"
    )


def test_fix_leaves_what_it_cannot_fix_and_reports_it(tmp_path: Path) -> None:
    broken = edit(
        edit(FIXED, "venue: SIGGRAPH Asia 2023", "venue: ICRL 2023"),
        "also: [spatial]",
        "also: [modality-spatial, spatial]",
    )
    root = make_list(tmp_path / "list", {P: broken})

    result = _fix(root)

    assert result.exit_code == 1
    assert result.stdout == (
        f"{F}also: [modality-spatial, spatial] -> [spatial]\n1 fix(es) applied\n{P}\n"
        f"  4:8  error   WMC301  {ICRL}\n\n  WMC301 venue-unknown: 1\n"
        "1 error(s), 0 warning(s)\n"
    )


@pytest.mark.parametrize(
    ("good_text", "bad_text"),
    [
        ("Novel views & 3D", "Novel views &amp;  3D"),
        ("venue: SIGGRAPH Asia 2023", "venue: SIGGRAPH-ASIA  2023"),
        ("Björn Ommer", "Bj枚rn  Ommer"),
    ],
    ids=["entity+spaces", "alias+spaces", "mojibake+spaces"],
)
def test_one_fix_run_repairs_a_field_with_two_problems(
    tmp_path: Path, good_text: str, bad_text: str
) -> None:
    root = make_list(tmp_path / "list", {P: edit(FIXED, good_text, bad_text)})

    _fix(root)

    assert (root / P).read_text(encoding="utf-8") == FIXED
    assert _fix(root).stdout == "no problems found\n"


def test_fix_with_json_output_keeps_stdout_json(tmp_path: Path) -> None:
    root = make_list(
        tmp_path / "list", {P: edit(FIXED, "also: [spatial]", "also: [modality-spatial, spatial]")}
    )

    result = _fix(root, "--format", "json")

    assert json.loads(result.stdout)["findings"] == []


# -- --online ---------------------------------------------------------------------------------
SOURCED = edit(
    GOOD, "featured: true\n", "featured: true\nsource:\n  version: 1\n  updated: 2023-03-20\n"
)


def test_online_reports_drift_as_warnings_and_exits_0(tmp_path: Path) -> None:
    root = make_list(
        tmp_path / "list",
        {
            P: SOURCED,
            GAIA_P: GAIA,
            "entries/embodied/2309.17080.yaml": edit(
                GAIA.replace("2311.07541", "2309.17080"), "GAIA-1: A", "GAIA-0: A"
            ),
        },
    )
    papers = (
        {**ZERO123_ON_ARXIV, "version": 3},  # newer version
        {
            "arxiv_id": "2311.07541",
            "title": "GAIA-1: A Generative World Model for Autonomous Driving",
            "authors": ("Anthony Hu", "Lloyd Russell", "Hudson Yeo", "Zak Murez"),
        },
        # 2309.17080 is unknown to arXiv
    )
    with fake_arxiv(papers) as env:
        result = cli(root, "lint", "--online", "--ignore", "WMC701", "--format", "json", env=env)

    assert result.exit_code == 0
    assert [
        (f["code"], f["severity"], f["file"], f["line"], f["column"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ] == [
        (
            "WMC802",
            "warning",
            "entries/embodied/2309.17080.yaml",
            1,
            8,
            "arXiv does not know 2309.17080 (any more): check the ID, or whether the paper was "
            "removed",
        ),
        (
            "WMC801",
            "warning",
            GAIA_P,
            3,
            10,
            "authors differ from arXiv: Anthony Hu, Lloyd Russell, Hudson Yeo, Zak Murez",
        ),
        ("WMC801", "warning", P, 15, 12, "arXiv has version 3; the entry was made from version 1"),
    ]


def test_online_title_drift(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD})
    papers = (
        {**ZERO123_ON_ARXIV, "title": "Zero-1-to-3: Zero-shot One Image to 3D Object, Revisited"},
    )
    with fake_arxiv(papers) as env:
        result = cli(root, "lint", "--online", "--ignore", "WMC701", env=env)

    assert result.exit_code == 0
    assert result.stdout == (
        f"{P}\n  2:8  warning WMC801  title differs from arXiv: 'Zero-1-to-3: Zero-shot One "
        "Image to 3D Object, Revisited' (`wmcurate add --force` refreshes it)\n\n"
        "  WMC801 arxiv-drift: 1\n0 error(s), 1 warning(s)\n"
    )


def test_online_withdrawn_paper(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD})
    papers = (
        {
            **ZERO123_ON_ARXIV,
            "version": 2,
            "comment": "This paper has been withdrawn by the authors",
        },
    )
    with fake_arxiv(papers) as env:
        exit_code, findings = lint_json(root, "--online", "--ignore", "WMC701", env=env)

    assert exit_code == 0
    assert [(f["code"], f["severity"], f["line"], f["column"], f["message"]) for f in findings] == [
        (
            "WMC802",
            "warning",
            1,
            8,
            "arXiv 2303.11328 is withdrawn (This paper has been withdrawn by the authors)",
        )
    ]


def test_online_same_or_older_version_is_no_drift(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: edit(SOURCED, "version: 1", "version: 2")})
    with fake_arxiv(({**ZERO123_ON_ARXIV, "version": 2},)) as env:
        assert lint_json(root, "--online", "--ignore", "WMC701", env=env)[1] == []


def test_online_asks_once_then_uses_the_cache(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD, GAIA_P: GAIA})
    with FakeArxiv.running(entries={}) as server, FakeS2.running() as s2:
        server.add_paper(**ZERO123_ON_ARXIV)
        server.add_paper(
            "2311.07541",
            "GAIA-1: A Generative World Model for Autonomous Driving",
            authors=("Anthony Hu", "Lloyd Russell", "Hudson Yeo"),
        )
        env = {
            "WMCURATE_ARXIV_API": server.url,
            "WMCURATE_ARXIV_INTERVAL": "0.01",
            "WMCURATE_S2_API": s2.url,  # GAIA-1 is a preprint: WMC803 asks Semantic Scholar
            "WMCURATE_S2_INTERVAL": "0.01",
            "WMCURATE_CACHE_DIR": str(tmp_path / "cache"),
        }
        first = lint_json(root, "--online", "--ignore", "WMC701", env=env)
        second = lint_json(root, "--online", "--ignore", "WMC701", env=env)
        lint_json(root, "--online", "--select", "WMC2", env=env)  # no online rule selected

    assert first == second == (0, [])
    assert len(server.requests) == 1
    assert sorted(server.requests[0].id_list) == ["2303.11328", "2311.07541"]
    assert [r.ids for r in s2.requests] == [["ARXIV:2311.07541"]]


def test_online_severity_override_makes_drift_an_error(tmp_path: Path) -> None:
    root = make_list(
        tmp_path / "list", {P: GOOD}, config=CONFIG + "lint:\n  severity: {WMC801: error}\n"
    )
    with fake_arxiv(({**ZERO123_ON_ARXIV, "authors": ("Ruoshi Liu",)},)) as env:
        exit_code, findings = lint_json(root, "--online", "--ignore", "WMC701", env=env)

    assert exit_code == 1
    assert [(f["code"], f["severity"]) for f in findings] == [("WMC801", "error")]


def test_online_respects_path_and_ignore(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD, GAIA_P: GAIA})
    with fake_arxiv(()) as env:
        only_gaia = lint_json(root, "--online", str(root / GAIA_P), env=env)[1]
        ignored = lint_json(root, "--online", "--ignore", "WMC701,WMC802", env=env)[1]

    assert [(f["code"], f["file"]) for f in only_gaia] == [("WMC802", GAIA_P)]
    assert ignored == []


def test_online_respects_ignore_in_the_config(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD}, config=CONFIG + "lint:\n  ignore: [WMC801]\n")
    with fake_arxiv(({**ZERO123_ON_ARXIV, "title": "Another Title"},)) as env:
        assert lint_json(root, "--online", "--ignore", "WMC701", env=env)[1] == []


def test_online_says_when_arxiv_cannot_be_reached(tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {P: GOOD})
    env = {
        "WMCURATE_ARXIV_API": "http://127.0.0.1:9/api/query",  # discard port: refused
        "WMCURATE_ARXIV_INTERVAL": "0.01",
        "WMCURATE_CACHE_DIR": str(tmp_path / "cache"),
    }

    result = cli(root, "lint", "--online", "--ignore", "WMC701", env=env)

    assert result.exit_code in (1, 2)
    assert "arXiv" in result.output
    assert "no problems found" not in result.output
