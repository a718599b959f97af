"""The target Python version (compiler/pyversion.py): chosen at compile time, recorded, shown, refused clearly.

What each version's module does differently is held by the feature cases
(``[out.X.Y]`` in tests/features, ``test_compiled_for_another_python``);
here: the plumbing around it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from ssc.compiler import CompileError, CompileErrors, PythonVersion, check_source, compile, guestlib
from ssc.provenance import find_provenance

RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"
FILTER = (REPO / "examples" / "filter.py").read_text(encoding="utf-8")


def test_versions_parse_and_print() -> None:
    assert PythonVersion.parse("3.12") == PythonVersion(3, 12)
    assert str(PythonVersion(3, 10)) == "3.10" and PythonVersion(3, 13).number == 313
    assert PythonVersion(3, 10) < PythonVersion(3, 11) < PythonVersion(3, 12)
    assert PythonVersion.of(None) == PythonVersion.parse(RUNNING)
    for text in ("3.9", "3.14", "3", "three", "3.12.1"):
        with pytest.raises(ValueError, match="ssc compiles for 3.10, 3.11, 3.12, 3.13"):
            PythonVersion.parse(text)


def test_the_default_target_is_the_running_python_and_is_recorded() -> None:
    provenance = find_provenance(compile(FILTER, "filter.py").wasm)
    assert provenance is not None and provenance.python == RUNNING


def test_the_generated_header_says_the_target() -> None:
    assert "#define SSC_PYTHON 312\n" in guestlib.render_gen_header(python=PythonVersion(3, 12))
    assert f"#define SSC_PYTHON {PythonVersion.parse(RUNNING).number}\n" in guestlib.render_gen_header()


def test_another_target_without_its_interpreter_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    other = PythonVersion(3, 10) if RUNNING != "3.10" else PythonVersion(3, 13)
    monkeypatch.setattr(guestlib, "target_interpreters", lambda python: ["/nonexistent/python"])
    with pytest.raises(CompileError) as caught:
        guestlib.unicode_header(other)
    assert caught.value.render() == (
        f"<source>: error: compiling for Python {other} needs its Unicode {other.unicode_version} tables, and this "
        f"Python {RUNNING} has Unicode {PythonVersion.parse(RUNNING).unicode_version}: put python{other} on PATH "
        f"(or install it with pyenv), or run ssc with Python {other}")


def test_the_cli_compiles_for_a_version_and_inspect_shows_it(tmp_path: Path) -> None:
    out = tmp_path / "filter.wasm"
    done = subprocess.run([sys.executable, "-m", "ssc", "compile", str(REPO / "examples" / "filter.py"),
                           "--python", RUNNING, "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run([sys.executable, "-m", "ssc", "inspect", str(out)], capture_output=True, text=True)
    assert f"(smartmodule filter, for Python {RUNNING})" in shown.stdout


def test_the_cli_refuses_an_unsupported_version() -> None:
    done = subprocess.run([sys.executable, "-m", "ssc", "compile", str(REPO / "examples" / "filter.py"),
                           "--python", "3.9"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == ("ssc compile: error: argument --python: unsupported Python version "
                                            "'3.9': ssc compiles for 3.10, 3.11, 3.12, 3.13")


RE_HEAD = "import re\nfrom smartstream import smartstream, Record\n\n@smartstream.filter\ndef f(record: Record) -> bool:\n"


@pytest.mark.parametrize(("body", "message"), [
    ('    return re.search(r"a*+b", record.value.decode()) is not None\n', "re.error: multiple repeat at position 2"),
    ('    return re.search(r"x(?>a)c", record.value.decode()) is not None\n',
     "re.error: unknown extension ?> at position 2"),
    ('    return re.search(r"ab", record.value.decode(), re.I | re.NOFLAG) is not None\n',
     "module 're' has no attribute 'NOFLAG'"),
    ('    return re.NOFLAG == 0\n', "module 're' has no attribute 'NOFLAG'"),
], ids=["possessive", "atomic", "noflag-in-flags", "noflag"])
def test_a_module_for_310_refuses_what_is_new_in_311(body: str, message: str) -> None:
    """Python 3.10's re refuses possessive repeats and atomic groups (its own re.error, as
    3.10's sre_parse words it) and has no re.NOFLAG (an AttributeError): so does a module
    compiled for 3.10, whichever Python runs ssc; for 3.11 they compile."""
    with pytest.raises((CompileError, CompileErrors)) as caught:
        check_source(RE_HEAD + body, "f.py", python="3.10")
    assert caught.value.render().startswith("f.py:6:")
    assert f": error: {message}" in caught.value.render()
    if sys.version_info >= (3, 11):
        check_source(RE_HEAD + body, "f.py", python="3.11")
