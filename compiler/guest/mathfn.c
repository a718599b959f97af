/* The math module's exact functions (CPython's Modules/mathmodule.c), each CPython's result
 * and message: no C library is needed for these (sqrt, floor, ceil and trunc are wasm
 * instructions, correctly rounded as IEEE 754 requires). ints are int64: a result outside
 * it raises ssc's OverflowError (SSC_INT_OVERFLOW_MESSAGE), the documented bound. */
#include "mathfn.h"
#include "core.h"
#include "number.h"
#include "dynamic.h"   /* and dynamic.c's static double-double helpers: one translation unit */

#define MATH_PI 3.141592653589793238462643383279502884197

static SSC_COLD int32_t math_domain_error(void) {
    return raise_msg(SSC_EXC_ValueError, "math domain error");
}

/* sqrt: a negative (not -0.0) argument is a domain error; sqrt(nan) is nan, sqrt(inf) inf. */
int32_t ssc_math_sqrt(double x, double *out) {
    if (SSC_UNLIKELY(x < 0.0))
        return math_domain_error();
    *out = __builtin_sqrt(x);
    return SSC_OK;
}

/* floor, ceil, trunc of a float: an int (PyLong_FromDouble: nan and inf raise). */
int32_t ssc_math_floor(double x, int64_t *out) { return int_from_integral(__builtin_floor(x), out); }
int32_t ssc_math_ceil(double x, int64_t *out) { return int_from_integral(__builtin_ceil(x), out); }
int32_t ssc_math_trunc(double x, int64_t *out) { return int_from_integral(__builtin_trunc(x), out); }
int32_t ssc_math_int_identity(int64_t x, int64_t *out) { *out = x; return SSC_OK; }

int32_t ssc_math_fabs(double x, double *out) { *out = __builtin_fabs(x); return SSC_OK; }
int32_t ssc_math_copysign(double x, double y, double *out) { *out = __builtin_copysign(x, y); return SSC_OK; }
int32_t ssc_math_isnan(double x, uint8_t *out) { *out = d_isnan(x); return SSC_OK; }
int32_t ssc_math_isinf(double x, uint8_t *out) { *out = d_isinf(x); return SSC_OK; }
int32_t ssc_math_isfinite(double x, uint8_t *out) { *out = !d_isnan(x) && !d_isinf(x); return SSC_OK; }

/* math_isclose_impl: a == b first (infinities of one sign), then the relative and absolute tests. */
int32_t ssc_math_isclose(double a, double b, double rel_tol, double abs_tol, uint8_t *out) {
    if (SSC_UNLIKELY(rel_tol < 0.0 || abs_tol < 0.0))
        return raise_msg(SSC_EXC_ValueError, "tolerances must be non-negative");
    if (a == b) {
        *out = 1;
        return SSC_OK;
    }
    if (d_isinf(a) || d_isinf(b)) {
        *out = 0;
        return SSC_OK;
    }
    double diff = __builtin_fabs(b - a);
    *out = (diff <= __builtin_fabs(rel_tol * b)) || (diff <= __builtin_fabs(rel_tol * a)) || diff <= abs_tol;
    return SSC_OK;
}

/* CPython multiplies by its constants degToRad = pi / 180 and radToDeg = 180 / pi. */
int32_t ssc_math_radians(double x, double *out) { *out = x * (MATH_PI / 180.0); return SSC_OK; }
int32_t ssc_math_degrees(double x, double *out) { *out = x * (180.0 / MATH_PI); return SSC_OK; }

/* |a| and |b| as uint64 (|INT64_MIN| is 2**63), and their gcd. */
static uint64_t u_abs(int64_t a) { return a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a; }
static uint64_t u_gcd(uint64_t a, uint64_t b) {
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* a * b into *r, or 1 when it is above INT64_MAX (no 128-bit multiply: it needs compiler-rt). */
static int mul_overflows(uint64_t a, uint64_t b, uint64_t *r) {
    if (a != 0 && b > (uint64_t)INT64_MAX / a)
        return 1;
    *r = a * b;
    return 0;
}

static int32_t from_u64(uint64_t v, int64_t *out) {
    if (SSC_UNLIKELY(v > (uint64_t)INT64_MAX))
        return ssc_raise_int_overflow();
    *out = (int64_t)v;
    return SSC_OK;
}

int32_t ssc_math_gcd(int64_t a, int64_t b, int64_t *out) { return from_u64(u_gcd(u_abs(a), u_abs(b)), out); }

/* lcm(a, b) = |a // gcd(a, b) * b|, 0 when either is 0. */
int32_t ssc_math_lcm(int64_t a, int64_t b, int64_t *out) {
    uint64_t ua = u_abs(a), ub = u_abs(b);
    if (ua == 0 || ub == 0) {
        *out = 0;
        return SSC_OK;
    }
    uint64_t r;
    if (mul_overflows(ua / u_gcd(ua, ub), ub, &r))
        return ssc_raise_int_overflow();
    return from_u64(r, out);
}

/* The floor of the square root: Newton's iteration from above, in integers. */
int32_t ssc_math_isqrt(int64_t n, int64_t *out) {
    if (SSC_UNLIKELY(n < 0))
        return raise_msg(SSC_EXC_ValueError, "isqrt() argument must be nonnegative");
    uint64_t x = (uint64_t)n, r = x;
    if (x > 1) {
        r = (uint64_t)__builtin_sqrt((double)x) + 1;   /* within one or two of the root */
        while (r * r > x || r > 3037000499u)
            r--;
        while ((r + 1) * (r + 1) <= x && r + 1 <= 3037000499u)
            r++;
    }
    *out = (int64_t)r;
    return SSC_OK;
}

int32_t ssc_math_factorial(int64_t n, int64_t *out) {
    if (SSC_UNLIKELY(n < 0))
        return raise_msg(SSC_EXC_ValueError, "factorial() not defined for negative values");
    uint64_t r = 1;
    for (int64_t i = 2; i <= n; i++)
        if (mul_overflows(r, (uint64_t)i, &r))
            return ssc_raise_int_overflow();
    *out = (int64_t)r;
    return SSC_OK;
}

static int32_t check_n_k(int64_t n, int64_t k) {
    if (SSC_UNLIKELY(n < 0))
        return raise_msg(SSC_EXC_ValueError, "n must be a non-negative integer");
    if (SSC_UNLIKELY(k < 0))
        return raise_msg(SSC_EXC_ValueError, "k must be a non-negative integer");
    return SSC_OK;
}

/* comb(n, k) = C(n, i + 1) = C(n, i) * (n - i) / (i + 1) step by step; dividing C(n, i) and
 * i + 1 by their gcd first keeps every product exact, so only a result outside int64 raises. */
int32_t ssc_math_comb(int64_t n, int64_t k, int64_t *out) {
    if (check_n_k(n, k) != SSC_OK)
        return SSC_RAISED;
    if (k > n) {
        *out = 0;
        return SSC_OK;
    }
    if (k > n - k)
        k = n - k;
    uint64_t r = 1;
    for (int64_t i = 0; i < k; i++) {
        uint64_t d = (uint64_t)i + 1, g = u_gcd(r, d);
        uint64_t m = (uint64_t)(n - i) / (d / g);
        if (mul_overflows(r / g, m, &r))
            return ssc_raise_int_overflow();
    }
    *out = (int64_t)r;
    return SSC_OK;
}

int32_t ssc_math_perm(int64_t n, int64_t k, int64_t *out) {
    if (check_n_k(n, k) != SSC_OK)
        return SSC_RAISED;
    uint64_t r = k > n ? 0 : 1;
    for (int64_t i = 0; i < k && r; i++)
        if (mul_overflows(r, (uint64_t)(n - i), &r))
            return ssc_raise_int_overflow();
    *out = (int64_t)r;
    return SSC_OK;
}

/* math_fsum: Shewchuk's exact partials (non-overlapping, increasing magnitude), summed and
 * correctly rounded at the end with CPython's half-even fix-up; infinities and nans tracked
 * apart, with its messages. */
static int32_t fsum(const double *xs, int32_t len, int32_t stride, const int64_t *ints, double *out) {
    double *p = len > 32 ? ssc_alloc((uint32_t)len * 8 + 8) : 0, small[33];
    if (!p)
        p = small;
    int32_t n = 0;
    double special_sum = 0.0, inf_sum = 0.0;
    for (int32_t idx = 0; idx < len; idx++) {
        double x;
        if (ints)
            x = (double)ints[idx];
        else
            __builtin_memcpy(&x, (const uint8_t *)xs + (size_t)idx * (size_t)stride, 8);
        double xsave = x;
        int32_t i = 0;
        for (int32_t j = 0; j < n; j++) {
            double y = p[j];
            if (__builtin_fabs(x) < __builtin_fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (d_isnan(x) || d_isinf(x)) {
                /* a nonfinite x could come from an overflow of finite partials */
                if (!d_isnan(xsave) && !d_isinf(xsave))
                    return raise_msg(SSC_EXC_OverflowError, "intermediate overflow in fsum");
                if (d_isinf(xsave))
                    inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            } else
                p[n++] = x;
        }
    }
    if (special_sum != 0.0) {
        if (d_isnan(inf_sum))
            return raise_msg(SSC_EXC_ValueError, "-inf + inf in fsum");
        *out = special_sum;
        return SSC_OK;
    }
    double hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi, y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        /* round half even: a lo of the same sign as the next partial moves hi one ulp */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    *out = hi;
    return SSC_OK;
}

int32_t ssc_math_fsum(ssc_list *xs, double *out) { return fsum((const double *)xs->data, xs->len, 8, 0, out); }

int32_t ssc_math_fsum_int(ssc_list *xs, double *out) {
    return fsum(0, xs->len, 8, (const int64_t *)xs->data, out);
}

/* ---- logarithms and exp -----------------------------------------------------
 * CPython calls the C library's, glibc's on Linux, whose log, log2 and exp are correctly
 * rounded but for rare cases. These are computed in double-double (about 104 bits,
 * dynamic.c's dy_ln and dy_exp) and rounded once, so they are correctly rounded; log10 is glibc's formula over log (fdlibm's
 * e_log10.c: the exponent's part in two pieces plus log(m) / ln 10), which is not, so that
 * it gives glibc's results. */
/* dynamic.c's double-double arithmetic (dy_dd, dy_ln, dy_exp) serves these too. */
static const dy_dd DD_INV_LN2 = {0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56};

/* m_log and its kin: nan stays nan, +inf is +inf, 0 and negatives are domain errors. */
static int32_t log_special(double x, double *out) {
    if (d_isnan(x) || (d_isinf(x) && x > 0)) {
        *out = x;
        return 1;
    }
    if (x <= 0.0 || d_isinf(x))
        return -1;
    return 0;
}

int32_t ssc_math_log(double x, double *out) {
    int32_t special = log_special(x, out);
    if (special)
        return special < 0 ? math_domain_error() : SSC_OK;
    dy_dd r = dy_ln(x);
    *out = r.hi + r.lo;
    return SSC_OK;
}

int32_t ssc_math_log2(double x, double *out) {
    int32_t special = log_special(x, out);
    if (special)
        return special < 0 ? math_domain_error() : SSC_OK;
    dy_dd r = dd_mul(dy_ln(x), DD_INV_LN2);
    *out = r.hi + r.lo;
    return SSC_OK;
}

/* glibc's __ieee754_log10: k + log10(m) with m in [1, 2) (k + 1 and m / 2 when k < 0). */
int32_t ssc_math_log10(double x, double *out) {
    int32_t special = log_special(x, out);
    if (special)
        return special < 0 ? math_domain_error() : SSC_OK;
    const double ivln10 = 0x1.bcb7b1526e50ep-2, log10_2hi = 0x1.34413509f6p-2, log10_2lo = 0x1.9fef311f12b36p-42;
    uint64_t u = d_bits(x);
    int32_t k = 0;
    if (u < ((uint64_t)1 << 52)) {
        x *= 0x1p54;
        u = d_bits(x);
        k = -54;
    }
    k += (int32_t)(u >> 52) - 1023;
    int32_t i = k < 0;
    double y = (double)(k + i);
    dy_dd r = dy_ln(d_from_bits((u & (((uint64_t)1 << 52) - 1)) | ((uint64_t)(1023 - i) << 52)));
    double z = y * log10_2lo + ivln10 * (r.hi + r.lo);
    *out = z + y * log10_2hi;
    return SSC_OK;
}

/* math.log(x, base): log(x) / log(base), each by m_log (ZeroDivisionError for base 1). */
int32_t ssc_math_log_base(double x, double base, double *out) {
    double num, den;
    if (ssc_math_log(x, &num) != SSC_OK || ssc_math_log(base, &den) != SSC_OK)
        return SSC_RAISED;
    return ssc_float_div(num, den, out);
}

/* math.exp: dy_exp, correctly rounded; a finite x whose result overflows raises
 * OverflowError, one that underflows gives 0 (math_1's is_error). */
int32_t ssc_math_exp(double x, double *out) {
    if (d_isnan(x) || d_isinf(x)) {
        *out = d_isnan(x) || x > 0 ? x : 0.0;
        return SSC_OK;
    }
    int overflow;
    *out = dy_exp((dy_dd){x, 0.0}, &overflow);
    if (overflow)
        return raise_msg(SSC_EXC_OverflowError, "math range error");
    return SSC_OK;
}
