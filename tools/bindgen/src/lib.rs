//! wacapi-bindgen: reads C headers and writes a Python ctypes binding plus its type stubs.
//!
//! It exists so that `bindings/python/wacapi/binding.py` is derived from `include/wasm.h` and
//! `include/wacapi.h` instead of being maintained by hand: a function added to a header appears
//! in Python at the next `make bindings`, and a stale binding fails `make check-bindings`.
//!
//! The pipeline has one module per stage, and the typed model in the middle is what tests
//! target:
//! 1. [`preprocess`] — the C preprocessor (through lang-c's driver), with line markers mapping
//!    every declaration back to its header and line;
//! 2. parse — lang-c's C11 parser (inside [`preprocess::run`]);
//! 3. [`lower`] — the syntax tree becomes a [`model::Api`]: structs, unions, enums, typedefs,
//!    callbacks, functions and constants of the named headers, in header order, with comments
//!    from [`comments`]; [`names`] refuses a model whose names cannot all be Python names;
//! 4. [`emit_py`] and [`emit_pyi`] — print `binding.py` and `binding.pyi` from the model.
//!
//! [`emit_md`] prints the C reference (one Markdown page per header) from the same model and the
//! headers' text, for `make docs`.

#![warn(missing_docs)]

pub mod comments;
pub mod emit_md;
pub mod emit_py;
pub mod emit_pyi;
pub mod error;
pub mod lower;
pub mod model;
pub mod names;
pub mod preprocess;

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use preprocess::Options;

/// Runs stages 1–3: the headers named in `opts` → the model of their API.
pub fn build_model(opts: &Options) -> Result<model::Api> {
    Ok(model_and_texts(opts)?.0)
}

/// [`build_model`], also returning the text of each named header (in `api.headers` order).
fn model_and_texts(opts: &Options) -> Result<(model::Api, Vec<comments::HeaderText>)> {
    let parsed = preprocess::run(opts)?;
    let mut names = Vec::new();
    let mut texts = Vec::new();
    for path in &parsed.headers {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
        texts.push(comments::HeaderText::new(&text));
        names.push(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
        );
    }
    let api = lower::lower(&parsed, &names, &texts)?;
    Ok((api, texts))
}

/// The C reference of the headers named in `opts`: `(file name, Markdown)` per header, the
/// file name being the header's with `.md` for `.h` (`wasm.h` → `wasm.md`).
pub fn docs(opts: &Options) -> Result<Vec<(String, String)>> {
    let (api, texts) = model_and_texts(opts)?;
    Ok(api
        .headers
        .iter()
        .zip(&texts)
        .map(|(header, text)| {
            let stem = header.strip_suffix(".h").unwrap_or(header);
            (format!("{stem}.md"), emit_md::emit(&api, header, text))
        })
        .collect())
}

/// Writes the pages of [`docs`] into `dir` (made if missing); returns the paths written.
pub fn write_docs(dir: &Path, pages: &[(String, String)]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::new(format!("{}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (name, text) in pages {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// Runs stages 2–3 on text that is already preprocessed: lang-c's parser, then lowering.
///
/// This is [`build_model`] without the C preprocessor, for callers that have the preprocessed
/// text in hand and must not spawn a process per input (the `bindgen_parser` fuzz target).
/// `headers` are the named headers (their canonical paths are matched against the line markers
/// of `source`) and `texts` their raw text, for comments, in the same order. Every failure,
/// from a syntax error to a construct without a binding, is an `Err`.
pub fn model_from_preprocessed(
    source: &str,
    headers: &[PathBuf],
    texts: &[&str],
) -> Result<model::Api> {
    if headers.len() != texts.len() {
        return Err(Error::new("one header text is needed per header"));
    }
    let mut canonical = Vec::with_capacity(headers.len());
    let mut names = Vec::with_capacity(headers.len());
    for path in headers {
        canonical.push(
            path.canonicalize()
                .map_err(|e| Error::new(format!("{}: {e}", path.display())))?,
        );
        names.push(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
        );
    }
    let config = lang_c::driver::Config::with_gcc();
    let parse = lang_c::driver::parse_preprocessed(&config, source.to_owned())
        .map_err(|e| Error::new(format!("lang-c could not parse: {e}")))?;
    let parsed = preprocess::Parsed {
        lines: preprocess::LineMap::new(&parse.source),
        unit: parse.unit,
        headers: canonical,
    };
    let texts: Vec<_> = texts.iter().map(|t| comments::HeaderText::new(t)).collect();
    lower::lower(&parsed, &names, &texts)
}

/// The two generated files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `binding.py`.
    pub py: String,
    /// `binding.pyi`.
    pub pyi: String,
}

/// Runs stage 4: prints both files from a model.
pub fn render(api: &model::Api) -> Output {
    Output {
        py: emit_py::emit(api),
        pyi: emit_pyi::emit(api),
    }
}

/// The whole pipeline: headers → both files' text.
pub fn generate(opts: &Options) -> Result<Output> {
    Ok(render(&build_model(opts)?))
}

/// Where the stubs of `out` go: the same path with the `.pyi` extension.
pub fn stub_path(out: &Path) -> PathBuf {
    out.with_extension("pyi")
}

/// Writes both files (`out` and its [`stub_path`]).
pub fn write(out: &Path, output: &Output) -> Result<()> {
    for (path, text) in [
        (out.to_path_buf(), &output.py),
        (stub_path(out), &output.pyi),
    ] {
        std::fs::write(&path, text).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// Compares both files on disk with `output`; returns one message per file that differs.
///
/// Used by `--check`, which must write nothing and fail while a committed binding is stale.
pub fn check(out: &Path, output: &Output) -> Vec<String> {
    let mut stale = Vec::new();
    for (path, want) in [
        (out.to_path_buf(), &output.py),
        (stub_path(out), &output.pyi),
    ] {
        match std::fs::read_to_string(&path) {
            Ok(have) if have == *want => {}
            Ok(have) => {
                let line = have
                    .lines()
                    .zip(want.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| have.lines().count().min(want.lines().count()))
                    + 1;
                stale.push(format!(
                    "{} is stale (first difference at line {line})",
                    path.display()
                ));
            }
            Err(e) => stale.push(format!("{} cannot be read: {e}", path.display())),
        }
    }
    stale
}
