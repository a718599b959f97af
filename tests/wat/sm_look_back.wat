;; A current-ABI map with look_back (fluvio-abi.md §3 "look_back").
;;
;; look_back keeps a copy of its input (a SmartModuleInput) and its
;; version argument, then returns __LB_RET__; when that is -99
;; (PropagatedError) it first hands the host the __LEN__ bytes of __DATA__,
;; a SmartModuleLookbackOutput. The map outputs one record: key =
;; look_back's version argument (big-endian u32; 0xffffffff if it never
;; ran), value = look_back's input bytes.
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 8)
  (global $lb_len (mut i32) (i32.const 0))
  (global $lb_version (mut i32) (i32.const -1))
  (data (i32.const 1024) __DATA__)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  ;; @lib
  (func (export "look_back") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (memory.copy (i32.const 131072) (local.get $ptr) (local.get $len))
    (global.set $lb_len (local.get $len))
    (global.set $lb_version (local.get $version))
    (if (i32.eq (i32.const __LB_RET__) (i32.const -99))
      (then (call $copy_records (i32.const 1024) (i32.const __LEN__))))
    (i32.const __LB_RET__))
  (func (export "map") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (call $emit (i32.const 131072) (global.get $lb_len) (global.get $lb_version)
                (local.get $version) (i32.const 0) (i32.const -1))
    (i32.const 1))
)
