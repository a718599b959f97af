;; An L0 map with state: a global counts the calls, and each call outputs
;; one record whose value is the count as one ASCII digit (spec §2: the
;; host keeps one instance, so guest globals persist across batches).
;;
;; The import is deliberately not named env.copy_records: the L0 host
;; links its one import by position, whatever its names.
(module
  (import "host" "output" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)
  (global $calls (mut i32) (i32.const 0))
  ;; SmartStreamOutput: Vec<Record> count 1 | record | error None
  ;;   record = 0e (L=7) 00 attributes 00 ts 00 od 00 key None 02 "?" 00 headers
  (data (i32.const 1024) "\00\00\00\01" "\0e\00\00\00\00\02?\00" "\00")
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 65536)) (then (unreachable)))
    (i32.const 65536))
  (func (export "dealloc") (param i32 i32))
  (func (export "map") (param $ptr i32) (param $len i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    ;; the value byte sits at 1024 + 4 + 6
    (i32.store8 (i32.const 1034) (i32.add (i32.const 0x30) (global.get $calls)))
    (call $copy_records (i32.const 1024) (i32.const 13))
    (i32.const 1))
)
