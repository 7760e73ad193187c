//! The committed WASI guest programs of `tests/guests/` (`command.wasm`, `reactor.wasm`,
//! built from their C sources by `build.sh`) for the C tests and samples that run them.
//! Include it next to `common`:
//!
//! ```ignore
//! mod common;
//! #[path = "guests/mod.rs"]
//! mod guests;
//! ```
//!
//! The binaries are committed so that the suite needs no WASI toolchain; [`dir`] checks once
//! per process that they are the ones `guests.sha256` records for the current sources (a source
//! edited without `make guests` fails here, naming the file) and points `$WACAPI_GUESTS` at
//! them for the C programs it runs. `tests/guests.rs` checks what the binaries export and that
//! a matching clang rebuilds them byte for byte.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The two guest programs, as named in `tests/guests/`.
pub const GUESTS: [&str; 2] = ["command.wasm", "reactor.wasm"];

/// The files `guests.sha256` must cover: what the binaries are built from, then the binaries.
pub const STAMPED: [&str; 5] = [
    "build.sh",
    "command.c",
    "reactor.c",
    "command.wasm",
    "reactor.wasm",
];

/// The directory holding the committed `command.wasm` and `reactor.wasm`, checked on first use.
pub fn dir() -> PathBuf {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match DIR.get_or_init(check) {
        Ok(p) => p.clone(),
        Err(e) => panic!("{e}"),
    }
}

/// `tests/guests/` of this checkout.
pub fn source_dir() -> PathBuf {
    crate::common::root().join("tests").join("guests")
}

/// What `guests.sha256` in `dir` says: the clang line, and file name -> SHA-256 (hex).
pub struct Stamp {
    pub clang: String,
    pub sums: BTreeMap<String, String>,
}

/// Reads `dir/guests.sha256` (written by `build.sh`).
pub fn read_stamp(dir: &Path) -> Result<Stamp, String> {
    let path = dir.join("guests.sha256");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut clang = String::new();
    let mut sums = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# clang: ") {
            clang = rest.trim().to_string();
        } else if !line.starts_with('#') && !line.trim().is_empty() {
            let (sum, name) = line
                .split_once("  ")
                .ok_or_else(|| format!("{}: malformed line {line:?}", path.display()))?;
            sums.insert(name.trim().to_string(), sum.trim().to_string());
        }
    }
    Ok(Stamp { clang, sums })
}

/// SHA-256 (hex) of each file, by coreutils' `sha256sum` (on every machine that runs the C
/// tests; a hash function of our own would be one more thing to get wrong).
pub fn sha256(dir: &Path, names: &[&str]) -> Result<BTreeMap<String, String>, String> {
    let out = Command::new("sha256sum")
        .args(names)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run sha256sum: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "sha256sum {names:?} in {} failed: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut sums = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some((sum, name)) = line.split_once("  ") {
            sums.insert(name.to_string(), sum.to_string());
        }
    }
    Ok(sums)
}

/// The files of `STAMPED` whose current hash differs from the stamp's (or that it lacks).
pub fn stale_files(dir: &Path) -> Result<Vec<String>, String> {
    let stamp = read_stamp(dir)?;
    let now = sha256(dir, &STAMPED)?;
    Ok(STAMPED
        .iter()
        .filter(|name| stamp.sums.get(**name) != now.get(**name))
        .map(|name| name.to_string())
        .collect())
}

fn check() -> Result<PathBuf, String> {
    let dir = source_dir();
    for name in GUESTS {
        if !dir.join(name).is_file() {
            return Err(format!(
                "{} is missing: the WASI guests are committed; restore it (git checkout) \
                 or rebuild with `make guests` (clang for wasm32-wasi)",
                dir.join(name).display()
            ));
        }
    }
    let stale = stale_files(&dir)?;
    if !stale.is_empty() {
        return Err(format!(
            "tests/guests: {stale:?} changed since guests.sha256 was written: the committed \
             .wasm binaries may not be built from these sources; run `make guests` \
             (needs clang for wasm32-wasi; Debian: apt-get install -y clang lld wasi-libc \
             libclang-rt-14-dev-wasm32) and commit the result"
        ));
    }
    // The C programs look here (host.h, samples/c/wasi_run.c). Set once, before any program
    // that needs it is spawned (std serialises this with `Command::spawn`'s reading of the
    // environment).
    std::env::set_var("WACAPI_GUESTS", &dir);
    Ok(dir)
}
