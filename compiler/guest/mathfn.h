/* mathfn.c: the math module (CPython's Modules/mathmodule.c): exact functions of floats and
 * ints, CPython's results and its ValueError / OverflowError messages. */
#ifndef SSC_MATHFN_H
#define SSC_MATHFN_H

#include "ssc_rt.h"
#include "containers.h"

int32_t ssc_math_sqrt(double x, double *out);
int32_t ssc_math_floor(double x, int64_t *out);
int32_t ssc_math_ceil(double x, int64_t *out);
int32_t ssc_math_trunc(double x, int64_t *out);
int32_t ssc_math_int_identity(int64_t x, int64_t *out);      /* floor/ceil/trunc of an int */
int32_t ssc_math_fabs(double x, double *out);
int32_t ssc_math_copysign(double x, double y, double *out);
int32_t ssc_math_isnan(double x, uint8_t *out);
int32_t ssc_math_isinf(double x, uint8_t *out);
int32_t ssc_math_isfinite(double x, uint8_t *out);
int32_t ssc_math_isclose(double a, double b, double rel_tol, double abs_tol, uint8_t *out);
int32_t ssc_math_radians(double x, double *out);
int32_t ssc_math_degrees(double x, double *out);
int32_t ssc_math_gcd(int64_t a, int64_t b, int64_t *out);
int32_t ssc_math_lcm(int64_t a, int64_t b, int64_t *out);
int32_t ssc_math_isqrt(int64_t n, int64_t *out);
int32_t ssc_math_factorial(int64_t n, int64_t *out);
int32_t ssc_math_comb(int64_t n, int64_t k, int64_t *out);
int32_t ssc_math_perm(int64_t n, int64_t k, int64_t *out);
int32_t ssc_math_fsum(ssc_list *xs, double *out);
int32_t ssc_math_fsum_int(ssc_list *xs, double *out);
int32_t ssc_math_log(double x, double *out);
int32_t ssc_math_log2(double x, double *out);
int32_t ssc_math_log10(double x, double *out);
int32_t ssc_math_log_base(double x, double base, double *out);
int32_t ssc_math_exp(double x, double *out);

#endif
