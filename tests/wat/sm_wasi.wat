;; A current-ABI filter built the way smdk builds by default (wasm32-wasip1,
;; fluvio-abi.md §3): it imports WASI preview1 functions, and copy_records
;; from a namespace other than "env" (Fluvio links it by field name). The
;; filter writes "hello from wasi\n" to stderr with fd_write, then passes
;; every record through. It never calls proc_exit.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "host" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 8)
  ;; an iovec {ptr 32, len 16} at 16, the text at 32
  (data (i32.const 16) "\20\00\00\00\10\00\00\00")
  (data (i32.const 32) "hello from wasi\0a")
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  (func (export "_start") (call $proc_exit (i32.const 3)))
  ;; @lib
  (func (export "filter") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 8)))
    (call $pass (local.get $ptr)))
)
