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


def native_codec_or_skip() -> object:
    """The native batch codec; a skip if SSC_HOST_CODEC=python turns it off, a failure
    if it cannot be built."""
    from ssc.runtime.batches import NativeCodec
    from ssc.runtime.native import CODEC_ENV, native_codec

    if os.environ.get(CODEC_ENV, "").lower() == "python":
        pytest.skip(f"{CODEC_ENV}=python turns the native codec off")
    module = native_codec()
    assert module is not None, "the native host codec could not be built (see stderr)"
    return NativeCodec(module)


@pytest.fixture(params=["native", "python"])
def host_codec(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> object:
    """Each batch codec of ``ssc.runtime.batches`` in turn, as the one modules loaded in the
    test use: the native one (C, built on first use) and the pure-Python reference."""
    from ssc.runtime import batches

    codec = batches.PYTHON_CODEC if request.param == "python" else native_codec_or_skip()
    monkeypatch.setattr(batches, "_chosen", [codec])
    return codec
