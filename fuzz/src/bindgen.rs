//! The `bindgen_parser` target's harness: preprocessed header text → model → Python text.
//!
//! Inputs are C preprocessor output (as gcc prints it) with the include directory written as
//! [`INCLUDE_PLACEHOLDER`] in its line markers, so the committed seeds work in any checkout:
//! the harness puts this checkout's `include/` back before parsing, and line markers then name
//! the real `include/wasm.h` and `include/wacapi.h`, which is how the lowering stage decides
//! which declarations belong to the API. No preprocessor runs per input.

use std::path::PathBuf;
use std::sync::OnceLock;

/// What the seeds write instead of the absolute path of `include/`.
pub const INCLUDE_PLACEHOLDER: &str = "@INCLUDE@";

/// The named headers: canonical paths and their text (for the comment pass).
struct Headers {
    dir: String,
    paths: Vec<PathBuf>,
    texts: Vec<String>,
}

/// This checkout's headers, read once per process.
fn headers() -> &'static Headers {
    static HEADERS: OnceLock<Headers> = OnceLock::new();
    HEADERS.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../include")
            .canonicalize()
            .expect("include/ exists next to fuzz/");
        let paths: Vec<PathBuf> = ["wasm.h", "wacapi.h"].iter().map(|h| dir.join(h)).collect();
        let texts = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("header is readable"))
            .collect();
        Headers {
            dir: dir.display().to_string(),
            paths,
            texts,
        }
    })
}

/// Runs one input: parse and lower; when that succeeds, print both Python files too.
///
/// Returns whether a model was built (for the smoke test of the seeds). Any panic inside is a
/// bug in wacapi-bindgen (or lang-c), which must report every failure as an `Err`.
pub fn run(input: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(input) else {
        return false;
    };
    let h = headers();
    let source = text.replace(INCLUDE_PLACEHOLDER, &h.dir);
    let texts: Vec<&str> = h.texts.iter().map(String::as_str).collect();
    match wacapi_bindgen::model_from_preprocessed(&source, &h.paths, &texts) {
        Ok(api) => {
            let out = wacapi_bindgen::render(&api);
            assert!(!out.py.is_empty() && !out.pyi.is_empty());
            true
        }
        Err(_) => false,
    }
}
