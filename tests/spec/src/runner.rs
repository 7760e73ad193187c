//! Runs the commands of one `.wast` file through wacapi's wasm.h API.
//!
//! One engine and store per file (engine configured for the file's proposal group), the
//! `spectest` host module made of wasm.h host functions, globals, a table and a memory, and
//! imports resolved by name from the exports of registered instances.

use crate::api::{self, InstantiateError, Val};
use std::collections::HashMap;
use std::rc::Rc;
use wacapi::handle::Own;
use wacapi::*;
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{QuoteWat, QuoteWatTest, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// The result of one command of a file.
#[derive(Debug)]
pub struct Outcome {
    /// 1-based line of the command in the file.
    pub line: usize,
    /// The command's keyword (`assert_return`, `module`, ...).
    pub kind: &'static str,
    /// Ok, or what went wrong.
    pub result: Result<(), String>,
}

/// Everything that happened in one file.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Outcomes of the commands in order.
    pub outcomes: Vec<Outcome>,
    /// A failure that stopped the file (it does not parse).
    pub fatal: Option<String>,
}

impl FileReport {
    /// Number of commands that passed.
    pub fn passed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.is_ok()).count()
    }
    /// True when the file parsed and every command passed.
    pub fn all_passed(&self) -> bool {
        self.fatal.is_none() && self.outcomes.iter().all(|o| o.result.is_ok())
    }
}

/// Engine switches for a proposal group; applied to the `wasm_config_t` of each file's engine.
///
/// Set explicitly for every group, because the older test copies check what a proposal did
/// not allow yet: with multi-memory on, the reserved memory-index byte is not "zero byte
/// expected" and two memories are not "multiple memories"; with memory64 on, a 6-byte memarg
/// offset is not "integer representation too long".
#[derive(Clone, Copy, Debug, Default)]
pub struct Features {
    /// The wide-arithmetic proposal (off by default in wacapi).
    pub wide_arithmetic: bool,
    /// The custom-page-sizes proposal (off by default in wacapi).
    pub custom_page_sizes: bool,
    /// The multi-memory proposal (on by default in wacapi).
    pub multi_memory: bool,
    /// The memory64 proposal (on by default in wacapi).
    pub memory64: bool,
}

/// Applies `features` to a configuration through wacapi's per-engine switches.
fn configure(config: &mut wasm_config_t, features: Features) {
    wacapi_config_wasm_wide_arithmetic(Some(&mut *config), features.wide_arithmetic);
    wacapi_config_wasm_custom_page_sizes(Some(&mut *config), features.custom_page_sizes);
    wacapi_config_wasm_multi_memory(Some(&mut *config), features.multi_memory);
    wacapi_config_wasm_memory64(Some(&mut *config), features.memory64);
}

/// An instance with its exports by name.
struct Inst {
    exports: Vec<(String, Own<wasm_extern_t>)>,
    _instance: Own<wasm_instance_t>,
}

impl Inst {
    fn export(&self, name: &str) -> Option<&wasm_extern_t> {
        self.exports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| &**e)
    }
}

/// The state of one file's run.
struct Runner {
    store: Own<wasm_store_t>,
    _engine: Own<wasm_engine_t>,
    /// Registered modules (and `spectest`): name → exports.
    registered: HashMap<String, Rc<Inst>>,
    /// Instances named with `$id`.
    named: HashMap<String, Rc<Inst>>,
    /// Modules made with `module definition`, by name.
    definitions: HashMap<String, Own<wasm_module_t>>,
    /// The most recent instance.
    current: Option<Rc<Inst>>,
    /// The foreign objects behind `ref.extern n`.
    externs: HashMap<u32, Own<wasm_foreign_t>>,
}

/// Runs `text` (the contents of `name`) with `features`.
pub fn run_wast(text: &str, features: Features) -> FileReport {
    let mut report = FileReport::default();
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = match wast::parser::ParseBuffer::new_with_lexer(lexer) {
        Ok(b) => b,
        Err(e) => {
            report.fatal = Some(format!("lexing failed: {e}"));
            return report;
        }
    };
    let wast: wast::Wast<'_> = match wast::parser::parse(&buf) {
        Ok(w) => w,
        Err(e) => {
            report.fatal = Some(format!("parsing failed: {e}"));
            return report;
        }
    };
    let mut runner = Runner::new(features);
    for directive in wast.directives {
        let line = directive.span().linecol_in(text).0 + 1;
        let kind = keyword(&directive);
        let result = runner.run(directive);
        report.outcomes.push(Outcome { line, kind, result });
    }
    report
}

/// The keyword of a command, for reports.
fn keyword(d: &WastDirective<'_>) -> &'static str {
    match d {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        _ => "unsupported",
    }
}

/// Encodes a module given in text, binary or quoted form; Err for malformed text.
fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, String> {
    match module.to_test().map_err(|e| e.to_string())? {
        QuoteWatTest::Binary(bytes) => Ok(bytes),
        QuoteWatTest::Text(text) => {
            let text = String::from_utf8(text).map_err(|_| "malformed UTF-8".to_string())?;
            let buf = wast::parser::ParseBuffer::new(&text).map_err(|e| e.to_string())?;
            let mut wat: Wat<'_> = wast::parser::parse(&buf).map_err(|e| e.to_string())?;
            wat.encode().map_err(|e| e.to_string())
        }
    }
}

impl Runner {
    fn new(features: Features) -> Self {
        let mut config = wasm_config_new().expect("config");
        configure(&mut config, features);
        let engine = wasm_engine_new_with_config(Some(config)).expect("engine");
        let store = wasm_store_new(Some(&engine)).expect("store");
        let spectest = spectest(&store);
        let mut registered = HashMap::new();
        registered.insert("spectest".to_string(), Rc::new(spectest));
        Runner {
            store,
            _engine: engine,
            registered,
            named: HashMap::new(),
            definitions: HashMap::new(),
            current: None,
            externs: HashMap::new(),
        }
    }

    fn run(&mut self, directive: WastDirective<'_>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut module) => {
                let name = module.name().map(|id| id.name().to_string());
                let bytes = encode(&mut module).map_err(|e| format!("text encoding: {e}"))?;
                let compiled = api::compile(&self.store, &bytes)?;
                let inst = self.instantiate(&compiled).map_err(|e| format!("{e:?}"))?;
                self.set_current(name, inst);
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = module.name().map(|id| id.name().to_string());
                let bytes = encode(&mut module).map_err(|e| format!("text encoding: {e}"))?;
                let compiled = api::compile(&self.store, &bytes)?;
                self.definitions.insert(name.unwrap_or_default(), compiled);
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let def = module.map(|m| m.name().to_string()).unwrap_or_default();
                let compiled = self
                    .definitions
                    .get(&def)
                    .ok_or_else(|| format!("no module definition {def:?}"))?;
                let inst = self.instantiate(compiled).map_err(|e| format!("{e:?}"))?;
                self.set_current(instance.map(|i| i.name().to_string()), inst);
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let inst = self.instance(module.map(|m| m.name()))?;
                self.registered.insert(name.to_string(), inst);
                Ok(())
            }
            WastDirective::Invoke(invoke) => self.invoke(&invoke).map(drop),
            WastDirective::AssertReturn { exec, results, .. } => {
                let actual = self.execute(exec)?.map_err(|t| format!("trapped: {t}"))?;
                check_results(&results, &actual)
            }
            WastDirective::AssertTrap { exec, message, .. } => match self.execute(exec)? {
                Ok(vals) => Err(format!("expected trap {message:?}, got {vals:?}")),
                Err(trap) => check_message(message, &trap),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call)? {
                Ok(vals) => Err(format!("expected exhaustion {message:?}, got {vals:?}")),
                Err(trap) => check_message(message, &trap),
            },
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => self.expect_refused(&mut module, "invalid", message),
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => self.expect_refused(&mut module, "malformed", message),
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let bytes = module.encode().map_err(|e| format!("text encoding: {e}"))?;
                let compiled = api::compile(&self.store, &bytes)?;
                match self.instantiate(&compiled) {
                    Ok(_) => Err(format!("expected unlinkable ({message:?}), it linked")),
                    Err(InstantiateError::Link(_)) => Ok(()),
                    Err(InstantiateError::Trap(t)) => Err(format!(
                        "expected unlinkable ({message:?}), it trapped: {t}"
                    )),
                }
            }
            other => Err(format!("unsupported command {}", keyword(&other))),
        }
    }

    fn set_current(&mut self, name: Option<String>, inst: Inst) {
        let inst = Rc::new(inst);
        if let Some(name) = name {
            self.named.insert(name, inst.clone());
        }
        self.current = Some(inst);
    }

    /// The instance named `name`, or the current one.
    fn instance(&self, name: Option<&str>) -> Result<Rc<Inst>, String> {
        match name {
            Some(n) => self
                .named
                .get(n)
                .cloned()
                .ok_or_else(|| format!("no instance named {n}")),
            None => self
                .current
                .clone()
                .ok_or_else(|| "no current instance".to_string()),
        }
    }

    /// Instantiates `module`, resolving imports by name among registered instances.
    fn instantiate(&self, module: &wasm_module_t) -> Result<Inst, InstantiateError> {
        let imports = api::module_imports(module);
        let externs: Vec<Option<&wasm_extern_t>> = imports
            .iter()
            .map(|(m, n)| self.registered.get(m).and_then(|i| i.export(n)))
            .collect();
        let instance = api::instantiate(&self.store, module, &externs)?;
        let names = api::module_export_names(module);
        let exports = api::instance_exports(&instance);
        assert_eq!(names.len(), exports.len(), "one extern per export");
        Ok(Inst {
            exports: names.into_iter().zip(exports).collect(),
            _instance: instance,
        })
    }

    /// Converts an argument to a value (references made as needed).
    fn arg(&mut self, arg: &WastArg<'_>) -> Result<Val, String> {
        let WastArg::Core(arg) = arg else {
            return Err("component value".into());
        };
        Ok(match arg {
            WastArgCore::I32(x) => Val::I32(*x),
            WastArgCore::I64(x) => Val::I64(*x),
            WastArgCore::F32(x) => Val::F32(x.bits),
            WastArgCore::F64(x) => Val::F64(x.bits),
            WastArgCore::V128(x) => Val::V128(x.to_le_bytes()),
            WastArgCore::RefNull(ht) => match ht {
                HeapType::Abstract {
                    ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
                    ..
                } => Val::FuncRef(None),
                HeapType::Abstract {
                    ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
                    ..
                } => Val::ExternRef(None),
                other => return Err(format!("unsupported null reference {other:?}")),
            },
            WastArgCore::RefExtern(n) => {
                let store = &self.store;
                let f = self
                    .externs
                    .entry(*n)
                    .or_insert_with(|| api::foreign(store, *n));
                Val::ExternRef(wasm_foreign_copy(Some(f)))
            }
            WastArgCore::RefHost(_) => return Err("ref.host is not supported".into()),
        })
    }

    /// `assert_invalid` / `assert_malformed`: the module must not compile. Text the encoder
    /// itself rejects (unknown names, bad syntax) never reaches the library and counts as
    /// refused.
    fn expect_refused(
        &self,
        module: &mut QuoteWat<'_>,
        kind: &str,
        message: &str,
    ) -> Result<(), String> {
        let Ok(bytes) = encode(module) else {
            return Ok(());
        };
        match api::compile(&self.store, &bytes) {
            Ok(_) => Err(format!("expected {kind} module ({message:?}), it compiled")),
            Err(_) => Ok(()),
        }
    }

    /// Calls an exported function: Err(message) for a runner error, Ok(Err(trap)) for a trap.
    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Result<Vec<Val>, String>, String> {
        let inst = self.instance(invoke.module.map(|m| m.name()))?;
        let func = inst
            .export(invoke.name)
            .ok_or_else(|| format!("no export {:?}", invoke.name))?;
        if wasm_extern_kind(Some(func)) != WASM_EXTERN_FUNC {
            return Err(format!("export {:?} is not a function", invoke.name));
        }
        let args = invoke
            .args
            .iter()
            .map(|a| self.arg(a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(api::call(func, &args))
    }

    /// Runs the action of an assertion.
    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Result<Vec<Val>, String>, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(module.map(|m| m.name()))?;
                let g = inst
                    .export(global)
                    .ok_or_else(|| format!("no export {global:?}"))?;
                if wasm_extern_kind(Some(g)) != WASM_EXTERN_GLOBAL {
                    return Err(format!("export {global:?} is not a global"));
                }
                Ok(Ok(vec![api::global_get(g)]))
            }
            WastExecute::Wat(mut wat) => {
                let bytes = wat.encode().map_err(|e| format!("text encoding: {e}"))?;
                let compiled = api::compile(&self.store, &bytes)?;
                match self.instantiate(&compiled) {
                    Ok(inst) => {
                        self.current = Some(Rc::new(inst));
                        Ok(Ok(Vec::new()))
                    }
                    Err(InstantiateError::Trap(t)) => Ok(Err(t)),
                    Err(InstantiateError::Link(e)) => Err(format!("link error: {e}")),
                }
            }
        }
    }
}

/// The `spectest` module every testsuite file may import from.
fn spectest(store: &wasm_store_t) -> Inst {
    let f = |params: &[wasm_valkind_t]| api::host_func(store, params);
    let exports: Vec<(&str, Own<wasm_extern_t>)> = vec![
        ("print", f(&[])),
        ("print_i32", f(&[WASM_I32])),
        ("print_i64", f(&[WASM_I64])),
        ("print_f32", f(&[WASM_F32])),
        ("print_f64", f(&[WASM_F64])),
        ("print_i32_f32", f(&[WASM_I32, WASM_F32])),
        ("print_f64_f64", f(&[WASM_F64, WASM_F64])),
        ("global_i32", api::const_global(store, Val::I32(666))),
        ("global_i64", api::const_global(store, Val::I64(666))),
        (
            "global_f32",
            api::const_global(store, Val::F32(666.6f32.to_bits())),
        ),
        (
            "global_f64",
            api::const_global(store, Val::F64(666.6f64.to_bits())),
        ),
        ("table", api::table(store, 10, 20)),
        ("memory", api::memory(store, 1, 2)),
    ];
    // The instance handle is only kept to own the exports; spectest has none, so use a
    // trivial instance of an empty module made through wasm.h too.
    let empty = api::compile(store, b"\0asm\x01\0\0\0").expect("empty module");
    let instance = api::instantiate(store, &empty, &[]).expect("empty instance");
    Inst {
        exports: exports
            .into_iter()
            .map(|(n, e)| (n.to_string(), e))
            .collect(),
        _instance: instance,
    }
}

/// Compares a trap message loosely: wasmi's texts differ from the reference interpreter's,
/// but a trap of the wrong kind must not pass.
fn check_message(expected: &str, actual: &str) -> Result<(), String> {
    let (e, a) = (expected.to_lowercase(), actual.to_lowercase());
    if a.contains(&e) || e.contains(&a) {
        return Ok(());
    }
    // Spec text → texts wasmi/wacapi use for the same trap.
    const SYNONYMS: &[(&str, &[&str])] = &[];
    for (spec, ours) in SYNONYMS {
        if e.contains(spec) && ours.iter().any(|o| a.contains(o)) {
            return Ok(());
        }
    }
    Err(format!("expected trap {expected:?}, got {actual:?}"))
}

/// Checks the values of an `assert_return`.
fn check_results(expected: &[WastRet<'_>], actual: &[Val]) -> Result<(), String> {
    if expected.len() != actual.len() {
        return Err(format!(
            "expected {} results, got {}: {actual:?}",
            expected.len(),
            actual.len()
        ));
    }
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let WastRet::Core(e) = e else {
            return Err("component result".into());
        };
        if !matches(e, a) {
            return Err(format!("result {i}: expected {e:?}, got {}", show(a)));
        }
    }
    Ok(())
}

/// A value for messages (floats with their bits).
fn show(v: &Val) -> String {
    match v {
        Val::F32(b) => format!("f32 {} ({b:#010x})", f32::from_bits(*b)),
        Val::F64(b) => format!("f64 {} ({b:#018x})", f64::from_bits(*b)),
        Val::V128(b) => format!("v128 {b:02x?}"),
        Val::FuncRef(r) => format!("funcref {}", if r.is_some() { "non-null" } else { "null" }),
        Val::ExternRef(r) => match r {
            None => "externref null".into(),
            Some(r) => format!("externref {:?}", api::foreign_number(r)),
        },
        other => format!("{other:?}"),
    }
}

fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

/// Lane `i` of `bytes` as an N-byte little-endian integer.
fn lane<const N: usize>(bytes: &[u8; 16], i: usize) -> [u8; N] {
    bytes[i * N..(i + 1) * N].try_into().expect("lane")
}

fn v128_matches(p: &V128Pattern, b: &[u8; 16]) -> bool {
    match p {
        V128Pattern::I8x16(l) => (0..16).all(|i| l[i] as u8 == b[i]),
        V128Pattern::I16x8(l) => (0..8).all(|i| l[i].to_le_bytes() == lane::<2>(b, i)),
        V128Pattern::I32x4(l) => (0..4).all(|i| l[i].to_le_bytes() == lane::<4>(b, i)),
        V128Pattern::I64x2(l) => (0..2).all(|i| l[i].to_le_bytes() == lane::<8>(b, i)),
        V128Pattern::F32x4(l) => {
            (0..4).all(|i| f32_matches(&l[i], u32::from_le_bytes(lane::<4>(b, i))))
        }
        V128Pattern::F64x2(l) => {
            (0..2).all(|i| f64_matches(&l[i], u64::from_le_bytes(lane::<8>(b, i))))
        }
    }
}

/// True when `actual` matches the expected result pattern.
fn matches(expected: &WastRetCore<'_>, actual: &Val) -> bool {
    match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(p), Val::F32(a)) => f32_matches(p, *a),
        (WastRetCore::F64(p), Val::F64(a)) => f64_matches(p, *a),
        (WastRetCore::V128(p), Val::V128(a)) => v128_matches(p, a),
        (WastRetCore::RefNull(ht), Val::FuncRef(None)) => matches!(
            ht,
            None | Some(HeapType::Abstract {
                ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
                ..
            })
        ),
        (WastRetCore::RefNull(ht), Val::ExternRef(None)) => matches!(
            ht,
            None | Some(HeapType::Abstract {
                ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
                ..
            })
        ),
        (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
            api::foreign_number(r) == Some(*n)
        }
        (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
        (WastRetCore::Either(alts), a) => alts.iter().any(|e| matches(e, a)),
        _ => false,
    }
}
