// examples/aggregate_concat.py (legacy ABI, `aggregate`): the accumulator is
// the concatenation of the values so far, each decoded as UTF-8; every
// record's output value is the running accumulator. See ref.ts and
// bench/c/aggregate_concat.c (the same reasoning: the initial accumulator is
// checked once, and the running one is the previous output record's value).
import {
  ERR_DECODING_RECORDS, HINT_UTF8, LEGACY_AGGREGATE, accumulator, accumulatorLen, beginRecord, decodeInput,
  done, fail, finishRecord, outStartAfterInput, readRecord, recValue, recValueLen, recordBytes, recordCount,
  utf8Valid,
} from "./ref";

export { alloc, dealloc } from "./ref";

export function aggregate(ptr: i32, len: i32): i32 {
  const status = decodeInput(ptr, len, true);
  if (status) return status;
  outStartAfterInput(recordBytes());
  let acc = accumulator;
  let accLen = <u32>accumulatorLen;
  for (let i = 0; i < recordCount; i++) {
    if (!readRecord()) return ERR_DECODING_RECORDS;
    if ((i == 0 && !utf8Valid(acc, <i32>accLen)) || !utf8Valid(recValue, recValueLen)) {
      return fail(LEGACY_AGGREGATE, HINT_UTF8);
    }
    const vlen = accLen + <u32>recValueLen;
    const p = beginRecord(vlen);
    memory.copy(p, acc, accLen);
    memory.copy(p + accLen, recValue, <u32>recValueLen);
    finishRecord(p + vlen);
    acc = p;
    accLen = vlen;
  }
  return done();
}
