/* Shared helpers of the benchmark's hand-written C references.
 *
 * Each bench/c/<program>.c is one translation unit that includes this file
 * and defines the entry. What a C programmer writes against the Fluvio ABI
 * (shared/reference/fluvio-abi.md; § numbers below are that file's):
 *
 *  - memory: a bump heap. `alloc` (§2 step 2, once per batch) rewinds it and
 *    hands out the input buffer; the output is built right after the input
 *    and stays valid until the host's next call, as §2 step 5 requires.
 *  - input: read in place (zero copy), one record at a time, straight from
 *    the buffer the host wrote (§1 Record, §2 SmartStreamInput, §3
 *    SmartModuleInput).
 *  - output: one buffer, the last allocation of the heap, so it is sized up
 *    front and only ever extended in place (memory.grow) when a batch's
 *    output outgrows the estimate. Framing as ssc writes it (§2
 *    SmartStreamOutput = §3 SmartModuleOutput): u32 BE count, the records,
 *    then the Option<error> byte; one copy_records call; return the count.
 *  - records keep the input's wire bytes for what the program does not
 *    change (attributes, deltas, key, header count): copied as they are,
 *    which equals ssc's re-encoding for input in canonical varints, as every
 *    Fluvio encoder writes it.
 *  - a Python exception is an in-band runtime error (§2 "Generated guest
 *    logic"): the successes so far, then the error with a fixed hint naming
 *    the exception, the record's offset, the kind tag and its key and value.
 *
 * No libc: memcpy and memset are defined here (clang emits calls to them).
 */
#ifndef SSC_BENCH_REF_H
#define SSC_BENCH_REF_H

#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define EXPORT(name) __attribute__((export_name(#name)))

/* §2 / §3: the one import. */
__attribute__((import_module("env"), import_name("copy_records")))
void copy_records(int32_t ptr, int32_t len);

/* §2 SmartStreamInternalError / §3 SmartModuleTransformErrorStatus. */
#define ERR_DECODING_BASE_INPUT (-11)
#define ERR_DECODING_RECORDS (-22)

/* Runtime error kinds: §2 SmartStreamType (0.2.x), §3 SmartModuleKind. */
#define LEGACY_FILTER 0
#define LEGACY_MAP 1
#define LEGACY_AGGREGATE 2
#define MODULE_FILTER 0
#define MODULE_MAP 1
#define MODULE_FILTER_MAP 4

/* ---- memory ---------------------------------------------------------- */

extern u8 __heap_base;

static u8 *heap_next;   /* the bump pointer */
static u8 *mem_end;     /* end of linear memory */

/* Makes [0, end) addressable, growing memory by at least doubling it. */
__attribute__((noinline)) static void mem_reach(uintptr_t end) {
    uintptr_t have = (uintptr_t)__builtin_wasm_memory_size(0) << 16;
    if (end > have) {
        uintptr_t pages = (end - have + 0xffffu) >> 16;
        uintptr_t double_pages = have >> 16;
        if (__builtin_wasm_memory_grow(0, pages > double_pages ? pages : double_pages) == (size_t)-1 &&
            __builtin_wasm_memory_grow(0, pages) == (size_t)-1)
            __builtin_trap();
        have = (uintptr_t)__builtin_wasm_memory_size(0) << 16;
    }
    mem_end = (u8 *)have;
}

/* Rewinds the heap: a new batch. The host copied the last output already. */
EXPORT(alloc) int32_t alloc(int32_t len) {
    u8 *start = (u8 *)(((uintptr_t)&__heap_base + 7u) & ~(uintptr_t)7u);
    uintptr_t size = len < 0 ? 0u : (uintptr_t)len;
    uintptr_t end = (uintptr_t)start + ((size + 7u) & ~(uintptr_t)7u);
    if (end > (uintptr_t)mem_end) mem_reach(end);
    heap_next = (u8 *)end;
    return (int32_t)(uintptr_t)start;
}

/* Never called by a host: the batch owns its memory. */
EXPORT(dealloc) void dealloc(int32_t ptr, int32_t len) {
    (void)ptr;
    (void)len;
}

void *memcpy(void *dst, const void *src, size_t n) {
    u8 *d = dst;
    const u8 *s = src;
    for (; n >= 8; n -= 8, d += 8, s += 8) {
        uint64_t w;
        __builtin_memcpy(&w, s, 8);   /* one unaligned i64 load/store */
        __builtin_memcpy(d, &w, 8);
    }
    while (n--) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    u8 *d = dst;
    while (n--) *d++ = (u8)c;
    return dst;
}

/* a[0..n) == b[0..n), for short n (the compiler unrolls a constant n). */
static inline int same(const u8 *a, const u8 *b, int32_t n) {
    for (int32_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* ---- UTF-8 (bytes.decode()) -------------------------------------------- */

/* The length of the well-formed UTF-8 sequence with lead byte p[0] >= 0x80
 * (RFC 3629: no overlongs, surrogates or code points above U+10FFFF), or 0
 * when it is not one; `avail` bytes are readable from p. */
static inline int32_t utf8_seq(const u8 *p, int32_t avail) {
    u8 c = p[0];
    if (c < 0xc2 || c > 0xf4) return 0;
    if (c < 0xe0) return avail >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (avail < 3) return 0;
    u8 lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
    u8 hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
    if (p[1] < lo || p[1] > hi || (p[2] & 0xc0) != 0x80) return 0;
    if (c < 0xf0) return 3;
    return avail >= 4 && (p[3] & 0xc0) == 0x80 ? 4 : 0;
}

/* bytes.decode("utf-8") succeeds: ASCII 8 bytes at a time, else by sequence. */
static int utf8_valid(const u8 *p, int32_t n) {
    int32_t i = 0;
    while (i < n) {
        while (n - i >= 8) {
            uint64_t w;
            __builtin_memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        int32_t k = utf8_seq(p + i, n - i);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

/* The code point of the valid sequence at *p (advanced past it). */
static uint32_t utf8_next(const u8 **p) {
    const u8 *s = *p;
    uint32_t c = s[0];
    if (c < 0x80) {
        *p += 1;
        return c;
    }
    if (c < 0xe0) {
        *p += 2;
        return ((c & 0x1f) << 6) | (s[1] & 0x3f);
    }
    if (c < 0xf0) {
        *p += 3;
        return ((c & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
    }
    *p += 4;
    return ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) | ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
}

/* ---- int(str) and str(int) --------------------------------------------- */

#define INT_OK 0
#define INT_INVALID 1    /* ValueError */
#define INT_OVERFLOW 2   /* outside int64: ssc's OverflowError */

/* The non-ASCII characters CPython's int() reads as a space (str.isspace)
 * and the first code point of every run of ten Unicode decimal digits
 * (Nd), Unicode 14.0 (CPython 3.11, the interpreter ssc compiles under). */
static const uint32_t uni_spaces[] = {0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                                      0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000};
static const uint32_t uni_zeros[] = {
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0,
    0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066,
    0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50,
    0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0,
    0x1e950, 0x1fbf0};

/* A non-ASCII character as int() sees it (CPython's
 * _PyUnicode_TransformDecimalAndSpaceToASCII): ' ', an ASCII digit, or '?'. */
__attribute__((noinline)) static int32_t int_char_unicode(const u8 **p) {
    uint32_t cp = utf8_next(p);
    for (uint32_t i = 0; i < sizeof uni_spaces / sizeof uni_spaces[0]; i++)
        if (cp == uni_spaces[i]) return ' ';
    for (uint32_t i = 0; i < sizeof uni_zeros / sizeof uni_zeros[0]; i++)
        if (cp - uni_zeros[i] < 10u) return '0' + (int32_t)(cp - uni_zeros[i]);
    return '?';
}

/* The next character of int()'s input, or -1 at the end. */
static inline int32_t int_char(const u8 **p, const u8 *end) {
    if (*p >= end) return -1;
    if (**p < 0x80) return *(*p)++;
    return int_char_unicode(p);
}

static inline int int_space(int32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* int(s) for a str s (valid UTF-8), base 10, as CPython's PyLong_FromString:
 * surrounding whitespace, an optional sign, digits with single '_' between
 * them, at most 4300 digits; a value outside int64 is INT_OVERFLOW. */
static int int_parse(const u8 *p, int32_t n, int64_t *out) {
    const u8 *end = p + n;
    int32_t c = int_char(&p, end);
    while (int_space(c)) c = int_char(&p, end);
    int negative = c == '-';
    if (c == '-' || c == '+') c = int_char(&p, end);
    if (c == '_') return INT_INVALID;
    uint64_t magnitude = 0;
    int too_big = 0;
    int32_t digits = 0, prev = 0;
    for (;; prev = c, c = int_char(&p, end)) {
        uint32_t d = (uint32_t)c - '0';
        if (d < 10u) {
            digits++;
            if (magnitude > ((uint64_t)1 << 63) / 10 || (magnitude = magnitude * 10 + d) > (uint64_t)1 << 63)
                too_big = 1;
        } else if (c == '_') {
            if (prev == '_') return INT_INVALID;
        } else {
            break;
        }
    }
    if (prev == '_' || digits == 0 || digits > 4300) return INT_INVALID;
    while (int_space(c)) c = int_char(&p, end);
    if (c != -1) return INT_INVALID;
    if (too_big || (!negative && magnitude == (uint64_t)1 << 63)) return INT_OVERFLOW;
    *out = (int64_t)(negative ? (uint64_t)0 - magnitude : magnitude);
    return INT_OK;
}

/* The decimal digits of v (no sign) at the end of buf[0..20); returns the
 * first. */
static u8 *udigits(uint64_t v, u8 *end) {
    do {
        *--end = (u8)('0' + v % 10u);
        v /= 10u;
    } while (v);
    return end;
}

/* ---- input (§1, §2, §3) ------------------------------------------------ */

typedef struct {
    const u8 *p;
    const u8 *end;
} reader;

/* §1 varint (zigzag LEB128), 64-bit; 0 on success. */
static inline int read_varint(reader *r, int64_t *out) {
    const u8 *p = r->p;
    if (LIKELY(p < r->end && *p < 0x80)) {
        r->p = p + 1;
        *out = (int64_t)(*p >> 1) ^ -(int64_t)(*p & 1);
        return 0;
    }
    uint64_t raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (p >= r->end) return -1;
        u8 b = *p++;
        raw |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            r->p = p;
            *out = (int64_t)(raw >> 1) ^ -(int64_t)(raw & 1);
            return 0;
        }
    }
    return -1;
}

/* §1 RecordData: a varint length, then the bytes (a view). */
static inline int read_data(reader *r, const u8 **ptr, int32_t *len) {
    int64_t n;
    if (read_varint(r, &n) || n < 0 || n > r->end - r->p) return -1;
    *ptr = r->p;
    *len = (int32_t)n;
    r->p += n;
    return 0;
}

/* One record, as views into the input. The spans [body, key_opt) (the
 * attributes and deltas), [key_opt, value_len_at) (the key option) and
 * [headers, end) (the header count) are copied as they are. */
typedef struct {
    const u8 *body;          /* after the record's length varint */
    const u8 *key_opt;       /* the key's Option byte */
    const u8 *key;
    int32_t key_len;
    int32_t has_key;
    const u8 *value_len_at;  /* the value's length varint */
    const u8 *value;
    int32_t value_len;
    const u8 *headers;       /* the header count varint */
    const u8 *end;           /* one past the record */
    int64_t offset_delta;
} record;

/* §1 Record: varint L (at least L bytes must remain), then the fields read
 * in order, as Fluvio's decoder does. 0 on success. */
static inline int read_record(reader *r, record *rec) {
    int64_t len, skip;
    if (read_varint(r, &len) || len < 0 || len > r->end - r->p) return -1;
    rec->body = r->p;
    if (r->p >= r->end) return -1;
    r->p++;                                            /* attributes */
    if (read_varint(r, &skip) || read_varint(r, &rec->offset_delta)) return -1;
    rec->key_opt = r->p;
    if (r->p >= r->end || *r->p > 1) return -1;
    rec->has_key = *r->p++;
    rec->key = 0;
    rec->key_len = 0;
    if (rec->has_key && read_data(r, &rec->key, &rec->key_len)) return -1;
    rec->value_len_at = r->p;
    if (read_data(r, &rec->value, &rec->value_len)) return -1;
    rec->headers = r->p;
    if (read_varint(r, &skip)) return -1;
    rec->end = r->p;
    return 0;
}

/* The input of one batch: §2 SmartStreamInput { base_offset: i64,
 * record_data: Vec<u8> } (+ accumulator: Vec<u8> for the aggregate), or §3
 * SmartModuleInput, whose fields after raw_bytes (params, join_record,
 * base_timestamp: which ones depends on the version) these programs do not
 * use, so they are not read. */
typedef struct {
    int64_t base_offset;
    reader records;          /* positioned at the first record */
    int32_t count;
    const u8 *accumulator;
    int32_t accumulator_len;
    int32_t status;          /* the return code of a decoding failure */
} batch;

static inline uint32_t be32(const u8 *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Vec<u8>: i32 BE length (< 1 is empty), then the bytes; NULL on failure. */
static const u8 *read_vec(reader *r, int32_t *len) {
    if (r->end - r->p < 4) return 0;
    int32_t n = (int32_t)be32(r->p);
    r->p += 4;
    if (n < 0) n = 0;
    if (n > r->end - r->p) return 0;
    *len = n;
    r->p += n;
    return r->p - n;
}

/* 0, or the negative return code: `records_status` for a bad Vec<Record>
 * (§3's derive returns -11 for both failures except in aggregate). */
static int32_t decode_input(int32_t ptr, int32_t len, int with_accumulator, int32_t records_status, batch *in) {
    reader r = {(const u8 *)(uintptr_t)ptr, (const u8 *)(uintptr_t)ptr + (len < 0 ? 0 : len)};
    if (r.end - r.p < 8) return ERR_DECODING_BASE_INPUT;
    in->base_offset = (int64_t)(((uint64_t)be32(r.p) << 32) | be32(r.p + 4));
    r.p += 8;
    int32_t data_len;
    const u8 *data = read_vec(&r, &data_len);
    if (!data) return ERR_DECODING_BASE_INPUT;
    in->accumulator_len = 0;
    if (with_accumulator && !(in->accumulator = read_vec(&r, &in->accumulator_len)))
        return ERR_DECODING_BASE_INPUT;
    if (data_len < 4) return records_status;
    int32_t count = (int32_t)be32(data);
    in->count = count < 0 ? 0 : count;
    in->records.p = data + 4;
    in->records.end = data + data_len;
    in->status = records_status;
    return 0;
}

/* ---- output (§2 SmartStreamOutput = §3 SmartModuleOutput) --------------- */

typedef struct {
    u8 *start;       /* the count, then the records */
    u8 *p;           /* the write position */
    int32_t count;
} output;

/* Room for n more bytes: the buffer is the heap's last allocation, so it
 * grows in place. */
static inline void out_room(output *o, uint32_t n) {
    if (UNLIKELY((uintptr_t)(mem_end - o->p) < n)) mem_reach((uintptr_t)o->p + n);
}

/* Starts the output after the input, with room for `estimate` bytes. */
static void out_start(output *o, uint32_t estimate) {
    o->start = heap_next;
    o->p = o->start + 4;
    o->count = 0;
    out_room(o, estimate + 16);
}

static inline int32_t varint_size(uint32_t n) {   /* of a non-negative length */
    uint32_t z = n << 1;
    int32_t k = 1;
    while (z >= 0x80u) {
        z >>= 7;
        k++;
    }
    return k;
}

static inline u8 *put_len(u8 *p, uint32_t n) {      /* §1 varint of n >= 0 */
    uint64_t z = (uint64_t)n << 1;
    while (z >= 0x80u) {
        *p++ = (u8)(z | 0x80u);
        z >>= 7;
    }
    *p++ = (u8)z;
    return p;
}

/* Keeps a record unchanged (filter). */
static inline void out_keep(output *o, const record *rec) {
    uint32_t body = (uint32_t)(rec->end - rec->body);
    out_room(o, body + 5);
    u8 *p = put_len(o->p, body);
    memcpy(p, rec->body, body);
    o->p = p + body;
    o->count++;
}

/* Starts a record with rec's attributes, deltas, key and header count and a
 * value of vlen bytes; returns where the value goes. out_record_end closes it. */
static inline u8 *out_record_begin(output *o, const record *rec, uint32_t vlen) {
    uint32_t head = (uint32_t)(rec->value_len_at - rec->body);
    uint32_t tail = (uint32_t)(rec->end - rec->headers);
    uint32_t body = head + (uint32_t)varint_size(vlen) + vlen + tail;
    out_room(o, body + 5);
    u8 *p = put_len(o->p, body);
    memcpy(p, rec->body, head);
    return put_len(p + head, vlen);
}

static inline void out_record_end(output *o, const record *rec, u8 *value_end) {
    uint32_t tail = (uint32_t)(rec->end - rec->headers);
    memcpy(value_end, rec->headers, tail);
    o->p = value_end + tail;
    o->count++;
}

/* Patches the count, hands the output to the host, returns the count. */
static int32_t out_finish(output *o) {
    uint32_t n = (uint32_t)o->count;
    o->start[0] = (u8)(n >> 24);
    o->start[1] = (u8)(n >> 16);
    o->start[2] = (u8)(n >> 8);
    o->start[3] = (u8)n;
    copy_records((int32_t)(uintptr_t)o->start, (int32_t)(o->p - o->start));
    return o->count;
}

/* Ends the batch with no error. */
static int32_t out_done(output *o) {
    out_room(o, 1);
    *o->p++ = 0;                                         /* error: None */
    return out_finish(o);
}

/* Ends the batch at a record that raised: the runtime error of §2/§3
 * { hint: String, offset: i64, kind: u8, record_key, record_value }, the
 * key option and value copied from the record's wire bytes `kv`. (Values,
 * not pointers, so that the caller's state can stay in locals.) */
__attribute__((noinline, cold)) static int32_t out_error_at(output o, int64_t offset, int32_t kind, const u8 *kv,
                                                            uint32_t kv_len, const char *hint) {
    uint32_t hint_len = 0;
    while (hint[hint_len]) hint_len++;
    out_room(&o, 1 + 2 + hint_len + 8 + 1 + kv_len);
    u8 *p = o.p;
    *p++ = 1;                                            /* Some(error) */
    *p++ = (u8)(hint_len >> 8);
    *p++ = (u8)hint_len;
    memcpy(p, hint, hint_len);
    p += hint_len;
    for (int i = 7; i >= 0; i--) *p++ = (u8)((uint64_t)offset >> (8 * i));
    *p++ = (u8)kind;
    memcpy(p, kv, kv_len);
    o.p = p + kv_len;
    return out_finish(&o);
}

static inline __attribute__((always_inline)) int32_t out_error(const output *o, const batch *in, const record *rec,
                                                               int32_t kind, const char *hint) {
    return out_error_at(*o, in->base_offset + rec->offset_delta, kind, rec->key_opt,
                        (uint32_t)(rec->headers - rec->key_opt), hint);
}

#define HINT_UTF8 "UnicodeDecodeError: 'utf-8' codec can't decode the value"
#define HINT_INT_INVALID "ValueError: invalid literal for int() with base 10"
#define HINT_INT_OVERFLOW "OverflowError: int too large for ssc's int64"
#define HINT_INDEX "IndexError: list index out of range"

#endif
