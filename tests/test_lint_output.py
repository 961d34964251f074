"""How values reach a reader: `quoting` (escape, quote, json_safe, github_escape) and the
three formats of `wmcurate lint` on findings whose messages quote hostile values.

The hostile end-to-end cases (workflow commands and terminal sequences hidden in an entry)
are in tests/hostile/test_hostile_lint_output.py; here are the pieces they rest on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_lint import GOOD, P, cli, edit, good, make_list

from wmcurate import lint
from wmcurate.quoting import UNSAFE, escape, github_escape, json_safe, quote

# Characters that act instead of showing, one of each kind.
ACTING = ["\n", "\r", "\t", "\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\u061c", "\u200b",
          "\u200d", "\u200e", "\u2028", "\u202e", "\u2066", "\u2069", "\u2060", "\ufeff"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\there", "tab\\there"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("\x1b[2J", "\\x1b[2J"),
        ("NUL\x00", "NUL\\x00"),
        ("\x9b31m", "\\x9b31m"),
        ("evil\u202eexe.yaml", "evil\\u202eexe.yaml"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("Björn, 世界, α", "Björn, 世界, α"),  # letters of every alphabet show as they are
        ("C:\\path", "C:\\path"),
    ],
)
def test_escape_shows_what_would_act(text: str, shown: str) -> None:
    assert escape(text) == shown
    assert quote(text) == f"'{shown}'"


@given(st.text())
def test_escaped_text_holds_nothing_that_acts_and_escaping_twice_changes_nothing(
    text: str,
) -> None:
    shown = escape(text)

    assert UNSAFE.search(shown) is None
    assert escape(shown) == shown
    assert "\n" not in quote(text) and "\r" not in quote(text)


def _github_unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


@given(st.text())
def test_github_data_and_properties_are_escaped_as_github_reads_them(text: str) -> None:
    data, prop = github_escape(text), github_escape(text, prop=True)

    for escaped in (data, prop):
        assert UNSAFE.search(escaped) is None
        assert "\n" not in escaped and "\r" not in escaped
    assert ":" not in prop and "," not in prop
    if not UNSAFE.search(text.replace("\n", "").replace("\r", "")):
        # What GitHub decodes is the text itself.
        assert _github_unescape(data) == text
        assert _github_unescape(prop) == text


def test_github_escape_examples() -> None:
    assert github_escape("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert github_escape("entries/a,b:c.yaml", prop=True) == "entries/a%2Cb%3Ac.yaml"
    assert github_escape("\x1b[2J::error::x") == "\\x1b[2J::error::x"


@settings(max_examples=200)
@given(st.dictionaries(st.text(), st.text() | st.lists(st.text())))
def test_json_safe_keeps_the_data_and_shows_no_acting_character(
    document: dict[str, object],
) -> None:
    text = json_safe(json.dumps(document, ensure_ascii=False, indent=2))

    assert json.loads(text) == document
    assert re.search("[\x7f-\x9f\u2028\u202e\u200b\ufeff]", text) is None


# -- the three formats --------------------------------------------------------------------------
HOSTILE_LINK = '"https://x.org/\\n::error::planted\\n\\e]0;title\\a\\e[2J\\u202e:smile:"'


def _hostile_list(tmp_path: Path) -> Path:
    text = edit(GOOD, "code: https://github.com/cvlab-columbia/zero123", f"code: {HOSTILE_LINK}")
    return make_list(tmp_path / "list", good(text))


def test_text_format_escapes_every_value_and_shows_emoji_codes_as_written(tmp_path: Path) -> None:
    root = _hostile_list(tmp_path)

    result = cli(root, "lint", "--ignore", "WMC701")

    assert result.exit_code == 1
    assert "\\n::error::planted\\n\\x1b]0;title\\x07\\x1b[2J\\u202e:smile:" in result.stdout
    assert UNSAFE.search(result.stdout.replace("\n", "")) is None
    assert not [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]


def test_json_format_carries_the_same_escaped_messages(tmp_path: Path) -> None:
    root = _hostile_list(tmp_path)

    result = cli(root, "lint", "--format", "json", "--ignore", "WMC701")
    text = cli(root, "lint", "--ignore", "WMC701").stdout

    findings = json.loads(result.stdout)["findings"]
    assert findings
    for finding in findings:
        assert UNSAFE.search(finding["message"]) is None
        assert finding["message"] in text


def test_github_format_is_one_annotation_per_finding_and_nothing_else(tmp_path: Path) -> None:
    root = _hostile_list(tmp_path)
    count = len(json.loads(cli(root, "lint", "--format", "json", "--ignore", "WMC701").stdout)[
        "findings"])

    lines = cli(root, "lint", "--format", "github", "--ignore", "WMC701").stdout.splitlines()

    annotation = re.compile(r"^::(error|warning) file=[^:,]*,line=\d+,col=\d+,title=WMC\d{3}::")
    assert len(lines) == count
    assert all(annotation.match(line) for line in lines)
    assert all(UNSAFE.search(line) is None for line in lines)


def test_fix_reports_escape_the_values_they_name(tmp_path: Path) -> None:
    link = '"https://arxiv.org/abs/2303.11328\\e[2J.pdf"'
    text = edit(GOOD, "paper: https://arxiv.org/abs/2303.11328", f"paper: {link}")
    root = make_list(tmp_path / "list", good(text))

    result = cli(root, "lint", "--fix", "--ignore", "WMC701")

    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
    assert (f"fixed {P}: links.paper: https://arxiv.org/abs/2303.11328\\x1b[2J.pdf -> "
            "https://arxiv.org/abs/2303.11328.pdf") in result.stdout


def test_rules_and_explanations_print_nothing_that_acts() -> None:
    shown = cli(None, "rules").stdout + "".join(
        cli(None, "lint", "--explain", code).stdout for code in sorted(lint.RULES))

    assert "WMC408" in shown
    assert UNSAFE.search(shown.replace("\n", "")) is None
