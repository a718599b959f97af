;; A current-ABI map importing a function Fluvio's linker does not define
;; (only copy_records and WASI preview1 are linked, fluvio-abi.md §3).
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (import "env" "log" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "map") (param i32 i32 i32) (result i32) (i32.const 0))
)
