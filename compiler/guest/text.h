/* text.c: UTF-8, int() of text, repr() of str and bytes, byte searches.
 *
 * In the one translation unit (runtime.c) its static Unicode helpers come
 * before the files that use them: number.c and strings.c (uni_start,
 * uni_lookup, uni_advance, utf8_next, int_reader, int_next, int_is_space,
 * int_too_many_digits). */
#ifndef SSC_TEXT_H
#define SSC_TEXT_H

#include "ssc_rt.h"

/* The decimal digits of u written backwards, ending at `end` (20 bytes
 * before it are enough); returns the first digit (text.c). */
uint8_t *ssc_u64_digits_backwards(uint64_t u, uint8_t *end);

/* Byte searches (text.c), eight bytes at a time: the first c in p[0:n],
 * and the first needle in hay; each returns the index or -1. */
int32_t ssc_memchr(const uint8_t *p, int32_t n, uint8_t c);
int32_t ssc_find(const uint8_t *hay, int32_t hlen, const uint8_t *needle, int32_t nlen);


/* bytes.decode("utf-8"): checks `p[0:len]` is valid UTF-8. On failure raises
 * UnicodeDecodeError with CPython's exact message, e.g.
 * "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte". */
int32_t ssc_utf8_check(const uint8_t *p, int32_t len);
/* UnicodeDecodeError of `codec` for the bytes p[start:end), CPython's message. */
int32_t ssc_raise_decode_error(const char *codec, const uint8_t *p, int32_t start, int32_t end, const char *reason);

/* int(s) for s: str (UTF-8), with CPython's rules (Unicode whitespace and
 * decimal digits, '_' separators, sign). ValueError with CPython's message,
 * OverflowError when the value does not fit in int64. */
int32_t ssc_int_from_str(const uint8_t *p, int32_t len, int64_t *out);
/* int(b) for b: bytes (ASCII rules). */
int32_t ssc_int_from_bytes(const uint8_t *p, int32_t len, int64_t *out);

/* repr(s) of a str / bytes value appended to `b`, exactly as CPython,
 * truncated to at most `max_chars` code points (-1 = no limit), as the
 * "%.200R" format of PyUnicode_FromFormat does. */
void ssc_buf_str_repr(ssc_buf *b, const uint8_t *p, int32_t len, int32_t max_chars);
void ssc_buf_bytes_repr(ssc_buf *b, const uint8_t *p, int32_t len, int32_t max_chars);
void ssc_buf_str_repr_all(ssc_buf *b, const uint8_t *p, int32_t len);   /* f"{s!r}" */
/* `p` with its non-ASCII code points escaped, as ascii() escapes a repr (f"{x!a}"). */
void ssc_buf_ascii(ssc_buf *b, const uint8_t *p, int32_t len);
/* KeyError(key) of a str key (its message: the key's repr). */
void ssc_raise_str_key(const uint8_t *p, int32_t len);

#endif
