;; A current-ABI filter whose init has two parameters: init must be
;; (i32, i32, i32) -> i32 like every SmartModule function (fluvio-abi.md §3).
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "init") (param i32 i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32 i32) (result i32) (i32.const 0))
)
