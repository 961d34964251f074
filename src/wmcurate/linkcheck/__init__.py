"""`wmcurate links`: every link of the list checked, politely, with no false alarms.

The parts, one job each:

- `urls`: what a link is before anyone asks (valid or not, its host, its cache key);
- `targets`: where the links are (entries, and the READMEs' hand-written parts);
- `fetch`: asking hosts (two connections and a spacing per host, a global limit, deadlines,
  first bytes only); `checker`: HEAD then GET, redirects hop by hop, retries;
- `outcomes`: what an answer means (ok, redirected, moved, dead, blocked, transient,
  invalid); `repositories`: GitHub and GitLab repository links; `github`: archived
  repositories through GitHub's API;
- `cache`: results on disk with a lifetime; `report`: text, JSON and GitHub formats;
  `write`: `--write`; `changed`: which entries `lint --online` checks; `run`: all of it.
"""

from wmcurate.linkcheck.outcomes import FAILING, KINDS, Result
from wmcurate.linkcheck.report import LinkReport
from wmcurate.linkcheck.run import LinkOptions, check_links

__all__ = ["FAILING", "KINDS", "LinkOptions", "LinkReport", "Result", "check_links"]
