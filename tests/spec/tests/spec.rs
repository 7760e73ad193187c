//! The WebAssembly spec testsuite through wacapi's wasm.h API: one check per proposal group,
//! with a summary of commands passed/total, skipped and time per group.
//!
//! `cargo test --release -p wacapi-spec -- wasm-v2 proposals/simd` runs only the named groups.
//! Fails on any unexpected failure and on any skip.txt entry that no longer fails or matches
//! nothing (see src/skip.rs).

use std::process::ExitCode;
use std::time::Instant;
use wacapi_spec::{skip::SkipList, suite};

fn main() -> ExitCode {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let skips = SkipList::ours();
    let start = Instant::now();
    let mut failed = Vec::new();
    let (mut passed, mut total, mut skipped) = (0, 0, 0);
    println!(
        "\n{:<48} {:>13} {:>8} {:>9} {:>9}",
        "group", "passed/total", "skipped", "files", "time"
    );
    for name in suite::GROUPS {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let r = suite::run_group(&suite::group(name), &skips);
        for e in &r.errors {
            println!("    {e}");
        }
        println!(
            "{:<48} {:>13} {:>8} {:>9} {:>8.2}s {}",
            name,
            format!("{}/{}", r.passed, r.total),
            r.skipped,
            format!("{}/{}", r.files - r.files_skipped, r.files),
            r.elapsed.as_secs_f64(),
            if r.errors.is_empty() { "ok" } else { "FAILED" }
        );
        passed += r.passed;
        total += r.total;
        skipped += r.skipped;
        if !r.errors.is_empty() {
            failed.push(*name);
        }
    }
    println!(
        "{:<48} {:>13} {:>8} {:>9} {:>8.2}s",
        "all",
        format!("{passed}/{total}"),
        skipped,
        "",
        start.elapsed().as_secs_f64()
    );
    if failed.is_empty() {
        println!("\nspec testsuite: ok\n");
        ExitCode::SUCCESS
    } else {
        println!("\nspec testsuite: FAILED in {}\n", failed.join(", "));
        ExitCode::FAILURE
    }
}
