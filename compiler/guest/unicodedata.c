/* unicodedata.c: the unicodedata module (category, combining, name), from the
 * target CPython's Unicode database: the tables of ssc_unicode.h, which
 * compiler/unicode_tables.py generates (see _unicodedata_tables there). A module
 * that calls none of these functions links none of the tables. */
#include "core.h"
#include "text.h"
#include "ssc_unicode.h"

/* TypeError unless s is one code point, CPython's message for `fn`; else *cp. */
static int32_t ud_char(const uint8_t *s, int32_t n, const char *fn, uint32_t *cp) {
    int32_t i = 0;
    if (n > 0)
        *cp = utf8_next(s, &i);
    if (n == 0 || i != n) {
        ssc_buf b;
        ssc_buf_init(&b, 64);
        ssc_buf_cstr(&b, fn);
        ssc_buf_cstr(&b, " must be a unicode character, not str");
        ssc_raise_buf(SSC_EXC_TypeError, &b);
        return SSC_RAISED;
    }
    return SSC_OK;
}

/* The value of the run holding cp in a (start << 8 | value) run table. */
static uint32_t ud_run_value(const uint32_t *runs, int32_t len, uint32_t cp) {
    int32_t lo = 0, hi = len - 1;
    while (lo < hi) {   /* the last run starting at or before cp */
        int32_t mid = (lo + hi + 1) / 2;
        if (runs[mid] >> 8 <= cp)
            lo = mid;
        else
            hi = mid - 1;
    }
    return runs[lo] & 0xff;
}

int32_t ssc_ud_category(const uint8_t *s, int32_t n, ssc_bytes *out) {
    uint32_t cp;
    if (ud_char(s, n, "category() argument", &cp) != SSC_OK)
        return SSC_RAISED;
    uint32_t k = ud_run_value(SSC_UD_CATEGORY, SSC_UD_CATEGORY_LEN, cp);
    out->ptr = (uint8_t *)SSC_UD_CATEGORY_NAMES + 2 * k;
    out->len = 2;
    return SSC_OK;
}

int32_t ssc_ud_combining(const uint8_t *s, int32_t n, int64_t *out) {
    uint32_t cp;
    if (ud_char(s, n, "combining() argument", &cp) != SSC_OK)
        return SSC_RAISED;
    *out = ud_run_value(SSC_UD_COMBINING, SSC_UD_COMBINING_LEN, cp);
    return SSC_OK;
}

/* ---- name() ------------------------------------------------------------------------ */

static uint32_t ud_leb128(const uint8_t *p, uint32_t *at) {
    uint32_t v = 0, shift = 0;
    uint8_t byte;
    do {
        byte = p[(*at)++];
        v |= (uint32_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    return v;
}

static void ud_put_word(ssc_buf *b, uint32_t word) {
    uint32_t at = SSC_UD_LEXICON_INDEX[word / SSC_UD_NAME_STRIDE];
    for (uint32_t skip = word % SSC_UD_NAME_STRIDE; skip; at++)
        if (SSC_UD_LEXICON[at] & 0x80)
            skip--;
    for (;; at++) {
        ssc_buf_byte(b, SSC_UD_LEXICON[at] & 0x7f);
        if (SSC_UD_LEXICON[at] & 0x80)
            return;
    }
}

static void ud_put_hex(ssc_buf *b, uint32_t cp) {
    char digits[8];
    int k = 0;
    do {
        digits[k++] = "0123456789ABCDEF"[cp & 15];
        cp >>= 4;
    } while (cp || k < 4);
    while (k)
        ssc_buf_byte(b, (uint8_t)digits[--k]);
}

/* The number of cp's name among the lexicon-coded names, or -1. */
static int32_t ud_name_number(uint32_t cp) {
    int32_t lo = 0, hi = SSC_UD_NAMED_LEN / 3 - 1;
    while (lo <= hi) {   /* the last run starting at or before cp: hi */
        int32_t mid = (lo + hi) / 2;
        if (SSC_UD_NAMED[3 * mid] > cp)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    if (hi < 0 || cp >= SSC_UD_NAMED[3 * hi + 1])
        return -1;
    return (int32_t)(SSC_UD_NAMED[3 * hi + 2] + cp - SSC_UD_NAMED[3 * hi]);
}

/* Appends cp's name to b; 0 if it has none. */
static int ud_put_name(ssc_buf *b, uint32_t cp) {
    static const char *const jamo_l[] = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ",
                                         "C", "K", "T", "P", "H"};
    static const char *const jamo_v[] = {"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO",
                                         "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"};
    static const char *const jamo_t[] = {"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT",
                                         "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"};
    if (cp >= 0xAC00 && cp < 0xAC00 + 11172) {
        uint32_t s = cp - 0xAC00;
        ssc_buf_cstr(b, "HANGUL SYLLABLE ");
        ssc_buf_cstr(b, jamo_l[s / 588]);
        ssc_buf_cstr(b, jamo_v[s % 588 / 28]);
        ssc_buf_cstr(b, jamo_t[s % 28]);
        return 1;
    }
    for (int32_t r = 0; r < SSC_UD_NAME_RANGES_LEN; r += 3) {
        if (cp >= SSC_UD_NAME_RANGES[r] && cp < SSC_UD_NAME_RANGES[r + 1]) {
            const char *prefix = SSC_UD_NAME_PREFIXES;
            for (uint32_t k = SSC_UD_NAME_RANGES[r + 2]; k; k--)
                while (*prefix++) {}
            ssc_buf_cstr(b, prefix);
            ud_put_hex(b, cp);
            return 1;
        }
    }
    int32_t number = ud_name_number(cp);
    if (number < 0)
        return 0;
    uint32_t at = SSC_UD_NAME_INDEX[number / SSC_UD_NAME_STRIDE];
    for (int32_t skip = number % SSC_UD_NAME_STRIDE; skip; skip--)
        for (uint32_t words = ud_leb128(SSC_UD_NAMES, &at); words; words--)
            ud_leb128(SSC_UD_NAMES, &at);
    uint32_t words = ud_leb128(SSC_UD_NAMES, &at);
    for (uint32_t k = 0; k < words; k++) {
        if (k)
            ssc_buf_byte(b, ' ');
        ud_put_word(b, ud_leb128(SSC_UD_NAMES, &at));
    }
    return 1;
}

/* name(ch) (default NULL: ValueError without a name) or name(ch, default). */
static int32_t ud_name(const uint8_t *s, int32_t n, const ssc_bytes *fallback, ssc_bytes *out) {
    uint32_t cp;
    if (ud_char(s, n, "name() argument 1", &cp) != SSC_OK)
        return SSC_RAISED;
    ssc_buf b;
    ssc_buf_init(&b, 32);
    if (ud_put_name(&b, cp)) {
        out->ptr = b.ptr;
        out->len = b.len;
    } else if (fallback) {
        *out = *fallback;
    } else {
        ssc_raise_cstr(SSC_EXC_ValueError, "no such name");
        return SSC_RAISED;
    }
    return SSC_OK;
}

int32_t ssc_ud_name(const uint8_t *s, int32_t n, ssc_bytes *out) { return ud_name(s, n, NULL, out); }

int32_t ssc_ud_name_default(const uint8_t *s, int32_t n, const uint8_t *d, int32_t dn, ssc_bytes *out) {
    ssc_bytes fallback = {(uint8_t *)d, dn};
    return ud_name(s, n, &fallback, out);
}

/* ---- normalize() ------------------------------------------------------------------- */

#define UD_HANGUL_FIRST 0xAC00u
#define UD_HANGUL_COUNT 11172u
#define UD_JAMO_L 0x1100u
#define UD_JAMO_V 0x1161u
#define UD_JAMO_T 0x11A7u   /* one before the first trailing jamo */

static uint32_t ud_ccc(uint32_t cp) {
    return cp < 0x300 ? 0 : ud_run_value(SSC_UD_COMBINING, SSC_UD_COMBINING_LEN, cp);
}

static void ud_push(ssc_buf *v, uint32_t cp) { ssc_buf_put(v, &cp, 4); }

/* Appends cp's full decomposition (canonical, or compatibility if compat) to v. */
static void ud_decompose(ssc_buf *v, uint32_t cp, int compat) {
    if (cp - UD_HANGUL_FIRST < UD_HANGUL_COUNT) {
        uint32_t s = cp - UD_HANGUL_FIRST;
        ud_push(v, UD_JAMO_L + s / 588);
        ud_push(v, UD_JAMO_V + s % 588 / 28);
        if (s % 28)
            ud_push(v, UD_JAMO_T + s % 28);
        return;
    }
    int32_t lo = 0, hi = SSC_UD_DECOMP_KEYS_LEN - 1;
    while (lo <= hi) {
        int32_t mid = (lo + hi) / 2;
        if (SSC_UD_DECOMP_KEYS[mid] == cp) {
            uint32_t form = (compat ? SSC_UD_DECOMP_NFKD : SSC_UD_DECOMP_NFD)[mid];
            if (!form)
                break;
            const uint8_t *p = SSC_UD_DECOMP_TEXT + form;   /* after its length byte */
            for (int32_t i = 0; i < (int32_t)p[-1];)
                ud_push(v, utf8_next(p, &i));
            return;
        }
        if (SSC_UD_DECOMP_KEYS[mid] < cp)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    ud_push(v, cp);
}

/* The canonical ordering: each run of non-starters stably sorted by combining class. */
static void ud_reorder(uint32_t *cps, int32_t count) {
    for (int32_t k = 1; k < count; k++) {
        uint32_t cp = cps[k], ccc = ud_ccc(cp);
        int32_t j = k;
        for (; ccc && j > 0 && ud_ccc(cps[j - 1]) > ccc; j--)
            cps[j] = cps[j - 1];
        cps[j] = cp;
    }
}

/* The primary composite of a and b, or 0. */
static uint32_t ud_pair(uint32_t a, uint32_t b) {
    if (a - UD_JAMO_L < 19 && b - UD_JAMO_V < 21)
        return UD_HANGUL_FIRST + ((a - UD_JAMO_L) * 21 + (b - UD_JAMO_V)) * 28;
    if (a - UD_HANGUL_FIRST < UD_HANGUL_COUNT && (a - UD_HANGUL_FIRST) % 28 == 0 && b - UD_JAMO_T - 1 < 27)
        return a + (b - UD_JAMO_T);
    int32_t lo = 0, hi = SSC_UD_COMPOSE_LEN / 3 - 1;
    while (lo <= hi) {
        int32_t mid = (lo + hi) / 2;
        uint32_t ma = SSC_UD_COMPOSE[3 * mid], mb = SSC_UD_COMPOSE[3 * mid + 1];
        if (ma == a && mb == b)
            return SSC_UD_COMPOSE[3 * mid + 2];
        if (ma < a || (ma == a && mb < b))
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

/* The canonical composition of cps[0:count] in place; returns the new count. */
static int32_t ud_compose(uint32_t *cps, int32_t count) {
    int32_t starter = -1, len = 0;
    uint32_t last_ccc = 0;
    for (int32_t k = 0; k < count; k++) {
        uint32_t cp = cps[k], ccc = ud_ccc(cp);
        if (starter >= 0 && (len - 1 == starter || (last_ccc && last_ccc < ccc))) {
            uint32_t composite = ud_pair(cps[starter], cp);
            if (composite) {
                cps[starter] = composite;
                continue;
            }
        }
        if (!ccc)
            starter = len;
        last_ccc = ccc;
        cps[len++] = cp;
    }
    return len;
}

static void ud_put_utf8(ssc_buf *b, uint32_t cp) {
    if (cp < 0x80) {
        ssc_buf_byte(b, (uint8_t)cp);
    } else if (cp < 0x800) {
        ssc_buf_byte(b, (uint8_t)(0xc0 | cp >> 6));
        ssc_buf_byte(b, (uint8_t)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        ssc_buf_byte(b, (uint8_t)(0xe0 | cp >> 12));
        ssc_buf_byte(b, (uint8_t)(0x80 | (cp >> 6 & 0x3f)));
        ssc_buf_byte(b, (uint8_t)(0x80 | (cp & 0x3f)));
    } else {
        ssc_buf_byte(b, (uint8_t)(0xf0 | cp >> 18));
        ssc_buf_byte(b, (uint8_t)(0x80 | (cp >> 12 & 0x3f)));
        ssc_buf_byte(b, (uint8_t)(0x80 | (cp >> 6 & 0x3f)));
        ssc_buf_byte(b, (uint8_t)(0x80 | (cp & 0x3f)));
    }
}

/* The form's number: bit 0 compatibility, bit 1 composed; -1 (ValueError raised) if none. */
static int32_t ud_form(const uint8_t *f, int32_t fn) {
    static const char *const forms[] = {"NFD", "NFKD", "NFC", "NFKC"};
    for (int32_t k = 0; k < 4; k++) {
        int32_t len = k == 0 || k == 2 ? 3 : 4;
        if (fn == len && memcmp(f, forms[k], (size_t)len) == 0)
            return k;
    }
    ssc_raise_cstr(SSC_EXC_ValueError, "invalid normalization form");
    return -1;
}

static void ud_normalized(int32_t form, const uint8_t *s, int32_t n, ssc_bytes *out) {
    int32_t i = 0;
    while (i < n && s[i] < 0x80)
        i++;
    if (i == n) {   /* ASCII is in every normal form */
        out->ptr = (uint8_t *)s;
        out->len = n;
        return;
    }
    ssc_buf v;
    ssc_buf_init(&v, 4 * n + 16);
    for (i = 0; i < n;)
        ud_decompose(&v, utf8_next(s, &i), form & 1);
    uint32_t *cps = (uint32_t *)v.ptr;
    int32_t count = v.len / 4;
    ud_reorder(cps, count);
    if (form & 2)
        count = ud_compose(cps, count);
    ssc_buf b;
    ssc_buf_init(&b, n + 8);
    for (int32_t k = 0; k < count; k++)
        ud_put_utf8(&b, cps[k]);
    out->ptr = b.ptr;
    out->len = b.len;
}

int32_t ssc_ud_normalize(const uint8_t *f, int32_t fn, const uint8_t *s, int32_t n, ssc_bytes *out) {
    int32_t form = ud_form(f, fn);
    if (form < 0)
        return SSC_RAISED;
    ud_normalized(form, s, n, out);
    return SSC_OK;
}

int32_t ssc_ud_is_normalized(const uint8_t *f, int32_t fn, const uint8_t *s, int32_t n, uint8_t *out) {
    int32_t form = ud_form(f, fn);
    if (form < 0)
        return SSC_RAISED;
    ssc_bytes normal;
    ud_normalized(form, s, n, &normal);
    *out = normal.len == n && memcmp(normal.ptr, s, (size_t)n) == 0;
    return SSC_OK;
}

/* ---- numeric(), digit(), decimal() ------------------------------------------------ */

/* The index of cp in SSC_UD_NUMERIC_KEYS if its kind is at least min_kind (0 numeric,
 * 1 digit, 2 decimal), else -1. */
static int32_t ud_numeric_index(uint32_t cp, uint32_t min_kind) {
    int32_t lo = 0, hi = SSC_UD_NUMERIC_KEYS_LEN - 1;
    while (lo <= hi) {
        int32_t mid = (lo + hi) / 2;
        uint32_t key = SSC_UD_NUMERIC_KEYS[mid];
        if (key >> 2 == cp)
            return (key & 3) >= min_kind ? mid : -1;
        if (key >> 2 < cp)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* The index in SSC_UD_NUMERIC_KEYS of ch's value as fn (`kind`: 0 numeric, 1 digit, 2 decimal
 * as ud_numeric_index); -1 if it has none and there is a default; -2 after an exception. */
static int32_t ud_number(const uint8_t *s, int32_t n, uint32_t kind, int has_default) {
    static const char *const fns[] = {"numeric() argument 1", "digit() argument 1", "decimal() argument 1"};
    static const char *const missing[] = {"not a numeric character", "not a digit", "not a decimal"};
    uint32_t cp;
    if (ud_char(s, n, fns[kind], &cp) != SSC_OK)
        return -2;
    int32_t k = ud_numeric_index(cp, kind);
    if (k < 0 && !has_default) {
        ssc_raise_cstr(SSC_EXC_ValueError, missing[kind]);
        return -2;
    }
    return k;
}

#define UD_NUMBER_VALUE(k) SSC_UD_NUMERIC_VALUES[SSC_UD_NUMERIC_VALUE[k]]

int32_t ssc_ud_numeric(const uint8_t *s, int32_t n, double *out) {
    int32_t k = ud_number(s, n, 0, 0);
    if (k < 0)
        return SSC_RAISED;
    *out = UD_NUMBER_VALUE(k);
    return SSC_OK;
}

int32_t ssc_ud_numeric_default(const uint8_t *s, int32_t n, double d, double *out) {
    int32_t k = ud_number(s, n, 0, 1);
    if (k == -2)
        return SSC_RAISED;
    *out = k < 0 ? d : UD_NUMBER_VALUE(k);
    return SSC_OK;
}

static int32_t ud_integer(const uint8_t *s, int32_t n, uint32_t kind, const int64_t *fallback, int64_t *out) {
    int32_t k = ud_number(s, n, kind, fallback != NULL);
    if (k == -2)
        return SSC_RAISED;
    *out = k < 0 ? *fallback : (int64_t)UD_NUMBER_VALUE(k);
    return SSC_OK;
}

int32_t ssc_ud_decimal(const uint8_t *s, int32_t n, int64_t *out) { return ud_integer(s, n, 2, NULL, out); }
int32_t ssc_ud_decimal_default(const uint8_t *s, int32_t n, int64_t d, int64_t *out) { return ud_integer(s, n, 2, &d, out); }
int32_t ssc_ud_digit(const uint8_t *s, int32_t n, int64_t *out) { return ud_integer(s, n, 1, NULL, out); }
int32_t ssc_ud_digit_default(const uint8_t *s, int32_t n, int64_t d, int64_t *out) { return ud_integer(s, n, 1, &d, out); }
