"""wmcurate: keep a research-paper list as data."""

#: The version, written here and nowhere else: pyproject.toml reads it at build time
#: (dynamic = ["version"]), and reading it costs nothing at start-up, unlike asking
#: importlib.metadata.
__version__ = "0.1.0"

PROJECT_URL = "https://github.com/wmcurate/wmcurate"
