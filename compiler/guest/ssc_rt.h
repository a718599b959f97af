/* ssc guest runtime: the C half of every compiled SmartStream.
 *
 * This library is compiled to LLVM bitcode (wasm32, MVP CPU) and linked
 * into the module that ssc lowers from Python, so LLVM inlines across it.
 * It has no libc: everything it needs is here.
 *
 * Conventions (the lowering in ssc/compiler/lower.py relies on them):
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
 *
 * Numbers shared with the Python side (ABI codes, kind tags, exception
 * codes, Unicode tables) come from "ssc_gen.h", which
 * ssc/compiler/guestlib.py generates; they are not written here.
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

typedef struct {
    const uint8_t *ptr;
    int32_t len;
} ssc_bytes;

/* ==== Python values in memory, shared with lowered code ==================
 *
 * Every value has one in-memory layout, the LLVM ABI layout of its lowered
 * type on wasm32 (lower.py llvm_type):
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
 * (the lowering marshals arguments by these rules and nothing else):
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

enum {
    SSC_T_NONE, SSC_T_BOOL, SSC_T_INT, SSC_T_FLOAT, SSC_T_STR, SSC_T_BYTES,
    SSC_T_OPTIONAL, SSC_T_TUPLE, SSC_T_LIST, SSC_T_DICT, SSC_T_SET, SSC_T_RECORD, SSC_T_ANY,
};

typedef struct ssc_type ssc_type;
typedef struct ssc_record ssc_record;   /* core.c */
struct ssc_type {
    int32_t kind;                  /* SSC_T_* */
    int32_t size;                  /* bytes of one value's memory layout */
    int32_t count;                 /* number of entries in items/offsets */
    const ssc_type *const *items;  /* OPTIONAL: {inner}; TUPLE: the items; LIST, SET: {elem};
                                      DICT: {key, value}; otherwise NULL */
    const int32_t *offsets;        /* OPTIONAL: {offset of the value}; TUPLE: each item's
                                      offset; otherwise NULL */
};

/* The primitive descriptors (containers.c). */
extern const ssc_type ssc_type_none, ssc_type_bool, ssc_type_int, ssc_type_float,
    ssc_type_str, ssc_type_bytes, ssc_type_record;

/* list[T]: `len` elements of elem->size bytes each at `data`. Lowered code
 * reads and writes elements in place (data + i * elem->size) after its own
 * bounds check, and reads `len` directly; everything else goes through
 * containers.c. Memory comes from ssc_alloc (it lives for one batch). */
typedef struct {
    int32_t len;
    int32_t cap;
    uint8_t *data;
    const ssc_type *elem;
} ssc_list;

/* dict[K, V] and set[T] (a set is a dict without values; its value type
 * is None with size 0): insertion-ordered hash tables. Layout private to
 * containers.c except `len`, the number of live entries, first. */
typedef struct ssc_dict ssc_dict;
typedef struct ssc_dict ssc_set;

/* Iteration over a dict or set, in insertion order. Start with pos = 0 and
 * expect_len = the length when the loop starts. */
typedef struct {
    int32_t pos;
    int32_t expect_len;
} ssc_dict_iter;

/* ---- memory (core.c) -------------------------------------------------- */

/* Per-call memory: valid until the next entry call, 8-byte aligned.
 * Grows linear memory as needed; traps if the host refuses to grow. */
void *ssc_alloc(uint32_t size);
/* Bytes of linear memory known to exist: a read below it cannot trap
 * (json.c reads a short str's last word whole). Memory only grows. */
extern uintptr_t ssc_heap_have;

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* ---- growable byte buffer (core.c), allocated with ssc_alloc ---------- */

typedef struct {
    uint8_t *ptr;
    int32_t len;
    int32_t cap;
} ssc_buf;

/* The decimal digits of u written backwards, ending at `end` (20 bytes
 * before it are enough); returns the first digit (text.c). */
uint8_t *ssc_u64_digits_backwards(uint64_t u, uint8_t *end);

/* Byte searches (text.c), eight bytes at a time: the first c in p[0:n],
 * and the first needle in hay; each returns the index or -1. */
int32_t ssc_memchr(const uint8_t *p, int32_t n, uint8_t c);
int32_t ssc_find(const uint8_t *hay, int32_t hlen, const uint8_t *needle, int32_t nlen);

void ssc_buf_init(ssc_buf *b, int32_t cap);
void ssc_buf_reserve(ssc_buf *b, int32_t extra);
void ssc_buf_put(ssc_buf *b, const void *data, int32_t len);
void ssc_buf_byte(ssc_buf *b, uint8_t byte);
void ssc_buf_cstr(ssc_buf *b, const char *s);
void ssc_buf_i64(ssc_buf *b, int64_t v);       /* decimal, as str(int) */
void ssc_buf_hex2(ssc_buf *b, uint8_t v);      /* two lowercase hex digits */

/* ---- exceptions (core.c) ---------------------------------------------- */

/* Set the pending exception: `code` is one of SSC_EXC_* from ssc_gen.h,
 * `msg` is str(e) in UTF-8. The message is copied. */
void ssc_raise(int32_t code, const uint8_t *msg, int32_t len);
void ssc_raise_cstr(int32_t code, const char *msg);
/* Raise with the message accumulated in a buffer. */
void ssc_raise_buf(int32_t code, const ssc_buf *msg);
/* A caught exception: its class and str(). */
typedef struct {
    int32_t code;
    ssc_bytes message;
} ssc_exception;
int32_t ssc_exc_matches(int32_t code);
void ssc_exc_fetch(ssc_exception *out);
void ssc_exc_restore(const ssc_exception *e);
int32_t ssc_raise_message(int32_t code, const uint8_t *msg, int32_t len);
int32_t ssc_unpack_check(int32_t have, int32_t want);
int32_t ssc_bytes_order(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen);
/* OverflowError(SSC_INT_OVERFLOW_MESSAGE); returns SSC_RAISED. */
int32_t ssc_raise_int_overflow(void);
/* a * b for int, raising OverflowError outside int64. */
int32_t ssc_int_mul(int64_t a, int64_t b, int64_t *out);

/* ---- text (text.c) ------------------------------------------------------ */

/* bytes.decode("utf-8"): checks `p[0:len]` is valid UTF-8. On failure raises
 * UnicodeDecodeError with CPython's exact message, e.g.
 * "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte". */
int32_t ssc_utf8_check(const uint8_t *p, int32_t len);
/* UnicodeDecodeError of `codec` for the bytes p[start:end), CPython's message. */
int32_t ssc_raise_decode_error(const char *codec, const uint8_t *p, int32_t start, int32_t end, const char *reason);

/* int(s) for s: str (UTF-8), with CPython's rules (Unicode whitespace and
 * decimal digits, '_' separators, sign). ValueError with CPython's message,
 * OverflowError when the value does not fit in int64. */
int32_t ssc_int_from_str(const uint8_t *p, int32_t len, int64_t *out);
/* int(b) for b: bytes (ASCII rules). */
int32_t ssc_int_from_bytes(const uint8_t *p, int32_t len, int64_t *out);

/* repr(s) of a str / bytes value appended to `b`, exactly as CPython,
 * truncated to at most `max_chars` code points (-1 = no limit), as the
 * "%.200R" format of PyUnicode_FromFormat does. */
void ssc_buf_str_repr(ssc_buf *b, const uint8_t *p, int32_t len, int32_t max_chars);
void ssc_buf_bytes_repr(ssc_buf *b, const uint8_t *p, int32_t len, int32_t max_chars);
void ssc_buf_str_repr_all(ssc_buf *b, const uint8_t *p, int32_t len);   /* f"{s!r}" */
/* KeyError(key) of a str key (its message: the key's repr). */
void ssc_raise_str_key(const uint8_t *p, int32_t len);

/* ---- numbers (number.c) ------------------------------------------------
 * Python semantics for int (int64, OverflowError outside it, see
 * SSC_INT_OVERFLOW_MESSAGE) and float (IEEE double), CPython's messages. */
int32_t ssc_int_floordiv(int64_t a, int64_t b, int64_t *out);   /* a // b */
int32_t ssc_int_mod(int64_t a, int64_t b, int64_t *out);        /* a % b */
int32_t ssc_int_pow(int64_t a, int64_t b, int64_t *out);        /* a ** b, b >= 0 */
int32_t ssc_int_pow_float(int64_t a, int64_t b, double *out);   /* a ** b, b < 0 */
int32_t ssc_int_lshift(int64_t a, int64_t b, int64_t *out);
int32_t ssc_int_rshift(int64_t a, int64_t b, int64_t *out);
int32_t ssc_int_truediv(int64_t a, int64_t b, double *out);     /* correctly rounded */
int32_t ssc_int_abs(int64_t a, int64_t *out);
int32_t ssc_float_div(double a, double b, double *out);
int32_t ssc_float_floordiv(double a, double b, double *out);
int32_t ssc_float_mod(double a, double b, double *out);
int32_t ssc_float_pow_int(double a, int64_t b, double *out);     /* a ** b, correctly rounded */
int32_t ssc_int_from_float(double a, int64_t *out);              /* int(x) */
int32_t ssc_float_from_int(int64_t a, double *out);              /* float(i) */
int32_t ssc_float_from_str(const uint8_t *p, int32_t n, double *out);     /* float(s) */
int32_t ssc_float_from_bytes(const uint8_t *p, int32_t n, double *out);   /* float(b) */
int32_t ssc_int_from_str_base(const uint8_t *p, int32_t n, int64_t base, int64_t *out);
int32_t ssc_int_from_bytes_base(const uint8_t *p, int32_t n, int64_t base, int64_t *out);
int32_t ssc_float_round(double a, int64_t *out);                 /* round(x) */
int32_t ssc_float_round_ndigits(double a, int64_t nd, double *out);  /* round(x, n) */
int32_t ssc_int_round_ndigits(int64_t a, int64_t nd, int64_t *out);  /* round(i, n) */
/* int <op> float comparisons, exact as CPython (op: 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >=). */
int32_t ssc_int_float_compare(int64_t a, double b, int32_t op, uint8_t *out);
/* repr(x) == str(x) of a float appended to b: CPython's shortest round trip. */
void ssc_buf_float_repr(ssc_buf *b, double x);
/* format(value, spec) for a value of type t (int, float, bool, str, None or
 * any type with an empty spec), appended to b; conversion is 0, 's' or 'r'
 * (f"{x!r:>10}"). ValueError on a bad spec, with CPython's message. */
int32_t ssc_format_value(ssc_buf *b, const ssc_type *t, const void *value, int32_t conversion,
                         const uint8_t *spec, int32_t spec_len);

/* ---- containers (containers.c) -----------------------------------------
 * Generic operations over any value, driven by its descriptor. */
int32_t ssc_value_eq(const ssc_type *t, const void *a, const void *b);     /* a == b, 0/1 */
/* a <op> b for ordering (op: 2 <, 3 <=, 4 >, 5 >=; 0/1 written to *out);
 * TypeError as CPython when the values do not order (None, dict, ...). */
int32_t ssc_value_compare(const ssc_type *t, const void *a, const void *b, int32_t op, uint8_t *out);
uint32_t ssc_value_hash(const ssc_type *t, const void *a);
/* A format spec, parsed (number.c parse_spec at run time, or the checker at
 * compile time for a constant one: semantics.FormatSpec, lower.FSPEC_T):
 * code points, and -1 for a width or precision not given. */
typedef struct {
    uint32_t fill, align, sign, type;
    int32_t no_neg_0, alt;
    int64_t width, precision;
    int32_t sep;   /* 0, ',' or '_' */
    int32_t group; /* digits per group: 3, or 4 for '_' with b o x X */
} ssc_fspec;

/* f-string fields of a known type with a constant spec the checker parsed
 * and CPython's format() accepted (number.c). */
int32_t ssc_format_int_spec(ssc_buf *b, int64_t v, const ssc_fspec *f);
int32_t ssc_format_char_spec(ssc_buf *b, int64_t v, const ssc_fspec *f);   /* the 'c' type */
int32_t ssc_format_bool_spec(ssc_buf *b, int32_t v, const ssc_fspec *f);
int32_t ssc_format_float_spec(ssc_buf *b, double v, const ssc_fspec *f);
int32_t ssc_format_str_spec(ssc_buf *b, const uint8_t *p, int32_t n, const ssc_fspec *f);
void ssc_buf_value_repr(ssc_buf *b, const ssc_type *t, const void *a);     /* repr(a) */
void ssc_buf_value_str(ssc_buf *b, const ssc_type *t, const void *a);      /* str(a) */
int32_t ssc_value_truth(const ssc_type *t, const void *a);                 /* bool(a) */
/* raise E(value) (core.c): message str(value), repr(value) for KeyError. */
void ssc_raise_value(int32_t code, const ssc_type *t, const void *value);

/* Python slice semantics: normalise (start, stop, step) for a sequence of
 * length len into a start, step and count. ValueError("slice step cannot be
 * zero"). Absent parts are has_* == 0. */
int32_t ssc_slice(int64_t len, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                  int32_t has_step, int64_t step, int64_t *out_start, int64_t *out_step, int64_t *out_count);

ssc_list *ssc_list_new(const ssc_type *elem, int32_t cap);
void ssc_list_append(ssc_list *l, const void *elem);


/* The rest of containers.c's interface: list, dict and set operations. */

int32_t ssc_type_align(const ssc_type *t);

/* list[T] */
ssc_list *ssc_list_clone(const ssc_list *l);
int32_t ssc_list_get(ssc_list *l, int64_t i, void *out);
int32_t ssc_list_set(ssc_list *l, int64_t i, const void *x);
int32_t ssc_list_del(ssc_list *l, int64_t i);
int32_t ssc_list_pop(ssc_list *l, int64_t i, void *out);
int32_t ssc_list_insert(ssc_list *l, int64_t i, const void *x);
int32_t ssc_list_extend(ssc_list *l, const ssc_list *other);
int32_t ssc_list_index(ssc_list *l, const void *x, int64_t start, int64_t stop, int64_t *out);
int32_t ssc_list_count(ssc_list *l, const void *x, int64_t *out);
int32_t ssc_list_remove(ssc_list *l, const void *x);
int32_t ssc_list_reverse(ssc_list *l);
int32_t ssc_list_clear(ssc_list *l);
int32_t ssc_list_copy(ssc_list *l, ssc_list **out);
int32_t ssc_list_sort(ssc_list *l, int32_t reverse);
/* ssc_list_sort of a list[Any] (a dynamic list): the same result with the
 * items compared by ssc_any_compare alone. */
int32_t ssc_list_sort_any(ssc_list *l, int32_t reverse);
int32_t ssc_list_sorted(ssc_list *l, int32_t reverse, ssc_list **out);
int32_t ssc_list_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                       int32_t has_step, int64_t step, ssc_list **out);
int32_t ssc_list_set_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                           int32_t has_step, int64_t step, const ssc_list *value);
int32_t ssc_list_del_slice(ssc_list *l, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                           int32_t has_step, int64_t step);
int32_t ssc_list_concat(ssc_list *a, const ssc_list *b, ssc_list **out);
int32_t ssc_list_repeat(ssc_list *a, int64_t n, ssc_list **out);
int32_t ssc_list_irepeat(ssc_list *a, int64_t n);
int32_t ssc_list_contains(ssc_list *l, const void *x, uint8_t *out);
int32_t ssc_list_eq(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_compare(ssc_list *a, const ssc_list *b, int32_t op, uint8_t *out);
int32_t ssc_list_lt(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_le(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_gt(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_ge(ssc_list *a, const ssc_list *b, uint8_t *out);
int32_t ssc_list_min(ssc_list *l, void *out);
int32_t ssc_list_max(ssc_list *l, void *out);
int32_t ssc_list_sum_int(ssc_list *l, int64_t start, int64_t *out);
int32_t ssc_list_sum_float(ssc_list *l, double start, double *out);

/* dict[K, V] */
ssc_dict *ssc_dict_new(const ssc_type *key, const ssc_type *value, int32_t expected);
/* ssc_dict_new(&ssc_type_any, &ssc_type_any, expected), the dynamic dict,
 * without the layout computation from descriptors. */
ssc_dict *ssc_dict_new_any(int32_t expected);
/* d[key] / d[key] = value for a dict whose keys are str or bytes. */
void *ssc_dict_lookup_text(ssc_dict *d, const void *key);
int32_t ssc_dict_setitem_text(ssc_dict *d, const void *key, const void *value);
/* ssc_dict_setitem for such a dict (dynamic.c): the key is checked to be
 * hashable (TypeError "unhashable type: 'list'"); no generic code is reached. */
int32_t ssc_dict_setitem_any(ssc_dict *d, const void *key, const void *value);
void *ssc_dict_lookup(ssc_dict *d, const void *key);
int32_t ssc_dict_getitem(ssc_dict *d, const void *key, void *out);
int32_t ssc_dict_setitem(ssc_dict *d, const void *key, const void *value);
int32_t ssc_dict_delitem(ssc_dict *d, const void *key);
int32_t ssc_dict_contains(ssc_dict *d, const void *key, uint8_t *out);
int32_t ssc_dict_get(ssc_dict *d, const void *key, void *out);
int32_t ssc_dict_get_default(ssc_dict *d, const void *key, const void *dflt, void *out);
int32_t ssc_dict_pop(ssc_dict *d, const void *key, void *out);
int32_t ssc_dict_pop_default(ssc_dict *d, const void *key, const void *dflt, void *out);
int32_t ssc_dict_popitem(ssc_dict *d, void *out);
int32_t ssc_dict_setdefault(ssc_dict *d, const void *key, const void *dflt, void *out);
int32_t ssc_dict_update(ssc_dict *d, ssc_dict *other);
int32_t ssc_dict_clear(ssc_dict *d);
int32_t ssc_dict_copy(ssc_dict *d, ssc_dict **out);
int32_t ssc_dict_keys(ssc_dict *d, ssc_list **out);
int32_t ssc_dict_values(ssc_dict *d, ssc_list **out);
int32_t ssc_dict_items(ssc_dict *d, ssc_list **out);
int32_t ssc_dict_eq(ssc_dict *a, ssc_dict *b, uint8_t *out);
int32_t ssc_dict_iter_next(ssc_dict *d, ssc_dict_iter *it, void *key_out, void *value_out, uint8_t *more);
const ssc_type *ssc_dict_key_type(const ssc_dict *d);
const ssc_type *ssc_dict_value_type(const ssc_dict *d);

/* set[T] */
ssc_set *ssc_set_new(const ssc_type *elem, int32_t expected);
int32_t ssc_set_add(ssc_set *s, const void *x);
int32_t ssc_set_discard(ssc_set *s, const void *x);
int32_t ssc_set_remove(ssc_set *s, const void *x);
int32_t ssc_set_contains(ssc_set *s, const void *x, uint8_t *out);
int32_t ssc_set_pop(ssc_set *s, void *out);
int32_t ssc_set_clear(ssc_set *s);
int32_t ssc_set_copy(ssc_set *s, ssc_set **out);
int32_t ssc_set_update(ssc_set *s, ssc_set *other);
int32_t ssc_set_union(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_intersection(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_difference(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_symmetric_difference(ssc_set *a, ssc_set *b, ssc_set **out);
int32_t ssc_set_issubset(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_issuperset(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_isdisjoint(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_eq(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_compare(ssc_set *a, ssc_set *b, int32_t op, uint8_t *out);
int32_t ssc_set_lt(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_le(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_gt(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_ge(ssc_set *a, ssc_set *b, uint8_t *out);
int32_t ssc_set_iter_next(ssc_set *s, ssc_dict_iter *it, void *elem_out, uint8_t *more);
ssc_list *ssc_set_to_list(ssc_set *s);

/* Module state (core.c drives it, containers.c copies): one entry per
 * state variable, emitted by the lowering as `ssc_state_vars`. */
typedef struct {
    const ssc_type *type;
    void *slot;                  /* the variable's global: a value of `type` */
} ssc_state_var;
void ssc_state_evacuate(const ssc_state_var *vars, int32_t count, uintptr_t lo, uintptr_t hi);
/* Called by lowered code once the state variables hold their first values. */
void ssc_state_ready(void);

/* ==== dynamic values: the type Any (dynamic.c) ==========================
 *
 * What json.loads returns: a value whose type is known only at run time,
 * one of None, bool, int, float, str, list or dict, with CPython's
 * semantics for every operation. Its memory layout is one pointer,
 * `ssc_any *`, to a box; a box is never modified after it is made (an
 * operation makes a new box), except that the list or dict it points to is
 * mutable and shared, as Python objects are:
 *   - SSC_ANY_BOOL: u.i is 0 or 1;  SSC_ANY_INT: u.i;  SSC_ANY_FLOAT: u.f;
 *   - SSC_ANY_STR: u.s, UTF-8 except that a lone surrogate (from a JSON
 *     "\ud800" escape) is kept as its 3-byte generalized UTF-8 form
 *     (ED A0..BF xx), as CPython keeps it in its str;
 *   - SSC_ANY_LIST: u.list, an ssc_list whose elem is &ssc_type_any;
 *   - SSC_ANY_DICT: u.dict, an ssc_dict whose key and value types are both
 *     &ssc_type_any (insertion-ordered; keys are hashable boxes: None, bool,
 *     int, float or str, hashed so that 1, 1.0 and True collide as in
 *     CPython).
 * Boxes live in ssc_alloc memory like every other value. The descriptor
 * ssc_type_any (kind SSC_T_ANY, size 4) lets the generic operations of
 * containers.c (eq, compare, hash, repr, str, truth) handle Any inside
 * typed containers (list[Any]); they delegate to the ssc_any_* functions.
 *
 * Errors are CPython's exceptions with CPython's messages, e.g.
 * TypeError("can only concatenate str (not \"int\") to str"),
 * KeyError('x') (message: the key's repr), AttributeError("'int' object
 * has no attribute 'upper'"). */
enum { SSC_ANY_NONE, SSC_ANY_BOOL, SSC_ANY_INT, SSC_ANY_FLOAT, SSC_ANY_STR, SSC_ANY_LIST, SSC_ANY_DICT };
typedef struct ssc_any {
    int32_t tag;       /* SSC_ANY_* */
    int32_t reserved;  /* 0 */
    union {
        int64_t i;
        double f;
        ssc_bytes s;
        ssc_list *list;
        ssc_dict *dict;
    } u;
} ssc_any;
extern const ssc_type ssc_type_any;
/* What containers.c's generic equality, hashing and truth (which every
 * program with a dict or a list comparison links) do with an Any, reached
 * through the descriptor: ssc_type_any's `offsets` field points at this
 * table (dynamic.c), so that a program without Any values links none of
 * dynamic.c through them. (The generic repr, str and ordering call
 * dynamic.c directly: the table would make every JSON module carry the
 * float printer.) */
typedef struct {
    int32_t (*eq)(const ssc_any *a, const ssc_any *b);                        /* ssc_any_eq */
    uint32_t (*hash)(const ssc_any *a);
    int32_t (*truth)(const ssc_any *a);
    const char *(*type_name)(const ssc_any *a);
} ssc_any_ops;
#define SSC_ANY_OPS(t) ((const ssc_any_ops *)(const void *)(t)->offsets)
/* The shared boxes of None, False and True. */
extern const ssc_any ssc_any_none_box, ssc_any_false_box, ssc_any_true_box;

/* type(x).__name__: "NoneType", "bool", "int", "float", "str", "list", "dict". */
const char *ssc_any_type_name(const ssc_any *x);

/* Boxing a value of a known type: `t` is one of None, bool, int, float, str,
 * list[T], dict[K, V] or T | None for such T, K and V (the checker refuses
 * other types); a list[Any] or dict[Any, Any] is shared by the box, any
 * other list or dict is copied, deeply, into dynamic containers. */
int32_t ssc_any_box(const ssc_type *t, const void *value, ssc_any **out);
ssc_any *ssc_any_from_int(int64_t v);
ssc_any *ssc_any_from_float(double v);
ssc_any *ssc_any_from_bool(int32_t v);
ssc_any *ssc_any_from_str(const uint8_t *p, int32_t n);
/* The other way: the value as type `t` (same set of types), written to
 * `out` (t->size bytes); TypeError when it is not one, e.g. for t int and a
 * str: "expected int, got str" (ssc's own message: CPython does not check
 * annotations, docs/language.md). As for typed values, a bool is not an
 * int here nor an int a float ("expected float, got int"). A list[Any] or
 * dict[Any, Any] is the box's own list or dict, shared; other containers
 * are copied. */
int32_t ssc_any_unbox(const ssc_any *x, const ssc_type *t, void *out);

/* Value semantics (also reached through ssc_type_any). ssc_any_eq is the
 * equality of container items (PyObject_RichCompareBool: the same box, list
 * or dict is equal to itself, a nan included); the == operator is
 * ssc_any_compare with op 0. */
int32_t ssc_any_eq(const ssc_any *a, const ssc_any *b);
int32_t ssc_any_compare(const ssc_any *a, const ssc_any *b, int32_t op, uint8_t *out); /* op as ssc_order_holds */
/* a <op> b for an int or float b (a constant of the program): the same
 * result and exception as ssc_any_compare with b boxed, reaching no code
 * for containers (for `b <op> a`, pass the reflected op: < and >, <= and
 * >= swapped). */
int32_t ssc_any_compare_int(const ssc_any *a, int64_t b, int32_t op, uint8_t *out);
int32_t ssc_any_compare_float(const ssc_any *a, double b, int32_t op, uint8_t *out);
uint32_t ssc_any_hash(const ssc_any *a);      /* of a hashable box */
int32_t ssc_any_check_hashable(const ssc_any *a);  /* TypeError("unhashable type: 'list'") */
int32_t ssc_any_truth(const ssc_any *a);
void ssc_buf_any_repr(ssc_buf *b, const ssc_any *a);
void ssc_buf_any_str(ssc_buf *b, const ssc_any *a);

/* Operators. Binary op codes: 0 +, 1 -, 2 *, 3 /, 4 //, 5 %, 6 **, 7 <<,
 * 8 >>, 9 &, 10 |, 11 ^ (semantics.ANY_BINARY_CODES); unary: 0 -, 1 +, 2 ~. */
int32_t ssc_any_binary(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out);
/* a <op>= b: as ssc_any_binary, except that list += and *= and dict |=
 * change the list or dict in place, as CPython's in-place operators do. */
int32_t ssc_any_inplace(int32_t op, const ssc_any *a, const ssc_any *b, ssc_any **out);
int32_t ssc_any_unary(int32_t op, const ssc_any *a, ssc_any **out);
int32_t ssc_any_getitem(const ssc_any *x, const ssc_any *key, ssc_any **out);      /* x[key] */
int32_t ssc_any_getslice(const ssc_any *x, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                         int32_t has_step, int64_t step, ssc_any **out);        /* x[a:b:c] */
int32_t ssc_any_setitem(const ssc_any *x, const ssc_any *key, const ssc_any *value);  /* x[key] = value */
int32_t ssc_any_delitem(const ssc_any *x, const ssc_any *key);                   /* del x[key] */
int32_t ssc_any_contains(const ssc_any *container, const ssc_any *item, uint8_t *out);  /* item in container */
int32_t ssc_any_len(const ssc_any *x, int64_t *out);
/* iter(x) as a snapshot list[Any]: a dict's keys, a list's items, a str's characters. */
int32_t ssc_any_iter(const ssc_any *x, ssc_list **out);
/* isinstance(x, classes): `mask` has bit (1 << SSC_ANY_*) for each class
 * named (bool is also an int: the checker sets the BOOL bit with INT). */
int32_t ssc_any_isinstance(const ssc_any *x, int32_t mask, uint8_t *out);
/* Builtins: int(x), float(x), str(x), repr(x), bool(x). */
int32_t ssc_any_to_int(const ssc_any *x, int64_t *out);
int32_t ssc_any_to_float(const ssc_any *x, double *out);
int32_t ssc_any_to_str(const ssc_any *x, ssc_bytes *out);
int32_t ssc_any_repr(const ssc_any *x, ssc_bytes *out);
/* An f-string field {x!conversion:spec} (conversion 0, 's' or 'r'). */
int32_t ssc_any_format(ssc_buf *b, const ssc_any *x, int32_t conversion, const uint8_t *spec, int32_t spec_len);
/* x.method(...) for a method of str: the str, or AttributeError("'int'
 * object has no attribute 'upper'") naming `method` (NUL-terminated). */
int32_t ssc_any_expect_str(const ssc_any *x, const char *method, ssc_bytes *out);

/* Methods of the dynamic dict and list (x.get(...), ...): AttributeError as
 * above when x is not of a type that has the method. A default that is not
 * given is NULL. pop, copy, clear, index and count dispatch between list
 * and dict (pop, copy, clear) or list and str (index, count). */
int32_t ssc_any_m_get(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out);
int32_t ssc_any_m_setdefault(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out);
int32_t ssc_any_m_pop(const ssc_any *x, const ssc_any *arg, const ssc_any *dflt, ssc_any **out);  /* arg NULL: list.pop() */
int32_t ssc_any_m_popitem(const ssc_any *x, ssc_any *out[2]);   /* the (key, value) tuple */
int32_t ssc_any_m_keys(const ssc_any *x, ssc_list **out);     /* list[Any] */
int32_t ssc_any_m_values(const ssc_any *x, ssc_list **out);   /* list[Any] */
int32_t ssc_any_m_items(const ssc_any *x, ssc_list **out);    /* list[tuple[Any, Any]] */
int32_t ssc_any_m_update(const ssc_any *x, const ssc_any *other);
int32_t ssc_any_m_append(const ssc_any *x, const ssc_any *item);
int32_t ssc_any_m_extend(const ssc_any *x, const ssc_any *items);
int32_t ssc_any_m_insert(const ssc_any *x, int64_t index, const ssc_any *item);
int32_t ssc_any_m_remove(const ssc_any *x, const ssc_any *item);
int32_t ssc_any_m_reverse(const ssc_any *x);
int32_t ssc_any_m_sort(const ssc_any *x, int32_t reverse);
int32_t ssc_any_m_copy(const ssc_any *x, ssc_any **out);
int32_t ssc_any_m_clear(const ssc_any *x);
int32_t ssc_any_m_index(const ssc_any *x, const ssc_any *item, int64_t *out);
int32_t ssc_any_m_count(const ssc_any *x, const ssc_any *item, int64_t *out);

/* Where the checker knows more than "an Any" (dynamic.c, at its end): a
 * key that is a str constant (a box the lowering made at compile time), and
 * conversions to one scalar type (ssc_any_unbox's rules and messages). */
int32_t ssc_any_getitem_str(const ssc_any *x, const ssc_any *key, ssc_any **out);   /* x["k"] */
int32_t ssc_any_delitem_str(const ssc_any *x, const ssc_any *key);                  /* del x["k"] */
int32_t ssc_any_eq_str(const ssc_any *x, const ssc_any *key);                       /* x == "k": 0/1 */
int32_t ssc_any_m_get_str(const ssc_any *x, const ssc_any *key, const ssc_any *dflt, ssc_any **out);
int32_t ssc_any_as_int(const ssc_any *x, int64_t *out);
int32_t ssc_any_as_float(const ssc_any *x, double *out);
int32_t ssc_any_as_bool(const ssc_any *x, uint8_t *out);
int32_t ssc_any_as_str(const ssc_any *x, ssc_bytes *out);

/* A str from JSON may hold a lone surrogate, which UTF-8 cannot encode:
 * UnicodeEncodeError as CPython's str.encode(), for one str and for every
 * str of an entry function's result (dynamic.c). */
int32_t ssc_utf8_encode_check(const uint8_t *p, int32_t n);
int32_t ssc_check_encodable(const ssc_type *t, const void *v);

/* ==== JSON (json.c) ========================================================
 * json.loads and json.dumps with CPython's default behaviour and messages. */

/* json.loads(s) of a str (UTF-8); JSONDecodeError with CPython's message,
 * "Expecting value: line 1 column 1 (char 0)" (positions in code points);
 * OverflowError for an integer outside int64 (docs/language.md);
 * RecursionError past SSC_JSON_MAX_DEPTH nested arrays and objects. */
int32_t ssc_json_loads_str(const uint8_t *p, int32_t n, ssc_any **out);
/* json.loads(b) of bytes: as CPython, json.detect_encoding picks UTF-8
 * (a UTF-8 BOM skipped), UTF-16 or UTF-32 (by BOM or by the NUL bytes of
 * the first four), the bytes are decoded with errors "surrogatepass"
 * (UnicodeDecodeError with CPython's message), then parsed as a str. */
int32_t ssc_json_loads_bytes(const uint8_t *p, int32_t n, ssc_any **out);
#define SSC_JSON_MAX_DEPTH 900

/* json.dumps options. `indent` absent: compact one-line output; given: a
 * newline and `indent` repeated per level (an int n is n spaces, made by the
 * caller). Separators are the ones CPython defaults to when not given:
 * (", ", ": ") without indent, (",", ": ") with one. */
typedef struct {
    int32_t has_indent;
    ssc_bytes indent;
    ssc_bytes item_sep;
    ssc_bytes key_sep;
    int32_t sort_keys;
    int32_t ensure_ascii;
    int32_t allow_nan;
} ssc_json_opts;
/* json.dumps(value) for a value of type t (any type: Any, and typed values;
 * a tuple is written as a list; bytes, set and Record raise TypeError("Object
 * of type bytes is not JSON serializable")), appended to b. ValueError
 * "Circular reference detected" for a container that contains itself. */
int32_t ssc_json_dumps(ssc_buf *b, const ssc_type *t, const void *value, const ssc_json_opts *opts);

/* Record field access (core.c). */
int32_t ssc_record_key(const ssc_record *r, ssc_bytes *out);
void ssc_record_value(const ssc_record *r, ssc_bytes *out);
int64_t ssc_record_offset(const ssc_record *r);
int64_t ssc_record_timestamp(const ssc_record *r);

#endif
