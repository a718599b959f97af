/* hashes.c: hashlib's digests (md5, sha1, sha224, sha256, sha384, sha512, blake2b, blake2s). */
#ifndef SSC_HASHES_H
#define SSC_HASHES_H

#include "ssc_rt.h"

/* ==== hashes (hashes.c) ====================================================
 * Runtime rows only (semantics.HASH_DIGESTS): ssc_ALG_digest and
 * ssc_ALG_hexdigest of the data (blake2b and blake2s also take digest_size
 * and key, ValueError with CPython's message when out of range); their
 * prototypes are generated. */

#endif
