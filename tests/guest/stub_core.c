/* Test stand-in for the guest core (core.c): the memory, buf, exception and
 * record functions of ssc_rt.h, simple rather than fast, so that other guest
 * C files can be tested on their own, and the io area of the test entry
 * points (*_harness.c). See stub_core.h. stub_reset() starts a new "entry
 * call". */
#include "stub_core.h"

#define STUB_HEAP_SIZE (32 << 20)
#define STUB_MSG_SIZE (1 << 16)

static uint8_t heap[STUB_HEAP_SIZE] __attribute__((aligned(8)));
static uint32_t heap_used;

/* The exception classes a compiled module's table would start with (ssc_gen.h). */
const char *const ssc_exception_names[] = {SSC_EXCEPTION_NAMES};
const int8_t ssc_exception_parents[] = {SSC_EXCEPTION_PARENTS};

int32_t stub_exc_code;
int32_t stub_exc_len;
uint8_t stub_exc_msg[STUB_MSG_SIZE];

uint8_t io_in[IO_SIZE] __attribute__((aligned(8)));
uint8_t io_out[2 * IO_SIZE] __attribute__((aligned(8)));

__attribute__((export_name("h_in"))) uint8_t *h_in(void) { return io_in; }
__attribute__((export_name("h_out"))) uint8_t *h_out(void) { return io_out; }
__attribute__((export_name("h_io_size"))) int32_t h_io_size(void) { return IO_SIZE; }

/* ssc_rt.h: the whole memory, which the stub never grows. */
uintptr_t ssc_heap_have;
/* core.h: changes when memory is released (cached facts about addresses expire). */
uint32_t ssc_heap_epoch;

/* Forgets every allocation and the pending exception. */
void stub_reset(void) {
    ssc_heap_have = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
    heap_used = 0;
    ssc_heap_epoch++;
    stub_exc_code = 0;
    stub_exc_len = 0;
}

uint8_t *stub_put_result(uint8_t *o, int32_t rc, const void *value8, const ssc_buf *text) {
    const uint8_t *msg = rc ? stub_exc_msg : text->ptr;
    int32_t len = rc ? stub_exc_len : text->len;
    memcpy(o, &rc, 4);
    memcpy(o + 4, &stub_exc_code, 4);
    memcpy(o + 8, value8, 8);
    memcpy(o + 16, &len, 4);
    memcpy(o + 20, msg, (size_t)len);
    return o + 20 + len;
}

/* Bump allocation, 8-byte aligned; traps when the static heap is full. */
void *ssc_alloc(uint32_t size) {
    uint32_t at = (heap_used + 7u) & ~7u;
    if (size > STUB_HEAP_SIZE - at)
        __builtin_trap();
    heap_used = at + size;
    return heap + at;
}

/* no_builtin: keep clang from turning these loops into calls to themselves. */
__attribute__((no_builtin)) void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

__attribute__((no_builtin)) void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

__attribute__((no_builtin)) void *memset(void *dst, int c, size_t n) {
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

__attribute__((no_builtin)) int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

void ssc_buf_init(ssc_buf *b, int32_t cap) {
    if (cap < 16)
        cap = 16;
    b->ptr = ssc_alloc((uint32_t)cap);
    b->len = 0;
    b->cap = cap;
}

void ssc_buf_reserve(ssc_buf *b, int32_t extra) {
    if (b->len + extra <= b->cap)
        return;
    int32_t cap = b->cap * 2;
    if (cap < b->len + extra)
        cap = b->len + extra;
    uint8_t *p = ssc_alloc((uint32_t)cap);
    memcpy(p, b->ptr, (size_t)b->len);
    b->ptr = p;
    b->cap = cap;
}

void ssc_buf_put(ssc_buf *b, const void *data, int32_t len) {
    ssc_buf_reserve(b, len);
    memcpy(b->ptr + b->len, data, (size_t)len);
    b->len += len;
}

void ssc_buf_byte(ssc_buf *b, uint8_t byte) {
    ssc_buf_put(b, &byte, 1);
}

void ssc_buf_cstr(ssc_buf *b, const char *s) {
    int32_t n = 0;
    while (s[n])
        n++;
    ssc_buf_put(b, s, n);
}

void ssc_buf_i64(ssc_buf *b, int64_t v) {
    char digits[20];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        ssc_buf_byte(b, '-');
    while (n)
        ssc_buf_byte(b, (uint8_t)digits[--n]);
}

void ssc_buf_hex2(ssc_buf *b, uint8_t v) {
    ssc_buf_byte(b, (uint8_t)"0123456789abcdef"[v >> 4]);
    ssc_buf_byte(b, (uint8_t)"0123456789abcdef"[v & 15]);
}

void ssc_raise(int32_t code, const uint8_t *msg, int32_t len) {
    if (len > STUB_MSG_SIZE)
        len = STUB_MSG_SIZE;
    stub_exc_code = code;
    stub_exc_len = len;
    memcpy(stub_exc_msg, msg, (size_t)len);
}

void ssc_raise_cstr(int32_t code, const char *msg) {
    int32_t n = 0;
    while (msg[n])
        n++;
    ssc_raise(code, (const uint8_t *)msg, n);
}

void ssc_raise_buf(int32_t code, const ssc_buf *msg) {
    ssc_raise(code, msg->ptr, msg->len);
}

int32_t ssc_raise_int_overflow(void) {
    ssc_raise_cstr(SSC_EXC_OverflowError, SSC_INT_OVERFLOW_MESSAGE);
    return SSC_RAISED;
}

int32_t ssc_record_key(const ssc_record *r, ssc_bytes *out) {
    *out = r->key;
    return r->has_key;
}
void ssc_record_value(const ssc_record *r, ssc_bytes *out) { *out = r->value; }
int64_t ssc_record_offset(const ssc_record *r) { return r->offset; }
int64_t ssc_record_timestamp(const ssc_record *r) { return r->timestamp; }
