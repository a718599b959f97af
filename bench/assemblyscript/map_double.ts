// examples/map_double.py (legacy ABI, `map`): the value as an int, doubled:
// str(int(value.decode()) * 2). See ref.ts.
import {
  ERR_DECODING_RECORDS, HINT_INT_INVALID, HINT_INT_OVERFLOW, HINT_UTF8, INT_INVALID, INT_OVERFLOW, LEGACY_MAP,
  beginRecord, decodeInput, done, fail, finishRecord, outStartAfterInput, parseInt64, parsed, readRecord,
  recValue, recValueLen, recordBytes, recordCount, udigits, utf8Valid,
} from "./ref";

export { alloc, dealloc } from "./ref";

const digits = memory.data(24);

export function map(ptr: i32, len: i32): i32 {
  const status = decodeInput(ptr, len, false);
  if (status) return status;
  outStartAfterInput(recordBytes());
  for (let i = 0; i < recordCount; i++) {
    if (!readRecord()) return ERR_DECODING_RECORDS;
    if (!utf8Valid(recValue, recValueLen)) return fail(LEGACY_MAP, HINT_UTF8);
    const result = parseInt64(recValue, recValueLen);
    if (result == INT_INVALID) return fail(LEGACY_MAP, HINT_INT_INVALID);
    let n = parsed;
    if (result == INT_OVERFLOW || n > i64.MAX_VALUE / 2 || n < i64.MIN_VALUE / 2) return fail(LEGACY_MAP, HINT_INT_OVERFLOW);
    n *= 2;
    const end = digits + 24;
    let first = udigits(n < 0 ? <u64>(0 - n) : <u64>n, end);
    if (n < 0) store<u8>(--first, 0x2d);
    const vlen = <u32>(end - first);
    const p = beginRecord(vlen);
    memory.copy(p, first, vlen);
    finishRecord(p + vlen);
  }
  return done();
}
