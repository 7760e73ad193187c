//! Constructs the tool cannot translate: each is an error naming the declaration and its line.

mod common;

use common::model;

fn error(header: &str) -> String {
    match model(&[header]) {
        Ok(api) => panic!("{header} was accepted: {api:#?}"),
        Err(e) => e.to_string(),
    }
}

fn check(header: &str, line: usize, name: &str, why: &str) {
    let e = error(header);
    let want = format!("{header}:{line}: cannot translate `{name}`: ");
    assert!(
        e.starts_with(&want),
        "{header}: got {e:?}, want prefix {want:?}"
    );
    assert!(
        e.contains(why),
        "{header}: got {e:?}, want it to mention {why:?}"
    );
}

#[test]
fn bit_field() {
    check("bad_bitfield.h", 4, "flags_t", "bit-field `a`");
}

#[test]
fn variadic_function() {
    check("bad_variadic.h", 4, "log_message", "variadic");
}

#[test]
fn union_by_value() {
    check(
        "bad_union_by_value.h",
        5,
        "take",
        "union `u` passed by value",
    );
}

#[test]
fn flexible_array_member() {
    check("bad_flexible.h", 4, "buf", "flexible array member `data`");
}

#[test]
fn function_without_prototype() {
    check("bad_noproto.h", 4, "legacy", "no prototype");
}

#[test]
fn callback_returning_a_struct() {
    check(
        "bad_callback_struct.h",
        5,
        "make_pair_t",
        "returning struct `pair`",
    );
}

#[test]
fn global_variable() {
    check("bad_variable.h", 4, "global_counter", "a variable");
}

#[test]
fn complex_type() {
    check("bad_complex.h", 4, "root", "_Complex");
}

#[test]
fn packed_struct() {
    check("bad_packed.h", 4, "tight", "packed");
}

#[test]
fn anonymous_member() {
    check(
        "bad_anon_member.h",
        4,
        "outer",
        "anonymous struct/union member",
    );
}

#[test]
fn python_keyword_as_field_name() {
    check(
        "bad_keyword_field.h",
        4,
        "kw",
        "`lambda` is a Python keyword",
    );
}

#[test]
fn struct_from_a_system_header() {
    check("bad_extern_struct.h", 5, "print_to", "`FILE`");
}

#[test]
fn function_body() {
    check("bad_body.h", 4, "helper", "not `static inline`");
}

#[test]
fn missing_header() {
    let e = model(&["no_such_header.h"]).unwrap_err().to_string();
    assert!(e.contains("no_such_header.h"), "{e}");
}
