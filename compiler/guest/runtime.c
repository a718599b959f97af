/* The guest runtime as one translation unit, so it compiles to one bitcode
 * module: core.c (memory, exceptions, record codec, drivers), text.c
 * (UTF-8, int <-> str, repr), number.c (int and float arithmetic, float
 * text, format specs), strings.c (str and bytes methods) and containers.c
 * (type descriptors, generic value operations, list, dict, set), dynamic.c
 * (the type Any) and json.c (json.loads, json.dumps), all with CPython's
 * exact behaviour. */
#include "core.c"
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"
#include "json.c"
