"""The natural-program corpus (issues 16 and 17), held to its golden outputs and its manifests.

For every program of ``tests/idioms/{language,stdlib}/``:

- ``test_golden_is_cpythons``: CPython, through the ``smartstream`` module,
  gives exactly ``NAME.out.jsonl`` (``pytest --update-golden`` rewrites it);
- ``test_compiled``: ssc compiles it (default ABI) and its
  output equals the golden one, record by record; or it is refused and
  listed in ``refused.txt``; or it compiles and gives another output (or
  crashes) and is listed in ``wrong.txt`` with a diagnosis (``python -m
  tests.idioms`` lists them). A program that is not where its manifest
  says fails, with what to change.

``python -m tests.idioms`` prints the figures (see ``__main__.py``).
"""

from __future__ import annotations

import sys

import pytest

from .corpus import (CORPORA, LANGUAGE_IMPORTS, REFUSED, SINCE_PYTHON, WRONG, Program, check_cpython,
                     imported_modules, judge, misplaced, programs, read_manifest, write_golden)

PROGRAMS = programs()
REFUSED_LIST = read_manifest(REFUSED)
WRONG_LIST = read_manifest(WRONG)

#: The least each corpus must hold (issue 16: at least 60; the corpus brief: 70 and 45).
MINIMUM_SIZE = {"language": 70, "stdlib": 45}


def _updating(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-golden", default=False) or config.getoption("ssc_update", default=False))


def _skip_older_python(program: Program) -> None:
    """The golden outputs are CPython 3.11's: a program whose output differs in an older
    Python (SINCE_PYTHON) is not compared there, neither CPython's run nor the module compiled
    for that Python (which follows it)."""
    version, why = SINCE_PYTHON.get(program.name, ((3, 0), ""))
    if sys.version_info < version:
        pytest.skip(f"CPython {sys.version_info.major}.{sys.version_info.minor} gives another output: {why}")


@pytest.mark.parametrize("program", PROGRAMS, ids=str)
def test_golden_is_cpythons(program: Program, pytestconfig: pytest.Config) -> None:
    _skip_older_python(program)
    if _updating(pytestconfig):
        write_golden(program)
    failure = check_cpython(program)
    if failure is not None:
        pytest.fail(failure, pytrace=False)


@pytest.mark.parametrize("program", PROGRAMS, ids=str)
def test_compiled(program: Program) -> None:
    _skip_older_python(program)
    verdict = judge(program)
    problem = misplaced(verdict, REFUSED_LIST, WRONG_LIST)
    if problem is not None:
        pytest.fail(problem, pytrace=False)


def test_the_manifests_name_only_programs_of_the_corpus() -> None:
    names = {program.name for program in PROGRAMS}
    assert sorted(set(REFUSED_LIST) - names) == []
    assert sorted(set(WRONG_LIST) - names) == []
    assert sorted(set(REFUSED_LIST) & set(WRONG_LIST)) == []
    assert [name for name, text in WRONG_LIST.items() if text.startswith("(undiagnosed)")] == []


@pytest.mark.parametrize("corpus", CORPORA)
def test_each_corpus_is_big_enough_and_complete(corpus: str) -> None:
    chosen = [program for program in PROGRAMS if program.corpus == corpus]
    assert len(chosen) >= MINIMUM_SIZE[corpus]
    assert [p.name for p in chosen if not (p.input_path.is_file() and p.expect_path.is_file())] == []


def test_the_language_corpus_imports_only_smartstream_json_and_typing() -> None:
    assert {p.name: sorted(imported_modules(p.source()) - LANGUAGE_IMPORTS)
            for p in PROGRAMS if p.corpus == "language" and imported_modules(p.source()) - LANGUAGE_IMPORTS} == {}


def test_the_stdlib_corpus_reaches_for_the_stdlib() -> None:
    assert [p.name for p in PROGRAMS
            if p.corpus == "stdlib" and not imported_modules(p.source()) - LANGUAGE_IMPORTS - {"typing"}] == \
        ["stdlib/json_from_import", "stdlib/typing_aliases"]
