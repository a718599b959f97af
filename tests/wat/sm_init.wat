;; A current-ABI filter with init (fluvio-abi.md §3 "init").
;;
;; init keeps a copy of its input (the SmartModuleInitInput) and its
;; version argument, then returns __INIT_RET__; when that is -2
;; (InitError) it first hands the host the __LEN__ bytes of __DATA__, a
;; SmartModuleInitOutput. The filter outputs one record: key = init's
;; version argument (big-endian u32; 0xffffffff if init never ran), value =
;; init's input bytes, so a test sees exactly what init received.
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 8)
  (global $init_len (mut i32) (i32.const 0))
  (global $init_version (mut i32) (i32.const -1))
  ;; init's input is kept at 128 KiB; the static output sits at 1024
  (data (i32.const 1024) __DATA__)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  ;; @lib
  (func (export "init") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (memory.copy (i32.const 131072) (local.get $ptr) (local.get $len))
    (global.set $init_len (local.get $len))
    (global.set $init_version (local.get $version))
    (if (i32.eq (i32.const __INIT_RET__) (i32.const -2))
      (then (call $copy_records (i32.const 1024) (i32.const __LEN__))))
    (i32.const __INIT_RET__))
  (func (export "filter") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (call $emit (i32.const 131072) (global.get $init_len) (global.get $init_version)
                (local.get $version) (i32.const 0) (i32.const -1))
    (i32.const 1))
)
