;; A filter whose one import has the wrong type: copy_records must be
;; (i32, i32) -> () (spec §2 "Module shape").
(module
  (import "env" "copy_records" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32) (result i32) (i32.const 0))
)
