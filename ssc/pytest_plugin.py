"""pytest plugin: the golden-output cases that live beside SmartStreams.

Installed with ssc (the ``pytest11`` entry point ``ssc``), so a plain
``pytest`` collects, with no test code to write, every

    NAME.py      (or NAME.wasm, when there is no NAME.py)
    NAME.in.jsonl  or  NAME.in.txt      the input records
    NAME.out.jsonl or  NAME.out.txt     the expected output

in the folders it searches, as one test item ``NAME.py::golden``. The item
runs the records through the module compiled by ssc and, for a ``.py``,
under CPython as well (see :func:`ssc.testing.check`): it passes when both
give the expected output, and fails with the readable diff otherwise, or
with "ssc bug: the compiled module and CPython disagree" when they differ
from each other. A NAME.py with an input file and no expected output is a
failing item that says how to write it:

    pytest --ssc-update      # write NAME.out.* from the output instead of comparing

``-p no:ssc`` turns the plugin off. Nothing of ssc beyond this module is
imported until a golden item runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

INPUT_SUFFIXES = (".in.jsonl", ".in.txt")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ssc", "ssc golden-output cases (NAME.py + NAME.in.* + NAME.out.*)")
    group.addoption("--ssc-update", action="store_true", dest="ssc_update", default=False,
                    help="write each golden case's expected output (NAME.out.jsonl or .txt) from the "
                    "module's output instead of comparing (for a .py, only where the compiled module "
                    "and CPython agree); review the diff")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".py":
        pass
    elif file_path.suffix != ".wasm" or file_path.with_suffix(".py").exists():
        return None
    stem = file_path.with_suffix("")
    if not any(stem.with_name(stem.name + suffix).is_file() for suffix in INPUT_SUFFIXES):
        return None
    return GoldenFile.from_parent(parent, path=file_path)


class GoldenFile(pytest.File):
    """A SmartStream with golden files beside it: one item, ``golden``."""

    def collect(self) -> Iterator[pytest.Item]:
        yield GoldenItem.from_parent(self, name="golden")


class GoldenFailure(Exception):
    """The item's failure: the report is the message, shown as it is."""


class GoldenItem(pytest.Item):
    """Run the module over ``NAME.in.*`` and compare with ``NAME.out.*``."""

    def runtest(self) -> None:
        from ssc.testing import GoldenError, check, default_expect, golden_files

        update = bool(self.config.getoption("ssc_update"))
        try:
            input_path, expect_path = golden_files(self.path)
            if input_path is None:  # removed since collection
                raise GoldenError(f"{self.path}: its input file is gone")
            result = check(self.path, input_path, expect_path or default_expect(input_path),
                           update=update, update_flag="pytest --ssc-update", root=self.config.rootpath)
        except GoldenError as err:
            raise GoldenFailure(str(err)) from None
        if not result.passed:
            raise GoldenFailure(result.report)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | Any:
        if isinstance(excinfo.value, GoldenFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"golden: {self.path.name}"
