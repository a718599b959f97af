// Shared pieces of the benchmark's AssemblyScript peers (bench/assemblyscript).
//
// What an AssemblyScript programmer writes against the Fluvio legacy ABI
// (shared/reference/fluvio-abi.md; § numbers are that file's), as the C
// references of bench/c do in C (bench/c/ref.h has the same design, which
// this file follows piece by piece):
//
//  - memory: a bump heap of our own from __heap_base (no managed objects, so
//    AssemblyScript's stub runtime allocates nothing). `alloc` (§2 step 2,
//    once per batch) rewinds it and hands out the input buffer; the output
//    is built right after the input, grown in place.
//  - input: read in place, one record at a time (§1 Record, §2
//    SmartStreamInput); output: one buffer, u32 BE count, the records, the
//    Option<error> byte; one copy_records call; return the count.
//  - records keep the input's wire bytes for what the program does not
//    change; a Python exception is an in-band runtime error with a short
//    fixed hint naming it.

// §2: the one import.
@external("env", "copy_records")
declare function copy_records(ptr: i32, len: i32): void;

// §2 SmartStreamInternalError.
export const ERR_DECODING_BASE_INPUT: i32 = -11;
export const ERR_DECODING_RECORDS: i32 = -22;

// §2 SmartStreamType (0.2.x): the runtime error's kind.
export const LEGACY_FILTER: i32 = 0;
export const LEGACY_MAP: i32 = 1;
export const LEGACY_AGGREGATE: i32 = 2;

export const HINT_UTF8 = "UnicodeDecodeError: 'utf-8' codec can't decode the value";
export const HINT_INT_INVALID = "ValueError: invalid literal for int() with base 10";
export const HINT_INT_OVERFLOW = "OverflowError: int too large for ssc's int64";

// ---- memory ----------------------------------------------------------------

let heapNext: usize = 0;
let memEnd: usize = 0;

// Makes [0, end) addressable, growing memory by at least doubling it.
function memReach(end: usize): void {
  let have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    const doubled = <i32>(have >> 16);
    if (memory.grow(pages > doubled ? pages : doubled) < 0 && memory.grow(pages) < 0) unreachable();
    have = <usize>memory.size() << 16;
  }
  memEnd = have;
}

// Rewinds the heap: a new batch. The host copied the last output already.
export function alloc(len: i32): i32 {
  const start = (__heap_base + 7) & ~(<usize>7);
  const size = len < 0 ? <usize>0 : <usize>len;
  const end = start + ((size + 7) & ~(<usize>7));
  if (end > memEnd) memReach(end);
  heapNext = end;
  return <i32>start;
}

// Never called by a host: the batch owns its memory.
export function dealloc(ptr: i32, len: i32): void {}

// ---- UTF-8 (bytes.decode()) ------------------------------------------------

// The length of the well-formed UTF-8 sequence at p (lead byte >= 0x80), or 0.
// @ts-ignore: decorator
@inline function utf8Seq(p: usize, avail: i32): i32 {
  const c = load<u8>(p);
  if (c < 0xc2 || c > 0xf4) return 0;
  if (c < 0xe0) return avail >= 2 && (load<u8>(p, 1) & 0xc0) == 0x80 ? 2 : 0;
  if (avail < 3) return 0;
  const lo: u8 = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
  const hi: u8 = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
  const c1 = load<u8>(p, 1);
  if (c1 < lo || c1 > hi || (load<u8>(p, 2) & 0xc0) != 0x80) return 0;
  if (c < 0xf0) return 3;
  return avail >= 4 && (load<u8>(p, 3) & 0xc0) == 0x80 ? 4 : 0;
}

// bytes.decode("utf-8") succeeds: ASCII 8 bytes at a time, else by sequence.
export function utf8Valid(p: usize, n: i32): bool {
  let i = 0;
  while (i < n) {
    while (n - i >= 8) {
      if (load<u64>(p + <usize>i) & 0x8080808080808080) break;
      i += 8;
    }
    if (i >= n) break;
    if (load<u8>(p + <usize>i) < 0x80) {
      i++;
      continue;
    }
    const k = utf8Seq(p + <usize>i, n - i);
    if (k == 0) return false;
    i += k;
  }
  return true;
}

// ---- input (§1, §2) ----------------------------------------------------------
//
// The reader, the current record and the batch are globals: a program makes no
// managed object (the stub runtime's allocator would share our heap).

let rp: usize = 0;       // the read position
let rEnd: usize = 0;     // the end of the record data
let rBad = false;        // a read ran past the end

// §1 varint (zigzag LEB128), 64-bit; sets rBad if it does not decode.
// @ts-ignore: decorator
@inline function varint(): i64 {
  const p = rp;
  if (p < rEnd) {
    const b = load<u8>(p);
    if (b < 0x80) {
      rp = p + 1;
      return <i64>(b >> 1) ^ -(<i64>(b & 1));
    }
  }
  return varintLong();
}

function varintLong(): i64 {
  let p = rp;
  let raw: u64 = 0;
  for (let shift: u64 = 0; shift < 64; shift += 7) {
    if (p >= rEnd) break;
    const b = load<u8>(p++);
    raw |= <u64>(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      rp = p;
      return <i64>(raw >> 1) ^ -(<i64>(raw & 1));
    }
  }
  rBad = true;
  return 0;
}

// One record, as positions in the input: [recBody, recKeyOpt) attributes and
// deltas, [recKeyOpt, recValueLenAt) the key option, [recHeaders, recEnd) the
// header count.
export let recBody: usize = 0;
export let recKeyOpt: usize = 0;
export let recValueLenAt: usize = 0;
export let recValue: usize = 0;
export let recValueLen: i32 = 0;
export let recHeaders: usize = 0;
export let recEnd: usize = 0;
export let recOffsetDelta: i64 = 0;

// RecordData: a varint length, then that many bytes; where they start, or 0.
// @ts-ignore: decorator
@inline function data(): usize {
  const n = varint();
  if (rBad || n < 0 || n > <i64>(rEnd - rp)) return 0;
  const at = rp;
  rp += <usize>n;
  recValueLen = <i32>n;
  return at;
}

// §1 Record: varint L (L bytes must remain), then the fields in order. false on failure.
export function readRecord(): bool {
  const len = varint();
  if (rBad || len < 0 || len > <i64>(rEnd - rp)) return false;
  recBody = rp;
  if (rp >= rEnd) return false;
  rp++;                                               // attributes
  varint();                                           // timestamp delta
  recOffsetDelta = varint();
  if (rBad) return false;
  recKeyOpt = rp;
  if (rp >= rEnd) return false;
  const hasKey = load<u8>(rp++);
  if (hasKey > 1 || (hasKey == 1 && data() == 0)) return false;
  recValueLenAt = rp;
  recValue = data();
  if (recValue == 0) return false;
  recHeaders = rp;
  varint();
  if (rBad) return false;
  recEnd = rp;
  return true;
}

function be32(p: usize): u32 {
  return bswap<u32>(load<u32>(p));
}

export let baseOffset: i64 = 0;
export let recordCount: i32 = 0;
export let accumulator: usize = 0;
export let accumulatorLen: i32 = 0;

let vecLen: i32 = 0;

// Vec<u8>: i32 BE length (< 1 is empty), then the bytes; where they start (their
// length in vecLen), or 0 on failure.
function readVec(p: usize, end: usize): usize {
  if (end - p < 4) return 0;
  let n = <i32>be32(p);
  if (n < 0) n = 0;
  if (<usize>n > end - p - 4) return 0;
  vecLen = n;
  return p + 4;
}

// One batch: §2 SmartStreamInput { base_offset, record_data: Vec<u8> }
// (+ accumulator: Vec<u8> for the aggregate). 0, or the negative return code.
export function decodeInput(ptr: i32, len: i32, withAccumulator: bool): i32 {
  let p = <usize>ptr;
  const end = p + <usize>(len < 0 ? 0 : len);
  if (end - p < 8) return ERR_DECODING_BASE_INPUT;
  baseOffset = bswap<i64>(load<i64>(p));
  p += 8;
  const records = readVec(p, end);
  if (records == 0) return ERR_DECODING_BASE_INPUT;
  const recordsLen = vecLen;
  p = records + <usize>recordsLen;
  if (withAccumulator) {
    accumulator = readVec(p, end);
    if (accumulator == 0) return ERR_DECODING_BASE_INPUT;
    accumulatorLen = vecLen;
  }
  if (recordsLen < 4) return ERR_DECODING_RECORDS;
  const count = <i32>be32(records);
  recordCount = count < 0 ? 0 : count;
  rp = records + 4;
  rEnd = records + <usize>recordsLen;
  rBad = false;
  return 0;
}

// ---- output (§2 SmartStreamOutput) -------------------------------------------

function varintSize(n: u32): u32 {
  let z = <u64>n << 1;
  let k: u32 = 1;
  while (z >= 0x80) {
    z >>= 7;
    k++;
  }
  return k;
}

function putLen(p: usize, n: u32): usize {
  let z = <u64>n << 1;
  while (z >= 0x80) {
    store<u8>(p++, <u8>(z | 0x80));
    z >>= 7;
  }
  store<u8>(p++, <u8>z);
  return p;
}

let outStart: usize = 0;
let outP: usize = 0;
let outCount: i32 = 0;

// Room for n more bytes: the output is the heap's last allocation.
// @ts-ignore: decorator
@inline function room(n: u32): void {
  if (memEnd - outP < <usize>n) memReach(outP + <usize>n);
}

// Starts the output after the input, with room for `estimate` bytes.
export function outStartAfterInput(estimate: u32): void {
  outStart = heapNext;
  outP = outStart + 4;
  outCount = 0;
  room(estimate + 16);
}

// The record data's size: the output's first estimate.
export function recordBytes(): u32 {
  return <u32>(rEnd - rp);
}

// Keeps the current record unchanged (filter).
export function keep(): void {
  const body = <u32>(recEnd - recBody);
  room(body + 5);
  const p = putLen(outP, body);
  memory.copy(p, recBody, body);
  outP = p + body;
  outCount++;
}

// Starts a record with the current one's fields and a value of vlen bytes;
// returns where the value goes. finishRecord closes it.
export function beginRecord(vlen: u32): usize {
  const head = <u32>(recValueLenAt - recBody);
  const tail = <u32>(recEnd - recHeaders);
  const body = head + varintSize(vlen) + vlen + tail;
  room(body + 5);
  const p = putLen(outP, body);
  memory.copy(p, recBody, head);
  return putLen(p + head, vlen);
}

export function finishRecord(valueEnd: usize): void {
  const tail = <u32>(recEnd - recHeaders);
  memory.copy(valueEnd, recHeaders, tail);
  outP = valueEnd + tail;
  outCount++;
}

// Patches the count, hands the output to the host, returns the count.
function hand(): i32 {
  store<u32>(outStart, bswap<u32>(<u32>outCount));
  copy_records(<i32>outStart, <i32>(outP - outStart));
  return outCount;
}

// Ends the batch with no error.
export function done(): i32 {
  room(1);
  store<u8>(outP++, 0);                               // error: None
  return hand();
}

// Ends the batch at the current record, which raised: §2 SmartStreamRuntimeError
// { hint, offset, kind, key, value }, the key and value copied as they are.
export function fail(kind: i32, hint: string): i32 {
  const hintLen = hint.length;                        // the hints are ASCII
  const kvLen = <u32>(recHeaders - recKeyOpt);
  room(<u32>(1 + 2 + hintLen + 8 + 1) + kvLen);
  let p = outP;
  store<u8>(p++, 1);                                  // Some(error)
  store<u8>(p++, <u8>(hintLen >> 8));
  store<u8>(p++, <u8>hintLen);
  for (let i = 0; i < hintLen; i++) store<u8>(p++, <u8>hint.charCodeAt(i));
  store<i64>(p, bswap<i64>(baseOffset + recOffsetDelta));
  p += 8;
  store<u8>(p++, <u8>kind);
  memory.copy(p, recKeyOpt, kvLen);
  outP = p + kvLen;
  return hand();
}

// ---- int(str) and str(int) (map_double) --------------------------------------

export const INT_OK = 0;
export const INT_INVALID = 1;    // ValueError
export const INT_OVERFLOW = 2;   // outside int64: ssc's OverflowError
export let parsed: i64 = 0;

// The non-ASCII characters CPython's int() reads as a space, and the first code
// point of every run of ten Unicode decimal digits (Nd), Unicode 14.0, as
// bench/c/ref.h has them.
const UNI_SPACES: StaticArray<u32> = [0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
const UNI_ZEROS: StaticArray<u32> = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
  0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0,
  0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066,
  0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50,
  0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0,
  0x1e950, 0x1fbf0];

let ip: usize = 0;       // int()'s read position
let iEnd: usize = 0;

// A non-ASCII character (valid UTF-8) as int() sees it: ' ', an ASCII digit, or '?'.
function intCharUnicode(): i32 {
  const c = <u32>load<u8>(ip);
  let cp: u32;
  if (c < 0xe0) {
    cp = ((c & 0x1f) << 6) | (load<u8>(ip, 1) & 0x3f);
    ip += 2;
  } else if (c < 0xf0) {
    cp = ((c & 0x0f) << 12) | (<u32>(load<u8>(ip, 1) & 0x3f) << 6) | (load<u8>(ip, 2) & 0x3f);
    ip += 3;
  } else {
    cp = ((c & 0x07) << 18) | (<u32>(load<u8>(ip, 1) & 0x3f) << 12) | (<u32>(load<u8>(ip, 2) & 0x3f) << 6)
      | (load<u8>(ip, 3) & 0x3f);
    ip += 4;
  }
  for (let i = 0; i < UNI_SPACES.length; i++) if (cp == UNI_SPACES[i]) return 32;
  for (let i = 0; i < UNI_ZEROS.length; i++) if (cp - UNI_ZEROS[i] < 10) return 48 + <i32>(cp - UNI_ZEROS[i]);
  return 63;
}

// The next character of int()'s input, or -1 at the end.
// @ts-ignore: decorator
@inline function intChar(): i32 {
  if (ip >= iEnd) return -1;
  const c = load<u8>(ip);
  if (c < 0x80) {
    ip++;
    return c;
  }
  return intCharUnicode();
}

// @ts-ignore: decorator
@inline function isSpace(c: i32): bool {
  return c == 32 || (c >= 9 && c <= 13);
}

// int(s) for a str s (valid UTF-8), base 10, as CPython's PyLong_FromString:
// surrounding whitespace, a sign, digits with single '_' between them, at most
// 4300 digits; the value in `parsed`.
export function parseInt64(p: usize, n: i32): i32 {
  ip = p;
  iEnd = p + <usize>n;
  let c = intChar();
  while (isSpace(c)) c = intChar();
  const negative = c == 45;
  if (c == 45 || c == 43) c = intChar();
  if (c == 95) return INT_INVALID;
  let magnitude: u64 = 0;
  let tooBig = false;
  let digits = 0;
  let prev = 0;
  const limit: u64 = <u64>1 << 63;
  for (;; prev = c, c = intChar()) {
    const d = <u32>(c - 48);
    if (d < 10) {
      digits++;
      if (magnitude > limit / 10) tooBig = true;
      else {
        magnitude = magnitude * 10 + d;
        if (magnitude > limit) tooBig = true;
      }
    } else if (c == 95) {
      if (prev == 95) return INT_INVALID;
    } else {
      break;
    }
  }
  if (prev == 95 || digits == 0 || digits > 4300) return INT_INVALID;
  while (isSpace(c)) c = intChar();
  if (c != -1) return INT_INVALID;
  if (tooBig || (!negative && magnitude == limit)) return INT_OVERFLOW;
  parsed = negative ? <i64>(0 - magnitude) : <i64>magnitude;
  return INT_OK;
}

// The decimal digits of v (no sign), written to end at `end`; returns the first.
export function udigits(v: u64, end: usize): usize {
  do {
    store<u8>(--end, <u8>(48 + v % 10));
    v /= 10;
  } while (v);
  return end;
}
