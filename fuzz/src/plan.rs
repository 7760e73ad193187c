//! Which calls a run makes and with what arguments, and what the host stubs answer.
//!
//! Both sides of the differential derive these from the same bytes and the same export
//! types, so they make identical calls and their stubs give identical answers; the wacapi-only
//! targets use the same functions so that one driver serves all three.

use crate::input::ByteSource;
use crate::limits::MAX_CALLS;
use crate::report::{ExportDesc, ExternDesc, Kind, Value};

/// One argument, before it is turned into a wasm.h or a wasmi value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// A number (its kind and exact bits).
    Num(Value),
    /// A null reference.
    Null,
    /// A fresh non-null externref (a foreign object in wacapi, an `ExternRef` in wasmi).
    Extern,
    /// The n-th exported function, as a funcref.
    Func(usize),
}

/// One call: which export (index into the export list) and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Index into the module's exports (always a function).
    pub export: usize,
    /// One argument per parameter.
    pub args: Vec<Arg>,
}

/// The calls of one run: one or two rounds over every exported function, in export order.
pub fn plan_calls(exports: &[ExportDesc], src: &mut ByteSource<'_>) -> Vec<Call> {
    let funcs: Vec<(usize, &[Kind])> = exports
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.ty {
            ExternDesc::Func { params, .. } => Some((i, &params[..])),
            _ => None,
        })
        .collect();
    let rounds = 1 + usize::from(src.byte() % 2);
    let mut calls = Vec::new();
    for _ in 0..rounds {
        for (export, params) in &funcs {
            if calls.len() == MAX_CALLS {
                return calls;
            }
            let args = params.iter().map(|k| arg(*k, funcs.len(), src)).collect();
            calls.push(Call {
                export: *export,
                args,
            });
        }
    }
    calls
}

/// One argument of `kind`; `nfuncs` is how many functions a funcref can name.
fn arg(kind: Kind, nfuncs: usize, src: &mut ByteSource<'_>) -> Arg {
    match kind {
        Kind::I32 => Arg::Num(Value::I32(src.bits32())),
        Kind::I64 => Arg::Num(Value::I64(src.bits64())),
        Kind::F32 => Arg::Num(Value::F32(src.bits32())),
        Kind::F64 => Arg::Num(Value::F64(src.bits64())),
        Kind::ExternRef => match src.byte() % 3 {
            0 => Arg::Null,
            _ => Arg::Extern,
        },
        Kind::FuncRef => match src.byte() {
            b if b % 2 == 0 || nfuncs == 0 => Arg::Null,
            b => Arg::Func(usize::from(b / 2) % nfuncs),
        },
    }
}

/// What host functions and imported globals answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StubPolicy {
    /// Zero results and zero-initialised globals (`wasm_func_new` with a plain callback).
    Zero,
    /// Results derived from the import's name, the result index and the arguments
    /// (`wasm_func_new_with_env`): a stub wired to the wrong import shows up in the results.
    Named,
}

/// A 64-bit seed for the import `module`.`name`.
pub fn name_seed(module: &[u8], name: &[u8]) -> u64 {
    let mut h = crate::report::fnv1a(module);
    h ^= 0xff;
    h = h.wrapping_mul(0x0100_0000_01b3);
    for b in name {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A [`StubPolicy::Named`] value of `kind` from a seed (references are always null).
pub fn named_value(kind: Kind, seed: u64) -> Value {
    // splitmix64 finaliser: every input bit reaches every output bit.
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    match kind {
        Kind::I32 => Value::I32(z as u32),
        Kind::I64 => Value::I64(z),
        Kind::F32 => Value::F32(z as u32),
        Kind::F64 => Value::F64(z),
        Kind::ExternRef => Value::ExternRef(true),
        Kind::FuncRef => Value::FuncRef(true),
    }
}

/// The results a [`StubPolicy::Named`] function stub returns for `args`.
pub fn named_results(seed: u64, results: &[Kind], args: &[Value]) -> Vec<Value> {
    let folded = args.iter().fold(0u64, |acc, a| {
        acc.rotate_left(7) ^ a.fold().wrapping_mul(0x0100_0000_01b3)
    });
    results
        .iter()
        .enumerate()
        .map(|(i, k)| named_value(*k, seed ^ folded ^ (i as u64).wrapping_mul(0x9e37)))
        .collect()
}

/// The initial value of an imported global of `kind` under `policy`.
pub fn global_init(policy: StubPolicy, kind: Kind, seed: u64) -> Value {
    match policy {
        StubPolicy::Zero => Value::zero(kind),
        StubPolicy::Named => named_value(kind, seed),
    }
}
