/* codecs.c: base64, binascii (hex codecs, crc32) and zlib.crc32. */
#ifndef SSC_CODECS_H
#define SSC_CODECS_H

#include "ssc_rt.h"

/* ==== codecs (codecs.c) ====================================================
 * The functions are runtime rows (semantics.MODULE_FUNCTIONS of base64,
 * binascii and zlib), their prototypes generated. binascii.Error is a class
 * of the program's table (semantics.LIBRARY_EXCEPTIONS), numbered by the
 * checker: the lowering defines its code as this constant. */
extern const int32_t ssc_binascii_error;

#endif
