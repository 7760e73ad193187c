//! The C reference (`emit_md`, `--docs`): sections, entries and comments, on a test header and
//! on the project's own headers.

mod common;

use std::process::Command;

use common::{headers_dir, scratch, test_opts, wasm_opts};
use wacapi_bindgen::docs;

fn page(name: &str) -> String {
    let pages = docs(&test_opts(&[name])).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].0, name.replace(".h", ".md"));
    pages[0].1.clone()
}

/// The position of `needle` in `text`, failing with the text when it is missing.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} missing from:\n{text}"))
}

#[test]
fn follows_the_sections_of_the_header() {
    let md = page("docs.h");
    let order = [
        "# `docs.h`",
        // Markdown's special characters outside code spans are escaped.
        "docs.h -- test header for the C reference (emit\\_md).",
        "A second paragraph of the opening comment.",
        "## Contents",
        "- [Part one](#part-one)",
        "  - [Things](#things)",
        "- [Part two](#part-two)",
        "## Part one",
        "### Things",
        "#### `DECLARE_THING`",
        "#### `DECLARE_THING(widget)`",
        "#### `widget_new`",
        "#### `widget_limits_t`",
        "#### `widget_visit_t`",
        "#### `widget_visit`",
        "## Part two",
        "#### `widget_kind`",
        "#### `widget_double`",
        "#### `widget_make, widget_free`",
    ];
    let mut last = 0;
    for needle in order {
        let pos = at(&md, needle);
        assert!(pos >= last, "{needle:?} out of order in:\n{md}");
        last = pos;
    }
    // A subsection without declarations, the include guard and private macros are left out.
    for absent in [
        "Nothing here",
        "DOCS_H",
        "HELPER_",
        "#### `widget_limits_t_u`",
    ] {
        assert!(!md.contains(absent), "{absent:?} in:\n{md}");
    }
}

#[test]
fn declarations_are_shown_as_written_with_their_whole_comment() {
    let md = page("docs.h");
    let entry = &md[at(&md, "#### `widget_new`")..at(&md, "#### `widget_limits_t`")];
    assert!(
        entry.contains("```c\nthing_widget_t* widget_new(size_t size,\n                           int flags);\n```"),
        "{entry}"
    );
    // Every paragraph, the Safety section included (the binding keeps only the first).
    for part in [
        "Makes a widget of `size` bytes.",
        "Returns NULL when out of memory.",
        "**Safety:**\n`size` must be small.",
    ] {
        assert!(entry.contains(part), "{part:?} in {entry}");
    }
    assert!(md.contains("<a id=\"widget_new\"></a>"));
    // A struct with its nested union, once.
    assert!(md.contains(
        "typedef struct widget_limits_t {\n  int min;\n  union { int a; float b; } u;\n} widget_limits_t;"
    ));
    assert!(md.contains("enum widget_kind { WIDGET_A, WIDGET_B = 5 };"));
}

#[test]
fn macro_expansions_list_what_they_declare() {
    let md = page("docs.h");
    let entry = &md[at(&md, "#### `DECLARE_THING(widget)`")..at(&md, "#### `widget_new`")];
    assert!(
        entry.contains(
            "```c\ntypedef struct thing_widget_t thing_widget_t;\nvoid thing_widget_delete(thing_widget_t*);\n```"
        ),
        "{entry}"
    );
    assert!(entry.contains("A widget: a thing."), "{entry}");
    assert!(md.contains("<a id=\"thing_widget_t\"></a><a id=\"thing_widget_delete\"></a>"));
    // The macro itself, with its comment: indented comment lines are code.
    let def = &md[at(&md, "#### `DECLARE_THING`")..at(&md, "#### `DECLARE_THING(widget)`")];
    assert!(def.contains("#define DECLARE_THING(name) \\\n"), "{def}");
    assert!(
        def.contains(
            "Declares the opaque type `thing_<name>_t` and its destructor:\n\n```\nvoid thing_<name>_delete(thing_<name>_t*);\n```"
        ),
        "{def}"
    );
}

#[test]
fn inline_helpers_callbacks_and_macro_runs() {
    let md = page("docs.h");
    let inline = &md[at(&md, "#### `widget_double`")..];
    assert!(inline.contains("```c\nstatic inline int widget_double(int x);\n```"));
    assert!(inline.contains("no library symbol"));
    assert!(md.contains("typedef void (*widget_visit_t)(void* env, thing_widget_t* w);"));
    assert!(md.contains("void widget_visit(widget_visit_t visit, void* env, void (*done)(void*));"));
    // Neighbouring defines are one entry, the comment between them kept.
    assert!(md.contains(
        "#define widget_make widget_new\n// (one more comment between)\n#define widget_free thing_widget_delete"
    ));
    assert!(md.contains("<a id=\"widget_make\"></a><a id=\"widget_free\"></a>"));
    assert!(md.contains("Short names for the widget functions."));
}

#[test]
fn every_function_of_the_project_headers_has_an_entry() {
    let opts = wasm_opts();
    let api = wacapi_bindgen::build_model(&opts).unwrap();
    let pages = docs(&opts).unwrap();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["wasm.md", "wacapi.md"]);
    let mut total = 0;
    for (item, _) in api.functions() {
        let md = &pages
            .iter()
            .find(|(n, _)| *n == item.loc.header.replace(".h", ".md"))
            .unwrap()
            .1;
        let anchor = format!("<a id=\"{}\"></a>", item.name);
        assert!(md.contains(&anchor), "no entry for {}", item.name);
        total += 1;
    }
    assert!(total >= 300, "{total} functions");
    let wasm = &pages[0].1;
    assert!(
        wasm.contains("280 library functions"),
        "wasm.h has 280 functions"
    );
    for section in [
        "## Runtime objects",
        "### Memory instances",
        "#### `WASM_DECLARE_OWN(engine)`",
    ] {
        assert!(wasm.contains(section), "{section}");
    }
    // The header without banners is grouped by families of names.
    let wacapi = &pages[1].1;
    for section in ["## Types", "## `wacapi_linker_*`", "## `wacapi_last_error`"] {
        assert!(wacapi.contains(section), "{section}");
    }
    assert!(wacapi.contains("**Safety:**"));
}

#[test]
fn cli_writes_one_page_per_header() {
    let dir = scratch("cli-docs");
    let inc = headers_dir().display().to_string();
    let h = |n: &str| headers_dir().join(n).display().to_string();
    let out = dir.join("ref");
    let o = Command::new(env!("CARGO_BIN_EXE_wacapi-bindgen"))
        .args([
            "-I",
            &inc,
            "--docs",
            &out.display().to_string(),
            &h("docs.h"),
            &h("enums.h"),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in ["docs.md", "enums.md"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(text.starts_with(&format!("# `{}`", name.replace(".md", ".h"))));
    }
    // --docs takes neither -o nor --check.
    for extra in [&["-o", "x.py"][..], &["--check"][..]] {
        let mut args = vec!["--docs", "d"];
        args.extend_from_slice(extra);
        args.push("docs.h");
        let o = Command::new(env!("CARGO_BIN_EXE_wacapi-bindgen"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}
