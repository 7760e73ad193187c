//! Gives the shared library a SONAME, so programs linked against `libwacapi.so` record
//! `libwacapi.so.<major>` and installed copies can be upgraded side by side.

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libwacapi.so.{major}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
