//! The C tests: one `#[test]` per `tests/c/<name>.c`, each compiled with the C
//! compiler against the freshly built wacapi library (see `tests/common`) and
//! required to exit 0 and print "ok" last.

mod common;
#[path = "guests/mod.rs"]
mod guests;

use common::Link;

/// Test name -> C file stem: `extern_` and `ref_` stand for `extern.c` and
/// `ref.c` (Rust keywords).
fn c_file(test_name: &str) -> &str {
    test_name.trim_end_matches('_')
}

macro_rules! c_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                common::run_c_test(c_file(stringify!($name)), Link::Shared);
            }
        )*
        /// Every C test with a `#[test]` above.
        const C_TESTS: &[&str] = &[$(stringify!($name)),*];
    };
}

c_tests!(
    engine_store,
    vec,
    valtype,
    functype,
    globaltype,
    tabletype,
    memorytype,
    externtype,
    importtype,
    exporttype,
    val,
    module,
    instance,
    func,
    reentrancy,
    trap,
    extern_,
    null_safety,
    wat2wasm,
    last_error,
    global,
    table,
    memory,
    ref_,
    foreign,
    serialize,
    shared_module,
    frame,
    linker,
    limits,
    config,
    hardening,
    v128,
    memory64,
    interrupt,
    resumable,
    typed_paths,
    call_many,
);

/// C tests that run the WASI guests of `tests/guests` (C programs for wasm32-wasi), which
/// are built first; without a WASI toolchain they fail, saying what to install.
macro_rules! guest_c_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                guests::dir();
                common::run_c_test(c_file(stringify!($name)), Link::Shared);
            }
        )*
        /// Every C test with a `#[test]` from `guest_c_tests!`.
        const GUEST_C_TESTS: &[&str] = &[$(stringify!($name)),*];
    };
}

guest_c_tests!(wasi, wasi_security, wasi_h);

/// The WASI programs linked against `libwacapi.a` (wasi-common and cap-std inside it).
#[test]
fn static_link_wasi() {
    guests::dir();
    common::run_c_test("wasi", Link::Static);
}

/// The same programs linked against `libwacapi.a` instead of the shared library.
#[test]
fn static_link_func() {
    common::run_c_test("func", Link::Static);
}

#[test]
fn static_link_instance() {
    common::run_c_test("instance", Link::Static);
}

#[test]
fn static_link_shared_module() {
    common::run_c_test("shared_module", Link::Static);
}

/// A C file without a `#[test]` would silently never run.
#[test]
fn every_c_file_has_a_test() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(common::c_test_dir()).expect("read tests/c") {
        let path = entry.expect("dir entry").path();
        if path.extension().map(|e| e == "c").unwrap_or(false) {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !C_TESTS
                .iter()
                .chain(GUEST_C_TESTS)
                .any(|t| c_file(t) == stem)
            {
                missing.push(stem);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "tests/c files without a #[test] in tests/c_api.rs: {missing:?}"
    );
}
