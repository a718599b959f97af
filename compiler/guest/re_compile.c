/* ssc guest runtime: re.compile() of a pattern known only at run time (re.h).
 *
 * A pattern from init's params (Fluvio's regex filter) cannot be compiled
 * when ssc compiles the program. ssc_re_compile parses it as CPython's
 * re._parser does (the same tokens, the same errors, raised as re.error with
 * CPython's message and position) and emits sre's program as re._compiler
 * does, in one pass, for ssc_re_vm to run: the semantics are sre's.
 *
 * It covers literals and escapes (\d \w \s \b \A \Z and their negations,
 * \n \t \x41 \u00e9 \0), `.`, `^`, `$`, classes with ranges and negation,
 * groups (plain, named, non-capturing), alternation, greedy and lazy
 * repeats (`* + ? {m,n}`), and the flags I, M, S, X, A. Lookarounds,
 * backreferences, inline flags, conditionals, atomic groups and possessive
 * repeats raise ValueError naming the construct (docs/language.md): write
 * the pattern as a constant to have them. The program has no INFO block
 * (CPython's compile-time search hints), which changes no result.
 *
 * Everything is allocated in one block from the ssc_re_pattern on (`size`),
 * so that a pattern kept in module state moves as one piece.
 */

#define RC_MAXREPEAT 0xffffffffu
#define RC_FLAG_I 2
#define RC_FLAG_L 4
#define RC_FLAG_M 8
#define RC_FLAG_S 16
#define RC_FLAG_U 32
#define RC_FLAG_X 64
#define RC_FLAG_A 256

/* Characters of the pattern (code points, or bytes of a bytes pattern) and
 * CPython's Tokenizer over them: `next` is a char, or '\\' and the escaped
 * char (`esc`), starting at index `tell`; `end` at the end. */
typedef struct {
    const uint32_t *c;
    int32_t n;
    int32_t tell, index;      /* the next token's start, and where the one after it starts */
    uint32_t next, esc;
    int end;
    int32_t flags, isbytes, unicode, ignore, verbose;
    const uint8_t *text;      /* the pattern as given, for messages */
    int32_t text_len;
    uint32_t *code;           /* the program being emitted */
    int32_t len, cap;
    int32_t groups, open;     /* groups so far; a bit mask of open ones (first 31) */
    ssc_re_name *names;
    int32_t names_count, names_cap;
    int failed;
} rc_src;

static void rc_advance(rc_src *s);

/* re.error(msg, pattern, pos): CPython's message, with the line and column when the pattern has several lines. */
static void rc_error(rc_src *s, const char *msg, const uint32_t *quoted, int32_t quoted_n, int32_t pos) {
    if (s->failed)
        return;
    s->failed = 1;
    ssc_buf b;
    ssc_buf_init(&b, 64);
    ssc_buf_cstr(&b, msg);
    for (int32_t i = 0; i < quoted_n; i++) {
        uint32_t c = quoted[i];
        if (s->isbytes && c >= 0x80) {
            ssc_buf_cstr(&b, "\\x");
            ssc_buf_hex2(&b, (uint8_t)c);
        } else {
            uint8_t tmp[4];
            ssc_buf_put(&b, tmp, sst_encode(c, tmp));
        }
    }
    ssc_buf_cstr(&b, " at position ");
    ssc_buf_i64(&b, pos);
    int32_t line = 1, col = pos + 1, lines = 0;
    for (int32_t i = 0; i < s->n; i++) {
        if (s->c[i] == '\n') {
            lines = 1;
            if (i < pos) {
                line++;
                col = pos - i;
            }
        }
    }
    if (lines) {
        ssc_buf_cstr(&b, " (line ");
        ssc_buf_i64(&b, line);
        ssc_buf_cstr(&b, ", column ");
        ssc_buf_i64(&b, col);
        ssc_buf_byte(&b, ')');
    }
    ssc_raise_buf(SSC_EXC_error, &b);
}

static void rc_refuse(rc_src *s, const char *what) {
    if (s->failed)
        return;
    s->failed = 1;
    ssc_buf b;
    ssc_buf_init(&b, 96);
    ssc_buf_cstr(&b, what);
    ssc_buf_cstr(&b, " in a pattern made at run time is not supported by ssc: make the pattern a constant");
    ssc_raise_buf(SSC_EXC_ValueError, &b);
}

static void rc_advance(rc_src *s) {
    s->tell = s->index;
    if (s->index >= s->n) {
        s->end = 1;
        return;
    }
    s->next = s->c[s->index];
    s->esc = 0;
    if (s->next == '\\') {
        if (s->index + 1 >= s->n) {
            rc_error(s, "bad escape (end of pattern)", 0, 0, s->n - 1);
            s->end = 1;
            return;
        }
        s->esc = s->c[s->index + 1];
        s->index += 2;
    } else {
        s->index += 1;
    }
}

static int rc_match(rc_src *s, uint32_t c) {
    if (!s->end && s->next == c && !s->esc) {
        rc_advance(s);
        return 1;
    }
    return 0;
}

static int rc_is(const rc_src *s, uint32_t c) { return !s->end && !s->esc && s->next == c; }

/* ---- emitting sre's program ---------------------------------------------- */

static void rc_emit(rc_src *s, uint32_t w) {
    if (s->len == s->cap) {
        int32_t cap = s->cap * 2 + 16;
        uint32_t *grown = ssc_alloc((uint32_t)cap * 4);
        memcpy(grown, s->code, (size_t)s->len * 4);
        s->code = grown;
        s->cap = cap;
    }
    s->code[s->len++] = w;
}

/* Insert `k` words at `at` (the code after it moves: sre's jumps are relative). */
static void rc_insert(rc_src *s, int32_t at, const uint32_t *w, int32_t k) {
    for (int32_t i = 0; i < k; i++)
        rc_emit(s, 0);
    memmove(s->code + at + k, s->code + at, (size_t)(s->len - k - at) * 4);
    memcpy(s->code + at, w, (size_t)k * 4);
}

static uint32_t rc_lower(const rc_src *s, uint32_t c) { return s->unicode ? re_lower_uni(c) : re_lower_ascii(c); }

static int rc_cased(const rc_src *s, uint32_t c) {
    return s->unicode ? (re_lower_uni(c) != c || re_upper_uni(c) != c) : (re_lower_ascii(c) != c || re_upper_ascii(c) != c);
}

/* _EXTRA_CASES (re/_casefix.py): the other lowercase characters with the same uppercase as `lo`. */
static const uint32_t rc_fixes[][2] = SSC_RE_CASE_FIXES;

static int rc_fixed(uint32_t lo) {
    for (uint32_t i = 0; i < sizeof rc_fixes / sizeof rc_fixes[0]; i++)
        if (rc_fixes[i][0] == lo)
            return 1;
    return 0;
}

static void rc_emit_fixes(rc_src *s, uint32_t lo) {
    for (uint32_t i = 0; i < sizeof rc_fixes / sizeof rc_fixes[0]; i++)
        if (rc_fixes[i][0] == lo) {
            rc_emit(s, SSC_RE_OP_LITERAL);
            rc_emit(s, rc_fixes[i][1]);
        }
}

/* A literal (or NOT_LITERAL, negate) as _compiler._compile emits it under the flags. */
static void rc_literal(rc_src *s, uint32_t c, int negate) {
    if (!s->ignore || !rc_cased(s, c)) {
        rc_emit(s, negate ? SSC_RE_OP_NOT_LITERAL : SSC_RE_OP_LITERAL);
        rc_emit(s, c);
        return;
    }
    uint32_t lo = rc_lower(s, c);
    if (!s->unicode) {
        rc_emit(s, negate ? SSC_RE_OP_NOT_LITERAL_IGNORE : SSC_RE_OP_LITERAL_IGNORE);
        rc_emit(s, lo);
    } else if (!rc_fixed(lo)) {
        rc_emit(s, negate ? SSC_RE_OP_NOT_LITERAL_UNI_IGNORE : SSC_RE_OP_LITERAL_UNI_IGNORE);
        rc_emit(s, lo);
    } else {
        rc_emit(s, SSC_RE_OP_IN_UNI_IGNORE);
        int32_t skip = s->len;
        rc_emit(s, 0);
        if (negate)
            rc_emit(s, SSC_RE_OP_NEGATE);
        rc_emit(s, SSC_RE_OP_LITERAL);
        rc_emit(s, lo);
        rc_emit_fixes(s, lo);
        rc_emit(s, SSC_RE_OP_FAILURE);
        s->code[skip] = (uint32_t)(s->len - skip);
    }
}

static uint32_t rc_category(const rc_src *s, uint32_t esc) {
    uint32_t code = esc == 'd' ? SSC_RE_CATEGORY_DIGIT : esc == 'D' ? SSC_RE_CATEGORY_NOT_DIGIT
                  : esc == 's' ? SSC_RE_CATEGORY_SPACE : esc == 'S' ? SSC_RE_CATEGORY_NOT_SPACE
                  : esc == 'w' ? SSC_RE_CATEGORY_WORD : SSC_RE_CATEGORY_NOT_WORD;
    return s->unicode ? code + (SSC_RE_CATEGORY_UNI_DIGIT - SSC_RE_CATEGORY_DIGIT) : code;
}

/* ---- escapes (_parser._escape, _class_escape) ------------------------------ */

enum { RC_LITERAL, RC_CATEGORY, RC_AT, RC_NONE };

/* Hex digits after \x, \u, \U: exactly `k` of them. */
static int rc_hex(rc_src *s, int32_t k, uint32_t *value) {
    uint32_t v = 0;
    int32_t got = 0;
    while (got < k && s->index < s->n) {
        uint32_t d = s->c[s->index];
        uint32_t x = d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10
                   : d >= 'A' && d <= 'F' ? d - 'A' + 10 : 99;
        if (x == 99)
            break;
        v = v * 16 + x;
        got++;
        s->index++;
    }
    *value = v;
    return got == k;
}

/* The escape just read (s->esc, its backslash at s->tell before advancing): what it stands for. */
static int rc_escape(rc_src *s, int in_class, uint32_t *value) {
    uint32_t e = s->esc;
    int32_t start = s->tell;
    const uint32_t *quoted = s->c + start;
    switch (e) {
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        *value = rc_category(s, e);
        return RC_CATEGORY;
    case 'A': case 'Z': case 'B':
        if (in_class)
            break;
        *value = e == 'A' ? SSC_RE_AT_BEGINNING_STRING : e == 'Z' ? SSC_RE_AT_END_STRING
               : s->unicode ? SSC_RE_AT_UNI_NON_BOUNDARY : SSC_RE_AT_NON_BOUNDARY;
        return RC_AT;
    case 'b':
        if (in_class) {
            *value = 8;
            return RC_LITERAL;
        }
        *value = s->unicode ? SSC_RE_AT_UNI_BOUNDARY : SSC_RE_AT_BOUNDARY;
        return RC_AT;
    case 'a': *value = 7; return RC_LITERAL;
    case 'f': *value = 12; return RC_LITERAL;
    case 'n': *value = 10; return RC_LITERAL;
    case 'r': *value = 13; return RC_LITERAL;
    case 't': *value = 9; return RC_LITERAL;
    case 'v': *value = 11; return RC_LITERAL;
    case '\\': *value = '\\'; return RC_LITERAL;
    case 'x': case 'u': case 'U': {
        if (e != 'x' && s->isbytes)
            break;
        int32_t k = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        s->index = start + 2;
        int ok = rc_hex(s, k, value);
        rc_advance(s);
        if (!ok) {
            rc_error(s, "incomplete escape ", quoted, s->tell - start, start);
            return RC_NONE;
        }
        if (*value > 0x10ffff) {
            rc_error(s, "bad escape ", quoted, s->tell - start, start);
            return RC_NONE;
        }
        return -RC_LITERAL - 1;   /* already advanced */
    }
    case '0': {
        uint32_t v = 0;
        s->index = start + 2;
        for (int32_t k = 0; k < 2 && s->index < s->n && s->c[s->index] >= '0' && s->c[s->index] <= '7'; k++)
            v = v * 8 + (s->c[s->index++] - '0');
        rc_advance(s);
        *value = v;
        return -RC_LITERAL - 1;
    }
    default:
        if (e >= '1' && e <= '9') {
            rc_refuse(s, in_class ? "an octal escape" : "a backreference (\\1) or octal escape");
            return RC_NONE;
        }
        if (e == 'N' && !s->isbytes) {
            rc_refuse(s, "\\N{...}");
            return RC_NONE;
        }
        if (e < 0x80 && ((e | 32) >= 'a' && (e | 32) <= 'z'))
            break;
        *value = e;
        return RC_LITERAL;
    }
    rc_error(s, "bad escape ", quoted, 2, start);
    return RC_NONE;
}

/* ---- classes ------------------------------------------------------------- */

typedef struct {
    uint32_t op, a, b;    /* LITERAL a, RANGE a-b, CATEGORY a */
} rc_member;

static int rc_class_cased(const rc_src *s, const rc_member *it) {
    if (it->op == SSC_RE_OP_LITERAL)
        return rc_cased(s, it->a);
    if (it->op != SSC_RE_OP_RANGE)
        return 0;
    for (uint32_t c = it->a; c <= it->b; c++) {
        if (c - it->a > 0x3000)
            return 1;
        if (rc_cased(s, c))
            return 1;
    }
    return 0;
}

/* A range under IGNORECASE, as _compiler._optimize_charset makes it: the lowercase of each
 * of its BMP characters (and their case fixes) as a set, emitted as runs; beyond the BMP,
 * RANGE_UNI_IGNORE of the whole range. */
static void rc_lowered_range(rc_src *s, uint32_t lo, uint32_t hi) {
    uint8_t *bits = ssc_alloc(0x10000 / 8);
    memset(bits, 0, 0x10000 / 8);
    for (uint32_t c = lo; c <= hi && c < 0x10000; c++) {
        uint32_t l = re_lower_uni(c);
        if (l >= 0x10000)
            continue;
        bits[l >> 3] |= (uint8_t)(1u << (l & 7));
        for (uint32_t i = 0; i < sizeof rc_fixes / sizeof rc_fixes[0]; i++)
            if (rc_fixes[i][0] == l)
                bits[rc_fixes[i][1] >> 3] |= (uint8_t)(1u << (rc_fixes[i][1] & 7));
    }
    for (uint32_t c = 0; c < 0x10000; c++) {
        if (!(bits[c >> 3] >> (c & 7) & 1))
            continue;
        uint32_t end = c;
        while (end + 1 < 0x10000 && bits[(end + 1) >> 3] >> ((end + 1) & 7) & 1)
            end++;
        if (end == c) {
            rc_emit(s, SSC_RE_OP_LITERAL);
            rc_emit(s, c);
        } else {
            rc_emit(s, SSC_RE_OP_RANGE);
            rc_emit(s, c);
            rc_emit(s, end);
        }
        c = end;
    }
    if (hi >= 0x10000) {
        rc_emit(s, SSC_RE_OP_RANGE_UNI_IGNORE);
        rc_emit(s, lo);
        rc_emit(s, hi);
    }
}

static void rc_emit_class(rc_src *s, const rc_member *items, int32_t n, int negate) {
    int cased = 0;
    for (int32_t i = 0; s->ignore && i < n; i++)
        cased |= rc_class_cased(s, &items[i]);
    if (n == 1 && items[0].op == SSC_RE_OP_LITERAL) {
        rc_literal(s, items[0].a, negate);
        return;
    }
    rc_emit(s, !cased ? SSC_RE_OP_IN : s->unicode ? SSC_RE_OP_IN_UNI_IGNORE : SSC_RE_OP_IN_IGNORE);
    int32_t skip = s->len;
    rc_emit(s, 0);
    if (negate)
        rc_emit(s, SSC_RE_OP_NEGATE);
    for (int32_t i = 0; i < n; i++) {
        const rc_member *it = &items[i];
        if (it->op == SSC_RE_OP_LITERAL && cased) {
            uint32_t lo = rc_lower(s, it->a);
            rc_emit(s, SSC_RE_OP_LITERAL);
            rc_emit(s, lo < 0x10000 ? lo : it->a);
            if (s->unicode && lo < 0x10000)
                rc_emit_fixes(s, lo);
        } else if (it->op == SSC_RE_OP_RANGE && cased && s->unicode) {
            rc_lowered_range(s, it->a, it->b);
        } else {
            rc_emit(s, it->op);
            rc_emit(s, it->a);
            if (it->op == SSC_RE_OP_RANGE) {
                rc_emit(s, it->b);
                if (cased && it->a <= 'Z' && it->b >= 'A') {      /* ASCII rules: the lowered letters too */
                    rc_emit(s, SSC_RE_OP_RANGE);
                    rc_emit(s, (it->a > 'A' ? it->a : 'A') + 32);
                    rc_emit(s, (it->b < 'Z' ? it->b : 'Z') + 32);
                }
            }
        }
    }
    rc_emit(s, SSC_RE_OP_FAILURE);
    s->code[skip] = (uint32_t)(s->len - skip);
}

/* One member token of a class: a literal or a category (`ok` 0 after an error). */
static int rc_class_token(rc_src *s, rc_member *it) {
    if (s->esc) {
        uint32_t v;
        int kind = rc_escape(s, 1, &v);
        if (kind == RC_NONE)
            return 0;
        if (kind >= 0)
            rc_advance(s);
        it->op = kind == RC_CATEGORY ? SSC_RE_OP_CATEGORY : SSC_RE_OP_LITERAL;
        it->a = v;
        return 1;
    }
    it->op = SSC_RE_OP_LITERAL;
    it->a = s->next;
    rc_advance(s);
    return 1;
}

/* `[...]`, the '[' consumed (at `here`). */
static void rc_class(rc_src *s, int32_t here) {
    int negate = rc_match(s, '^');
    int32_t n = 0, cap = 8;
    rc_member *items = ssc_alloc((uint32_t)cap * sizeof *items);
    for (;;) {
        if (s->end) {
            rc_error(s, "unterminated character set", 0, 0, here);
            return;
        }
        if (rc_is(s, ']') && n) {
            rc_advance(s);
            break;
        }
        int32_t this_at = s->tell;
        rc_member it;
        if (!rc_class_token(s, &it))
            return;
        int32_t this_len = s->tell - this_at;
        if (rc_is(s, '-')) {
            rc_advance(s);
            if (s->end) {
                rc_error(s, "unterminated character set", 0, 0, here);
                return;
            }
            if (rc_is(s, ']')) {
                if (n + 2 > cap) {
                    rc_member *grown = ssc_alloc((uint32_t)(cap * 2 + 2) * sizeof *items);
                    memcpy(grown, items, (size_t)n * sizeof *items);
                    items = grown;
                    cap = cap * 2 + 2;
                }
                items[n++] = it;
                items[n++] = (rc_member){SSC_RE_OP_LITERAL, '-', 0};
                rc_advance(s);
                break;
            }
            rc_member hi;
            if (!rc_class_token(s, &hi))
                return;
            if (it.op != SSC_RE_OP_LITERAL || hi.op != SSC_RE_OP_LITERAL || hi.a < it.a) {
                rc_error(s, "bad character range ", s->c + this_at, s->tell - this_at, this_at);
                return;
            }
            it = (rc_member){SSC_RE_OP_RANGE, it.a, hi.a};
        }
        (void)this_len;
        if (n == cap) {
            rc_member *grown = ssc_alloc((uint32_t)cap * 2 * sizeof *items);
            memcpy(grown, items, (size_t)n * sizeof *items);
            items = grown;
            cap *= 2;
        }
        items[n++] = it;
    }
    rc_emit_class(s, items, n, negate);
}

/* ---- items, repeats, groups, alternation (_parser._parse, _parse_sub) ------ */

enum { RC_ITEM_NONE, RC_ITEM_AT, RC_ITEM_REPEAT, RC_ITEM_ONE, RC_ITEM_OTHER };

static void rc_alternation(rc_src *s, int nested);

static int rc_digits(rc_src *s, uint32_t *value, int *big) {
    int got = 0;
    uint64_t v = 0;
    while (!s->end && !s->esc && s->next >= '0' && s->next <= '9') {
        v = v * 10 + (s->next - '0');
        if (v >= RC_MAXREPEAT)
            *big = 1, v = RC_MAXREPEAT;
        rc_advance(s);
        got = 1;
    }
    *value = (uint32_t)v;
    return got;
}

/* `{m,n}` after '{' (at `here`, just after it): 1 a repeat, 0 a literal '{' (the source put back). */
static int rc_braces(rc_src *s, int32_t here, uint32_t *min, uint32_t *max) {
    uint32_t lo = 0, hi = RC_MAXREPEAT;
    int big = 0, has_lo, has_hi;
    if (rc_is(s, '}'))
        return 0;
    has_lo = rc_digits(s, &lo, &big);
    if (rc_match(s, ',')) {
        has_hi = rc_digits(s, &hi, &big);
    } else {
        hi = lo;
        has_hi = has_lo;
    }
    if (!rc_match(s, '}')) {
        s->index = here;
        rc_advance(s);
        return 0;
    }
    if (big) {
        s->failed = 1;
        ssc_raise_cstr(SSC_EXC_OverflowError, "the repetition number is too large");
        return 1;
    }
    *min = has_lo ? lo : 0;
    *max = has_hi ? hi : RC_MAXREPEAT;
    if (*max < *min)
        rc_error(s, "min repeat greater than max repeat", 0, 0, here);
    return 1;
}

/* A repeat of the item at code[start..] (kind `kind`); the quantifier `q` read, at index `here`. */
static void rc_repeat(rc_src *s, uint32_t q, int32_t here, int32_t start, int *kind) {
    uint32_t min = 0, max = RC_MAXREPEAT;
    if (q == '?')
        max = 1;
    else if (q == '+')
        min = 1;
    else if (q == '{' && !rc_braces(s, here, &min, &max)) {
        rc_literal(s, '{', 0);
        *kind = RC_ITEM_ONE;
        return;
    }
    if (s->failed)
        return;
    if (*kind == RC_ITEM_NONE || *kind == RC_ITEM_AT) {
        rc_error(s, "nothing to repeat", 0, 0, here - 1);
        return;
    }
    if (*kind == RC_ITEM_REPEAT) {
        rc_error(s, "multiple repeat", 0, 0, here - 1);
        return;
    }
    int lazy = rc_match(s, '?');
#if SSC_PYTHON >= 311 /* 3.10 has no possessive repeats: its '+' is a "multiple repeat" */
    if (!lazy && rc_is(s, '+')) {
        rc_refuse(s, "a possessive repeat (*+, ++, ?+)");
        return;
    }
#endif
    int one = *kind == RC_ITEM_ONE;
    uint32_t head[4] = {one ? (lazy ? SSC_RE_OP_MIN_REPEAT_ONE : SSC_RE_OP_REPEAT_ONE) : SSC_RE_OP_REPEAT, 0, min,
                        max};
    rc_insert(s, start, head, 4);
    if (one)
        rc_emit(s, SSC_RE_OP_SUCCESS);
    s->code[start + 1] = (uint32_t)(s->len - (start + 1));
    if (!one)
        rc_emit(s, lazy ? SSC_RE_OP_MIN_UNTIL : SSC_RE_OP_MAX_UNTIL);
    *kind = RC_ITEM_REPEAT;
}

static int rc_name_char(uint32_t c, int first) {
    if (c == '_' || (c | 32) - 'a' < 26u)
        return 1;
    if (c >= 0x80)
        return re_uni_alnum(c);
    return !first && c - '0' < 10u;
}

/* repr() of a name: quotes, and escapes for the backslash, the quote and control characters. */
static void rc_put_repr(const rc_src *s, ssc_buf *b, const uint32_t *c, int32_t n) {
    int single = 0, twice = 0;
    for (int32_t i = 0; i < n; i++)
        single |= c[i] == '\'', twice |= c[i] == '"';
    uint8_t quote = single && !twice ? '"' : '\'';
    ssc_buf_byte(b, quote);
    for (int32_t i = 0; i < n; i++) {
        uint32_t ch = c[i];
        if (ch == '\\' || ch == quote) {
            ssc_buf_byte(b, '\\');
            ssc_buf_byte(b, (uint8_t)ch);
        } else if (ch == '\n' || ch == '\r' || ch == '\t') {
            ssc_buf_byte(b, '\\');
            ssc_buf_byte(b, ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't');
        } else if (ch < 0x20 || ch == 0x7f || (s->isbytes && ch >= 0x80)) {
            ssc_buf_cstr(b, "\\x");
            ssc_buf_hex2(b, (uint8_t)ch);
        } else {
            uint8_t tmp[4];
            ssc_buf_put(b, tmp, sst_encode(ch, tmp));
        }
    }
    ssc_buf_byte(b, quote);
}

/* `(?P<name>`: the name after '<' (the token after it current); its group number, or -1. */
static int32_t rc_group_name(rc_src *s, int32_t *name_at, int32_t *name_n) {
    int32_t at = s->tell;
    while (!s->end && !(s->next == '>' && !s->esc))
        rc_advance(s);
    int32_t n = s->tell - at;
    if (s->end && n) {
        rc_error(s, "missing >, unterminated name", 0, 0, at);
        return -1;
    }
    if (n == 0) {
        rc_error(s, "missing group name", 0, 0, at);
        return -1;
    }
    int good = 1;
    for (int32_t i = 0; i < n; i++)
        good &= s->c[at + i] != '\\' && rc_name_char(s->c[at + i], i == 0);
    if (!good) {
        ssc_buf m;
        ssc_buf_init(&m, 64);
        ssc_buf_cstr(&m, "bad character in group name ");
        rc_put_repr(s, &m, s->c + at, n);
        ssc_buf_byte(&m, 0);
        rc_error(s, (const char *)m.ptr, 0, 0, at);
        return -1;
    }
    rc_advance(s);       /* '>' */
    *name_at = at;
    *name_n = n;
    return 0;
}

static void rc_add_name(rc_src *s, int32_t at, int32_t n, int32_t group, int32_t pos) {
    ssc_buf b;
    ssc_buf_init(&b, n);
    for (int32_t i = 0; i < n; i++) {
        uint8_t tmp[4];
        ssc_buf_put(&b, tmp, s->isbytes ? (tmp[0] = (uint8_t)s->c[at + i], 1) : sst_encode(s->c[at + i], tmp));
    }
    for (int32_t i = 0; i < s->names_count; i++) {
        if (s->names[i].name.len == b.len && memcmp(s->names[i].name.ptr, b.ptr, (size_t)b.len) == 0) {
            ssc_buf m;
            ssc_buf_init(&m, 64);
            ssc_buf_cstr(&m, "redefinition of group name '");
            ssc_buf_put(&m, b.ptr, b.len);
            ssc_buf_cstr(&m, "' as group ");
            ssc_buf_i64(&m, group);
            ssc_buf_cstr(&m, "; was group ");
            ssc_buf_i64(&m, s->names[i].group);
            ssc_buf_byte(&m, 0);
            rc_error(s, (const char *)m.ptr, 0, 0, pos);
            return;
        }
    }
    if (s->names_count == s->names_cap) {
        int32_t cap = s->names_cap * 2 + 4;
        ssc_re_name *grown = ssc_alloc((uint32_t)cap * sizeof *grown);
        memcpy(grown, s->names, (size_t)s->names_count * sizeof *grown);
        s->names = grown;
        s->names_cap = cap;
    }
    s->names[s->names_count].name.ptr = b.ptr;
    s->names[s->names_count].name.len = b.len;
    s->names[s->names_count].group = group;
    s->names_count++;
}

/* `(`...`)`, the '(' consumed (at `start`). */
static void rc_group(rc_src *s, int32_t start) {
    int capture = 1;
    int32_t name_at = 0, name_n = 0;
    if (rc_match(s, '?')) {
        if (s->end) {
            rc_error(s, "unexpected end of pattern", 0, 0, s->tell);
            return;
        }
        uint32_t c = s->esc ? '\\' : s->next;
        if (c == ':') {
            rc_advance(s);
            capture = 0;
        } else if (c == 'P' && s->index < s->n && s->c[s->index] == '<') {
            rc_advance(s);
            rc_advance(s);
            if (rc_group_name(s, &name_at, &name_n) < 0)
                return;
        } else if (SSC_PYTHON < 311 && c == '>') { /* atomic groups are new in 3.11 */
            rc_error(s, "unknown extension ?>", 0, 0, start + 1);
            return;
        } else {
            rc_refuse(s, c == '=' || c == '!' || c == '<' ? "a lookaround ((?=...), (?!...), (?<=...), (?<!...))"
                      : c == '#' ? "a comment group (?#...)" : c == '>' ? "an atomic group (?>...)"
                      : c == '(' ? "a conditional group (?(1)...)" : c == 'P' ? "(?P=name)"
                      : "an inline flag group ((?i), (?i:...))");
            return;
        }
    }
    int32_t group = 0;
    if (capture) {
        group = ++s->groups;
        if (group >= 0x3fffffff) {
            rc_error(s, "too many groups", 0, 0, start);
            return;
        }
        if (name_n)
            rc_add_name(s, name_at, name_n, group, name_at);
        if (s->failed)
            return;
        rc_emit(s, SSC_RE_OP_MARK);
        rc_emit(s, (uint32_t)(group - 1) * 2);
    }
    rc_alternation(s, 1);
    if (s->failed)
        return;
    if (!rc_match(s, ')')) {
        rc_error(s, "missing ), unterminated subpattern", 0, 0, start);
        return;
    }
    if (capture) {
        rc_emit(s, SSC_RE_OP_MARK);
        rc_emit(s, (uint32_t)(group - 1) * 2 + 1);
    }
}

/* One item of a sequence, the token `this` consumed (at `at`); *kind: what it was. */
static void rc_one_item(rc_src *s, uint32_t this, uint32_t esc, int32_t at, int *kind, int32_t *start) {
    if (esc) {
        s->index = at;
        rc_advance(s);          /* the escape token again, as rc_escape reads it */
        uint32_t v;
        int k = rc_escape(s, 0, &v);
        if (k == RC_NONE)
            return;
        if (k >= 0)
            rc_advance(s);
        *start = s->len;
        if (k == RC_AT) {
            rc_emit(s, SSC_RE_OP_AT);
            rc_emit(s, v);
            *kind = RC_ITEM_AT;
        } else if (k == RC_CATEGORY) {
            rc_emit(s, SSC_RE_OP_IN);
            rc_emit(s, 4);
            rc_emit(s, SSC_RE_OP_CATEGORY);
            rc_emit(s, v);
            rc_emit(s, SSC_RE_OP_FAILURE);
            *kind = RC_ITEM_ONE;
        } else {
            rc_literal(s, v, 0);
            *kind = RC_ITEM_ONE;
        }
        return;
    }
    switch (this) {
    case '[':
        *start = s->len;
        rc_class(s, at);
        *kind = RC_ITEM_ONE;
        return;
    case '.':
        *start = s->len;
        rc_emit(s, s->flags & RC_FLAG_S ? SSC_RE_OP_ANY_ALL : SSC_RE_OP_ANY);
        *kind = RC_ITEM_ONE;
        return;
    case '^':
    case '$':
        *start = s->len;
        rc_emit(s, SSC_RE_OP_AT);
        rc_emit(s, this == '^' ? (s->flags & RC_FLAG_M ? SSC_RE_AT_BEGINNING_LINE : SSC_RE_AT_BEGINNING)
                               : (s->flags & RC_FLAG_M ? SSC_RE_AT_END_LINE : SSC_RE_AT_END));
        *kind = RC_ITEM_AT;
        return;
    case '(':
        *start = s->len;
        rc_group(s, at);
        *kind = RC_ITEM_OTHER;
        return;
    default:
        *start = s->len;
        rc_literal(s, this, 0);
        *kind = RC_ITEM_ONE;
    }
}

/* A sequence, up to '|', ')' or the end. */
static void rc_sequence(rc_src *s) {
    int kind = RC_ITEM_NONE;
    int32_t start = s->len;
    while (!s->end && !s->failed) {
        if (!s->esc && (s->next == '|' || s->next == ')'))
            break;
        uint32_t this = s->next, esc = s->esc;
        int32_t at = s->tell;
        rc_advance(s);
        if (s->verbose && !esc) {
            if (this == ' ' || (this >= '\t' && this <= '\r'))
                continue;
            if (this == '#') {
                while (!s->end && !(s->next == '\n' && !s->esc))
                    rc_advance(s);
                rc_advance(s);
                continue;
            }
        }
        if (!esc && (this == '*' || this == '+' || this == '?' || this == '{')) {
            rc_repeat(s, this, s->tell, start, &kind);
            if (kind == RC_ITEM_ONE)        /* a '{' that is a literal */
                start = s->len - 2;
            continue;
        }
        rc_one_item(s, this, esc, at, &kind, &start);
    }
}

/* `a|b|c`: BRANCH <skip> a JUMP <j> <skip> b JUMP <j> ... FAILURE, as _compiler emits it. */
static void rc_alternation(rc_src *s, int nested) {
    int32_t start = s->len;
    rc_sequence(s);
    if (s->failed || !rc_is(s, '|'))
        goto done;
    uint32_t head[2] = {SSC_RE_OP_BRANCH, 0};
    rc_insert(s, start, head, 2);
    int32_t skip = start + 1, tails_n = 0, tails_cap = 8;
    int32_t *tails = ssc_alloc((uint32_t)tails_cap * 4);
    for (;;) {
        rc_emit(s, SSC_RE_OP_JUMP);
        if (tails_n == tails_cap) {
            int32_t *grown = ssc_alloc((uint32_t)tails_cap * 8);
            memcpy(grown, tails, (size_t)tails_n * 4);
            tails = grown;
            tails_cap *= 2;
        }
        tails[tails_n++] = s->len;
        rc_emit(s, 0);
        s->code[skip] = (uint32_t)(s->len - skip);
        if (!rc_match(s, '|'))
            break;
        skip = s->len;
        rc_emit(s, 0);
        rc_sequence(s);
        if (s->failed)
            return;
    }
    rc_emit(s, SSC_RE_OP_FAILURE);
    for (int32_t i = 0; i < tails_n; i++)
        s->code[tails[i]] = (uint32_t)(s->len - tails[i]);
done:
    (void)nested;
}

/* ---- re.compile(pattern, flags) ---------------------------------------------- */

/* ValueError of flags CPython refuses (fix_flags), and those ssc refuses. */
static int32_t rc_flags(int64_t flags, int isbytes, int32_t *fixed) {
    if (flags & ~(int64_t)(RC_FLAG_I | RC_FLAG_L | RC_FLAG_M | RC_FLAG_S | RC_FLAG_U | RC_FLAG_X | RC_FLAG_A))
        return ssc_raise_message(SSC_EXC_ValueError, (const uint8_t *)"re.DEBUG, re.TEMPLATE and unknown flags are not "
                                 "supported by ssc", 58);
    if (!isbytes) {
        if (flags & RC_FLAG_L)
            return ssc_raise_message(SSC_EXC_ValueError, (const uint8_t *)"cannot use LOCALE flag with a str pattern", 41);
        if (!(flags & RC_FLAG_A))
            flags |= RC_FLAG_U;
        else if (flags & RC_FLAG_U)
            return ssc_raise_message(SSC_EXC_ValueError, (const uint8_t *)"ASCII and UNICODE flags are incompatible", 40);
    } else {
        if (flags & RC_FLAG_U)
            return ssc_raise_message(SSC_EXC_ValueError, (const uint8_t *)"cannot use UNICODE flag with a bytes pattern",
                                     44);
        if (flags & RC_FLAG_L)
            return ssc_raise_message(SSC_EXC_ValueError, (const uint8_t *)"re.LOCALE is not supported by ssc: a "
                                     "SmartStream has no locale", 62);
    }
    *fixed = (int32_t)flags;
    return SSC_OK;
}

/* The pattern, program and names as one block (its size in `size`), so that module state moves it whole. */
static ssc_re_pattern *rc_finish(const rc_src *s, const uint8_t *text, int32_t n) {
    int32_t names_bytes = 0;
    for (int32_t i = 0; i < s->names_count; i++)
        names_bytes += (s->names[i].name.len + 3) & ~3;
    uint32_t size = (uint32_t)(sizeof(ssc_re_pattern) + (size_t)s->len * 4 + (size_t)s->names_count *
                               sizeof(ssc_re_name) + (size_t)names_bytes + (size_t)n);
    uint8_t *block = ssc_alloc(size);
    ssc_re_pattern *p = (ssc_re_pattern *)(void *)block;
    uint32_t *code = (uint32_t *)(void *)(block + sizeof *p);
    ssc_re_name *names = (ssc_re_name *)(void *)(code + s->len);
    uint8_t *bytes = (uint8_t *)(names + s->names_count);
    memcpy(code, s->code, (size_t)s->len * 4);
    for (int32_t i = 0; i < s->names_count; i++) {
        memcpy(bytes, s->names[i].name.ptr, (size_t)s->names[i].name.len);
        names[i].name.ptr = bytes;
        names[i].name.len = s->names[i].name.len;
        names[i].group = s->names[i].group;
        bytes += (s->names[i].name.len + 3) & ~3;
    }
    memcpy(bytes, text, (size_t)n);
    p->exec = (const void *)ssc_re_vm;
    p->code = code;
    p->first = NULL;
    p->required = -1;
    p->groups = s->groups;
    p->flags = s->flags;
    p->isbytes = s->isbytes;
    p->pattern.ptr = bytes;
    p->pattern.len = n;
    p->names = s->names_count ? names : NULL;
    p->names_count = s->names_count;
    p->size = (int32_t)size;
    return p;
}

int32_t ssc_re_compile(const uint8_t *text, int32_t n, int64_t flags, int32_t isbytes, const ssc_re_pattern **out) {
    rc_src src;
    rc_src *s = &src;
    memset(s, 0, sizeof *s);
    uint32_t *chars = ssc_alloc((uint32_t)n * 4 + 4);
    int32_t count = 0;
    for (int32_t i = 0; i < n;) {
        if (isbytes) {
            chars[count++] = text[i++];
        } else {
            int32_t k = sst_seq_len(text[i]);
            uint32_t c = k == 1 ? text[i] : text[i] & (0x7f >> k);
            for (int32_t j = 1; j < k; j++)
                c = c << 6 | (text[i + j] & 0x3f);
            chars[count++] = c;
            i += k;
        }
    }
    int32_t fixed = (int32_t)flags;
    if (rc_flags(flags, isbytes, &fixed) != SSC_OK)
        return SSC_RAISED;
    s->c = chars;
    s->n = count;
    s->isbytes = isbytes;
    s->flags = fixed;
    s->unicode = !isbytes && !(fixed & RC_FLAG_A);
    s->ignore = (fixed & RC_FLAG_I) != 0;
    s->verbose = (fixed & RC_FLAG_X) != 0;
    rc_advance(s);
    rc_alternation(s, 0);
    if (!s->failed && !s->end)
        rc_error(s, "unbalanced parenthesis", 0, 0, s->tell);
    if (s->failed)
        return SSC_RAISED;
    rc_emit(s, SSC_RE_OP_SUCCESS);
    *out = rc_finish(s, text, n);
    return SSC_OK;
}

int32_t ssc_re_compile_str(const uint8_t *text, int32_t n, int64_t flags, const ssc_re_pattern **out) {
    return ssc_re_compile(text, n, flags, 0, out);
}

int32_t ssc_re_compile_bytes(const uint8_t *text, int32_t n, int64_t flags, const ssc_re_pattern **out) {
    return ssc_re_compile(text, n, flags, 1, out);
}

/* p.pattern, p.flags, p.groups of a pattern made at run time. */
int32_t ssc_re_p_pattern(const ssc_re_pattern *p, ssc_bytes *out) {
    *out = p->pattern;
    return SSC_OK;
}

int32_t ssc_re_p_flags(const ssc_re_pattern *p, int64_t *out) {
    *out = p->flags;
    return SSC_OK;
}

int32_t ssc_re_p_groups(const ssc_re_pattern *p, int64_t *out) {
    *out = p->groups;
    return SSC_OK;
}
