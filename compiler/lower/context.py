"""``ModuleContext``: what one LLVM module holds beside its functions: the runtime
functions it declares, constant text, format specs and boxes, type descriptors,
and the globals of module constants and state."""

from __future__ import annotations

from llvmlite import ir

from .. import guest_abi
from .. import semantics as sem
from ..typed import FunctionInfo, TypedModule
from ..types import Type
from . import reprs
from .layout import ANY_FLOAT_T, ANY_INT_T, ANY_STR_T, DESCRIPTOR_T, F64, FSPEC_T, I1, I8, I32, I64, PTR
from .reprs import llvm_type


class ModuleContext:
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
        self.regex_globals: dict[object, ir.GlobalVariable] = {}   # lower/regex.py: patterns and templates

    def declare_function(self, info: FunctionInfo) -> None:
        params = [llvm_type(ty) for _, ty in info.params]
        fnty = ir.FunctionType(I32, [PTR, *params])
        function = ir.Function(self.module, fnty, name=f"py.{info.name}")
        function.linkage = "internal"
        self.functions[info.name] = function

    def function(self, name: str, fnty: ir.FunctionType | None = None) -> ir.Function:
        """A guest runtime function, declared on first use: by its prototype in guest_abi, or,
        for a runtime row, as the call flattens its arguments (``fnty``)."""
        found = self.runtime.get(name)
        if found is None:
            declared = guest_abi.functions().get(name)
            assert declared is not None or name in sem.runtime_functions(), f"{name} is declared nowhere"
            assert fnty is None or declared is None or str(fnty) == str(declared), \
                f"{name} called as {fnty}, declared as {declared}"
            found = ir.Function(self.module, fnty or declared, name=name)
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

    def constant_table(self, rows: list[list[ir.Constant]]) -> ir.GlobalVariable:
        """A private constant array of structs, one per row (a display's items, for ``FunctionLowering.table_loop``)."""
        row_type = ir.LiteralStructType([item.type for item in rows[0]])
        array = ir.ArrayType(row_type, len(rows))
        glob = ir.GlobalVariable(self.module, array, name=self.module.get_unique_name(".table"))
        glob.global_constant = True
        glob.linkage = "private"
        glob.unnamed_addr = True
        glob.initializer = ir.Constant(array, [ir.Constant(row_type, row) for row in rows])
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
        representation = reprs.of(ty)
        name = representation.primitive
        if name is not None:
            if name not in self.globals:
                glob = ir.GlobalVariable(self.module, DESCRIPTOR_T, name=name)
                glob.global_constant = True
                self.globals[name] = glob
            return self.globals[name]
        found = self.descriptors.get(ty)
        if found is not None:
            return found
        items = representation.descriptor_items()
        offsets = representation.descriptor_offsets()
        item_ptrs = [self.descriptor(t) for t in items]
        index = len(self.descriptors)
        items_value: ir.Value = ir.Constant(PTR, None)
        offsets_value: ir.Value = ir.Constant(PTR, None)
        if item_ptrs:
            items_value = self.private_array(f".type.{index}.items", PTR, item_ptrs)
        if offsets:
            offsets_value = self.private_array(f".type.{index}.offsets", I32, offsets)
        if representation.mover is not None:
            offsets_value = self.function(representation.mover)
        if representation.operations is not None:
            offsets_value = self.guest_global(representation.operations)
        glob = ir.GlobalVariable(self.module, DESCRIPTOR_T, name=f".type.{index}")
        glob.global_constant, glob.linkage = True, "private"
        glob.initializer = ir.Constant(DESCRIPTOR_T, [
            ir.Constant(I32, representation.kind), ir.Constant(I32, representation.size),
            ir.Constant(I32, len(items)), items_value, offsets_value])
        self.descriptors[ty] = glob
        return glob

    def guest_global(self, name: str) -> ir.GlobalVariable:
        """A constant global of the C runtime (a table the descriptor points to), declared once."""
        if name not in self.globals:
            glob = ir.GlobalVariable(self.module, I8, name=name)
            glob.global_constant = True
            self.globals[name] = glob
        return self.globals[name]

    def private_array(self, name: str, element: ir.Type, values: list) -> ir.GlobalVariable:
        """A constant private global array of ``values``."""
        array = ir.ArrayType(element, len(values))
        glob = ir.GlobalVariable(self.module, array, name=name)
        glob.global_constant, glob.linkage = True, "private"
        glob.initializer = ir.Constant(array, values)
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