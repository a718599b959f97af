;; An L0 filter that returns 0 without calling copy_records, which breaks
;; the call sequence (spec §2 step 4: the host has no output to decode).
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  (func (export "filter") (param $ptr i32) (param $len i32) (result i32)
    (i32.const 0))
)
