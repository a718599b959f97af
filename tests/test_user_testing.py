"""``ssc test``: golden-output testing as a user runs it, in a folder of their own.

The command runs in a subprocess in a temp dir, with relative paths, as a
user types it. The comparison and the record-file formats (ssc.testing,
ssc.runtime.recordfile) are also tested directly below.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from ssc.runtime.recordfile import (
    ExpectedError,
    ExpectedRecord,
    read_input,
    read_output,
    render_text_output,
    write_output,
)
from ssc.runtime.records import Record, SmartStreamRuntimeError
from ssc.testing import Output, compare, golden_files, render_diff

FILTER_OK = ("ok: filter.py: 5 records and an error at offset 9, as in filter.out.jsonl "
             "(compiled, smartmodule ABI; CPython agrees)\n")

SQUARE = '''\
from smartstream import smartstream, Record


@smartstream.map
def square(record: Record) -> tuple[bytes | None, bytes]:
    n = int(record.value)
    return (record.key, str(n * n).encode())
'''


def ssc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ssc", *args], capture_output=True, text=True, cwd=cwd)


def example(tmp_path: Path, name: str, golden: bool = True) -> Path:
    """Copy examples/NAME.py (and its golden files) into the user's folder."""
    suffixes = (".py", ".in.jsonl", ".out.jsonl") if golden else (".py",)
    for suffix in suffixes:
        shutil.copy(REPO / "examples" / (name + suffix), tmp_path)
    return tmp_path / (name + ".py")


def jsonl(*objects: object) -> str:
    return "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects)


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------


def test_pass_prints_one_line_and_exits_0(tmp_path: Path) -> None:
    example(tmp_path, "filter")
    done = ssc("test", "filter.py", "--input", "filter.in.jsonl", "--expect", "filter.out.jsonl", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, FILTER_OK, "")
    # the golden files beside the source are the default
    done = ssc("test", "filter.py", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, FILTER_OK), done.stderr


def test_mismatch_prints_a_readable_diff_and_exits_1(tmp_path: Path) -> None:
    example(tmp_path, "filter")
    golden = tmp_path / "filter.out.jsonl"
    lines = golden.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace('"banana"', '"bananas"')  # a value differs
    del lines[2]                                           # papaya is not expected
    lines.insert(3, jsonl({"key": "k", "value": "extra", "offset": 7}))  # a record never produced
    golden.write_text("".join(lines))
    done = ssc("test", "filter.py", "--input", "filter.in.jsonl", "--expect", "filter.out.jsonl", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr == ""
    assert done.stdout == (
        "FAIL filter.py: the output differs from filter.out.jsonl (compiled and CPython agree)\n"
        "  record #1 (offset 2): the value differs\n"
        '    expected: key null, value "bananas", offset 2\n'
        '    actual:   key null, value "banana", offset 2\n'
        "  record #2 (offset 3): not in the expected output\n"
        '    actual:   key "fruit", value "papaya", offset 3\n'
        "  record #3 (offset 7): missing from the actual output\n"
        '    expected: key "k", value "extra", offset 7\n'
        "  3 differences; expected 5 records and an error at offset 9, "
        "actual 5 records and an error at offset 9\n")


def test_update_writes_the_expected_output(tmp_path: Path) -> None:
    example(tmp_path, "filter")
    (tmp_path / "filter.out.jsonl").unlink()
    done = ssc("test", "filter.py", "--expect", "filter.out.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("ssc: no expected output filter.out.jsonl (run with --update to write it "
                           "from the module's output)\n")
    done = ssc("test", "filter.py", "--input", "filter.in.jsonl", "--expect", "filter.out.jsonl", "--update",
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("wrote filter.out.jsonl: 5 records and an error at offset 9 "
                           "(compiled, smartmodule ABI; CPython agrees)\n")
    assert (tmp_path / "filter.out.jsonl").read_text() == (REPO / "examples" / "filter.out.jsonl").read_text()
    assert ssc("test", "filter.py", cwd=tmp_path).stdout == FILTER_OK


def test_plain_text_files(tmp_path: Path) -> None:
    """.txt: one value a line; the expected error is `!HINT`; a value starting with ! is escaped."""
    example(tmp_path, "map_double", golden=False)
    (tmp_path / "numbers.in.txt").write_text("1\n-2\n3\nx\n4\n")
    done = ssc("test", "map_double.py", "-i", "numbers.in.txt", "-x", "doubled.out.txt", "--update", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "doubled.out.txt").read_text() == (
        "2\n-4\n6\n!ValueError: invalid literal for int() with base 10: 'x'\n")
    done = ssc("test", "map_double.py", "-i", "numbers.in.txt", "-x", "doubled.out.txt", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith(
        "ok: map_double.py: 3 records and an error at offset 3, as in doubled.out.txt"), done.stderr

    (tmp_path / "doubled.out.txt").write_text("2\n-4\n7\n!ValueError: nope\n")
    done = ssc("test", "map_double.py", "-i", "numbers.in.txt", "-x", "doubled.out.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == (
        "FAIL map_double.py: the output differs from doubled.out.txt (compiled and CPython agree)\n"
        "  record #2 (offset 2): the value differs\n"
        '    expected: value "7"\n'
        '    actual:   key null, value "6", offset 2\n'
        "  error (offset 3): the hint differs\n"
        "    expected: ValueError: nope\n"
        "    actual:   offset 3, key null, value \"x\": ValueError: invalid literal for int() with base 10: 'x'\n"
        "  2 differences; expected 3 records and an error, actual 3 records and an error at offset 3\n")


def test_expected_error_line_with_only_offset_and_hint(tmp_path: Path) -> None:
    example(tmp_path, "map_double")
    hint = "ValueError: invalid literal for int() with base 10: 'x'"
    (tmp_path / "short.out.jsonl").write_text(
        "".join(line for line in (tmp_path / "map_double.out.jsonl").read_text().splitlines(keepends=True)
                if '"error"' not in line) + jsonl({"error": {"offset": 7, "hint": hint}}))
    done = ssc("test", "map_double.py", "-x", "short.out.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr

    (tmp_path / "short.out.jsonl").write_text(jsonl({"error": {"offset": 0, "hint": hint}}))
    done = ssc("test", "map_double.py", "-x", "short.out.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    assert "  record #0 (offset 0): not in the expected output\n" in done.stdout
    assert ("  error (offset 7): the offset differs\n"
            f"    expected: offset 0: {hint}\n"
            f'    actual:   offset 7, key null, value "x": {hint}\n') in done.stdout


def test_a_wasm_module_runs_compiled_only(tmp_path: Path) -> None:
    example(tmp_path, "filter")
    assert ssc("compile", "filter.py", "-o", "keep_a.wasm", cwd=tmp_path).returncode == 0
    done = ssc("test", "keep_a.wasm", "-i", "filter.in.jsonl", "-x", "filter.out.jsonl", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "ok: keep_a.wasm: 5 records and an error at offset 9, as in "
                                                 "filter.out.jsonl (wasm, smartmodule ABI)\n"), done.stderr


def test_smartmodule_params_from_the_header_or_the_command_line(tmp_path: Path) -> None:
    example(tmp_path, "filter_init")  # header: {"abi": "smartmodule", "params": {"key": "an"}}
    assert ssc("test", "filter_init.py", cwd=tmp_path).returncode == 0
    (tmp_path / "fruit.in.txt").write_text("banana\ncherry\nmango\n")
    (tmp_path / "fruit.out.txt").write_text("cherry\n")
    done = ssc("test", "filter_init.py", "--abi", "smartmodule", "-e", "key=rr", "-i", "fruit.in.txt",
               "-x", "fruit.out.txt", cwd=tmp_path)
    assert done.returncode == 0 and "(compiled, smartmodule ABI; CPython agrees)" in done.stdout, done.stderr
    done = ssc("test", "filter_init.py", "--abi", "smartmodule", "-i", "fruit.in.txt", "-x", "fruit.out.txt",
               cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "ssc: filter_init.py: init failed: ValueError: Missing param key\n"


def test_compiled_and_cpython_disagree_is_reported_as_an_ssc_bug(tmp_path: Path) -> None:
    """int is 64-bit compiled (a documented difference): the report says which side gave what."""
    (tmp_path / "square.py").write_text(SQUARE)
    (tmp_path / "square.in.txt").write_text("3\n10000000000\n4\n")
    done = ssc("test", "square.py", "--update", cwd=tmp_path)
    assert done.returncode == 1 and not (tmp_path / "square.out.txt").exists()
    assert done.stdout.startswith("ssc bug: the compiled module and CPython disagree on square.py with "
                                  "square.in.txt\n")
    assert ("  record #1 (offset 1): missing from the compiled output\n"
            '    CPython:  key null, value "100000000000000000000", offset 1\n') in done.stdout
    assert ("  error (offset 1): not in the CPython output\n"
            '    compiled: offset 1, key null, value "10000000000": OverflowError: int result does not fit '
            "in 64 bits\n") in done.stdout
    assert done.stdout.endswith("square.out.txt was not written.\n")

    (tmp_path / "square.out.txt").write_text("9\n100000000000000000000\n16\n")
    done = ssc("test", "square.py", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout.startswith("ssc bug: the compiled module and CPython disagree")
    assert "FAIL square.py: the compiled output differs from square.out.txt\n" in done.stdout
    assert done.stdout.endswith("the CPython output matches square.out.txt\n")


@pytest.mark.parametrize("setup, args, message", [
    ({}, ["nothere.py"], "ssc: no such file: nothere.py\n"),
    ({"keep.py": SQUARE}, ["keep.py"], "ssc: no input records for keep.py: give --input IN, or put them in "
                                       "keep.in.jsonl or keep.in.txt\n"),
    ({"keep.py": SQUARE, "in.csv": "1\n"}, ["keep.py", "-i", "in.csv", "-x", "out.txt"],
     "ssc: in.csv: unknown record file type '.csv': use .jsonl (JSON Lines) or .txt (plain text, "
     "one value a line)\n"),
    ({"keep.py": SQUARE, "keep.in.jsonl": "{\"value\": 1}\n", "keep.out.jsonl": ""}, ["keep.py"],
     "ssc: keep.in.jsonl:1: bad line: 'value' must be a string\n"),
    ({"keep.py": SQUARE, "keep.in.txt": "1\n", "keep.out.jsonl": '{"error": {"offset": 0}}\n'}, ["keep.py"],
     'ssc: keep.out.jsonl:1: bad line: an error line needs its "hint", a string such as "ValueError: ..."\n'),
    ({"keep.py": SQUARE, "keep.in.txt": "1\n", "keep.in.jsonl": "\n"}, ["keep.py"],
     "ssc: keep.py: both keep.in.jsonl and keep.in.txt exist; keep one\n"),
])
def test_user_errors_are_one_message_and_exit_1(tmp_path: Path, setup: dict[str, str], args: list[str],
                                               message: str) -> None:
    for name, text in setup.items():
        (tmp_path / name).write_text(text)
    done = ssc("test", *args, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", message)


def test_a_compile_error_is_the_compiler_s_message(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(SQUARE.replace("n * n", "n * undefined_name"))
    (tmp_path / "bad.in.txt").write_text("1\n")
    (tmp_path / "bad.out.txt").write_text("1\n")
    done = ssc("test", "bad.py", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("bad.py:7:") and "Traceback" not in done.stderr


def test_help_lists_the_command() -> None:
    done = ssc("test", "--help", cwd=REPO)
    assert done.returncode == 0
    for option in ("--input", "--expect", "--update", "--abi", "--params", "--version"):
        assert option in done.stdout


# --------------------------------------------------------------------------
# Record files and the comparison, in process
# --------------------------------------------------------------------------


def test_plain_text_input_is_one_value_a_line(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(b"a\r\n\n!b\n\\c\xff")
    assert [r.value for r in read_input(path).records] == [b"a", b"", b"!b", b"\\c\xff"]
    assert read_input(path).records[0].key is None


def test_plain_text_output_escapes_and_reads_back(tmp_path: Path) -> None:
    records = [Record(None, v, i) for i, v in enumerate([b"!bang", b"\\slash", b"", b"\xff"])]
    error = SmartStreamRuntimeError(4, 0, None, b"x", "ValueError: bad")
    text = render_text_output(records, error)
    assert text == b"\\!bang\n\\\\slash\n\n\xff\n!ValueError: bad\n"
    path = tmp_path / "out.txt"
    write_output(path, records, error)
    expected = read_output(path)
    assert [r.value for r in expected.records] == [r.value for r in records]
    assert expected.error == ExpectedError("ValueError: bad")
    assert compare(expected, Output(records, error)) == []
    with pytest.raises(ValueError, match="line break"):
        render_text_output([Record(None, b"two\nlines")])


def test_expected_jsonl_fields_that_are_left_out_are_not_compared(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(jsonl({"value": "a"}, {"key": "k", "value": "b", "offset": 5, "timestamp": 9},
                          {"error": {"hint": "E: x"}}))
    expected = read_output(path)
    assert expected.records == [ExpectedRecord(b"a", None, None, 0), ExpectedRecord(b"b", b"k", 5, 9)]
    actual = Output([Record(None, b"a", 3), Record(b"k", b"b", 5, 9)],
                    SmartStreamRuntimeError(6, 0, b"q", b"v", "E: x"))
    assert compare(expected, actual) == []
    path.write_text(jsonl({"error": {"offset": 1, "hint": "E"}}, {"value": "late"}))
    with pytest.raises(ValueError, match="nothing may follow the error line"):
        read_output(path)
    path.write_text(jsonl({"value": "a", "ofset": 1}))
    with pytest.raises(ValueError, match="unknown field 'ofset'"):
        read_output(path)


def test_the_diff_aligns_records_and_limits_its_length(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("".join(f"{i}\n" for i in range(100)))
    expected = read_output(path)
    actual = Output([Record(None, str(i).encode(), i) for i in range(100) if i != 3])
    differences = compare(expected, actual)
    assert [(d.kind, d.index) for d in differences] == [("missing", 3)]  # one record, not a cascade
    actual = Output([Record(None, b"x", i) for i in range(100)])
    text = render_diff(compare(expected, actual), expected, actual, "T")
    assert "  ... and 80 more\n" in text and text.endswith("100 differences; expected 100 records, actual 100 records")


def test_golden_files_beside_a_source(tmp_path: Path) -> None:
    source = tmp_path / "keep.py"
    assert golden_files(source) == (None, None)
    (tmp_path / "keep.in.txt").write_text("")
    (tmp_path / "keep.out.jsonl").write_text("")
    assert golden_files(source) == (tmp_path / "keep.in.txt", tmp_path / "keep.out.jsonl")
