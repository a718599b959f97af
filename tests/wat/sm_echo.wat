;; A current-ABI SmartModule (fluvio-abi.md §3) that shows the host's input.
;;
;; Its transform outputs one record: key = the version argument as a
;; big-endian u32, value = the exact input bytes the host wrote (the
;; encoded SmartModuleInput or SmartModuleAggregateInput). A test decodes
;; nothing: it compares those bytes with the spec's layouts.
;;
;; A template: __ENTRY__ is the transform export (filter, map, filter_map,
;; array_map, aggregate); __AGG__ is 1 for aggregate, whose output then
;; ends with an empty accumulator (version >= 16), else 0.
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 8)
  ;; inputs go to the page at 64 KiB (at most 64 KiB)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  ;; @lib
  (func (export "__ENTRY__") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (call $emit (local.get $ptr) (local.get $len) (local.get $version) (local.get $version)
                (i32.const 0) (select (i32.const 0) (i32.const -1) (i32.const __AGG__)))
    (i32.const 1))
)
