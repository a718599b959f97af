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
 *    always valid: ssc never makes a str with a lone surrogate).
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
    SSC_T_OPTIONAL, SSC_T_TUPLE, SSC_T_LIST, SSC_T_DICT, SSC_T_SET, SSC_T_RECORD,
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

/* Record field access (core.c). */
int32_t ssc_record_key(const ssc_record *r, ssc_bytes *out);
void ssc_record_value(const ssc_record *r, ssc_bytes *out);
int64_t ssc_record_offset(const ssc_record *r);
int64_t ssc_record_timestamp(const ssc_record *r);

#endif
