/* Test entry points for compiler/guest/json.c (json.loads, json.dumps),
 * linked with stub_core.c (see stub_core.h).
 *
 * json.c is compiled here as in runtime.c: one translation unit with text.c,
 * number.c, strings.c, containers.c and dynamic.c, whose internals it uses.
 *
 * h_run(op, count, arg) runs `count` cases of one op in one "entry call"
 * (stub_reset once). The host writes each case into h_in() as a u32 length
 * and its bytes; for each, h_out() gets stub_put_result's record (i32 rc,
 * i32 exception code, 8 bytes of value, u32 text length, the text: the
 * exception message when rc != 0). It returns the bytes written.
 *
 * The ops (json_harness.py's Op):
 *   LOADS         case: a str (UTF-8)    text: repr(json.loads(s))
 *   LOADS_BYTES   case: bytes            text: repr(json.loads(b))
 *   LOADS_DUMPS   case: opts, a str      text: json.dumps(json.loads(s), **opts)
 *   DUMPS_ANY     case: opts, a value in the Any encoding (h_any)
 *                                        text: json.dumps(value, **opts)
 *   DUMPS_TYPED   case: opts, u8 type number (`types` below), a value in the
 *                 typed encoding (h_typed)   text: json.dumps(value, **opts)
 *   DUMPS_SPECIAL case: opts, u8 shape, u32 n: a value built here (h_special):
 *                 lists and dicts that contain themselves, or nested n deep
 *   BENCH         case: a str; json.loads(s) `arg` times, memory reset
 *                 between runs; value: the number of runs, text: empty
 *   BENCH_BYTES   the same with bytes: json.loads(b)
 * opts: u8 flags (1 indent given, 2 sort_keys, 4 ensure_ascii, 8 allow_nan),
 * then the indent, the item separator and the key separator, each a u8
 * length and its bytes.
 */
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"
#include "json.c"
#include "stub_core.h"

enum { OP_LOADS, OP_LOADS_BYTES, OP_LOADS_DUMPS, OP_DUMPS_ANY, OP_DUMPS_TYPED, OP_DUMPS_SPECIAL, OP_BENCH, OP_BENCH_BYTES };

/* ---- typed values ------------------------------------------------------------ */

#define ITEMS(...) ((const ssc_type *const[]){__VA_ARGS__})
#define OFFS(...) ((const int32_t[]){__VA_ARGS__})

static const ssc_type t_opt_int = {SSC_T_OPTIONAL, 16, 1, ITEMS(&ssc_type_int), {OFFS(8)}};
static const ssc_type t_opt_str = {SSC_T_OPTIONAL, 12, 1, ITEMS(&ssc_type_str), {OFFS(4)}};
static const ssc_type t_opt_float = {SSC_T_OPTIONAL, 16, 1, ITEMS(&ssc_type_float), {OFFS(8)}};
static const ssc_type t_list_int = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_int), {NULL}};
static const ssc_type t_list_str = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_str), {NULL}};
static const ssc_type t_list_float = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_float), {NULL}};
static const ssc_type t_list_bool = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_bool), {NULL}};
static const ssc_type t_list_bytes = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_bytes), {NULL}};
static const ssc_type t_list_any = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_any), {NULL}};
static const ssc_type t_list_list_int = {SSC_T_LIST, 4, 1, ITEMS(&t_list_int), {NULL}};
static const ssc_type t_list_opt_float = {SSC_T_LIST, 4, 1, ITEMS(&t_opt_float), {NULL}};
static const ssc_type t_tup_int_str = {SSC_T_TUPLE, 16, 2, ITEMS(&ssc_type_int, &ssc_type_str), {OFFS(0, 8)}};
static const ssc_type t_tup_str_optint = {SSC_T_TUPLE, 24, 2, ITEMS(&ssc_type_str, &t_opt_int), {OFFS(0, 8)}};
static const ssc_type t_tup_empty = {SSC_T_TUPLE, 0, 0, NULL, {NULL}};
static const ssc_type t_tup_float_bool_none = {SSC_T_TUPLE, 16, 3,
                                               ITEMS(&ssc_type_float, &ssc_type_bool, &ssc_type_none), {OFFS(0, 8, 9)}};
static const ssc_type t_list_tup_str_optint = {SSC_T_LIST, 4, 1, ITEMS(&t_tup_str_optint), {NULL}};
static const ssc_type t_dict_str_float = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &ssc_type_float), {NULL}};
static const ssc_type t_dict_int_bool = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_int, &ssc_type_bool), {NULL}};
static const ssc_type t_dict_str_list_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &t_list_int), {NULL}};
static const ssc_type t_dict_float_str = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_float, &ssc_type_str), {NULL}};
static const ssc_type t_dict_bool_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_bool, &ssc_type_int), {NULL}};
static const ssc_type t_dict_optint_str = {SSC_T_DICT, 4, 2, ITEMS(&t_opt_int, &ssc_type_str), {NULL}};
static const ssc_type t_dict_tup_int = {SSC_T_DICT, 4, 2, ITEMS(&t_tup_int_str, &ssc_type_int), {NULL}};
static const ssc_type t_dict_bytes_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_bytes, &ssc_type_int), {NULL}};
static const ssc_type t_dict_str_any = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &ssc_type_any), {NULL}};
static const ssc_type t_dict_str_opt_str = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &t_opt_str), {NULL}};
static const ssc_type t_set_int = {SSC_T_SET, 4, 1, ITEMS(&ssc_type_int), {NULL}};
static const ssc_type t_dict_str_set_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &t_set_int), {NULL}};
static const ssc_type t_dict_record_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_record, &ssc_type_int), {NULL}};
static const ssc_type t_list_dict_str_float = {SSC_T_LIST, 4, 1, ITEMS(&t_dict_str_float), {NULL}};

/* The same types in the same order as json_harness.py's TYPES. */
static const ssc_type *const types[] = {
    &ssc_type_none, &ssc_type_bool, &ssc_type_int, &ssc_type_float, &ssc_type_str, &ssc_type_bytes,   /* 0-5 */
    &t_opt_int, &t_opt_str, &t_list_int, &t_list_str, &t_list_float, &t_list_bool,                    /* 6-11 */
    &t_list_bytes, &t_list_any, &t_list_list_int, &t_list_opt_float, &t_tup_int_str,                  /* 12-16 */
    &t_tup_str_optint, &t_tup_empty, &t_tup_float_bool_none, &t_list_tup_str_optint,                  /* 17-20 */
    &t_dict_str_float, &t_dict_int_bool, &t_dict_str_list_int, &t_dict_float_str, &t_dict_bool_int,   /* 21-25 */
    &t_dict_optint_str, &t_dict_tup_int, &t_dict_bytes_int, &t_dict_str_any, &t_dict_str_opt_str,     /* 26-30 */
    &t_set_int, &t_dict_str_set_int, &ssc_type_record, &t_dict_record_int, &t_list_dict_str_float,     /* 31-35 */
    &ssc_type_any,                                                                                     /* 36 */
};

static const uint8_t *in;

static uint32_t rd32(void) {
    uint32_t v;
    memcpy(&v, in, 4);
    in += 4;
    return v;
}

static ssc_bytes rd_bytes(void) {
    ssc_bytes s;
    s.len = (int32_t)rd32();
    uint8_t *p = ssc_alloc((uint32_t)s.len + 8);
    memcpy(p, in, (size_t)s.len);
    memset(p + s.len, 0x80, 8); /* filler that changes results if read */
    in += s.len;
    s.ptr = p;
    return s;
}

/* A dynamic value: u8 tag, then 'n' None, 'T' True, 'F' False, 'i' i64,
 * 'd' f64, 's' u32 length and bytes (generalized UTF-8), 'l' u32 count and
 * the items, 'm' u32 count and the keys and values alternately. */
static ssc_any *h_any(void) {
    uint8_t tag = *in++;
    switch (tag) {
    case 'n': return (ssc_any *)&ssc_any_none_box;
    case 'T': return ssc_any_from_bool(1);
    case 'F': return ssc_any_from_bool(0);
    case 'i': {
        int64_t v;
        memcpy(&v, in, 8);
        in += 8;
        return ssc_any_from_int(v);
    }
    case 'd': {
        double v;
        memcpy(&v, in, 8);
        in += 8;
        return ssc_any_from_float(v);
    }
    case 's': {
        ssc_bytes s = rd_bytes();
        return ssc_any_from_str(s.ptr, s.len);
    }
    case 'l': {
        uint32_t n = rd32();
        ssc_list *l = ssc_list_new(&ssc_type_any, (int32_t)(n & 1));
        for (uint32_t i = 0; i < n; i++) {
            ssc_any *x = h_any();
            ssc_list_append(l, &x);
        }
        ssc_any *a = js_box(SSC_ANY_LIST);
        a->u.list = l;
        return a;
    }
    case 'm': {
        uint32_t n = rd32();
        ssc_dict *d = ssc_dict_new(&ssc_type_any, &ssc_type_any, 0);
        for (uint32_t i = 0; i < n; i++) {
            ssc_any *k = h_any();
            ssc_any *v = h_any();
            ssc_dict_setitem(d, &k, &v);
        }
        ssc_any *a = js_box(SSC_ANY_DICT);
        a->u.dict = d;
        return a;
    }
    }
    __builtin_trap();
}

/* A value of type t into dst (t->size bytes): bool u8, int i64, float f64,
 * str and bytes u32 length and bytes, T | None u8 present and T, a tuple its
 * items, list and set u32 count and items, dict u32 count and keys and
 * values alternately, Record u8 has_key, [key], value, i64 offset, i64
 * timestamp, Any as h_any. */
static void h_typed(const ssc_type *t, uint8_t *dst) {
    switch (t->kind) {
    case SSC_T_NONE:
        if (t->size) *dst = 0;
        return;
    case SSC_T_BOOL:
        *dst = *in++;
        return;
    case SSC_T_INT:
    case SSC_T_FLOAT:
        memcpy(dst, in, 8);
        in += 8;
        return;
    case SSC_T_STR:
    case SSC_T_BYTES: {
        ssc_bytes s = rd_bytes();
        memcpy(dst, &s, sizeof s);
        return;
    }
    case SSC_T_OPTIONAL:
        memset(dst, 0x5a, (size_t)t->size); /* garbage where absent */
        *dst = *in++;
        if (*dst) h_typed(t->items[0], dst + t->offsets[0]);
        return;
    case SSC_T_TUPLE:
        for (int32_t i = 0; i < t->count; i++) h_typed(t->items[i], dst + t->offsets[i]);
        return;
    case SSC_T_LIST: {
        uint32_t n = rd32();
        ssc_list *l = ssc_list_new(t->items[0], 0);
        uint8_t *tmp = ssc_alloc((uint32_t)t->items[0]->size + 1);
        for (uint32_t i = 0; i < n; i++) {
            h_typed(t->items[0], tmp);
            ssc_list_append(l, tmp);
        }
        memcpy(dst, &l, 4);
        return;
    }
    case SSC_T_DICT: {
        uint32_t n = rd32();
        ssc_dict *d = ssc_dict_new(t->items[0], t->items[1], 0);
        uint8_t *k = ssc_alloc((uint32_t)t->items[0]->size + 1);
        uint8_t *v = ssc_alloc((uint32_t)t->items[1]->size + 1);
        for (uint32_t i = 0; i < n; i++) {
            h_typed(t->items[0], k);
            h_typed(t->items[1], v);
            ssc_dict_setitem(d, k, v);
        }
        memcpy(dst, &d, 4);
        return;
    }
    case SSC_T_SET: {
        uint32_t n = rd32();
        ssc_set *s = ssc_set_new(t->items[0], 0);
        uint8_t *k = ssc_alloc((uint32_t)t->items[0]->size + 1);
        for (uint32_t i = 0; i < n; i++) {
            h_typed(t->items[0], k);
            ssc_set_add(s, k);
        }
        memcpy(dst, &s, 4);
        return;
    }
    case SSC_T_RECORD: {
        ssc_record *r = ssc_alloc(sizeof *r);
        r->has_key = *in++;
        if (r->has_key) r->key = rd_bytes();
        r->value = rd_bytes();
        memcpy(&r->offset, in, 8);
        memcpy(&r->timestamp, in + 8, 8);
        in += 16;
        memcpy(dst, &r, 4);
        return;
    }
    case SSC_T_ANY: {
        ssc_any *a = h_any();
        memcpy(dst, &a, 4);
        return;
    }
    }
}

/* ---- values built here ---------------------------------------------------- */

static ssc_any *any_list(ssc_list *l) {
    ssc_any *a = js_box(SSC_ANY_LIST);
    a->u.list = l;
    return a;
}

static ssc_any *any_dict(ssc_dict *d) {
    ssc_any *a = js_box(SSC_ANY_DICT);
    a->u.dict = d;
    return a;
}

static ssc_any *any_str(const char *s) {
    int32_t n = 0;
    while (s[n]) n++;
    return ssc_any_from_str((const uint8_t *)s, n);
}

/* json_harness.py's SPECIAL_SHAPES, built from n:
 *   0 x = [1]; x.append(x)               1 d = {"a": 1}; d["self"] = d
 *   2 x = [[n]]; x[0].append({"k": x})   3 y = [n]; x = [y, y, {"y": y}] (shared, not circular)
 *   4 n nested lists around [0]          5 n nested dicts {"a": ...} around 0
 * (shape 6, typed: list[Any] [x, x] for x of shape 0, is h_run's) */
static ssc_any *h_special(uint8_t shape, uint32_t n) {
    ssc_any *one = ssc_any_from_int(n);
    switch (shape) {
    case 0: {
        ssc_list *l = ssc_list_new(&ssc_type_any, 0);
        ssc_any *x = any_list(l);
        ssc_list_append(l, &one);
        ssc_list_append(l, &x);
        return x;
    }
    case 1: {
        ssc_dict *d = ssc_dict_new(&ssc_type_any, &ssc_type_any, 0);
        ssc_any *x = any_dict(d), *a = any_str("a"), *self = any_str("self");
        ssc_dict_setitem(d, &a, &one);
        ssc_dict_setitem(d, &self, &x);
        return x;
    }
    case 2: {
        ssc_list *outer = ssc_list_new(&ssc_type_any, 0), *inner = ssc_list_new(&ssc_type_any, 0);
        ssc_any *x = any_list(outer), *y = any_list(inner);
        ssc_dict *d = ssc_dict_new(&ssc_type_any, &ssc_type_any, 0);
        ssc_any *dx = any_dict(d), *k = any_str("k");
        ssc_dict_setitem(d, &k, &x);
        ssc_list_append(inner, &one);
        ssc_list_append(inner, &dx);
        ssc_list_append(outer, &y);
        return x;
    }
    case 3: {
        ssc_list *inner = ssc_list_new(&ssc_type_any, 0), *outer = ssc_list_new(&ssc_type_any, 0);
        ssc_any *y = any_list(inner), *x = any_list(outer), *k = any_str("y");
        ssc_list_append(inner, &one);
        ssc_dict *d = ssc_dict_new(&ssc_type_any, &ssc_type_any, 0);
        ssc_dict_setitem(d, &k, &y);
        ssc_any *dy = any_dict(d);
        ssc_list_append(outer, &y);
        ssc_list_append(outer, &y);
        ssc_list_append(outer, &dy);
        return x;
    }
    default: {
        ssc_any *x = ssc_any_from_int(0), *a = any_str("a");
        if (shape == 4) {
            ssc_list *l = ssc_list_new(&ssc_type_any, 1);
            ssc_list_append(l, &x);
            x = any_list(l);
        }
        for (uint32_t i = 0; i < n; i++) {
            if (shape == 4) {
                ssc_list *l = ssc_list_new(&ssc_type_any, 1);
                ssc_list_append(l, &x);
                x = any_list(l);
            } else {
                ssc_dict *d = ssc_dict_new(&ssc_type_any, &ssc_type_any, 1);
                ssc_dict_setitem(d, &a, &x);
                x = any_dict(d);
            }
        }
        return x;
    }
    }
    __builtin_trap();
}

/* ---- options ---------------------------------------------------------------- */

static ssc_bytes rd_short(void) {
    ssc_bytes s;
    s.len = *in++;
    s.ptr = in;
    in += s.len;
    return s;
}

static void rd_opts(ssc_json_opts *o) {
    uint8_t flags = *in++;
    o->has_indent = flags & 1;
    o->sort_keys = (flags >> 1) & 1;
    o->ensure_ascii = (flags >> 2) & 1;
    o->allow_nan = (flags >> 3) & 1;
    o->indent = rd_short();
    o->item_sep = rd_short();
    o->key_sep = rd_short();
}

/* ---- the entry point ---------------------------------------------------------- */

__attribute__((export_name("h_run")))
int32_t h_run(int32_t op, int32_t count, int32_t arg) {
    stub_reset();
    const uint8_t *next = io_in;
    uint8_t *o = io_out;
    for (int32_t k = 0; k < count; k++) {
        in = next;
        uint32_t len = rd32();
        next = in + len;
        stub_exc_code = 0;
        stub_exc_len = 0;
        ssc_buf text;
        ssc_buf_init(&text, 64);
        int64_t value = 0;
        int32_t rc = 0;
        ssc_json_opts opts;
        ssc_any *x;
        switch (op) {
        case OP_LOADS:
        case OP_LOADS_BYTES:
            rc = op == OP_LOADS ? ssc_json_loads_str(in, (int32_t)len, &x) : ssc_json_loads_bytes(in, (int32_t)len, &x);
            if (!rc) ssc_buf_any_repr(&text, x);
            break;
        case OP_LOADS_DUMPS:
            rd_opts(&opts);
            rc = ssc_json_loads_str(in, (int32_t)(next - in), &x);
            if (!rc) rc = ssc_json_dumps(&text, &ssc_type_any, &x, &opts);
            break;
        case OP_DUMPS_ANY:
            rd_opts(&opts);
            x = h_any();
            rc = ssc_json_dumps(&text, &ssc_type_any, &x, &opts);
            break;
        case OP_DUMPS_TYPED: {
            rd_opts(&opts);
            const ssc_type *t = types[*in++];
            uint8_t *v = ssc_alloc((uint32_t)t->size + 8);
            memset(v, 0x5a, (size_t)t->size + 8);
            h_typed(t, v);
            rc = ssc_json_dumps(&text, t, v, &opts);
            break;
        }
        case OP_DUMPS_SPECIAL: {
            rd_opts(&opts);
            uint8_t shape = *in++;
            if (shape == 6) { /* a typed list[Any] holding the circular list twice */
                ssc_list *typed = ssc_list_new(&ssc_type_any, 0);
                x = h_special(0, rd32());
                ssc_list_append(typed, &x);
                ssc_list_append(typed, &x);
                rc = ssc_json_dumps(&text, &t_list_any, &typed, &opts);
            } else {
                x = h_special(shape, rd32());
                rc = ssc_json_dumps(&text, &ssc_type_any, &x, &opts);
            }
            break;
        }
        case OP_BENCH:
        case OP_BENCH_BYTES:
            for (int32_t i = 0; i < arg && !rc; i++) {
                stub_reset();
                rc = op == OP_BENCH ? ssc_json_loads_str(in, (int32_t)len, &x) : ssc_json_loads_bytes(in, (int32_t)len, &x);
                value++;
            }
            stub_reset();
            ssc_buf_init(&text, 16);
            break;
        default:
            __builtin_trap();
        }
        o = stub_put_result(o, rc, &value, &text);
    }
    return (int32_t)(o - io_out);
}
