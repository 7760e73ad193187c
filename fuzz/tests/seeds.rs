//! The committed seeds run through each target's harness without libFuzzer (`cargo test` in
//! fuzz/), so a harness that is broken for valid input fails here and not only after minutes
//! of fuzzing.

use std::path::{Path, PathBuf};

use arbitrary::Unstructured;
use wacapi_fuzz::{
    bindgen, driver, input::ByteSource, plan::StubPolicy, reference, report::Instantiation, smith,
};

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("seed-")
        })
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

#[test]
fn module_seeds_instantiate_and_run() {
    for (path, wasm) in seeds("module_bytes") {
        let report = driver::run(&wasm, ByteSource::from_end(&wasm), StubPolicy::Zero);
        assert_eq!(
            report.instantiation,
            Some(Instantiation::Ok),
            "{}: {report:#?}",
            path.display()
        );
    }
}

#[test]
fn module_seeds_agree_with_raw_wasmi() {
    for (path, wasm) in seeds("module_bytes") {
        for policy in [StubPolicy::Zero, StubPolicy::Named] {
            let capi = driver::run(&wasm, ByteSource::from_end(&wasm), policy);
            let raw = reference::run(&wasm, ByteSource::from_end(&wasm), policy);
            assert_eq!(capi, raw, "{}", path.display());
        }
    }
}

#[test]
fn smith_seeds_make_modules_that_agree() {
    for (path, data) in seeds("differential") {
        let mut u = Unstructured::new(&data);
        let wasm = smith::module_bytes(&mut u).unwrap();
        let rest = u.take_rest();
        let capi = driver::run(&wasm, ByteSource::new(rest), StubPolicy::Named);
        let raw = reference::run(&wasm, ByteSource::new(rest), StubPolicy::Named);
        assert!(capi.instantiation.is_some(), "{}: rejected", path.display());
        assert_eq!(capi, raw, "{}", path.display());
    }
}

#[test]
fn header_seeds_build_a_model() {
    for (path, text) in seeds("bindgen_parser") {
        assert!(bindgen::run(&text), "{}: no model", path.display());
    }
}

#[test]
fn regression_inputs_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for target in ["module_bytes", "bindgen_parser"] {
        let Ok(dir) = std::fs::read_dir(root.join(target).join("regressions")) else {
            continue;
        };
        for entry in dir {
            let data = std::fs::read(entry.unwrap().path()).unwrap();
            match target {
                "module_bytes" => {
                    driver::run(&data, ByteSource::from_end(&data), StubPolicy::Zero);
                }
                _ => {
                    bindgen::run(&data);
                }
            }
        }
    }
}
