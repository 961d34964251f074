"""Joining occurrences across files and languages into works, and their order.

Which occurrences are one work, in this order of evidence:

1. the same key: a rendered list's `<details id="...">` or a catalog link to
   `page.md#key` (a key shared by copies whose titles differ in one language is
   no evidence, and is not used);
2. the same arXiv ID, unless the titles clearly differ: hand-kept lists copy an
   entry as a template and forget to change its ID, and the two papers stay two
   works (see `shared_ids`);
3. the same title (after repairing mis-decoded text), unless that would join two
   different arXiv IDs or keys.

Occurrences are taken in a canonical order (language, file name, line), never in the
order the files were given, so the works and their order do not depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from wmcurate.entries import key_for_arxiv
from wmcurate.importer.occurrence import ImportProblem, Occurrence
from wmcurate.importer.syntax import ID_IN_URL, arxiv_base, squash
from wmcurate.importer.work import Work, build_work
from wmcurate.markdown import cjk_share
from wmcurate.mojibake import repair_mojibake

#: Titles of one arXiv ID this alike (0..1, difflib's ratio) are one work's copies.
SAME_TITLE = 0.8


def normalise_title(title: str) -> str:
    """Letters and digits only, lower-cased, after repairing mis-decoded text."""
    return squash(repair_mojibake(title) or title)


def canonical_order(occurrences: Sequence[Occurrence],
                    languages: Sequence[str] = ()) -> list[Occurrence]:
    rank = {code: i for i, code in enumerate(languages)}
    return sorted(occurrences,
                  key=lambda o: (rank.get(o.language, len(rank)), o.file, o.line))


class _Clusters:
    """Union-find over occurrences that never joins two arXiv IDs or two keys.

    Two IDs meet only where one of them is what the other's links point at: a work
    whose ID field was copied from another paper, and a catalog line that links to
    the work's real arXiv page.
    """

    def __init__(self, occurrences: Sequence[Occurrence], trusted_keys: set[str]) -> None:
        self.parent = list(range(len(occurrences)))
        self.ids = [{arxiv_base(o.arxiv)} if o.arxiv else set() for o in occurrences]
        self.linked = [_ids_in_links(o) for o in occurrences]
        self.keys = [{o.key} if o.key in trusted_keys else set() for o in occurrences]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_join(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if len(self.keys[ra] | self.keys[rb]) > 1:
            return False
        ids_a, ids_b = self.ids[ra], self.ids[rb]
        return not ids_a or not ids_b or ids_a == ids_b \
            or bool(ids_a & self.linked[rb]) or bool(ids_b & self.linked[ra])

    def join(self, a: int, b: int) -> bool:
        if not self.can_join(a, b):
            return False
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra != rb:
            self.parent[rb] = ra
            self.ids[ra] |= self.ids[rb]
            self.linked[ra] |= self.linked[rb]
            self.keys[ra] |= self.keys[rb]
        return True


def _ids_in_links(occ: Occurrence) -> set[str]:
    found = set()
    for url in occ.links.values():
        match = ID_IN_URL.search(url)
        if match:
            found.add(match.group(1))
    return found


def join(occurrences: Sequence[Occurrence],
         languages: Sequence[str] = ()) -> tuple[list[Work], list[ImportProblem]]:
    """The works the occurrences are copies of, in order of first appearance."""
    occs = canonical_order(occurrences, languages)
    problems: list[ImportProblem] = []
    titles = [normalise_title(o.title) for o in occs]
    clusters = _Clusters(occs, _trusted_keys(occs, titles))
    _join_by_key(occs, clusters)
    _join_by_id(occs, titles, clusters)
    _join_by_title(occs, titles, clusters, problems)
    members: dict[int, list[Occurrence]] = {}
    for i, occ in enumerate(occs):
        members.setdefault(clusters.find(i), []).append(occ)
    works = [build_work(group, languages, problems) for group in members.values()]
    problems += shared_ids(works)
    return works, problems


def _trusted_keys(occs: Sequence[Occurrence], titles: Sequence[str]) -> set[str]:
    """Keys that name one work: never on copies of one language with different titles."""
    seen: dict[tuple[str, str], str] = {}
    keys = {o.key for o in occs if o.key}
    for occ, title in zip(occs, titles, strict=True):
        if occ.key:
            first = seen.setdefault((occ.key, occ.language), title)
            if first != title:
                keys.discard(occ.key)
    return keys


def _join_by_key(occs: Sequence[Occurrence], clusters: _Clusters) -> None:
    first: dict[str, int] = {}
    for i in range(len(occs)):
        for key in list(clusters.keys[i]):
            clusters.join(first.setdefault(key, i), i)


def _script(title: str) -> str:
    return "cjk" if cjk_share(title) > 0.5 else "latin"


def titles_agree(a: str, b: str) -> bool | None:
    """Whether two titles of one arXiv ID name one work; None when they cannot be
    compared (one is in Chinese, the other in English)."""
    if _script(a) != _script(b):
        return None
    na, nb = normalise_title(a), normalise_title(b)
    if na == nb:
        return True
    if min(len(na), len(nb)) >= 4 and (na in nb or nb in na):
        return True  # a short name and the full title, or a title with a subtitle
    return SequenceMatcher(None, na, nb, autojunk=False).ratio() >= SAME_TITLE


def same_work(a: Occurrence, b: Occurrence) -> bool | None:
    """Whether two copies with one arXiv ID are one work, by their titles, else (titles in
    two scripts) by their authors; None when nothing tells."""
    agree = titles_agree(a.title, b.title)
    if agree is not None or not (a.authors and b.authors):
        return agree
    names_a = {squash(repair_mojibake(n) or n) for n in a.authors}
    names_b = {squash(repair_mojibake(n) or n) for n in b.authors}
    return len(names_a & names_b) * 2 >= min(len(names_a), len(names_b))


def _join_by_id(occs: Sequence[Occurrence], titles: Sequence[str], clusters: _Clusters) -> None:
    groups: dict[str, list[int]] = {}
    for i, occ in enumerate(occs):
        if occ.arxiv:
            groups.setdefault(arxiv_base(occ.arxiv), []).append(i)
    for members in groups.values():
        decided: list[tuple[int, int]] = []
        # Copies with the very same title first: a near miss must not take a copy from
        # the work it names exactly.
        for n, i in enumerate(members):
            for j in members[:n]:
                if titles[i] == titles[j]:
                    decided.append((i, j))
                    clusters.join(j, i)
        for n, i in enumerate(members):
            for j in members[:n]:
                if titles[i] == titles[j]:
                    continue
                agree = same_work(occs[i], occs[j])
                if agree is None:
                    continue
                decided.append((i, j))
                if agree:
                    clusters.join(j, i)
        # A work whose every copy is titled in another script than the rest (a Chinese
        # title in a catalog line) joins the work of that ID with no copy in its language
        # yet, else the first.
        while True:
            roots = list(dict.fromkeys(clusters.find(i) for i in members))
            undecided = [r for r in roots if not any(
                (clusters.find(i) == r) != (clusters.find(j) == r) for i, j in decided)]
            if len(roots) < 2 or not undecided:
                break
            root = undecided[-1]
            own = {occs[i].language for i in members if clusters.find(i) == root}
            others = [r for r in roots if r != root]
            lacking = [r for r in others if not own & {
                occs[i].language for i in members if clusters.find(i) == r}]
            clusters.join((lacking or others)[0], root)


def _join_by_title(occs: Sequence[Occurrence], titles: Sequence[str], clusters: _Clusters,
                   problems: list[ImportProblem]) -> None:
    groups: dict[str, list[int]] = {}
    for i, title in enumerate(titles):
        if title:
            groups.setdefault(title, []).append(i)
    for members in groups.values():
        for n, i in enumerate(members):
            if any(clusters.find(i) == clusters.find(j) for j in members[:n]):
                continue
            for j in members[:n]:
                if clusters.join(j, i):
                    break
            else:
                if n:
                    _warn_same_title(occs, members[:n], i, clusters, problems)


def _warn_same_title(occs: Sequence[Occurrence], earlier: Sequence[int], i: int,
                     clusters: _Clusters, problems: list[ImportProblem]) -> None:
    occ = occs[i]
    other = occs[earlier[0]]
    mine = sorted(clusters.ids[clusters.find(i)])
    theirs = sorted(clusters.ids[clusters.find(earlier[0])])
    if mine and theirs and mine != theirs:
        problems.append(ImportProblem(
            occ.file, occ.line, "warning",
            f"'{occ.title}' has the same title as {other.where} but another arXiv ID "
            f"({mine[0]} vs {theirs[0]}); imported as two works"))


def shared_ids(works: Sequence[Work]) -> list[ImportProblem]:
    """Works of the source that carry one arXiv ID: the one whose links agree with the ID
    keeps it; each other one is marked as sharing it (its entry gets a title key)."""
    problems: list[ImportProblem] = []
    by_id: dict[str, list[Work]] = {}
    for work in works:
        if work.arxiv:
            by_id.setdefault(arxiv_base(work.arxiv), []).append(work)
    for arxiv, group in by_id.items():
        if len(group) < 2:
            continue
        agree = [w for w in group if arxiv in _linked_ids(w)]
        keyed = [w for w in group if w.key == key_for_arxiv(arxiv)]
        if len(agree) == 1:
            owner, why = agree[0], "its links agree with the ID"
        elif len(keyed) == 1:
            owner, why = keyed[0], "its anchor is the ID"
        else:
            owner, why = group[0], "no copy's links tell which paper it is; the first keeps it"
        for work in group:
            if work is owner:
                continue
            work.shares_id_with = owner
            elsewhere = sorted(_linked_ids(work) - {arxiv})
            hint = f"; its links point at arXiv {', '.join(elsewhere)}" if elsewhere else ""
            problems.append(ImportProblem(
                work.main.file, work.main.line, "warning",
                f"'{work.display_title()}' has the arXiv ID {arxiv} of another paper, "
                f"'{owner.display_title()}' ({owner.main.where}); imported as two works: "
                f"'{owner.display_title()}' keeps the ID ({why}), this one keeps it marked "
                f"doubtful under a title key{hint}. Check the ID on arXiv; until it is "
                "corrected, lint reports the shared ID (WMC206)"))
    return problems


def _linked_ids(work: Work) -> set[str]:
    return set().union(*(_ids_in_links(occ) for occ in work.occurrences))
