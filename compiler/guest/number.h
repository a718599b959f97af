/* number.c: int and float arithmetic, float <-> text, format specs. Its static
 * double helpers (d_bits, d_from_bits, d_isnan, d_isinf) are also dynamic.c's. */
#ifndef SSC_NUMBER_H
#define SSC_NUMBER_H

#include "ssc_rt.h"

/* ---- numbers (number.c) ------------------------------------------------
 * Python semantics for int (int64, OverflowError outside it, see
 * SSC_INT_OVERFLOW_MESSAGE) and float (IEEE double), CPython's messages. */
int32_t ssc_int_floordiv(int64_t a, int64_t b, int64_t *out);   /* a // b */
int32_t ssc_int_mod(int64_t a, int64_t b, int64_t *out);        /* a % b */
int32_t ssc_int_divmod(int64_t a, int64_t b, void *out);        /* divmod(a, b): a tuple[int, int] */
int32_t ssc_float_divmod(double a, double b, void *out);        /* divmod(a, b): a tuple[float, float] */
int32_t ssc_int_hex(int64_t v, ssc_bytes *out);                 /* hex(v): '0x1f', '-0x1f' */
int32_t ssc_int_oct(int64_t v, ssc_bytes *out);                 /* oct(v) */
int32_t ssc_int_bin(int64_t v, ssc_bytes *out);                 /* bin(v) */
int32_t ssc_int_pow(int64_t a, int64_t b, int64_t *out);        /* a ** b, b >= 0 */
int32_t ssc_int_pow_float(int64_t a, int64_t b, double *out);   /* a ** b, b < 0 */
int32_t ssc_int_lshift(int64_t a, int64_t b, int64_t *out);
int32_t ssc_int_rshift(int64_t a, int64_t b, int64_t *out);
int32_t ssc_int_truediv(int64_t a, int64_t b, double *out);     /* correctly rounded */
int32_t ssc_int_abs(int64_t a, int64_t *out);
int32_t ssc_int_bit_length(int64_t a, int64_t *out);               /* i.bit_length() */
int32_t ssc_int_bit_count(int64_t a, int64_t *out);                /* i.bit_count() */
int32_t ssc_float_div(double a, double b, double *out);
int32_t ssc_float_floordiv(double a, double b, double *out);
int32_t ssc_float_mod(double a, double b, double *out);
int32_t ssc_float_pow_int(double a, int64_t b, double *out);     /* a ** b, correctly rounded */
int32_t ssc_int_from_float(double a, int64_t *out);              /* int(x) */
int32_t ssc_float_from_int(int64_t a, double *out);              /* float(i) */
int32_t ssc_float_from_str(const uint8_t *p, int32_t n, double *out);     /* float(s) */
int32_t ssc_float_from_bytes(const uint8_t *p, int32_t n, double *out);   /* float(b) */
int32_t ssc_int_from_str_base(const uint8_t *p, int32_t n, int64_t base, int64_t *out);
int32_t ssc_int_from_bytes_base(const uint8_t *p, int32_t n, int64_t base, int64_t *out);
int32_t ssc_float_round(double a, int64_t *out);                 /* round(x) */
int32_t ssc_float_round_ndigits(double a, int64_t nd, double *out);  /* round(x, n) */
int32_t ssc_int_round_ndigits(int64_t a, int64_t nd, int64_t *out);  /* round(i, n) */
/* int <op> float comparisons, exact as CPython (op: 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >=). */
int32_t ssc_int_float_compare(int64_t a, double b, int32_t op, uint8_t *out);
/* repr(x) == str(x) of a float appended to b: CPython's shortest round trip. */
void ssc_buf_float_repr(ssc_buf *b, double x);
/* format(value, spec) for a value of type t (int, float, bool, str, None or
 * any type with an empty spec), appended to b; conversion is 0, 's' or 'r'
 * (f"{x!r:>10}"). ValueError on a bad spec, with CPython's message. */
int32_t ssc_format_value(ssc_buf *b, const ssc_type *t, const void *value, int32_t conversion,
                         const uint8_t *spec, int32_t spec_len);
/* f"{v!a:spec}": ascii(v) formatted as a str (ssc_format_escaped: of a repr already made). */
int32_t ssc_format_ascii(ssc_buf *b, const ssc_type *t, const void *value, const uint8_t *spec, int32_t spec_len);
int32_t ssc_format_escaped(ssc_buf *b, const uint8_t *p, int32_t len, const uint8_t *spec, int32_t spec_len);

#endif
