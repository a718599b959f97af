"""``FunctionLowering``: one function's lowering position and the helpers every part uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..typed import FunctionInfo, Iteration
from ..types import ANY, BOOL, BYTES, FLOAT, INT, NONE, STR, DictType, ListType, OptionalType, SetType, Type
from . import context, exprs, iterate, registry, reprs, stmts
from .layout import BUILDER_T, F64, I1, I32, I64, PTR
from .reprs import llvm_type


@dataclass
class Loop:
    continue_block: ir.Block
    break_block: ir.Block
    finally_depth: int


@dataclass
class Finally:
    body: tuple[n.Stmt, ...]
    raise_target: ir.Block        # where an exception inside the finally body goes
    handler_depth: int


@dataclass
class Handler:
    saved: ir.Value               # the slot holding the exception being handled


@dataclass
class State:
    raise_target: ir.Block
    loops: list[Loop] = field(default_factory=list)
    finals: list[Finally] = field(default_factory=list)
    handlers: list[Handler] = field(default_factory=list)


class FunctionLowering:
    """Lowers one Python function to ``i32 @py.NAME(ptr %result, params...)``.

    It holds the position (the IR builder, the raise target, the loops,
    ``finally`` blocks and handlers around it) and the helpers every part
    of the lowering uses; the work by node is in the modules of this
    package (``stmts.lower_stmt(fl, stmt)``, ``exprs.lower_expr(fl, expr)``).
    """

    def __init__(self, context: context.ModuleContext, info: FunctionInfo | None,
                 function: ir.Function | None = None) -> None:
        self.context = context
        self.info = info
        self.typed = context.typed
        self.function = function if function is not None else context.functions[info.name]  # type: ignore[union-attr]
        entry = self.function.append_basic_block("entry")
        raise_block = self.function.append_basic_block("raise")
        self.builder = ir.IRBuilder(raise_block)
        self.builder.ret(ir.Constant(I32, -1))
        self.builder = ir.IRBuilder(entry)
        self.state = State(raise_block)
        self.slots: dict[str, ir.AllocaInstr] = {}
        self.flags: dict[str, ir.AllocaInstr] = {}   # locals' "assigned" flags (info.flagged)
        self.format_arguments: list[list[ir.Value]] = []   # the str.format calls being lowered: their arguments

    @property

    def raise_block(self) -> ir.Block:
        return self.state.raise_target

    def lower(self) -> ir.Function:
        assert self.info is not None
        for key, ty in self.info.locals.items():
            self.slots[key] = self.builder.alloca(BUILDER_T if key in self.info.builders else llvm_type(ty), name=key)
        for key in sorted(self.info.flagged):
            self.flags[key] = self.builder.alloca(I1, name=f"{key}.assigned")
            self.builder.store(ir.Constant(I1, 0), self.flags[key])
        for (name, _), arg in zip(self.info.params, self.function.args[1:]):
            arg.name = f"{name}.arg"
            self.builder.store(arg, self.slots[name])
        self.block(self.info.node.body)
        if not self.builder.block.is_terminated:
            if self.info.result == NONE:
                self.builder.store(ir.Constant(I1, 0), self.function.args[0])
                self.builder.ret(ir.Constant(I32, 0))
            elif self.info.falls_through is not None:   # CPython's implicit `return None`
                implicit = self.info.falls_through
                self.builder.store(self.apply_op(implicit.op, [(ir.Constant(I1, 0), NONE)]), self.function.args[0])
                self.builder.ret(ir.Constant(I32, 0))
            else:
                self.builder.unreachable()
        return self.function

    def block(self, body: tuple[n.Stmt, ...]) -> None:
        for stmt in body:
            if self.builder.block.is_terminated:
                return
            if stmt in self.typed.unreachable:
                self.builder.unreachable()  # the checker proved control never gets here
                return
            stmts.lower_stmt(self, stmt)

    def iterate(self, iteration: Iteration, body: Callable[[ir.Value, ir.Block], None], done: ir.Block) -> None:
        """Emit a loop over ``iteration``; call ``body(item, next_block)`` inside; leave at ``done``
        (by the kind's ``walk``: see lower/iterate.py)."""
        iterate.KINDS[iteration.kind].walk(self, iteration, body, done)

    def raise_text(self, exception: str, message: str) -> None:
        """Raise ``exception(message)`` and branch to the raise target."""
        text = self.context.constant_bytes(message.encode())
        self.call("ssc_raise_message", ir.Constant(I32, self.typed.exception_code(exception)),
                  *self.parts(text))
        self.builder.branch(self.raise_block)

    def value(self, expr: n.Expr) -> ir.Value:
        """The value of ``expr``, converted as the checker recorded."""
        coercion = self.typed.coercions.get(expr)
        if coercion is not None and coercion.op.impl == sem.BOX_CONSTANT.impl:
            return self.apply_op(coercion.op, [])   # the constant itself is not evaluated
        result = exprs.lower_expr(self, expr)
        if coercion is not None:
            result = self.apply_op(coercion.op, [(result, coercion.source)])
        return result

    def operand_type(self, expr: n.Expr) -> Type:
        coercion = self.typed.coercions.get(expr)
        return coercion.target if coercion is not None else self.typed.types[expr]

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

    def convert(self, value: ir.Value, source: Type, target: Type) -> ir.Value:
        """``value`` of type ``source`` as a ``target``, by ``semantics.conversion`` (where the type of
        a stored value differs from its place's: the checker allowed it)."""
        return self.apply_op(sem.conversion(source, target), [(value, source)])

    def phi(self, ty: ir.Type, incoming: list[tuple[ir.Value, ir.Block]], name: str = "") -> ir.Value:
        """The value that comes from whichever of ``incoming``'s blocks control came from."""
        phi = self.builder.phi(ty, name=name)
        for value, block in incoming:
            phi.add_incoming(value, block)
        return phi

    def table_loop(self, rows: list[list[ir.Constant]], each: Callable[[list[ir.Value]], object]) -> None:
        """``each(pointers to a row's items)`` for every row in turn: a loop over a constant table."""
        table = self.context.constant_table(rows)
        b = self.builder
        before = b.block
        loop = self.function.append_basic_block("table.loop")
        done = self.function.append_basic_block("table.done")
        b.branch(loop)
        b.position_at_end(loop)
        index = b.phi(I32, name="row")
        index.add_incoming(ir.Constant(I32, 0), before)
        each([b.gep(table, [ir.Constant(I32, 0), index, ir.Constant(I32, column)], inbounds=True)
              for column in range(len(rows[0]))])
        following = b.add(index, ir.Constant(I32, 1))
        index.add_incoming(following, b.block)
        b.cbranch(b.icmp_unsigned("<", following, ir.Constant(I32, len(rows))), loop, done)
        b.position_at_end(done)

    def list_len(self, lst: ir.Value) -> ir.Value:
        """``ssc_list.len`` (also the first field of ssc_dict)."""
        return self.builder.load(lst, typ=I32)

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
        if op.runtime:
            result = self.call_runtime(op.impl, args, op.result, by_ref)
        else:
            emit = registry.value_emitter(op)
            result = emit(self, [value for value, _ in args], [ty for _, ty in args], op)
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
                flat.extend(reprs.of(ty).flatten(self, value))
        out = None
        if result != NONE:
            out = self.entry_slot(llvm_type(result))
            flat.append(out)
        fnty = ir.FunctionType(I32, [erase(v.type) for v in flat])
        status = self.builder.call(self.context.function(name, fnty), flat)
        self.check_status(status)
        return self.builder.load(out) if out is not None else ir.Constant(I1, 0)

    def call_c(self, name: str, ret: ir.Type, args: list[ir.Value]) -> ir.Value:
        """Call a guest function with an explicit signature (containers and helpers)."""
        fnty = ir.FunctionType(ret, [erase(a.type) for a in args])
        return self.builder.call(self.context.function(name, fnty), args)

    def dict_setitem(self, ty: Type, d: ir.Value, key: ir.Value, value: ir.Value) -> None:
        """d[key] = value; a dynamic dict (dict[Any, Any]) by its own, smaller code."""
        self.dict_setitem_at(ty, d, self.spill(key), self.spill(value))

    def dict_setitem_at(self, ty: Type, d: ir.Value, key: ir.Value, value: ir.Value) -> None:
        """d[*key] = *value, from pointers to the key and the value."""
        name = "ssc_dict_setitem_any" if ty == DictType(ANY, ANY) else \
            "ssc_dict_setitem_any_key" if isinstance(ty, DictType) and ty.key == ANY else \
            "ssc_dict_setitem_text" if isinstance(ty, DictType) and ty.key in (STR, BYTES) else "ssc_dict_setitem"
        self.check_status(self.call_c(name, I32, [d, key, value]))

    def new_dict(self, ty: DictType | SetType) -> ir.Value:
        if ty == DictType(ANY, ANY):   # a dynamic dict: no generic key code
            return self.call_c("ssc_dict_new_any", PTR, [ir.Constant(I32, 0)])
        if isinstance(ty, SetType):
            return self.call_c("ssc_set_new", PTR, [self.context.descriptor(ty.elem), ir.Constant(I32, 0)])
        return self.call_c("ssc_dict_new", PTR, [self.context.descriptor(ty.key), self.context.descriptor(ty.value),
                                                 ir.Constant(I32, 0)])

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


def erase(ty: ir.Type) -> ir.Type:
    """Pointer types as the opaque ``ptr`` of a declaration (allocas carry their pointee)."""
    return PTR if isinstance(ty, ir.PointerType) else ty
