;; Not a SmartStream: no filter, map or aggregate export (like Fluvio's
;; filter_missing_attribute.wasm test module, spec §7).
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "dealloc") (param i32 i32))
)
