//! The typed model built from the small test headers: what each C construct becomes.

mod common;

use common::model;
use wacapi_bindgen::model::{
    Api, Field, ItemKind, Loc, Param, Prim, Record, RecordKind, Signature, Type,
};

fn kind<'a>(api: &'a Api, name: &str) -> &'a ItemKind {
    &api.item(name)
        .unwrap_or_else(|| panic!("no item {name}"))
        .kind
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match kind(api, name) {
        ItemKind::Record(Record {
            fields: Some(f), ..
        }) => f,
        other => panic!("{name} is not a defined record: {other:?}"),
    }
}

fn sig<'a>(api: &'a Api, name: &str) -> &'a Signature {
    match kind(api, name) {
        ItemKind::Function(s) | ItemKind::Callback { sig: s, .. } => s,
        other => panic!("{name} is not a function: {other:?}"),
    }
}

fn rec(n: &str) -> Type {
    Type::Record(n.into())
}

fn named(n: &str) -> Type {
    Type::Named(n.into())
}

#[test]
fn structs_with_scalars_pointers_and_arrays() {
    let api = model(&["types.h"]).unwrap();
    assert_eq!(
        fields(&api, "point_t"),
        [
            Field {
                name: "x".into(),
                ty: Type::Prim(Prim::I32)
            },
            Field {
                name: "y".into(),
                ty: Type::Prim(Prim::I32)
            },
        ]
    );
    let node = fields(&api, "node");
    assert_eq!(node[0].ty, Type::ptr(rec("node")), "self reference");
    assert_eq!(node[1].ty, Type::const_ptr(Type::Prim(Prim::Char)));
    assert_eq!(node[2].ty, Type::ptr(Type::Void));
    assert_eq!(node[3].ty, Type::Prim(Prim::Bool));
    let grid = fields(&api, "grid_t");
    assert_eq!(
        grid[0].ty,
        Type::Array {
            elem: Box::new(Type::Array {
                elem: Box::new(Type::Prim(Prim::UChar)),
                len: 3
            }),
            len: 4
        },
        "cells[4][3] is 4 arrays of 3"
    );
    assert_eq!(grid[2].ty, Type::ptr(Type::ptr(rec("handle_t"))));
}

#[test]
fn opaque_and_mutually_referring_records() {
    let api = model(&["types.h"]).unwrap();
    assert_eq!(
        kind(&api, "handle_t"),
        &ItemKind::Record(Record {
            kind: RecordKind::Struct,
            fields: None
        })
    );
    assert_eq!(fields(&api, "left")[0].ty, Type::ptr(rec("right")));
    assert_eq!(fields(&api, "right")[0].ty, Type::ptr(rec("left")));
}

#[test]
fn anonymous_union_gets_a_class_before_its_parent() {
    let api = model(&["types.h"]).unwrap();
    assert_eq!(fields(&api, "value_t")[1].ty, rec("value_t_u"));
    match kind(&api, "value_t_u") {
        ItemKind::Record(r) => assert_eq!(r.kind, RecordKind::Union),
        other => panic!("{other:?}"),
    }
    let pos = |n: &str| api.items.iter().position(|i| i.name == n).unwrap();
    assert!(
        pos("value_t_u") < pos("value_t"),
        "inner fields are set first"
    );
}

#[test]
fn typedefs_are_aliases_and_struct_typedefs_of_the_same_name_are_not() {
    let api = model(&["types.h"]).unwrap();
    assert_eq!(
        kind(&api, "byte_t"),
        &ItemKind::Typedef(Type::Prim(Prim::Char))
    );
    assert_eq!(kind(&api, "vec2_t"), &ItemKind::Typedef(rec("point_t")));
    assert_eq!(
        kind(&api, "count_t"),
        &ItemKind::Typedef(Type::Prim(Prim::U32))
    );
    assert_eq!(
        kind(&api, "handle_ref_t"),
        &ItemKind::Typedef(Type::ptr(rec("handle_t")))
    );
    // `typedef struct point_t {...} point_t;` is the record itself, not an alias.
    assert!(matches!(kind(&api, "point_t"), ItemKind::Record(_)));
    assert_eq!(api.resolve(&named("count_t")), &Type::Prim(Prim::U32));
}

#[test]
fn enum_typedefs_of_the_same_name_are_the_enum() {
    let api = model(&["enums.h"]).unwrap();
    assert!(matches!(kind(&api, "mode"), ItemKind::Enum(_)));
    assert_eq!(api.items.iter().filter(|i| i.name == "mode").count(), 1);
}

#[test]
fn functions_with_own_arrays_and_typedef_parameters() {
    let api = model(&["types.h"]).unwrap();
    let s = sig(&api, "handle_new");
    assert_eq!(
        s.ret,
        Type::ptr(rec("handle_t")),
        "`own` expands to nothing"
    );
    assert_eq!(
        s.params,
        [
            Param {
                name: Some("at".into()),
                ty: Type::const_ptr(rec("point_t"))
            },
            Param {
                name: Some("n".into()),
                ty: Type::Prim(Prim::Size)
            },
            Param {
                name: Some("points".into()),
                ty: Type::ptr(Type::const_ptr(rec("point_t"))),
            },
        ],
        "an array parameter decays to a pointer"
    );
    let s = sig(&api, "handle_delete");
    assert_eq!(s.params[0].name, None);
    assert_eq!(sig(&api, "point_add").ret, rec("point_t"));
    let s = sig(&api, "handle_bytes");
    assert_eq!(s.ret, Type::ptr(named("byte_t")));
    assert_eq!(s.params[0].ty, named("handle_ref_t"));
    assert_eq!(s.params[1].ty, Type::ptr(named("count_t")));
}

#[test]
fn static_consts_and_inline_helpers() {
    let api = model(&["types.h"]).unwrap();
    match kind(&api, "count_max") {
        ItemKind::Constant(c) => {
            assert_eq!((c.value, c.hex), (0xffff_ffff, true));
            assert_eq!(c.ty, named("count_t"));
        }
        other => panic!("{other:?}"),
    }
    match kind(&api, "offset_min") {
        ItemKind::Constant(c) => assert_eq!((c.value, c.hex), (-16, false)),
        other => panic!("{other:?}"),
    }
    assert!(api.item("point_sum").is_none());
    assert_eq!(api.skipped.len(), 1);
    assert_eq!(api.skipped[0].name, "point_sum");
    assert_eq!(
        api.skipped[0].loc,
        Loc {
            header: "types.h".into(),
            line: 80
        }
    );
}

#[test]
fn locations_and_comments() {
    let api = model(&["types.h"]).unwrap();
    let item = api.item("point_t").unwrap();
    assert_eq!(item.loc.line, 12);
    assert_eq!(item.doc.as_deref(), Some("A plain struct of scalars."));
    let item = api.item("handle_new").unwrap();
    assert_eq!(
        item.doc.as_deref(),
        Some("Makes a handle (ownership goes to the caller).")
    );
    assert_eq!(
        api.item("left").unwrap().doc,
        None,
        "no comment directly above"
    );
}

#[test]
fn enums_with_expressions_signs_and_no_tag() {
    let api = model(&["enums.h"]).unwrap();
    let consts = |n: &str| match kind(&api, n) {
        ItemKind::Enum(e) => e.clone(),
        other => panic!("{other:?}"),
    };
    let colour = consts("colour");
    assert!(colour.named);
    assert_eq!(colour.repr, Prim::UInt);
    assert_eq!(
        colour.constants,
        [("RED".into(), 0), ("GREEN".into(), 1), ("BLUE".into(), 2)]
    );
    let flags = consts("flags");
    assert_eq!(
        flags.constants.iter().map(|c| c.1).collect::<Vec<_>>(),
        [1, 2, 3, 0x80, 0x81]
    );
    let sign = consts("sign");
    assert_eq!(
        sign.repr,
        Prim::Int,
        "a negative value makes the enum signed"
    );
    assert_eq!(
        kind(&api, "sign_t"),
        &ItemKind::Typedef(Type::Enum {
            name: "sign".into(),
            repr: Prim::Int
        })
    );
    let anon = api
        .items
        .iter()
        .find_map(|i| match &i.kind {
            ItemKind::Enum(e) if !e.named => Some(e.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        anon.constants,
        [
            ("LIMIT".into(), 256),
            ("HALF".into(), 128),
            ("BIG".into(), 7)
        ]
    );
    assert_eq!(
        sig(&api, "paint").ret,
        Type::Enum {
            name: "colour".into(),
            repr: Prim::UInt
        }
    );
}

#[test]
fn callbacks_typedefd_and_inline() {
    let api = model(&["callbacks.h"]).unwrap();
    match kind(&api, "handler_t") {
        ItemKind::Callback { sig, synthesized } => {
            assert!(!synthesized);
            assert_eq!(sig.ret, Type::ptr(rec("event_t")));
            assert_eq!(sig.params.len(), 3);
            assert_eq!(sig.params[0].name.as_deref(), Some("env"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        sig(&api, "tick_t").params.is_empty(),
        "(void) is no parameter"
    );
    // Every inline `void (*)(void*)` shares one synthesized type, named after its signature.
    let fin = named("fnptr_void__void_p");
    match kind(&api, "fnptr_void__void_p") {
        ItemKind::Callback { sig, synthesized } => {
            assert!(synthesized);
            assert_eq!(sig.params[0].ty, Type::ptr(Type::Void));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        api.count(|k| matches!(k, ItemKind::Callback { .. })),
        3,
        "handler_t, tick_t and one finalizer type"
    );
    assert_eq!(sig(&api, "on").params[2].ty, fin);
    assert_eq!(sig(&api, "on_tick").params[1].ty, fin);
    assert_eq!(sig(&api, "on_tick").params[2].ty, Type::ptr(fin.clone()));
    assert_eq!(sig(&api, "current_finalizer").ret, fin);
    let hooks = fields(&api, "hooks_t");
    assert_eq!(hooks[0].ty, named("handler_t"));
    assert_eq!(hooks[1].ty, fin);
    assert_eq!(
        hooks[2].ty,
        Type::Array {
            elem: Box::new(named("tick_t")),
            len: 2
        }
    );
    let pos = |n: &str| api.items.iter().position(|i| i.name == n).unwrap();
    assert!(pos("fnptr_void__void_p") < pos("hooks_t"));
}

#[test]
fn macro_generated_vectors() {
    let api = model(&["vec.h"]).unwrap();
    assert_eq!(
        fields(&api, "my_byte_vec_t")[1].ty,
        Type::ptr(named("my_byte_t"))
    );
    assert_eq!(
        fields(&api, "my_thing_vec_t")[1].ty,
        Type::ptr(Type::ptr(rec("my_thing_t")))
    );
    assert_eq!(
        sig(&api, "my_thing_vec_new").params[2].ty,
        Type::const_ptr(Type::ptr(rec("my_thing_t"))),
        "`own my_thing_t* const[]` decays to a pointer to const pointers"
    );
    // Every declaration a macro produces is located at, and documented by, its invocation.
    let item = api.item("my_thing_vec_delete").unwrap();
    assert_eq!(item.loc.line, 31);
    assert_eq!(item.doc.as_deref(), Some("Vectors of owned things."));
    let item = api.item("my_thing_new").unwrap();
    assert_eq!(
        item.doc.as_deref(),
        Some("Makes a thing."),
        "through the decoration line"
    );
    let names: Vec<&str> = api.functions().map(|(i, _)| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "my_byte_vec_new",
            "my_byte_vec_delete",
            "my_thing_delete",
            "my_thing_vec_new",
            "my_thing_vec_delete",
            "my_thing_new"
        ],
        "header order"
    );
}

#[test]
fn only_named_headers_each_declaration_once() {
    // outer.h includes inner.h: named together, inner's declarations come once, first.
    let api = model(&["inner.h", "outer.h"]).unwrap();
    let names: Vec<&str> = api.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["inner_t", "inner_new", "outer_use"]);
    assert_eq!(api.item("outer_use").unwrap().loc.header, "outer.h");
    let api2 = model(&["outer.h", "inner.h"]).unwrap();
    assert_eq!(
        api2.items, api.items,
        "an included header comes where it is included"
    );
    // inner.h alone: nothing of outer.h.
    let api = model(&["inner.h"]).unwrap();
    let names: Vec<&str> = api.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["inner_t", "inner_new"]);
    // outer.h alone uses a type it does not declare: an error, not a dangling name.
    let err = model(&["outer.h"]).unwrap_err().to_string();
    assert!(
        err.contains("outer.h:8") && err.contains("inner_t"),
        "{err}"
    );
}

#[test]
fn system_header_declarations_are_not_bound() {
    let api = model(&["types.h"]).unwrap();
    for n in ["size_t", "uint32_t", "memcpy", "strlen", "wchar_t"] {
        assert!(api.item(n).is_none(), "{n} leaked from a system header");
    }
}
