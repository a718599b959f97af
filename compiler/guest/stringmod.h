/* stringmod.c: the string module's functions (its constants are the compiler's). */
#ifndef SSC_STRINGMOD_H
#define SSC_STRINGMOD_H

#include "ssc_rt.h"
#include "containers.h"

/* string.capwords(s, sep=None) */
int32_t ssc_string_capwords(const uint8_t *p, int32_t n, int32_t has_sep, const uint8_t *q, int32_t m, ssc_bytes *out);

#endif
