"""The compiler keeps the shape docs/architecture.md describes: no function over about 60
lines and no class over about 400 (a long one is split by what it decides), and the
checker's and the lowering's work is in modules of functions by concern."""

from __future__ import annotations

import ast
from pathlib import Path

COMPILER = Path(__file__).resolve().parent.parent / "compiler"
#: compiler/parse.py is the parser's (its own owner holds it to the same rule).
SKIPPED = {"parse.py"}


def _definitions() -> list[tuple[str, ast.AST]]:
    found = []
    for path in sorted(COMPILER.rglob("*.py")):
        if path.name in SKIPPED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found.append((f"{path.relative_to(COMPILER)}:{node.lineno} {node.name}", node))
    return found


def test_no_function_over_60_lines() -> None:
    long = [f"{where} ({node.end_lineno - node.lineno + 1} lines)" for where, node in _definitions()
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 60]
    assert long == []


def test_no_class_over_400_lines() -> None:
    long = [f"{where} ({node.end_lineno - node.lineno + 1} lines)" for where, node in _definitions()
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 400]
    assert long == []
