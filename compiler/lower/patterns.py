"""``match`` statements: the subject into its hidden local, then each case's steps (the
checker made them: ``typed.PatternTest``, ``PatternStore``, ``PatternChoice``)::

        store $s <- subject
    case.0:  <steps, to case.1 on a failed test>  [guard, to case.1 if false]  body  -> match.end
    case.1:  ...
    match.end:
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from ..typed import PatternChoice, PatternStep, PatternStore, PatternTest
from . import stmts

if TYPE_CHECKING:
    from .function import FunctionLowering


def lower_match(fl: FunctionLowering, stmt: n.Match) -> None:
    subject = fl.typed.subjects[stmt]
    stmts.store_target(fl, subject, fl.value(stmt.subject), fl.operand_type(stmt.subject))
    end = fl.function.append_basic_block("match.end")
    for case in stmt.cases:
        if case not in fl.typed.patterns:
            break   # after a case that matches whatever the subject is: never reached
        following = fl.function.append_basic_block("case.next")
        run_steps(fl, fl.typed.patterns[case], following)
        if case.guard is not None:
            body = fl.function.append_basic_block("case.body")
            fl.builder.cbranch(fl.value(case.guard), body, following)
            fl.builder.position_at_end(body)
        fl.block(case.body)
        if not fl.builder.block.is_terminated:
            fl.builder.branch(end)
        fl.builder.position_at_end(following)
    fl.builder.branch(end)
    fl.builder.position_at_end(end)


def run_steps(fl: FunctionLowering, steps: tuple[PatternStep, ...], fail: ir.Block) -> None:
    """Emit ``steps`` in order from the current block, branching to ``fail`` when a test fails;
    control goes on in the block where they all succeeded."""
    for step in steps:
        match step:
            case PatternTest(test=test):
                ok = fl.function.append_basic_block("pattern.ok")
                fl.builder.cbranch(fl.value(test), ok, fail)
                fl.builder.position_at_end(ok)
            case PatternStore(target=target, value=value):
                stmts.store_target(fl, target, fl.value(value), fl.operand_type(value))
            case PatternChoice(alternatives=alternatives):
                matched = fl.function.append_basic_block("pattern.or.matched")
                for index, alternative in enumerate(alternatives):
                    last = index == len(alternatives) - 1
                    other = fail if last else fl.function.append_basic_block("pattern.or.next")
                    run_steps(fl, alternative, other)
                    fl.builder.branch(matched)
                    if not last:
                        fl.builder.position_at_end(other)
                fl.builder.position_at_end(matched)
