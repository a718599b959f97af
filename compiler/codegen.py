"""Stage 4: LLVM IR -> an optimised wasm32 object file.

``optimize(ir_module, exports, opt_level)`` parses the lowered IR of the
user's program, gives every symbol that is not exported internal linkage
(so LLVM may inline and drop it) and runs LLVM's pass pipeline;
``emit_object`` turns the result into a relocatable ``wasm32`` object for
the MVP CPU (no post-MVP features: §2 of the ABI notes asks modules to load
on 2021 hosts). The guest runtime is not part of this module: it is
compiled once into an object of its own (``guestlib.guest_object``) that
``link`` adds, so each compile optimises only the program's own code.
"""

from __future__ import annotations

import functools

import llvmlite.binding as llvm
from llvmlite import ir

from .lower.layout import TRIPLE

#: -O level -> (LLVM speed level, inlining threshold or None for the default).
#: llvmlite's pipeline has no size level: -Os is O2 with clang's -Os inlining
#: threshold and no loop unrolling.
OPT_LEVELS: dict[int | str, tuple[int, int | None]] = {0: (0, None), 1: (1, None), 2: (2, None), 3: (3, None),
                                                     "s": (2, 75)}

#: Symbols the program defines for the guest runtime to read: they keep
#: external linkage (core.c has weak "no state" definitions of the state table; the
#: exception classes are always the program's).
RUNTIME_HOOKS = ("ssc_state_vars", "ssc_state_count", "ssc_exception_names", "ssc_exception_parents",
                 "ssc_binascii_error")


@functools.lru_cache(maxsize=None)
def _target_machine(opt: int) -> llvm.TargetMachine:
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    target = llvm.Target.from_triple(TRIPLE)
    return target.create_target_machine(cpu="mvp", opt=opt, reloc="static", codemodel="default")


def optimize(ir_module: ir.Module, exports: tuple[str, ...], opt_level: int | str = 2) -> llvm.ModuleRef:
    """Internalise the program's non-exported symbols and optimise; returns the LLVM module.

    Its calls into the guest runtime (``ssc_*``) stay calls to declarations,
    which the link resolves.
    """
    module = llvm.parse_assembly(str(ir_module))
    module.name = ir_module.name   # the ModuleID comment names the source file
    keep = set(exports) | set(RUNTIME_HOOKS)
    for function in module.functions:
        if not function.is_declaration and function.name not in keep:
            function.linkage = llvm.Linkage.internal
    for variable in module.global_variables:
        if not variable.is_declaration and variable.name not in keep:
            variable.linkage = llvm.Linkage.internal
    module.verify()
    speed, inline_threshold = OPT_LEVELS[opt_level]
    tm = _target_machine(speed)
    pto = llvm.create_pipeline_tuning_options(speed_level=speed)
    pto.loop_vectorization = False   # the MVP target has no SIMD
    pto.slp_vectorization = False
    if inline_threshold is not None:
        pto.inlining_threshold = inline_threshold
        pto.loop_unrolling = False
    builder = llvm.create_pass_builder(tm, pto)
    builder.getModulePassManager().run(module, builder)
    return module


def emit_object(module: llvm.ModuleRef) -> bytes:
    """The relocatable wasm32 object of an optimised module."""
    return _target_machine(2).emit_object(module)


def emit_assembly(module: llvm.ModuleRef) -> str:
    """The wasm assembly text LLVM emits for the module (``--emit asm``)."""
    return _target_machine(2).emit_assembly(module)
