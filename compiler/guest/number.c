/* ssc guest runtime, numbers: int and float arithmetic with Python's
 * semantics, float <-> text, and format specs. See ssc_rt.h.
 *
 * Everything matches CPython 3.11 (Objects/longobject.c, floatobject.c,
 * Python/dtoa.c, pystrtod.c, formatter_unicode.c), error messages included,
 * with ssc's one difference: int is int64 (OverflowError outside it).
 *
 * Float <-> decimal conversions are exact: a small fixed-size big integer
 * (bn) does the work whenever double arithmetic cannot be proved correct,
 * so every result is correctly rounded as CPython's dtoa.c gives it.
 * The algorithms are the textbook ones: Burger & Dybvig's free-format
 * shortest digits for repr, exact digit generation of m * 2^e for the
 * fixed-precision formats, and an exact quotient for decimal -> double.
 *
 * This file is compiled in one translation unit after text.c (runtime.c):
 * it reuses text.c's Unicode helpers (uni_start, uni_lookup, int_reader,
 * int_next, int_is_space, int_too_many_digits).
 */
#include "number.h"
#include "core.h"
#include "text.h"
#include "containers.h"

/* ---- double bits ------------------------------------------------------- */

#define D_MANT_MASK ((uint64_t)0xfffffffffffff)
#define D_HIDDEN ((uint64_t)1 << 52)
#define TWO63 9223372036854775808.0

static uint64_t d_bits(double x) {
    uint64_t u;
    __builtin_memcpy(&u, &x, 8);
    return u;
}

static double d_from_bits(uint64_t u) {
    double x;
    __builtin_memcpy(&x, &u, 8);
    return x;
}

static int d_isnan(double x) { return x != x; }
static int d_isinf(double x) { return __builtin_fabs(x) == __builtin_inf(); }
static int d_signbit(double x) { return (int)(d_bits(x) >> 63); }

static int32_t raise_msg(int32_t code, const char *msg) {
    ssc_raise_cstr(code, msg);
    return SSC_RAISED;
}

/* ---- big integers ------------------------------------------------------
 * Little-endian 32-bit limbs, n used (no leading zero limb; 0 has n == 0).
 * The capacity covers the largest case, decimal -> double with 801
 * significant digits and exponent -1125 (about 3800 bits). */

#define BN_CAP 128

typedef struct {
    int32_t n;
    uint32_t d[BN_CAP];
} bn;

static void bn_check(int32_t n) {
    if (SSC_UNLIKELY(n > BN_CAP))
        __builtin_trap();
}

static void bn_trim(bn *a) {
    while (a->n && !a->d[a->n - 1])
        a->n--;
}

static void bn_u64(bn *a, uint64_t v) {
    a->n = 0;
    while (v) {
        a->d[a->n++] = (uint32_t)v;
        v >>= 32;
    }
}

static void bn_copy(bn *dst, const bn *src) {
    dst->n = src->n;
    memcpy(dst->d, src->d, (size_t)src->n * 4);
}

/* a = a * m + add */
static void bn_muladd(bn *a, uint32_t m, uint32_t add) {
    uint64_t carry = add;
    for (int32_t i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) {
        bn_check(a->n + 1);
        a->d[a->n++] = (uint32_t)carry;
    }
}

/* a <<= k */
static void bn_shl(bn *a, int32_t k) {
    if (!a->n || k <= 0)
        return;
    int32_t w = k >> 5, s = k & 31, n = a->n;
    bn_check(n + w + 1);
    a->d[n + w] = 0;
    for (int32_t i = n - 1; i >= 0; i--) {
        uint32_t x = a->d[i];
        if (s) {
            a->d[i + w + 1] |= x >> (32 - s);
            a->d[i + w] = x << s;
        } else {
            a->d[i + w] = x;
        }
    }
    for (int32_t i = 0; i < w; i++)
        a->d[i] = 0;
    a->n = n + w + 1;
    bn_trim(a);
}

static void bn_shr1(bn *a) {
    for (int32_t i = 0; i < a->n; i++)
        a->d[i] = (a->d[i] >> 1) | (i + 1 < a->n ? a->d[i + 1] << 31 : 0);
    bn_trim(a);
}

/* a >>= k, k >= 0 */
static void bn_shr(bn *a, int32_t k) {
    int32_t w = k >> 5, s = k & 31;
    if (w >= a->n) {
        a->n = 0;
        return;
    }
    for (int32_t i = 0; i + w < a->n; i++) {
        uint32_t lo = a->d[i + w], hi = i + w + 1 < a->n ? a->d[i + w + 1] : 0;
        a->d[i] = s ? (lo >> s) | (hi << (32 - s)) : lo;
    }
    a->n -= w;
    bn_trim(a);
}

static int bn_cmp(const bn *a, const bn *b) {
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (int32_t i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i])
            return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

/* a -= b, a >= b */
static void bn_sub(bn *a, const bn *b) {
    int64_t borrow = 0;
    for (int32_t i = 0; i < a->n; i++) {
        int64_t t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
        borrow = t < 0;
        a->d[i] = (uint32_t)t;
    }
    bn_trim(a);
}

/* r = a + b (r may be a or b) */
static void bn_add(bn *r, const bn *a, const bn *b) {
    int32_t n = a->n > b->n ? a->n : b->n;
    uint64_t carry = 0;
    for (int32_t i = 0; i < n; i++) {
        carry += (uint64_t)(i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        r->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    r->n = n;
    if (carry) {
        bn_check(n + 1);
        r->d[r->n++] = (uint32_t)carry;
    }
}

/* r = a * b (r distinct from a and b) */
static void bn_mul(bn *r, const bn *a, const bn *b) {
    int32_t n = a->n + b->n;
    bn_check(n);
    memset(r->d, 0, (size_t)n * 4);
    for (int32_t i = 0; i < a->n; i++) {
        uint64_t carry = 0, x = a->d[i];
        for (int32_t j = 0; j < b->n; j++) {
            uint64_t t = x * b->d[j] + r->d[i + j] + carry;
            r->d[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        r->d[i + b->n] = (uint32_t)carry;
    }
    r->n = n;
    bn_trim(r);
}

static const uint32_t pow10_u32[10] = {1, 10, 100, 1000, 10000, 100000, 1000000,
                                       10000000, 100000000, 1000000000};

/* a *= 5^k */
static void bn_mul_pow5(bn *a, int32_t k) {
    for (; k >= 13; k -= 13)
        bn_muladd(a, 1220703125u, 0);
    uint32_t m = 1;
    while (k--)
        m *= 5;
    bn_muladd(a, m, 0);
}

/* a *= 10^k */
static void bn_mul_pow10(bn *a, int32_t k) {
    bn_mul_pow5(a, k);
    bn_shl(a, k);
}

/* a /= m, returns the remainder */
static uint32_t bn_divsmall(bn *a, uint32_t m) {
    uint64_t rem = 0;
    for (int32_t i = a->n - 1; i >= 0; i--) {
        uint64_t t = (rem << 32) | a->d[i];
        a->d[i] = (uint32_t)(t / m);
        rem = t % m;
    }
    bn_trim(a);
    return (uint32_t)rem;
}

static int32_t bn_bitlen(const bn *a) {
    return a->n ? 32 * a->n - __builtin_clz(a->d[a->n - 1]) : 0;
}

static int bn_bit(const bn *a, int32_t i) {
    return i >= 0 && (i >> 5) < a->n ? (int)((a->d[i >> 5] >> (i & 31)) & 1) : 0;
}

/* (a >> pos) mod 2^64, pos >= 0 */
static uint64_t bn_bits64(const bn *a, int32_t pos) {
    int32_t w = pos >> 5, s = pos & 31;
    uint64_t lo = w < a->n ? a->d[w] : 0;
    uint64_t mid = w + 1 < a->n ? a->d[w + 1] : 0;
    uint64_t hi = w + 2 < a->n ? a->d[w + 2] : 0;
    if (!s)
        return lo | mid << 32;
    return (lo >> s) | (mid << (32 - s)) | (hi << (64 - s));
}

/* Whether any bit below position k is set. */
static int bn_any_below(const bn *a, int32_t k) {
    for (int32_t i = 0; i < a->n && 32 * i < k; i++) {
        uint32_t limb = a->d[i];
        if (32 * (i + 1) > k)
            limb &= (1u << (k - 32 * i)) - 1;
        if (limb)
            return 1;
    }
    return 0;
}

/* r -= s * m (r >= s * m) */
static void bn_submul(bn *r, const bn *s, uint32_t m) {
    uint64_t carry = 0;
    int64_t borrow = 0;
    for (int32_t i = 0; i < r->n; i++) {
        uint64_t prod = (i < s->n ? (uint64_t)s->d[i] * m : 0) + carry;
        carry = prod >> 32;
        int64_t t = (int64_t)r->d[i] - (int64_t)(uint32_t)prod - borrow;
        borrow = t < 0;
        r->d[i] = (uint32_t)t;
    }
    bn_trim(r);
}

/* floor(r / s) for r < 10 s, and r = r mod s: an estimate from the top
 * bits (off by at most one), then exact corrections. */
static uint32_t bn_quot_digit(bn *r, const bn *s) {
    int32_t sh = bn_bitlen(s) - 60;
    if (sh < 0)
        sh = 0;
    uint64_t sv = bn_bits64(s, sh);
    uint32_t d = (uint32_t)(bn_bits64(r, sh) / sv);
    d = d ? d - 1 : 0;
    if (d)
        bn_submul(r, s, d);
    while (bn_cmp(r, s) >= 0) {
        bn_sub(r, s);
        d++;
    }
    return d;
}

/* q = a / b, a = a % b (b != 0). Restoring division, one bit at a time:
 * the quotients needed here are short, or the inputs rare. */
static void bn_divmod(bn *a, const bn *b, bn *q) {
    int32_t sh = bn_bitlen(a) - bn_bitlen(b);
    q->n = 0;
    if (sh < 0)
        return;
    q->n = (sh >> 5) + 1;
    memset(q->d, 0, (size_t)q->n * 4);
    bn t;
    bn_copy(&t, b);
    bn_shl(&t, sh);
    for (int32_t i = sh; i >= 0; i--) {
        if (bn_cmp(a, &t) >= 0) {
            bn_sub(a, &t);
            q->d[i >> 5] |= 1u << (i & 31);
        }
        bn_shr1(&t);
    }
    bn_trim(q);
}

/* The double nearest to (q + (sticky ? a little : 0)) * 2^e2 (ties to
 * even), q >= 0; +inf when it is too large. A caller passing sticky makes
 * q have at least 55 bits, so the sticky part is below the rounding bit. */
static double bn_to_double(const bn *q, int32_t e2, int sticky) {
    int32_t len = bn_bitlen(q);
    if (!len)
        return 0.0;
    int32_t top = len - 1 + e2;
    if (top > 1100)
        return __builtin_inf();
    if (top < -1100)
        return 0.0;
    int32_t lsb = top - 52 < -1074 ? -1074 : top - 52;
    int32_t shift = lsb - e2;
    uint64_t mant;
    if (shift <= 0) {
        mant = bn_bits64(q, 0) << -shift;
    } else {
        mant = bn_bits64(q, shift);
        int half = bn_bit(q, shift - 1);
        if (half && (sticky || (mant & 1) || bn_any_below(q, shift - 1)))
            mant++;
        if (mant == (uint64_t)1 << 53) {
            mant >>= 1;
            lsb++;
        }
    }
    if (lsb > 1023 - 52)
        return __builtin_inf();
    uint64_t bits = mant & D_MANT_MASK;
    if (mant >= D_HIDDEN)
        bits |= (uint64_t)(lsb + 1075) << 52;
    return d_from_bits(bits);
}

/* ---- decimal -> double ------------------------------------------------- */

/* Exact powers of ten as doubles. */
static const double pow10_dbl[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Significant digits kept; beyond them only "some digit is not 0" matters:
 * every midpoint between doubles has at most 767 significant digits. */
#define DEC_KEEP 800

/* The double nearest to D * 10^e, D being the nd decimal digits at
 * `digits` (ASCII, the first one not '0', nd >= 1). */
static double dec_to_double(const char *digits, int32_t nd, int64_t e) {
    int sticky = 0;
    if (nd > DEC_KEEP) {
        for (int32_t i = DEC_KEEP; i < nd; i++)
            sticky |= digits[i] != '0';
        e += nd - DEC_KEEP;
        nd = DEC_KEEP;
    }
    /* value in [10^(nd+e-1), 10^(nd+e)) */
    if (nd + e > 310)
        return __builtin_inf();
    if (nd + e < -324)
        return 0.0;
    if (nd <= 19 && !sticky) {
        uint64_t v = 0;
        for (int32_t i = 0; i < nd; i++)
            v = v * 10 + (uint64_t)(digits[i] - '0');
        if (v <= ((uint64_t)1 << 53)) {
            /* Clinger's fast path: both operands exact, one rounding. */
            if (e >= 0 && e <= 22)
                return (double)v * pow10_dbl[e];
            if (e < 0 && e >= -22)
                return (double)v / pow10_dbl[-e];
        }
    }
    bn a;
    a.n = 0;
    int32_t i = 0;
    while (i < nd) {
        int32_t chunk = nd - i < 9 ? nd - i : 9;
        uint32_t v = 0;
        for (int32_t k = 0; k < chunk; k++)
            v = v * 10 + (uint32_t)(digits[i + k] - '0');
        bn_muladd(&a, pow10_u32[chunk], v);
        i += chunk;
    }
    if (sticky) {
        bn_muladd(&a, 10, 1);
        e--;
    }
    if (e >= 0) {
        bn_mul_pow10(&a, (int32_t)e);
        return bn_to_double(&a, 0, 0);
    }
    /* D / 10^k = D / 5^k * 2^-k: q = floor(D * 2^t / 5^k) with >= 56 bits */
    int32_t k = (int32_t)-e;
    bn b, q;
    bn_u64(&b, 1);
    bn_mul_pow5(&b, k);
    int32_t t = bn_bitlen(&b) - bn_bitlen(&a) + 57;
    int lost = 0;
    if (t < 0) {
        /* floor(floor(D / 2^-t) / 5^k) == floor(D / (2^-t 5^k)) */
        lost = bn_any_below(&a, -t);
        bn_shr(&a, -t);
    } else {
        bn_shl(&a, t);
    }
    bn_divmod(&a, &b, &q);
    return bn_to_double(&q, -t - k, a.n != 0 || lost);
}

/* ---- double -> decimal digits ------------------------------------------
 * As _Py_dg_dtoa returns them: significant digits without trailing zeros
 * and decpt, the value being 0.DIGITS * 10^decpt. Zero is "0" with
 * decpt 1; a mode 3 result that rounds to zero has no digits. */

#define DIGS_MAX 800

typedef struct {
    int32_t n;
    int32_t decpt;
    char d[DIGS_MAX];
} digs;

/* x > 0 finite: x = f * 2^e, f < 2^53. */
static void d_decompose(double x, uint64_t *f, int32_t *e) {
    uint64_t bits = d_bits(x);
    int32_t be = (int32_t)((bits >> 52) & 0x7ff);
    *f = bits & D_MANT_MASK;
    if (be) {
        *f |= D_HIDDEN;
        *e = be - 1075;
    } else {
        *e = -1074;
    }
}

/* Writes the decimal digits of v (no leading zeros, "" for 0) at s;
 * returns the count. */
static int32_t u64_digits(char *s, uint64_t v) {
    if (!v)
        return 0;
    uint8_t tmp[20];
    const uint8_t *first = ssc_u64_digits_backwards(v, tmp + 20);
    int32_t n = (int32_t)(tmp + 20 - first);
    memcpy(s, first, (size_t)n);
    return n;
}

static void digs_strip(digs *out) {
    while (out->n > 0 && out->d[out->n - 1] == '0')
        out->n--;
}

/* Shortest digits that round-trip (dtoa mode 0): Burger & Dybvig's
 * free-format algorithm with exact integers. Among the shortest strings
 * the nearest is chosen, a tie going to the even digit, as dtoa.c does.
 * x > 0 finite. */
static void dtoa_shortest(double x, digs *out) {
    uint64_t f;
    int32_t e;
    d_decompose(x, &f, &e);
    if (e >= -52 && e <= 0 && x < 1e16 && (f & ((((uint64_t)1) << -e) - 1)) == 0) {
        /* An integer below 1e16: its own digits are the shortest (the
         * rounding interval is narrower than 1 unit of the last digit). */
        out->n = u64_digits(out->d, f >> -e);
        out->decpt = out->n;
        digs_strip(out);
        return;
    }
    int even = (f & 1) == 0;
    int asym = f == D_HIDDEN && e > -1074;
    bn r, s, mp, mm, t;
    bn_u64(&r, f);
    bn_u64(&s, 1);
    bn_u64(&mp, 1);
    bn_u64(&mm, 1);
    if (e >= 0) {
        bn_shl(&r, e + 1 + asym);
        bn_shl(&s, 1 + asym);
        bn_shl(&mp, e + asym);
        bn_shl(&mm, e);
    } else {
        bn_shl(&r, 1 + asym);
        bn_shl(&s, 1 - e + asym);
        bn_shl(&mp, asym);
    }
    /* k = ceil(log10(high)), starting from an estimate that is not above */
    int32_t b2 = e + 63 - __builtin_clzll(f);
    int32_t k = b2 * 1233 >= 0 ? (b2 * 1233) >> 12 : -((-b2 * 1233 + 4095) >> 12);
    if (k >= 0) {
        bn_mul_pow10(&s, k);
    } else {
        bn_mul_pow10(&r, -k);
        bn_mul_pow10(&mp, -k);
        if (asym)
            bn_mul_pow10(&mm, -k);
    }
    for (;;) {
        bn_add(&t, &r, &mp);
        int c = bn_cmp(&t, &s);
        if (c > 0 || (c == 0 && even)) {
            bn_muladd(&s, 10, 0);
            k++;
        } else {
            break;
        }
    }
    out->decpt = k;
    int32_t n = 0;
    bn *low_m = asym ? &mm : &mp; /* m- is m+ unless the interval is asymmetric */
    for (;;) {
        bn_muladd(&r, 10, 0);
        bn_muladd(&mp, 10, 0);
        if (asym)
            bn_muladd(&mm, 10, 0);
        int d = (int)bn_quot_digit(&r, &s);
        int c1 = bn_cmp(&r, low_m);
        int low = c1 < 0 || (c1 == 0 && even);
        bn_add(&t, &r, &mp);
        int c2 = bn_cmp(&t, &s);
        int high = c2 > 0 || (c2 == 0 && even);
        if (low && high) {
            bn_shl(&r, 1);
            int c = bn_cmp(&r, &s);
            if (c > 0 || (c == 0 && (d & 1)))
                d++;
        } else if (high) {
            d++;
        }
        if (d == 10) {
            /* carry (does not happen with a correct k; kept for safety) */
            int32_t i = n - 1;
            while (i >= 0 && out->d[i] == '9')
                i--;
            if (i < 0) {
                out->d[0] = '1';
                n = 1;
                out->decpt++;
            } else {
                out->d[i]++;
                n = i + 1;
            }
            break;
        }
        out->d[n++] = (char)('0' + d);
        if (low || high)
            break;
    }
    out->n = n;
    digs_strip(out);
}

/* Correctly rounded digits (ties to even) of x >= 0 finite, from its exact
 * decimal expansion: mode 2 keeps nd >= 1 significant digits, mode 3 keeps
 * nd digits after the point (nd < 0: rounds to a multiple of 10^-nd). */
static void dtoa_fixed(double x, int mode, int64_t nd, digs *out) {
    if (x == 0.0) {
        out->d[0] = '0';
        out->n = 1;
        out->decpt = 1;
        return;
    }
    uint64_t f;
    int32_t e;
    d_decompose(x, &f, &e);
    /* s = all digits produced so far, the value being 0.s * 10^p plus the
     * fraction fr / 2^k of one unit of the last digit. */
    char s[1200];
    int32_t len = 0, p;
    bn fr;
    int32_t k = 0;
    fr.n = 0;
    if (e >= 0) {
        bn a;
        uint32_t chunks[40];
        int32_t nc = 0;
        bn_u64(&a, f);
        bn_shl(&a, e);
        while (a.n)
            chunks[nc++] = bn_divsmall(&a, 1000000000u);
        len = u64_digits(s, chunks[--nc]);
        while (nc > 0) {
            uint32_t c = chunks[--nc];
            for (int32_t i = 8; i >= 0; i--) {
                s[len + i] = (char)('0' + c % 10);
                c /= 10;
            }
            len += 9;
        }
        p = len;
    } else {
        k = -e;
        if (k < 64) {
            len = u64_digits(s, f >> k);
            bn_u64(&fr, f & ((((uint64_t)1) << k) - 1));
        } else {
            bn_u64(&fr, f);
        }
        p = len;
        int32_t first = len ? 0 : -1; /* index of the first nonzero digit */
        int32_t flimbs = (k + 31) >> 5;
        while (fr.n) {
            int64_t cut = mode == 3 ? p + nd : (first >= 0 ? first + nd : -1);
            if (first >= 0 && cut < len)
                break;
            if (mode == 3 && cut < len)
                break;
            bn_muladd(&fr, 1000000000u, 0);
            uint32_t c = (uint32_t)bn_bits64(&fr, k);
            /* keep the low k bits */
            if (fr.n > flimbs)
                fr.n = flimbs;
            if ((k & 31) && fr.n == flimbs)
                fr.d[flimbs - 1] &= (1u << (k & 31)) - 1;
            bn_trim(&fr);
            for (int32_t i = 8; i >= 0; i--) {
                s[len + i] = (char)('0' + c % 10);
                c /= 10;
            }
            if (first < 0) {
                for (int32_t i = 0; i < 9; i++)
                    if (s[len + i] != '0') {
                        first = len + i;
                        break;
                    }
            }
            len += 9;
        }
    }
    int32_t first = 0;
    while (first < len && s[first] == '0')
        first++;
    int64_t cut = mode == 3 ? p + nd : first + nd;
    if (cut < len) {
        int up = 0;
        if (cut >= 0) {
            char rd = s[cut];
            int rest = fr.n != 0;
            for (int32_t i = (int32_t)cut + 1; i < len && !rest; i++)
                rest = s[i] != '0';
            int prev_odd = cut > 0 && ((s[cut - 1] - '0') & 1);
            up = rd > '5' || (rd == '5' && (rest || prev_odd));
        }
        len = cut < 0 ? 0 : (int32_t)cut;
        if (up) {
            int32_t i = len - 1;
            while (i >= 0 && s[i] == '9')
                s[i--] = '0';
            if (i >= 0) {
                s[i]++;
            } else {
                s[0] = '1';
                len = 1;
                p++;
            }
        }
    }
    first = 0;
    while (first < len && s[first] == '0')
        first++;
    out->n = len - first;
    if (out->n > DIGS_MAX)
        out->n = DIGS_MAX; /* cannot happen: at most 767 significant digits */
    memcpy(out->d, s + first, (size_t)out->n);
    out->decpt = p - first;
    digs_strip(out);
    if (!out->n)
        out->decpt = mode == 3 ? (int32_t)-nd : 1;
}

/* ---- double -> text ------------------------------------------------------ */

static void buf_fill(ssc_buf *b, uint8_t c, int64_t n) {
    if (n <= 0)
        return;
    if (n > INT32_MAX - b->len)
        ssc_out_of_memory();
    ssc_buf_reserve(b, (int32_t)n);
    memset(b->ptr + b->len, c, (size_t)n);
    b->len += (int32_t)n;
}

/* The layout part of format_float_short (pystrtod.c) for finite values:
 * code 'e', 'f', 'g' or 'r', precision as PyOS_double_to_string passes it
 * on ('e': digits wanted, one more than the spec's precision). */
static void float_layout(ssc_buf *b, const digs *dg, int sign, char code, int64_t precision,
                         int add_dot_0, int alt, char e_char) {
    int64_t digits_len = dg->n, decpt = dg->decpt, exp = 0;
    int use_exp = 0;
    int64_t vdigits_end = digits_len;
    switch (code) {
    case 'e':
        use_exp = 1;
        vdigits_end = precision;
        break;
    case 'f':
        vdigits_end = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision))
            use_exp = 1;
        if (alt)
            vdigits_end = precision;
        break;
    default: /* 'r' */
        if (decpt <= -4 || decpt > 16)
            use_exp = 1;
        break;
    }
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    int64_t vdigits_start = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0)
        vdigits_end = vdigits_end > decpt ? vdigits_end : decpt + 1;
    else
        vdigits_end = vdigits_end > decpt ? vdigits_end : decpt;
    if (sign)
        ssc_buf_byte(b, '-');
    if (decpt <= 0) {
        buf_fill(b, '0', decpt - vdigits_start);
        ssc_buf_byte(b, '.');
        buf_fill(b, '0', -decpt);
    } else {
        buf_fill(b, '0', -vdigits_start);
    }
    if (0 < decpt && decpt <= digits_len) {
        ssc_buf_put(b, dg->d, (int32_t)decpt);
        ssc_buf_byte(b, '.');
        ssc_buf_put(b, dg->d + decpt, (int32_t)(digits_len - decpt));
    } else {
        ssc_buf_put(b, dg->d, (int32_t)digits_len);
    }
    if (digits_len < decpt) {
        buf_fill(b, '0', decpt - digits_len);
        ssc_buf_byte(b, '.');
        buf_fill(b, '0', vdigits_end - decpt);
    } else {
        buf_fill(b, '0', vdigits_end - digits_len);
    }
    if (b->ptr[b->len - 1] == '.' && !alt)
        b->len--;
    if (use_exp) {
        char t[8];
        int32_t n = 0;
        t[n++] = e_char;
        t[n++] = exp < 0 ? '-' : '+';
        uint32_t a = (uint32_t)(exp < 0 ? -exp : exp);
        if (a < 10)
            t[n++] = '0';
        n += u64_digits(t + n, a);
        if (a == 0)
            t[n++] = '0';
        ssc_buf_put(b, t, n);
    }
}

/* PyOS_double_to_string(x, code, precision, flags): code one of
 * e E f F g G r; alt is Py_DTSF_ALT, add_dot_0 Py_DTSF_ADD_DOT_0,
 * no_neg_0 Py_DTSF_NO_NEG_0. */
static void double_to_string(ssc_buf *b, double x, char code, int64_t precision, int alt,
                             int add_dot_0, int no_neg_0) {
    int upper = code == 'E' || code == 'F' || code == 'G';
    if (upper)
        code = (char)(code + 32);
    int sign = d_signbit(x);
    if (d_isnan(x)) {
        ssc_buf_cstr(b, upper ? "NAN" : "nan");
        return;
    }
    if (d_isinf(x)) {
        if (sign)
            ssc_buf_byte(b, '-');
        ssc_buf_cstr(b, upper ? "INF" : "inf");
        return;
    }
    digs dg;
    double a = __builtin_fabs(x);
    switch (code) {
    case 'e':
        precision++;
        dtoa_fixed(a, 2, precision, &dg);
        break;
    case 'f':
        dtoa_fixed(a, 3, precision, &dg);
        break;
    case 'g':
        if (precision == 0)
            precision = 1;
        dtoa_fixed(a, 2, precision, &dg);
        break;
    default:
        if (a == 0.0) {
            dg.d[0] = '0';
            dg.n = 1;
            dg.decpt = 1;
        } else {
            dtoa_shortest(a, &dg);
        }
        break;
    }
    if (no_neg_0 && sign && (dg.n == 0 || (dg.n == 1 && dg.d[0] == '0')))
        sign = 0;
    float_layout(b, &dg, sign, code, precision, add_dot_0, alt, upper ? 'E' : 'e');
}

void ssc_buf_float_repr(ssc_buf *b, double x) {
    double_to_string(b, x, 'r', 0, 0, 1, 0);
}

/* ---- int arithmetic ------------------------------------------------------ */

int32_t ssc_int_floordiv(int64_t a, int64_t b, int64_t *out) {
    if (SSC_UNLIKELY(b == 0))
        return raise_msg(SSC_EXC_ZeroDivisionError, "integer division or modulo by zero");
    if (SSC_UNLIKELY(b == -1)) {
        if (a == INT64_MIN)
            return ssc_raise_int_overflow();
        *out = -a;
        return SSC_OK;
    }
    if ((int64_t)(int32_t)a == a && (int64_t)(int32_t)b == b) {
        /* both fit in 32 bits: a 32-bit division is several times cheaper
         * (b == -1, the one overflow, is handled above) */
        int32_t q32 = (int32_t)a / (int32_t)b;
        if ((int32_t)a % (int32_t)b != 0 && ((a < 0) != (b < 0)))
            q32--;
        *out = q32;
        return SSC_OK;
    }
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        q--;
    *out = q;
    return SSC_OK;
}

/* divmod(a, b) for ints: (a // b, a % b), raising as a // b does. */
int32_t ssc_int_divmod(int64_t a, int64_t b, void *out) {
    int64_t q[2];
    if (ssc_int_floordiv(a, b, &q[0]) || ssc_int_mod(a, b, &q[1]))
        return SSC_RAISED;
    memcpy(out, q, sizeof q);
    return SSC_OK;
}

/* hex(n), oct(n), bin(n): the digits of |n| in `base` after "0x", "0o" or "0b" (`letter`),
 * and a '-' before them for a negative n. */
static int32_t int_to_base(int64_t v, uint32_t base, char letter, ssc_bytes *out) {
    uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    char tmp[68];
    int32_t i = (int32_t)sizeof tmp;
    do {
        tmp[--i] = "0123456789abcdef"[m % base];
        m /= base;
    } while (m);
    tmp[--i] = letter;
    tmp[--i] = '0';
    if (v < 0)
        tmp[--i] = '-';
    int32_t len = (int32_t)sizeof tmp - i;
    uint8_t *p = ssc_alloc((uint32_t)len);
    memcpy(p, tmp + i, (size_t)len);
    out->ptr = p;
    out->len = len;
    return SSC_OK;
}

int32_t ssc_int_hex(int64_t v, ssc_bytes *out) { return int_to_base(v, 16, 'x', out); }
int32_t ssc_int_oct(int64_t v, ssc_bytes *out) { return int_to_base(v, 8, 'o', out); }
int32_t ssc_int_bin(int64_t v, ssc_bytes *out) { return int_to_base(v, 2, 'b', out); }

int32_t ssc_int_mod(int64_t a, int64_t b, int64_t *out) {
    if (SSC_UNLIKELY(b == 0))
        return raise_msg(SSC_EXC_ZeroDivisionError, SSC_PYTHON >= 311 ? "integer modulo by zero"
                                                                      : "integer division or modulo by zero");
    if (b == -1) {
        *out = 0;
        return SSC_OK;
    }
    int64_t r = (int64_t)(int32_t)a == a && (int64_t)(int32_t)b == b ? (int32_t)a % (int32_t)b : a % b;
    if (r != 0 && ((r < 0) != (b < 0)))
        r += b;
    *out = r;
    return SSC_OK;
}

/* a ** b for b >= 0, in uint64 magnitudes (|result| <= 2^63 when negative). */
int32_t ssc_int_pow(int64_t a, int64_t b, int64_t *out) {
    if (b < 0)
        return raise_msg(SSC_EXC_ValueError, "negative exponent");
    int neg = a < 0 && (b & 1);
    uint64_t base = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t limit = neg ? (uint64_t)1 << 63 : (uint64_t)INT64_MAX;
    uint64_t r = 1;
    if (base <= 1) {
        r = b == 0 ? 1 : base;
    } else {
        uint64_t e = (uint64_t)b;
        for (;;) {
            if (e & 1) {
                if (r > limit / base)
                    return ssc_raise_int_overflow();
                r *= base;
            }
            e >>= 1;
            if (!e)
                break;
            if (base > 0xffffffffu)
                return ssc_raise_int_overflow();
            base *= base;
        }
    }
    *out = neg ? (int64_t)((uint64_t)0 - r) : (int64_t)r;
    return SSC_OK;
}

int32_t ssc_int_pow_float(int64_t a, int64_t b, double *out) {
    return ssc_float_pow_int((double)a, b, out);
}

int32_t ssc_int_lshift(int64_t a, int64_t b, int64_t *out) {
    if (SSC_UNLIKELY(b < 0))
        return raise_msg(SSC_EXC_ValueError, "negative shift count");
    if (a == 0) {
        *out = 0;
        return SSC_OK;
    }
    if (b >= 64)
        return ssc_raise_int_overflow();
    int64_t r = (int64_t)((uint64_t)a << b);
    if ((r >> b) != a)
        return ssc_raise_int_overflow();
    *out = r;
    return SSC_OK;
}

int32_t ssc_int_rshift(int64_t a, int64_t b, int64_t *out) {
    if (SSC_UNLIKELY(b < 0))
        return raise_msg(SSC_EXC_ValueError, "negative shift count");
    *out = b >= 63 ? (a < 0 ? -1 : 0) : a >> b;
    return SSC_OK;
}

/* long_true_divide: correctly rounded. */
int32_t ssc_int_truediv(int64_t a, int64_t b, double *out) {
    if (SSC_UNLIKELY(b == 0))
        return raise_msg(SSC_EXC_ZeroDivisionError, "division by zero");
    uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    double r;
    if (ua <= D_HIDDEN * 2 && ub <= D_HIDDEN * 2) {
        r = (double)ua / (double)ub;
    } else {
        bn x, y, q;
        bn_u64(&x, ua);
        bn_u64(&y, ub);
        bn_shl(&x, 120);
        bn_divmod(&x, &y, &q);
        r = bn_to_double(&q, -120, x.n != 0);
    }
    *out = (a < 0) != (b < 0) ? -r : r;
    return SSC_OK;
}

/* i.bit_length() and i.bit_count(): of |i| (|INT64_MIN| is 2**63, as an unsigned). */
int32_t ssc_int_bit_length(int64_t a, int64_t *out) {
    uint64_t u = a < 0 ? 0 - (uint64_t)a : (uint64_t)a;
    *out = u ? 64 - __builtin_clzll(u) : 0;
    return SSC_OK;
}

int32_t ssc_int_bit_count(int64_t a, int64_t *out) {
    uint64_t u = a < 0 ? 0 - (uint64_t)a : (uint64_t)a;
    *out = __builtin_popcountll(u);
    return SSC_OK;
}

int32_t ssc_int_abs(int64_t a, int64_t *out) {
    if (SSC_UNLIKELY(a == INT64_MIN))
        return ssc_raise_int_overflow();
    *out = a < 0 ? -a : a;
    return SSC_OK;
}

/* round(i, nd): nd >= 0 gives i; otherwise the nearest multiple of
 * 10^-nd, ties to even (_PyLong_DivmodNear), symmetric in the sign. */
int32_t ssc_int_round_ndigits(int64_t a, int64_t nd, int64_t *out) {
    if (nd >= 0) {
        *out = a;
        return SSC_OK;
    }
    uint64_t m = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    if (nd < -19) {
        *out = 0;
        return SSC_OK;
    }
    uint64_t p = 1;
    for (int64_t i = 0; i < -nd; i++)
        p *= 10;
    uint64_t q = m / p, r = m % p;
    if (r > p - r || (r == p - r && (q & 1)))
        q++;
    uint64_t v = q * p; /* <= 2^63 + 10^19 < 2^64 */
    if (a < 0 ? v > (uint64_t)1 << 63 : v > (uint64_t)INT64_MAX)
        return ssc_raise_int_overflow();
    *out = a < 0 ? (int64_t)((uint64_t)0 - v) : (int64_t)v;
    return SSC_OK;
}

/* ---- float arithmetic ---------------------------------------------------- */

int32_t ssc_float_div(double a, double b, double *out) {
    if (SSC_UNLIKELY(b == 0.0))
        return raise_msg(SSC_EXC_ZeroDivisionError, "float division by zero");
    *out = a / b;
    return SSC_OK;
}

/* C's fmod(x, y), exact: integer long division of the mantissas. */
static double d_fmod(double x, double y) {
    if (d_isnan(x) || d_isnan(y) || d_isinf(x) || y == 0.0)
        return __builtin_nan("");
    double ax = __builtin_fabs(x), ay = __builtin_fabs(y);
    if (d_isinf(y) || ax < ay)
        return x;
    if (ax == ay)
        return __builtin_copysign(0.0, x);
    uint64_t mx, my;
    int32_t ex, ey;
    d_decompose(ax, &mx, &ex);
    d_decompose(ay, &my, &ey);
    /* normalise both mantissas to 53 bits */
    while (mx < D_HIDDEN) {
        mx <<= 1;
        ex--;
    }
    while (my < D_HIDDEN) {
        my <<= 1;
        ey--;
    }
    uint64_t r = mx % my;
    int32_t diff = ex - ey;
    while (diff > 0 && r) {
        int32_t step = diff > 10 ? 10 : diff;
        r = (r << step) % my;
        diff -= step;
    }
    if (!r)
        return __builtin_copysign(0.0, x);
    /* r * 2^ey is exact: r < my < 2^53 and ey >= the subnormal exponent */
    bn q;
    bn_u64(&q, r);
    double v = bn_to_double(&q, ey, 0);
    return __builtin_copysign(v, x);
}

/* _float_div_mod (floatobject.c) */
static void float_div_mod(double vx, double wx, double *floordiv, double *mod) {
    double div;
    *mod = d_fmod(vx, wx);
    div = (vx - *mod) / wx;
    if (*mod) {
        if ((wx < 0) != (*mod < 0)) {
            *mod += wx;
            div -= 1.0;
        }
    } else {
        *mod = __builtin_copysign(0.0, wx);
    }
    if (div) {
        *floordiv = __builtin_floor(div);
        if (div - *floordiv > 0.5)
            *floordiv += 1.0;
    } else {
        *floordiv = __builtin_copysign(0.0, vx / wx);
    }
}

int32_t ssc_float_floordiv(double a, double b, double *out) {
    if (SSC_UNLIKELY(b == 0.0))
        return raise_msg(SSC_EXC_ZeroDivisionError, "float floor division by zero");
    double mod;
    float_div_mod(a, b, out, &mod);
    return SSC_OK;
}

/* divmod(a, b) for floats (float_divmod): (a // b, a % b) from one _float_div_mod. */
int32_t ssc_float_divmod(double a, double b, void *out) {
    if (SSC_UNLIKELY(b == 0.0))
        return raise_msg(SSC_EXC_ZeroDivisionError, "float divmod()");
    double r[2];
    float_div_mod(a, b, &r[0], &r[1]);
    memcpy(out, r, sizeof r);
    return SSC_OK;
}

int32_t ssc_float_mod(double a, double b, double *out) {
    if (SSC_UNLIKELY(b == 0.0))
        return raise_msg(SSC_EXC_ZeroDivisionError, SSC_PYTHON >= 313 ? "float modulo by zero" : "float modulo");
    double mod = d_fmod(a, b);
    if (mod) {
        if ((b < 0) != (mod < 0))
            mod += b;
    } else {
        mod = __builtin_copysign(0.0, b);
    }
    *out = mod;
    return SSC_OK;
}

/* A binary floating value m * 2^e kept to p limbs, with an error count
 * c: the exact value is in [m, m * (1 + 2^-(32(p-1)))^c] * 2^e. */
typedef struct {
    bn m;
    int64_t e;
    uint64_t c;
} bfp;

static uint64_t sat_add(uint64_t a, uint64_t b) {
    return a + b < a ? UINT64_MAX : a + b;
}

/* r = a * b truncated to p limbs (r distinct from a and b). */
static void bfp_mul(bfp *r, const bfp *a, const bfp *b, int32_t p) {
    bn_mul(&r->m, &a->m, &b->m);
    r->e = a->e + b->e;
    r->c = sat_add(a->c, b->c);
    int32_t drop = r->m.n - p;
    if (drop > 0) {
        int lost = 0;
        for (int32_t i = 0; i < drop; i++)
            lost |= r->m.d[i] != 0;
        r->c = sat_add(r->c, (uint64_t)lost);
        memmove(r->m.d, r->m.d + drop, (size_t)p * 4);
        r->m.n = p;
        r->e += 32 * (int64_t)drop;
    }
}

static double bfp_round(const bn *m, int64_t e, int sticky) {
    int64_t top = bn_bitlen(m) + e;
    if (top > 2000)
        return __builtin_inf();
    if (top < -2000)
        return 0.0;
    return bn_to_double(m, (int32_t)e, sticky);
}

/* x ** n correctly rounded, x > 0 finite, x != 1, n = +-un (un > 0).
 * Binary powering, exact while the numbers fit in p limbs, otherwise
 * with the error bound of bfp; p grows until both ends of the interval
 * round to the same double (rounding is monotonic). */
static double pow_pos(double x, uint64_t un, int negexp) {
    uint64_t f;
    int32_t e;
    d_decompose(x, &f, &e);
    while (!(f & 1)) {
        f >>= 1;
        e++;
    }
    int big = x > 1.0;
    /* enough limbs for the exact power when it is small */
    uint64_t bits = (uint64_t)(64 - __builtin_clzll(f));
    int32_t p = un < 64 && bits * un < 32 * 30 ? (int32_t)((bits * un + 31) / 32) + 1 : 32;
    if (p < 4)
        p = 4;
    if (un >= 64)
        p = 4;
    for (;; p = p * 2 > 32 ? 32 : p * 2) {
        bfp base, res, tmp;
        bn_u64(&base.m, f);
        base.e = e;
        base.c = 0;
        bn_u64(&res.m, 1);
        res.e = 0;
        res.c = 0;
        uint64_t u = un;
        for (;;) {
            if (u & 1) {
                bfp_mul(&tmp, &res, &base, p);
                bn_copy(&res.m, &tmp.m);
                res.e = tmp.e;
                res.c = tmp.c;
            }
            u >>= 1;
            if (!u)
                break;
            bfp_mul(&tmp, &base, &base, p);
            bn_copy(&base.m, &tmp.m);
            base.e = tmp.e;
            base.c = tmp.c;
            int64_t lg = bn_bitlen(&base.m) + base.e;
            if (lg > 1500 || lg < -1500) /* a factor of the result, which is further out */
                return big != negexp ? __builtin_inf() : 0.0;
        }
        /* exact value in [m, hi]: (1 + eps)^c <= 1 + 2^(1 + bitlen(c)) * eps */
        bn hi;
        bn_copy(&hi, &res.m);
        int32_t sh = 32 * (p - 1) - 1 - (64 - __builtin_clzll(res.c | 1));
        if (res.c) {
            if (sh < 8 && p < 32)
                continue;
            bn_copy(&tmp.m, &res.m);
            bn_shr(&tmp.m, sh > 0 ? sh : 0);
            bn one;
            bn_u64(&one, 1);
            bn_add(&hi, &hi, &tmp.m);
            bn_add(&hi, &hi, &one);
        }
        double lo_r, hi_r;
        if (!negexp) {
            lo_r = bfp_round(&res.m, res.e, 0);
            if (!res.c)
                return lo_r;
            hi_r = bfp_round(&hi, res.e, 0);
        } else {
            /* 1 / power: q = 2^s / m with enough bits (more when inexact) */
            int32_t s = bn_bitlen(&hi) + (res.c ? 32 * p + 64 : 66);
            bn num, q, one;
            bn_u64(&num, 1);
            bn_shl(&num, s);
            bn_divmod(&num, &res.m, &q);
            if (!res.c)
                return bfp_round(&q, -s - res.e, num.n != 0);
            bn_u64(&one, 1);
            bn_add(&q, &q, &one);
            hi_r = bfp_round(&q, -s - res.e, 0);
            bn_u64(&num, 1);
            bn_shl(&num, s);
            bn_divmod(&num, &hi, &q);
            lo_r = bfp_round(&q, -s - res.e, 0);
        }
        if (lo_r == hi_r || p >= 32)
            return lo_r;
    }
}

/* float_pow (floatobject.c) for an int exponent, which CPython converts
 * to float first; pow() itself correctly rounded. */
int32_t ssc_float_pow_int(double x, int64_t n, double *out) {
    if (n == 0) {
        *out = 1.0;
        return SSC_OK;
    }
    if (d_isnan(x)) {
        *out = x;
        return SSC_OK;
    }
    double dn = (double)n;
    int odd = (n & 1) && n < ((int64_t)1 << 53) && n > -((int64_t)1 << 53);
    if (d_isinf(x)) {
        if (n > 0)
            *out = odd ? x : __builtin_fabs(x);
        else
            *out = odd ? __builtin_copysign(0.0, x) : 0.0;
        return SSC_OK;
    }
    if (x == 0.0) {
        if (n < 0)
            return raise_msg(SSC_EXC_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        *out = odd ? x : 0.0;
        return SSC_OK;
    }
    int negate = 0;
    if (x < 0) {
        x = -x;
        negate = odd;
    }
    double r;
    if (x == 1.0) {
        r = 1.0;
    } else {
        double an = __builtin_fabs(dn);
        uint64_t un = an >= TWO63 ? (uint64_t)1 << 63 : (uint64_t)an;
        r = pow_pos(x, un, n < 0);
        if (d_isinf(r))
            return raise_msg(SSC_EXC_OverflowError, "(34, 'Numerical result out of range')");
    }
    *out = negate ? -r : r;
    return SSC_OK;
}

/* ---- conversions --------------------------------------------------------- */

/* PyLong_FromDouble for a value already truncated or rounded. */
static int32_t int_from_integral(double t, int64_t *out) {
    if (d_isnan(t))
        return raise_msg(SSC_EXC_ValueError, "cannot convert float NaN to integer");
    if (d_isinf(t))
        return raise_msg(SSC_EXC_OverflowError, "cannot convert float infinity to integer");
    if (t >= TWO63 || t < -TWO63)
        return ssc_raise_int_overflow();
    *out = (int64_t)t;
    return SSC_OK;
}

int32_t ssc_int_from_float(double a, int64_t *out) {
    return int_from_integral(__builtin_trunc(a), out);
}

int32_t ssc_float_from_int(int64_t a, double *out) {
    *out = (double)a;
    return SSC_OK;
}

/* round(x): ties to even. */
int32_t ssc_float_round(double a, int64_t *out) {
    return int_from_integral(__builtin_nearbyint(a), out);
}

/* float.__round__(x, nd) / double_round: dtoa mode 3 then strtod. */
int32_t ssc_float_round_ndigits(double a, int64_t nd, double *out) {
    if (d_isnan(a) || d_isinf(a) || nd > 323) {
        *out = a;
        return SSC_OK;
    }
    if (nd < -308) {
        *out = 0.0 * a;
        return SSC_OK;
    }
    digs dg;
    dtoa_fixed(__builtin_fabs(a), 3, nd, &dg);
    double r = dg.n ? dec_to_double(dg.d, dg.n, (int64_t)dg.decpt - dg.n) : 0.0;
    if (d_isinf(r))
        return raise_msg(SSC_EXC_OverflowError, "rounded value too large to represent");
    *out = d_signbit(a) ? -r : r;
    return SSC_OK;
}

/* int <op> float, exactly (float_richcompare). */
int32_t ssc_int_float_compare(int64_t a, double b, int32_t op, uint8_t *out) {
    int c; /* sign of a - b */
    if (d_isnan(b)) {
        *out = op == 1;
        return SSC_OK;
    }
    if (b >= TWO63) {
        c = -1;
    } else if (b < -TWO63) {
        c = 1;
    } else {
        double t = __builtin_trunc(b);
        int64_t bi = (int64_t)t;
        if (a != bi)
            c = a < bi ? -1 : 1;
        else
            c = b > t ? -1 : b < t ? 1 : 0;
    }
    *out = ssc_order_holds(c, op);
    return SSC_OK;
}

/* ---- float() and int(, base) of text ------------------------------------ */

/* The ASCII that CPython's parsers see (into out, n bytes at most): for a
 * str, _PyUnicode_TransformDecimalAndSpaceToASCII (Unicode spaces become
 * ' ', Unicode decimal digits their ASCII digit, other non-ASCII '?');
 * bytes as they are, non-ASCII bytes '?' (invalid either way). */
static int32_t text_to_ascii(const uint8_t *p, int32_t n, int is_str, char *out) {
    int_reader r = {p, n, 0, is_str, {0}, {0}};
    uni_start(&r.space, SSC_UNI_SPACE, SSC_UNI_SPACE_LEN);
    uni_start(&r.decimal, SSC_UNI_DECIMAL, SSC_UNI_DECIMAL_LEN);
    int32_t m = 0, c;
    while ((c = int_next(&r)) != INT_END)
        out[m++] = (char)c;
    return m;
}

#define ASCII_STACK 128

static char *ascii_buffer(char *stack, int32_t n) {
    return n <= ASCII_STACK ? stack : ssc_alloc((uint32_t)n);
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int lower_eq(const char *s, int32_t avail, const char *word) {
    int32_t i = 0;
    for (; word[i]; i++)
        if (i >= avail || (s[i] | 0x20) != word[i])
            return 0;
    return i;
}

/* float_from_string_inner after _Py_string_to_number_with_underscores, on
 * ASCII s (modified in place): 0 with *out, or -1 when invalid. */
static int parse_float_ascii(char *s, int32_t len, double *out) {
    int32_t i, z;
    int has_us = 0;
    for (i = 0; i < len; i++)
        has_us |= s[i] == '_';
    if (has_us) {
        /* '_' only between digits; then removed */
        char prev = 0;
        int32_t m = 0;
        for (i = 0; i < len; i++) {
            char c = s[i];
            if (!c)
                return -1;
            if (c == '_') {
                if (!is_digit(prev))
                    return -1;
            } else {
                if (prev == '_' && !is_digit(c))
                    return -1;
                s[m++] = c;
            }
            prev = c;
        }
        if (prev == '_')
            return -1;
        len = m;
    }
    i = 0;
    z = len;
    while (i < z && int_is_space(s[i]))
        i++;
    if (i == z)
        return -1;
    while (z > i + 1 && int_is_space(s[z - 1]))
        z--;
    int neg = 0;
    if (s[i] == '-' || s[i] == '+') {
        neg = s[i] == '-';
        i++;
    }
    /* _Py_dg_strtod's syntax: digits [. digits] [e [sign] digits] */
    int32_t mantissa = i;
    char dig[DEC_KEEP + 1];
    int32_t kept = 0;
    int64_t nd = 0, fraclen = 0;
    int sticky = 0, lz = 0;
#define PUSH_DIGIT(c)                          \
    do {                                       \
        if (kept < DEC_KEEP)                   \
            dig[kept++] = (c);                 \
        else                                   \
            sticky |= (c) != '0';              \
        nd++;                                  \
    } while (0)
    while (i < z && s[i] == '0') {
        i++;
        lz = 1;
    }
    while (i < z && is_digit(s[i])) {
        PUSH_DIGIT(s[i]);
        i++;
    }
    if (i < z && s[i] == '.') {
        i++;
        int32_t j = i;
        if (!nd) {
            while (i < z && s[i] == '0')
                i++;
            lz |= i != j;
        }
        while (i < z && is_digit(s[i])) {
            if (nd || s[i] != '0')
                PUSH_DIGIT(s[i]);
            i++;
        }
        fraclen = i - j;
    }
#undef PUSH_DIGIT
    if (!nd && !lz) {
        /* _Py_parse_inf_or_nan, right after the sign: ".nan" is no float */
        if (i != mantissa)
            return -1;
        int32_t k = lower_eq(s + i, z - i, "inf");
        double v;
        if (k) {
            i += k;
            i += lower_eq(s + i, z - i, "inity");
            v = __builtin_inf();
        } else if ((k = lower_eq(s + i, z - i, "nan"))) {
            i += k;
            v = __builtin_nan("");
        } else {
            return -1;
        }
        if (i != z)
            return -1;
        *out = neg ? -v : v;
        return 0;
    }
    int64_t e = 0;
    if (i < z && (s[i] == 'e' || s[i] == 'E')) {
        int32_t save = i;
        i++;
        int eneg = 0;
        if (i < z && (s[i] == '-' || s[i] == '+')) {
            eneg = s[i] == '-';
            i++;
        }
        int32_t j = i;
        while (i < z && s[i] == '0')
            i++;
        int elz = i != j;
        j = i;
        while (i < z && is_digit(s[i])) {
            if (e < 1100000000)
                e = e * 10 + (s[i] - '0');
            i++;
        }
        if (e > 1100000000)
            e = 1100000000;
        if (eneg)
            e = -e;
        if (i == j && !elz) {
            i = save;
            e = 0;
        }
    }
    if (i != z)
        return -1;
    double v = 0.0;
    if (nd) {
        int64_t exp10 = e - fraclen + (nd - kept);
        if (sticky) {
            dig[kept++] = '1';
            exp10--;
        }
        v = dec_to_double(dig, kept, exp10);
    }
    *out = neg ? -v : v;
    return 0;
}

static int32_t float_from_text(const uint8_t *p, int32_t n, int is_str, double *out) {
    char stack[ASCII_STACK];
    char *s = ascii_buffer(stack, n);
    int32_t len = text_to_ascii(p, n, is_str, s);
    if (parse_float_ascii(s, len, out) == 0)
        return SSC_OK;
    ssc_buf m;
    ssc_buf_init(&m, 48 + n);
    ssc_buf_cstr(&m, "could not convert string to float: ");
    if (is_str)
        ssc_buf_str_repr(&m, p, n, -1);
    else
        ssc_buf_bytes_repr(&m, p, n, -1);
    ssc_raise_buf(SSC_EXC_ValueError, &m);
    return SSC_RAISED;
}

int32_t ssc_float_from_str(const uint8_t *p, int32_t n, double *out) {
    return float_from_text(p, n, 1, out);
}

int32_t ssc_float_from_bytes(const uint8_t *p, int32_t n, double *out) {
    return float_from_text(p, n, 0, out);
}

static int digit_value(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    return 99;
}

enum { INT_OK, INT_INVALID, INT_OVERFLOW, INT_TOO_LONG };

/* PyLong_FromString(s, &end, base) on ASCII s[0..len), the end (or a NUL)
 * ending the C string, followed by the caller's end == len check. */
static int int_parse_ascii(const char *s, int32_t len, int base, int64_t *out, int32_t *ndigits) {
#define AT(k) ((k) < len ? s[k] : 0)
    int32_t i = 0;
    while (AT(i) && int_is_space(AT(i)))
        i++;
    int neg = 0;
    if (AT(i) == '+') {
        i++;
    } else if (AT(i) == '-') {
        i++;
        neg = 1;
    }
    int error_if_nonzero = 0;
    char c1 = (char)(AT(i + 1) | 0x20);
    if (base == 0) {
        if (AT(i) != '0')
            base = 10;
        else if (c1 == 'x')
            base = 16;
        else if (c1 == 'o')
            base = 8;
        else if (c1 == 'b')
            base = 2;
        else {
            error_if_nonzero = 1;
            base = 10;
        }
    }
    if (AT(i) == '0' && ((base == 16 && c1 == 'x') || (base == 8 && c1 == 'o') || (base == 2 && c1 == 'b'))) {
        i += 2;
        if (AT(i) == '_')
            i++;
    }
    if (AT(i) == '_')
        return INT_INVALID;
    int32_t start = i, digits = 0;
    char prev = 0;
    uint64_t mag = 0;
    int too_big = 0, nonzero = 0;
    for (;; i++) {
        char c = AT(i);
        int d = digit_value(c);
        if (d < base) {
            digits++;
            nonzero |= d;
            if (mag > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
                too_big = 1;
            else
                mag = mag * (uint64_t)base + (uint64_t)d;
        } else if (c == '_') {
            if (prev == '_')
                return INT_INVALID;
        } else {
            break;
        }
        prev = c;
    }
    if (prev == '_')
        return INT_INVALID;
#if SSC_PYTHON >= 312 /* 3.12 checks the rest of the C string before the digit limit */
    for (int32_t end = i; AT(end); end++)
        if (!int_is_space(AT(end)))
            return INT_INVALID;
#endif
    if ((base & (base - 1)) && digits > SSC_INT_MAX_STR_DIGITS) {
        *ndigits = digits;
        return INT_TOO_LONG;
    }
    if ((error_if_nonzero && nonzero) || i == start)
        return INT_INVALID;
    while (AT(i) && int_is_space(AT(i)))
        i++;
    if (i != len)
        return INT_INVALID;
#undef AT
    if (too_big || mag > (neg ? (uint64_t)1 << 63 : (uint64_t)INT64_MAX))
        return INT_OVERFLOW;
    *out = neg ? (int64_t)((uint64_t)0 - mag) : (int64_t)mag;
    return INT_OK;
}

static int32_t int_from_text_base(const uint8_t *p, int32_t n, int64_t base, int is_str, int64_t *out) {
    if ((base != 0 && base < 2) || base > 36)
        return raise_msg(SSC_EXC_ValueError, "int() base must be >= 2 and <= 36, or 0");
    char stack[ASCII_STACK];
    char *s = ascii_buffer(stack, n);
    int32_t len = text_to_ascii(p, n, is_str, s);
    int32_t ndigits = 0;
    switch (int_parse_ascii(s, len, (int)base, out, &ndigits)) {
    case INT_OK:
        return SSC_OK;
    case INT_OVERFLOW:
        return ssc_raise_int_overflow();
    case INT_TOO_LONG:
        return int_too_many_digits(ndigits);
    default:
        break;
    }
    ssc_buf m;
    ssc_buf_init(&m, 64 + 2 * SSC_INT_REPR_CHARS);
    ssc_buf_cstr(&m, "invalid literal for int() with base ");
    ssc_buf_i64(&m, base);
    ssc_buf_cstr(&m, ": ");
    if (is_str)
        ssc_buf_str_repr(&m, p, n, SSC_INT_REPR_CHARS);
    else
        ssc_buf_bytes_repr(&m, p, n < SSC_INT_REPR_CHARS ? n : SSC_INT_REPR_CHARS, SSC_INT_REPR_CHARS);
    ssc_raise_buf(SSC_EXC_ValueError, &m);
    return SSC_RAISED;
}

int32_t ssc_int_from_str_base(const uint8_t *p, int32_t n, int64_t base, int64_t *out) {
    return int_from_text_base(p, n, base, 1, out);
}

int32_t ssc_int_from_bytes_base(const uint8_t *p, int32_t n, int64_t base, int64_t *out) {
    return int_from_text_base(p, n, base, 0, out);
}

/* ---- format specs (formatter_unicode.c) --------------------------------- */

typedef ssc_fspec fspec;   /* ssc_rt.h: the lowering emits constant ones */

static void put_cp(ssc_buf *b, uint32_t cp) {
    uint8_t t[4];
    int32_t n;
    if (cp < 0x80) {
        t[0] = (uint8_t)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (uint8_t)(0xc0 | (cp >> 6));
        t[1] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (uint8_t)(0xe0 | (cp >> 12));
        t[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        t[2] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        t[0] = (uint8_t)(0xf0 | (cp >> 18));
        t[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
        t[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        t[3] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 4;
    }
    ssc_buf_put(b, t, n);
}

static void put_fill(ssc_buf *b, uint32_t fill, int64_t n) {
    if (fill < 0x80) {
        buf_fill(b, (uint8_t)fill, n);
        return;
    }
    for (int64_t i = 0; i < n; i++)
        put_cp(b, fill);
}

/* Py_UNICODE_TODECIMAL */
static int cp_decimal(uint32_t cp) {
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp < 0x80)
        return -1;
    uni_cursor c;
    uni_start(&c, SSC_UNI_DECIMAL, SSC_UNI_DECIMAL_LEN);
    int32_t zero = uni_lookup(&c, cp);
    return zero < 0 ? -1 : (int)((cp - (uint32_t)zero) % 10);
}

/* Raises ValueError "<pre>'<c>'<post>" with the char as %c, or as \x%x
 * when it is not printable ASCII (unknown_presentation_type and friends). */
static int32_t raise_with_char(const char *pre, uint32_t c, const char *post) {
    ssc_buf m;
    ssc_buf_init(&m, 96);
    ssc_buf_cstr(&m, pre);
    ssc_buf_byte(&m, '\'');
    if (c > 32 && c < 128) {
        ssc_buf_byte(&m, (uint8_t)c);
    } else {
        char t[12];
        int32_t n = 0;
        t[n++] = '\\';
        t[n++] = 'x';
        int32_t k = 28;
        while (k > 0 && !((c >> k) & 0xf))
            k -= 4;
        for (; k >= 0; k -= 4)
            t[n++] = "0123456789abcdef"[(c >> k) & 0xf];
        ssc_buf_put(&m, t, n);
    }
    ssc_buf_byte(&m, '\'');
    ssc_buf_cstr(&m, post);
    ssc_raise_buf(SSC_EXC_ValueError, &m);
    return SSC_RAISED;
}

static int32_t unknown_type(uint32_t type, const char *tname) {
    ssc_buf post;
    ssc_buf_init(&post, 48);
    ssc_buf_cstr(&post, " for object of type '");
    ssc_buf_cstr(&post, tname);
    ssc_buf_cstr(&post, "'");
    ssc_buf_byte(&post, 0);
    return raise_with_char("Unknown format code ", type, (const char *)post.ptr);
}

/* get_integer: decimal digits (any Unicode decimal) at cps[*pos]. */
static int32_t spec_integer(const uint32_t *cps, int32_t n, int32_t *pos, int64_t *out) {
    int64_t acc = 0;
    int32_t consumed = 0;
    for (; *pos < n; (*pos)++, consumed++) {
        int d = cp_decimal(cps[*pos]);
        if (d < 0)
            break;
        if (acc > (INT64_MAX - d) / 10) {
            raise_msg(SSC_EXC_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        acc = acc * 10 + d;
    }
    *out = acc;
    return consumed;
}

static int is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

/* parse_internal_render_format_spec */
static int32_t parse_spec(const uint8_t *spec, int32_t len, const char *tname, uint32_t default_type,
                          uint32_t default_align, fspec *f) {
    uint32_t stack[32];
    uint32_t *cps = len <= 32 ? stack : ssc_alloc((uint32_t)len * 4);
    int32_t n = 0;
    for (int32_t i = 0; i < len;)
        cps[n++] = utf8_next(spec, &i);
    int32_t pos = 0;
    int align_specified = 0, fill_specified = 0;
    f->fill = ' ';
    f->align = default_align;
    f->alt = 0;
    f->no_neg_0 = 0;
    f->sign = 0;
    f->width = -1;
    f->sep = 0;
    f->group = 3;
    f->precision = -1;
    f->type = default_type;
    if (n - pos >= 2 && is_align(cps[pos + 1])) {
        f->align = cps[pos + 1];
        f->fill = cps[pos];
        fill_specified = align_specified = 1;
        pos += 2;
    } else if (n - pos >= 1 && is_align(cps[pos])) {
        f->align = cps[pos];
        align_specified = 1;
        pos++;
    }
    if (pos < n && (cps[pos] == ' ' || cps[pos] == '+' || cps[pos] == '-'))
        f->sign = cps[pos++];
#if SSC_PYTHON >= 311   /* the 'z' flag is new in 3.11: 3.10 reads it as a type or an extra character */
    if (pos < n && cps[pos] == 'z') {
        f->no_neg_0 = 1;
        pos++;
    }
#endif
    if (pos < n && cps[pos] == '#') {
        f->alt = 1;
        pos++;
    }
    if (!fill_specified && pos < n && cps[pos] == '0') {
        f->fill = '0';
        if (!align_specified && default_align == '>')
            f->align = '=';
        pos++;
    }
    int32_t consumed = spec_integer(cps, n, &pos, &f->width);
    if (consumed < 0)
        return SSC_RAISED;
    if (!consumed)
        f->width = -1;
    if (pos < n && cps[pos] == ',') {
        f->sep = ',';
        pos++;
    }
    if (pos < n && cps[pos] == '_') {
        if (f->sep)
            return raise_msg(SSC_EXC_ValueError, "Cannot specify both ',' and '_'.");
        f->sep = '_';
        pos++;
    }
    if (pos < n && cps[pos] == ',' && f->sep == '_')
        return raise_msg(SSC_EXC_ValueError, "Cannot specify both ',' and '_'.");
    if (pos < n && cps[pos] == '.') {
        pos++;
        consumed = spec_integer(cps, n, &pos, &f->precision);
        if (consumed < 0)
            return SSC_RAISED;
        if (!consumed)
            return raise_msg(SSC_EXC_ValueError, "Format specifier missing precision");
    }
    if (n - pos > 1) {
#if SSC_PYTHON < 311   /* 3.10 names neither the spec nor the type */
        (void)tname;
        return raise_msg(SSC_EXC_ValueError, "Invalid format specifier");
#else
        ssc_buf m;
        ssc_buf_init(&m, 64 + len);
        ssc_buf_cstr(&m, "Invalid format specifier '");
        ssc_buf_put(&m, spec, len);
        ssc_buf_cstr(&m, "' for object of type '");
        ssc_buf_cstr(&m, tname);
        ssc_buf_byte(&m, '\'');
        ssc_raise_buf(SSC_EXC_ValueError, &m);
        return SSC_RAISED;
#endif
    }
    if (n - pos == 1)
        f->type = cps[pos];
    if (f->sep) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->sep == '_') {
                f->group = 4;
                break;
            }
            /* fall through */
        default:
            return raise_with_char(f->sep == ',' ? "Cannot specify ',' with " : "Cannot specify '_' with ",
                                   f->type, ".");
        }
    }
    return SSC_OK;
}

/* _PyUnicode_InsertThousandsGrouping: the digits grouped from the right,
 * padded with '0' digits (and separators) up to min_width. Counts when
 * out is NULL, else writes backwards ending at out. group 0: no grouping. */
static int64_t group_digits(uint8_t *out, const char *digits, int32_t n_digits, int64_t min_width,
                            int32_t group, char sep) {
    int64_t count = 0, remaining = n_digits, len;
    int use_sep = 0;
    const char *dp = digits + n_digits;
    if (min_width < 0)
        min_width = 0;
    for (;;) {
        if (group) {
            int64_t m = remaining > min_width ? remaining : min_width;
            len = m > 1 ? m : 1;
            if (len > group)
                len = group;
        } else {
            int64_t m = remaining > min_width ? remaining : min_width;
            len = m > 1 ? m : 1;
        }
        int64_t n_zeros = len - remaining > 0 ? len - remaining : 0;
        int64_t n_chars = remaining < len ? remaining : len;
        if (n_chars < 0)
            n_chars = 0;
        count += (use_sep ? 1 : 0) + n_zeros + n_chars;
        if (out) {
            if (use_sep)
                *--out = (uint8_t)sep;
            for (int64_t i = 0; i < n_chars; i++)
                *--out = (uint8_t)*--dp;
            for (int64_t i = 0; i < n_zeros; i++)
                *--out = '0';
        }
        if (!group)
            break;
        use_sep = 1;
        remaining -= n_chars;
        min_width -= len;
        if (remaining <= 0 && min_width <= 0)
            break;
        min_width -= 1;
    }
    return count;
}

/* calc_number_widths + fill_number: [lpad][sign][prefix][spad][grouped
 * digits][.][remainder][rpad]. rem_cps counts the remainder's code points. */
static void number_layout(ssc_buf *b, const fspec *f, char sign_char, const char *prefix, int32_t n_prefix,
                          const char *digits, int32_t n_digits, int has_decimal, const uint8_t *rem,
                          int32_t rem_bytes, int32_t rem_cps, int32_t group, int upper) {
    char sign = 0;
    if (f->sign == '+')
        sign = sign_char == '-' ? '-' : '+';
    else if (f->sign == ' ')
        sign = sign_char == '-' ? '-' : ' ';
    else if (sign_char == '-')
        sign = '-';
    char sep = (char)f->sep;
    int64_t n_non_digit = (sign ? 1 : 0) + n_prefix + has_decimal + rem_cps;
    int64_t min_width = f->fill == '0' && f->align == '=' ? f->width - n_non_digit : 0;
    int64_t grouped = n_digits ? group_digits(NULL, digits, n_digits, min_width, group, sep) : 0;
    int64_t n_padding = f->width - (n_non_digit + grouped);
    int64_t lpad = 0, spad = 0, rpad = 0;
    if (n_padding > 0) {
        switch (f->align) {
        case '<': rpad = n_padding; break;
        case '^': lpad = n_padding / 2; rpad = n_padding - lpad; break;
        case '=': spad = n_padding; break;
        default: lpad = n_padding; break;
        }
    }
    put_fill(b, f->fill, lpad);
    if (sign)
        ssc_buf_byte(b, (uint8_t)sign);
    for (int32_t i = 0; i < n_prefix; i++)
        ssc_buf_byte(b, (uint8_t)(upper && prefix[i] == 'x' ? 'X' : prefix[i]));
    put_fill(b, f->fill, spad);
    if (grouped) {
        ssc_buf_reserve(b, (int32_t)grouped);
        group_digits(b->ptr + b->len + grouped, digits, n_digits, min_width, group, sep);
        b->len += (int32_t)grouped;
    }
    if (has_decimal)
        ssc_buf_byte(b, '.');
    ssc_buf_put(b, rem, rem_bytes);
    put_fill(b, f->fill, rpad);
}

/* format_float_internal; f->type is one of 0 e E f F g G n %. */
static int32_t format_float_spec(ssc_buf *b, double val, const fspec *f) {
    if (f->precision > INT32_MAX)
        return raise_msg(SSC_EXC_ValueError, "precision too big");
    uint32_t type = f->type;
    int add_dot_0 = 0, add_pct = 0;
    int64_t precision = f->precision, default_precision = 6;
    if (type == 0) {
        add_dot_0 = 1;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    if (type == '%') {
        type = 'f';
        val *= 100;
        add_pct = 1;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    int fast = f->sign != '+' && f->sign != ' ' && f->width == -1 && f->type != 'n' && !f->sep;
    uint8_t stack[64];
    ssc_buf tmp = {stack, 0, sizeof stack};
    ssc_buf *t = fast ? b : &tmp;
    int32_t start = t->len;
    double_to_string(t, val, (char)type, precision, f->alt, add_dot_0, f->no_neg_0);
    if (add_pct)
        ssc_buf_byte(t, '%');
    if (fast)
        return SSC_OK;
    const char *s = (const char *)tmp.ptr + start;
    int32_t n = tmp.len - start;
    char sign_char = 0;
    if (n && s[0] == '-') {
        sign_char = '-';
        s++;
        n--;
    }
    int32_t nd = 0;
    while (nd < n && is_digit(s[nd]))
        nd++;
    int has_decimal = nd < n && s[nd] == '.';
    int32_t rem_at = nd + has_decimal;
    number_layout(b, f, sign_char, NULL, 0, s, nd, has_decimal, (const uint8_t *)s + rem_at, n - rem_at,
                  n - rem_at, f->type == 'n' || !f->sep ? 0 : f->group, 0);
    return SSC_OK;
}

static int32_t format_float(ssc_buf *b, double val, const uint8_t *spec, int32_t len) {
    fspec f;
    if (parse_spec(spec, len, "float", 0, '>', &f))
        return SSC_RAISED;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        return format_float_spec(b, val, &f);
    default:
        return unknown_type(f.type, "float");
    }
}

/* format_long_internal */
/* An int (or bool) with an integer presentation type; a float type goes
 * through format_int_or_float, so that a program formatting ints only does
 * not carry the float formatter. */
static int32_t format_int_apply(ssc_buf *b, int64_t v, const fspec *f);
static int32_t format_char_apply(ssc_buf *b, int64_t v, const fspec *f);

static int32_t format_int(ssc_buf *b, int64_t v, const uint8_t *spec, int32_t len, const char *tname) {
    fspec f;
    if (parse_spec(spec, len, tname, 'd', '>', &f))
        return SSC_RAISED;
    switch (f.type) {
    case 'b': case 'o': case 'x': case 'X': case 'c': case 'd': case 'n': break;
    default:
        return unknown_type(f.type, tname);
    }
    if (f.precision != -1)
        return raise_msg(SSC_EXC_ValueError, "Precision not allowed in integer format specifier");
    if (f.no_neg_0)
        return raise_msg(SSC_EXC_ValueError,
                         "Negative zero coercion (z) not allowed in integer format specifier");
    if (f.type == 'c') {
        if (f.sign)
            return raise_msg(SSC_EXC_ValueError, "Sign not allowed with integer format specifier 'c'");
        if (f.alt)
            return raise_msg(SSC_EXC_ValueError,
                             "Alternate form (#) not allowed with integer format specifier 'c'");
    }
    return f.type == 'c' ? format_char_apply(b, v, &f) : format_int_apply(b, v, &f);
}

/* format_long_internal's 'c': the character of code point v. */
static int32_t format_char_apply(ssc_buf *b, int64_t v, const fspec *fp) {
    fspec f = *fp;
    if (v < 0 || v > 0x10ffff)
        return raise_msg(SSC_EXC_OverflowError, "%c arg not in range(0x110000)");
    uint8_t stack[8];
    ssc_buf ch = {stack, 0, sizeof stack};
    put_cp(&ch, (uint32_t)v);
    number_layout(b, &f, 0, NULL, 0, NULL, 0, 0, ch.ptr, ch.len, 1, 0, 0);
    return SSC_OK;
}

/* format_long_internal after the spec's own checks (format_int, or
 * CPython's format() at compile time for a constant spec), for every
 * presentation type but 'c' (format_char_apply). */
static int32_t format_int_apply(ssc_buf *b, int64_t v, const fspec *fp) {
    fspec f = *fp;
    int base = f.type == 'b' ? 2 : f.type == 'o' ? 8 : f.type == 'x' || f.type == 'X' ? 16 : 10;
    const char *hex = f.type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char digits[64];
    int32_t nd = 64;
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (base == 10) {
        nd = (int32_t)((char *)ssc_u64_digits_backwards(m, (uint8_t *)digits + 64) - digits);
    } else {
        int shift = base == 2 ? 1 : base == 8 ? 3 : 4;   /* powers of two: no division */
        do {
            digits[--nd] = hex[m & (uint64_t)(base - 1)];
            m >>= shift;
        } while (m);
    }
    const char *prefix = base == 2 ? "0b" : base == 8 ? "0o" : "0x";
    number_layout(b, &f, v < 0 ? '-' : 0, prefix, f.alt && base != 10 ? 2 : 0, digits + nd, 64 - nd, 0, NULL,
                  0, 0, f.type == 'n' ? 0 : f.sep ? f.group : 0, f.type == 'X');
    return SSC_OK;
}

/* int.__format__ with any presentation type: a float one ('e', 'f', 'g',
 * '%' and their capitals) formats float(v), as CPython does. */
static int32_t format_int_or_float(ssc_buf *b, int64_t v, const uint8_t *spec, int32_t len, const char *tname) {
    fspec f;
    if (parse_spec(spec, len, tname, 'd', '>', &f))
        return SSC_RAISED;
    switch (f.type) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
        return format_float_spec(b, (double)v, &f);
    default:
        return format_int(b, v, spec, len, tname);
    }
}

/* format_string_internal */
static int32_t format_str_apply(ssc_buf *b, const uint8_t *p, int32_t n, const fspec *f);

static int32_t format_str(ssc_buf *b, const uint8_t *p, int32_t n, const uint8_t *spec, int32_t len) {
    fspec f;
    if (parse_spec(spec, len, "str", 's', '<', &f))
        return SSC_RAISED;
    if (f.type != 's')
        return unknown_type(f.type, "str");
    if (f.sign)
        return raise_msg(SSC_EXC_ValueError, f.sign == ' ' ? "Space not allowed in string format specifier"
                                                           : "Sign not allowed in string format specifier");
    if (f.no_neg_0)
        return raise_msg(SSC_EXC_ValueError,
                         "Negative zero coercion (z) not allowed in string format specifier");
    if (f.alt)
        return raise_msg(SSC_EXC_ValueError, "Alternate form (#) not allowed in string format specifier");
    if (f.align == '=')
        return raise_msg(SSC_EXC_ValueError, "'=' alignment not allowed in string format specifier");
    return format_str_apply(b, p, n, &f);
}

/* format_string_internal after the spec's own checks. */
static int32_t format_str_apply(ssc_buf *b, const uint8_t *p, int32_t n, const fspec *fp) {
    fspec f = *fp;
    int64_t cps = 0;
    int32_t bytes = n;
    for (int32_t i = 0; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            if (cps == f.precision) {
                bytes = i;
                break;
            }
            cps++;
        }
    }
    int64_t total = f.width > cps ? f.width : cps;
    int64_t lpad = f.align == '>' ? total - cps : f.align == '^' ? (total - cps) / 2 : 0;
    put_fill(b, f.fill, lpad);
    ssc_buf_put(b, p, bytes);
    put_fill(b, f.fill, total - cps - lpad);
    return SSC_OK;
}

/* str(v) or repr(v) */
static void value_text(ssc_buf *b, const ssc_type *t, const void *v, int repr) {
    switch (t->kind) {
    case SSC_T_NONE:
        ssc_buf_cstr(b, "None");
        break;
    case SSC_T_BOOL:
        ssc_buf_cstr(b, *(const uint8_t *)v ? "True" : "False");
        break;
    case SSC_T_INT:
        ssc_buf_i64(b, *(const int64_t *)v);
        break;
    case SSC_T_FLOAT:
        ssc_buf_float_repr(b, *(const double *)v);
        break;
    case SSC_T_STR: {
        const ssc_bytes *s = v;
        if (repr)
            ssc_buf_str_repr(b, s->ptr, s->len, -1);
        else
            ssc_buf_put(b, s->ptr, s->len);
        break;
    }
    case SSC_T_BYTES: {
        const ssc_bytes *s = v;
        ssc_buf_bytes_repr(b, s->ptr, s->len, -1);
        break;
    }
    default:
        if (repr)
            ssc_buf_value_repr(b, t, v);
        else
            ssc_buf_value_str(b, t, v);
        break;
    }
}

/* f"{v!a:spec}": ascii(v), its repr with non-ASCII code points escaped, then
 * formatted as a str. A function of its own, so that only modules with a !a
 * field link the escaping. */
int32_t ssc_format_ascii(ssc_buf *b, const ssc_type *t, const void *value, const uint8_t *spec, int32_t spec_len) {
    uint8_t stack[64];
    ssc_buf repr = {stack, 0, sizeof stack};
    if (ssc_format_value(&repr, t, value, 'r', NULL, 0)) return SSC_RAISED;
    return ssc_format_escaped(b, repr.ptr, repr.len, spec, spec_len);
}

/* ascii()'s escaping of a repr `p`, formatted with `spec` as a str. */
int32_t ssc_format_escaped(ssc_buf *b, const uint8_t *p, int32_t len, const uint8_t *spec, int32_t spec_len) {
    if (!spec_len) {
        ssc_buf_ascii(b, p, len);
        return SSC_OK;
    }
    uint8_t stack[64];
    ssc_buf escaped = {stack, 0, sizeof stack};
    ssc_buf_ascii(&escaped, p, len);
    return format_str(b, escaped.ptr, escaped.len, spec, spec_len);
}

int32_t ssc_format_value(ssc_buf *b, const ssc_type *t, const void *value, int32_t conversion,
                         const uint8_t *spec, int32_t spec_len) {
    while (t->kind == SSC_T_OPTIONAL) {
        if (!*(const uint8_t *)value) {
            t = &ssc_type_none;
            break;
        }
        value = (const uint8_t *)value + t->offsets[0];
        t = t->items[0];
    }
    if (conversion == 's' || conversion == 'r') {
        if (!spec_len) {
            value_text(b, t, value, conversion == 'r');
            return SSC_OK;
        }
        uint8_t stack[64];
        ssc_buf tmp = {stack, 0, sizeof stack};
        value_text(&tmp, t, value, conversion == 'r');
        return format_str(b, tmp.ptr, tmp.len, spec, spec_len);
    }
    if (!spec_len) {
        value_text(b, t, value, 0);
        return SSC_OK;
    }
    const char *tname;
    switch (t->kind) {
    case SSC_T_INT:
        return format_int_or_float(b, *(const int64_t *)value, spec, spec_len, "int");
    case SSC_T_BOOL:
        return format_int_or_float(b, *(const uint8_t *)value, spec, spec_len, "bool");
    case SSC_T_FLOAT:
        return format_float(b, *(const double *)value, spec, spec_len);
    case SSC_T_STR: {
        const ssc_bytes *s = value;
        return format_str(b, s->ptr, s->len, spec, spec_len);
    }
    case SSC_T_NONE: tname = "NoneType"; break;
    case SSC_T_BYTES: tname = "bytes"; break;
    case SSC_T_TUPLE: tname = "tuple"; break;
    case SSC_T_LIST: tname = "list"; break;
    case SSC_T_DICT: tname = "dict"; break;
    case SSC_T_SET: tname = "set"; break;
    default: tname = "object"; break;
    }
    ssc_buf m;
    ssc_buf_init(&m, 64);
    ssc_buf_cstr(&m, "unsupported format string passed to ");
    ssc_buf_cstr(&m, tname);
    ssc_buf_cstr(&m, ".__format__");
    ssc_raise_buf(SSC_EXC_TypeError, &m);
    return SSC_RAISED;
}

/* f-string fields whose type the checker knows, with a constant spec it
 * has checked with CPython's format() and parsed (semantics.FORMATTERS
 * chooses): each reaches only the formatter of its type, and no spec
 * parser. An int with a float presentation type comes as a float. */
int32_t ssc_format_int_spec(ssc_buf *b, int64_t v, const ssc_fspec *f) { return format_int_apply(b, v, f); }

int32_t ssc_format_char_spec(ssc_buf *b, int64_t v, const ssc_fspec *f) { return format_char_apply(b, v, f); }

int32_t ssc_format_bool_spec(ssc_buf *b, int32_t v, const ssc_fspec *f) {
    return f->type == 'c' ? format_char_apply(b, v != 0, f) : format_int_apply(b, v != 0, f);
}

int32_t ssc_format_float_spec(ssc_buf *b, double v, const ssc_fspec *f) { return format_float_spec(b, v, f); }

int32_t ssc_format_str_spec(ssc_buf *b, const uint8_t *p, int32_t n, const ssc_fspec *f) {
    return format_str_apply(b, p, n, f);
}
