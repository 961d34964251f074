"""wmcurate: keep a research-paper list as data."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wmcurate")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

PROJECT_URL = "https://github.com/wmcurate/wmcurate"
