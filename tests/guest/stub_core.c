/* Test stand-in for the guest core (core.c): the memory, buf and exception
 * functions of ssc_rt.h, simple rather than fast, so that other guest C
 * files can be tested on their own. stub_reset() starts a new "entry call". */
#include "ssc_rt.h"

#define STUB_HEAP_SIZE (32 << 20)
#define STUB_MSG_SIZE (1 << 16)

static uint8_t heap[STUB_HEAP_SIZE] __attribute__((aligned(8)));
static uint32_t heap_used;

int32_t stub_exc_code;
int32_t stub_exc_len;
uint8_t stub_exc_msg[STUB_MSG_SIZE];

/* Forgets every allocation and the pending exception. */
void stub_reset(void) {
    heap_used = 0;
    stub_exc_code = 0;
    stub_exc_len = 0;
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
