/* ssc guest runtime, str and bytes methods with CPython's semantics
 * (str is UTF-8; indices and lengths count code points). */
#include "ssc_rt.h"
