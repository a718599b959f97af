/* hashes.c: hashlib's md5, sha1, sha224, sha256, sha384, sha512, blake2b and
 * blake2s, written from their specifications (RFC 1321, FIPS 180-4, RFC 7693).
 * Each algorithm is a pair of runtime rows (semantics.HASH_DIGESTS): its
 * digest() as bytes and its hexdigest() as a str of the data, linked only where
 * the program calls it. */
#include "hashes.h"
#include "core.h"

/* ---- helpers ------------------------------------------------------------------- */

static uint32_t hsh_rol32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
static uint32_t hsh_ror32(uint32_t x, int r) { return (x >> r) | (x << (32 - r)); }
static uint64_t hsh_ror64(uint64_t x, int r) { return (x >> r) | (x << (64 - r)); }

static uint32_t hsh_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint32_t hsh_le32(const uint8_t *p) {
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static uint64_t hsh_be64(const uint8_t *p) { return (uint64_t)hsh_be32(p) << 32 | hsh_be32(p + 4); }
static uint64_t hsh_le64(const uint8_t *p) { return (uint64_t)hsh_le32(p + 4) << 32 | hsh_le32(p); }

/* The digest `d` (n bytes) as the result: bytes, or (hex) its lowercase hex digits. */
static int32_t hsh_result(const uint8_t *d, int32_t n, int32_t hex, ssc_bytes *out) {
    uint8_t *o = ssc_alloc((uint32_t)(hex ? 2 * n : n));
    for (int32_t i = 0; i < n; i++) {
        if (!hex) {
            o[i] = d[i];
            continue;
        }
        uint8_t hi = d[i] >> 4, lo = d[i] & 15;
        o[2 * i] = (uint8_t)(hi < 10 ? '0' + hi : 'a' - 10 + hi);
        o[2 * i + 1] = (uint8_t)(lo < 10 ? '0' + lo : 'a' - 10 + lo);
    }
    out->ptr = o;
    out->len = hex ? 2 * n : n;
    return SSC_OK;
}

typedef void (*hsh_block_fn)(void *state, const uint8_t *block);

/* Merkle-Damgard padding over blocks of `size` bytes (64 or 128): 0x80, zeros, then
 * the bit length in the last size / 8 bytes (big-endian, or little-endian for MD5). */
static void hsh_md_run(void *state, hsh_block_fn block, int32_t size, const uint8_t *p, int32_t n, int32_t le) {
    int32_t i = 0;
    for (; i + size <= n; i += size)
        block(state, p + i);
    uint8_t tail[256];
    int32_t rest = n - i;
    for (int32_t k = 0; k < rest; k++) tail[k] = p[i + k];
    tail[rest] = 0x80;
    int32_t total = rest + 1 + size / 8 <= size ? size : 2 * size;   /* the length: 8 bytes, SHA-512's 16 */
    for (int32_t k = rest + 1; k < total; k++) tail[k] = 0;
    uint64_t bits = (uint64_t)(uint32_t)n * 8u;
    for (int32_t k = 0; k < 8; k++)
        tail[le ? total - 8 + k : total - 1 - k] = (uint8_t)(bits >> (8 * k));
    for (int32_t k = 0; k < total; k += size)
        block(state, tail + k);
}

/* ---- MD5 (RFC 1321) -------------------------------------------------------------- */

static void hsh_md5_block(void *state, const uint8_t *blk) {
    static const uint32_t K[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
    static const uint8_t R[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    uint32_t *h = state, m[16];
    for (int i = 0; i < 16; i++) m[i] = hsh_le32(blk + 4 * i);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        switch (i / 16) {
        case 0: f = (b & c) | (~b & d); g = i; break;
        case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
        case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
        default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
        }
        uint32_t t = d;
        d = c;
        c = b;
        b = b + hsh_rol32(a + f + K[i] + m[g], R[(i / 16) * 4 + i % 4]);
        a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
}

static int32_t hsh_md5(const uint8_t *p, int32_t n, int32_t hex, ssc_bytes *out) {
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    hsh_md_run(h, hsh_md5_block, 64, p, n, 1);
    uint8_t d[16];
    for (int i = 0; i < 16; i++) d[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
    return hsh_result(d, 16, hex, out);
}

int32_t ssc_md5_digest(const uint8_t *p, int32_t n, ssc_bytes *out) { return hsh_md5(p, n, 0, out); }
int32_t ssc_md5_hexdigest(const uint8_t *p, int32_t n, ssc_bytes *out) { return hsh_md5(p, n, 1, out); }

/* ---- SHA-1 (FIPS 180-4 6.1) -------------------------------------------------------- */

static void hsh_sha1_block(void *state, const uint8_t *blk) {
    uint32_t *h = state, w[80];
    for (int i = 0; i < 16; i++) w[i] = hsh_be32(blk + 4 * i);
    for (int i = 16; i < 80; i++) w[i] = hsh_rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
        else { f = b ^ c ^ d; k = 0xca62c1d6; }
        uint32_t t = hsh_rol32(a, 5) + f + e + k + w[i];
        e = d; d = c; c = hsh_rol32(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

static void hsh_put_be32(uint8_t *d, const uint32_t *h, int32_t words) {
    for (int32_t i = 0; i < 4 * words; i++) d[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

static int32_t hsh_sha1(const uint8_t *p, int32_t n, int32_t hex, ssc_bytes *out) {
    uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    hsh_md_run(h, hsh_sha1_block, 64, p, n, 0);
    uint8_t d[20];
    hsh_put_be32(d, h, 5);
    return hsh_result(d, 20, hex, out);
}

int32_t ssc_sha1_digest(const uint8_t *p, int32_t n, ssc_bytes *out) { return hsh_sha1(p, n, 0, out); }
int32_t ssc_sha1_hexdigest(const uint8_t *p, int32_t n, ssc_bytes *out) { return hsh_sha1(p, n, 1, out); }

/* ---- SHA-224 and SHA-256 (FIPS 180-4 6.2, 6.3) ---------------------------------------- */

static void hsh_sha256_block(void *state, const uint8_t *blk) {
    static const uint32_t K[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    uint32_t *h = state, w[64], v[8];
    for (int i = 0; i < 16; i++) w[i] = hsh_be32(blk + 4 * i);
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = hsh_ror32(w[i - 15], 7) ^ hsh_ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = hsh_ror32(w[i - 2], 17) ^ hsh_ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    for (int i = 0; i < 8; i++) v[i] = h[i];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = hsh_ror32(v[4], 6) ^ hsh_ror32(v[4], 11) ^ hsh_ror32(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + S1 + ch + K[i] + w[i];
        uint32_t S0 = hsh_ror32(v[0], 2) ^ hsh_ror32(v[0], 13) ^ hsh_ror32(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        for (int k = 7; k > 0; k--) v[k] = v[k - 1];
        v[4] += t1;
        v[0] = t1 + S0 + maj;
    }
    for (int i = 0; i < 8; i++) h[i] += v[i];
}

static int32_t hsh_sha256(const uint8_t *p, int32_t n, const uint32_t *iv, int32_t words, int32_t hex,
                          ssc_bytes *out) {
    uint32_t h[8];
    for (int i = 0; i < 8; i++) h[i] = iv[i];
    hsh_md_run(h, hsh_sha256_block, 64, p, n, 0);
    uint8_t d[32];
    hsh_put_be32(d, h, words);
    return hsh_result(d, 4 * words, hex, out);
}

static const uint32_t hsh_sha256_iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
static const uint32_t hsh_sha224_iv[8] = {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
                                          0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};

int32_t ssc_sha256_digest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha256(p, n, hsh_sha256_iv, 8, 0, out);
}
int32_t ssc_sha256_hexdigest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha256(p, n, hsh_sha256_iv, 8, 1, out);
}
int32_t ssc_sha224_digest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha256(p, n, hsh_sha224_iv, 7, 0, out);
}
int32_t ssc_sha224_hexdigest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha256(p, n, hsh_sha224_iv, 7, 1, out);
}

/* ---- SHA-384 and SHA-512 (FIPS 180-4 6.4, 6.5) ------------------------------------------ */

static const uint64_t hsh_sha512_k[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
    0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
    0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
    0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
    0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
    0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
    0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
    0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
    0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
    0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

static void hsh_sha512_block(void *state, const uint8_t *blk) {
    uint64_t *h = state, w[80], v[8];
    for (int i = 0; i < 16; i++) w[i] = hsh_be64(blk + 8 * i);
    for (int i = 16; i < 80; i++) {
        uint64_t s0 = hsh_ror64(w[i - 15], 1) ^ hsh_ror64(w[i - 15], 8) ^ (w[i - 15] >> 7);
        uint64_t s1 = hsh_ror64(w[i - 2], 19) ^ hsh_ror64(w[i - 2], 61) ^ (w[i - 2] >> 6);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    for (int i = 0; i < 8; i++) v[i] = h[i];
    for (int i = 0; i < 80; i++) {
        uint64_t S1 = hsh_ror64(v[4], 14) ^ hsh_ror64(v[4], 18) ^ hsh_ror64(v[4], 41);
        uint64_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint64_t t1 = v[7] + S1 + ch + hsh_sha512_k[i] + w[i];
        uint64_t S0 = hsh_ror64(v[0], 28) ^ hsh_ror64(v[0], 34) ^ hsh_ror64(v[0], 39);
        uint64_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        for (int k = 7; k > 0; k--) v[k] = v[k - 1];
        v[4] += t1;
        v[0] = t1 + S0 + maj;
    }
    for (int i = 0; i < 8; i++) h[i] += v[i];
}

/* SHA-512's blocks are 128 bytes with a 16-byte length (the data is below 2**31 bytes:
 * its upper 8 bytes are zero). */
static int32_t hsh_sha512(const uint8_t *p, int32_t n, const uint64_t *iv, int32_t bytes, int32_t hex,
                          ssc_bytes *out) {
    uint64_t h[8];
    for (int i = 0; i < 8; i++) h[i] = iv[i];
    hsh_md_run(h, hsh_sha512_block, 128, p, n, 0);
    uint8_t d[64];
    for (int i = 0; i < 64; i++) d[i] = (uint8_t)(h[i / 8] >> (56 - 8 * (i % 8)));
    return hsh_result(d, bytes, hex, out);
}

static const uint64_t hsh_sha512_iv[8] = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                                          0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                                          0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
static const uint64_t hsh_sha384_iv[8] = {0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17,
                                          0x152fecd8f70e5939, 0x67332667ffc00b31, 0x8eb44a8768581511,
                                          0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};

int32_t ssc_sha512_digest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha512(p, n, hsh_sha512_iv, 64, 0, out);
}
int32_t ssc_sha512_hexdigest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha512(p, n, hsh_sha512_iv, 64, 1, out);
}
int32_t ssc_sha384_digest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha512(p, n, hsh_sha384_iv, 48, 0, out);
}
int32_t ssc_sha384_hexdigest(const uint8_t *p, int32_t n, ssc_bytes *out) {
    return hsh_sha512(p, n, hsh_sha384_iv, 48, 1, out);
}

/* ---- BLAKE2b and BLAKE2s (RFC 7693) ----------------------------------------------------- */

static const uint8_t hsh_blake2_sigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}};

static const uint64_t hsh_blake2b_iv[8] = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                                           0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                                           0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};

/* BLAKE2b's F on block m (128 bytes), t bytes compressed so far, `last` for the final block. */
static void hsh_blake2b_f(uint64_t *h, const uint8_t *blk, uint64_t t, int last) {
    uint64_t v[16], m[16];
    for (int i = 0; i < 16; i++) m[i] = hsh_le64(blk + 8 * i);
    for (int i = 0; i < 8; i++) { v[i] = h[i]; v[i + 8] = hsh_blake2b_iv[i]; }
    v[12] ^= t;
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = hsh_blake2_sigma[r % 10];
        for (int i = 0; i < 8; i++) {
            static const uint8_t idx[8][4] = {{0, 4, 8, 12}, {1, 5, 9, 13}, {2, 6, 10, 14}, {3, 7, 11, 15},
                                              {0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13}, {3, 4, 9, 14}};
            int a = idx[i][0], b = idx[i][1], c = idx[i][2], d = idx[i][3];
            v[a] = v[a] + v[b] + m[s[2 * i]]; v[d] = hsh_ror64(v[d] ^ v[a], 32);
            v[c] = v[c] + v[d]; v[b] = hsh_ror64(v[b] ^ v[c], 24);
            v[a] = v[a] + v[b] + m[s[2 * i + 1]]; v[d] = hsh_ror64(v[d] ^ v[a], 16);
            v[c] = v[c] + v[d]; v[b] = hsh_ror64(v[b] ^ v[c], 63);
        }
    }
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/* BLAKE2s's F: 32-bit words, 64-byte blocks, 10 rounds. */
static void hsh_blake2s_f(uint32_t *h, const uint8_t *blk, uint64_t t, int last) {
    uint32_t v[16], m[16];
    for (int i = 0; i < 16; i++) m[i] = hsh_le32(blk + 4 * i);
    for (int i = 0; i < 8; i++) { v[i] = h[i]; v[i + 8] = (uint32_t)(hsh_blake2b_iv[i] >> 32); }
    v[12] ^= (uint32_t)t;
    v[13] ^= (uint32_t)(t >> 32);
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 10; r++) {
        const uint8_t *s = hsh_blake2_sigma[r];
        for (int i = 0; i < 8; i++) {
            static const uint8_t idx[8][4] = {{0, 4, 8, 12}, {1, 5, 9, 13}, {2, 6, 10, 14}, {3, 7, 11, 15},
                                              {0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13}, {3, 4, 9, 14}};
            int a = idx[i][0], b = idx[i][1], c = idx[i][2], d = idx[i][3];
            v[a] = v[a] + v[b] + m[s[2 * i]]; v[d] = hsh_ror32(v[d] ^ v[a], 16);
            v[c] = v[c] + v[d]; v[b] = hsh_ror32(v[b] ^ v[c], 12);
            v[a] = v[a] + v[b] + m[s[2 * i + 1]]; v[d] = hsh_ror32(v[d] ^ v[a], 8);
            v[c] = v[c] + v[d]; v[b] = hsh_ror32(v[b] ^ v[c], 7);
        }
    }
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/* BLAKE2 of p[0:n] with key k[0:kn] and digest size `size`; `wide`: BLAKE2b (else 2s). */
static int32_t hsh_blake2(const uint8_t *p, int32_t n, int64_t size, const uint8_t *k, int32_t kn, int32_t wide,
                          int32_t hex, ssc_bytes *out) {
    int32_t max = wide ? 64 : 32, bs = wide ? 128 : 64;
    if (size < 1 || size > max) {
        ssc_raise_cstr(SSC_EXC_ValueError, wide ? "digest_size must be between 1 and 64 bytes"
                                                : "digest_size must be between 1 and 32 bytes");
        return SSC_RAISED;
    }
    if (kn > max) {
        ssc_raise_cstr(SSC_EXC_ValueError, wide ? "maximum key length is 64 bytes" : "maximum key length is 32 bytes");
        return SSC_RAISED;
    }
    uint64_t hb[8];
    uint32_t hs[8];
    uint64_t param = 0x01010000u ^ ((uint64_t)kn << 8) ^ (uint64_t)size;
    for (int i = 0; i < 8; i++) {
        hb[i] = hsh_blake2b_iv[i];
        hs[i] = (uint32_t)(hsh_blake2b_iv[i] >> 32);
    }
    hb[0] ^= param;
    hs[0] ^= (uint32_t)param;
    uint8_t block[128];
    uint64_t t = 0;
    int32_t i = 0;
    if (kn > 0) {   /* the key, zero-padded, is the first block */
        for (int32_t j = 0; j < bs; j++) block[j] = j < kn ? k[j] : 0;
        t = (uint64_t)bs;
        if (n == 0) goto final_block;
        if (wide) hsh_blake2b_f(hb, block, t, 0); else hsh_blake2s_f(hs, block, t, 0);
    }
    for (; n - i > bs; i += bs) {   /* all but the last block (which may be full) */
        t += (uint64_t)bs;
        if (wide) hsh_blake2b_f(hb, p + i, t, 0); else hsh_blake2s_f(hs, p + i, t, 0);
    }
    for (int32_t j = 0; j < bs; j++) block[j] = i + j < n ? p[i + j] : 0;
    t += (uint64_t)(n - i);
final_block:
    if (wide) hsh_blake2b_f(hb, block, t, 1); else hsh_blake2s_f(hs, block, t, 1);
    uint8_t d[64];
    for (int j = 0; j < max; j++)
        d[j] = wide ? (uint8_t)(hb[j / 8] >> (8 * (j % 8))) : (uint8_t)(hs[j / 4] >> (8 * (j % 4)));
    return hsh_result(d, (int32_t)size, hex, out);
}

int32_t ssc_blake2b_digest(const uint8_t *p, int32_t n, int64_t size, const uint8_t *k, int32_t kn, ssc_bytes *out) {
    return hsh_blake2(p, n, size, k, kn, 1, 0, out);
}
int32_t ssc_blake2b_hexdigest(const uint8_t *p, int32_t n, int64_t size, const uint8_t *k, int32_t kn,
                              ssc_bytes *out) {
    return hsh_blake2(p, n, size, k, kn, 1, 1, out);
}
int32_t ssc_blake2s_digest(const uint8_t *p, int32_t n, int64_t size, const uint8_t *k, int32_t kn, ssc_bytes *out) {
    return hsh_blake2(p, n, size, k, kn, 0, 0, out);
}
int32_t ssc_blake2s_hexdigest(const uint8_t *p, int32_t n, int64_t size, const uint8_t *k, int32_t kn,
                              ssc_bytes *out) {
    return hsh_blake2(p, n, size, k, kn, 0, 1, out);
}
