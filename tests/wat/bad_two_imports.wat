;; A filter with two imports: copy_records and a WASI function. The L0 host
;; links exactly one import by position (spec §2 "Module shape").
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "filter") (param i32 i32) (result i32) (i32.const 0))
)
