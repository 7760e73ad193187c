//! Every function that include/wasm.h declares (and does not define inline)
//! must be exported by the shared library, and the library must export no
//! `wasm_*` function the header does not declare. The same for
//! include/wasi.h (wasmtime's `wasi_config_*` functions, [`WASI_H_FUNCTIONS`])
//! and `wasi_*`; those are declared only there, never in the generated
//! include/wacapi.h.
//!
//! The header is run through the C preprocessor (`$CC`, else `cc`) so that
//! the WASM_DECLARE_* macros are expanded; only text that comes from wasm.h
//! itself is kept (line markers tell which file each line is from), so the
//! system headers it includes do not count.  The exports are read with
//! `nm -D --defined-only` from `libwacapi.so` next to this test's `deps/`
//! directory, which `cargo test` builds together with the test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn header_path() -> PathBuf {
    include_path("wasm.h")
}

fn include_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("include")
        .join(name)
}

/// The functions include/wasi.h must declare and the library export: the
/// wasmtime `wasi.h` functions wacapi provides.
const WASI_H_FUNCTIONS: &[&str] = &[
    "wasi_config_delete",
    "wasi_config_inherit_argv",
    "wasi_config_inherit_env",
    "wasi_config_inherit_stderr",
    "wasi_config_inherit_stdin",
    "wasi_config_inherit_stdout",
    "wasi_config_new",
    "wasi_config_preopen_dir",
    "wasi_config_set_argv",
    "wasi_config_set_env",
    "wasi_config_set_stderr_file",
    "wasi_config_set_stdin_bytes",
    "wasi_config_set_stdin_file",
    "wasi_config_set_stdout_file",
];

/// Preprocessed text of `header`, restricted to the lines that come from
/// the header file itself.
fn preprocess(header: &Path) -> String {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = Command::new(&cc)
        .args(["-E", "-xc", "-std=c11", "-DWASM_API_EXTERN="])
        .arg(header)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C preprocessor `{cc}`: {e}"));
    assert!(
        out.status.success(),
        "`{cc} -E {}` failed:\n{}",
        header.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("preprocessor output is not UTF-8");

    // Line markers look like `# 12 "path/to/file.h" 2`.  The first one
    // names the main file.
    let mut main_file: Option<String> = None;
    let mut in_main = false;
    let mut kept = String::new();
    for line in text.lines() {
        if let Some(file) = line_marker_file(line) {
            if main_file.is_none() {
                main_file = Some(file.to_string());
            }
            in_main = main_file.as_deref() == Some(file);
            continue;
        }
        if in_main {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

fn line_marker_file(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("# ")
        .or_else(|| line.strip_prefix("#line "))?;
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

/// What a top-level piece of C is.
#[derive(Debug, PartialEq)]
enum Item {
    /// A function declaration (prototype): an exported function.
    Declared(String),
    /// A function definition with a body (the `static inline` helpers).
    Defined(String),
    /// Anything else: typedefs, struct/enum definitions, variables.
    Other,
}

/// Splits preprocessed C into top-level declarations and definitions.
fn top_level_items(src: &str) -> Vec<(Item, String)> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    // Text of the current item before its first top-level `{`.
    let mut head: Option<String> = None;
    for ch in src.chars() {
        cur.push(ch);
        match ch {
            '{' => {
                if depth == 0 && head.is_none() {
                    head = Some(cur[..cur.len() - 1].to_string());
                }
                depth += 1;
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    // `) {...}` closes a function definition; a struct,
                    // union or enum body goes on to its `;`.
                    if let Some(h) = &head {
                        if h.trim_end().ends_with(')') {
                            let name = function_name(h).unwrap_or_default();
                            items.push((Item::Defined(name), std::mem::take(&mut cur)));
                            head = None;
                        }
                    }
                }
            }
            ';' if depth == 0 => {
                let text = std::mem::take(&mut cur);
                items.push((classify_declaration(&text), text));
                head = None;
            }
            _ => {}
        }
    }
    items
}

fn classify_declaration(text: &str) -> Item {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.first() == Some(&"typedef") || words.contains(&"static") || !text.contains('(') {
        return Item::Other;
    }
    match function_name(text) {
        Some(name) => Item::Declared(name),
        None => Item::Other,
    }
}

/// The identifier right before the first `(` (the declarator's name), if
/// that `(` does not open a `(*name)` pointer declarator.
fn function_name(text: &str) -> Option<String> {
    let paren = text.find('(')?;
    let before = text[..paren].trim_end();
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        None
    } else {
        Some(name)
    }
}

/// The shared library built alongside this test binary.
fn shared_library() -> PathBuf {
    // target/<profile>/deps/symbols-<hash>  ->  target/<profile>/
    let exe = std::env::current_exe().expect("current_exe");
    let deps = exe.parent().expect("test binary has a directory");
    let profile_dir = if deps.file_name().is_some_and(|n| n == "deps") {
        deps.parent().unwrap()
    } else {
        deps
    };
    let name = if cfg!(target_os = "macos") {
        "libwacapi.dylib"
    } else {
        "libwacapi.so"
    };
    for dir in [profile_dir, deps] {
        let p = dir.join(name);
        if p.exists() {
            return p;
        }
    }
    panic!(
        "{} not found in {} (build the cdylib first: cargo build)",
        name,
        profile_dir.display()
    );
}

fn exported_functions(lib: &Path) -> BTreeSet<String> {
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(lib)
        .output()
        .expect("cannot run nm (binutils)");
    assert!(
        out.status.success(),
        "nm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            // `0000000000012345 T wasm_engine_new`
            let mut it = line.split_whitespace().rev();
            let name = it.next()?;
            let kind = it.next()?;
            // Text symbols (T, t, W, i for ifuncs); strip any @version.
            matches!(kind, "T" | "t" | "W" | "w" | "i")
                .then(|| name.split('@').next().unwrap().to_string())
        })
        .collect()
}

/// Functions wasm.h declares and does not define.
fn header_functions() -> (BTreeSet<String>, BTreeSet<String>) {
    functions_of(&header_path())
}

/// Functions `header` itself declares and does not define (not those of the
/// headers it includes), and those it defines.
fn functions_of(header: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    assert!(header.exists(), "{} is missing", header.display());
    let text = preprocess(header);
    let mut declared = BTreeSet::new();
    let mut defined = BTreeSet::new();
    for (item, _) in top_level_items(&text) {
        match item {
            Item::Declared(n) => {
                declared.insert(n);
            }
            Item::Defined(n) => {
                defined.insert(n);
            }
            Item::Other => {}
        }
    }
    // A function both declared and defined inline is not expected to be
    // exported.
    let declared = declared.difference(&defined).cloned().collect();
    (declared, defined)
}

#[test]
fn every_wasm_h_function_is_exported() {
    let (declared, defined) = header_functions();
    assert!(
        declared.len() > 200,
        "parsed only {} functions from wasm.h; the parser is broken",
        declared.len()
    );
    let exported = exported_functions(&shared_library());
    let missing: Vec<&String> = declared.difference(&exported).collect();
    println!(
        "{} of {} wasm.h functions exported ({} inline helpers in the header not counted)",
        declared.len() - missing.len(),
        declared.len(),
        defined.len()
    );
    assert!(
        missing.is_empty(),
        "{} wasm.h functions are not exported by the library:\n  {}",
        missing.len(),
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn no_stray_wasm_exports() {
    let (declared, defined) = header_functions();
    let exported = exported_functions(&shared_library());
    let stray: Vec<&String> = exported
        .iter()
        .filter(|n| n.starts_with("wasm_") && !declared.contains(*n))
        .collect();
    let others: Vec<&String> = exported
        .iter()
        .filter(|n| !n.starts_with("wasm_"))
        .collect();
    if !others.is_empty() {
        println!(
            "also exported (extensions, not wasm.h): {}",
            others
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let shadowing: Vec<&&String> = stray.iter().filter(|n| defined.contains(**n)).collect();
    assert!(
        stray.is_empty(),
        "the library exports {} wasm_* functions that wasm.h does not declare \
         ({} of them clash with the header's inline helpers):\n  {}",
        stray.len(),
        shadowing.len(),
        stray
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn parser_handles_the_header_shapes() {
    let src = "typedef struct wasm_x_t { size_t size; int* data; } wasm_x_t;\n\
               void wasm_x_delete(wasm_x_t*);\n\
               typedef int* (*wasm_cb_t)(const int* a, int* b);\n\
               static inline int wasm_helper(int k) { if (k) { return 1; } return 0; }\n\
               inline void assertions(void) { }\n\
               enum e { A, B = 128, };\n\
               static const unsigned wasm_limit = 0xffffffff;\n\
               struct wasm_ref_t;\n\
               wasm_x_t* wasm_x_new(int (*f)(void), void (*fin)(void*));\n";
    let items: Vec<Item> = top_level_items(src).into_iter().map(|(i, _)| i).collect();
    assert_eq!(
        items,
        vec![
            Item::Other,
            Item::Declared("wasm_x_delete".into()),
            Item::Other,
            Item::Defined("wasm_helper".into()),
            Item::Defined("assertions".into()),
            Item::Other,
            Item::Other,
            Item::Other,
            Item::Declared("wasm_x_new".into()),
        ]
    );
    assert_eq!(
        line_marker_file("# 1 \"include/wasm.h\""),
        Some("include/wasm.h")
    );
    assert_eq!(
        line_marker_file("# 31 \"/usr/include/stdint.h\" 3 4"),
        Some("/usr/include/stdint.h")
    );
    assert_eq!(line_marker_file("int x;"), None);
}

#[test]
fn wasi_h_declares_the_expected_functions() {
    let (declared, defined) = functions_of(&include_path("wasi.h"));
    assert!(defined.is_empty(), "wasi.h defines functions: {defined:?}");
    let expected: BTreeSet<String> = WASI_H_FUNCTIONS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        declared, expected,
        "include/wasi.h declares other functions than WASI_H_FUNCTIONS"
    );
}

#[test]
fn every_wasi_h_function_is_exported() {
    let exported = exported_functions(&shared_library());
    let missing: Vec<&&str> = WASI_H_FUNCTIONS
        .iter()
        .filter(|n| !exported.contains(**n))
        .collect();
    assert!(
        missing.is_empty(),
        "wasi.h functions not exported by the library: {missing:?}"
    );
    println!("all {} wasi.h functions exported", WASI_H_FUNCTIONS.len());
}

#[test]
fn no_stray_wasi_exports() {
    let exported = exported_functions(&shared_library());
    let stray: Vec<&String> = exported
        .iter()
        .filter(|n| n.starts_with("wasi_") && !WASI_H_FUNCTIONS.contains(&n.as_str()))
        .collect();
    assert!(
        stray.is_empty(),
        "the library exports wasi_* functions that wasi.h does not declare: {stray:?}"
    );
}

#[test]
fn wacapi_h_declares_no_wasi_functions() {
    let (declared, _) = functions_of(&include_path("wacapi.h"));
    assert!(
        declared.iter().any(|n| n == "wacapi_linker_define_wasi"),
        "parsed no wacapi_* functions from wacapi.h; the parser is broken"
    );
    let wasi: Vec<&String> = declared.iter().filter(|n| n.starts_with("wasi_")).collect();
    assert!(
        wasi.is_empty(),
        "wacapi.h declares wasi.h's functions (keep src/wasi/compat.rs cbindgen:ignore'd): {wasi:?}"
    );
}
