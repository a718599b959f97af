;; A filter SmartModule that reads its input with the SmartModuleInput layout
;; of fluvio-smartmodule before base timestamps (2022, when Fluvio's own
;; filter_init fixture was built): after the records come params, a u16 map
;; count, then (version >= 20) lookback, an Option. It returns
;; DecodingBaseInput (-11) unless they are an empty map and None, and
;; otherwise outputs nothing. At version 22 the host writes exactly that
;; there; at version 25 it writes the base timestamp there instead, whose
;; third byte is not 0 for today's timestamps: -11, as the old fixture does.
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 60000)) (then (unreachable)))
    (i32.const 1024))
  ;; @lib
  (func (export "filter") (param $ptr i32) (param $len i32) (param $version i32) (result i32)
    (local $p i32)
    ;; skip base_offset (i64), then the records' Vec<u8> (u32 length, bytes)
    (local.set $p (i32.add (local.get $ptr) (i32.const 8)))
    (local.set $p (i32.add (i32.add (local.get $p) (i32.const 4)) (call $be32 (local.get $p))))
    (if (i32.or (i32.load8_u (local.get $p)) (i32.load8_u offset=1 (local.get $p)))
      (then (return (i32.const -11))))
    (if (i32.load8_u offset=2 (local.get $p))
      (then (return (i32.const -11))))
    ;; SmartModuleOutput: no records (u32 0), no error (00)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store8 (i32.const 20) (i32.const 0))
    (call $copy_records (i32.const 16) (i32.const 5))
    (i32.const 0))
)
