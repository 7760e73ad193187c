//! Runs proposal groups (all, or those named on the command line) and prints every problem;
//! for investigating failures and refreshing skip.txt.

use wacapi_spec::{skip::SkipList, suite};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let skips = SkipList::ours();
    for name in suite::GROUPS {
        if !args.is_empty() && !args.iter().any(|a| a == name) {
            continue;
        }
        let r = suite::run_group(&suite::group(name), &skips);
        for e in &r.errors {
            println!("  {e}");
        }
        println!(
            "{name}: {}/{} passed, {} skipped, {} files ({} skipped), {:.2?}",
            r.passed, r.total, r.skipped, r.files, r.files_skipped, r.elapsed
        );
    }
}
