/* ssc guest runtime, numbers: int and float arithmetic with Python's
 * semantics, float <-> text, and format specs. See ssc_rt.h. */
#include "ssc_rt.h"
