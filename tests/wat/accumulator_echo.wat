;; An L0 aggregate that outputs one record whose value is the accumulator
;; it was given (spec §2 SmartStreamAggregateInput: base_offset i64,
;; record_data Vec<u8>, accumulator Vec<u8>). Accumulators must be shorter
;; than 58 bytes so that every varint below is one byte.
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 32768)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  (func $be32 (param $p i32) (result i32)
    (i32.or
      (i32.or (i32.shl (i32.load8_u (local.get $p)) (i32.const 24))
              (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 16)))
      (i32.or (i32.shl (i32.load8_u offset=2 (local.get $p)) (i32.const 8))
              (i32.load8_u offset=3 (local.get $p)))))
  (func (export "aggregate") (param $ptr i32) (param $len i32) (result i32)
    (local $acc i32) (local $n i32) (local $out i32) (local $i i32)
    ;; accumulator: u32 length after record_data, then its bytes
    (local.set $acc
      (i32.add (i32.add (local.get $ptr) (i32.const 12))
               (call $be32 (i32.add (local.get $ptr) (i32.const 8)))))
    (local.set $n (call $be32 (local.get $acc)))
    (local.set $acc (i32.add (local.get $acc) (i32.const 4)))
    (local.set $out (i32.const 98304))
    ;; Vec<Record> count = 1
    (i32.store (local.get $out) (i32.const 0x01000000))
    ;; record: varint L = 6 + n, then 00 attributes, 00 ts, 00 od, 00 key None
    (i32.store8 offset=4 (local.get $out)
      (i32.shl (i32.add (local.get $n) (i32.const 6)) (i32.const 1)))
    (i32.store offset=5 (local.get $out) (i32.const 0))
    ;; value: varint n, then the bytes
    (i32.store8 offset=9 (local.get $out) (i32.shl (local.get $n) (i32.const 1)))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 offset=10 (i32.add (local.get $out) (local.get $i))
                    (i32.load8_u (i32.add (local.get $acc) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    ;; headers 0, then error None
    (i32.store16 offset=10 (i32.add (local.get $out) (local.get $n)) (i32.const 0))
    (call $copy_records (local.get $out) (i32.add (local.get $n) (i32.const 12)))
    (i32.const 1))
)
