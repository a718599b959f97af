"""The native batch codec's build and cache (``ssc.runtime.native``).

It is built on first use into ssc's owner-only cache folder and checked
before each load; anything that stops it (turned off, no headers, zig
failing, no usable cache folder) leaves the pure-Python codec running, with
one note on stderr. Each case runs in a fresh process with its own cache
folder, as a user's first run would.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ssc.runtime import native

#: Which codec a fresh process chooses.
PROBE = """
from ssc.runtime.batches import batch_codec
print(batch_codec().name)
"""


def run_probe(cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SSC_CACHE_DIR": str(cache), **env}
    environment.pop(native.CODEC_ENV, None)
    environment.update(env)
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=environment, timeout=300)


def libraries(cache: Path) -> list[Path]:
    return sorted(cache.glob("hostcodec-*"))


def test_built_once_into_the_private_cache_then_checked_before_each_load(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = run_probe(cache)
    assert first.stdout.split() == ["native"], first.stderr
    assert "building the native host codec" in first.stderr
    [library] = libraries(cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(library.stat().st_mode) == 0o600
    assert hashlib.sha256(library.read_bytes()).hexdigest()[:16] in library.name
    again = run_probe(cache)
    assert again.stdout.split() == ["native"] and again.stderr == ""
    # a damaged library (cut short, or other bytes under its name) is removed and rebuilt
    for damage in (library.read_bytes()[:1000], b"\x7fELF not this library"):
        library.write_bytes(damage)
        rebuilt = run_probe(cache)
        assert rebuilt.stdout.split() == ["native"], rebuilt.stderr
        assert "building the native host codec" in rebuilt.stderr
        [library] = libraries(cache)
        assert hashlib.sha256(library.read_bytes()).hexdigest()[:16] in library.name


def test_turned_off_it_is_not_built(tmp_path: Path) -> None:
    done = run_probe(tmp_path, **{native.CODEC_ENV: "python"})
    assert done.stdout.split() == ["python"] and done.stderr == ""
    assert libraries(tmp_path) == []


def test_without_a_usable_cache_folder_it_is_built_for_the_process(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("")
    done = run_probe(a_file)
    assert done.stdout.split() == ["native"], done.stderr
    assert "not using the cache folder" in done.stderr and "a temporary folder" in done.stderr


def test_without_headers_or_a_working_zig_the_python_codec_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SSC_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(native.sysconfig, "get_path", lambda name: str(tmp_path / "no-include"))
    assert native._load() is None
    assert "this Python's C headers are missing" in capsys.readouterr().err
    monkeypatch.undo()
    monkeypatch.setenv("SSC_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(native, "_command", lambda: [sys.executable, "-c", "import sys; sys.exit('no cc')"])
    assert native._load() is None
    assert "could not build the native host codec (zig cc failed: no cc)" in capsys.readouterr().err
    assert libraries(tmp_path) == []
