//! The generated Python against the C compiler: every struct and union the binding defines
//! has the size, alignment and field offsets gcc gives it.  Needs python3 (skipped without).
//!
//! The binding is imported with a stand-in `_library` whose `function()` returns a plain
//! namespace, so no shared library is needed and the test headers' functions need not exist.

mod common;

use std::collections::HashSet;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use common::{python, scratch, test_opts, wasm_opts};
use wacapi_bindgen::model::{Api, ItemKind, RecordKind, Type};
use wacapi_bindgen::{build_model, render, write, Options};

const STAND_IN: &str = "\
import types

lib = None


def function(name):
    return types.SimpleNamespace(name=name)
";

/// Records that have a C tag (anonymous nested ones are checked through their parent).
fn tagged_records(api: &Api) -> Vec<(String, RecordKind, Vec<String>)> {
    let mut synthesized = HashSet::new();
    for item in &api.items {
        if let ItemKind::Record(r) = &item.kind {
            for f in r.fields.iter().flatten() {
                if let Type::Record(n) = &f.ty {
                    if *n == format!("{}_{}", item.name, f.name) {
                        synthesized.insert(n.clone());
                    }
                }
            }
        }
    }
    api.items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Record(r) if !synthesized.contains(&i.name) => {
                let fields = r.fields.as_ref()?.iter().map(|f| f.name.clone()).collect();
                Some((i.name.clone(), r.kind, fields))
            }
            _ => None,
        })
        .collect()
}

fn layout_matches(name: &str, opts: &Options) {
    let Some(python) = python() else { return };
    let dir = scratch(name);
    let api = build_model(opts).unwrap();
    let pkg = dir.join("gen");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("__init__.py"), "").unwrap();
    std::fs::write(pkg.join("_library.py"), STAND_IN).unwrap();
    write(&pkg.join("binding.py"), &render(&api)).unwrap();

    let records = tagged_records(&api);
    assert!(!records.is_empty());
    let mut c = String::from("#include <stddef.h>\n#include <stdio.h>\n");
    for h in &opts.headers {
        let _ = writeln!(c, "#include \"{}\"", h.display());
    }
    c.push_str("int main(void) {\n");
    for (rec, kind, fields) in &records {
        let word = if *kind == RecordKind::Struct {
            "struct"
        } else {
            "union"
        };
        let _ = writeln!(
            c,
            "  printf(\"{rec} %zu %zu\\n\", sizeof({word} {rec}), _Alignof({word} {rec}));"
        );
        for f in fields {
            let _ = writeln!(
                c,
                "  printf(\"{rec}.{f} %zu\\n\", offsetof({word} {rec}, {f}));"
            );
        }
    }
    c.push_str("  return 0;\n}\n");
    std::fs::write(dir.join("layout.c"), c).unwrap();
    let exe = dir.join("layout");
    let mut cc = Command::new("gcc");
    cc.args(["-std=c11", "-o"])
        .arg(&exe)
        .arg(dir.join("layout.c"));
    for i in &opts.include_dirs {
        cc.arg("-I").arg(i);
    }
    let o = cc.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let want = Command::new(&exe).output().unwrap();
    let want = String::from_utf8(want.stdout).unwrap();

    let script = "\
import ctypes, sys
from gen import binding as b
for name in sys.argv[1:]:
    cls = getattr(b, name)
    print(name, ctypes.sizeof(cls), ctypes.alignment(cls))
    for field in cls._fields_:
        print(f'{name}.{field[0]}', getattr(cls, field[0]).offset)
";
    let o = Command::new(python)
        .current_dir(&dir)
        .arg("-c")
        .arg(script)
        .args(records.iter().map(|r| &r.0))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let have = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        have, want,
        "ctypes layout (left) differs from gcc's (right)"
    );
}

#[test]
fn test_headers_layout_matches_gcc() {
    layout_matches(
        "layout-test",
        &test_opts(&["types.h", "enums.h", "callbacks.h", "vec.h"]),
    );
}

#[test]
fn wasm_h_layout_matches_gcc() {
    layout_matches("layout-wasm", &wasm_opts());
}

#[test]
fn generated_module_imports_and_callbacks_work() {
    let Some(python) = python() else { return };
    let dir = scratch("import");
    let pkg = dir.join("gen");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("__init__.py"), "").unwrap();
    std::fs::write(pkg.join("_library.py"), STAND_IN).unwrap();
    let api = build_model(&test_opts(&["callbacks.h", "enums.h"])).unwrap();
    write(&pkg.join("binding.py"), &render(&api)).unwrap();
    let script = "\
import ctypes
from gen import binding as b
seen = []
h = b.hooks_t()
h.on_drop = b.fnptr_void__void_p(lambda p: seen.append(p))
h.on_drop(ctypes.c_void_p(42))
h.on_event = b.handler_t(lambda env, ev, n: 7)
assert h.on_event(None, None, 3) == 7
assert b.on.argtypes == [b.handler_t, ctypes.c_void_p, b.fnptr_void__void_p]
assert b.flags.FLAG_AB == b.FLAG_AB == 3
assert b.sign(-1) is b.sign.NEG
print(seen)
";
    let o = Command::new(python)
        .current_dir(&dir)
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[42]");
    assert!(Path::new(&pkg.join("binding.pyi")).exists());
}
