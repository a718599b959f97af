"""Stage 3: ``TypedModule`` -> LLVM IR (an ``llvmlite.ir.Module``).

``lower(typed)`` emits one LLVM function per Python function, an adapter
that fits the entry function to its C driver, and the exported entry
(``filter``, ``map`` or ``aggregate``). It decides nothing: every type,
operation, conversion, binding and iteration comes from the checker's
tables, and each operation's code comes from its emitter in the registry
(``registry.py``, keyed by the ``impl`` name that ``semantics`` gives it)
or, for an ``impl`` starting with ``ssc_`` (a runtime row), from the guest
runtime function of that name, called by the convention in
``guest/ssc_rt.h``.

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

The package, by concern (a statement or expression is lowered by its
function in ``stmts.statements()`` / ``exprs.expressions()``):

    registry.py     each operation of semantics -> its one emitter
    layout.py       the LLVM types of the runtime's structs (declared in guest_abi.py)
    reprs.py        one representation object per type: LLVM type, flattening, descriptor,
                    box/unbox, truth
    context.py      ModuleContext: what one LLVM module holds (runtime declarations,
                    constants, type descriptors, globals)
    function.py     FunctionLowering: one function's position and the shared helpers
    stmts.py        statements and assignment targets
    exceptions.py   raise, try/except/finally (and EXCEPTION_NEW's emitter)
    exprs.py        expressions, displays, comprehensions (and and/or's emitters)
    compare.py      comparison chains, and the emitters of the links
    convert.py      the emitters of implicit conversions and truthiness
    subscripts.py   indexing and slicing, and the emitters of items' get, store, delete
    iterate.py      one object per kind of iteration: cursors, next item, advance
    calls.py        calls, their arguments (and the emitters of calls of functions, ...)
    builtin_calls.py  the emitters of sorted, min, max, sum, list(), set(), isinstance
    string_builders.py  lists that only build a string
    fstrings.py     f-strings, and the emitters of their fields
    emitters.py     the emitters of the operations on numbers, text, records, lists, Any
    regex.py        import re: the module's patterns and templates, and the re emitters
    entry.py        module constants and state, entry adapters, the exported entries
"""

from __future__ import annotations

from llvmlite import ir

from ..typed import TypedModule
from . import entry
from .context import ModuleContext
from .function import FunctionLowering
from .layout import DATALAYOUT, TRIPLE
from .reprs import llvm_type, size_of

__all__ = ["lower", "llvm_type", "size_of", "TRIPLE", "DATALAYOUT"]


def lower(typed: TypedModule) -> ir.Module:
    """Emit the LLVM module for a checked program (without the C runtime)."""
    module = ir.Module(name=typed.module.filename)
    module.triple = TRIPLE
    module.data_layout = DATALAYOUT
    context = ModuleContext(module, typed)
    for info in typed.functions.values():
        context.declare_function(info)
    entry.emit_exception_classes(context)
    init = entry.emit_constants(context)
    state = entry.emit_state(context)
    for info in typed.functions.values():
        FunctionLowering(context, info).lower()
    for point in (typed.entry, *typed.auxiliary.values()):
        user = context.functions[point.function.name]
        adapter = entry.ENTRY_ADAPTERS[point.role](context, user, point.result, point.role)
        entry.emit_entry(context, point.role, adapter, init, state, typed.abi)
    return module
