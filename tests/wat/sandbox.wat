;; A pass-through filter that misbehaves on request, for tests/test_sandbox.py.
;;
;; __VERSION__ is replaced with "" (a legacy L0 entry, fluvio-abi.md §2) or
;; with "(param $version i32)" (a current SmartModule entry, §3): the
;; output, every input record unchanged plus 00 (no error), is the same.
;;
;; Before passing the batch through, the entry scans its whole input for a
;; marker byte (odd ASCII values, so no zigzag record length of a short
;; record can be mistaken for one):
;;   %  (0x25)  $spin: loop forever                  -> the deadline stops it
;;   +  (0x2b)  $grow_forever: memory.grow 16 pages  -> -1 at the memory limit,
;;              in a loop, until it fails, then         then `unreachable`
;;   !  (0x21)  $crash: `unreachable`
;;   /  (0x2f)  $deep: recursion without end          -> stack overflow
(module
  (import "env" "copy_records" (func $copy_records (param i32 i32)))
  (memory (export "memory") 2)

  ;; alloc(len): the scratch region at 64 KiB, memory grown to hold input and output
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $need i32)
    (local.set $need (i32.add (i32.const 65536)
                              (i32.add (i32.shl (local.get $len) (i32.const 1)) (i32.const 16))))
    (if (i32.gt_u (local.get $need) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (drop (memory.grow
          (i32.sub (i32.shr_u (i32.add (local.get $need) (i32.const 65535)) (i32.const 16))
                   (memory.size))))))
    (i32.const 65536))

  (func (export "dealloc") (param i32 i32))

  (func $spin
    (loop $forever (br $forever)))

  (func $grow_forever
    (loop $more
      (if (i32.eq (memory.grow (i32.const 16)) (i32.const -1))
        (then (unreachable)))
      (br $more)))

  (func $crash
    (unreachable))

  (func $deep (param $n i32) (result i32)
    (i32.add (call $deep (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func $be32 (param $p i32) (result i32)
    (i32.or
      (i32.or (i32.shl (i32.load8_u (local.get $p)) (i32.const 24))
              (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 16)))
      (i32.or (i32.shl (i32.load8_u offset=2 (local.get $p)) (i32.const 8))
              (i32.load8_u offset=3 (local.get $p)))))

  ;; act on the first marker byte in [ptr, ptr + len)
  (func $misbehave (param $ptr i32) (param $len i32)
    (local $i i32) (local $b i32)
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $b (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (if (i32.eq (local.get $b) (i32.const 0x25)) (then (call $spin)))
        (if (i32.eq (local.get $b) (i32.const 0x2b)) (then (call $grow_forever)))
        (if (i32.eq (local.get $b) (i32.const 0x21)) (then (call $crash)))
        (if (i32.eq (local.get $b) (i32.const 0x2f))
          (then (drop (call $deep (i32.const 0)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan))))

  ;; input: base_offset i64 | record_data: u32 n, n bytes (= u32 count, records) | ...
  (func $filter (export "filter") (param $ptr i32) (param $len i32) __VERSION__ (result i32)
    (local $n i32) (local $src i32) (local $dst i32) (local $i i32)
    (call $misbehave (local.get $ptr) (local.get $len))
    (local.set $n (call $be32 (i32.add (local.get $ptr) (i32.const 8))))
    (local.set $src (i32.add (local.get $ptr) (i32.const 12)))
    (local.set $dst (i32.add (local.get $ptr) (local.get $len)))
    (memory.copy (local.get $dst) (local.get $src) (local.get $n))
    ;; SmartStreamOutput / SmartModuleOutput .error = None
    (i32.store8 (i32.add (local.get $dst) (local.get $n)) (i32.const 0))
    (call $copy_records (local.get $dst) (i32.add (local.get $n) (i32.const 1)))
    (call $be32 (local.get $src)))
)
