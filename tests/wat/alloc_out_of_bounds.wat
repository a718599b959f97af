;; An L0 filter whose alloc returns an address beyond its linear memory
;; (spec §2: "alloc must return an in-bounds region"; the host checks).
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 0x7fff0000))
  (func (export "dealloc") (param i32 i32))
  (func (export "filter") (param $ptr i32) (param $len i32) (result i32)
    (i32.const 0))
)
