/* The string module's functions, as Lib/string.py writes them in Python. */
#include "stringmod.h"
#include "strings.h"

/* capwords: (sep or ' ').join(map(str.capitalize, s.split(sep))) */
int32_t ssc_string_capwords(const uint8_t *p, int32_t n, int32_t has_sep, const uint8_t *q, int32_t m, ssc_bytes *out) {
    ssc_list *words;
    if (ssc_str_split(p, n, has_sep, q, m, -1, &words) != SSC_OK)
        return SSC_RAISED;
    ssc_bytes *items = (ssc_bytes *)words->data;
    for (int32_t i = 0; i < words->len; i++) {
        ssc_bytes word;
        if (ssc_str_capitalize(items[i].ptr, items[i].len, &word) != SSC_OK)
            return SSC_RAISED;
        items[i] = word;
    }
    if (has_sep && m > 0)
        return ssc_str_join(q, m, words, out);
    return ssc_str_join((const uint8_t *)" ", 1, words, out);
}
