"""``import re``: the module's patterns, and the emitters of the re operations.

A pattern the checker compiled (``op.constant``, a ``regex.Regex``) becomes a
constant ``ssc_re_pattern`` of the module (``pattern_global``): sre's program
as an array of words, its group names and source text, and the matcher that
runs the program (guest/re.c's ``ssc_re_vm``). A value of type re.Pattern
points at it. The Pattern and Match methods are guest functions: runtime
rows where the arguments are plain values, and the emitters below where
they also need a descriptor (the items of ``findall``, ``split``), a
template the checker parsed, or a function of the program (``sub(f, s)``).

``re.search(P, s)`` and the other functions of the module (``RE_FUNCTION``)
run the Pattern method (``op.inner``) on the module's pattern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import guest_abi
from .. import nodes as n
from .. import semantics as sem
from ..regex import Regex
from ..types import ANY, INT, STR, DictType, ListType, OptionalType, PatternType, TupleType, Type
from . import reprs
from .layout import BYTES_T, I32, I64, PTR
from .reprs import llvm_type

if TYPE_CHECKING:
    from .context import ModuleContext
    from .function import FunctionLowering
    from .registry import Emitter, NodeEmitter

RE_NAME_T = guest_abi.RE_NAME.llvm()
RE_PATTERN_T = guest_abi.RE_PATTERN.llvm()
RE_PIECE_T = guest_abi.RE_PIECE.llvm()
RE_TEMPLATE_T = guest_abi.RE_TEMPLATE.llvm()
#: Any pattern type, for passing a pattern to a guest function (all flatten to the pointer).
ANY_PATTERN = PatternType(STR)


# ---- the module's constants: patterns and templates ----------------------------------------


def pattern_global(context: ModuleContext, regex: Regex) -> ir.GlobalVariable:
    """The module's ``ssc_re_pattern`` for ``regex`` (one per pattern, however often used)."""
    found = context.regex_globals.get(regex)
    if found is not None:
        return found
    index = len(context.regex_globals)
    code = context.private_array(f".re.{index}.code", I32, [ir.Constant(I32, word) for word in regex.code])
    first: ir.Value = ir.Constant(PTR, None)
    if regex.first is not None:
        words = [sum(1 << (b & 31) for b in regex.first if b >> 5 == w) for w in range(8)]
        first = context.private_array(f".re.{index}.first", I32, [ir.Constant(I32, word) for word in words])
    names = [ir.Constant(RE_NAME_T, [context.constant_bytes(name.encode()), ir.Constant(I32, group)])
             for name, group in regex.names]
    names_array: ir.Value = context.private_array(f".re.{index}.names", RE_NAME_T, names) if names else \
        ir.Constant(PTR, None)
    text = regex.pattern if isinstance(regex.pattern, bytes) else regex.pattern.encode("utf-8")
    matcher = context.function("ssc_re_vm")
    glob = ir.GlobalVariable(context.module, RE_PATTERN_T, name=f".re.{index}")
    glob.global_constant, glob.linkage = True, "private"
    glob.initializer = ir.Constant(RE_PATTERN_T, [
        matcher, code, first, ir.Constant(I32, -1 if regex.required is None else regex.required),
        ir.Constant(I32, regex.groups), ir.Constant(I32, regex.flags),
        ir.Constant(I32, int(regex.isbytes)), context.constant_bytes(text), names_array,
        ir.Constant(I32, len(names)), ir.Constant(I32, 0)])
    context.regex_globals[regex] = glob
    return glob


def template_global(context: ModuleContext, pieces: tuple[str | bytes | int, ...]) -> ir.GlobalVariable:
    """An ``ssc_re_template`` of a sub() template the checker parsed: literals and groups."""
    found = context.regex_globals.get(pieces)
    if found is not None:
        return found
    index = len(context.regex_globals)
    items = []
    for piece in pieces:
        if isinstance(piece, int):
            items.append(ir.Constant(RE_PIECE_T, [ir.Constant(I32, piece), ir.Constant(BYTES_T, None)]))
        else:
            data = piece.encode("utf-8") if isinstance(piece, str) else piece
            items.append(ir.Constant(RE_PIECE_T, [ir.Constant(I32, -1), context.constant_bytes(data)]))
    array: ir.Value = context.private_array(f".re.{index}.pieces", RE_PIECE_T, items) if items else \
        ir.Constant(PTR, None)
    glob = ir.GlobalVariable(context.module, RE_TEMPLATE_T, name=f".re.{index}")
    glob.global_constant, glob.linkage = True, "private"
    glob.initializer = ir.Constant(RE_TEMPLATE_T, [array, ir.Constant(I32, len(items))])
    context.regex_globals[pieces] = glob
    return glob


# ---- calling a Pattern method: on a pattern value, with its arguments in the row's order --------


def pattern_method(fl: FunctionLowering, call: n.Call, op: sem.Op, pattern: ir.Value,
                   given: tuple[n.Expr | None, ...]) -> ir.Value:
    """Pattern method ``op`` on ``pattern`` with the arguments ``given`` (None: the default)."""
    if op.runtime:
        args = [(pattern, ANY_PATTERN), *(fl.argument(arg, param) for param, arg in zip(op.params, given))]
        return fl.apply_op(op, args)
    return PATTERN_EMITTERS[op.impl](fl, call, op, pattern, given)


def _arguments(fl: FunctionLowering, op: sem.Op, given: tuple[n.Expr | None, ...]) -> list[ir.Value]:
    """The arguments' values by the row's parameters, each flattened as a guest function takes it."""
    flat: list[ir.Value] = []
    for param, arg in zip(op.params, given):
        value, ty = fl.argument(arg, param)
        flat.extend(reprs.of(ty).flatten(fl, value))
    return flat


def _list_call(function: str, fl: FunctionLowering, op: sem.Op, pattern: ir.Value,
               given: tuple[n.Expr | None, ...]) -> ir.Value:
    """A guest function that makes the list ``op.result``, given its items' descriptor."""
    assert isinstance(op.result, ListType)
    out = fl.entry_slot(PTR)
    fl.check_status(fl.call_c(function, I32, [pattern, *_arguments(fl, op, given),
                                              fl.context.descriptor(op.result.elem), out]))
    return fl.builder.load(out)


def _findall(fl: FunctionLowering, call: n.Call, op: sem.Op, pattern: ir.Value,
             given: tuple[n.Expr | None, ...]) -> ir.Value:
    """``p.findall(s, pos, endpos)``: a list of str (bytes), or of tuples of them."""
    return _list_call("ssc_re_p_findall", fl, op, pattern, given)


def _split(fl: FunctionLowering, call: n.Call, op: sem.Op, pattern: ir.Value,
           given: tuple[n.Expr | None, ...]) -> ir.Value:
    """``p.split(s, maxsplit)``: a list of str (bytes), or of str | None with groups."""
    return _list_call("ssc_re_p_split", fl, op, pattern, given)


def _finditer(fl: FunctionLowering, call: n.Call, op: sem.Op, pattern: ir.Value,
              given: tuple[n.Expr | None, ...]) -> ir.Value:
    """``p.finditer(s, pos, endpos)``: a scanner, which the re_finditer iteration walks."""
    return fl.call_c("ssc_re_scanner_new", PTR, [pattern, *_arguments(fl, op, given)])


def _sub_result(fl: FunctionLowering, op: sem.Op, text: ir.Value, count: ir.Value) -> ir.Value:
    """sub's str, or subn's (str, number of substitutions)."""
    if not isinstance(op.result, TupleType):
        return text
    pair = ir.Constant(llvm_type(op.result), ir.Undefined)
    return fl.builder.insert_value(fl.builder.insert_value(pair, text, 0), count, 1)


def _sub(fl: FunctionLowering, call: n.Call, op: sem.Op, pattern: ir.Value,
         given: tuple[n.Expr | None, ...]) -> ir.Value:
    """``p.sub(template, s, count)`` with the template the checker parsed (``op.constant``)."""
    _, string, count = given
    value, _ = fl.argument(string, op.params[1])
    number, _ = fl.argument(count, op.params[2])
    out, subs = fl.entry_slot(BYTES_T), fl.entry_slot(I64)
    template = template_global(fl.context, op.constant)  # type: ignore[arg-type]
    fl.check_status(fl.call_c("ssc_re_p_subn", I32, [pattern, template, *fl.parts(value), number, out, subs]))
    return _sub_result(fl, op, fl.builder.load(out), fl.builder.load(subs))


def _sub_function(fl: FunctionLowering, call: n.Call, op: sem.Op, pattern: ir.Value,
                  given: tuple[n.Expr | None, ...]) -> ir.Value:
    """``p.sub(f, s, count)`` with a function of the program: the guest calls it on each match."""
    _, string, count = given
    params = sem.RE_PATTERN_METHODS[(STR, "sub")].params
    value, _ = fl.argument(string, params[1])
    number, _ = fl.argument(count, params[2])
    out, subs = fl.entry_slot(BYTES_T), fl.entry_slot(I64)
    function = fl.context.functions[op.constant]  # type: ignore[index]
    fl.check_status(fl.call_c("ssc_re_p_sub_fn", I32, [pattern, function, *fl.parts(value), number, out, subs]))
    return _sub_result(fl, op, fl.builder.load(out), fl.builder.load(subs))


#: The Pattern methods that are not runtime rows: (fl, call, op, the pattern, the arguments).
PATTERN_EMITTERS = {
    "re_findall": _findall,
    "re_split": _split,
    "re_finditer": _finditer,
    "re_sub": _sub,
    "re_sub_function": _sub_function,
}


def _on_receiver(emit):  # type: ignore[no-untyped-def]
    """The node emitter of a Pattern method called on a pattern value: ``p.findall(s)``."""
    def emitter(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        pattern = fl.value(fl.typed.receivers[call])
        return emit(fl, call, op, pattern, fl.typed.arguments[call])
    return emitter


# ---- node emitters: re.compile, re.search & co, Match methods ------------------------------------


def _re_compile(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``re.compile(P)`` of a pattern the checker compiled: the module's pattern."""
    return pattern_global(fl.context, op.constant)  # type: ignore[arg-type]


def _re_function(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``re.search(P, s)`` and the others: the Pattern method ``op.inner`` on the module's pattern."""
    assert op.inner is not None
    pattern = pattern_global(fl.context, op.constant)  # type: ignore[arg-type]
    return pattern_method(fl, call, op.inner, pattern, fl.typed.arguments[call][2:])


def _match_and_default(fl: FunctionLowering, call: n.Call) -> tuple[ir.Value, ir.Value | None]:
    match = fl.value(fl.typed.receivers[call])
    default = fl.typed.arguments[call][0]
    return match, fl.value(default) if default is not None else None


def _re_groups(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``m.groups(default)``, ``m.group(1, 2)``: a tuple of the groups ``op.constant``, each
    a str (always there, or the default in its place) or a str | None."""
    b = fl.builder
    match, default = _match_and_default(fl, call)
    assert isinstance(op.result, TupleType)
    row = sem.RE_MATCH_METHODS[(STR, "group")]
    result: ir.Value = ir.Constant(llvm_type(op.result), ir.Undefined)
    for position, (group, item) in enumerate(zip(op.constant, op.result.items)):  # type: ignore[call-overload]
        text = fl.call_runtime(row.impl, [(match, fl.typed.types[fl.typed.receivers[call]]),
                                          (ir.Constant(I64, group), INT)], OptionalType(STR))
        if not isinstance(item, OptionalType):
            value = b.extract_value(text, 1)
            text = value if default is None else b.select(b.extract_value(text, 0), value, default)
        result = b.insert_value(result, text, position)
    return result


def _re_groupdict(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``m.groupdict(default)``: {name: text} of the named groups."""
    match, default = _match_and_default(fl, call)
    assert isinstance(op.result, DictType)
    has_default = ir.Constant(I32, int(default is not None))
    ptr, length = fl.parts(default) if default is not None else (ir.Constant(PTR, None), ir.Constant(I32, 0))
    out = fl.entry_slot(PTR)
    if op.result.value == ANY:   # a str pattern's: typeshed's dict[str, Any]
        fl.check_status(fl.call_c("ssc_re_m_groupdict_any", I32, [match, has_default, ptr, length, out]))
    else:
        fl.check_status(fl.call_c("ssc_re_m_groupdict", I32, [match, fl.context.descriptor(op.result.value),
                                                                has_default, ptr, length, out]))
    return fl.builder.load(out)


def _re_expand(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """``m.expand(template)`` with the template the checker parsed (``op.constant``)."""
    match = fl.value(fl.typed.receivers[call])
    out = fl.entry_slot(BYTES_T)
    template = template_global(fl.context, op.constant)  # type: ignore[arg-type]
    fl.check_status(fl.call_c("ssc_re_m_expand", I32, [match, template, out]))
    return fl.builder.load(out)


# ---- value emitters ----------------------------------------------------------------------------


def _re_flag(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return ir.Constant(I64, op.constant)


def _re_constant(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """An attribute of a pattern the checker compiled: its value."""
    return fl.constant(op.constant, op.result)


def _re_by_name(fl: FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``m.group("name")`` and the like: the group's number, then the operation by number."""
    assert op.inner is not None
    match, name = args
    number = fl.call_runtime(sem.RE_GROUP_INDEX.impl, [(match, types[0]), (name, STR)], INT)
    return fl.apply_op(op.inner, [(match, types[0]), (number, INT)])


VALUE_EMITTERS: dict[str, Emitter] = {
    "re_flag": _re_flag,
    "re_constant": _re_constant,
    "re_by_name": _re_by_name,
}
EMITTERS: dict[str, NodeEmitter] = {
    "re_compile": _re_compile,
    "re_function": _re_function,
    "re_groups": _re_groups,
    "re_groupdict": _re_groupdict,
    "re_expand": _re_expand,
    **{impl: _on_receiver(emit) for impl, emit in PATTERN_EMITTERS.items()},
}


def scanner_next(fl: FunctionLowering, scanner: ir.Value, done: ir.Block) -> ir.Value:
    """The next match of a scanner (ssc_re_scanner_next), or a branch to ``done``."""
    b = fl.builder
    out = fl.entry_slot(PTR)
    status = fl.call_c("ssc_re_scanner_next", I32, [scanner, out])
    fl.check_status(status)
    more = fl.function.append_basic_block("re.match")
    b.cbranch(b.icmp_signed("!=", status, ir.Constant(I32, 0)), more, done)
    b.position_at_end(more)
    return b.load(out)

