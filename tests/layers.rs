//! The layering of src/: the top-level modules (a directory module such as src/types/ counts as
//! one) must not depend on one another in a cycle, so that each can be read, tested and changed
//! with only the modules below it in mind.
//!
//! A dependency is a `crate::<module>` path (also `$crate::`, and every name of a
//! `crate::{a, b::c}` group) written in a file of another module; `super::` paths stay inside
//! a module and do not count. Comments and string literals are skipped. Paths to items through
//! the crate root (`crate::wasm_ref_t`) are refused, because they would hide the module the
//! item comes from. The test also checks that every file under src/ begins with a `//!`
//! comment stating its job.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Dependencies that still point up, each with why and what removes it. The check fails when
/// one of them is gone (so the list only shrinks) as well as on any other cycle.
const KNOWN_UPWARD: &[(&str, &str, &str)] = &[];

/// The module graph: for each module, the modules it refers to and one file that does.
type Graph = BTreeMap<String, BTreeMap<String, PathBuf>>;

/// Source text with comments, string and character literals blanked out (lengths kept), so
/// that only code is searched.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend(bytes.iter().map(|&c| if c == b'\n' { b'\n' } else { b' ' }))
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"/*") {
            // Block comments nest in Rust.
            let (mut depth, mut j) = (0usize, 0usize);
            while j < rest.len() {
                if rest[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &rest[..j]);
            i += j;
        } else if let Some(len) = raw_string_len(rest) {
            blank(&mut out, &rest[..len]);
            i += len;
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            let len = (j + 1).min(rest.len());
            blank(&mut out, &rest[..len]);
            i += len;
        } else if rest[0] == b'\'' {
            // A character literal ('a', '\n', '\u{..}') and not a lifetime ('a without a
            // closing quote right after one character or escape).
            let len = if rest.get(1) == Some(&b'\\') {
                rest[2..].iter().position(|&c| c == b'\'').map(|p| p + 3)
            } else {
                src[i + 1..].chars().next().and_then(|c| {
                    let after = 1 + c.len_utf8();
                    (rest.get(after) == Some(&b'\'')).then_some(after + 1)
                })
            };
            let len = len.unwrap_or(1);
            if len > 1 {
                blank(&mut out, &rest[..len]);
            } else {
                out.push(b'\'');
            }
            i += len;
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 (only whole literals are replaced)")
}

/// The length of a raw string literal (`r"..."`, `r#"..."#`, also `br`) at the start of
/// `s`, if one starts there.
fn raw_string_len(s: &[u8]) -> Option<usize> {
    let start = if s.starts_with(b"br") {
        2
    } else if s.starts_with(b"r") {
        1
    } else {
        return None;
    };
    let hashes = s[start..].iter().take_while(|&&c| c == b'#').count();
    if s.get(start + hashes) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let body = start + hashes + 1;
    let end = s[body..].windows(close.len()).position(|w| w == close)?;
    Some(body + end + close.len())
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The identifier (with an `r#` prefix dropped) at the start of `s`.
fn ident_at(s: &str) -> Option<&str> {
    let s = s.strip_prefix("r#").unwrap_or(s);
    let len = s.bytes().take_while(|&c| is_ident_byte(c)).count();
    (len > 0).then(|| &s[..len])
}

/// The first names of every `crate::` path in `code` (for a group `crate::{a, b::c}`, each of
/// its members: `a`, `b`).
fn crate_paths(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find("crate::") {
        let at = from + pos;
        from = at + "crate::".len();
        let before = code[..at].bytes().next_back();
        if before.is_some_and(is_ident_byte) {
            continue;
        }
        let rest = code[from..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            // Members at depth 0 of the group, separated by commas.
            let (mut depth, mut expect_name) = (0usize, true);
            let mut k = 0;
            let g = group.as_bytes();
            while k < g.len() {
                match g[k] {
                    b'{' => depth += 1,
                    b'}' if depth == 0 => break,
                    b'}' => depth -= 1,
                    b',' if depth == 0 => expect_name = true,
                    c if expect_name && depth == 0 && (is_ident_byte(c) || c == b'r') => {
                        if let Some(name) = ident_at(&group[k..]) {
                            names.push(name.to_string());
                            expect_name = false;
                            k += group[k..].find(name).unwrap_or(0) + name.len();
                            continue;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
        } else if let Some(name) = ident_at(rest) {
            names.push(name.to_string());
        }
    }
    names
}

/// The top-level modules that src/lib.rs declares, with the file or directory of each (a
/// `#[path = "..."]` before a declaration names its file).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let mut found = BTreeMap::new();
    let mut path_attr: Option<String> = None;
    for line in lib.lines().map(str::trim) {
        if line.starts_with("//") {
            continue;
        }
        if let Some(p) = line.strip_prefix("#[path = \"") {
            path_attr = p.split('"').next().map(str::to_string);
            continue;
        }
        if line.starts_with("#[") {
            continue;
        }
        let decl = line
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub ");
        if let Some(rest) = decl.strip_prefix("mod ") {
            let name = ident_at(rest).expect("a module name").to_string();
            let place = match path_attr.take() {
                Some(p) => src.join(p),
                None if src.join(&name).is_dir() => src.join(&name),
                None => src.join(format!("{name}.rs")),
            };
            found.insert(name, place);
        } else {
            path_attr = None;
        }
    }
    found
}

/// Every `.rs` file at or below `place`.
fn rust_files(place: &Path) -> Vec<PathBuf> {
    if place.is_file() {
        return vec![place.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(place).expect("a module directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The module graph of src/, and the `crate::` paths that name no module.
fn graph_of(src: &Path) -> (Graph, Vec<String>) {
    let mods = modules(src);
    let mut graph = Graph::new();
    let mut unknown = Vec::new();
    for (module, place) in &mods {
        let edges = graph.entry(module.clone()).or_default();
        for file in rust_files(place) {
            let text = std::fs::read_to_string(&file).expect("a source file");
            for name in crate_paths(&code_only(&text)) {
                if !mods.contains_key(&name) {
                    unknown.push(format!("{}: crate::{name}", file.display()));
                } else if &name != module {
                    edges.entry(name).or_insert_with(|| file.clone());
                }
            }
        }
    }
    (graph, unknown)
}

/// A cycle of the graph as a path `a, b, ..., a`, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next.as_str()) {
                Some(Mark::Open) => {
                    let start = path.iter().position(|n| n == next).expect("on the path");
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, marks, path) {
                        return Some(cycle);
                    }
                }
            }
        }
        path.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if !marks.contains_key(node) {
            if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn src_modules_form_no_cycle() {
    let (graph, unknown) = graph_of(&src_dir());
    assert!(
        unknown.is_empty(),
        "paths through the crate root hide their module; name the module instead:\n{}",
        unknown.join("\n")
    );
    assert!(
        graph.len() > 10,
        "too few modules found: {:?}",
        graph.keys()
    );
    let mut edges: BTreeMap<String, BTreeSet<String>> = graph
        .iter()
        .map(|(m, to)| (m.clone(), to.keys().cloned().collect()))
        .collect();
    for (from, to, why) in KNOWN_UPWARD {
        let present = edges.get_mut(*from).is_some_and(|e| e.remove(*to));
        assert!(
            present,
            "{from} no longer refers to {to}: delete its entry from KNOWN_UPWARD ({why})"
        );
    }
    if let Some(cycle) = find_cycle(&edges) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|w| {
                let file = &graph[&w[0]][&w[1]];
                let shown = file
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap_or(file);
                format!("  {} -> {} (in {})", w[0], w[1], shown.display())
            })
            .collect();
        panic!(
            "src/ modules depend on one another in a cycle:\n{}",
            steps.join("\n")
        );
    }
}

#[test]
fn every_src_file_states_its_job() {
    let missing: Vec<String> = rust_files(&src_dir())
        .into_iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .expect("a source file")
                .starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files that do not begin with a `//!` comment saying what they are for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_cycle_is_found_and_a_layering_is_not() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    let layered = graph(&[("store", "handle"), ("ref", "store"), ("ref", "handle")]);
    assert_eq!(find_cycle(&layered), None);
    let cyclic = graph(&[
        ("handle", "error"),
        ("vec", "types"),
        ("types", "store"),
        ("store", "vec"),
    ]);
    let cycle = find_cycle(&cyclic).expect("the cycle vec -> types -> store -> vec");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4);
    for m in ["vec", "types", "store"] {
        assert!(cycle.iter().any(|c| c == m), "{m} missing from {cycle:?}");
    }
}

#[test]
fn paths_are_read_from_code_only() {
    let src = r##"
        use crate::{a, b::{c, d}, r#ref::x};
        use crate::e::f;
        // crate::in_comment
        /* crate::in_block /* nested crate::deeper */ */
        let s = "crate::in_string";
        let r = r#"crate::in_raw"#;
        let c = '"'; let l: &'static str = "";
        $crate::g::h!();
        mycrate::not_ours();
    "##;
    assert_eq!(
        crate_paths(&code_only(src)),
        ["a", "b", "ref", "e", "g"].map(String::from)
    );
}
