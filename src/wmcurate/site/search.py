"""The index page's data: works as compact rows, and a full-text index in shards.

Both are JavaScript files that hand their data to the page (`WMC.chunk(...)`,
`WMC.shard(...)`), loaded with <script> elements: that works from disk (file://),
where a page may not fetch(), and under a strict Content-Security-Policy.

* Rows (`assets/data/<lang>/works-<n>.js`): one per work, in the index's default order
  (newest first), `CHUNK` works a file. The first file comes with the page; the rest
  load after it, so a list of any size shows its newest works at once.
* Terms (`assets/search/<shard>.js`): every term of every searched field, in every
  language, with the works that hold it. A term lives in the shard named by its first
  character, so a query loads only the shards of its words' first characters, and a
  word being typed matches every term it begins (prefix search).

Terms: text is decomposed (NFKD), stripped of accents and lower-cased; a term is a run
of letters and digits, or, in Chinese and Japanese text (no spaces between words), each
pair of neighbouring characters plus the last character of a run, so any run of
characters a reader types is found. `site.js` splits a query the same way: the two
tokenizers must agree (tests/test_site.py checks them side by side in the browser).
"""

from __future__ import annotations

import base64
import json
import operator
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from wmcurate.site.works import Work

#: Works per data file.
CHUNK = 1000
#: Shards for terms that start with something other than a-z or 0-9.
OTHER_SHARDS = 64
#: Longer "words" are hashes or URLs; nobody types them.
MAX_TERM = 40

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
_WORD = re.compile(rf"[^\W_{_CJK}]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_ASCII_WORD = re.compile("[a-z0-9]+")
_ACCENTS = re.compile("[\u0300-\u036f]")
#: Fields searched, in every language the entry has.
SEARCHED = ("title", "one_liner", "innovation", "abstract")


def normalise(text: str) -> str:
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    return text.lower()


def terms(text: str) -> set[str]:
    """The index terms of `text`."""
    # A long text repeats its words: look at each distinct stretch once, and only the
    # stretches that are not plain ASCII need Unicode's folding.
    stretches = set(text.split())
    plain = " ".join(s for s in stretches if s.isascii()).lower()
    found = set(_ASCII_WORD.findall(plain))
    other = " ".join(s for s in stretches if not s.isascii())
    if other:
        other = normalise(other)
        found.update(_WORD.findall(other))
        runs = _CJK_RUN.findall(other)
        if runs:
            # Neighbouring characters of every run at once; a pair across the joining
            # space is no pair.
            joined = " ".join(runs)
            found.update(pair for pair in set(map(operator.add, joined, joined[1:]))
                         if " " not in pair)
            found.update(run[-1] for run in runs)
    if any(len(term) > MAX_TERM for term in found):
        found = {term for term in found if len(term) <= MAX_TERM}
    return found


def query_tokens(query: str) -> list[str]:
    """What site.js looks up for a query: each word, and each pair of neighbouring Chinese
    characters (or a lone one), as a prefix of the terms it may begin. A work matches
    when every token begins one of its terms."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(normalise(query)):
        run = match.group("cjk")
        if run is None:
            tokens.append(match.group("word")[:MAX_TERM])
        elif len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(tokens))


def shard_of(term: str) -> str:
    first = term[0]
    if "a" <= first <= "z" or "0" <= first <= "9":
        return first
    return f"u{ord(first) % OTHER_SHARDS}"


def searchable_text(work: Work) -> str:
    """Every searched text of a work, in every language, as one string."""
    entry = work.entry
    parts: list[str] = [entry.key, entry.arxiv or "", " ".join(entry.authors),
                        entry.venue or "", entry.model or "", entry.affiliations or ""]
    for name in SEARCHED:
        value = getattr(entry, name)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            parts.extend(value.values())
    points = entry.key_points
    if isinstance(points, list):
        parts.extend(points)
    elif isinstance(points, dict):
        for items in points.values():
            parts.extend(items)
    return "\n".join(parts)


def build_index(works: Sequence[Work]) -> dict[str, dict[str, list[int]]]:
    """shard -> term -> the numbers of the works (their rows' positions) that hold it."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for number, work in enumerate(works):
        for term in terms(searchable_text(work)):
            postings[term].append(number)
    shards: dict[str, dict[str, list[int]]] = {}
    for term in sorted(postings):
        shards.setdefault(shard_of(term), {})[term] = postings[term]
    return shards


def encode_postings(numbers: list[int], total: int) -> list[int] | str:
    """Ascending work numbers as gaps (a list), or, when most works hold the term, as a
    bitmap in base64 (a string): whichever is shorter."""
    gaps = [numbers[0], *(b - a for a, b in zip(numbers, numbers[1:], strict=False))]
    # A gap costs its digits and a comma; a bitmap 8 works per 1.33 characters.
    if len(numbers) * 2 < (total + 7) // 8 * 4 // 3:
        return gaps
    bits = bytearray((total + 7) // 8)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def shard_script(name: str, table: dict[str, list[int]], total: int) -> str:
    body = {term: encode_postings(numbers, total) for term, numbers in table.items()}
    return f"WMC.shard({json.dumps(name)},{_json(body)});\n"


def chunk_scripts(language: str, rows: Iterable[list[object]]) -> list[str]:
    """The row files of one language, `CHUNK` rows each."""
    rows = list(rows)
    return [f"WMC.chunk({json.dumps(language)},{n},{_json(rows[start:start + CHUNK])});\n"
            for n, start in enumerate(range(0, max(len(rows), 1), CHUNK))]


def _json(value: object) -> str:
    # Compact, and readable in an editor; U+2028/2029 are valid in JS strings since ES2019.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
