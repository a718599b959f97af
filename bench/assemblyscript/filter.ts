// examples/filter.py (legacy ABI, `filter`): keep the records whose value,
// decoded as UTF-8, contains "a". See ref.ts.
import {
  ERR_DECODING_RECORDS, HINT_UTF8, LEGACY_FILTER, decodeInput, done, fail, keep, outStartAfterInput,
  readRecord, recValue, recValueLen, recordBytes, recordCount, utf8Valid,
} from "./ref";

export { alloc, dealloc } from "./ref";

export function filter(ptr: i32, len: i32): i32 {
  const status = decodeInput(ptr, len, false);
  if (status) return status;
  outStartAfterInput(recordBytes());
  for (let i = 0; i < recordCount; i++) {
    if (!readRecord()) return ERR_DECODING_RECORDS;
    const v = recValue, n = recValueLen;
    if (!utf8Valid(v, n)) return fail(LEGACY_FILTER, HINT_UTF8);
    for (let j = 0; j < n; j++) {
      if (load<u8>(v + <usize>j) == 0x61) {
        keep();
        break;
      }
    }
  }
  return done();
}
