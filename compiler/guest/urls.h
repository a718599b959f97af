/* urls.c: urllib.parse's quote, quote_plus, unquote, unquote_plus and urlencode. */
#ifndef SSC_URLS_H
#define SSC_URLS_H

#include "ssc_rt.h"

/* ==== urls (urls.c) ========================================================
 * Runtime rows only (semantics.MODULE_FUNCTIONS of "urllib.parse"), their
 * prototypes generated. */

#endif
