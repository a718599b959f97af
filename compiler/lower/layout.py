"""The LLVM types of SmartStream values and of the runtime's structs, on wasm32.

See the package docstring for the representation of each type.
"""

from __future__ import annotations

from llvmlite import binding as llvm_binding
from llvmlite import ir

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

DESCRIPTOR_KINDS = {"None": 0, "bool": 1, "int": 2, "float": 3, "str": 4, "bytes": 5, "Optional": 6,
                    "tuple": 7, "list": 8, "dict": 9, "set": 10, "Record": 11, "Any": 12}

#: ssc_any (ssc_rt.h): {i32 tag, i32 reserved, 8-byte payload}, by payload.
ANY_INT_T = ir.LiteralStructType([I32, I32, I64])

ANY_FLOAT_T = ir.LiteralStructType([I32, I32, F64])

ANY_STR_T = ir.LiteralStructType([I32, I32, PTR, I32])

#: ssc_json_opts (ssc_rt.h).
JSON_OPTS_T = ir.LiteralStructType([I32, BYTES_T, BYTES_T, BYTES_T, I32, I32, I32])
