"""Inspection (issue 5): ``ssc check``, ``ssc compile --emit``, the ``ssc`` custom
section and ``ssc inspect``, run as a user runs them (the CLI, in a temp dir),
plus the Python API behind each.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import wasmtime

from conftest import REPO
from test_smartmodule_host import wat

import ssc
from ssc.compiler import STAGES, CompileErrors, check_source, emit
from ssc.compiler.link import append_custom_section
from ssc.compiler.nodes import dump
from ssc.compiler.parse import parse
from ssc.inspection import InspectError, inspect_module
from ssc.provenance import SECTION_NAME, Provenance, find_provenance
from ssc.runtime import ModuleLoadError, SmartStreamError, load
from ssc.runtime.wasm_file import read_wasm

WAT_DIR = REPO / "tests" / "wat"
#: What ssc inspect says a module is for, compiled with the default target: this Python.
PYTHON = f"Python {sys.version_info.major}.{sys.version_info.minor}"


def ssc_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ssc", *args], capture_output=True, text=True, cwd=cwd)


def ssc_bytes(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ssc", *args], capture_output=True, cwd=cwd)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temp dir with copies of a few examples, compiled by the CLI for their ABI."""
    root = tmp_path_factory.mktemp("inspect")
    for name in ("filter", "map_double", "filter_init", "aggregate_sum"):
        shutil.copy(REPO / "examples" / f"{name}.py", root / f"{name}.py")
    for name, abi in (("filter", "smartstream"), ("map_double", "smartstream"),
                      ("filter_init", "smartmodule"), ("aggregate_sum", "smartmodule")):
        done = ssc_cli("compile", f"{name}.py", "--abi", abi, cwd=root)
        assert done.returncode == 0, done.stderr
    return root


THREE_ERRORS = '''\
from smartstream import Record, smartstream


def helper(x: int) -> str:
    return x + 1


@smartstream.filter
def filter(record: Record) -> bool:
    n: int = "text"
    return undefined_name in record.value
'''


# ---- ssc check ----------------------------------------------------------------


def test_check_reports_every_error(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(THREE_ERRORS)
    done = ssc_cli("check", "bad.py", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    heads = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert heads == [
        "bad.py:5:12: error: expected str, got int",
        "bad.py:10:14: error: expected int, got str",
        "bad.py:11:12: error: name 'undefined_name' is not defined",
    ]
    assert "        return undefined_name in record.value\n               ^~~~~~~~~~~~~~\n" in done.stderr
    assert done.stderr.endswith("bad.py: 3 errors\n")
    assert not (tmp_path / "bad.wasm").exists()


def test_check_ok_prints_a_summary_and_writes_nothing(workdir: Path, tmp_path: Path) -> None:
    shutil.copy(workdir / "filter_init.py", tmp_path / "filter_init.py")
    shutil.copy(workdir / "filter.py", tmp_path / "filter.py")
    done = ssc_cli("check", "filter_init.py", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "filter_init.py: ok (smartmodule filter + init, 2 functions)\n"
    done = ssc_cli("check", "filter.py", "--abi", "smartstream", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "filter.py: ok (smartstream filter, 1 function)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filter.py", "filter_init.py"]


def test_check_uses_the_abi(workdir: Path) -> None:
    done = ssc_cli("check", "filter_init.py", "--abi", "smartstream", cwd=workdir)   # init: SmartModules only
    assert done.returncode == 1
    assert "filter_init.py:13:2: error: @smartstream.init exists only in the SmartModule ABI" in done.stderr
    assert done.stderr.endswith("filter_init.py: 1 error\n")


def test_check_several_files_and_a_syntax_error(workdir: Path, tmp_path: Path) -> None:
    (tmp_path / "syntax.py").write_text("def f(:\n")
    shutil.copy(workdir / "filter.py", tmp_path / "filter.py")
    done = ssc_cli("check", "syntax.py", "filter.py", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "syntax.py:1:7: error: invalid syntax: unexpected ':'\n    def f(:\n          ^\nsyntax.py: 1 error\n"
    assert done.stdout == "filter.py: ok (smartmodule filter, 1 function)\n"


def test_check_missing_file(tmp_path: Path) -> None:
    done = ssc_cli("check", "nope.py", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, "ssc: no such file: nope.py\n")


def test_check_source_api() -> None:
    checked = check_source((REPO / "examples" / "filter_init.py").read_text(), "filter_init.py",
                           abi="smartmodule")
    assert (checked.abi, checked.kind) == (ssc.abi.Abi.SMARTMODULE, ssc.abi.Kind.FILTER)
    assert (checked.auxiliary, checked.functions) == (("init",), ("init", "filter"))
    with pytest.raises(CompileErrors) as caught:
        check_source(THREE_ERRORS, "bad.py")
    assert [(e.span.line, e.filename) for e in caught.value.errors] == [(5, "bad.py"), (10, "bad.py"), (11, "bad.py")]


# ---- ssc compile --emit ------------------------------------------------------------


@pytest.mark.parametrize("stage", ["ast", "ir", "asm"])
def test_emit_text_stage_is_deterministic(workdir: Path, stage: str) -> None:
    first = ssc_cli("compile", "filter_init.py", "--abi", "smartmodule", "--emit", stage, cwd=workdir)
    second = ssc_cli("compile", "filter_init.py", "--abi", "smartmodule", "--emit", stage, cwd=workdir)
    assert first.returncode == 0, first.stderr
    assert (first.stderr, second.stderr) == ("", "")
    assert first.stdout == second.stdout
    text = first.stdout
    if stage == "ast":
        assert text.startswith("Module @1:1 filename='filter_init.py'\n")
        assert "  body[3]: FunctionDef @14:1 name='init'\n" in text
        assert "  body[4]: FunctionDef @22:1 name='filter'\n" in text
        assert "      value: Name @21:2 id='smartstream'\n" in text
    elif stage == "ir":
        assert text.startswith("; ModuleID = 'filter_init.py'\n")
        assert "define i32 @filter(ptr" in text and "define i32 @init(ptr" in text
        assert "@ssc.adapter.filter" in text
        assert "declare " in text                       # runtime calls stay calls
        assert "define i32 @alloc" not in text          # the runtime is not linked in
    else:
        assert "\t.functype\tfilter (i32, i32, i32) -> (i32)\n" in text
        assert "\nfilter:\n" in text and "\ninit:\n" in text
        assert "\t.functype\tssc_drive_filter (i32, i32, i32, i32) -> (i32)\n" in text   # the runtime's, declared
        assert "\nalloc:\n" not in text             # the runtime is an object of its own


def test_emit_ir_follows_the_opt_level(workdir: Path) -> None:
    o0 = ssc_cli("compile", "filter.py", "--emit", "ir", "-O0", cwd=workdir)
    o2 = ssc_cli("compile", "filter.py", "--emit", "ir", cwd=workdir)
    assert o0.returncode == o2.returncode == 0
    assert "define internal i32 @py.filter(ptr" in o0.stdout      # not inlined at -O0
    assert "@py.filter(" not in o2.stdout                     # inlined into the adapter at -O2
    assert o0.stdout != o2.stdout


def test_emit_wasm_and_output_files(workdir: Path, tmp_path: Path) -> None:
    shutil.copy(workdir / "map_double.py", tmp_path / "m.py")
    for out in ("a.wasm", "b.wasm"):
        done = ssc_cli("compile", "m.py", "--emit", "wasm", "-o", out, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith(f"{out}: smartmodule map, ")
    assert (tmp_path / "a.wasm").read_bytes() == (tmp_path / "b.wasm").read_bytes()
    piped = ssc_bytes("compile", "m.py", "-o", "-", cwd=tmp_path)
    assert (piped.returncode, piped.stdout) == (0, (tmp_path / "a.wasm").read_bytes())
    done = ssc_cli("compile", "m.py", "--emit", "ast", "-o", "m.ast", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (tmp_path / "m.ast").read_text().startswith("Module @1:1 filename='m.py'\n")
    assert not (tmp_path / "m.wasm").exists()


def test_emit_reports_compile_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(THREE_ERRORS)
    done = ssc_cli("compile", "bad.py", "--emit", "ir", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.count(": error: ") == 3
    done = ssc_cli("compile", "bad.py", "--emit", "ast", cwd=tmp_path)   # parses: no type errors
    assert done.returncode == 0 and "FunctionDef @4:1 name='helper'" in done.stdout


def test_emit_api() -> None:
    source = (REPO / "examples" / "filter.py").read_text()
    assert emit(source, "filter.py", "wasm") == ssc.compile(source, "filter.py").wasm
    assert emit(source, "filter.py", "ast") == dump(parse(source, "filter.py"))
    assert all(isinstance(emit(source, "filter.py", s), str) for s in STAGES if s != "wasm")
    with pytest.raises(ValueError, match="unknown stage 'llvm'"):
        emit(source, "filter.py", "llvm")


def test_dump_shows_fields_spans_and_nesting() -> None:
    tree = parse("d = {**a, 'k': f(x, y=1)}\nif a < b <= c:\n    pass\n", "t.py")
    assert dump(tree) == (
        "Module @1:1 filename='t.py'\n"
        "  body[0]: Assign @1:1\n"
        "    targets[0]: Name @1:1 id='d'\n"
        "    value: Dict @1:5\n"
        "      keys[0]: None\n"
        "      keys[1]: Constant @1:11 value='k'\n"
        "      values[0]: Name @1:8 id='a'\n"
        "      values[1]: Call @1:16\n"
        "        func: Name @1:16 id='f'\n"
        "        args[0]: Name @1:18 id='x'\n"
        "        keywords[0]: Keyword @1:21 name='y'\n"
        "          value: Constant @1:23 value=1\n"
        "  body[1]: If @2:1\n"
        "    test: Compare @2:4 ops=('<', '<=')\n"
        "      left: Name @2:4 id='a'\n"
        "      comparators[0]: Name @2:8 id='b'\n"
        "      comparators[1]: Name @2:13 id='c'\n"
        "    body[0]: Pass @3:5\n"
    )
    assert "Name @1:1-1:2 id='d'" in dump(tree, ends=True)


# ---- the ssc custom section ----------------------------------------------------------


@pytest.mark.parametrize("name, abi, kind, state", [("filter", "smartstream", "filter", "none"),
                                                    ("filter_init", "smartmodule", "filter", "kept"),
                                                    ("aggregate_sum", "smartmodule", "aggregate", "none")])
def test_custom_section_content(workdir: Path, name: str, abi: str, kind: str, state: str) -> None:
    wasm = (workdir / f"{name}.wasm").read_bytes()
    module = read_wasm(wasm)
    digest = hashlib.sha256((workdir / f"{name}.py").read_bytes()).hexdigest()
    python = f"{sys.version_info.major}.{sys.version_info.minor}"      # the default target: this Python
    payload = (f"ssc={ssc.__version__}\nsource-sha256={digest}\nabi={abi}\nkind={kind}\nstate={state}\n"
               f"python={python}\n").encode()
    assert [c.name for c in module.customs] == [SECTION_NAME]
    assert module.custom_sections[SECTION_NAME] == payload
    assert module.sections[-1].custom_name == SECTION_NAME          # appended at the end
    assert Provenance.decode(payload) == Provenance(ssc.__version__, digest, abi, kind, state, python)
    assert find_provenance(wasm) == Provenance.decode(payload)
    section = module.sections[-1]
    assert section.offset + section.size == len(wasm)
    growth = 1 + 2 + section.size                                   # id, size (2-byte LEB), name + payload
    assert growth <= 155


def test_stamped_modules_still_load_and_run(workdir: Path) -> None:
    assert [r.value for r in load(workdir / "filter.wasm").filter([b"apple", b"kiwi"])] == [b"apple"]
    module = load(workdir / "filter_init.wasm", params={"key": "i"})
    assert [r.value for r in module.filter([b"apple", b"kiwi"])] == [b"kiwi"]
    assert wasmtime.Module.validate(wasmtime.Engine(), (workdir / "map_double.wasm").read_bytes()) is None


def test_section_depends_only_on_the_source() -> None:
    source = (REPO / "examples" / "filter.py").read_text()
    a = ssc.compile(source, "a.py").wasm
    assert a == ssc.compile(source, "elsewhere/b.py").wasm
    changed = ssc.compile(source + "\n# a comment\n", "a.py").wasm
    digest = hashlib.sha256((source + "\n# a comment\n").encode()).hexdigest()
    assert read_wasm(changed).custom_sections["ssc"].split(b"\n")[1] == f"source-sha256={digest}".encode()


def test_provenance_decoding_is_tolerant_and_strict_where_it_matters() -> None:
    later = Provenance.decode(b"ssc=9.9\nsource-sha256=ab\nabi=smartmodule\nkind=map\nopt=2\n")
    assert (later.version, later.kind, later.state, later.extra) == ("9.9", "map", "", (("opt", "2"),))
    assert later.encode().endswith(b"kind=map\nopt=2\n")            # no state line: none was read
    assert find_provenance(b"\0asm\1\0\0\0") is None
    assert find_provenance(b"\0asm\1\0\0\0\0\x05\x03ssc") is None  # cut short
    for bad in (b"\xff", b"no equals sign", b"abi=smartstream\n"):
        with pytest.raises(ValueError):
            Provenance.decode(bad)


# ---- ssc inspect ------------------------------------------------------------------


def _field(text: str, label: str) -> str:
    """The value of ``label:`` in ``ssc inspect`` output."""
    for line in text.splitlines():
        if line.strip().startswith(f"{label}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {label!r} in\n{text}")


def test_inspect_legacy_module_made_by_ssc(workdir: Path) -> None:
    done = ssc_cli("inspect", "filter.wasm", cwd=workdir)
    assert (done.returncode, done.stderr) == (0, "")
    text = done.stdout
    size = (workdir / "filter.wasm").stat().st_size
    digest = hashlib.sha256((workdir / "filter.py").read_bytes()).hexdigest()
    assert text.startswith("filter.wasm\n")
    assert _field(text, "made by") == f"ssc {ssc.__version__} (smartstream filter, for {PYTHON})"
    assert _field(text, "source") == f"sha256 {digest}"
    assert _field(text, "ABI") == "smartstream (legacy, 2-argument entry)"
    assert _field(text, "kind") == "filter"
    assert _field(text, "size").startswith(f"{size:,} bytes (code ")
    assert _field(text, "memory").endswith("; exported as memory")
    assert "filter   func (i32, i32) -> (i32)" in text
    assert "alloc    func (i32) -> (i32)" in text
    assert "dealloc  func (i32, i32) -> ()" in text
    assert _field(text, "imports") == "env.copy_records  func (i32, i32) -> ()"
    assert _field(text, "features") == "none (WebAssembly MVP)"
    assert _field(text, "legacy") == "yes (Fluvio v0.9.0–v0.9.10)"
    assert _field(text, "current") == ("no — the entry filter has 2 parameters; current hosts "
                                       "require (i32, i32, i32) -> (i32)")


def test_inspect_smartmodule_made_by_ssc(workdir: Path) -> None:
    done = ssc_cli("inspect", "filter_init.wasm", "aggregate_sum.wasm", cwd=workdir)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.split("\n\n")
    assert _field(first, "ABI") == "smartmodule (current, 3-argument entry)"
    assert _field(first, "kind") == "filter + init"
    assert "init     func (i32, i32, i32) -> (i32)" in first
    assert _field(first, "current") == "yes (Fluvio v0.10 and later)"
    assert _field(first, "legacy") == ("no — the entry filter has 3 parameters; legacy hosts "
                                       "require (i32, i32) -> (i32)")
    assert _field(second, "made by") == f"ssc {ssc.__version__} (smartmodule aggregate, for {PYTHON})"
    assert _field(second, "kind") == "aggregate"


def test_inspect_json(workdir: Path) -> None:
    done = ssc_cli("inspect", "--json", "map_double.wasm", cwd=workdir)
    assert done.returncode == 0, done.stderr
    (info,) = json.loads(done.stdout)
    assert (info["abi"], info["kind"], info["valid"]) == ("smartstream", "map", True)
    assert info["ssc"]["source_sha256"] == hashlib.sha256((workdir / "map_double.py").read_bytes()).hexdigest()
    assert info["legacy"] == {"loads": True, "reasons": []}
    assert info["current"]["loads"] is False
    assert {"name": "map", "kind": "func", "type": "func (i32, i32) -> (i32)"} in info["exports"]
    assert info["imports"] == [{"module": "env", "name": "copy_records", "kind": "func",
                                "type": "func (i32, i32) -> ()"}]
    assert info["features"] == {} and info["memory"]["exported_as"] == ["memory"]


def _assemble(tmp_path: Path, stem: str, **fill: str) -> Path:
    path = tmp_path / f"{stem}.wasm"
    path.write_bytes(wat(stem, **fill))
    return path


def test_inspect_foreign_legacy_module(tmp_path: Path) -> None:
    _assemble(tmp_path, "passthrough")
    done = ssc_cli("inspect", "passthrough.wasm", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert _field(text, "made by") == "not made by ssc (no ssc section)"
    assert _field(text, "ABI") == "smartstream (legacy, 2-argument entry)"
    assert _field(text, "memory") == "1 page initial (64 KiB), no maximum; exported as memory"
    assert "custom name " in _field(text, "size")                   # wat2wasm's names section
    assert _field(text, "legacy") == "yes (Fluvio v0.9.0–v0.9.10)"
    assert _field(text, "current").startswith("no — the entry filter has 2 parameters")


def test_inspect_foreign_smartmodule_with_wasi(tmp_path: Path) -> None:
    _assemble(tmp_path, "sm_wasi")
    text = ssc_cli("inspect", "sm_wasi.wasm", cwd=tmp_path).stdout
    assert _field(text, "current") == "yes (Fluvio v0.10 and later)"
    assert "wasi_snapshot_preview1.fd_write" in _field(text, "imports")
    assert _field(text, "features").startswith("bulk-memory: memory.copy at offset 0x")
    legacy = text[text.index("legacy:"):text.index("current:")]
    assert "the entry filter has 3 parameters" in legacy
    assert "it has 3 imports (wasi_snapshot_preview1.fd_write, wasi_snapshot_preview1.proc_exit, " \
           "host.copy_records); legacy hosts link exactly one function (i32, i32) -> ()" in legacy


def test_inspect_module_missing_exports(tmp_path: Path) -> None:
    _assemble(tmp_path, "bad_no_entry")
    (tmp_path / "empty.wasm").write_bytes(wasmtime.wat2wasm("(module)"))
    done = ssc_cli("inspect", "bad_no_entry.wasm", "empty.wasm", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    no_entry, empty = done.stdout.split("\n\n")
    assert _field(no_entry, "ABI") == "neither (no entry of either ABI's type)"
    assert _field(no_entry, "kind") == "none (no transform export)"
    assert _field(no_entry, "legacy").startswith("no — no entry: legacy hosts call one of filter, map, aggregate")
    assert _field(no_entry, "current").startswith("no — no transform: current hosts probe filter, map, ")
    assert _field(empty, "memory") == "none"
    assert (_field(empty, "exports"), _field(empty, "imports")) == ("none", "none")
    reasons = inspect_module(tmp_path / "empty.wasm").current.reasons
    assert [r.split(":")[0] for r in reasons] == ["no transform", "no 'alloc' export",
                                                  "no 'memory' export", "no copy_records import"]


@pytest.mark.parametrize("stem, legacy, current", [
    ("bad_entry_3arg", None, ""),
    ("bad_alloc_sig", "the allocator alloc has type (i64) -> (i32); legacy hosts require (i32) -> (i32)",
     None),
    ("bad_two_imports", "it has 2 imports (env.copy_records, wasi_snapshot_preview1.fd_write)", None),
    ("bad_no_memory", "no 'memory' export", None),
    ("sm_bad_other_import", None, "current hosts cannot link env.log"),
    ("sm_bad_no_copy_records", None, "no copy_records import"),
    ("sm_bad_init_sig", None, "the init init has 2 parameters; current hosts require (i32, i32, i32) -> (i32)"),
])
def test_inspect_reasons_of_foreign_modules(stem: str, legacy: str | None, current: str | None) -> None:
    info = inspect_module(wat(stem), name=f"{stem}.wasm")
    assert info.provenance is None and info.invalid is None
    for verdict, expected in ((info.legacy, legacy), (info.current, current)):
        if expected == "":
            assert verdict.loads, verdict
        elif expected is not None:
            assert not verdict.loads
            assert any(reason.startswith(expected) for reason in verdict.reasons), verdict.reasons


def test_inspect_agrees_with_the_loader_on_every_wat_module() -> None:
    """A module ssc.load accepts (shape checked, instantiated) passes that ABI's host rules;
    one it rejects for its shape passes neither."""
    fill = {"ENTRY": "filter", "AGG": "0", "DATA": '""', "LEN": "0", "RET": "0", "INIT_RET": "0",
            "LB_RET": "0"}
    for path in sorted(WAT_DIR.glob("*.wat")):
        if set(re.findall(r"__([A-Z_]+)__", path.read_text())) - set(fill):
            continue                                             # a template for another test
        wasm = wat(path.stem, **fill)
        info = inspect_module(wasm, name=path.name)
        try:
            loaded = load(wasm).abi.value
        except ModuleLoadError as err:
            if "could not instantiate" in str(err):
                assert info.start is not None, path.name       # a trapping start function
                continue
            assert not info.legacy.loads and not info.current.loads, (path.name, str(err))
            continue
        except SmartStreamError:
            continue                                             # init ran and failed: shape was fine
        assert info.abi == loaded, path.name
        verdict = info.legacy if loaded == "smartstream" else info.current
        assert verdict.loads, (path.name, verdict)


def test_inspect_features_and_invalid_modules() -> None:
    simd = wasmtime.wat2wasm("""(module
      (import "env" "copy_records" (func (param i32 i32)))
      (memory (export "memory") 1)
      (func (export "alloc") (param i32) (result i32) (i32.const 0))
      (func (export "filter") (param i32 i32) (result i32)
        (i32x4.extract_lane 0 (v128.const i32x4 0 0 0 0))))""")
    info = inspect_module(simd)
    assert [u.feature for u in info.features] == ["simd128"]
    assert not info.legacy.loads and info.legacy.reasons[0].startswith("it uses simd128 (")
    assert "wasmtime 0.30" in info.legacy.reasons[0]
    mistyped = bytes(wasmtime.wat2wasm("(module (func (export \"filter\") (param i32 i32) (result i32) "
                                       "(i64.const 0)))", ))
    # wat2wasm does not type-check: the module decodes, but wasmtime rejects it
    info = inspect_module(mistyped)
    assert info.invalid is not None and "type mismatch" in info.invalid
    assert info.legacy.reasons[0].startswith("wasmtime rejects the module: type mismatch")


def test_inspect_unreadable_ssc_section() -> None:
    wasm = append_custom_section(wat("passthrough"), SECTION_NAME, b"garbage")
    info = inspect_module(wasm)
    assert info.provenance is None and "without '='" in (info.provenance_problem or "")
    assert "made by:  unknown: the ssc section has a line without '='" in info.render()
    assert info.legacy.loads        # a custom section changes nothing for a host


def test_inspect_rejects_what_is_not_wasm(tmp_path: Path) -> None:
    (tmp_path / "text.wat").write_text("(module)")
    (tmp_path / "cut.wasm").write_bytes(b"\0asm\x01\0\0\0\x01\x05")
    done = ssc_cli("inspect", "text.wat", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("ssc: text.wat: not a WebAssembly module: it starts with b'(mod' "
                           "(it looks like WAT text; assemble it first)\n")
    done = ssc_cli("inspect", "cut.wasm", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("ssc: cut.wasm: not a well-formed WebAssembly module: ")
    done = ssc_cli("inspect", "missing.wasm", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, "ssc: missing.wasm: cannot read: No such file or directory\n")
    with pytest.raises(InspectError):
        inspect_module(b"")


def test_inspect_python_api(workdir: Path) -> None:
    info = ssc.inspect_module(workdir / "filter_init.wasm")
    assert (info.abi, info.kind, info.auxiliary) == ("smartmodule", "filter", ("init",))
    assert info.made_by_ssc and info.provenance is not None and info.provenance.abi == "smartmodule"
    assert (info.legacy.loads, info.current.loads) == (False, True)
    assert str(info.current) == "yes" and str(info.legacy).startswith("no — the entry filter has 3")
    assert info.memory is not None and info.memory.exported_as == ("memory",)
    assert [e.name for e in info.exports if e.kind == "func"] == ["filter", "init", "alloc", "dealloc"]
    assert info.name == str(workdir / "filter_init.wasm") and info.size == (workdir / "filter_init.wasm").stat().st_size


# -- the host rules of wasmtime 34 and Fluvio's probing (issue 14) ---------------------

#: A current-ABI module whose transform outputs nothing: copy_records(16, 5) names five
#: zero bytes, an empty Vec<Record> and no error. MEMORY and EXTRA are filled per case.
FLUVIO_RULES_WAT = """(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  MEMORY
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "ENTRY") (param i32 i32 i32) (result i32)
    (call $copy_records (i32.const 16) (i32.const 5)) (i32.const 0))
  EXTRA)"""


def fluvio_rules_module(memory: str = '(memory (export "memory") 1)', extra: str = "",
                        entry: str = "filter") -> bytes:
    text = FLUVIO_RULES_WAT.replace("MEMORY", memory).replace("EXTRA", extra).replace("ENTRY", entry)
    return bytes(wasmtime.wat2wasm(text))


def test_memory64_loads_on_current_hosts() -> None:
    wasm = fluvio_rules_module('(memory (export "memory") i64 1)')
    info = inspect_module(wasm)
    assert info.current.loads, info.current
    assert any("memory64" in reason for reason in info.legacy.reasons)
    module = load(wasm)
    assert module.filter([b"a", b"b"]) == []


def test_wide_arithmetic_is_read_and_refused_as_wasmtime_34_does() -> None:
    add128 = ('(func (export "add128") (param i64 i64 i64 i64) (result i64 i64) '
              'local.get 0 local.get 1 local.get 2 local.get 3 i64.add128)')
    wasm = fluvio_rules_module(extra=add128)
    info = inspect_module(wasm)
    assert "wide-arithmetic" in [use.feature for use in info.features]
    assert info.current.reasons == ("it uses wide-arithmetic (i64.add128 at offset "
                                    f"{info.features[-1].offset:#x}), which wasmtime 34 (current SPUs) "
                                    "does not enable",)
    with pytest.raises(ModuleLoadError, match="not a valid WebAssembly module"):
        load(wasm)


def test_exported_shared_memory_is_missing_memory_to_fluvio() -> None:
    wasm = fluvio_rules_module('(memory (export "memory") 1 1 shared)')
    info = inspect_module(wasm)
    assert not info.current.loads
    assert info.current.reasons == ("'memory' is a shared memory: current hosts look for a plain memory "
                                    "of that name, find none and fail every call (Fluvio: \"Missing memory\")",)
    assert "shared" in str(info.memory)
    with pytest.raises(ModuleLoadError, match=r"export 'memory' is a shared memory: Fluvio's engine .* "
                                              r"fails every call with \"Missing memory\""):
        load(wasm)


def test_a_non_function_export_named_like_an_entry_is_skipped_as_fluvio_probes() -> None:
    wasm = fluvio_rules_module(extra='(global (export "filter") i32 (i32.const 0)) '
                                     '(global (export "init") i32 (i32.const 0))', entry="map")
    info = inspect_module(wasm)
    assert (info.abi, info.kind, info.auxiliary) == ("smartmodule", "map", ())
    assert info.current.loads, info.current
    module = load(wasm)
    assert (module.kind, module.has_init) == (ssc.abi.Kind.MAP, False)
    assert module.map([b"x"]) == []


# -- ssc inspect --probe (issue 14) --------------------------------------------------


def test_probe_finds_a_module_that_cannot_decode_version_25_input(tmp_path: Path) -> None:
    """Like Fluvio's 2022 filter_init fixture: it loads on a current SPU, then every batch fails."""
    (tmp_path / "old.wasm").write_bytes(wat("sm_old_input"))
    info = inspect_module(tmp_path / "old.wasm", probe=True)
    assert info.current.loads                      # its shape is fine
    assert [(p.version, p.ok) for p in info.probes] == [(25, False), (22, True)]
    assert str(info.probes[0]) == ("v25 (SPUs since Fluvio v0.18): filter() returned DecodingBaseInput "
                                   "(-11): the module could not decode its input")
    done = ssc_cli("inspect", "--probe", "old.wasm", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "  probe:    v25 (SPUs since Fluvio v0.18): filter() returned DecodingBaseInput (-11)" in done.stdout
    assert "           v22 (smdk test, producer-side chains): ok, 1 record in, 0 out\n" in done.stdout
    done = ssc_cli("inspect", "--probe", "--json", "old.wasm", cwd=tmp_path)
    (probed,) = json.loads(done.stdout)
    assert [(p["version"], p["ok"]) for p in probed["probe"]] == [(25, False), (22, True)]
    assert "probe" not in json.loads(ssc_cli("inspect", "--json", "old.wasm", cwd=tmp_path).stdout)[0]


def test_probe_runs_init_with_the_params_given(workdir: Path) -> None:
    done = ssc_cli("inspect", "--probe", "filter_init.wasm", cwd=workdir)
    assert done.returncode == 0, done.stderr
    assert ("v25 (SPUs since Fluvio v0.18): init failed: ValueError: Missing param key "
            "(give init its params: ssc inspect --probe -e KEY=VALUE)") in done.stdout
    done = ssc_cli("inspect", "--probe", "-e", "key=1", "filter_init.wasm", cwd=workdir)
    assert "v25 (SPUs since Fluvio v0.18): ok, 1 record in, 1 out" in done.stdout
    assert "v22 (smdk test, producer-side chains): ok, 1 record in, 1 out" in done.stdout
    done = ssc_cli("inspect", "-e", "key=1", "filter_init.wasm", cwd=workdir)
    assert (done.returncode, done.stderr) == (1, "ssc: -e/--params are for init, which only --probe runs; "
                                                 "add --probe\n")


def test_probe_of_a_legacy_module_and_of_a_record_error(workdir: Path) -> None:
    info = inspect_module(workdir / "map_double.wasm", probe=True)
    assert [str(p) for p in info.probes] == ["v0 (Fluvio v0.9 SPUs): ok, 1 record in, 1 out"]
    odd = ssc.compile("from smartstream import smartstream, Record\n\n@smartstream.filter\n"
                      "def odd(record: Record) -> bool:\n    return int(record.value + b'x') % 2 == 1\n",
                      "odd.py", abi="smartmodule").wasm
    (first, _) = inspect_module(odd, probe=True).probes
    assert first.ok and first.outcome.startswith("ok, the input decoded; the record raised ValueError: ")
    assert inspect_module(wat("bad_no_entry"), probe=True).probes == ()
