"""When each work was added, recovered from the order the files list works in.

Each section of each file lists its works in the section's order, and a section
ordered by `added` lists them oldest first (`-added`: newest first); sections
ordered by title, venue or date say nothing about it. Every such run of works is a
set of constraints on the `added` moments; the moments given are the smallest
that meet all of them, so render lists the works again as they were written.

Render breaks ties of `added` by key. Works added at the same moment (several IDs
given to one `wmcurate add`) therefore read in key order in every section, and
newest-first sections do not reverse them: when the runs cannot be met with one
moment per work, works get the same moment where their keys give the written order.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence

from wmcurate.importer.work import Work

#: (earlier work, later work, least gap): `added[later] >= added[earlier] + gap`.
_Edge = tuple[int, int, int]


def list_order(works: Sequence[Work], orders: Mapping[str, str] | None = None,
               key_of: Callable[[Work], str] | None = None) -> list[Work]:
    """All works, oldest first (see `added_ranks`)."""
    return [work for work, _ in added_ranks(works, orders, key_of)]


def added_ranks(works: Sequence[Work], orders: Mapping[str, str] | None = None,
                key_of: Callable[[Work], str] | None = None) -> list[tuple[Work, int]]:
    """Each work with the rank of its `added` moment (0, 1, ...; equal ranks are one
    moment), oldest first, ties in first-appearance order. `orders` maps a section to
    its order rule (all `added` when None); `key_of` gives a work's entry key."""
    pairs = _written_pairs(works, orders)
    strict = [(a, b, 1) if forward else (b, a, 1) for a, b, forward in pairs]
    order = _topological(len(works), strict)
    if order is not None:
        return [(works[i], rank) for rank, i in enumerate(order)]
    if key_of is not None:
        keys = [key_of(w) for w in works]
        edges = [(a, b, 0 if keys[a] < keys[b] else 1) if forward
                 else (b, a, 0 if keys[a] < keys[b] else 1) for a, b, forward in pairs]
        ranks = _least_moments(len(works), edges)
        if ranks is not None:
            ordered = sorted(range(len(works)), key=lambda i: (ranks[i], i))
            return [(works[i], ranks[i]) for i in ordered]
    # Runs that contradict each other whatever the moments: keep as much as can be kept.
    return [(works[i], rank) for rank, i in enumerate(_topological(len(works), strict, True)
                                                      or range(len(works)))]


def _written_pairs(works: Sequence[Work],
                   orders: Mapping[str, str] | None) -> list[tuple[int, int, bool]]:
    """(work written first, work written next, whether the run is oldest first)."""
    runs: dict[tuple[str, int], dict[int, tuple[int, int]]] = {}
    forward: dict[tuple[str, int], bool] = {}
    for i, work in enumerate(works):
        for occ in work.occurrences:
            rule = orders.get(occ.section, "added") if orders is not None else "added"
            if rule not in ("added", "-added"):
                continue
            # The numbered pages of a split section page are one run, page after page.
            run = (occ.run_file or occ.file, occ.sequence)
            forward[run] = rule == "added"
            runs.setdefault(run, {}).setdefault(i, (occ.page, occ.line))
    pairs = []
    for run, lines in runs.items():
        members = sorted(lines, key=lambda m: lines[m])
        pairs += [(a, b, forward[run]) for a, b in zip(members, members[1:], strict=False)]
    return pairs


def _topological(n: int, edges: Sequence[_Edge], break_cycles: bool = False) -> list[int] | None:
    """Nodes in an order that keeps every edge, smallest first among the free ones; None
    on a cycle, unless `break_cycles`: then the earliest node left goes next."""
    after: list[set[int]] = [set() for _ in range(n)]
    indegree = [0] * n
    for a, b, _gap in edges:
        if a != b and b not in after[a]:
            after[a].add(b)
            indegree[b] += 1
    heap = [i for i in range(n) if indegree[i] == 0]
    heapq.heapify(heap)
    done: list[int] = []
    placed = [False] * n
    while len(done) < n:
        if heap:
            nxt = heapq.heappop(heap)
            if placed[nxt]:
                continue
        elif break_cycles:
            nxt = next(i for i in range(n) if not placed[i])
        else:
            return None
        placed[nxt] = True
        done.append(nxt)
        for b in after[nxt]:
            indegree[b] -= 1
            if indegree[b] == 0 and not placed[b]:
                heapq.heappush(heap, b)
    return done


def _least_moments(n: int, edges: Sequence[_Edge]) -> list[int] | None:
    """The least ranks meeting every `rank[b] >= rank[a] + gap`, or None when a cycle
    asks for a gap (no moments can meet it)."""
    component = _components(n, edges)
    members: dict[int, list[int]] = {}
    for node, comp in enumerate(component):
        members.setdefault(comp, []).append(node)
    outer: list[_Edge] = []
    for a, b, gap in edges:
        if component[a] == component[b]:
            if gap:
                return None
        else:
            outer.append((component[a], component[b], gap))
    comps = sorted(members, key=lambda c: min(members[c]))
    index = {c: i for i, c in enumerate(comps)}
    condensed = [(index[a], index[b], gap) for a, b, gap in outer]
    order = _topological(len(comps), condensed)
    if order is None:  # cannot happen: components of a graph form no cycle
        return None
    level = [0] * len(comps)
    out: list[list[tuple[int, int]]] = [[] for _ in comps]
    for a, b, gap in condensed:
        out[a].append((b, gap))
    for c in order:
        for b, gap in out[c]:
            level[b] = max(level[b], level[c] + gap)
    return [level[index[component[node]]] for node in range(n)]


def _components(n: int, edges: Sequence[_Edge]) -> list[int]:
    """Strongly connected components (Tarjan's algorithm, without recursion)."""
    out: list[list[int]] = [[] for _ in range(n)]
    for a, b, _gap in edges:
        out[a].append(b)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    component = [-1] * n
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            if child < len(out[node]):
                work.append((node, child + 1))
                nxt = out[node][child]
                if index[nxt] == -1:
                    work.append((nxt, 0))
                elif on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                while True:
                    top = stack.pop()
                    on_stack[top] = False
                    component[top] = node
                    if top == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component
