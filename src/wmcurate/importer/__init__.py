"""Import: hand-written markdown paper lists -> entries.

Reading is in three steps, each a plain function, each in its own module:

1. `blocks.read_markdown` turns one file into occurrences (a work as written at
   one place: a `<details>` block, a bold title with field bullets, or a plain
   bullet item) and problems (blocks it could not read, with their line).
   `sections` finds where a work belongs, `fields` reads a work written in full,
   `items` a work written as one list item;
2. `join.join` merges the occurrences of the same work (same arXiv ID, else same
   normalised title) across files and languages, reporting facts that disagree;
3. `plan.plan_import` decides keys, sections, order and files, against the
   entries already in the list; `plan.apply_import` writes them.
"""

from __future__ import annotations

from wmcurate.importer.blocks import read_markdown
from wmcurate.importer.join import join
from wmcurate.importer.occurrence import ImportProblem, Occurrence
from wmcurate.importer.order import list_order
from wmcurate.importer.plan import ImportPlan, PlannedEntry, apply_import, plan_import
from wmcurate.importer.work import Work

__all__ = ["ImportPlan", "ImportProblem", "Occurrence", "PlannedEntry", "Work", "apply_import",
           "join", "list_order", "plan_import", "read_markdown"]
