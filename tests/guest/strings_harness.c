/* Test entry points for compiler/guest/strings.c, linked with stub_core.c
 * (see stub_core.h). strings.c is compiled here as in runtime.c: one
 * translation unit with text.c (its Unicode table helpers) and containers.c
 * (lists, for split() and join()).
 *
 * The host writes a batch of cases into h_in(). A case is: u32 op, u32 nargs,
 * then each argument as a tag byte and its payload (little-endian):
 *   'S' u32 len, bytes          a str (UTF-8) or bytes value
 *   'N'                         an absent `T | None` argument
 *   'I' i64                     an int or bool
 *   'L' u32 count, count x (u32 len, bytes)   a list[str] / list[bytes]
 *   'K' u32 count, count x i64                a list[int]
 * h_run(count) runs each case as its own "entry call" (stub_reset) and writes
 * to h_out(): i32 rc, i32 exception code, then the result as a tag byte and
 * payload: 'E' u32 len, message (rc != 0); 'S' u32 len, bytes; 'I' i64;
 * 'B' u8; 'L' u32 count, items as for 'S'; 'T' three items as for 'S'.
 * It returns the number of cases run (it stops early when h_out() is nearly
 * full) and h_written() the bytes written. h_op_names() is the op names,
 * space-separated, in op number order.
 *
 * Each str/bytes argument is copied to a fresh allocation followed by filler
 * bytes (0x80 continuation bytes) that would change the outcome if the code
 * read past the end. */
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"   /* containers.c delegates values of type Any to it */
#include "stub_core.h"

#define OUT_MARGIN (2 << 20)
#define FILLER 8
#define MAX_ARGS 8

/* The ops: X(name, result tag, call). A(k) is argument k; `rs`, `ri`, `rb`,
 * `rl`, `rt` receive str, int, bool, list and 3-tuple results. */
#define S(k) A(k).p, A(k).n
#define OS(k) A(k).present, A(k).p, A(k).n
#define OI(k) A(k).present, A(k).i
#define I(k) A(k).i
#define OPS(X)                                                                       \
    X(str_props, 'S', str_props(S(0), &rs))                                          \
    X(str_len, 'I', ssc_str_len(S(0), &ri))                                          \
    X(str_getitem, 'S', ssc_str_getitem(S(0), I(1), &rs))                            \
    X(str_slice, 'S', ssc_str_slice(S(0), OI(1), OI(2), OI(3), &rs))                 \
    X(str_iter, 'L', str_iter(S(0), &rl))                                            \
    X(str_contains, 'B', ssc_str_contains(S(0), S(1), &rb))                          \
    X(str_compare, 'B', ssc_str_compare(S(0), S(1), (int32_t)I(2), &rb))             \
    X(str_repeat, 'S', ssc_str_repeat(S(0), I(1), &rs))                              \
    X(str_ord, 'I', ssc_str_ord(S(0), &ri))                                          \
    X(str_chr, 'S', ssc_str_chr(I(0), &rs))                                          \
    X(str_lower, 'S', ssc_str_lower(S(0), &rs))                                      \
    X(str_upper, 'S', ssc_str_upper(S(0), &rs))                                      \
    X(str_swapcase, 'S', ssc_str_swapcase(S(0), &rs))                                \
    X(str_casefold, 'S', ssc_str_casefold(S(0), &rs))                                \
    X(str_capitalize, 'S', ssc_str_capitalize(S(0), &rs))                            \
    X(str_title, 'S', ssc_str_title(S(0), &rs))                                      \
    X(str_isspace, 'B', ssc_str_isspace(S(0), &rb))                                  \
    X(str_isalpha, 'B', ssc_str_isalpha(S(0), &rb))                                  \
    X(str_isalnum, 'B', ssc_str_isalnum(S(0), &rb))                                  \
    X(str_isdecimal, 'B', ssc_str_isdecimal(S(0), &rb))                              \
    X(str_isdigit, 'B', ssc_str_isdigit(S(0), &rb))                                  \
    X(str_isnumeric, 'B', ssc_str_isnumeric(S(0), &rb))                              \
    X(str_isprintable, 'B', ssc_str_isprintable(S(0), &rb))                          \
    X(str_isascii, 'B', ssc_str_isascii(S(0), &rb))                                  \
    X(str_isupper, 'B', ssc_str_isupper(S(0), &rb))                                  \
    X(str_islower, 'B', ssc_str_islower(S(0), &rb))                                  \
    X(str_istitle, 'B', ssc_str_istitle(S(0), &rb))                                  \
    X(str_strip, 'S', ssc_str_strip(S(0), OS(1), &rs))                               \
    X(str_lstrip, 'S', ssc_str_lstrip(S(0), OS(1), &rs))                             \
    X(str_rstrip, 'S', ssc_str_rstrip(S(0), OS(1), &rs))                             \
    X(str_split, 'L', ssc_str_split(S(0), OS(1), I(2), &rl))                         \
    X(str_rsplit, 'L', ssc_str_rsplit(S(0), OS(1), I(2), &rl))                       \
    X(str_splitlines, 'L', ssc_str_splitlines(S(0), (int32_t)I(1), &rl))             \
    X(str_join, 'S', ssc_str_join(S(0), A(1).list, &rs))                             \
    X(str_startswith, 'B', ssc_str_startswith(S(0), S(1), OI(2), OI(3), &rb))        \
    X(str_endswith, 'B', ssc_str_endswith(S(0), S(1), OI(2), OI(3), &rb))            \
    X(str_startswith_any, 'B', ssc_str_startswith_any(S(0), A(1).list, OI(2), OI(3), &rb)) \
    X(str_endswith_any, 'B', ssc_str_endswith_any(S(0), A(1).list, OI(2), OI(3), &rb)) \
    X(str_find, 'I', ssc_str_find(S(0), S(1), OI(2), OI(3), &ri))                    \
    X(str_rfind, 'I', ssc_str_rfind(S(0), S(1), OI(2), OI(3), &ri))                  \
    X(str_index, 'I', ssc_str_index(S(0), S(1), OI(2), OI(3), &ri))                  \
    X(str_rindex, 'I', ssc_str_rindex(S(0), S(1), OI(2), OI(3), &ri))                \
    X(str_count, 'I', ssc_str_count(S(0), S(1), OI(2), OI(3), &ri))                  \
    X(str_replace, 'S', ssc_str_replace(S(0), S(1), S(2), I(3), &rs))                \
    X(str_zfill, 'S', ssc_str_zfill(S(0), I(1), &rs))                                \
    X(str_center, 'S', ssc_str_center(S(0), I(1), S(2), &rs))                        \
    X(str_ljust, 'S', ssc_str_ljust(S(0), I(1), S(2), &rs))                          \
    X(str_rjust, 'S', ssc_str_rjust(S(0), I(1), S(2), &rs))                          \
    X(str_expandtabs, 'S', ssc_str_expandtabs(S(0), I(1), &rs))                      \
    X(str_partition, 'T', ssc_str_partition(S(0), S(1), rt))                         \
    X(str_rpartition, 'T', ssc_str_rpartition(S(0), S(1), rt))                       \
    X(str_removeprefix, 'S', ssc_str_removeprefix(S(0), S(1), &rs))                  \
    X(str_removesuffix, 'S', ssc_str_removesuffix(S(0), S(1), &rs))                  \
    X(bytes_getitem, 'I', ssc_bytes_getitem(S(0), I(1), &ri))                        \
    X(bytes_slice, 'S', ssc_bytes_slice(S(0), OI(1), OI(2), OI(3), &rs))             \
    X(bytes_contains, 'B', ssc_bytes_contains(S(0), S(1), &rb))                      \
    X(bytes_contains_int, 'B', ssc_bytes_contains_int(S(0), I(1), &rb))              \
    X(bytes_compare, 'B', ssc_bytes_compare(S(0), S(1), (int32_t)I(2), &rb))         \
    X(bytes_repeat, 'S', ssc_bytes_repeat(S(0), I(1), &rs))                          \
    X(bytes_ord, 'I', ssc_bytes_ord(S(0), &ri))                                      \
    X(bytes_lower, 'S', ssc_bytes_lower(S(0), &rs))                                  \
    X(bytes_upper, 'S', ssc_bytes_upper(S(0), &rs))                                  \
    X(bytes_swapcase, 'S', ssc_bytes_swapcase(S(0), &rs))                            \
    X(bytes_capitalize, 'S', ssc_bytes_capitalize(S(0), &rs))                        \
    X(bytes_title, 'S', ssc_bytes_title(S(0), &rs))                                  \
    X(bytes_isspace, 'B', ssc_bytes_isspace(S(0), &rb))                              \
    X(bytes_isalpha, 'B', ssc_bytes_isalpha(S(0), &rb))                              \
    X(bytes_isalnum, 'B', ssc_bytes_isalnum(S(0), &rb))                              \
    X(bytes_isdigit, 'B', ssc_bytes_isdigit(S(0), &rb))                              \
    X(bytes_isascii, 'B', ssc_bytes_isascii(S(0), &rb))                              \
    X(bytes_isupper, 'B', ssc_bytes_isupper(S(0), &rb))                              \
    X(bytes_islower, 'B', ssc_bytes_islower(S(0), &rb))                              \
    X(bytes_istitle, 'B', ssc_bytes_istitle(S(0), &rb))                              \
    X(bytes_strip, 'S', ssc_bytes_strip(S(0), OS(1), &rs))                           \
    X(bytes_lstrip, 'S', ssc_bytes_lstrip(S(0), OS(1), &rs))                         \
    X(bytes_rstrip, 'S', ssc_bytes_rstrip(S(0), OS(1), &rs))                         \
    X(bytes_split, 'L', ssc_bytes_split(S(0), OS(1), I(2), &rl))                     \
    X(bytes_rsplit, 'L', ssc_bytes_rsplit(S(0), OS(1), I(2), &rl))                   \
    X(bytes_splitlines, 'L', ssc_bytes_splitlines(S(0), (int32_t)I(1), &rl))         \
    X(bytes_join, 'S', ssc_bytes_join(S(0), A(1).list, &rs))                         \
    X(bytes_startswith, 'B', ssc_bytes_startswith(S(0), S(1), OI(2), OI(3), &rb))    \
    X(bytes_endswith, 'B', ssc_bytes_endswith(S(0), S(1), OI(2), OI(3), &rb))        \
    X(bytes_startswith_any, 'B', ssc_bytes_startswith_any(S(0), A(1).list, OI(2), OI(3), &rb)) \
    X(bytes_endswith_any, 'B', ssc_bytes_endswith_any(S(0), A(1).list, OI(2), OI(3), &rb)) \
    X(bytes_find, 'I', ssc_bytes_find(S(0), S(1), OI(2), OI(3), &ri))                \
    X(bytes_rfind, 'I', ssc_bytes_rfind(S(0), S(1), OI(2), OI(3), &ri))              \
    X(bytes_index, 'I', ssc_bytes_index(S(0), S(1), OI(2), OI(3), &ri))              \
    X(bytes_rindex, 'I', ssc_bytes_rindex(S(0), S(1), OI(2), OI(3), &ri))            \
    X(bytes_count, 'I', ssc_bytes_count(S(0), S(1), OI(2), OI(3), &ri))              \
    X(bytes_find_int, 'I', ssc_bytes_find_int(S(0), I(1), OI(2), OI(3), &ri))        \
    X(bytes_rfind_int, 'I', ssc_bytes_rfind_int(S(0), I(1), OI(2), OI(3), &ri))      \
    X(bytes_index_int, 'I', ssc_bytes_index_int(S(0), I(1), OI(2), OI(3), &ri))      \
    X(bytes_rindex_int, 'I', ssc_bytes_rindex_int(S(0), I(1), OI(2), OI(3), &ri))    \
    X(bytes_count_int, 'I', ssc_bytes_count_int(S(0), I(1), OI(2), OI(3), &ri))      \
    X(bytes_replace, 'S', ssc_bytes_replace(S(0), S(1), S(2), I(3), &rs))            \
    X(bytes_zfill, 'S', ssc_bytes_zfill(S(0), I(1), &rs))                            \
    X(bytes_center, 'S', ssc_bytes_center(S(0), I(1), S(2), &rs))                    \
    X(bytes_ljust, 'S', ssc_bytes_ljust(S(0), I(1), S(2), &rs))                      \
    X(bytes_rjust, 'S', ssc_bytes_rjust(S(0), I(1), S(2), &rs))                      \
    X(bytes_expandtabs, 'S', ssc_bytes_expandtabs(S(0), I(1), &rs))                  \
    X(bytes_partition, 'T', ssc_bytes_partition(S(0), S(1), rt))                     \
    X(bytes_rpartition, 'T', ssc_bytes_rpartition(S(0), S(1), rt))                   \
    X(bytes_removeprefix, 'S', ssc_bytes_removeprefix(S(0), S(1), &rs))              \
    X(bytes_removesuffix, 'S', ssc_bytes_removesuffix(S(0), S(1), &rs))              \
    X(bytes_hex, 'S', ssc_bytes_hex(S(0), OS(1), I(2), &rs))                         \
    X(bytes_fromhex, 'S', ssc_bytes_fromhex(S(0), &rs))                              \
    X(bytes_decode, 'S', ssc_bytes_decode(S(0), S(1), S(2), &rs))                    \
    X(bytes_zeros, 'S', ssc_bytes_zeros(I(0), &rs))                                  \
    X(bytes_from_list, 'S', ssc_bytes_from_list(A(0).list, &rs))

#define ENUM_ITEM(name, tag, call) OP_##name,
enum { OPS(ENUM_ITEM) OP_COUNT };
#define NAME_ITEM(name, tag, call) #name " "
static const char op_names[] = OPS(NAME_ITEM);

typedef struct {
    int32_t present;
    const uint8_t *p;
    int32_t n;
    int64_t i;
    ssc_list *list;
} arg;

static int32_t written;

__attribute__((export_name("h_written"))) int32_t h_written(void) { return written; }
__attribute__((export_name("h_op_names"))) const char *h_op_names(void) { return op_names; }
__attribute__((export_name("h_op_names_len"))) int32_t h_op_names_len(void) { return (int32_t)sizeof op_names - 1; }

static uint32_t get32(const uint8_t **in) {
    uint32_t v;
    memcpy(&v, *in, 4);
    *in += 4;
    return v;
}

static const uint8_t *get_text(const uint8_t **in, int32_t *n) {
    uint32_t len = get32(in);
    uint8_t *data = ssc_alloc(len + FILLER);
    memcpy(data, *in, len);
    memset(data + len, 0x80, FILLER);
    *in += len;
    *n = (int32_t)len;
    return data;
}

static uint8_t *put32(uint8_t *o, uint32_t v) {
    memcpy(o, &v, 4);
    return o + 4;
}

static uint8_t *put_text(uint8_t *o, const uint8_t *p, int32_t n) {
    o = put32(o, (uint32_t)n);
    memcpy(o, p, (size_t)n);
    return o + n;
}

/* for c in s: the characters, through ssc_str_next. */
static int32_t str_iter(const uint8_t *p, int32_t n, ssc_list **out) {
    ssc_list *l = ssc_list_new(&ssc_type_str, 0);
    for (int32_t pos = 0; pos < n;) {
        int32_t end = ssc_str_next(p, n, pos);
        ssc_bytes c = {p + pos, end - pos};
        ssc_list_append(l, &c);
        pos = end;
    }
    *out = l;
    return SSC_OK;
}

/* For each character c of s, two bytes of bits: the str predicates of the
 * one-character string c (bit k: PREDICATES[k]) and bit 15: whether c is
 * cased as title() sees it (title(c + "a") ends with "a"). */
static int32_t (*const PREDICATES[])(const uint8_t *, int32_t, uint8_t *) = {
    ssc_str_isspace, ssc_str_isalpha, ssc_str_isalnum, ssc_str_isdecimal, ssc_str_isdigit, ssc_str_isnumeric,
    ssc_str_isprintable, ssc_str_isascii, ssc_str_isupper, ssc_str_islower, ssc_str_istitle,
};

static int32_t str_props(const uint8_t *p, int32_t n, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, n * 2);
    for (int32_t pos = 0; pos < n;) {
        int32_t end = ssc_str_next(p, n, pos);
        uint32_t bits = 0;
        for (uint32_t k = 0; k < sizeof PREDICATES / sizeof PREDICATES[0]; k++) {
            uint8_t r = 0;
            PREDICATES[k](p + pos, end - pos, &r);
            bits |= (uint32_t)r << k;
        }
        uint8_t two[5];
        memcpy(two, p + pos, (size_t)(end - pos));
        two[end - pos] = 'a';
        ssc_bytes t;
        ssc_str_title(two, end - pos + 1, &t);
        bits |= (uint32_t)(t.ptr[t.len - 1] == 'a') << 15;
        ssc_buf_byte(&b, (uint8_t)bits);
        ssc_buf_byte(&b, (uint8_t)(bits >> 8));
        pos = end;
    }
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}

__attribute__((export_name("h_run"))) int32_t h_run(int32_t count) {
    const uint8_t *in = io_in;
    uint8_t *o = io_out;
    int32_t k = 0;
    for (; k < count && o - io_out < 2 * IO_SIZE - OUT_MARGIN; k++) {
        stub_reset();
        uint32_t op = get32(&in);
        uint32_t nargs = get32(&in);
        arg args[MAX_ARGS];
        memset(args, 0, sizeof args);
        for (uint32_t a = 0; a < nargs; a++) {
            uint8_t tag = *in++;
            arg *x = &args[a];
            x->present = tag != 'N';
            if (tag == 'S') {
                x->p = get_text(&in, &x->n);
            } else if (tag == 'I') {
                memcpy(&x->i, in, 8);
                in += 8;
            } else if (tag == 'L') {
                uint32_t items = get32(&in);
                x->list = ssc_list_new(&ssc_type_str, 0);
                for (uint32_t j = 0; j < items; j++) {
                    ssc_bytes item;
                    item.ptr = get_text(&in, &item.len);
                    ssc_list_append(x->list, &item);
                }
            } else if (tag == 'K') {
                uint32_t items = get32(&in);
                x->list = ssc_list_new(&ssc_type_int, 0);
                for (uint32_t j = 0; j < items; j++) {
                    ssc_list_append(x->list, in);
                    in += 8;
                }
            }
        }
#define A(j) args[j]
        int32_t rc = 0;
        uint8_t tag = 0;
        ssc_bytes rs = {0, 0};
        ssc_bytes rt[3];
        int64_t ri = 0;
        uint8_t rb = 0;
        ssc_list *rl = 0;
        switch (op) {
#define CASE_ITEM(name, t, call) \
    case OP_##name:              \
        tag = t;                 \
        rc = call;               \
        break;
            OPS(CASE_ITEM)
        default:
            __builtin_trap();
        }
        o = put32(o, (uint32_t)rc);
        o = put32(o, (uint32_t)stub_exc_code);
        if (rc != 0) {
            *o++ = 'E';
            o = put_text(o, stub_exc_msg, stub_exc_len);
            continue;
        }
        *o++ = tag;
        switch (tag) {
        case 'S':
            o = put_text(o, rs.ptr, rs.len);
            break;
        case 'I':
            memcpy(o, &ri, 8);
            o += 8;
            break;
        case 'B':
            *o++ = rb;
            break;
        case 'T':
            for (int32_t j = 0; j < 3; j++)
                o = put_text(o, rt[j].ptr, rt[j].len);
            break;
        case 'L': {
            o = put32(o, (uint32_t)rl->len);
            const ssc_bytes *items = (const ssc_bytes *)rl->data;
            for (int32_t j = 0; j < rl->len; j++)
                o = put_text(o, items[j].ptr, items[j].len);
            break;
        }
        }
    }
    written = (int32_t)(o - io_out);
    return k;
}
