;; An entry of neither ABI's type: (i32, i32) -> (i64).
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32) (result i64) (i64.const 0))
)
