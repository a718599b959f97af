;; A filter whose alloc takes an i64 (spec §2: alloc is (i32) -> (i32)).
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i64) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32) (result i32) (i32.const 0))
)
