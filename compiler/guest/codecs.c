/* codecs.c: the base64 module, binascii's hex codecs and crc32, and zlib.crc32,
 * with CPython's results and binascii.Error messages (Lib/base64.py,
 * Modules/binascii.c). Every function here is a runtime row of semantics.py
 * (MODULE_FUNCTIONS): its prototype is generated into ssc_gen.h. */
#include "codecs.h"
#include "core.h"
#include "text.h"
#include "strings.h"

/* binascii.Error's code in this module's exception table: the lowering defines
 * it when the program calls a function that raises it (lower/entry.py); this
 * weak definition, a ValueError, is never used by a module the checker made. */
__attribute__((weak)) const int32_t ssc_binascii_error = SSC_EXC_ValueError;

SSC_COLD static int32_t cdc_error(const char *msg) {
    ssc_raise_cstr(ssc_binascii_error, msg);
    return SSC_RAISED;
}

/* `s` of a str argument where CPython takes ASCII str or bytes (_bytes_from_decode_data). */
static int32_t cdc_ascii(const uint8_t *p, int32_t n) {
    for (int32_t i = 0; i < n; i++)
        if (p[i] >= 0x80) {
            ssc_raise_cstr(SSC_EXC_ValueError, "string argument should contain only ASCII characters");
            return SSC_RAISED;
        }
    return SSC_OK;
}

static uint8_t *cdc_alloc(int64_t n) {
    return ssc_alloc(n > 0 ? (uint32_t)n : 1u);
}

/* `assert len(chars) == want, repr(chars)` of base64's altchars and map01. */
static int32_t cdc_assert_len(const uint8_t *p, int32_t n, int32_t want) {
    if (n == want)
        return SSC_OK;
    ssc_buf b;
    ssc_buf_init(&b, 16 + 4 * n);
    ssc_buf_bytes_repr(&b, p, n, -1);
    ssc_raise_buf(SSC_EXC_AssertionError, &b);
    return SSC_RAISED;
}

/* ---- base64 ---------------------------------------------------------------- */

static const char cdc_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* binascii.b2a_base64(s, newline=False), '+' and '/' written as c62 and c63. */
static int32_t cdc_b64encode(const uint8_t *p, int32_t n, uint8_t c62, uint8_t c63, ssc_bytes *out) {
    int64_t total = ((int64_t)n + 2) / 3 * 4;
    if (total > 0x7fffffff)
        return cdc_error("Too much data for base64 line");
    uint8_t *o = cdc_alloc(total);
    int32_t at = 0;
    for (int32_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n) v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        for (int32_t k = 0; k < 4; k++) {
            uint8_t c = (uint8_t)cdc_b64[(v >> (18 - 6 * k)) & 63];
            o[at++] = c == '+' ? c62 : c == '/' ? c63 : c;
        }
        if (i + 1 >= n) o[at - 2] = '=';
        if (i + 2 >= n) o[at - 1] = '=';
    }
    out->ptr = o;
    out->len = at;
    return SSC_OK;
}

static int8_t cdc_b64value(uint8_t c) {
    if (c >= 'A' && c <= 'Z') return (int8_t)(c - 'A');
    if (c >= 'a' && c <= 'z') return (int8_t)(c - 'a' + 26);
    if (c >= '0' && c <= '9') return (int8_t)(c - '0' + 52);
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

SSC_COLD static int32_t cdc_b64_length_error(int32_t written) {
    ssc_buf b;
    ssc_buf_init(&b, 120);
    ssc_buf_cstr(&b, "Invalid base64-encoded string: number of data characters (");
    ssc_buf_i64(&b, (int64_t)written / 3 * 4 + 1);
    ssc_buf_cstr(&b, ") cannot be 1 more than a multiple of 4");
    ssc_raise_buf(ssc_binascii_error, &b);
    return SSC_RAISED;
}

/* 3.10's b64decode(validate=True): re.fullmatch(b'[A-Za-z0-9+/]*={0,2}', s) first. */
static int32_t cdc_b64_validate_310(const uint8_t *p, int32_t n) {
    int32_t i = 0;
    while (i < n && cdc_b64value(p[i]) >= 0) i++;
    int32_t pads = 0;
    while (i < n && p[i] == '=' && pads < 2) { i++; pads++; }
    return i == n ? SSC_OK : cdc_error("Non-base64 digit found");
}

/* binascii.a2b_base64(s, strict_mode=strict): characters outside the alphabet
 * skipped (refused when strict), decoding stops at the pad that completes a quad. */
static int32_t cdc_a2b_base64(const uint8_t *p, int32_t n, int32_t strict, ssc_bytes *out) {
    uint8_t *o = cdc_alloc((int64_t)n / 4 * 3 + 3);
    int32_t at = 0, quad = 0, pads = 0, padding = 0;
    uint32_t left = 0;
    if (strict && n > 0 && p[0] == '=')
        return cdc_error("Leading padding not allowed");
    for (int32_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '=') {
            padding = 1;
#if SSC_PYTHON >= 313
            if (strict && quad == 0)
                return cdc_error("Excess padding not allowed");
#endif
            if (quad >= 2 && quad + ++pads >= 4) {
                if (strict && i + 1 < n)
                    return cdc_error("Excess data after padding");
                goto done;
            }
            continue;
        }
        int8_t v = cdc_b64value(c);
        if (v < 0) {
            if (strict)
                return cdc_error("Only base64 data is allowed");
            continue;
        }
        if (strict && padding)
            return cdc_error("Discontinuous padding not allowed");
        pads = 0;
        switch (quad) {
        case 0: left = (uint32_t)v; quad = 1; break;
        case 1: o[at++] = (uint8_t)((left << 2) | ((uint32_t)v >> 4)); left = (uint32_t)v & 15; quad = 2; break;
        case 2: o[at++] = (uint8_t)((left << 4) | ((uint32_t)v >> 2)); left = (uint32_t)v & 3; quad = 3; break;
        default: o[at++] = (uint8_t)((left << 6) | (uint32_t)v); quad = 0; break;
        }
    }
    if (quad == 1)
        return cdc_b64_length_error(at);
    if (quad != 0)
        return cdc_error("Incorrect padding");
done:
    out->ptr = o;
    out->len = at;
    return SSC_OK;
}

/* b64decode: altchars translated to "+/", then a2b_base64 (strict when validate). */
static int32_t cdc_b64decode(const uint8_t *p, int32_t n, uint8_t c62, uint8_t c63, int32_t validate,
                             ssc_bytes *out) {
    if (c62 != '+' || c63 != '/') {
        uint8_t *t = cdc_alloc(n);
        for (int32_t i = 0; i < n; i++)
            t[i] = p[i] == c62 ? '+' : p[i] == c63 ? '/' : p[i];
        p = t;
    }
#if SSC_PYTHON < 311
    if (validate && cdc_b64_validate_310(p, n))
        return SSC_RAISED;
    validate = 0;
#endif
    return cdc_a2b_base64(p, n, validate, out);
}

int32_t ssc_b64encode(const uint8_t *p, int32_t n, int32_t has_alt, const uint8_t *alt, int32_t alt_n,
                      ssc_bytes *out) {
    if (has_alt && cdc_assert_len(alt, alt_n, 2))
        return SSC_RAISED;
    return cdc_b64encode(p, n, has_alt ? alt[0] : '+', has_alt ? alt[1] : '/', out);
}

int32_t ssc_b64decode(const uint8_t *p, int32_t n, int32_t has_alt, const uint8_t *alt, int32_t alt_n,
                      int32_t validate, ssc_bytes *out) {
    if (has_alt && cdc_assert_len(alt, alt_n, 2))
        return SSC_RAISED;
    return cdc_b64decode(p, n, has_alt ? alt[0] : '+', has_alt ? alt[1] : '/', validate, out);
}

int32_t ssc_b64decode_str(const uint8_t *p, int32_t n, int32_t has_alt, const uint8_t *alt, int32_t alt_n,
                          int32_t validate, ssc_bytes *out) {
    if (cdc_ascii(p, n))
        return SSC_RAISED;
    return ssc_b64decode(p, n, has_alt, alt, alt_n, validate, out);
}

int32_t ssc_b64encode_standard(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_b64encode(p, n, '+', '/', out);
}

int32_t ssc_b64decode_standard(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_b64decode(p, n, '+', '/', 0, out);
}

int32_t ssc_b64decode_standard_str(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_ascii(p, n) ? SSC_RAISED : cdc_b64decode(p, n, '+', '/', 0, out);
}

int32_t ssc_b64encode_urlsafe(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_b64encode(p, n, '-', '_', out);
}

int32_t ssc_b64decode_urlsafe(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_b64decode(p, n, '-', '_', 0, out);
}

int32_t ssc_b64decode_urlsafe_str(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_ascii(p, n) ? SSC_RAISED : cdc_b64decode(p, n, '-', '_', 0, out);
}

/* ---- base32 ---------------------------------------------------------------- */

static const char cdc_b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char cdc_b32hex[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

static int32_t cdc_b32encode(const uint8_t *p, int32_t n, const char *alphabet, ssc_bytes *out) {
    int64_t total = ((int64_t)n + 4) / 5 * 8;
    if (total > 0x7fffffff)
        return cdc_error("Too much data for base32");
    uint8_t *o = cdc_alloc(total);
    int32_t at = 0;
    for (int32_t i = 0; i < n; i += 5) {
        uint64_t v = 0;
        int32_t have = n - i < 5 ? n - i : 5;
        for (int32_t k = 0; k < 5; k++)
            v = (v << 8) | (k < have ? p[i + k] : 0u);
        for (int32_t k = 0; k < 8; k++)
            o[at++] = (uint8_t)alphabet[(v >> (35 - 5 * k)) & 31];
        /* 1 byte: 2 digits, 2: 4, 3: 5, 4: 7 */
        static const int8_t digits[6] = {0, 2, 4, 5, 7, 8};
        for (int32_t k = digits[have]; k < 8; k++)
            o[at - 8 + k] = '=';
    }
    out->ptr = o;
    out->len = at;
    return SSC_OK;
}

static int32_t cdc_b32value(uint8_t c, const char *alphabet) {
    for (int32_t k = 0; k < 32; k++)
        if ((uint8_t)alphabet[k] == c)
            return k;
    return -1;
}

/* base64._b32decode: whole quanta of 8, then the padding counted from the end. */
static int32_t cdc_b32decode(const uint8_t *p, int32_t n, const char *alphabet, int32_t casefold,
                             int32_t map01, ssc_bytes *out) {
    if (n % 8)
        return cdc_error("Incorrect padding");
    int32_t len = n;
    while (len > 0 && p[len - 1] == '=') len--;
    int32_t pads = n - len;
    uint8_t *o = cdc_alloc((int64_t)(len + 7) / 8 * 5);
    int32_t at = 0;
    uint64_t acc = 0;
    for (int32_t i = 0; i < len; i += 8) {
        acc = 0;
        for (int32_t k = i; k < i + 8 && k < len; k++) {
            uint8_t c = p[k];
            if (map01 >= 0 && c == '0') c = 'O';
            else if (map01 >= 0 && c == '1') c = (uint8_t)map01;
            if (casefold && c >= 'a' && c <= 'z') c = (uint8_t)(c - 32);
            int32_t v = cdc_b32value(c, alphabet);
            if (v < 0)
                return cdc_error("Non-base32 digit found");
            acc = (acc << 5) | (uint64_t)v;
        }
        for (int32_t k = 0; k < 5; k++)
            o[at++] = (uint8_t)(acc >> (32 - 8 * k));
    }
    if (pads != 0 && pads != 1 && pads != 3 && pads != 4 && pads != 6)
        return cdc_error("Incorrect padding");
    if (pads && at) {
        acc <<= 5 * pads;
        int32_t leftover = (43 - 5 * pads) / 8;
        at -= 5;
        for (int32_t k = 0; k < leftover; k++)
            o[at++] = (uint8_t)(acc >> (32 - 8 * k));
    }
    out->ptr = o;
    out->len = at;
    return SSC_OK;
}

int32_t ssc_b32encode(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_b32encode(p, n, cdc_b32, out);
}

int32_t ssc_b32hexencode(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_b32encode(p, n, cdc_b32hex, out);
}

int32_t ssc_b32decode(const uint8_t *p, int32_t n, int32_t casefold, int32_t has_map01, const uint8_t *map01,
                      int32_t map01_n, ssc_bytes *out) {
    if (has_map01 && cdc_assert_len(map01, map01_n, 1))
        return SSC_RAISED;
    return cdc_b32decode(p, n, cdc_b32, casefold, has_map01 ? map01[0] : -1, out);
}

int32_t ssc_b32decode_str(const uint8_t *p, int32_t n, int32_t casefold, int32_t has_map01,
                          const uint8_t *map01, int32_t map01_n, ssc_bytes *out) {
    if (cdc_ascii(p, n) || (has_map01 && cdc_ascii(map01, map01_n)))
        return SSC_RAISED;
    return ssc_b32decode(p, n, casefold, has_map01, map01, map01_n, out);
}

int32_t ssc_b32hexdecode(const uint8_t *p, int32_t n, int32_t casefold, ssc_bytes *out) {
    return cdc_b32decode(p, n, cdc_b32hex, casefold, -1, out);
}

int32_t ssc_b32hexdecode_str(const uint8_t *p, int32_t n, int32_t casefold, ssc_bytes *out) {
    return cdc_ascii(p, n) ? SSC_RAISED : cdc_b32decode(p, n, cdc_b32hex, casefold, -1, out);
}

/* ---- base16 and binascii's hex ------------------------------------------------- */

static int32_t cdc_hexvalue(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* binascii.unhexlify: an even number of hex digits. */
int32_t ssc_binascii_unhexlify(const uint8_t *p, int32_t n, ssc_bytes *out) {
    if (n % 2)
        return cdc_error("Odd-length string");
    uint8_t *o = cdc_alloc(n / 2);
    for (int32_t i = 0; i < n; i += 2) {
        int32_t hi = cdc_hexvalue(p[i]), lo = cdc_hexvalue(p[i + 1]);
        if (hi < 0 || lo < 0)
            return cdc_error("Non-hexadecimal digit found");
        o[i / 2] = (uint8_t)(hi * 16 + lo);
    }
    out->ptr = o;
    out->len = n / 2;
    return SSC_OK;
}

int32_t ssc_binascii_unhexlify_str(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return cdc_ascii(p, n) ? SSC_RAISED : ssc_binascii_unhexlify(p, n, out);
}

/* binascii.hexlify(data, sep, bytes_per_sep): bytes.hex's digits, as bytes. Its sep is
 * one byte: a bytes of length 1, or a str of one code point below 256 (CPython takes
 * the character's Latin-1 byte, not only ASCII). */
int32_t ssc_binascii_hexlify(const uint8_t *p, int32_t n, int32_t has_sep, const uint8_t *sep, int32_t sep_n,
                             int64_t bytes_per_sep, ssc_bytes *out) {
    int32_t byte = -1;
    if (has_sep) {
        if (sst_count(sep, sep_n) != 1)
            return sst_raise(SSC_EXC_ValueError, "sep must be length 1.");
        if (sep_n > 2 || (sep_n == 2 && sep[0] > 0xc3))
            return sst_raise(SSC_EXC_ValueError, "sep must be ASCII.");
        byte = sep_n == 1 ? sep[0] : ((sep[0] & 0x1f) << 6) | (sep[1] & 0x3f);
    }
    return sst_hex(p, n, byte, bytes_per_sep, out);
}

int32_t ssc_binascii_hexlify_bytes_sep(const uint8_t *p, int32_t n, const uint8_t *sep, int32_t sep_n,
                                       int64_t bytes_per_sep, ssc_bytes *out) {
    if (sep_n != 1)
        return sst_raise(SSC_EXC_ValueError, "sep must be length 1.");
    return sst_hex(p, n, sep[0], bytes_per_sep, out);
}

int32_t ssc_b16encode(const uint8_t *p, int32_t n, ssc_bytes *out) {
    int64_t total = 2 * (int64_t)n;
    if (total > 0x7fffffff)
        return cdc_error("Too much data for base16");
    uint8_t *o = cdc_alloc(total);
    for (int32_t i = 0; i < n; i++) {
        /* digits computed, not a table: a "0123456789ABCDEF" array would take the place of
         * number.c's equal string literal in every module */
        uint8_t hi = p[i] >> 4, lo = p[i] & 15;
        o[2 * i] = (uint8_t)(hi < 10 ? '0' + hi : 'A' - 10 + hi);
        o[2 * i + 1] = (uint8_t)(lo < 10 ? '0' + lo : 'A' - 10 + lo);
    }
    out->ptr = o;
    out->len = (int32_t)total;
    return SSC_OK;
}

/* b16decode: upper-case digits only (any case with casefold), then unhexlify. */
int32_t ssc_b16decode(const uint8_t *p, int32_t n, int32_t casefold, ssc_bytes *out) {
    for (int32_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (casefold && c >= 'a' && c <= 'z') c = (uint8_t)(c - 32);
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
            return cdc_error("Non-base16 digit found");
    }
    return ssc_binascii_unhexlify(p, n, out);
}

int32_t ssc_b16decode_str(const uint8_t *p, int32_t n, int32_t casefold, ssc_bytes *out) {
    return cdc_ascii(p, n) ? SSC_RAISED : ssc_b16decode(p, n, casefold, out);
}

/* ---- CRC-32 (ISO 3309, as zlib: reflected polynomial 0xEDB88320) ---------------- */

int32_t ssc_crc32(const uint8_t *p, int32_t n, int64_t value, int64_t *out) {
    uint32_t crc = ~(uint32_t)value;
    for (int32_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int32_t k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    *out = (int64_t)(uint32_t)~crc;
    return SSC_OK;
}
