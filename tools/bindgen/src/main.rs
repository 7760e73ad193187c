//! Command line of wacapi-bindgen: `wacapi-bindgen [-I DIR]... [-D DEF]... -o OUT.py HEADER...`,
//! or `--docs DIR` instead of `-o` for the C reference.
//!
//! Kept free of an argument-parsing dependency: the options are few and fixed, and the tool is
//! built in CI on every run.

use std::path::PathBuf;
use std::process::ExitCode;

use wacapi_bindgen::{check, docs, generate, stub_path, write, write_docs, Options};

const USAGE: &str = "\
usage: wacapi-bindgen [-I DIR]... [-D NAME[=VALUE]]... [--cpp CMD] [--check] -o OUT.py HEADER...
       wacapi-bindgen [-I DIR]... [-D NAME[=VALUE]]... [--cpp CMD] --docs DIR HEADER...

Reads the C headers and writes OUT.py (a Python ctypes binding) and OUT.pyi (its type stubs).
Only declarations located in the named headers are bound, each once, in header order.
With --docs it writes the C reference instead: DIR/NAME.md for each HEADER NAME.h.

  -I DIR      add DIR to the preprocessor's include path
  -D DEF      define a preprocessor macro
  --cpp CMD   preprocessor command (default: gcc)
  -o OUT.py   output file; the stubs go to OUT.pyi
  --check     write nothing; fail if OUT.py or OUT.pyi differs from what would be written
  --docs DIR  write the C reference (Markdown, one page per header) into DIR
";

/// What to write.
enum Mode {
    /// The binding and its stubs at this path; with `check`, compare only.
    Binding { out: PathBuf, check: bool },
    /// The C reference into this directory.
    Docs(PathBuf),
}

/// Parsed command line.
struct Args {
    opts: Options,
    mode: Mode,
}

/// Parses the arguments after the program name; `Err("")` asks for the usage text.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut opts = Options::default();
    let mut out = None;
    let mut check = false;
    let mut docs_dir = None;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str, inline: &str| -> Result<String, String> {
            if !inline.is_empty() {
                return Ok(inline.to_owned());
            }
            args.next().ok_or_else(|| format!("{flag} needs a value"))
        };
        if let Some(rest) = arg.strip_prefix("-I") {
            opts.include_dirs.push(value("-I", rest)?.into());
        } else if let Some(rest) = arg.strip_prefix("-D") {
            opts.defines.push(value("-D", rest)?);
        } else if arg == "--cpp" {
            opts.cpp = Some(value("--cpp", "")?);
        } else if arg == "--docs" {
            docs_dir = Some(PathBuf::from(value("--docs", "")?));
        } else if arg == "--check" {
            check = true;
        } else if arg == "-h" || arg == "--help" {
            return Err(String::new());
        } else if let Some(rest) = arg.strip_prefix("-o") {
            out = Some(PathBuf::from(value("-o", rest)?));
        } else if arg == "--output" {
            out = Some(PathBuf::from(value("--output", "")?));
        } else if arg.starts_with('-') && arg != "-" {
            return Err(format!("unknown option {arg}"));
        } else {
            opts.headers.push(arg.into());
        }
    }
    if opts.headers.is_empty() {
        return Err("no header given".into());
    }
    if let Some(dir) = docs_dir {
        if out.is_some() || check {
            return Err("--docs writes the C reference; it takes neither -o nor --check".into());
        }
        return Ok(Args {
            opts,
            mode: Mode::Docs(dir),
        });
    }
    let out = out.ok_or("missing -o OUT.py")?;
    if out.extension().and_then(|e| e.to_str()) != Some("py") {
        return Err(format!("{}: the output must end in .py", out.display()));
    }
    Ok(Args {
        opts,
        mode: Mode::Binding { out, check },
    })
}

/// Exit codes: 0 done (or up to date), 1 an error or a stale file, 2 a usage error.
fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) if msg.is_empty() => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("wacapi-bindgen: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (out, check_only) = match args.mode {
        Mode::Binding { out, check } => (out, check),
        Mode::Docs(dir) => {
            return match docs(&args.opts).and_then(|pages| write_docs(&dir, &pages)) {
                Ok(paths) => {
                    for p in paths {
                        println!("wacapi-bindgen: wrote {}", p.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("wacapi-bindgen: error: {e}");
                    ExitCode::FAILURE
                }
            };
        }
    };
    let output = match generate(&args.opts) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("wacapi-bindgen: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if check_only {
        let stale = check(&out, &output);
        if stale.is_empty() {
            println!(
                "wacapi-bindgen: {} and {} are up to date",
                out.display(),
                stub_path(&out).display()
            );
            return ExitCode::SUCCESS;
        }
        for s in stale {
            eprintln!("wacapi-bindgen: {s}");
        }
        eprintln!("wacapi-bindgen: regenerate the binding (make bindings)");
        return ExitCode::FAILURE;
    }
    if let Err(e) = write(&out, &output) {
        eprintln!("wacapi-bindgen: error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
