//! Stage 1 and 2: run the C preprocessor and lang-c's parser, and map offsets back to headers.
//!
//! All named headers are preprocessed together, as one translation unit, so a header that
//! includes another named header (wacapi.h includes wasm.h) does not produce its declarations
//! twice: include guards work as they do for a C compiler.  The preprocessor's line markers
//! (`# 42 "include/wasm.h" 2`) then tell, for every byte of the output, which file and line it
//! came from; that is how declarations are attributed to a named header or to a system header.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lang_c::ast::TranslationUnit;
use lang_c::driver::{parse, Config, Error as DriverError};

use crate::error::{Error, Result};

/// What the preprocessor is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The headers whose declarations make up the API, in order.
    pub headers: Vec<PathBuf>,
    /// `-I` directories.
    pub include_dirs: Vec<PathBuf>,
    /// `-D` definitions (`NAME` or `NAME=VALUE`).
    pub defines: Vec<String>,
    /// Preprocessor command; `gcc` when `None`.
    pub cpp: Option<String>,
}

/// The parsed translation unit and what is needed to locate its declarations.
pub struct Parsed {
    /// lang-c's syntax tree of the preprocessed text.
    pub unit: TranslationUnit,
    /// Offset → file/line map built from the line markers.
    pub lines: LineMap,
    /// Canonical paths of the named headers, in order.
    pub headers: Vec<PathBuf>,
}

/// Runs the preprocessor through lang-c's driver and parses the result.
///
/// The named headers are pulled in with `-include` (in order) on an empty main file, so no
/// temporary wrapper file is needed.  `-std=c11` makes gcc define `__STDC_VERSION__` as
/// `201112L`, the dialect the project's C code is compiled with; lang-c's GNU flavour then parses
/// whatever the system headers contain.
pub fn run(opts: &Options) -> Result<Parsed> {
    if opts.headers.is_empty() {
        return Err(Error::new("no header given"));
    }
    let mut headers = Vec::new();
    for h in &opts.headers {
        let canon = h
            .canonicalize()
            .map_err(|e| Error::new(format!("{}: {e}", h.display())))?;
        headers.push(canon);
    }
    let mut config = Config::with_gcc();
    if let Some(cpp) = &opts.cpp {
        config.cpp_command = cpp.clone();
    }
    config.cpp_options = vec!["-E".into(), "-std=c11".into()];
    for dir in &opts.include_dirs {
        config.cpp_options.push("-I".into());
        config.cpp_options.push(dir.display().to_string());
    }
    for def in &opts.defines {
        config.cpp_options.push(format!("-D{def}"));
    }
    for h in &headers {
        config.cpp_options.push("-include".into());
        config.cpp_options.push(h.display().to_string());
    }
    // The main file is empty; `-x c` because /dev/null has no extension to tell the language.
    config.cpp_options.push("-x".into());
    config.cpp_options.push("c".into());
    let parsed = parse(&config, "/dev/null").map_err(|e| match e {
        DriverError::PreprocessorError(e) => {
            Error::new(format!("preprocessor ({}) failed: {e}", config.cpp_command))
        }
        DriverError::SyntaxError(e) => Error::new(format!("lang-c could not parse: {e}")),
    })?;
    let lines = LineMap::new(&parsed.source);
    Ok(Parsed {
        unit: parsed.unit,
        lines,
        headers,
    })
}

/// Where a byte of the preprocessed text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin<'a> {
    /// The file name as the line marker spells it.
    pub file: &'a str,
    /// 1-based line in that file.
    pub line: usize,
}

/// Offset → origin map of a preprocessed text, built once from its line markers.
pub struct LineMap {
    /// Start offset of every non-marker line, with the index of its file and its line number.
    starts: Vec<(usize, usize, usize)>,
    /// File names, indexed by the middle element of `starts`.
    files: Vec<String>,
    /// Cache of `canonical path of files[i]`, resolved lazily.
    canonical: std::cell::RefCell<HashMap<usize, Option<PathBuf>>>,
}

impl LineMap {
    /// Scans `source` for gcc line markers (`# LINE "FILE" FLAGS...`).
    pub fn new(source: &str) -> Self {
        let mut starts = Vec::new();
        let mut files: Vec<String> = Vec::new();
        let mut file_ids: HashMap<String, usize> = HashMap::new();
        let mut file = usize::MAX;
        let mut line = 1usize;
        let mut offset = 0usize;
        for text in source.split_inclusive('\n') {
            if let Some((l, f)) = parse_marker(text) {
                let next = file_ids.len();
                file = *file_ids.entry(f.clone()).or_insert(next);
                if file == next {
                    files.push(f);
                }
                line = l;
            } else {
                starts.push((offset, file, line));
                line += 1;
            }
            offset += text.len();
        }
        LineMap {
            starts,
            files,
            canonical: Default::default(),
        }
    }

    /// The file and line of byte `offset`.
    pub fn origin(&self, offset: usize) -> Option<Origin<'_>> {
        let i = self.file_index(offset)?;
        let (_, file, line) = self.starts[i];
        Some(Origin {
            file: self.files.get(file)?,
            line,
        })
    }

    fn file_index(&self, offset: usize) -> Option<usize> {
        match self.starts.binary_search_by(|s| s.0.cmp(&offset)) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    /// Index into `headers` of the named header byte `offset` belongs to, if any.
    pub fn header_of(&self, offset: usize, headers: &[PathBuf]) -> Option<usize> {
        let i = self.file_index(offset)?;
        let file = self.starts[i].1;
        let mut cache = self.canonical.borrow_mut();
        let canon = cache
            .entry(file)
            .or_insert_with(|| Path::new(self.files.get(file)?).canonicalize().ok());
        let canon = canon.as_ref()?;
        headers.iter().position(|h| h == canon)
    }
}

/// Parses a line marker `# 12 "path" 1 3`; returns its line and unescaped file name.
fn parse_marker(text: &str) -> Option<(usize, String)> {
    let rest = text.strip_prefix("# ")?;
    let (num, rest) = rest.split_once(' ')?;
    let line = num.parse().ok()?;
    let rest = rest.strip_prefix('"')?;
    let mut name = String::new();
    let mut chars = rest.chars();
    loop {
        match chars.next()? {
            '"' => break,
            '\\' => name.push(chars.next()?),
            c => name.push(c),
        }
    }
    Some((line, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_map_offsets_to_files_and_lines() {
        let src =
            "# 1 \"a.h\"\nint a;\n\n# 10 \"b\\\\c.h\" 1\nint b;\nint c;\n# 3 \"a.h\" 2\nint d;\n";
        let map = LineMap::new(src);
        let at = |s: &str| map.origin(src.find(s).unwrap()).unwrap();
        assert_eq!(
            at("int a"),
            Origin {
                file: "a.h",
                line: 1
            }
        );
        assert_eq!(
            at("int b"),
            Origin {
                file: "b\\c.h",
                line: 10
            }
        );
        assert_eq!(
            at("int c"),
            Origin {
                file: "b\\c.h",
                line: 11
            }
        );
        assert_eq!(
            at("int d"),
            Origin {
                file: "a.h",
                line: 3
            }
        );
    }

    #[test]
    fn non_markers_are_not_markers() {
        assert_eq!(parse_marker("#pragma once\n"), None);
        assert_eq!(parse_marker("# 7 \"x.h\" 1 3 4\n"), Some((7, "x.h".into())));
    }
}
