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

typedef struct {
    const uint8_t *ptr;
    int32_t len;
} ssc_bytes;

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

#endif
