//! ABI conformance of wacapi's public `#[repr(C)]` types with include/wasm.h.
//!
//! `build.rs` runs bindgen (libclang) on the header; the tests below compare
//! size, alignment, field offsets and field types of wacapi's types with the
//! header's, the value of every `WASM_*` enum constant, and the signature of
//! every function of wasm.h and of include/wasi.h.
//!
//!   cargo test -p wacapi-abi-test
#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code,
    unused_unsafe,
    clippy::all
)]

/// The header as bindgen sees it.
pub mod c {
    include!(concat!(env!("OUT_DIR"), "/wasm_h.rs"));
}

/// include/wasi.h's functions (and the types they use) as bindgen sees them.
pub mod c_wasi {
    include!(concat!(env!("OUT_DIR"), "/wasi_h.rs"));
}

include!(concat!(env!("OUT_DIR"), "/abi_extra.rs"));

/// Layout facts about a field, for comparison across the two declarations.
#[derive(Debug)]
pub struct FieldInfo {
    pub offset: usize,
    pub size: usize,
    pub align: usize,
    /// See [`TypeShape::kind`].
    pub kind: String,
}

/// Describes the field that `get` projects to; `get` is never called.
pub fn field_info<T, F>(offset: usize, _get: fn(&T) -> &F) -> FieldInfo {
    let shape = shape_of::<F>();
    FieldInfo {
        offset,
        size: shape.size,
        align: core::mem::align_of::<F>(),
        kind: shape.kind,
    }
}

/// What matters about a field, parameter or result type for the C ABI:
/// its size, and whether it is a pointer (how many levels), a function
/// pointer, or which scalar.  Rust spellings of a C pointer are all alike
/// here: `*mut T`, `*const T`, `&T`, `&mut T`, `Box<T>`, `NonNull<T>`, wacapi's `Own<T>` and
/// `Option<>` of any of them.  Pointer constness and pointee types are not
/// compared (the pointees are opaque, or checked by the layout tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeShape {
    pub size: usize,
    pub kind: String,
}

/// Classifies a `core::any::type_name` string (see [`TypeShape`]).
pub fn classify(mut name: &str) -> String {
    let mut levels = 0usize;
    loop {
        name = name.trim();
        if name.starts_with("unsafe extern \"C\" fn(") || name.starts_with("extern \"C\" fn(") {
            return if levels == 0 {
                "fn pointer".to_string()
            } else {
                format!("pointer^{levels} to fn pointer")
            };
        }
        let prefixes = ["*mut ", "*const ", "&mut ", "&"];
        if let Some(p) = prefixes.iter().find(|p| name.starts_with(**p)) {
            name = &name[p.len()..];
            levels += 1;
            continue;
        }
        if let Some(inner) = generic_arg(name, "Box") {
            name = inner;
            levels += 1;
            continue;
        }
        // wacapi's `handle::Own<T>`: `#[repr(transparent)]` over `NonNull<T>`.
        if let Some(inner) = generic_arg(name, "Own") {
            name = inner;
            levels += 1;
            continue;
        }
        if let Some(inner) = generic_arg(name, "NonNull") {
            name = inner;
            levels += 1;
            continue;
        }
        if let Some(inner) = generic_arg(name, "Option") {
            // Only a nullable pointer has the C layout of a pointer.
            let k = classify(inner);
            if k.starts_with("pointer") || k.starts_with("fn pointer") {
                name = inner;
                continue;
            }
            return format!("Option<{k}>");
        }
        break;
    }
    let base = if name.contains("::") {
        // A struct or union by value (the two sides name it differently;
        // its own layout is compared by the layout tests).
        "struct/union".to_string()
    } else {
        name.to_string()
    };
    if levels == 0 {
        base
    } else {
        format!("pointer^{levels}")
    }
}

/// `X` from `path::Wrapper<X>` (or `Wrapper<X, Allocator>`), if `name` is one.
fn generic_arg<'a>(name: &'a str, wrapper: &str) -> Option<&'a str> {
    let open = name.find('<')?;
    let path = &name[..open];
    if path.rsplit("::").next()? != wrapper || !name.ends_with('>') {
        return None;
    }
    let inner = &name[open + 1..name.len() - 1];
    // Drop a second generic argument (an allocator) at depth 0.
    let mut depth = 0i32;
    for (i, ch) in inner.char_indices() {
        match ch {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => return Some(&inner[..i]),
            _ => {}
        }
    }
    Some(inner)
}

pub fn shape_of<T>() -> TypeShape {
    TypeShape {
        size: core::mem::size_of::<T>(),
        kind: classify(core::any::type_name::<T>()),
    }
}

/// Result shape followed by the parameter shapes.
pub type Signature = Vec<TypeShape>;

macro_rules! signature_fns {
    ($($name:ident($($p:ident),*);)*) => {$(
        pub fn $name<R $(, $p)*>(_: unsafe extern "C" fn($($p),*) -> R) -> Signature {
            vec![shape_of::<R>() $(, shape_of::<$p>())*]
        }
    )*};
}

signature_fns! {
    signature0();
    signature1(A);
    signature2(A, B);
    signature3(A, B, C);
    signature4(A, B, C, D);
    signature5(A, B, C, D, E);
    signature6(A, B, C, D, E, F);
}

/// Compares two declarations of one `#[repr(C)]` struct or union: size,
/// alignment, and for each field (`rust_name = c_name`; bindgen renames
/// fields that clash with Rust names, e.g. `i32` to `i32_`) offset, size,
/// alignment and [`TypeShape::kind`].  Returns the mismatches.
#[macro_export]
macro_rules! compare_layout {
    ($rust:ty, $c:ty, [$($field:ident = $cfield:ident),* $(,)?]) => {{
        use core::mem::{align_of, offset_of, size_of};
        let mut errors: Vec<String> = Vec::new();
        let name = stringify!($rust).replace(' ', "");
        if size_of::<$rust>() != size_of::<$c>() {
            errors.push(format!("{name}: size {} != wasm.h {}", size_of::<$rust>(), size_of::<$c>()));
        }
        if align_of::<$rust>() != align_of::<$c>() {
            errors.push(format!("{name}: align {} != wasm.h {}", align_of::<$rust>(), align_of::<$c>()));
        }
        $(
            let r = $crate::field_info(offset_of!($rust, $field), |s: &$rust| unsafe { &s.$field });
            let h = $crate::field_info(offset_of!($c, $cfield), |s: &$c| unsafe { &s.$cfield });
            let f = stringify!($field);
            if r.offset != h.offset {
                errors.push(format!("{name}.{f}: offset {} != wasm.h {}", r.offset, h.offset));
            }
            if r.size != h.size || r.align != h.align {
                errors.push(format!(
                    "{name}.{f}: size/align {}/{} != wasm.h {}/{}",
                    r.size, r.align, h.size, h.align
                ));
            }
            if r.kind != h.kind {
                errors.push(format!("{name}.{f}: type {} != wasm.h {}", r.kind, h.kind));
            }
        )*
        errors
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, size_of};

    fn assert_none(errors: Vec<String>) {
        assert!(
            errors.is_empty(),
            "ABI mismatches:\n  {}",
            errors.join("\n  ")
        );
    }

    #[test]
    fn wasm_val_t_layout() {
        assert_none(compare_layout!(
            wacapi::wasm_val_t,
            c::wasm_val_t,
            [kind = kind, of = of]
        ));
    }

    #[test]
    fn wasm_val_union_layout() {
        assert_none(compare_layout!(
            wacapi::wasm_val_union,
            wasm_val_union_c,
            [i32 = i32_, i64 = i64_, f32 = f32_, f64 = f64_, ref_ = ref_]
        ));
    }

    #[test]
    fn wacapi_val_t_layout() {
        assert_none(compare_layout!(
            wacapi::wacapi_val_t,
            crate::c_wasi::wacapi_val_t,
            [kind = kind, of = of]
        ));
        assert_none(compare_layout!(
            wacapi::wacapi_val_union,
            crate::c_wasi::wacapi_val_union,
            [
                i32 = i32_,
                i64 = i64_,
                f32 = f32_,
                f64 = f64_,
                r#ref = ref_,
                v128 = v128
            ]
        ));
        // The first 16 bytes of a wacapi_val_t read as a wasm_val_t for the kinds both have.
        assert_eq!(
            core::mem::offset_of!(wacapi::wacapi_val_t, of),
            core::mem::offset_of!(wacapi::wasm_val_t, of)
        );
    }

    #[test]
    fn wacapi_v128_kind_matches_the_header() {
        assert_eq!(
            i128::from(wacapi::WACAPI_V128),
            i128::from(crate::c_wasi::wacapi_valkind_enum_WACAPI_V128)
        );
        assert_eq!(
            wacapi::wacapi_valkind_enum::WACAPI_V128 as u8,
            wacapi::WACAPI_V128
        );
    }

    #[test]
    fn wasm_val_t_on_this_target() {
        // x86_64 / aarch64 Linux: 1-byte kind, union at 8, 16 bytes total.
        if size_of::<usize>() == 8 {
            assert_eq!(size_of::<wacapi::wasm_val_t>(), 16);
            assert_eq!(align_of::<wacapi::wasm_val_t>(), 8);
            assert_eq!(core::mem::offset_of!(wacapi::wasm_val_t, of), 8);
        }
    }

    #[test]
    fn wasm_limits_t_layout() {
        assert_none(compare_layout!(
            wacapi::wasm_limits_t,
            c::wasm_limits_t,
            [min = min, max = max]
        ));
    }

    macro_rules! vec_tests {
        ($($test:ident: $ty:ident),* $(,)?) => {
            $(
                #[test]
                fn $test() {
                    assert_none(compare_layout!(wacapi::$ty, c::$ty, [size = size, data = data]));
                }
            )*

            #[test]
            fn all_twelve_vec_types_checked() {
                let names = [$(stringify!($ty)),*];
                assert_eq!(names.len(), 12, "{names:?}");
            }
        };
    }

    vec_tests! {
        byte_vec_layout: wasm_byte_vec_t,
        valtype_vec_layout: wasm_valtype_vec_t,
        functype_vec_layout: wasm_functype_vec_t,
        globaltype_vec_layout: wasm_globaltype_vec_t,
        tabletype_vec_layout: wasm_tabletype_vec_t,
        memorytype_vec_layout: wasm_memorytype_vec_t,
        externtype_vec_layout: wasm_externtype_vec_t,
        importtype_vec_layout: wasm_importtype_vec_t,
        exporttype_vec_layout: wasm_exporttype_vec_t,
        val_vec_layout: wasm_val_vec_t,
        frame_vec_layout: wasm_frame_vec_t,
        extern_vec_layout: wasm_extern_vec_t,
    }

    #[test]
    fn vec_element_types_match() {
        // The element of wasm_val_vec_t is the value itself, of
        // wasm_byte_vec_t a byte; the others hold pointers.
        assert_eq!(size_of::<wacapi::wasm_val_t>(), size_of::<c::wasm_val_t>());
        assert_eq!(size_of::<c::wasm_byte_t>(), 1);
    }

    #[test]
    fn enum_constants_agree() {
        let mut errors = Vec::new();
        for &(enum_name, name, header, ours, _) in ENUM_CONSTANTS {
            if header != ours {
                errors.push(format!(
                    "{enum_name}::{name}: wacapi {ours} != wasm.h {header}"
                ));
            }
        }
        assert_none(errors);
        println!("{} enum constants agree", ENUM_CONSTANTS.len());
    }

    #[test]
    fn enum_constants_have_the_typedef_width() {
        // Each enum's values are meant for a uint8_t typedef:
        // wasm_valkind_t, wasm_mutability_t, wasm_externkind_t.
        let width = |e: &str| match e {
            "wasm_valkind_enum" => Some(size_of::<c::wasm_valkind_t>()),
            "wasm_mutability_enum" => Some(size_of::<c::wasm_mutability_t>()),
            "wasm_externkind_enum" => Some(size_of::<c::wasm_externkind_t>()),
            _ => None,
        };
        let mut errors = Vec::new();
        for &(enum_name, name, _, _, size) in ENUM_CONSTANTS {
            if let Some(w) = width(enum_name) {
                if w != size {
                    errors.push(format!("{name}: {size}-byte constant, typedef has {w}"));
                }
            }
        }
        assert_none(errors);
    }

    #[test]
    fn known_enum_constants_present() {
        let expected = [
            ("WASM_I32", 0),
            ("WASM_I64", 1),
            ("WASM_F32", 2),
            ("WASM_F64", 3),
            ("WASM_EXTERNREF", 128),
            ("WASM_FUNCREF", 129),
            ("WASM_CONST", 0),
            ("WASM_VAR", 1),
            ("WASM_EXTERN_FUNC", 0),
            ("WASM_EXTERN_GLOBAL", 1),
            ("WASM_EXTERN_TABLE", 2),
            ("WASM_EXTERN_MEMORY", 3),
        ];
        for (name, value) in expected {
            let found = ENUM_CONSTANTS.iter().find(|e| e.1 == name);
            let found = found.unwrap_or_else(|| panic!("{name} not declared in wasm.h"));
            assert_eq!(found.2, value, "{name} in wasm.h");
            assert_eq!(found.3, value, "{name} in wacapi");
        }
    }

    #[test]
    fn function_signatures_agree() {
        compare_signatures("wasm.h", signatures());
    }

    #[test]
    fn wasi_h_function_signatures_agree() {
        let sigs = wasi_signatures();
        assert_eq!(sigs.len(), 14, "wasi.h functions");
        compare_signatures("wasi.h", sigs);
    }

    /// Fails listing every function whose header and wacapi signatures differ.
    fn compare_signatures(header_name: &str, sigs: Vec<(&'static str, Signature, Signature)>) {
        let mut errors = Vec::new();
        for (name, header, ours) in &sigs {
            if header != ours {
                let show = |s: &Signature| {
                    let params: Vec<String> = s[1..]
                        .iter()
                        .map(|t| format!("{} ({} B)", t.kind, t.size))
                        .collect();
                    format!("({}) -> {} ({} B)", params.join(", "), s[0].kind, s[0].size)
                };
                errors.push(format!(
                    "{name}: wacapi {} vs {header_name} {}",
                    show(ours),
                    show(header)
                ));
            }
        }
        println!(
            "{} of {} {header_name} function signatures agree",
            sigs.len() - errors.len(),
            sigs.len()
        );
        assert_none(errors);
    }

    #[test]
    fn classify_spellings_of_pointers() {
        assert_eq!(classify("*mut u8"), "pointer^1");
        assert_eq!(classify("*const *mut a::B"), "pointer^2");
        assert_eq!(classify("core::option::Option<&a::B>"), "pointer^1");
        assert_eq!(
            classify("core::option::Option<alloc::boxed::Box<a::B>>"),
            "pointer^1"
        );
        assert_eq!(
            classify("*mut core::option::Option<alloc::boxed::Box<a::B>>"),
            "pointer^2"
        );
        assert_eq!(classify("core::ptr::non_null::NonNull<a::B>"), "pointer^1");
        assert_eq!(
            classify("core::option::Option<unsafe extern \"C\" fn(*mut core::ffi::c_void)>"),
            "fn pointer"
        );
        assert_eq!(
            classify("unsafe extern \"C\" fn(*const a::V) -> *mut a::T"),
            "fn pointer"
        );
        assert_eq!(classify("core::option::Option<u32>"), "Option<u32>");
        assert_eq!(classify("wacapi::val::wasm_val_union"), "struct/union");
        assert_eq!(classify("u8"), "u8");
        assert_eq!(classify("()"), "()");
    }

    #[test]
    fn typedef_widths() {
        assert_eq!(size_of::<c::wasm_valkind_t>(), 1);
        assert_eq!(size_of::<c::wasm_mutability_t>(), 1);
        assert_eq!(size_of::<c::wasm_externkind_t>(), 1);
        assert_eq!(size_of::<c::wasm_table_size_t>(), 4);
        assert_eq!(size_of::<c::wasm_memory_pages_t>(), 4);
    }
}
