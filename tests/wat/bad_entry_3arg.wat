;; A current-ABI SmartModule filter: (ptr, len, version) -> i32 (spec §3),
;; which a legacy (L0) host cannot call; ssc.load loads it as a SmartModule.
;; Its filter returns 0 without calling copy_records.
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32 i32) (result i32) (i32.const 0))
)
