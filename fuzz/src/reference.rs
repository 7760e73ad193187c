//! The differential target's reference: the same run as [`crate::driver`], on raw wasmi.
//!
//! Same wasmi version and features as wacapi, same `Config` ([`engine_config`]: wacapi's
//! `wasm_config_new` is `wasmi::Config::default()`, here with fuel on and SIMD and memory64
//! off), the same memory cap as a `StoreLimits`, the same host stubs and the same calls. What this side does not take from wacapi is exactly what the
//! differential checks: declaration order of imports and exports (read here with wasmparser),
//! matching imports to stubs (here through wasmi's own import order), converting values, and
//! telling traps apart (here by wasmi's `TrapCode`, there by message text).

use wasmi::{
    Engine, Error, Extern, ExternRef, ExternType, Func, Global, Instance, Memory, MemoryType,
    Module, Mutability, Nullable, Ref, RefType, Store, StoreLimits, StoreLimitsBuilder, Table,
    TableType, TrapCode, Val, ValType, F32, F64,
};

use crate::input::ByteSource;
use crate::limits::{tables_within_limit, FUEL_PER_CALL, MEMORY_CAP, TABLE_PEEK};
use crate::plan::{global_init, name_seed, named_results, plan_calls, Arg, StubPolicy};
use crate::report::{
    fingerprint, CallOutcome, ExportDesc, ExportState, ExternDesc, ImportDesc, Instantiation, Kind,
    Report, TrapKind, Value,
};

/// The engine settings of both sides: fuel on; SIMD and memory64 off, as the driver sets them
/// through `wacapi_config_wasm_*` (its value and limits descriptions are 32-bit wasm.h types).
pub fn engine_config() -> wasmi::Config {
    let mut config = wasmi::Config::default();
    config
        .consume_fuel(true)
        .wasm_simd(false)
        .wasm_relaxed_simd(false)
        .wasm_memory64(false);
    config
}

/// Runs `wasm` on raw wasmi the way [`crate::driver::run`] runs it through wacapi.
pub fn run(wasm: &[u8], mut src: ByteSource<'_>, policy: StubPolicy) -> Report {
    let engine = Engine::new(&engine_config());
    let limits = StoreLimitsBuilder::new()
        .instances(usize::MAX)
        .tables(usize::MAX)
        .memories(usize::MAX)
        .memory_size(MEMORY_CAP)
        .build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    let mut report = Report::default();
    let Ok(module) = Module::new(&engine, wasm) else {
        return report;
    };
    let (imports, export_names) = declared_order(wasm);
    report.imports = imports;
    report.exports = export_names
        .iter()
        .map(|name| ExportDesc {
            name: name.as_bytes().to_vec(),
            ty: describe(
                &module
                    .get_export(name)
                    .expect("export listed by wasmparser"),
            ),
        })
        .collect();
    let calls = plan_calls(&report.exports, &mut src);
    if !tables_within_limit(wasm) {
        report.instantiation = Some(Instantiation::Skipped);
        return report;
    }
    let mut externs = Vec::new();
    for import in module.imports() {
        let seed = name_seed(import.module().as_bytes(), import.name().as_bytes());
        match stub(&mut store, import.ty(), seed, policy) {
            Some(e) => externs.push(e),
            None => {
                report.instantiation = Some(Instantiation::Failed);
                return report;
            }
        }
    }
    store.set_fuel(FUEL_PER_CALL).expect("fuel is on");
    let instance = match Instance::new(&mut store, &module, &externs) {
        Ok(i) => i,
        Err(e) => {
            report.instantiation = Some(if is_runtime_trap(&e) {
                Instantiation::Trapped(trap_kind(&e))
            } else {
                Instantiation::Failed
            });
            return report;
        }
    };
    report.instantiation = Some(Instantiation::Ok);
    let handles: Vec<Extern> = export_names
        .iter()
        .map(|n| instance.get_export(&store, n).expect("export exists"))
        .collect();
    let funcs: Vec<Func> = handles.iter().filter_map(|e| e.into_func()).collect();
    for call in &calls {
        let ExternDesc::Func { params, results } = &report.exports[call.export].ty else {
            unreachable!("plans only call functions")
        };
        let func = handles[call.export].into_func().expect("a function export");
        let args: Vec<Val> = call
            .args
            .iter()
            .zip(params)
            .map(|(a, k)| match *a {
                Arg::Num(v) => to_val(v),
                Arg::Null => to_val(Value::zero(*k)),
                Arg::Extern => Val::ExternRef(Nullable::Val(ExternRef::new(&mut store, 0u32))),
                Arg::Func(n) => Val::FuncRef(Nullable::Val(funcs[n])),
            })
            .collect();
        let mut outs: Vec<Val> = results.iter().map(|k| to_val(Value::zero(*k))).collect();
        store.set_fuel(FUEL_PER_CALL).expect("fuel is on");
        let outcome = match func.call(&mut store, &args, &mut outs) {
            Ok(()) => CallOutcome::Returned(outs.iter().map(from_val).collect()),
            Err(e) => CallOutcome::Trapped(trap_kind(&e)),
        };
        report.calls.push((call.export, outcome));
    }
    report.state = handles.iter().map(|e| state_of(&store, e)).collect();
    report
}

/// Imports (fully described) and export names in declaration order, read with wasmparser.
fn declared_order(wasm: &[u8]) -> (Vec<ImportDesc>, Vec<String>) {
    use wasmparser::{Parser, Payload, TypeRef};
    let mut types: Vec<Option<wasmparser::FuncType>> = Vec::new();
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.expect("wasmi accepted the module, so wasmparser parses it") {
            Payload::TypeSection(reader) => {
                for group in reader {
                    for sub in group.expect("valid type section").into_types() {
                        types.push(match sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => Some(f),
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.expect("valid import");
                    let ty = match import.ty {
                        TypeRef::Func(i) => {
                            let f = types[i as usize].as_ref().expect("a function type");
                            ExternDesc::Func {
                                params: f.params().iter().map(|t| parser_kind(*t)).collect(),
                                results: f.results().iter().map(|t| parser_kind(*t)).collect(),
                            }
                        }
                        TypeRef::Global(g) => ExternDesc::Global {
                            content: parser_kind(g.content_type),
                            mutable: g.mutable,
                        },
                        TypeRef::Table(t) => ExternDesc::Table {
                            elem: parser_kind(wasmparser::ValType::Ref(t.element_type)),
                            min: t.initial as u32,
                            max: t.maximum.map(|m| m as u32),
                        },
                        TypeRef::Memory(m) => ExternDesc::Memory {
                            min: m.initial as u32,
                            max: m.maximum.map(|m| m as u32),
                        },
                        TypeRef::Tag(_) => panic!("exceptions are disabled, yet a tag import"),
                    };
                    imports.push(ImportDesc {
                        module: import.module.as_bytes().to_vec(),
                        name: import.name.as_bytes().to_vec(),
                        ty,
                    });
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    exports.push(export.expect("valid export").name.to_string());
                }
            }
            _ => {}
        }
    }
    (imports, exports)
}

/// A wasmparser value type as a [`Kind`] (the features in use allow no others).
fn parser_kind(t: wasmparser::ValType) -> Kind {
    use wasmparser::ValType as P;
    match t {
        P::I32 => Kind::I32,
        P::I64 => Kind::I64,
        P::F32 => Kind::F32,
        P::F64 => Kind::F64,
        P::Ref(r) if r == wasmparser::RefType::FUNCREF => Kind::FuncRef,
        P::Ref(r) if r == wasmparser::RefType::EXTERNREF => Kind::ExternRef,
        other => panic!("value type {other:?} outside the enabled features"),
    }
}

/// A wasmi value type as a [`Kind`].
fn kind(t: ValType) -> Kind {
    match t {
        ValType::I32 => Kind::I32,
        ValType::I64 => Kind::I64,
        ValType::F32 => Kind::F32,
        ValType::F64 => Kind::F64,
        ValType::FuncRef => Kind::FuncRef,
        ValType::ExternRef => Kind::ExternRef,
        ValType::V128 => panic!("v128 with SIMD disabled"),
    }
}

/// A wasmi reference type as a [`Kind`].
fn ref_kind(t: RefType) -> Kind {
    match t {
        RefType::Func => Kind::FuncRef,
        RefType::Extern => Kind::ExternRef,
    }
}

/// A wasmi extern type as an [`ExternDesc`].
fn describe(t: &ExternType) -> ExternDesc {
    match t {
        ExternType::Func(f) => ExternDesc::Func {
            params: f.params().iter().map(|t| kind(*t)).collect(),
            results: f.results().iter().map(|t| kind(*t)).collect(),
        },
        ExternType::Global(g) => ExternDesc::Global {
            content: kind(g.content()),
            mutable: g.mutability() == Mutability::Var,
        },
        ExternType::Table(t) => ExternDesc::Table {
            elem: ref_kind(t.element()),
            min: t.minimum() as u32,
            max: t.maximum().map(|m| m as u32),
        },
        ExternType::Memory(m) => ExternDesc::Memory {
            min: m.minimum() as u32,
            max: m.maximum().map(|m| m as u32),
        },
    }
}

/// A [`Value`] as a wasmi value (references: null).
fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x as i32),
        Value::I64(x) => Val::I64(x as i64),
        Value::F32(x) => Val::F32(F32::from_bits(x)),
        Value::F64(x) => Val::F64(F64::from_bits(x)),
        Value::ExternRef(_) => Val::ExternRef(Nullable::Null),
        Value::FuncRef(_) => Val::FuncRef(Nullable::Null),
    }
}

/// A wasmi value as a [`Value`].
fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x as u32),
        Val::I64(x) => Value::I64(*x as u64),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::FuncRef(r) => Value::FuncRef(r.is_null()),
        Val::ExternRef(r) => Value::ExternRef(r.is_null()),
        Val::V128(_) => panic!("v128 with SIMD disabled"),
    }
}

/// The host object for one import.
fn stub(
    store: &mut Store<StoreLimits>,
    ty: &ExternType,
    seed: u64,
    policy: StubPolicy,
) -> Option<Extern> {
    Some(match ty {
        ExternType::Func(f) => {
            let params: Vec<Kind> = f.params().iter().map(|t| kind(*t)).collect();
            let results: Vec<Kind> = f.results().iter().map(|t| kind(*t)).collect();
            let func = Func::new(&mut *store, f.clone(), move |_caller, args, outs| {
                let values = match policy {
                    StubPolicy::Zero => results.iter().map(|k| Value::zero(*k)).collect(),
                    StubPolicy::Named => {
                        let args: Vec<Value> = args.iter().map(from_val).collect();
                        assert_eq!(args.len(), params.len());
                        named_results(seed, &results, &args)
                    }
                };
                for (o, v) in outs.iter_mut().zip(values) {
                    *o = to_val(v);
                }
                Ok(())
            });
            Extern::Func(func)
        }
        ExternType::Global(g) => {
            let init = to_val(global_init(policy, kind(g.content()), seed));
            Extern::Global(Global::new(&mut *store, init, g.mutability()))
        }
        ExternType::Table(t) => {
            let ty = TableType::new(
                t.element(),
                t.minimum() as u32,
                t.maximum().map(|m| m as u32),
            );
            Extern::Table(Table::new(&mut *store, ty, Ref::null(t.element())).ok()?)
        }
        ExternType::Memory(m) => {
            let ty = MemoryType::new(m.minimum() as u32, m.maximum().map(|m| m as u32));
            Extern::Memory(Memory::new(&mut *store, ty).ok()?)
        }
    })
}

/// Mirrors the documented rule of `wasm_instance_new`: a trap code, an exit status or a host
/// error is a trap of the start function; anything else is a link or limit failure.
fn is_runtime_trap(e: &Error) -> bool {
    e.as_trap_code().is_some()
        || e.i32_exit_status().is_some()
        || matches!(e.kind(), wasmi::errors::ErrorKind::Host(_))
}

/// The kind of a wasmi error, from its trap code.
fn trap_kind(e: &Error) -> TrapKind {
    match e.as_trap_code() {
        Some(TrapCode::UnreachableCodeReached) => TrapKind::Unreachable,
        Some(TrapCode::MemoryOutOfBounds) => TrapKind::MemoryOutOfBounds,
        Some(TrapCode::TableOutOfBounds) => TrapKind::TableOutOfBounds,
        Some(TrapCode::IndirectCallToNull) => TrapKind::IndirectCallToNull,
        Some(TrapCode::IntegerDivisionByZero) => TrapKind::DivisionByZero,
        Some(TrapCode::IntegerOverflow) => TrapKind::IntegerOverflow,
        Some(TrapCode::BadConversionToInteger) => TrapKind::BadConversion,
        Some(TrapCode::StackOverflow) => TrapKind::StackOverflow,
        Some(TrapCode::BadSignature) => TrapKind::BadSignature,
        Some(TrapCode::OutOfFuel) => TrapKind::OutOfFuel,
        Some(TrapCode::GrowthOperationLimited) => TrapKind::GrowthLimited,
        Some(TrapCode::OutOfSystemMemory) => TrapKind::OutOfSystemMemory,
        None => TrapKind::Other,
    }
}

/// The observable state of one export after the calls.
fn state_of(store: &Store<StoreLimits>, e: &Extern) -> ExportState {
    match e {
        Extern::Func(_) => ExportState::Func,
        Extern::Global(g) => ExportState::Global(from_val(&g.get(store))),
        Extern::Table(t) => {
            let size = t.size(store) as u32;
            let nulls = (0..size.min(TABLE_PEEK))
                .map(|i| t.get(store, u64::from(i)).is_none_or(|r| r.is_null()))
                .collect();
            ExportState::Table { size, nulls }
        }
        Extern::Memory(m) => ExportState::Memory {
            pages: m.size(store) as u32,
            hash: fingerprint(m.data(store)),
        },
    }
}
