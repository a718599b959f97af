/* Test entry points for compiler/guest/containers.c, linked with stub_core.c
 * (see stub_core.h; records are its stand-ins).
 *
 * containers.c is compiled here as in runtime.c: one translation unit with
 * text.c and number.c (the str, bytes and float reprs), so that its full
 * interface is visible.
 *
 * The harness is a little register machine: the host writes a program into
 * h_in() and h_run(count) runs `count` instructions in one "entry call"
 * (stub_reset once), writing for each to h_out(): i32 rc, i32 exception
 * code, u32 text length, the text (the exception message when rc != 0, else
 * the repr of the result, or another text the op defines). It returns the
 * number of bytes written.
 *
 * An instruction is 10 bytes: u8 op, u8 dst, u8 a, u8 b, u8 c, u8 d,
 * i32 imm; OP_LOAD is followed by a value in the encoding of h_decode.
 * Registers hold a type descriptor and a pointer to a value's memory
 * layout; a container value is a pointer, so registers can alias one list
 * as Python names alias one object.
 *
 * Type numbers (imm of OP_LOAD, OP_D_NEW, OP_S_NEW) index `types` below;
 * containers_harness.py lists the same types in the same order.
 */
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"   /* containers.c delegates values of type Any to it */
#include "stub_core.h"

/* ---- descriptors ------------------------------------------------------------ */

#define ITEMS(...) ((const ssc_type *const[]){__VA_ARGS__})
#define OFFS(...) ((const int32_t[]){__VA_ARGS__})

static const ssc_type t_opt_int = {SSC_T_OPTIONAL, 16, 1, ITEMS(&ssc_type_int), {OFFS(8)}};
static const ssc_type t_opt_str = {SSC_T_OPTIONAL, 12, 1, ITEMS(&ssc_type_str), {OFFS(4)}};
static const ssc_type t_opt_float = {SSC_T_OPTIONAL, 16, 1, ITEMS(&ssc_type_float), {OFFS(8)}};
static const ssc_type t_tup_str_int = {SSC_T_TUPLE, 16, 2, ITEMS(&ssc_type_str, &ssc_type_int), {OFFS(0, 8)}};
static const ssc_type t_tup_int = {SSC_T_TUPLE, 8, 1, ITEMS(&ssc_type_int), {OFFS(0)}};
static const ssc_type t_tup_empty = {SSC_T_TUPLE, 0, 0, NULL, {NULL}};
static const ssc_type t_tup_int_optint = {SSC_T_TUPLE, 24, 2, ITEMS(&ssc_type_int, &t_opt_int), {OFFS(0, 8)}};
static const ssc_type t_list_int = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_int), {NULL}};
static const ssc_type t_list_str = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_str), {NULL}};
static const ssc_type t_list_tup_str_int = {SSC_T_LIST, 4, 1, ITEMS(&t_tup_str_int), {NULL}};
static const ssc_type t_list_opt_int = {SSC_T_LIST, 4, 1, ITEMS(&t_opt_int), {NULL}};
static const ssc_type t_list_float = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_float), {NULL}};
static const ssc_type t_list_list_int = {SSC_T_LIST, 4, 1, ITEMS(&t_list_int), {NULL}};
static const ssc_type t_list_tup_int_optint = {SSC_T_LIST, 4, 1, ITEMS(&t_tup_int_optint), {NULL}};
static const ssc_type t_dict_str_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &ssc_type_int), {NULL}};
static const ssc_type t_dict_str_list_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &t_list_int), {NULL}};
static const ssc_type t_dict_int_str = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_int, &ssc_type_str), {NULL}};
static const ssc_type t_dict_bytes_opt_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_bytes, &t_opt_int), {NULL}};
static const ssc_type t_set_int = {SSC_T_SET, 4, 1, ITEMS(&ssc_type_int), {NULL}};
static const ssc_type t_set_str = {SSC_T_SET, 4, 1, ITEMS(&ssc_type_str), {NULL}};
static const ssc_type t_set_tup_str_int = {SSC_T_SET, 4, 1, ITEMS(&t_tup_str_int), {NULL}};
static const ssc_type t_list_dict_str_int = {SSC_T_LIST, 4, 1, ITEMS(&t_dict_str_int), {NULL}};
static const ssc_type t_list_bool = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_bool), {NULL}};
static const ssc_type t_list_bytes = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_bytes), {NULL}};
static const ssc_type t_tup_float_str_bool = {SSC_T_TUPLE, 24, 3, ITEMS(&ssc_type_float, &ssc_type_str, &ssc_type_bool), {OFFS(0, 8, 16)}};
static const ssc_type t_dict_str_float = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &ssc_type_float), {NULL}};
static const ssc_type t_list_set_int = {SSC_T_LIST, 4, 1, ITEMS(&t_set_int), {NULL}};
static const ssc_type t_list_opt_str = {SSC_T_LIST, 4, 1, ITEMS(&t_opt_str), {NULL}};
static const ssc_type t_dict_tup_int = {SSC_T_DICT, 4, 2, ITEMS(&t_tup_str_int, &ssc_type_int), {NULL}};
static const ssc_type t_list_opt_float = {SSC_T_LIST, 4, 1, ITEMS(&t_opt_float), {NULL}};
static const ssc_type t_list_record = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_record), {NULL}};
static const ssc_type t_list_tup_float_str_bool = {SSC_T_LIST, 4, 1, ITEMS(&t_tup_float_str_bool), {NULL}};
static const ssc_type t_dict_float_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_float, &ssc_type_int), {NULL}};
static const ssc_type t_set_float = {SSC_T_SET, 4, 1, ITEMS(&ssc_type_float), {NULL}};
static const ssc_type t_tup_opt_int_str = {SSC_T_TUPLE, 24, 2, ITEMS(&t_opt_int, &ssc_type_str), {OFFS(0, 16)}};
static const ssc_type t_list_tup_opt_int_str = {SSC_T_LIST, 4, 1, ITEMS(&t_tup_opt_int_str), {NULL}};
static const ssc_type t_list_tup_empty = {SSC_T_LIST, 4, 1, ITEMS(&t_tup_empty), {NULL}};
static const ssc_type t_dict_int_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_int, &ssc_type_int), {NULL}};

static const ssc_type *const types[] = {
    &ssc_type_none, &ssc_type_bool, &ssc_type_int, &ssc_type_float, &ssc_type_str, &ssc_type_bytes,  /* 0-5 */
    &t_opt_int, &t_opt_str, &t_opt_float, &t_tup_str_int, &t_tup_int, &t_tup_empty,               /* 6-11 */
    &t_tup_int_optint, &t_list_int, &t_list_str, &t_list_tup_str_int, &t_list_opt_int,             /* 12-16 */
    &t_list_float, &t_list_list_int, &t_list_tup_int_optint, &t_dict_str_int,                     /* 17-20 */
    &t_dict_str_list_int, &t_dict_int_str, &t_dict_bytes_opt_int, &t_set_int, &t_set_str,         /* 21-25 */
    &t_set_tup_str_int, &t_list_dict_str_int, &t_list_bool, &t_list_bytes,                         /* 26-29 */
    &t_tup_float_str_bool, &t_dict_str_float, &t_list_set_int, &t_list_opt_str,                    /* 30-33 */
    &t_dict_tup_int, &t_list_opt_float, &ssc_type_record, &t_list_record,                          /* 34-37 */
    &t_list_tup_float_str_bool, &t_dict_float_int, &t_set_float, &t_tup_opt_int_str,               /* 38-41 */
    &t_list_tup_opt_int_str, &t_list_tup_empty, &t_dict_int_int,                                   /* 42-44 */
};

static const ssc_type *mk_type(int32_t kind, const ssc_type *inner) {
    ssc_type *t = ssc_alloc(sizeof *t);
    const ssc_type **items = ssc_alloc(sizeof *items);
    items[0] = inner;
    t->kind = kind;
    t->count = 1;
    t->items = items;
    if (kind == SSC_T_OPTIONAL) {
        int32_t *off = ssc_alloc(4);
        int32_t a = ssc_type_align(inner);
        off[0] = a;
        t->offsets = off;
        t->size = ct_align_up(a + inner->size, a);
    } else {
        t->size = 4;
        t->offsets = NULL;
    }
    return t;
}

/* ---- values --------------------------------------------------------------- */

static const uint8_t *in;

static uint32_t rd32(void) {
    uint32_t v;
    memcpy(&v, in, 4);
    in += 4;
    return v;
}

static void h_decode(const ssc_type *t, uint8_t *dst) {
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
        ssc_bytes s;
        s.len = (int32_t)rd32();
        uint8_t *p = ssc_alloc((uint32_t)s.len + 4);
        memcpy(p, in, (size_t)s.len);
        memset(p + s.len, 0x80, 4); /* filler that changes results if read */
        in += s.len;
        s.ptr = p;
        memcpy(dst, &s, sizeof s);
        return;
    }
    case SSC_T_OPTIONAL:
        memset(dst, 0x5a, (size_t)t->size); /* garbage where absent */
        *dst = *in++;
        if (*dst) h_decode(t->items[0], dst + t->offsets[0]);
        return;
    case SSC_T_TUPLE:
        memset(dst, 0x5a, (size_t)t->size);
        for (int32_t i = 0; i < t->count; i++) h_decode(t->items[i], dst + t->offsets[i]);
        return;
    case SSC_T_LIST: {
        uint32_t n = rd32();
        ssc_list *l = ssc_list_new(t->items[0], (int32_t)(n & 1)); /* odd: start with room for 1 */
        uint8_t *tmp = ssc_alloc((uint32_t)t->items[0]->size + 1);
        for (uint32_t i = 0; i < n; i++) {
            h_decode(t->items[0], tmp);
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
            h_decode(t->items[0], k);
            h_decode(t->items[1], v);
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
            h_decode(t->items[0], k);
            ssc_set_add(s, k);
        }
        memcpy(dst, &s, 4);
        return;
    }
    case SSC_T_RECORD: {
        ssc_record *r = ssc_alloc(sizeof *r);
        r->has_key = *in++;
        if (r->has_key) h_decode(&ssc_type_bytes, (uint8_t *)&r->key);
        h_decode(&ssc_type_bytes, (uint8_t *)&r->value);
        memcpy(&r->offset, in, 8);
        memcpy(&r->timestamp, in + 8, 8);
        in += 16;
        memcpy(dst, &r, 4);
        return;
    }
    }
}

/* ---- the machine ------------------------------------------------------------- */

typedef struct {
    const ssc_type *t;
    uint8_t *v;
} reg;

static reg regs[256];

enum {
    OP_LOAD, OP_REPR, OP_STR, OP_EQ, OP_CMP, OP_HASH, OP_TRUTH, OP_MOVE, OP_SLICE_RAW,
    OP_L_APPEND = 20, OP_L_GET, OP_L_SET, OP_L_DEL, OP_L_POP, OP_L_INSERT, OP_L_EXTEND, OP_L_INDEX,
    OP_L_COUNT, OP_L_REMOVE, OP_L_REVERSE, OP_L_CLEAR, OP_L_COPY, OP_L_SORT, OP_L_SORTED, OP_L_SLICE,
    OP_L_SETSLICE, OP_L_DELSLICE, OP_L_CONCAT, OP_L_REPEAT, OP_L_IREPEAT, OP_L_CONTAINS, OP_L_MIN,
    OP_L_MAX, OP_L_SUM, OP_L_LEN, OP_L_EQ, OP_L_CMP,
    OP_D_NEW = 60, OP_D_GET, OP_D_GETOPT, OP_D_GETDEF, OP_D_SET, OP_D_DEL, OP_D_CONTAINS, OP_D_POP,
    OP_D_POPDEF, OP_D_POPITEM, OP_D_SETDEFAULT, OP_D_UPDATE, OP_D_CLEAR, OP_D_COPY, OP_D_KEYS,
    OP_D_VALUES, OP_D_ITEMS, OP_D_LEN, OP_D_ITER, OP_D_EQ,
    OP_S_NEW = 100, OP_S_ADD, OP_S_DISCARD, OP_S_REMOVE, OP_S_CONTAINS, OP_S_POP, OP_S_CLEAR, OP_S_COPY,
    OP_S_UPDATE, OP_S_UNION, OP_S_INTER, OP_S_DIFF, OP_S_SYMDIFF, OP_S_ISSUBSET, OP_S_ISSUPERSET,
    OP_S_ISDISJOINT, OP_S_SORTED_REPR, OP_S_ITER, OP_S_EQ, OP_S_CMP,
};

static uint8_t *new_value(uint8_t r, const ssc_type *t) {
    regs[r].t = t;
    regs[r].v = ssc_alloc((uint32_t)t->size + 1);
    memset(regs[r].v, 0x5a, (size_t)t->size + 1);
    return regs[r].v;
}

static ssc_list *L(uint8_t r) { return ct_ptr(regs[r].v); }
static ssc_dict *D(uint8_t r) { return ct_ptr(regs[r].v); }
static int64_t I(uint8_t r) { return ct_i64(regs[r].v); }

/* An int | None register as (present, value). */
static int32_t has(uint8_t r) { return regs[r].v[0]; }
static int64_t opt(uint8_t r) { return regs[r].v[0] ? ct_i64(regs[r].v + 8) : 0; }

static void put_ptr(uint8_t *dst, const void *p) { memcpy(dst, &p, 4); }

/* Iterates a dict or set, appending "k: v; " or "k; " per step; mode 1 sets
 * key c to value d on the first step, mode 2 deletes the current key on the
 * first step, mode 3 replaces the current key's value with d every step,
 * mode 4 deletes the current key and adds key c (value d) on the first
 * step. `limit` caps the steps. */
static int32_t h_iter(ssc_dict *dict, int32_t is_set, int32_t mode, uint8_t c, uint8_t dreg, int32_t limit,
                      ssc_buf *text) {
    ssc_dict_iter it = {0, dict->len};
    const ssc_type *kt = dict->key, *vt = dict->value;
    uint8_t *k = ssc_alloc((uint32_t)kt->size + 1), *v = ssc_alloc((uint32_t)vt->size + 1);
    for (int32_t step = 0; step < limit; step++) {
        uint8_t more;
        int32_t rc = is_set ? ssc_set_iter_next(dict, &it, k, &more) : ssc_dict_iter_next(dict, &it, k, v, &more);
        if (rc) return rc;
        if (!more) return SSC_OK;
        ssc_buf_value_repr(text, kt, k);
        if (!is_set) {
            ssc_buf_cstr(text, ": ");
            ssc_buf_value_repr(text, vt, v);
        }
        ssc_buf_cstr(text, "; ");
        if (mode == 1 && step == 0) {
            if (is_set) ssc_set_add(dict, regs[c].v);
            else ssc_dict_setitem(dict, regs[c].v, regs[dreg].v);
        } else if (mode == 2 && step == 0) {
            ssc_dict_delitem(dict, k);
        } else if (mode == 3 && !is_set) {
            ssc_dict_setitem(dict, k, regs[dreg].v);
        } else if (mode == 4 && step == 0) {
            ssc_dict_delitem(dict, k);
            if (is_set) ssc_set_add(dict, regs[c].v);
            else ssc_dict_setitem(dict, regs[c].v, regs[dreg].v);
        }
    }
    return SSC_OK;
}

static void put_bool(ssc_buf *text, uint8_t v) { ssc_buf_cstr(text, v ? "True" : "False"); }

__attribute__((export_name("h_run")))
int32_t h_run(int32_t count) {
    stub_reset();
    in = io_in;
    uint8_t *o = io_out;
    for (int32_t k = 0; k < count; k++) {
        uint8_t op = in[0], dst = in[1], a = in[2], b = in[3], c = in[4], d = in[5];
        int32_t imm;
        memcpy(&imm, in + 6, 4);
        in += 10;
        stub_exc_code = 0;
        stub_exc_len = 0;
        ssc_buf text;
        ssc_buf_init(&text, 32);
        int32_t rc = 0, show = -1; /* show: a register to repr as the result */
        uint8_t flag;
        switch (op) {
        case OP_LOAD:
            h_decode(types[imm], new_value(dst, types[imm]));
            show = dst;
            break;
        case OP_REPR:
            ssc_buf_value_repr(&text, regs[a].t, regs[a].v);
            break;
        case OP_STR:
            ssc_buf_value_str(&text, regs[a].t, regs[a].v);
            break;
        case OP_EQ:
            put_bool(&text, (uint8_t)ssc_value_eq(regs[a].t, regs[a].v, regs[b].v));
            break;
        case OP_CMP:
            rc = ssc_value_compare(regs[a].t, regs[a].v, regs[b].v, imm, &flag);
            if (!rc) put_bool(&text, flag);
            break;
        case OP_HASH:
            ssc_buf_i64(&text, ssc_value_hash(regs[a].t, regs[a].v));
            break;
        case OP_TRUTH:
            put_bool(&text, (uint8_t)ssc_value_truth(regs[a].t, regs[a].v));
            break;
        case OP_MOVE:
            regs[dst] = regs[a];
            break;
        case OP_SLICE_RAW: {
            int64_t start, step, cnt;
            rc = ssc_slice(I(a), has(b), opt(b), has(c), opt(c), has(d), opt(d), &start, &step, &cnt);
            if (!rc) {
                ssc_buf_i64(&text, start);
                ssc_buf_byte(&text, ' ');
                ssc_buf_i64(&text, step);
                ssc_buf_byte(&text, ' ');
                ssc_buf_i64(&text, cnt);
            }
            break;
        }
        /* ---- list ---- */
        case OP_L_APPEND: ssc_list_append(L(a), regs[b].v); rc = SSC_OK; break;
        case OP_L_GET: rc = ssc_list_get(L(a), I(b), new_value(dst, L(a)->elem)); show = dst; break;
        case OP_L_SET: rc = ssc_list_set(L(a), I(b), regs[c].v); break;
        case OP_L_DEL: rc = ssc_list_del(L(a), I(b)); break;
        case OP_L_POP: rc = ssc_list_pop(L(a), I(b), new_value(dst, L(a)->elem)); show = dst; break;
        case OP_L_INSERT: rc = ssc_list_insert(L(a), I(b), regs[c].v); break;
        case OP_L_EXTEND: rc = ssc_list_extend(L(a), L(b)); break;
        case OP_L_INDEX:
            rc = ssc_list_index(L(a), regs[b].v, I(c), I(d), (int64_t *)new_value(dst, &ssc_type_int));
            show = dst;
            break;
        case OP_L_COUNT: rc = ssc_list_count(L(a), regs[b].v, (int64_t *)new_value(dst, &ssc_type_int)); show = dst; break;
        case OP_L_REMOVE: rc = ssc_list_remove(L(a), regs[b].v); break;
        case OP_L_REVERSE: rc = ssc_list_reverse(L(a)); break;
        case OP_L_CLEAR: rc = ssc_list_clear(L(a)); break;
        case OP_L_COPY: {
            ssc_list *r;
            rc = ssc_list_copy(L(a), &r);
            put_ptr(new_value(dst, regs[a].t), r);
            show = dst;
            break;
        }
        case OP_L_SORT: rc = ssc_list_sort(L(a), imm); break;
        case OP_L_SORTED: {
            ssc_list *r;
            rc = ssc_list_sorted(L(a), imm, &r);
            put_ptr(new_value(dst, regs[a].t), r);
            show = dst;
            break;
        }
        case OP_L_SLICE: {
            ssc_list *r = NULL;
            rc = ssc_list_slice(L(a), has(b), opt(b), has(c), opt(c), has(d), opt(d), &r);
            put_ptr(new_value(dst, regs[a].t), r);
            show = dst;
            break;
        }
        case OP_L_SETSLICE:
            rc = ssc_list_set_slice(L(a), has(b), opt(b), has(c), opt(c), has(d), opt(d), L(dst));
            break;
        case OP_L_DELSLICE: rc = ssc_list_del_slice(L(a), has(b), opt(b), has(c), opt(c), has(d), opt(d)); break;
        case OP_L_CONCAT: {
            ssc_list *r;
            rc = ssc_list_concat(L(a), L(b), &r);
            put_ptr(new_value(dst, regs[a].t), r);
            show = dst;
            break;
        }
        case OP_L_REPEAT: {
            ssc_list *r;
            rc = ssc_list_repeat(L(a), I(b), &r);
            put_ptr(new_value(dst, regs[a].t), r);
            show = dst;
            break;
        }
        case OP_L_IREPEAT: rc = ssc_list_irepeat(L(a), I(b)); break;
        case OP_L_CONTAINS: rc = ssc_list_contains(L(a), regs[b].v, new_value(dst, &ssc_type_bool)); show = dst; break;
        case OP_L_MIN: rc = ssc_list_min(L(a), new_value(dst, L(a)->elem)); show = dst; break;
        case OP_L_MAX: rc = ssc_list_max(L(a), new_value(dst, L(a)->elem)); show = dst; break;
        case OP_L_SUM:
            if (L(a)->elem->kind == SSC_T_INT)
                rc = ssc_list_sum_int(L(a), I(b), (int64_t *)new_value(dst, &ssc_type_int));
            else
                rc = ssc_list_sum_float(L(a), ct_f64(regs[b].v), (double *)new_value(dst, &ssc_type_float));
            show = dst;
            break;
        case OP_L_LEN: ssc_buf_i64(&text, L(a)->len); break;
        case OP_L_EQ: rc = ssc_list_eq(L(a), L(b), &flag); put_bool(&text, flag); break;
        case OP_L_CMP:
            rc = ssc_list_compare(L(a), L(b), imm, &flag);
            if (!rc) put_bool(&text, flag);
            break;
        /* ---- dict ---- */
        case OP_D_NEW:
            put_ptr(new_value(dst, types[imm]), ssc_dict_new(types[imm]->items[0], types[imm]->items[1], b));
            show = dst;
            break;
        case OP_D_GET: rc = ssc_dict_getitem(D(a), regs[b].v, new_value(dst, D(a)->value)); show = dst; break;
        case OP_D_GETOPT: {
            const ssc_type *vt = D(a)->value;
            const ssc_type *rt = vt->kind == SSC_T_OPTIONAL ? vt : mk_type(SSC_T_OPTIONAL, vt);
            rc = ssc_dict_get(D(a), regs[b].v, new_value(dst, rt));
            show = dst;
            break;
        }
        case OP_D_GETDEF:
            rc = ssc_dict_get_default(D(a), regs[b].v, regs[c].v, new_value(dst, D(a)->value));
            show = dst;
            break;
        case OP_D_SET: rc = ssc_dict_setitem(D(a), regs[b].v, regs[c].v); break;
        case OP_D_DEL: rc = ssc_dict_delitem(D(a), regs[b].v); break;
        case OP_D_CONTAINS: rc = ssc_dict_contains(D(a), regs[b].v, new_value(dst, &ssc_type_bool)); show = dst; break;
        case OP_D_POP: rc = ssc_dict_pop(D(a), regs[b].v, new_value(dst, D(a)->value)); show = dst; break;
        case OP_D_POPDEF:
            rc = ssc_dict_pop_default(D(a), regs[b].v, regs[c].v, new_value(dst, D(a)->value));
            show = dst;
            break;
        case OP_D_POPITEM: {
            const ssc_type *t = ct_items_type(D(a));
            rc = ssc_dict_popitem(D(a), new_value(dst, t));
            show = dst;
            break;
        }
        case OP_D_SETDEFAULT:
            rc = ssc_dict_setdefault(D(a), regs[b].v, regs[c].v, new_value(dst, D(a)->value));
            show = dst;
            break;
        case OP_D_UPDATE: rc = ssc_dict_update(D(a), D(b)); break;
        case OP_D_CLEAR: rc = ssc_dict_clear(D(a)); break;
        case OP_D_COPY: {
            ssc_dict *r;
            rc = ssc_dict_copy(D(a), &r);
            put_ptr(new_value(dst, regs[a].t), r);
            show = dst;
            break;
        }
        case OP_D_KEYS:
        case OP_D_VALUES:
        case OP_D_ITEMS: {
            ssc_list *r;
            rc = op == OP_D_KEYS ? ssc_dict_keys(D(a), &r) : op == OP_D_VALUES ? ssc_dict_values(D(a), &r)
                                                                              : ssc_dict_items(D(a), &r);
            put_ptr(new_value(dst, mk_type(SSC_T_LIST, r->elem)), r);
            show = dst;
            break;
        }
        case OP_D_LEN: ssc_buf_i64(&text, D(a)->len); break;
        case OP_D_ITER: rc = h_iter(D(a), 0, imm, c, d, b ? b : 1000, &text); break;
        case OP_D_EQ: rc = ssc_dict_eq(D(a), D(b), &flag); put_bool(&text, flag); break;
        /* ---- set ---- */
        case OP_S_NEW:
            put_ptr(new_value(dst, types[imm]), ssc_set_new(types[imm]->items[0], b));
            show = dst;
            break;
        case OP_S_ADD: rc = ssc_set_add(D(a), regs[b].v); break;
        case OP_S_DISCARD: rc = ssc_set_discard(D(a), regs[b].v); break;
        case OP_S_REMOVE: rc = ssc_set_remove(D(a), regs[b].v); break;
        case OP_S_CONTAINS: rc = ssc_set_contains(D(a), regs[b].v, new_value(dst, &ssc_type_bool)); show = dst; break;
        case OP_S_POP: rc = ssc_set_pop(D(a), new_value(dst, D(a)->key)); show = dst; break;
        case OP_S_CLEAR: rc = ssc_set_clear(D(a)); break;
        case OP_S_COPY:
        case OP_S_UNION:
        case OP_S_INTER:
        case OP_S_DIFF:
        case OP_S_SYMDIFF: {
            ssc_set *r;
            rc = op == OP_S_COPY ? ssc_set_copy(D(a), &r)
               : op == OP_S_UNION ? ssc_set_union(D(a), D(b), &r)
               : op == OP_S_INTER ? ssc_set_intersection(D(a), D(b), &r)
               : op == OP_S_DIFF ? ssc_set_difference(D(a), D(b), &r)
                                 : ssc_set_symmetric_difference(D(a), D(b), &r);
            put_ptr(new_value(dst, regs[a].t), r);
            show = dst;
            break;
        }
        case OP_S_UPDATE: rc = ssc_set_update(D(a), D(b)); break;
        case OP_S_ISSUBSET: rc = ssc_set_issubset(D(a), D(b), &flag); put_bool(&text, flag); break;
        case OP_S_ISSUPERSET: rc = ssc_set_issuperset(D(a), D(b), &flag); put_bool(&text, flag); break;
        case OP_S_ISDISJOINT: rc = ssc_set_isdisjoint(D(a), D(b), &flag); put_bool(&text, flag); break;
        case OP_S_EQ: rc = ssc_set_eq(D(a), D(b), &flag); put_bool(&text, flag); break;
        case OP_S_CMP:
            rc = ssc_set_compare(D(a), D(b), imm, &flag);
            if (!rc) put_bool(&text, flag);
            break;
        case OP_S_SORTED_REPR: {
            ssc_list *l = ssc_set_to_list(D(a));
            rc = ssc_list_sort(l, 0);
            const ssc_type *lt = mk_type(SSC_T_LIST, l->elem);
            if (!rc) ssc_buf_value_repr(&text, lt, &l);
            break;
        }
        case OP_S_ITER: rc = h_iter(D(a), 1, imm, c, d, b ? b : 1000, &text); break;
        default:
            __builtin_trap();
        }
        if (rc == 0 && show >= 0) ssc_buf_value_repr(&text, regs[show].t, regs[show].v);
        if (rc != 0) { /* the text so far, "!", the message */
            ssc_buf_byte(&text, '!');
            ssc_buf_put(&text, stub_exc_msg, stub_exc_len);
        }
        memcpy(o, &rc, 4);
        memcpy(o + 4, &stub_exc_code, 4);
        memcpy(o + 8, &text.len, 4);
        memcpy(o + 12, text.ptr, (size_t)text.len);
        o += 12 + text.len;
    }
    return (int32_t)(o - io_out);
}
