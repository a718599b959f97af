/* The guest runtime as one translation unit, so it compiles to one bitcode
 * module: core.c (memory, exceptions, record codec, drivers) and text.c
 * (UTF-8, int <-> str, repr) with CPython's exact behaviour. */
#include "core.c"
#include "text.c"
