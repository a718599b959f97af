/* ssc guest runtime, core: memory, exceptions, the Fluvio record codec and
 * the per-kind drivers that the exported entry functions call.
 *
 * Spec: shared/reference/fluvio-abi.md §1 (wire encoding) and §2 (legacy
 * ABI L0). Numbers (kind tags, error codes, exception codes) come from the
 * generated ssc_gen.h, so the Python side and this file cannot disagree.
 *
 * Memory model. Linear memory is [stack | data | heap]. The heap is one
 * bump region that belongs to the current batch: the host's `alloc` call,
 * which starts every batch (§2 "Host call sequence", step 2), rewinds it,
 * so the input, every temporary value and the output of a batch live
 * there until the next batch begins. The output therefore stays valid
 * until the host's next call, as the ABI requires, and memory grows only
 * to the high-water mark of the largest batch: it stays flat across
 * batches of the same shape.
 */
#include "core.h"
#include "text.h"
#include "containers.h"

extern unsigned char __heap_base;

/* §2: the one import. The L0 host links it by position. */
__attribute__((import_module("env"), import_name("copy_records")))
void ssc_copy_records(int32_t ptr, int32_t len);

/* ---- memory ------------------------------------------------------------- */

#define SSC_PAGE 65536u

static uintptr_t heap_next;   /* 0 until the first alloc */
static int32_t call_depth;    /* nested SmartStream calls (ssc_call_enter) */

/* Counts the times memory was released (see core.h). */
uint32_t ssc_heap_epoch;

/* Every release of memory goes through here: the heap rewinds to `to`. */
__attribute__((noinline)) static void heap_rewind(uintptr_t to) {
    heap_next = to;
    ssc_heap_epoch++;
}

static void heap_reset(void) { heap_rewind(((uintptr_t)&__heap_base + 7u) & ~(uintptr_t)7u); }

/* The memory's size in bytes when last looked at (ssc_rt.h): memory only
 * grows, so an allocation below it needs no memory.size (JSON makes a box
 * per value). */
uintptr_t ssc_heap_have;

SSC_COLD static void heap_grow(uintptr_t end) {
    uintptr_t have = (uintptr_t)__builtin_wasm_memory_size(0) * SSC_PAGE;
    if (end > have) {
        uintptr_t pages = (end - have + SSC_PAGE - 1) / SSC_PAGE;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
        have += pages * SSC_PAGE;
    }
    ssc_heap_have = have;
}

void *ssc_alloc(uint32_t size) {
    if (SSC_UNLIKELY(heap_next == 0)) heap_reset();
    uintptr_t start = heap_next;
    uintptr_t end = (start + (uintptr_t)size + 7u) & ~(uintptr_t)7u;
    if (SSC_UNLIKELY(end < start)) __builtin_trap();
    if (SSC_UNLIKELY(end > ssc_heap_have)) heap_grow(end);
    heap_next = end;
    return (void *)start;
}

/* ---- module state ------------------------------------------------------- */
/* The lowering defines these when the program has state variables; the weak
 * definitions stand for "no state". */
__attribute__((weak)) const int32_t ssc_state_count = 0;
__attribute__((weak)) const ssc_state_var ssc_state_vars[1] = {{0, 0}};


/* Start a batch keeping the module state: copy what the state variables
 * reach out of the last batch's memory [base, end) to just above it, then,
 * when it fits with room to spare (half the space below, as a dict copied
 * again may size its table differently), copy it back down to the base, so
 * the state sits compactly at the bottom and the new batch's memory follows
 * it. Otherwise it stays above, and the next batch moves it down. Memory
 * stays bounded by a few times the state beside the largest batch. */
static void state_compact(void) {
    uintptr_t base = ((uintptr_t)&__heap_base + 7u) & ~(uintptr_t)7u;
    uintptr_t end = heap_next;
    ssc_state_evacuate(ssc_state_vars, ssc_state_count, base, end);
    uintptr_t copy_start = end, copy_end = heap_next;
    ssc_heap_epoch++;   /* the last batch's memory is released, moved or not */
    if (copy_end - copy_start <= (copy_start - base) / 2) {
        heap_rewind(base);
        ssc_state_evacuate(ssc_state_vars, ssc_state_count, copy_start, copy_end);
    }
}

/* How a batch starts: a stateless module rewinds the heap; one with state
 * compacts it (set by ssc_state_ready). Reaching state_compact only through
 * this pointer keeps it, and the container code it needs, out of the
 * modules that have no state (wasm-ld --gc-sections drops it). */
static void (*batch_start)(void) = heap_reset;

void ssc_state_ready(void) {
    batch_start = state_compact;
}

/* §2 `alloc`: a writable region of at least len bytes for the next batch's
 * input. Starts a new batch: everything of the previous batch is released,
 * except the module state, which is moved to the bottom of the heap. */
int32_t alloc(int32_t len) {
    call_depth = 0;   /* a trapped call (a host deadline, say) may have left it raised */
    if (heap_next) {
        batch_start();
    } else {
        heap_reset();
    }
    return (int32_t)(uintptr_t)ssc_alloc(len < 0 ? 0u : (uint32_t)len);
}

/* §2 `dealloc`: never called by any host; the batch owns its memory. */
void dealloc(int32_t ptr, int32_t len) {
    (void)ptr;
    (void)len;
}

/* The C library's memory functions (wasm32-freestanding has none), 8 bytes
 * at a time: wasm loads and stores may be unaligned, and __builtin_memcpy of
 * a constant 8 bytes compiles to one i64 load or store. */
static inline uint64_t load64(const uint8_t *p) {
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
    return w;
}

static inline void store64(uint8_t *p, uint64_t w) { __builtin_memcpy(p, &w, 8); }

__attribute__((noinline)) void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (n >= 8) {
        /* whole words, then the last word again, overlapping: no byte loop */
        const uint8_t *last = s + n - 8;
        uint8_t *dlast = d + n - 8;
        for (; n >= 8; n -= 8, d += 8, s += 8) store64(d, load64(s));
        if (n) store64(dlast, load64(last));
        return dst;
    }
    if (n >= 4) {   /* 4 to 7 bytes: two overlapping 4-byte moves */
        uint32_t a, z;
        __builtin_memcpy(&a, s, 4);
        __builtin_memcpy(&z, s + n - 4, 4);
        __builtin_memcpy(d, &a, 4);
        __builtin_memcpy(d + n - 4, &z, 4);
        return dst;
    }
    while (n--) *d++ = *s++;
    return dst;
}

__attribute__((noinline)) void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d == s || n == 0) return dst;
    if (d < s || d >= s + n) return memcpy(dst, src, n);
    for (; n >= 8; n -= 8) store64(d + n - 8, load64(s + n - 8));
    while (n--) d[n] = s[n];
    return dst;
}

__attribute__((noinline)) void *memset(void *dst, int c, size_t n) {
    uint8_t *d = dst;
    uint64_t w = 0x0101010101010101ull * (uint8_t)c;
    for (; n >= 8; n -= 8, d += 8) store64(d, w);
    while (n--) *d++ = (uint8_t)c;
    return dst;
}

__attribute__((noinline)) int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t d = load64(x + i) ^ load64(y + i);
        if (d) {
            i += (size_t)__builtin_ctzll(d) >> 3;   /* little-endian: the first differing byte */
            return x[i] < y[i] ? -1 : 1;
        }
    }
    for (; i < n; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

/* ---- growable buffer ---------------------------------------------------- */

void ssc_buf_init(ssc_buf *b, int32_t cap) {
    if (cap < 16) cap = 16;
    b->ptr = ssc_alloc((uint32_t)cap);
    b->len = 0;
    b->cap = cap;
}

void ssc_buf_reserve(ssc_buf *b, int32_t extra) {
    if (b->len + extra <= b->cap) return;
    uintptr_t end = ((uintptr_t)b->ptr + (uintptr_t)b->cap + 7u) & ~(uintptr_t)7u;
    if (end == heap_next) {
        /* The last allocation: grow it where it is. That copies nothing, so
         * the buffer need not double: an eighth more, between 64 bytes and
         * 64 KiB, keeps appends from growing it each time and leaves an
         * output buffer within 64 KiB of the output's size. */
        int32_t grow = b->cap / 8 < 64 ? 64 : b->cap / 8 > 65536 ? 65536 : b->cap / 8;
        int32_t cap = b->len + extra > b->cap + grow ? b->len + extra : b->cap + grow;
        uintptr_t want = (uintptr_t)b->ptr + (uintptr_t)cap;
        if (want > end) ssc_alloc((uint32_t)(want - end));
        b->cap = cap;
        return;
    }
    int32_t cap = b->cap * 2;
    if (cap < b->len + extra) cap = b->len + extra;
    uint8_t *grown = ssc_alloc((uint32_t)cap);
    memcpy(grown, b->ptr, (size_t)b->len);
    b->ptr = grown;
    b->cap = cap;
}

void ssc_buf_put(ssc_buf *b, const void *data, int32_t len) {
    ssc_buf_reserve(b, len);
    uint8_t *to = b->ptr + b->len;
    if (len <= 8) {   /* an f-string's constant pieces, mostly: no call */
        for (int32_t i = 0; i < len; i++)
            to[i] = ((const uint8_t *)data)[i];
    } else {
        memcpy(to, data, (size_t)len);
    }
    b->len += len;
}

void ssc_buf_byte(ssc_buf *b, uint8_t byte) {
    ssc_buf_reserve(b, 1);
    b->ptr[b->len++] = byte;
}

SSC_COLD void ssc_buf_cstr(ssc_buf *b, const char *s) {
    int32_t n = 0;
    while (s[n]) n++;
    ssc_buf_put(b, s, n);
}

/* Decimal digits of v into `out` (20 bytes is enough); returns the count. */
static int32_t format_i64(int64_t v, uint8_t *out) {
    uint8_t tmp[20];
    uint8_t *first = ssc_u64_digits_backwards(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, tmp + 20);
    int32_t len = 0;
    if (v < 0) out[len++] = '-';
    int32_t digits = (int32_t)(tmp + 20 - first);
    memcpy(out + len, first, (size_t)digits);
    return len + digits;
}

void ssc_buf_i64(ssc_buf *b, int64_t v) {
    ssc_buf_reserve(b, 20);
    b->len += format_i64(v, b->ptr + b->len);
}

SSC_COLD void ssc_buf_hex2(ssc_buf *b, uint8_t v) {
    static const char digits[] = "0123456789abcdef";
    ssc_buf_byte(b, (uint8_t)digits[v >> 4]);
    ssc_buf_byte(b, (uint8_t)digits[v & 15u]);
}

/* ---- exceptions --------------------------------------------------------- */

static int32_t exc_code;
static ssc_bytes exc_message;

SSC_COLD void ssc_raise(int32_t code, const uint8_t *msg, int32_t len) {
    uint8_t *copy = ssc_alloc((uint32_t)len);
    memcpy(copy, msg, (size_t)len);
    exc_code = code;
    exc_message.ptr = copy;
    exc_message.len = len;
}

SSC_COLD void ssc_raise_cstr(int32_t code, const char *msg) {
    int32_t n = 0;
    while (msg[n]) n++;
    ssc_raise(code, (const uint8_t *)msg, n);
}

SSC_COLD void ssc_raise_buf(int32_t code, const ssc_buf *msg) { ssc_raise(code, msg->ptr, msg->len); }

/* Python-level call depth, for CPython's RecursionError. Lowered code calls
 * ssc_call_enter before calling a SmartStream function (it raises past the
 * limit) and ssc_call_leave after it returns, raised or not. Each entry call
 * starts from 0: a batch only runs after the previous one returned. */
int32_t ssc_call_enter(void) {
    if (SSC_UNLIKELY(++call_depth > SSC_RECURSION_LIMIT)) {
        call_depth--;
        ssc_raise_cstr(SSC_EXC_RecursionError, SSC_RECURSION_MESSAGE);
        return SSC_RAISED;
    }
    return SSC_OK;
}

void ssc_call_leave(void) { call_depth--; }

/* `except E`: does the pending exception's class derive from class `code`? */
int32_t ssc_exc_matches(int32_t code) {
    for (int32_t c = exc_code; c >= 0; c = ssc_exception_parents[c]) {
        if (c == code) return 1;
    }
    return 0;
}

/* Take the pending exception (to bind it with `as e`, or to keep it while a
 * `finally` block runs) and put it back (`raise`). */
void ssc_exc_fetch(ssc_exception *out) {
    out->code = exc_code;
    out->message = exc_message;
}

void ssc_exc_restore(const ssc_exception *e) {
    exc_code = e->code;
    exc_message = e->message;
}

/* `raise E(value)`: the message is str(value), or repr(value) for KeyError,
 * as CPython's KeyError.__str__ shows its key. */
SSC_COLD void ssc_raise_value(int32_t code, const ssc_type *t, const void *value) {
    ssc_buf b;
    ssc_buf_init(&b, 32);
    if (code == SSC_EXC_KeyError) {
        ssc_buf_value_repr(&b, t, value);
    } else {
        ssc_buf_value_str(&b, t, value);
    }
    ssc_raise_buf(code, &b);
}

/* IndexError / ValueError and friends with a fixed message, for lowered code. */
SSC_COLD int32_t ssc_raise_message(int32_t code, const uint8_t *msg, int32_t len) {
    ssc_raise(code, msg, len);
    return SSC_RAISED;
}

/* ValueError "not enough values to unpack (expected [at least ]W, got H)". */
static SSC_COLD int32_t unpack_too_few(int32_t have, int32_t want, const char *at_least) {
    ssc_buf b;
    ssc_buf_init(&b, 64);
    ssc_buf_cstr(&b, "not enough values to unpack (expected ");
    ssc_buf_cstr(&b, at_least);
    ssc_buf_i64(&b, want);
    ssc_buf_cstr(&b, ", got ");
    ssc_buf_i64(&b, have);
    ssc_buf_cstr(&b, ")");
    ssc_raise_buf(SSC_EXC_ValueError, &b);
    return SSC_RAISED;
}

/* Unpacking `a, b = xs` of a list: CPython's ValueError when the length differs. */
int32_t ssc_unpack_check(int32_t have, int32_t want) {
    if (have == want) return SSC_OK;
    if (have < want) return unpack_too_few(have, want, "");
    ssc_buf b;
    ssc_buf_init(&b, 64);
    ssc_buf_cstr(&b, "too many values to unpack (expected ");
    ssc_buf_i64(&b, want);
    ssc_buf_cstr(&b, ")");
    ssc_raise_buf(SSC_EXC_ValueError, &b);
    return SSC_RAISED;
}

/* Unpacking `a, *rest = xs` of a list: CPython's ValueError when it has too few items. */
int32_t ssc_unpack_at_least(int32_t have, int32_t want) {
    return have >= want ? SSC_OK : unpack_too_few(have, want, "at least ");
}

/* `n in b` for bytes b and int n: ValueError outside range(0, 256), as CPython. */
int32_t ssc_bytes_contains_byte(const uint8_t *p, int32_t len, int64_t byte, uint8_t *out) {
    if (byte < 0 || byte > 255) {
        ssc_raise_cstr(SSC_EXC_ValueError, "byte must be in range(0, 256)");
        return SSC_RAISED;
    }
    *out = 0;
    for (int32_t i = 0; i < len; i++) {
        if (p[i] == (uint8_t)byte) {
            *out = 1;
            break;
        }
    }
    return SSC_OK;
}

/* str and bytes ordering: code point order is UTF-8 byte order. */
int32_t ssc_bytes_order(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen) {
    if (alen && blen && a[0] != b[0]) return a[0] < b[0] ? -1 : 1;   /* most comparisons end here */
    int32_t n = alen < blen ? alen : blen;
    int c = memcmp(a, b, (size_t)n);
    if (c) return c < 0 ? -1 : 1;
    return alen < blen ? -1 : alen > blen;
}

/* OverflowError for an int result outside int64: ssc's one documented
 * difference from CPython (docs/language.md, "int"). */
SSC_COLD int32_t ssc_raise_int_overflow(void) {
    ssc_raise_cstr(SSC_EXC_OverflowError, SSC_INT_OVERFLOW_MESSAGE);
    return SSC_RAISED;
}

/* ---- operations the lowering calls ------------------------------------- */

/* a * b for int, checked. LLVM lowers smul.with.overflow.i64 (and a
 * division-based check, which it recognises) to a 128-bit multiply that
 * needs compiler-rt's __multi3 on wasm32; this uses 32-bit limbs instead. */
int32_t ssc_int_mul(int64_t a, int64_t b, int64_t *out) {
    uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    uint64_t a_hi = ua >> 32, a_lo = ua & 0xffffffffu;
    uint64_t b_hi = ub >> 32, b_lo = ub & 0xffffffffu;
    if (a_hi && b_hi) return ssc_raise_int_overflow();
    uint64_t cross = a_hi * b_lo + a_lo * b_hi;      /* one term is 0: no wrap */
    if (cross >> 32) return ssc_raise_int_overflow();
    uint64_t low = a_lo * b_lo;
    uint64_t magnitude = low + (cross << 32);
    if (magnitude < low) return ssc_raise_int_overflow();
    int negative = (a < 0) != (b < 0);
    if (magnitude > (negative ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1)) return ssc_raise_int_overflow();
    *out = (int64_t)(negative ? (uint64_t)0 - magnitude : magnitude);
    return SSC_OK;
}

/* Results of a + b, each with the room after it that nothing else uses:
 * (ptr, len) is the longest value that starts at ptr (a slice is shorter,
 * and a + b that extends it takes its place), and [ptr + len, ptr + cap)
 * belongs to no value. An entry holds within one heap epoch; the least
 * recently used makes way for a new one. */
typedef struct {
    uint8_t *ptr;
    int32_t len, cap;
    uint32_t epoch, used;
} concat_room;

#define CONCAT_ROOMS 4
static concat_room concat_rooms[CONCAT_ROOMS];
static uint32_t concat_clock;

/* a's room, or else the least recently used entry, emptied (ptr 0). */
static concat_room *concat_room_of(const uint8_t *a, int32_t alen) {
    concat_room *oldest = &concat_rooms[0];
    for (int32_t i = 0; i < CONCAT_ROOMS; i++) {
        concat_room *r = &concat_rooms[i];
        if (r->epoch != ssc_heap_epoch) r->used = 0;
        else if (r->ptr == a && r->len == alen && alen > 0) return r;
        if (r->used < oldest->used) oldest = r;
    }
    oldest->ptr = 0;
    return oldest;
}

/* a + b for str or bytes. As CPython's `s += t` when nothing else holds s,
 * a + b writes b after a in place when a is a room's value with room after
 * it, so that a loop `out += ch` takes amortised O(1) time and O(len)
 * memory: values are (ptr, len) and immutable, so an alias of a keeps its
 * length and text, and no value can tell. Otherwise the result is new
 * memory: exactly its size the first time; when a's room ran out, half as
 * much again, grown where it is if it is the last allocation. */
void ssc_concat(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen, ssc_bytes *out) {
    uint32_t total = (uint32_t)alen + (uint32_t)blen;
    if (SSC_UNLIKELY(total > 0x7fffffffu)) ssc_out_of_memory();
    concat_room *r = concat_room_of(a, alen);
    uint8_t *p = r->ptr;
    if (!p || total > (uint32_t)r->cap) {
        uint32_t cap = p ? total + total / 2u + 32u : total;
        if (p && (uintptr_t)p + (uintptr_t)r->cap == heap_next) {
            ssc_alloc(cap - (uint32_t)r->cap);
        } else {
            p = ssc_alloc(cap);
            memcpy(p, a, (size_t)alen);
        }
        r->ptr = p;
        r->cap = (int32_t)((cap + 7u) & ~7u);
    }
    memcpy(p + alen, b, (size_t)blen);
    r->len = (int32_t)total;
    r->epoch = ssc_heap_epoch;
    r->used = ++concat_clock;
    out->ptr = p;
    out->len = (int32_t)total;
}

int32_t ssc_equal(const uint8_t *a, int32_t alen, const uint8_t *b, int32_t blen) {
    return alen == blen && memcmp(a, b, (size_t)alen) == 0;
}

/* str(i) for an int: a new value in batch memory. */
void ssc_int_to_str(int64_t v, ssc_bytes *out) {
    uint8_t *p = ssc_alloc(20);
    out->len = format_i64(v, p);
    out->ptr = p;
}

/* ---- records: decoding (§1 "Record", §2 "Structures") ----------------- */

struct ssc_record {
    int8_t attributes;
    int64_t timestamp_delta;
    int64_t offset_delta;
    int32_t has_key;
    ssc_bytes key;
    ssc_bytes value;
    int64_t headers;
    int64_t offset;       /* base_offset + offset_delta */
    int64_t timestamp;    /* timestamp_delta: L0 has no base timestamp */
    const uint8_t *raw;   /* the record's bytes on the wire, from its length varint */
    int32_t raw_len;      /* ... or 0 when they are not as put_record would write them */
};

/* Field access for the lowering, so the struct layout lives only here. */
int32_t ssc_record_key(const ssc_record *r, ssc_bytes *out) {
    *out = r->key;
    return r->has_key;
}
void ssc_record_value(const ssc_record *r, ssc_bytes *out) { *out = r->value; }
int64_t ssc_record_offset(const ssc_record *r) { return r->offset; }
int64_t ssc_record_timestamp(const ssc_record *r) { return r->timestamp; }

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
    int32_t failed;
    int32_t overlong;   /* a varint had more bytes than its value needs */
} reader;

static uint8_t read_u8(reader *r) {
    if (r->p >= r->end) {
        r->failed = 1;
        return 0;
    }
    return *r->p++;
}

static uint32_t read_be32(reader *r) {
    if (r->end - r->p < 4) {
        r->failed = 1;
        r->p = r->end;
        return 0;
    }
    uint32_t v = ((uint32_t)r->p[0] << 24) | ((uint32_t)r->p[1] << 16) | ((uint32_t)r->p[2] << 8) | r->p[3];
    r->p += 4;
    return v;
}

static int64_t read_be64(reader *r) {
    uint64_t hi = read_be32(r);
    uint64_t lo = read_be32(r);
    return (int64_t)((hi << 32) | lo);
}

/* §1 varint: zigzag, then LEB128 with the low 7 bits first. */
SSC_COLD static int64_t read_varint_long(reader *r) {
    uint64_t raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        uint8_t byte = read_u8(r);
        if (r->failed) return 0;
        raw |= (uint64_t)(byte & 0x7fu) << shift;
        if (!(byte & 0x80u)) {
            if (byte == 0 && shift) r->overlong = 1;
            return (int64_t)(raw >> 1) ^ -(int64_t)(raw & 1u);
        }
    }
    r->failed = 1;
    return 0;
}

/* Most varints of a record are one byte: that case inline. */
static inline __attribute__((always_inline)) int64_t read_varint(reader *r) {
    if (SSC_LIKELY(r->p < r->end && *r->p < 0x80u)) {
        uint8_t byte = *r->p++;
        return (int64_t)(byte >> 1) ^ -(int64_t)(byte & 1u);
    }
    return read_varint_long(r);
}

/* §1 RecordData: varint byte length, then the bytes (a view, not a copy). */
static ssc_bytes read_record_data(reader *r) {
    ssc_bytes out = {r->p, 0};
    int64_t len = read_varint(r);
    if (r->failed || len < 0 || len > r->end - r->p) {
        r->failed = 1;
        return out;
    }
    out.ptr = r->p;
    out.len = (int32_t)len;
    r->p += len;
    return out;
}

/* §1 Record: varint L, then the body read field by field (the decoder
 * checks that L bytes remain but does not use L to skip). The record's
 * wire bytes are kept in raw/raw_len when they are exactly what put_record
 * would write back (L is the body's length, no varint is overlong), so a
 * filter can copy them as they are. */
static void read_record(reader *r, ssc_record *rec, int64_t base_offset, int64_t base_timestamp) {
    const uint8_t *start = r->p;
    r->overlong = 0;
    int64_t len = read_varint(r);
    if (r->failed || len < 0 || len > r->end - r->p) {
        r->failed = 1;
        return;
    }
    const uint8_t *body = r->p;
    rec->attributes = (int8_t)read_u8(r);
    rec->timestamp_delta = read_varint(r);
    rec->offset_delta = read_varint(r);
    uint8_t present = read_u8(r);
    if (present > 1) r->failed = 1;
    rec->has_key = present;
    rec->key.ptr = 0;
    rec->key.len = 0;
    if (present == 1) rec->key = read_record_data(r);
    rec->value = read_record_data(r);
    rec->headers = read_varint(r);
    rec->offset = base_offset + rec->offset_delta;
    rec->timestamp = base_timestamp + rec->timestamp_delta;
    rec->raw = start;
    rec->raw_len = r->p - body == len && !r->overlong ? (int32_t)(r->p - start) : 0;
}

/* §1 Option's presence byte (a bool): 0 or 1; anything else fails the decode. */
static uint8_t read_option(reader *r) {
    uint8_t flag = read_u8(r);
    if (flag > 1) r->failed = 1;
    return flag == 1;
}

/* §1 String: u16 length (read as i16: <= 0 is empty), then the bytes, which
 * must be UTF-8 as Rust's String::from_utf8 requires (the failed check leaves
 * a UnicodeDecodeError pending, which nothing reports: the decode fails). */
static ssc_bytes read_string(reader *r) {
    uint8_t hi = read_u8(r), lo = read_u8(r);
    int16_t len = (int16_t)(((uint16_t)hi << 8) | lo);
    ssc_bytes out = {r->p, 0};
    if (len <= 0) return out;
    if (r->failed || len > r->end - r->p || ssc_utf8_check(r->p, len)) {
        r->failed = 1;
        return out;
    }
    out.len = len;
    r->p += len;
    return out;
}

/* §3 SmartModuleExtraParams at `version`: BTreeMap<String, String> (u16
 * count), then lookback: Option<Lookback> (v >= 20) with Lookback { last:
 * u64, age: Option<Duration> (v >= 21) }, Duration = u64 secs + u32 nanos.
 * With `params` set (init), the map's pairs go into that dict[str, str];
 * the transforms pass 0 and skip them, so they need no dict code. */
static inline __attribute__((always_inline)) void read_extra_params(reader *r, int32_t version,
                                                                    ssc_dict *params) {
    uint8_t hi = read_u8(r), lo = read_u8(r);
    int32_t count = ((int32_t)hi << 8) | lo;
    for (int32_t i = 0; i < count && !r->failed; i++) {
        ssc_bytes key = read_string(r);
        ssc_bytes value = read_string(r);
        if (params && !r->failed) ssc_dict_setitem(params, &key, &value);
    }
    if (version >= SSC_LOOKBACK_MIN_VERSION && read_option(r)) {
        read_be64(r);                                            /* last */
        if (version >= SSC_LOOKBACK_AGE_MIN_VERSION && read_option(r)) {
            read_be64(r);                                        /* Duration.secs */
            read_be32(r);                                        /* Duration.nanos */
        }
    }
}

static void skip_extra_params(reader *r, int32_t version) { read_extra_params(r, version, 0); }

/* The decoded input of one batch. */
typedef struct {
    int64_t base_offset;
    int64_t base_timestamp;
    int32_t version;              /* SSC_LEGACY_VERSION for the legacy ABI */
    int32_t count;
    const uint8_t *records;       /* first record of the Vec<Record> */
    const uint8_t *records_end;
    ssc_bytes accumulator;        /* aggregate only */
} batch;

/* Whether the next `count` records at r decode. §2/§3's guests decode the
 * whole batch before any transform runs, so a bad record anywhere fails
 * the batch with no output. A module without state checks as it goes:
 * its transform may run on the records before a bad one, but their output
 * is dropped (the driver returns the decoding error instead) and nothing
 * else of theirs survives the batch, so the outcome is the same, at one
 * pass over the records instead of two. The drivers also call this before
 * reporting a raise, since a bad record after it wins. */
static int32_t records_valid(reader r, int32_t count) {
    for (int32_t i = 0; i < count; i++) {
        ssc_record scratch;
        read_record(&r, &scratch, 0, 0);
        if (r.failed) return 0;
    }
    return 1;
}

/* The input of a batch: §2 SmartStreamInput { base_offset: i64,
 * record_data: Vec<u8> } for the legacy ABI, or §3 SmartModuleInput at
 * `version` { base_offset, raw_bytes, params (v <= 22), join_record
 * (16 <= v <= 22), base_timestamp (v >= 22) }; an aggregate's accumulator:
 * Vec<u8> follows either. Returns 0 or a negative internal-error code.
 * Every record is validated before any user code runs, so a decode failure
 * never follows partial output. */
static inline __attribute__((always_inline)) int32_t decode_batch(const uint8_t *ptr, int32_t len,
                                                                  int32_t with_accumulator, int32_t version,
                                                                  batch *out) {
    reader r = {ptr, ptr + (len < 0 ? 0 : len), 0};
    out->version = version;
    out->base_offset = read_be64(&r);
    out->base_timestamp = 0;
    int32_t data_len = (int32_t)read_be32(&r);
    if (data_len < 0) data_len = 0;
    if (r.failed || data_len > r.end - r.p) return SSC_ERR_DECODING_BASE_INPUT;
    const uint8_t *data = r.p;
    r.p += data_len;
    if (version != SSC_LEGACY_VERSION) {
        if (version <= SSC_PARAMS_MAX_VERSION) skip_extra_params(&r, version);
        if (version >= SSC_JOIN_RECORD_MIN_VERSION && version <= SSC_JOIN_RECORD_MAX_VERSION) {
            int32_t join_len = (int32_t)read_be32(&r);
            if (join_len > 0) {
                if (join_len > r.end - r.p) return SSC_ERR_DECODING_BASE_INPUT;
                r.p += join_len;
            }
        }
        if (version >= SSC_TIMESTAMP_MIN_VERSION) out->base_timestamp = read_be64(&r);
        if (r.failed) return SSC_ERR_DECODING_BASE_INPUT;
    }
    out->accumulator.ptr = r.p;
    out->accumulator.len = 0;
    if (with_accumulator) {
        int32_t acc_len = (int32_t)read_be32(&r);
        if (acc_len < 0) acc_len = 0;
        if (r.failed || acc_len > r.end - r.p) return SSC_ERR_DECODING_BASE_INPUT;
        out->accumulator.ptr = r.p;
        out->accumulator.len = acc_len;
    }
    reader records = {data, data + data_len, 0};
    int32_t count = (int32_t)read_be32(&records);
    if (records.failed) return SSC_ERR_DECODING_RECORDS;
    if (count < 0) count = 0;
    out->records = records.p;
    out->count = count;
    out->records_end = records.end;
    /* Validated as the driver goes (records_valid) in a module without
     * state; with state, user code must not run on a batch that fails. */
    if (batch_start == heap_reset) return 0;
    return records_valid(records, count) ? 0 : SSC_ERR_DECODING_RECORDS;
}

/* A transform's decode failure as its return code: §3's derive returns -11
 * for both input and record failures, except aggregate (-22 for records). */
static int32_t decode_status(int32_t status, int32_t version, int32_t aggregate) {
    if (version != SSC_LEGACY_VERSION && !aggregate && status == SSC_ERR_DECODING_RECORDS)
        return SSC_ERR_DECODING_BASE_INPUT;
    return status;
}

/* The kind tag of a runtime error: legacy SmartStreamType or SmartModuleKind. */
static int32_t kind_tag(int32_t version, int32_t legacy, int32_t module) {
    return version == SSC_LEGACY_VERSION ? legacy : module;
}

/* ---- output encoding (§2 SmartStreamOutput) ---------------------------- */

/* A varint at p, which has room for it; returns the end. */
__attribute__((noinline)) static uint8_t *write_varint(uint8_t *p, int64_t v) {
    uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    while (z >= 0x80u) {
        *p++ = (uint8_t)(z | 0x80u);
        z >>= 7;
    }
    *p++ = (uint8_t)z;
    return p;
}

static void put_varint(ssc_buf *b, int64_t v) {
    ssc_buf_reserve(b, 10);
    b->len = (int32_t)(write_varint(b->ptr + b->len, v) - b->ptr);
}

static void put_be32(ssc_buf *b, uint32_t v) {
    ssc_buf_reserve(b, 4);
    b->ptr[b->len++] = (uint8_t)(v >> 24);
    b->ptr[b->len++] = (uint8_t)(v >> 16);
    b->ptr[b->len++] = (uint8_t)(v >> 8);
    b->ptr[b->len++] = (uint8_t)v;
}

static void put_be64(ssc_buf *b, int64_t v) {
    put_be32(b, (uint32_t)((uint64_t)v >> 32));
    put_be32(b, (uint32_t)v);
}

static inline __attribute__((always_inline)) int32_t varint_size(int64_t v) {
    uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    int32_t n = 1;
    while (z >= 0x80u) {
        z >>= 7;
        n++;
    }
    return n;
}

/* write_varint with the one-byte case inline. */
static inline __attribute__((always_inline)) uint8_t *write_small_varint(uint8_t *p, int64_t v) {
    if ((uint64_t)v < 64u) {
        *p = (uint8_t)(v << 1);
        return p + 1;
    }
    return write_varint(p, v);
}

/* §1 Record with the given key and value and the preamble of `rec`, sized
 * first and written into one reserved run. Returns where the value's bytes
 * start in the buffer. */
static int32_t put_record(ssc_buf *b, const ssc_record *rec, int32_t has_key, ssc_bytes key, ssc_bytes value) {
    if (!has_key) key.len = 0;
    int32_t body = 2 + varint_size(rec->timestamp_delta) + varint_size(rec->offset_delta) +
                   varint_size(value.len) + value.len + varint_size(rec->headers) +
                   (has_key ? varint_size(key.len) + key.len : 0);
    ssc_buf_reserve(b, body + 5);
    uint8_t *p = write_small_varint(b->ptr + b->len, body);
    *p++ = (uint8_t)rec->attributes;
    p = write_small_varint(p, rec->timestamp_delta);
    p = write_small_varint(p, rec->offset_delta);
    *p++ = has_key ? 1u : 0u;
    if (has_key) {
        p = write_small_varint(p, key.len);
        memcpy(p, key.ptr, (size_t)key.len);
        p += key.len;
    }
    p = write_small_varint(p, value.len);
    int32_t at = (int32_t)(p - b->ptr);
    memcpy(p, value.ptr, (size_t)value.len);
    p = write_small_varint(p + value.len, rec->headers);
    b->len = (int32_t)(p - b->ptr);
    return at;
}

/* An input record, unchanged, to the output: its own bytes when they are
 * canonical (read_record), else encoded again. */
static void put_same_record(ssc_buf *b, const ssc_record *rec) {
    if (rec->raw_len) {
        ssc_buf_put(b, rec->raw, rec->raw_len);
    } else {
        put_record(b, rec, rec->has_key, rec->key, rec->value);
    }
}

/* The length of the longest prefix of s that is at most max bytes and does
 * not split a UTF-8 sequence. */
static int32_t utf8_prefix(ssc_bytes s, int32_t max) {
    if (s.len <= max) return s.len;
    int32_t n = max;
    while (n > 0 && (s.ptr[n] & 0xc0u) == 0x80u) n--;
    return n;
}

/* The pending exception as a runtime error's hint: f"{type(e).__name__}: {e}". */
SSC_COLD static void put_hint(ssc_buf *b) {
    ssc_buf hint;
    ssc_buf_init(&hint, 64 + exc_message.len);
    ssc_buf_cstr(&hint, ssc_exception_names[exc_code]);
    ssc_buf_cstr(&hint, ": ");
    ssc_buf_put(&hint, exc_message.ptr, exc_message.len);
    ssc_bytes text = {hint.ptr, hint.len};
    int32_t n = utf8_prefix(text, SSC_MAX_STRING_BYTES);
    ssc_buf_byte(b, (uint8_t)(n >> 8));        /* String: u16 length */
    ssc_buf_byte(b, (uint8_t)n);
    ssc_buf_put(b, text.ptr, n);
}

/* The runtime error of §2/§3: hint "{type name}: {message}" as CPython's
 * f"{type(e).__name__}: {e}", then offset, kind, the record's key/value. */
SSC_COLD static void put_error(ssc_buf *b, int32_t kind, const ssc_record *rec) {
    ssc_buf_byte(b, 1u);                       /* Some(error) */
    put_hint(b);
    put_be64(b, rec->offset);
    ssc_buf_byte(b, (uint8_t)kind);
    ssc_buf_byte(b, rec->has_key ? 1u : 0u);
    if (rec->has_key) {
        put_varint(b, rec->key.len);
        ssc_buf_put(b, rec->key.ptr, rec->key.len);
    }
    put_varint(b, rec->value.len);
    ssc_buf_put(b, rec->value.ptr, rec->value.len);
}

/* Starts the output: Vec<Record> count (patched by finish_output). */
static void start_output(ssc_buf *out, const batch *in) {
    /* Without module state the buffer stays the last allocation between
     * records (record_release) and grows in place: start small, so that a
     * batch that outputs little needs little. With state it may have to
     * move to grow, so it starts at the input's size, which a filter's
     * output never exceeds. */
    int32_t input = (int32_t)(in->records_end - in->records) + 64;
    ssc_buf_init(out, batch_start == heap_reset && input > 4096 ? 4096 : input);
    put_be32(out, 0);
}

/* Patches the success count, appends the error option (and, for a
 * SmartModule aggregate at v >= 16, the final accumulator: §3
 * SmartModuleAggregateOutput), hands the buffer to the host (§2 step 4)
 * and returns the count (§2 step 5). */
static int32_t finish_output(ssc_buf *out, int32_t successes, int32_t kind, const ssc_record *failed,
                             const ssc_bytes *accumulator) {
    out->ptr[0] = (uint8_t)((uint32_t)successes >> 24);
    out->ptr[1] = (uint8_t)((uint32_t)successes >> 16);
    out->ptr[2] = (uint8_t)((uint32_t)successes >> 8);
    out->ptr[3] = (uint8_t)successes;
    if (failed) {
        put_error(out, kind, failed);
    } else {
        ssc_buf_byte(out, 0u);                 /* None */
    }
    if (accumulator) {
        put_be32(out, (uint32_t)accumulator->len);
        ssc_buf_put(out, accumulator->ptr, accumulator->len);
    }
    ssc_copy_records((int32_t)(uintptr_t)out->ptr, out->len);
    return successes;
}

/* ---- drivers: one per kind, called by the exported entry ---------------- */
/* Each driver body takes the entry's version argument: SSC_LEGACY_VERSION
 * for a legacy (ptr, len) entry, else the SmartModule version the host
 * passed. SSC_DRIVER defines the two functions the lowering calls:
 * ssc_drive_KIND (SmartModule ABI, the version as passed) and
 * ssc_drive_KIND_legacy (the legacy ABI, the version a constant), so a
 * legacy module carries no SmartModule decoding and the other way round. */
#define SSC_INLINE static inline __attribute__((always_inline))
#define SSC_DRIVER(kind, fn_type)                                                                  \
    int32_t ssc_drive_##kind(const uint8_t *ptr, int32_t len, int32_t version, fn_type fn) {      \
        return drive_##kind(ptr, len, version, fn);                                               \
    }                                                                                              \
    int32_t ssc_drive_##kind##_legacy(const uint8_t *ptr, int32_t len, fn_type fn) {              \
        return drive_##kind(ptr, len, SSC_LEGACY_VERSION, fn);                                    \
    }

/* Memory per record. A module without state keeps nothing of a record once
 * its output is encoded, so the heap rewinds to where the record started
 * (or to the end of the output buffer, if that moved above it): a batch
 * needs its input, its output and one record's temporaries. record_mark
 * first makes `room` bytes of space in the output buffer, which is then
 * the last allocation and grows in place, so that the record's output
 * seldom has to move the buffer past its temporaries. Returns 0 (no
 * rewinding) for a module with state, whose values may outlive the record. */
static inline uintptr_t record_mark(ssc_buf *out, int32_t room) {
    if (batch_start != heap_reset) return 0;
    ssc_buf_reserve(out, room);
    return heap_next;
}

/* The room a map-like driver makes before a record: the record's own size,
 * or twice what the last record output if that was more (a map whose
 * output outgrows its input then grows the buffer before the record's
 * temporaries sit above it, not after). */
static inline int32_t output_room(const ssc_record *rec, int32_t last) {
    int32_t own = rec->key.len + rec->value.len + 32;
    return last > own / 2 ? 2 * last : own;
}

static inline void record_release(uintptr_t mark, const ssc_buf *out) {
    if (!mark) return;
    uintptr_t out_end = ((uintptr_t)out->ptr + (uintptr_t)out->cap + 7u) & ~(uintptr_t)7u;
    heap_rewind(out_end > mark ? out_end : mark);
}

/* In a driver's loop, after read_record: a record that does not decode
 * fails the batch (decode_batch left the checking to the loop). */
#define SSC_RECORD_DECODED(r, version, aggregate)                                                          \
    if (SSC_UNLIKELY((r).failed)) return decode_status(SSC_ERR_DECODING_RECORDS, version, aggregate)

/* Before reporting the user's exception at record i: a record after it
 * that does not decode fails the batch instead (see records_valid). */
#define SSC_REST_DECODES(r, in, i, aggregate)                                                              \
    if (SSC_UNLIKELY(!records_valid(r, (in).count - (i) - 1)))                                           \
    return decode_status(SSC_ERR_DECODING_RECORDS, (in).version, aggregate)

/* The user's function, adapted by the lowering: returns 1 keep, 0 drop,
 * SSC_RAISED after raising. */

SSC_INLINE int32_t drive_filter(const uint8_t *ptr, int32_t len, int32_t version, ssc_filter_fn fn) {
    batch in;
    int32_t status = decode_batch(ptr, len, 0, version, &in);
    if (status) return decode_status(status, version, 0);
    int32_t kind = kind_tag(version, SSC_KIND_FILTER, SSC_MODULE_KIND_FILTER);
    ssc_buf out;
    start_output(&out, &in);
    reader r = {in.records, in.records_end, 0};
    int32_t kept = 0;
    ssc_record rec;
    for (int32_t i = 0; i < in.count; i++) {
        read_record(&r, &rec, in.base_offset, in.base_timestamp);
        SSC_RECORD_DECODED(r, version, 0);
        uintptr_t mark = record_mark(&out, rec.raw_len ? rec.raw_len : rec.key.len + rec.value.len + 32);
        int32_t keep = fn(&rec);
        if (SSC_UNLIKELY(keep < 0)) {
            SSC_REST_DECODES(r, in, i, 0);
            return finish_output(&out, kept, kind, &rec, 0);
        }
        if (keep) {
            put_same_record(&out, &rec);
            kept++;
        }
        record_release(mark, &out);
    }
    return finish_output(&out, kept, kind, 0, 0);
}
SSC_DRIVER(filter, ssc_filter_fn)

void ssc_key_value_set(ssc_key_value *kv, int32_t has_key, const uint8_t *kptr, int32_t klen,
                       const uint8_t *vptr, int32_t vlen) {
    kv->has_key = has_key;
    kv->key.ptr = kptr;
    kv->key.len = klen;
    kv->value.ptr = vptr;
    kv->value.len = vlen;
}

/* map: returns 0, or SSC_RAISED after raising. filter_map: 1 keep (with
 * *out set), 0 drop, SSC_RAISED. */

SSC_INLINE int32_t drive_map_kind(const uint8_t *ptr, int32_t len, int32_t version, ssc_map_fn fn, int32_t kind) {
    batch in;
    int32_t status = decode_batch(ptr, len, 0, version, &in);
    if (status) return decode_status(status, version, 0);
    ssc_buf out;
    start_output(&out, &in);
    reader r = {in.records, in.records_end, 0};
    ssc_record rec;
    ssc_key_value kv;
    int32_t kept = 0, last = 0;
    for (int32_t i = 0; i < in.count; i++) {
        read_record(&r, &rec, in.base_offset, in.base_timestamp);
        SSC_RECORD_DECODED(r, version, 0);
        uintptr_t mark = record_mark(&out, output_room(&rec, last));
        int32_t before = out.len;
        int32_t result = fn(&rec, &kv);
        if (SSC_UNLIKELY(result < 0)) {
            SSC_REST_DECODES(r, in, i, 0);
            return finish_output(&out, kept, kind, &rec, 0);
        }
        if (kind != SSC_MODULE_KIND_FILTER_MAP || version == SSC_LEGACY_VERSION || result != 0) {
            put_record(&out, &rec, kv.has_key, kv.key, kv.value);
            kept++;
        }
        last = out.len - before;
        record_release(mark, &out);
    }
    return finish_output(&out, kept, kind, 0, 0);
}

SSC_INLINE int32_t drive_map(const uint8_t *ptr, int32_t len, int32_t version, ssc_map_fn fn) {
    return drive_map_kind(ptr, len, version, fn, kind_tag(version, SSC_KIND_MAP, SSC_MODULE_KIND_MAP));
}
SSC_DRIVER(map, ssc_map_fn)

SSC_INLINE int32_t drive_filter_map(const uint8_t *ptr, int32_t len, int32_t version, ssc_map_fn fn) {
    return drive_map_kind(ptr, len, version, fn, SSC_MODULE_KIND_FILTER_MAP);
}
SSC_DRIVER(filter_map, ssc_map_fn)

/* array_map: the user's list[tuple[K, V]] (K: bytes/str, optional or None;
 * V: bytes/str); each item becomes a new record (§3: attributes 0, deltas
 * 0, no headers; the input preamble is not copied). */

static void put_new_record(ssc_buf *b, const ssc_type *item, const uint8_t *value) {
    static const ssc_record fresh;    /* attributes, deltas and headers all 0 */
    const ssc_type *key_t = item->items[0];
    const uint8_t *key_p = value + item->offsets[0];
    int32_t has_key = 0;
    ssc_bytes key = {0, 0};
    if (key_t->kind == SSC_T_OPTIONAL) {
        has_key = key_p[0];
        if (has_key) memcpy(&key, key_p + key_t->offsets[0], sizeof key);
    } else if (key_t->kind != SSC_T_NONE) {
        has_key = 1;
        memcpy(&key, key_p, sizeof key);
    }
    ssc_bytes val;
    memcpy(&val, value + item->offsets[1], sizeof val);
    put_record(b, &fresh, has_key, key, val);
}

SSC_INLINE int32_t drive_array_map(const uint8_t *ptr, int32_t len, int32_t version, ssc_array_map_fn fn) {
    batch in;
    int32_t status = decode_batch(ptr, len, 0, version, &in);
    if (status) return decode_status(status, version, 0);
    ssc_buf out;
    start_output(&out, &in);
    reader r = {in.records, in.records_end, 0};
    ssc_record rec;
    int32_t made = 0, last = 0;
    for (int32_t i = 0; i < in.count; i++) {
        read_record(&r, &rec, in.base_offset, in.base_timestamp);
        SSC_RECORD_DECODED(r, version, 0);
        uintptr_t mark = record_mark(&out, output_room(&rec, last));
        int32_t before = out.len;
        ssc_list *items;
        if (SSC_UNLIKELY(fn(&rec, &items) < 0)) {
            SSC_REST_DECODES(r, in, i, 0);
            return finish_output(&out, made, SSC_MODULE_KIND_ARRAY_MAP, &rec, 0);
        }
        for (int32_t j = 0; j < items->len; j++) {
            put_new_record(&out, items->elem, items->data + j * items->elem->size);
            made++;
        }
        last = out.len - before;
        record_release(mark, &out);
    }
    return finish_output(&out, made, SSC_MODULE_KIND_ARRAY_MAP, 0, 0);
}
SSC_DRIVER(array_map, ssc_array_map_fn)

/* Returns 0 with the new accumulator in *out, or SSC_RAISED. The
 * accumulator lives on from record to record: in a module without state
 * the next call gets the copy in the output (the value of the record just
 * written), so the record's memory can be released like a map's and a
 * batch needs its input, its output and one record's temporaries. */

SSC_INLINE int32_t drive_aggregate(const uint8_t *ptr, int32_t len, int32_t version, ssc_aggregate_fn fn) {
    batch in;
    int32_t status = decode_batch(ptr, len, 1, version, &in);
    if (status) return decode_status(status, version, 1);
    int32_t kind = kind_tag(version, SSC_KIND_AGGREGATE, SSC_MODULE_KIND_AGGREGATE);
    /* §3: the final accumulator follows the output from version 16 on. */
    int32_t with_acc = version != SSC_LEGACY_VERSION && version >= SSC_ACCUMULATOR_OUTPUT_MIN_VERSION;
    ssc_buf out;
    start_output(&out, &in);
    reader r = {in.records, in.records_end, 0};
    ssc_record rec;
    ssc_bytes acc = in.accumulator;
    for (int32_t i = 0; i < in.count; i++) {
        read_record(&r, &rec, in.base_offset, in.base_timestamp);
        SSC_RECORD_DECODED(r, version, 1);
        uintptr_t mark = record_mark(&out, acc.len + rec.key.len + rec.value.len + 32);
        if (SSC_UNLIKELY(fn(acc.ptr, acc.len, &rec, &acc) < 0)) {
            SSC_REST_DECODES(r, in, i, 1);
            return finish_output(&out, i, kind, &rec, with_acc ? &acc : 0);
        }
        int32_t at = put_record(&out, &rec, rec.has_key, rec.key, acc);
        if (mark) {
            acc.ptr = out.ptr + at;   /* the copy just written: the record's memory can go */
            record_release(mark, &out);
        }
    }
    return finish_output(&out, in.count, kind, 0, with_acc ? &acc : 0);
}
SSC_DRIVER(aggregate, ssc_aggregate_fn)

/* init (§3): SmartModuleInitInput { params: SmartModuleExtraParams } ->
 * the user's init(params: dict[str, str]). Ok: 0, nothing written. Raised:
 * SmartModuleInitOutput { error: { hint } } through copy_records, -2. */

int32_t ssc_drive_init(const uint8_t *ptr, int32_t len, int32_t version, ssc_init_fn fn) {
    reader r = {ptr, ptr + (len < 0 ? 0 : len), 0};
    ssc_dict *params = ssc_dict_new(&ssc_type_str, &ssc_type_str, 0);
    read_extra_params(&r, version, params);
    if (r.failed) return SSC_INIT_DECODING_INPUT;
    if (fn(params) >= 0) return SSC_INIT_OK;
    ssc_buf out;
    ssc_buf_init(&out, 64);
    put_hint(&out);
    ssc_copy_records((int32_t)(uintptr_t)out.ptr, out.len);
    return SSC_INIT_INIT_ERROR;
}

/* look_back (§3): a SmartModuleInput of stored records; the user's
 * look_back(record) for each. The first raise: SmartModuleLookbackOutput
 * { error: { hint, offset, record_key, record_value } }, -99. */

int32_t ssc_drive_look_back(const uint8_t *ptr, int32_t len, int32_t version, ssc_look_back_fn fn) {
    batch in;
    int32_t status = decode_batch(ptr, len, 0, version, &in);
    if (status) {
        return status == SSC_ERR_DECODING_RECORDS ? SSC_LOOKBACK_DECODING_RECORDS
                                                  : SSC_LOOKBACK_DECODING_BASE_INPUT;
    }
    reader r = {in.records, in.records_end, 0};
    ssc_record rec;
    for (int32_t i = 0; i < in.count; i++) {
        read_record(&r, &rec, in.base_offset, in.base_timestamp);
        if (SSC_UNLIKELY(r.failed)) return SSC_LOOKBACK_DECODING_RECORDS;
        uintptr_t mark = batch_start == heap_reset ? heap_next : 0;
        if (fn(&rec) < 0) {
            if (!records_valid(r, in.count - i - 1)) return SSC_LOOKBACK_DECODING_RECORDS;
            ssc_buf out;
            ssc_buf_init(&out, 64 + rec.value.len);
            put_hint(&out);
            put_be64(&out, rec.offset);
            ssc_buf_byte(&out, rec.has_key ? 1u : 0u);
            if (rec.has_key) {
                put_varint(&out, rec.key.len);
                ssc_buf_put(&out, rec.key.ptr, rec.key.len);
            }
            put_varint(&out, rec.value.len);
            ssc_buf_put(&out, rec.value.ptr, rec.value.len);
            ssc_copy_records((int32_t)(uintptr_t)out.ptr, out.len);
            return SSC_LOOKBACK_PROPAGATED_ERROR;
        }
        if (mark) heap_rewind(mark);
    }
    return SSC_LOOKBACK_OK;
}

/* ---- print() ------------------------------------------------------------ */

/* WASI preview 1's fd_write (wasi_snapshot_preview1), which Fluvio's
 * SmartModule host links (stdout inherited). The import is in a module only
 * when a program calls print(): wasm-ld keeps what ssc_print reaches. */
typedef struct { const uint8_t *buf; uint32_t len; } wasi_ciovec;
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")))
int32_t ssc_wasi_fd_write(int32_t fd, const wasi_ciovec *iovs, int32_t iovs_len, uint32_t *nwritten);

/* print(...)'s text, written to stdout (fd 1) whole: WASI may write part of
 * it per call. A failed write is dropped, as a debugging aid must not fail
 * a record. */
void ssc_print(const uint8_t *p, int32_t len) {
    wasi_ciovec iov = {p, (uint32_t)len};
    while (iov.len > 0) {
        uint32_t written = 0;
        if (ssc_wasi_fd_write(1, &iov, 1, &written) != 0 || written == 0) return;
        iov.buf += written;
        iov.len -= written;
    }
}
