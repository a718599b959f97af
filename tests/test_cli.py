"""The ssc command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from test_smartmodule_host import wat, wat_string

from ssc.runtime.codec import SmartStreamOutput, WireRecord, WireRuntimeError, encode_output


def ssc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ssc", *args], capture_output=True, text=True, cwd=cwd)


def test_compile_writes_wasm_next_to_the_source(tmp_path: Path) -> None:
    source = tmp_path / "keep_a.py"
    source.write_text((REPO / "examples" / "filter.py").read_text())
    done = ssc("compile", str(source))
    assert done.returncode == 0, done.stderr
    wasm = tmp_path / "keep_a.wasm"
    assert wasm.read_bytes()[:4] == b"\0asm"
    assert_summary(done.stderr, wasm, "smartmodule filter")        # today's Fluvio's ABI by default
    legacy = tmp_path / "legacy.wasm"
    done = ssc("compile", str(source), "--abi", "smartstream", "-o", str(legacy))
    assert done.returncode == 0, done.stderr
    assert_summary(done.stderr, legacy, "smartstream filter")


def assert_summary(stderr: str, wasm: Path, abi_kind: str) -> None:
    """``ssc compile`` says what it wrote: path, ABI, kind, size, exports (in file order)."""
    head = f"{wasm}: {abi_kind}, {wasm.stat().st_size:,} bytes, exports "
    assert stderr.startswith(head) and stderr.endswith("\n"), stderr
    exports = stderr[len(head):].split()
    assert sorted(exports) == sorted(["memory", "alloc", "dealloc", abi_kind.split()[1]])


def test_compile_timings_list_every_stage(tmp_path: Path) -> None:
    from ssc.compiler import TIMED_STAGES

    out = tmp_path / "f.wasm"
    done = ssc("compile", str(REPO / "examples" / "filter.py"), "-o", str(out), "--timings")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    stages = [line.split()[0] for line in lines[:-1] if line.strip().endswith(" ms")]
    assert stages == [*TIMED_STAGES, "total"]
    total = float(lines[len(TIMED_STAGES)].split()[1])
    parts = sum(float(line.split()[1]) for line in lines[:len(TIMED_STAGES)])
    assert abs(total - parts) < 0.5          # the total is the sum of the stages shown
    assert_summary(lines[-1] + "\n", out, "smartmodule filter")


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


# -- the SmartModule ABI ------------------------------------------------------


def run_bytes(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ssc", *args], capture_output=True)


def test_compile_for_the_smartmodule_abi_then_run(tmp_path: Path) -> None:
    out = tmp_path / "f.wasm"
    done = ssc("compile", str(REPO / "examples" / "filter.py"), "--abi", "smartmodule", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert_summary(done.stderr, out, "smartmodule filter")
    for version in ("22", "25"):
        done = ssc("run", str(out), "--version", version, "--text", "apple", "--text", "kiwi")
        assert (done.returncode, done.stdout) == (0, "apple\n"), done.stderr
    done = ssc("compile", str(REPO / "examples" / "filter.py"), "--abi", "wasm")
    assert done.returncode == 2 and "invalid choice: 'wasm'" in done.stderr


def test_run_params_go_to_init() -> None:
    source = str(REPO / "examples" / "filter_init.py")
    done = ssc("run", source, "--abi", "smartmodule", "-e", "key=an", "--text", "banana",
               "--text", "kiwi", "--text", "ant")
    assert (done.returncode, done.stdout) == (0, "banana\nant\n"), done.stderr
    done = ssc("run", source, "--abi", "smartmodule", "--text", "banana")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"ssc: {source}: init failed: ValueError: Missing param key\n"


def test_params_are_split_at_the_first_equals_sign(tmp_path: Path) -> None:
    module = tmp_path / "init.wasm"
    module.write_bytes(wat("sm_init", INIT_RET="0", DATA='""', LEN="0"))
    done = run_bytes("run", str(module), "--param", "b=x=y", "-e", "a=", "--text", "r")
    assert done.returncode == 0, done.stderr
    # init's input, echoed: the map {a: "", b: "x=y"} sorted, then lookback None
    assert done.stdout == bytes.fromhex("0002 0001 61 0000 0001 62 0003 783d79 00") + b"\n"
    done = ssc("run", str(module), "-e", "novalue", "--text", "r")
    assert done.returncode == 2 and "invalid KEY=value: no `=` found in `novalue`" in done.stderr


def test_run_lookback_last_feeds_the_last_n_records(tmp_path: Path) -> None:
    module = tmp_path / "look_back.wasm"
    module.write_bytes(wat("sm_look_back", LB_RET="0", DATA='""', LEN="0"))
    done = run_bytes("run", str(module), "--record", "1", "--record", "22", "--record", "3",
                     "--lookback-last", "2", "--version", "23", "--text", "x")
    assert done.returncode == 0, done.stderr
    # look_back saw a SmartModuleInput (v23): base_offset 0, records "22" and "3" with the offset
    # deltas they have in the topic (one stored batch: 1 and 2, not renumbered), base_timestamp 0
    records = bytes.fromhex("00000002 10 00 00 02 00 04 3232 00 0e 00 00 04 00 02 33 00")
    expected = bytes(8) + len(records).to_bytes(4, "big") + records + bytes(8)
    assert done.stdout == expected + b"\n"


def test_run_lookback_with_a_compiled_module() -> None:
    source = str(REPO / "examples" / "filter_look_back.py")
    done = ssc("run", source, "--abi", "smartmodule", "--record", "1", "--record", "5",
               "--lookback-last", "1", "--text", "3", "--text", "6", "--text", "7")
    assert (done.returncode, done.stdout) == (0, "6\n7\n"), done.stderr


def test_record_needs_lookback_last_and_options_need_a_smartmodule(tmp_path: Path) -> None:
    module = tmp_path / "pass.wasm"
    module.write_bytes(wat("sm_passthrough", ENTRY="filter"))
    done = ssc("run", str(module), "--record", "1", "--text", "a")
    assert (done.returncode, done.stderr) == (1, "ssc: --record gives records for look_back; add "
                                                 "--lookback-last N to pass the last N of them "
                                                 "(as smdk test does)\n")
    legacy = str(REPO / "examples" / "map_double.py")
    done = ssc("run", legacy, "--abi", "smartstream", "-e", "a=b", "--text", "1")
    assert done.returncode == 1
    assert done.stderr.startswith(f"ssc: {legacy}: params is for SmartModules (the current ABI); "
                                  f"this is a legacy SmartStream")
    done = ssc("run", legacy, "--abi", "smartstream", "--base-timestamp", "5", "--text", "1")
    assert done.returncode == 1 and "--base-timestamp is for SmartModules" in done.stderr
    done = ssc("run", str(module), "--version", "40000", "--text", "a")
    assert (done.returncode, done.stderr) == (1, "ssc: version must be an int from 0 to 32767 "
                                                 "(an i16), not 40000\n")


def test_run_key_value_output(tmp_path: Path) -> None:
    module = tmp_path / "pass.wasm"
    module.write_bytes(wat("sm_passthrough", ENTRY="map"))
    done = ssc("run", str(module), "--key-value", "--text", "a", "--text", "b", "--key", "k")
    assert (done.returncode, done.stdout) == (0, "[k] a\n[k] b\n"), done.stderr
    done = ssc("run", str(REPO / "examples" / "map_double.py"), "--key-value", "--text", "2")
    assert (done.returncode, done.stdout) == (0, "[null] 4\n"), done.stderr


def test_run_transforms_chain_modules(tmp_path: Path) -> None:
    examples = REPO / "examples"
    done = ssc("run", str(examples / "filter_map.py"), "--abi", "smartmodule", "--transform",
               str(examples / "aggregate_sum.py"), "--text", "2", "--text", "3", "--text", "4")
    assert (done.returncode, done.stdout) == (0, "1\n3\n"), done.stderr
    module = tmp_path / "pass.wasm"
    module.write_bytes(wat("sm_passthrough", ENTRY="filter"))
    failing = tmp_path / "fail.wasm"
    output = encode_output(SmartStreamOutput([WireRecord(None, b"A")],
                                             WireRuntimeError("bad", 1, 1, None, b"b")))
    failing.write_bytes(wat("sm_static", ENTRY="map", DATA=wat_string(output), LEN=str(len(output)),
                            RET="1"))
    done = ssc("run", str(module), "--transform", str(module), "--transform", str(failing),
               "--text", "a", "--text", "b")
    assert done.returncode == 1
    assert done.stdout == "A\n"
    assert done.stderr == f"error: {failing} (chain stage 2): record at offset 1: bad\n"


def test_run_base_timestamp_and_version(tmp_path: Path) -> None:
    module = tmp_path / "echo.wasm"
    module.write_bytes(wat("sm_echo", ENTRY="filter", AGG="0"))
    done = run_bytes("run", str(module), "--version", "22", "--base-timestamp", "1700000000000",
                     "--base-offset", "100", "--text", "abc")
    assert done.returncode == 0, done.stderr
    # fluvio-abi.md §3, the 41-byte v22 example
    assert done.stdout == bytes.fromhex(
        "0000000000000064 0000000e 00000001 12 00 00 00 00 06 616263 00 0000 00 00000000 "
        "0000018bcfe56800") + b"\n"


# -- a Unix tool ----------------------------------------------------------------

KEEP_ALL = ("from smartstream import smartstream, Record\n\n@smartstream.filter\n"
            "def filter(record: Record) -> bool:\n    return True\n")


def test_a_dash_reads_the_source_from_stdin(tmp_path: Path) -> None:
    source = (REPO / "examples" / "filter.py").read_bytes()
    assert run_bytes("compile", str(REPO / "examples" / "filter.py"), "-o", str(tmp_path / "f.wasm")).returncode == 0
    piped = subprocess.run([sys.executable, "-m", "ssc", "compile", "-"], input=source, capture_output=True)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == (tmp_path / "f.wasm").read_bytes()       # a source from stdin: the module to stdout
    done = subprocess.run([sys.executable, "-m", "ssc", "compile", "-", "-o", str(tmp_path / "g.wasm")],
                          input=source, capture_output=True)
    assert done.returncode == 0 and (tmp_path / "g.wasm").read_bytes() == piped.stdout
    done = subprocess.run([sys.executable, "-m", "ssc", "check", "-"], input=source, capture_output=True)
    assert (done.returncode, done.stdout) == (0, b"<stdin>: ok (smartmodule filter, 1 function)\n")
    done = subprocess.run([sys.executable, "-m", "ssc", "check", "-"], input=b"x = = 1\n", capture_output=True)
    assert done.returncode == 1 and done.stderr.startswith(b"<stdin>:1:5: error: invalid syntax")


def test_a_module_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "ssc", "compile", "-"], stdout=follower, stderr=subprocess.PIPE,
                              input=(REPO / "examples" / "filter.py").read_bytes())
    finally:
        os.close(follower)
        os.close(leader)
    assert (done.returncode, done.stderr) == (1, b"ssc: not writing a wasm module to a terminal: "
                                                 b"give -o OUT.wasm, or pipe it\n")


def test_file_dash_reads_the_records_from_stdin(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "ssc", "run", str(REPO / "examples" / "filter.py"), "--file", "-"],
                          input=b"apple\nkiwi\nbanana\n", capture_output=True)
    assert (done.returncode, done.stdout) == (0, b"apple\nbanana\n"), done.stderr


def test_values_that_are_not_utf8_go_through_as_bytes(tmp_path: Path) -> None:
    source = tmp_path / "keep_all.py"
    source.write_text(KEEP_ALL)
    raw = os.fsdecode(b"\xff\xfe")                     # what Python makes of such bytes in argv
    done = run_bytes("run", str(source), "--text", raw, "--text", "ok", "--key", raw, "--key-value")
    assert (done.returncode, done.stdout, done.stderr) == (0, b"[\xff\xfe] \xff\xfe\n[\xff\xfe] ok\n", b"")
    done = run_bytes("run", str(source), "-e", f"key={raw}", "--text", "a")
    assert done.returncode == 2 and b"invalid KEY=value: b'key=\\xff\\xfe' is not UTF-8 text" in done.stderr


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    records = tmp_path / "many.txt"
    records.write_bytes(b"".join(b"a%d\n" % i for i in range(100_000)))   # more than a pipe holds
    reader = subprocess.Popen([sys.executable, "-m", "ssc", "run", str(REPO / "examples" / "filter.py"),
                               "--file", str(records)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline() == b"a0\n"           # as `| head -1`
    reader.stdout.close()
    stderr = reader.stderr.read()
    assert (reader.wait(), stderr) == (141, b"")


SPIN = ("from smartstream import smartstream, Record\n\n"
        "def spin(n: int) -> int:\n    while n > 0:\n        n = n % 7 + 1\n    return n\n\n"
        "@smartstream.filter\ndef filter(record: Record) -> bool:\n    return spin(len(record.value)) > 0\n")


def test_names_keep_function_names_for_backtraces(tmp_path: Path) -> None:
    import ssc

    frames = {}
    for names in (False, True):
        wasm = ssc.compile(SPIN, "spin.py", names=names).wasm
        try:
            ssc.load(wasm, deadline=0.2).filter([b"loop"])
        except ssc.SmartStreamTimeout as err:
            frames[names] = (len(wasm), err.frames)
    (plain, unnamed), (named, with_names) = frames[False], frames[True]
    assert plain < named < plain * 1.1                               # a name section: a few percent
    assert unnamed[0].startswith("<wasm function ") and unnamed[-1] == "filter"   # exports only
    assert not any(frame.startswith("<wasm function") for frame in with_names)
    out = tmp_path / "g.wasm"
    done = subprocess.run([sys.executable, "-m", "ssc", "compile", "-g", "-", "-o", str(out)],
                          input=SPIN.encode(), capture_output=True)
    assert done.returncode == 0 and len(out.read_bytes()) == named
