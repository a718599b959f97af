"""Files and caches under attack and accident (issue 13, items 1, 6, 7 and 8).

1. No code runs from lark's parser cache: the parser tables ship as JSON,
   a pickle planted at lark's old predictable path is never read, and ssc's
   own cache folder is owner-only.
6. Caches repair themselves: a damaged guest-runtime object or
   ``__sscache__`` entry is rebuilt, another module in its place is not
   loaded, and an unusable cache folder gives a clean uncached fallback.
7. Every file ssc writes is replaced at once: a failed write (a full disk)
   leaves the old file and no partial one, and a reader never sees half.
8. CPython's source rules: NUL bytes, TabError and NFKC identifiers.
"""

from __future__ import annotations

import builtins
import errno
import os
import pickle
import resource
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from conftest import REPO

import ssc.files as files
import ssc.loader as loader
from ssc.compiler import CompileError, compile, guestlib
from ssc.compiler.parse import parse
from ssc.grammar import tables

loader.uninstall()

FILTER = (REPO / "examples" / "filter.py").read_text()


def run_python(code: str, env: dict[str, str] | None = None, **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=REPO, **options)


# ---- 1. the parser cache ----------------------------------------------------------


class _Planted:
    """A pickle that, when loaded, creates the file ``marker``: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_pickle_planted_at_larks_cache_path_is_never_read(tmp_path: Path) -> None:
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    # lark's cache=True (what ssc used to pass) names its file after the grammar, the
    # options, lark's and Python's versions, in $TMPDIR: make lark write it there ...
    made = run_python("""
        from lark import Lark
        from lark.indenter import PythonIndenter
        from ssc.grammar.tables import grammar_text
        Lark(grammar_text(), parser="lalr", postlex=PythonIndenter(), propagate_positions=True,
             maybe_placeholders=True, cache=True)
        """, {"TMPDIR": str(shared_tmp)})
    assert made.returncode == 0, made.stderr
    (planted,) = shared_tmp.glob(".lark_*")
    # ... then replace it with what an attacker would put there
    marker = tmp_path / "code-ran"
    header = planted.read_bytes().split(b"\n", 1)[0]
    planted.write_bytes(header + b"\n" + pickle.dumps(_Planted(marker)) + pickle.dumps(_Planted(marker)))
    before = sorted(p.name for p in shared_tmp.iterdir())

    source = tmp_path / "keep_a.py"
    source.write_text(FILTER)
    env = {"TMPDIR": str(shared_tmp), "PYTHONPATH": str(REPO / "tests")}
    for args in (["check", str(source)], ["compile", str(source)]):
        done = subprocess.run([sys.executable, "-m", "ssc", *args], capture_output=True, text=True,
                              env={**os.environ, **env})
        assert done.returncode == 0, done.stderr
    hook = run_python(f"""
        import sys, ssc.loader
        sys.path.insert(0, {str(tmp_path)!r})
        import keep_a
        assert [r.value for r in keep_a.filter([b"apple", b"kiwi"])] == [b"apple"]
        """, env)
    assert hook.returncode == 0, hook.stderr
    assert not marker.exists(), "ssc unpickled the planted file"
    assert sorted(p.name for p in shared_tmp.iterdir()) == before   # and wrote nothing there


def test_parsing_unpickles_nothing() -> None:
    done = run_python("""
        import pickle
        def refuse(*args, **kwargs):
            raise AssertionError("ssc unpickled something")
        pickle.load = pickle.loads = refuse
        from ssc.compiler import check_source
        print(check_source(open("examples/filter_init.py").read(), "filter_init.py", abi="smartmodule").kind)
        """)
    assert done.returncode == 0, done.stderr


def test_the_shipped_tables_are_current_and_parse_like_a_fresh_build() -> None:
    shipped = tables._read_shipped()
    assert tables._current(shipped, tables.grammar_text()) is not None, (
        "grammar/smartstream.tables.json is stale: run python -m ssc.grammar.tables")
    assert shipped is not None
    from lark import Lark
    from lark.indenter import PythonIndenter

    fresh = Lark(tables.grammar_text(), postlex=PythonIndenter(), **tables.BUILD_OPTIONS)
    loaded = tables.load_parser(PythonIndenter())
    corpus = [*REPO.glob("examples/*.py"), *REPO.glob("tests/programs/*.py"), *REPO.glob("bench/programs/*.py")]
    assert len(corpus) > 20
    for path in corpus:
        text = path.read_text(encoding="utf-8")
        assert loaded.parse(text) == fresh.parse(text), path


def test_tables_for_another_lark_are_built_once_into_the_private_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lark.indenter import PythonIndenter

    monkeypatch.setenv("SSC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tables.lark, "__version__", "0.0-other")     # the shipped file is not for it
    builds: list[str] = []
    real_build = tables.build_tables

    def counting(grammar: str):
        builds.append(grammar)
        return real_build(grammar)

    monkeypatch.setattr(tables, "build_tables", counting)
    assert tables.load_parser(PythonIndenter()).parse("x = 1\n") is not None
    (cached,) = (tmp_path / "cache" / "parser").iterdir()
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    tables.load_parser(PythonIndenter())
    assert len(builds) == 1                                          # the second load read the cache
    cached.write_text(cached.read_text()[:1000])                     # truncated: rebuilt
    assert tables.load_parser(PythonIndenter()).parse("y = 2\n") is not None
    assert len(builds) == 2


def test_the_cache_folder_is_owner_only_and_others_folders_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SSC_CACHE_DIR", str(tmp_path / "new" / "ssc"))
    folder = files.private_cache_dir("modules")
    assert folder == tmp_path / "new" / "ssc" / "modules"
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700 == stat.S_IMODE(folder.stat().st_mode)

    readable = tmp_path / "readable"
    readable.mkdir(mode=0o755)
    readable.chmod(0o755)
    assert files.private_dir(readable) == readable                   # ours: narrowed to 0700
    assert stat.S_IMODE(readable.stat().st_mode) == 0o700

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert files.private_dir(shared) is None
    assert f"not using the cache folder {shared}: other users can write to it" in capsys.readouterr().err
    if os.geteuid() == 0:                                            # root can hand a folder to another user
        theirs = tmp_path / "theirs"
        theirs.mkdir(mode=0o700)
        os.chown(theirs, 65534, 65534)
        assert files.private_dir(theirs) is None
        assert "it belongs to another user" in capsys.readouterr().err


# ---- 6. caches repair themselves --------------------------------------------------


@pytest.fixture
def guest_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An empty cache folder for the guest object, whose "build" returns the real object
    (no 10-second zig build) and counts itself."""
    real = guestlib.guest_object()                                   # built (or cached) already
    real_bytes = real.read_bytes()
    builds: list[int] = []

    def build(sources, generated) -> bytes:
        builds.append(1)
        return real_bytes

    monkeypatch.setenv("SSC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(guestlib, "_build", build)
    monkeypatch.setattr(guestlib.unicode_tables, "render_unicode_header", lambda: "")   # 2 s, unused
    guestlib.guest_object.cache_clear()
    yield tmp_path / "cache", builds
    guestlib.guest_object.cache_clear()


def test_a_damaged_guest_object_is_rebuilt(guest_cache, capsys: pytest.CaptureFixture[str]) -> None:
    folder, builds = guest_cache
    first = guestlib.guest_object()
    assert first.parent == folder and len(builds) == 1
    assert capsys.readouterr().err.startswith("ssc: building the guest runtime")  # one line, said once
    good = first.read_bytes()
    for damage in (good[: len(good) // 2], b"garbage", good[:-1] + b"\x00"):
        first.write_bytes(damage)
        guestlib.guest_object.cache_clear()
        again = guestlib.guest_object()
        assert again.read_bytes() == good
        assert compile(FILTER, "filter.py").wasm[:4] == b"\0asm"     # and a compile links it
    assert len(builds) == 4
    guestlib.guest_object.cache_clear()
    guestlib.guest_object()
    assert len(builds) == 4                                          # a good object is reused


def test_an_unwritable_cache_folder_builds_into_a_private_temporary_folder(
        guest_cache, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder, builds = guest_cache
    real_write = files.atomic_write

    def read_only(path, data, **options):
        if Path(path).parent == folder:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_write(path, data, **options)

    monkeypatch.setattr(files, "atomic_write", read_only)
    obj = guestlib.guest_object()
    assert obj.parent != folder and stat.S_IMODE(obj.parent.stat().st_mode) == 0o700
    assert f"not using the cache folder {folder}: cannot write to it (Read-only file system)" in capsys.readouterr().err
    assert compile(FILTER, "filter.py").wasm[:4] == b"\0asm"


@pytest.mark.parametrize("where", ["a file", "a folder of another's"])
def test_ssc_cache_dir_that_cannot_be_used_is_a_note_and_an_uncached_compile(
        where: str, guest_cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from ssc.cli import main

    _, builds = guest_cache
    unusable = tmp_path / "unusable"
    if where == "a file":
        unusable.write_text("not a folder")
    else:
        unusable.mkdir()
        unusable.chmod(0o777)
    monkeypatch.setenv("SSC_CACHE_DIR", str(unusable))
    source = tmp_path / "keep_a.py"
    source.write_text(FILTER)
    assert main(["compile", str(source)]) == 0
    err = capsys.readouterr().err
    assert f"ssc: note: not using the cache folder {unusable}:" in err and "internal error" not in err
    assert (tmp_path / "keep_a.wasm").read_bytes()[:4] == b"\0asm" and len(builds) == 1


class TestImportCache:
    """``__sscache__`` entries: checked, and repaired, before use."""

    @pytest.fixture
    def site(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        guestlib.guest_object()                   # found in the real cache before SSC_CACHE_DIR moves
        folder = tmp_path / "site"
        folder.mkdir()
        monkeypatch.syspath_prepend(str(folder))
        monkeypatch.setenv("SSC_CACHE_DIR", str(tmp_path / "cache"))
        (folder / "keep_a.py").write_text(FILTER)
        loader.install()
        yield folder
        loader.uninstall()
        sys.modules.pop("keep_a", None)

    @staticmethod
    def fresh_import():
        import importlib

        sys.modules.pop("keep_a", None)
        importlib.invalidate_caches()
        return importlib.import_module("keep_a")

    @staticmethod
    def entry(site: Path) -> Path:
        (path,) = (site / loader.CACHE_DIRNAME).glob("keep_a.*.wasm")
        return path

    def check(self, site: Path) -> None:
        keep_a = self.fresh_import()
        assert [r.value for r in keep_a.filter([b"apple", b"kiwi"])] == [b"apple"]

    @pytest.mark.parametrize("damage", ["truncated", "garbage", "another module", "another abi", "bad code"])
    def test_a_bad_entry_is_replaced(self, site: Path, damage: str) -> None:
        self.check(site)
        entry = self.entry(site)
        good = entry.read_bytes()
        other = compile(FILTER.replace('"a" in', '"i" in'), "other.py")   # a valid module of another source
        bad = {"truncated": good[:-40], "garbage": b"\0asm\x01\0\0\0garbage",
               "another module": other.wasm,
               "another abi": compile(FILTER, "filter.py", abi="smartstream" if "smartmodule" in entry.name
                                      else "smartmodule").wasm,
               "bad code": _spoil_code(good)}[damage]
        entry.write_bytes(bad)
        self.check(site)                                             # kiwi is not kept: not the other module
        assert self.entry(site).read_bytes() == good

    def test_a_damaged_entry_that_passes_the_checks_is_compiled_again(self, site: Path) -> None:
        self.check(site)
        entry = self.entry(site)
        good = entry.read_bytes()
        entry.write_bytes(_spoil_code(good))
        assert loader._stamp_matches(entry.read_bytes(), loader._classify(site / "keep_a.py",
                                                                          (site / "keep_a.py").read_bytes()))
        self.check(site)                                             # wasmtime refused it: recompiled
        assert self.entry(site).read_bytes() == good

    def test_an_unwritable_sscache_falls_back_to_the_cache_folder_then_to_none(
            self, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        (site / loader.CACHE_DIRNAME).write_text("not a folder")     # __sscache__ cannot be made
        self.check(site)
        assert Path(sys.modules["keep_a"].__wasm__).parent == tmp_path / "cache" / "modules"
        monkeypatch.setenv("SSC_CACHE_DIR", str(site / loader.CACHE_DIRNAME))   # a file: unusable
        sys.modules.pop("keep_a")
        (tmp_path / "cache" / "modules").rename(tmp_path / "elsewhere")
        self.check(site)                                             # compiled and run, uncached
        assert sys.modules["keep_a"].__wasm__ is None


def _spoil_code(wasm: bytes) -> bytes:
    """``wasm`` with its code section's bytes replaced by 0xFF: the same layout, invalid code."""
    pos = 8
    while pos < len(wasm):
        section, (size, start) = wasm[pos], loader._uleb(wasm, pos + 1)
        if section == 10:
            return wasm[:start] + b"\xff" * size + wasm[start + size:]
        pos = start + size
    raise AssertionError("no code section")


# ---- 7. atomic writes -----------------------------------------------------------------


def _file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)               # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_compile_o_on_a_full_disk_keeps_the_old_module(tmp_path: Path) -> None:
    source = tmp_path / "keep_a.py"
    source.write_text(FILTER)
    module = compile(FILTER, str(source)).wasm
    out = tmp_path / "out" / "keep_a.wasm"
    out.parent.mkdir()
    out.write_bytes(b"the old module")
    # the kernel refuses any file past the limit: wasm-ld's output (the module without its
    # ssc section) still fits, ssc's own write of the whole module does not
    done = subprocess.run([sys.executable, "-m", "ssc", "compile", str(source), "-o", str(out)],
                          capture_output=True, text=True, preexec_fn=_file_size_limit(len(module) - 1))
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"ssc: cannot write {out}: File too large\n"
    assert out.read_bytes() == b"the old module"
    assert [p.name for p in out.parent.iterdir()] == ["keep_a.wasm"]     # no partial file left


def test_atomic_write_failing_midway_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "golden.out.jsonl"
    target.write_text("old\n")
    done = run_python(f"""
        from ssc.files import atomic_write
        try:
            atomic_write({str(target)!r}, b"new" * 100_000)
        except OSError as err:
            print(err.strerror)
        """, preexec_fn=_file_size_limit(4096))
    assert done.stdout == "File too large\n", done.stderr
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["golden.out.jsonl"]


def test_update_with_a_failing_write_keeps_the_expected_output(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ssc.testing import check

    source = tmp_path / "keep_a.py"
    source.write_text(FILTER)
    (tmp_path / "keep_a.in.txt").write_text("apple\nkiwi\n")
    golden = tmp_path / "keep_a.out.txt"
    golden.write_text("old\n")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(Exception, match="cannot write .*No space left on device"):
        check(source, tmp_path / "keep_a.in.txt", golden, update=True)
    assert golden.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep_a.in.txt", "keep_a.out.txt", "keep_a.py"]


def test_a_reader_never_sees_half_a_file(tmp_path: Path) -> None:
    target = tmp_path / "module.wasm"
    versions = [b"a" * 300_000, b"b" * 200_000]
    files.atomic_write(target, versions[0])
    seen: set[bytes] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            data = target.read_bytes()
            seen.add(data[:1] + str(len(data)).encode())
            assert data in versions

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(200):
            files.atomic_write(target, versions[i % 2])
    finally:
        stop.set()
        reader.join()
    assert seen <= {b"a300000", b"b200000"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["module.wasm"]


def test_atomic_write_keeps_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert stat.S_IMODE(files.atomic_write(tmp_path / "a.wasm", b"x").stat().st_mode) == 0o644
        assert stat.S_IMODE(files.atomic_write(tmp_path / "b", b"x", private=True).stat().st_mode) == 0o600
    finally:
        os.umask(old)


# ---- 8. CPython's source rules ------------------------------------------------------------

HEAD = "from smartstream import smartstream, Record\n\n@smartstream.filter\ndef keep(record: Record) -> bool:\n"

INDENTATIONS = {
    "spaces then a tab at the same width": "        x = 1\n\treturn x == 1\n",
    "a tab then spaces at the same width": "\tx = 1\n        return x == 1\n",
    "a tab then a tab": "\tx = 1\n\treturn x == 1\n",
    "spaces and a tab, then deeper": "    if record.value:\n\treturn True\n    return False\n",
    "tab then space then deeper with a tab": "\tif record.value:\n\t return True\n\treturn False\n",
    "a dedent to an ambiguous level": "\tif record.value:\n\t\treturn True\n        return False\n",
    "mixed but consistent": " \tif record.value:\n \t\treturn True\n \treturn False\n",
}


@pytest.mark.parametrize("body", INDENTATIONS.values(), ids=INDENTATIONS.keys())
def test_tab_error_exactly_where_cpython_raises_it(body: str) -> None:
    source = HEAD + body
    try:
        builtins.compile(source, "case.py", "exec")
        expected = None
    except TabError as err:
        expected = err.lineno
    try:
        parse(source, "case.py")
        actual = None
    except CompileError as err:
        assert "inconsistent use of tabs and spaces in indentation" in err.message, err.message
        assert err.span is not None
        actual = err.span.line
    assert actual == expected


def test_a_nul_byte_is_refused_where_it_is() -> None:
    source = HEAD + '    return b"a\0" in record.value\n'
    with pytest.raises(SyntaxError if sys.version_info >= (3, 12) else (SyntaxError, ValueError)):
        builtins.compile(source, "case.py", "exec")
    with pytest.raises(CompileError) as info:
        compile(source, "case.py")
    err = info.value
    assert err.message.startswith("source code cannot contain null bytes")
    assert (err.span.line, err.span.col) == (5, 15)
    assert err.render().startswith("case.py:5:15: error: source code cannot contain null bytes")


def test_identifiers_are_nfkc_normalised_as_in_cpython(tmp_path: Path) -> None:
    from smartstream import load_python
    from ssc.runtime import load

    source = HEAD.replace("def keep", "def ｋｅｅｐ") + (
        "    ｓｃｏｒｅ = len(record.value)\n"
        "    score = score + 1\n"                                   # the same name as ｓｃｏｒｅ
        "    return ｓcore > 5\n")
    path = tmp_path / "nfkc.py"
    path.write_text(source, encoding="utf-8")
    records = [b"apple", b"kiwi", b"banana"]
    expected = [r.value for r in load_python(path).filter(records)]
    assert expected == [b"apple", b"banana"]
    assert [r.value for r in load(compile(source, str(path)).wasm).filter(records)] == expected
