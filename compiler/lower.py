"""Stage 3: ``TypedModule`` -> LLVM IR (an ``llvmlite.ir.Module``).

``lower(typed)`` emits one LLVM function per Python function, an adapter
that fits the entry function to its C driver, and the exported entry
(``filter``, ``map`` or ``aggregate``). It decides nothing: every type,
operation, conversion, binding and iteration comes from the checker's
tables, and each operation's code comes from ``IMPLS`` (keyed by the
``impl`` name that ``semantics`` gives it) or, for an ``impl`` starting with
``ssc_``, from the guest runtime function of that name, called by the
convention in ``guest/ssc_rt.h``.

Representation of values:

    int -> i64     float -> double     bool, None -> i1
    str, bytes -> {ptr, i32}           T | None -> {i1 present, T}
    tuple[A, B] -> {A, B}              list, dict, set, Record -> ptr
    Any -> ptr (to an ssc_any box, guest/ssc_rt.h)
    a caught exception -> {i32 class code, {ptr, i32} message}

A Python function becomes ``i32 @py.NAME(ptr %result, params...)``: it
stores its return value through ``%result`` and returns 0, or returns -1
when an exception was raised (the C runtime holds the exception, as
CPython's error indicator does). After every operation that can raise, the
lowering branches to the current raise target: the function's ``raise``
block, or the dispatch block of the innermost ``try``:

    %st = call i32 @ssc_int_floordiv(i64 %a, i64 %b, ptr %out)
    %raised = icmp slt i32 %st, 0
    br i1 %raised, label %except, label %ok

``finally`` blocks are emitted inline on every way out of their ``try``
(falling through, return, break, continue, and an exception, which is
fetched, kept while the block runs, and restored).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from llvmlite import binding as llvm_binding
from llvmlite import ir

from .. import abi
from . import nodes as n
from . import semantics as sem
from .typed import FunctionInfo, Iteration, TypedModule
from .types import (ANY, BOOL, BYTES, EXCEPTION, FLOAT, INT, NONE, RECORD, STR, DictType, ListType,
                    OptionalType, PrimType, SetType, TupleType, Type, family)

TRIPLE = "wasm32-unknown-unknown"
DATALAYOUT = "e-m:e-p:32:32-p10:8:8-p20:8:8-i64:64-i128:128-n32:64-S128-ni:1:10:20"
TARGET_DATA = llvm_binding.create_target_data(DATALAYOUT)

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
F64 = ir.DoubleType()
PTR = ir.PointerType()
VOID = ir.VoidType()
BYTES_T = ir.LiteralStructType([PTR, I32])   # ssc_bytes in ssc_rt.h
EXCEPTION_T = ir.LiteralStructType([I32, BYTES_T])   # ssc_exception
BUF_T = ir.LiteralStructType([PTR, I32, I32])  # ssc_buf
#: A string builder local (check._string_builders): the text so far, and the count of items.
BUILDER_T = ir.LiteralStructType([BUF_T, I32])
#: ssc_fspec: fill, align, sign, type, no_neg_0, alt, width, precision, sep, group
FSPEC_T = ir.LiteralStructType([I32, I32, I32, I32, I32, I32, I64, I64, I32, I32])
ITER_T = ir.LiteralStructType([I32, I32])      # ssc_dict_iter
DESCRIPTOR_T = ir.LiteralStructType([I32, I32, I32, PTR, PTR])  # ssc_type

#: Guest runtime functions with hand-written calls: name -> (result, params).
RUNTIME_FUNCTIONS: dict[str, tuple[ir.Type, tuple[ir.Type, ...]]] = {
    "ssc_utf8_check": (I32, (PTR, I32)),
    "ssc_int_from_str": (I32, (PTR, I32, PTR)),
    "ssc_int_from_bytes": (I32, (PTR, I32, PTR)),
    "ssc_int_to_str": (VOID, (I64, PTR)),
    "ssc_concat": (VOID, (PTR, I32, PTR, I32, PTR)),
    "ssc_find": (I32, (PTR, I32, PTR, I32)),
    "ssc_equal": (I32, (PTR, I32, PTR, I32)),
    "ssc_bytes_order": (I32, (PTR, I32, PTR, I32)),
    "ssc_raise_int_overflow": (I32, ()),
    "ssc_raise": (VOID, (I32, PTR, I32)),
    "ssc_raise_value": (VOID, (I32, PTR, PTR)),
    "ssc_raise_message": (I32, (I32, PTR, I32)),
    "ssc_unpack_check": (I32, (I32, I32)),
    "ssc_exc_matches": (I32, (I32,)),
    "ssc_call_enter": (I32, ()),
    "ssc_call_leave": (VOID, ()),
    "ssc_exc_fetch": (VOID, (PTR,)),
    "ssc_exc_restore": (VOID, (PTR,)),
    "ssc_int_mul": (I32, (I64, I64, PTR)),
    "ssc_int_float_compare": (I32, (I64, F64, I32, PTR)),
    "ssc_buf_init": (VOID, (PTR, I32)),
    "ssc_buf_put": (VOID, (PTR, PTR, I32)),
    "ssc_buf_str_repr_all": (VOID, (PTR, PTR, I32)),
    "ssc_buf_value_str": (VOID, (PTR, PTR, PTR)),
    "ssc_buf_value_repr": (VOID, (PTR, PTR, PTR)),
    "ssc_format_value": (I32, (PTR, PTR, PTR, I32, PTR, I32)),
    "ssc_format_int_spec": (I32, (PTR, I64, PTR)),
    "ssc_format_char_spec": (I32, (PTR, I64, PTR)),
    "ssc_format_bool_spec": (I32, (PTR, I32, PTR)),
    "ssc_format_float_spec": (I32, (PTR, F64, PTR)),
    "ssc_format_str_spec": (I32, (PTR, PTR, I32, PTR)),
    "ssc_buf_i64": (VOID, (PTR, I64)),
    "ssc_buf_float_repr": (VOID, (PTR, F64)),
    "ssc_value_eq": (I32, (PTR, PTR, PTR)),
    "ssc_value_compare": (I32, (PTR, PTR, PTR, I32, PTR)),
    "ssc_value_truth": (I32, (PTR, PTR)),
    "ssc_list_new": (PTR, (PTR, I32)),
    "ssc_list_append": (VOID, (PTR, PTR)),
    "ssc_record_key": (I32, (PTR, PTR)),
    "ssc_record_value": (VOID, (PTR, PTR)),
    "ssc_record_offset": (I64, (PTR,)),
    "ssc_record_timestamp": (I64, (PTR,)),
    "ssc_key_value_set": (VOID, (PTR, I32, PTR, I32, PTR, I32)),
    # the drivers: (input ptr, len, version, adapter) for the SmartModule ABI,
    # (input ptr, len, adapter) for the legacy one (core.c SSC_DRIVER)
    **{f"ssc_drive_{role}": (I32, (PTR, I32, I32, PTR))
       for role in ("filter", "map", "filter_map", "array_map", "aggregate", "init", "look_back")},
    **{f"ssc_drive_{role}_legacy": (I32, (PTR, I32, PTR)) for role in ("filter", "map", "aggregate")},
}

#: The guest's primitive type descriptors (containers.c).
PRIMITIVE_DESCRIPTORS = {INT: "ssc_type_int", FLOAT: "ssc_type_float", BOOL: "ssc_type_bool",
                         NONE: "ssc_type_none", STR: "ssc_type_str", BYTES: "ssc_type_bytes",
                         RECORD: "ssc_type_record", ANY: "ssc_type_any"}
DESCRIPTOR_KINDS = {"None": 0, "bool": 1, "int": 2, "float": 3, "str": 4, "bytes": 5, "Optional": 6,
                    "tuple": 7, "list": 8, "dict": 9, "set": 10, "Record": 11, "Any": 12}
#: ssc_any (ssc_rt.h): {i32 tag, i32 reserved, 8-byte payload}, by payload.
ANY_INT_T = ir.LiteralStructType([I32, I32, I64])
ANY_FLOAT_T = ir.LiteralStructType([I32, I32, F64])
ANY_STR_T = ir.LiteralStructType([I32, I32, PTR, I32])
#: ssc_json_opts (ssc_rt.h).
JSON_OPTS_T = ir.LiteralStructType([I32, BYTES_T, BYTES_T, BYTES_T, I32, I32, I32])


def llvm_type(ty: Type) -> ir.Type:
    """The LLVM representation of a SmartStream type (see the module docstring)."""
    if ty == INT:
        return I64
    if ty == FLOAT:
        return F64
    if ty in (BOOL, NONE):
        return I1
    if ty in (STR, BYTES):
        return BYTES_T
    if ty == EXCEPTION:
        return EXCEPTION_T
    if ty in (RECORD, ANY) or isinstance(ty, (ListType, DictType, SetType)):
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
    context = _ModuleContext(module, typed)
    for info in typed.functions.values():
        context.declare_function(info)
    init = _emit_constants(context)
    state = _emit_state(context)
    for info in typed.functions.values():
        _FunctionLowering(context, info).lower()
    for entry in (typed.entry, *typed.auxiliary.values()):
        user = context.functions[entry.function.name]
        adapter = _ENTRY_ADAPTERS[entry.role](context, user, entry.result, entry.role)
        _emit_entry(context, entry.role, adapter, init, state, typed.abi)
    return module


class _ModuleContext:
    def __init__(self, module: ir.Module, typed: TypedModule) -> None:
        self.module = module
        self.typed = typed
        self.runtime: dict[str, ir.Function] = {}
        self.strings: dict[bytes, ir.GlobalVariable] = {}
        self.specs: dict[sem.FormatSpec, ir.GlobalVariable] = {}
        self.intrinsics: dict[str, ir.Function] = {}
        self.functions: dict[str, ir.Function] = {}
        self.descriptors: dict[Type, ir.GlobalVariable] = {}
        self.globals: dict[str, ir.GlobalVariable] = {}
        self.boxes: dict[tuple[str, object], ir.GlobalVariable] = {}

    def declare_function(self, info: FunctionInfo) -> None:
        params = [llvm_type(ty) for _, ty in info.params]
        fnty = ir.FunctionType(I32, [PTR, *params])
        function = ir.Function(self.module, fnty, name=f"py.{info.node.name}")
        function.linkage = "internal"
        self.functions[info.node.name] = function

    def function(self, name: str, fnty: ir.FunctionType | None = None) -> ir.Function:
        """A guest runtime function, declared on first use."""
        found = self.runtime.get(name)
        if found is None:
            if fnty is None:
                ret, params = RUNTIME_FUNCTIONS[name]
                fnty = ir.FunctionType(ret, params)
            found = ir.Function(self.module, fnty, name=name)
            self.runtime[name] = found
        return found

    def format_spec(self, spec: sem.FormatSpec) -> ir.GlobalVariable:
        """A constant ``ssc_fspec`` (guest/ssc_rt.h) holding ``spec``."""
        glob = self.specs.get(spec)
        if glob is None:
            glob = ir.GlobalVariable(self.module, FSPEC_T, name=f".fspec.{len(self.specs)}")
            glob.global_constant, glob.linkage, glob.unnamed_addr = True, "private", True
            glob.initializer = ir.Constant(FSPEC_T, [ir.Constant(t, v) for t, v in zip(FSPEC_T.elements, (
                spec.fill, spec.align, spec.sign, spec.type, spec.no_neg_0, spec.alt, spec.width, spec.precision,
                spec.sep, spec.group))])
            self.specs[spec] = glob
        return glob

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

    def any_constant(self, value: object) -> ir.Value:
        """A pointer to a constant ``ssc_any`` box holding ``value`` (None, bool, int, float, str)."""
        if value is None or isinstance(value, bool):
            name = {None: "ssc_any_none_box", False: "ssc_any_false_box", True: "ssc_any_true_box"}[value]
            if name not in self.globals:
                glob = ir.GlobalVariable(self.module, ANY_INT_T, name=name)
                glob.global_constant = True
                self.globals[name] = glob
            return self.globals[name]
        key = (type(value).__name__, value if not isinstance(value, float) else repr(value))
        glob = self.boxes.get(key)
        if glob is None:
            tag = sem.ANY_ISINSTANCE_TAGS[type(value).__name__]
            head = [ir.Constant(I32, tag), ir.Constant(I32, 0)]
            if isinstance(value, int):
                ty, payload = ANY_INT_T, [ir.Constant(I64, value)]
            elif isinstance(value, float):
                ty, payload = ANY_FLOAT_T, [ir.Constant(F64, value)]
            else:
                assert isinstance(value, str)
                text = self.constant_bytes(value.encode("utf-8"))
                ty, payload = ANY_STR_T, [text.constant[0], text.constant[1]]
            glob = ir.GlobalVariable(self.module, ty, name=f".box.{len(self.boxes)}")
            glob.global_constant, glob.linkage, glob.unnamed_addr = True, "private", True
            glob.align = 8
            glob.initializer = ir.Constant(ty, head + payload)
            self.boxes[key] = glob
        return glob

    def descriptor(self, ty: Type) -> ir.Value:
        """A pointer to the ``ssc_type`` describing ``ty`` (ssc_rt.h)."""
        if ty in PRIMITIVE_DESCRIPTORS:
            name = PRIMITIVE_DESCRIPTORS[ty]
            if name not in self.globals:
                glob = ir.GlobalVariable(self.module, DESCRIPTOR_T, name=name)
                glob.global_constant = True
                self.globals[name] = glob
            return self.globals[name]
        found = self.descriptors.get(ty)
        if found is not None:
            return found
        lowered = llvm_type(ty)
        items: list[Type] = []
        offsets: list[int] = []
        match ty:
            case OptionalType(inner=inner):
                items, offsets = [inner], [lowered.get_element_offset(TARGET_DATA, 1)]
            case TupleType(items=parts):
                items = list(parts)
                offsets = [lowered.get_element_offset(TARGET_DATA, i) for i in range(len(parts))]
            case ListType(elem=elem) | SetType(elem=elem):
                items = [elem]
            case DictType(key=key, value=value):
                items = [key, value]
        item_ptrs = [self.descriptor(t) for t in items]
        index = len(self.descriptors)
        items_value: ir.Value = ir.Constant(PTR, None)
        offsets_value: ir.Value = ir.Constant(PTR, None)
        if item_ptrs:
            array = ir.ArrayType(PTR, len(item_ptrs))
            glob = ir.GlobalVariable(self.module, array, name=f".type.{index}.items")
            glob.global_constant, glob.linkage = True, "private"
            glob.initializer = ir.Constant(array, item_ptrs)
            items_value = glob
        if offsets:
            array = ir.ArrayType(I32, len(offsets))
            glob = ir.GlobalVariable(self.module, array, name=f".type.{index}.offsets")
            glob.global_constant, glob.linkage = True, "private"
            glob.initializer = ir.Constant(array, offsets)
            offsets_value = glob
        glob = ir.GlobalVariable(self.module, DESCRIPTOR_T, name=f".type.{index}")
        glob.global_constant, glob.linkage = True, "private"
        glob.initializer = ir.Constant(DESCRIPTOR_T, [
            ir.Constant(I32, DESCRIPTOR_KINDS[family(ty)]), ir.Constant(I32, size_of(ty)),
            ir.Constant(I32, len(items)), items_value, offsets_value])
        self.descriptors[ty] = glob
        return glob

    def overflow_intrinsic(self, op: str) -> ir.Function:
        """``llvm.{s,}{add,sub}.with.overflow.i64``: returns {i64 result, i1 overflowed}."""
        name = f"llvm.{op}.with.overflow.i64"
        if name not in self.intrinsics:
            fnty = ir.FunctionType(ir.LiteralStructType([I64, I1]), [I64, I64])
            self.intrinsics[name] = ir.Function(self.module, fnty, name=name)
        return self.intrinsics[name]

    def intrinsic(self, name: str, fnty: ir.FunctionType) -> ir.Function:
        if name not in self.intrinsics:
            self.intrinsics[name] = ir.Function(self.module, fnty, name=name)
        return self.intrinsics[name]

    def state_global(self, name: str, ty: Type) -> ir.GlobalVariable:
        """The global holding module state variable ``name`` (zero until ``ssc.state_init`` runs)."""
        return self.module_global(f"py.state.{name}", ty)

    def constant_global(self, name: str, ty: Type) -> ir.GlobalVariable:
        """The global holding module table ``name`` (rebuilt by ``ssc.constants`` every entry call)."""
        return self.module_global(f"py.const.{name}", ty)

    def module_global(self, key: str, ty: Type) -> ir.GlobalVariable:
        if key not in self.globals:
            glob = ir.GlobalVariable(self.module, llvm_type(ty), name=key)
            glob.linkage = "internal"
            glob.initializer = ir.Constant(llvm_type(ty), None)
            self.globals[key] = glob
        return self.globals[key]


def size_of(ty: Type) -> int:
    """Bytes of a value's memory layout (``ssc_type.size``)."""
    return llvm_type(ty).get_abi_size(TARGET_DATA)


@dataclass
class _Loop:
    continue_block: ir.Block
    break_block: ir.Block
    finally_depth: int


@dataclass
class _Finally:
    body: tuple[n.Stmt, ...]
    raise_target: ir.Block        # where an exception inside the finally body goes
    handler_depth: int


@dataclass
class _Handler:
    saved: ir.Value               # the slot holding the exception being handled


@dataclass
class _State:
    raise_target: ir.Block
    loops: list[_Loop] = field(default_factory=list)
    finals: list[_Finally] = field(default_factory=list)
    handlers: list[_Handler] = field(default_factory=list)


class _FunctionLowering:
    """Lowers one Python function to ``i32 @py.NAME(ptr %result, params...)``."""

    def __init__(self, context: _ModuleContext, info: FunctionInfo | None,
                 function: ir.Function | None = None) -> None:
        self.context = context
        self.info = info
        self.typed = context.typed
        self.function = function if function is not None else context.functions[info.node.name]  # type: ignore[union-attr]
        entry = self.function.append_basic_block("entry")
        raise_block = self.function.append_basic_block("raise")
        self.builder = ir.IRBuilder(raise_block)
        self.builder.ret(ir.Constant(I32, -1))
        self.builder = ir.IRBuilder(entry)
        self.state = _State(raise_block)
        self.slots: dict[str, ir.AllocaInstr] = {}

    @property
    def raise_block(self) -> ir.Block:
        return self.state.raise_target

    def lower(self) -> ir.Function:
        assert self.info is not None
        for key, ty in self.info.locals.items():
            self.slots[key] = self.builder.alloca(BUILDER_T if key in self.info.builders else llvm_type(ty), name=key)
        for (name, _), arg in zip(self.info.params, self.function.args[1:]):
            arg.name = f"{name}.arg"
            self.builder.store(arg, self.slots[name])
        self.block(self.info.node.body)
        if not self.builder.block.is_terminated:
            if self.info.result == NONE:
                self.builder.store(ir.Constant(I1, 0), self.function.args[0])
                self.builder.ret(ir.Constant(I32, 0))
            else:
                self.builder.unreachable()
        return self.function

    # ---- statements

    def block(self, body: tuple[n.Stmt, ...]) -> None:
        for stmt in body:
            if self.builder.block.is_terminated:
                return
            if stmt in self.typed.unreachable:
                self.builder.unreachable()  # the checker proved control never gets here
                return
            self.lower_stmt(stmt)

    def lower_stmt(self, stmt: n.Stmt) -> None:
        match stmt:
            case n.ExprStmt(value=n.Constant()):
                pass  # a docstring or a bare literal: nothing to do
            case n.ExprStmt(value=value):
                self.value(value)
            case n.Assign(targets=(n.Name() as target,)) | n.AnnAssign(target=n.Name() as target) \
                    if self.builder_slot(target) is not None:
                slot = self.builder_slot(target)
                self.builder_buffer_call(slot, "ssc_buf_init", ir.Constant(I32, 32))
                self.builder.store(ir.Constant(I32, 0), self.builder.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 1)]))
            case n.Assign(targets=targets, value=value):
                result = self.value(value)
                for target in targets:
                    self.store_target(target, result, self.typed.types[value] if value not in self.typed.coercions
                                      else self.typed.coercions[value].target)
            case n.AnnAssign(target=target, value=value):
                if value is not None:
                    self.store_target(target, self.value(value), self.typed.types[target])
            case n.AugAssign():
                self.lower_aug_assign(stmt)
            case n.Return(value=value):
                if value is not None:
                    result = self.value(value)
                    if self.typed.surrogates and self.info is not None and self.info.node is self.typed.entry.function \
                            and _holds_str(self.info.result):
                        # the driver encodes the result's str values: refuse a lone surrogate as CPython does
                        self.check_status(self.call_c("ssc_check_encodable", I32, [
                            self.context.descriptor(self.info.result), self.spill(result)]))
                    slot = self.builder.alloca(result.type) if self.state.finals else None
                    if slot is not None:
                        self.builder.store(result, slot)
                    self.unwind(0, 0)
                    if self.builder.block.is_terminated:
                        return
                    self.builder.store(self.builder.load(slot) if slot is not None else result,
                                       self.function.args[0])
                else:
                    self.unwind(0, 0)
                    if self.builder.block.is_terminated:
                        return
                self.builder.ret(ir.Constant(I32, 0))
            case n.Pass() | n.Global():
                pass  # a global declaration only changes what names refer to (the checker's bindings)
            case n.If(test=test, body=body, orelse=orelse):
                cond = self.value(test)
                then_block = self.function.append_basic_block("if.then")
                else_block = self.function.append_basic_block("if.else")
                end = self.function.append_basic_block("if.end")
                self.builder.cbranch(cond, then_block, else_block)
                for block, stmts in ((then_block, body), (else_block, orelse)):
                    self.builder.position_at_end(block)
                    self.block(stmts)
                    if not self.builder.block.is_terminated:
                        self.builder.branch(end)
                self.builder.position_at_end(end)
            case n.While():
                self.lower_while(stmt)
            case n.For():
                self.lower_for(stmt)
            case n.Break():
                loop = self.state.loops[-1]
                self.unwind(loop.finally_depth, len(self.state.handlers))
                if not self.builder.block.is_terminated:
                    self.builder.branch(loop.break_block)
            case n.Continue():
                loop = self.state.loops[-1]
                self.unwind(loop.finally_depth, len(self.state.handlers))
                if not self.builder.block.is_terminated:
                    self.builder.branch(loop.continue_block)
            case n.Raise():
                self.lower_raise(stmt)
            case n.Assert(test=test, msg=msg):
                ok = self.value(test)
                fail = self.function.append_basic_block("assert.fail")
                done = self.function.append_basic_block("assert.ok")
                self.builder.cbranch(ok, done, fail)
                self.builder.position_at_end(fail)
                code = sem.EXCEPTION_CODES["AssertionError"]
                if msg is None:
                    self.call("ssc_raise", ir.Constant(I32, code), ir.Constant(PTR, None), ir.Constant(I32, 0))
                else:
                    self.raise_with(code, self.value(msg), self.typed.types[msg])
                self.builder.branch(self.raise_block)
                self.builder.position_at_end(done)
            case n.Try():
                self.lower_try(stmt)
            case n.Delete(targets=targets):
                for target in targets:
                    assert isinstance(target, n.Subscript)
                    container = self.value(target.value)
                    index = self.value(target.index)
                    self.apply_op(self.typed.ops[target], [(container, self.typed.types[target.value]),
                                                           (index, self.index_type(target))])
            case _:
                raise AssertionError(f"the checker let {type(stmt).__name__} through")

    def index_type(self, target: n.Subscript) -> Type:
        coercion = self.typed.coercions.get(target.index)
        return coercion.target if coercion is not None else self.typed.types[target.index]

    # ---- assignment

    def store_target(self, target: n.Expr, value: ir.Value, ty: Type) -> None:
        """Store ``value`` (of type ``ty``) into a name, a tuple of targets or an item."""
        match target:
            case n.Name():
                binding = self.typed.bindings[target]
                slot = self.context.state_global(binding.key, binding.declared) if binding.kind == "state" \
                    else self.slots[binding.key]
                self.builder.store(self.convert(value, ty, binding.declared), slot)
            case n.Tuple(elts=elts) | n.List(elts=elts):
                if isinstance(ty, TupleType):
                    for index, (elt, item) in enumerate(zip(elts, ty.items)):
                        self.store_target(elt, self.builder.extract_value(value, index), item)
                else:
                    assert isinstance(ty, ListType)
                    length = self.list_len(value)
                    self.check_status(self.call("ssc_unpack_check", length, ir.Constant(I32, len(elts))))
                    items = [self.list_item(value, ir.Constant(I32, i), ty.elem) for i in range(len(elts))]
                    for elt, item in zip(elts, items):
                        self.store_target(elt, item, ty.elem)
            case n.Subscript():
                container = self.value(target.value)
                index = self.value(target.index)
                self.store_item(target, container, index, value, ty)
            case _:
                raise AssertionError(target)

    def store_item(self, target: n.Subscript, container: ir.Value, index: ir.Value, value: ir.Value,
                   ty: Type) -> None:
        container_ty = self.typed.types[target.value]
        op = self.typed.ops[(target, "store")]
        if op.impl == sem.ANY_SETITEM.impl:
            item = self.convert(value, ty, ANY)
            self.check_status(self.call_c("ssc_any_setitem", I32, [container, index, item]))
            return
        if isinstance(container_ty, ListType):
            value = self.convert(value, ty, container_ty.elem)
            slot = self.list_slot(container, index, "list assignment index out of range",
                                  llvm_type(container_ty.elem))
            self.builder.store(value, slot)
        else:
            assert isinstance(container_ty, DictType) and op.impl == "dict_store"
            value = self.convert(value, ty, container_ty.value)
            self.dict_setitem(container_ty, container, index, value)

    def lower_aug_assign(self, stmt: n.AugAssign) -> None:
        op = self.typed.ops[stmt]
        target = stmt.target
        if isinstance(target, n.Name):
            current = self.value(target)
            result = self.binary(op, stmt, target, current, stmt.value, self.value(stmt.value))
            coercion = self.typed.coercions.get(stmt)
            ty = coercion.source if coercion else op.result
            self.store_target(target, result, ty)
            return
        assert isinstance(target, n.Subscript)
        container = self.value(target.value)
        index = self.value(target.index)
        current = self.apply_op(self.typed.ops[target], [(container, self.typed.types[target.value]),
                                                         (index, self.index_type(target))])
        coercion_current = self.typed.coercions.get(target)
        if coercion_current is not None:
            current = self.convert(current, coercion_current.source, coercion_current.target)
        result = self.binary(op, stmt, None, current, stmt.value, self.value(stmt.value))
        coercion = self.typed.coercions.get(stmt)
        self.store_item(target, container, index, result, coercion.source if coercion else op.result)

    # ---- loops

    @contextmanager
    def loop(self, continue_block: ir.Block, break_block: ir.Block) -> Iterator[None]:
        self.state.loops.append(_Loop(continue_block, break_block, len(self.state.finals)))
        try:
            yield
        finally:
            self.state.loops.pop()

    def lower_while(self, stmt: n.While) -> None:
        head = self.function.append_basic_block("while.head")
        body = self.function.append_basic_block("while.body")
        orelse = self.function.append_basic_block("while.else")
        end = self.function.append_basic_block("while.end")
        self.builder.branch(head)
        self.builder.position_at_end(head)
        self.builder.cbranch(self.value(stmt.test), body, orelse)
        self.builder.position_at_end(body)
        with self.loop(head, end):
            self.block(stmt.body)
        if not self.builder.block.is_terminated:
            self.builder.branch(head)
        self.builder.position_at_end(orelse)
        self.block(stmt.orelse)
        if not self.builder.block.is_terminated:
            self.builder.branch(end)
        self.builder.position_at_end(end)

    def lower_for(self, stmt: n.For) -> None:
        iteration = self.typed.iterations[stmt]
        end = self.function.append_basic_block("for.end")
        orelse = self.function.append_basic_block("for.else")

        def body(item: ir.Value, next_block: ir.Block) -> None:
            self.store_target(stmt.target, item, iteration.item)
            with self.loop(next_block, end):
                self.block(stmt.body)

        self.iterate(iteration, body, orelse)
        self.block(stmt.orelse)
        if not self.builder.block.is_terminated:
            self.builder.branch(end)
        self.builder.position_at_end(end)

    def iterate(self, iteration: Iteration, body: Callable[[ir.Value, ir.Block], None], done: ir.Block) -> None:
        """Emit a loop over ``iteration``; call ``body(item, next_block)`` inside; leave at ``done``.

        Each kind keeps a cursor in a stack slot; the loop is

            head: item? -> body -> next: advance -> head;   exhausted -> done
        """
        cursors = self.cursors(iteration)
        head = self.function.append_basic_block("for.head")
        step = self.function.append_basic_block("for.next")
        self.builder.branch(head)
        self.builder.position_at_end(head)
        item = self.next_item(iteration, cursors, done)
        body(item, step)
        if not self.builder.block.is_terminated:
            self.builder.branch(step)
        self.builder.position_at_end(step)
        self.advance(iteration, cursors)
        self.builder.branch(head)
        self.builder.position_at_end(done)

    def cursors(self, it: Iteration) -> list[ir.Value]:
        """Evaluate the iterable and set up the cursor slots of ``it``."""
        if it.kind == "range":
            start_e, stop_e, step_e = it.source
            start = self.value(start_e) if start_e is not None else ir.Constant(I64, 0)
            stop = self.value(stop_e)  # type: ignore[arg-type]
            step = self.value(step_e) if step_e is not None else ir.Constant(I64, 1)
            if step_e is not None:
                zero = self.builder.icmp_signed("==", step, ir.Constant(I64, 0))
                with self.builder.if_then(zero, likely=False):
                    self.raise_text("ValueError", "range() arg 3 must not be zero")
            cursor = self.entry_slot(I64)
            self.builder.store(start, cursor)
            return [cursor, stop, step]
        if it.kind in ("enumerate", "zip"):
            slots = []
            for part in it.parts:
                slots.extend(self.cursors(part))
            if it.kind == "enumerate":
                start = self.value(it.source[0]) if it.source[0] is not None else ir.Constant(I64, 0)
                counter = self.entry_slot(I64)
                self.builder.store(start, counter)
                slots.append(counter)
            return slots
        source = it.source[0]
        assert source is not None
        value = self.value(source)
        if it.kind == "any":   # iter(x): a snapshot list of x's keys, items or characters
            value = self.call_runtime("ssc_any_iter", [(value, ANY)], ListType(ANY))
        cursor = self.entry_slot(I32)
        self.builder.store(ir.Constant(I32, 0), cursor)
        if it.kind.startswith("dict_") or it.kind == "set":
            state = self.entry_slot(ITER_T)
            length = self.builder.load(value, typ=I32)
            start = self.builder.insert_value(ir.Constant(ITER_T, None), length, 1)
            self.builder.store(start, state)
            return [state, value]
        holder = self.entry_slot(value.type)
        self.builder.store(value, holder)
        return [cursor, holder]

    def next_item(self, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        """In the loop head: branch to ``done`` when exhausted, else produce the item."""
        b = self.builder
        if it.kind not in ("enumerate", "zip"):
            more = self.function.append_basic_block("for.item")
        if it.kind == "range":
            cursor, stop, step = cursors
            current = b.load(cursor)
            up = b.icmp_signed(">", step, ir.Constant(I64, 0))
            below = b.icmp_signed("<", current, stop)
            above = b.icmp_signed(">", current, stop)
            b.cbranch(b.select(up, below, above), more, done)
            b.position_at_end(more)
            return current
        if it.kind == "enumerate":
            inner = self.next_item(it.parts[0], cursors[:-1], done)
            count = b.load(cursors[-1])
            pair = ir.Constant(llvm_type(it.item), ir.Undefined)
            pair = b.insert_value(b.insert_value(pair, count, 0), inner, 1)
            return pair
        if it.kind == "zip":
            result = ir.Constant(llvm_type(it.item), ir.Undefined)
            offset = 0
            for index, part in enumerate(it.parts):
                width = _cursor_count(part)
                item = self.next_item(part, cursors[offset:offset + width], done)
                result = b.insert_value(result, item, index)
                offset += width
            return result
        if it.kind.startswith("dict_") or it.kind == "set":
            state, container = cursors
            source_ty = self.typed.types[it.source[0]]
            if isinstance(source_ty, DictType):
                key_ty, value_ty = source_ty.key, source_ty.value
            else:
                assert isinstance(source_ty, SetType)
                key_ty, value_ty = source_ty.elem, NONE
            key_slot = self.entry_slot(llvm_type(key_ty))
            flag = self.entry_slot(I8)
            if isinstance(source_ty, DictType):
                value_slot = self.entry_slot(llvm_type(value_ty))
                status = self.call_c("ssc_dict_iter_next", I32, [container, state, key_slot, value_slot, flag])
            else:
                status = self.call_c("ssc_set_iter_next", I32, [container, state, key_slot, flag])
            self.check_status(status)
            b.cbranch(b.trunc(b.load(flag), I1), more, done)
            b.position_at_end(more)
            key = b.load(key_slot)
            if it.kind in ("dict_keys", "set"):
                return key
            value = b.load(value_slot)
            if it.kind == "dict_values":
                return value
            pair = ir.Constant(llvm_type(it.item), ir.Undefined)
            return b.insert_value(b.insert_value(pair, key, 0), value, 1)
        cursor, holder = cursors
        index = b.load(cursor)
        container = b.load(holder)
        if it.kind in ("list", "any"):
            b.cbranch(b.icmp_signed("<", index, self.list_len(container)), more, done)
            b.position_at_end(more)
            return self.list_item(container, index, it.item)
        if it.kind == "tuple":
            ty = self.typed.types[it.source[0]]
            assert isinstance(ty, TupleType)
            b.cbranch(b.icmp_signed("<", index, ir.Constant(I32, len(ty.items))), more, done)
            b.position_at_end(more)
            return self.tuple_item_dynamic(container, ty, index)
        ptr, length = self.parts(container)
        b.cbranch(b.icmp_signed("<", index, length), more, done)
        b.position_at_end(more)
        if it.kind == "bytes":
            byte = b.load(b.gep(ptr, [index], source_etype=I8), typ=I8)
            return b.zext(byte, I64)
        # str: one code point, as a str of its UTF-8 bytes
        lead = b.load(b.gep(ptr, [index], source_etype=I8), typ=I8)
        width = self.utf8_width(lead)
        item = ir.Constant(BYTES_T, ir.Undefined)
        item = b.insert_value(item, b.gep(ptr, [index], source_etype=I8), 0)
        return b.insert_value(item, width, 1)

    def advance(self, it: Iteration, cursors: list[ir.Value]) -> None:
        b = self.builder
        if it.kind == "range":
            cursor, _, step = cursors
            b.store(b.add(b.load(cursor), step), cursor)
        elif it.kind == "enumerate":
            self.advance(it.parts[0], cursors[:-1])
            b.store(b.add(b.load(cursors[-1]), ir.Constant(I64, 1)), cursors[-1])
        elif it.kind == "zip":
            offset = 0
            for part in it.parts:
                width = _cursor_count(part)
                self.advance(part, cursors[offset:offset + width])
                offset += width
        elif it.kind.startswith("dict_") or it.kind == "set":
            pass  # ssc_dict_next moves its cursor
        elif it.kind == "str":
            cursor, holder = cursors
            ptr, _ = self.parts(b.load(holder))
            index = b.load(cursor)
            width = self.utf8_width(b.load(b.gep(ptr, [index], source_etype=I8), typ=I8))
            b.store(b.add(index, width), cursor)
        else:
            cursor = cursors[0]
            b.store(b.add(b.load(cursor), ir.Constant(I32, 1)), cursor)

    def utf8_width(self, lead: ir.Value) -> ir.Value:
        """Bytes in the UTF-8 sequence that starts with byte ``lead``: 1 to 4.

        ASCII is a branch marked likely rather than arithmetic: the next
        position then need not wait for this byte's load, so a loop over
        mostly-ASCII text runs at the speed of its body."""
        b = self.builder
        lead = b.zext(lead, I32)
        ascii_block = b.block
        with b.if_then(b.icmp_unsigned(">=", lead, ir.Constant(I32, 0x80)), likely=False):
            two = b.icmp_unsigned(">=", lead, ir.Constant(I32, 0xC0))
            three = b.icmp_unsigned(">=", lead, ir.Constant(I32, 0xE0))
            four = b.icmp_unsigned(">=", lead, ir.Constant(I32, 0xF0))
            wide = b.add(ir.Constant(I32, 1), b.zext(two, I32))
            wide = b.add(wide, b.zext(three, I32))
            wide = b.add(wide, b.zext(four, I32))
            wide_block = b.block
        width = b.phi(I32)
        width.add_incoming(ir.Constant(I32, 1), ascii_block)
        width.add_incoming(wide, wide_block)
        return width

    # ---- exceptions

    def lower_raise(self, stmt: n.Raise) -> None:
        if stmt.exc is None:
            handler = self.state.handlers[-1]
            self.call("ssc_exc_restore", handler.saved)
            self.builder.branch(self.raise_block)
            return
        exc = stmt.exc
        match exc:
            case n.Name(id=name) if self.typed.types.get(exc) == EXCEPTION and exc not in self.typed.bindings:
                self.call("ssc_raise", ir.Constant(I32, sem.EXCEPTION_CODES[name]), ir.Constant(PTR, None),
                          ir.Constant(I32, 0))
            case n.Call(func=n.Name(id=name), args=args):
                code = sem.EXCEPTION_CODES[name]
                if not args:
                    self.call("ssc_raise", ir.Constant(I32, code), ir.Constant(PTR, None), ir.Constant(I32, 0))
                else:
                    self.raise_with(code, self.value(args[0]), self.typed.types[args[0]])
            case _:
                value = self.value(exc)
                self.call("ssc_exc_restore", self.spill(value))
        self.builder.branch(self.raise_block)

    def raise_with(self, code: int, value: ir.Value, ty: Type) -> None:
        """Set the pending exception ``E(value)``: message str(value) (repr for KeyError)."""
        if ty == STR and code != sem.EXCEPTION_CODES["KeyError"]:
            self.call("ssc_raise", ir.Constant(I32, code), *self.parts(value))
        else:
            self.call("ssc_raise_value", ir.Constant(I32, code), self.context.descriptor(ty), self.spill(value))

    def raise_text(self, exception: str, message: str) -> None:
        """Raise ``exception(message)`` and branch to the raise target."""
        text = self.context.constant_bytes(message.encode())
        self.call("ssc_raise_message", ir.Constant(I32, sem.EXCEPTION_CODES[exception]),
                  *self.parts(text))
        self.builder.branch(self.raise_block)

    def lower_try(self, stmt: n.Try) -> None:
        outer = self.state.raise_target
        end = self.function.append_basic_block("try.end")
        # an exception escaping the handlers (or the else block) runs finally, then propagates
        if stmt.finalbody:
            unwind_block = self.function.append_basic_block("finally.exc")
            self.state.finals.append(_Finally(stmt.finalbody, outer, len(self.state.handlers)))
        else:
            unwind_block = outer
        dispatch = self.function.append_basic_block("except") if stmt.handlers else unwind_block
        # body
        self.state.raise_target = dispatch
        self.block(stmt.body)
        self.state.raise_target = unwind_block
        if not self.builder.block.is_terminated:
            self.block(stmt.orelse)
        if not self.builder.block.is_terminated:
            self.run_finally(stmt)
            if not self.builder.block.is_terminated:
                self.builder.branch(end)
        # handlers
        if stmt.handlers:
            self.builder.position_at_end(dispatch)
            for handler in stmt.handlers:
                matched = self.function.append_basic_block("except.match")
                following = self.function.append_basic_block("except.next")
                code = self.typed.handlers[handler]
                hit = self.call("ssc_exc_matches", ir.Constant(I32, code))
                self.builder.cbranch(self.builder.icmp_signed("!=", hit, ir.Constant(I32, 0)), matched, following)
                self.builder.position_at_end(matched)
                saved = self.entry_slot(EXCEPTION_T)
                self.call("ssc_exc_fetch", saved)
                binding = self.typed.bindings.get(handler)
                if binding is not None:
                    self.builder.store(self.builder.load(saved), self.slots[binding.key])
                self.state.handlers.append(_Handler(saved))
                self.block(handler.body)
                self.state.handlers.pop()
                if not self.builder.block.is_terminated:
                    self.run_finally(stmt)
                    if not self.builder.block.is_terminated:
                        self.builder.branch(end)
                self.builder.position_at_end(following)
            self.builder.branch(unwind_block)
        if stmt.finalbody:
            final = self.state.finals.pop()
            self.builder.position_at_end(unwind_block)
            saved = self.entry_slot(EXCEPTION_T)
            self.call("ssc_exc_fetch", saved)
            self.state.raise_target = outer
            self.block(final.body)
            if not self.builder.block.is_terminated:
                self.call("ssc_exc_restore", saved)
                self.builder.branch(outer)
        self.state.raise_target = outer
        self.builder.position_at_end(end)

    def run_finally(self, stmt: n.Try) -> None:
        """The normal way out of a try statement: run its finally block, if any."""
        if stmt.finalbody:
            final = self.state.finals.pop()
            saved_target = self.state.raise_target
            self.state.raise_target = final.raise_target
            self.block(final.body)
            self.state.raise_target = saved_target
            self.state.finals.append(final)

    def unwind(self, depth: int, handler_depth: int) -> None:
        """Before return/break/continue: run the finally blocks above ``depth``, innermost first."""
        finals = self.state.finals
        saved_target = self.state.raise_target
        for index in range(len(finals) - 1, depth - 1, -1):
            final = finals[index]
            self.state.finals = finals[:index]
            self.state.raise_target = final.raise_target
            self.block(final.body)
            if self.builder.block.is_terminated:
                break
        self.state.finals = finals
        self.state.raise_target = saved_target

    # ---- expressions

    def value(self, expr: n.Expr) -> ir.Value:
        """The value of ``expr``, converted as the checker recorded."""
        coercion = self.typed.coercions.get(expr)
        if coercion is not None and coercion.target == ANY and isinstance(expr, n.Constant):
            return self.context.any_constant(expr.value)   # a constant box, made at compile time
        result = self.lower_expr(expr)
        if coercion is not None:
            if coercion.truth is not None:
                return self.truth(coercion.truth, result, coercion.source)
            result = self.convert(result, coercion.source, coercion.target)
        return result

    def lower_expr(self, expr: n.Expr) -> ir.Value:
        ty = self.typed.types[expr]
        match expr:
            case n.Constant(value=value):
                return self.constant(value, ty)
            case n.Name():
                return self.load_name(expr)
            case n.BinOp(left=left, right=right):
                return self.binary(self.typed.ops[expr], expr, left, self.value(left), right, self.value(right))
            case n.UnaryOp(op="not", operand=operand):
                return self.builder.not_(self.value(operand))
            case n.UnaryOp(operand=operand):
                return self.apply_op(self.typed.ops[expr], [(self.value(operand), self.operand_type(operand))])
            case n.Compare():
                return self.compare(expr)
            case n.BoolOp(op=op, values=values):
                if self.typed.ops[expr].impl == "short_circuit_truth":
                    return self.short_circuit_truth(op, values)
                return self.short_circuit(expr, op, values, ty)
            case n.IfExp(test=test, body=body, orelse=orelse):
                cond = self.value(test)
                then_block = self.function.append_basic_block("ifexp.then")
                else_block = self.function.append_basic_block("ifexp.else")
                end = self.function.append_basic_block("ifexp.end")
                self.builder.cbranch(cond, then_block, else_block)
                incoming = []
                for block, part in ((then_block, body), (else_block, orelse)):
                    self.builder.position_at_end(block)
                    incoming.append((self.value(part), self.builder.block))
                    self.builder.branch(end)
                self.builder.position_at_end(end)
                phi = self.builder.phi(llvm_type(ty))
                for value, block in incoming:
                    phi.add_incoming(value, block)
                return phi
            case n.Call():
                return self.lower_call(expr)
            case n.Attribute(value=receiver):
                value = self.apply_op(self.typed.ops[expr], [(self.value(receiver), self.typed.types[receiver])])
                if expr in self.typed.narrowed:
                    return self.builder.extract_value(value, 1)  # known present
                return value
            case n.Subscript():
                return self.subscript(expr)
            case n.Tuple(elts=elts):
                result: ir.Value = ir.Constant(llvm_type(ty), ir.Undefined)
                for index, elt in enumerate(elts):
                    result = self.builder.insert_value(result, self.value(elt), index)
                return result
            case n.List(elts=elts):
                assert isinstance(ty, ListType)
                lst = self.call("ssc_list_new", self.context.descriptor(ty.elem), ir.Constant(I32, len(elts)))
                for elt in elts:
                    self.call("ssc_list_append", lst, self.spill(self.value(elt)))
                return lst
            case n.Set(elts=elts):
                assert isinstance(ty, SetType)
                result = self.new_dict(ty)
                for elt in elts:
                    self.check_status(self.call_c("ssc_set_add", I32, [result, self.spill(self.value(elt))]))
                return result
            case n.Dict(keys=keys, values=values):
                assert isinstance(ty, DictType)
                result = self.new_dict(ty)
                for key, value in zip(keys, values):
                    k = self.value(key)  # type: ignore[arg-type]
                    v = self.value(value)
                    self.dict_setitem(ty, result, k, v)
                return result
            case n.ListComp() | n.SetComp() | n.DictComp():
                return self.comprehension(expr, ty)
            case n.JoinedStr():
                return self.fstring(expr)
        raise AssertionError(f"the checker let {type(expr).__name__} through")

    def operand_type(self, expr: n.Expr) -> Type:
        coercion = self.typed.coercions.get(expr)
        return coercion.target if coercion is not None else self.typed.types[expr]

    def load_name(self, expr: n.Name) -> ir.Value:
        binding = self.typed.bindings[expr]
        if binding.kind == "state":
            return self.builder.load(self.context.state_global(binding.key, binding.declared),
                                     typ=llvm_type(binding.declared), name=expr.id)
        if binding.kind == "constant":
            info = self.typed.constants[binding.key]
            if family(info.type) in ("list", "dict", "set"):
                return self.builder.load(self.context.constant_global(binding.key, info.type), typ=PTR)
            return self.value(info.value) if info.value not in self.typed.coercions else \
                self.convert(self.lower_expr(info.value), self.typed.coercions[info.value].source, info.type)
        value = self.builder.load(self.slots[binding.key], name=expr.id)
        if expr in self.typed.narrowed:
            return self.builder.extract_value(value, 1)
        return value

    def constant(self, value: object, ty: Type) -> ir.Value:
        if ty == BOOL:
            return ir.Constant(I1, int(bool(value)))
        if ty == NONE:
            return ir.Constant(I1, 0)
        if ty == INT:
            return ir.Constant(I64, value)
        if ty == FLOAT:
            return ir.Constant(F64, value)
        if ty == STR:
            return self.context.constant_bytes(str(value).encode("utf-8"))
        if ty == BYTES:
            assert isinstance(value, bytes)
            return self.context.constant_bytes(value)
        raise AssertionError(f"no constant of type {ty}")

    def binary(self, op: sem.Op, expr: n.Node, left: n.Expr | None, lhs: ir.Value, right: n.Expr,
               rhs: ir.Value) -> ir.Value:
        lty = self.operand_type(left) if left is not None else op.result
        if left is not None and isinstance(expr, n.AugAssign):
            lty = self.operand_type(left)
        return self.apply_op(op, [(lhs, lty), (rhs, self.operand_type(right))])

    def compare(self, expr: n.Compare) -> ir.Value:
        """``a < b < c``: each link evaluated once, left to right, stopping at the first False."""
        operands = (expr.left, *expr.comparators)
        done = self.function.append_basic_block("cmp.done")
        incoming = []
        lhs = self.value(expr.left)
        for index, op_text in enumerate(expr.ops):
            right = operands[index + 1]
            rhs = self.value(right)
            op = self.typed.ops[(expr, index)]
            result = self.compare_link(expr, index, op, op_text, lhs, self.operand_type(operands[index]), rhs,
                                       self.operand_type(right))
            incoming.append((result, self.builder.block))
            if index < len(expr.ops) - 1:
                following = self.function.append_basic_block("cmp.next")
                self.builder.cbranch(result, following, done)
                self.builder.position_at_end(following)
            lhs = rhs
        self.builder.branch(done)
        self.builder.position_at_end(done)
        if len(incoming) == 1:
            phi = self.builder.phi(I1)
            phi.add_incoming(*incoming[0])
            return phi
        phi = self.builder.phi(I1)
        for value, block in incoming:
            phi.add_incoming(value, block)
        return phi

    def compare_link(self, expr: n.Compare, index: int, op: sem.Op, op_text: str, lhs: ir.Value, lty: Type,
                     rhs: ir.Value, rty: Type) -> ir.Value:
        b = self.builder
        code = sem.COMPARE_CODES.get(op_text, 0)
        impl = op.impl
        if impl == "int_compare":
            result = b.icmp_signed(op_text, lhs, rhs)
        elif impl == "float_compare":
            result = b.fcmp_unordered(op_text, lhs, rhs) if op_text == "!=" else b.fcmp_ordered(op_text, lhs, rhs)
        elif impl in ("int_float_compare", "float_int_compare"):
            if impl == "float_int_compare":
                lhs, rhs = rhs, lhs
                code = {2: 4, 3: 5, 4: 2, 5: 3}.get(code, code)
            out = self.entry_slot(I8)
            self.call("ssc_int_float_compare", lhs, rhs, ir.Constant(I32, code), out)
            result = b.trunc(b.load(out), I1)
        elif impl == "bytes_order":
            result = b.icmp_signed(op_text, self.bytes_order(lhs, rhs), ir.Constant(I32, 0))
        elif impl == "is_none":
            value, ty = (lhs, lty) if rty == NONE else (rhs, rty)
            if isinstance(ty, OptionalType):
                result = b.not_(b.extract_value(value, 0))
            else:
                result = ir.Constant(I1, 1 if ty == NONE else 0)
        elif impl == "value_eq":
            result = b.icmp_signed("!=", self.call("ssc_value_eq", self.context.descriptor(lty), self.spill(lhs),
                                                   self.spill(rhs)), ir.Constant(I32, 0))
        elif impl == "value_order":
            out = self.entry_slot(I8)
            self.check_status(self.call("ssc_value_compare", self.context.descriptor(lty), self.spill(lhs),
                                        self.spill(rhs), ir.Constant(I32, code), out))
            result = b.trunc(b.load(out), I1)
        elif impl == "tuple_contains":
            assert isinstance(rty, TupleType)
            item_op = self.typed.ops[(expr, "item_eq")]
            result = ir.Constant(I1, 0)
            for position, item_ty in enumerate(rty.items):
                item = b.extract_value(rhs, position)
                same = self.compare_link(expr, index, item_op, "==", lhs, item_ty, item, item_ty)
                result = b.or_(result, same)
        elif impl == sem.ANY_COMPARE.impl and op_text in ("==", "!=") and \
                any(_str_constant(e) for e in (expr.left, *expr.comparators)[index:index + 2]):
            # == against a str constant: equal only to a str with the same text
            value = rhs if _str_constant((expr.left, *expr.comparators)[index]) else lhs
            constant = lhs if value is rhs else rhs
            same = self.call_c("ssc_any_eq_str", I32, [value, constant])
            result = b.icmp_signed("!=" if op_text == "==" else "==", same, ir.Constant(I32, 0))
        elif impl == sem.ANY_COMPARE.impl and _number_constant((expr.left, *expr.comparators), index) is not None:
            # x < 100 against an int or float constant: no boxing, no code for other operand types
            number = _number_constant((expr.left, *expr.comparators), index)
            value = lhs
            is_float = isinstance(number, float)
            out = self.entry_slot(I8)
            self.check_status(self.call_c("ssc_any_compare_float" if is_float else "ssc_any_compare_int", I32,
                                          [value, ir.Constant(F64 if is_float else I64, number),
                                           ir.Constant(I32, code), out]))
            result = b.trunc(b.load(out), I1)
        elif impl == sem.ANY_COMPARE.impl:
            out = self.entry_slot(I8)
            self.check_status(self.call_c("ssc_any_compare", I32, [lhs, rhs, ir.Constant(I32, code), out]))
            result = b.trunc(b.load(out), I1)
        elif impl == sem.ANY_IS_NONE.impl:
            value = lhs if lty == ANY else rhs
            result = b.icmp_signed("==", b.load(value, typ=I32), ir.Constant(I32, sem.ANY_ISINSTANCE_TAGS["None"]))
        elif impl == sem.ANY_CONTAINS.impl:
            out = self.entry_slot(I8)
            self.check_status(self.call_c("ssc_any_contains", I32, [rhs, lhs, out]))
            result = b.trunc(b.load(out), I1)
        elif impl == sem.ANY_IN_ITEMS.impl:
            assert isinstance(rty, TupleType)
            right = (expr.left, *expr.comparators)[index + 1]
            literal = right.elts if isinstance(right, n.Tuple) else None
            result = ir.Constant(I1, 0)
            for position, item_ty in enumerate(rty.items):
                element = literal[position] if literal is not None else None
                if isinstance(element, n.Constant) and item_ty != ANY:
                    item = self.context.any_constant(element.value)
                else:
                    item = self.convert(b.extract_value(rhs, position), item_ty, ANY)
                equality = "ssc_any_eq_str" if element is not None and _str_constant(element) else "ssc_any_eq"
                same = self.call_c(equality, I32, [lhs, item])
                result = b.or_(result, b.icmp_signed("!=", same, ir.Constant(I32, 0)))
        elif impl == "list_contains":
            out = self.entry_slot(I8)
            self.check_status(self.call_c("ssc_list_contains", I32, [rhs, self.spill(lhs), out]))
            result = b.trunc(b.load(out), I1)
        elif impl == "dict_contains":
            key_ty = rty.key if isinstance(rty, DictType) else rty.elem if isinstance(rty, SetType) else None
            lookup = "ssc_dict_lookup_text" if key_ty in (STR, BYTES) else "ssc_dict_lookup"
            found = self.call_c(lookup, PTR, [rhs, self.spill(lhs)])
            result = b.icmp_unsigned("!=", found, ir.Constant(PTR, None))
        else:
            return self.apply_op(op, [(lhs, lty), (rhs, rty)])
        if op.negate:
            result = b.not_(result)
        return result

    def order(self, a: ir.Value, b_value: ir.Value, ty: Type, op_text: str) -> ir.Value:
        """``a < b`` (or another order) for two values of type ``ty``, as CPython compares them."""
        b = self.builder
        if ty in (INT, BOOL):
            return b.icmp_signed(op_text, a, b_value)
        if ty == FLOAT:
            return b.fcmp_ordered(op_text, a, b_value)
        if ty in (STR, BYTES):
            return b.icmp_signed(op_text, self.bytes_order(a, b_value), ir.Constant(I32, 0))
        out = self.entry_slot(I8)
        self.check_status(self.call("ssc_value_compare", self.context.descriptor(ty), self.spill(a),
                                    self.spill(b_value), ir.Constant(I32, sem.COMPARE_CODES[op_text]), out))
        return b.trunc(b.load(out), I1)

    def bytes_order(self, lhs: ir.Value, rhs: ir.Value) -> ir.Value:
        """``ssc_bytes_order`` of two str or bytes (-1, 0 or 1), its usual case inline: the
        first bytes differ (an empty value sorts first: it counts as byte -1)."""
        b = self.builder
        firsts = []
        lengths = []
        for ptr, length in (self.parts(lhs), self.parts(rhs)):
            empty = b.icmp_signed("<=", length, ir.Constant(I32, 0))
            nowhere = b.bitcast(b.extract_value(self.context.constant_bytes(b""), 0), ptr.type)
            safe = b.select(empty, nowhere, ptr)   # an empty value's pointer may be one past the end
            byte = b.zext(b.load(safe, typ=I8), I32)
            firsts.append(b.select(empty, ir.Constant(I32, -1), byte))
            lengths.append(length)
        differ = b.icmp_signed("!=", firsts[0], firsts[1])
        quick = b.select(b.icmp_signed("<", firsts[0], firsts[1]), ir.Constant(I32, -1), ir.Constant(I32, 1))
        for side, value in enumerate((lhs, rhs)):
            if _constant_length(value) == 1:
                # Against a one-byte constant the first bytes decide, or else the
                # other's length does: no call, and no branch (x <= "9" stays a select).
                longer = b.icmp_signed(">", lengths[1 - side], ir.Constant(I32, 1))
                tie = b.select(longer, ir.Constant(I32, 1 if side == 1 else -1), ir.Constant(I32, 0))
                return b.select(differ, quick, tie)
        before = b.block
        with b.if_then(b.not_(differ), likely=False):
            slow = self.call("ssc_bytes_order", *self.parts(lhs), *self.parts(rhs))
            slow_block = b.block
        order = b.phi(I32)
        order.add_incoming(quick, before)
        order.add_incoming(slow, slow_block)
        return order

    def short_circuit_truth(self, op: str, values: tuple[n.Expr, ...]) -> ir.Value:
        """``a and b`` as a condition: evaluate left to right, stop at the first False (``or``: True)."""
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

    def short_circuit(self, expr: n.BoolOp, op: str, values: tuple[n.Expr, ...], ty: Type) -> ir.Value:
        """``a or b`` as a value: the first truthy operand, converted to the result type."""
        done = self.function.append_basic_block(f"{op}.done")
        incoming = []
        for index, value in enumerate(values):
            raw = self.value(value)
            coercion = self.typed.coercions.get((value, "result"))
            if index < len(values) - 1:
                truth_op = self.typed.ops[(value, "truth")]
                truthy = self.truth(truth_op, raw, self.typed.types[value])
                following = self.function.append_basic_block(f"{op}.next")
                leave = self.function.append_basic_block(f"{op}.take")
                if op == "and":
                    self.builder.cbranch(truthy, following, leave)
                else:
                    self.builder.cbranch(truthy, leave, following)
                self.builder.position_at_end(leave)
                result = self.convert(raw, coercion.source, coercion.target) if coercion else raw
                incoming.append((result, self.builder.block))
                self.builder.branch(done)
                self.builder.position_at_end(following)
            else:
                result = self.convert(raw, coercion.source, coercion.target) if coercion else raw
                incoming.append((result, self.builder.block))
                self.builder.branch(done)
        self.builder.position_at_end(done)
        phi = self.builder.phi(llvm_type(ty))
        for result, block in incoming:
            phi.add_incoming(result, block)
        return phi

    def truth(self, op: sem.Op, value: ir.Value, ty: Type) -> ir.Value:
        """bool(value) for a value of type ``ty``, by the checker's truth op."""
        b = self.builder
        match op.impl:
            case "identity":
                return value
            case "int_truth":
                return b.icmp_signed("!=", value, ir.Constant(I64, 0))
            case "float_truth":
                return b.fcmp_unordered("!=", value, ir.Constant(F64, 0.0))
            case "len_truth":
                return b.icmp_signed("!=", b.extract_value(value, 1), ir.Constant(I32, 0))
            case "false":
                return ir.Constant(I1, 0)
            case "true":
                return ir.Constant(I1, 1)
            case "tuple_truth":
                assert isinstance(ty, TupleType)
                return ir.Constant(I1, 1 if ty.items else 0)
            case "container_truth":
                return b.icmp_signed("!=", self.list_len(value), ir.Constant(I32, 0))
            case "any_truth":
                return b.icmp_signed("!=", self.call_c("ssc_any_truth", I32, [value]), ir.Constant(I32, 0))
            case "optional_truth":
                assert isinstance(ty, OptionalType)
                present = b.extract_value(value, 0)
                inner_op = sem.TRUTH[family(ty.inner)]
                with b.if_else(present) as (then, otherwise):
                    with then:
                        then_block = b.block
                        inner = self.truth(inner_op, b.extract_value(value, 1), ty.inner)
                        then_end = b.block
                    with otherwise:
                        else_block = b.block
                del then_block
                phi = b.phi(I1)
                phi.add_incoming(inner, then_end)
                phi.add_incoming(ir.Constant(I1, 0), else_block)
                return phi
        raise AssertionError(op.impl)

    def convert(self, value: ir.Value, source: Type, target: Type) -> ir.Value:
        """An implicit conversion the checker allowed (see ``check.Coercion``)."""
        b = self.builder
        if source == target or (source in (STR, BYTES) and target in (STR, BYTES)):
            return value
        if target == ANY:
            return self.box(value, source)
        if source == ANY:
            out = self.entry_slot(llvm_type(target))
            scalar = sem.ANY_UNBOX_SCALAR.get(target)
            if scalar is not None:
                self.check_status(self.call_c(scalar, I32, [value, out]))
            else:
                self.check_status(self.call_c("ssc_any_unbox", I32, [value, self.context.descriptor(target), out]))
            return b.load(out)
        if family(source) == family(target) and family(source) in ("list", "dict", "set"):
            return value  # an empty display typed by its context
        if source == BOOL and target == INT:
            return b.zext(value, I64)
        if source == BOOL and target == FLOAT:
            return b.uitofp(value, F64)
        if source == INT and target == FLOAT:
            return b.sitofp(value, F64)
        if isinstance(source, OptionalType) and not isinstance(target, OptionalType):
            return self.convert(b.extract_value(value, 1), source.inner, target)  # known present
        if isinstance(target, OptionalType):
            # zero, not undef, in an absent value: C parameters are noundef
            wrapped = ir.Constant(llvm_type(target), None)
            if source == NONE:
                return b.insert_value(wrapped, ir.Constant(I1, 0), 0)
            if isinstance(source, OptionalType):
                present = b.extract_value(value, 0)
                inner = self.convert(b.extract_value(value, 1), source.inner, target.inner)
            else:
                present, inner = ir.Constant(I1, 1), self.convert(value, source, target.inner)
            wrapped = b.insert_value(wrapped, present, 0)
            return b.insert_value(wrapped, inner, 1)
        if isinstance(source, TupleType) and isinstance(target, ListType):
            lst = self.call("ssc_list_new", self.context.descriptor(target.elem), ir.Constant(I32, len(source.items)))
            for index, item_ty in enumerate(source.items):
                item = self.convert(b.extract_value(value, index), item_ty, target.elem)
                self.call("ssc_list_append", lst, self.spill(item))
            return lst
        if isinstance(source, TupleType) and isinstance(target, TupleType):
            result: ir.Value = ir.Constant(llvm_type(target), ir.Undefined)
            for index, (s, t) in enumerate(zip(source.items, target.items)):
                item = self.convert(b.extract_value(value, index), s, t)
                result = b.insert_value(result, item, index)
            return result
        raise AssertionError(f"no conversion from {source} to {target}")

    def box(self, value: ir.Value, source: Type) -> ir.Value:
        """``value`` of type ``source`` as an Any (a pointer to an ssc_any box)."""
        b = self.builder
        if source == NONE:
            return self.context.any_constant(None)
        if source == BOOL:
            return b.select(value, self.context.any_constant(True), self.context.any_constant(False))
        if source == INT:
            return self.call_c("ssc_any_from_int", PTR, [value])
        if source == FLOAT:
            return self.call_c("ssc_any_from_float", PTR, [value])
        if source == STR:
            return self.call_c("ssc_any_from_str", PTR, list(self.parts(value)))
        if source in (ListType(ANY), DictType(ANY, ANY)):
            # already a dynamic list or dict: the box shares it, as Python shares objects
            box = self.call_c("ssc_alloc", PTR, [ir.Constant(I32, 16)])
            tag = sem.ANY_ISINSTANCE_TAGS[family(source)]
            b.store(ir.Constant(I32, tag), box)
            b.store(ir.Constant(I32, 0), b.gep(box, [ir.Constant(I32, 4)], source_etype=I8))
            b.store(value, b.gep(box, [ir.Constant(I32, 8)], source_etype=I8))
            return box
        out = self.entry_slot(PTR)
        self.check_status(self.call_c("ssc_any_box", I32, [self.context.descriptor(source), self.spill(value), out]))
        return b.load(out)

    # ---- subscripts

    def subscript(self, expr: n.Subscript) -> ir.Value:
        op = self.typed.ops[expr]
        container = self.value(expr.value)
        container_ty = self.typed.types[expr.value]
        if isinstance(expr.index, n.Slice):
            if op.impl == "tuple_slice":
                assert isinstance(container_ty, TupleType)
                parts = [_literal_int(p) for p in (expr.index.lower, expr.index.upper, expr.index.step)]
                indices = range(len(container_ty.items))[slice(*parts)]
                result: ir.Value = ir.Constant(llvm_type(op.result), ir.Undefined)
                for position, source in enumerate(indices):
                    result = self.builder.insert_value(result, self.builder.extract_value(container, source),
                                                       position)
                return result
            bounds = []
            for part in (expr.index.lower, expr.index.upper, expr.index.step):
                if part is None:
                    bounds.append((ir.Constant(llvm_type(OptionalType(INT)), [ir.Constant(I1, 0),
                                                                               ir.Constant(I64, 0)]),
                                   OptionalType(INT)))
                else:
                    bounds.append((self.value(part), OptionalType(INT)))
            if op.impl == sem.ANY_GETSLICE.impl:
                return self.call_runtime(op.impl, [(container, ANY), *bounds], ANY)
            name = {"str": "ssc_str_slice", "bytes": "ssc_bytes_slice", "list": "ssc_list_slice"}[op.impl[:-6]]
            return self.call_runtime(name, [(container, container_ty), *bounds], op.result)
        if op.impl == "tuple_get":
            assert isinstance(container_ty, TupleType)
            position = _literal_int(expr.index)
            assert position is not None
            return self.builder.extract_value(container, position % len(container_ty.items))
        index = self.value(expr.index)
        if op.impl == "tuple_get_dynamic":
            assert isinstance(container_ty, TupleType)
            b = self.builder
            count = ir.Constant(I64, len(container_ty.items))
            position = b.select(b.icmp_signed("<", index, ir.Constant(I64, 0)), b.add(index, count), index)
            with b.if_then(b.icmp_unsigned(">=", position, count), likely=False):
                self.raise_text("IndexError", "tuple index out of range")
            return self.tuple_item_dynamic(container, container_ty, b.trunc(position, I32))
        return self.apply_op(op, [(container, container_ty), (index, self.index_type(expr))])

    def list_len(self, lst: ir.Value) -> ir.Value:
        """``ssc_list.len`` (also the first field of ssc_dict)."""
        return self.builder.load(lst, typ=I32)

    def list_slot(self, lst: ir.Value, index: ir.Value, message: str, elem_ty: ir.Type) -> ir.Value:
        """Address of ``lst[index]`` with Python's negative indices; IndexError(message) outside."""
        b = self.builder
        length = b.sext(self.list_len(lst), I64)
        negative = b.icmp_signed("<", index, ir.Constant(I64, 0))
        position = b.select(negative, b.add(index, length), index)
        outside = b.icmp_unsigned(">=", position, length)
        with b.if_then(outside, likely=False):
            self.raise_text("IndexError", message)
        data = b.load(b.gep(lst, [ir.Constant(I32, 8)], inbounds=True, source_etype=I8), typ=PTR)
        return b.gep(data, [b.trunc(position, I32)], source_etype=elem_ty)

    def list_item(self, lst: ir.Value, index: ir.Value, elem: Type) -> ir.Value:
        b = self.builder
        data = b.load(b.gep(lst, [ir.Constant(I32, 8)], inbounds=True, source_etype=I8), typ=PTR)
        return b.load(b.gep(data, [index], source_etype=llvm_type(elem)), typ=llvm_type(elem))

    def tuple_item_dynamic(self, value: ir.Value, ty: TupleType, index: ir.Value) -> ir.Value:
        slot = self.spill(value)
        return self.builder.load(self.builder.gep(slot, [ir.Constant(I32, 0), index],
                                                  source_etype=ir.ArrayType(llvm_type(ty.items[0]), len(ty.items))),
                                 typ=llvm_type(ty.items[0]))

    # ---- calls

    def builder_slot(self, name: n.Expr) -> ir.Value | None:
        """The slot of a string-builder local (BUILDER_T), when ``name`` is one."""
        binding = self.typed.bindings.get(name) if isinstance(name, n.Name) else None
        if self.info is None or binding is None or binding.key not in self.info.builders:
            return None
        return self.slots[binding.key]

    def builder_call(self, call: n.Call, op: sem.Op) -> ir.Value:
        """``parts.append(x)`` or ``SEP.join(parts)`` on a string builder (check._string_builders)."""
        b = self.builder
        if op.impl == "builder_join":
            slot = self.builder_slot(call.args[0])
            buf = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)])
            ptr = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)]), typ=PTR)
            length = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)]), typ=I32)
            return b.insert_value(b.insert_value(ir.Constant(BYTES_T, ir.Undefined), ptr, 0), length, 1)
        assert isinstance(call.func, n.Attribute)
        slot = self.builder_slot(call.func.value)
        binding = self.typed.bindings[call.func.value]
        separator = self.info.builders[binding.key]
        item = self.value(call.args[0])
        buf = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)])
        count_slot = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 1)])
        count = b.load(count_slot, typ=I32)
        if separator:
            with b.if_then(b.icmp_signed(">", count, ir.Constant(I32, 0))):
                self.builder_buffer_call(slot, "ssc_buf_put", *self.parts(self.context.constant_bytes(separator)))
        b.store(b.add(count, ir.Constant(I32, 1)), count_slot)
        ptr, length = self.parts(item)
        used_slot = b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)])
        used = b.load(used_slot, typ=I32)
        cap = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 2)]), typ=I32)
        one_fits = b.and_(b.icmp_signed("==", length, ir.Constant(I32, 1)), b.icmp_signed("<", used, cap))
        with b.if_else(one_fits, likely=True) as (fast, slow):
            with fast:   # a character: one byte stored, no call
                data = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)]), typ=PTR)
                b.store(b.load(ptr, typ=I8), b.gep(data, [used], source_etype=I8))
                b.store(b.add(used, ir.Constant(I32, 1)), used_slot)
            with slow:
                self.builder_buffer_call(slot, "ssc_buf_put", ptr, length)
        return ir.Constant(I1, 0)

    def builder_buffer_call(self, slot: ir.Value, name: str, *args: ir.Value) -> None:
        """Call ``name`` (ssc_buf_init, ssc_buf_put) on a string builder's buffer through a
        copy of it, so that the builder's own slot never escapes and LLVM can keep its
        fields in registers across a loop of appends."""
        b = self.builder
        buf = b.gep(slot, [ir.Constant(I32, 0), ir.Constant(I32, 0)])
        temp = self.entry_slot(BUF_T)
        b.store(b.load(buf, typ=BUF_T), temp)
        self.call(name, temp, *args)
        b.store(b.load(temp, typ=BUF_T), buf)

    def lower_call(self, call: n.Call) -> ir.Value:
        op = self.typed.ops[call]
        if op.impl in ("builder_append", "builder_join"):
            return self.builder_call(call, op)
        if op.impl == sem.JSON_DUMPS.impl:
            return self.json_dumps(call)
        if op.impl in ("ssc_json_loads_str", "ssc_json_loads_bytes"):
            return self.apply_op(op, [(self.value(call.args[0]), self.operand_type(call.args[0]))])
        if op.impl == sem.ANY_STR_METHOD:
            assert isinstance(call.func, n.Attribute)
            text = self.entry_slot(BYTES_T)
            name = self.context.constant_bytes(call.func.attr.encode() + b"\0")
            self.check_status(self.call_c("ssc_any_expect_str", I32,
                                          [self.value(call.func.value), self.builder.extract_value(name, 0), text]))
            inner = self.typed.ops[(call, "str")]
            args = [(self.builder.load(text), STR)]
            for param, arg in zip(inner.params, self.typed.arguments.get(call, ())):
                args.append(self.argument(arg, param))
            return self.apply_op(inner, args, [False] * len(args))
        if op.impl == "call_function":
            binding = self.typed.bindings[call]
            callee = self.context.functions[binding.key]
            args = [self.value(arg) for arg in self.typed.arguments[call]]  # type: ignore[arg-type]
            slot = self.entry_slot(llvm_type(op.result))
            # CPython's recursion limit: count the nesting around the call
            self.check_status(self.call("ssc_call_enter"))
            status = self.builder.call(callee, [slot, *args])
            self.call("ssc_call_leave")
            self.check_status(status)
            return self.builder.load(slot)
        if isinstance(call.func, n.Attribute):
            receiver = call.func.value
            args = [(self.value(receiver), self.typed.types[receiver])]
            by_ref = [False]
            if call in self.typed.arguments:
                for param, arg in zip(op.params, self.typed.arguments[call]):
                    args.append(self.argument(arg, param))
                    by_ref.append(_is_placeholder(param.type))
            return self.apply_op(op, args, by_ref)
        if call in self.typed.arguments:
            args = [self.argument(arg, param) for param, arg in zip(op.params, self.typed.arguments[call])]
            return self.apply_op(op, args, [_is_placeholder(param.type) for param in op.params])
        special = SPECIAL_CALLS.get(op.impl)
        if special is not None:
            return special(self, call, op)
        return self.apply_op(op, [(self.value(arg), self.operand_type(arg)) for arg in call.args])

    def json_dumps(self, call: n.Call) -> ir.Value:
        """json.dumps(obj, indent=..., separators=..., sort_keys=..., ensure_ascii=..., allow_nan=...):
        the options gathered into an ssc_json_opts, then ssc_json_dumps."""
        b = self.builder
        obj, indent, separators, sort_keys, ensure_ascii, allow_nan = self.typed.arguments[call]
        assert obj is not None
        value = self.value(obj)
        obj_ty = self.operand_type(obj)
        has_indent = indent is not None and self.typed.types[indent] != NONE
        indent_text: ir.Value = self.context.constant_bytes(b"")
        if has_indent:
            assert indent is not None
            given = self.value(indent)
            if self.typed.types[indent] == STR:
                indent_text = given
            else:   # an int n: n spaces (none when n < 0)
                width = b.select(b.icmp_signed("<", given, ir.Constant(I64, 0)), ir.Constant(I64, 0), given)
                indent_text = self.call_runtime("ssc_str_repeat", [(self.context.constant_bytes(b" "), STR),
                                                                   (width, INT)], STR)
        item_sep = self.context.constant_bytes(b"," if has_indent else b", ")
        key_sep = self.context.constant_bytes(b": ")
        if separators is not None and self.typed.types[separators] != NONE:
            pair = self.value(separators)
            item_sep, key_sep = b.extract_value(pair, 0), b.extract_value(pair, 1)
        flags = []
        for option, default in ((sort_keys, 0), (ensure_ascii, 1), (allow_nan, 1)):
            flags.append(b.zext(self.value(option), I32) if option is not None else ir.Constant(I32, default))
        opts: ir.Value = ir.Constant(JSON_OPTS_T, ir.Undefined)
        for position, part in enumerate((ir.Constant(I32, int(has_indent)), indent_text, item_sep, key_sep, *flags)):
            opts = b.insert_value(opts, part, position)
        buf = self.entry_slot(BUF_T)
        self.call("ssc_buf_init", buf, ir.Constant(I32, 256))   # a JSON record's text, usually
        self.check_status(self.call_c("ssc_json_dumps", I32, [buf, self.context.descriptor(obj_ty), self.spill(value),
                                                             self.spill(opts)]))
        return self.buffer_text(buf)

    def buffer_text(self, buf: ir.Value) -> ir.Value:
        """The {ptr, len} of an ssc_buf's contents."""
        b = self.builder
        ptr = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=BUF_T), typ=PTR)
        length = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=BUF_T), typ=I32)
        result = ir.Constant(BYTES_T, ir.Undefined)
        return b.insert_value(b.insert_value(result, ptr, 0), length, 1)

    def argument(self, arg: n.Expr | None, param: sem.Param) -> tuple[ir.Value, Type]:
        if arg is not None:
            return self.value(arg), self.operand_type(arg)
        default = param.default
        ty = param.type
        if default is sem.ABSENT:
            return ir.Constant(PTR, None), ty
        if isinstance(ty, ListType) and default is None:
            return ir.Constant(PTR, None), ty
        if isinstance(ty, OptionalType) and default is None:
            return ir.Constant(llvm_type(ty), [ir.Constant(I1, 0), ir.Constant(llvm_type(ty.inner), None)]), ty
        return self.constant(default, ty), ty

    def apply_op(self, op: sem.Op, args: list[tuple[ir.Value, Type]], by_ref: list[bool] | None = None) -> ir.Value:
        """Emit the operation the checker resolved, by its emitter or runtime function."""
        if op.impl.startswith("ssc_"):
            result = self.call_runtime(op.impl, args, op.result, by_ref)
        else:
            result = IMPLS[op.impl](self, [value for value, _ in args], [ty for _, ty in args], op)
        if op.negate:
            result = self.builder.not_(result)
        return result

    def call_runtime(self, name: str, args: list[tuple[ir.Value, Type]], result: Type,
                     by_ref: list[bool] | None = None) -> ir.Value:
        """Call guest function ``name`` by the ssc_rt.h convention: flattened args, out-pointer, status.

        ``by_ref`` marks arguments whose parameter has a placeholder type (a
        container's element): those are passed as a pointer to their value.
        """
        flat: list[ir.Value] = []
        for index, (value, ty) in enumerate(args):
            if by_ref is not None and index < len(by_ref) and by_ref[index]:
                flat.append(self.spill(value))
            else:
                flat.extend(self.flatten(value, ty))
        out = None
        if result != NONE:
            out = self.entry_slot(llvm_type(result))
            flat.append(out)
        fnty = ir.FunctionType(I32, [_erase(v.type) for v in flat])
        status = self.builder.call(self.context.function(name, fnty), flat)
        self.check_status(status)
        return self.builder.load(out) if out is not None else ir.Constant(I1, 0)

    def flatten(self, value: ir.Value, ty: Type) -> list[ir.Value]:
        b = self.builder
        if ty in (INT, FLOAT, RECORD, ANY) or family(ty) in ("list", "dict", "set"):
            return [value]
        if ty == BOOL:
            return [b.zext(value, I32)]
        if ty == NONE:
            return []
        if ty in (STR, BYTES):
            return list(self.parts(value))
        if isinstance(ty, OptionalType):
            return [b.zext(b.extract_value(value, 0), I32), *self.flatten(b.extract_value(value, 1), ty.inner)]
        return [self.spill(value)]

    def call_c(self, name: str, ret: ir.Type, args: list[ir.Value]) -> ir.Value:
        """Call a guest function with an explicit signature (containers and helpers)."""
        fnty = ir.FunctionType(ret, [_erase(a.type) for a in args])
        return self.builder.call(self.context.function(name, fnty), args)

    def dict_setitem(self, ty: Type, d: ir.Value, key: ir.Value, value: ir.Value) -> None:
        """d[key] = value; a dynamic dict (dict[Any, Any]) by its own, smaller code."""
        name = "ssc_dict_setitem_any" if ty == DictType(ANY, ANY) else \
            "ssc_dict_setitem_text" if isinstance(ty, DictType) and ty.key in (STR, BYTES) else "ssc_dict_setitem"
        self.check_status(self.call_c(name, I32, [d, self.spill(key), self.spill(value)]))

    def new_dict(self, ty: DictType | SetType) -> ir.Value:
        if ty == DictType(ANY, ANY):   # a dynamic dict: no generic key code
            return self.call_c("ssc_dict_new_any", PTR, [ir.Constant(I32, 0)])
        if isinstance(ty, SetType):
            return self.call_c("ssc_set_new", PTR, [self.context.descriptor(ty.elem), ir.Constant(I32, 0)])
        return self.call_c("ssc_dict_new", PTR, [self.context.descriptor(ty.key), self.context.descriptor(ty.value),
                                                 ir.Constant(I32, 0)])

    # ---- comprehensions and f-strings

    def comprehension(self, expr: n.ListComp | n.SetComp | n.DictComp, ty: Type) -> ir.Value:
        if isinstance(ty, ListType):
            result = self.call("ssc_list_new", self.context.descriptor(ty.elem), ir.Constant(I32, 0))
        else:
            result = self.new_dict(ty)  # type: ignore[arg-type]
        done = self.function.append_basic_block("comp.done")

        def level(index: int, after: ir.Block) -> None:
            generator = expr.generators[index]
            iteration = self.typed.iterations[generator]

            def body(item: ir.Value, next_block: ir.Block) -> None:
                self.store_target(generator.target, item, iteration.item)
                for cond in generator.ifs:
                    keep = self.function.append_basic_block("comp.keep")
                    self.builder.cbranch(self.value(cond), keep, next_block)
                    self.builder.position_at_end(keep)
                if index + 1 < len(expr.generators):
                    inner_done = self.function.append_basic_block("comp.inner.done")
                    level(index + 1, inner_done)
                    self.builder.branch(next_block)
                    return
                if isinstance(expr, n.DictComp):
                    key, value = self.value(expr.key), self.value(expr.value)
                    self.dict_setitem(ty, result, key, value)
                elif isinstance(expr, n.SetComp):
                    self.check_status(self.call_c("ssc_set_add", I32, [result, self.spill(self.value(expr.elt))]))
                else:
                    self.call("ssc_list_append", result, self.spill(self.value(expr.elt)))

            self.iterate(iteration, body, after)

        level(0, done)
        return result

    def fstring(self, expr: n.JoinedStr) -> ir.Value:
        """An f-string: its parts appended to one ssc_buf, then {ptr, len}."""
        buf = self.entry_slot(BUF_T)
        self.call("ssc_buf_init", buf, ir.Constant(I32, 32))
        for part in expr.values:
            if isinstance(part, n.Constant):
                text = self.context.constant_bytes(str(part.value).encode())
                self.call("ssc_buf_put", buf, *self.parts(text))
                continue
            assert isinstance(part, n.FormattedValue)
            value = self.value(part.value)
            ty = self.typed.types[part]
            formatter = self.typed.ops[part]
            if part.format_spec is not None:
                spec = self.parts(self.value(part.format_spec))
            else:
                spec = (ir.Constant(PTR, None), ir.Constant(I32, 0))
            if ty == EXCEPTION:
                value, ty = self.builder.extract_value(value, 1), STR
            if formatter.impl == sem.ANY_FORMAT.impl:
                conversion = ord(part.conversion) if part.conversion else 0
                self.check_status(self.call_c(formatter.impl, I32, [buf, value, ir.Constant(I32, conversion), *spec]))
                continue
            if formatter.impl == sem.FORMAT_ANY.impl:
                conversion = ord(part.conversion) if part.conversion else 0
                self.check_status(self.call(formatter.impl, buf, self.context.descriptor(ty), self.spill(value),
                                            ir.Constant(I32, conversion), *spec))
                continue
            operand = self.parts(value) if formatter.params[0].type == STR else (value,)
            if formatter.params[0].type == BOOL:
                operand = (self.builder.zext(value, I32),)
            parsed = self.typed.format_specs.get(part)
            spec = (self.context.format_spec(parsed),) if parsed is not None else ()
            result = self.call(formatter.impl, buf, *operand, *spec)
            if formatter.raises:
                self.check_status(result)
        ptr = self.builder.load(self.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=BUF_T), typ=PTR)
        length = self.builder.load(self.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=BUF_T), typ=I32)
        result = ir.Constant(BYTES_T, ir.Undefined)
        return self.builder.insert_value(self.builder.insert_value(result, ptr, 0), length, 1)

    def text_of(self, value: ir.Value, ty: Type, how: str) -> ir.Value:
        """str(value) or repr(value) (``how``) through the generic printer."""
        buf = self.entry_slot(BUF_T)
        self.call("ssc_buf_init", buf, ir.Constant(I32, 16))
        self.call(f"ssc_buf_value_{how}", buf, self.context.descriptor(ty), self.spill(value))
        ptr = self.builder.load(self.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=BUF_T), typ=PTR)
        length = self.builder.load(self.builder.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=BUF_T), typ=I32)
        result = ir.Constant(BYTES_T, ir.Undefined)
        return self.builder.insert_value(self.builder.insert_value(result, ptr, 0), length, 1)

    # ---- helpers for the emitters

    def call(self, name: str, *args: ir.Value) -> ir.Value:
        return self.builder.call(self.context.function(name), list(args))

    def check_status(self, status: ir.Value) -> None:
        """Branch to the raise target when a runtime call returned < 0."""
        raised = self.builder.icmp_signed("<", status, ir.Constant(status.type, 0), name="raised")
        ok = self.function.append_basic_block("ok")
        self.builder.cbranch(raised, self.raise_block, ok)
        self.builder.position_at_end(ok)

    def entry_slot(self, ty: ir.Type) -> ir.AllocaInstr:
        """A stack slot allocated in the entry block (so loops reuse it)."""
        with self.builder.goto_entry_block():
            if self.builder.block.instructions:
                self.builder.position_before(self.builder.block.instructions[0])
            return self.builder.alloca(ty)

    def spill(self, value: ir.Value) -> ir.Value:
        """A pointer to a stack copy of ``value`` (for ``const void *`` parameters)."""
        slot = self.entry_slot(value.type)
        self.builder.store(value, slot)
        return slot

    def parts(self, value: ir.Value) -> tuple[ir.Value, ir.Value]:
        return self.builder.extract_value(value, 0), self.builder.extract_value(value, 1)


def _number_constant(operands: tuple[n.Expr, ...], index: int) -> int | float | None:
    """The int or float constant on the right of comparison link ``index`` (on the left, a
    TypeError's message would name the operands the other way round)."""
    expr = operands[index + 1]
    value = _literal_int(expr)
    if value is None and isinstance(expr, n.Constant) and isinstance(expr.value, float):
        value = expr.value
    return value if value is not None and not isinstance(value, bool) else None


def _holds_str(ty: Type) -> bool:
    match ty:
        case OptionalType(inner=inner) | ListType(elem=inner):
            return _holds_str(inner)
        case TupleType(items=items):
            return any(_holds_str(t) for t in items)
    return ty == STR


def _str_constant(expr: n.Expr) -> bool:
    return isinstance(expr, n.Constant) and isinstance(expr.value, str)


def _erase(ty: ir.Type) -> ir.Type:
    """Pointer types as the opaque ``ptr`` of a declaration (allocas carry their pointee)."""
    return PTR if isinstance(ty, ir.PointerType) else ty


def _is_placeholder(ty: Type) -> bool:
    return isinstance(ty, PrimType) and ty.name in ("T", "K", "V")


def _cursor_count(it: Iteration) -> int:
    if it.kind == "range":
        return 3
    if it.kind == "enumerate":
        return _cursor_count(it.parts[0]) + 1
    if it.kind == "zip":
        return sum(_cursor_count(p) for p in it.parts)
    return 2


def _literal_int(expr: n.Expr | None) -> int | None:
    match expr:
        case n.Constant(value=int() as value):
            return value
        case n.UnaryOp(op="-", operand=n.Constant(value=int() as value)):
            return -value
    return None


# ---- operation emitters, keyed by semantics' impl names --------------------

Emitter = Callable[[_FunctionLowering, list[ir.Value], list[Type], sem.Op], ir.Value]


def _checked_int(op: str) -> Emitter:
    def emit(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], o: sem.Op) -> ir.Value:
        pair = fl.builder.call(fl.context.overflow_intrinsic(op), args)
        overflowed = fl.builder.extract_value(pair, 1)
        with fl.builder.if_then(overflowed, likely=False):
            fl.call("ssc_raise_int_overflow")
            fl.builder.branch(fl.raise_block)
        return fl.builder.extract_value(pair, 0)
    return emit


def _int_mul(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(I64)
    fl.check_status(fl.call("ssc_int_mul", args[0], args[1], out))
    return fl.builder.load(out)


def _int_neg(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return _checked_int("ssub")(fl, [ir.Constant(I64, 0), args[0]], types, op)


def _concat(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    fl.call("ssc_concat", *fl.parts(args[0]), *fl.parts(args[1]), out)
    return fl.builder.load(out)


def _contains(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    needle, haystack = args
    index = fl.call("ssc_find", *fl.parts(haystack), *fl.parts(needle))
    return fl.builder.icmp_signed(">=", index, ir.Constant(I32, 0))


def _equal(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    same = fl.call("ssc_equal", *fl.parts(args[0]), *fl.parts(args[1]))
    return fl.builder.icmp_signed("!=", same, ir.Constant(I32, 0))


def _int_parser(runtime_name: str) -> Emitter:
    def emit(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
        out = fl.entry_slot(I64)
        fl.check_status(fl.call(runtime_name, *fl.parts(args[0]), out))
        return fl.builder.load(out)
    return emit


def _int_to_str(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    fl.call("ssc_int_to_str", args[0], out)
    return fl.builder.load(out)


def _utf8_decode(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    fl.check_status(fl.call("ssc_utf8_check", *fl.parts(args[0])))
    return args[0]


def _record_key(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    present = fl.builder.trunc(fl.call("ssc_record_key", args[0], out), I1)
    result = ir.Constant(llvm_type(OptionalType(BYTES)), ir.Undefined)
    result = fl.builder.insert_value(result, present, 0)
    return fl.builder.insert_value(result, fl.builder.load(out), 1)


def _record_value(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    out = fl.entry_slot(BYTES_T)
    fl.call("ssc_record_value", args[0], out)
    return fl.builder.load(out)


def _value_text(how: str) -> Emitter:
    def emit(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
        ty = types[0]
        if how == "str" and ty == EXCEPTION:
            return fl.builder.extract_value(args[0], 1)
        if how == "str" and ty == STR:
            return args[0]
        if how == "str" and ty == INT:
            return _int_to_str(fl, args, types, op)
        return fl.text_of(args[0], ty, how)
    return emit


def _list_get(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    elem = llvm_type(op.result)
    slot = fl.list_slot(args[0], args[1], "list index out of range", elem)
    return fl.builder.load(slot, typ=elem)


def _constant_length(value: ir.Value) -> int | None:
    """The length of a constant str/bytes value ({ptr, len} literal), else None."""
    if isinstance(value, ir.Constant) and isinstance(value.constant, (list, tuple)) and len(value.constant) == 2:
        length = value.constant[1]
        if isinstance(length, ir.Constant) and isinstance(length.constant, int):
            return length.constant
    return None


def _list_append(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    """``xs.append(x)``: stored in place while the list has room (ssc_list's
    len, cap, data), else ssc_list_append grows it."""
    b = fl.builder
    lst, value = args
    elem = llvm_type(types[1])
    length = fl.list_len(lst)
    cap = b.load(b.gep(lst, [ir.Constant(I32, 4)], inbounds=True, source_etype=I8), typ=I32)
    with b.if_else(b.icmp_signed("<", length, cap), likely=True) as (room, grow):
        with room:
            data = b.load(b.gep(lst, [ir.Constant(I32, 8)], inbounds=True, source_etype=I8), typ=PTR)
            b.store(value, b.gep(data, [length], source_etype=elem))
            b.store(b.add(length, ir.Constant(I32, 1)), lst)
        with grow:
            fl.call("ssc_list_append", lst, fl.spill(value))
    return ir.Constant(I1, 0)


def _dict_get(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    b = fl.builder
    lookup = "ssc_dict_lookup_text" if types[1] in (STR, BYTES) else "ssc_dict_lookup"
    found = fl.call_c(lookup, PTR, [args[0], fl.spill(args[1])])
    missing = b.icmp_unsigned("==", found, ir.Constant(PTR, None))
    with b.if_then(missing, likely=False):
        if types[1] == STR:   # the key's repr without the printer of every type
            fl.call_c("ssc_raise_str_key", VOID, list(fl.parts(args[1])))
        else:
            fl.call("ssc_raise_value", ir.Constant(I32, sem.EXCEPTION_CODES["KeyError"]),
                    fl.context.descriptor(types[1]), fl.spill(args[1]))
        b.branch(fl.raise_block)
    return b.load(found, typ=llvm_type(op.result))


def _float_op(name: str) -> Emitter:
    return lambda fl, args, types, op: getattr(fl.builder, name)(args[0], args[1])


def _sequence_repeat(swapped: bool) -> Emitter:
    def emit(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
        seq, count = (args[1], args[0]) if swapped else (args[0], args[1])
        name = "ssc_str_repeat" if op.result == STR else "ssc_bytes_repeat"
        return fl.call_runtime(name, [(seq, op.result), (count, INT)], op.result)
    return emit


def _tuple_concat(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    result: ir.Value = ir.Constant(llvm_type(op.result), ir.Undefined)
    position = 0
    for value, ty in zip(args, types):
        assert isinstance(ty, TupleType)
        for index in range(len(ty.items)):
            result = fl.builder.insert_value(result, fl.builder.extract_value(value, index), position)
            position += 1
    return result


def _utf8_encode_checked(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    fl.check_status(fl.call_c("ssc_utf8_encode_check", I32, list(fl.parts(args[0]))))
    return args[0]


def _any_operator(fl: _FunctionLowering, name: str, op: sem.Op, args: list[ir.Value]) -> ir.Value:
    """ssc_any_binary / ssc_any_unary: the operator's code (op.params[0]) first, the result through an out."""
    out = fl.entry_slot(PTR)
    fl.check_status(fl.call_c(name, I32, [ir.Constant(I32, op.params[0].default), *args, out]))
    return fl.builder.load(out)


def _container_len(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return fl.builder.sext(fl.list_len(args[0]), I64)


def _str_len(fl: _FunctionLowering, args: list[ir.Value], types: list[Type], op: sem.Op) -> ir.Value:
    return fl.call_runtime("ssc_str_len", [(args[0], STR)], INT)


IMPLS: dict[str, Emitter] = {
    "identity": lambda fl, args, types, op: args[0],
    "int_add": _checked_int("sadd"),
    "int_sub": _checked_int("ssub"),
    "int_mul": _int_mul,
    "int_neg": _int_neg,
    "int_and": lambda fl, args, types, op: fl.builder.and_(args[0], args[1]),
    "int_or": lambda fl, args, types, op: fl.builder.or_(args[0], args[1]),
    "int_xor": lambda fl, args, types, op: fl.builder.xor(args[0], args[1]),
    "int_invert": lambda fl, args, types, op: fl.builder.xor(args[0], ir.Constant(I64, -1)),
    "float_add": _float_op("fadd"),
    "float_sub": _float_op("fsub"),
    "float_mul": _float_op("fmul"),
    "float_neg": lambda fl, args, types, op: fl.builder.fneg(args[0]),
    "float_abs": lambda fl, args, types, op: fl.builder.call(
        fl.context.intrinsic("llvm.fabs.f64", ir.FunctionType(F64, [F64])), [args[0]]),
    "int_to_float": lambda fl, args, types, op: fl.builder.sitofp(args[0], F64),
    "bool_to_float": lambda fl, args, types, op: fl.builder.uitofp(args[0], F64),
    "bool_to_int": lambda fl, args, types, op: fl.builder.zext(args[0], I64),
    "bool_not": lambda fl, args, types, op: fl.builder.not_(args[0]),
    "true": lambda fl, args, types, op: ir.Constant(I1, 1),
    "false": lambda fl, args, types, op: ir.Constant(I1, 0),
    "concat": _concat,
    "contains": _contains,
    "equal": _equal,
    "int_from_str": _int_parser("ssc_int_from_str"),
    "int_from_bytes": _int_parser("ssc_int_from_bytes"),
    "int_to_str": _int_to_str,
    "empty_str": lambda fl, args, types, op: fl.context.constant_bytes(b""),
    "value_str": _value_text("str"),
    "value_repr": _value_text("repr"),
    "bytes_len": lambda fl, args, types, op: fl.builder.sext(fl.builder.extract_value(args[0], 1), I64),
    "str_len": _str_len,
    "container_len": _container_len,
    "tuple_len": lambda fl, args, types, op: ir.Constant(I64, len(types[0].items)),  # type: ignore[union-attr]
    "utf8_decode": _utf8_decode,
    "utf8_encode": lambda fl, args, types, op: args[0],
    "utf8_encode_checked": _utf8_encode_checked,
    "record_key": _record_key,
    "record_value": _record_value,
    "record_offset": lambda fl, args, types, op: fl.call("ssc_record_offset", args[0]),
    "record_timestamp": lambda fl, args, types, op: fl.call("ssc_record_timestamp", args[0]),
    "list_get": _list_get,
    "list_append": _list_append,
    "dict_get": _dict_get,
    "sequence_repeat": _sequence_repeat(False),
    "sequence_repeat_swapped": _sequence_repeat(True),
    "str_get": lambda fl, args, types, op: fl.call_runtime("ssc_str_getitem", [(args[0], STR), (args[1], INT)],
                                                          STR),
    "bytes_get": lambda fl, args, types, op: fl.call_runtime("ssc_bytes_getitem",
                                                            [(args[0], BYTES), (args[1], INT)], INT),
    "list_delete": lambda fl, args, types, op: fl.call_runtime("ssc_list_del", [(args[0], types[0]),
                                                                                (args[1], INT)], NONE),
    "dict_delete": lambda fl, args, types, op: fl.call_runtime("ssc_dict_delitem", [(args[0], types[0]),
                                                                                    (args[1], types[1])],
                                                               NONE, [False, True]),
    "list_concat": lambda fl, args, types, op: fl.call_runtime("ssc_list_concat", list(zip(args, types)),
                                                               op.result),
    "list_repeat": lambda fl, args, types, op: fl.call_runtime("ssc_list_repeat", list(zip(args, types)),
                                                               op.result),
    "tuple_concat": _tuple_concat,
    "any_binary": lambda fl, args, types, op: _any_operator(fl, "ssc_any_binary", op, args),
    "any_unary": lambda fl, args, types, op: _any_operator(fl, "ssc_any_unary", op, args),
    "any_inplace": lambda fl, args, types, op: _any_operator(fl, "ssc_any_inplace", op, args),
    "bytes_contains_int": lambda fl, args, types, op: fl.call_runtime(
        "ssc_bytes_contains_byte", [(args[1], BYTES), (args[0], INT)], BOOL),
}


def _materialize(fl: _FunctionLowering, expr: n.Expr, copy: bool) -> ir.Value:
    """The items of an iterable argument as a list (``sorted(x)``, ``list(x)``, ``min(x)``)."""
    iteration = fl.typed.iterations[expr]
    if iteration.kind == "list":
        value = fl.value(expr)
        if not copy:
            return value
        return fl.call_runtime("ssc_list_copy", [(value, ListType(iteration.item))], ListType(iteration.item))
    if iteration.kind == "set":
        return fl.call_c("ssc_set_to_list", PTR, [fl.value(expr)])
    result = fl.call("ssc_list_new", fl.context.descriptor(iteration.item), ir.Constant(I32, 0))
    done = fl.function.append_basic_block("materialize.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        fl.call("ssc_list_append", result, fl.spill(item))

    fl.iterate(iteration, body, done)
    return result


def _evaluated(fl: _FunctionLowering, expr: n.Expr, result: ir.Value) -> ir.Value:
    """Evaluate ``expr`` for its effects (isinstance's value), then give ``result``."""
    fl.value(expr)
    return result


def _list_from_iter(fl: _FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    return _materialize(fl, call.args[0], copy=True)


def _set_from_iter(fl: _FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    assert isinstance(op.result, SetType)
    iteration = fl.typed.iterations[call.args[0]]
    if iteration.kind == "set":
        return fl.call_runtime("ssc_set_copy", [(fl.value(call.args[0]), op.result)], op.result)
    result = fl.new_dict(op.result)
    done = fl.function.append_basic_block("set.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        fl.check_status(fl.call_c("ssc_set_add", I32, [result, fl.spill(item)]))

    fl.iterate(iteration, body, done)
    return result


def _sorted(fl: _FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    items = _materialize(fl, call.args[0], copy=True)
    reverse: ir.Value = ir.Constant(I32, 0)
    for kw in call.keywords:
        reverse = fl.builder.zext(fl.value(kw.value), I32)
    fl.check_status(fl.call_c("ssc_list_sort", I32, [items, reverse]))
    return items


def _reduce(which: str) -> Callable[[_FunctionLowering, n.Call, sem.Op], ir.Value]:
    def emit(fl: _FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        items = _materialize(fl, call.args[0], copy=False)
        return fl.call_runtime(f"ssc_list_{which}", [(items, ListType(op.result))], op.result, [False])
    return emit


def _sum(fl: _FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """sum(xs[, start]): left to right from start (0), as CPython 3.11 adds."""
    iteration = fl.typed.iterations[call.args[0]]
    b = fl.builder
    acc = fl.entry_slot(llvm_type(op.result))
    start = fl.value(call.args[1]) if len(call.args) > 1 else \
        (ir.Constant(F64, 0.0) if op.result == FLOAT else ir.Constant(I64, 0))
    b.store(start, acc)
    done = fl.function.append_basic_block("sum.done")
    adder = _checked_int("sadd")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        item_ty = iteration.item
        if item_ty == BOOL:
            item = b.zext(item, I64)
            item_ty = INT
        if op.result == FLOAT:
            if item_ty == INT:
                item = b.sitofp(item, F64)
            b.store(b.fadd(b.load(acc), item), acc)
        else:
            b.store(adder(fl, [b.load(acc), item], [INT, INT], op), acc)

    fl.iterate(iteration, body, done)
    return b.load(acc)


def _extreme_args(which: str) -> Callable[[_FunctionLowering, n.Call, sem.Op], ir.Value]:
    """min(a, b, ...) / max(...): the first smallest (largest) argument, compared as CPython does."""
    def emit(fl: _FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        b = fl.builder
        best = fl.entry_slot(llvm_type(op.result))
        b.store(fl.value(call.args[0]), best)
        for arg in call.args[1:]:
            item = fl.value(arg)
            better = fl.order(item, b.load(best), op.result, "<" if which == "min" else ">")
            b.store(b.select(better, item, b.load(best)), best)
        return b.load(best)
    return emit


def _any_isinstance(fl: _FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    out = fl.entry_slot(I8)
    fl.call_c("ssc_any_isinstance", I32, [fl.value(call.args[0]), ir.Constant(I32, op.params[0].default), out])
    return fl.builder.trunc(fl.builder.load(out), I1)


#: Calls with their own lowering (their arguments are not plain values).
SPECIAL_CALLS: dict[str, Callable[[_FunctionLowering, n.Call, sem.Op], ir.Value]] = {
    "ssc_any_isinstance": _any_isinstance,
    "list_from_iter": _list_from_iter,
    "set_from_iter": _set_from_iter,
    "sorted": _sorted,
    "min_iter": _reduce("min"),
    "max_iter": _reduce("max"),
    "sum_iter": _sum,
    "min_args": _extreme_args("min"),
    "max_args": _extreme_args("max"),
    "isinstance_true": lambda fl, call, op: _evaluated(fl, call.args[0], ir.Constant(I1, 1)),
    "isinstance_false": lambda fl, call, op: _evaluated(fl, call.args[0], ir.Constant(I1, 0)),
    "isinstance_present": lambda fl, call, op: fl.builder.extract_value(fl.value(call.args[0]), 0),
    "list_new": lambda fl, call, op: fl.call("ssc_list_new", fl.context.descriptor(op.result.elem),  # type: ignore[union-attr]
                                             ir.Constant(I32, 0)),
    "dict_new": lambda fl, call, op: fl.new_dict(op.result),  # type: ignore[arg-type]
    "set_new": lambda fl, call, op: fl.new_dict(op.result),  # type: ignore[arg-type]
    "dict_copy": lambda fl, call, op: fl.call_runtime("ssc_dict_copy", [(fl.value(call.args[0]), op.result)],
                                                      op.result),
}


# ---- module constants ---------------------------------------------------------


def _emit_constants(context: _ModuleContext) -> ir.Function | None:
    """``ssc.constants``: builds the module's container constants at the start of every entry call.

    Batch memory is released between calls, so tables are rebuilt each time
    (they are frozen, so the program cannot tell). Scalars and tuples need no
    code: each use emits the literal.
    """
    tables = [c for c in context.typed.constants.values() if family(c.type) in ("list", "dict", "set")]
    if not tables:
        return None
    function = ir.Function(context.module, ir.FunctionType(I32, [PTR]), name="ssc.constants")
    function.linkage = "internal"
    lowering = _FunctionLowering(context, None, function)
    for constant in tables:
        value = lowering.value(constant.value)
        lowering.builder.store(value, context.constant_global(constant.name, constant.type))
    lowering.builder.ret(ir.Constant(I32, 0))
    return function


def _emit_state(context: _ModuleContext) -> ir.Function | None:
    """Module state: ``ssc.state_init`` gives the state variables their first values once.

    It runs at the start of the instance's first entry call (CPython runs the
    module body at import), then tells the C runtime, which from then on
    moves the state out of each finished batch's memory (core.c alloc). The
    table ``ssc_state_vars`` (type descriptor, address) and ``ssc_state_count``
    replace the C runtime's weak "no state" definitions.
    """
    states = [c for c in context.typed.constants.values() if c.state]
    if not states:
        return None
    ready = ir.GlobalVariable(context.module, I1, name="py.state.ready")
    ready.linkage = "internal"
    ready.initializer = ir.Constant(I1, 0)
    function = ir.Function(context.module, ir.FunctionType(I32, []), name="ssc.state_init")
    function.linkage = "internal"
    lowering = _FunctionLowering(context, None, function)
    b = lowering.builder
    first = function.append_basic_block("first")
    done = function.append_basic_block("done")
    b.cbranch(b.load(ready), done, first)
    b.position_at_end(done)
    b.ret(ir.Constant(I32, 0))
    b.position_at_end(first)
    for constant in states:
        b.store(lowering.value(constant.value), context.state_global(constant.name, constant.type))
    b.store(ir.Constant(I1, 1), ready)
    b.call(context.function("ssc_state_ready", ir.FunctionType(VOID, [])), [])
    b.ret(ir.Constant(I32, 0))
    entry_t = ir.LiteralStructType([PTR, PTR])
    table_t = ir.ArrayType(entry_t, len(states))
    table = ir.GlobalVariable(context.module, table_t, name="ssc_state_vars")
    table.global_constant = True
    table.initializer = ir.Constant(table_t, [
        ir.Constant(entry_t, [context.descriptor(c.type), context.state_global(c.name, c.type)]) for c in states])
    count = ir.GlobalVariable(context.module, I32, name="ssc_state_count")
    count.global_constant = True
    count.initializer = ir.Constant(I32, len(states))
    return function


# ---- entry adapters: the user's function in the shape its C driver calls ----


def _adapter(context: _ModuleContext, params: list[ir.Type], role: str) -> tuple[ir.Function, ir.IRBuilder]:
    fnty = ir.FunctionType(I32, params)
    function = ir.Function(context.module, fnty, name=f"ssc.adapter.{role}")
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


def _filter_adapter(context: _ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record)``: 1 keep, 0 drop, -1 raised (core.c ssc_filter_fn)."""
    function, builder = _adapter(context, [PTR], role)
    keep = _call_user(builder, user, I1, [function.args[0]])
    builder.ret(builder.zext(keep, I32))
    return function


def _set_key_value(context: _ModuleContext, builder: ir.IRBuilder, out: ir.Value, pair: ir.Value,
                   result: TupleType) -> None:
    """Store a map's (key, value) result into the driver's ssc_key_value."""
    key_type, key = result.items[0], builder.extract_value(pair, 0)
    if key_type == NONE:
        present, key_bytes = ir.Constant(I32, 0), ir.Constant(BYTES_T, None)
    elif isinstance(key_type, OptionalType):
        present, key_bytes = builder.zext(builder.extract_value(key, 0), I32), builder.extract_value(key, 1)
    else:
        present, key_bytes = ir.Constant(I32, 1), key
    value = builder.extract_value(pair, 1)
    builder.call(context.function("ssc_key_value_set"), [
        out, present, builder.extract_value(key_bytes, 0), builder.extract_value(key_bytes, 1),
        builder.extract_value(value, 0), builder.extract_value(value, 1)])


def _map_adapter(context: _ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record, ptr key_value)``: 0 ok, -1 raised (core.c ssc_map_fn)."""
    assert isinstance(result, TupleType)
    function, builder = _adapter(context, [PTR, PTR], role)
    pair = _call_user(builder, user, llvm_type(result), [function.args[0]])
    _set_key_value(context, builder, function.args[1], pair, result)
    builder.ret(ir.Constant(I32, 0))
    return function


def _filter_map_adapter(context: _ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record, ptr key_value)``: 1 keep (key_value set), 0 drop (None), -1 raised."""
    assert isinstance(result, OptionalType) and isinstance(result.inner, TupleType)
    function, builder = _adapter(context, [PTR, PTR], role)
    maybe = _call_user(builder, user, llvm_type(result), [function.args[0]])
    with builder.if_then(builder.not_(builder.extract_value(maybe, 0))):
        builder.ret(ir.Constant(I32, 0))
    _set_key_value(context, builder, function.args[1], builder.extract_value(maybe, 1), result.inner)
    builder.ret(ir.Constant(I32, 1))
    return function


def _array_map_adapter(context: _ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr record, ptr list_out)``: 0 with the list stored, -1 raised (ssc_array_map_fn)."""
    function, builder = _adapter(context, [PTR, PTR], role)
    items = _call_user(builder, user, PTR, [function.args[0]])
    builder.store(items, function.args[1])
    builder.ret(ir.Constant(I32, 0))
    return function


def _status_adapter(context: _ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """init ``i32 (ptr params)`` / look_back ``i32 (ptr record)``: 0 ok, -1 raised."""
    function, builder = _adapter(context, [PTR], role)
    _call_user(builder, user, I1, [function.args[0]])
    builder.ret(ir.Constant(I32, 0))
    return function


def _aggregate_adapter(context: _ModuleContext, user: ir.Function, result: Type, role: str) -> ir.Function:
    """``i32 (ptr acc, i32 acc_len, ptr record, ptr out)``: 0 ok, -1 raised (ssc_aggregate_fn)."""
    function, builder = _adapter(context, [PTR, I32, PTR, PTR], role)
    acc = ir.Constant(BYTES_T, ir.Undefined)
    acc = builder.insert_value(builder.insert_value(acc, function.args[0], 0), function.args[1], 1)
    new_acc = _call_user(builder, user, BYTES_T, [acc, function.args[2]])
    builder.store(new_acc, function.args[3])
    builder.ret(ir.Constant(I32, 0))
    return function


_ENTRY_ADAPTERS = {
    "filter": _filter_adapter,
    "map": _map_adapter,
    "filter_map": _filter_map_adapter,
    "array_map": _array_map_adapter,
    "aggregate": _aggregate_adapter,
    "init": _status_adapter,
    "look_back": _status_adapter,
}


def _emit_entry(context: _ModuleContext, role: str, adapter: ir.Function, constants: ir.Function | None,
                state: ir.Function | None, target: abi.Abi) -> None:
    """An exported entry calling its C driver with the adapted user function.

    Legacy ABI: ``i32 @filter(ptr, i32)`` (§2 "Module shape") calls
    ``ssc_drive_filter_legacy``; SmartModule ABI: ``i32 @filter(ptr, i32,
    i32 version)`` (§3) passes the version to ``ssc_drive_filter``, and
    ``init``/``look_back`` likewise.
    """
    legacy = target is abi.Abi.SMARTSTREAM
    fnty = ir.FunctionType(I32, [PTR, I32] if legacy else [PTR, I32, I32])
    entry = ir.Function(context.module, fnty, name=role)
    builder = ir.IRBuilder(entry.append_basic_block("entry"))
    if state is not None:
        builder.call(state, [])
    if constants is not None:
        builder.call(constants, [ir.Constant(PTR, None)])
    if legacy:
        driver = context.function(f"ssc_drive_{role}_legacy")
        builder.ret(builder.call(driver, [entry.args[0], entry.args[1], adapter]))
    else:
        driver = context.function(f"ssc_drive_{role}")
        builder.ret(builder.call(driver, [entry.args[0], entry.args[1], entry.args[2], adapter]))
