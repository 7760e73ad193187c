//! Typed wasmi entries for the common numeric signatures — up to three i32/i64/f32/f64
//! parameters and no result or one — used by `wasm_func_call` and by `wasm_func_new`.
//!
//! wasmi's untyped `Func::call` checks every argument against the function's type (a lookup
//! in the engine's type registry) and converts each value through `Val`; `TypedFunc::call`
//! does that check once, when the typed handle is made, and moves plain Rust values. A host
//! function made with `Func::wrap` likewise gets its arguments unboxed. So a func object keeps
//! one typed [`CallEntry`] made on its first call, and `wasm_func_new` makes typed host
//! functions for these signatures: the C API then costs less than wasmi's own untyped paths.
//!
//! A signature becomes Rust types at run time by walking its value types ([`select`]): each
//! step appends one type to a parameter tuple ([`Params::Push`]); a fourth parameter turns the
//! tuple into [`Unsupported`], which has no entries, so only finitely many signatures are
//! compiled (1 + 4 + 16 + 64 parameter lists × 5 result shapes).

use crate::store::{Ctx, StoreData, StoreInner};
use crate::trap::TrapData;
use crate::types::{wasm_valkind_t, WASM_F32, WASM_F64, WASM_I32, WASM_I64};
use crate::val::{wasm_val_t, wasm_val_union};
use std::sync::Arc;
use wasmi::{Caller, TypedFunc, ValType, WasmParams, WasmRet, F32, F64};

/// A numeric value type as it travels in a `wasm_val_t`.
pub(crate) trait Num: wasmi::WasmTy + Copy + 'static {
    /// The wasm.h kind of the type.
    const KIND: wasm_valkind_t;
    /// The value of `v`, or None when `v` has another kind.
    fn get(v: &wasm_val_t) -> Option<Self>;
    /// The `wasm_val_t` holding `self`.
    fn put(self) -> wasm_val_t;
}

macro_rules! num {
    ($ty:ty, $kind:ident, $field:ident, $to:expr, $from:expr) => {
        impl Num for $ty {
            const KIND: wasm_valkind_t = $kind;
            #[inline(always)]
            fn get(v: &wasm_val_t) -> Option<Self> {
                // SAFETY: the kind says which member of the union is live.
                (v.kind == $kind).then(|| $to(unsafe { v.of.$field }))
            }
            #[inline(always)]
            fn put(self) -> wasm_val_t {
                wasm_val_t {
                    kind: $kind,
                    of: wasm_val_union {
                        $field: $from(self),
                    },
                }
            }
        }
    };
}
num!(i32, WASM_I32, i32, |v| v, |v| v);
num!(i64, WASM_I64, i64, |v| v, |v| v);
// The bit-pattern wrappers, so NaN payloads cross unchanged.
num!(F32, WASM_F32, f32, F32::from, |v: F32| v.into());
num!(F64, WASM_F64, f64, F64::from, |v: F64| v.into());

/// The result shape of a typed signature: nothing, or one numeric value.
pub(crate) trait Res: wasmi::WasmResults + Sized + 'static {
    /// Number of results (0 or 1).
    const ARITY: usize;
    /// The kind of the result, for zero-filling the room a C callback writes into.
    const KIND: wasm_valkind_t;
    /// The return type of a typed host closure producing `Self` (wasmi names it through
    /// [`WasmRet`], which is implemented for each shape separately).
    type HostRet: WasmRet;
    /// Turns a host call's outcome into the closure's return value.
    fn host_ret(r: Result<Self, wasmi::Error>) -> Self::HostRet;
    /// Writes the result into `out` (which has room for [`Res::ARITY`] values).
    fn put(self, out: &mut [wasm_val_t]);
    /// The result a C callback wrote into `out`, or None when its kind is wrong.
    fn get(out: &[wasm_val_t]) -> Option<Self>;
}

impl Res for () {
    const ARITY: usize = 0;
    const KIND: wasm_valkind_t = WASM_I32;
    type HostRet = Result<(), wasmi::Error>;
    #[inline(always)]
    fn host_ret(r: Result<Self, wasmi::Error>) -> Self::HostRet {
        r
    }
    #[inline(always)]
    fn put(self, _: &mut [wasm_val_t]) {}
    #[inline(always)]
    fn get(_: &[wasm_val_t]) -> Option<Self> {
        Some(())
    }
}

impl<T: Num> Res for T {
    const ARITY: usize = 1;
    const KIND: wasm_valkind_t = T::KIND;
    type HostRet = Result<T, wasmi::Error>;
    #[inline(always)]
    fn host_ret(r: Result<Self, wasmi::Error>) -> Self::HostRet {
        r
    }
    #[inline(always)]
    fn put(self, out: &mut [wasm_val_t]) {
        out[0] = Num::put(self);
    }
    #[inline(always)]
    fn get(out: &[wasm_val_t]) -> Option<Self> {
        T::get(&out[0])
    }
}

/// A host function body that the typed closures made here call: func.rs's C callback.
pub(crate) trait HostCall: Send + Sync + 'static {
    /// Runs the callback on `args` and returns its result as `R` (or the trap).
    fn call<R: Res>(
        &self,
        caller: Caller<'_, StoreData>,
        args: &mut [wasm_val_t],
    ) -> Result<R, wasmi::Error>;
}

/// A parameter list of a typed signature (a tuple of [`Num`]s, or [`Unsupported`]).
pub(crate) trait Params: Sized + 'static {
    /// This list with `T` appended ([`Unsupported`] past three).
    type Push<T: Num>: Params;
    /// The arguments as this list, or None when their number or kinds do not match.
    fn load(args: &[wasm_val_t]) -> Option<Self>;
    /// The typed call entry of `func`, whose type is `(Self) -> R`.
    fn call_entry<R: Res>(ctx: &Ctx<'_>, func: wasmi::Func) -> Option<Box<dyn CallEntry>>;
    /// A host function of type `(Self) -> R` running `host`, or `host` back if this list has
    /// no typed form.
    fn host_func<R: Res, H: HostCall>(ctx: &mut Ctx<'_>, host: H) -> Result<wasmi::Func, H>;
}

/// The parameter list past the typed ones: nothing is typed for it.
pub(crate) enum Unsupported {}

impl Params for Unsupported {
    type Push<T: Num> = Unsupported;
    fn load(_: &[wasm_val_t]) -> Option<Self> {
        None
    }
    fn call_entry<R: Res>(_: &Ctx<'_>, _: wasmi::Func) -> Option<Box<dyn CallEntry>> {
        None
    }
    fn host_func<R: Res, H: HostCall>(_: &mut Ctx<'_>, host: H) -> Result<wasmi::Func, H> {
        Err(host)
    }
}

macro_rules! params {
    ($push:ty; $($t:ident $v:ident),*) => {
        impl<$($t: Num),*> Params for ($($t,)*) {
            type Push<T: Num> = $push;
            #[inline(always)]
            fn load(args: &[wasm_val_t]) -> Option<Self> {
                match args {
                    [$($v),*] => Some(($($t::get($v)?,)*)),
                    _ => None,
                }
            }
            fn call_entry<R: Res>(ctx: &Ctx<'_>, func: wasmi::Func) -> Option<Box<dyn CallEntry>> {
                let typed = func.typed::<Self, R>(ctx).ok()?;
                Some(Box::new(Typed(typed)))
            }
            fn host_func<R: Res, H: HostCall>(
                ctx: &mut Ctx<'_>,
                host: H,
            ) -> Result<wasmi::Func, H> {
                Ok(wasmi::Func::wrap(
                    ctx,
                    move |caller: Caller<'_, StoreData>, $($v: $t),*| -> R::HostRet {
                        R::host_ret(host.call::<R>(caller, &mut [$(Num::put($v)),*]))
                    },
                ))
            }
        }
    };
}
params!((T,););
params!((A, T); A a);
params!((A, B, T); A a, B b);
params!(Unsupported; A a, B b, C c);

/// A call of one function through its typed entry.
pub(crate) trait CallEntry {
    /// Calls with C arguments and result room; None when the arguments or the room do not
    /// fit the signature (the general path then makes the call or reports why it cannot).
    fn call(
        &self,
        ctx: &mut Ctx<'_>,
        store: &StoreInner,
        args: &[wasm_val_t],
        results: &mut [wasm_val_t],
    ) -> Option<Result<(), Arc<TrapData>>>;
}

/// The typed handle of a function whose signature is `(P) -> R`.
struct Typed<P, R>(TypedFunc<P, R>);

impl<P: Params + WasmParams, R: Res> CallEntry for Typed<P, R> {
    #[inline]
    fn call(
        &self,
        ctx: &mut Ctx<'_>,
        store: &StoreInner,
        args: &[wasm_val_t],
        results: &mut [wasm_val_t],
    ) -> Option<Result<(), Arc<TrapData>>> {
        let params = P::load(args)?;
        if results.len() < R::ARITY {
            return None;
        }
        let outcome = crate::control::call_typed(ctx, &store.control, self.0, params);
        Some(outcome.map(|r| r.put(results)))
    }
}

/// Turns a signature into Rust types: `visit::<P, R>` is called with its parameter list and
/// result shape, if it has a typed form.
trait Visitor: Sized {
    type Out;
    fn visit<P: Params, R: Res>(self) -> Result<Self::Out, Self>;
}

/// Runs `v` on the typed form of `ty`, or gives `v` back when `ty` has none.
fn select<V: Visitor>(ty: &wasmi::FuncType, v: V) -> Result<V::Out, V> {
    walk::<(), V>(ty.params(), ty.results(), v)
}

/// One step of [`select`]: `P` holds the parameters seen so far, `rest` the others. Kept
/// out of line: inlined, the 86 steps would copy each other's bodies.
#[inline(never)]
fn walk<P: Params, V: Visitor>(rest: &[ValType], results: &[ValType], v: V) -> Result<V::Out, V> {
    let Some((first, rest)) = rest.split_first() else {
        return match results {
            [] => v.visit::<P, ()>(),
            [ValType::I32] => v.visit::<P, i32>(),
            [ValType::I64] => v.visit::<P, i64>(),
            [ValType::F32] => v.visit::<P, F32>(),
            [ValType::F64] => v.visit::<P, F64>(),
            _ => Err(v),
        };
    };
    match first {
        ValType::I32 => walk::<P::Push<i32>, V>(rest, results, v),
        ValType::I64 => walk::<P::Push<i64>, V>(rest, results, v),
        ValType::F32 => walk::<P::Push<F32>, V>(rest, results, v),
        ValType::F64 => walk::<P::Push<F64>, V>(rest, results, v),
        _ => Err(v),
    }
}

/// The typed call entry of `func` (of type `ty`), if its signature has one.
pub(crate) fn call_entry(
    ctx: &Ctx<'_>,
    func: wasmi::Func,
    ty: &wasmi::FuncType,
) -> Option<Box<dyn CallEntry>> {
    struct Entry<'c, 'a>(&'c Ctx<'a>, wasmi::Func);
    impl Visitor for Entry<'_, '_> {
        type Out = Option<Box<dyn CallEntry>>;
        fn visit<P: Params, R: Res>(self) -> Result<Self::Out, Self> {
            Ok(P::call_entry::<R>(self.0, self.1))
        }
    }
    select(ty, Entry(ctx, func)).ok().flatten()
}

/// A typed host function of type `ty` running `host`, or `host` back if `ty` has no typed
/// form (the caller then makes an untyped one).
pub(crate) fn host_func<H: HostCall>(
    ctx: &mut Ctx<'_>,
    ty: &wasmi::FuncType,
    host: H,
) -> Result<wasmi::Func, H> {
    struct Host<'c, 'a, H>(&'c mut Ctx<'a>, H);
    impl<H: HostCall> Visitor for Host<'_, '_, H> {
        type Out = wasmi::Func;
        fn visit<P: Params, R: Res>(self) -> Result<Self::Out, Self> {
            let Host(ctx, host) = self;
            P::host_func::<R, H>(ctx, host).map_err(|host| Host(ctx, host))
        }
    }
    select(ty, Host(ctx, host)).map_err(|Host(_, host)| host)
}
