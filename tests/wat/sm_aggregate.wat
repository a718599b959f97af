;; A current-ABI aggregate (fluvio-abi.md §3) that shows how the host keeps
;; the accumulator. Per batch: new accumulator = the input accumulator
;; followed by one byte, '0' + the number of records in the batch. It
;; outputs one record (key = the version argument as a big-endian u32,
;; value = the new accumulator) and, at version >= 16, the new accumulator
;; as the SmartModuleAggregateOutput's final accumulator.
;;
;; Finding the accumulator makes the module branch on the version, as a
;; real guest must: after base_offset (8) and raw_bytes (4 + n) come
;; params (v <= 22: an empty map, 2 bytes, plus lookback None from v20),
;; join_record (16 <= v <= 22: 4 bytes), base_timestamp (v >= 22: 8 bytes).
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 8)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  ;; @lib
  (func (export "aggregate") (param $ptr i32) (param $len i32) (param $v i32) (result i32)
    (local $p i32) (local $n i32)
    (local.set $p (i32.add (i32.add (local.get $ptr) (i32.const 12))
                           (call $be32 (i32.add (local.get $ptr) (i32.const 8)))))
    (if (i32.le_u (local.get $v) (i32.const 22))
      (then (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (if (i32.ge_u (local.get $v) (i32.const 20))
              (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))))
    (if (i32.and (i32.ge_u (local.get $v) (i32.const 16)) (i32.le_u (local.get $v) (i32.const 22)))
      (then (local.set $p (i32.add (local.get $p) (i32.const 4)))))
    (if (i32.ge_u (local.get $v) (i32.const 22))
      (then (local.set $p (i32.add (local.get $p) (i32.const 8)))))
    ;; the accumulator: u32 n, n bytes; the new one is built at 128 KiB
    (local.set $n (call $be32 (local.get $p)))
    (memory.copy (i32.const 131072) (i32.add (local.get $p) (i32.const 4)) (local.get $n))
    (i32.store8 (i32.add (i32.const 131072) (local.get $n))
                (i32.add (i32.const 48) (call $be32 (i32.add (local.get $ptr) (i32.const 12)))))
    (local.set $n (i32.add (local.get $n) (i32.const 1)))
    (call $emit (i32.const 131072) (local.get $n) (local.get $v) (local.get $v)
                (i32.const 131072) (local.get $n))
    (i32.const 1))
)
