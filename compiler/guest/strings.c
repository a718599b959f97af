/* ssc guest runtime, str and bytes: operators and methods with CPython 3.11's
 * semantics, error messages included. str is UTF-8 (always valid) and every
 * Python-visible index and length counts code points; bytes count bytes.
 *
 * Every exported function follows the calling convention of ssc_rt.h
 * (receiver as (p, n), then the parameters flattened, then the out-pointer;
 * SSC_OK or SSC_RAISED), except ssc_str_next, the iteration helper, which
 * returns a byte position. Results may share memory with their arguments
 * (str and bytes are immutable); new text comes from ssc_alloc.
 *
 * Unicode properties (isalpha, isspace, ...) and case mappings (upper,
 * lower, title, capitalize, swapcase, casefold: CPython's full mappings,
 * 'ß'.upper() == 'SS', and lower()'s final sigma) are exact for all of
 * Unicode, from the tables of ssc_unicode.h (compiler/unicode_tables.py).
 *
 * The names of internal helpers start with sst_ (runtime.c compiles all the
 * guest files as one translation unit). It uses text.c's UTF-8 decoder
 * (utf8_next) and run-table cursor (uni_cursor, uni_advance), so text.c
 * comes first in that unit. */
#include "strings.h"
#include "core.h"
#include "text.h"
#include "containers.h"
#include "ssc_unicode.h"

/* The longest str or bytes: lengths are int32_t. */
#define SST_MAX_LEN 0x7fffffff

static int32_t sst_raise(int32_t code, const char *msg) {
    ssc_raise_cstr(code, msg);
    return SSC_RAISED;
}

/* A result longer than SST_MAX_LEN bytes (CPython: MemoryError, which ssc does
 * not have, or OverflowError for results beyond sys.maxsize). */
__attribute__((noinline, cold)) static int32_t sst_too_long(void) {
    return sst_raise(SSC_EXC_OverflowError, "result is too long (more than 2**31 - 1 bytes)");
}

static inline int32_t sst_set(ssc_bytes *out, const uint8_t *p, int64_t n) {
    out->ptr = p;
    out->len = (int32_t)n;
    return SSC_OK;
}

/* ---- UTF-8 --------------------------------------------------------------- */

#define SST_CONT(b) (((b) & 0xc0) == 0x80)

/* Bytes in the UTF-8 sequence that starts with lead byte b. */
static inline int32_t sst_seq_len(uint8_t b) {
    return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

/* The code point that ends at p[*i - 1] of valid UTF-8; moves *i back to
 * its start. (text.c's utf8_next decodes forward.) */
static uint32_t sst_decode_back(const uint8_t *p, int32_t *i) {
    int32_t j = *i - 1;
    while (SST_CONT(p[j]))
        j--;
    *i = j;
    return utf8_next(p, &j);
}

/* Writes the UTF-8 of c to o; returns its length. */
static int32_t sst_encode(uint32_t c, uint8_t *o) {
    if (c < 0x80) {
        o[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (uint8_t)(0xc0 | (c >> 6));
        o[1] = (uint8_t)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (uint8_t)(0xe0 | (c >> 12));
        o[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (uint8_t)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (uint8_t)(0xf0 | (c >> 18));
    o[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (uint8_t)(0x80 | (c & 0x3f));
    return 4;
}

static void sst_put_cp(ssc_buf *b, uint32_t c) {
    uint8_t tmp[4];
    ssc_buf_put(b, tmp, sst_encode(c, tmp));
}

/* Number of code points in p[0:n]: the bytes less the continuation bytes
 * (10xxxxxx: bit 7 set, bit 6 clear), counted 8 bytes at a time. */
static int32_t sst_count(const uint8_t *p, int32_t n) {
    int32_t c = n, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        __builtin_memcpy(&w, p + i, 8);
        c -= __builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ull);
    }
    for (; i < n; i++)
        c -= SST_CONT(p[i]);
    return c;
}

/* Byte offset of code point `k` counted from byte `at` (clamped to n). */
static int32_t sst_skip(const uint8_t *p, int32_t n, int32_t at, int64_t k) {
    while (k > 0 && at < n) {
        at += sst_seq_len(p[at]);
        k--;
    }
    return at;
}

/* ---- long strs: their length and an index, computed once ----------------------
 *
 * len(s), s[i] and s[a:b] count code points, which UTF-8 does not give in
 * O(1). A str of SST_LONG bytes or more is looked up in a small cache keyed
 * by (ptr, len), the least recently used entry making way: values are
 * immutable and an entry holds within one heap epoch (core.h), so the same
 * (ptr, len) is the same text, and a longer str at the same ptr (`s += t`
 * grown in place) extends it. The first look-up counts its code points (it
 * is ASCII when that equals its bytes). An index into a non-ASCII one walks
 * from the last one looked up (a loop's next character) or from the end
 * when either is near, or else from the byte offset of every SST_STRIDE-th
 * code point, recorded the first time: at most SST_STRIDE - 1 steps. So
 * `while i < len(s): s[i]` is linear, as in CPython, and a short str costs
 * no look-up. */
#define SST_LONG 64
#define SST_STRIDE 32
#define SST_KNOWN 4

typedef struct {
    const uint8_t *ptr;
    int32_t len, count; /* bytes, code points */
    uint32_t epoch, used;
    int32_t *index;     /* byte offset of code point k * SST_STRIDE, or 0 */
    int32_t cursor, cursor_at; /* the last code point looked up, and its byte offset */
} sst_known;

static sst_known sst_known_strs[SST_KNOWN];
static uint32_t sst_known_clock;

__attribute__((noinline)) static sst_known *sst_know(const uint8_t *p, int32_t n) {
    sst_known *k = 0, *oldest = &sst_known_strs[0];
    for (int32_t i = 0; i < SST_KNOWN; i++) {
        sst_known *e = &sst_known_strs[i];
        if (e->epoch != ssc_heap_epoch)
            e->used = 0;
        else if (e->ptr == p && e->len <= n && (!k || e->len > k->len))
            k = e;
        if (e->used < oldest->used)
            oldest = e;
    }
    if (!k) {
        k = oldest;
        k->ptr = p;
        k->len = k->count = k->cursor = k->cursor_at = 0;
        k->epoch = ssc_heap_epoch;
    }
    if (k->len != n) {
        k->count += sst_count(p + k->len, n - k->len);
        k->len = n;
        k->index = 0;
    }
    k->used = ++sst_known_clock;
    return k;
}

/* len(s) in code points. */
static int32_t sst_length(const uint8_t *p, int32_t n) {
    return n < SST_LONG ? sst_count(p, n) : sst_know(p, n)->count;
}

/* The byte offset of code point i of p[0:n], 0 <= i <= its length: from
 * the nearest of the end, the cursor and the index, then code point by
 * code point. */
__attribute__((noinline)) static int32_t sst_at(const uint8_t *p, int32_t n, int64_t i) {
    if (n < SST_LONG)
        return sst_skip(p, n, 0, i);
    sst_known *k = sst_know(p, n);
    if (k->count == n)
        return (int32_t)i;
    int32_t c = (int32_t)i, gap = c % SST_STRIDE, from, at;
    if (k->count - c <= gap) {
        from = k->count;
        at = n;
    } else if (k->cursor - c <= gap && c - k->cursor <= gap) {
        from = k->cursor;
        at = k->cursor_at;
    } else {
        if (!k->index) {
            int32_t *index = ssc_alloc((uint32_t)(k->count / SST_STRIDE + 1) * 4u);
            for (int32_t b = 0, j = 0; j < k->count; j++) {
                if (j % SST_STRIDE == 0)
                    index[j / SST_STRIDE] = b;
                b += sst_seq_len(p[b]);
            }
            k->index = index;
        }
        from = c - gap;
        at = k->index[c / SST_STRIDE];
    }
    for (; from < c; from++)
        at += sst_seq_len(p[at]);
    for (; from > c; from--) {
        do
            at--;
        while (SST_CONT(p[at]));
    }
    k->cursor = c;
    k->cursor_at = at;
    return at;
}

/* ---- Unicode properties ---------------------------------------------------- */

/* A position in a run table of ssc_unicode.h (see unicode_tables.py): text.c's
 * cursor (the run [lo, hi) and whether it holds members) and the table's
 * index. A code point outside the current run is found from the index (a
 * binary search, then at most 16 runs read); one inside it costs nothing. */
typedef struct {
    uni_cursor run;
    const uint32_t *index;
    int32_t index_len;
} sst_cursor;

#define SST_CURSOR(c, NAME) sst_cursor_init(c, NAME, NAME##_LEN, NAME##_INDEX, NAME##_INDEX_LEN)

static void sst_cursor_init(sst_cursor *c, const uint8_t *table, int32_t table_len, const uint32_t *index,
                            int32_t index_len) {
    c->run.table = table;
    c->run.table_len = table_len;
    c->run.lo = c->run.hi = 0; /* empty: the first look-up searches the index */
    c->run.next = 0;
    c->run.member = 0;
    c->index = index;
    c->index_len = index_len;
}

/* Whether cp (>= SSC_UNI_TABLE_START) is in the cursor's table. */
__attribute__((noinline)) static int32_t sst_in(sst_cursor *c, uint32_t cp) {
    uni_cursor *r = &c->run;
    if (cp >= r->lo && cp < r->hi)
        return r->member;
    int32_t a = 0, b = c->index_len;
    while (b - a > 1) {
        int32_t m = (a + b) / 2;
        if ((c->index[m] >> 11) <= cp)
            a = m;
        else
            b = m;
    }
    r->lo = r->hi = c->index[a] >> 11;
    r->next = (int32_t)(c->index[a] & 0x7ff);
    r->member = 1; /* the indexed run is a non-member run */
    uni_advance(r, cp);
    return r->member;
}

/* Properties of ASCII characters, as CPython's str methods see them. */
enum {
    SST_SPACE = 1,   /* str.isspace: \t \n \v \f \r \x1c..\x1f ' ' */
    SST_ALPHA = 2,
    SST_DIGIT = 4,   /* isdecimal = isdigit = isnumeric in ASCII */
    SST_UPPER = 8,
    SST_LOWER = 16,
    SST_BSPACE = 32, /* bytes' whitespace (Py_ISSPACE): \t \n \v \f \r ' ' */
};

static int32_t sst_ascii(uint32_t c) {
    if (c >= 'a' && c <= 'z')
        return SST_ALPHA | SST_LOWER;
    if (c >= 'A' && c <= 'Z')
        return SST_ALPHA | SST_UPPER;
    if (c >= '0' && c <= '9')
        return SST_DIGIT;
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return SST_SPACE | SST_BSPACE;
    if (c >= 0x1c && c <= 0x1f)
        return SST_SPACE;
    return 0;
}

/* str.isspace of one code point. */
static int32_t sst_is_space(uint32_t c) {
    if (c < 0x80)
        return sst_ascii(c) & SST_SPACE;
    sst_cursor cur;
    SST_CURSOR(&cur, SSC_UNI_SPACE);
    return sst_in(&cur, c);
}

/* Case classes of code points, for isupper/islower/istitle and title():
 * 0 uncased, else one of SST_UPPER, SST_LOWER, SST_TITLE (CPython's
 * Py_UNICODE_ISUPPER, ISLOWER, ISTITLE; cased = any of them). */
#define SST_TITLE 64
typedef struct {
    sst_cursor cased, upper, title;
} sst_case_cursor;

static void sst_case_init(sst_case_cursor *c) {
    SST_CURSOR(&c->cased, SSC_UNI_CASED);
    SST_CURSOR(&c->upper, SSC_UNI_UPPER);
    SST_CURSOR(&c->title, SSC_UNI_TITLE);
}

static int32_t sst_case_class(sst_case_cursor *c, uint32_t cp) {
    if (cp < 0x80)
        return sst_ascii(cp) & (SST_UPPER | SST_LOWER);
    if (!sst_in(&c->cased, cp))
        return 0;
    if (sst_in(&c->upper, cp))
        return SST_UPPER;
    return sst_in(&c->title, cp) ? SST_TITLE : SST_LOWER;
}

/* ---- case mappings (CPython's full Unicode mappings) ----------------------- */

/* The entry of case map t (ssc_unicode.h: ``entries`` entries of two words,
 * ``start << 11 | count << 1 | stride - 1`` and a delta, sorted by start) that
 * holds c >= 0x80, or -1 when c maps to itself. re.c's simple maps too. */
static int32_t sst_case_find(const uint32_t *t, int32_t entries, uint32_t c) {
    int32_t a = 0, z = entries; /* the last entry whose start is <= c */
    while (z - a > 1) {
        int32_t mid = (a + z) / 2;
        if ((t[2 * mid] >> 11) <= c)
            a = mid;
        else
            z = mid;
    }
    uint32_t head = t[2 * a], start = head >> 11, count = (head >> 1) & 0x3ff, stride = (head & 1) + 1;
    return c >= start && c < start + count * stride && (c - start) % stride == 0 ? a : -1;
}

/* A full case map of ssc_unicode.h (SSC_CASE_LOWER, ...) and how it maps
 * ASCII. Each str method names the maps it uses, so a module links only
 * those tables. */
typedef struct {
    const uint32_t *entries;
    int32_t len;
    const uint16_t *special;
    int32_t upper;
} sst_case_map;

#define SST_CASE_MAP(NAME, UPPER) ((sst_case_map){NAME, NAME##_LEN / 2, NAME##_SPECIAL, UPPER})

/* Appends c mapped by m: CPython's _PyUnicode_ToLowerFull, ToUpperFull,
 * ToTitleFull or ToFoldedFull ('ß' upper is "SS", 'ŉ' is "ʼN"). An entry of
 * count 1 and stride 2 is a special mapping: its delta is the offset in
 * m->special of their number followed by the code points. */
static void sst_put_case(ssc_buf *b, const sst_case_map *m, uint32_t c) {
    if (c < 0x80) {
        int32_t cls = sst_ascii(c);
        sst_put_cp(b, cls & (m->upper ? SST_LOWER : SST_UPPER) ? c ^ 0x20 : c);
        return;
    }
    int32_t k = sst_case_find(m->entries, m->len, c);
    if (k < 0) {
        sst_put_cp(b, c);
        return;
    }
    uint32_t delta = m->entries[2 * k + 1];
    if ((m->entries[2 * k] & 0x7ff) != 3) {
        sst_put_cp(b, c + delta); /* modulo 2**32: a negative delta */
        return;
    }
    const uint16_t *s = m->special + delta;
    for (int32_t i = 1; i <= s[0]; i++)
        sst_put_cp(b, s[i]);
}

/* Case-ignorable (Unicode's Case_Ignorable), for the final sigma. */
static int32_t sst_case_ignorable(sst_cursor *ignorable, uint32_t c) {
    if (c < 0x80) {
        for (const char *s = SSC_UNI_CASE_IGNORABLE_ASCII; *s; s++)
            if ((uint32_t)*s == c)
                return 1;
        return 0;
    }
    return sst_in(ignorable, c);
}

/* Whether the capital sigma at p[i:j] lowers to a final sigma (CPython's
 * handle_capital_sigma): a cased character before it and none after it,
 * skipping case-ignorable characters both ways ('ΟΔΟΣ.'.lower() == 'οδος.'). */
static int32_t sst_final_sigma(const uint8_t *p, int32_t n, int32_t i, int32_t j) {
    sst_cursor ignorable;
    SST_CURSOR(&ignorable, SSC_UNI_CASE_IGNORABLE);
    sst_case_cursor cc;
    sst_case_init(&cc);
    uint32_t c = 0;
    int32_t k = i, before = 0;
    while (k > 0 && !before) {
        c = sst_decode_back(p, &k);
        before = !sst_case_ignorable(&ignorable, c);
    }
    if (!before || !sst_case_class(&cc, c))
        return 0;
    for (k = j; k < n;) {
        c = utf8_next(p, &k);
        if (!sst_case_ignorable(&ignorable, c))
            return !sst_case_class(&cc, c);
    }
    return 1;
}

/* Appends the lower case of c, which is p[i:j] (CPython's lower_ucs4). */
static void sst_put_lower(ssc_buf *b, const uint8_t *p, int32_t n, int32_t i, int32_t j, uint32_t c) {
    if (c == 0x3a3) {
        sst_put_cp(b, sst_final_sigma(p, n, i, j) ? 0x3c2 : 0x3c3);
        return;
    }
    sst_case_map lower = SST_CASE_MAP(SSC_CASE_LOWER, 0);
    sst_put_case(b, &lower, c);
}

int32_t ssc_str_lower(const uint8_t *p, int32_t n, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, n + 8);
    for (int32_t i = 0; i < n;) {
        int32_t at = i;
        uint32_t c = utf8_next(p, &i);
        sst_put_lower(&b, p, n, at, i, c);
    }
    return sst_set(out, b.ptr, b.len);
}

/* str.upper and str.casefold: each character mapped on its own. */
static int32_t sst_str_map(const uint8_t *p, int32_t n, const sst_case_map *m, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, n + 8);
    for (int32_t i = 0; i < n;)
        sst_put_case(&b, m, utf8_next(p, &i));
    return sst_set(out, b.ptr, b.len);
}

int32_t ssc_str_upper(const uint8_t *p, int32_t n, ssc_bytes *out) {
    sst_case_map upper = SST_CASE_MAP(SSC_CASE_UPPER, 1);
    return sst_str_map(p, n, &upper, out);
}
int32_t ssc_str_casefold(const uint8_t *p, int32_t n, ssc_bytes *out) {
    sst_case_map fold = SST_CASE_MAP(SSC_CASE_FOLD, 0);
    return sst_str_map(p, n, &fold, out);
}

/* str.swapcase: upper case characters lowered, lower case ones uppered,
 * the others (title case 'ǅ' too) kept. */
int32_t ssc_str_swapcase(const uint8_t *p, int32_t n, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, n + 8);
    sst_case_cursor cc;
    sst_case_init(&cc);
    sst_case_map upper = SST_CASE_MAP(SSC_CASE_UPPER, 1);
    for (int32_t i = 0; i < n;) {
        int32_t at = i;
        uint32_t c = utf8_next(p, &i);
        int32_t cls = sst_case_class(&cc, c);
        if (cls == SST_UPPER)
            sst_put_lower(&b, p, n, at, i, c);
        else if (cls == SST_LOWER)
            sst_put_case(&b, &upper, c);
        else
            sst_put_cp(&b, c);
    }
    return sst_set(out, b.ptr, b.len);
}

/* str.title, and str.capitalize (``only_first``, 3.8+): title case after an
 * uncased character (capitalize: for the first character only), lower case
 * after a cased one (cased-ness of the original character). */
static int32_t sst_str_title(const uint8_t *p, int32_t n, int32_t only_first, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, n + 8);
    sst_case_cursor cc;
    sst_case_init(&cc);
    sst_case_map title = SST_CASE_MAP(SSC_CASE_TITLE, 1);
    int32_t prev_cased = 0;
    for (int32_t i = 0; i < n;) {
        int32_t at = i;
        uint32_t c = utf8_next(p, &i);
        if (prev_cased)
            sst_put_lower(&b, p, n, at, i, c);
        else
            sst_put_case(&b, &title, c);
        prev_cased = only_first || sst_case_class(&cc, c) != 0;
    }
    return sst_set(out, b.ptr, b.len);
}

int32_t ssc_str_capitalize(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return sst_str_title(p, n, 1, out);
}
int32_t ssc_str_title(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return sst_str_title(p, n, 0, out);
}

/* bytes: ASCII case mappings; SST_MAP_TITLE is bytes.capitalize, SST_MAP_BTITLE bytes.title. */
enum { SST_MAP_LOWER, SST_MAP_UPPER, SST_MAP_TITLE, SST_MAP_SWAP, SST_MAP_BTITLE };

static uint8_t sst_blower(uint8_t c) {
    return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}
static uint8_t sst_bupper(uint8_t c) {
    return c >= 'a' && c <= 'z' ? (uint8_t)(c - 32) : c;
}

static int32_t sst_bytes_map(const uint8_t *p, int32_t n, int32_t how, ssc_bytes *out) {
    uint8_t *o = ssc_alloc((uint32_t)n);
    int32_t prev_cased = 0;
    for (int32_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        int32_t cls = sst_ascii(c);
        switch (how) {
        case SST_MAP_LOWER: c = sst_blower(c); break;
        case SST_MAP_UPPER: c = sst_bupper(c); break;
        case SST_MAP_SWAP: c = cls & SST_UPPER ? sst_blower(c) : sst_bupper(c); break;
        case SST_MAP_TITLE: /* capitalize */
            c = i == 0 ? sst_bupper(c) : sst_blower(c);
            break;
        default: /* SST_MAP_BTITLE */
            c = prev_cased ? sst_blower(c) : sst_bupper(c);
            prev_cased = cls & SST_ALPHA;
            break;
        }
        o[i] = c;
    }
    return sst_set(out, o, n);
}

int32_t ssc_bytes_lower(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return sst_bytes_map(p, n, SST_MAP_LOWER, out);
}
int32_t ssc_bytes_upper(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return sst_bytes_map(p, n, SST_MAP_UPPER, out);
}
int32_t ssc_bytes_swapcase(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return sst_bytes_map(p, n, SST_MAP_SWAP, out);
}
int32_t ssc_bytes_capitalize(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return sst_bytes_map(p, n, SST_MAP_TITLE, out);
}
int32_t ssc_bytes_title(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return sst_bytes_map(p, n, SST_MAP_BTITLE, out);
}

/* ---- predicates ------------------------------------------------------------ */

/* Whether every character of the (non-empty) str has the ASCII property
 * `mask` or, beyond ASCII, is in table 1 or (when given) table 2. */
#define SST_TABLE(NAME) NAME, NAME##_LEN, NAME##_INDEX, NAME##_INDEX_LEN
#define SST_NO_TABLE NULL, 0, NULL, 0
static int32_t sst_str_all(const uint8_t *p, int32_t n, int32_t mask, const uint8_t *t1, int32_t t1n,
                           const uint32_t *i1, int32_t i1n, const uint8_t *t2, int32_t t2n, const uint32_t *i2,
                           int32_t i2n, uint8_t *out) {
    sst_cursor c1, c2;
    sst_cursor_init(&c1, t1, t1n, i1, i1n);
    sst_cursor_init(&c2, t2, t2n, i2, i2n);
    int32_t ok = n > 0;
    for (int32_t i = 0; i < n && ok;) {
        uint32_t c = utf8_next(p, &i);
        if (c < 0x80)
            ok = (sst_ascii(c) & mask) != 0;
        else
            ok = sst_in(&c1, c) || (t2 && sst_in(&c2, c));
    }
    *out = (uint8_t)ok;
    return SSC_OK;
}

int32_t ssc_str_isspace(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_all(p, n, SST_SPACE, SST_TABLE(SSC_UNI_SPACE), SST_NO_TABLE, out);
}
int32_t ssc_str_isalpha(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_all(p, n, SST_ALPHA, SST_TABLE(SSC_UNI_ALPHA), SST_NO_TABLE, out);
}
/* isalnum: isalpha or isnumeric (isdecimal and isdigit imply isnumeric). */
int32_t ssc_str_isalnum(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_all(p, n, SST_ALPHA | SST_DIGIT, SST_TABLE(SSC_UNI_ALPHA), SST_TABLE(SSC_UNI_NUMERIC), out);
}
int32_t ssc_str_isdecimal(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_all(p, n, SST_DIGIT, SST_TABLE(SSC_UNI_DECIMAL), SST_NO_TABLE, out);
}
int32_t ssc_str_isdigit(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_all(p, n, SST_DIGIT, SST_TABLE(SSC_UNI_DIGIT), SST_NO_TABLE, out);
}
int32_t ssc_str_isnumeric(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_all(p, n, SST_DIGIT, SST_TABLE(SSC_UNI_NUMERIC), SST_NO_TABLE, out);
}

/* str.isprintable: true for the empty string. */
int32_t ssc_str_isprintable(const uint8_t *p, int32_t n, uint8_t *out) {
    sst_cursor np;
    SST_CURSOR(&np, SSC_UNI_NONPRINT);
    int32_t ok = 1;
    for (int32_t i = 0; i < n && ok;) {
        uint32_t c = utf8_next(p, &i);
        ok = c < 0x80 ? c >= 0x20 && c < 0x7f : !sst_in(&np, c);
    }
    *out = (uint8_t)ok;
    return SSC_OK;
}

int32_t ssc_str_isascii(const uint8_t *p, int32_t n, uint8_t *out) {
    int32_t ok = 1;
    for (int32_t i = 0; i < n; i++)
        ok &= p[i] < 0x80;
    *out = (uint8_t)ok;
    return SSC_OK;
}

/* isupper (want = SST_UPPER) / islower (SST_LOWER): no character of the
 * other case nor title case, and at least one of the wanted case. */
static int32_t sst_str_is_case(const uint8_t *p, int32_t n, int32_t want, uint8_t *out) {
    sst_case_cursor cc;
    sst_case_init(&cc);
    int32_t cased = 0;
    for (int32_t i = 0; i < n;) {
        int32_t cls = sst_case_class(&cc, utf8_next(p, &i));
        if (cls == want) {
            cased = 1;
        } else if (cls) {
            cased = 0;
            break;
        }
    }
    *out = (uint8_t)cased;
    return SSC_OK;
}

int32_t ssc_str_isupper(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_is_case(p, n, SST_UPPER, out);
}
int32_t ssc_str_islower(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_str_is_case(p, n, SST_LOWER, out);
}

/* str.istitle: upper/title case only after uncased, lower only after cased. */
int32_t ssc_str_istitle(const uint8_t *p, int32_t n, uint8_t *out) {
    sst_case_cursor cc;
    sst_case_init(&cc);
    int32_t cased = 0, prev = 0;
    for (int32_t i = 0; i < n;) {
        int32_t cls = sst_case_class(&cc, utf8_next(p, &i));
        if (cls == SST_UPPER || cls == SST_TITLE) {
            if (prev) {
                cased = 0;
                break;
            }
            prev = cased = 1;
        } else if (cls == SST_LOWER) {
            if (!prev) {
                cased = 0;
                break;
            }
            prev = cased = 1;
        } else {
            prev = 0;
        }
    }
    *out = (uint8_t)cased;
    return SSC_OK;
}

/* bytes predicates (ASCII rules; false for b"" except isascii). */
static int32_t sst_bytes_all(const uint8_t *p, int32_t n, int32_t mask, uint8_t *out) {
    int32_t ok = n > 0;
    for (int32_t i = 0; i < n && ok; i++)
        ok = (sst_ascii(p[i]) & mask) != 0;
    *out = (uint8_t)ok;
    return SSC_OK;
}

int32_t ssc_bytes_isspace(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_bytes_all(p, n, SST_BSPACE, out);
}
int32_t ssc_bytes_isalpha(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_bytes_all(p, n, SST_ALPHA, out);
}
int32_t ssc_bytes_isalnum(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_bytes_all(p, n, SST_ALPHA | SST_DIGIT, out);
}
int32_t ssc_bytes_isdigit(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_bytes_all(p, n, SST_DIGIT, out);
}
int32_t ssc_bytes_isascii(const uint8_t *p, int32_t n, uint8_t *out) {
    return ssc_str_isascii(p, n, out);
}

static int32_t sst_bytes_is_case(const uint8_t *p, int32_t n, int32_t want, uint8_t *out) {
    int32_t cased = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t cls = sst_ascii(p[i]) & (SST_UPPER | SST_LOWER);
        if (cls == want) {
            cased = 1;
        } else if (cls) {
            cased = 0;
            break;
        }
    }
    *out = (uint8_t)cased;
    return SSC_OK;
}

int32_t ssc_bytes_isupper(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_bytes_is_case(p, n, SST_UPPER, out);
}
int32_t ssc_bytes_islower(const uint8_t *p, int32_t n, uint8_t *out) {
    return sst_bytes_is_case(p, n, SST_LOWER, out);
}

int32_t ssc_bytes_istitle(const uint8_t *p, int32_t n, uint8_t *out) {
    int32_t cased = 0, prev = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t cls = sst_ascii(p[i]);
        if (cls & SST_UPPER) {
            if (prev) {
                cased = 0;
                break;
            }
            prev = cased = 1;
        } else if (cls & SST_LOWER) {
            if (!prev) {
                cased = 0;
                break;
            }
            prev = cased = 1;
        } else {
            prev = 0;
        }
    }
    *out = (uint8_t)cased;
    return SSC_OK;
}

/* ---- length, indexing, slicing, iteration, comparison ---------------------- */

/* len(s): code points. */
int32_t ssc_str_len(const uint8_t *p, int32_t n, int64_t *out) {
    *out = sst_length(p, n);
    return SSC_OK;
}

/* s[i] -> a one-character str. */
int32_t ssc_str_getitem(const uint8_t *p, int32_t n, int64_t i, ssc_bytes *out) {
    int64_t len = sst_length(p, n);
    if (i < 0)
        i += len;
    if (i < 0 || i >= len)
        return sst_raise(SSC_EXC_IndexError, "string index out of range");
    int32_t at = len == n ? (int32_t)i : sst_at(p, n, i);
    return sst_set(out, p + at, sst_seq_len(p[at]));
}

/* b[i] -> int. */
int32_t ssc_bytes_getitem(const uint8_t *p, int32_t n, int64_t i, int64_t *out) {
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return sst_raise(SSC_EXC_IndexError, "index out of range");
    *out = p[i];
    return SSC_OK;
}

/* CPython's PySlice_Unpack + PySlice_AdjustIndices for a sequence of `len`. */
static int32_t sst_slice(int64_t len, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                         int32_t has_step, int64_t step, int64_t *ostart, int64_t *ostep, int64_t *ocount) {
    if (!has_step)
        step = 1;
    if (step == 0)
        return sst_raise(SSC_EXC_ValueError, "slice step cannot be zero");
    if (step < -INT64_MAX)
        step = -INT64_MAX;
    if (!has_start)
        start = step < 0 ? INT64_MAX : 0;
    if (!has_stop)
        stop = step < 0 ? INT64_MIN : INT64_MAX;
    if (start < 0) {
        start += len;
        if (start < 0)
            start = step < 0 ? -1 : 0;
    } else if (start >= len) {
        start = step < 0 ? len - 1 : len;
    }
    if (stop < 0) {
        stop += len;
        if (stop < 0)
            stop = step < 0 ? -1 : 0;
    } else if (stop >= len) {
        stop = step < 0 ? len - 1 : len;
    }
    int64_t count = 0;
    if (step < 0) {
        if (stop < start)
            count = (start - stop - 1) / (-step) + 1;
    } else if (start < stop) {
        count = (stop - start - 1) / step + 1;
    }
    *ostart = start;
    *ostep = step;
    *ocount = count;
    return SSC_OK;
}

/* s[start:stop:step]; absent parts have has_* == 0. */
int32_t ssc_str_slice(const uint8_t *p, int32_t n, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                      int32_t has_step, int64_t step, ssc_bytes *out) {
    int32_t len = sst_length(p, n);
    int64_t first, st, count;
    if (sst_slice(len, has_start, start, has_stop, stop, has_step, step, &first, &st, &count))
        return SSC_RAISED;
    if (count == 0)
        return sst_set(out, p, 0);
    if (len == n) { /* ASCII */
        if (st == 1)
            return sst_set(out, p + first, count);
        uint8_t *o = ssc_alloc((uint32_t)count);
        for (int64_t k = 0; k < count; k++)
            o[k] = p[first + k * st];
        return sst_set(out, o, count);
    }
    if (st == 1) {
        int32_t a = sst_at(p, n, first);
        return sst_set(out, p + a, sst_at(p, n, first + count) - a);
    }
    ssc_buf b;
    ssc_buf_init(&b, (int32_t)count);
    for (int64_t k = 0; k < count; k++) {
        int32_t a = sst_at(p, n, first + k * st);
        ssc_buf_put(&b, p + a, sst_seq_len(p[a]));
    }
    return sst_set(out, b.ptr, b.len);
}

/* b[start:stop:step]. */
int32_t ssc_bytes_slice(const uint8_t *p, int32_t n, int32_t has_start, int64_t start, int32_t has_stop, int64_t stop,
                        int32_t has_step, int64_t step, ssc_bytes *out) {
    int64_t first, st, count;
    if (sst_slice(n, has_start, start, has_stop, stop, has_step, step, &first, &st, &count))
        return SSC_RAISED;
    if (st == 1 || count == 0)
        return sst_set(out, p + (count ? first : 0), count);
    uint8_t *o = ssc_alloc((uint32_t)count);
    for (int64_t k = 0; k < count; k++)
        o[k] = p[first + k * st];
    return sst_set(out, o, count);
}

/* Iteration over a str: for a byte position `pos` < n at the start of a
 * character, the byte position of the next character (the character is
 * p[pos : returned]). Loop: pos = 0; while pos < n: end = ssc_str_next(p, n,
 * pos); yield {p + pos, end - pos}; pos = end. Not a raising function. */
int32_t ssc_str_next(const uint8_t *p, int32_t n, int32_t pos) {
    (void)n;
    return pos + sst_seq_len(p[pos]);
}

/* a <op> b for str (code point order = UTF-8 byte order) and bytes;
 * op: 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >=. */
int32_t ssc_bytes_compare(const uint8_t *a, int32_t an, const uint8_t *b, int32_t bn, int32_t op, uint8_t *out) {
    int32_t c = memcmp(a, b, (size_t)(an < bn ? an : bn));
    if (c == 0)
        c = an < bn ? -1 : an > bn;
    *out = ssc_order_holds(c, op);
    return SSC_OK;
}

int32_t ssc_str_compare(const uint8_t *a, int32_t an, const uint8_t *b, int32_t bn, int32_t op, uint8_t *out) {
    return ssc_bytes_compare(a, an, b, bn, op, out);
}

/* ---- searching ------------------------------------------------------------- */

/* First byte offset in [lo, hi - m] where q occurs, or -1. */
static int32_t sst_find(const uint8_t *p, int32_t lo, int32_t hi, const uint8_t *q, int32_t m) {
    if (m == 0)
        return lo <= hi ? lo : -1;
    if (hi - lo < m)
        return -1;
    int32_t at = ssc_find(p + lo, hi - lo, q, m);
    return at < 0 ? -1 : lo + at;
}

/* Last such offset, or -1. */
static int32_t sst_rfind(const uint8_t *p, int32_t lo, int32_t hi, const uint8_t *q, int32_t m) {
    if (m == 0)
        return lo <= hi ? hi : -1;
    uint8_t first = q[0];
    for (int32_t i = hi - m; i >= lo; i--)
        if (p[i] == first && memcmp(p + i + 1, q + 1, (size_t)(m - 1)) == 0)
            return i;
    return -1;
}

/* Non-overlapping occurrences of q (m > 0) in p[lo:hi], at most max. */
static int64_t sst_count_sub(const uint8_t *p, int32_t lo, int32_t hi, const uint8_t *q, int32_t m, int64_t max) {
    int64_t c = 0;
    while (c < max) {
        int32_t at = sst_find(p, lo, hi, q, m);
        if (at < 0)
            break;
        c++;
        lo = at + m;
    }
    return c;
}

int32_t ssc_str_contains(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, uint8_t *out) {
    *out = sst_find(p, 0, n, q, m) >= 0;
    return SSC_OK;
}
int32_t ssc_bytes_contains(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, uint8_t *out) {
    return ssc_str_contains(p, n, q, m, out);
}

static int32_t sst_byte_value(int64_t v, uint8_t *byte) {
    if (v < 0 || v > 255)
        return sst_raise(SSC_EXC_ValueError, "byte must be in range(0, 256)");
    *byte = (uint8_t)v;
    return SSC_OK;
}

/* v in b, for an int v. */
int32_t ssc_bytes_contains_int(const uint8_t *p, int32_t n, int64_t v, uint8_t *out) {
    uint8_t byte;
    if (sst_byte_value(v, &byte))
        return SSC_RAISED;
    return ssc_str_contains(p, n, &byte, 1, out);
}

/* A search window: [start, end) in characters after CPython's
 * ADJUST_INDICES, and the same in bytes when start <= end. */
typedef struct {
    int64_t start, end; /* characters */
    int32_t lo, hi;     /* bytes */
} sst_window;

static void sst_window_of(const uint8_t *p, int32_t n, int32_t is_str, int32_t has_start, int64_t start,
                          int32_t has_end, int64_t end, sst_window *w) {
    int64_t len = is_str ? sst_length(p, n) : n;
    if (!has_start)
        start = 0;
    if (!has_end)
        end = len;
    if (end > len) {
        end = len;
    } else if (end < 0) {
        end += len;
        if (end < 0)
            end = 0;
    }
    if (start < 0) {
        start += len;
        if (start < 0)
            start = 0;
    }
    w->start = start;
    w->end = end;
    w->lo = w->hi = 0;
    if (start <= end) {
        if (is_str && len != n) {
            w->lo = sst_at(p, n, start);
            w->hi = sst_at(p, n, end);
        } else {
            w->lo = (int32_t)start;
            w->hi = (int32_t)end;
        }
    }
}

/* The character index of byte offset `at` inside the window. */
static int64_t sst_window_index(const uint8_t *p, int32_t is_str, const sst_window *w, int32_t at) {
    int32_t skipped = at - w->lo;
    return w->start + (is_str && w->hi - w->lo != w->end - w->start ? sst_count(p + w->lo, skipped) : skipped);
}

enum { SST_FIND, SST_RFIND, SST_INDEX, SST_RINDEX, SST_COUNT };

static int32_t sst_search(const uint8_t *p, int32_t n, int32_t is_str, const uint8_t *q, int32_t m, int32_t has_start,
                          int64_t start, int32_t has_end, int64_t end, int32_t how, int64_t *out) {
    sst_window w;
    sst_window_of(p, n, is_str, has_start, start, has_end, end, &w);
    int64_t mlen = is_str ? sst_count(q, m) : m;
    if (how == SST_COUNT) {
        if (w.end - w.start < mlen)
            *out = 0;
        else if (m == 0)
            *out = w.end - w.start + 1;
        else
            *out = sst_count_sub(p, w.lo, w.hi, q, m, INT64_MAX);
        return SSC_OK;
    }
    int64_t r = -1;
    if (w.end - w.start >= mlen) {
        if (m == 0) {
            r = how == SST_FIND || how == SST_INDEX ? w.start : w.end;
        } else {
            int32_t at = how == SST_FIND || how == SST_INDEX ? sst_find(p, w.lo, w.hi, q, m)
                                                            : sst_rfind(p, w.lo, w.hi, q, m);
            if (at >= 0)
                r = sst_window_index(p, is_str, &w, at);
        }
    }
    if (r < 0 && (how == SST_INDEX || how == SST_RINDEX))
        return sst_raise(SSC_EXC_ValueError, is_str ? "substring not found" : "subsection not found");
    *out = r;
    return SSC_OK;
}

#define SST_SEARCH_FN(name, is_str, how)                                                                \
    int32_t name(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, int32_t has_start, int64_t start, \
                 int32_t has_end, int64_t end, int64_t *out) {                                          \
        return sst_search(p, n, is_str, q, m, has_start, start, has_end, end, how, out);                \
    }
#define SST_SEARCH_INT_FN(name, how)                                                                     \
    int32_t name(const uint8_t *p, int32_t n, int64_t v, int32_t has_start, int64_t start, int32_t has_end, \
                 int64_t end, int64_t *out) {                                                             \
        uint8_t byte;                                                                                     \
        if (sst_byte_value(v, &byte))                                                                     \
            return SSC_RAISED;                                                                            \
        return sst_search(p, n, 0, &byte, 1, has_start, start, has_end, end, how, out);                  \
    }

/* s.find(sub[, start[, end]]) etc.; start/end are `int | None`. */
SST_SEARCH_FN(ssc_str_find, 1, SST_FIND)
SST_SEARCH_FN(ssc_str_rfind, 1, SST_RFIND)
SST_SEARCH_FN(ssc_str_index, 1, SST_INDEX)
SST_SEARCH_FN(ssc_str_rindex, 1, SST_RINDEX)
SST_SEARCH_FN(ssc_str_count, 1, SST_COUNT)
SST_SEARCH_FN(ssc_bytes_find, 0, SST_FIND)
SST_SEARCH_FN(ssc_bytes_rfind, 0, SST_RFIND)
SST_SEARCH_FN(ssc_bytes_index, 0, SST_INDEX)
SST_SEARCH_FN(ssc_bytes_rindex, 0, SST_RINDEX)
SST_SEARCH_FN(ssc_bytes_count, 0, SST_COUNT)
/* b.find(int[, start[, end]]) etc.: ValueError unless 0 <= int < 256. */
SST_SEARCH_INT_FN(ssc_bytes_find_int, SST_FIND)
SST_SEARCH_INT_FN(ssc_bytes_rfind_int, SST_RFIND)
SST_SEARCH_INT_FN(ssc_bytes_index_int, SST_INDEX)
SST_SEARCH_INT_FN(ssc_bytes_rindex_int, SST_RINDEX)
SST_SEARCH_INT_FN(ssc_bytes_count_int, SST_COUNT)

/* CPython's tailmatch: does sub match at the start (suffix = 0) or end of
 * the window? */
static int32_t sst_tailmatch(const uint8_t *p, int32_t n, int32_t is_str, const uint8_t *q, int32_t m,
                             int32_t has_start, int64_t start, int32_t has_end, int64_t end, int32_t suffix) {
    sst_window w;
    sst_window_of(p, n, is_str, has_start, start, has_end, end, &w);
    int64_t mlen = is_str ? sst_count(q, m) : m;
    if (w.end - mlen < w.start)
        return 0;
    if (m == 0)
        return 1;
    if (suffix)
        return w.hi - m >= w.lo && memcmp(p + w.hi - m, q, (size_t)m) == 0;
    return w.lo + m <= w.hi && memcmp(p + w.lo, q, (size_t)m) == 0;
}

static int32_t sst_tailmatch_any(const uint8_t *p, int32_t n, int32_t is_str, const ssc_list *subs,
                                 int32_t has_start, int64_t start, int32_t has_end, int64_t end, int32_t suffix) {
    for (int32_t k = 0; k < subs->len; k++) {
        const ssc_bytes *s = (const ssc_bytes *)(subs->data + k * subs->elem->size);
        if (sst_tailmatch(p, n, is_str, s->ptr, s->len, has_start, start, has_end, end, suffix))
            return 1;
    }
    return 0;
}

#define SST_TAIL_FN(name, is_str, suffix)                                                                \
    int32_t name(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, int32_t has_start, int64_t start, \
                 int32_t has_end, int64_t end, uint8_t *out) {                                           \
        *out = (uint8_t)sst_tailmatch(p, n, is_str, q, m, has_start, start, has_end, end, suffix);       \
        return SSC_OK;                                                                                   \
    }
#define SST_TAIL_ANY_FN(name, is_str, suffix)                                                              \
    int32_t name(const uint8_t *p, int32_t n, ssc_list *subs, int32_t has_start, int64_t start,             \
                 int32_t has_end, int64_t end, uint8_t *out) {                                             \
        *out = (uint8_t)sst_tailmatch_any(p, n, is_str, subs, has_start, start, has_end, end, suffix);     \
        return SSC_OK;                                                                                     \
    }

/* s.startswith(prefix[, start[, end]]); the _any forms take the tuple of
 * prefixes as a list[str] (list[bytes]). */
SST_TAIL_FN(ssc_str_startswith, 1, 0)
SST_TAIL_FN(ssc_str_endswith, 1, 1)
SST_TAIL_FN(ssc_bytes_startswith, 0, 0)
SST_TAIL_FN(ssc_bytes_endswith, 0, 1)
SST_TAIL_ANY_FN(ssc_str_startswith_any, 1, 0)
SST_TAIL_ANY_FN(ssc_str_endswith_any, 1, 1)
SST_TAIL_ANY_FN(ssc_bytes_startswith_any, 0, 0)
SST_TAIL_ANY_FN(ssc_bytes_endswith_any, 0, 1)

/* ---- building -------------------------------------------------------------- */

/* s * count (count <= 0: empty). */
static int32_t sst_repeat(const uint8_t *p, int32_t n, int64_t count, const char *too_long, ssc_bytes *out) {
    if (count <= 0 || n == 0)
        return sst_set(out, p, 0);
    if (count == 1)
        return sst_set(out, p, n);
    if (count > SST_MAX_LEN / n)
        return sst_raise(SSC_EXC_OverflowError, too_long);
    int32_t total = n * (int32_t)count;
    uint8_t *o = ssc_alloc((uint32_t)total);
    memcpy(o, p, (size_t)n);
    for (int32_t done = n; done < total;) { /* doubling copies */
        int32_t k = done < total - done ? done : total - done;
        memcpy(o + done, o, (size_t)k);
        done += k;
    }
    return sst_set(out, o, total);
}

int32_t ssc_str_repeat(const uint8_t *p, int32_t n, int64_t count, ssc_bytes *out) {
    return sst_repeat(p, n, count, "repeated string is too long", out);
}
int32_t ssc_bytes_repeat(const uint8_t *p, int32_t n, int64_t count, ssc_bytes *out) {
    return sst_repeat(p, n, count, "repeated bytes are too long", out);
}

/* sep.join(items): items is a list[str] (list[bytes]). */
int32_t ssc_str_join(const uint8_t *p, int32_t n, ssc_list *items, ssc_bytes *out) {
    if (items->len == 0)
        return sst_set(out, p, 0);
    const ssc_bytes *it = (const ssc_bytes *)items->data;
    if (items->len == 1)
        return sst_set(out, it[0].ptr, it[0].len);
    int64_t total = (int64_t)n * (items->len - 1);
    for (int32_t k = 0; k < items->len; k++)
        total += it[k].len;
    if (total > SST_MAX_LEN)
        return sst_too_long();
    uint8_t *o = ssc_alloc((uint32_t)total);
    int32_t at = 0;
    for (int32_t k = 0; k < items->len; k++) {
        if (k) {
            memcpy(o + at, p, (size_t)n);
            at += n;
        }
        if (it[k].len <= 4) {   /* characters, mostly: no call */
            for (int32_t j = 0; j < it[k].len; j++)
                o[at + j] = it[k].ptr[j];
        } else {
            memcpy(o + at, it[k].ptr, (size_t)it[k].len);
        }
        at += it[k].len;
    }
    return sst_set(out, o, total);
}
int32_t ssc_bytes_join(const uint8_t *p, int32_t n, ssc_list *items, ssc_bytes *out) {
    return ssc_str_join(p, n, items, out);
}

/* s.replace(old, new, count) (count < 0: all). */
static int32_t sst_replace(const uint8_t *p, int32_t n, int32_t is_str, const uint8_t *q, int32_t m,
                           const uint8_t *r, int32_t k, int64_t count, ssc_bytes *out) {
    if (count < 0)
        count = INT64_MAX;
    int64_t found;
    if (m == 0) {
        int64_t slots = (is_str ? sst_count(p, n) : n) + 1;
        found = slots < count ? slots : count;
    } else {
        found = sst_count_sub(p, 0, n, q, m, count);
    }
    if (found == 0)
        return sst_set(out, p, n);
    int64_t total = n + found * ((int64_t)k - m);
    if (total > SST_MAX_LEN)
        return sst_too_long();
    uint8_t *o = ssc_alloc((uint32_t)total);
    int32_t at = 0, from = 0;
    for (int64_t done = 0; done < found; done++) {
        int32_t hit;
        if (m == 0)
            hit = done == 0 ? 0 : from + (is_str ? sst_seq_len(p[from]) : 1);
        else
            hit = sst_find(p, from, n, q, m);
        memcpy(o + at, p + from, (size_t)(hit - from));
        at += hit - from;
        memcpy(o + at, r, (size_t)k);
        at += k;
        from = hit + m;
    }
    memcpy(o + at, p + from, (size_t)(n - from));
    return sst_set(out, o, total);
}

int32_t ssc_str_replace(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, const uint8_t *r, int32_t k,
                        int64_t count, ssc_bytes *out) {
    return sst_replace(p, n, 1, q, m, r, k, count, out);
}
int32_t ssc_bytes_replace(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, const uint8_t *r, int32_t k,
                          int64_t count, ssc_bytes *out) {
    return sst_replace(p, n, 0, q, m, r, k, count, out);
}

/* Padding: `left` and `right` copies of the fill character f[0:fn] around
 * p[0:n]. */
static int32_t sst_pad(const uint8_t *p, int32_t n, int64_t left, int64_t right, const uint8_t *f, int32_t fn,
                       ssc_bytes *out) {
    if (left > SST_MAX_LEN || right > SST_MAX_LEN)
        return sst_too_long();
    int64_t total = n + (left + right) * fn;
    if (total > SST_MAX_LEN)
        return sst_too_long();
    uint8_t *o = ssc_alloc((uint32_t)total);
    int32_t at = 0;
    for (int64_t i = 0; i < left; i++, at += fn)
        memcpy(o + at, f, (size_t)fn);
    memcpy(o + at, p, (size_t)n);
    at += n;
    for (int64_t i = 0; i < right; i++, at += fn)
        memcpy(o + at, f, (size_t)fn);
    return sst_set(out, o, total);
}

enum { SST_CENTER, SST_LJUST, SST_RJUST };

static int32_t sst_justify(const uint8_t *p, int32_t n, int32_t is_str, int64_t width, const uint8_t *f, int32_t fn,
                           int32_t how, ssc_bytes *out) {
    if (is_str ? fn == 0 || sst_seq_len(f[0]) != fn : fn != 1) {
        if (is_str)
            return sst_raise(SSC_EXC_TypeError, "The fill character must be exactly one character long");
        return sst_raise(SSC_EXC_TypeError, how == SST_CENTER ? "center() argument 2 must be a byte string of length 1, not bytes"
                                            : how == SST_LJUST ? "ljust() argument 2 must be a byte string of length 1, not bytes"
                                                               : "rjust() argument 2 must be a byte string of length 1, not bytes");
    }
    int64_t len = is_str ? sst_count(p, n) : n;
    int64_t marg = width - len;
    if (marg <= 0)
        return sst_set(out, p, n);
    int64_t left = how == SST_LJUST ? 0 : how == SST_RJUST ? marg : marg / 2 + (marg & width & 1);
    return sst_pad(p, n, left, marg - left, f, fn, out);
}

#define SST_JUSTIFY_FN(name, is_str, how)                                                                   \
    int32_t name(const uint8_t *p, int32_t n, int64_t width, const uint8_t *f, int32_t fn, ssc_bytes *out) { \
        return sst_justify(p, n, is_str, width, f, fn, how, out);                                           \
    }

/* s.center(width, fillchar=' ') etc. */
SST_JUSTIFY_FN(ssc_str_center, 1, SST_CENTER)
SST_JUSTIFY_FN(ssc_str_ljust, 1, SST_LJUST)
SST_JUSTIFY_FN(ssc_str_rjust, 1, SST_RJUST)
SST_JUSTIFY_FN(ssc_bytes_center, 0, SST_CENTER)
SST_JUSTIFY_FN(ssc_bytes_ljust, 0, SST_LJUST)
SST_JUSTIFY_FN(ssc_bytes_rjust, 0, SST_RJUST)

/* s.zfill(width): '0' padding on the left, after a leading sign. */
static int32_t sst_zfill(const uint8_t *p, int32_t n, int32_t is_str, int64_t width, ssc_bytes *out) {
    int64_t len = is_str ? sst_count(p, n) : n;
    if (len >= width)
        return sst_set(out, p, n);
    if (sst_pad(p, n, width - len, 0, (const uint8_t *)"0", 1, out))
        return SSC_RAISED;
    int32_t fill = (int32_t)(width - len);
    uint8_t *o = (uint8_t *)out->ptr;
    if (n > 0 && (o[fill] == '+' || o[fill] == '-')) {
        o[0] = o[fill];
        o[fill] = '0';
    }
    return SSC_OK;
}

int32_t ssc_str_zfill(const uint8_t *p, int32_t n, int64_t width, ssc_bytes *out) {
    return sst_zfill(p, n, 1, width, out);
}
int32_t ssc_bytes_zfill(const uint8_t *p, int32_t n, int64_t width, ssc_bytes *out) {
    return sst_zfill(p, n, 0, width, out);
}

/* s.expandtabs(tabsize=8). */
static int32_t sst_expandtabs(const uint8_t *p, int32_t n, int32_t is_str, int64_t tabsize, ssc_bytes *out) {
    if (tabsize > INT32_MAX || tabsize < INT32_MIN)
        return sst_raise(SSC_EXC_OverflowError, "Python int too large to convert to C int");
    int64_t total = 0, column = 0;
    for (int32_t pass = 0; pass < 2; pass++) {
        uint8_t *o = pass ? ssc_alloc((uint32_t)total) : NULL;
        int64_t at = 0;
        column = 0;
        for (int32_t i = 0; i < n;) {
            int32_t k = is_str ? sst_seq_len(p[i]) : 1;
            if (p[i] == '\t') {
                if (tabsize > 0) {
                    int64_t incr = tabsize - column % tabsize;
                    column += incr;
                    if (o)
                        memset(o + at, ' ', (size_t)incr);
                    at += incr;
                    if (at > SST_MAX_LEN)
                        return sst_too_long();
                }
            } else {
                column++;
                if (o)
                    memcpy(o + at, p + i, (size_t)k);
                at += k;
                if (p[i] == '\n' || p[i] == '\r')
                    column = 0;
            }
            i += k;
        }
        total = at;
        if (pass)
            return sst_set(out, o, total);
    }
    return SSC_OK;
}

int32_t ssc_str_expandtabs(const uint8_t *p, int32_t n, int64_t tabsize, ssc_bytes *out) {
    return sst_expandtabs(p, n, 1, tabsize, out);
}
int32_t ssc_bytes_expandtabs(const uint8_t *p, int32_t n, int64_t tabsize, ssc_bytes *out) {
    return sst_expandtabs(p, n, 0, tabsize, out);
}

/* ---- stripping, prefixes --------------------------------------------------- */

/* Whether the character p[i:i+k] is stripped: in chars (when given) or
 * whitespace (str.isspace for str, ASCII whitespace for bytes). */
static int32_t sst_strip_char(const uint8_t *p, int32_t i, int32_t k, int32_t is_str, int32_t has_chars,
                              const uint8_t *chars, int32_t cn) {
    if (has_chars)
        return sst_find(chars, 0, cn, p + i, k) >= 0;
    if (!is_str)
        return sst_ascii(p[i]) & SST_BSPACE;
    int32_t j = i;
    return sst_is_space(utf8_next(p, &j));
}

enum { SST_LEFT = 1, SST_RIGHT = 2 };

static int32_t sst_strip(const uint8_t *p, int32_t n, int32_t is_str, int32_t has_chars, const uint8_t *chars,
                         int32_t cn, int32_t sides, ssc_bytes *out) {
    int32_t i = 0, j = n;
    if (sides & SST_LEFT) {
        while (i < n) {
            int32_t k = is_str ? sst_seq_len(p[i]) : 1;
            if (!sst_strip_char(p, i, k, is_str, has_chars, chars, cn))
                break;
            i += k;
        }
    }
    if (sides & SST_RIGHT) {
        while (j > i) {
            int32_t s = j - 1;
            if (is_str)
                while (SST_CONT(p[s]))
                    s--;
            if (!sst_strip_char(p, s, j - s, is_str, has_chars, chars, cn))
                break;
            j = s;
        }
    }
    return sst_set(out, p + i, j - i);
}

#define SST_STRIP_FN(name, is_str, sides)                                                                   \
    int32_t name(const uint8_t *p, int32_t n, int32_t has_chars, const uint8_t *chars, int32_t cn,         \
                 ssc_bytes *out) {                                                                          \
        return sst_strip(p, n, is_str, has_chars, chars, cn, sides, out);                                    \
    }

/* s.strip(chars=None) etc. */
SST_STRIP_FN(ssc_str_strip, 1, SST_LEFT | SST_RIGHT)
SST_STRIP_FN(ssc_str_lstrip, 1, SST_LEFT)
SST_STRIP_FN(ssc_str_rstrip, 1, SST_RIGHT)
SST_STRIP_FN(ssc_bytes_strip, 0, SST_LEFT | SST_RIGHT)
SST_STRIP_FN(ssc_bytes_lstrip, 0, SST_LEFT)
SST_STRIP_FN(ssc_bytes_rstrip, 0, SST_RIGHT)

int32_t ssc_str_removeprefix(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, ssc_bytes *out) {
    if (m <= n && memcmp(p, q, (size_t)m) == 0)
        return sst_set(out, p + m, n - m);
    return sst_set(out, p, n);
}
int32_t ssc_str_removesuffix(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, ssc_bytes *out) {
    if (m <= n && memcmp(p + n - m, q, (size_t)m) == 0)
        return sst_set(out, p, n - m);
    return sst_set(out, p, n);
}
int32_t ssc_bytes_removeprefix(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, ssc_bytes *out) {
    return ssc_str_removeprefix(p, n, q, m, out);
}
int32_t ssc_bytes_removesuffix(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, ssc_bytes *out) {
    return ssc_str_removesuffix(p, n, q, m, out);
}

/* ---- splitting ------------------------------------------------------------- */

static void sst_add(ssc_list *l, const uint8_t *p, int32_t n) {
    ssc_bytes item = {p, n};
    ssc_list_append(l, &item);
}

/* Reverses a list of ssc_bytes in place. */
static void sst_reverse(ssc_list *l) {
    ssc_bytes *it = (ssc_bytes *)l->data;
    for (int32_t a = 0, b = l->len - 1; a < b; a++, b--) {
        ssc_bytes t = it[a];
        it[a] = it[b];
        it[b] = t;
    }
}

/* Whether the character at p[i] (of k bytes) is split whitespace. */
static int32_t sst_split_space(const uint8_t *p, int32_t i, int32_t is_str) {
    if (!is_str)
        return sst_ascii(p[i]) & SST_BSPACE;
    int32_t j = i;
    return sst_is_space(utf8_next(p, &j));
}

/* Room a split's list starts with (CPython's MAX_PREALLOC): most splits
 * then never grow it. */
#define SST_SPLIT_PREALLOC 12

/* split/rsplit at a separator q (m > 0 bytes). */
static int32_t sst_split_sep(const uint8_t *p, int32_t n, int32_t is_str, const uint8_t *q, int32_t m,
                             int64_t maxsplit, int32_t right, ssc_list **out) {
    if (m == 0)
        return sst_raise(SSC_EXC_ValueError, "empty separator");
    if (maxsplit < 0)
        maxsplit = INT64_MAX;
    ssc_list *l = ssc_list_new(is_str ? &ssc_type_str : &ssc_type_bytes, SST_SPLIT_PREALLOC);
    *out = l;
    {
        if (!right) {
            int32_t i = 0;
            for (; maxsplit > 0; maxsplit--) {
                int32_t at = sst_find(p, i, n, q, m);
                if (at < 0)
                    break;
                sst_add(l, p + i, at - i);
                i = at + m;
            }
            sst_add(l, p + i, n - i);
        } else {
            int32_t j = n;
            for (; maxsplit > 0; maxsplit--) {
                int32_t at = sst_rfind(p, 0, j, q, m);
                if (at < 0)
                    break;
                sst_add(l, p + at + m, j - at - m);
                j = at;
            }
            sst_add(l, p, j);
            sst_reverse(l);
        }
        return SSC_OK;
    }
}

/* split/rsplit at runs of whitespace (sep=None). */
static int32_t sst_split_ws(const uint8_t *p, int32_t n, int32_t is_str, int64_t maxsplit, int32_t right,
                            ssc_list **out) {
    if (maxsplit < 0)
        maxsplit = INT64_MAX;
    ssc_list *l = ssc_list_new(is_str ? &ssc_type_str : &ssc_type_bytes, SST_SPLIT_PREALLOC);
    *out = l;
    if (!right) {
        int32_t i = 0;
        for (; maxsplit > 0; maxsplit--) {
            while (i < n && sst_split_space(p, i, is_str))
                i += is_str ? sst_seq_len(p[i]) : 1;
            if (i == n)
                break;
            int32_t j = i;
            while (i < n && !sst_split_space(p, i, is_str))
                i += is_str ? sst_seq_len(p[i]) : 1;
            sst_add(l, p + j, i - j);
        }
        while (i < n && sst_split_space(p, i, is_str))
            i += is_str ? sst_seq_len(p[i]) : 1;
        if (i < n)
            sst_add(l, p + i, n - i);
        return SSC_OK;
    }
    int32_t j = n;
    for (; maxsplit > 0; maxsplit--) {
        int32_t s;
        while (j > 0) {
            s = j - 1;
            if (is_str)
                while (SST_CONT(p[s]))
                    s--;
            if (!sst_split_space(p, s, is_str))
                break;
            j = s;
        }
        if (j == 0)
            break;
        int32_t e = j;
        while (j > 0) {
            s = j - 1;
            if (is_str)
                while (SST_CONT(p[s]))
                    s--;
            if (sst_split_space(p, s, is_str))
                break;
            j = s;
        }
        sst_add(l, p + j, e - j);
    }
    while (j > 0) {
        int32_t s = j - 1;
        if (is_str)
            while (SST_CONT(p[s]))
                s--;
        if (!sst_split_space(p, s, is_str))
            break;
        j = s;
    }
    if (j > 0)
        sst_add(l, p, j);
    sst_reverse(l);
    return SSC_OK;
}

#define SST_SPLIT_FN(name, is_str, right)                                                                   \
    int32_t name(const uint8_t *p, int32_t n, int32_t has_sep, const uint8_t *q, int32_t m, int64_t maxsplit, \
                 ssc_list **out) {                                                                          \
        if (has_sep)                                                                                        \
            return sst_split_sep(p, n, is_str, q, m, maxsplit, right, out);                                 \
        return sst_split_ws(p, n, is_str, maxsplit, right, out);                                            \
    }                                                                                                       \
    int32_t name##_sep(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, int64_t maxsplit,          \
                       ssc_list **out) {                                                                    \
        return sst_split_sep(p, n, is_str, q, m, maxsplit, right, out);                                     \
    }

/* s.split(sep=None, maxsplit=-1), s.rsplit(...): list[str] / list[bytes];
 * the _sep forms for a separator that is statically a str (bytes), which
 * do not need the whitespace splitter. */
SST_SPLIT_FN(ssc_str_split, 1, 0)
SST_SPLIT_FN(ssc_str_rsplit, 1, 1)
SST_SPLIT_FN(ssc_bytes_split, 0, 0)
SST_SPLIT_FN(ssc_bytes_rsplit, 0, 1)

/* Byte length of the line break at p[i], or 0. str: \n \r \v \f \x1c \x1d
 * \x1e \x85 \u2028 \u2029 (and \r\n); bytes: \n \r (and \r\n). */
static int32_t sst_linebreak(const uint8_t *p, int32_t n, int32_t i, int32_t is_str) {
    uint8_t c = p[i];
    if (c == '\r')
        return i + 1 < n && p[i + 1] == '\n' ? 2 : 1;
    if (c == '\n')
        return 1;
    if (!is_str)
        return 0;
    if (c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e))
        return 1;
    if (c == 0xc2 && p[i + 1] == 0x85)
        return 2;
    if (c == 0xe2 && p[i + 1] == 0x80 && (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
        return 3;
    return 0;
}

static int32_t sst_splitlines(const uint8_t *p, int32_t n, int32_t is_str, int32_t keepends, ssc_list **out) {
    ssc_list *l = ssc_list_new(is_str ? &ssc_type_str : &ssc_type_bytes, SST_SPLIT_PREALLOC);
    *out = l;
    int32_t i = 0, j = 0;
    while (i < n) {
        int32_t br = 0;
        while (i < n && (br = sst_linebreak(p, n, i, is_str)) == 0)
            i += is_str ? sst_seq_len(p[i]) : 1;
        int32_t eol = i;
        if (i < n) {
            i += br;
            if (keepends)
                eol = i;
        }
        sst_add(l, p + j, eol - j);
        j = i;
    }
    return SSC_OK;
}

/* s.splitlines(keepends=False). */
int32_t ssc_str_splitlines(const uint8_t *p, int32_t n, int32_t keepends, ssc_list **out) {
    return sst_splitlines(p, n, 1, keepends, out);
}
int32_t ssc_bytes_splitlines(const uint8_t *p, int32_t n, int32_t keepends, ssc_list **out) {
    return sst_splitlines(p, n, 0, keepends, out);
}

/* s.partition(sep) / s.rpartition(sep): out points to tuple[str, str, str],
 * three ssc_bytes. */
static int32_t sst_partition(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, int32_t right, ssc_bytes *out) {
    if (m == 0)
        return sst_raise(SSC_EXC_ValueError, "empty separator");
    int32_t at = right ? sst_rfind(p, 0, n, q, m) : sst_find(p, 0, n, q, m);
    if (at < 0) {
        sst_set(&out[0], p, right ? 0 : n);
        sst_set(&out[1], p, 0);
        return sst_set(&out[2], p, right ? n : 0);
    }
    sst_set(&out[0], p, at);
    sst_set(&out[1], p + at, m);
    return sst_set(&out[2], p + at + m, n - at - m);
}

int32_t ssc_str_partition(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, void *out) {
    return sst_partition(p, n, q, m, 0, out);
}
int32_t ssc_str_rpartition(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, void *out) {
    return sst_partition(p, n, q, m, 1, out);
}
int32_t ssc_bytes_partition(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, void *out) {
    return sst_partition(p, n, q, m, 0, out);
}
int32_t ssc_bytes_rpartition(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, void *out) {
    return sst_partition(p, n, q, m, 1, out);
}

/* ---- characters ------------------------------------------------------------ */

/* ord(s) / ord(b) for a one-character str / one-byte bytes. */
static int32_t sst_ord_error(int64_t len) {
    ssc_buf b;
    ssc_buf_init(&b, 64);
    ssc_buf_cstr(&b, "ord() expected a character, but string of length ");
    ssc_buf_i64(&b, len);
    ssc_buf_cstr(&b, " found");
    ssc_raise_buf(SSC_EXC_TypeError, &b);
    return SSC_RAISED;
}

int32_t ssc_str_ord(const uint8_t *p, int32_t n, int64_t *out) {
    if (n == 0 || sst_seq_len(p[0]) != n)
        return sst_ord_error(sst_count(p, n));
    int32_t i = 0;
    *out = utf8_next(p, &i);
    return SSC_OK;
}

int32_t ssc_bytes_ord(const uint8_t *p, int32_t n, int64_t *out) {
    if (n != 1)
        return sst_ord_error(n);
    *out = p[0];
    return SSC_OK;
}

/* chr(i). A surrogate (U+D800..U+DFFF) has no UTF-8 form: ValueError (where
 * CPython returns a lone surrogate). */
int32_t ssc_str_chr(int64_t i, ssc_bytes *out) {
#if SSC_PYTHON < 313 /* 3.13's chr() takes any int: out of range is the ValueError below */
    if (i > INT32_MAX || i < INT32_MIN)
        return sst_raise(SSC_EXC_OverflowError, "Python int too large to convert to C int");
#endif
    if (i < 0 || i >= 0x110000)
        return sst_raise(SSC_EXC_ValueError, "chr() arg not in range(0x110000)");
    if (i >= 0xd800 && i < 0xe000)
        return sst_raise(SSC_EXC_ValueError, "chr() arg is a surrogate (0xd800..0xdfff), which ssc's str cannot hold");
    uint8_t *o = ssc_alloc(4);
    return sst_set(out, o, sst_encode((uint32_t)i, o));
}

/* ---- bytes constructors and hex -------------------------------------------- */

/* bytes(n): n zero bytes. */
int32_t ssc_bytes_zeros(int64_t n, ssc_bytes *out) {
    if (n < 0)
        return sst_raise(SSC_EXC_ValueError, "negative count");
    if (n > SST_MAX_LEN)
        return sst_too_long();
    uint8_t *o = ssc_alloc((uint32_t)n);
    memset(o, 0, (size_t)n);
    return sst_set(out, o, n);
}

/* bytes(items) for items: list[int]. */
int32_t ssc_bytes_from_list(ssc_list *items, ssc_bytes *out) {
    uint8_t *o = ssc_alloc((uint32_t)items->len);
    const int64_t *v = (const int64_t *)items->data;
    for (int32_t k = 0; k < items->len; k++) {
        if (v[k] < 0 || v[k] > 255)
            return sst_raise(SSC_EXC_ValueError, "bytes must be in range(0, 256)");
        o[k] = (uint8_t)v[k];
    }
    return sst_set(out, o, items->len);
}

/* b.hex(sep=None, bytes_per_sep=1): sep is a one-character ASCII str;
 * groups of |bytes_per_sep| bytes counted from the right (> 0) or the left
 * (< 0); 0 means no separators. */
SSC_INTERNAL int32_t sst_hex(const uint8_t *p, int32_t n, int32_t sep, int64_t bytes_per_sep, ssc_bytes *out);

int32_t ssc_bytes_hex(const uint8_t *p, int32_t n, int32_t has_sep, const uint8_t *sep, int32_t sep_n,
                      int64_t bytes_per_sep, ssc_bytes *out) {
    if (has_sep) {
        if (sst_count(sep, sep_n) != 1)
            return sst_raise(SSC_EXC_ValueError, "sep must be length 1.");
        if (sep[0] >= 0x80)
            return sst_raise(SSC_EXC_ValueError, "sep must be ASCII.");
    }
    return sst_hex(p, n, has_sep ? sep[0] : -1, bytes_per_sep, out);
}

/* The hex digits of p[0:n], a separator byte `sep` (-1: none) between groups of
 * bytes_per_sep bytes counted from the right (from the left when negative):
 * bytes.hex and binascii.hexlify once their sep is checked. */
SSC_INTERNAL int32_t sst_hex(const uint8_t *p, int32_t n, int32_t sep, int64_t bytes_per_sep, ssc_bytes *out) {
    if (bytes_per_sep > INT32_MAX || bytes_per_sep < INT32_MIN)
        return sst_raise(SSC_EXC_OverflowError, "Python int too large to convert to C int");
    int64_t group = bytes_per_sep < 0 ? -bytes_per_sep : bytes_per_sep;
    if (sep < 0 || group == 0 || n == 0)
        group = 0;
    int64_t seps = group ? (n - 1) / group : 0;
    int64_t total = 2 * (int64_t)n + seps;
    if (total > SST_MAX_LEN)
        return sst_too_long();
    uint8_t *o = ssc_alloc((uint32_t)total);
    static const char digits[] = "0123456789abcdef";
    int32_t at = 0;
    for (int32_t i = 0; i < n; i++) {
        if (group && i > 0) {
            /* a separator before byte i when a group boundary falls there */
            int64_t pos = bytes_per_sep < 0 ? i : n - i;
            if (pos % group == 0)
                o[at++] = (uint8_t)sep;
        }
        o[at++] = (uint8_t)digits[p[i] >> 4];
        o[at++] = (uint8_t)digits[p[i] & 15];
    }
    return sst_set(out, o, total);
}

static int32_t sst_hexval(uint8_t c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* bytes.fromhex(s): pairs of hex digits, ASCII whitespace between pairs.
 * The error position counts characters of s. */
int32_t ssc_bytes_fromhex(const uint8_t *p, int32_t n, ssc_bytes *out) {
    uint8_t *o = ssc_alloc((uint32_t)(n / 2 + 1));
    int32_t k = 0, i = 0;
    while (i < n) {
        if (sst_ascii(p[i]) & SST_BSPACE) {
            i++;
            continue;
        }
        int32_t hi = sst_hexval(p[i]);
        int32_t bad = i;
        if (hi >= 0) {
            int32_t lo = i + 1 < n ? sst_hexval(p[i + 1]) : -1;
            if (lo >= 0) {
                o[k++] = (uint8_t)(hi * 16 + lo);
                i += 2;
                continue;
            }
            bad = i + 1;
        }
        ssc_buf b;
        ssc_buf_init(&b, 80);
        ssc_buf_cstr(&b, "non-hexadecimal number found in fromhex() arg at position ");
        ssc_buf_i64(&b, sst_count(p, bad));
        ssc_raise_buf(SSC_EXC_ValueError, &b);
        return SSC_RAISED;
    }
    return sst_set(out, o, k);
}

/* ---- decoding -------------------------------------------------------------- */

enum { SST_UTF8 = 1, SST_ASCII, SST_LATIN1 };

/* Encoding names after CPython's normalisation (lower case, runs of
 * characters other than ASCII letters, digits and '.' as one '_'; the
 * encodings package also tries '.' replaced by '_'): codec id, then the
 * name, NUL-separated, ending with an empty name. */
static const char sst_codec_names[] =
    "\1utf_8\0\1u8\0\1utf\0\1utf8\0\1utf8_ucs2\0\1utf8_ucs4\0\1cp65001\0"
    "\2ascii\0\2" "646\0\2ansi_x3.4_1968\0\2ansi_x3_4_1968\0\2ansi_x3.4_1986\0\2cp367\0\2csascii\0"
    "\2ibm367\0\2iso646_us\0\2iso_646.irv_1991\0\2iso_ir_6\0\2us\0\2us_ascii\0"
    "\3latin_1\0\0038859\0\3cp819\0\3csisolatin1\0\3ibm819\0\3iso8859\0\3iso8859_1\0\3iso_8859_1\0"
    "\3iso_8859_1_1987\0\3iso_ir_100\0\3l1\0\3latin\0\3latin1\0";

static int32_t sst_codec_lookup_in(const char *e, const char *name, int32_t len) {
    while (*e) {
        int32_t id = *e++;
        int32_t k = 0;
        while (e[k])
            k++;
        if (k == len && memcmp(e, name, (size_t)k) == 0)
            return id;
        e += k + 1;
    }
    return 0;
}

static int32_t sst_codec_lookup(const char *name, int32_t len) {
    return sst_codec_lookup_in(sst_codec_names, name, len);
}

/* The codec id of an encoding name, | SST_FAST for CPython's fast-path names. */
#define SST_FAST 16
static int32_t sst_codec(const uint8_t *enc, int32_t n) {
    char norm[40]; /* longer than any name of sst_codec_names */
    int32_t len = 0, punct = 0;
    for (int32_t i = 0; i < n; i++) {
        uint8_t c = enc[i];
        if ((sst_ascii(c) & (SST_ALPHA | SST_DIGIT)) || c == '.') {
            if (len + 2 > (int32_t)sizeof norm)
                return 0;
            if (punct && len)
                norm[len++] = '_';
            norm[len++] = (char)sst_blower(c);
            punct = 0;
        } else {
            punct = 1;
        }
    }
    int32_t id = sst_codec_lookup(norm, len);
    /* PyUnicode_Decode's fast paths: errors of the error handler are not
     * wrapped in "decoding with ... codec failed" */
    static const char fast[] = "\1utf8\0\1utf_8\0\1ascii\0\1us_ascii\0\1latin1\0\1latin_1\0\1iso_8859_1\0\1iso8859_1\0";
    if (id && sst_codec_lookup_in(fast, norm, len))
        id |= SST_FAST;
    if (!id) {
        int32_t dots = 0;
        for (int32_t i = 0; i < len; i++)
            if (norm[i] == '.') {
                norm[i] = '_';
                dots = 1;
            }
        /* aliases.get(norm.replace('.', '_')); the module-name fallback
         * skips names with a '.', and the module names are all aliases
         * or dot-free entries anyway */
        if (dots)
            id = sst_codec_lookup(norm, len);
    }
    return id;
}

enum { SST_ERR_STRICT, SST_ERR_IGNORE, SST_ERR_REPLACE, SST_ERR_BACKSLASH, SST_ERR_SURROGATE, SST_ERR_NOTDECODE,
       SST_ERR_UNKNOWN };

static int32_t sst_name_is(const uint8_t *p, int32_t n, const char *name) {
    int32_t k = 0;
    while (name[k])
        k++;
    return k == n && memcmp(p, name, (size_t)n) == 0;
}

static int32_t sst_errors(const uint8_t *p, int32_t n) {
    if (sst_name_is(p, n, "strict"))
        return SST_ERR_STRICT;
    if (sst_name_is(p, n, "ignore"))
        return SST_ERR_IGNORE;
    if (sst_name_is(p, n, "replace"))
        return SST_ERR_REPLACE;
    if (sst_name_is(p, n, "backslashreplace"))
        return SST_ERR_BACKSLASH;
    if (sst_name_is(p, n, "surrogateescape") || sst_name_is(p, n, "surrogatepass"))
        return SST_ERR_SURROGATE;
    if (sst_name_is(p, n, "xmlcharrefreplace") || sst_name_is(p, n, "namereplace"))
        return SST_ERR_NOTDECODE;
    return SST_ERR_UNKNOWN;
}

/* Bytes of the invalid UTF-8 sequence at p[s] as CPython's decoder reports
 * it (the error range handed to the error handler), or 0 when p[s] starts
 * a valid character (see text.c utf8_error). */
static int32_t sst_utf8_bad(const uint8_t *p, int32_t n, int32_t s) {
    uint8_t c = p[s];
    if (c < 0x80)
        return 0;
    if (c < 0xc2 || c > 0xf4)
        return 1;
    int32_t need = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    for (int32_t k = 1; k < need; k++) {
        if (s + k >= n)
            return n - s; /* unexpected end of data */
        uint8_t b = p[s + k];
        if (k == 1 ? b < lo || b > hi : !SST_CONT(b))
            return k; /* invalid continuation byte */
    }
    return 0;
}

/* The error of an error handler that cannot decode: before 3.12, outside
 * CPython's fast paths it is wrapped as "decoding with 'enc' codec failed
 * (Type: msg)"; 3.12 no longer wraps codec errors. */
static int32_t sst_decode_error_handler(int32_t handler, const uint8_t *errors, int32_t errors_n, int32_t fast,
                                        const uint8_t *enc, int32_t enc_n) {
    fast |= SSC_PYTHON >= 312;
    ssc_buf b;
    ssc_buf_init(&b, 96);
    int32_t code = handler == SST_ERR_NOTDECODE ? SSC_EXC_TypeError
                 : handler == SST_ERR_SURROGATE ? SSC_EXC_ValueError : SSC_EXC_LookupError;
    if (!fast) {
        ssc_buf_cstr(&b, "decoding with '");
        ssc_buf_put(&b, enc, enc_n);
        ssc_buf_cstr(&b, "' codec failed (");
        ssc_buf_cstr(&b, ssc_exception_names[code]);
        ssc_buf_cstr(&b, ": ");
    }
    if (handler == SST_ERR_NOTDECODE) {
        ssc_buf_cstr(&b, "don't know how to handle UnicodeDecodeError in error callback");
    } else if (handler == SST_ERR_SURROGATE) {
        ssc_buf_cstr(&b, "ssc's str cannot hold the lone surrogates of errors='");
        ssc_buf_put(&b, errors, errors_n);
        ssc_buf_cstr(&b, "'");
    } else {
        ssc_buf_cstr(&b, "unknown error handler name '");
        ssc_buf_put(&b, errors, errors_n > 400 ? 400 : errors_n);
        ssc_buf_cstr(&b, "'");
    }
    if (!fast)
        ssc_buf_cstr(&b, ")");
    ssc_raise_buf(code, &b);
    return SSC_RAISED;
}

/* b.decode(encoding='utf-8', errors='strict') for the UTF-8, ASCII and
 * Latin-1 codecs (under any of CPython's names for them) and the error
 * handlers strict, ignore, replace and backslashreplace. LookupError for
 * another encoding, or for an unknown handler when there is an error. */
int32_t ssc_bytes_decode(const uint8_t *p, int32_t n, const uint8_t *enc, int32_t enc_n, const uint8_t *errors,
                         int32_t errors_n, ssc_bytes *out) {
    for (int32_t k = 0; k < enc_n + errors_n; k++)
        if ((k < enc_n ? enc[k] : errors[k - enc_n]) == 0)
            return sst_raise(SSC_EXC_ValueError, "embedded null character");
    if (n == 0) /* CPython looks nothing up for empty data */
        return sst_set(out, p, 0);
    int32_t codec = sst_codec(enc, enc_n);
    if (!codec) {
        ssc_buf b;
        ssc_buf_init(&b, 32 + enc_n);
        ssc_buf_cstr(&b, "unknown encoding: ");
        ssc_buf_put(&b, enc, enc_n);
        ssc_raise_buf(SSC_EXC_LookupError, &b);
        return SSC_RAISED;
    }
    int32_t fast = codec & SST_FAST;
    codec &= ~SST_FAST;
    int32_t i = 0;
    if (codec != SST_LATIN1) { /* the valid prefix */
        while (i < n && p[i] < 0x80)
            i++;
        if (codec == SST_UTF8)
            while (i < n && sst_utf8_bad(p, n, i) == 0)
                i += sst_seq_len(p[i]);
        if (i == n)
            return sst_set(out, p, n);
    }
    int32_t handler = sst_errors(errors, errors_n);
    if (handler == SST_ERR_STRICT) {
        if (codec == SST_UTF8)
            return ssc_utf8_check(p, n) ? SSC_RAISED : sst_set(out, p, n);
        if (codec == SST_ASCII) {
            ssc_buf b;
            ssc_buf_init(&b, 96);
            ssc_buf_cstr(&b, "'ascii' codec can't decode byte 0x");
            ssc_buf_hex2(&b, p[i]);
            ssc_buf_cstr(&b, " in position ");
            ssc_buf_i64(&b, i);
            ssc_buf_cstr(&b, ": ordinal not in range(128)");
            ssc_raise_buf(SSC_EXC_UnicodeDecodeError, &b);
            return SSC_RAISED;
        }
    }
    ssc_buf b;
    ssc_buf_init(&b, n + n / 2 + 8);
    ssc_buf_put(&b, p, i);
    while (i < n) {
        int32_t bad;
        if (codec == SST_LATIN1) {
            sst_put_cp(&b, p[i++]);
            continue;
        }
        if (p[i] < 0x80) {
            ssc_buf_byte(&b, p[i++]);
            continue;
        }
        bad = codec == SST_ASCII ? 1 : sst_utf8_bad(p, n, i);
        if (bad == 0) {
            int32_t k = sst_seq_len(p[i]);
            ssc_buf_put(&b, p + i, k);
            i += k;
            continue;
        }
        switch (handler) {
        case SST_ERR_IGNORE:
            break;
        case SST_ERR_REPLACE:
            ssc_buf_cstr(&b, "\xef\xbf\xbd");
            break;
        case SST_ERR_BACKSLASH:
            for (int32_t k = 0; k < bad; k++) {
                ssc_buf_cstr(&b, "\\x");
                ssc_buf_hex2(&b, p[i + k]);
            }
            break;
        default:
            return sst_decode_error_handler(handler, errors, errors_n, fast, enc, enc_n);
        }
        i += bad;
    }
    return sst_set(out, b.ptr, b.len);
}
