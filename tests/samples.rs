//! Every `samples/c/<name>.c` is compiled like the C tests (see
//! `tests/common`), run in `samples/c/`, and its stdout must equal
//! `samples/c/expected/<name>.out` byte for byte. Samples are discovered by
//! listing the directory, so new ones are picked up without editing this file.

mod common;
#[path = "guests/mod.rs"]
mod guests;

use std::path::PathBuf;

fn samples_dir() -> PathBuf {
    common::root().join("samples").join("c")
}

/// (name, source) of every sample, sorted by name.
fn samples() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(samples_dir())
        .expect("read samples/c")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file() && p.extension().map(|e| e == "c").unwrap_or(false))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    v.sort();
    v
}

/// Where the first difference between two outputs is, for the failure report.
fn first_difference(expected: &str, got: &str) -> String {
    for (i, (e, g)) in expected.lines().zip(got.lines()).enumerate() {
        if e != g {
            return format!("line {}: expected {:?}, got {:?}", i + 1, e, g);
        }
    }
    let (ne, ng) = (expected.lines().count(), got.lines().count());
    if ne != ng {
        format!("expected {ne} lines, got {ng}")
    } else {
        "difference in line endings or a trailing newline".to_string()
    }
}

/// Build and run one sample; Err(report) when it does not match.
fn check_sample(name: &str, src: &std::path::Path) -> Result<(), String> {
    let expected_path = samples_dir().join("expected").join(format!("{name}.out"));
    let expected = std::fs::read_to_string(&expected_path).map_err(|e| {
        format!(
            "sample {name}: no expected output {} ({e})",
            expected_path.display()
        )
    })?;
    let exe = common::build_c(src, &format!("sample-{name}"), common::Link::Shared);
    let out = common::run(&exe, &samples_dir());
    if out.code != Some(0) {
        return Err(format!("sample {name} did not exit 0\n{}", out.describe()));
    }
    if out.stdout != expected {
        return Err(format!(
            "sample {name}: stdout differs from {} ({})\n--- expected ---\n{}\n{}",
            expected_path.display(),
            first_difference(&expected, &out.stdout),
            expected,
            out.describe()
        ));
    }
    Ok(())
}

#[test]
fn samples_match_expected_output() {
    // The WASI sample runs guest programs; build them first, whatever test ran before.
    guests::dir();
    let all = samples();
    assert!(
        !all.is_empty(),
        "no samples found in {}",
        samples_dir().display()
    );

    // Expected outputs that belong to no sample are mistakes too.
    let mut failures = Vec::new();
    if let Ok(rd) = std::fs::read_dir(samples_dir().join("expected")) {
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().map(|x| x == "out").unwrap_or(false) {
                let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                if !all.iter().any(|(n, _)| *n == stem) {
                    failures.push(format!("{} has no sample {stem}.c", p.display()));
                }
            }
        }
    }

    // Two workers: the machines this runs on have two cores.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some((name, src)) = all.get(i) else { break };
                let r = std::panic::catch_unwind(|| check_sample(name, src)).unwrap_or_else(|p| {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "panic".into());
                    Err(format!("sample {name}: {msg}"))
                });
                results.lock().unwrap().push((name.clone(), r));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, r) in &results {
        match r {
            Ok(()) => eprintln!("sample {name}: ok"),
            Err(e) => failures.push(e.clone()),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} samples failed:\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}
