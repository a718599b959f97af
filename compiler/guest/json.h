/* json.c: json.loads and json.dumps. */
#ifndef SSC_JSON_H
#define SSC_JSON_H

#include "ssc_rt.h"

/* ==== JSON (json.c) ========================================================
 * json.loads and json.dumps with CPython's default behaviour and messages. */

/* json.loads(s) of a str (UTF-8); JSONDecodeError with CPython's message,
 * "Expecting value: line 1 column 1 (char 0)" (positions in code points);
 * OverflowError for an integer outside int64 (docs/language.md);
 * RecursionError past SSC_JSON_MAX_DEPTH nested arrays and objects. */
int32_t ssc_json_loads_str(const uint8_t *p, int32_t n, ssc_any **out);
/* json.loads(b) of bytes: as CPython, json.detect_encoding picks UTF-8
 * (a UTF-8 BOM skipped), UTF-16 or UTF-32 (by BOM or by the NUL bytes of
 * the first four), the bytes are decoded with errors "surrogatepass"
 * (UnicodeDecodeError with CPython's message), then parsed as a str. */
int32_t ssc_json_loads_bytes(const uint8_t *p, int32_t n, ssc_any **out);
#define SSC_JSON_MAX_DEPTH 900

/* json.dumps(value) for a value of type t (any type: Any, and typed values;
 * a tuple is written as a list; bytes, set and Record raise TypeError("Object
 * of type bytes is not JSON serializable")), appended to b. ValueError
 * "Circular reference detected" for a container that contains itself. */
int32_t ssc_json_dumps(ssc_buf *b, const ssc_type *t, const void *value, const ssc_json_opts *opts);

#endif
