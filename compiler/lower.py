"""Stage 3: ``TypedModule`` -> LLVM IR (an ``llvmlite.ir.Module``).

``lower(typed)`` emits one LLVM function per Python function, an adapter
that fits the entry function to its C driver, and the exported entry
(``filter``, ``map`` or ``aggregate``). It decides nothing: every type,
operation and conversion comes from the checker's tables, and each
operation's code comes from ``IMPLS``, keyed by the ``impl`` name that
``semantics`` gives it.

Representation of values:

    int -> i64        bool, None -> i1       str, bytes -> {ptr, i32}
    T | None -> {i1 present, T}              tuple[A, B] -> {A, B}
    Record -> ptr (to the C runtime's ssc_record; read through accessors)

A Python function becomes ``i32 @py.NAME(ptr %result, params...)``: it
stores its return value through ``%result`` and returns 0, or returns -1
when an exception was raised (the C runtime holds the exception, as
CPython's error indicator does). After every operation that can raise, the
lowering emits

    %st = call i32 @ssc_int_from_str(ptr %p, i32 %n, ptr %out)
    %raised = icmp slt i32 %st, 0
    br i1 %raised, label %raise, label %ok      ; %raise: ret i32 -1
"""

from __future__ import annotations

from typing import Callable

from llvmlite import ir

from .. import abi
from . import nodes as n
from . import semantics as sem
from .check import FunctionInfo, TypedModule
from .types import BOOL, BYTES, INT, NONE, RECORD, STR, OptionalType, TupleType, Type

TRIPLE = "wasm32-unknown-unknown"
DATALAYOUT = "e-m:e-p:32:32-p10:8:8-p20:8:8-i64:64-i128:128-n32:64-S128-ni:1:10:20"

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
BYTES_T = ir.LiteralStructType([PTR, I32])   # ssc_bytes in ssc_rt.h

#: The C runtime functions the lowering calls: name -> (result, params).
RUNTIME_FUNCTIONS: dict[str, tuple[ir.Type, tuple[ir.Type, ...]]] = {
    "ssc_utf8_check": (I32, (PTR, I32)),
    "ssc_int_from_str": (I32, (PTR, I32, PTR)),
    "ssc_int_from_bytes": (I32, (PTR, I32, PTR)),
    "ssc_int_to_str": (VOID, (I64, PTR)),
    "ssc_concat": (VOID, (PTR, I32, PTR, I32, PTR)),
    "ssc_find": (I32, (PTR, I32, PTR, I32)),
    "ssc_equal": (I32, (PTR, I32, PTR, I32)),
    "ssc_raise_int_overflow": (I32, ()),
    "ssc_int_mul": (I32, (I64, I64, PTR)),
    "ssc_record_key": (I32, (PTR, PTR)),
    "ssc_record_value": (VOID, (PTR, PTR)),
    "ssc_record_offset": (I64, (PTR,)),
    "ssc_record_timestamp": (I64, (PTR,)),
    "ssc_key_value_set": (VOID, (PTR, I32, PTR, I32, PTR, I32)),
    "ssc_drive_filter": (I32, (PTR, I32, PTR)),
    "ssc_drive_map": (I32, (PTR, I32, PTR)),
    "ssc_drive_aggregate": (I32, (PTR, I32, PTR)),
}


def llvm_type(ty: Type) -> ir.Type:
    """The LLVM representation of a SmartStream type (see the module docstring)."""
    if ty == INT:
        return I64
    if ty in (BOOL, NONE):
        return I1
    if ty in (STR, BYTES):
        return BYTES_T
    if ty == RECORD:
        return PTR
    if isinstance(ty, OptionalType):
        return ir.LiteralStructType([I1, llvm_type(ty.inner)])
    if isinstance(ty, TupleType):
        return ir.LiteralStructType([llvm_type(t) for t in ty.items])
    raise AssertionError(f"no LLVM type for {ty}")


def lower(typed: TypedModule) -> ir.Module:
    """Emit the LLVM module for a checked program (without the C runtime)."""
    module = ir.Module(name=typed.module.filename)
    module.triple = TRIPLE
    module.data_layout = DATALAYOUT
    runtime = {name: ir.Function(module, ir.FunctionType(ret, params), name=name)
               for name, (ret, params) in RUNTIME_FUNCTIONS.items()}
    context = _ModuleContext(module, typed, runtime)
    functions = {info.node.name: _FunctionLowering(context, info).lower() for info in typed.functions}
    user = functions[typed.entry.function.name]
    adapter = _ENTRY_ADAPTERS[typed.entry.kind](context, user, typed.entry.result)
    _emit_entry(context, typed.entry.kind, adapter)
    return module


class _ModuleContext:
    def __init__(self, module: ir.Module, typed: TypedModule, runtime: dict[str, ir.Function]) -> None:
        self.module = module
        self.typed = typed
        self.runtime = runtime
        self.strings: dict[bytes, ir.GlobalVariable] = {}
        self.intrinsics: dict[str, ir.Function] = {}

    def constant_bytes(self, data: bytes) -> ir.Constant:
        """A {ptr, len} constant pointing at a private global holding ``data``."""
        glob = self.strings.get(data)
        if glob is None:
            array = ir.ArrayType(I8, max(len(data), 1))
            glob = ir.GlobalVariable(self.module, array, name=f".str.{len(self.strings)}")
            glob.global_constant = True
            glob.linkage = "private"
            glob.unnamed_addr = True
            glob.initializer = ir.Constant(array, bytearray(data or b"\0"))
            self.strings[data] = glob
        return ir.Constant.literal_struct([glob, ir.Constant(I32, len(data))])

    def overflow_intrinsic(self, op: str) -> ir.Function:
        """``llvm.{s,}{add,sub,mul}.with.overflow.i64``: returns {i64 result, i1 overflowed}."""
        name = f"llvm.{op}.with.overflow.i64"
        if name not in self.intrinsics:
            fnty = ir.FunctionType(ir.LiteralStructType([I64, I1]), [I64, I64])
            self.intrinsics[name] = ir.Function(self.module, fnty, name=name)
        return self.intrinsics[name]


class _FunctionLowering:
    """Lowers one Python function to ``i32 @py.NAME(ptr %result, params...)``."""

    def __init__(self, context: _ModuleContext, info: FunctionInfo) -> None:
        self.context = context
        self.info = info
        self.typed = context.typed
        params = [llvm_type(ty) for _, ty in info.params]
        fnty = ir.FunctionType(I32, [PTR, *params])
        self.function = ir.Function(context.module, fnty, name=f"py.{info.node.name}")
        self.function.linkage = "internal"
        entry = self.function.append_basic_block("entry")
        self.raise_block = self.function.append_basic_block("raise")
        self.builder = ir.IRBuilder(self.raise_block)
        self.builder.ret(ir.Constant(I32, -1))
        self.builder = ir.IRBuilder(entry)
        self.slots: dict[str, ir.AllocaInstr] = {}

    def lower(self) -> ir.Function:
        for name, ty in self.info.locals.items():
            self.slots[name] = self.builder.alloca(llvm_type(ty), name=name)
        for (name, _), arg in zip(self.info.params, self.function.args[1:]):
            arg.name = f"{name}.arg"
            self.builder.store(arg, self.slots[name])
        for stmt in self.info.node.body:
            if self.lower_stmt(stmt):
                break
        if not self.builder.block.is_terminated:
            self.builder.unreachable()
        return self.function

    # ---- statements: each returns True when it ends the block (return)

    def lower_stmt(self, stmt: n.Stmt) -> bool:
        match stmt:
            case n.ExprStmt(value=n.Constant()):
                return False  # a docstring or a bare literal: nothing to do
            case n.ExprStmt(value=value):
                self.value(value)
            case n.Assign(targets=targets, value=value):
                result = self.value(value)
                for target in targets:
                    assert isinstance(target, n.Name)
                    self.builder.store(result, self.slots[target.id])
            case n.AnnAssign(target=target, value=value):
                if value is not None:
                    assert isinstance(target, n.Name)
                    self.builder.store(self.value(value), self.slots[target.id])
            case n.Return(value=value):
                if value is not None:
                    self.builder.store(self.value(value), self.function.args[0])
                self.builder.ret(ir.Constant(I32, 0))
                return True
            case n.Pass():
                pass
            case _:
                raise AssertionError(f"the checker let {type(stmt).__name__} through")
        return False

    # ---- expressions

    def value(self, expr: n.Expr) -> ir.Value:
        """The value of ``expr``, converted as the checker recorded."""
        result = self.lower_expr(expr)
        coercion = self.typed.coercions.get(expr)
        if coercion is not None:
            result = self.convert(result, coercion.source, coercion.target)
        return result

    def lower_expr(self, expr: n.Expr) -> ir.Value:
        ty = self.typed.types[expr]
        match expr:
            case n.Constant(value=value):
                return self.constant(value, ty)
            case n.Name(id=name):
                return self.builder.load(self.slots[name], name=name)
            case n.BinOp(left=left, right=right):
                return self.apply(expr, [self.value(left), self.value(right)])
            case n.UnaryOp(operand=operand):
                return self.apply(expr, [self.value(operand)])
            case n.Compare(left=left, comparators=comparators):
                return self.apply(expr, [self.value(left), self.value(comparators[0])])
            case n.BoolOp(op=op, values=values):
                return self.short_circuit(op, values)
            case n.Call(func=n.Attribute(value=receiver), args=args):
                return self.apply(expr, [self.value(receiver)])
            case n.Call(args=args):
                return self.apply(expr, [self.value(arg) for arg in args])
            case n.Attribute(value=receiver):
                return self.apply(expr, [self.value(receiver)])
            case n.Tuple(elts=elts):
                result: ir.Value = ir.Constant(llvm_type(ty), ir.Undefined)
                for index, elt in enumerate(elts):
                    result = self.builder.insert_value(result, self.value(elt), index)
                return result
        raise AssertionError(f"the checker let {type(expr).__name__} through")

    def constant(self, value: object, ty: Type) -> ir.Value:
        if ty == BOOL:
            return ir.Constant(I1, int(bool(value)))
        if ty == NONE:
            return ir.Constant(I1, 0)
        if ty == INT:
            return ir.Constant(I64, value)
        if ty == STR:
            return self.context.constant_bytes(str(value).encode("utf-8"))
        if ty == BYTES:
            assert isinstance(value, bytes)
            return self.context.constant_bytes(value)
        raise AssertionError(f"no constant of type {ty}")

    def apply(self, expr: n.Expr, args: list[ir.Value]) -> ir.Value:
        """Emit the operation the checker resolved for ``expr``."""
        op = self.typed.ops[expr]
        assert isinstance(op, sem.Op)
        result = IMPLS[op.impl](self, args)
        if op.negate:
            result = self.builder.not_(result)
        return result

    def short_circuit(self, op: str, values: tuple[n.Expr, ...]) -> ir.Value:
        """``a and b``: evaluate left to right, stop at the first False (``or``: True)."""
        done = self.function.append_basic_block(f"{op}.done")
        incoming = []
        for value in values[:-1]:
            result = self.value(value)
            incoming.append((result, self.builder.block))
            following = self.function.append_basic_block(f"{op}.next")
            if op == "and":
                self.builder.cbranch(result, following, done)
            else:
                self.builder.cbranch(result, done, following)
            self.builder.position_at_end(following)
        last = self.value(values[-1])
        incoming.append((last, self.builder.block))
        self.builder.branch(done)
        self.builder.position_at_end(done)
        phi = self.builder.phi(I1, name=op)
        for result, block in incoming:
            phi.add_incoming(result, block)
        return phi

    def convert(self, value: ir.Value, source: Type, target: Type) -> ir.Value:
        """An implicit conversion the checker allowed (see ``check.Coercion``)."""
        if source == target or (source in (STR, BYTES) and target in (STR, BYTES)):
            return value
        if isinstance(target, OptionalType):
            wrapped = ir.Constant(llvm_type(target), ir.Undefined)
            if source == NONE:
                return self.builder.insert_value(wrapped, ir.Constant(I1, 0), 0)
            if isinstance(source, OptionalType):
                present = self.builder.extract_value(value, 0)
                inner = self.convert(self.builder.extract_value(value, 1), source.inner, target.inner)
            else:
                present, inner = ir.Constant(I1, 1), self.convert(value, source, target.inner)
            wrapped = self.builder.insert_value(wrapped, present, 0)
            return self.builder.insert_value(wrapped, inner, 1)
        if isinstance(source, TupleType) and isinstance(target, TupleType):
            result: ir.Value = ir.Constant(llvm_type(target), ir.Undefined)
            for index, (s, t) in enumerate(zip(source.items, target.items)):
                item = self.convert(self.builder.extract_value(value, index), s, t)
                result = self.builder.insert_value(result, item, index)
            return result
        raise AssertionError(f"no conversion from {source} to {target}")

    # ---- helpers for the emitters

    def call(self, name: str, *args: ir.Value) -> ir.Value:
        return self.builder.call(self.context.runtime[name], list(args))

    def check_status(self, status: ir.Value) -> None:
        """Branch to the raise block when a runtime call returned < 0."""
        raised = self.builder.icmp_signed("<", status, ir.Constant(I32, 0), name="raised")
        ok = self.function.append_basic_block("ok")
        self.builder.cbranch(raised, self.raise_block, ok)
        self.builder.position_at_end(ok)

    def out_slot(self, ty: ir.Type) -> ir.AllocaInstr:
        """A stack slot for an out-parameter, allocated in the entry block."""
        with self.builder.goto_entry_block():
            if self.builder.block.instructions:
                self.builder.position_before(self.builder.block.instructions[0])
            return self.builder.alloca(ty)

    def parts(self, value: ir.Value) -> tuple[ir.Value, ir.Value]:
        return self.builder.extract_value(value, 0), self.builder.extract_value(value, 1)


# ---- operation emitters, keyed by semantics' impl names --------------------

Emitter = Callable[[_FunctionLowering, list[ir.Value]], ir.Value]


def _checked_int(op: str) -> Emitter:
    def emit(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
        pair = fl.builder.call(fl.context.overflow_intrinsic(op), args)
        overflowed = fl.builder.extract_value(pair, 1)
        with fl.builder.if_then(overflowed, likely=False):
            fl.call("ssc_raise_int_overflow")
            fl.builder.branch(fl.raise_block)
        return fl.builder.extract_value(pair, 0)
    return emit


def _int_mul(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    out = fl.out_slot(I64)
    fl.check_status(fl.call("ssc_int_mul", args[0], args[1], out))
    return fl.builder.load(out)


def _int_compare(cmp: str) -> Emitter:
    return lambda fl, args: fl.builder.icmp_signed(cmp, args[0], args[1])


def _int_neg(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    return _checked_int("ssub")(fl, [ir.Constant(I64, 0), args[0]])


def _concat(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    out = fl.out_slot(BYTES_T)
    fl.call("ssc_concat", *fl.parts(args[0]), *fl.parts(args[1]), out)
    return fl.builder.load(out)


def _contains(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    needle, haystack = args
    index = fl.call("ssc_find", *fl.parts(haystack), *fl.parts(needle))
    return fl.builder.icmp_signed(">=", index, ir.Constant(I32, 0))


def _equal(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    same = fl.call("ssc_equal", *fl.parts(args[0]), *fl.parts(args[1]))
    return fl.builder.icmp_signed("!=", same, ir.Constant(I32, 0))


def _int_parser(runtime_name: str) -> Emitter:
    def emit(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
        out = fl.out_slot(I64)
        fl.check_status(fl.call(runtime_name, *fl.parts(args[0]), out))
        return fl.builder.load(out)
    return emit


def _int_to_str(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    out = fl.out_slot(BYTES_T)
    fl.call("ssc_int_to_str", args[0], out)
    return fl.builder.load(out)


def _utf8_decode(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    fl.check_status(fl.call("ssc_utf8_check", *fl.parts(args[0])))
    return args[0]


def _record_key(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    out = fl.out_slot(BYTES_T)
    present = fl.builder.trunc(fl.call("ssc_record_key", args[0], out), I1)
    result = ir.Constant(llvm_type(OptionalType(BYTES)), ir.Undefined)
    result = fl.builder.insert_value(result, present, 0)
    return fl.builder.insert_value(result, fl.builder.load(out), 1)


def _record_value(fl: _FunctionLowering, args: list[ir.Value]) -> ir.Value:
    out = fl.out_slot(BYTES_T)
    fl.call("ssc_record_value", args[0], out)
    return fl.builder.load(out)


IMPLS: dict[str, Emitter] = {
    "identity": lambda fl, args: args[0],
    "int_add": _checked_int("sadd"),
    "int_sub": _checked_int("ssub"),
    "int_mul": _int_mul,
    "int_neg": _int_neg,
    "int_eq": _int_compare("=="),
    "int_ne": _int_compare("!="),
    "int_lt": _int_compare("<"),
    "int_le": _int_compare("<="),
    "int_gt": _int_compare(">"),
    "int_ge": _int_compare(">="),
    "bool_eq": lambda fl, args: fl.builder.icmp_unsigned("==", args[0], args[1]),
    "bool_ne": lambda fl, args: fl.builder.icmp_unsigned("!=", args[0], args[1]),
    "bool_not": lambda fl, args: fl.builder.not_(args[0]),
    "concat": _concat,
    "contains": _contains,
    "equal": _equal,
    "int_from_str": _int_parser("ssc_int_from_str"),
    "int_from_bytes": _int_parser("ssc_int_from_bytes"),
    "int_to_str": _int_to_str,
    "bytes_len": lambda fl, args: fl.builder.sext(fl.builder.extract_value(args[0], 1), I64),
    "utf8_decode": _utf8_decode,
    "utf8_encode": lambda fl, args: args[0],
    "record_key": _record_key,
    "record_value": _record_value,
    "record_offset": lambda fl, args: fl.call("ssc_record_offset", args[0]),
    "record_timestamp": lambda fl, args: fl.call("ssc_record_timestamp", args[0]),
}


# ---- entry adapters: the user's function in the shape its C driver calls ----


def _adapter(context: _ModuleContext, params: list[ir.Type]) -> tuple[ir.Function, ir.IRBuilder]:
    fnty = ir.FunctionType(I32, params)
    function = ir.Function(context.module, fnty, name="ssc.adapter")
    function.linkage = "internal"
    return function, ir.IRBuilder(function.append_basic_block("entry"))


def _call_user(builder: ir.IRBuilder, user: ir.Function, result_type: ir.Type,
               args: list[ir.Value]) -> ir.Value:
    """Call the user's function; on a raise return -1; else load its result."""
    slot = builder.alloca(result_type)
    status = builder.call(user, [slot, *args])
    raised = builder.icmp_signed("<", status, ir.Constant(I32, 0))
    with builder.if_then(raised, likely=False):
        builder.ret(ir.Constant(I32, -1))
    return builder.load(slot)


def _filter_adapter(context: _ModuleContext, user: ir.Function, result: Type) -> ir.Function:
    """``i32 (ptr record)``: 1 keep, 0 drop, -1 raised (core.c ssc_filter_fn)."""
    function, builder = _adapter(context, [PTR])
    keep = _call_user(builder, user, I1, [function.args[0]])
    builder.ret(builder.zext(keep, I32))
    return function


def _map_adapter(context: _ModuleContext, user: ir.Function, result: Type) -> ir.Function:
    """``i32 (ptr record, ptr key_value)``: 0 ok, -1 raised (core.c ssc_map_fn)."""
    assert isinstance(result, TupleType)
    function, builder = _adapter(context, [PTR, PTR])
    pair = _call_user(builder, user, llvm_type(result), [function.args[0]])
    key_type, key = result.items[0], builder.extract_value(pair, 0)
    if key_type == NONE:
        present, key_bytes = ir.Constant(I32, 0), ir.Constant(BYTES_T, None)
    elif isinstance(key_type, OptionalType):
        present, key_bytes = builder.zext(builder.extract_value(key, 0), I32), builder.extract_value(key, 1)
    else:
        present, key_bytes = ir.Constant(I32, 1), key
    value = builder.extract_value(pair, 1)
    builder.call(context.runtime["ssc_key_value_set"], [
        function.args[1], present, builder.extract_value(key_bytes, 0), builder.extract_value(key_bytes, 1),
        builder.extract_value(value, 0), builder.extract_value(value, 1)])
    builder.ret(ir.Constant(I32, 0))
    return function


def _aggregate_adapter(context: _ModuleContext, user: ir.Function, result: Type) -> ir.Function:
    """``i32 (ptr acc, i32 acc_len, ptr record, ptr out)``: 0 ok, -1 raised (ssc_aggregate_fn)."""
    function, builder = _adapter(context, [PTR, I32, PTR, PTR])
    acc = ir.Constant(BYTES_T, ir.Undefined)
    acc = builder.insert_value(builder.insert_value(acc, function.args[0], 0), function.args[1], 1)
    new_acc = _call_user(builder, user, BYTES_T, [acc, function.args[2]])
    builder.store(new_acc, function.args[3])
    builder.ret(ir.Constant(I32, 0))
    return function


_ENTRY_ADAPTERS = {
    abi.Kind.FILTER: _filter_adapter,
    abi.Kind.MAP: _map_adapter,
    abi.Kind.AGGREGATE: _aggregate_adapter,
}


def _emit_entry(context: _ModuleContext, kind: abi.Kind, adapter: ir.Function) -> None:
    """The exported entry, e.g. ``i32 @filter(ptr, i32)`` (§2 "Module shape")."""
    fnty = ir.FunctionType(I32, [PTR, I32])
    entry = ir.Function(context.module, fnty, name=kind.export)
    builder = ir.IRBuilder(entry.append_basic_block("entry"))
    driver = context.runtime[f"ssc_drive_{kind.export}"]
    builder.ret(builder.call(driver, [entry.args[0], entry.args[1], adapter]))
