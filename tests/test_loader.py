"""The import hook: ``import ssc.loader``, then ``import keep_a`` runs keep_a.wasm (or keep_a.py, compiled)."""

from __future__ import annotations

import functools
import importlib
import os
import pydoc
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import ssc.compiler
import ssc.loader as loader
from ssc.abi import Abi, Kind
from ssc.compiler import CompileError, CompileErrors
from ssc.runtime import Record, SmartModuleInitError

# Importing ssc.loader installed the hook; the tests install it themselves, so
# that other tests running in this worker never see it.
loader.uninstall()

HEADER = "from smartstream import Record, smartstream\n\n"


def keep(letter: str, doc: str = "") -> str:
    """A filter keeping the values that contain ``letter``."""
    docstring = f'"""{doc}"""\n\n' if doc else ""
    return docstring + HEADER + textwrap.dedent(f"""\
        @smartstream.filter
        def filter(record: Record) -> bool:
            return "{letter}" in record.value.decode()
        """)


FILTER_MAP = HEADER + textwrap.dedent("""\
    @smartstream.filter_map
    def filter_map(record: Record) -> tuple[bytes | None, bytes] | None:
        if record.value.startswith(b"#"):
            return None
        return (None, record.value.upper())
    """)

INIT = HEADER + textwrap.dedent("""\
    KEY = ""

    @smartstream.init
    def init(params: dict[str, str]) -> None:
        global KEY
        if "key" not in params:
            raise ValueError("Missing param key")
        KEY = params["key"]

    @smartstream.filter
    def filter(record: Record) -> bool:
        return KEY in record.value.decode()
    """)

LOOK_BACK = HEADER + textwrap.dedent("""\
    LAST = 0

    @smartstream.filter
    def filter(record: Record) -> bool:
        global LAST
        current = int(record.value)
        if current > LAST:
            LAST = current
            return True
        return False

    @smartstream.look_back
    def look_back(record: Record) -> None:
        global LAST
        LAST = int(record.value)
    """)


_compile = ssc.compiler.compile     # not the fixture's counting one


@functools.lru_cache(maxsize=None)
def wasm_of(source: str, abi: str = "smartstream") -> bytes:
    return _compile(source, "module.py", abi=abi).wasm


def values(records: list[Record]) -> list[bytes]:
    return [record.value for record in records]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A folder first on sys.path, the hook installed, and a compile counter; cleans up after."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    compiles: list[str] = []
    real_compile = ssc.compiler.compile

    def counting(source, filename="<source>", **options):
        compiles.append(filename)
        return real_compile(source, filename, **options)

    monkeypatch.setattr(ssc.compiler, "compile", counting)
    loader.install()
    yield Site(folder, compiles)
    loader.uninstall()
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]


class Site:
    def __init__(self, folder: Path, compiles: list[str]) -> None:
        self.folder = folder
        self.compiles = compiles

    def write(self, name: str, content: str | bytes, *, mtime: float | None = None) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        if mtime is not None:
            os.utime(path, (mtime, mtime))
        return path

    def cached(self) -> list[str]:
        folder = self.folder / loader.CACHE_DIRNAME
        return sorted(p.name for p in folder.glob("*.wasm")) if folder.exists() else []

    @staticmethod
    def fresh_import(name: str):
        sys.modules.pop(name, None)
        importlib.invalidate_caches()
        return importlib.import_module(name)


# -- finding and running ------------------------------------------------------


def test_import_ssc_loader_installs_the_hook(tmp_path: Path) -> None:
    """The documented use, in a fresh interpreter: `import ssc.loader; import keep_a`."""
    (tmp_path / "keep_a.wasm").write_bytes(wasm_of(keep("a")))
    script = ("import ssc.loader, keep_a\n"
              "from ssc import Record\n"
              "print([r.value for r in keep_a.filter([b'apple', Record(None, b'x'), 'banana'])])\n"
              "print(keep_a.kind.name, keep_a.abi.value, keep_a.__file__ == keep_a.__wasm__)\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[b'apple', b'banana']", "FILTER smartstream True"]


def test_finds_a_wasm_on_sys_path(site: Site) -> None:
    wasm = site.write("keep_a.wasm", wasm_of(keep("a")))
    keep_a = site.fresh_import("keep_a")
    assert values(keep_a.filter([b"apple", Record(None, b"x"), "banana"])) == [b"apple", b"banana"]
    assert values(keep_a.process([b"kiwi", b"papaya"])) == [b"papaya"]
    assert (keep_a.kind, keep_a.abi) == (Kind.FILTER, Abi.SMARTSTREAM)
    assert keep_a.__file__ == keep_a.__wasm__ == str(wasm)
    assert keep_a.module.path == str(wasm)
    assert not hasattr(keep_a, "map") and not hasattr(keep_a, "look_back")
    assert site.compiles == []
    with pytest.raises(TypeError, match="pass a list of records"):
        keep_a.filter(b"apple")


def test_compiles_a_source_without_wasm(site: Site) -> None:
    source = site.write("keep_a.py", keep("a", doc="Keep the a's."))
    keep_a = site.fresh_import("keep_a")
    assert values(keep_a.filter([b"apple", b"kiwi"])) == [b"apple"]
    assert site.compiles == [str(source)]
    (cached,) = site.cached()
    assert cached.startswith("keep_a.smartmodule.") and len(cached.split(".")) == 5   # today's ABI
    assert cached.split(".")[2] == f"py{sys.version_info.major}{sys.version_info.minor}"   # for this Python
    assert keep_a.__file__ == str(source)
    assert keep_a.__wasm__ == keep_a.__cached__ == str(site.folder / loader.CACHE_DIRNAME / cached)
    assert not (site.folder / "keep_a.wasm").exists()       # the user's files are never written
    assert (site.folder / loader.CACHE_DIRNAME / ".gitignore").exists()


def test_repr_and_help(site: Site) -> None:
    site.write("keep_a.py", keep("a", doc="Keep the a's."))
    keep_a = site.fresh_import("keep_a")
    size = f"{keep_a.module.size:,} bytes"
    text = repr(keep_a)
    assert text.startswith("<smartstream module 'keep_a': filter, abi smartmodule, ")
    assert size in text and keep_a.__file__ in text and keep_a.__wasm__ in text
    assert "filter, abi smartmodule" in keep_a.__doc__ and size in keep_a.__doc__
    assert "Keep the a's." in keep_a.__doc__                 # the source's own docstring
    rendered = pydoc.render_doc(keep_a, renderer=pydoc.plaintext)
    assert "A filter SmartModule in WebAssembly" in rendered and "filter(records" in rendered
    assert "SmartModule filter" in repr(keep_a.module)



def test_a_newer_source_wins_over_an_older_wasm(site: Site) -> None:
    site.write("keep_a.wasm", wasm_of(keep("b")), mtime=1_000_000)   # stale: keeps b's
    site.write("keep_a.py", keep("a"), mtime=2_000_000)
    keep_a = site.fresh_import("keep_a")
    assert values(keep_a.filter([b"apple", b"berry"])) == [b"apple"]
    assert keep_a.__wasm__.startswith(str(site.folder / loader.CACHE_DIRNAME))
    assert len(site.compiles) == 1


def test_a_newer_wasm_wins_over_an_older_source(site: Site) -> None:
    site.write("keep_a.py", keep("a"), mtime=1_000_000)
    wasm = site.write("keep_a.wasm", wasm_of(keep("b")), mtime=2_000_000)
    keep_a = site.fresh_import("keep_a")
    assert values(keep_a.filter([b"apple", b"berry"])) == [b"berry"]
    assert keep_a.__wasm__ == str(wasm) and keep_a.__file__ == str(wasm)
    assert site.compiles == [] and site.cached() == []


def test_the_cache_is_reused(site: Site) -> None:
    site.write("keep_a.py", keep("a"))
    site.fresh_import("keep_a")
    (cached,) = site.cached()
    path = site.folder / loader.CACHE_DIRNAME / cached
    os.utime(path, (1_000_000, 1_000_000))
    keep_a = site.fresh_import("keep_a")
    assert values(keep_a.filter([b"apple", b"kiwi"])) == [b"apple"]
    assert len(site.compiles) == 1                            # the second import did not compile
    assert site.cached() == [cached] and path.stat().st_mtime == 1_000_000
    assert loader.compile_cached(site.folder / "keep_a.py") == path
    assert len(site.compiles) == 1


def test_a_changed_source_invalidates_the_cache(site: Site) -> None:
    source = site.write("keep_a.py", keep("a"))
    keep_a = site.fresh_import("keep_a")
    (old,) = site.cached()
    source.write_text(keep("b"))
    reloaded = importlib.reload(keep_a)
    assert reloaded is keep_a
    assert values(keep_a.filter([b"apple", b"berry"])) == [b"berry"]
    (new,) = site.cached()                                    # the stale module was removed
    assert new != old and new.startswith("keep_a.smartmodule.")
    assert len(site.compiles) == 2
    source.write_text(keep("a"))                              # back to the first version: a new compile
    assert values(site.fresh_import("keep_a").filter([b"apple", b"berry"])) == [b"apple"]
    assert site.cached() == [old] and len(site.compiles) == 3


def test_unwritable_cache_folder_falls_back_to_the_cache_dir(site: Site, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_global_cache_dir", lambda: tmp_path / "global")
    site.write(loader.CACHE_DIRNAME, "not a folder")
    site.write("keep_a.py", keep("a"))
    keep_a = site.fresh_import("keep_a")
    assert values(keep_a.filter([b"apple", b"kiwi"])) == [b"apple"]
    assert Path(keep_a.__wasm__).parent == tmp_path / "global"
    site.fresh_import("keep_a")
    assert len(site.compiles) == 1


# -- ABIs and SmartModules ----------------------------------------------------


def test_a_smartmodule_only_decorator_compiles_as_a_smartmodule(site: Site) -> None:
    site.write("shout.py", FILTER_MAP)
    shout = site.fresh_import("shout")
    assert (shout.kind, shout.abi) == (Kind.FILTER_MAP, Abi.SMARTMODULE)
    assert values(shout.filter_map([b"hi", b"#skip", b"yo"])) == [b"HI", b"YO"]
    assert site.cached()[0].startswith("shout.smartmodule.")
    assert "abi smartmodule" in repr(shout)


def test_an_explicit_abi(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(loader.ABI, "keep_a", "smartstream")          # the legacy ABI, when asked
    site.write("keep_a.py", keep("a"))
    keep_a = site.fresh_import("keep_a")
    assert (keep_a.kind, keep_a.abi) == (Kind.FILTER, Abi.SMARTSTREAM)
    assert values(keep_a.filter([b"apple", b"kiwi"])) == [b"apple"]
    assert repr(keep_a).startswith("<smartstream module 'keep_a': filter, abi smartstream (legacy), ")
    assert "SmartStreamModule filter" in repr(keep_a.module)
    assert site.cached()[0].startswith("keep_a.smartstream.")


def test_init_params(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.write("has_key.py", INIT)
    with pytest.raises(SmartModuleInitError, match="Missing param key") as info:
        site.fresh_import("has_key")
    assert "has_key" not in sys.modules
    if sys.version_info >= (3, 11):
        assert "ssc.loader.PARAMS['has_key']" in "\n".join(info.value.__notes__)
    monkeypatch.setitem(loader.PARAMS, "has_key", {"key": "a"})
    has_key = site.fresh_import("has_key")
    assert values(has_key.filter([b"apple", b"kiwi"])) == [b"apple"]
    module = has_key.configure(params={"key": "k"})
    assert has_key.module is module and module.params == {"key": "k"}
    assert values(has_key.filter([b"apple", b"kiwi"])) == [b"kiwi"]
    assert len(site.compiles) == 1


def test_look_back_is_exposed(site: Site) -> None:
    site.write("rising.py", LOOK_BACK)
    rising = site.fresh_import("rising")
    assert rising.abi is Abi.SMARTMODULE
    rising.look_back([b"5"])
    assert values(rising.filter([b"3", b"7", b"6", b"9"])) == [b"7", b"9"]
    rising.configure()                                        # a fresh instance: LAST is 0 again
    assert values(rising.filter([b"3"])) == [b"3"]


def test_submodule_of_a_package(site: Site) -> None:
    site.write("pkg/__init__.py", "")
    site.write("pkg/keep_a.wasm", wasm_of(keep("a")))
    sys.modules.pop("pkg", None)
    keep_a = site.fresh_import("pkg.keep_a")
    assert keep_a.__name__ == "pkg.keep_a" and keep_a.filter.__module__ == "pkg.keep_a"
    assert values(keep_a.filter([b"apple", b"kiwi"])) == [b"apple"]


# -- leaving everything else alone --------------------------------------------


def test_ordinary_modules_import_as_before(site: Site) -> None:
    site.write("plain.py", "VALUE = 42\n")
    assert site.fresh_import("plain").VALUE == 42
    # a plain .py beside a SmartStream .wasm of the same name: the .py, as Python would
    site.write("plain2.py", "VALUE = 'python'\n")
    site.write("plain2.wasm", wasm_of(keep("a")))
    assert site.fresh_import("plain2").VALUE == "python"
    # a file that uses smartstream but defines no transform is plain Python
    site.write("runner.py", "from smartstream import load_python\nVALUE = load_python.__name__\n")
    assert site.fresh_import("runner").VALUE == "load_python"
    # a docstring that shows a SmartStream does not make one
    site.write("docs.py", '"""Example:\n\n    from smartstream import smartstream\n\n'
                          '    @smartstream.filter\n    def f(r): ...\n"""\nVALUE = 1\n')
    assert site.fresh_import("docs").VALUE == 1
    # an ordinary file with a syntax error: Python's SyntaxError, not ssc's
    site.write("broken.py", "def f(:\n")
    with pytest.raises(SyntaxError):
        site.fresh_import("broken")
    assert site.compiles == []


def test_other_wasm_modules_are_not_claimed(site: Site) -> None:
    import wasmtime

    site.write("adder.wasm", bytes(wasmtime.wat2wasm(
        '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))')))
    with pytest.raises(ModuleNotFoundError):
        site.fresh_import("adder")


def test_python_path_order_is_kept(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = tmp_path / "earlier"
    (earlier / "keep_a").mkdir(parents=True)
    (earlier / "keep_a" / "__init__.py").write_text("KIND = 'package'\n")
    site.write("keep_a.wasm", wasm_of(keep("a")))
    monkeypatch.syspath_prepend(str(earlier))                 # a package earlier on sys.path wins
    assert site.fresh_import("keep_a").KIND == "package"
    sys.path.remove(str(earlier))
    sys.path.append(str(earlier))                             # later: the wasm wins
    assert site.fresh_import("keep_a").kind is Kind.FILTER


def test_without_the_hook_a_source_is_plain_python(site: Site) -> None:
    from smartstream import load_python

    source = site.write("keep_a.py", keep("a"))
    assert values(load_python(source).filter([b"apple", b"kiwi"])) == [b"apple"]   # CPython, hook on
    loader.uninstall()
    keep_a = site.fresh_import("keep_a")
    assert keep_a.filter(Record(None, b"apple")) is True       # the Python function itself
    assert site.compiles == []
    loader.install()
    assert site.fresh_import("keep_a").kind is Kind.FILTER
    assert loader.install() is loader.install()                # idempotent: one finder
    assert sum(isinstance(f, loader.SmartStreamFinder) for f in sys.meta_path) == 1


# -- errors --------------------------------------------------------------------


def test_a_source_that_does_not_compile(site: Site) -> None:
    site.write("keep_bad.py", HEADER + "@smartstream.filter\ndef filter(record: Record) -> bool:\n    return 1\n")
    with pytest.raises((CompileError, CompileErrors)) as info:
        site.fresh_import("keep_bad")
    text = str(info.value)
    assert "keep_bad.py:5:12: error: expected bool, got int" in text and "^" in text
    if sys.version_info >= (3, 11):
        assert "smartstream.load_python" in "\n".join(info.value.__notes__)
    assert "keep_bad" not in sys.modules and site.cached() == []


def test_a_source_that_python_cannot_parse(site: Site) -> None:
    site.write("keep_bad.py", HEADER + "@smartstream.filter\ndef filter(record: Record) -> bool\n    return True\n")
    with pytest.raises((CompileError, CompileErrors), match=r"keep_bad\.py:4:\d+: error"):
        site.fresh_import("keep_bad")


def test_a_broken_wasm_is_a_clear_error(site: Site) -> None:
    from ssc.runtime import ModuleLoadError

    site.write("keep_a.wasm", b"(module)")
    with pytest.raises(ModuleLoadError, match="looks like WAT text"):
        site.fresh_import("keep_a")
