/* ssc guest runtime: regular expressions (see re.h).
 *
 * The interpreter follows Modules/_sre/sre_lib.h (SRE(match), SRE(search),
 * SRE(count), SRE(charset), SRE(at)) operation by operation: the same
 * backtracking order, the same saving and restoring of the group marks,
 * the same zero-width protection, so that a match, its groups and its
 * lastindex are CPython's. What differs is the representation: positions
 * are byte offsets into the subject, which is UTF-8 for a str (a character
 * is decoded where sre reads one code unit, and "one character back" skips
 * continuation bytes), and the backtracking stack is ssc_alloc'd memory
 * addressed by offsets. Checks of a length in characters (an INFO block's
 * minimum, REPEAT_ONE's) compare byte counts instead, which only lets a
 * doomed attempt run a little longer: a string of n bytes has at most n
 * characters.
 */
#include "re.h"
#include "core.h"
#include "text.h"
#include "strings.h"
#include "containers.h"
#include "dynamic.h"

#define RE_MAXREPEAT 0xffffffffu
#define RE_ERROR_STATE (-2)

/* ---- characters of the subject ------------------------------------------- */

static inline uint32_t re_char(const ssc_re_state *st, int32_t i) {
    const uint8_t *p = st->str + i;
    uint32_t c = p[0];
    if (c < 0x80 || !st->utf8)
        return c;
    if (c < 0xe0)
        return ((c & 0x1f) << 6) | (p[1] & 0x3fu);
    if (c < 0xf0)
        return ((c & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3fu);
    return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) | ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3fu);
}

/* The offset after the character at i, and before the one that ends at i. */
static inline int32_t re_next(const ssc_re_state *st, int32_t i) {
    return st->utf8 ? i + sst_seq_len(st->str[i]) : i + 1;
}

static inline int32_t re_prev(const ssc_re_state *st, int32_t i) {
    i--;
    if (st->utf8)
        while (i > 0 && SST_CONT(st->str[i]))
            i--;
    return i;
}

/* ---- case and categories (sre.c: sre_lower_*, sre_upper_*, sre_category) -- */

static uint32_t re_lower_ascii(uint32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static uint32_t re_upper_ascii(uint32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

/* A case mapping of ssc_unicode.h (SSC_UNI_SRE_LOWER / _UPPER): entries of two
 * words, sorted, `start << 11 | count << 1 | stride - 1` and a delta: the
 * count code points from start, stride apart, map to themselves + delta
 * (found by strings.c's sst_case_find). */
static uint32_t re_case_map(const uint32_t *t, int32_t entries, uint32_t c) {
    int32_t k = sst_case_find(t, entries, c);
    return k < 0 ? c : c + t[2 * k + 1];
}

/* _PyUnicode_ToLowercase / _PyUnicode_ToUppercase: the first character of
 * str.lower() / str.upper() of c. */
static uint32_t re_lower_uni(uint32_t c) {
    return c < 0x80 ? re_lower_ascii(c) : re_case_map(SSC_UNI_SRE_LOWER, SSC_UNI_SRE_LOWER_LEN / 2, c);
}

static uint32_t re_upper_uni(uint32_t c) {
    return c < 0x80 ? re_upper_ascii(c) : re_case_map(SSC_UNI_SRE_UPPER, SSC_UNI_SRE_UPPER_LEN / 2, c);
}

/* The "C" locale's tolower / toupper (a SmartStream has no other locale). */
static uint32_t re_lower_locale(uint32_t c) { return c < 256 ? re_lower_ascii(c) : c; }
static uint32_t re_upper_locale(uint32_t c) { return c < 256 ? re_upper_ascii(c) : c; }

static int re_ascii_alnum(uint32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int re_table(const uint8_t *t, int32_t n, const uint32_t *index, int32_t index_n, uint32_t c) {
    sst_cursor cur;
    sst_cursor_init(&cur, t, n, index, index_n);
    return sst_in(&cur, c);
}

#define RE_TABLE(NAME, c) re_table(NAME, NAME##_LEN, NAME##_INDEX, NAME##_INDEX_LEN, c)

/* Py_UNICODE_ISALNUM: alphabetic or numeric (decimal and digit are numeric). */
static int re_uni_alnum(uint32_t c) {
    if (c < 0x80)
        return re_ascii_alnum(c);
    return RE_TABLE(SSC_UNI_ALPHA, c) || RE_TABLE(SSC_UNI_NUMERIC, c);
}

static int re_uni_space(uint32_t c) {
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
    return RE_TABLE(SSC_UNI_SPACE, c);
}

static int re_uni_digit(uint32_t c) {
    if (c < 0x80)
        return c >= '0' && c <= '9';
    return RE_TABLE(SSC_UNI_DECIMAL, c);
}

static int re_uni_linebreak(uint32_t c) {
    return (c >= '\n' && c <= '\r') || (c >= 0x1c && c <= 0x1e) || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static int re_word(uint32_t c) { return c < 128 && (re_ascii_alnum(c) || c == '_'); }
static int re_uni_word(uint32_t c) { return c == '_' || re_uni_alnum(c); }
static int re_loc_word(uint32_t c) { return c < 256 && (re_ascii_alnum(c) || c == '_'); }

static int re_category(uint32_t code, uint32_t c) {
    switch (code) {
    case SSC_RE_CATEGORY_DIGIT: return c < 128 && c >= '0' && c <= '9';
    case SSC_RE_CATEGORY_NOT_DIGIT: return !(c < 128 && c >= '0' && c <= '9');
    case SSC_RE_CATEGORY_SPACE: return c == ' ' || (c >= '\t' && c <= '\r');
    case SSC_RE_CATEGORY_NOT_SPACE: return !(c == ' ' || (c >= '\t' && c <= '\r'));
    case SSC_RE_CATEGORY_WORD: return re_word(c);
    case SSC_RE_CATEGORY_NOT_WORD: return !re_word(c);
    case SSC_RE_CATEGORY_LINEBREAK: return c == '\n';
    case SSC_RE_CATEGORY_NOT_LINEBREAK: return c != '\n';
    case SSC_RE_CATEGORY_LOC_WORD: return re_loc_word(c);
    case SSC_RE_CATEGORY_LOC_NOT_WORD: return !re_loc_word(c);
    case SSC_RE_CATEGORY_UNI_DIGIT: return re_uni_digit(c);
    case SSC_RE_CATEGORY_UNI_NOT_DIGIT: return !re_uni_digit(c);
    case SSC_RE_CATEGORY_UNI_SPACE: return re_uni_space(c);
    case SSC_RE_CATEGORY_UNI_NOT_SPACE: return !re_uni_space(c);
    case SSC_RE_CATEGORY_UNI_WORD: return re_uni_word(c);
    case SSC_RE_CATEGORY_UNI_NOT_WORD: return !re_uni_word(c);
    case SSC_RE_CATEGORY_UNI_LINEBREAK: return re_uni_linebreak(c);
    case SSC_RE_CATEGORY_UNI_NOT_LINEBREAK: return !re_uni_linebreak(c);
    }
    return 0;
}

/* SRE(charset): whether c is in the set (LITERAL, RANGE, CHARSET, BIGCHARSET,
 * CATEGORY, NEGATE, RANGE_UNI_IGNORE items, up to FAILURE). */
static int re_charset(const uint32_t *set, uint32_t c) {
    int ok = 1;
    for (;;) {
        switch (*set++) {
        case SSC_RE_OP_FAILURE:
            return !ok;
        case SSC_RE_OP_LITERAL:
            if (c == set[0])
                return ok;
            set++;
            break;
        case SSC_RE_OP_CATEGORY:
            if (re_category(set[0], c))
                return ok;
            set++;
            break;
        case SSC_RE_OP_CHARSET:
            if (c < 256 && (set[c >> 5] & (1u << (c & 31))))
                return ok;
            set += 8;
            break;
        case SSC_RE_OP_RANGE:
            if (set[0] <= c && c <= set[1])
                return ok;
            set += 2;
            break;
        case SSC_RE_OP_RANGE_UNI_IGNORE: {
            if (set[0] <= c && c <= set[1])
                return ok;
            uint32_t u = re_upper_uni(c);
            if (set[0] <= u && u <= set[1])
                return ok;
            set += 2;
            break;
        }
        case SSC_RE_OP_NEGATE:
            ok = !ok;
            break;
        case SSC_RE_OP_BIGCHARSET: {
            uint32_t count = *set++;
            int32_t block = c < 0x10000 ? ((const uint8_t *)set)[c >> 8] : -1;
            set += 64;
            if (block >= 0 && (set[((uint32_t)block * 256 + (c & 255)) >> 5] & (1u << (c & 31))))
                return ok;
            set += count * 8;
            break;
        }
        default:
            return 0;
        }
    }
}

/* SRE(charset_loc_ignore). */
static int re_charset_loc_ignore(const uint32_t *set, uint32_t c) {
    uint32_t lo = re_lower_locale(c);
    if (re_charset(set, lo))
        return 1;
    uint32_t up = re_upper_locale(c);
    return up != lo && re_charset(set, up);
}

/* char_loc_ignore: c matches the literal `pattern` in the locale, ignoring case. */
static int re_char_loc_ignore(uint32_t pattern, uint32_t c) {
    return c == pattern || re_lower_locale(c) == pattern || re_upper_locale(c) == pattern;
}

/* Whether the one-character operation at op (its opcode, then its operands)
 * matches c: what the corresponding case of SRE(match) tests. */
static int re_one(const uint32_t *op, uint32_t c) {
    switch (op[0]) {
    case SSC_RE_OP_LITERAL: return c == op[1];
    case SSC_RE_OP_NOT_LITERAL: return c != op[1];
    case SSC_RE_OP_ANY: return c != '\n';
    case SSC_RE_OP_ANY_ALL: return 1;
    case SSC_RE_OP_CATEGORY: return re_category(op[1], c);
    case SSC_RE_OP_IN: return re_charset(op + 2, c);
    case SSC_RE_OP_IN_IGNORE: return re_charset(op + 2, re_lower_ascii(c));
    case SSC_RE_OP_IN_UNI_IGNORE: return re_charset(op + 2, re_lower_uni(c));
    case SSC_RE_OP_IN_LOC_IGNORE: return re_charset_loc_ignore(op + 2, c);
    case SSC_RE_OP_LITERAL_IGNORE: return re_lower_ascii(c) == op[1];
    case SSC_RE_OP_NOT_LITERAL_IGNORE: return re_lower_ascii(c) != op[1];
    case SSC_RE_OP_LITERAL_UNI_IGNORE: return re_lower_uni(c) == op[1];
    case SSC_RE_OP_NOT_LITERAL_UNI_IGNORE: return re_lower_uni(c) != op[1];
    case SSC_RE_OP_LITERAL_LOC_IGNORE: return re_char_loc_ignore(op[1], c);
    case SSC_RE_OP_NOT_LITERAL_LOC_IGNORE: return !re_char_loc_ignore(op[1], c);
    }
    return 0;
}

/* SRE(count): how many times (at most maxcount) the one-character item at
 * `item` matches from ptr; *after: the offset after them. */
static int32_t re_count(const ssc_re_state *st, const uint32_t *item, int32_t ptr, uint32_t maxcount,
                        int32_t *after) {
    int32_t end = st->end, n = 0;
    if (item[0] == SSC_RE_OP_ANY_ALL && !st->utf8) {
        int32_t room = end - ptr;
        n = maxcount != RE_MAXREPEAT && (uint32_t)room > maxcount ? (int32_t)maxcount : room;
        *after = ptr + n;
        return n;
    }
    while (ptr < end && (maxcount == RE_MAXREPEAT || (uint32_t)n < maxcount) && re_one(item, re_char(st, ptr))) {
        ptr = re_next(st, ptr);
        n++;
    }
    *after = ptr;
    return n;
}

/* SRE(at): whether ptr is at the position `at`. */
static int re_at(const ssc_re_state *st, int32_t ptr, uint32_t at) {
    int (*word)(uint32_t) = re_word;
    switch (at) {
    case SSC_RE_AT_BEGINNING:
    case SSC_RE_AT_BEGINNING_STRING:
        return ptr == 0;
    case SSC_RE_AT_BEGINNING_LINE:
        return ptr == 0 || st->str[ptr - 1] == '\n';
    case SSC_RE_AT_END:
        return (st->end - ptr == 1 && st->str[ptr] == '\n') || ptr == st->end;
    case SSC_RE_AT_END_LINE:
        return ptr == st->end || st->str[ptr] == '\n';
    case SSC_RE_AT_END_STRING:
        return ptr == st->end;
    case SSC_RE_AT_LOC_BOUNDARY:
    case SSC_RE_AT_LOC_NON_BOUNDARY:
        word = re_loc_word;
        break;
    case SSC_RE_AT_UNI_BOUNDARY:
    case SSC_RE_AT_UNI_NON_BOUNDARY:
        word = re_uni_word;
        break;
    case SSC_RE_AT_BOUNDARY:
    case SSC_RE_AT_NON_BOUNDARY:
        break;
    default:
        return 0;
    }
    if (st->end == 0)
        return 0;
    int before = ptr > 0 ? word(re_char(st, re_prev(st, ptr))) : 0;
    int here = ptr < st->end ? word(re_char(st, ptr)) : 0;
    int boundary = at == SSC_RE_AT_BOUNDARY || at == SSC_RE_AT_LOC_BOUNDARY || at == SSC_RE_AT_UNI_BOUNDARY;
    return boundary ? before != here : before == here;
}

/* ---- the backtracking stack ---------------------------------------------- */

/* Room for `size` more bytes at the top; returns their offset. The stack
 * moves when it grows, so everything on it is addressed by offset. */
static int32_t re_push(ssc_re_state *st, int32_t size) {
    if (st->sp + size > st->cap) {
        int32_t cap = st->cap * 2 > st->sp + size + 256 ? st->cap * 2 : st->sp + size + 256;
        uint8_t *grown = ssc_alloc((uint32_t)cap);
        memcpy(grown, st->stack, (size_t)st->sp);
        st->stack = grown;
        st->cap = cap;
    }
    int32_t at = st->sp;
    st->sp += size;
    return at;
}

/* A context of SRE(match): one per operation that may backtrack into the
 * rest of the pattern (sre's match_context). */
typedef struct {
    int32_t count;
    int32_t u;          /* the literal after REPEAT_ONE, or the offset of a repeat context */
    int32_t lastmark, lastindex;
    int32_t pc;         /* where the operation that jumped stands (code + pc) */
    int32_t ptr;
    int32_t toplevel;
    int32_t jump;       /* where it resumes: RE_JUMP_* */
    int32_t parent;     /* the offset of the context that jumped to this one, -1 for the first */
} re_ctx;

/* A REPEAT's context (sre's SRE_REPEAT), also on the stack. */
typedef struct {
    int32_t count;
    int32_t pc;         /* the REPEAT's operands: code + pc */
    int32_t prev;       /* the enclosing repeat, -1 */
    int32_t last_ptr;   /* zero-width protection, -1 */
} re_rep;

enum {
    RE_JUMP_NONE, RE_JUMP_MAX_UNTIL_1, RE_JUMP_MAX_UNTIL_2, RE_JUMP_MAX_UNTIL_3, RE_JUMP_MIN_UNTIL_1,
    RE_JUMP_MIN_UNTIL_2, RE_JUMP_MIN_UNTIL_3, RE_JUMP_REPEAT, RE_JUMP_REPEAT_ONE_1, RE_JUMP_REPEAT_ONE_2,
    RE_JUMP_MIN_REPEAT_ONE, RE_JUMP_BRANCH, RE_JUMP_ASSERT, RE_JUMP_ASSERT_NOT, RE_JUMP_POSS_REPEAT_1,
    RE_JUMP_POSS_REPEAT_2, RE_JUMP_ATOMIC_GROUP,
};

static void re_marks_push(ssc_re_state *st, int32_t lastmark) {
    if (lastmark >= 0) {
        int32_t size = (lastmark + 1) * 4;
        int32_t at = re_push(st, size);
        memcpy(st->stack + at, st->mark, (size_t)size);
    }
}

/* MARK_POP (keep == 0, discard == 1), MARK_POP_KEEP (keep), MARK_POP_DISCARD (discard, no copy). */
static void re_marks_pop(ssc_re_state *st, int32_t lastmark, int copy, int discard) {
    if (lastmark >= 0) {
        int32_t size = (lastmark + 1) * 4;
        if (copy)
            memcpy(st->mark, st->stack + st->sp - size, (size_t)size);
        if (discard)
            st->sp -= size;
    }
}

static void re_int_push(ssc_re_state *st, int32_t v) {
    int32_t at = re_push(st, 4);
    memcpy(st->stack + at, &v, 4);
}

static int32_t re_int_pop(ssc_re_state *st) {
    int32_t v;
    st->sp -= 4;
    memcpy(&v, st->stack + st->sp, 4);
    return v;
}

/* Whether `back` characters precede ptr; *from: where they start. */
static int re_back(const ssc_re_state *st, int32_t ptr, uint32_t back, int32_t *from) {
    if (!st->utf8) {
        if ((uint32_t)ptr < back)
            return 0;
        *from = ptr - (int32_t)back;
        return 1;
    }
    for (uint32_t k = 0; k < back; k++) {
        if (ptr <= 0)
            return 0;
        ptr = re_prev(st, ptr);
    }
    *from = ptr;
    return 1;
}

/* GROUPREF*: whether the text of group g (marks 2g, 2g+1) is at ptr (compared
 * by `fold`, or exactly); *after: where it ends. */
static int re_groupref(const ssc_re_state *st, uint32_t g, int32_t ptr, uint32_t (*fold)(uint32_t), int32_t *after) {
    int32_t i = (int32_t)g * 2;
    if (i >= st->lastmark)
        return 0;
    int32_t p = st->mark[i], e = st->mark[i + 1];
    if (p < 0 || e < 0 || e < p)
        return 0;
    if (!fold) {
        if (st->end - ptr < e - p || memcmp(st->str + p, st->str + ptr, (size_t)(e - p)) != 0)
            return 0;
        *after = ptr + (e - p);
        return 1;
    }
    while (p < e) {
        if (ptr >= st->end || fold(re_char(st, ptr)) != fold(re_char(st, p)))
            return 0;
        p = re_next(st, p);
        ptr = re_next(st, ptr);
    }
    *after = ptr;
    return 1;
}

static uint32_t (*re_groupref_fold(uint32_t op))(uint32_t) {
    return op == SSC_RE_OP_GROUPREF_IGNORE ? re_lower_ascii : op == SSC_RE_OP_GROUPREF_UNI_IGNORE ? re_lower_uni
           : op == SSC_RE_OP_GROUPREF_LOC_IGNORE ? re_lower_locale : 0;
}

/* ---- SRE(match) ------------------------------------------------------------ */

#define CTX ((re_ctx *)(void *)(st->stack + ctx_pos))
#define REP(at) ((re_rep *)(void *)(st->stack + (at)))
#define RETURN_FAILURE do { ret = 0; goto leave; } while (0)
#define RETURN_SUCCESS do { ret = 1; goto leave; } while (0)
#define RETURN_ON_ERROR(i) do { if ((i) < 0) return (i); } while (0)
#define LASTMARK_SAVE() do { CTX->lastmark = st->lastmark; CTX->lastindex = st->lastindex; } while (0)
#define LASTMARK_RESTORE() do { st->lastmark = CTX->lastmark; st->lastindex = CTX->lastindex; } while (0)
/* Match the rest from `target` in a new context (at st->ptr), then come back
 * to `label` with its result in ret and pattern, ptr as they were. */
#define DO_JUMPX(J, label, target, top)                                                    \
    do {                                                                                   \
        const uint32_t *target_ = (target);                                                \
        int32_t toplevel_ = (top);                                                         \
        CTX->pc = (int32_t)(pattern - code);                                               \
        CTX->ptr = ptr;                                                                    \
        int32_t child_ = re_push(st, (int32_t)sizeof(re_ctx));                            \
        re_ctx *next_ = (re_ctx *)(void *)(st->stack + child_);                           \
        next_->toplevel = toplevel_;                                                       \
        next_->jump = (J);                                                                 \
        next_->parent = ctx_pos;                                                           \
        ctx_pos = child_;                                                                  \
        pattern = target_;                                                                 \
        goto entrance;                                                                     \
    label:                                                                                 \
        pattern = code + CTX->pc;                                                          \
        ptr = CTX->ptr;                                                                    \
    } while (0)
#define DO_JUMP(J, label, target) DO_JUMPX(J, label, target, CTX->toplevel)
#define DO_JUMP0(J, label, target) DO_JUMPX(J, label, target, 0)

/* SRE(match): whether the program from `start` matches at st->ptr; on success
 * st->ptr is the match's end. `pattern` points after the opcode being run, as
 * in sre. */
static int32_t re_match(ssc_re_state *st, const uint32_t *code, const uint32_t *start, int toplevel) {
    const int32_t end = st->end;
    int32_t ret = 0, ptr, ctx_pos = re_push(st, (int32_t)sizeof(re_ctx)), after;
    const uint32_t *pattern = start;
    CTX->parent = -1;
    CTX->jump = RE_JUMP_NONE;
    CTX->toplevel = toplevel;

entrance:
    ptr = st->ptr;
    if (pattern[0] == SSC_RE_OP_INFO) {
        /* <INFO> <1=skip> <2=flags> <3=min> ... */
        if (pattern[3] && (uint32_t)(end - ptr) < pattern[3])
            RETURN_FAILURE;
        pattern += pattern[1] + 1;
    }
    for (;;) {
        switch (*pattern++) {
        case SSC_RE_OP_MARK: {
            int32_t i = (int32_t)pattern[0];
            if (i & 1)
                st->lastindex = i / 2 + 1;
            if (i > st->lastmark) {
                for (int32_t j = st->lastmark + 1; j < i; j++)
                    st->mark[j] = -1;
                st->lastmark = i;
            }
            st->mark[i] = ptr;
            pattern++;
            break;
        }
        case SSC_RE_OP_LITERAL:
            if (ptr >= end || (pattern[0] < 0x80 ? st->str[ptr] != pattern[0] : re_char(st, ptr) != pattern[0]))
                RETURN_FAILURE;
            pattern++;
            ptr = re_next(st, ptr);
            break;
        case SSC_RE_OP_NOT_LITERAL:
        case SSC_RE_OP_CATEGORY:
        case SSC_RE_OP_LITERAL_IGNORE:
        case SSC_RE_OP_LITERAL_UNI_IGNORE:
        case SSC_RE_OP_LITERAL_LOC_IGNORE:
        case SSC_RE_OP_NOT_LITERAL_IGNORE:
        case SSC_RE_OP_NOT_LITERAL_UNI_IGNORE:
        case SSC_RE_OP_NOT_LITERAL_LOC_IGNORE:
            if (ptr >= end || !re_one(pattern - 1, re_char(st, ptr)))
                RETURN_FAILURE;
            pattern++;
            ptr = re_next(st, ptr);
            break;
        case SSC_RE_OP_ANY:
            if (ptr >= end || st->str[ptr] == '\n')
                RETURN_FAILURE;
            ptr = re_next(st, ptr);
            break;
        case SSC_RE_OP_ANY_ALL:
            if (ptr >= end)
                RETURN_FAILURE;
            ptr = re_next(st, ptr);
            break;
        case SSC_RE_OP_IN:
        case SSC_RE_OP_IN_IGNORE:
        case SSC_RE_OP_IN_UNI_IGNORE:
        case SSC_RE_OP_IN_LOC_IGNORE:
            if (ptr >= end || !re_one(pattern - 1, re_char(st, ptr)))
                RETURN_FAILURE;
            pattern += pattern[0];
            ptr = re_next(st, ptr);
            break;
        case SSC_RE_OP_SUCCESS:
            if (CTX->toplevel && ((st->match_all && ptr != end) || (st->must_advance && ptr == st->start)))
                RETURN_FAILURE;
            st->ptr = ptr;
            RETURN_SUCCESS;
        case SSC_RE_OP_AT:
            if (!re_at(st, ptr, pattern[0]))
                RETURN_FAILURE;
            pattern++;
            break;
        case SSC_RE_OP_JUMP:
        case SSC_RE_OP_INFO:
            pattern += pattern[0];
            break;
        case SSC_RE_OP_FAILURE:
            RETURN_FAILURE;

        case SSC_RE_OP_BRANCH:
            /* <BRANCH> <0=skip> code <JUMP> ... <NULL> */
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                re_marks_push(st, CTX->lastmark);
            for (; pattern[0]; pattern += pattern[0]) {
                if (pattern[1] == SSC_RE_OP_LITERAL && (ptr >= end || re_char(st, ptr) != pattern[2]))
                    continue;
                if (pattern[1] == SSC_RE_OP_IN && (ptr >= end || !re_charset(pattern + 3, re_char(st, ptr))))
                    continue;
                st->ptr = ptr;
                DO_JUMP(RE_JUMP_BRANCH, jump_branch, pattern + 1);
                if (ret) {
                    if (st->repeat >= 0)
                        re_marks_pop(st, CTX->lastmark, 0, 1);
                    RETURN_ON_ERROR(ret);
                    RETURN_SUCCESS;
                }
                if (st->repeat >= 0)
                    re_marks_pop(st, CTX->lastmark, 1, 0);
                LASTMARK_RESTORE();
            }
            if (st->repeat >= 0)
                re_marks_pop(st, CTX->lastmark, 0, 1);
            RETURN_FAILURE;

        case SSC_RE_OP_REPEAT_ONE:
            /* <REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail */
            if ((int64_t)pattern[1] > end - ptr)
                RETURN_FAILURE;
            st->ptr = ptr;
            CTX->count = re_count(st, pattern + 3, ptr, pattern[2], &ptr);
            if ((int64_t)CTX->count < (int64_t)pattern[1])
                RETURN_FAILURE;
            if (pattern[pattern[0]] == SSC_RE_OP_SUCCESS && ptr == end &&
                !(CTX->toplevel && st->must_advance && ptr == st->start)) {
                st->ptr = ptr;
                RETURN_SUCCESS;
            }
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                re_marks_push(st, CTX->lastmark);
            if (pattern[pattern[0]] == SSC_RE_OP_LITERAL) {
                /* the tail starts with a literal: skip where it cannot match */
                CTX->u = (int32_t)pattern[pattern[0] + 1];
                for (;;) {
                    while ((int64_t)CTX->count >= (int64_t)pattern[1] &&
                           (ptr >= end || re_char(st, ptr) != (uint32_t)CTX->u)) {
                        ptr = re_prev(st, ptr);
                        CTX->count--;
                    }
                    if ((int64_t)CTX->count < (int64_t)pattern[1])
                        break;
                    st->ptr = ptr;
                    DO_JUMP(RE_JUMP_REPEAT_ONE_1, jump_repeat_one_1, pattern + pattern[0]);
                    if (ret) {
                        if (st->repeat >= 0)
                            re_marks_pop(st, CTX->lastmark, 0, 1);
                        RETURN_ON_ERROR(ret);
                        RETURN_SUCCESS;
                    }
                    if (st->repeat >= 0)
                        re_marks_pop(st, CTX->lastmark, 1, 0);
                    LASTMARK_RESTORE();
                    ptr = re_prev(st, ptr);
                    CTX->count--;
                }
            } else {
                while ((int64_t)CTX->count >= (int64_t)pattern[1]) {
                    st->ptr = ptr;
                    DO_JUMP(RE_JUMP_REPEAT_ONE_2, jump_repeat_one_2, pattern + pattern[0]);
                    if (ret) {
                        if (st->repeat >= 0)
                            re_marks_pop(st, CTX->lastmark, 0, 1);
                        RETURN_ON_ERROR(ret);
                        RETURN_SUCCESS;
                    }
                    if (st->repeat >= 0)
                        re_marks_pop(st, CTX->lastmark, 1, 0);
                    LASTMARK_RESTORE();
                    ptr = re_prev(st, ptr);
                    CTX->count--;
                }
            }
            if (st->repeat >= 0)
                re_marks_pop(st, CTX->lastmark, 0, 1);
            RETURN_FAILURE;

        case SSC_RE_OP_MIN_REPEAT_ONE:
            /* <MIN_REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail */
            if ((int64_t)pattern[1] > end - ptr)
                RETURN_FAILURE;
            st->ptr = ptr;
            if (pattern[1] == 0) {
                CTX->count = 0;
            } else {
                int32_t n = re_count(st, pattern + 3, ptr, pattern[1], &ptr);
                if ((int64_t)n < (int64_t)pattern[1])
                    RETURN_FAILURE;
                CTX->count = n;
            }
            if (pattern[pattern[0]] == SSC_RE_OP_SUCCESS &&
                !(CTX->toplevel && ((st->match_all && ptr != end) || (st->must_advance && ptr == st->start)))) {
                st->ptr = ptr;
                RETURN_SUCCESS;
            }
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                re_marks_push(st, CTX->lastmark);
            while (pattern[2] == RE_MAXREPEAT || (int64_t)CTX->count <= (int64_t)pattern[2]) {
                st->ptr = ptr;
                DO_JUMP(RE_JUMP_MIN_REPEAT_ONE, jump_min_repeat_one, pattern + pattern[0]);
                if (ret) {
                    if (st->repeat >= 0)
                        re_marks_pop(st, CTX->lastmark, 0, 1);
                    RETURN_ON_ERROR(ret);
                    RETURN_SUCCESS;
                }
                if (st->repeat >= 0)
                    re_marks_pop(st, CTX->lastmark, 1, 0);
                LASTMARK_RESTORE();
                st->ptr = ptr;
                if (re_count(st, pattern + 3, ptr, 1, &ptr) == 0)
                    break;
                CTX->count++;
            }
            if (st->repeat >= 0)
                re_marks_pop(st, CTX->lastmark, 0, 1);
            RETURN_FAILURE;

        case SSC_RE_OP_POSSESSIVE_REPEAT_ONE:
            /* <POSSESSIVE_REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail */
            if ((int64_t)pattern[1] > end - ptr)
                RETURN_FAILURE;
            st->ptr = ptr;
            CTX->count = re_count(st, pattern + 3, ptr, pattern[2], &ptr);
            if ((int64_t)CTX->count < (int64_t)pattern[1])
                RETURN_FAILURE;
            pattern += pattern[0];
            if (*pattern == SSC_RE_OP_SUCCESS && ptr == end &&
                !(CTX->toplevel && st->must_advance && ptr == st->start)) {
                st->ptr = ptr;
                RETURN_SUCCESS;
            }
            break;

        case SSC_RE_OP_REPEAT: {
            /* <REPEAT> <skip> <1=min> <2=max> item <UNTIL> tail; the repeat's
             * context lives on the stack until the jump returns */
            int32_t r = re_push(st, (int32_t)sizeof(re_rep));
            REP(r)->count = -1;
            REP(r)->pc = (int32_t)(pattern - code);
            REP(r)->prev = st->repeat;
            REP(r)->last_ptr = -1;
            st->repeat = r;
            CTX->u = r;
            st->ptr = ptr;
            DO_JUMP(RE_JUMP_REPEAT, jump_repeat, pattern + pattern[0]);
            st->repeat = REP(CTX->u)->prev;
            st->sp = CTX->u;
            if (ret) {
                RETURN_ON_ERROR(ret);
                RETURN_SUCCESS;
            }
            RETURN_FAILURE;
        }

        case SSC_RE_OP_MAX_UNTIL: {
            /* <REPEAT> <skip> <1=min> <2=max> item <MAX_UNTIL> tail */
            if (st->repeat < 0)
                return RE_ERROR_STATE;
            CTX->u = st->repeat;
            st->ptr = ptr;
            CTX->count = REP(CTX->u)->count + 1;
            const uint32_t *rp = code + REP(CTX->u)->pc;
            if ((int64_t)CTX->count < (int64_t)rp[1]) {
                /* not enough matches */
                REP(CTX->u)->count = CTX->count;
                DO_JUMP(RE_JUMP_MAX_UNTIL_1, jump_max_until_1, code + REP(CTX->u)->pc + 3);
                if (ret) {
                    RETURN_ON_ERROR(ret);
                    RETURN_SUCCESS;
                }
                REP(CTX->u)->count = CTX->count - 1;
                st->ptr = ptr;
                RETURN_FAILURE;
            }
            if (((int64_t)CTX->count < (int64_t)rp[2] || rp[2] == RE_MAXREPEAT) && st->ptr != REP(CTX->u)->last_ptr) {
                /* enough matches, but match another item if we can */
                REP(CTX->u)->count = CTX->count;
                LASTMARK_SAVE();
                re_marks_push(st, CTX->lastmark);
                re_int_push(st, REP(CTX->u)->last_ptr);
                REP(CTX->u)->last_ptr = st->ptr;
                DO_JUMP(RE_JUMP_MAX_UNTIL_2, jump_max_until_2, code + REP(CTX->u)->pc + 3);
                REP(CTX->u)->last_ptr = re_int_pop(st);
                if (ret) {
                    re_marks_pop(st, CTX->lastmark, 0, 1);
                    RETURN_ON_ERROR(ret);
                    RETURN_SUCCESS;
                }
                re_marks_pop(st, CTX->lastmark, 1, 1);
                LASTMARK_RESTORE();
                REP(CTX->u)->count = CTX->count - 1;
                st->ptr = ptr;
            }
            /* no more items here: the tail must match */
            st->repeat = REP(CTX->u)->prev;
            DO_JUMP(RE_JUMP_MAX_UNTIL_3, jump_max_until_3, pattern);
            st->repeat = CTX->u;
            RETURN_ON_ERROR(ret);
            if (ret)
                RETURN_SUCCESS;
            st->ptr = ptr;
            RETURN_FAILURE;
        }

        case SSC_RE_OP_MIN_UNTIL: {
            if (st->repeat < 0)
                return RE_ERROR_STATE;
            CTX->u = st->repeat;
            st->ptr = ptr;
            CTX->count = REP(CTX->u)->count + 1;
            if ((int64_t)CTX->count < (int64_t)code[REP(CTX->u)->pc + 1]) {
                /* not enough matches */
                REP(CTX->u)->count = CTX->count;
                DO_JUMP(RE_JUMP_MIN_UNTIL_1, jump_min_until_1, code + REP(CTX->u)->pc + 3);
                if (ret) {
                    RETURN_ON_ERROR(ret);
                    RETURN_SUCCESS;
                }
                REP(CTX->u)->count = CTX->count - 1;
                st->ptr = ptr;
                RETURN_FAILURE;
            }
            /* see if the tail matches */
            st->repeat = REP(CTX->u)->prev;
            LASTMARK_SAVE();
            if (st->repeat >= 0)
                re_marks_push(st, CTX->lastmark);
            DO_JUMP(RE_JUMP_MIN_UNTIL_2, jump_min_until_2, pattern);
            {
                int32_t repeat_of_tail = st->repeat;
                st->repeat = CTX->u;
                if (ret) {
                    if (repeat_of_tail >= 0)
                        re_marks_pop(st, CTX->lastmark, 0, 1);
                    RETURN_ON_ERROR(ret);
                    RETURN_SUCCESS;
                }
                if (repeat_of_tail >= 0)
                    re_marks_pop(st, CTX->lastmark, 1, 1);
            }
            LASTMARK_RESTORE();
            st->ptr = ptr;
            {
                const uint32_t *rp = code + REP(CTX->u)->pc;
                if (((int64_t)CTX->count >= (int64_t)rp[2] && rp[2] != RE_MAXREPEAT) ||
                    st->ptr == REP(CTX->u)->last_ptr)
                    RETURN_FAILURE;
            }
            REP(CTX->u)->count = CTX->count;
            re_int_push(st, REP(CTX->u)->last_ptr);
            REP(CTX->u)->last_ptr = st->ptr;
            DO_JUMP(RE_JUMP_MIN_UNTIL_3, jump_min_until_3, code + REP(CTX->u)->pc + 3);
            REP(CTX->u)->last_ptr = re_int_pop(st);
            if (ret) {
                RETURN_ON_ERROR(ret);
                RETURN_SUCCESS;
            }
            REP(CTX->u)->count = CTX->count - 1;
            st->ptr = ptr;
            RETURN_FAILURE;
        }

        case SSC_RE_OP_POSSESSIVE_REPEAT:
            /* <POSSESSIVE_REPEAT> <skip> <1=min> <2=max> pattern <SUCCESS> tail */
            st->ptr = ptr;
            CTX->count = 0;
            while ((int64_t)CTX->count < (int64_t)pattern[1]) {
                DO_JUMP0(RE_JUMP_POSS_REPEAT_1, jump_poss_repeat_1, pattern + 3);
                if (ret) {
                    RETURN_ON_ERROR(ret);
                    CTX->count++;
                } else {
                    st->ptr = ptr;
                    RETURN_FAILURE;
                }
            }
            ptr = -1;
            while (((int64_t)CTX->count < (int64_t)pattern[2] || pattern[2] == RE_MAXREPEAT) && st->ptr != ptr) {
                LASTMARK_SAVE();
                re_marks_push(st, CTX->lastmark);
                ptr = st->ptr;
                DO_JUMP0(RE_JUMP_POSS_REPEAT_2, jump_poss_repeat_2, pattern + 3);
                if (ret) {
                    re_marks_pop(st, CTX->lastmark, 0, 1);
                    RETURN_ON_ERROR(ret);
                    CTX->count++;
                } else {
                    re_marks_pop(st, CTX->lastmark, 1, 1);
                    LASTMARK_RESTORE();
                    st->ptr = ptr;
                    break;
                }
            }
            pattern += pattern[0] + 1;
            ptr = st->ptr;
            break;

        case SSC_RE_OP_ATOMIC_GROUP:
            /* <ATOMIC_GROUP> <skip> pattern <SUCCESS> tail */
            st->ptr = ptr;
            DO_JUMP0(RE_JUMP_ATOMIC_GROUP, jump_atomic_group, pattern + 1);
            RETURN_ON_ERROR(ret);
            if (ret == 0) {
                st->ptr = ptr;
                RETURN_FAILURE;
            }
            pattern += pattern[0];
            ptr = st->ptr;
            break;

        case SSC_RE_OP_GROUPREF:
        case SSC_RE_OP_GROUPREF_IGNORE:
        case SSC_RE_OP_GROUPREF_UNI_IGNORE:
        case SSC_RE_OP_GROUPREF_LOC_IGNORE:
            if (!re_groupref(st, pattern[0], ptr, re_groupref_fold(pattern[-1]), &after))
                RETURN_FAILURE;
            ptr = after;
            pattern++;
            break;

        case SSC_RE_OP_GROUPREF_EXISTS: {
            /* <GROUPREF_EXISTS> <group> <skip> codeyes <JUMP> codeno ... */
            int32_t i = (int32_t)pattern[0] * 2;
            if (i >= st->lastmark || st->mark[i] < 0 || st->mark[i + 1] < 0 || st->mark[i + 1] < st->mark[i])
                pattern += pattern[1];
            else
                pattern += 2;
            break;
        }

        case SSC_RE_OP_ASSERT: {
            /* <ASSERT> <skip> <back> <pattern> */
            int32_t from;
            if (!re_back(st, ptr, pattern[1], &from))
                RETURN_FAILURE;
            st->ptr = from;
            DO_JUMP0(RE_JUMP_ASSERT, jump_assert, pattern + 2);
            RETURN_ON_ERROR(ret);
            if (!ret)
                RETURN_FAILURE;
            pattern += pattern[0];
            break;
        }

        case SSC_RE_OP_ASSERT_NOT: {
            /* <ASSERT_NOT> <skip> <back> <pattern> */
            int32_t from;
            if (re_back(st, ptr, pattern[1], &from)) {
                st->ptr = from;
                LASTMARK_SAVE();
                if (st->repeat >= 0)
                    re_marks_push(st, CTX->lastmark);
                DO_JUMP0(RE_JUMP_ASSERT_NOT, jump_assert_not, pattern + 2);
                if (ret) {
                    if (st->repeat >= 0)
                        re_marks_pop(st, CTX->lastmark, 0, 1);
                    RETURN_ON_ERROR(ret);
                    RETURN_FAILURE;
                }
                if (st->repeat >= 0)
                    re_marks_pop(st, CTX->lastmark, 1, 1);
                LASTMARK_RESTORE();
            }
            pattern += pattern[0];
            break;
        }

        default:
            return RE_ERROR_STATE;
        }
    }

leave:
    {
        int32_t parent = CTX->parent, jump = CTX->jump;
        st->sp = ctx_pos;
        if (parent < 0)
            return ret;
        ctx_pos = parent;
        switch (jump) {
        case RE_JUMP_MAX_UNTIL_1: goto jump_max_until_1;
        case RE_JUMP_MAX_UNTIL_2: goto jump_max_until_2;
        case RE_JUMP_MAX_UNTIL_3: goto jump_max_until_3;
        case RE_JUMP_MIN_UNTIL_1: goto jump_min_until_1;
        case RE_JUMP_MIN_UNTIL_2: goto jump_min_until_2;
        case RE_JUMP_MIN_UNTIL_3: goto jump_min_until_3;
        case RE_JUMP_REPEAT: goto jump_repeat;
        case RE_JUMP_REPEAT_ONE_1: goto jump_repeat_one_1;
        case RE_JUMP_REPEAT_ONE_2: goto jump_repeat_one_2;
        case RE_JUMP_MIN_REPEAT_ONE: goto jump_min_repeat_one;
        case RE_JUMP_BRANCH: goto jump_branch;
        case RE_JUMP_ASSERT: goto jump_assert;
        case RE_JUMP_ASSERT_NOT: goto jump_assert_not;
        case RE_JUMP_POSS_REPEAT_1: goto jump_poss_repeat_1;
        case RE_JUMP_POSS_REPEAT_2: goto jump_poss_repeat_2;
        case RE_JUMP_ATOMIC_GROUP: goto jump_atomic_group;
        }
        return ret;
    }
}

/* ---- SRE(search), and the entry of every match -------------------------------- */

static void re_reset(ssc_re_state *st) {
    st->lastmark = st->lastindex = -1;
    st->repeat = -1;
    st->sp = 0;
}

/* The first character of the INFO block's literal prefix, as the byte its
 * encoding starts with: positions without it are skipped. */
static int32_t re_prefix_skip(const ssc_re_state *st, uint32_t c, int32_t ptr) {
    uint8_t lead = st->utf8 ? (c < 0x80 ? (uint8_t)c : c < 0x800 ? (uint8_t)(0xc0 | (c >> 6))
                               : c < 0x10000 ? (uint8_t)(0xe0 | (c >> 12)) : (uint8_t)(0xf0 | (c >> 18)))
                            : (uint8_t)c;
    if (!st->utf8 && c > 0xff)
        return st->end;
    for (;;) {
        int32_t at = ssc_memchr(st->str + ptr, st->end - ptr, lead);
        if (at < 0)
            return st->end;
        ptr += at;
        if (c < 0x80 || !st->utf8 || re_char(st, ptr) == c)
            return ptr;
        ptr++;
        while (ptr < st->end && SST_CONT(st->str[ptr]))
            ptr++;
    }
}

/* The next position from ptr whose byte may start a match (first: a set of
 * 256 bits, regex/firstbytes.py), or end. Continuation bytes are never in
 * the set of a str pattern, so the position found starts a character. */
static int32_t re_first_skip(const ssc_re_state *st, const uint32_t *first, int32_t ptr) {
    while (ptr < st->end && !(first[st->str[ptr] >> 5] >> (st->str[ptr] & 31) & 1))
        ptr++;
    return ptr;
}

static int32_t re_search(ssc_re_state *st, const ssc_re_pattern *p) {
    int32_t ptr = st->start, end = st->end, status;
    const uint32_t *code = p->code, *first = p->first;
    const uint32_t *pattern = code;
    uint32_t flags = 0;
    const uint32_t *charset = 0;
    if (ptr > end)
        return 0;
    if (p->required >= 0 && ssc_memchr(st->str + ptr, end - ptr, (uint8_t)p->required) < 0)
        return 0;       /* every match holds this byte, and the rest of the subject has none */
    if (pattern[0] == SSC_RE_OP_INFO) {
        /* <INFO> <1=skip> <2=flags> <3=min> <4=max> <5=prefix info> */
        flags = pattern[2];
        if (pattern[3] && (uint32_t)(end - ptr) < pattern[3])
            return 0;
        if (flags & SSC_RE_INFO_CHARSET)
            charset = pattern + 5;
        pattern += 1 + pattern[1];
    }
    if (flags & SSC_RE_INFO_PREFIX) {
        /* the pattern starts with a literal prefix: no match can be empty */
        uint32_t first = code[7];
        st->must_advance = 0;
        for (ptr = re_prefix_skip(st, first, ptr); ptr < end; ptr = re_prefix_skip(st, first, re_next(st, ptr))) {
            re_reset(st);
            st->start = st->ptr = ptr;
            status = re_match(st, code, pattern, 0);
            if (status != 0)
                return status;
        }
        return 0;
    }
    if (charset) {
        st->must_advance = 0;
        for (; ptr < end; ptr = re_next(st, ptr)) {
            if (!re_charset(charset, re_char(st, ptr)))
                continue;
            re_reset(st);
            st->start = st->ptr = ptr;
            status = re_match(st, code, pattern, 0);
            if (status != 0)
                return status;
        }
        return 0;
    }
    re_reset(st);
    st->start = st->ptr = ptr;
    status = re_match(st, code, pattern, 1);
    st->must_advance = 0;
    if (status == 0 && pattern[0] == SSC_RE_OP_AT &&
        (pattern[1] == SSC_RE_AT_BEGINNING || pattern[1] == SSC_RE_AT_BEGINNING_STRING))
        return 0;
    while (status == 0 && ptr < end) {
        ptr = re_next(st, ptr);
        if (first && (ptr = re_first_skip(st, first, ptr)) >= end)
            break;
        re_reset(st);
        st->start = st->ptr = ptr;
        status = re_match(st, code, pattern, 0);
    }
    return status;
}

int32_t ssc_re_vm(ssc_re_state *st, const ssc_re_pattern *p) {
    const uint32_t *code = p->code;
    if (st->search)
        return re_search(st, p);
    re_reset(st);
    st->ptr = st->start;
    return re_match(st, code, code, 1);
}

/* ---- matches, and the scanner every operation runs on ------------------------ */

/* The descriptors of re.Pattern and re.Match values (pointers). */
const ssc_type ssc_type_re_pattern = {SSC_T_PATTERN, 4, 0, NULL, {NULL}};
const ssc_type ssc_type_re_match = {SSC_T_MATCH, 4, 0, NULL, {NULL}};

/* A search through a subject (sre.c's state plus its ScannerObject). */
struct ssc_re_scanner {
    ssc_re_state st;
    const ssc_re_pattern *re;
    int32_t n;
    int32_t pos, endpos;
    int32_t done;
};

/* The byte offset of code point k of s (k clamped to [0, len]); *clamped: k clamped. */
static int32_t re_offset(const uint8_t *s, int32_t n, int utf8, int64_t k, int32_t *clamped) {
    if (k <= 0) {
        *clamped = 0;
        return 0;
    }
    if (!utf8) {
        *clamped = k > n ? n : (int32_t)k;
        return *clamped;
    }
    int32_t at = 0, count = 0;
    while (count < k && at < n) {
        at += sst_seq_len(s[at]);
        count++;
    }
    *clamped = count;
    return at;
}

/* The code point index of byte offset `at` of the subject. */
static int64_t re_index(const ssc_re_match *m, int32_t at) {
    if (at < 0 || m->re->isbytes)
        return at;
    return sst_count(m->string.ptr, at);
}

static void re_scanner_init(ssc_re_scanner *sc, const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos,
                            int64_t endpos) {
    ssc_re_state *st = &sc->st;
    int utf8 = !p->isbytes;
    memset(sc, 0, sizeof *sc);
    sc->re = p;
    sc->n = n;
    st->str = s;
    st->utf8 = utf8;
    st->start = re_offset(s, n, utf8, pos, &sc->pos);
    if (endpos >= n) {
        st->end = n;
        sc->endpos = -1;
    } else {
        st->end = re_offset(s, n, utf8, endpos, &sc->endpos);
    }
    st->mark = ssc_alloc((uint32_t)(p->groups * 8 + 8));
    st->cap = 512;
    st->stack = ssc_alloc((uint32_t)st->cap);
    st->repeat = -1;
    st->lastmark = st->lastindex = -1;
}

typedef int32_t (*re_exec_fn)(ssc_re_state *, const ssc_re_pattern *);

/* One search (or match) from st.start: 1 found, 0 none, -1 raised. */
static int32_t re_exec(ssc_re_scanner *sc, int search, int match_all) {
    ssc_re_state *st = &sc->st;
    st->search = search;
    st->match_all = match_all;
    st->lastmark = st->lastindex = -1;
    st->repeat = -1;
    st->sp = 0;
    int32_t status = ((re_exec_fn)sc->re->exec)(st, sc->re);
    if (SSC_UNLIKELY(status < 0)) {
        ssc_raise_cstr(SSC_EXC_RuntimeError, "internal error in regular expression engine");
        return SSC_RAISED;
    }
    return status;
}

/* The match object of the match just found (pattern_new_match). */
static ssc_re_match *re_new_match(const ssc_re_scanner *sc) {
    const ssc_re_state *st = &sc->st;
    int32_t groups = sc->re->groups;
    ssc_re_match *m = ssc_alloc((uint32_t)(sizeof(ssc_re_match) + (size_t)groups * 8));
    m->re = sc->re;
    m->string.ptr = st->str;
    m->string.len = sc->n;
    m->pos = sc->pos;
    m->endpos = sc->endpos;
    m->lastindex = st->lastindex >= 0 ? st->lastindex : -1;
    m->mark[0] = st->start;
    m->mark[1] = st->ptr;
    for (int32_t i = 0, j = 0; i < groups; i++, j += 2) {
        int taken = j + 1 <= st->lastmark && st->mark[j] >= 0 && st->mark[j + 1] >= 0;
        m->mark[j + 2] = taken ? st->mark[j] : -1;
        m->mark[j + 3] = taken ? st->mark[j + 1] : -1;
    }
    return m;
}

/* After a match, the next search starts where it ended; after an empty one
 * it may not be empty there again (sre's must_advance). */
static void re_advance(ssc_re_scanner *sc) {
    sc->st.must_advance = sc->st.ptr == sc->st.start;
    sc->st.start = sc->st.ptr;
}

/* state_getslice: group g's text of the match just found, or NULL when it
 * did not take part (with `empty`: the empty string then). */
static int re_state_group(const ssc_re_state *st, int32_t g, ssc_bytes *out) {
    int32_t i = (g - 1) * 2;
    if (i >= st->lastmark || st->mark[i] < 0 || st->mark[i + 1] < 0) {
        out->ptr = st->str;
        out->len = 0;
        return 0;
    }
    out->ptr = st->str + st->mark[i];
    out->len = st->mark[i + 1] - st->mark[i];
    return 1;
}

typedef struct {
    uint8_t present;
    ssc_re_match *m;
} re_opt_match;

static int32_t re_match_call(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos, int64_t endpos,
                             int search, int match_all, void *out) {
    ssc_re_scanner sc;
    re_scanner_init(&sc, p, s, n, pos, endpos);
    int32_t status = re_exec(&sc, search, match_all);
    if (status < 0)
        return SSC_RAISED;
    re_opt_match result = {(uint8_t)status, status ? re_new_match(&sc) : 0};
    memcpy(out, &result, sizeof result);
    return SSC_OK;
}

int32_t ssc_re_p_match(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos, int64_t endpos, void *out) {
    return re_match_call(p, s, n, pos, endpos, 0, 0, out);
}

int32_t ssc_re_p_fullmatch(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos, int64_t endpos,
                         void *out) {
    return re_match_call(p, s, n, pos, endpos, 0, 1, out);
}

int32_t ssc_re_p_search(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos, int64_t endpos, void *out) {
    return re_match_call(p, s, n, pos, endpos, 1, 0, out);
}

ssc_re_scanner *ssc_re_scanner_new(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos,
                                   int64_t endpos) {
    ssc_re_scanner *sc = ssc_alloc(sizeof *sc);
    re_scanner_init(sc, p, s, n, pos, endpos);
    return sc;
}

int32_t ssc_re_scanner_next(ssc_re_scanner *sc, ssc_re_match **out) {
    if (sc->done || sc->st.start > sc->st.end)
        return 0;
    int32_t status = re_exec(sc, 1, 0);
    if (status <= 0) {
        sc->done = 1;
        return status;
    }
    *out = re_new_match(sc);
    re_advance(sc);
    return 1;
}

/* ---- findall, sub, split, escape ------------------------------------------------ */

int32_t ssc_re_p_findall(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos, int64_t endpos,
                       const ssc_type *elem, ssc_list **out) {
    ssc_re_scanner sc;
    re_scanner_init(&sc, p, s, n, pos, endpos);
    ssc_list *list = ssc_list_new(elem, 0);
    int32_t groups = p->groups;
    ssc_bytes *item = ssc_alloc((uint32_t)(groups > 1 ? groups : 1) * sizeof(ssc_bytes));
    while (sc.st.start <= sc.st.end) {
        int32_t status = re_exec(&sc, 1, 0);
        if (status < 0)
            return SSC_RAISED;
        if (status == 0)
            break;
        if (groups == 0) {
            item[0].ptr = s + sc.st.start;
            item[0].len = sc.st.ptr - sc.st.start;
        }
        for (int32_t g = 1; g <= groups; g++)
            re_state_group(&sc.st, g, &item[g - 1]);
        ssc_list_append(list, item);
        re_advance(&sc);
    }
    *out = list;
    return SSC_OK;
}

/* The text of a template for the match just found (expand_template): its
 * literals, and each group's text (empty when the group did not take part). */
static void re_expand_into(ssc_buf *b, const ssc_re_template *t, const ssc_re_state *st, const ssc_re_match *m) {
    for (int32_t i = 0; i < t->count; i++) {
        const ssc_re_piece *piece = &t->pieces[i];
        if (piece->group < 0) {
            ssc_buf_put(b, piece->literal.ptr, piece->literal.len);
        } else if (m) {
            int32_t from = m->mark[2 * piece->group], to = m->mark[2 * piece->group + 1];
            if (from >= 0)
                ssc_buf_put(b, m->string.ptr + from, to - from);
        } else if (piece->group == 0) {
            ssc_buf_put(b, st->str + st->start, st->ptr - st->start);
        } else {
            ssc_bytes text;
            re_state_group(st, piece->group, &text);
            ssc_buf_put(b, text.ptr, text.len);
        }
    }
}

/* A function of the program that sub() calls with each match: py.NAME(&result, m). */
typedef int32_t (*re_repl_fn)(ssc_bytes *out, const ssc_re_match *m);

/* What replaces the match just found: the template's text, or the function's result. */
static int32_t re_replacement(ssc_buf *b, ssc_re_scanner *sc, const ssc_re_template *t, const void *fn) {
    if (t) {
        re_expand_into(b, t, &sc->st, 0);
        return SSC_OK;
    }
    ssc_bytes text;
    if (ssc_call_enter() < 0)
        return SSC_RAISED;
    int32_t status = ((re_repl_fn)fn)(&text, re_new_match(sc));
    ssc_call_leave();
    if (status < 0)
        return SSC_RAISED;
    ssc_buf_put(b, text.ptr, text.len);
    return SSC_OK;
}

/* pattern_subx: the subject with each match (at most count, all for 0) replaced. */
static int32_t re_sub(const ssc_re_pattern *p, const ssc_re_template *t, const void *fn, const uint8_t *s, int32_t n,
                      int64_t count, ssc_bytes *out, int64_t *subs) {
    ssc_re_scanner sc;
    re_scanner_init(&sc, p, s, n, 0, n);
    ssc_buf b;
    ssc_buf_init(&b, n + 16);
    int64_t done = 0;
    int32_t copied = 0;
    while (count == 0 || done < count) {
        if (sc.st.start > sc.st.end)
            break;
        int32_t status = re_exec(&sc, 1, 0);
        if (status < 0)
            return SSC_RAISED;
        if (status == 0)
            break;
        ssc_buf_put(&b, s + copied, sc.st.start - copied);
        if (re_replacement(&b, &sc, t, fn) < 0)
            return SSC_RAISED;
        copied = sc.st.ptr;
        done++;
        re_advance(&sc);
    }
    ssc_buf_put(&b, s + copied, n - copied);
    out->ptr = b.ptr;
    out->len = b.len;
    *subs = done;
    return SSC_OK;
}

int32_t ssc_re_p_subn(const ssc_re_pattern *p, const ssc_re_template *t, const uint8_t *s, int32_t n, int64_t count,
                      ssc_bytes *out, int64_t *subs) {
    return re_sub(p, t, 0, s, n, count, out, subs);
}

int32_t ssc_re_p_sub_fn(const ssc_re_pattern *p, const void *fn, const uint8_t *s, int32_t n, int64_t count,
                        ssc_bytes *out, int64_t *subs) {
    return re_sub(p, 0, fn, s, n, count, out, subs);
}

/* The items of split: each piece between matches, and the groups of each match
 * (None, or '' for a list of str, where a group did not take part). */
static void re_split_put(ssc_list *list, int optional, const uint8_t *p, int32_t len, int present) {
    struct {
        uint8_t present;
        ssc_bytes text;
    } item = {(uint8_t)present, {p, len}};
    if (optional)
        ssc_list_append(list, &item);
    else
        ssc_list_append(list, &item.text);
}

int32_t ssc_re_p_split(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t maxsplit, const ssc_type *elem,
                     ssc_list **out) {
    ssc_re_scanner sc;
    re_scanner_init(&sc, p, s, n, 0, n);
    ssc_list *list = ssc_list_new(elem, 0);
    int optional = elem->kind == SSC_T_OPTIONAL;
    int64_t done = 0;
    int32_t last = 0;
    while (maxsplit == 0 || done < maxsplit) {
        if (sc.st.start > sc.st.end)
            break;
        int32_t status = re_exec(&sc, 1, 0);
        if (status < 0)
            return SSC_RAISED;
        if (status == 0)
            break;
        re_split_put(list, optional, s + last, sc.st.start - last, 1);
        for (int32_t g = 1; g <= p->groups; g++) {
            ssc_bytes text;
            int present = re_state_group(&sc.st, g, &text);
            re_split_put(list, optional, text.ptr, text.len, present);
        }
        done++;
        re_advance(&sc);
        last = sc.st.start;
    }
    re_split_put(list, optional, s + last, n - last, 1);
    *out = list;
    return SSC_OK;
}

/* re.escape: a backslash before each of ()[]{}?*+-|^$\.&~# and whitespace. */
static int32_t re_escape(const uint8_t *s, int32_t n, ssc_bytes *out) {
    static const char special[] = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
    ssc_buf b;
    ssc_buf_init(&b, n + n / 4 + 1);
    for (int32_t i = 0; i < n; i++) {
        for (const char *c = special; *c; c++) {
            if (s[i] == (uint8_t)*c) {
                ssc_buf_byte(&b, '\\');
                break;
            }
        }
        ssc_buf_byte(&b, s[i]);
    }
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}

int32_t ssc_re_escape_str(const uint8_t *s, int32_t n, ssc_bytes *out) { return re_escape(s, n, out); }
int32_t ssc_re_escape_bytes(const uint8_t *s, int32_t n, ssc_bytes *out) { return re_escape(s, n, out); }

/* ---- match objects ---------------------------------------------------------------- */

static SSC_COLD int32_t re_no_such_group(void) {
    ssc_raise_cstr(SSC_EXC_IndexError, "no such group");
    return SSC_RAISED;
}

typedef struct {
    uint8_t present;
    ssc_bytes text;
} re_opt_text;

/* m.group(g): the group's text, or None when it did not take part. */
int32_t ssc_re_m_group(const ssc_re_match *m, int64_t g, void *out) {
    if (g < 0 || g > m->re->groups)
        return re_no_such_group();
    re_opt_text result = {0, {m->string.ptr, 0}};
    int32_t from = m->mark[2 * g], to = m->mark[2 * g + 1];
    if (from >= 0) {
        result.present = 1;
        result.text.ptr = m->string.ptr + from;
        result.text.len = to - from;
    }
    memcpy(out, &result, sizeof result);
    return SSC_OK;
}

/* m.group(g) of a group that takes part in every match (the checker knows): its text. */
int32_t ssc_re_m_group_text(const ssc_re_match *m, int64_t g, ssc_bytes *out) {
    re_opt_text text;
    if (ssc_re_m_group(m, g, &text) < 0)
        return SSC_RAISED;
    *out = text.text;
    return SSC_OK;
}

/* The number of the group named `name` (IndexError "no such group"). */
int32_t ssc_re_m_index(const ssc_re_match *m, const uint8_t *name, int32_t n, int64_t *out) {
    for (int32_t i = 0; i < m->re->names_count; i++) {
        const ssc_re_name *entry = &m->re->names[i];
        if (entry->name.len == n && memcmp(entry->name.ptr, name, (size_t)n) == 0) {
            *out = entry->group;
            return SSC_OK;
        }
    }
    return re_no_such_group();
}

int32_t ssc_re_m_start(const ssc_re_match *m, int64_t g, int64_t *out) {
    if (g < 0 || g > m->re->groups)
        return re_no_such_group();
    *out = re_index(m, m->mark[2 * g]);
    return SSC_OK;
}

int32_t ssc_re_m_end(const ssc_re_match *m, int64_t g, int64_t *out) {
    if (g < 0 || g > m->re->groups)
        return re_no_such_group();
    *out = re_index(m, m->mark[2 * g + 1]);
    return SSC_OK;
}

int32_t ssc_re_m_span(const ssc_re_match *m, int64_t g, void *out) {
    int64_t span[2];
    if (ssc_re_m_start(m, g, &span[0]) < 0)
        return SSC_RAISED;
    span[1] = re_index(m, m->mark[2 * g + 1]);
    memcpy(out, span, sizeof span);
    return SSC_OK;
}

typedef struct {
    uint8_t present;
    int64_t value;
} re_opt_int;

int32_t ssc_re_m_lastindex(const ssc_re_match *m, void *out) {
    re_opt_int result = {m->lastindex >= 0, m->lastindex >= 0 ? m->lastindex : 0};
    memcpy(out, &result, sizeof result);
    return SSC_OK;
}

int32_t ssc_re_m_lastgroup(const ssc_re_match *m, void *out) {
    re_opt_text result = {0, {0, 0}};
    for (int32_t i = 0; m->lastindex >= 0 && i < m->re->names_count; i++) {
        if (m->re->names[i].group == m->lastindex) {
            result.present = 1;
            result.text = m->re->names[i].name;
        }
    }
    memcpy(out, &result, sizeof result);
    return SSC_OK;
}

int32_t ssc_re_m_string(const ssc_re_match *m, ssc_bytes *out) {
    *out = m->string;
    return SSC_OK;
}

int32_t ssc_re_m_pos(const ssc_re_match *m, int64_t *out) {
    *out = m->pos;
    return SSC_OK;
}

int32_t ssc_re_m_endpos(const ssc_re_match *m, int64_t *out) {
    *out = m->endpos >= 0 ? m->endpos : (m->re->isbytes ? m->string.len : sst_count(m->string.ptr, m->string.len));
    return SSC_OK;
}

int32_t ssc_re_m_re(const ssc_re_match *m, const ssc_re_pattern **out) {
    *out = m->re;
    return SSC_OK;
}

int32_t ssc_re_m_expand(const ssc_re_match *m, const ssc_re_template *t, ssc_bytes *out) {
    ssc_buf b;
    ssc_buf_init(&b, 32);
    re_expand_into(&b, t, 0, m);
    out->ptr = b.ptr;
    out->len = b.len;
    return SSC_OK;
}

/* m.groupdict(default): {name: text} of the named groups, in number order,
 * `value` being the values' type: bytes | None (or bytes, with a default)
 * for a bytes pattern; for a str pattern Any (ssc_re_m_groupdict_any), as
 * typeshed types it, since a program fills the dict with other values. */
int32_t ssc_re_m_groupdict(const ssc_re_match *m, const ssc_type *value, int32_t has_default, const uint8_t *dp,
                           int32_t dn, ssc_dict **out) {
    ssc_dict *d = ssc_dict_new(&ssc_type_str, value, m->re->names_count);
    for (int32_t i = 0; i < m->re->names_count; i++) {
        const ssc_re_name *entry = &m->re->names[i];
        re_opt_text text;
        ssc_re_m_group(m, entry->group, &text);
        if (!text.present && has_default) {
            text.present = 1;
            text.text.ptr = dp;
            text.text.len = dn;
        }
        if (ssc_dict_setitem_text(d, &entry->name, value->kind == SSC_T_OPTIONAL ? (const void *)&text
                                                                                  : (const void *)&text.text) < 0)
            return SSC_RAISED;
    }
    *out = d;
    return SSC_OK;
}

int32_t ssc_re_m_groupdict_any(const ssc_re_match *m, int32_t has_default, const uint8_t *dp, int32_t dn,
                               ssc_dict **out) {
    ssc_dict *d = ssc_dict_new(&ssc_type_str, &ssc_type_any, m->re->names_count);
    for (int32_t i = 0; i < m->re->names_count; i++) {
        const ssc_re_name *entry = &m->re->names[i];
        re_opt_text text;
        ssc_re_m_group(m, entry->group, &text);
        const ssc_any *value = text.present ? ssc_any_from_str(text.text.ptr, text.text.len)
                               : has_default ? ssc_any_from_str(dp, dn) : &ssc_any_none_box;
        if (ssc_dict_setitem_text(d, &entry->name, &value) < 0)
            return SSC_RAISED;
    }
    *out = d;
    return SSC_OK;
}
