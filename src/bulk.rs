//! `wacapi_func_call_many`: many calls of one function in one C call, with the arguments and
//! results in columns (one C array per parameter and per result).
//!
//! A caller whose own cost per call dwarfs the call — Python through ctypes pays about half a
//! microsecond to make one — can hand over a million argument rows at once and pay that cost
//! once; the loop runs here, through the same typed entries as `wasm_func_call`. Columns are
//! what numpy arrays and Python's `array` module hold, so they cross without copying.

use crate::error::{guard, set_last_error};
use crate::func::{callee, wasm_func_t};
use crate::handle::Own;
use crate::store::{Ctx, StoreInner};
use crate::trap::{new_trap, wasm_trap_t, TrapData};
use crate::types::{kind_from_wasmi, wasm_valkind_t, WASM_F32, WASM_I32, WASM_I64};
use crate::val::{wasm_val_t, wasm_val_union};
use std::ffi::c_void;
use std::rc::Rc;
use std::sync::Arc;

/// Values per call kept on the stack; wider signatures use the heap.
const INLINE: usize = 8;

/// Calls `func` `count` times. Argument j of call i is element i of the C array `args[j]`
/// (`int32_t`, `int64_t`, `float` or `double`, after parameter j's type); result k of call i
/// goes to element i of `results[k]`. Only i32/i64/f32/f64 parameters and results can be
/// passed this way.
///
/// Returns NULL when every call returned, else the (owned) trap of the first call that failed
/// — a trap of the guest, or a refusal (NULL func or columns, a reference or v128 type), with
/// its text also in `wacapi_last_error`. `*done`, if `done` is not NULL, is the number of
/// calls that returned (their results are written).
///
/// # Safety
/// `args` must point to one readable array of `count` elements per parameter and `results` to
/// one writable array of `count` elements per result, each of its type (either may be NULL
/// when there are no parameters or results).
#[no_mangle]
pub unsafe extern "C" fn wacapi_func_call_many(
    func: Option<&wasm_func_t>,
    args: *const *const c_void,
    results: *const *mut c_void,
    count: usize,
    done: *mut usize,
) -> *mut wasm_trap_t {
    let mut finished = 0usize;
    let trap = match callee(func, "wacapi_func_call_many") {
        Err(trap) => trap,
        Ok((f, handle, store)) => {
            let outcome = guard(
                || {
                    Err(TrapData::from_text(
                        "internal error in wacapi_func_call_many",
                        None,
                    ))
                },
                || {
                    store.with(|mut ctx| {
                        run(
                            &mut ctx,
                            f,
                            store,
                            handle,
                            args,
                            results,
                            count,
                            &mut finished,
                        )
                    })
                },
            );
            match outcome {
                Ok(()) => std::ptr::null_mut(),
                Err(data) => Own::into_raw(new_trap(store, data)),
            }
        }
    };
    if !done.is_null() {
        // SAFETY: the caller passes NULL or a writable size_t.
        unsafe { *done = finished };
    }
    trap
}

/// The loop of [`wacapi_func_call_many`], once the callee is known.
#[allow(clippy::too_many_arguments)]
unsafe fn run(
    ctx: &mut Ctx<'_>,
    f: &wasm_func_t,
    store: &Rc<StoreInner>,
    handle: wasmi::Func,
    args: *const *const c_void,
    results: *const *mut c_void,
    count: usize,
    finished: &mut usize,
) -> Result<(), Arc<TrapData>> {
    let sig = crate::func::signature(f, ctx, handle);
    let param_kinds = numeric_kinds(&sig.params, "parameter")?;
    let result_kinds = numeric_kinds(&sig.results, "result")?;
    if count == 0 {
        return Ok(());
    }
    // SAFETY: the caller passes one column pointer per parameter and per result.
    let arg_cols = unsafe { columns(args, param_kinds.len(), "args") }?;
    let res_cols = unsafe { columns(results.cast(), result_kinds.len(), "results") }?;
    let (np, nr) = (param_kinds.len(), result_kinds.len());
    let zero = wasm_val_t::zero(WASM_I32);
    let (mut argv_inline, mut outv_inline) = ([zero; INLINE], [zero; INLINE]);
    let (mut argv_heap, mut outv_heap) = (Vec::new(), Vec::new());
    let argv: &mut [wasm_val_t] = if np <= INLINE {
        &mut argv_inline[..np]
    } else {
        argv_heap.resize(np, zero);
        &mut argv_heap
    };
    let outv: &mut [wasm_val_t] = if nr <= INLINE {
        &mut outv_inline[..nr]
    } else {
        outv_heap.resize(nr, zero);
        &mut outv_heap
    };
    for i in 0..count {
        for (j, slot) in argv.iter_mut().enumerate() {
            // SAFETY: column j holds `count` values of parameter j's type.
            *slot = unsafe { read(arg_cols[j], param_kinds[j], i) };
        }
        crate::func::call(ctx, f, store, handle, argv, outv)?;
        for (k, v) in outv.iter().enumerate() {
            // SAFETY: column k has room for `count` values of result k's type.
            unsafe { write(res_cols[k].cast_mut(), v, i) };
        }
        *finished = i + 1;
    }
    Ok(())
}

/// The kinds of `types`, or the refusal naming the first that no column can carry.
fn numeric_kinds(
    types: &[wasmi::ValType],
    what: &str,
) -> Result<Vec<wasm_valkind_t>, Arc<TrapData>> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| match t {
            wasmi::ValType::I32
            | wasmi::ValType::I64
            | wasmi::ValType::F32
            | wasmi::ValType::F64 => Ok(kind_from_wasmi(*t)),
            other => Err(refusal(format!(
                "wacapi_func_call_many: {what} {i} has type {}; columns carry only i32, i64, f32 \
                 and f64 values",
                crate::types::kind_name(kind_from_wasmi(*other))
            ))),
        })
        .collect()
}

/// The `n` column pointers at `cols`, or the refusal for a NULL array or column.
unsafe fn columns(
    cols: *const *const c_void,
    n: usize,
    what: &str,
) -> Result<Vec<*const c_void>, Arc<TrapData>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if cols.is_null() {
        return Err(refusal(format!("wacapi_func_call_many: {what} is NULL")));
    }
    // SAFETY: the caller passes `n` column pointers.
    let cols = unsafe { std::slice::from_raw_parts(cols, n) };
    match cols.iter().position(|c| c.is_null()) {
        Some(j) => Err(refusal(format!(
            "wacapi_func_call_many: {what}[{j}] is NULL"
        ))),
        None => Ok(cols.to_vec()),
    }
}

/// A refused call: a trap whose text is also the last error.
fn refusal(msg: String) -> Arc<TrapData> {
    set_last_error(msg.clone());
    TrapData::from_text(&msg, None)
}

/// Element `i` of a column of `kind` values as a `wasm_val_t`.
#[inline(always)]
unsafe fn read(col: *const c_void, kind: wasm_valkind_t, i: usize) -> wasm_val_t {
    // SAFETY (all arms): the column holds at least i + 1 values of this kind; numpy and
    // `array` buffers are aligned, but nothing here relies on it.
    let of = unsafe {
        match kind {
            WASM_I32 => wasm_val_union {
                i32: col.cast::<i32>().add(i).read_unaligned(),
            },
            WASM_I64 => wasm_val_union {
                i64: col.cast::<i64>().add(i).read_unaligned(),
            },
            WASM_F32 => wasm_val_union {
                f32: col.cast::<f32>().add(i).read_unaligned(),
            },
            _ => wasm_val_union {
                f64: col.cast::<f64>().add(i).read_unaligned(),
            },
        }
    };
    wasm_val_t { kind, of }
}

/// Stores `v` as element `i` of a column of its kind.
#[inline(always)]
unsafe fn write(col: *mut c_void, v: &wasm_val_t, i: usize) {
    // SAFETY (all arms): the column has room for i + 1 values of this kind, and `v.kind`
    // says which member of the union is live.
    unsafe {
        match v.kind {
            WASM_I32 => col.cast::<i32>().add(i).write_unaligned(v.of.i32),
            WASM_I64 => col.cast::<i64>().add(i).write_unaligned(v.of.i64),
            WASM_F32 => col.cast::<f32>().add(i).write_unaligned(v.of.f32),
            _ => col.cast::<f64>().add(i).write_unaligned(v.of.f64),
        }
    }
}
