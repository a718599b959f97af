/* ssc guest runtime: text.
 *
 * UTF-8 validation (bytes.decode), int() of str and bytes, and repr() of str
 * and bytes, each matching CPython 3.11 exactly, error messages included.
 * The function a piece mirrors is named in the comment above it; the
 * CPython sources meant are Objects/stringlib/codecs.h, Objects/unicodeobject.c,
 * Objects/longobject.c, Objects/bytesobject.c and Objects/exceptions.c.
 *
 * Unicode properties come from "ssc_unicode.h", which
 * compiler/unicode_tables.py generates from the compiling interpreter.
 */
#include "text.h"
#include "core.h"
#include "ssc_unicode.h"

/* sys.get_int_max_str_digits() at its default (Python 3.11+). */
#define SSC_INT_MAX_STR_DIGITS 4300

/* PyUnicode_FromFormat's "%.200R" in int()'s ValueError. */
#define SSC_INT_REPR_CHARS 200

/* ---- Unicode tables ------------------------------------------------------ */

/* A position in one of the run tables of ssc_unicode.h: the run [lo, hi) and
 * whether its code points are members. Looking up code points in ascending
 * order, or several in one run (one script), reads each table byte at most
 * once; a lower code point starts again from the top. */
typedef struct {
    const uint8_t *table;
    int32_t table_len;
    int32_t next;    /* offset of the next run length in table */
    uint32_t lo, hi; /* the current run */
    int member;
} uni_cursor;

/* Puts the cursor before the first run of `table`. */
static void uni_start(uni_cursor *c, const uint8_t *table, int32_t table_len) {
    c->table = table;
    c->table_len = table_len;
    c->next = 0;
    c->lo = c->hi = SSC_UNI_TABLE_START;
    c->member = 1; /* so the first run read is a non-member run */
}

/* Reads runs forward until the current one contains `cp` (cp >= c->lo).
 * Runs are LEB128 lengths (see unicode_tables.py); the run after the last
 * length reaches U+10FFFF. strings.c's indexed cursors use this too. */
static void uni_advance(uni_cursor *c, uint32_t cp) {
    while (cp >= c->hi) {
        c->lo = c->hi;
        c->member ^= 1;
        if (c->next >= c->table_len) {
            c->hi = 0x110000;
            break;
        }
        uint32_t len = 0;
        int shift = 0;
        uint8_t byte;
        do {
            byte = c->table[c->next++];
            len |= (uint32_t)(byte & 0x7f) << shift;
            shift += 7;
        } while (byte & 0x80);
        c->hi = c->lo + len;
    }
}

/* The first code point of the member run containing `cp` (>= 0x80), or -1
 * when cp is not a member. */
__attribute__((noinline))
static int32_t uni_lookup(uni_cursor *c, uint32_t cp) {
    if (cp < c->lo)
        uni_start(c, c->table, c->table_len);
    uni_advance(c, cp);
    return c->member ? (int32_t)c->lo : -1;
}

/* Decodes the code point at p[*i] of valid UTF-8 (a str) and advances *i. */
static uint32_t utf8_next(const uint8_t *p, int32_t *i) {
    uint32_t c = p[*i];
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c < 0xe0) {
        c = ((c & 0x1f) << 6) | (p[*i + 1] & 0x3f);
        *i += 2;
    } else if (c < 0xf0) {
        c = ((c & 0x0f) << 12) | ((uint32_t)(p[*i + 1] & 0x3f) << 6) | (p[*i + 2] & 0x3f);
        *i += 3;
    } else {
        c = ((c & 0x07) << 18) | ((uint32_t)(p[*i + 1] & 0x3f) << 12)
            | ((uint32_t)(p[*i + 2] & 0x3f) << 6) | (p[*i + 3] & 0x3f);
        *i += 4;
    }
    return c;
}

/* ---- decimal digits ------------------------------------------------------ */

/* The decimal digits of u, written backwards ending at `end`; returns the
 * first. wasm32 has no 64-bit multiply-high, so a 64-bit division by 10 is
 * a real division: the digits go eight at a time from one 64-bit division
 * by 10**8, and the rest in 32-bit arithmetic. */
uint8_t *ssc_u64_digits_backwards(uint64_t u, uint8_t *end) {
    uint8_t *p = end;
    while (u > 0xffffffffu) {
        uint64_t q = u / 100000000u;
        uint32_t r = (uint32_t)(u - q * 100000000u);
        for (int k = 0; k < 8; k++) {
            *--p = (uint8_t)('0' + r % 10u);
            r /= 10u;
        }
        u = q;
    }
    uint32_t w = (uint32_t)u;
    do {
        *--p = (uint8_t)('0' + w % 10u);
        w /= 10u;
    } while (w);
    return p;
}

/* ---- byte search --------------------------------------------------------- */

/* The index of the first byte equal to c in p[0:n], or -1: eight bytes at a
 * time (a zero byte of w ^ c*0x01..01 marks a match; the lowest flagged byte
 * is exact, false flags can only follow it). */
int32_t ssc_memchr(const uint8_t *p, int32_t n, uint8_t c) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t pattern = ones * c;
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        __builtin_memcpy(&w, p + i, 8);
        w ^= pattern;
        uint64_t hit = (w - ones) & ~w & highs;
        if (hit) return i + (__builtin_ctzll(hit) >> 3);
    }
    for (; i < n; i++) {
        if (p[i] == c) return i;
    }
    return -1;
}

/* `needle in haystack` for str (UTF-8) or bytes: a byte-substring search,
 * which is exact for UTF-8 because no code point's encoding appears inside
 * another's. Returns the byte index or -1. */
int32_t ssc_find(const uint8_t *hay, int32_t hlen, const uint8_t *needle, int32_t nlen) {
    if (nlen == 1) return ssc_memchr(hay, hlen, needle[0]);
    if (nlen == 0) return 0;
    int32_t last = hlen - nlen;   /* the last offset where needle fits */
    for (int32_t i = 0; i <= last; i++) {
        int32_t at = ssc_memchr(hay + i, last - i + 1, needle[0]);
        if (at < 0) return -1;
        i += at;
        if (memcmp(hay + i + 1, needle + 1, (size_t)nlen - 1) == 0) return i;
    }
    return -1;
}

/* ---- UTF-8 validation ---------------------------------------------------- */

#define IS_CONT(b) (((b) & 0xc0) == 0x80)

/* Raises the UnicodeDecodeError of bytes.decode("utf-8") for the invalid
 * sequence starting at p[s], as CPython's decoder reports it
 * (stringlib/codecs.h utf8_decode, unicodeobject.c
 * unicode_decode_utf8, exceptions.c UnicodeDecodeError_str):
 *  - lead 0x80..0xc1 or 0xf5..0xff: "invalid start byte", end = s+1;
 *  - the sequence stops at the end of the data while every byte present is
 *    still a valid prefix: "unexpected end of data", end = len;
 *  - otherwise the k-th byte after the lead is bad (for the first one: not a
 *    continuation byte, or out of the lead's range: E0 needs A0..BF, ED
 *    80..9F, F0 90..BF, F4 80..8F): "invalid continuation byte", end = s+k.
 * str(e) is "... byte 0xNN in position S: R" when end == s+1, otherwise
 * "... bytes in position S-E: R" with E = end-1. */
__attribute__((noinline, cold))
SSC_COLD static int32_t utf8_error(const uint8_t *p, int32_t len, int32_t s) {
    uint32_t c = p[s];
    int32_t avail = len - s;
    int32_t end; /* one past the bytes the error covers */
    const char *reason = "invalid continuation byte";
    int32_t need = c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
    if (need == 0) {
        end = s + 1;
        reason = "invalid start byte";
    } else {
        /* k = 1: the first continuation byte and the lead's range. */
        int bad = 0;
        int32_t k = 1;
        if (avail > 1) {
            uint32_t c2 = p[s + 1];
            bad = !IS_CONT(c2)
                  || (c == 0xe0 && c2 < 0xa0) || (c == 0xed && c2 >= 0xa0)
                  || (c == 0xf0 && c2 < 0x90) || (c == 0xf4 && c2 >= 0x90);
            /* k = 2, 3: plain continuation bytes. */
            while (!bad && k + 1 < need && k + 1 < avail) {
                k++;
                bad = !IS_CONT(p[s + k]);
            }
        }
        if (bad) {
            end = s + k;
        } else {
            /* Every byte present is fine, so the data ran out (the check
             * only fails when the sequence is incomplete). */
            end = len;
            reason = "unexpected end of data";
        }
    }
    return ssc_raise_decode_error("utf-8", p, s, end, reason);
}

/* UnicodeDecodeError of `codec` for the bytes p[start:end), in
 * UnicodeDecodeError_str's words: "'utf-8' codec can't decode byte 0xff in
 * position 0: invalid start byte", or "... bytes in position 3-4: ..." for
 * more than one byte. */
SSC_COLD int32_t ssc_raise_decode_error(const char *codec, const uint8_t *p, int32_t start, int32_t end,
                                        const char *reason) {
    ssc_buf m;
    ssc_buf_init(&m, 96);
    ssc_buf_byte(&m, '\'');
    ssc_buf_cstr(&m, codec);
    if (end - start == 1) {
        ssc_buf_cstr(&m, "' codec can't decode byte 0x");
        ssc_buf_hex2(&m, p[start]);
        ssc_buf_cstr(&m, " in position ");
        ssc_buf_i64(&m, start);
    } else {
        ssc_buf_cstr(&m, "' codec can't decode bytes in position ");
        ssc_buf_i64(&m, start);
        ssc_buf_byte(&m, '-');
        ssc_buf_i64(&m, end - 1);
    }
    ssc_buf_cstr(&m, ": ");
    ssc_buf_cstr(&m, reason);
    ssc_raise_buf(SSC_EXC_UnicodeDecodeError, &m);
    return SSC_RAISED;
}

/* Mirrors the strict UTF-8 decoder of bytes.decode("utf-8") (RFC 3629,
 * Unicode table 3-7): well-formed sequences only, so no overlong forms, no
 * encoded surrogates (ED A0..BF xx), nothing above U+10FFFF (F4 90.. and
 * F5..FF). ASCII is skipped 16 bytes at a time, with no call per byte;
 * the first bad sequence is reported by utf8_error. */
int32_t ssc_utf8_check(const uint8_t *p, int32_t len) {
    int32_t i = 0;
    while (i < len) {
        /* ASCII fast path: 16 bytes at a time, then 8, then jump to the
         * first high byte of the word (little-endian: the lowest set bit). */
        while (len - i >= 16) {
            uint64_t w0, w1;
            __builtin_memcpy(&w0, p + i, 8);
            __builtin_memcpy(&w1, p + i + 8, 8);
            if ((w0 | w1) & 0x8080808080808080ull)
                break;
            i += 16;
        }
        while (len - i >= 8) {
            uint64_t w;
            __builtin_memcpy(&w, p + i, 8);
            w &= 0x8080808080808080ull;
            if (w) {
                i += __builtin_ctzll(w) >> 3;
                goto multibyte;
            }
            i += 8;
        }
        while (i < len && p[i] < 0x80)
            i++;
        if (i >= len)
            break;
    multibyte:;
        uint32_t c = p[i];
        int32_t avail = len - i;
        if (c < 0x80) {
            i++;
        } else if (c < 0xc2) {
            return utf8_error(p, len, i);
        } else if (c < 0xe0) {
            if (avail < 2 || !IS_CONT(p[i + 1]))
                return utf8_error(p, len, i);
            i += 2;
        } else if (c < 0xf0) {
            if (avail < 3)
                return utf8_error(p, len, i);
            uint32_t c2 = p[i + 1];
            uint32_t lo = c == 0xe0 ? 0xa0 : 0x80;
            uint32_t hi = c == 0xed ? 0x9f : 0xbf;
            if (c2 < lo || c2 > hi || !IS_CONT(p[i + 2]))
                return utf8_error(p, len, i);
            i += 3;
        } else if (c < 0xf5) {
            if (avail < 4)
                return utf8_error(p, len, i);
            uint32_t c2 = p[i + 1];
            uint32_t lo = c == 0xf0 ? 0x90 : 0x80;
            uint32_t hi = c == 0xf4 ? 0x8f : 0xbf;
            if (c2 < lo || c2 > hi || !IS_CONT(p[i + 2]) || !IS_CONT(p[i + 3]))
                return utf8_error(p, len, i);
            i += 4;
        } else {
            return utf8_error(p, len, i);
        }
    }
    return SSC_OK;
}

/* ---- repr ---------------------------------------------------------------- */

/* Output of a repr cut to a number of code points, as "%.NR" does
 * (PyUnicode_FromFormat: the whole repr, then its first N code points). */
typedef struct {
    ssc_buf *b;
    int32_t left; /* code points still allowed */
} repr_out;

/* Appends n ASCII characters (n code points), as many as fit. */
static void repr_ascii(repr_out *o, const char *s, int32_t n) {
    if (n > o->left)
        n = o->left;
    ssc_buf_put(o->b, s, n);
    o->left -= n;
}

/* Appends "\xNN", "\uNNNN" or "\UNNNNNNNN" (ndigits = 2, 4, 8), lowercase. */
static void repr_hex_escape(repr_out *o, char kind, uint32_t cp, int ndigits) {
    char esc[10];
    esc[0] = '\\';
    esc[1] = kind;
    for (int k = 0; k < ndigits; k++)
        esc[2 + k] = "0123456789abcdef"[(cp >> (4 * (ndigits - 1 - k))) & 0xf];
    repr_ascii(o, esc, 2 + ndigits);
}

/* The quote CPython's repr picks: ' unless the text has ' and no ". */
static char repr_quote(const uint8_t *p, int32_t len) {
    int squote = 0, dquote = 0;
    for (int32_t i = 0; i < len; i++) {
        squote |= p[i] == '\'';
        dquote |= p[i] == '"';
    }
    return squote && !dquote ? '"' : '\'';
}

/* Mirrors unicode_repr (unicodeobject.c) for a str and
 * PyBytes_Repr(obj, smartquotes=1) (bytesobject.c) for bytes:
 *  - "b" first for bytes; the quote from repr_quote;
 *  - the quote and backslash escaped; \t \n \r; other ASCII controls and
 *    0x7f as \xNN; other ASCII as is (runs of it copied in one piece);
 *  - bytes from 0x80 up as \xNN;
 *  - str non-ASCII (p is valid UTF-8) as is when printable
 *    (Py_UNICODE_ISPRINTABLE: not Cc Cf Cs Co Cn Zl Zp Zs), otherwise \xNN
 *    up to U+00FF, \uNNNN up to U+FFFF, else \UNNNNNNNN.
 * The result is cut to max_chars code points (-1: all). */
static void repr_text(ssc_buf *b, const uint8_t *p, int32_t len, int32_t max_chars, int is_str) {
    repr_out o = {b, max_chars < 0 ? INT32_MAX : max_chars};
    char quote = repr_quote(p, len);
    uni_cursor nonprint;
    uni_start(&nonprint, SSC_UNI_NONPRINT, SSC_UNI_NONPRINT_LEN);
    if (!is_str)
        repr_ascii(&o, "b", 1);
    repr_ascii(&o, &quote, 1);
    int32_t i = 0;
    while (i < len && o.left > 0) {
        int32_t run = i;
        while (run < len && p[run] >= ' ' && p[run] < 0x7f && p[run] != '\\'
               && p[run] != (uint8_t)quote)
            run++;
        if (run > i) {
            repr_ascii(&o, (const char *)p + i, run - i);
            i = run;
            continue;
        }
        uint32_t c = p[i];
        if (c < 0x80 || !is_str) {
            i++;
            char esc[2] = {'\\', (char)c};
            if (c == '\t')
                esc[1] = 't';
            else if (c == '\n')
                esc[1] = 'n';
            else if (c == '\r')
                esc[1] = 'r';
            else if (c < ' ' || c >= 0x7f) {
                repr_hex_escape(&o, 'x', c, 2);
                continue;
            }
            repr_ascii(&o, esc, 2); /* the quote or a backslash */
            continue;
        }
        int32_t start = i;
        uint32_t cp = utf8_next(p, &i);
        if (uni_lookup(&nonprint, cp) < 0) {
            ssc_buf_put(b, p + start, i - start);
            o.left--;
        } else if (cp <= 0xff) {
            repr_hex_escape(&o, 'x', cp, 2);
        } else if (cp <= 0xffff) {
            repr_hex_escape(&o, 'u', cp, 4);
        } else {
            repr_hex_escape(&o, 'U', cp, 8);
        }
    }
    repr_ascii(&o, &quote, 1);
}

/* repr(s) of a str; see repr_text. */
void ssc_buf_str_repr(ssc_buf *b, const uint8_t *p, int32_t len, int32_t max_chars) {
    repr_text(b, p, len, max_chars, 1);
}

/* f"{s!r}" of a str, whole. */
void ssc_buf_str_repr_all(ssc_buf *b, const uint8_t *p, int32_t len) { repr_text(b, p, len, -1, 1); }

/* ascii(): the text with each non-ASCII code point escaped, \xhh below 0x100,
 * \uhhhh below 0x10000, else \Uhhhhhhhh (CPython's backslashreplace, which
 * PyObject_ASCII applies to a repr). */
void ssc_buf_ascii(ssc_buf *b, const uint8_t *p, int32_t len) {
    static const char hex[] = "0123456789abcdef";
    int32_t i = 0;
    while (i < len) {
        int32_t start = i;
        uint32_t c = utf8_next(p, &i);
        if (c < 0x80) {
            ssc_buf_put(b, p + start, 1);
            continue;
        }
        char esc[10];
        int digits = c < 0x100 ? 2 : c < 0x10000 ? 4 : 8;
        esc[0] = '\\';
        esc[1] = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
        for (int d = 0; d < digits; d++)
            esc[2 + d] = hex[(c >> (4 * (digits - 1 - d))) & 0xf];
        ssc_buf_put(b, (const uint8_t *)esc, 2 + digits);
    }
}

/* KeyError(key) for a str key: its message is the key's repr. Not through
 * ssc_raise_value, whose printer handles every type. */
SSC_COLD void ssc_raise_str_key(const uint8_t *p, int32_t len) {
    ssc_buf b;
    ssc_buf_init(&b, len + 8);
    repr_text(&b, p, len, -1, 1);
    ssc_raise_buf(SSC_EXC_KeyError, &b);
}

/* repr(b) of bytes; see repr_text. */
void ssc_buf_bytes_repr(ssc_buf *b, const uint8_t *p, int32_t len, int32_t max_chars) {
    repr_text(b, p, len, max_chars, 0);
}

/* ---- int() --------------------------------------------------------------- */

/* End of input for int_next. */
#define INT_END (-1)

/* int()'s input being read: a str (valid UTF-8) or bytes. */
typedef struct {
    const uint8_t *p;
    int32_t len;
    int32_t i;
    int is_str;
    uni_cursor space, decimal; /* for str */
} int_reader;

/* int_next for a non-ASCII byte: see there. */
__attribute__((noinline))
static int32_t int_next_unicode(int_reader *r) {
    if (!r->is_str) {
        r->i++;
        return '?';
    }
    uint32_t cp = utf8_next(r->p, &r->i);
    if (uni_lookup(&r->space, cp) >= 0)
        return ' ';
    int32_t zero = uni_lookup(&r->decimal, cp);
    if (zero >= 0)
        return '0' + (int32_t)((cp - (uint32_t)zero) % 10);
    return '?';
}

/* The next character of int()'s input as the ASCII that CPython's parser
 * sees, or INT_END. For str this mirrors
 * _PyUnicode_TransformDecimalAndSpaceToASCII: ASCII is itself (CPython
 * cuts at U+007F, but DEL is invalid either way); above, str.isspace() gives
 * ' ', a Unicode decimal digit gives its ASCII digit, anything else '?'
 * (invalid everywhere). For bytes every byte is itself and non-ASCII bytes
 * are '?'. A NUL comes back as itself; it stops CPython's parser (a C
 * string), which then fails because it did not reach the end, so it is
 * invalid like '?'. */
static inline int32_t int_next(int_reader *r) {
    if (r->i >= r->len)
        return INT_END;
    uint32_t c = r->p[r->i];
    if (c >= 0x80)
        return int_next_unicode(r);
    r->i++;
    return (int32_t)c;
}

/* Py_ISSPACE: the C locale's isspace, which is all PyLong_FromString skips
 * (so "\x1c1" is invalid although "\x1c".isspace()). */
static int int_is_space(int32_t c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Raises int()'s ValueError "invalid literal for int() with base 10: %.200R"
 * with the repr of the original str or bytes (PyLong_FromUnicodeObject /
 * _PyLong_FromBytes; the bytes one takes the repr of the first 200 bytes,
 * which gives the same first 200 characters). */
__attribute__((noinline, cold))
static int32_t int_invalid(const uint8_t *p, int32_t len, int is_str) {
    ssc_buf m;
    ssc_buf_init(&m, 64 + 2 * SSC_INT_REPR_CHARS);
    ssc_buf_cstr(&m, "invalid literal for int() with base 10: ");
    if (is_str)
        ssc_buf_str_repr(&m, p, len, SSC_INT_REPR_CHARS);
    else
        ssc_buf_bytes_repr(&m, p, len, SSC_INT_REPR_CHARS);
    ssc_raise_buf(SSC_EXC_ValueError, &m);
    return SSC_RAISED;
}

/* Raises the ValueError of CPython's int_max_str_digits limit. */
__attribute__((noinline, cold))
static int32_t int_too_many_digits(int32_t digits) {
    ssc_buf m;
    ssc_buf_init(&m, 160);
    ssc_buf_cstr(&m, "Exceeds the limit (");
    ssc_buf_i64(&m, SSC_INT_MAX_STR_DIGITS);
    ssc_buf_cstr(&m, SSC_PYTHON >= 311 ? " digits) for integer string conversion: value has "
                                       : ") for integer string conversion: value has ");
    ssc_buf_i64(&m, digits);
    ssc_buf_cstr(&m, " digits; use sys.set_int_max_str_digits() to increase the limit");
    ssc_raise_buf(SSC_EXC_ValueError, &m);
    return SSC_RAISED;
}

/* Mirrors PyLong_FromString(s, &end, 10) as PyLong_FromUnicodeObject and
 * _PyLong_FromBytes call it (longobject.c), on the characters int_next
 * gives, in CPython's order of checks:
 *  1. skip Py_ISSPACE; an optional '+' or '-';
 *  2. a '_' here is invalid;
 *  3. digits, with single '_' between them: "__" is invalid as soon as it
 *     is met, a trailing '_' after the scan;
 *  4. more than 4300 digits (leading zeros count, '_' don't): the
 *     int_max_str_digits ValueError, whatever follows (from 3.12: when
 *     only Py_ISSPACE follows; anything else is invalid first);
 *  5. no digits is invalid; skip Py_ISSPACE; anything left is invalid;
 *  6. a value outside int64: OverflowError (ssc only).
 * The magnitude is kept as uint64 up to 2^63, with a flag beyond. */
static int32_t int_parse(const uint8_t *p, int32_t len, int is_str, int64_t *out) {
    /* The usual case first: an optional sign and 1 to 18 ASCII digits and
     * nothing else (18 digits always fit in an int64). Anything else, even
     * a space or an underscore, takes the full parser below. */
    int32_t first = len && (p[0] == '-' || p[0] == '+');
    if (len - first >= 1 && len - first <= 18) {
        uint64_t v = 0;
        int32_t j = first;
        for (; j < len && (uint32_t)(p[j] - '0') <= 9u; j++)
            v = v * 10u + (uint32_t)(p[j] - '0');
        if (j == len) {
            *out = first && p[0] == '-' ? -(int64_t)v : (int64_t)v;
            return SSC_OK;
        }
    }
    int_reader r = {p, len, 0, is_str, {0}, {0}};
    uni_start(&r.space, SSC_UNI_SPACE, SSC_UNI_SPACE_LEN);
    uni_start(&r.decimal, SSC_UNI_DECIMAL, SSC_UNI_DECIMAL_LEN);
    int32_t c = int_next(&r);
    while (int_is_space(c))
        c = int_next(&r);
    int negative = 0;
    if (c == '+' || c == '-') {
        negative = c == '-';
        c = int_next(&r);
    }
    if (c == '_')
        return int_invalid(p, len, is_str);
    const uint64_t limit = (uint64_t)1 << 63; /* |INT64_MIN| */
    uint64_t magnitude = 0;
    int too_big = 0;
    int32_t digits = 0;
    int32_t prev = 0;
    while ((c >= '0' && c <= '9') || c == '_') {
        if (c == '_') {
            if (prev == '_')
                return int_invalid(p, len, is_str);
        } else {
            uint32_t d = (uint32_t)(c - '0');
            digits++;
            if (magnitude > limit / 10 || (magnitude == limit / 10 && d > limit % 10))
                too_big = 1;
            else
                magnitude = magnitude * 10 + d;
        }
        prev = c;
        c = int_next(&r);
    }
    if (prev == '_')
        return int_invalid(p, len, is_str);
#if SSC_PYTHON >= 312 /* 3.12 checks the rest of the C string before the digit limit */
    while (int_is_space(c))
        c = int_next(&r);
    if (c != INT_END && c != 0)
        return int_invalid(p, len, is_str);
#endif
    if (digits > SSC_INT_MAX_STR_DIGITS)
        return int_too_many_digits(digits);
    if (digits == 0)
        return int_invalid(p, len, is_str);
    while (int_is_space(c))
        c = int_next(&r);
    if (c != INT_END)
        return int_invalid(p, len, is_str);
    if (too_big || (!negative && magnitude == limit)) {
        return ssc_raise_int_overflow();
    }
    /* magnitude <= 2^63; negate in uint64 to avoid signed overflow. */
    uint64_t bits = negative ? (uint64_t)0 - magnitude : magnitude;
    *out = (int64_t)bits;
    return SSC_OK;
}

/* int(s) for a str (valid UTF-8), base 10; see int_parse. */
int32_t ssc_int_from_str(const uint8_t *p, int32_t len, int64_t *out) {
    return int_parse(p, len, 1, out);
}

/* int(b) for bytes, base 10; see int_parse. */
int32_t ssc_int_from_bytes(const uint8_t *p, int32_t len, int64_t *out) {
    return int_parse(p, len, 0, out);
}
