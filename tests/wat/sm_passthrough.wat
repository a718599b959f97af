;; A current-ABI pass-through (fluvio-abi.md §3): the transform __ENTRY__
;; (filter, map or filter_map) outputs every input record unchanged, deltas
;; included, and returns the record count.
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 8)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  ;; @lib
  (func (export "__ENTRY__") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (call $pass (local.get $ptr)))
)
