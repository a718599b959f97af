"""The ssc command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def ssc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ssc", *args], capture_output=True, text=True, cwd=cwd)


def test_compile_writes_wasm_next_to_the_source(tmp_path: Path) -> None:
    source = tmp_path / "keep_a.py"
    source.write_text((REPO / "examples" / "filter.py").read_text())
    done = ssc("compile", str(source))
    assert done.returncode == 0, done.stderr
    wasm = tmp_path / "keep_a.wasm"
    assert wasm.read_bytes()[:4] == b"\0asm"
    assert f"{wasm}: {wasm.stat().st_size} bytes" in done.stderr


def test_compile_then_run_filter(tmp_path: Path) -> None:
    out = tmp_path / "f.wasm"
    assert ssc("compile", str(REPO / "examples" / "filter.py"), "-o", str(out)).returncode == 0
    done = ssc("run", str(out), "--text", "apple", "--text", "kiwi", "--text", "banana")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "apple\nbanana\n"


def test_run_compiles_a_py_file_and_reads_a_record_file(tmp_path: Path) -> None:
    records = tmp_path / "numbers.txt"
    records.write_text("1\n2\n3\n")
    done = ssc("run", str(REPO / "examples" / "map_double.py"), "--file", str(records))
    assert (done.returncode, done.stdout) == (0, "2\n4\n6\n"), done.stderr


def test_run_aggregate_with_accumulator() -> None:
    done = ssc("run", str(REPO / "examples" / "aggregate_concat.py"), "--accumulator", "x",
               "--text", "a", "--text", "b", "--text", "c")
    assert (done.returncode, done.stdout) == (0, "xa\nxab\nxabc\n"), done.stderr


def test_runtime_error_prints_offset_and_hint_and_keeps_earlier_outputs() -> None:
    done = ssc("run", str(REPO / "examples" / "map_double.py"), "--text", "1", "--text", "x", "--text", "3")
    assert done.returncode == 1
    assert done.stdout == "2\n"
    assert done.stderr == "error: record at offset 1: ValueError: invalid literal for int() with base 10: 'x'\n"


def test_compile_error_is_rendered_without_traceback(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text("from smartstream import smartstream, Record\n\n@smartstream.filter\n"
                      "def f(record: Record) -> bool:\n    return record.value + 1\n")
    done = ssc("compile", str(source))
    assert done.returncode == 1
    assert done.stderr == (f"{source}:5:12: error: unsupported operand type(s) for +: 'bytes' and 'int'\n"
                           "        return record.value + 1\n"
                           "               ^~~~~~~~~~~~~~~~\n")
    assert not (tmp_path / "bad.wasm").exists()


def test_non_python_input_is_a_clear_error(tmp_path: Path) -> None:
    binary = tmp_path / "image.py"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    done = ssc("compile", str(binary))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{binary}: error: source is not UTF-8 text")
    text = tmp_path / "notes.py"
    text.write_text("This is not a Python program.\n")
    done = ssc("compile", str(text))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{text}:1:15: error: invalid syntax: unexpected 'Python'")


def test_missing_file_and_bad_module() -> None:
    done = ssc("compile", "no/such/file.py")
    assert (done.returncode, done.stderr) == (1, "ssc: no such file: no/such/file.py\n")
    done = ssc("run", str(REPO / "examples" / "filter.in.jsonl"), "--text", "a")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("ssc: ")


def test_ssc_wasm_ld_names_the_linker(tmp_path: Path) -> None:
    """$SSC_WASM_LD replaces the ziglang wasm-ld: a wrapper that logs, then links."""
    log = tmp_path / "linker.log"
    wrapper = tmp_path / "my-wasm-ld"
    wrapper.write_text(f"#!/bin/sh\necho called >> {log}\nexec {sys.executable} -m ziglang wasm-ld \"$@\"\n")
    wrapper.chmod(0o755)
    env = {**os.environ, "SSC_WASM_LD": str(wrapper)}
    done = subprocess.run([sys.executable, "-m", "ssc", "compile", str(REPO / "examples" / "filter.py"),
                           "-o", str(tmp_path / "f.wasm")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert log.read_text() == "called\n"
    env["SSC_WASM_LD"] = str(tmp_path / "missing-linker")
    done = subprocess.run([sys.executable, "-m", "ssc", "compile", str(REPO / "examples" / "filter.py"),
                           "-o", str(tmp_path / "g.wasm")], capture_output=True, text=True, env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot run wasm-ld" in done.stderr and "SSC_WASM_LD" in done.stderr
