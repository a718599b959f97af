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

int32_t ssc_ud_name(const uint8_t *s, int32_t n, ssc_bytes *out) {
    uint32_t cp;
    if (ud_char(s, n, "name() argument 1", &cp) != SSC_OK)
        return SSC_RAISED;
    ssc_buf b;
    ssc_buf_init(&b, 32);
    if (!ud_put_name(&b, cp)) {
        ssc_raise_cstr(SSC_EXC_ValueError, "no such name");
        return SSC_RAISED;
    }
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}

int32_t ssc_ud_name_default(const uint8_t *s, int32_t n, const uint8_t *d, int32_t dn, ssc_bytes *out) {
    uint32_t cp;
    if (ud_char(s, n, "name() argument 1", &cp) != SSC_OK)
        return SSC_RAISED;
    ssc_buf b;
    ssc_buf_init(&b, 32);
    if (!ud_put_name(&b, cp)) {
        out->ptr = (uint8_t *)d;
        out->len = dn;
        return SSC_OK;
    }
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}
