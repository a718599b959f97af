"""The LALR tables of ``smartstream.lark``, shipped as JSON data: no grammar build, no pickle.

Building lark's LALR parser from the grammar takes about 1.5 s; lark's own
``cache=True`` saves that by unpickling a file at a predictable name in the
shared temp folder, which lets anyone who writes that file first run code
in ssc. Instead the tables ship with the package as plain JSON
(``smartstream.tables.json``, lark's ``memo_serialize`` output with
integer-keyed maps written as ``{"#": [[key, value], ...]}``), and
:func:`load_parser` reads them with ``json`` and lark's ``_load_from_dict``
(what lark's standalone generator does), so even the first parse needs no
cache. The LALR actions, most of the file, are kept apart in a compact form
(per state, its tokens' numbers and its actions' codes: a shift's target
state, or ``-1 - n`` for a reduction by the rule of memo entry ``n``), which
:func:`_states` turns into lark's action tables with C-speed ``zip``/``map``
(lark's own deserialisation of them, and decoding them as JSON objects,
took about 60 of the 90 ms that a process spent loading the parser)::

    parser = load_parser(PythonIndenter())
    parser.parse("x = 1\\n")

The file records the grammar's SHA-256 and the lark version that wrote it.
If either differs from the installed one (the grammar was edited, or
another lark is installed), the tables are built from the grammar once and
kept as the same JSON in ssc's private cache folder (``ssc.files``),
checked against the grammar hash and lark version on every read.

Regenerate the shipped file after editing the grammar or upgrading lark (a
test checks that it is current and parses like a fresh build)::

    python -m ssc.grammar.tables            # --check: only say whether it is current
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lark import PostLex
from lark.lexer import TerminalDef

__all__ = ["GRAMMAR_FILE", "TABLES_FILE", "BUILD_OPTIONS", "load_parser", "build_tables", "grammar_text"]

GRAMMAR_FILE = "smartstream.lark"
TABLES_FILE = "smartstream.tables.json"
#: The format of the JSON file (bumped when its layout changes).
FORMAT = 2
#: How the parser is built; compiler/parse.py relies on these. The basic lexer (one
#: scanner for every terminal) and not lark's default contextual one (a scanner per
#: parser state, each a regular expression compiled on first use): the grammar's
#: tokens need no context to be told apart (tests/compile_errors.test holds the
#: syntax errors to CPython's), and a first parse then takes a third of the time.
BUILD_OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "basic", "propagate_positions": True,
                                 "maybe_placeholders": True}


def grammar_text() -> str:
    return resources.files("ssc.grammar").joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")


def load_parser(postlex: PostLex) -> Lark:
    """The parser of ``smartstream.lark`` with ``postlex``: from the shipped tables when they
    match the grammar and the installed lark, else from (or built into) the cache."""
    grammar = grammar_text()
    tables = _current(_read_shipped(), grammar)
    if tables is None:
        tables = _cached_tables(grammar)
    parser: Lark = Lark._load_from_dict(tables["data"], tables["memo"], postlex=postlex)  # type: ignore[no-untyped-call]
    # lark's LALR frontend keeps its IntParseTable here; each parse reads .states from it
    parse_table = parser.parser.parser._parse_table  # type: ignore[attr-defined]
    parse_table.states = _states(tables["states"], tables["data"]["rules"], parser.rules)
    return parser


def build_tables(grammar: str) -> dict[str, Any]:
    """The JSON-ready tables of ``grammar``, with the grammar hash and lark version."""
    from lark.indenter import PythonIndenter

    parser = Lark(grammar, postlex=PythonIndenter(), **BUILD_OPTIONS)
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k != "postlex"}
    table = data["parser"]["parser"]
    states = _compact(table["tokens"], table["states"])
    table["states"] = {}    # filled by load_parser from the compact form
    return {"format": FORMAT, "lark": lark.__version__, "grammar_sha256": _sha256(grammar),
            "data": _encode(data), "memo": _encode(memo), "states": states}


def _compact(tokens: dict[int, str], states: dict[int, dict[int, tuple[int, Any]]]) -> dict[str, Any]:
    """lark's serialized LALR actions as ``{"tokens": [name, ...], "rows": [[[token, ...],
    [code, ...]], ...]}``, one row per state in order: a code is the target state of a
    shift, or ``-1 - n`` for a reduction by the rule at memo entry ``n``."""
    assert sorted(tokens) == list(range(len(tokens))) and sorted(states) == list(range(len(states)))
    rows = []
    for state in range(len(states)):
        actions = states[state]
        codes = [arg if action == 0 else -1 - arg["@"] for action, arg in actions.values()]
        rows.append([list(actions), codes])
    return {"tokens": [tokens[i] for i in range(len(tokens))], "rows": rows}


def _states(compact: dict[str, Any], rule_refs: list[dict[str, int]], rules: list[Rule]
            ) -> dict[int, dict[str, tuple[Any, Any]]]:
    """lark's action tables (``{state: {token name: (Shift, state) | (Reduce, rule)}}``)
    from :func:`_compact`'s form; ``rules`` are the parser's rules, in the order of
    ``rule_refs``, their memo references."""
    from lark.parsers.lalr_analysis import Reduce, Shift

    by_memo = {ref["@"]: rule for ref, rule in zip(rule_refs, rules)}
    names = compact["tokens"]
    codes = {code for _, row_codes in compact["rows"] for code in row_codes}
    action = {code: (Shift, code) if code >= 0 else (Reduce, by_memo[-1 - code]) for code in codes}
    return {state: dict(zip(map(names.__getitem__, tokens), map(action.__getitem__, row_codes)))
            for state, (tokens, row_codes) in enumerate(compact["rows"])}


def dumps(tables: dict[str, Any]) -> str:
    return json.dumps(tables, separators=(",", ":"), sort_keys=True) + "\n"


def _read_shipped() -> dict[str, Any] | None:
    try:
        text = resources.files("ssc.grammar").joinpath(TABLES_FILE).read_text(encoding="utf-8")
    except OSError:
        return None
    return _parse(text)


def _parse(text: str) -> dict[str, Any] | None:
    try:
        tables = json.loads(text, object_hook=_decode_int_keys)
    except ValueError:
        return None
    return tables if isinstance(tables, dict) else None


def _current(tables: dict[str, Any] | None, grammar: str) -> dict[str, Any] | None:
    """``tables`` if they are of this format, grammar and lark version, else None."""
    if tables is None:
        return None
    wanted = {"format": FORMAT, "lark": lark.__version__, "grammar_sha256": _sha256(grammar)}
    if any(tables.get(key) != value for key, value in wanted.items()):
        return None
    if not all(isinstance(tables.get(key), dict) for key in ("data", "memo", "states")):
        return None
    return tables


def _cached_tables(grammar: str) -> dict[str, Any]:
    """Tables for a grammar or lark that the shipped file does not match: cached JSON, checked."""
    from ssc.files import atomic_write, note_unwritable, private_cache_dir

    folder = private_cache_dir("parser")
    name = f"tables-{_sha256(grammar)[:16]}-lark{lark.__version__}.json"
    if folder is not None:
        try:
            tables = _current(_parse((folder / name).read_text(encoding="utf-8")), grammar)
        except (OSError, UnicodeDecodeError):
            tables = None
        if tables is not None:
            return tables
    text = dumps(build_tables(grammar))
    tables = _parse(text)
    assert tables is not None
    if folder is not None:
        try:
            atomic_write(folder / name, text, private=True)
        except OSError as err:
            note_unwritable(folder, err)
    return tables


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _encode(value: Any) -> Any:
    """lark's serialized data as JSON: tuples become lists, int-keyed dicts ``{"#": [[k, v], ...]}``."""
    if isinstance(value, dict):
        if value and all(isinstance(key, int) for key in value):
            return {"#": [[key, _encode(item)] for key, item in value.items()]}
        assert all(isinstance(key, str) for key in value), value
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    assert value is None or isinstance(value, (str, int, float, bool)), type(value)
    return value


def _decode_int_keys(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "#" in obj:
        return {key: item for key, item in obj["#"]}
    return obj


def main(argv: list[str] | None = None) -> int:
    """``python -m ssc.grammar.tables [--check]``: write the shipped tables (or say if they are current).

    LALR state numbers differ from one build to the next, so "current" means
    the file was made from this grammar by this lark version, in this format.
    """
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    path = Path(str(resources.files("ssc.grammar").joinpath(TABLES_FILE)))
    if check:
        current = path.is_file() and _current(_parse(path.read_text(encoding="utf-8")), grammar_text()) is not None
        print(f"{path}: {'current' if current else 'stale: run python -m ssc.grammar.tables'}")
        return 0 if current else 1
    from ssc.files import atomic_write

    text = dumps(build_tables(grammar_text()))
    atomic_write(path, text)
    print(f"wrote {path} ({len(text):,} bytes, lark {lark.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
