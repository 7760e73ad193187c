;; Workload for the typed fast paths (benches/fast_paths.rs): one tiny export per signature
;; shape, so each call's cost is the call path's; sum4 has four parameters, past the typed
;; signatures, and shows the general path.
(module
  (func (export "nop"))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "inc64") (param i64) (result i64)
    (i64.add (local.get 0) (i64.const 1)))
  (func (export "addf64") (param f64 f64) (result f64)
    (f64.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i32 i64 f32) (result f64)
    (f64.add
      (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
      (f64.promote_f32 (local.get 2))))
  (func (export "sum4") (param i32 i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))))
