;; An L0 filter whose entry traps (as a guest panic does: Rust aborts
;; with `unreachable`).
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  (func (export "filter") (param $ptr i32) (param $len i32) (result i32)
    (unreachable))
)
