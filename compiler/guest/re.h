/* re.c: regular expressions (import re), with CPython's sre semantics.
 *
 * A pattern is sre's program (the code CPython's re._compiler makes, with
 * ssc's opcode numbers, SSC_RE_OP_* in ssc_gen.h) behind an ssc_re_pattern
 * (guest_abi.py): for a constant pattern the program was made at compile
 * time and the lowering emits the struct as a constant. ssc_re_vm runs the
 * program as _sre's SRE(match) and SRE(search) do, over byte offsets into
 * UTF-8 (a str) or bytes. Everything else here (match objects, findall,
 * finditer, sub, split, escape) is what Modules/_sre/sre.c does around it,
 * with its results and messages.
 */
#ifndef SSC_RE_H
#define SSC_RE_H

#include "ssc_rt.h"

/* The interpreter of sre's program: 1 matched (st->start .. st->ptr), 0 not,
 * < 0 an internal error. st->search: search from st->start on (the match
 * starts at the new st->start), else match at st->start. */
int32_t ssc_re_vm(ssc_re_state *st, const ssc_re_pattern *p);

/* Iterating the matches of a pattern over a string (finditer, and sub with a
 * function): each ssc_re_scanner_next gives the next match (1), or 0 when
 * there is none, as CPython's scanner does (an empty match may follow a
 * non-empty one, never another empty one at the same place). */
ssc_re_scanner *ssc_re_scanner_new(const ssc_re_pattern *p, const uint8_t *s, int32_t n, int64_t pos,
                                   int64_t endpos);
int32_t ssc_re_scanner_next(ssc_re_scanner *sc, ssc_re_match **out);

/* A match object (sre.c's MatchObject): the pattern, the subject, pos and
 * endpos as given (clamped; endpos -1: the subject's length), lastindex (-1:
 * None) and the marks of group 0 and of each group, byte offsets (-1: the
 * group did not take part). Module state may keep one past its batch:
 * containers.c's ssc_state_evacuate copies it, its subject and a pattern made
 * at run time. */
struct ssc_re_match {
    const ssc_re_pattern *re;
    ssc_bytes string;
    int32_t pos, endpos;
    int32_t lastindex;
    int32_t mark[2];
};

/* re.compile(pattern, flags) of a pattern known only at run time (re_compile.c):
 * the pattern as one block of `size` bytes, or re.error / ValueError raised. */
int32_t ssc_re_compile(const uint8_t *text, int32_t n, int64_t flags, int32_t isbytes, const ssc_re_pattern **out);

#endif
