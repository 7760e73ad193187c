//! Runs one input through a target's harness without libFuzzer and prints what it observed.
//!
//!     cargo run --example replay -- <target> <file>
//!
//! For reading a crash in a debugger or with a full backtrace: the same code as the fuzz
//! target, built as a plain program (no sanitizer, no coverage instrumentation).

use arbitrary::Unstructured;
use wacapi_fuzz::{bindgen, driver, input::ByteSource, plan::StubPolicy, reference, smith};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, target, file] = &args[..] else {
        eprintln!("usage: replay <module_bytes|smith_modules|differential|bindgen_parser> <file>");
        std::process::exit(2);
    };
    let data = std::fs::read(file).expect("readable input");
    match target.as_str() {
        "module_bytes" => {
            println!(
                "{:#?}",
                driver::run(&data, ByteSource::from_end(&data), StubPolicy::Zero)
            )
        }
        "smith_modules" | "differential" => {
            let mut u = Unstructured::new(&data);
            let Ok(wasm) = smith::module_bytes(&mut u) else {
                println!("wasm-smith made no module from these bytes");
                return;
            };
            let rest = u.take_rest();
            let policy = if target == "differential" {
                StubPolicy::Named
            } else {
                StubPolicy::Zero
            };
            if let Ok(path) = std::env::var("REPLAY_WASM_OUT") {
                std::fs::write(path, &wasm).expect("writable REPLAY_WASM_OUT");
            }
            let capi = driver::run(&wasm, ByteSource::new(rest), policy);
            println!("wacapi: {capi:#?}");
            if target == "differential" {
                let raw = reference::run(&wasm, ByteSource::new(rest), policy);
                println!("wasmi: {raw:#?}");
                println!("equal: {}", capi == raw);
            }
        }
        "bindgen_parser" => println!("model built: {}", bindgen::run(&data)),
        other => {
            eprintln!("unknown target {other}");
            std::process::exit(2);
        }
    }
}
