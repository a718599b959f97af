"""What a user installs: every package in the wheel, types that mypy accepts, a checkout that runs as it is.

The wheel itself is built and installed into a fresh venv by ``.ci/run``,
which then runs the README's quick start from an empty folder; these tests
check the same things without a build: that pyproject lists every package
and data file, that mypy ``--strict`` accepts the examples against ssc laid
out as the wheel installs it, and that a checkout without an install of
ssc imports ``ssc.compiler`` and runs its golden cases.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import REPO

try:
    import tomllib
except ImportError:  # Python 3.10: pytest's own dependency
    import tomli as tomllib

CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
PACKAGES: list[str] = CONFIG["packages"]
PACKAGE_DIR: dict[str, str] = CONFIG["package-dir"]
PACKAGE_DATA: dict[str, list[str]] = CONFIG["package-data"]
SKIPPED = {"__pycache__"}


def folder_of(package: str) -> Path:
    """Where ``package`` lives in the checkout, by pyproject's package-dir (the longest prefix)."""
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in PACKAGE_DIR:
            return REPO / PACKAGE_DIR[prefix] / Path(*parts[cut:])
    return REPO / Path(*parts)


def shipped_files(package: str) -> list[Path]:
    """The files of ``package`` that the wheel holds: its modules and its package data."""
    folder = folder_of(package)
    patterns = PACKAGE_DATA.get(package, [])
    return sorted(p for p in folder.iterdir() if p.is_file() and (
        p.suffix == ".py" or any(fnmatch.fnmatch(p.name, pattern) for pattern in patterns)))


def test_every_package_and_data_file_is_listed() -> None:
    listed = {folder_of(package).resolve(): package for package in PACKAGES}
    assert all(folder.is_dir() for folder in listed), "a listed package has no folder"
    roots = {folder_of(package) for package in PACKAGE_DIR}
    for root in roots:
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [s for s in subfolders if s not in SKIPPED]
            files = [n for n in names if not n.endswith((".pyc", ".pyo"))]
            if not files:
                continue
            package = listed.get(Path(folder).resolve())
            assert package is not None, f"{folder} holds {files[:3]} but is not in pyproject's packages"
            shipped = {p.name for p in shipped_files(package)}
            assert set(files) <= shipped, (
                f"{package}: {sorted(set(files) - shipped)} would be left out of the wheel; "
                f"add them to [tool.setuptools.package-data]")
    assert (folder_of("ssc") / "py.typed").is_file() and (folder_of("smartstream") / "py.typed").is_file()


def installed_layout(site: Path) -> None:
    """ssc laid out in ``site`` as the wheel installs it, as symbolic links to the checkout."""
    for package in PACKAGES:
        target = site / Path(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for file in shipped_files(package):
            (target / file.name).symlink_to(file)


def test_the_examples_type_check_strictly_against_the_installed_package(tmp_path: Path) -> None:
    """mypy --strict, as a user's editor runs it: ssc installed (py.typed), the examples as their code."""
    pytest.importorskip("mypy", reason="mypy comes with the test extra: pip install -e '.[test]'")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    installed_layout(site)
    project = tmp_path / "project"                     # not the checkout: its folders would shadow the install
    project.mkdir()
    examples = sorted(REPO.glob("examples/*.py"))
    for example in examples:
        (project / example.name).write_bytes(example.read_bytes())
    (project / "uses_the_types.py").write_text(USES_THE_TYPES)
    python = venv / "bin" / "python" if os.name != "nt" else venv / "Scripts" / "python.exe"
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--python-executable", str(python), *sorted(p.name for p in project.glob("*.py"))],
                          capture_output=True, text=True, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"no issues found in {len(examples) + 1} source files" in done.stdout


#: The names users import, in annotations: each must be a valid type for mypy.
USES_THE_TYPES = '''\
from smartstream import Record, RecordInput, load_python, smartstream


@smartstream.map
def shout(record: Record) -> tuple[bytes | None, bytes]:
    return record.key, record.value.upper()


batch: list[RecordInput] = [b"a", "b", Record(None, b"c")]
outputs: list[Record] = load_python("filter.py").filter(batch, base_offset=10)
key: bytes | None = shout(Record(None, b"x"))[0]
'''


def test_a_checkout_runs_without_an_install(tmp_path: Path) -> None:
    """No ssc in site-packages (only its dependencies): ``import ssc.compiler`` and the golden
    cases of examples/ work from a fresh copy of the checkout, as ``python -m pytest`` runs them."""
    checkout = tmp_path / "checkout"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, cwd=REPO, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            (checkout / name).write_bytes((REPO / name).read_bytes())
    site = Path(sysconfig.get_paths()["purelib"])
    overlay = tmp_path / "dependencies"
    overlay.mkdir()
    for entry in site.iterdir():
        if not entry.name.lower().startswith(("ssc", "__editable__")) and entry.suffix != ".pth":
            (overlay / entry.name).symlink_to(entry)
    env = {**os.environ, "PYTHONPATH": str(overlay)}

    def python(*args: str) -> subprocess.CompletedProcess[str]:     # -S: no site-packages, no .pth hooks
        return subprocess.run([sys.executable, "-S", *args], capture_output=True, text=True, cwd=checkout, env=env)

    done = python("-c", "import importlib.metadata as m, ssc.compiler, ssc.runtime, ssc.grammar.tables\n"
                        "assert not [d for d in m.distributions() if d.metadata['Name'] == 'ssc']\n"
                        "print(ssc.compiler.__file__)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(checkout / "compiler" / "__init__.py")
    done = python("-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q", "examples/filter.py",
                  "examples/filter_init.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
