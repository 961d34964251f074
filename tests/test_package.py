"""Package quality (issue 10, point 8): the wheel and sdist `python -m build` makes pass
`twine check --strict`, hold every data file of the package, and the wheel, installed in a
fresh virtual environment away from the source tree, runs every command.

Slow (a build, a venv, an install from PyPI for the dependencies): about a minute. The
build needs `build` and `twine` (in the test extras); both tests skip, saying why, when
they or the package index are out of reach, and never pass without having run.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from wmcurate import __version__

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "wmcurate"
#: pip's words for "the index could not be reached", as opposed to a broken package.
OFFLINE = re.compile(r"(?i)(connection|network is unreachable|temporary failure in name "
                     r"resolution|max retries exceeded|could not fetch url|proxyerror)")


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def _skip_if_offline(done: subprocess.CompletedProcess[str], what: str) -> None:
    if done.returncode != 0 and OFFLINE.search(done.stdout + done.stderr):
        pytest.skip(f"{what} needs the package index, which is out of reach: "
                    f"{(done.stdout + done.stderr)[-300:]}")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sdist and wheel of a copy of the project (the build writes egg-info next to its
    sources: the working tree is left alone)."""
    for tool in ("build", "twine"):
        if importlib.util.find_spec(tool) is None:
            pytest.skip(f"`{tool}` is not installed: pip install -e '.[test]' brings it")
    work = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, work / name)
    shutil.copytree(PACKAGE, work / "src" / "wmcurate",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")

    done = _run([sys.executable, "-m", "build", "--outdir", str(out), str(work)], cwd=work)

    _skip_if_offline(done, "the build's isolated environment")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    yield out


def _package_files() -> set[str]:
    """Every file of the package in the source tree, as a path inside the wheel."""
    return {str(p.relative_to(PACKAGE.parent)).replace(os.sep, "/")
            for p in PACKAGE.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_build_makes_a_wheel_and_sdist_twine_accepts(dist: Path) -> None:
    wheel = dist / f"wmcurate-{__version__}-py3-none-any.whl"
    sdist = dist / f"wmcurate-{__version__}.tar.gz"
    assert wheel.is_file() and sdist.is_file(), sorted(p.name for p in dist.iterdir())

    checked = _run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
                   cwd=dist)

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"wmcurate-{__version__}.dist-info/METADATA").decode()
    # Every module and data file (venue catalogue, templates, schemas) is in the wheel.
    missing = _package_files() - names
    assert not missing, f"not in the wheel: {sorted(missing)}"
    assert "wmcurate/data/venues.json" in names and "wmcurate/py.typed" in names
    assert f"\nVersion: {__version__}\n" in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert {"pyproject.toml", "README.md", "PKG-INFO"} <= members
    assert {f"src/{name}" for name in _package_files()} <= members


def test_wheel_installs_in_a_fresh_venv_and_runs_every_command(dist: Path,
                                                               tmp_path: Path) -> None:
    """One slow test: a new venv, the wheel and its dependencies from PyPI, every command
    run from a folder that holds no source tree."""
    wheel = dist / f"wmcurate-{__version__}-py3-none-any.whl"
    home = tmp_path / "venv"
    try:
        venv.EnvBuilder(with_pip=True).create(home)
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"cannot create a virtual environment with pip here: {exc}")
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update({"NO_COLOR": "1", "COLUMNS": "200", "PYTHONNOUSERSITE": "1",
                "WMCURATE_CACHE_DIR": str(tmp_path / "cache")})

    installed = _run([str(python), "-m", "pip", "install", "--disable-pip-version-check",
                      str(wheel)], cwd=tmp_path, env=env)

    _skip_if_offline(installed, "installing the wheel's dependencies")
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    where = _run([str(python), "-c", "import wmcurate; print(wmcurate.__file__)"],
                 cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(home), where.stdout + where.stderr
    wmcurate = str(bin_dir / ("wmcurate.exe" if os.name == "nt" else "wmcurate"))

    def run(*args: str, ok: tuple[int, ...] = (0,), cwd: Path = tmp_path) -> str:
        done = _run([wmcurate, *args], cwd=cwd, env=env, timeout=300)
        assert done.returncode in ok, f"wmcurate {' '.join(args)}: {done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout

    assert run("--version") == f"wmcurate {__version__}\n"
    names = re.findall(r"^  (\S+)\s{2,}\S", run("--help").split("Commands:")[1], re.M)
    assert {"add", "lint", "render", "import", "export", "rules"} <= set(names)
    for name in names:
        assert run(name, "--help").startswith(f"Usage: wmcurate {name} ")

    # A list of its own, made as the README says: the commands work on it offline.
    root = tmp_path / "list"
    _make_list(root)
    run("--root", str(root), "lint", ok=(0, 1))
    run("--root", str(root), "render")
    run("--root", str(root), "render", "--check")
    assert run("--root", str(root), "export", "-f", "bibtex").startswith("@")
    assert "venue-unknown" in run("rules")
    # add without the network: the empty cache lacks the paper, which it says (exit 1).
    run("--root", str(root), "add", "--offline", "-s", "methods", "2303.11328", ok=(1,))
    if "schema" in names:
        assert '"$schema"' in run("schema", "entry")
    if "init" in names:
        run("init", str(tmp_path / "new-list"))
        assert (tmp_path / "new-list" / "wmcurate.yaml").is_file()
    if "site" in names:
        run("--root", str(root), "site", "--check")
    # The package's data (the venue catalogue) is read from the installed wheel.
    found = _run([str(python), "-c", "from wmcurate.venues import catalogue; "
                  "print(catalogue().lookup('CVPR').full)"], cwd=tmp_path, env=env)
    assert found.stdout.strip() == "IEEE/CVF Conference on Computer Vision and Pattern " \
        "Recognition", found.stderr


def _make_list(root: Path) -> None:
    entries = root / "entries" / "methods"
    entries.mkdir(parents=True)
    (root / "wmcurate.yaml").write_text(
        "# Built for this test: the smallest list with one section and one README.\n"
        "languages:\n  - {code: en, name: English}\n"
        "outputs:\n  - {path: README.md, language: en}\n"
        "pages:\n  en: papers/{section}/README.md\n"
        "sections:\n  - id: methods\n    title: {en: Methods}\n", encoding="utf-8")
    (root / "README.md").write_text(
        "# A list\n\n<!-- wmcurate:begin toc -->\n<!-- wmcurate:end toc -->\n\n"
        "<!-- wmcurate:begin list -->\n<!-- wmcurate:end list -->\n", encoding="utf-8")
    (entries / "2003.08934.yaml").write_text(
        'arxiv: "2003.08934"\n'
        "title: 'NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis'\n"
        "authors: [Ben Mildenhall, Pratul P. Srinivasan]\nvenue: ECCV 2020\n"
        "published: 2020-03-19\none_liner: Scenes as radiance fields.\n"
        "added: 2026-01-01T00:00:00Z\n", encoding="utf-8")
