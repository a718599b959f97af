/* The guest runtime as one translation unit, so that the C compiler can
 * inline and share static helpers across its files: core.c (memory,
 * exceptions, record codec, drivers), text.c (UTF-8, int <-> str, repr),
 * number.c (int and float arithmetic, float text, format specs), strings.c
 * (str and bytes methods), containers.c (type descriptors, generic value
 * operations, list, dict, set), dynamic.c (the type Any), json.c
 * (json.loads, json.dumps), re.c (regular expressions) and re_compile.c
 * (re.compile of a pattern made at run time), codecs.c (base64,
 * binascii, zlib.crc32), hashes.c (hashlib), urls.c (urllib.parse) and
 * datetime.c (the datetime and time modules), all with
 * CPython's exact behaviour. guestlib.py compiles it once into the cached
 * object every module links against. */
#include "core.c"
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "collections.c"
#include "dynamic.c"
#include "json.c"
#include "re.c"
#include "re_compile.c"
#include "mathfn.c"
#include "stringmod.c"
#include "codecs.c"
#include "hashes.c"
#include "datetime.c"
#include "urls.c"
#include "unicodedata.c"
