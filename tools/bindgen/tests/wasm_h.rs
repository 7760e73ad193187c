//! The project's own headers: what the committed binding contains, and that it is current.

mod common;

use common::{repo_root, scratch, wasm_opts};
use wacapi_bindgen::emit_py::Counts;
use wacapi_bindgen::model::{ItemKind, Type};
use wacapi_bindgen::{build_model, generate, render, Options};

/// The staleness check: the committed files are exactly what the tool makes from the headers
/// (`make bindings` regenerates them; `make check-bindings` runs the same comparison).
#[test]
fn committed_binding_is_up_to_date() {
    let out = generate(&wasm_opts()).unwrap();
    let dir = repo_root().join("bindings/python/wacapi");
    for (file, want) in [("binding.py", &out.py), ("binding.pyi", &out.pyi)] {
        let have = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        assert!(
            have == *want,
            "bindings/python/wacapi/{file} is stale: regenerate it with `make bindings` \
             (cargo run -p wacapi-bindgen -- -I include -o bindings/python/wacapi/binding.py \
             include/wasm.h include/wacapi.h)"
        );
    }
}

/// The type and function names declared in include/wacapi.h, in header order, read from the
/// raw text (independently of the tool): `typedef struct/union/enum X` and `... wacapi_f(`
/// lines.
fn wacapi_h_declarations() -> Vec<&'static str> {
    wacapi_h_declarations_by_kind()
        .into_iter()
        .map(|(_, n)| n)
        .collect()
}

/// The names of wacapi.h's functions (everything declared that is not a type).
fn wacapi_h_functions() -> usize {
    wacapi_h_declarations_by_kind()
        .iter()
        .filter(|(k, _)| *k == "function")
        .count()
}

/// How many types of `kind` ("struct", "union", "enum", "callback") wacapi.h defines or
/// declares.
fn wacapi_h_types(kind: &str) -> usize {
    wacapi_h_declarations_by_kind()
        .iter()
        .filter(|(k, _)| *k == kind)
        .count()
}

/// [`wacapi_h_declarations`] with each name's kind.
fn wacapi_h_declarations_by_kind() -> Vec<(&'static str, &'static str)> {
    let text = std::fs::read_to_string(repo_root().join("include/wacapi.h")).unwrap();
    let text: &'static str = Box::leak(text.into_boxed_str());
    let mut names = Vec::new();
    for line in text.lines() {
        if line.starts_with("//") || line.starts_with('#') {
            continue;
        }
        let mut typedef = None;
        for kind in ["struct", "union", "enum"] {
            if let Some(rest) = line.strip_prefix(&format!("typedef {kind} ")) {
                typedef = rest.split_whitespace().next().map(|name| (kind, name));
            }
        }
        if let Some(entry) = typedef {
            names.push(entry);
            continue;
        }
        // A plain alias: `typedef uint8_t name;`.
        if let Some(rest) = line.strip_prefix("typedef ") {
            if !rest.contains('(') && rest.ends_with(';') {
                if let Some(name) = rest.trim_end_matches(';').split_whitespace().last() {
                    names.push(("typedef", name));
                }
                continue;
            }
        }
        // A callback type: `typedef bool (*name)(...);`.
        if line.starts_with("typedef ") {
            if let Some(name) = line
                .split_once("(*")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(name, _)| name)
            {
                names.push(("callback", name));
            }
            continue;
        }
        if let Some(open) = line.find('(') {
            let head = &line[..open];
            if let Some(name) = head.rsplit([' ', '*']).next() {
                if name.starts_with("wacapi_") {
                    names.push(("function", name));
                }
            }
        }
    }
    names
}

#[test]
fn counts_and_skipped_inline_helpers() {
    let api = build_model(&wasm_opts()).unwrap();
    let c = Counts::of(&api);
    // All 280 functions of wasm.h plus the extension functions wacapi.h declares.
    assert_eq!(c.functions, 280 + wacapi_h_functions());
    assert_eq!(
        c.unions,
        1 + wacapi_h_types("union"),
        "the `of` union of wasm_val_t and wacapi.h's"
    );
    assert_eq!(c.enums, 3 + wacapi_h_types("enum"));
    assert_eq!(
        c.callbacks,
        3 + wacapi_h_types("callback"),
        "two callback typedefs, the inline finalizer type and wacapi.h's callback types"
    );
    assert_eq!(c.constants, 2);
    let skipped: Vec<&str> = api.skipped.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(skipped.len(), 27);
    for name in [
        "assertions",
        "wasm_name_new_from_string",
        "wasm_name_new_from_string_nt",
        "wasm_valkind_is_num",
        "wasm_valtype_new_i32",
        "wasm_functype_new_0_0",
        "wasm_functype_new_3_2",
        "wasm_val_init_ptr",
        "wasm_val_ptr",
    ] {
        assert!(skipped.contains(&name), "{name} not listed as skipped");
        assert!(api.item(name).is_none(), "{name} must not be bound");
    }
    let out = render(&api);
    assert!(out.py.contains("#   wasm.h:65 assertions\n"));
}

#[test]
fn each_declaration_once_in_header_order() {
    let api = build_model(&wasm_opts()).unwrap();
    let mut names: Vec<&str> = api.items.iter().map(|i| i.name.as_str()).collect();
    let total = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), total, "a declaration appears twice");
    // wacapi.h's functions come after everything of wasm.h, which it includes.
    let first_wacapi = api
        .items
        .iter()
        .position(|i| i.loc.header == "wacapi.h")
        .unwrap();
    assert!(api.items[first_wacapi..]
        .iter()
        .all(|i| i.loc.header == "wacapi.h"));
    let wacapi: Vec<&str> = api.items[first_wacapi..]
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(wacapi, wacapi_h_declarations());
    assert!(wacapi.contains(&"wacapi_last_error"));
    // Naming wasm.h twice, or wacapi.h first, changes nothing.
    let inc = repo_root().join("include");
    let opts = Options {
        headers: vec![inc.join("wacapi.h"), inc.join("wasm.h"), inc.join("wasm.h")],
        include_dirs: vec![inc.clone()],
        ..Options::default()
    };
    let again = build_model(&opts).unwrap();
    assert_eq!(again.items, api.items);
}

#[test]
fn key_declarations() {
    let api = build_model(&wasm_opts()).unwrap();
    let out = render(&api);
    for line in [
        "WASM_I32 = 0\n",
        "WASM_EXTERNREF = 128\n",
        "WASM_FUNCREF = 129\n",
        "class wasm_valkind_enum(IntEnum):\n",
        "wasm_valkind_t = ctypes.c_uint8\n",
        "wasm_name_t = wasm_byte_vec_t\n",
        "byte_t = ctypes.c_char\n",
        "class wasm_val_t_of(ctypes.Union):\n",
        "wasm_limits_max_default = 0xffffffff\n",
        "MEMORY_PAGE_SIZE = 0x10000\n",
        "wasm_engine_new = _library.function(\"wasm_engine_new\")\n",
        "wasm_engine_new.restype = ctypes.POINTER(wasm_engine_t)\n",
        "wasm_engine_new.argtypes = []\n",
        "fnptr_void__void_p = ctypes.CFUNCTYPE(None, ctypes.c_void_p)\n",
        "wacapi_last_error.restype = ctypes.c_char_p\n",
    ] {
        assert!(out.py.contains(line), "binding.py lacks {line:?}");
    }
    // A callback returning a pointer returns c_void_p (ctypes rejects pointer results).
    assert!(out
        .py
        .contains("wasm_func_callback_t = ctypes.CFUNCTYPE(\n    ctypes.c_void_p,\n"));
    for line in [
        "def wasm_engine_new() -> _Pointer[wasm_engine_t]:\n    \"\"\"Creates an engine with the default configuration.\"\"\"\n",
        "def wasm_memory_grow(arg0: _Ref[wasm_memory_t], delta: int, /) -> bool:\n",
        "def wacapi_last_error() -> bytes | None:\n",
    ] {
        assert!(out.pyi.contains(line), "binding.pyi lacks {line:?}");
    }
    // Docstrings come from the comment above the macro invocation for macro-made functions.
    let item = api.item("wasm_config_delete").unwrap();
    assert!(item
        .doc
        .as_deref()
        .unwrap()
        .starts_with("wasm_config_t: options"));
    match &api.item("wasm_val_t").unwrap().kind {
        ItemKind::Record(r) => {
            let f = r.fields.as_ref().unwrap();
            assert_eq!(f[1].ty, Type::Record("wasm_val_t_of".into()));
        }
        other => panic!("{other:?}"),
    }
}

/// A function added to a copy of wasm.h appears in both outputs.
#[test]
fn added_function_appears() {
    let dir = scratch("added");
    let src = std::fs::read_to_string(repo_root().join("include/wasm.h")).unwrap();
    let anchor = "WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);\n";
    assert!(src.contains(anchor));
    let added = "\n// Makes the engine frobnicate at the given level.\n\
                 WASM_API_EXTERN own wasm_engine_t* wasm_engine_frobnicate(\n    \
                 wasm_engine_t*, uint32_t level);\n";
    std::fs::write(
        dir.join("wasm.h"),
        src.replace(anchor, &format!("{anchor}{added}")),
    )
    .unwrap();
    let opts = Options {
        headers: vec![dir.join("wasm.h")],
        include_dirs: vec![dir.to_path_buf()],
        ..Options::default()
    };
    let before = build_model(&Options {
        headers: vec![repo_root().join("include/wasm.h")],
        ..Options::default()
    })
    .unwrap();
    let api = build_model(&opts).unwrap();
    assert_eq!(api.functions().count(), before.functions().count() + 1);
    let out = render(&api);
    assert!(out.py.contains(
        "wasm_engine_frobnicate = _library.function(\"wasm_engine_frobnicate\")\n\
         wasm_engine_frobnicate.restype = ctypes.POINTER(wasm_engine_t)\n\
         wasm_engine_frobnicate.argtypes = [ctypes.POINTER(wasm_engine_t), ctypes.c_uint32]\n"
    ));
    assert!(out.pyi.contains(
        "def wasm_engine_frobnicate(arg0: _Ref[wasm_engine_t], level: int, /) -> _Pointer[wasm_engine_t]:\n    \
         \"\"\"Makes the engine frobnicate at the given level.\"\"\"\n"
    ));
    // It sits where it was added: right after wasm_engine_new.
    let names: Vec<&str> = api.functions().map(|(i, _)| i.name.as_str()).collect();
    let i = names.iter().position(|n| *n == "wasm_engine_new").unwrap();
    assert_eq!(names[i + 1], "wasm_engine_frobnicate");
}
