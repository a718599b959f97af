;; A module with a correct map (i32, i32, i32) -> i32 but a filter of
;; another type. Fluvio probes filter first, and a present export of the
;; wrong type is an error, not skipped (fluvio-abi.md §3).
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32) (result i32) (i32.const 0))
  (func (export "map") (param i32 i32 i32) (result i32) (i32.const 0))
)
