;; Numeric exports with parameters: the arguments come from the input, so traps
;; (division by zero, overflow, bad conversions) depend on the mutated bytes.
(module
  (func (export "i32_ops") (param i32 i32) (result i32 i32 i32)
    (i32.div_s (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1))
    (i32.rotl (local.get 0) (local.get 1)))
  (func (export "i64_ops") (param i64 i64) (result i64)
    (i64.mul (i64.div_u (local.get 0) (local.get 1)) (i64.extend32_s (local.get 0))))
  (func (export "f32_ops") (param f32 f32) (result f32 i32)
    (f32.copysign (f32.sqrt (local.get 0)) (local.get 1))
    (i32.trunc_f32_s (local.get 0)))
  (func (export "f64_ops") (param f64 f64) (result f64 i64)
    (f64.min (f64.nearest (local.get 0)) (local.get 1))
    (i64.trunc_sat_f64_u (local.get 1)))
  (func (export "convert") (param i64) (result f32 f64 i32)
    (f32.convert_i64_u (local.get 0))
    (f64.reinterpret_i64 (local.get 0))
    (i32.extend8_s (i32.wrap_i64 (local.get 0)))))
