"""`wmcurate site`: the list as a static, searchable website.

works (what the site says about each entry) -> pages (HTML, one Jinja2 template each),
search (the index page's data and full-text shards), feeds (Atom, sitemap, works.json);
build puts them together, writer puts them in place; links checks the internal links.
"""

from wmcurate.site.build import Site, bibtex_records, build_site
from wmcurate.site.writer import MARKER, SiteError, SiteWriter, write_site

__all__ = ["MARKER", "Site", "SiteError", "SiteWriter", "bibtex_records", "build_site",
           "write_site"]
