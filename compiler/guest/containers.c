/* ssc guest runtime, containers: type descriptors, generic equality,
 * ordering, hashing and repr, and list, dict and set. See ssc_rt.h. */
#include "ssc_rt.h"

const ssc_type ssc_type_none = {SSC_T_NONE, 1, 0, NULL, NULL};
const ssc_type ssc_type_bool = {SSC_T_BOOL, 1, 0, NULL, NULL};
const ssc_type ssc_type_int = {SSC_T_INT, 8, 0, NULL, NULL};
const ssc_type ssc_type_float = {SSC_T_FLOAT, 8, 0, NULL, NULL};
const ssc_type ssc_type_str = {SSC_T_STR, 8, 0, NULL, NULL};
const ssc_type ssc_type_bytes = {SSC_T_BYTES, 8, 0, NULL, NULL};
const ssc_type ssc_type_record = {SSC_T_RECORD, 4, 0, NULL, NULL};

ssc_list *ssc_list_new(const ssc_type *elem, int32_t cap) {
    ssc_list *l = ssc_alloc(sizeof(ssc_list));
    l->len = 0;
    l->cap = cap > 0 ? cap : 0;
    l->data = l->cap ? ssc_alloc((uint32_t)(l->cap * elem->size)) : NULL;
    l->elem = elem;
    return l;
}

void ssc_list_append(ssc_list *l, const void *elem) {
    int32_t size = l->elem->size;
    if (l->len == l->cap) {
        int32_t cap = l->cap < 4 ? 4 : l->cap * 2;
        uint8_t *data = ssc_alloc((uint32_t)(cap * size));
        if (l->len) memcpy(data, l->data, (size_t)(l->len * size));
        l->data = data;
        l->cap = cap;
    }
    memcpy(l->data + l->len * size, elem, (size_t)size);
    l->len++;
}
