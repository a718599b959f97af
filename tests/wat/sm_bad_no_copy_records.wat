;; A current-ABI filter without the copy_records import: Fluvio refuses it
;; ("At least one import is required", fluvio-abi.md §3).
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32 i32) (result i32) (i32.const 0))
)
