"""The interface between lowered code and the C guest runtime, declared once.

Lowered code and the C files of ``guest/`` share memory layouts and call
each other's functions. Each of those is declared here, and both sides are
made from the declaration:

- ``STRUCTS``: the structs both sides read or write (a str's ``{ptr,
  len}``, a list, a type descriptor, a box of an Any, a format spec, ...):
  the lowering takes its LLVM types from them (``Struct.llvm``,
  ``Struct.offset``), and ``guestlib`` writes their C definitions into the
  generated header ``ssc_gen.h``;
- ``KINDS`` and ``ANY_TAGS``: the numbering of a descriptor's kind
  (``SSC_T_*``) and of an Any's type (``SSC_ANY_*``);
- ``ADAPTERS``: the function types by which core.c's drivers call the
  adapter the lowering makes of the user's entry function;
- ``FUNCTIONS``: every guest function the lowering calls by hand (not a
  runtime row of ``semantics``, whose prototype comes from the row): its C
  prototype, from which the lowering declares it (``function_type``).

``guestlib`` renders all of these, and a prototype for each runtime row, into
``ssc_gen.h``, which every guest file includes; the runtime is compiled with
``-Werror``, so a declaration here (or a row) that does not match the C
definition fails the runtime's build, not a user's module.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from llvmlite import binding as llvm_binding
from llvmlite import ir

from . import semantics as sem

DATALAYOUT = "e-m:e-p:32:32-p10:8:8-p20:8:8-i64:64-i128:128-n32:64-S128-ni:1:10:20"
TARGET_DATA = llvm_binding.create_target_data(DATALAYOUT)

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
F64 = ir.DoubleType()
PTR = ir.PointerType()
VOID = ir.VoidType()

#: The LLVM type of a C scalar type (a pointer is PTR).
C_SCALARS: dict[str, ir.Type] = {"int32_t": I32, "uint32_t": I32, "int": I32, "int64_t": I64, "uint64_t": I64,
                                  "double": F64, "uint8_t": I8, "void": VOID, "uintptr_t": I32, "size_t": I32}


@dataclass(frozen=True)
class Field:
    """A field: its C declaration (``"const uint8_t *ptr"``) and its LLVM type."""

    c: str
    llvm: ir.Type
    doc: str = ""

    @property
    def name(self) -> str:
        return re.findall(r"\w+", self.c)[-1]


@dataclass(frozen=True)
class Union:
    """An anonymous union (``union { ... };``) or a named one (``union { ... } u;``): its
    members share the place of one field; ``llvm`` is the member the lowering writes."""

    members: tuple[Field, ...]
    name: str = ""
    doc: str = ""

    @property
    def c(self) -> str:
        inner = " ".join(f"{m.c};" for m in self.members)
        return f"union {{ {inner} }}" + (f" {self.name}" if self.name else "")


@dataclass(frozen=True)
class Struct:
    """A struct both sides use: ``typedef struct NAME {fields} NAME;``."""

    name: str
    fields: tuple[Field | Union, ...]
    doc: str

    def llvm(self, **members: str) -> ir.LiteralStructType:
        """The LLVM type. A union is the member named in ``members`` (``ANY.llvm(u="s")``), by
        default its first; a struct member of a named union is laid out flat (``{i32, i32,
        ptr, i32}`` for a box of a str), as the lowering writes constant boxes."""
        types: list[ir.Type] = []
        for f in self.fields:
            if isinstance(f, Union):
                chosen = members.get(f.name, f.members[0].name)
                member = next(m for m in f.members if m.name == chosen)
                flat = f.name and isinstance(member.llvm, ir.LiteralStructType)
                types.extend(member.llvm.elements if flat else [member.llvm])  # type: ignore[union-attr]
            else:
                types.append(f.llvm)
        return ir.LiteralStructType(types)

    def offset(self, field: str) -> int:
        """The byte offset of ``field`` (or of a named union) on wasm32."""
        index = next(i for i, f in enumerate(self.fields) if f.name == field)
        return self.llvm().get_element_offset(TARGET_DATA, index)

    def c_definition(self) -> str:
        lines = [_comment(self.doc)]
        lines.append(f"struct {self.name} {{")
        for f in self.fields:
            doc = f"   /* {f.doc} */" if f.doc else ""
            lines.append(f"    {f.c};{doc}")
        lines.append("};")
        return "\n".join(lines)


def _comment(text: str) -> str:
    body = text.strip().split("\n")
    return "/* " + "\n * ".join(body) + " */"


BYTES = Struct("ssc_bytes", (Field("const uint8_t *ptr", PTR), Field("int32_t len", I32)),
               "str and bytes: the UTF-8 (or the bytes), `len` counting bytes.")
BUF = Struct("ssc_buf", (Field("uint8_t *ptr", PTR), Field("int32_t len", I32), Field("int32_t cap", I32)),
             "A growable byte buffer (core.c), allocated with ssc_alloc.")
EXCEPTION = Struct("ssc_exception", (Field("int32_t code", I32, "SSC_EXC_*"),
                                     Field("ssc_bytes message", BYTES.llvm(), "str(e)")),
                   "A caught exception: its class and str().")
DICT_ITER = Struct("ssc_dict_iter", (Field("int32_t pos", I32), Field("int32_t expect_len", I32)),
                   "Iteration over a dict or set, in insertion order. Start with pos = 0 and\n"
                   "expect_len = the length when the loop starts.")
TYPE = Struct("ssc_type", (
    Field("int32_t kind", I32, "SSC_T_*"),
    Field("int32_t size", I32, "bytes of one value's memory layout"),
    Field("int32_t count", I32, "number of entries in items/offsets"),
    Field("const ssc_type *const *items", PTR, "OPTIONAL: {inner}; TUPLE: the items; LIST, SET: {elem}; "
          "DICT: {key, value}; otherwise NULL"),
    Union((Field("const int32_t *offsets", PTR), Field("const struct ssc_any_ops *any_ops", PTR),
           Field("void *(*move)(const struct ssc_type *, void *, const void *)", PTR),
           Field("const struct ssc_vartuple_ops *vartuple_ops", PTR)),
          doc="OPTIONAL: {offset of the value}; TUPLE: each item's offset; ANY: its operations; "
              "OBJECT: ssc_object_move (items: {its memory, as a tuple}); LIST: NULL, or, for a tuple[T, ...] "
              "(laid out as a list), ssc_vartuple_ops; otherwise NULL"),
), "A type descriptor: the layout of a value of any type, so that C code can\n"
   "compare, hash, print and copy it. The lowering emits the descriptors of\n"
   "composite types as constant globals; the primitive ones are containers.c's.")
LIST = Struct("ssc_list", (Field("int32_t len", I32), Field("int32_t cap", I32), Field("uint8_t *data", PTR),
                           Field("const ssc_type *elem", PTR)),
              "list[T]: `len` elements of elem->size bytes each at `data`. Lowered code\n"
              "reads and writes elements in place (data + i * elem->size) after its own\n"
              "bounds check, appends in place while len < cap, and reads `len` directly\n"
              "(also the first field of an ssc_dict); everything else goes through\n"
              "containers.c. Memory comes from ssc_alloc (it lives for one batch).")
FSPEC = Struct("ssc_fspec", (
    Field("uint32_t fill", I32), Field("uint32_t align", I32), Field("uint32_t sign", I32),
    Field("uint32_t type", I32), Field("int32_t no_neg_0", I32), Field("int32_t alt", I32),
    Field("int64_t width", I64), Field("int64_t precision", I64),
    Field("int32_t sep", I32, "0, ',' or '_'"), Field("int32_t group", I32, "digits per group: 3, or 4 for '_' "
                                                                            "with b o x X"),
), "A format spec, parsed (number.c parse_spec at run time, or the checker at\n"
   "compile time for a constant one: semantics.FormatSpec): code points, and -1\n"
   "for a width or precision not given.")
ANY = Struct("ssc_any", (
    Field("int32_t tag", I32, "SSC_ANY_*"),
    Field("int32_t reserved", I32, "0"),
    Union((Field("int64_t i", I64), Field("double f", F64), Field("ssc_bytes s", BYTES.llvm()),
           Field("ssc_list *list", PTR), Field("ssc_dict *dict", PTR)), name="u"),
), "A box of an Any (dynamic.c): its type's tag and its value.")
JSON_OPTS = Struct("ssc_json_opts", (
    Field("int32_t has_indent", I32), Field("ssc_bytes indent", BYTES.llvm()),
    Field("ssc_bytes item_sep", BYTES.llvm()), Field("ssc_bytes key_sep", BYTES.llvm()),
    Field("int32_t sort_keys", I32), Field("int32_t ensure_ascii", I32), Field("int32_t allow_nan", I32),
), "json.dumps options. `indent` absent: compact one-line output; given: a\n"
   "newline and `indent` repeated per level (an int n is n spaces, made by the\n"
   "caller). Separators are the ones CPython defaults to when not given:\n"
   "(\", \", \": \") without indent, (\",\", \": \") with one.")
STATE_VAR = Struct("ssc_state_var", (Field("const ssc_type *type", PTR),
                                     Field("void *slot", PTR, "the variable's global: a value of `type`")),
                   "Module state (core.c drives it, containers.c copies): one entry per\n"
                   "state variable, emitted by the lowering as `ssc_state_vars`.")
KEY_VALUE = Struct("ssc_key_value", (Field("int32_t has_key", I32), Field("ssc_bytes key", BYTES.llvm()),
                                     Field("ssc_bytes value", BYTES.llvm())),
                   "A map's (or filter_map's) result: the new key (if any) and value (ssc_key_value_set).")

RE_NAME = Struct("ssc_re_name", (Field("ssc_bytes name", BYTES.llvm()), Field("int32_t group", I32)),
                 "A named group of a pattern (re.c): its name and number.")
RE_PATTERN = Struct("ssc_re_pattern", (
    Field("const void *exec", PTR, "int32_t (*)(ssc_re_state *): the matcher, ssc_re_vm or generated code"),
    Field("const uint32_t *code", PTR, "sre's program (compiler/regex/sre.py numbering)"),
    Field("const uint32_t *first", PTR, "the bytes a match can start at, a 256-bit set (regex/firstbytes.py), "
          "or NULL: any"),
    Field("int32_t required", I32, "a byte every match holds (regex/firstbytes.py), or -1"),
    Field("int32_t groups", I32, "capturing groups"),
    Field("int32_t flags", I32, "Pattern.flags"),
    Field("int32_t isbytes", I32, "a bytes pattern"),
    Field("ssc_bytes pattern", BYTES.llvm(), "Pattern.pattern"),
    Field("const ssc_re_name *names", PTR, "the named groups, by number"),
    Field("int32_t names_count", I32),
    Field("int32_t size", I32, "a pattern made at run time: the bytes of its one block (re_compile.c); 0 for a "
          "constant"),
), "A compiled pattern (re.c), what a value of type re.Pattern points to: a\n"
   "constant global for a pattern compiled at compile time, or made by\n"
   "re.compile at run time.")
RE_PIECE = Struct("ssc_re_piece", (Field("int32_t group", I32, "a group's number, or -1: the literal"),
                                   Field("ssc_bytes literal", BYTES.llvm())),
                  "One piece of a sub() template: a literal, or a group reference.")
RE_TEMPLATE = Struct("ssc_re_template", (Field("const ssc_re_piece *pieces", PTR), Field("int32_t count", I32)),
                     "A sub() template parsed at compile time (or by re.c at run time).")
RE_STATE = Struct("ssc_re_state", (
    Field("const uint8_t *str", PTR, "the subject"),
    Field("int32_t start", I32, "byte offset where this attempt starts"),
    Field("int32_t end", I32, "byte offset of endpos"),
    Field("int32_t ptr", I32, "the end of the match found"),
    Field("int32_t utf8", I32, "a str subject (UTF-8), else bytes"),
    Field("int32_t must_advance", I32, "an empty match at start is refused"),
    Field("int32_t match_all", I32, "fullmatch: the match must reach end"),
    Field("int32_t search", I32, "search from start on, else match at start"),
    Field("int32_t lastmark", I32),
    Field("int32_t lastindex", I32),
    Field("int32_t repeat", I32, "offset of the innermost repeat context on the stack, or -1"),
    Field("int32_t *mark", PTR, "2 * groups byte offsets, -1 unset"),
    Field("uint8_t *stack", PTR, "the backtracking stack"),
    Field("int32_t sp", I32),
    Field("int32_t cap", I32),
), "A match in progress (re.c): sre's SRE_STATE over byte offsets.")

#: In the order their C definitions need.
STRUCTS: tuple[Struct, ...] = (BYTES, BUF, EXCEPTION, DICT_ITER, TYPE, LIST, FSPEC, ANY, JSON_OPTS, STATE_VAR,
                               KEY_VALUE, RE_NAME, RE_STATE, RE_PATTERN, RE_PIECE, RE_TEMPLATE)
#: Struct types only declared, defined in one C file (their layout is private to it).
OPAQUE = ("ssc_record", "ssc_dict", "ssc_any_ops", "ssc_re_match", "ssc_re_scanner")

#: ssc_type.kind, by type family.
KINDS: dict[str, int] = {"None": 0, "bool": 1, "int": 2, "float": 3, "str": 4, "bytes": 5, "Optional": 6,
                         "tuple": 7, "list": 8, "dict": 9, "set": 10, "Record": 11, "Any": 12,
                         "Pattern": 13, "Match": 14, "object": 15}
#: ssc_any.tag, by Python class (the bit of isinstance's mask).
ANY_TAGS: dict[str, int] = sem.ANY_ISINSTANCE_TAGS


@dataclass(frozen=True)
class Adapter:
    """The function type by which a driver of core.c calls the entry's adapter."""

    typedef: str
    result: str
    params: tuple[str, ...]


ADAPTERS: dict[str, Adapter] = {
    "filter": Adapter("ssc_filter_fn", "int32_t", ("const ssc_record *rec",)),
    "map": Adapter("ssc_map_fn", "int32_t", ("const ssc_record *rec", "ssc_key_value *out")),
    "filter_map": Adapter("ssc_map_fn", "int32_t", ("const ssc_record *rec", "ssc_key_value *out")),
    "array_map": Adapter("ssc_array_map_fn", "int32_t", ("const ssc_record *rec", "ssc_list **out")),
    "aggregate": Adapter("ssc_aggregate_fn", "int32_t", ("const uint8_t *acc", "int32_t acc_len",
                                                         "const ssc_record *rec", "ssc_bytes *out")),
    "init": Adapter("ssc_init_fn", "int32_t", ("ssc_dict *params",)),
    "look_back": Adapter("ssc_look_back_fn", "int32_t", ("const ssc_record *rec",)),
}
LEGACY_ROLES = ("filter", "map", "aggregate")


def _drivers() -> list[str]:
    rows = [f"int32_t ssc_drive_{role}(const uint8_t *ptr, int32_t len, int32_t version, {a.typedef} fn)"
            for role, a in ADAPTERS.items()]
    return rows + [f"int32_t ssc_drive_{role}_legacy(const uint8_t *ptr, int32_t len, {ADAPTERS[role].typedef} fn)"
                   for role in LEGACY_ROLES]


#: Every guest function the lowering calls by hand, as its C prototype (the
#: functions of runtime rows have theirs from the row: guestlib).
FUNCTIONS_C: tuple[str, ...] = (
    # memory, buffers, exceptions, records, module state, the drivers (core.c)
    "void *ssc_alloc(uint32_t size)",
    "void ssc_buf_init(ssc_buf *b, int32_t cap)",
    "void ssc_buf_put(ssc_buf *b, const void *data, int32_t len)",
    "void ssc_buf_i64(ssc_buf *b, int64_t v)",
    "void ssc_raise(int32_t code, const uint8_t *msg, int32_t len)",
    "void ssc_raise_value(int32_t code, const ssc_type *t, const void *value)",
    "int32_t ssc_raise_message(int32_t code, const uint8_t *msg, int32_t len)",
    "int32_t ssc_raise_int_overflow(void)",
    "int32_t ssc_unpack_check(int32_t have, int32_t want)",
    "int32_t ssc_unpack_at_least(int32_t have, int32_t want)",
    "int32_t ssc_exc_matches(int32_t code)",
    "void ssc_exc_fetch(ssc_exception *out)",
    "void ssc_exc_restore(const ssc_exception *e)",
    "int32_t ssc_call_enter(void)",
    "void ssc_call_leave(void)",
    "int32_t ssc_int_mul(int64_t a, int64_t b, int64_t *out)",
    "int32_t ssc_record_key(const ssc_record *r, ssc_bytes *out)",
    "void ssc_record_value(const ssc_record *r, ssc_bytes *out)",
    "int64_t ssc_record_offset(const ssc_record *r)",
    "int64_t ssc_record_timestamp(const ssc_record *r)",
    "void ssc_key_value_set(ssc_key_value *kv, int32_t has_key, const uint8_t *kptr, int32_t klen, "
    "const uint8_t *vptr, int32_t vlen)",
    "void ssc_state_ready(void)",
    "void ssc_print(const uint8_t *p, int32_t len)",
    *_drivers(),
    # text (text.c)
    "int32_t ssc_utf8_check(const uint8_t *p, int32_t len)",
    "int32_t ssc_int_from_str(const uint8_t *p, int32_t len, int64_t *out)",
    "int32_t ssc_int_from_bytes(const uint8_t *p, int32_t len, int64_t *out)",
    "void ssc_int_to_str(int64_t v, ssc_bytes *out)",
    "void ssc_concat(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen, ssc_bytes *out)",
    "int32_t ssc_find(const uint8_t *hay, int32_t hlen, const uint8_t *needle, int32_t nlen)",
    "int32_t ssc_equal(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen)",
    "int32_t ssc_bytes_order(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen)",
    "void ssc_buf_str_repr_all(ssc_buf *b, const uint8_t *p, int32_t len)",
    "void ssc_raise_str_key(const uint8_t *p, int32_t len)",
    # numbers and format specs (number.c)
    "int32_t ssc_int_float_compare(int64_t a, double b, int32_t op, uint8_t *out)",
    "void ssc_buf_float_repr(ssc_buf *b, double x)",
    "int32_t ssc_format_value(ssc_buf *b, const ssc_type *t, const void *value, int32_t conversion, "
    "const uint8_t *spec, int32_t spec_len)",
    "int32_t ssc_format_ascii(ssc_buf *b, const ssc_type *t, const void *value, const uint8_t *spec, "
    "int32_t spec_len)",
    "int32_t ssc_format_int_spec(ssc_buf *b, int64_t v, const ssc_fspec *f)",
    "int32_t ssc_format_char_spec(ssc_buf *b, int64_t v, const ssc_fspec *f)",
    "int32_t ssc_format_bool_spec(ssc_buf *b, int32_t v, const ssc_fspec *f)",
    "int32_t ssc_format_float_spec(ssc_buf *b, double v, const ssc_fspec *f)",
    "int32_t ssc_format_str_spec(ssc_buf *b, const uint8_t *p, int32_t n, const ssc_fspec *f)",
    # str and bytes (strings.c)
    "int32_t ssc_str_repeat(const uint8_t *p, int32_t n, int64_t count, ssc_bytes *out)",
    "int32_t ssc_bytes_repeat(const uint8_t *p, int32_t n, int64_t count, ssc_bytes *out)",
    "int32_t ssc_str_len(const uint8_t *p, int32_t n, int64_t *out)",
    "int32_t ssc_str_getitem(const uint8_t *p, int32_t n, int64_t i, ssc_bytes *out)",
    "int32_t ssc_bytes_getitem(const uint8_t *p, int32_t n, int64_t i, int64_t *out)",
    "int32_t ssc_bytes_contains_byte(const uint8_t *p, int32_t len, int64_t byte, uint8_t *out)",
    # generic values, lists, dicts, sets (containers.c)
    "int32_t ssc_value_eq(const ssc_type *t, const void *a, const void *b)",
    "int32_t ssc_value_compare(const ssc_type *t, const void *a, const void *b, int32_t op, uint8_t *out)",
    "void ssc_buf_value_str(ssc_buf *b, const ssc_type *t, const void *a)",
    "void ssc_buf_value_repr(ssc_buf *b, const ssc_type *t, const void *a)",
    "ssc_list *ssc_list_new(const ssc_type *elem, int32_t cap)",
    "void *ssc_object_move(const ssc_type *heap, void *old, const void *space)",
    "void ssc_list_append(ssc_list *l, const void *elem)",
    "int32_t ssc_list_del(ssc_list *l, int64_t i)",
    "int32_t ssc_list_concat(ssc_list *a, ssc_list *b, ssc_list **out)",
    "int32_t ssc_list_repeat(ssc_list *a, int64_t n, ssc_list **out)",
    "int32_t ssc_list_contains(ssc_list *l, const void *x, uint8_t *out)",
    "int32_t ssc_list_min(ssc_list *l, void *out)",
    "int32_t ssc_any_sum(ssc_list *items, const ssc_any *start, int64_t compensated, ssc_any **out)",
    "int32_t ssc_dict_pair_check(int32_t len, int64_t position)",
    "int32_t ssc_list_sort_keyed(ssc_list *l, ssc_list *keys, int32_t reverse)",
    "int32_t ssc_list_max(ssc_list *l, void *out)",
    "ssc_dict *ssc_dict_new(const ssc_type *key, const ssc_type *value, int32_t expected)",
    "ssc_dict *ssc_dict_new_any(int32_t expected)",
    "void *ssc_dict_lookup(ssc_dict *d, const void *key)",
    "void *ssc_dict_lookup_text(ssc_dict *d, const void *key)",
    "int32_t ssc_dict_setitem(ssc_dict *d, const void *key, const void *value)",
    "int32_t ssc_dict_setitem_text(ssc_dict *d, const void *key, const void *value)",
    "int32_t ssc_dict_delitem(ssc_dict *d, const void *key)",
    "int32_t ssc_dict_iter_next(ssc_dict *d, ssc_dict_iter *it, void *key_out, void *value_out, uint8_t *more)",
    "ssc_set *ssc_set_new(const ssc_type *elem, int32_t expected)",
    "int32_t ssc_set_add(ssc_set *s, const void *x)",
    "int32_t ssc_set_iter_next(ssc_set *s, ssc_dict_iter *it, void *elem_out, uint8_t *more)",
    "ssc_list *ssc_set_to_list(ssc_set *s)",
    # the type Any (dynamic.c)
    "ssc_any *ssc_any_from_int(int64_t v)",
    "ssc_any *ssc_any_from_float(double v)",
    "ssc_any *ssc_any_from_str(const uint8_t *p, int32_t n)",
    "int32_t ssc_any_box(const ssc_type *t, const void *value, ssc_any **out)",
    "int32_t ssc_any_unbox(const ssc_any *x, const ssc_type *t, void *out)",
    "int32_t ssc_any_as_int(const ssc_any *x, int64_t *out)",
    "int32_t ssc_any_as_float(const ssc_any *x, double *out)",
    "int32_t ssc_any_as_bool(const ssc_any *x, uint8_t *out)",
    "int32_t ssc_any_as_str(const ssc_any *x, ssc_bytes *out)",
    "int32_t ssc_any_truth(const ssc_any *a)",
    "int32_t ssc_any_check_hashable(const ssc_any *a)",
    "int32_t ssc_any_percent_number(const ssc_any *x, int32_t conversion, ssc_any **out)",
    "int32_t ssc_any_eq(const ssc_any *a, const ssc_any *b)",
    "int32_t ssc_any_eq_str(const ssc_any *x, const ssc_any *key)",
    "int32_t ssc_any_compare(const ssc_any *a, const ssc_any *b, int32_t op, uint8_t *out)",
    "int32_t ssc_any_compare_int(const ssc_any *a, int64_t b, int32_t op, uint8_t *out)",
    "int32_t ssc_any_compare_float(const ssc_any *a, double b, int32_t op, uint8_t *out)",
    "int32_t ssc_any_contains(const ssc_any *container, const ssc_any *item, uint8_t *out)",
    "int32_t ssc_any_binary(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out)",
    "int32_t ssc_any_inplace(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out)",
    "int32_t ssc_any_unary(int32_t op, const ssc_any *a, ssc_any **out)",
    "int32_t ssc_any_setitem(const ssc_any *x, const ssc_any *key, const ssc_any *value)",
    "int32_t ssc_any_iter(const ssc_any *x, ssc_list **out)",
    "int32_t ssc_any_isinstance(const ssc_any *x, int32_t mask, uint8_t *out)",
    "int32_t ssc_any_format(ssc_buf *b, const ssc_any *x, int32_t conversion, const uint8_t *spec, int32_t spec_len)",
    "int32_t ssc_any_format_ascii(ssc_buf *b, const ssc_any *x, const uint8_t *spec, int32_t spec_len)",
    "int32_t ssc_any_expect_str(const ssc_any *x, const char *method, ssc_bytes *out)",
    "int32_t ssc_dict_setitem_any(ssc_dict *d, const void *key, const void *value)",
    "int32_t ssc_dict_setitem_any_key(ssc_dict *d, const void *key, const void *value)",
    "int32_t ssc_utf8_encode_check(const uint8_t *p, int32_t n)",
    "int32_t ssc_check_encodable(const ssc_type *t, const void *v)",
    # json.dumps (json.c)
    "int32_t ssc_json_dumps(ssc_buf *b, const ssc_type *t, const void *value, const ssc_json_opts *opts)",
    # re (re.c)
    "int32_t ssc_re_vm(ssc_re_state *st, const ssc_re_pattern *p)",
    "int32_t ssc_re_p_findall(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos, int64_t endpos, "
    "const ssc_type *elem, ssc_list **out)",
    "int32_t ssc_re_p_split(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t maxsplit, "
    "const ssc_type *elem, ssc_list **out)",
    "int32_t ssc_re_p_subn(const ssc_re_pattern *p, const ssc_re_template *t, const uint8_t *s, int32_t n, "
    "int64_t count, ssc_bytes *out, int64_t *subs)",
    "int32_t ssc_re_p_sub_fn(const ssc_re_pattern *p, const void *fn, const uint8_t *s, int32_t n, int64_t count, "
    "ssc_bytes *out, int64_t *subs)",
    "ssc_re_scanner *ssc_re_scanner_new(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos, "
    "int64_t endpos)",
    "int32_t ssc_re_scanner_next(ssc_re_scanner *sc, ssc_re_match **out)",
    "int32_t ssc_re_m_expand(const ssc_re_match *m, const ssc_re_template *t, ssc_bytes *out)",
    "int32_t ssc_re_m_groupdict(const ssc_re_match *m, const ssc_type *value, int32_t has_default, "
    "const uint8_t *dp, int32_t dn, ssc_dict **out)",
    "int32_t ssc_re_m_groupdict_any(const ssc_re_match *m, int32_t has_default, const uint8_t *dp, int32_t dn, "
    "ssc_dict **out)",
)
#: Type names that stand for a pointer (the adapters' function types).
_POINTER_TYPEDEFS = frozenset(a.typedef for a in ADAPTERS.values())


def _llvm(c_type: str) -> ir.Type:
    """The LLVM type of a C parameter or result type."""
    bare = re.sub(r"\b(const|struct)\b", "", c_type).strip()
    if "*" in bare or "[" in bare or bare in _POINTER_TYPEDEFS:
        return PTR
    return C_SCALARS[bare]


def parse_prototype(prototype: str) -> tuple[str, ir.FunctionType]:
    """``"int32_t f(int64_t a, double *out)"`` -> ("f", i32 (i64, ptr))."""
    head, _, params = prototype.partition("(")
    match = re.match(r"(.*?)(\w+)\s*$", head)
    assert match, prototype
    result, name = match.group(1).strip(), match.group(2)
    args = [p.strip() for p in params.rstrip(")").split(",") if p.strip() and p.strip() != "void"]
    return name, ir.FunctionType(_llvm(result), [_llvm(_without_name(a)) for a in args])


def _without_name(param: str) -> str:
    """A parameter's type: ``"const uint8_t *p"`` -> ``"const uint8_t *"``."""
    match = re.match(r"^(.*?[\s*])(\w+)$", param)
    return match.group(1).strip() if match else param


def adapter_type(role: str) -> ir.FunctionType:
    """The LLVM type of the adapter the driver of ``role`` calls."""
    adapter = ADAPTERS[role]
    return ir.FunctionType(_llvm(adapter.result), [_llvm(_without_name(p)) for p in adapter.params])


@functools.cache
def functions() -> dict[str, ir.FunctionType]:
    """The LLVM type of each function of FUNCTIONS_C, by name."""
    return dict(parse_prototype(p) for p in FUNCTIONS_C)


def function_type(name: str) -> ir.FunctionType:
    return functions()[name]
