/* Test entry points for compiler/guest/dynamic.c (the type Any), linked
 * with stub_core.c (see stub_core.h).
 *
 * dynamic.c is compiled here as in runtime.c: one translation unit with
 * text.c, number.c, strings.c and containers.c, whose helpers it uses. It
 * does not use json.c: values are built from the harness's own encoding.
 *
 * The harness is a register machine, as containers_harness.c: the host
 * writes a program into h_in() and h_run(count) runs `count` instructions in
 * one "entry call" (stub_reset once), writing for each to h_out(): i32 rc,
 * i32 exception code, u32 text length, the text: the exception message when
 * rc != 0, else what the op shows (for an op whose result is a box,
 * "<type name> <repr>"). It returns the number of bytes written.
 *
 * An instruction is 10 bytes: u8 op, u8 dst, u8 a, u8 b, u8 c, u8 d,
 * i32 imm, and for some ops a payload after it. Registers hold boxes
 * (ssc_any *), so registers alias one list as Python names alias one
 * object. Register 255 given as an optional argument means "not given"
 * (NULL).
 *
 * Value encoding (OP_LOAD, h_any): a tag byte, then
 *   0 None, 1 False, 2 True, 3 int (i64), 4 float (f64),
 *   5 str (u32 length, UTF-8 bytes; lone surrogates as 3-byte sequences),
 *   6 list (u32 count, the items), 7 dict (u32 count, key and value pairs).
 * Typed values (OP_BOX) are in containers_harness.c's encoding (see
 * containers_harness.py encode), their type an index into `types` below,
 * which dynamic_harness.py lists in the same order.
 */
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"
#include "stub_core.h"

/* core.c's checked int multiply, which the stub core does not have. */
int32_t ssc_int_mul(int64_t a, int64_t b, int64_t *out) {
    uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    uint64_t a_hi = ua >> 32, a_lo = ua & 0xffffffffu;
    uint64_t b_hi = ub >> 32, b_lo = ub & 0xffffffffu;
    if (a_hi && b_hi) return ssc_raise_int_overflow();
    uint64_t cross = a_hi * b_lo + a_lo * b_hi;
    if (cross >> 32) return ssc_raise_int_overflow();
    uint64_t low = a_lo * b_lo;
    uint64_t magnitude = low + (cross << 32);
    if (magnitude < low) return ssc_raise_int_overflow();
    int negative = (a < 0) != (b < 0);
    if (magnitude > (negative ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1)) return ssc_raise_int_overflow();
    *out = (int64_t)(negative ? (uint64_t)0 - magnitude : magnitude);
    return SSC_OK;
}

/* ---- typed descriptors (OP_BOX, OP_UNBOX) ---------------------------------------- */

#define ITEMS(...) ((const ssc_type *const[]){__VA_ARGS__})
#define OFFS(...) ((const int32_t[]){__VA_ARGS__})

static const ssc_type t_opt_int = {SSC_T_OPTIONAL, 16, 1, ITEMS(&ssc_type_int), {OFFS(8)}};
static const ssc_type t_opt_str = {SSC_T_OPTIONAL, 12, 1, ITEMS(&ssc_type_str), {OFFS(4)}};
static const ssc_type t_opt_float = {SSC_T_OPTIONAL, 16, 1, ITEMS(&ssc_type_float), {OFFS(8)}};
static const ssc_type t_list_int = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_int), {NULL}};
static const ssc_type t_list_str = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_str), {NULL}};
static const ssc_type t_list_float = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_float), {NULL}};
static const ssc_type t_list_opt_int = {SSC_T_LIST, 4, 1, ITEMS(&t_opt_int), {NULL}};
static const ssc_type t_list_list_int = {SSC_T_LIST, 4, 1, ITEMS(&t_list_int), {NULL}};
static const ssc_type t_list_any = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_any), {NULL}};
static const ssc_type t_dict_str_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &ssc_type_int), {NULL}};
static const ssc_type t_dict_str_list_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &t_list_int), {NULL}};
static const ssc_type t_dict_int_str = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_int, &ssc_type_str), {NULL}};
static const ssc_type t_dict_str_opt_float = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &t_opt_float), {NULL}};
static const ssc_type t_dict_str_any = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &ssc_type_any), {NULL}};
static const ssc_type t_dict_any_any = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_any, &ssc_type_any), {NULL}};
static const ssc_type t_list_dict_str_float = {SSC_T_LIST, 4, 1, ITEMS(&(const ssc_type){SSC_T_DICT, 4, 2,
                                               ITEMS(&ssc_type_str, &ssc_type_float), {NULL}}), {NULL}};
static const ssc_type t_list_bool = {SSC_T_LIST, 4, 1, ITEMS(&ssc_type_bool), {NULL}};
static const ssc_type t_dict_float_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_float, &ssc_type_int), {NULL}};
static const ssc_type t_dict_bool_str = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_bool, &ssc_type_str), {NULL}};
static const ssc_type t_opt_list_int = {SSC_T_OPTIONAL, 8, 1, ITEMS(&t_list_int), {OFFS(4)}};
static const ssc_type t_list_opt_str = {SSC_T_LIST, 4, 1, ITEMS(&t_opt_str), {NULL}};
static const ssc_type t_dict_str_dict_str_int = {SSC_T_DICT, 4, 2, ITEMS(&ssc_type_str, &t_dict_str_int), {NULL}};
static const ssc_type t_tup_str_int = {SSC_T_TUPLE, 16, 2, ITEMS(&ssc_type_str, &ssc_type_int), {OFFS(0, 8)}};
static const ssc_type t_items_any = {SSC_T_TUPLE, 8, 2, ITEMS(&ssc_type_any, &ssc_type_any), {OFFS(0, 4)}};
static const ssc_type t_list_items_any = {SSC_T_LIST, 4, 1, ITEMS(&t_items_any), {NULL}};

static const ssc_type *const types[] = {
    &ssc_type_none, &ssc_type_bool, &ssc_type_int, &ssc_type_float, &ssc_type_str, &ssc_type_any,   /* 0-5 */
    &t_opt_int, &t_opt_str, &t_opt_float, &t_list_int, &t_list_str, &t_list_float,                   /* 6-11 */
    &t_list_opt_int, &t_list_list_int, &t_list_any, &t_dict_str_int, &t_dict_str_list_int,           /* 12-16 */
    &t_dict_int_str, &t_dict_str_opt_float, &t_dict_str_any, &t_dict_any_any, &t_list_dict_str_float, /* 17-21 */
    &t_list_bool, &t_dict_float_int, &t_dict_bool_str, &t_opt_list_int, &t_list_opt_str,             /* 22-26 */
    &t_dict_str_dict_str_int, &t_tup_str_int, &ssc_type_bytes,                                        /* 27-29 */
};

/* ---- decoding ------------------------------------------------------------------------ */

static const uint8_t *in;

static uint32_t rd32(void) {
    uint32_t v;
    memcpy(&v, in, 4);
    in += 4;
    return v;
}

static int64_t rd64(void) {
    int64_t v;
    memcpy(&v, in, 8);
    in += 8;
    return v;
}

/* A str or bytes payload copied to a fresh allocation followed by filler
 * bytes that would change results if they were read. */
static ssc_bytes rd_text(void) {
    ssc_bytes s;
    s.len = (int32_t)rd32();
    uint8_t *p = ssc_alloc((uint32_t)s.len + 4);
    memcpy(p, in, (size_t)s.len);
    memset(p + s.len, 0x80, 4);
    in += s.len;
    s.ptr = p;
    return s;
}

static ssc_any *h_any(void) {
    uint8_t tag = *in++;
    switch (tag) {
    case 0: return (ssc_any *)&ssc_any_none_box;
    case 1: return ssc_any_from_bool(0);
    case 2: return ssc_any_from_bool(1);
    case 3: return ssc_any_from_int(rd64());
    case 4: {
        double f;
        memcpy(&f, in, 8);
        in += 8;
        return ssc_any_from_float(f);
    }
    case 5: {
        ssc_bytes s = rd_text();
        return ssc_any_from_str(s.ptr, s.len);
    }
    case 6: {
        uint32_t n = rd32();
        ssc_list *l = ssc_list_new(&ssc_type_any, (int32_t)(n & 1)); /* odd: start with room for 1 */
        for (uint32_t i = 0; i < n; i++) {
            ssc_any *x = h_any();
            ssc_list_append(l, &x);
        }
        ssc_any *a = dy_new(SSC_ANY_LIST);
        a->u.list = l;
        return a;
    }
    case 7: {
        uint32_t n = rd32();
        ssc_dict *d = ssc_dict_new(&ssc_type_any, &ssc_type_any, 0);
        for (uint32_t i = 0; i < n; i++) {
            ssc_any *k = h_any();
            ssc_any *v = h_any();
            ssc_dict_setitem(d, &k, &v);
        }
        ssc_any *a = dy_new(SSC_ANY_DICT);
        a->u.dict = d;
        return a;
    }
    default:
        __builtin_trap();
    }
}

/* A typed value (containers_harness.c's h_decode, for the kinds here). */
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
        ssc_bytes s = rd_text();
        memcpy(dst, &s, sizeof s);
        return;
    }
    case SSC_T_ANY: {
        ssc_any *a = h_any();
        memcpy(dst, &a, 4);
        return;
    }
    case SSC_T_OPTIONAL:
        memset(dst, 0x5a, (size_t)t->size); /* garbage where absent */
        *dst = *in++;
        if (*dst) h_typed(t->items[0], dst + t->offsets[0]);
        return;
    case SSC_T_TUPLE:
        memset(dst, 0x5a, (size_t)t->size);
        for (int32_t i = 0; i < t->count; i++) h_typed(t->items[i], dst + t->offsets[i]);
        return;
    case SSC_T_LIST: {
        uint32_t n = rd32();
        ssc_list *l = ssc_list_new(t->items[0], (int32_t)(n & 1));
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
    default:
        __builtin_trap();
    }
}

/* ---- the machine -------------------------------------------------------------------- */

static ssc_any *regs[256];

enum {
    OP_LOAD, OP_MOVE, OP_REPR, OP_STR, OP_EQ, OP_CMP, OP_TRUTH, OP_HASH_EQ, OP_NEST, OP_BINARY, OP_UNARY,
    OP_GETITEM, OP_GETSLICE, OP_SETITEM, OP_DELITEM, OP_CONTAINS, OP_LEN, OP_ITER, OP_ISINSTANCE, OP_TO_INT,
    OP_TO_FLOAT, OP_FORMAT, OP_EXPECT_STR, OP_BOX, OP_UNBOX, OP_BUF_REPR, OP_BUF_STR, OP_INPLACE,
    OP_M_GET = 40, OP_M_SETDEFAULT, OP_M_POP, OP_M_POPITEM, OP_M_KEYS, OP_M_VALUES, OP_M_ITEMS, OP_M_UPDATE,
    OP_M_APPEND, OP_M_EXTEND, OP_M_INSERT, OP_M_REMOVE, OP_M_REVERSE, OP_M_SORT, OP_M_COPY, OP_M_CLEAR,
    OP_M_INDEX, OP_M_COUNT,
    OP_TL_REPR = 70, OP_TL_EQ, OP_TL_CMP, OP_TL_SORT, OP_TL_INDEX, OP_TL_CONTAINS, OP_TL_MIN, OP_TL_MAX,
    OP_TD_EQ, OP_TD_REPR, OP_TL_BOX_LIST,
};

static const ssc_any *opt_reg(uint8_t r) { return r == 255 ? NULL : regs[r]; }

static void put_bool(ssc_buf *text, uint8_t v) { ssc_buf_cstr(text, v ? "True" : "False"); }

/* "<type> <repr>" of a box. */
static void show_box(ssc_buf *text, const ssc_any *x) {
    ssc_buf_cstr(text, ssc_any_type_name(x));
    ssc_buf_byte(text, ' ');
    ssc_bytes r;
    if (ssc_any_repr(x, &r)) {
        ssc_buf_cstr(text, "<repr raised>");
        return;
    }
    ssc_buf_put(text, r.ptr, r.len);
}

static void show_list(ssc_buf *text, ssc_list *l) {
    const ssc_type *t = l->elem->kind == SSC_T_ANY ? &t_list_any : &t_list_items_any;
    ssc_buf_value_repr(text, t, &l);
}

__attribute__((export_name("h_run")))
int32_t h_run(int32_t count) {
    stub_reset();
    in = io_in;
    uint8_t *o = io_out;
    for (int32_t k = 0; k < count; k++) {
        uint8_t op = in[0], dst = in[1], a = in[2], b = in[3], c = in[4]; /* in[5]: unused */
        int32_t imm;
        memcpy(&imm, in + 6, 4);
        in += 10;
        stub_exc_code = 0;
        stub_exc_len = 0;
        ssc_buf text;
        ssc_buf_init(&text, 32);
        int32_t rc = 0;
        ssc_any *res = NULL; /* a box result, shown and kept in dst */
        uint8_t flag;
        int64_t i64;
        ssc_list *lst;
        ssc_bytes bytes;
        switch (op) {
        case OP_LOAD: res = h_any(); break;
        case OP_MOVE: regs[dst] = regs[a]; break;
        case OP_REPR:
            rc = ssc_any_repr(regs[a], &bytes);
            if (!rc) ssc_buf_put(&text, bytes.ptr, bytes.len);
            break;
        case OP_STR:
            rc = ssc_any_to_str(regs[a], &bytes);
            if (!rc) ssc_buf_put(&text, bytes.ptr, bytes.len);
            break;
        case OP_EQ: put_bool(&text, (uint8_t)ssc_any_eq(regs[a], regs[b])); break;
        case OP_CMP:
            rc = ssc_any_compare(regs[a], regs[b], imm, &flag);
            if (!rc) put_bool(&text, flag);
            break;
        case OP_TRUTH: put_bool(&text, (uint8_t)ssc_any_truth(regs[a])); break;
        case OP_HASH_EQ: /* hashes of two hashable boxes equal? */
            rc = ssc_any_check_hashable(regs[a]);
            if (!rc) rc = ssc_any_check_hashable(regs[b]);
            if (!rc) put_bool(&text, ssc_any_hash(regs[a]) == ssc_any_hash(regs[b]));
            break;
        case OP_NEST: { /* dst = [[...[a]...]], imm levels */
            ssc_any *x = regs[a];
            for (int32_t i = 0; i < imm; i++) {
                ssc_list *l = ssc_list_new(&ssc_type_any, 1);
                ssc_list_append(l, &x);
                x = dy_from_list(l);
            }
            regs[dst] = x;
            break;
        }
        case OP_BINARY: rc = ssc_any_binary(imm, regs[a], regs[b], &res); break;
        case OP_UNARY: rc = ssc_any_unary(imm, regs[a], &res); break;
        case OP_INPLACE: rc = ssc_any_inplace(imm, regs[a], regs[b], &res); break;
        case OP_GETITEM: rc = ssc_any_getitem(regs[a], regs[b], &res); break;
        case OP_GETSLICE: {
            int32_t has[3];
            int64_t v[3];
            for (int32_t i = 0; i < 3; i++) {
                has[i] = *in++;
                v[i] = rd64();
            }
            rc = ssc_any_getslice(regs[a], has[0], v[0], has[1], v[1], has[2], v[2], &res);
            break;
        }
        case OP_SETITEM: rc = ssc_any_setitem(regs[a], regs[b], regs[c]); break;
        case OP_DELITEM: rc = ssc_any_delitem(regs[a], regs[b]); break;
        case OP_CONTAINS:
            rc = ssc_any_contains(regs[a], regs[b], &flag);
            if (!rc) put_bool(&text, flag);
            break;
        case OP_LEN:
            rc = ssc_any_len(regs[a], &i64);
            if (!rc) ssc_buf_i64(&text, i64);
            break;
        case OP_ITER:
            rc = ssc_any_iter(regs[a], &lst);
            if (!rc) show_list(&text, lst);
            break;
        case OP_ISINSTANCE:
            rc = ssc_any_isinstance(regs[a], imm, &flag);
            if (!rc) put_bool(&text, flag);
            break;
        case OP_TO_INT:
            rc = ssc_any_to_int(regs[a], &i64);
            if (!rc) ssc_buf_i64(&text, i64);
            break;
        case OP_TO_FLOAT: {
            double f;
            rc = ssc_any_to_float(regs[a], &f);
            if (!rc) ssc_buf_float_repr(&text, f);
            break;
        }
        case OP_FORMAT: {
            ssc_bytes spec = rd_text();
            ssc_buf field;
            ssc_buf_init(&field, 16);
            rc = ssc_any_format(&field, regs[a], imm, spec.ptr, spec.len);
            if (!rc) { /* <the field's text> */
                ssc_buf_byte(&text, '<');
                ssc_buf_put(&text, field.ptr, field.len);
                ssc_buf_byte(&text, '>');
            }
            break;
        }
        case OP_EXPECT_STR: {
            ssc_bytes name = rd_text();
            char *z = ssc_alloc((uint32_t)name.len + 1);
            memcpy(z, name.ptr, (size_t)name.len);
            z[name.len] = 0;
            rc = ssc_any_expect_str(regs[a], z, &bytes);
            if (!rc) ssc_buf_put(&text, bytes.ptr, bytes.len);
            break;
        }
        case OP_BOX: {
            const ssc_type *t = types[imm];
            uint8_t *v = ssc_alloc((uint32_t)t->size + 1);
            h_typed(t, v);
            rc = ssc_any_box(t, v, &res);
            break;
        }
        case OP_UNBOX: {
            const ssc_type *t = types[imm];
            uint8_t *v = ssc_alloc((uint32_t)t->size + 1);
            rc = ssc_any_unbox(regs[a], t, v);
            if (!rc) {
                ssc_buf_value_repr(&text, t, v);
                if (t == &t_list_any || t == &t_dict_any_any) /* kept, to test that it is shared */
                    ssc_any_box(t, v, &regs[dst]);
            }
            break;
        }
        case OP_BUF_REPR: ssc_buf_any_repr(&text, regs[a]); break;
        case OP_BUF_STR: ssc_buf_any_str(&text, regs[a]); break;
        /* ---- methods ---- */
        case OP_M_GET: rc = ssc_any_m_get(regs[a], regs[b], opt_reg(c), &res); break;
        case OP_M_SETDEFAULT: rc = ssc_any_m_setdefault(regs[a], regs[b], opt_reg(c), &res); break;
        case OP_M_POP: rc = ssc_any_m_pop(regs[a], opt_reg(b), opt_reg(c), &res); break;
        case OP_M_POPITEM: {
            ssc_any *kk, *vv;
            ssc_any *kv[2];
            rc = ssc_any_m_popitem(regs[a], kv);
            kk = kv[0];
            vv = kv[1];
            if (!rc) {
                ssc_buf_byte(&text, '(');
                ssc_buf_any_repr(&text, kk);
                ssc_buf_cstr(&text, ", ");
                ssc_buf_any_repr(&text, vv);
                ssc_buf_byte(&text, ')');
            }
            break;
        }
        case OP_M_KEYS:
        case OP_M_VALUES:
        case OP_M_ITEMS:
            rc = op == OP_M_KEYS ? ssc_any_m_keys(regs[a], &lst)
               : op == OP_M_VALUES ? ssc_any_m_values(regs[a], &lst) : ssc_any_m_items(regs[a], &lst);
            if (!rc) show_list(&text, lst);
            break;
        case OP_M_UPDATE: rc = ssc_any_m_update(regs[a], regs[b]); break;
        case OP_M_APPEND: rc = ssc_any_m_append(regs[a], regs[b]); break;
        case OP_M_EXTEND: rc = ssc_any_m_extend(regs[a], regs[b]); break;
        case OP_M_INSERT: rc = ssc_any_m_insert(regs[a], rd64(), regs[b]); break;
        case OP_M_REMOVE: rc = ssc_any_m_remove(regs[a], regs[b]); break;
        case OP_M_REVERSE: rc = ssc_any_m_reverse(regs[a]); break;
        case OP_M_SORT: rc = ssc_any_m_sort(regs[a], imm); break;
        case OP_M_COPY: rc = ssc_any_m_copy(regs[a], &res); break;
        case OP_M_CLEAR: rc = ssc_any_m_clear(regs[a]); break;
        case OP_M_INDEX:
        case OP_M_COUNT:
            rc = op == OP_M_INDEX ? ssc_any_m_index(regs[a], regs[b], &i64) : ssc_any_m_count(regs[a], regs[b], &i64);
            if (!rc) ssc_buf_i64(&text, i64);
            break;
        /* ---- containers.c's generic code on list[Any] and dict[Any, Any] ---- */
        case OP_TL_REPR: ssc_buf_value_repr(&text, &t_list_any, &regs[a]->u.list); break;
        case OP_TL_EQ: put_bool(&text, (uint8_t)ssc_value_eq(&t_list_any, &regs[a]->u.list, &regs[b]->u.list)); break;
        case OP_TL_CMP:
            rc = ssc_value_compare(&t_list_any, &regs[a]->u.list, &regs[b]->u.list, imm, &flag);
            if (!rc) put_bool(&text, flag);
            break;
        case OP_TL_SORT: /* sorted(): a sorted copy, shown */
            rc = ssc_list_sorted(regs[a]->u.list, imm, &lst);
            if (!rc) show_list(&text, lst);
            break;
        case OP_TL_INDEX:
            rc = ssc_list_index(regs[a]->u.list, &regs[b], 0, INT64_MAX, &i64);
            if (!rc) ssc_buf_i64(&text, i64);
            break;
        case OP_TL_CONTAINS:
            rc = ssc_list_contains(regs[a]->u.list, &regs[b], &flag);
            if (!rc) put_bool(&text, flag);
            break;
        case OP_TL_MIN:
        case OP_TL_MAX:
            rc = op == OP_TL_MIN ? ssc_list_min(regs[a]->u.list, &res) : ssc_list_max(regs[a]->u.list, &res);
            break;
        case OP_TD_EQ: put_bool(&text, (uint8_t)ssc_value_eq(&t_dict_any_any, &regs[a]->u.dict, &regs[b]->u.dict)); break;
        case OP_TD_REPR: ssc_buf_value_repr(&text, &t_dict_any_any, &regs[a]->u.dict); break;
        case OP_TL_BOX_LIST: { /* a typed list[Any] of registers a..a+imm-1, boxed as a whole */
            ssc_list *l = ssc_list_new(&ssc_type_any, imm);
            for (int32_t i = 0; i < imm; i++) ssc_list_append(l, &regs[a + i]);
            res = dy_from_list(l);
            break;
        }
        default:
            __builtin_trap();
        }
        if (rc == 0 && res) {
            regs[dst] = res;
            show_box(&text, res);
        }
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

/* The nesting depth dynamic.c's recursion guard allows, for the tests. */
__attribute__((export_name("h_max_depth"))) int32_t h_max_depth(void) { return DY_MAX_DEPTH; }
