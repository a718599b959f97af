;; A pass-through L0 filter (spec fluvio-abi.md §2).
;;
;; The output is the input's record_data (an encoded Vec<Record>) followed
;; by 00 (error: None), so every record comes back unchanged; it returns
;; the record count. Tests re-export the entry as "map" or "aggregate"
;; (an aggregate input only adds the accumulator after record_data).
;;
;; Memory: alloc always returns the scratch region at 64 KiB (the guest
;; reuses one buffer, so memory stays flat across equal batches) and grows
;; memory so that the input and, right after it, the output fit.
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 1)
  (global $scratch i32 (i32.const 65536))

  ;; alloc(len) -> scratch, with scratch + 2*len + 16 bytes available
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $need i32)
    (local.set $need
      (i32.add (global.get $scratch)
               (i32.add (i32.shl (local.get $len) (i32.const 1)) (i32.const 16))))
    (if (i32.gt_u (local.get $need) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (drop (memory.grow
          (i32.sub (i32.shr_u (i32.add (local.get $need) (i32.const 65535)) (i32.const 16))
                   (memory.size))))))
    (global.get $scratch))

  (func (export "dealloc") (param i32 i32))

  ;; big-endian u32 at p (spec §1: integers are big-endian)
  (func $be32 (param $p i32) (result i32)
    (i32.or
      (i32.or (i32.shl (i32.load8_u (local.get $p)) (i32.const 24))
              (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 16)))
      (i32.or (i32.shl (i32.load8_u offset=2 (local.get $p)) (i32.const 8))
              (i32.load8_u offset=3 (local.get $p)))))

  ;; input: base_offset i64 | record_data: u32 n, n bytes (= u32 count, records)
  (func (export "filter") (param $ptr i32) (param $len i32) (result i32)
    (local $n i32) (local $src i32) (local $dst i32) (local $i i32)
    (local.set $n (call $be32 (i32.add (local.get $ptr) (i32.const 8))))
    (local.set $src (i32.add (local.get $ptr) (i32.const 12)))
    (local.set $dst (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i))
                    (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    ;; SmartStreamOutput.error = None
    (i32.store8 (i32.add (local.get $dst) (local.get $n)) (i32.const 0))
    (call $copy_records (local.get $dst) (i32.add (local.get $n) (i32.const 1)))
    ;; return successes.len(): the Vec<Record> count
    (call $be32 (local.get $src)))
)
