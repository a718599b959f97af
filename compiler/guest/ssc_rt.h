/* ssc guest runtime: the C half of every compiled SmartStream.
 *
 * The guest files are compiled once, as one translation unit (runtime.c),
 * into a wasm32 object (MVP CPU) that guestlib.py caches and link.py puts
 * beside each program's object; wasm-ld keeps the functions the program
 * reaches. It has no libc: everything it needs is here.
 *
 * This header is what every guest file shares: the generated ssc_gen.h
 * (what Python owns: ABI and exception numbers, the layouts of the structs
 * lowered code shares with C, and the prototype of every guest function
 * lowered code calls, checked against its definition here), the
 * conventions, and a few macros. Each file's interface is in its own
 * header: core.h, text.h, number.h, strings.h, containers.h, dynamic.h,
 * json.h, re.h; a file includes the headers of the files it calls.
 *
 * Conventions (the lowering, compiler/lower/, relies on them):
 *  - Only scalars and pointers cross between lowered code and C.
 *  - A function that can raise a Python exception returns int32_t:
 *    0 = ok, -1 = raised. It raises with ssc_raise() and then returns -1,
 *    as the CPython C API does with NULL/-1 and PyErr_Set*.
 *  - Results come back through out-pointers; an `ssc_bytes` is two
 *    32-bit words {ptr, len}, used for both bytes and str (str is UTF-8,
 *    always valid, except that a str json.loads made from a "\ud800"
 *    escape keeps its lone surrogate in 3-byte form, as CPython keeps it;
 *    encoding such a str raises, see ssc_utf8_encode_check).
 *  - Memory returned by ssc_alloc lives until the next entry call.
 */
#ifndef SSC_RT_H
#define SSC_RT_H

#include <stdint.h>
#include <stddef.h>

#include "ssc_gen.h"

#define SSC_OK 0
#define SSC_RAISED (-1)

#define SSC_INTERNAL static inline __attribute__((always_inline))
#define SSC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SSC_LIKELY(x) __builtin_expect(!!(x), 1)
/* Error paths and other code that runs at most once a batch: kept out of
 * line and optimised for size even more than the rest (-Os). */
#define SSC_COLD __attribute__((cold, minsize, noinline))

/* Whether a three-way comparison result c (<0, 0, >0) satisfies comparison
 * `op` (0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >=, as semantics.COMPARE_CODES). */
SSC_INTERNAL uint8_t ssc_order_holds(int32_t c, int32_t op) {
    switch (op) {
    case 0: return c == 0;
    case 1: return c != 0;
    case 2: return c < 0;
    case 3: return c <= 0;
    case 4: return c > 0;
    default: return c >= 0;
    }
}


/* ==== Python values in memory, shared with lowered code ==================
 *
 * Every value has one in-memory layout, the LLVM ABI layout of its lowered
 * type on wasm32 (compiler/lower/reprs.py):
 *   int -> int64_t        float -> double         bool, None -> uint8_t 0/1
 *   str, bytes -> ssc_bytes {ptr, len}   (str is UTF-8, len counts bytes)
 *   T | None -> struct { uint8_t present; <pad to T's alignment>; T value; }
 *   tuple[A, B, ...] -> struct { A; B; ... } with natural alignment
 *   list[T] -> ssc_list *   dict[K, V] -> ssc_dict *   set[T] -> ssc_set *
 *   Record -> const ssc_record *
 *
 * A type descriptor (ssc_type) describes a layout so that C code can
 * compare, hash, print and copy values of any type. The lowering emits
 * descriptors for composite types as constant globals; the primitive ones
 * are defined in containers.c.
 *
 * Calling convention of the runtime functions that semantics.py names
 * (lower/reprs.py marshals arguments by these rules and nothing else, and
 * guestlib.py writes each one's prototype into ssc_gen.h by them):
 *   - parameters, in order, after the receiver of a method:
 *       int -> int64_t; float -> double; bool -> int32_t (0/1);
 *       None -> (no parameter); str, bytes -> (const uint8_t *p, int32_t n);
 *       T | None -> (int32_t present, <T's parameters>) (T's are undefined
 *                   when absent); list/dict/set -> the pointer;
 *       Record -> const ssc_record *; a tuple, or a value whose type is a
 *       container's element type (the T of list[T]) -> const void * to
 *       the value's memory layout.
 *   - the result, unless it is None, comes back through a last parameter
 *     `R *out`, R being the result's memory layout (int64_t *, double *,
 *     uint8_t * for bool, ssc_bytes *, ssc_list **, ...; for an element
 *     type, void * to elem->size bytes).
 *   - the function returns int32_t: SSC_OK, or SSC_RAISED after ssc_raise*.
 * Functions that cannot raise still return SSC_OK so that every runtime
 * function has the same shape; LLVM removes the check after inlining.
 */

#endif
