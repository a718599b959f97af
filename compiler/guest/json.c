/* ssc guest runtime, JSON: json.loads and json.dumps. See ssc_rt.h ("JSON").
 *
 * loads mirrors CPython 3.11's C scanner (Modules/_json.c: scan_once_unicode,
 * scanstring_unicode, _parse_object_unicode, _parse_array_unicode,
 * _match_number_unicode) behind json.loads / JSONDecoder.decode
 * (Lib/json/__init__.py, decoder.py): the same grammar, the same values and
 * the same first error, with the same message and position; bytes are
 * decoded as json.loads decodes them (detect_encoding: UTF-8, UTF-16 or
 * UTF-32, errors="surrogatepass"; see ssc_json_loads_bytes). dumps mirrors
 * json.dumps: the C encoder (c_make_encoder) when there is no indent, the
 * Python one (encoder._make_iterencode) when there is; they differ only in
 * two messages (see js_float_error and js_recursion_error).
 *
 * Positions: CPython counts code points of the str; this code works on the
 * UTF-8 bytes (UTF-16 and UTF-32 input is transcoded to UTF-8 first) and
 * converts a byte offset to code points only when it raises.
 * Every character the grammar looks at is ASCII, so each test CPython makes
 * in code points ("is there a character after this one") gives the same
 * answer in bytes; where it would not (the four digits of a \uXXXX escape),
 * both ways end in the same error at the same place (see js_string).
 *
 * Static helpers are prefixed js_ (the runtime is one translation unit; this
 * file uses the dict internals of containers.c and the UTF-8 error of
 * text.c). */
#include "json.h"
#include "core.h"
#include "text.h"
#include "containers.h"
#include "dynamic.h"

/* ==== shared ================================================================ */

#define JS_ONES 0x0101010101010101ull
#define JS_HIGHS 0x8080808080808080ull

static inline uint64_t js_load64(const uint8_t *p) {
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
    return w;
}

/* The first byte of p[0:end) that is '"', '\\' or a control character
 * (< 0x20), or end: eight bytes at a time. Each term flags its matching
 * bytes exactly up to its first match (a borrow only runs upward from a
 * real match), so the lowest flag of the union is the first match. Inside a
 * str this finds the end of a plain run both for loads (what needs a
 * closer look) and for dumps with ensure_ascii=False (what needs escaping). */
static inline uint64_t js_scan_hits(uint64_t w) {
    uint64_t q = w ^ (JS_ONES * '"'), s = w ^ (JS_ONES * '\\');
    return (((q - JS_ONES) & ~q) | ((s - JS_ONES) & ~s) | ((w - JS_ONES * 0x20) & ~w)) & JS_HIGHS;
}

/* Whether the 8 bytes at p are in memory (below what the heap has): the
 * last word of a short str can then be read whole, its bytes past the end
 * masked off (a flag only runs upward, so the ones below the end are
 * exact), instead of a byte loop. */
static inline int js_readable8(const uint8_t *p) { return (uintptr_t)p + 8 <= ssc_heap_have; }

static inline const uint8_t *js_scan(const uint8_t *p, const uint8_t *end) {
    while (end - p >= 8) {
        uint64_t hit = js_scan_hits(js_load64(p));
        if (hit) return p + (__builtin_ctzll(hit) >> 3);
        p += 8;
    }
    if (p < end && js_readable8(p)) {
        uint64_t hit = js_scan_hits(js_load64(p)) & ((1ull << (8 * (end - p))) - 1);
        return hit ? p + (__builtin_ctzll(hit) >> 3) : end;
    }
    while (p < end && *p != '"' && *p != '\\' && *p >= 0x20) p++;
    return p;
}

/* As js_scan, also stopping at 0x7f and at every non-ASCII byte: what
 * dumps escapes with ensure_ascii=True (CPython's S_CHAR: ' ' to '~'). */
static inline uint64_t js_scan_ascii_hits(uint64_t w) {
    uint64_t q = w ^ (JS_ONES * '"'), s = w ^ (JS_ONES * '\\'), d = w ^ (JS_ONES * 0x7f);
    return (((q - JS_ONES) & ~q) | ((s - JS_ONES) & ~s) | ((d - JS_ONES) & ~d) | ((w - JS_ONES * 0x20) & ~w) | w) &
           JS_HIGHS;
}

static inline const uint8_t *js_scan_ascii(const uint8_t *p, const uint8_t *end) {
    while (end - p >= 8) {
        uint64_t hit = js_scan_ascii_hits(js_load64(p));
        if (hit) return p + (__builtin_ctzll(hit) >> 3);
        p += 8;
    }
    if (p < end && js_readable8(p)) {
        uint64_t hit = js_scan_ascii_hits(js_load64(p)) & ((1ull << (8 * (end - p))) - 1);
        return hit ? p + (__builtin_ctzll(hit) >> 3) : end;
    }
    while (p < end && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x7f) p++;
    return p;
}

/* ==== loads ================================================================= */

/* JSON whitespace: exactly these four (decoder.WHITESPACE, IS_WHITESPACE). */
static inline int js_is_ws(uint8_t c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static inline const uint8_t *js_skip_ws(const uint8_t *p, const uint8_t *end) {
    while (p < end && js_is_ws(*p)) p++;
    return p;
}

/* JSONDecodeError(msg, doc, pos): str(e) is "msg: line L column C (char P)"
 * (decoder.JSONDecodeError) with P the position in code points, L the
 * number of '\n' before it plus one and C the distance from the last of
 * them (P + 1 when there is none). `at` points into doc; a code point
 * starts at every byte that is not a continuation byte (a lone surrogate's
 * generalized UTF-8 included). */
SSC_COLD static int32_t js_fail(const uint8_t *doc, const uint8_t *at, const char *msg) {
    int64_t pos = 0, line = 1, last_nl = -1;
    for (const uint8_t *p = doc; p < at; p++) {
        if ((*p & 0xc0) == 0x80) continue;
        if (*p == '\n') {
            line++;
            last_nl = pos;
        }
        pos++;
    }
    ssc_buf m;
    ssc_buf_init(&m, 96);
    ssc_buf_cstr(&m, msg);
    ssc_buf_cstr(&m, ": line ");
    ssc_buf_i64(&m, line);
    ssc_buf_cstr(&m, " column ");
    ssc_buf_i64(&m, pos - last_nl);
    ssc_buf_cstr(&m, " (char ");
    ssc_buf_i64(&m, pos);
    ssc_buf_byte(&m, ')');
    ssc_raise_buf(SSC_EXC_JSONDecodeError, &m);
    return SSC_RAISED;
}

/* _Py_EnterRecursiveCall's error in scan_once_unicode. */
SSC_COLD static int32_t js_too_deep(int32_t is_object) {
    ssc_raise_cstr(SSC_EXC_RecursionError, is_object
                   ? "maximum recursion depth exceeded while decoding a JSON object from a unicode string"
                   : "maximum recursion depth exceeded while decoding a JSON array from a unicode string");
    return SSC_RAISED;
}

/* The value of hex digit c, or -1. */
static inline int32_t js_hex(uint8_t c) {
    if ((uint32_t)(c - '0') <= 9u) return c - '0';
    uint32_t l = (uint32_t)(c | 0x20) - 'a';
    return l <= 5u ? (int32_t)l + 10 : -1;
}

/* Four hex digits at p (the caller made sure they exist), or -1. */
static inline int32_t js_hex4(const uint8_t *p) {
    int32_t a = js_hex(p[0]), b = js_hex(p[1]), c = js_hex(p[2]), d = js_hex(p[3]);
    if ((a | b | c | d) < 0) return -1;
    return (a << 12) | (b << 8) | (c << 4) | d;
}

/* Writes code point c as UTF-8 at o (room for 4 bytes) and returns the end;
 * a surrogate gets its 3-byte generalized form (ED A0..BF xx), which is how
 * ssc keeps CPython's lone surrogates. */
static inline uint8_t *js_utf8_at(uint8_t *o, uint32_t c) {
    if (c < 0x80) {
        o[0] = (uint8_t)c;
        return o + 1;
    }
    if (c < 0x800) {
        o[0] = (uint8_t)(0xc0 | (c >> 6));
        o[1] = (uint8_t)(0x80 | (c & 0x3f));
        return o + 2;
    }
    if (c < 0x10000) {
        o[0] = (uint8_t)(0xe0 | (c >> 12));
        o[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (uint8_t)(0x80 | (c & 0x3f));
        return o + 3;
    }
    o[0] = (uint8_t)(0xf0 | (c >> 18));
    o[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (uint8_t)(0x80 | (c & 0x3f));
    return o + 4;
}

/* Appends code point c as UTF-8 (js_utf8_at). */
static inline void js_put_utf8(ssc_buf *b, uint32_t c) {
    if (SSC_UNLIKELY(b->len + 4 > b->cap)) ssc_buf_reserve(b, 4);
    b->len = (int32_t)(js_utf8_at(b->ptr + b->len, c) - b->ptr);
}

/* The rest of a string after its first backslash at p (the text from
 * `start` to p is plain), into a new buffer: scanstring_unicode's loop.
 *  - "\\" at the end of the document: "Unterminated string starting at"
 *    the opening quote;
 *  - an escape other than " \ / b f n r t u: "Invalid \\escape" at the
 *    backslash;
 *  - \u needs five more characters (four digits and one after them) and
 *    four hex digits, else "Invalid \\uXXXX escape" at the 'u'. In code
 *    points CPython first checks the length, then the digits; in bytes a
 *    non-ASCII character among the four makes the digit check fail instead
 *    of the length check, and both report the 'u';
 *  - a high surrogate followed by "\\u" and more than four characters
 *    reads the second escape (bad digits: the error at its 'u'); a low
 *    surrogate joins with it, anything else is left for the next round,
 *    the high surrogate staying alone. Too short a tail (in code points)
 *    leaves it alone too, and the next round then fails at the second 'u'
 *    exactly as the bytes test here does. */
static int32_t js_string_escapes(const uint8_t *doc, const uint8_t *quote, const uint8_t *start,
                                 const uint8_t *p, const uint8_t *end, ssc_any **out, const uint8_t **next) {
    ssc_buf b;
    ssc_buf_init(&b, (int32_t)(p - start) + 32);
    ssc_buf_put(&b, start, (int32_t)(p - start));
    for (;;) {
        /* p is at a backslash */
        p++;
        if (p == end) return js_fail(doc, quote, "Unterminated string starting at");
        uint8_t c = *p;
        if (c != 'u') {
            switch (c) {
            case '"': case '\\': case '/': break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            default: return js_fail(doc, p - 1, "Invalid \\escape");
            }
            if (SSC_UNLIKELY(b.len + 1 > b.cap)) ssc_buf_reserve(&b, 1);
            b.ptr[b.len++] = c;
            p++;
        } else {
            const uint8_t *u = p;
            if (end - u <= 5) return js_fail(doc, u, "Invalid \\uXXXX escape");
            int32_t cp = js_hex4(u + 1);
            if (cp < 0) return js_fail(doc, u, "Invalid \\uXXXX escape");
            p = u + 5;
            if (cp >= 0xd800 && cp <= 0xdbff && end - p > 6 && p[0] == '\\' && p[1] == 'u') {
                int32_t lo = js_hex4(p + 2);
                if (lo < 0) return js_fail(doc, p + 1, "Invalid \\uXXXX escape");
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                    cp = 0x10000 + (((cp - 0xd800) << 10) | (lo - 0xdc00));
                    p += 6;
                }
            }
            js_put_utf8(&b, (uint32_t)cp);
        }
        /* the plain run up to the next special byte */
        const uint8_t *r = js_scan(p, end);
        if (r == end) return js_fail(doc, quote, "Unterminated string starting at");
        if (*r < 0x20) return js_fail(doc, r, "Invalid control character at");
        if (r > p) ssc_buf_put(&b, p, (int32_t)(r - p));
        p = r;
        if (*p == '"') break;
    }
    *out = ssc_any_from_str(b.ptr, b.len);
    *next = p + 1;
    return SSC_OK;
}

/* A string whose opening quote is at `quote`: the usual case (no escape)
 * is one scan, and the box points into the document, which lives as long
 * as the result (the batch). Control characters are refused (strict=True)
 * at their position; running out is "Unterminated string starting at" the
 * quote. */
static inline int32_t js_string(const uint8_t *doc, const uint8_t *quote, const uint8_t *end, ssc_any **out,
                                const uint8_t **next) {
    const uint8_t *start = quote + 1;
    const uint8_t *p = js_scan(start, end);
    if (SSC_UNLIKELY(p == end)) return js_fail(doc, quote, "Unterminated string starting at");
    if (SSC_LIKELY(*p == '"')) {
        *out = ssc_any_from_str(start, (int32_t)(p - start));
        *next = p + 1;
        return SSC_OK;
    }
    if (*p < 0x20) return js_fail(doc, p, "Invalid control character at");
    return js_string_escapes(doc, quote, start, p, end, out, next);
}

static inline int js_is_digit(uint8_t c) { return (uint32_t)(c - '0') <= 9u; }

/* _match_number_unicode at p (CPython's NUMBER_RE:
 * (-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?): 1 when there is no number
 * here (the caller's "Expecting value"), else SSC_OK / SSC_RAISED. An int
 * is int(text), OverflowError outside int64 (ssc's difference; it comes
 * before CPython's ValueError past 4300 digits, which is far outside): its
 * digits are ASCII and have no leading zero, so more than 19 of them
 * overflow and 19 fit exactly in m, checked against the int64 bounds
 * (text.c's int() parser is not needed). A float is float(text), correctly
 * rounded: Clinger's exact case here (at most 19 significant digits, an
 * integer below 2^53 times a power of ten up to 10^22),
 * number.c's parse_float_ascii otherwise. */
static int32_t js_number(const uint8_t *p, const uint8_t *end, ssc_any **out, const uint8_t **next) {
    const uint8_t *s = p;
    int neg = *p == '-';
    if (neg) {
        p++;
        if (p == end) return 1;
    }
    uint64_t m = 0;     /* the first 19 significant digits (no overflow) */
    int32_t sig = 0;    /* how many there are: leading zeros do not count */
    if (*p >= '1' && *p <= '9') {
        do {
            if (sig < 19) m = m * 10u + (uint32_t)(*p - '0');
            sig++;
            p++;
        } while (p < end && js_is_digit(*p));
    } else if (*p == '0') {
        p++;
    } else {
        return 1;
    }
    int is_float = 0;
    int32_t frac = 0;   /* fraction digits */
    if (end - p >= 2 && *p == '.' && js_is_digit(p[1])) {
        is_float = 1;
        p++;
        do {
            uint32_t d = (uint32_t)(*p - '0');
            if (m || d) {
                if (sig < 19) m = m * 10u + d;
                sig++;
            }
            frac++;
            p++;
        } while (p < end && js_is_digit(*p));
    }
    int64_t e = 0;
    if (end - p >= 2 && (*p == 'e' || *p == 'E')) {
        const uint8_t *q = p + 1;
        int eneg = 0;
        if (end - q >= 2 && (*q == '-' || *q == '+')) {
            eneg = *q == '-';
            q++;
        }
        const uint8_t *digits = q;
        while (q < end && js_is_digit(*q)) {
            if (e < 100000) e = e * 10 + (*q - '0');
            q++;
        }
        if (q > digits) {
            is_float = 1;
            p = q;
            if (eneg) e = -e;
        } else {
            e = 0;
        }
    }
    *next = p;
    if (!is_float) {
        int64_t v;
        if (SSC_LIKELY(sig <= 18)) {
            v = neg ? -(int64_t)m : (int64_t)m;
        } else {
            /* m has all the digits when there are 19; -2^63 fits, 2^63 does not */
            if (sig > 19 || m > (uint64_t)INT64_MAX + (uint64_t)neg) return ssc_raise_int_overflow();
            v = neg ? -(int64_t)(m - 1) - 1 : (int64_t)m;
        }
        *out = ssc_any_from_int(v);
        return SSC_OK;
    }
    double x;
    int64_t e10 = e - frac;
    if (m == 0) {
        x = 0.0;
    } else if (sig <= 19 && m <= ((uint64_t)1 << 53) && e10 >= -22 && e10 <= 22) {
        x = e10 >= 0 ? (double)m * pow10_dbl[e10] : (double)m / pow10_dbl[-e10];
    } else if (parse_float_ascii((char *)s, (int32_t)(p - s), &x) != 0) {
        /* number.c's correctly rounded parser of ASCII text (not float(), whose
         * Unicode and error-message code a JSON number never needs; the text
         * has no '_', so it is only read). Unreachable for scanned text. */
        ssc_raise_cstr(SSC_EXC_ValueError, "could not convert string to float");
        return SSC_RAISED;
    } else {
        neg = 0; /* the text had the sign */
    }
    *out = ssc_any_from_float(neg ? -x : x);
    return SSC_OK;
}

/* The parser keeps the values of the open containers on one stack (a
 * container's items, or its keys and values alternately, from its frame's
 * start), and makes each list or dict once it closes, at its final size.
 * A frame is (start << 1) | is_object. Both stacks begin on the C stack and
 * move to ssc_alloc memory when they outgrow it; nothing recurses, and the
 * nesting stops at SSC_JSON_MAX_DEPTH. */
#define JS_LOCAL_VALUES 64
#define JS_LOCAL_FRAMES 32

typedef struct {
    ssc_any **vals;
    int32_t nvals, cap_vals;
    int32_t *frames;
    int32_t depth, cap_frames;
} js_stacks;

SSC_COLD static void js_grow_vals(js_stacks *st) {
    int32_t cap = st->cap_vals * 2;
    ssc_any **v = ssc_alloc((uint32_t)cap * sizeof *v);
    memcpy(v, st->vals, (size_t)st->nvals * sizeof *v);
    st->vals = v;
    st->cap_vals = cap;
}

SSC_COLD static void js_grow_frames(js_stacks *st) {
    int32_t cap = st->cap_frames * 2;
    int32_t *f = ssc_alloc((uint32_t)cap * sizeof *f);
    memcpy(f, st->frames, (size_t)st->depth * sizeof *f);
    st->frames = f;
    st->cap_frames = cap;
}

static inline ssc_any *js_box(int32_t tag) {
    ssc_any *a = ssc_alloc(sizeof(ssc_any));
    a->tag = tag;
    a->reserved = 0;
    return a;
}

static ssc_any *js_make_list(ssc_any **items, int32_t n) {
    ssc_list *l = ssc_list_new(&ssc_type_any, n);
    if (n) memcpy(l->data, items, (size_t)n * sizeof *items);
    l->len = n;
    ssc_any *a = js_box(SSC_ANY_LIST);
    a->u.list = l;
    return a;
}

/* dict(pairs): a repeated key keeps its first place and takes the last
 * value. The keys are str boxes and the dict is new (no deleted entries),
 * so this is ssc_dict_setitem cut down to what that leaves: the table sized
 * once for all the pairs, one probe sequence per key (containers.c's, so
 * later lookups find it), the key compared as bytes, the entry written in
 * place. The hash is the dict's own, ssc_any_hash. */
static ssc_any *js_make_dict(ssc_any **kv, int32_t npairs) {
    ssc_dict *d = ssc_dict_new_any(0);
    if (npairs) {
        ct_dict_resize(d, ct_estimate_log2(npairs));
        uint32_t mask = ((uint32_t)1 << d->log2_size) - 1;
        int32_t *indices = d->indices, koff = d->koff, voff = d->voff, esize = d->esize;
        uint8_t *entries = d->entries;
        int32_t n = 0;
        for (int32_t i = 0; i < npairs; i++) {
            ssc_any *k = kv[2 * i], *v = kv[2 * i + 1];
            uint32_t h = ct_hash_bytes(k->u.s), perturb = h, j = h & mask;   /* ssc_any_hash of a str */
            for (;;) {
                int32_t ix = indices[j];
                if (ix == CT_EMPTY) {
                    uint8_t *e = entries + n * esize;
                    *(uint32_t *)e = h;
                    e[4] = 1;
                    *(ssc_any **)(e + koff) = k;
                    *(ssc_any **)(e + voff) = v;
                    indices[j] = n++;
                    break;
                }
                uint8_t *e = entries + ix * esize;
                const ssc_any *other = *(ssc_any **)(e + koff);
                if (*(uint32_t *)e == h && other->u.s.len == k->u.s.len &&
                    memcmp(other->u.s.ptr, k->u.s.ptr, (size_t)k->u.s.len) == 0) {
                    *(ssc_any **)(e + voff) = v;
                    break;
                }
                perturb >>= 5;
                j = (j * 5 + perturb + 1) & mask;
            }
        }
        d->nentries = n;
        d->len = n;
        d->usable -= n;
    }
    ssc_any *a = js_box(SSC_ANY_DICT);
    a->u.dict = d;
    return a;
}

/* Whether p[0:end) starts with the n bytes of word. */
static inline int js_word(const uint8_t *p, const uint8_t *end, const char *word, int32_t n) {
    return end - p >= n && memcmp(p, word, (size_t)n) == 0;
}

/* JSONDecoder.decode(doc[0:n]) (the str, or the bytes after their BOM). */
static int32_t js_parse(const uint8_t *doc, int32_t n, ssc_any **out) {
    const uint8_t *p = doc, *end = doc + n;
    ssc_any *local_vals[JS_LOCAL_VALUES];
    int32_t local_frames[JS_LOCAL_FRAMES];
    js_stacks st = {local_vals, 0, JS_LOCAL_VALUES, local_frames, 0, JS_LOCAL_FRAMES};
    ssc_any *v;

    p = js_skip_ws(p, end);
value: /* scan_once_unicode at p */
    if (SSC_UNLIKELY(p == end)) return js_fail(doc, p, "Expecting value");
    switch (*p) {
    case '"':
        if (js_string(doc, p, end, &v, &p)) return SSC_RAISED;
        break;
    case '{':
        if (SSC_UNLIKELY(st.depth == SSC_JSON_MAX_DEPTH)) return js_too_deep(1);
        p = js_skip_ws(p + 1, end);
        if (p < end && *p == '}') {
            v = js_make_dict(NULL, 0);
            p++;
            break;
        }
        if (SSC_UNLIKELY(st.depth == st.cap_frames)) js_grow_frames(&st);
        st.frames[st.depth++] = (st.nvals << 1) | 1;
        goto key;
    case '[':
        if (SSC_UNLIKELY(st.depth == SSC_JSON_MAX_DEPTH)) return js_too_deep(0);
        p = js_skip_ws(p + 1, end);
        if (p < end && *p == ']') {
            v = js_make_list(NULL, 0);
            p++;
            break;
        }
        if (SSC_UNLIKELY(st.depth == st.cap_frames)) js_grow_frames(&st);
        st.frames[st.depth++] = st.nvals << 1;
        goto value;
    case 'n':
        if (!js_word(p, end, "null", 4)) return js_fail(doc, p, "Expecting value");
        v = (ssc_any *)&ssc_any_none_box;
        p += 4;
        break;
    case 't':
        if (!js_word(p, end, "true", 4)) return js_fail(doc, p, "Expecting value");
        v = (ssc_any *)&ssc_any_true_box;
        p += 4;
        break;
    case 'f':
        if (!js_word(p, end, "false", 5)) return js_fail(doc, p, "Expecting value");
        v = (ssc_any *)&ssc_any_false_box;
        p += 5;
        break;
    case 'N':
        if (!js_word(p, end, "NaN", 3)) return js_fail(doc, p, "Expecting value");
        v = ssc_any_from_float(__builtin_nan(""));
        p += 3;
        break;
    case 'I':
        if (!js_word(p, end, "Infinity", 8)) return js_fail(doc, p, "Expecting value");
        v = ssc_any_from_float(__builtin_inf());
        p += 8;
        break;
    default: {
        if (*p == '-' && js_word(p, end, "-Infinity", 9)) {
            v = ssc_any_from_float(-__builtin_inf());
            p += 9;
            break;
        }
        int32_t rc = js_number(p, end, &v, &p);
        if (SSC_UNLIKELY(rc)) return rc > 0 ? js_fail(doc, p, "Expecting value") : SSC_RAISED;
        break;
    }
    }

got_value: /* v ends just before p */
    if (st.depth == 0) {
        p = js_skip_ws(p, end);
        if (p != end) return js_fail(doc, p, "Extra data");
        *out = v;
        return SSC_OK;
    }
    if (SSC_UNLIKELY(st.nvals == st.cap_vals)) js_grow_vals(&st);
    st.vals[st.nvals++] = v;
    p = js_skip_ws(p, end);
    {
        int32_t frame = st.frames[st.depth - 1];
        int32_t start = frame >> 1;
        if (!(frame & 1)) {
            if (p < end && *p == ']') {
                v = js_make_list(st.vals + start, st.nvals - start);
                st.nvals = start;
                st.depth--;
                p++;
                goto got_value;
            }
            if (p == end || *p != ',') return js_fail(doc, p, "Expecting ',' delimiter");
#if SSC_PYTHON >= 313   /* 3.13's scanner names a trailing comma, at the comma */
            {
                const uint8_t *comma = p;
                p = js_skip_ws(p + 1, end);
                if (p < end && *p == ']') return js_fail(doc, comma, "Illegal trailing comma before end of array");
            }
#else
            p = js_skip_ws(p + 1, end);
#endif
            goto value;
        }
        if (p < end && *p == '}') {
            v = js_make_dict(st.vals + start, (st.nvals - start) >> 1);
            st.nvals = start;
            st.depth--;
            p++;
            goto got_value;
        }
        if (p == end || *p != ',') return js_fail(doc, p, "Expecting ',' delimiter");
#if SSC_PYTHON >= 313
        {
            const uint8_t *comma = p;
            p = js_skip_ws(p + 1, end);
            if (p < end && *p == '}') return js_fail(doc, comma, "Illegal trailing comma before end of object");
        }
#else
        p = js_skip_ws(p + 1, end);
#endif
    }
key: /* a key, its ':' and the whitespace after it */
    if (p == end || *p != '"') return js_fail(doc, p, "Expecting property name enclosed in double quotes");
    if (js_string(doc, p, end, &v, &p)) return SSC_RAISED;
    if (SSC_UNLIKELY(st.nvals == st.cap_vals)) js_grow_vals(&st);
    st.vals[st.nvals++] = v;
    p = js_skip_ws(p, end);
    if (p == end || *p != ':') return js_fail(doc, p, "Expecting ':' delimiter");
    p = js_skip_ws(p + 1, end);
    goto value;
}

int32_t ssc_json_loads_str(const uint8_t *p, int32_t n, ssc_any **out) {
    /* json.loads refuses a str that starts with U+FEFF (EF BB BF). */
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        return js_fail(p, p, "Unexpected UTF-8 BOM (decode using utf-8-sig)");
    return js_parse(p, n, out);
}

/* bytes.decode("utf-8", "surrogatepass"): the strict decoder, except that
 * the surrogatepass handler turns an encoded surrogate (ED A0..BF 80..BF)
 * back into the code point. Any other error is the strict one (the handler
 * re-raises it), so it is text.c's utf8_error at the same place; positions
 * count from `p` (after a BOM, as the utf-8-sig decoder counts). */
static int32_t js_utf8_check_surrogatepass(const uint8_t *p, int32_t len) {
    int32_t i = 0;
    while (i < len) {
        while (len - i >= 8 && !(js_load64(p + i) & JS_HIGHS)) i += 8;
        while (i < len && p[i] < 0x80) i++;
        if (i >= len) break;
        uint32_t c = p[i];
        int32_t avail = len - i;
        if (c < 0xc2) return utf8_error(p, len, i);
        if (c < 0xe0) {
            if (avail < 2 || !IS_CONT(p[i + 1])) return utf8_error(p, len, i);
            i += 2;
        } else if (c < 0xf0) {
            if (avail < 3) return utf8_error(p, len, i);
            uint32_t c2 = p[i + 1];
            uint32_t lo = c == 0xe0 ? 0xa0 : 0x80;
            /* ED A0..BF: a surrogate, passed */
            if (c2 < lo || c2 > 0xbf || !IS_CONT(p[i + 2])) return utf8_error(p, len, i);
            i += 3;
        } else if (c < 0xf5) {
            if (avail < 4) return utf8_error(p, len, i);
            uint32_t c2 = p[i + 1];
            uint32_t lo = c == 0xf0 ? 0x90 : 0x80;
            uint32_t hi = c == 0xf4 ? 0x8f : 0xbf;
            if (c2 < lo || c2 > hi || !IS_CONT(p[i + 2]) || !IS_CONT(p[i + 3])) return utf8_error(p, len, i);
            i += 4;
        } else {
            return utf8_error(p, len, i);
        }
    }
    return SSC_OK;
}


/* detect_encoding's answers other than UTF-8: the unit size (2 or 4
 * bytes), with JS_BE for big-endian. */
#define JS_UTF16 2
#define JS_UTF32 4
#define JS_BE 1

/* The unit of `size` bytes at u. */
static inline uint32_t js_unit(const uint8_t *u, int32_t size, int32_t be) {
    uint32_t c = 0;
    for (int32_t j = 0; j < size; j++) c = c << 8 | u[be ? j : size - 1 - j];
    return c;
}

/* p[i:n].decode(codec, "surrogatepass") for a UTF-16 or UTF-32 codec
 * (PyUnicode_DecodeUTF16Stateful / UTF32Stateful with the surrogatepass
 * handler), written as generalized UTF-8 to new memory: *doc, *len.
 *  - UTF-16: a high surrogate followed by a low one is one code point;
 *    any other surrogate unit is kept alone (the handler passes the
 *    "illegal encoding", "illegal UTF-16 surrogate" and "unexpected end of
 *    data" errors, two bytes each). The only error left is an odd byte at
 *    the end: "truncated data";
 *  - UTF-32: every unit below 0x110000 is its code point (surrogates too,
 *    never joined); at or above it, "code point not in range(0x110000)"
 *    (four bytes; the handler does not pass it); one to three bytes at the
 *    end are "truncated data".
 * CPython decodes the whole document before parsing it, so the first
 * decoding error comes before any syntax error. Rare input: small code
 * rather than fast. */
__attribute__((noinline, minsize)) static int32_t js_decode_wide(const uint8_t *p, int32_t i, int32_t n,
                                                                 int32_t mode, const uint8_t **doc, int32_t *len) {
    static const char codecs[4][10] = {"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"};
    int32_t size = mode & ~JS_BE, be = mode & JS_BE;
    const char *codec = codecs[(size == JS_UTF32) * 2 + be];
    /* a 2-byte unit makes at most 3 bytes (a pair of them 4), a 4-byte one 4 */
    uint8_t *start = ssc_alloc((uint32_t)(n - i) + (uint32_t)(n - i) / 2 + 8);
    uint8_t *o = start;
    while (n - i >= size) {
        uint32_t c = js_unit(p + i, size, be);
        i += size;
        if (size == JS_UTF16) {
            if (c - 0xd800u < 0x400u && n - i >= 2) {
                uint32_t c2 = js_unit(p + i, 2, be);
                if (c2 - 0xdc00u < 0x400u) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
                    i += 2;
                }
            }
        } else if (c >= 0x110000) {
            return ssc_raise_decode_error(codec, p, i - 4, i, "code point not in range(0x110000)");
        }
        o = js_utf8_at(o, c);
    }
    if (i < n) return ssc_raise_decode_error(codec, p, i, n, "truncated data");
    *doc = start;
    *len = (int32_t)(o - start);
    return SSC_OK;
}

/* json.loads(bytes): b.decode(detect_encoding(b), "surrogatepass"), then
 * the str parsed. detect_encoding looks for a BOM (UTF-32's first: FF FE
 * 00 00 starts like UTF-16's FF FE), then, in four bytes or exactly two,
 * for the NUL bytes of an ASCII start. The "utf-16" and "utf-32" codecs
 * chosen by a BOM drop it and take its byte order (and its name, e.g.
 * "utf-16-le", in their errors); "utf-8-sig" drops the UTF-8 BOM, and the
 * rest is the UTF-8 path: checked in place, the document parsed as it is
 * (positions after a BOM count from it, as the utf-8-sig decoder counts).
 * UTF-16 and UTF-32 are transcoded first (js_decode_wide). json.loads
 * checks for a BOM only in a str: a second BOM here is just a character
 * the parser does not expect. */
int32_t ssc_json_loads_bytes(const uint8_t *p, int32_t n, ssc_any **out) {
    /* the first four bytes, big-endian; a missing one is 01, which no test matches */
    uint32_t w = 0;
    for (int32_t j = 0; j < 4; j++) w = w << 8 | (j < n ? p[j] : 1u);
    int32_t mode = 0, skip = 0;
    if (w == 0xfffe0000u || w == 0x0000feffu) {
        mode = JS_UTF32 | !(w >> 24);   /* BOM_UTF32_LE / BE */
        skip = 4;
    } else if ((w >> 16) == 0xfffeu || (w >> 16) == 0xfeffu) {
        mode = JS_UTF16 | ((w >> 24) == 0xfe);   /* BOM_UTF16_LE / BE */
        skip = 2;
    } else if ((w >> 8) == 0xefbbbfu) {
        p += 3;   /* BOM_UTF8: utf-8-sig */
        n -= 3;
    } else if (n >= 4 || n == 2) {
        /* 00 XX -- --: UTF-16-BE, 00 00 -- --: UTF-32-BE, but 00 -- alone: UTF-16-BE */
        if (!(w >> 24)) mode = (w >> 16) || n == 2 ? JS_UTF16 | JS_BE : JS_UTF32 | JS_BE;
        /* XX 00 00 00: UTF-32-LE; XX 00 with anything else (or alone): UTF-16-LE */
        else if (!(w & 0xff0000u)) mode = w & 0xffffu ? JS_UTF16 : JS_UTF32;
    }
    if (SSC_UNLIKELY(mode)) {
        if (js_decode_wide(p, skip, n, mode, &p, &n)) return SSC_RAISED;
    } else if (js_utf8_check_surrogatepass(p, n)) {
        return SSC_RAISED;
    }
    return js_parse(p, n, out);
}

/* ==== dumps ================================================================= */

typedef struct {
    ssc_buf *b;
    const ssc_json_opts *o;
    const void **open;   /* the lists and dicts being written (check_circular's markers) */
    int32_t depth;       /* how many */
    int32_t cap;
} js_enc;

static inline void js_need(ssc_buf *b, int32_t n) {
    if (SSC_UNLIKELY(b->len + n > b->cap)) ssc_buf_reserve(b, n);
}

static inline void js_put(ssc_buf *b, const void *p, int32_t n) {
    js_need(b, n);
    uint8_t *o = b->ptr + b->len;
    if (n <= 8) {
        for (int32_t i = 0; i < n; i++) o[i] = ((const uint8_t *)p)[i];
    } else {
        memcpy(o, p, (size_t)n);
    }
    b->len += n;
}

/* memcpy for the short runs of a JSON text (keys, words, numbers): one or
 * two 8-byte moves inline, the call only for long runs. */
static inline void js_copy(uint8_t *o, const uint8_t *p, int32_t n) {
    if (n >= 8 && n <= 16) {
        uint64_t a, z;
        __builtin_memcpy(&a, p, 8);
        __builtin_memcpy(&z, p + n - 8, 8);
        __builtin_memcpy(o, &a, 8);
        __builtin_memcpy(o + n - 8, &z, 8);
    } else if (n < 8 && js_readable8(p)) {
        /* one word, whatever follows the run included: the caller keeps 8
         * bytes of room after it */
        uint64_t a;
        __builtin_memcpy(&a, p, 8);
        __builtin_memcpy(o, &a, 8);
    } else if (n < 8) {
        for (int32_t i = 0; i < n; i++) o[i] = p[i];
    } else {
        memcpy(o, p, (size_t)n);
    }
}

static inline void js_put_byte(ssc_buf *b, uint8_t c) {
    js_need(b, 1);
    b->ptr[b->len++] = c;
}

static const char js_hexdigits[] = "0123456789abcdef";

/* "\u" and four lowercase hex digits at o (Py_hexdigits). */
static inline uint8_t *js_u_escape(uint8_t *o, uint32_t c) {
    o[0] = '\\';
    o[1] = 'u';
    o[2] = (uint8_t)js_hexdigits[(c >> 12) & 0xf];
    o[3] = (uint8_t)js_hexdigits[(c >> 8) & 0xf];
    o[4] = (uint8_t)js_hexdigits[(c >> 4) & 0xf];
    o[5] = (uint8_t)js_hexdigits[c & 0xf];
    return o + 6;
}

/* A str as a JSON string: encode_basestring_ascii (ensure_ascii) or
 * encode_basestring. Both escape '"', '\\', \b \f \n \r \t by name and
 * the other controls as \u00XX; with ensure_ascii 0x7f and everything
 * non-ASCII become \uXXXX too (a code point above U+FFFF as its UTF-16
 * surrogate pair, a lone surrogate as itself), without it they are copied.
 * Runs of bytes that need nothing are copied whole. Room for the whole str
 * plus quotes is made once; each escape then makes sure the rest still
 * fits (an escape is at most 12 bytes). */
static void js_put_str(ssc_buf *b, const uint8_t *p, int32_t n, int32_t ensure_ascii) {
    const uint8_t *end = p + n;
    js_need(b, n + 10);   /* the quotes, and the 8 bytes a short run's copy may write past itself */
    b->ptr[b->len++] = '"';
    for (;;) {
        const uint8_t *r = ensure_ascii ? js_scan_ascii(p, end) : js_scan(p, end);
        if (r > p) {
            js_copy(b->ptr + b->len, p, (int32_t)(r - p));
            b->len += (int32_t)(r - p);
            p = r;
        }
        if (p == end) break;
        js_need(b, 20 + (int32_t)(end - p));   /* an escape (12 at most), the rest and 8 bytes */
        uint8_t *o = b->ptr + b->len;
        uint32_t c = *p++;
        const char *named = NULL;
        switch (c) {
        case '"': named = "\\\""; break;
        case '\\': named = "\\\\"; break;
        case '\b': named = "\\b"; break;
        case '\f': named = "\\f"; break;
        case '\n': named = "\\n"; break;
        case '\r': named = "\\r"; break;
        case '\t': named = "\\t"; break;
        }
        if (named) {
            o[0] = (uint8_t)named[0];
            o[1] = (uint8_t)named[1];
            o += 2;
        } else if (c < 0x80) {
            o = js_u_escape(o, c);   /* a control character, or 0x7f */
        } else {
            /* ensure_ascii and a non-ASCII character: decode it (valid,
             * generalized UTF-8) */
            if (c < 0xe0) {
                c = ((c & 0x1f) << 6) | (p[0] & 0x3fu);
                p += 1;
            } else if (c < 0xf0) {
                c = ((c & 0x0f) << 12) | ((p[0] & 0x3fu) << 6) | (p[1] & 0x3fu);
                p += 2;
            } else {
                c = ((c & 0x07) << 18) | ((p[0] & 0x3fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
                p += 3;
            }
            if (c >= 0x10000) {
                c -= 0x10000;
                o = js_u_escape(o, 0xd800 | (c >> 10));
                c = 0xdc00 | (c & 0x3ff);
            }
            o = js_u_escape(o, c);
        }
        b->len = (int32_t)(o - b->ptr);
    }
    js_put_byte(b, '"');
}

SSC_COLD static int32_t js_type_error(const char *before, const char *type_name, const char *after) {
    ssc_buf m;
    ssc_buf_init(&m, 80);
    ssc_buf_cstr(&m, before);
    ssc_buf_cstr(&m, type_name);
    ssc_buf_cstr(&m, after);
    ssc_raise_buf(SSC_EXC_TypeError, &m);
    return SSC_RAISED;
}

/* JSONEncoder.default's error. */
SSC_COLD static int32_t js_not_serializable(const char *type_name) {
    return js_type_error("Object of type ", type_name, " is not JSON serializable");
}

/* allow_nan=False and a nan or infinity: the Python encoder's message (the
 * one that runs with an indent) ends with ": " and the float's repr, and so
 * does the C encoder's from 3.12 on; before, it has no value. */
SSC_COLD static int32_t js_float_error(const js_enc *e, double x) {
    ssc_buf m;
    ssc_buf_init(&m, 64);
    ssc_buf_cstr(&m, "Out of range float values are not JSON compliant");
    if (SSC_PYTHON >= 312 || e->o->has_indent) {
        ssc_buf_cstr(&m, ": ");
        ssc_buf_float_repr(&m, x);
    }
    ssc_raise_buf(SSC_EXC_ValueError, &m);
    return SSC_RAISED;
}

/* Nesting deeper than SSC_JSON_MAX_DEPTH: the C encoder's
 * Py_EnterRecursiveCall message; with an indent (the Python encoder), the
 * one CPython gives for nested generators. */
SSC_COLD static int32_t js_recursion_error(const js_enc *e) {
    ssc_raise_cstr(SSC_EXC_RecursionError, e->o->has_indent
                   ? "maximum recursion depth exceeded while calling a Python object"
                   : "maximum recursion depth exceeded while encoding a JSON object");
    return SSC_RAISED;
}

/* float.__repr__, or NaN / Infinity / -Infinity (encoder_encode_float, floatstr). */
static int32_t js_put_float(js_enc *e, double x) {
    if (SSC_LIKELY(x - x == 0.0)) {   /* finite */
        ssc_buf_float_repr(e->b, x);
        return SSC_OK;
    }
    if (!e->o->allow_nan) return js_float_error(e, x);
    ssc_buf_cstr(e->b, x != x ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
    return SSC_OK;
}

/* '\n' and the indent `level` times (newline_indent). */
static void js_newline(js_enc *e, int32_t level) {
    const ssc_bytes ind = e->o->indent;
    js_need(e->b, 1 + ind.len * level);
    ssc_buf *b = e->b;
    b->ptr[b->len++] = '\n';
    for (int32_t i = 0; i < level; i++) {
        memcpy(b->ptr + b->len, ind.ptr, (size_t)ind.len);
        b->len += ind.len;
    }
}

/* Enters a container: the recursion limit (checked before anything else,
 * as Py_EnterRecursiveCall is), then, for a list or dict (`id` not NULL),
 * "Circular reference detected" when it is already being written. */
static int32_t js_enter(js_enc *e, const void *id) {
    if (SSC_UNLIKELY(e->depth >= SSC_JSON_MAX_DEPTH)) return js_recursion_error(e);
    if (id) {
        for (int32_t i = 0; i < e->depth; i++) {
            if (SSC_UNLIKELY(e->open[i] == id)) {
                ssc_raise_cstr(SSC_EXC_ValueError, "Circular reference detected");
                return SSC_RAISED;
            }
        }
    }
    if (SSC_UNLIKELY(e->depth == e->cap)) {
        int32_t cap = e->cap ? e->cap * 2 : 16;
        const void **open = ssc_alloc((uint32_t)cap * sizeof *open);
        if (e->depth) memcpy(open, e->open, (size_t)e->depth * sizeof *open);
        e->open = open;
        e->cap = cap;
    }
    e->open[e->depth++] = id;
    return SSC_OK;
}

static int32_t js_dump(js_enc *e, const ssc_type *t, const void *v);

/* The items of a list or tuple: the i-th has type types[i] (or types[0]
 * when offsets is NULL, a list's elements, `size` bytes apart) at data +
 * offsets[i] (data + i * size). Empty: "[]" before the circular check, as
 * both encoders do. */
static int32_t js_dump_array(js_enc *e, const void *id, const ssc_type *const *types, const int32_t *offsets,
                             const uint8_t *data, int32_t n, int32_t size) {
    if (js_enter(e, id)) return SSC_RAISED;
    if (n == 0) {
        js_put(e->b, "[]", 2);
        e->depth--;
        return SSC_OK;
    }
    const ssc_json_opts *o = e->o;
    int32_t level = e->depth;
    js_put_byte(e->b, '[');
    if (o->has_indent) js_newline(e, level);
    for (int32_t i = 0; i < n; i++) {
        if (i) {
            js_put(e->b, o->item_sep.ptr, o->item_sep.len);
            if (o->has_indent) js_newline(e, level);
        }
        const ssc_type *t = offsets ? types[i] : types[0];
        if (js_dump(e, t, offsets ? data + offsets[i] : data + i * size)) return SSC_RAISED;
    }
    if (o->has_indent) js_newline(e, level - 1);
    js_put_byte(e->b, ']');
    e->depth--;
    return SSC_OK;
}

/* A dict key as the JSON string it becomes: a str as it is; a float as
 * its repr (or NaN, Infinity, -Infinity); True, False, None as true,
 * false, null; an int in decimal; anything else is a TypeError naming its
 * type (skipkeys=False). */
static int32_t js_dump_key(js_enc *e, const ssc_type *t, const void *k) {
    switch (t->kind) {
    case SSC_T_STR: {
        ssc_bytes s = ct_bytes(k);
        js_put_str(e->b, s.ptr, s.len, e->o->ensure_ascii);
        return SSC_OK;
    }
    case SSC_T_OPTIONAL:
        if (ct_u8(k)) return js_dump_key(e, t->items[0], (const uint8_t *)k + t->offsets[0]);
        js_put(e->b, "\"null\"", 6);
        return SSC_OK;
    case SSC_T_NONE:
        js_put(e->b, "\"null\"", 6);
        return SSC_OK;
    case SSC_T_BOOL:
        if (ct_u8(k)) js_put(e->b, "\"true\"", 6);
        else js_put(e->b, "\"false\"", 7);
        return SSC_OK;
    case SSC_T_INT:
        js_put_byte(e->b, '"');
        ssc_buf_i64(e->b, ct_i64(k));
        js_put_byte(e->b, '"');
        return SSC_OK;
    case SSC_T_FLOAT:
        js_put_byte(e->b, '"');
        if (js_put_float(e, ct_f64(k))) return SSC_RAISED;
        js_put_byte(e->b, '"');
        return SSC_OK;
    case SSC_T_ANY: {
        const ssc_any *a = ct_ptr(k);
        switch (a->tag) {
        case SSC_ANY_STR:
            js_put_str(e->b, a->u.s.ptr, a->u.s.len, e->o->ensure_ascii);
            return SSC_OK;
        case SSC_ANY_NONE: return js_dump_key(e, &ssc_type_none, k);
        case SSC_ANY_BOOL: {
            uint8_t b = (uint8_t)a->u.i;
            return js_dump_key(e, &ssc_type_bool, &b);
        }
        case SSC_ANY_INT: return js_dump_key(e, &ssc_type_int, &a->u.i);
        case SSC_ANY_FLOAT: return js_dump_key(e, &ssc_type_float, &a->u.f);
        default: break;   /* unhashable: not a key */
        }
        break;
    }
    default:
        break;
    }
    return js_type_error("keys must be str, int, float, bool or None, not ", ct_type_name(t, k), "");
}

/* With sort_keys, the entries' order: CPython sorts the (key, value) items,
 * so the comparisons, and the TypeError of keys that do not order, are
 * those of sorting the keys as tuples' first items. Sorting (key, entry
 * number) pairs with containers.c's sort makes the same comparisons (two
 * keys of one dict are never equal, so the second items are never
 * compared). */
static int32_t js_sorted_entries(ssc_dict *d, int32_t **order) {
    const ssc_type *kt = d->key;
    int32_t off = ct_align_up(kt->size, 8);
    ssc_type *tt = ssc_alloc(sizeof *tt);
    const ssc_type **items = ssc_alloc(2 * sizeof *items);
    int32_t *offsets = ssc_alloc(2 * sizeof *offsets);
    items[0] = kt;
    items[1] = &ssc_type_int;
    offsets[0] = 0;
    offsets[1] = off;
    tt->kind = SSC_T_TUPLE;
    tt->size = off + 8;
    tt->count = 2;
    tt->items = items;
    tt->offsets = offsets;
    ssc_list *l = ssc_list_new(tt, d->len);
    for (int32_t ix = 0; ix < d->nentries; ix++) {
        const uint8_t *en = ct_entry(d, ix);
        if (!ct_entry_live(en)) continue;
        uint8_t *slot = l->data + l->len * tt->size;
        memcpy(slot, en + d->koff, (size_t)kt->size);
        int64_t ix64 = ix;
        memcpy(slot + off, &ix64, 8);
        l->len++;
    }
    if (ssc_list_sort(l, 0)) return SSC_RAISED;
    int32_t *ord = ssc_alloc((uint32_t)l->len * 4);
    for (int32_t i = 0; i < l->len; i++) ord[i] = (int32_t)ct_i64(l->data + i * tt->size + off);
    *order = ord;
    return SSC_OK;
}

static int32_t js_dump_dict(js_enc *e, ssc_dict *d) {
    if (js_enter(e, d)) return SSC_RAISED;
    if (d->len == 0) {
        js_put(e->b, "{}", 2);
        e->depth--;
        return SSC_OK;
    }
    const ssc_json_opts *o = e->o;
    int32_t *order = NULL;
    if (o->sort_keys && js_sorted_entries(d, &order)) return SSC_RAISED;
    int32_t level = e->depth;
    js_put_byte(e->b, '{');
    if (o->has_indent) js_newline(e, level);
    int32_t written = 0;
    for (int32_t i = 0; i < (order ? d->len : d->nentries); i++) {
        const uint8_t *en = ct_entry(d, order ? order[i] : i);
        if (!ct_entry_live(en)) continue;
        if (written++) {
            js_put(e->b, o->item_sep.ptr, o->item_sep.len);
            if (o->has_indent) js_newline(e, level);
        }
        if (js_dump_key(e, d->key, en + d->koff)) return SSC_RAISED;
        js_put(e->b, o->key_sep.ptr, o->key_sep.len);
        if (js_dump(e, d->value, en + d->voff)) return SSC_RAISED;
    }
    if (o->has_indent) js_newline(e, level - 1);
    js_put_byte(e->b, '}');
    e->depth--;
    return SSC_OK;
}

static int32_t js_dump(js_enc *e, const ssc_type *t, const void *v) {
    switch (t->kind) {
    case SSC_T_NONE:
        js_put(e->b, "null", 4);
        return SSC_OK;
    case SSC_T_BOOL:
        if (ct_u8(v)) js_put(e->b, "true", 4);
        else js_put(e->b, "false", 5);
        return SSC_OK;
    case SSC_T_INT:
        ssc_buf_i64(e->b, ct_i64(v));
        return SSC_OK;
    case SSC_T_FLOAT:
        return js_put_float(e, ct_f64(v));
    case SSC_T_STR: {
        ssc_bytes s = ct_bytes(v);
        js_put_str(e->b, s.ptr, s.len, e->o->ensure_ascii);
        return SSC_OK;
    }
    case SSC_T_OPTIONAL:
        if (!ct_u8(v)) {
            js_put(e->b, "null", 4);
            return SSC_OK;
        }
        return js_dump(e, t->items[0], (const uint8_t *)v + t->offsets[0]);
    case SSC_T_TUPLE:
        return js_dump_array(e, NULL, t->items, t->offsets, v, t->count, 0);
    case SSC_T_LIST: {
        const ssc_list *l = ct_ptr(v);
        return js_dump_array(e, l, &l->elem, NULL, l->data, l->len, l->elem->size);
    }
    case SSC_T_DICT:
        return js_dump_dict(e, ct_ptr(v));
    case SSC_T_ANY: {
        const ssc_any *a = ct_ptr(v);
        switch (a->tag) {
        case SSC_ANY_NONE:
            js_put(e->b, "null", 4);
            return SSC_OK;
        case SSC_ANY_BOOL:
            if (a->u.i) js_put(e->b, "true", 4);
            else js_put(e->b, "false", 5);
            return SSC_OK;
        case SSC_ANY_INT:
            ssc_buf_i64(e->b, a->u.i);
            return SSC_OK;
        case SSC_ANY_FLOAT:
            return js_put_float(e, a->u.f);
        case SSC_ANY_STR:
            js_put_str(e->b, a->u.s.ptr, a->u.s.len, e->o->ensure_ascii);
            return SSC_OK;
        case SSC_ANY_LIST: {
            const ssc_list *l = a->u.list;
            return js_dump_array(e, l, &l->elem, NULL, l->data, l->len, l->elem->size);
        }
        default:
            return js_dump_dict(e, a->u.dict);
        }
    }
    default: /* bytes, set, Record */
        return js_not_serializable(ct_type_name(t, v));
    }
}

int32_t ssc_json_dumps(ssc_buf *b, const ssc_type *t, const void *value, const ssc_json_opts *opts) {
    /* the markers on the stack: an allocation here would leave the output
     * buffer no longer the last one, so that it could not grow in place */
    const void *open[16];
    js_enc e = {b, opts, open, 0, 16};
    return js_dump(&e, t, value);
}

/* ==== JSONDecodeError's attributes ========================================== */

/* e.msg, e.pos, e.lineno, e.colno of a caught JSONDecodeError, read back from
 * its message as js_fail wrote it: "msg: line L column C (char P)". No msg
 * the scanner raises contains ": line ", so the last one starts the tail.
 * The checker allows them only on an exception that 'except
 * json.JSONDecodeError as e' bound, which only js_fail makes. */
static int32_t js_error_tail(const ssc_exception *e) {
    const uint8_t *p = e->message.ptr;
    for (int32_t i = e->message.len - 7; i >= 0; i--)
        if (__builtin_memcmp(p + i, ": line ", 7) == 0) return i;
    return e->message.len;
}

/* The number after the `nth` space of the tail (line: 1, column: 3, char: 5). */
static int64_t js_error_number(const ssc_exception *e, int nth) {
    const uint8_t *p = e->message.ptr, *end = p + e->message.len;
    p += js_error_tail(e) + 1;
    for (int spaces = 0; p < end && spaces < nth; p++)
        if (*p == ' ') spaces++;
    int64_t value = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) value = value * 10 + (*p - '0');
    return value;
}

int32_t ssc_json_error_msg(const ssc_exception *e, ssc_bytes *out) {
    out->ptr = e->message.ptr;
    out->len = js_error_tail(e);
    return SSC_OK;
}

int32_t ssc_json_error_lineno(const ssc_exception *e, int64_t *out) {
    *out = js_error_number(e, 2);
    return SSC_OK;
}

int32_t ssc_json_error_colno(const ssc_exception *e, int64_t *out) {
    *out = js_error_number(e, 4);
    return SSC_OK;
}

int32_t ssc_json_error_pos(const ssc_exception *e, int64_t *out) {
    *out = js_error_number(e, 6);
    return SSC_OK;
}
