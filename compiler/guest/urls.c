/* urls.c: urllib.parse's quoting (quote, quote_plus, unquote, unquote_plus) and
 * urlencode, with CPython's results (Lib/urllib/parse.py). Every function here is
 * a runtime row of semantics.py (MODULE_FUNCTIONS of "urllib.parse"): its
 * prototype is generated into ssc_gen.h. */
#include "urls.h"
#include "core.h"
#include "strings.h"
#include "containers.h"

/* quote's _ALWAYS_SAFE: ASCII letters, digits and "_.-~". */
static int32_t url_always_safe(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-' || c == '~';
}

/* quote_from_bytes(p, safe) appended to b: bytes outside the always-safe set and
 * `safe` (its ASCII characters; CPython drops the others) as %XX; `plus`: a space
 * as '+' (quote_plus). */
static void url_quote_to(ssc_buf *b, const uint8_t *p, int32_t n, const uint8_t *safe, int32_t safe_n,
                         int32_t plus) {
    for (int32_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        int32_t keep = url_always_safe(c);
        for (int32_t k = 0; !keep && k < safe_n && c < 0x80; k++)
            keep = safe[k] == c;
        if (keep) {
            ssc_buf_byte(b, c);
        } else if (plus && c == ' ') {
            ssc_buf_byte(b, '+');
        } else {
            /* digits computed: a "0123456789ABCDEF" table would take the place of number.c's
             * equal literal in every module */
            uint8_t hi = c >> 4, lo = c & 15;
            ssc_buf_byte(b, '%');
            ssc_buf_byte(b, (uint8_t)(hi < 10 ? '0' + hi : 'A' - 10 + hi));
            ssc_buf_byte(b, (uint8_t)(lo < 10 ? '0' + lo : 'A' - 10 + lo));
        }
    }
}

static int32_t url_quote(const uint8_t *p, int32_t n, const uint8_t *safe, int32_t safe_n, int32_t plus,
                         ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, n + 8);
    url_quote_to(&b, p, n, safe, safe_n, plus);
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}

int32_t ssc_url_quote(const uint8_t *p, int32_t n, const uint8_t *safe, int32_t safe_n, ssc_bytes *out) {
    return url_quote(p, n, safe, safe_n, 0, out);
}

int32_t ssc_url_quote_plus(const uint8_t *p, int32_t n, const uint8_t *safe, int32_t safe_n, ssc_bytes *out) {
    return url_quote(p, n, safe, safe_n, 1, out);
}

static int32_t url_hex(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* unquote(s): each %XX as its byte (a '%' without two hex digits kept), the
 * result decoded as UTF-8 with errors "replace"; `plus`: '+' as a space first. */
static int32_t url_unquote(const uint8_t *p, int32_t n, int32_t plus, ssc_bytes *out) {
    int32_t any = 0;
    for (int32_t i = 0; i < n && !any; i++)
        any = p[i] == '%' || (plus && p[i] == '+');
    if (!any) {
        out->ptr = p;
        out->len = n;
        return SSC_OK;
    }
    uint8_t *o = ssc_alloc((uint32_t)n);
    int32_t at = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t hi = p[i] == '%' && i + 2 < n ? url_hex(p[i + 1]) : -1;
        int32_t lo = hi >= 0 ? url_hex(p[i + 2]) : -1;
        if (lo >= 0) {
            o[at++] = (uint8_t)(hi * 16 + lo);
            i += 2;
        } else {
            o[at++] = plus && p[i] == '+' ? ' ' : p[i];
        }
    }
    return ssc_bytes_decode(o, at, (const uint8_t *)"utf-8", 5, (const uint8_t *)"replace", 7, out);
}

int32_t ssc_url_unquote(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return url_unquote(p, n, 0, out);
}

int32_t ssc_url_unquote_plus(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return url_unquote(p, n, 1, out);
}

/* urlencode(query, safe=safe) of a dict[str, str]: "k=v" pairs, each side quoted by
 * quote_plus, joined by '&', in the dict's order. */
int32_t ssc_urlencode(ssc_dict *d, int32_t doseq, const uint8_t *safe, int32_t safe_n, ssc_bytes *out) {
    (void)doseq;   /* the same for str values */
    ssc_buf b;
    ssc_buf_init(&b, 16 * (d->len + 1));
    int32_t first = 1;
    for (int32_t ix = 0; ix < d->nentries; ix++) {
        const uint8_t *e = ct_entry(d, ix);
        if (!ct_entry_live(e))
            continue;
        const ssc_bytes *k = (const ssc_bytes *)(e + d->koff), *v = (const ssc_bytes *)(e + d->voff);
        if (!first)
            ssc_buf_byte(&b, '&');
        first = 0;
        url_quote_to(&b, k->ptr, k->len, safe, safe_n, 1);
        ssc_buf_byte(&b, '=');
        url_quote_to(&b, v->ptr, v->len, safe, safe_n, 1);
    }
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}
