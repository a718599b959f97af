/* The guest runtime as one translation unit, so that the C compiler can
 * inline and share static helpers across its files: core.c (memory,
 * exceptions, record codec, drivers), text.c (UTF-8, int <-> str, repr),
 * number.c (int and float arithmetic, float text, format specs), strings.c
 * (str and bytes methods), containers.c (type descriptors, generic value
 * operations, list, dict, set), dynamic.c (the type Any), json.c
 * (json.loads, json.dumps), re.c (regular expressions) and re_compile.c
 * (re.compile of a pattern made at run time), all with
 * CPython's exact behaviour. guestlib.py compiles it once into the cached
 * object every module links against. */
#include "core.c"
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"
#include "json.c"
#include "re.c"
#include "re_compile.c"
#include "unicodedata.c"
