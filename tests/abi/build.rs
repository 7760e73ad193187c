//! Generates Rust declarations of include/wasm.h with bindgen (libclang), so
//! that the tests can compare wacapi's `#[repr(C)]` types and constants with
//! what a C compiler sees.
//!
//! Outputs in OUT_DIR:
//! - `wasm_h.rs`: the bindings (types, enum constants, function declarations);
//! - `wasi_h.rs`: the function declarations of include/wasi.h (wasmtime's
//!   `wasi_config_*` names) and the types they use, plus wacapi.h's value types
//!   (`wacapi_val_t`, `wacapi_valkind_enum`);
//! - `abi_extra.rs`: `wasm_val_union_c`, an alias for the (anonymous) union
//!   type of `wasm_val_t::of`, and `ENUM_CONSTANTS`, one entry per enum
//!   constant of the header, each comparing the header's value with the
//!   constant of the same name in wacapi (a missing one fails to compile);
//!   `signatures()` and `wasi_signatures()`, one entry per function of
//!   wasm.h and of wasi.h, each with the header's and wacapi's signature.

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bindgen::callbacks::{EnumVariantValue, ParseCallbacks};

#[derive(Debug, Default)]
struct EnumCollector {
    /// constant name -> (enum name, value)
    seen: Arc<Mutex<BTreeMap<String, (String, i128)>>>,
}

impl ParseCallbacks for EnumCollector {
    fn enum_variant_name(
        &self,
        enum_name: Option<&str>,
        variant: &str,
        value: EnumVariantValue,
    ) -> Option<String> {
        let v = match value {
            EnumVariantValue::Boolean(b) => b as i128,
            EnumVariantValue::Signed(s) => s as i128,
            EnumVariantValue::Unsigned(u) => u as i128,
        };
        let enum_name = enum_name
            .unwrap_or("<anonymous>")
            .trim_start_matches("enum ");
        self.seen
            .lock()
            .unwrap()
            .insert(variant.to_string(), (enum_name.to_string(), v));
        None
    }
}

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let header = manifest.join("../../include/wasm.h");
    let header = header.canonicalize().unwrap_or_else(|_| {
        panic!("{} not found", header.display());
    });
    println!("cargo:rerun-if-changed={}", header.display());
    println!("cargo:rerun-if-changed=build.rs");

    let seen = Arc::new(Mutex::new(BTreeMap::new()));
    let bindings = bindgen::Builder::default()
        .header(header.to_str().expect("header path must be UTF-8"))
        .clang_args(["-xc", "-std=c11"])
        // Everything the header declares under its own names, nothing
        // from the system headers it includes.
        .allowlist_type("wasm_.*")
        .allowlist_var("wasm_.*|WASM_.*|MEMORY_PAGE_SIZE")
        .allowlist_function("wasm_.*")
        // `WASM_I32` rather than `wasm_valkind_enum_WASM_I32`.
        .prepend_enum_name(false)
        .derive_default(false)
        .derive_debug(false)
        .generate_comments(false)
        .formatter(bindgen::Formatter::None)
        .parse_callbacks(Box::new(EnumCollector { seen: seen.clone() }))
        .generate()
        .expect("bindgen failed on include/wasm.h");

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    let text = bindings.to_string();
    std::fs::write(out_dir.join("wasm_h.rs"), &text).expect("cannot write bindings");

    let mut extra = String::new();

    // The type of `wasm_val_t::of`, whatever bindgen named it.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let start = compact
        .find("pubstructwasm_val_t{")
        .expect("bindings have no struct wasm_val_t");
    let body = &compact[start..];
    let body = &body[..body.find('}').unwrap()];
    let of = body
        .find("pubof:")
        .map(|i| &body[i + "pubof:".len()..])
        .expect("wasm_val_t has no field `of`");
    let of_ty = &of[..of.find(',').unwrap_or(of.len())];
    writeln!(extra, "/// The C type of `wasm_val_t::of`.").unwrap();
    writeln!(extra, "pub type wasm_val_union_c = c::{of_ty};").unwrap();

    // Every WASM_* enum constant of the header.
    let seen = seen.lock().unwrap();
    writeln!(
        extra,
        "/// (enum, name, value in wasm.h, value in wacapi, byte size of wacapi's constant)"
    )
    .unwrap();
    writeln!(
        extra,
        "pub const ENUM_CONSTANTS: &[(&str, &str, i128, i128, usize)] = &["
    )
    .unwrap();
    let mut n = 0;
    for (name, (enum_name, value)) in seen.iter() {
        if !name.starts_with("WASM_") {
            continue;
        }
        n += 1;
        writeln!(
            extra,
            "    ({enum_name:?}, {name:?}, {value}, wacapi::{name} as i128, core::mem::size_of_val(&wacapi::{name})),"
        )
        .unwrap();
    }
    writeln!(extra, "];").unwrap();
    assert!(n > 0, "no WASM_* enum constants found in the header");

    // Every function prototype: compare its signature with wacapi's
    // function of the same name (a missing one fails to compile).
    let funcs = function_arities(&text);
    assert!(
        funcs.len() > 200,
        "found only {} functions in the bindings",
        funcs.len()
    );
    write_signatures(&mut extra, "signatures", "c", "wasm.h", &funcs);

    // include/wasi.h (which includes wacapi.h and wasm.h): only its own
    // `wasi_*` functions, and the types they need, in module `c_wasi`.
    let wasi_header = manifest.join("../../include/wasi.h");
    let wasi_header = wasi_header.canonicalize().unwrap_or_else(|_| {
        panic!("{} not found", wasi_header.display());
    });
    println!("cargo:rerun-if-changed={}", wasi_header.display());
    let wacapi_header = manifest.join("../../include/wacapi.h");
    println!("cargo:rerun-if-changed={}", wacapi_header.display());
    let wasi = bindgen::Builder::default()
        .header(wasi_header.to_str().expect("header path must be UTF-8"))
        .clang_args(["-xc", "-std=c11"])
        .allowlist_function("wasi_.*")
        // wacapi.h's own value types (cbindgen writes them from the Rust definitions; this
        // checks that a C compiler lays them out as Rust does).
        .allowlist_type("wacapi_val_t")
        .allowlist_type("wacapi_valkind_enum")
        .derive_default(false)
        .derive_debug(false)
        .generate_comments(false)
        .formatter(bindgen::Formatter::None)
        .generate()
        .expect("bindgen failed on include/wasi.h");
    let wasi_text = wasi.to_string();
    std::fs::write(out_dir.join("wasi_h.rs"), &wasi_text).expect("cannot write wasi_h.rs");
    let wasi_funcs = function_arities(&wasi_text);
    assert!(
        wasi_funcs.len() >= 14,
        "found only {} functions in the wasi.h bindings",
        wasi_funcs.len()
    );
    write_signatures(
        &mut extra,
        "wasi_signatures",
        "c_wasi",
        "wasi.h",
        &wasi_funcs,
    );

    std::fs::write(out_dir.join("abi_extra.rs"), extra).expect("cannot write abi_extra.rs");
}

/// Writes `pub fn <fn_name>()`, listing for every function of `funcs` its
/// name, its signature in the bindings module `module` and the signature of
/// wacapi's function of the same name (a missing one fails to compile).
fn write_signatures(
    extra: &mut String,
    fn_name: &str,
    module: &str,
    header: &str,
    funcs: &[(String, usize)],
) {
    writeln!(
        extra,
        "/// (name, {header} signature, wacapi signature) for every function of {header}"
    )
    .unwrap();
    writeln!(
        extra,
        "pub fn {fn_name}() -> Vec<(&'static str, Signature, Signature)> {{ vec!["
    )
    .unwrap();
    for (name, arity) in funcs {
        let holes = vec!["_"; *arity].join(", ");
        writeln!(
            extra,
            "    ({name:?}, signature{arity}({module}::{name} as unsafe extern \"C\" fn({holes}) -> _), \
             signature{arity}(wacapi::{name} as unsafe extern \"C\" fn({holes}) -> _)),"
        )
        .unwrap();
    }
    writeln!(extra, "] }}").unwrap();
}

/// Names and parameter counts of the `pub fn` declarations in the bindings
/// (as printed without a formatter: `pub fn name (a : T , b : U) -> R ;`).
fn function_arities(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("pub fn ") {
        rest = &rest[i + "pub fn ".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let open = rest.find('(').expect("function without parameter list");
        // Parameters up to the matching `)`; `->` would confuse the `<>` count.
        let params = rest[open + 1..].replace("->", "~~");
        let (mut paren, mut angle) = (0i32, 0i32);
        let (mut count, mut pending) = (0usize, false);
        for ch in params.chars() {
            match ch {
                '(' => paren += 1,
                ')' if paren == 0 => break,
                ')' => paren -= 1,
                '<' => angle += 1,
                '>' => angle -= 1,
                ',' if paren == 0 && angle == 0 => {
                    if pending {
                        count += 1;
                    }
                    pending = false;
                    continue;
                }
                _ => {}
            }
            if !ch.is_whitespace() {
                pending = true;
            }
        }
        if pending {
            count += 1;
        }
        out.push((name, count));
    }
    out.sort();
    out.dedup();
    out
}
