;; An L0 module whose entry ignores its input, calls copy_records on a
;; fixed output buffer and returns a fixed status (spec fluvio-abi.md §2).
;;
;; A template: the test fills in
;;   __ENTRY__  the entry export name (filter | map | aggregate)
;;   __DATA__   the output bytes, as a WAT string ("\00\00...")
;;   __LEN__    their length
;;   __RET__    the i32 the entry returns (< 0 is an internal error code)
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)
  ;; the output lives at 1024; inputs go to the scratch page at 64 KiB
  (data (i32.const 1024) __DATA__)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  (func (export "__ENTRY__") (param $ptr i32) (param $len i32) (result i32)
    (call $copy_records (i32.const 1024) (i32.const __LEN__))
    (i32.const __RET__))
)
