"""Stage 4: LLVM IR + the guest runtime -> an optimised wasm32 object file.

``emit_object(ir_module, exports, opt_level)`` parses the lowered IR, links
the guest runtime's bitcode into it (so LLVM can inline across the two),
gives every symbol that is not exported internal linkage (so unused runtime
code disappears), runs LLVM's pass pipeline and emits a relocatable
``wasm32`` object for the MVP CPU (no post-MVP features: §2 of the ABI
notes asks modules to load on 2021 hosts).
"""

from __future__ import annotations

import functools

import llvmlite.binding as llvm
from llvmlite import ir

from .guestlib import guest_bitcode
from .lower import TRIPLE

#: -O level -> (LLVM speed level, inlining threshold or None for the default).
#: llvmlite's pipeline has no size level: -Os is O2 with clang's -Os inlining
#: threshold and no loop unrolling.
OPT_LEVELS: dict[int | str, tuple[int, int | None]] = {0: (0, None), 1: (1, None), 2: (2, None), 3: (3, None),
                                                     "s": (2, 75)}


@functools.lru_cache(maxsize=None)
def _target_machine(opt: int) -> llvm.TargetMachine:
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    target = llvm.Target.from_triple(TRIPLE)
    return target.create_target_machine(cpu="mvp", opt=opt, reloc="static", codemodel="default")


def optimize(ir_module: ir.Module, exports: tuple[str, ...], opt_level: int | str = 2, *,
             runtime: bool = True) -> llvm.ModuleRef:
    """Link the runtime in, internalise non-exports and optimise; returns the LLVM module.

    With ``runtime=False`` the guest runtime is not linked in: the user's
    module is optimised on its own and its calls into the runtime stay
    calls to declarations (``ssc compile --emit ir``).
    """
    module = llvm.parse_assembly(str(ir_module))
    if runtime:
        module.link_in(llvm.parse_bitcode(guest_bitcode()))
    else:
        module.name = ir_module.name   # the ModuleID comment names the source file
    keep = set(exports)
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
