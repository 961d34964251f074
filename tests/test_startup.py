"""Start-up (issue 10, point 7): `wmcurate lint` loads only what the list in front of it
needs, and every short cut taken for that reads, finds and reports as the long way did.

- the config is read by the entries' reader, with ruamel.yaml for whatever the two could
  read apart: the values and the messages are ruamel.yaml's, document by document;
- ftfy is asked about a text only when its judgement could find something wrong;
- a clean list's report needs no Rich.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from ruamel.yaml import YAML
from test_lint import GOOD, P, edit, make_list

from wmcurate import config as config_module
from wmcurate.errors import ConfigError
from wmcurate.mojibake import _FTFY_MAY_JUDGE, find_mis_decoding

#: Documents where YAML readers are known to part: YAML 1.1 words, number forms,
#: timestamps, tags, anchors and merge keys, complex and duplicate keys, several
#: documents, control characters, broken syntax.
DOCUMENTS = [
    "a: yes\nb: no\nc: on\nd: ~\ne: null\nf: Null\ng: NULL\nh: y\n",
    "a: 0o17\nb: 017\nc: 0x1F\nd: 1_000\ne: +12\nf: -0\ng: 0b101\nh: 0x_1F\ni: 00\n",
    "a: 1e3\nb: 1.5e-3\nc: .inf\nd: -.Inf\nf: 1.\ng: .5\nh: 1_0.5\ni: 0.1_0\nj: 12e03\n",
    "a: 2024-01-02\nb: 2024-1-2\nc: 1:20\nd: 12:30:00\n",
    "a: TRUE\nb: True\nc: tRUE\nd: =\ne: '<<'\nf: .\ng: 1.0e\n",
    "---\na: 1\n---\nb: 2\n",
    "a: !!str 12\nb: !!int '3'\nc: !!float 1\nd: !!null ''\ne: !!bool 'true'\nf: !!str\n",
    "a: !custom x\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: &x 1\nb: *x\n",
    "<<: {b: 1}\nc: 2\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "a: 1\na: 2\n",
    "1: a\n01: b\n",
    "true: a\n1: b\n",
    "? [a, b]\n: c\n",
    "{a: 1}: b\n",
    "%YAML 1.1\n---\na: yes\n",
    "",
    "# only a comment\n",
    "[1, 2]\n",
    "\ufeffa: 1\r\nb: 2\r\n",
    "a: 'it''s'\nb: \"\\u00e9\\t\\x41\"\nc: |\n  x\n  y\nd: >-\n  p\n  q\n",
    "a: x\x07y\n",
    "a: x\x85y\n",
    "a: x\u2028y\n",
    "a: \x1b[31m\n",
    "x: [a, b\n",
    "\ta: 1\n",
    "a: b: c\n",
    "a: -\n",
    "languages: [en, zh]\n  outputs: []\n",
    "sections:\n  - id: 3d_scenes\n    title: 3D_scenes\n  - {id: a, title: '0b1'}\n",
    "a:\n  b: " + "[" * 40 + "1" + "]" * 40 + "\n",  # deeper than entries may nest
]


def ruamel_reading(text: str, path: Path) -> tuple[str, str]:
    """How ruamel.yaml reads a document: its value, or its message as `load_config` words it
    (a character YAML does not allow is named with its line and column)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return "value", repr(YAML(typ="safe").load(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        return "error", f"{where}: invalid YAML: {exc.problem or exc.context}"
    except YAMLError as exc:
        at = exc.position  # type: ignore[attr-defined]  # a ReaderError
        line = text[:at].count("\n") + 1
        column = len(text[:at].rsplit("\n", 1)[-1]) + 1
        return "error", f"{path}:{line}:{column}: invalid YAML: {str(exc).splitlines()[0]}"


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_config_reads_as_ruamel_yaml_reads_it(text: str, tmp_path: Path) -> None:
    path = tmp_path / "wmcurate.yaml"
    expected = ruamel_reading(text, path)

    try:
        got = ("value", repr(config_module._read_yaml(text, path)))
    except ConfigError as exc:
        got = ("error", exc.message)

    assert got == expected


def test_the_shipped_config_is_read_without_ruamel_yaml() -> None:
    shipped = Path(__file__).resolve().parent / "fixtures" / "lint" / "wmcurate.yaml"
    text = shipped.read_text(encoding="utf-8")
    code = ("import sys\nfrom pathlib import Path\nfrom wmcurate.config import _read_yaml\n"
            f"_read_yaml({text!r}, Path('wmcurate.yaml'))\n"
            "print([m for m in sys.modules if m.startswith('ruamel')])")

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)

    assert done.stdout.strip() == "[]", done.stderr
    assert ruamel_reading(text, shipped)[1] == repr(
        config_module._read_yaml(text, shipped))


def test_ftfy_is_skipped_only_for_texts_it_cannot_judge_bad() -> None:
    # Every pattern of ftfy's judgement holds a character of its categories, or one
    # written out in the pattern: all must be ones the short cut sends to ftfy.
    for name, characters in MOJIBAKE_CATEGORIES.items():
        members = re.compile(f"[{characters}]")
        for code in range(0x110000):
            if members.match(chr(code)):
                assert _FTFY_MAY_JUDGE.match(chr(code)), (name, hex(code))
    for ch in set(BADNESS_RE.pattern):
        if not ch.isascii():
            assert _FTFY_MAY_JUDGE.match(ch), hex(ord(ch))


#: Windows-1250 mojibake, not a family the stretches cover: next to a full-width comma
#: (a hint to look), only ftfy's judgement finds it.
CP1250 = "Dvořák".encode().decode("cp1250") + "，"


def test_mojibake_ftfy_alone_finds_is_still_found() -> None:
    found = find_mis_decoding(CP1250)

    assert found is not None and found.repaired == "Dvořák，"


def test_a_control_character_in_the_config_is_an_error_naming_its_place(
        tmp_path: Path) -> None:
    root = make_list(tmp_path / "list", {}, config="languages: [en]\ntitle: a\x07b\n")
    code = ("import sys\nfrom wmcurate.cli import main\n"
            f"sys.argv = ['wmcurate', '--root', {str(root)!r}, 'lint']\nmain()\n")

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)

    assert done.returncode == 2
    assert done.stderr == (f"Error: {root}/wmcurate.yaml:2:9: invalid YAML: unacceptable "
                           "character #x0007: control characters are not allowed\n")


HEAVY = ("rich", "ruamel", "ftfy", "httpx", "jinja2", "pydantic", "feedparser",
         "wmcurate.venue_detect", "wmcurate.online", "wmcurate.linkcheck")


def modules_after(root: Path, *args: str) -> tuple[str, list[str]]:
    code = ("import sys\nfrom wmcurate.cli import main\n"
            f"sys.argv = ['wmcurate', '--root', {str(root)!r}, *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
            f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env, check=False)
    *output, loaded = done.stdout.splitlines()
    return "\n".join(output), eval(loaded)  # a list of names printed by repr


def test_lint_of_a_clean_list_loads_nothing_heavy(tmp_path: Path) -> None:
    # A full-width comma in an English text: worth a look for mojibake, yet nothing
    # ftfy could judge bad.
    text = edit(GOOD, "Novel views of an object from one image.",
                "Novel views of an object，from one image.")
    root = make_list(tmp_path / "list", {P: text})
    assert subprocess.run([sys.executable, "-m", "wmcurate", "--root", str(root), "render"],
                          capture_output=True, timeout=120, check=False).returncode == 0

    output, loaded = modules_after(root, "lint")

    assert output == "no problems found\nexit 0"
    assert loaded == []


def test_lint_loads_rich_to_report_findings_and_ftfy_to_judge_a_text(
        tmp_path: Path) -> None:
    text = edit(GOOD, "Novel views of an object from one image.", CP1250)
    root = make_list(tmp_path / "list", {P: text})

    output, loaded = modules_after(root, "lint", "--select", "WMC401")

    assert "WMC401" in output and output.endswith("exit 1")
    assert "rich" in loaded and "ftfy" in loaded
