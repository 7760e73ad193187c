//! Harness shared by `tests/c_api.rs` and `tests/samples.rs`: compiles one C
//! file against the wacapi library that cargo has just built, runs it and
//! reports what it printed.
//!
//! Where the library comes from: `cargo test` builds every crate type of the
//! package (`cdylib`, `staticlib`, `rlib`) into `target/<profile>/deps/`, but
//! it does **not** copy ("uplift") `libwacapi.so` / `libwacapi.a` to
//! `target/<profile>/` — only `cargo build` does that. So the copy in
//! `target/<profile>/` can be left over from an older `cargo build` and be
//! stale, while the one in `deps/` is always the one compiled from the same
//! sources as the test executable. The harness therefore links against
//! `target/<profile>/deps/`, and checks that the libraries there are not older
//! than the `rlib` built in the same rustc invocation; if they are missing or
//! stale it fails with a message saying so.
//!
//! Environment:
//! - `WACAPI_VALGRIND=1`: run every program under
//!   `valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 -q`
//!   (with the suppressions in `VALGRIND_SUPPRESSIONS` below, plus
//!   `tests/valgrind.supp` and `tools/valgrind.supp` when they exist).
//! - `WACAPI_ASAN=1`: compile and link every program with `-fsanitize=address` (the
//!   library itself is not instrumented, but AddressSanitizer replaces `malloc`/`free` for
//!   the whole process, so heap misuse on either side of the API and leaks of what the
//!   program was given are reported), into `target/ctests/<profile>-asan/`; valgrind is not
//!   used then. `ASAN_OPTIONS` defaults to `detect_leaks=1:abort_on_error=0` plus
//!   `suppressions=tests/lsan.supp`-style leak suppressions through `LSAN_OPTIONS`.
//! - `WACAPI_LIB_DIR=<dir>`: link against the libraries in `<dir>` instead
//!   (no freshness check).
//! - `WACAPI_TEST_INCLUDE=<dir>[:<dir>...]`: extra include directories, searched
//!   after `<root>/include`.
//! - `WACAPI_TEST_TARGET=<triple>`: target triple handed to the `cc` crate
//!   (default: derived from the platform the tests run on).
//! - `WACAPI_TEST_TIMEOUT=<seconds>`: per-program time limit (default 120,
//!   multiplied by 10 under valgrind).
#![allow(dead_code)]

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

/// How a test program gets the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// `-L<dir> -lwacapi -Wl,-rpath,<dir>`
    Shared,
    /// `<dir>/libwacapi.a` plus the system libraries Rust's std needs.
    Static,
}

/// What a finished program left behind.
#[derive(Debug)]
pub struct RunOutput {
    pub command: String,
    /// Exit code; `None` when killed by a signal or by the time limit.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
}

impl RunOutput {
    pub fn describe(&self) -> String {
        let status = if self.timed_out {
            "killed after the time limit".to_string()
        } else if let Some(c) = self.code {
            format!("exit status {c}")
        } else if let Some(s) = self.signal {
            format!("killed by signal {s}")
        } else {
            "unknown status".to_string()
        };
        format!(
            "command: {}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.command, status, self.stdout, self.stderr
        )
    }
}

/// The package root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/<profile>` (or `target/<triple>/<profile>`), derived from the test
/// executable, which lives in `target/<profile>/deps/`.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let deps = exe
        .parent()
        .expect("test executable has a parent directory");
    if deps.file_name().map(|n| n == "deps").unwrap_or(false) {
        deps.parent().expect("deps has a parent").to_path_buf()
    } else {
        // Not run by cargo from target/<profile>/deps: best guess.
        deps.to_path_buf()
    }
}

fn profile_name() -> String {
    profile_dir()
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "unknown".into())
}

/// Where compiled C programs go: `target/ctests/<profile>/`.
pub fn out_dir() -> PathBuf {
    let profile = profile_dir();
    let target = profile
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| profile.clone());
    let name = if asan_enabled() {
        format!("{}-asan", profile_name())
    } else {
        profile_name()
    };
    let dir = target.join("ctests").join(name);
    std::fs::create_dir_all(&dir).expect("create target/ctests");
    dir
}

#[cfg(target_os = "macos")]
const SHARED_NAME: &str = "libwacapi.dylib";
#[cfg(not(target_os = "macos"))]
const SHARED_NAME: &str = "libwacapi.so";
const STATIC_NAME: &str = "libwacapi.a";

fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// Newest `libwacapi*.rlib` in `dir`, if any.
fn newest_rlib(dir: &Path) -> Option<(PathBuf, SystemTime)> {
    let mut best: Option<(PathBuf, SystemTime)> = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_ours =
            name == "libwacapi.rlib" || (name.starts_with("libwacapi-") && name.ends_with(".rlib"));
        if !is_ours {
            continue;
        }
        if let Some(t) = mtime(&entry.path()) {
            if best.as_ref().map(|(_, b)| t > *b).unwrap_or(true) {
                best = Some((entry.path(), t));
            }
        }
    }
    best
}

/// Newest modification time of any file under `dir`.
fn newest_under(dir: &Path) -> Option<(PathBuf, SystemTime)> {
    let mut best: Option<(PathBuf, SystemTime)> = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(t) = mtime(&p) {
                if best.as_ref().map(|(_, b)| t > *b).unwrap_or(true) {
                    best = Some((p, t));
                }
            }
        }
    }
    best
}

/// The directory holding `libwacapi.so` and `libwacapi.a`, checked once.
pub fn lib_dir() -> &'static Path {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match DIR.get_or_init(find_lib_dir) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

fn find_lib_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("WACAPI_LIB_DIR") {
        let dir = PathBuf::from(dir);
        if !dir.join(SHARED_NAME).exists() {
            return Err(format!(
                "WACAPI_LIB_DIR={} has no {SHARED_NAME}",
                dir.display()
            ));
        }
        return Ok(dir);
    }
    let profile = profile_dir();
    let deps = profile.join("deps");
    let shared = deps.join(SHARED_NAME);
    let stat = deps.join(STATIC_NAME);
    for lib in [&shared, &stat] {
        if !lib.exists() {
            return Err(format!(
                "{} does not exist.\n`cargo test` is expected to build the cdylib and staticlib \
                 of the package into target/<profile>/deps/ (crate-type = [\"cdylib\", \
                 \"staticlib\", \"rlib\"] in Cargo.toml). Run `cargo build{}` and retry, or \
                 point WACAPI_LIB_DIR at a directory holding {SHARED_NAME} and {STATIC_NAME}.",
                lib.display(),
                if profile_name() == "release" {
                    " --release"
                } else {
                    ""
                }
            ));
        }
    }
    // The cdylib, staticlib and rlib come out of one rustc invocation, so the
    // C libraries must not be older than the rlib the test executable uses.
    if let Some((rlib, rlib_time)) = newest_rlib(&deps) {
        for lib in [&shared, &stat] {
            let lib_time = mtime(lib).unwrap();
            if lib_time + Duration::from_secs(5) < rlib_time {
                return Err(format!(
                    "{} is older than {}: cargo did not rebuild the C libraries together \
                     with the rlib, so the C tests would run against a stale library. \
                     Run `cargo build{}` and retry.",
                    lib.display(),
                    rlib.display(),
                    if profile_name() == "release" {
                        " --release"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    soname_link(&deps)?;
    // Sources edited after the build: the whole test run is stale, say so.
    if let Some((src, src_time)) = newest_under(&root().join("src")) {
        if let Some(lib_time) = mtime(&shared) {
            if src_time > lib_time + Duration::from_secs(1) {
                eprintln!(
                    "warning: {} is newer than {}; the tests run against the library as it \
                     was built before that edit",
                    src.display(),
                    shared.display()
                );
            }
        }
    }
    Ok(deps)
}

/// Programs linked against `libwacapi.so` record its SONAME (`libwacapi.so.<major>`, set by
/// build.rs), which cargo does not create; point it at the freshly built library.
fn soname_link(dir: &Path) -> Result<(), String> {
    if cfg!(not(target_os = "linux")) {
        return Ok(());
    }
    let link = dir.join(format!("{SHARED_NAME}.{}", env!("CARGO_PKG_VERSION_MAJOR")));
    if std::fs::read_link(&link).is_ok_and(|t| t == Path::new(SHARED_NAME)) {
        return Ok(());
    }
    let _ = std::fs::remove_file(&link);
    match std::os::unix::fs::symlink(SHARED_NAME, &link) {
        Ok(()) => Ok(()),
        // Another test binary running in parallel made it first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(format!("cannot create {}: {e}", link.display())),
    }
}

fn target_triple() -> String {
    if let Ok(t) = std::env::var("WACAPI_TEST_TARGET") {
        return t;
    }
    let arch = std::env::consts::ARCH;
    if cfg!(target_os = "macos") {
        let arch = if arch == "aarch64" { "aarch64" } else { arch };
        format!("{arch}-apple-darwin")
    } else if cfg!(target_env = "musl") {
        format!("{arch}-unknown-linux-musl")
    } else {
        format!("{arch}-unknown-linux-gnu")
    }
}

/// The C compiler as the `cc` crate finds it (honours `CC`, `CFLAGS`, ...).
fn c_compiler() -> Command {
    let triple = target_triple();
    let tool = cc::Build::new()
        .target(&triple)
        .host(&triple)
        .opt_level(0)
        .debug(true)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .try_get_compiler()
        .unwrap_or_else(|e| panic!("cc could not find a C compiler for {triple}: {e}"));
    tool.to_command()
}

fn include_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![root().join("include")];
    if let Some(extra) = std::env::var_os("WACAPI_TEST_INCLUDE") {
        dirs.extend(std::env::split_paths(&extra));
    }
    dirs
}

fn command_line(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Compile one C file into an executable named `exe_name` under
/// `target/ctests/<profile>/`. Panics with the compiler output on failure.
pub fn build_c(src: &Path, exe_name: &str, link: Link) -> PathBuf {
    let lib = lib_dir();
    let exe = out_dir().join(exe_name);
    let _ = std::fs::remove_file(&exe);
    let mut cmd = c_compiler();
    cmd.args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pthread"]);
    if asan_enabled() {
        cmd.args(["-fsanitize=address", "-fno-omit-frame-pointer"]);
    }
    for d in include_dirs() {
        let mut a = OsString::from("-I");
        a.push(&d);
        cmd.arg(a);
    }
    if let Some(d) = src.parent() {
        let mut a = OsString::from("-I");
        a.push(d);
        cmd.arg(a);
    }
    cmd.arg(src).arg("-o").arg(&exe);
    match link {
        Link::Shared => {
            let mut l = OsString::from("-L");
            l.push(lib);
            cmd.arg(l).arg("-lwacapi");
            let mut r = OsString::from("-Wl,-rpath,");
            r.push(lib);
            cmd.arg(r);
            cmd.args(["-pthread", "-ldl", "-lm"]);
        }
        Link::Static => {
            cmd.arg(lib.join(STATIC_NAME));
            if cfg!(target_os = "macos") {
                cmd.args(["-lpthread", "-ldl", "-lm", "-liconv"]);
            } else {
                cmd.args([
                    "-lgcc_s",
                    "-lutil",
                    "-lrt",
                    "-pthread",
                    "-lpthread",
                    "-lm",
                    "-ldl",
                    "-lc",
                ]);
            }
        }
    }
    let line = command_line(&cmd);
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler ({line}): {e}"));
    if !out.status.success() {
        panic!(
            "compiling {} failed\ncommand: {line}\n--- compiler stdout ---\n{}\n--- compiler stderr ---\n{}",
            src.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    exe
}

pub fn valgrind_enabled() -> bool {
    !asan_enabled()
        && std::env::var("WACAPI_VALGRIND")
            .map(|v| v == "1")
            .unwrap_or(false)
}

/// Whether programs are built with AddressSanitizer (`WACAPI_ASAN=1`).
pub fn asan_enabled() -> bool {
    std::env::var("WACAPI_ASAN")
        .map(|v| v == "1")
        .unwrap_or(false)
}

fn time_limit() -> Duration {
    let base: u64 = std::env::var("WACAPI_TEST_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(if valgrind_enabled() { base * 10 } else { base })
}

/// Valgrind suppressions written next to the test programs. Memcheck reports
/// "Conditional jump or move depends on uninitialised value(s)" inside
/// `wasmparser::Parser::parse` (copying the parser's feature flags) when the
/// library is built with optimisations (`--release`, fat LTO); the same
/// programs are clean against the unoptimised library, so this is the
/// optimiser's code confusing memcheck, not an uninitialised read in wacapi.
const VALGRIND_SUPPRESSIONS: &str = "\
{
   wasmparser-parser-features-cond-optimized
   Memcheck:Cond
   ...
   fun:*wasmparser*parser*Parser*parse*
}
";

fn valgrind_suppressions() -> PathBuf {
    let path = out_dir().join("valgrind.supp");
    // Written once per run; identical content, so concurrent writers agree.
    static WRITTEN: OnceLock<()> = OnceLock::new();
    WRITTEN.get_or_init(|| {
        std::fs::write(&path, VALGRIND_SUPPRESSIONS).expect("write valgrind.supp");
    });
    path
}

/// Run a built program in `cwd` (under valgrind when WACAPI_VALGRIND=1),
/// capturing stdout and stderr, killing it after the time limit.
pub fn run(exe: &Path, cwd: &Path) -> RunOutput {
    let mut cmd = if valgrind_enabled() {
        let mut c = Command::new("valgrind");
        c.args([
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--error-exitcode=99",
            "-q",
        ]);
        // Ours, plus the project's own suppression files where they exist.
        let mut files = vec![valgrind_suppressions()];
        for extra in ["tests/valgrind.supp", "tools/valgrind.supp"] {
            let p = root().join(extra);
            if p.is_file() {
                files.push(p);
            }
        }
        for f in files {
            let mut supp = OsString::from("--suppressions=");
            supp.push(f);
            c.arg(supp);
        }
        c.arg(exe);
        c
    } else {
        let mut c = Command::new(exe);
        if asan_enabled() {
            if std::env::var_os("ASAN_OPTIONS").is_none() {
                c.env(
                    "ASAN_OPTIONS",
                    "detect_leaks=1:abort_on_error=0:exitcode=98",
                );
            }
            let supp = root().join("tests/lsan.supp");
            if std::env::var_os("LSAN_OPTIONS").is_none() && supp.is_file() {
                let mut opt = OsString::from("suppressions=");
                opt.push(supp);
                c.env("LSAN_OPTIONS", opt);
            }
        }
        c
    };
    cmd.current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let line = command_line(&cmd);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {line}: {e}"));
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let deadline = Instant::now() + time_limit();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => {
                if Instant::now() >= deadline {
                    timed_out = true;
                    let _ = child.kill();
                    break child.wait().expect("wait after kill");
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("waiting for {line}: {e}"),
        }
    };
    let stdout = String::from_utf8_lossy(&out_t.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap()).into_owned();
    #[cfg(unix)]
    let signal = {
        use std::os::unix::process::ExitStatusExt;
        status.signal()
    };
    #[cfg(not(unix))]
    let signal = None;
    RunOutput {
        command: line,
        code: status.code(),
        signal,
        timed_out,
        stdout,
        stderr,
    }
}

pub fn c_test_dir() -> PathBuf {
    root().join("tests").join("c")
}

/// Build `tests/c/<name>.c`, run it, and require exit status 0 with "ok" as
/// the last line of stdout.
pub fn run_c_test(name: &str, link: Link) {
    let src = c_test_dir().join(format!("{name}.c"));
    assert!(src.exists(), "{} does not exist", src.display());
    let exe_name = match link {
        Link::Shared => name.to_string(),
        Link::Static => format!("{name}-static"),
    };
    let exe = build_c(&src, &exe_name, link);
    let out = run(&exe, &c_test_dir());
    let last = out.stdout.lines().last().unwrap_or("");
    if out.code != Some(0) || last != "ok" {
        panic!("C test {name} ({link:?}) failed\n{}", out.describe());
    }
}
