;; A current-ABI module whose transform ignores its input, calls
;; copy_records on a fixed output buffer and returns a fixed status
;; (fluvio-abi.md §3), so a test controls exactly what the host decodes.
;;
;; A template:
;;   __ENTRY__  the transform export (filter | map | filter_map | array_map | aggregate)
;;   __DATA__   the output bytes, as a WAT string ("\00\00...")
;;   __LEN__    their length
;;   __RET__    the i32 it returns (< 0 is an error status)
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)
  (data (i32.const 1024) __DATA__)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  (func (export "__ENTRY__") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (call $copy_records (i32.const 1024) (i32.const __LEN__))
    (i32.const __RET__))
)
