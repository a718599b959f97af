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
