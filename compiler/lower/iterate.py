"""``for`` loops: one object per kind of iteration (``semantics.ITERATION_KINDS``).

The checker decides how an iterable is walked (``typed.Iteration``); the
kind's object owns the three parts of the loop ``FunctionLowering.iterate``
emits::

    cursors                         evaluate the iterable, set up the cursor slots
    head:  next  -> body            branch to done when exhausted, else the item
    next:  advance -> head          move the cursor
    done:

and the iterable's items as a new list or set (``sorted(x)``, ``set(x)``),
which some kinds have without a loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..typed import Iteration
from ..types import ANY, NONE, DictType, ListType, SetType, TupleType, tuple_view
from . import regex, stmts, subscripts
from .layout import BYTES_T, I1, I8, I32, I64, ITER_T, PTR
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering


class Kind:
    """How one kind of iterable is walked; by default with an index into a held value."""

    def walk(self, fl: FunctionLowering, it: Iteration, body: Callable[[ir.Value, ir.Block], None],
             done: ir.Block) -> None:
        """The loop over the items: ``body(item, next_block)`` inside, ``done`` after. Each kind
        keeps a cursor in a stack slot; the loop is

            head: item? -> body -> next: advance -> head;   exhausted -> done
        """
        cursors = self.cursors(fl, it)
        head = fl.function.append_basic_block("for.head")
        step = fl.function.append_basic_block("for.next")
        fl.builder.branch(head)
        fl.builder.position_at_end(head)
        item = self.next(fl, it, cursors, done)
        body(item, step)
        if not fl.builder.block.is_terminated:
            fl.builder.branch(step)
        fl.builder.position_at_end(step)
        self.advance(fl, it, cursors)
        fl.builder.branch(head)
        fl.builder.position_at_end(done)

    def width(self, it: Iteration) -> int:
        """How many cursor values ``cursors`` gives."""
        return 2

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        """Evaluate the iterable; the index (from 0) and the slot holding the iterable."""
        value = self.iterable(fl, it)
        cursor = fl.entry_slot(I32)
        fl.builder.store(ir.Constant(I32, 0), cursor)
        holder = fl.entry_slot(value.type)
        fl.builder.store(value, holder)
        return [cursor, holder]

    def iterable(self, fl: FunctionLowering, it: Iteration) -> ir.Value:
        source = it.source[0]
        assert source is not None
        return fl.value(source)

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        """In the loop head: branch to ``done`` when exhausted, else give the item."""
        raise NotImplementedError

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        cursor = cursors[0]
        fl.builder.store(fl.builder.add(fl.builder.load(cursor), ir.Constant(I32, 1)), cursor)

    def as_list(self, fl: FunctionLowering, expr: n.Expr, it: Iteration, copy: bool) -> ir.Value:
        """The items as a list (a new one, or, unless ``copy``, the iterable itself if it is one)."""
        result = fl.call("ssc_list_new", fl.context.descriptor(it.item), ir.Constant(I32, 0))
        done = fl.function.append_basic_block("materialize.done")

        def body(item: ir.Value, next_block: ir.Block) -> None:
            fl.call("ssc_list_append", result, fl.spill(item))

        fl.iterate(it, body, done)
        return result

    def as_set(self, fl: FunctionLowering, expr: n.Expr, it: Iteration, ty: SetType) -> ir.Value:
        """The items as a new set of type ``ty``."""
        result = fl.new_dict(ty)
        done = fl.function.append_basic_block("set.done")

        def body(item: ir.Value, next_block: ir.Block) -> None:
            fl.check_status(fl.call_c("ssc_set_add", I32, [result, fl.spill(item)]))

        fl.iterate(it, body, done)
        return result


def _more(fl: FunctionLowering) -> ir.Block:
    return fl.function.append_basic_block("for.item")


def _position(fl: FunctionLowering, cursors: list[ir.Value]) -> tuple[ir.Block, ir.Value, ir.Value]:
    """The head of an indexed walk: the block of the next item, the index and the iterable."""
    more = _more(fl)
    cursor, holder = cursors
    return more, fl.builder.load(cursor), fl.builder.load(holder)


class _Range(Kind):
    """``range(start, stop, step)``: an int cursor; ValueError for a zero step."""

    def width(self, it: Iteration) -> int:
        return 3

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        start_e, stop_e, step_e = it.source
        start = fl.value(start_e) if start_e is not None else ir.Constant(I64, 0)
        stop = fl.value(stop_e)  # type: ignore[arg-type]
        step = fl.value(step_e) if step_e is not None else ir.Constant(I64, 1)
        if step_e is not None:
            zero = fl.builder.icmp_signed("==", step, ir.Constant(I64, 0))
            with fl.builder.if_then(zero, likely=False):
                fl.raise_text("ValueError", "range() arg 3 must not be zero")
        cursor = fl.entry_slot(I64)
        fl.builder.store(start, cursor)
        return [cursor, stop, step]

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        more = _more(fl)
        cursor, stop, step = cursors
        current = b.load(cursor)
        up = b.icmp_signed(">", step, ir.Constant(I64, 0))
        below = b.icmp_signed("<", current, stop)
        above = b.icmp_signed(">", current, stop)
        b.cbranch(b.select(up, below, above), more, done)
        b.position_at_end(more)
        return current

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        cursor, _, step = cursors
        fl.builder.store(fl.builder.add(fl.builder.load(cursor), step), cursor)


class _Indexed(Kind):
    """A sequence walked by an index into it, up to its current length: its ``length`` and the
    ``item_at`` an index (also what reversed() of it walks, from its end)."""

    def length(self, fl: FunctionLowering, it: Iteration, container: ir.Value) -> ir.Value:
        raise NotImplementedError

    def item_at(self, fl: FunctionLowering, it: Iteration, container: ir.Value, index: ir.Value) -> ir.Value:
        raise NotImplementedError

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        more, index, container = _position(fl, cursors)
        b.cbranch(b.icmp_signed("<", index, self.length(fl, it, container)), more, done)
        b.position_at_end(more)
        return self.item_at(fl, it, container, index)


class _List(_Indexed):
    """A list: its items in place, up to its current length (a list may grow while walked)."""

    def length(self, fl: FunctionLowering, it: Iteration, container: ir.Value) -> ir.Value:
        return fl.list_len(container)

    def item_at(self, fl: FunctionLowering, it: Iteration, container: ir.Value, index: ir.Value) -> ir.Value:
        return subscripts.list_item(fl, container, index, it.item)

    def as_list(self, fl: FunctionLowering, expr: n.Expr, it: Iteration, copy: bool) -> ir.Value:
        value = fl.value(expr)
        if not copy:
            return value
        return fl.call_runtime("ssc_list_copy", [(value, ListType(it.item))], ListType(it.item))


class _Any(_List):
    """An Any: ``iter(x)`` as a snapshot list of its keys, items or characters (ssc_any_iter)."""

    def iterable(self, fl: FunctionLowering, it: Iteration) -> ir.Value:
        return fl.call_runtime("ssc_any_iter", [(super().iterable(fl, it), ANY)], ListType(ANY))

    def as_list(self, fl: FunctionLowering, expr: n.Expr, it: Iteration, copy: bool) -> ir.Value:
        return Kind.as_list(self, fl, expr, it, copy)


class _Tuple(_Indexed):
    """A tuple whose items have one type: by an index into a copy of it."""

    def length(self, fl: FunctionLowering, it: Iteration, container: ir.Value) -> ir.Value:
        ty = tuple_view(fl.typed.types[it.source[0]])  # type: ignore[index]  # a named tuple: the tuple it is
        assert isinstance(ty, TupleType)
        return ir.Constant(I32, len(ty.items))

    def item_at(self, fl: FunctionLowering, it: Iteration, container: ir.Value, index: ir.Value) -> ir.Value:
        ty = tuple_view(fl.typed.types[it.source[0]])  # type: ignore[index]  # a named tuple: the tuple it is
        assert isinstance(ty, TupleType)
        return subscripts.tuple_item_dynamic(fl, container, ty, index)


class _Bytes(_Indexed):
    """bytes: each byte as an int."""

    def length(self, fl: FunctionLowering, it: Iteration, container: ir.Value) -> ir.Value:
        return fl.builder.extract_value(container, 1)

    def item_at(self, fl: FunctionLowering, it: Iteration, container: ir.Value, index: ir.Value) -> ir.Value:
        b = fl.builder
        byte = b.load(b.gep(b.extract_value(container, 0), [index], source_etype=I8), typ=I8)
        return b.zext(byte, I64)


class _Str(Kind):
    """str: each code point as a str of its UTF-8 bytes; the index moves by its width."""

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        ptr, index = _text_position(fl, cursors, done)
        lead = b.load(b.gep(ptr, [index], source_etype=I8), typ=I8)
        width = utf8_width(fl, lead)
        item = ir.Constant(BYTES_T, ir.Undefined)
        item = b.insert_value(item, b.gep(ptr, [index], source_etype=I8), 0)
        return b.insert_value(item, width, 1)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        b = fl.builder
        cursor, holder = cursors
        ptr, _ = fl.parts(b.load(holder))
        index = b.load(cursor)
        width = utf8_width(fl, b.load(b.gep(ptr, [index], source_etype=I8), typ=I8))
        b.store(b.add(index, width), cursor)


class _ReversedSequence(Kind):
    """reversed() of a list, tuple or bytes: by an index from its end down, stopping early when
    a list shrinks under it (as CPython's reversed iterator checks the length at each step)."""

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        inner = it.parts[0]
        kind = KINDS[inner.kind]
        assert isinstance(kind, _Indexed)
        value = kind.iterable(fl, inner)
        cursor = fl.entry_slot(I32)
        fl.builder.store(fl.builder.sub(kind.length(fl, inner, value), ir.Constant(I32, 1)), cursor)
        holder = fl.entry_slot(value.type)
        fl.builder.store(value, holder)
        return [cursor, holder]

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        inner = it.parts[0]
        kind = KINDS[inner.kind]
        assert isinstance(kind, _Indexed)
        more, index, container = _position(fl, cursors)
        inside = b.and_(b.icmp_signed(">=", index, ir.Constant(I32, 0)),
                        b.icmp_signed("<", index, kind.length(fl, inner, container)))
        b.cbranch(inside, more, done)
        b.position_at_end(more)
        return kind.item_at(fl, inner, container, index)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        cursor = cursors[0]
        fl.builder.store(fl.builder.sub(fl.builder.load(cursor), ir.Constant(I32, 1)), cursor)


class _ReversedStr(Kind):
    """reversed() of a str: its code points from the end, each found by stepping back over the
    continuation bytes (10xxxxxx) of its UTF-8 sequence; the cursor is the end of the next one."""

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        value = self.iterable(fl, it)
        end = fl.entry_slot(I32)
        fl.builder.store(fl.builder.extract_value(value, 1), end)
        start = fl.entry_slot(I32)
        holder = fl.entry_slot(value.type)
        fl.builder.store(value, holder)
        return [end, holder, start]

    def width(self, it: Iteration) -> int:
        return 3

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        end_slot, holder, start_slot = cursors
        more, back = _more(fl), fl.function.append_basic_block("rev.back")
        end = b.load(end_slot)
        b.cbranch(b.icmp_signed(">", end, ir.Constant(I32, 0)), back, done)
        b.position_at_end(back)
        ptr = b.extract_value(b.load(holder), 0)
        last = b.sub(end, ir.Constant(I32, 1))
        scan = fl.function.append_basic_block("rev.scan")
        b.branch(scan)
        b.position_at_end(scan)
        position = b.phi(I32)
        position.add_incoming(last, back)
        lead = b.load(b.gep(ptr, [position], source_etype=I8), typ=I8)
        continuation = b.icmp_unsigned("==", b.and_(lead, ir.Constant(I8, 0xC0)), ir.Constant(I8, 0x80))
        previous = b.sub(position, ir.Constant(I32, 1))
        position.add_incoming(previous, scan)
        b.cbranch(continuation, scan, more)
        b.position_at_end(more)
        b.store(position, start_slot)
        item = ir.Constant(BYTES_T, ir.Undefined)
        item = b.insert_value(item, b.gep(ptr, [position], source_etype=I8), 0)
        return b.insert_value(item, b.sub(end, position), 1)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        end_slot, _, start_slot = cursors
        fl.builder.store(fl.builder.load(start_slot), end_slot)


class _ReversedRange(Kind):
    """reversed(range(start, stop, step)): its last item first, stepping by -step, for as many
    items as the range has (counted in unsigned arithmetic, so that no bound overflows)."""

    def width(self, it: Iteration) -> int:
        return 3

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        b = fl.builder
        forward = KINDS["range"].cursors(fl, it)   # start in the cursor, stop, step; a zero step raises
        first, stop, step = b.load(forward[0]), forward[1], forward[2]
        up = b.icmp_signed(">", step, ir.Constant(I64, 0))
        span = b.select(up, b.sub(stop, first), b.sub(first, stop))
        stride = b.select(up, step, b.sub(ir.Constant(I64, 0), step))
        nonempty = b.select(up, b.icmp_signed("<", first, stop), b.icmp_signed(">", first, stop))
        count = b.add(b.udiv(b.sub(span, ir.Constant(I64, 1)), stride), ir.Constant(I64, 1))
        count = b.select(nonempty, count, ir.Constant(I64, 0))
        last = b.add(first, b.mul(b.sub(count, ir.Constant(I64, 1)), step))
        cursor = fl.entry_slot(I64)
        b.store(last, cursor)
        remaining = fl.entry_slot(I64)
        b.store(count, remaining)
        return [cursor, remaining, step]

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        more = _more(fl)
        cursor, remaining, _ = cursors
        b.cbranch(b.icmp_signed(">", b.load(remaining), ir.Constant(I64, 0)), more, done)
        b.position_at_end(more)
        return b.load(cursor)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        b = fl.builder
        cursor, remaining, step = cursors
        b.store(b.sub(b.load(cursor), step), cursor)
        b.store(b.sub(b.load(remaining), ir.Constant(I64, 1)), remaining)


def _text_position(fl: FunctionLowering, cursors: list[ir.Value], done: ir.Block) -> tuple[ir.Value, ir.Value]:
    """For str and bytes: to ``done`` past the end, else the data pointer and the byte index."""
    b = fl.builder
    more, index, container = _position(fl, cursors)
    ptr, length = fl.parts(container)
    b.cbranch(b.icmp_signed("<", index, length), more, done)
    b.position_at_end(more)
    return ptr, index


class _Hashed(Kind):
    """A dict's keys, values or items (``part``), or a set's elements, in insertion order:
    ssc_dict_iter_next / ssc_set_iter_next move their own cursor (an ssc_dict_iter)."""

    def __init__(self, part: str) -> None:
        self.part = part

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        value = self.iterable(fl, it)
        cursor = fl.entry_slot(I32)   # unused: the iterator state is the cursor
        fl.builder.store(ir.Constant(I32, 0), cursor)
        state = fl.entry_slot(ITER_T)
        length = fl.builder.load(value, typ=I32)
        start = fl.builder.insert_value(ir.Constant(ITER_T, None), length, 1)
        fl.builder.store(start, state)
        return [state, value]

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        more = _more(fl)
        state, container = cursors
        source_ty = fl.typed.types[it.source[0]]  # type: ignore[index]
        is_dict = isinstance(source_ty, DictType)
        key_ty, value_ty = (source_ty.key, source_ty.value) if is_dict else (source_ty.elem, NONE)  # type: ignore[union-attr]
        key_slot = fl.entry_slot(llvm_type(key_ty))
        flag = fl.entry_slot(I8)
        if is_dict:
            value_slot = fl.entry_slot(llvm_type(value_ty))
            status = fl.call_c("ssc_dict_iter_next", I32, [container, state, key_slot, value_slot, flag])
        else:
            status = fl.call_c("ssc_set_iter_next", I32, [container, state, key_slot, flag])
        fl.check_status(status)
        b.cbranch(b.trunc(b.load(flag), I1), more, done)
        b.position_at_end(more)
        key = b.load(key_slot)
        if self.part == "keys":
            return key
        value = b.load(value_slot)
        if self.part == "values":
            return value
        pair = ir.Constant(llvm_type(it.item), ir.Undefined)
        return b.insert_value(b.insert_value(pair, key, 0), value, 1)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        pass   # the iterator state moved on in next


class _Set(_Hashed):
    def __init__(self) -> None:
        super().__init__("keys")

    def as_list(self, fl: FunctionLowering, expr: n.Expr, it: Iteration, copy: bool) -> ir.Value:
        return fl.call_c("ssc_set_to_list", PTR, [fl.value(expr)])

    def as_set(self, fl: FunctionLowering, expr: n.Expr, it: Iteration, ty: SetType) -> ir.Value:
        return fl.call_runtime("ssc_set_copy", [(fl.value(expr), ty)], ty)


class _Enumerate(Kind):
    """``enumerate(x, start)``: the inner iteration's cursors and a counter."""

    def width(self, it: Iteration) -> int:
        return width(it.parts[0]) + 1

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        slots = KINDS[it.parts[0].kind].cursors(fl, it.parts[0])
        start = fl.value(it.source[0]) if it.source[0] is not None else ir.Constant(I64, 0)
        counter = fl.entry_slot(I64)
        fl.builder.store(start, counter)
        return [*slots, counter]

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b = fl.builder
        inner = KINDS[it.parts[0].kind].next(fl, it.parts[0], cursors[:-1], done)
        count = b.load(cursors[-1])
        pair = ir.Constant(llvm_type(it.item), ir.Undefined)
        return b.insert_value(b.insert_value(pair, count, 0), inner, 1)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        KINDS[it.parts[0].kind].advance(fl, it.parts[0], cursors[:-1])
        fl.builder.store(fl.builder.add(fl.builder.load(cursors[-1]), ir.Constant(I64, 1)), cursors[-1])


class _Zip(Kind):
    """``zip(a, b, ...)``: the parts in step, until the shortest ends."""

    def width(self, it: Iteration) -> int:
        return sum(width(p) for p in it.parts)

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        slots = []
        for part in it.parts:
            slots.extend(KINDS[part.kind].cursors(fl, part))
        return slots

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        result = ir.Constant(llvm_type(it.item), ir.Undefined)
        for index, (part, part_cursors) in enumerate(_split(it, cursors)):
            item = KINDS[part.kind].next(fl, part, part_cursors, done)
            result = fl.builder.insert_value(result, item, index)
        return result

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        for part, part_cursors in _split(it, cursors):
            KINDS[part.kind].advance(fl, part, part_cursors)


class _ReFinditer(Kind):
    """``p.finditer(s)``: a scanner (guest/re.c), whose next match is the item."""

    def width(self, it: Iteration) -> int:
        return 1

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        holder = fl.entry_slot(PTR)
        fl.builder.store(self.iterable(fl, it), holder)
        return [holder]

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        return regex.scanner_next(fl, fl.builder.load(cursors[0]), done)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        pass   # the scanner moved on in next
class _Generator(Kind):
    """A generator expression: the loops of its clauses, the element made in the innermost
    (``walk``, as a comprehension's loops). With one clause it also steps as the other kinds
    do (``next``/``advance``), inside enumerate and zip: the clause's own cursors, and ``next``
    goes on past the items its conditions reject."""

    def walk(self, fl: FunctionLowering, it: Iteration, body: Callable[[ir.Value, ir.Block], None],
             done: ir.Block) -> None:
        genexp = it.source[0]
        assert isinstance(genexp, n.GeneratorExp)
        walk_clauses(fl, genexp.generators, lambda next_block: body(fl.value(genexp.elt), next_block), done)

    def width(self, it: Iteration) -> int:
        return width(it.parts[0])

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        return KINDS[it.parts[0].kind].cursors(fl, it.parts[0])

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        genexp = it.source[0]
        assert isinstance(genexp, n.GeneratorExp) and len(genexp.generators) == 1
        clause, inner = genexp.generators[0], it.parts[0]
        b = fl.builder
        head = fl.function.append_basic_block("gen.next")
        b.branch(head)
        b.position_at_end(head)
        item = KINDS[inner.kind].next(fl, inner, cursors, done)
        stmts.store_target(fl, clause.target, item, inner.item)
        for cond in clause.ifs:
            keep = fl.function.append_basic_block("gen.keep")
            skip = fl.function.append_basic_block("gen.skip")
            b.cbranch(fl.value(cond), keep, skip)
            b.position_at_end(skip)
            KINDS[inner.kind].advance(fl, inner, cursors)
            b.branch(head)
            b.position_at_end(keep)
        return fl.value(genexp.elt)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        KINDS[it.parts[0].kind].advance(fl, it.parts[0], cursors)


class _Accumulate(Kind):
    """``itertools.accumulate(xs, f, initial=v)``: the running value, the function value applied
    where it is written (check/stdlib_itertools.py). Beside the inner cursors, the accumulator's
    slot and a state: 0 before the first item, 1 when the initial value was just given (the
    inner iteration is not advanced past it), 2 running."""

    def width(self, it: Iteration) -> int:
        return width(it.parts[0]) + 2

    def cursors(self, fl: FunctionLowering, it: Iteration) -> list[ir.Value]:
        slots = KINDS[it.parts[0].kind].cursors(fl, it.parts[0])
        acc, state = fl.entry_slot(llvm_type(it.item)), fl.entry_slot(I8)
        fl.builder.store(ir.Constant(I8, 0), state)
        if it.source[1] is not None:
            fl.builder.store(fl.value(it.source[1]), acc)
        return slots + [acc, state]

    def next(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value], done: ir.Block) -> ir.Value:
        b, inner = fl.builder, it.parts[0]
        acc, state = cursors[-2:]
        given, start, step = (fl.function.append_basic_block(f"accumulate.{part}")
                              for part in ("item", "start", "step"))
        if it.source[1] is not None:   # the initial value first
            b.cbranch(b.icmp_unsigned("==", b.load(state), ir.Constant(I8, 0)), start, step)
            b.position_at_end(start)
            b.store(ir.Constant(I8, 1), state)
            b.branch(given)
            b.position_at_end(step)
            item = KINDS[inner.kind].next(fl, inner, cursors[:-2], done)
        else:   # the first item as it is
            item = KINDS[inner.kind].next(fl, inner, cursors[:-2], done)
            b.cbranch(b.icmp_unsigned("==", b.load(state), ir.Constant(I8, 0)), start, step)
            b.position_at_end(start)
            b.store(item, acc)
            b.store(ir.Constant(I8, 2), state)
            b.branch(given)
            b.position_at_end(step)
        application = fl.typed.applications[it.source[0]]
        for param, (value, ty) in zip(application.params, [(b.load(acc), it.item), (item, inner.item)]):
            stmts.store_target(fl, param, value, ty)
        b.store(fl.value(application.body), acc)
        b.store(ir.Constant(I8, 2), state)
        b.branch(given)
        b.position_at_end(given)
        return b.load(acc)

    def advance(self, fl: FunctionLowering, it: Iteration, cursors: list[ir.Value]) -> None:
        b, inner = fl.builder, it.parts[0]
        if it.source[1] is None:
            KINDS[inner.kind].advance(fl, inner, cursors[:-2])
            return
        state = cursors[-1]
        skip, move, joined = (fl.function.append_basic_block(f"accumulate.{part}") for part in ("skip", "move", "joined"))
        b.cbranch(b.icmp_unsigned("==", b.load(state), ir.Constant(I8, 1)), skip, move)
        b.position_at_end(skip)
        b.store(ir.Constant(I8, 2), state)
        b.branch(joined)
        b.position_at_end(move)
        KINDS[inner.kind].advance(fl, inner, cursors[:-2])
        b.branch(joined)
        b.position_at_end(joined)


def walk_clauses(fl: FunctionLowering, generators: tuple[n.Comprehension, ...],
                 emit: Callable[[ir.Block], None], done: ir.Block) -> None:
    """The nested loops of a comprehension's (or generator expression's) clauses: each binds its
    target and skips the items its conditions reject; ``emit(next_block)`` runs in the innermost.

        for x in xs:            (clause 0)
            if cond(x):
                for y in f(x):  (clause 1)
                    emit
        done:
    """
    def level(index: int, after: ir.Block) -> None:
        generator = generators[index]
        iteration = fl.typed.iterations[generator]

        def body(item: ir.Value, next_block: ir.Block) -> None:
            stmts.store_target(fl, generator.target, item, iteration.item)
            for cond in generator.ifs:
                keep = fl.function.append_basic_block("comp.keep")
                fl.builder.cbranch(fl.value(cond), keep, next_block)
                fl.builder.position_at_end(keep)
            if index + 1 < len(generators):
                inner_done = fl.function.append_basic_block("comp.inner.done")
                level(index + 1, inner_done)
                fl.builder.branch(next_block)
                return
            emit(next_block)

        fl.iterate(iteration, body, after)

    level(0, done)


def _split(it: Iteration, cursors: list[ir.Value]) -> list[tuple[Iteration, list[ir.Value]]]:
    """The cursors of each part of a zip."""
    parts, offset = [], 0
    for part in it.parts:
        count = width(part)
        parts.append((part, cursors[offset:offset + count]))
        offset += count
    return parts


def width(it: Iteration) -> int:
    return KINDS[it.kind].width(it)


def utf8_width(fl: FunctionLowering, lead: ir.Value) -> ir.Value:
    """Bytes in the UTF-8 sequence that starts with byte ``lead``: 1 to 4.

    ASCII is a branch marked likely rather than arithmetic: the next
    position then need not wait for this byte's load, so a loop over
    mostly-ASCII text runs at the speed of its body."""
    b = fl.builder
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
    result = b.phi(I32)
    result.add_incoming(ir.Constant(I32, 1), ascii_block)
    result.add_incoming(wide, wide_block)
    return result


#: One object per kind of iteration the checker decides (semantics.ITERATION_KINDS).
KINDS: dict[str, Kind] = {
    "range": _Range(),
    "list": _List(),
    "any": _Any(),
    "tuple": _Tuple(),
    "str": _Str(),
    "bytes": _Bytes(),
    "dict_keys": _Hashed("keys"),
    "dict_values": _Hashed("values"),
    "dict_items": _Hashed("items"),
    "set": _Set(),
    "enumerate": _Enumerate(),
    "zip": _Zip(),
    "re_finditer": _ReFinditer(),
    "generator": _Generator(),
    "reversed_sequence": _ReversedSequence(),
    "reversed_str": _ReversedStr(),
    "reversed_range": _ReversedRange(),
    "accumulate": _Accumulate(),
}
assert set(KINDS) == set(sem.ITERATION_KINDS)
