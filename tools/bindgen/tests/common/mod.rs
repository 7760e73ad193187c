//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::Command;

use wacapi_bindgen::{model::Api, Options, Result};

/// `tools/bindgen/tests/headers`.
pub fn headers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/headers")
}

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Options for test headers named by file name.
pub fn test_opts(names: &[&str]) -> Options {
    Options {
        headers: names.iter().map(|n| headers_dir().join(n)).collect(),
        include_dirs: vec![headers_dir()],
        ..Options::default()
    }
}

/// Options for the project's own headers, as `make bindings` passes them.
pub fn wasm_opts() -> Options {
    let inc = repo_root().join("include");
    Options {
        headers: vec![inc.join("wasm.h"), inc.join("wacapi.h")],
        include_dirs: vec![inc],
        ..Options::default()
    }
}

/// The model of test headers.
pub fn model(names: &[&str]) -> Result<Api> {
    wacapi_bindgen::build_model(&test_opts(names))
}

/// A fresh, empty scratch directory for one test, removed when dropped.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Makes the [`Scratch`] directory of the test called `name`.
pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("wacapi-bindgen-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// A Python 3 interpreter, if the machine has one (the Python checks are skipped otherwise).
pub fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        Some("python3")
    } else {
        eprintln!("python3 not found: skipping the Python part of this test");
        None
    }
}
