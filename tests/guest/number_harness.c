/* Test entry points for compiler/guest/number.c, linked with stub_core.c
 * (see stub_core.h).
 *
 * number.c is compiled here as in runtime.c: one translation unit with
 * text.c (it uses text.c's Unicode helpers) and containers.c (the type
 * descriptors, and str() of the values format() does not handle itself).
 *
 * The host writes a batch of cases into h_in(): for each, a u32 length and
 * a payload: three 8-byte operands A, B, C, a u32 length and text T1, then
 * text T2 (the rest). h_run(op, count) runs one number.c function per case,
 * each as its own "entry call" (stub_reset), and writes to h_out() for
 * each case: i32 rc, i32 exception code, 8 result bytes (int64 or double),
 * u32 text length and the text (the exception message when rc != 0). */
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"   /* containers.c delegates values of type Any to it */
#include "stub_core.h"

static const ssc_type t_list_int = {SSC_T_LIST, 4, 1, (const ssc_type *const[]){&ssc_type_int}, {NULL}};

enum {
    OP_INT_FLOORDIV, OP_INT_MOD, OP_INT_POW, OP_INT_POW_FLOAT, OP_INT_LSHIFT, OP_INT_RSHIFT,
    OP_INT_TRUEDIV, OP_INT_ABS, OP_FLOAT_DIV, OP_FLOAT_FLOORDIV, OP_FLOAT_MOD, OP_FLOAT_POW_INT,
    OP_INT_FROM_FLOAT, OP_FLOAT_FROM_INT, OP_FLOAT_FROM_STR, OP_FLOAT_FROM_BYTES, OP_INT_FROM_STR_BASE,
    OP_INT_FROM_BYTES_BASE, OP_FLOAT_ROUND, OP_FLOAT_ROUND_NDIGITS, OP_INT_ROUND_NDIGITS,
    OP_INT_FLOAT_COMPARE, OP_FLOAT_REPR, OP_FORMAT,
};

/* Copies text to a fresh allocation followed by digits, which would change
 * the outcome if the code read past the end. */
static const uint8_t *fresh(const uint8_t *p, uint32_t n) {
    uint8_t *d = ssc_alloc(n + 8);
    memcpy(d, p, n);
    memset(d + n, '7', 8);
    return d;
}

__attribute__((export_name("h_run")))
int32_t h_run(int32_t op, int32_t count) {
    const uint8_t *in = io_in;
    uint8_t *o = io_out;
    for (int32_t k = 0; k < count; k++) {
        uint32_t len, n1;
        memcpy(&len, in, 4);
        const uint8_t *rec = in + 4;
        in += 4 + len;
        stub_reset();
        int64_t a, b, c;
        double x, y;
        memcpy(&a, rec, 8);
        memcpy(&b, rec + 8, 8);
        memcpy(&c, rec + 16, 8);
        memcpy(&x, rec, 8);
        memcpy(&y, rec + 8, 8);
        memcpy(&n1, rec + 24, 4);
        const uint8_t *t1 = fresh(rec + 28, n1);
        uint32_t n2 = len - 28 - n1;
        const uint8_t *t2 = fresh(rec + 28 + n1, n2);

        int32_t rc = 0;
        int64_t iv = 0;
        double dv = 0;
        int is_float = 0;
        uint8_t flag = 0;
        ssc_buf text = {0, 0, 0};
        ssc_buf_init(&text, 8);
        switch (op) {
        case OP_INT_FLOORDIV: rc = ssc_int_floordiv(a, b, &iv); break;
        case OP_INT_MOD: rc = ssc_int_mod(a, b, &iv); break;
        case OP_INT_POW: rc = ssc_int_pow(a, b, &iv); break;
        case OP_INT_POW_FLOAT: rc = ssc_int_pow_float(a, b, &dv); is_float = 1; break;
        case OP_INT_LSHIFT: rc = ssc_int_lshift(a, b, &iv); break;
        case OP_INT_RSHIFT: rc = ssc_int_rshift(a, b, &iv); break;
        case OP_INT_TRUEDIV: rc = ssc_int_truediv(a, b, &dv); is_float = 1; break;
        case OP_INT_ABS: rc = ssc_int_abs(a, &iv); break;
        case OP_FLOAT_DIV: rc = ssc_float_div(x, y, &dv); is_float = 1; break;
        case OP_FLOAT_FLOORDIV: rc = ssc_float_floordiv(x, y, &dv); is_float = 1; break;
        case OP_FLOAT_MOD: rc = ssc_float_mod(x, y, &dv); is_float = 1; break;
        case OP_FLOAT_POW_INT: rc = ssc_float_pow_int(x, b, &dv); is_float = 1; break;
        case OP_INT_FROM_FLOAT: rc = ssc_int_from_float(x, &iv); break;
        case OP_FLOAT_FROM_INT: rc = ssc_float_from_int(a, &dv); is_float = 1; break;
        case OP_FLOAT_FROM_STR: rc = ssc_float_from_str(t1, (int32_t)n1, &dv); is_float = 1; break;
        case OP_FLOAT_FROM_BYTES: rc = ssc_float_from_bytes(t1, (int32_t)n1, &dv); is_float = 1; break;
        case OP_INT_FROM_STR_BASE: rc = ssc_int_from_str_base(t1, (int32_t)n1, a, &iv); break;
        case OP_INT_FROM_BYTES_BASE: rc = ssc_int_from_bytes_base(t1, (int32_t)n1, a, &iv); break;
        case OP_FLOAT_ROUND: rc = ssc_float_round(x, &iv); break;
        case OP_FLOAT_ROUND_NDIGITS: rc = ssc_float_round_ndigits(x, b, &dv); is_float = 1; break;
        case OP_INT_ROUND_NDIGITS: rc = ssc_int_round_ndigits(a, b, &iv); break;
        case OP_INT_FLOAT_COMPARE:
            rc = ssc_int_float_compare(a, y, (int32_t)c, &flag);
            iv = flag;
            break;
        case OP_FLOAT_REPR: ssc_buf_float_repr(&text, x); break;
        case OP_FORMAT: {
            /* A: the value (int64, double bits or bool), B: kind, C: conversion,
             * T1: the spec, T2: a str or bytes value. */
            const ssc_type *t;
            const void *value = rec;
            ssc_bytes s = {t2, (int32_t)n2};
            uint8_t small = (uint8_t)a;
            ssc_list *list;
            switch ((int)b) {
            case SSC_T_NONE: t = &ssc_type_none; value = &small; break;
            case SSC_T_BOOL: t = &ssc_type_bool; value = &small; break;
            case SSC_T_INT: t = &ssc_type_int; break;
            case SSC_T_FLOAT: t = &ssc_type_float; break;
            case SSC_T_STR: t = &ssc_type_str; value = &s; break;
            case SSC_T_BYTES: t = &ssc_type_bytes; value = &s; break;
            default: /* the list [A] */
                t = &t_list_int;
                list = ssc_list_new(&ssc_type_int, 1);
                ssc_list_append(list, &a);
                value = &list;
                break;
            }
            int64_t aligned[1];
            if (value == rec) {
                memcpy(aligned, rec, 8);
                value = aligned;
            }
            rc = ssc_format_value(&text, t, value, (int32_t)c, t1, (int32_t)n1);
            break;
        }
        default:
            __builtin_trap();
        }
        o = stub_put_result(o, rc, is_float ? (const void *)&dv : &iv, &text);
    }
    return (int32_t)(o - io_out);
}
