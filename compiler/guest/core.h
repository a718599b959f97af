/* core.c: memory, the byte buffer, exceptions, records, module state, and the
 * drivers of the entry functions (their prototypes, and the adapters' function
 * types, are in ssc_gen.h: lowered code calls them). */
#ifndef SSC_CORE_H
#define SSC_CORE_H

#include "ssc_rt.h"

/* ---- memory (core.c) -------------------------------------------------- */

/* Per-call memory: valid until the next entry call, 8-byte aligned.
 * Grows linear memory as needed; traps if the host refuses to grow. */
void *ssc_alloc(uint32_t size);
/* More memory than a wasm32 module can have (a length past 2**31 - 1, a count
 * that wrapped): grow by 4 GiB, which no memory allows, so that the refusal is
 * the host's memory-limit error, as CPython's MemoryError is the interpreter's. */
static inline __attribute__((noreturn, cold)) void ssc_out_of_memory(void) {
    __builtin_wasm_memory_grow(0, 0x10000);
    __builtin_trap();
}
/* Bytes of linear memory known to exist: a read below it cannot trap
 * (json.c reads a short str's last word whole). Memory only grows. */
extern uintptr_t ssc_heap_have;
/* Changes each time memory is released (a batch starts, or a record's
 * temporaries are dropped): a fact cached about the value at an address
 * (strings.c's lengths, ssc_concat's room) holds only within one epoch. */
extern uint32_t ssc_heap_epoch;

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* ---- growable byte buffer (core.c), allocated with ssc_alloc ---------- */


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
int32_t ssc_exc_matches(int32_t code);
void ssc_exc_fetch(ssc_exception *out);
void ssc_exc_restore(const ssc_exception *e);
int32_t ssc_raise_message(int32_t code, const uint8_t *msg, int32_t len);
int32_t ssc_unpack_check(int32_t have, int32_t want);
/* ValueError "not enough values to unpack (expected at least W, got H)" unless have >= want
   (a target with a starred name). */
int32_t ssc_unpack_at_least(int32_t have, int32_t want);
int32_t ssc_bytes_order(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen);
/* OverflowError(SSC_INT_OVERFLOW_MESSAGE); returns SSC_RAISED. */
int32_t ssc_raise_int_overflow(void);
/* a * b for int, raising OverflowError outside int64. */
int32_t ssc_int_mul(int64_t a, int64_t b, int64_t *out);

/* raise E(value) (core.c): message str(value), repr(value) for KeyError. */
void ssc_raise_value(int32_t code, const ssc_type *t, const void *value);

/* Record field access (core.c). */
int32_t ssc_record_key(const ssc_record *r, ssc_bytes *out);
void ssc_record_value(const ssc_record *r, ssc_bytes *out);
int64_t ssc_record_offset(const ssc_record *r);
int64_t ssc_record_timestamp(const ssc_record *r);

/* Module state: Called by lowered code once the state variables hold their first values. */
void ssc_state_ready(void);

#endif
