;; A filter without the `memory` export (spec §2 "Module shape").
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32) (result i32) (i32.const 0))
)
