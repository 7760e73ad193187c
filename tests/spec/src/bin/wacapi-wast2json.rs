//! `wacapi-wast2json OUTDIR [GROUP/FILE.wast...]`: turns testsuite files into a JSON command
//! list plus `.wasm` files, so the Python package's tests can replay them through its own
//! ctypes layer (bindings/python/tests/test_spec_subset.py).
//!
//! Without file arguments it writes [`SUBSET`], the representative files the Python test
//! runs. Output: `OUTDIR/<file>.json` (`{"source", "features", "commands": [...]}`) and
//! `OUTDIR/<file>.<n>.wasm`; `"features"` are the engine switches of the file's group, named
//! as `wacapi.Config`'s settings. Values are `{"type", "value"}` with numbers as decimal strings
//! of their bits (so NaN payloads survive), `"nan:canonical"`/`"nan:arithmetic"`, `"null"`
//! for null references, the number of `ref.extern N`, and `"func"` for `ref.func`. Commands
//! skip.txt lists carry `"skip": reason`.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use wast::core::{AbstractHeapType, HeapType, NanPattern, WastArgCore, WastRetCore};
use wast::{QuoteWat, QuoteWatTest, WastArg, WastDirective, WastExecute, WastInvoke, WastRet};

/// The files the Python subset runs: integers, floats, memory, tables, references, indirect
/// calls, imports and cross-module linking.
const SUBSET: &[&str] = &[
    "wasm-v2/i32.wast",
    "wasm-v2/f64.wast",
    "wasm-v2/memory.wast",
    "wasm-v2/table.wast",
    "wasm-v2/table_get.wast",
    "wasm-v2/table_set.wast",
    "wasm-v2/table_grow.wast",
    "wasm-v2/ref_func.wast",
    "wasm-v2/call_indirect.wast",
    "wasm-v2/imports.wast",
    "wasm-v2/linking.wast",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: wacapi-wast2json OUTDIR [GROUP/FILE.wast...]");
        std::process::exit(2);
    };
    let mut files: Vec<String> = args.collect();
    if files.is_empty() {
        files = SUBSET.iter().map(|s| s.to_string()).collect();
    }
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("create OUTDIR");
    for path in &files {
        if let Err(e) = convert(path, &out) {
            eprintln!("wacapi-wast2json: {path}: {e}");
            std::process::exit(1);
        }
    }
}

/// The text of a testsuite file named `group/file.wast`.
fn source(path: &str) -> Result<&'static str, String> {
    let (dir, _) = path.rsplit_once('/').ok_or("expected GROUP/FILE.wast")?;
    let group = wacapi_spec::suite::GROUPS
        .iter()
        .find(|g| **g == dir)
        .ok_or_else(|| format!("unknown group {dir}"))?;
    wacapi_spec::suite::files(&wacapi_spec::suite::group(group))
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, text)| text)
        .ok_or_else(|| "no such file".to_string())
}

fn convert(path: &str, out: &Path) -> Result<(), String> {
    let text = source(path)?;
    let skips = wacapi_spec::skip::SkipList::ours();
    if skips.file(path) {
        return Err("the whole file is in skip.txt".into());
    }
    let stem = path.replace('/', "_").trim_end_matches(".wast").to_string();
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = wast::parser::ParseBuffer::new_with_lexer(lexer).map_err(|e| e.to_string())?;
    let wast: wast::Wast<'_> = wast::parser::parse(&buf).map_err(|e| e.to_string())?;
    let mut commands = Vec::new();
    let mut n = 0;
    let mut write_module = |bytes: &[u8]| -> Result<String, String> {
        let name = format!("{stem}.{n}.wasm");
        n += 1;
        std::fs::write(out.join(&name), bytes).map_err(|e| e.to_string())?;
        Ok(name)
    };
    for d in wast.directives {
        let line = d.span().linecol_in(text).0 + 1;
        let cmd = match d {
            WastDirective::Module(mut m) => {
                let name = m.name().map(|i| i.name().to_string());
                let bytes = m.encode().map_err(|e| format!("line {line}: {e}"))?;
                json!({"type": "module", "name": name, "filename": write_module(&bytes)?})
            }
            WastDirective::Register { name, module, .. } => {
                json!({"type": "register", "as": name, "name": module.map(|m| m.name())})
            }
            WastDirective::Invoke(i) => json!({"type": "action", "action": invoke(&i)?}),
            WastDirective::AssertReturn { exec, results, .. } => json!({
                "type": "assert_return",
                "action": action(exec)?,
                "expected": results.iter().map(ret).collect::<Result<Vec<_>, _>>()?,
            }),
            WastDirective::AssertTrap { exec, message, .. } => match exec {
                WastExecute::Wat(mut w) => {
                    let bytes = w.encode().map_err(|e| e.to_string())?;
                    json!({"type": "assert_uninstantiable", "filename": write_module(&bytes)?,
                           "text": message})
                }
                exec => json!({"type": "assert_trap", "action": action(exec)?, "text": message}),
            },
            WastDirective::AssertExhaustion { call, message, .. } => {
                json!({"type": "assert_exhaustion", "action": invoke(&call)?, "text": message})
            }
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let bytes = module.encode().map_err(|e| e.to_string())?;
                json!({"type": "assert_unlinkable", "filename": write_module(&bytes)?,
                       "text": message})
            }
            WastDirective::AssertInvalid {
                module, message, ..
            } => rejected("assert_invalid", module, message, &mut write_module)?,
            WastDirective::AssertMalformed {
                module, message, ..
            } => rejected("assert_malformed", module, message, &mut write_module)?,
            _ => return Err(format!("line {line}: unsupported command")),
        };
        let mut cmd = cmd;
        cmd["line"] = json!(line);
        if let Some(reason) = skips.line_reason(path, line) {
            cmd["skip"] = json!(reason);
        }
        commands.push(cmd);
    }
    // The engine switches of the file's group, named as `wacapi.Config`'s settings.
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let group = wacapi_spec::suite::GROUPS
        .iter()
        .find(|g| **g == dir)
        .ok_or("unknown group")?;
    let f = wacapi_spec::suite::group(group).features;
    let features = json!({
        "wide_arithmetic": f.wide_arithmetic,
        "custom_page_sizes": f.custom_page_sizes,
        "multi_memory": f.multi_memory,
        "memory64": f.memory64,
    });
    let doc = json!({"source": path, "features": features, "commands": commands});
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(out.join(format!("{stem}.json")), text).map_err(|e| e.to_string())
}

/// An `assert_invalid`/`assert_malformed`: the binary to reject, or, for text the encoder
/// already refuses (a quoted module, or unknown names), the text for `wacapi.Module`'s own
/// text parser (`module_type: "text"`).
fn rejected(
    kind: &str,
    mut module: QuoteWat<'_>,
    message: &str,
    write_module: &mut impl FnMut(&[u8]) -> Result<String, String>,
) -> Result<Value, String> {
    let test = module.to_test().map_err(|e| e.to_string());
    Ok(match test {
        Ok(QuoteWatTest::Binary(bytes)) => {
            json!({"type": kind, "module_type": "binary", "filename": write_module(&bytes)?,
                   "text": message})
        }
        Ok(QuoteWatTest::Text(text)) => json!({"type": kind, "module_type": "text",
            "wat": String::from_utf8_lossy(&text), "text": message}),
        // The text format's own checks refused it while encoding; nothing reaches the API.
        Err(_) => json!({"type": kind, "module_type": "rejected-by-encoder", "text": message}),
    })
}

fn action(exec: WastExecute<'_>) -> Result<Value, String> {
    match exec {
        WastExecute::Invoke(i) => invoke(&i),
        WastExecute::Get { module, global, .. } => {
            Ok(json!({"type": "get", "module": module.map(|m| m.name()), "field": global}))
        }
        WastExecute::Wat(_) => Err("module as an action".into()),
    }
}

fn invoke(i: &WastInvoke<'_>) -> Result<Value, String> {
    Ok(json!({
        "type": "invoke",
        "module": i.module.map(|m| m.name()),
        "field": i.name,
        "args": i.args.iter().map(arg).collect::<Result<Vec<_>, _>>()?,
    }))
}

fn heap(ht: &HeapType<'_>) -> Result<&'static str, String> {
    match ht {
        HeapType::Abstract {
            ty: AbstractHeapType::Func,
            ..
        } => Ok("funcref"),
        HeapType::Abstract {
            ty: AbstractHeapType::Extern,
            ..
        } => Ok("externref"),
        other => Err(format!("unsupported heap type {other:?}")),
    }
}

fn arg(a: &WastArg<'_>) -> Result<Value, String> {
    let WastArg::Core(a) = a else {
        return Err("component value".into());
    };
    Ok(match a {
        WastArgCore::I32(x) => json!({"type": "i32", "value": (*x as u32).to_string()}),
        WastArgCore::I64(x) => json!({"type": "i64", "value": (*x as u64).to_string()}),
        WastArgCore::F32(x) => json!({"type": "f32", "value": x.bits.to_string()}),
        WastArgCore::F64(x) => json!({"type": "f64", "value": x.bits.to_string()}),
        WastArgCore::RefNull(ht) => json!({"type": heap(ht)?, "value": "null"}),
        WastArgCore::RefExtern(n) => json!({"type": "externref", "value": n.to_string()}),
        other => return Err(format!("unsupported argument {other:?}")),
    })
}

fn ret(r: &WastRet<'_>) -> Result<Value, String> {
    let WastRet::Core(r) = r else {
        return Err("component value".into());
    };
    let nan = |p: &NanPattern<u64>| match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => v.to_string(),
    };
    Ok(match r {
        WastRetCore::I32(x) => json!({"type": "i32", "value": (*x as u32).to_string()}),
        WastRetCore::I64(x) => json!({"type": "i64", "value": (*x as u64).to_string()}),
        WastRetCore::F32(p) => json!({"type": "f32", "value": nan(&match p {
            NanPattern::CanonicalNan => NanPattern::CanonicalNan,
            NanPattern::ArithmeticNan => NanPattern::ArithmeticNan,
            NanPattern::Value(v) => NanPattern::Value(u64::from(v.bits)),
        })}),
        WastRetCore::F64(p) => json!({"type": "f64", "value": nan(&match p {
            NanPattern::CanonicalNan => NanPattern::CanonicalNan,
            NanPattern::ArithmeticNan => NanPattern::ArithmeticNan,
            NanPattern::Value(v) => NanPattern::Value(v.bits),
        })}),
        WastRetCore::RefNull(Some(ht)) => json!({"type": heap(ht)?, "value": "null"}),
        WastRetCore::RefExtern(Some(n)) => json!({"type": "externref", "value": n.to_string()}),
        WastRetCore::RefFunc(_) => json!({"type": "funcref", "value": "func"}),
        other => return Err(format!("unsupported result {other:?}")),
    })
}
