//! The committed WASI guest binaries (`tests/guests/*.wasm`) still are what their C sources
//! promise: built from these very sources (guests.sha256), exporting what the sources export,
//! importing only WASI, and — when the local clang is the one that built them — rebuilt byte
//! for byte. Their behaviour (output, exit codes) is checked by the C tests and samples that
//! run them (tests/c/wasi*.c, samples/c/wasi_run.c).

mod common;
#[path = "guests/mod.rs"]
mod guests;

use std::collections::BTreeMap;
use std::process::Command;

use wasmparser::{ExternalKind, Parser, Payload, TypeRef, ValType};

/// A guest's imports (module, name) and exports (name -> description of its kind/type).
struct Surface {
    imports: Vec<(String, String)>,
    exports: BTreeMap<String, String>,
}

fn val(v: ValType) -> &'static str {
    match v {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        _ => "other",
    }
}

fn surface(name: &str) -> Surface {
    let path = guests::source_dir().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut types = Vec::new();
    let mut funcs: Vec<u32> = Vec::new();
    let mut imports = Vec::new();
    let mut exports = BTreeMap::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.unwrap_or_else(|e| panic!("{name}: {e}")) {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    let f = ty.expect("func type");
                    let params: Vec<_> = f.params().iter().map(|v| val(*v)).collect();
                    let results: Vec<_> = f.results().iter().map(|v| val(*v)).collect();
                    types.push(format!(
                        "({}) -> ({})",
                        params.join(", "),
                        results.join(", ")
                    ));
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.expect("import");
                    if let TypeRef::Func(t) = import.ty {
                        funcs.push(t);
                    }
                    imports.push((import.module.to_string(), import.name.to_string()));
                }
            }
            Payload::FunctionSection(reader) => {
                funcs.extend(reader.into_iter().map(|t| t.expect("function")));
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.expect("export");
                    let what = match export.kind {
                        ExternalKind::Func => {
                            format!("func {}", types[funcs[export.index as usize] as usize])
                        }
                        ExternalKind::Memory => "memory".to_string(),
                        ExternalKind::Global => "global".to_string(),
                        ExternalKind::Table => "table".to_string(),
                        _ => "other".to_string(),
                    };
                    exports.insert(export.name.to_string(), what);
                }
            }
            _ => {}
        }
    }
    Surface { imports, exports }
}

/// `export_name("x")` attributes of a C source: the functions it promises to export.
fn exported_by_source(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(guests::source_dir().join(file)).expect("read source");
    text.split("export_name(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn committed_guests_are_built_from_these_sources() {
    let stale = guests::stale_files(&guests::source_dir()).expect("read guests.sha256");
    assert!(
        stale.is_empty(),
        "tests/guests: {stale:?} differ from guests.sha256: run `make guests` and commit the result"
    );
    // The stamp covers exactly the sources, the script (its flags) and both binaries.
    let stamp = guests::read_stamp(&guests::source_dir()).unwrap();
    let names: Vec<_> = stamp.sums.keys().cloned().collect();
    let mut expected: Vec<_> = guests::STAMPED.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert!(
        stamp.clang.contains("clang"),
        "no clang line: {:?}",
        stamp.clang
    );
}

#[test]
fn command_exports_start_and_imports_only_wasi() {
    let s = surface("command.wasm");
    assert_eq!(
        s.exports.keys().collect::<Vec<_>>(),
        ["_start", "memory"],
        "{:?}",
        s.exports
    );
    assert_eq!(s.exports["_start"], "func () -> ()");
    assert!(!s.imports.is_empty());
    for (module, name) in &s.imports {
        assert_eq!(module, "wasi_snapshot_preview1", "import {module}.{name}");
    }
    // What command.c's modes need from WASI: arguments, environment, files, exit.
    for needed in [
        "args_get",
        "environ_get",
        "fd_write",
        "fd_read",
        "path_open",
        "proc_exit",
    ] {
        assert!(
            s.imports.iter().any(|(_, n)| n == needed),
            "command.wasm does not import {needed}: {:?}",
            s.imports
        );
    }
}

#[test]
fn reactor_exports_what_reactor_c_promises() {
    let s = surface("reactor.wasm");
    let promised = exported_by_source("reactor.c");
    assert_eq!(promised, ["alloc", "free", "greet"]);
    let mut expected: Vec<String> = promised.clone();
    expected.extend(["_initialize".to_string(), "memory".to_string()]);
    expected.sort();
    assert_eq!(s.exports.keys().cloned().collect::<Vec<_>>(), expected);
    assert_eq!(s.exports["_initialize"], "func () -> ()");
    assert_eq!(s.exports["alloc"], "func (i32) -> (i32)");
    assert_eq!(s.exports["free"], "func (i32) -> ()");
    // greet(const char*, size_t) -> uint64_t: pointer and length of the answer packed in an i64.
    assert_eq!(s.exports["greet"], "func (i32, i32) -> (i64)");
    assert!(!s.exports.contains_key("_start"), "a reactor has no _start");
    for (module, name) in &s.imports {
        assert_eq!(module, "wasi_snapshot_preview1", "import {module}.{name}");
    }
}

/// With the clang that built the committed binaries, build.sh must reproduce them exactly;
/// another clang version legitimately makes other bytes, so then only the stamp is checked.
#[test]
fn same_clang_rebuilds_identical_binaries() {
    let stamp = guests::read_stamp(&guests::source_dir()).unwrap();
    let cc = std::env::var("CC_WASI").unwrap_or_else(|_| "clang".to_string());
    let local = match Command::new(&cc).arg("--version").output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
        _ => {
            eprintln!("no {cc} here: the committed guests are checked by their stamp only");
            return;
        }
    };
    if local != stamp.clang {
        eprintln!(
            "local {local:?} is not {:?}, which built the guests: stamp check only",
            stamp.clang
        );
        return;
    }
    let out = std::env::temp_dir().join(format!("wacapi-guests-{}", std::process::id()));
    let script = guests::source_dir().join("build.sh");
    let built = Command::new("sh")
        .arg(&script)
        .arg(&out)
        .output()
        .expect("run build.sh");
    if !built.status.success() {
        // The same clang, but without wasi-libc or lld: not what this test is about.
        eprintln!(
            "{cc} cannot build for wasm32-wasi here ({}): stamp check only",
            String::from_utf8_lossy(&built.stderr).trim()
        );
        let _ = std::fs::remove_dir_all(&out);
        return;
    }
    let rebuilt = guests::sha256(&out, &guests::GUESTS).unwrap();
    let committed = guests::sha256(&guests::source_dir(), &guests::GUESTS).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    assert_eq!(
        rebuilt, committed,
        "{local} rebuilt different guests: run `make guests` and commit the result"
    );
}
