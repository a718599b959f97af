"""Shared fixtures: golden-file refresh and compiled-module caching."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The guest harnesses run `zig cc` themselves: keep zig's build cache in a folder
# of this test process, removed at its end, not in ~/.cache/zig (hundreds of MB).
_ZIG_CACHE = tempfile.mkdtemp(prefix="ssc-tests-zig-")
atexit.register(shutil.rmtree, _ZIG_CACHE, True)
os.environ["ZIG_GLOBAL_CACHE_DIR"] = os.environ["ZIG_LOCAL_CACHE_DIR"] = _ZIG_CACHE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files (*.out.jsonl, *.test outputs) from the "
                          "CPython oracle instead of comparing; review the diff")


def pytest_configure(config: pytest.Config) -> None:
    # the golden cases of examples/ and tests/programs/ are collected by ssc's pytest plugin,
    # which has its own option: --update-golden turns it on too
    if config.getoption("--update-golden") and config.pluginmanager.has_plugin("ssc"):
        config.option.ssc_update = True


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@functools.lru_cache(maxsize=None)
def compiled(path: Path, abi: str = "smartstream") -> bytes:
    """The wasm of a SmartStream source file for ``abi``, compiled once per test session."""
    from ssc.compiler import compile, read_source

    return compile(read_source(path), str(path), abi=abi).wasm
