"""The LLVM types of the runtime's structs and the target, as the lowering uses them.

The structs are declared once, in ``compiler/guest_abi.py``, which also
generates their C definitions; the types of SmartStream values are their
representations' (``reprs``).
"""

from __future__ import annotations

from llvmlite import ir

from .. import guest_abi as abi
from ..guest_abi import DATALAYOUT, F64, I1, I8, I32, I64, PTR, TARGET_DATA, VOID  # noqa: F401

TRIPLE = "wasm32-unknown-unknown"

BYTES_T = abi.BYTES.llvm()           # ssc_bytes: str and bytes
EXCEPTION_T = abi.EXCEPTION.llvm()   # ssc_exception: a caught exception
BUF_T = abi.BUF.llvm()               # ssc_buf
FSPEC_T = abi.FSPEC.llvm()           # ssc_fspec: a format spec parsed at compile time
ITER_T = abi.DICT_ITER.llvm()        # ssc_dict_iter
DESCRIPTOR_T = abi.TYPE.llvm()       # ssc_type
JSON_OPTS_T = abi.JSON_OPTS.llvm()   # ssc_json_opts
STATE_VAR_T = abi.STATE_VAR.llvm()   # ssc_state_var
#: Constant boxes of an Any (ssc_any), by payload.
ANY_INT_T = abi.ANY.llvm(u="i")
ANY_FLOAT_T = abi.ANY.llvm(u="f")
ANY_STR_T = abi.ANY.llvm(u="s")
#: A string builder local (check/string_builders.py): the text so far, and the count of items.
BUILDER_T = ir.LiteralStructType([BUF_T, I32])
#: Offsets the lowering reads and writes in place: a list's capacity and data, a box's fields.
LIST_CAP = abi.LIST.offset("cap")
LIST_DATA = abi.LIST.offset("data")
ANY_RESERVED = abi.ANY.offset("reserved")
ANY_PAYLOAD = abi.ANY.offset("u")
ANY_SIZE = ANY_INT_T.get_abi_size(TARGET_DATA)   # a box's bytes

#: A display (or ``x in T`` of a tuple constant) of at least this many constant items is a loop
#: over a constant table (``FunctionLowering.table_loop``): its code stays the same size however
#: long the display (10,000 unrolled items took LLVM minutes and gigabytes); fewer items take
#: less code unrolled.
TABLE_MIN_ITEMS = 16
