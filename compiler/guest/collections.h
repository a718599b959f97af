/* collections.c: what collections.OrderedDict adds to a dict (move_to_end,
 * popitem(last=)), a deque's methods over a list, and Counter equality. Its
 * functions are runtime rows (semantics.ODICT_METHODS, DEQUE_METHODS, ...):
 * their prototypes are generated into ssc_gen.h. It uses containers.c's
 * static dict internals (one translation unit). */
#ifndef SSC_COLLECTIONS_H
#define SSC_COLLECTIONS_H

#include "containers.h"

#endif
