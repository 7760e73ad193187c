//! Inputs the `bindgen_parser` fuzz target found panicking, kept as tests: each must now build a
//! model or fail with an `Err`.

use std::path::PathBuf;

/// The repository's real headers, which `model_from_preprocessed` matches line markers against.
fn headers() -> (Vec<PathBuf>, Vec<String>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../include")
        .canonicalize()
        .unwrap();
    let paths: Vec<PathBuf> = ["wasm.h", "wacapi.h"].iter().map(|h| dir.join(h)).collect();
    let texts = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    (paths, texts)
}

/// A line marker that puts a declaration past the last line of its header (wasm.h has ~1100
/// lines): the comment pass indexed the header's lines with it and panicked out of bounds.
#[test]
fn line_marker_past_the_end_of_the_header() {
    let (paths, texts) = headers();
    let wasm_h = paths[0].display();
    let source = format!(
        "# 1 \"{wasm_h}\"\ntypedef unsigned int uint32_t;\n# 99999 \"{wasm_h}\"\n\
         typedef struct wasm_limits_t {{ uint32_t min; uint32_t max; }} wasm_limits_t;\n"
    );
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let api = wacapi_bindgen::model_from_preprocessed(&source, &paths, &texts)
        .expect("a valid declaration, only its line is unusual");
    let limits = api
        .items
        .iter()
        .find(|i| i.name == "wasm_limits_t")
        .expect("the struct is in the model");
    assert_eq!(limits.loc.line, 99999);
    assert_eq!(
        limits.doc, None,
        "no comment can be above a line past the end"
    );
}
