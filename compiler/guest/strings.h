/* strings.c: the methods of str and bytes, and the builtins on them.
 *
 * Every function of its interface is a runtime row of semantics.py
 * (TEXT_METHODS, TEXT_BUILTINS, SLICES) or a guest function lowered code
 * calls (guest_abi.FUNCTIONS_C): their prototypes are generated into
 * ssc_gen.h. dynamic.c, which comes after it in the one translation unit,
 * uses some of them (ssc_str_contains, ssc_str_getitem, ssc_str_slice) and
 * its static helpers sst_count and sst_seq_len. */
#ifndef SSC_STRINGS_H
#define SSC_STRINGS_H

#include "ssc_rt.h"



#endif
