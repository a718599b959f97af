;; A filter whose start function traps, so it cannot be instantiated.
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func $start (unreachable))
  (start $start)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32) (result i32) (i32.const 0))
)
