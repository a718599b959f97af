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

/* ---- parse_qsl and parse_qs ----------------------------------------------------- */

static const ssc_type *const url_pair_items[2] = {&ssc_type_str, &ssc_type_str};
static const int32_t url_pair_offsets[2] = {0, 8};
/* tuple[str, str] and list[str]: the items of parse_qsl's list, the values of parse_qs's dict. */
static const ssc_type url_pair_type = {SSC_T_TUPLE, 16, 2, url_pair_items, {url_pair_offsets}};
static const ssc_type *const url_str_items[1] = {&ssc_type_str};
static const ssc_type url_str_list_type = {SSC_T_LIST, 4, 1, url_str_items, {NULL}};

static int32_t url_find(const uint8_t *p, int32_t n, const uint8_t *q, int32_t m, int32_t from) {
    for (int32_t i = from; i + m <= n; i++) {
        int32_t k = 0;
        while (k < m && p[i + k] == q[k]) k++;
        if (k == m)
            return i;
    }
    return -1;
}

/* parse_qsl's pairs, each passed to `add` with `ctx`: the fields of qs split at sep,
 * name and value split at the first '=', each unquote_plus'ed. */
static int32_t url_parse_qs(const uint8_t *qs, int32_t n, int32_t keep_blank, int32_t strict, const uint8_t *sep,
                            int32_t sep_n, void (*add)(void *, ssc_bytes *), void *ctx) {
    if (sep_n == 0) {
        ssc_raise_cstr(SSC_EXC_ValueError, "Separator must be of type string or bytes.");
        return SSC_RAISED;
    }
    /* an empty qs has no field from 3.11 on (3.10 splits it: one empty field) */
    for (int32_t at = 0; (n > 0 || SSC_PYTHON < 311) && at <= n;) {
        int32_t end = url_find(qs, n, sep, sep_n, at);
        if (end < 0) end = n;
        const uint8_t *field = qs + at;
        int32_t len = end - at;
        at = end + sep_n;
        if (len == 0 && !strict)
            continue;
        int32_t eq = url_find(field, len, (const uint8_t *)"=", 1, 0);
        if (eq < 0 && strict) {
            ssc_buf b;
            ssc_buf_init(&b, 24 + len);
            ssc_buf_cstr(&b, "bad query field: ");
            ssc_buf_str_repr(&b, field, len, -1);
            ssc_raise_buf(SSC_EXC_ValueError, &b);
            return SSC_RAISED;
        }
        if (eq < 0 && !keep_blank)
            continue;
        int32_t name_n = eq < 0 ? len : eq, value_n = eq < 0 ? 0 : len - eq - 1;
        if (!value_n && !keep_blank)
            continue;
        ssc_bytes pair[2];
        if (url_unquote(field, name_n, 1, &pair[0]) || url_unquote(field + name_n + 1, value_n, 1, &pair[1]))
            return SSC_RAISED;
        add(ctx, pair);
    }
    return SSC_OK;
}

static void url_add_pair(void *list, ssc_bytes *pair) {
    ssc_list_append(list, pair);
}

int32_t ssc_parse_qsl(const uint8_t *qs, int32_t n, int32_t keep_blank, int32_t strict, const uint8_t *sep,
                      int32_t sep_n, ssc_list **out) {
    *out = ssc_list_new(&url_pair_type, 0);
    return url_parse_qs(qs, n, keep_blank, strict, sep, sep_n, url_add_pair, *out);
}

static void url_add_value(void *dict, ssc_bytes *pair) {
    ssc_list **values = ssc_dict_lookup_text(dict, &pair[0]);
    if (values) {
        ssc_list_append(*values, &pair[1]);
        return;
    }
    ssc_list *fresh = ssc_list_new(&ssc_type_str, 1);
    ssc_list_append(fresh, &pair[1]);
    ssc_dict_setitem_text(dict, &pair[0], &fresh);
}

int32_t ssc_parse_qs(const uint8_t *qs, int32_t n, int32_t keep_blank, int32_t strict, const uint8_t *sep,
                     int32_t sep_n, ssc_dict **out) {
    *out = ssc_dict_new(&ssc_type_str, &url_str_list_type, 0);
    return url_parse_qs(qs, n, keep_blank, strict, sep, sep_n, url_add_value, *out);
}

/* ---- urlsplit and urlparse -------------------------------------------------------- */

/* SplitResult's fields, then ParseResult's params (urlparse). */
typedef struct { ssc_bytes scheme, netloc, path, query, fragment; } url_split;

static ssc_bytes url_slice(const uint8_t *p, int32_t from, int32_t to) {
    ssc_bytes s = {p + from, to - from};
    return s;
}

static int32_t url_scheme_char(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
}

/* `s` without its C0 controls and spaces at the left (and right: `both`) and without
 * any tab, CR or LF, as urlsplit cleans its url and scheme. */
static ssc_bytes url_clean(const uint8_t *p, int32_t n, int32_t both) {
    int32_t from = 0;
    while (from < n && p[from] <= 0x20) from++;
    while (both && n > from && p[n - 1] <= 0x20) n--;
    uint8_t *o = ssc_alloc((uint32_t)(n - from + 1));
    int32_t at = 0;
    for (int32_t i = from; i < n; i++)
        if (p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            o[at++] = p[i];
    return url_slice(o, 0, at);
}

/* ipaddress.IPv4Address's parse: four decimal octets, 0-255, no leading zero. */
static int32_t url_ipv4(const uint8_t *p, int32_t n) {
    int32_t octets = 0, at = 0;
    while (at <= n) {
        int32_t end = at;
        while (end < n && p[end] != '.') end++;
        int32_t value = 0, len = end - at;
        if (len == 0 || len > 3 || (len > 1 && p[at] == '0'))
            return 0;
        for (int32_t k = at; k < end; k++) {
            if (p[k] < '0' || p[k] > '9')
                return 0;
            value = value * 10 + (p[k] - '0');
        }
        if (value > 255 || ++octets > 4)
            return 0;
        at = end + 1;
    }
    return octets == 4;
}

/* ipaddress.IPv6Address's parse: parts split at ':' (an IPv4 tail counting as two valid
 * hextets; start -1), one empty part inside at most (the '::'), which the ends may only
 * extend, eight hextets of 1-4 hex digits in all, and a non-empty %scope without '%'. */
static int32_t url_ipv6(const uint8_t *p, int32_t n) {
    int32_t pct = url_find(p, n, (const uint8_t *)"%", 1, 0);
    if (pct >= 0) {
        if (pct == n - 1 || url_find(p, n, (const uint8_t *)"%", 1, pct + 1) >= 0)
            return 0;
        n = pct;
    }
    int32_t starts[11], ends[11], count = 0;
    for (int32_t at = 0; at <= n; count++) {
        if (count == 10)
            return 0;
        int32_t end = at;
        while (end < n && p[end] != ':') end++;
        starts[count] = at, ends[count] = end;
        at = end + 1;
    }
    if (count < 3)
        return 0;
    int32_t tail = count - 1;
    if (url_find(p + starts[tail], ends[tail] - starts[tail], (const uint8_t *)".", 1, 0) >= 0) {
        if (!url_ipv4(p + starts[tail], ends[tail] - starts[tail]))
            return 0;
        starts[tail] = starts[count] = -1, ends[tail] = ends[count] = 0;
        count++;
    }
    if (count > 9)
        return 0;
#define URL_EMPTY(i) (starts[i] >= 0 && starts[i] == ends[i])
    int32_t skip = -1;
    for (int32_t i = 1; i < count - 1; i++)
        if (URL_EMPTY(i)) {
            if (skip >= 0)
                return 0;
            skip = i;
        }
    int32_t hi = count, lo = 0;
    if (skip >= 0) {
        hi = skip - URL_EMPTY(0);
        lo = count - skip - 1 - URL_EMPTY(count - 1);
        if ((URL_EMPTY(0) && hi) || (URL_EMPTY(count - 1) && lo) || hi + lo > 7)
            return 0;
    } else if (count != 8 || URL_EMPTY(0) || URL_EMPTY(count - 1)) {
        return 0;
    }
#undef URL_EMPTY
    for (int32_t i = 0; i < count; i++) {
        if ((i >= hi && i < count - lo) || starts[i] < 0)
            continue;   /* the '::' and its empty ends, or the IPv4 tail */
        if (ends[i] == starts[i] || ends[i] - starts[i] > 4)
            return 0;
        for (int32_t k = starts[i]; k < ends[i]; k++)
            if (url_hex(p[k]) < 0)
                return 0;
    }
    return 1;
}

/* urlsplit's _check_bracketed_host (3.11+): an IPvFuture ("v1.x") or IPv6 address. */
static int32_t url_check_bracketed(ssc_bytes netloc) {
    int32_t open = url_find(netloc.ptr, netloc.len, (const uint8_t *)"[", 1, 0);
    int32_t close = url_find(netloc.ptr, netloc.len, (const uint8_t *)"]", 1, open + 1);
    ssc_bytes host = url_slice(netloc.ptr, open + 1, close < 0 ? netloc.len : close);
    if (host.len > 0 && host.ptr[0] == 'v') {
        int32_t k = 1;
        while (k < host.len && url_hex(host.ptr[k]) >= 0) k++;
        if (k == 1 || k + 1 >= host.len || host.ptr[k] != '.') {
            ssc_raise_cstr(SSC_EXC_ValueError, "IPvFuture address is invalid");
            return SSC_RAISED;
        }
        return SSC_OK;
    }
    if (url_ipv4(host.ptr, host.len)) {
        ssc_raise_cstr(SSC_EXC_ValueError, "An IPv4 address cannot be in brackets");
        return SSC_RAISED;
    }
    if (url_ipv6(host.ptr, host.len))
        return SSC_OK;
    ssc_buf b;
    ssc_buf_init(&b, 48 + host.len);
    ssc_buf_str_repr(&b, host.ptr, host.len, -1);
    ssc_buf_cstr(&b, " does not appear to be an IPv4 or IPv6 address");
    ssc_raise_buf(SSC_EXC_ValueError, &b);
    return SSC_RAISED;
}

static int32_t url_split_into(const uint8_t *p, int32_t n, const uint8_t *scheme, int32_t scheme_n,
                              int32_t fragments, url_split *r) {
    ssc_bytes url = url_clean(p, n, 0);
    r->scheme = url_clean(scheme, scheme_n, 1);
    ssc_bytes empty = {url.ptr, 0};
    r->netloc = r->query = r->fragment = empty;
    int32_t i = url_find(url.ptr, url.len, (const uint8_t *)":", 1, 0);
#if SSC_PYTHON >= 311
    int32_t first_ok = i > 0 && ((url.ptr[0] | 0x20) >= 'a' && (url.ptr[0] | 0x20) <= 'z');
#else
    int32_t first_ok = i > 0;
#endif
    int32_t k = 0;
    while (first_ok && k < i && url_scheme_char(url.ptr[k])) k++;
    if (first_ok && k == i) {
        uint8_t *lower = ssc_alloc((uint32_t)i);
        for (k = 0; k < i; k++) lower[k] = url.ptr[k] >= 'A' && url.ptr[k] <= 'Z' ? url.ptr[k] + 32 : url.ptr[k];
        r->scheme = url_slice(lower, 0, i);
        url = url_slice(url.ptr, i + 1, url.len);
    }
    if (url.len >= 2 && url.ptr[0] == '/' && url.ptr[1] == '/') {
        int32_t delim = url.len;
        for (k = 2; k < url.len && delim == url.len; k++)
            if (url.ptr[k] == '/' || url.ptr[k] == '?' || url.ptr[k] == '#') delim = k;
        r->netloc = url_slice(url.ptr, 2, delim);
        url = url_slice(url.ptr, delim, url.len);
        int32_t open = url_find(r->netloc.ptr, r->netloc.len, (const uint8_t *)"[", 1, 0) >= 0;
        int32_t close = url_find(r->netloc.ptr, r->netloc.len, (const uint8_t *)"]", 1, 0) >= 0;
        if (open != close) {
            ssc_raise_cstr(SSC_EXC_ValueError, "Invalid IPv6 URL");
            return SSC_RAISED;
        }
#if SSC_PYTHON >= 311
        if (open && url_check_bracketed(r->netloc))
            return SSC_RAISED;
#endif
    }
    int32_t hash = fragments ? url_find(url.ptr, url.len, (const uint8_t *)"#", 1, 0) : -1;
    if (hash >= 0) {
        r->fragment = url_slice(url.ptr, hash + 1, url.len);
        url = url_slice(url.ptr, 0, hash);
    }
    int32_t ask = url_find(url.ptr, url.len, (const uint8_t *)"?", 1, 0);
    if (ask >= 0) {
        r->query = url_slice(url.ptr, ask + 1, url.len);
        url = url_slice(url.ptr, 0, ask);
    }
    r->path = url;
    return SSC_OK;
}

int32_t ssc_urlsplit(const uint8_t *p, int32_t n, const uint8_t *scheme, int32_t scheme_n, int32_t fragments,
                     void *out) {
    return url_split_into(p, n, scheme, scheme_n, fragments, out);
}

/* The schemes whose path may have ;params (urllib.parse.uses_params). */
static const char *const url_params_schemes[] = {"", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp",
                                                 "rtsp", "rtspu", "sip", "sips", "mms", "sftp", "tel"};

static int32_t url_uses_params(ssc_bytes scheme) {
    for (uint32_t i = 0; i < sizeof url_params_schemes / sizeof *url_params_schemes; i++) {
        const char *s = url_params_schemes[i];
        int32_t len = 0;
        while (s[len] && len < scheme.len && s[len] == (char)scheme.ptr[len]) len++;
        if (!s[len] && len == scheme.len)
            return 1;
    }
    return 0;
}

int32_t ssc_urlparse(const uint8_t *p, int32_t n, const uint8_t *scheme, int32_t scheme_n, int32_t fragments,
                     void *out) {
    url_split r;
    if (url_split_into(p, n, scheme, scheme_n, fragments, &r))
        return SSC_RAISED;
    ssc_bytes *o = out, path = r.path, params = {path.ptr, 0};
    if (url_uses_params(r.scheme) && url_find(path.ptr, path.len, (const uint8_t *)";", 1, 0) >= 0) {
        int32_t slash = -1;
        for (int32_t k = 0; k < path.len; k++)
            if (path.ptr[k] == '/') slash = k;
        int32_t semi = url_find(path.ptr, path.len, (const uint8_t *)";", 1, slash < 0 ? 0 : slash);
        if (semi >= 0) {
            params = url_slice(path.ptr, semi + 1, path.len);
            path = url_slice(path.ptr, 0, semi);
        }
    }
    o[0] = r.scheme, o[1] = r.netloc, o[2] = path, o[3] = params, o[4] = r.query, o[5] = r.fragment;
    return SSC_OK;
}

/* ---- the results' properties, of netloc (the second field of both) ------------------ */

/* _hostinfo: the host (bracketed: inside the brackets) and the port text (absent: len -1). */
static void url_hostinfo(const ssc_bytes *fields, ssc_bytes *host, ssc_bytes *port) {
    ssc_bytes netloc = fields[1];
    int32_t at = -1;
    for (int32_t k = 0; k < netloc.len; k++)
        if (netloc.ptr[k] == '@') at = k;
    ssc_bytes info = url_slice(netloc.ptr, at + 1, netloc.len);
    int32_t open = url_find(info.ptr, info.len, (const uint8_t *)"[", 1, 0), colon;
    if (open >= 0) {
        int32_t close = url_find(info.ptr, info.len, (const uint8_t *)"]", 1, open);
        *host = url_slice(info.ptr, open + 1, close < 0 ? info.len : close);
        colon = close < 0 ? -1 : url_find(info.ptr, info.len, (const uint8_t *)":", 1, close);
    } else {
        colon = url_find(info.ptr, info.len, (const uint8_t *)":", 1, 0);
        *host = url_slice(info.ptr, 0, colon < 0 ? info.len : colon);
    }
    *port = colon < 0 ? url_slice(info.ptr, 0, -1) : url_slice(info.ptr, colon + 1, info.len);
}

/* .hostname: the host lower-cased up to a '%' (an IPv6 zone keeps its case); None when empty. */
int32_t ssc_url_hostname(const void *result, void *out) {
    ssc_bytes host, port;
    url_hostinfo(result, &host, &port);
    struct { uint8_t present; ssc_bytes value; } *o = out;
    o->present = host.len > 0;
    if (!o->present)
        return SSC_OK;
    int32_t pct = url_find(host.ptr, host.len, (const uint8_t *)"%", 1, 0);
    int32_t cut = pct < 0 ? host.len : pct;
    ssc_bytes lower;
    ssc_str_lower(host.ptr, cut, &lower);
    ssc_buf b;
    ssc_buf_init(&b, host.len + 8);
    ssc_buf_put(&b, lower.ptr, lower.len);
    ssc_buf_put(&b, host.ptr + cut, host.len - cut);
    o->value.ptr = b.ptr;
    o->value.len = b.len;
    return SSC_OK;
}

/* .port: the port's ASCII digits as an int (None without one); ValueError otherwise. */
int32_t ssc_url_port(const void *result, void *out) {
    ssc_bytes host, port;
    url_hostinfo(result, &host, &port);
    struct { uint8_t present; int64_t value; } *o = out;
    o->present = port.len > 0;
    if (!o->present)
        return SSC_OK;
    int64_t value = 0;
    for (int32_t k = 0; k < port.len; k++) {
        if (port.ptr[k] < '0' || port.ptr[k] > '9') {
            ssc_buf b;
            ssc_buf_init(&b, 64 + port.len);
            ssc_buf_cstr(&b, "Port could not be cast to integer value as ");
            ssc_buf_str_repr(&b, port.ptr, port.len, -1);
            ssc_raise_buf(SSC_EXC_ValueError, &b);
            return SSC_RAISED;
        }
        value = value > 65535 ? value : value * 10 + (port.ptr[k] - '0');
    }
    if (value > 65535) {
        ssc_raise_cstr(SSC_EXC_ValueError, "Port out of range 0-65535");
        return SSC_RAISED;
    }
    o->value = value;
    return SSC_OK;
}

/* .username and .password: the user information before the netloc's last '@'. */
static int32_t url_userinfo(const void *result, int32_t password, void *out) {
    ssc_bytes netloc = ((const ssc_bytes *)result)[1];
    struct { uint8_t present; ssc_bytes value; } *o = out;
    int32_t at = -1;
    for (int32_t k = 0; k < netloc.len; k++)
        if (netloc.ptr[k] == '@') at = k;
    int32_t colon = at < 0 ? -1 : url_find(netloc.ptr, at, (const uint8_t *)":", 1, 0);
    o->present = at >= 0 && (!password || colon >= 0);
    if (o->present)
        o->value = password ? url_slice(netloc.ptr, colon + 1, at) : url_slice(netloc.ptr, 0, colon < 0 ? at : colon);
    return SSC_OK;
}

int32_t ssc_url_username(const void *result, void *out) { return url_userinfo(result, 0, out); }
int32_t ssc_url_password(const void *result, void *out) { return url_userinfo(result, 1, out); }
