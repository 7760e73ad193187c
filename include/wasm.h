// wasm.h -- the standard WebAssembly C API, as provided by wacapi.
//
// wacapi implements this interface in Rust on top of the wasmi interpreter.
// Every type, function, macro and inline helper below is meant to match the
// standard header of the WebAssembly/wasm-c-api project one-to-one, so that a
// C or C++ program written against the standard API builds unchanged.  The
// comments are ours; where wacapi's behaviour needs spelling out, the note is
// prefixed with "wacapi:".
//
// Conventions used throughout:
//  * `own` marks a transfer of ownership (see the "Ownership" section).
//  * Every owned object `wasm_X_t` is released with `wasm_X_delete`.
//  * Threading: a store and every object created in it are single-threaded;
//    use them from one thread at a time.  Engines and shared modules
//    (`wasm_shared_module_t`) may be used from any thread.

#ifndef WASM_H
#define WASM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <assert.h>

// Decoration for every exported function.  On Windows (other than MinGW) the
// functions are imported from the DLL unless the program links the static
// library and says so by defining LIBWASM_STATIC.  A build may also predefine
// WASM_API_EXTERN itself.
#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif


// ===========================================================================
// Basics: machine types, ownership, vectors, names
// ===========================================================================

// --- Machine types ---------------------------------------------------------

// WASM_CHECK_LAYOUT_ is a private helper for assertions() below: a
// compile-time check that works in C99, C11 and C++ alike.  It is #undef'd
// right after use.
#if (defined(__cplusplus) && __cplusplus >= 201103L)
#define WASM_CHECK_LAYOUT_(cond, msg) static_assert(cond, msg)
#elif !defined(__cplusplus) && defined(__STDC_VERSION__) && \
    __STDC_VERSION__ >= 201112L
#define WASM_CHECK_LAYOUT_(cond, msg) _Static_assert(cond, msg)
#else
#define WASM_CHECK_LAYOUT_(cond, msg) ((void)sizeof(char[(cond) ? 1 : -1]))
#endif

// Compile-time sanity checks on the platform's scalar types: float and
// double must be 32 and 64 bits wide (for f32/f64) and pointers must fit in
// an i32 or an i64 (for wasm_val_init_ptr).
// Never needs to be called; it is `static inline`, so it emits no symbol.
static inline void assertions(void) {
  WASM_CHECK_LAYOUT_(sizeof(float) == sizeof(uint32_t),
                     "float must be 32 bits wide");
  WASM_CHECK_LAYOUT_(sizeof(double) == sizeof(uint64_t),
                     "double must be 64 bits wide");
  WASM_CHECK_LAYOUT_(sizeof(intptr_t) == sizeof(uint32_t) ||
                         sizeof(intptr_t) == sizeof(uint64_t),
                     "pointers must be 32 or 64 bits wide");
}
#undef WASM_CHECK_LAYOUT_

// A raw byte, as used by byte vectors and linear memory.
typedef char byte_t;

// The C representation of a wasm f32 value.
typedef float float32_t;

// The C representation of a wasm f64 value.
typedef double float64_t;


// --- Ownership -------------------------------------------------------------

// `own` expands to nothing; it only documents who owns what, much like a
// qualifier would:
//  * `own wasm_X_t*` -- the holder of this pointer owns the object and must
//    eventually pass it to `wasm_X_delete` (or hand it on to a function
//    taking an `own` argument).
//  * an `own` parameter -- the callee takes ownership of the argument.
//  * an `own` result -- the caller receives ownership of the result.
//  * an `own wasm_X_vec_t* out` parameter -- the callee fills in a vector
//    that the caller then owns, together with all of its elements.
//  * `own` on a struct or vector covers every field or element in it.
// A `const wasm_X_vec_t*` parameter is borrowed: neither the vector nor its
// elements are changed or kept.  Deleting a reference object releases this
// handle only; the underlying entity may live on while other handles, or
// its store, still refer to it.  `own` is #undef'd at the end of the header.
#define own

// Declares the opaque type `wasm_<name>_t` and its destructor:
//   void wasm_<name>_delete(own wasm_<name>_t*);
#define WASM_DECLARE_OWN(name) \
  typedef struct wasm_##name##_t wasm_##name##_t; \
  \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);


// --- Vectors ---------------------------------------------------------------

// Declares the vector type `wasm_<name>_vec_t`, a `{size, data}` pair, and
// its five functions.  `indirection` is `*` for vectors of owned object
// pointers and empty for vectors of plain values (bytes, wasm_val_t):
//   wasm_<name>_vec_new_empty(out)           -- size 0, data NULL
//   wasm_<name>_vec_new_uninitialized(out,n) -- room for n elements, for the
//                                               caller to fill in
//   wasm_<name>_vec_new(out, n, elems)       -- copies the n element values in
//                                               (pointer elements: takes them)
//   wasm_<name>_vec_copy(out, src)           -- deep copy of src
//   wasm_<name>_vec_delete(vec)              -- frees the buffer and deletes
//                                               every non-NULL element
// `out` is treated as uninitialised storage: whatever it held before is
// overwritten, not freed.  Release vectors with their _delete function only,
// never with free().
#define WASM_DECLARE_VEC(name, indirection) \
  typedef struct wasm_##name##_vec_t { \
    size_t size; \
    wasm_##name##_t indirection* data; \
  } wasm_##name##_vec_t; \
  \
  WASM_API_EXTERN void wasm_##name##_vec_new_empty(own wasm_##name##_vec_t* out); \
  WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized( \
      own wasm_##name##_vec_t* out, size_t); \
  WASM_API_EXTERN void wasm_##name##_vec_new( \
      own wasm_##name##_vec_t* out, \
      size_t, own wasm_##name##_t indirection const[]); \
  WASM_API_EXTERN void wasm_##name##_vec_copy( \
      own wasm_##name##_vec_t* out, const wasm_##name##_vec_t*); \
  WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t*);


// --- Byte vectors and names ------------------------------------------------

// Element type of byte vectors (wasm binaries, names, messages).
typedef byte_t wasm_byte_t;

// wasm_byte_vec_t: a growable-by-copy buffer of bytes, used for module
// binaries, import/export names and trap messages.
WASM_DECLARE_VEC(byte, )

// A name (module, import or export name): UTF-8 bytes, not NUL-terminated.
typedef wasm_byte_vec_t wasm_name_t;

// The name functions are the byte-vector functions under another name.
#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
// (The doubled "new" is the standard header's spelling; kept as is.)
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

// Makes a name holding the characters of C string `s`, without its NUL.
static inline void wasm_name_new_from_string(own wasm_name_t* out,
                                             const char* s) {
  wasm_name_new(out, strlen(s), s);
}

// Makes a name holding C string `s` including its terminating NUL (the form
// expected by wasm_trap_new's message).
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out,
                                                const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}


// ===========================================================================
// Runtime environment: configuration, engine, store
// ===========================================================================

// --- Configuration ---------------------------------------------------------

// wasm_config_t: options for creating an engine; wasm_config_delete frees
// one that was not handed to wasm_engine_new_with_config.
WASM_DECLARE_OWN(config)

// Creates a configuration with default settings.
// wacapi: the standard API defines no settings; extensions live in separate
// headers, never in this one.
WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);


// --- Engine ----------------------------------------------------------------

// wasm_engine_t: the compilation/execution environment shared by stores.
// wacapi: engines are thread-safe and may be shared between threads.
// Portable programs delete an engine only after all of its stores.
WASM_DECLARE_OWN(engine)

// Creates an engine with the default configuration.
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);

// Creates an engine from a configuration, which it consumes.
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t*);


// --- Store -----------------------------------------------------------------

// wasm_store_t: owns all runtime objects (functions, globals, tables,
// memories, instances, ...) created in it.
// wacapi: a store and its objects are single-threaded.  Objects keep their
// store alive, so handles may be deleted in any order; host-info finalizers
// of store objects run when the store itself is finally deleted.
WASM_DECLARE_OWN(store)

// Creates an empty store in the given engine (borrowed, not consumed).
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t*);


// ===========================================================================
// Type representations
// ===========================================================================

// --- Type attributes -------------------------------------------------------

// Whether a global can be written: one of wasm_mutability_enum.
typedef uint8_t wasm_mutability_t;

// Values of wasm_mutability_t.
enum wasm_mutability_enum {
  WASM_CONST,
  WASM_VAR
};

// Size limits of a table (in elements) or memory (in 64 KiB pages).
// `max` equals wasm_limits_max_default when there is no maximum.
typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;

// The `max` of a wasm_limits_t that has no upper bound.
static const uint32_t wasm_limits_max_default = 0xffffffff;


// --- Type objects in general -----------------------------------------------

// Declares an owned type object `wasm_<name>_t` (with _delete), its vector
// `wasm_<name>_vec_t` of owned pointers, and a deep copy:
//   own wasm_<name>_t* wasm_<name>_copy(const wasm_<name>_t*);
// Type objects are plain data: they belong to no store or engine.
#define WASM_DECLARE_TYPE(name) \
  WASM_DECLARE_OWN(name) \
  WASM_DECLARE_VEC(name, *) \
  \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);


// --- Value types -----------------------------------------------------------

// wasm_valtype_t: the type of a single wasm value (i32, i64, f32, f64,
// externref or funcref).
WASM_DECLARE_TYPE(valtype)

// Which kind of value a wasm_valtype_t or wasm_val_t describes.
typedef uint8_t wasm_valkind_t;

// Values of wasm_valkind_t.  Numbers come first; reference kinds start at 128.
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF
};

// Creates a value type of the given kind.
WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);

// Returns the kind of a value type.
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);

// True for the numeric kinds (i32, i64, f32, f64).
static inline bool wasm_valkind_is_num(wasm_valkind_t k) {
  return k < WASM_EXTERNREF;
}

// True for the reference kinds (externref, funcref).
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) {
  return k >= WASM_EXTERNREF;
}

// True if the value type is numeric.
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}

// True if the value type is a reference type.
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}


// --- Function types --------------------------------------------------------

// wasm_functype_t: a function signature (parameter and result types).
WASM_DECLARE_TYPE(functype)

// Creates a function type; takes ownership of the contents of both vectors
// (the caller must not delete them afterwards).
WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(
    own wasm_valtype_vec_t* params, own wasm_valtype_vec_t* results);

// The parameter types, borrowed from the function type.
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t*);

// The result types, borrowed from the function type.
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t*);


// --- Global types ----------------------------------------------------------

// wasm_globaltype_t: content type plus mutability of a global.
WASM_DECLARE_TYPE(globaltype)

// Creates a global type; takes ownership of the content value type.
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(
    own wasm_valtype_t*, wasm_mutability_t);

// The content type, borrowed from the global type.
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t*);

// WASM_CONST or WASM_VAR.
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t*);


// --- Table types -----------------------------------------------------------

// wasm_tabletype_t: element (reference) type plus size limits of a table.
WASM_DECLARE_TYPE(tabletype)

// Creates a table type; takes the element type, copies the limits.
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(
    own wasm_valtype_t*, const wasm_limits_t*);

// The element type, borrowed from the table type.
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t*);

// The limits (in elements), borrowed from the table type.
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t*);


// --- Memory types ----------------------------------------------------------

// wasm_memorytype_t: size limits of a linear memory, in 64 KiB pages.
WASM_DECLARE_TYPE(memorytype)

// Creates a memory type; the limits are copied.
WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t*);

// The limits (in pages), borrowed from the memory type.
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t*);


// --- Extern types ----------------------------------------------------------

// wasm_externtype_t: the type of anything importable or exportable; it is
// one of a function, global, table or memory type.
WASM_DECLARE_TYPE(externtype)

// Which kind of external a wasm_externtype_t or wasm_extern_t is.
typedef uint8_t wasm_externkind_t;

// Values of wasm_externkind_t.
enum wasm_externkind_enum {
  WASM_EXTERN_FUNC,
  WASM_EXTERN_GLOBAL,
  WASM_EXTERN_TABLE,
  WASM_EXTERN_MEMORY
};

// Returns the kind of an extern type.
WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t*);

// Upcasts: view a specific type as an extern type.  The result is the same
// object seen through another type (not a copy, not owned).

// View a function type as an extern type.
WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);
// View a global type as an extern type.
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);
// View a table type as an extern type.
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);
// View a memory type as an extern type.
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);

// Downcasts: view an extern type as a specific type, or NULL if it is of
// another kind.  Not a copy, not owned.

// The function type inside an extern type, or NULL.
WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t*);
// The global type inside an extern type, or NULL.
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t*);
// The table type inside an extern type, or NULL.
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t*);
// The memory type inside an extern type, or NULL.
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t*);

// Const-pointer versions of the upcasts above.

// View a const function type as a const extern type.
WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t*);
// View a const global type as a const extern type.
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t*);
// View a const table type as a const extern type.
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t*);
// View a const memory type as a const extern type.
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t*);

// Const-pointer versions of the downcasts above (NULL on a kind mismatch).

// The const function type inside a const extern type, or NULL.
WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);
// The const global type inside a const extern type, or NULL.
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t*);
// The const table type inside a const extern type, or NULL.
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t*);
// The const memory type inside a const extern type, or NULL.
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t*);


// --- Import types ----------------------------------------------------------

// wasm_importtype_t: one import of a module -- module name, field name and
// the type of the external it expects.
WASM_DECLARE_TYPE(importtype)

// Creates an import type; takes ownership of both names and the type.
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(
    own wasm_name_t* module, own wasm_name_t* name, own wasm_externtype_t*);

// The module name of the import, borrowed.
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(const wasm_importtype_t*);

// The field name of the import, borrowed.
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(const wasm_importtype_t*);

// The expected extern type of the import, borrowed.
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t*);


// --- Export types ----------------------------------------------------------

// wasm_exporttype_t: one export of a module -- its name and extern type.
WASM_DECLARE_TYPE(exporttype)

// Creates an export type; takes ownership of the name and the type.
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(
    own wasm_name_t*, own wasm_externtype_t*);

// The export's name, borrowed.
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t*);

// The export's extern type, borrowed.
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t*);


// ===========================================================================
// Runtime objects
// ===========================================================================

// --- Values ----------------------------------------------------------------

// Opaque reference object; declared in full further below.
struct wasm_ref_t;

// A wasm value: a kind tag plus the matching member of `of`.  For the
// reference kinds, `of.ref` is an owned reference or NULL (the null
// reference).
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;

// Releases what a value owns (its reference, if any); the wasm_val_t storage
// itself belongs to the caller.
WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);

// Copies a value into `out`, duplicating its reference, if any.
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t*);

// wasm_val_vec_t: a vector of values stored inline (arguments and results).
WASM_DECLARE_VEC(val, )


// --- References ------------------------------------------------------------

// Declares the common part of every reference object `wasm_<name>_t`:
// _delete (drops this handle), plus
//   own wasm_<name>_t* wasm_<name>_copy(const wasm_<name>_t*);
//       -- a new handle to the same entity
//   bool wasm_<name>_same(const wasm_<name>_t*, const wasm_<name>_t*);
//       -- true if both handles denote the same entity
//   void* wasm_<name>_get_host_info(const wasm_<name>_t*);
//       -- the embedder's pointer attached to the entity (NULL if none)
//   void wasm_<name>_set_host_info(wasm_<name>_t*, void*);
//   void wasm_<name>_set_host_info_with_finalizer(wasm_<name>_t*, void*,
//                                                 void (*)(void*));
//       -- attach an embedder pointer, optionally with a finalizer that is
//          called with it once the entity goes away
// wacapi: host info belongs to the entity, so all handles (copies) of one
// entity see the same pointer.  Finalizers of store objects run when the
// store is deleted; those of modules when the last wasm_module_t /
// wasm_shared_module_t handle of that module is deleted.
#define WASM_DECLARE_REF_BASE(name) \
  WASM_DECLARE_OWN(name) \
  \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*); \
  WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t*, const wasm_##name##_t*); \
  \
  WASM_API_EXTERN void* wasm_##name##_get_host_info(const wasm_##name##_t*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t*, void*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer( \
      wasm_##name##_t*, void*, void (*)(void*));

// Declares a reference object (everything in WASM_DECLARE_REF_BASE) plus
// casts to and from the generic wasm_ref_t.  The casts return the same
// object viewed differently (not a copy, not owned); the downcasts return
// NULL if the reference is of another kind:
//   wasm_<name>_as_ref, wasm_ref_as_<name>, and their _const variants.
#define WASM_DECLARE_REF(name) \
  WASM_DECLARE_REF_BASE(name) \
  \
  WASM_API_EXTERN wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t*); \
  WASM_API_EXTERN wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t*); \
  WASM_API_EXTERN const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t*); \
  WASM_API_EXTERN const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t*);

// Declares a reference object that can cross threads: everything in
// WASM_DECLARE_REF, the owned type `wasm_shared_<name>_t` (with _delete), and
//   own wasm_shared_<name>_t* wasm_<name>_share(const wasm_<name>_t*);
//       -- a thread-safe token for the object
//   own wasm_<name>_t* wasm_<name>_obtain(wasm_store_t*,
//                                         const wasm_shared_<name>_t*);
//       -- a handle to the object usable in the given store
#define WASM_DECLARE_SHARABLE_REF(name) \
  WASM_DECLARE_REF(name) \
  WASM_DECLARE_OWN(shared_##name) \
  \
  WASM_API_EXTERN own wasm_shared_##name##_t* wasm_##name##_share(const wasm_##name##_t*); \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_obtain(wasm_store_t*, const wasm_shared_##name##_t*);

// wasm_ref_t: a generic reference -- any reference object (function,
// foreign object, ...) seen without its specific type.  This is what
// funcref/externref values, table elements and `wasm_val_t.of.ref` hold.
WASM_DECLARE_REF_BASE(ref)


// --- Frames ----------------------------------------------------------------

// wasm_frame_t: one activation in a trap's stack trace.
// wacapi: wasmi keeps no backtrace, so the library never produces frames;
// the frame functions exist for source and link compatibility.
WASM_DECLARE_OWN(frame)

// wasm_frame_vec_t: a stack trace, innermost frame first.
WASM_DECLARE_VEC(frame, *)

// Copies a frame.
WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t*);

// The instance whose code the frame was executing (not owned).
WASM_API_EXTERN struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t*);

// Index of the executing function within its module.
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t*);

// Byte offset of the trapping instruction from the start of its function.
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t*);

// Byte offset of the trapping instruction from the start of the module.
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t*);


// --- Traps -----------------------------------------------------------------

// A trap message: a byte vector whose last byte is a NUL terminator.
typedef wasm_name_t wasm_message_t;

// wasm_trap_t: a wasm runtime error (or one raised by a host function).
WASM_DECLARE_REF(trap)

// Creates a trap carrying a copy of `message`, which should include its
// terminating NUL (see wasm_name_new_from_string_nt).
WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t*);

// Writes the trap's message, NUL-terminated, into `out`.
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t*, own wasm_message_t* out);

// The frame in which the trap occurred, or NULL if unknown.
// wacapi: wasmi keeps no backtrace, so this always returns NULL.
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t*);

// Writes the trap's stack trace into `out`.
// wacapi: wasmi keeps no backtrace, so `out` is always an empty vector.
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t*, own wasm_frame_vec_t* out);


// --- Foreign objects -------------------------------------------------------

// wasm_foreign_t: an object of the embedder's own, with no wasm content; it
// carries host info and can be passed to wasm as an externref.
WASM_DECLARE_REF(foreign)

// Creates a new foreign object in the store.
WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t*);


// --- Modules ---------------------------------------------------------------

// wasm_module_t: a validated, compiled wasm module; wasm_shared_module_t is
// its thread-safe token (wasm_module_share / wasm_module_obtain).
// wacapi: a module belongs to the engine rather than to one store, and
// shared modules may be moved to and used from other threads.
WASM_DECLARE_SHARABLE_REF(module)

// Validates and compiles a module from its binary encoding; returns NULL if
// the bytes are not a valid module.
// wacapi: only the binary format is accepted here (no text format).
WASM_API_EXTERN own wasm_module_t* wasm_module_new(
    wasm_store_t*, const wasm_byte_vec_t* binary);

// True if the bytes are a valid wasm module for this engine.
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary);

// Writes the module's imports, in declaration order, into `out`.
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t*, own wasm_importtype_vec_t* out);

// Writes the module's exports, in declaration order, into `out`.
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t*, own wasm_exporttype_vec_t* out);

// Writes a serialized form of the module into `out`.
// wacapi: the format is private to this library; feed it back only to
// wasm_module_deserialize of the same library.
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t*, own wasm_byte_vec_t* out);

// Rebuilds a module from wasm_module_serialize output; NULL if the bytes
// cannot be used.
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(wasm_store_t*, const wasm_byte_vec_t*);


// --- Function instances ----------------------------------------------------

// wasm_func_t: a function living in a store -- a wasm function exported by
// an instance, or a host function created with wasm_func_new*.
WASM_DECLARE_REF(func)

// A host function's C implementation.  `args` holds the parameters;
// `results` arrives with as many slots as the function has results, which
// the callback fills in.  Return NULL on success, or an owned trap (passed
// to the runtime) to abort the call with that trap.
typedef own wasm_trap_t* (*wasm_func_callback_t)(
    const wasm_val_vec_t* args, own wasm_val_vec_t* results);

// Same as wasm_func_callback_t, with the `env` pointer given to
// wasm_func_new_with_env passed as the first argument.
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(
    void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results);

// Creates a host function of the given type (copied) in the store.
WASM_API_EXTERN own wasm_func_t* wasm_func_new(
    wasm_store_t*, const wasm_functype_t*, wasm_func_callback_t);

// Creates a host function whose callback receives `env`.  `finalizer`
// (may be NULL) is called with `env` when the function is destroyed.
// wacapi: that happens when the store is deleted.
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(
    wasm_store_t*, const wasm_functype_t* type, wasm_func_callback_with_env_t,
    void* env, void (*finalizer)(void*));

// Returns a new copy of the function's type.
WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t*);

// Number of parameters the function takes.
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t*);

// Number of results the function returns.
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t*);

// Calls the function.  `args` must match the parameter types; `results`
// must already have one slot per result and is filled in on success.
// Returns NULL on success, otherwise an owned trap.
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(
    const wasm_func_t*, const wasm_val_vec_t* args, wasm_val_vec_t* results);


// --- Global instances ------------------------------------------------------

// wasm_global_t: a global variable living in a store.
WASM_DECLARE_REF(global)

// Creates a global of the given type (copied) with an initial value (copied).
WASM_API_EXTERN own wasm_global_t* wasm_global_new(
    wasm_store_t*, const wasm_globaltype_t*, const wasm_val_t*);

// Returns a new copy of the global's type.
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t*);

// Reads the current value into `out` (a reference value is owned by the
// caller).
WASM_API_EXTERN void wasm_global_get(const wasm_global_t*, own wasm_val_t* out);

// Writes a new value (copied); the global must be mutable and the value of
// its content type.
WASM_API_EXTERN void wasm_global_set(wasm_global_t*, const wasm_val_t*);


// --- Table instances -------------------------------------------------------

// wasm_table_t: a table of references living in a store.
WASM_DECLARE_REF(table)

// A table size or index, in elements.
typedef uint32_t wasm_table_size_t;

// Creates a table of the given type with every slot set to `init` (which
// may be NULL for the null reference; it is borrowed).
WASM_API_EXTERN own wasm_table_t* wasm_table_new(
    wasm_store_t*, const wasm_tabletype_t*, wasm_ref_t* init);

// Returns a new copy of the table's type.
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t*);

// The reference in slot `index`; NULL for a null reference or an index
// out of bounds.
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t*, wasm_table_size_t index);

// Stores a reference (borrowed; NULL for null) in slot `index`; false if
// the index is out of bounds or the reference has the wrong type.
WASM_API_EXTERN bool wasm_table_set(wasm_table_t*, wasm_table_size_t index, wasm_ref_t*);

// The current number of elements.
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t*);

// Adds `delta` slots set to `init` (borrowed; NULL for null); false if that
// would exceed the table's maximum.
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t*, wasm_table_size_t delta, wasm_ref_t* init);


// --- Memory instances ------------------------------------------------------

// wasm_memory_t: a linear memory living in a store.
WASM_DECLARE_REF(memory)

// A memory size, in 64 KiB pages.
typedef uint32_t wasm_memory_pages_t;

// Bytes per wasm page.
static const size_t MEMORY_PAGE_SIZE = 0x10000;

// Creates a memory of the given type (copied), at its minimum size.
WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t*, const wasm_memorytype_t*);

// Returns a new copy of the memory's type.
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);

// Pointer to the first byte of the memory.  Growing the memory (from C or
// from wasm) may move it, so fetch it again after any call that can grow.
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t*);

// The memory's current size in bytes.
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t*);

// The memory's current size in pages.
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);

// Adds `delta` zeroed pages; false if that would exceed the maximum.
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t*, wasm_memory_pages_t delta);


// --- Externals -------------------------------------------------------------

// wasm_extern_t: any importable/exportable object -- a function, global,
// table or memory -- seen without its specific type.
WASM_DECLARE_REF(extern)

// wasm_extern_vec_t: a list of externals (instance imports and exports).
WASM_DECLARE_VEC(extern, *)

// Returns the kind of an external.
WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);

// Returns a new copy of the external's type.
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);

// Upcasts: view a specific object as an external (same object, not owned).

// View a function as an external.
WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
// View a global as an external.
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
// View a table as an external.
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
// View a memory as an external.
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);

// Downcasts: view an external as a specific object, or NULL if it is of
// another kind (same object, not owned).

// The function behind an external, or NULL.
WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
// The global behind an external, or NULL.
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
// The table behind an external, or NULL.
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
// The memory behind an external, or NULL.
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);

// Const-pointer versions of the upcasts above.

// View a const function as a const external.
WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t*);
// View a const global as a const external.
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t*);
// View a const table as a const external.
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t*);
// View a const memory as a const external.
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t*);

// Const-pointer versions of the downcasts above (NULL on a kind mismatch).

// The const function behind a const external, or NULL.
WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);
// The const global behind a const external, or NULL.
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t*);
// The const table behind a const external, or NULL.
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t*);
// The const memory behind a const external, or NULL.
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);


// --- Module instances ------------------------------------------------------

// wasm_instance_t: an instantiated module living in a store.
WASM_DECLARE_REF(instance)

// Instantiates a module.  `imports` supplies one external per module import,
// in the order wasm_module_imports lists them.  Runs the start function, if
// any.  On failure returns NULL and, if the last argument is not NULL,
// stores there the owned trap describing the failure (or NULL).
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(
    wasm_store_t*, const wasm_module_t*, const wasm_extern_vec_t* imports,
    own wasm_trap_t**);

// Writes the instance's exports, in the order wasm_module_exports lists
// them, into `out`.
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t*, own wasm_extern_vec_t* out);


// ===========================================================================
// Convenience helpers
// ===========================================================================

// --- Vector initialisers ---------------------------------------------------

// Initialiser for an empty (borrowed) vector: `wasm_val_vec_t v = WASM_EMPTY_VEC;`
#define WASM_EMPTY_VEC {0, NULL}

// Initialiser for a (borrowed) vector viewing a C array:
// `wasm_val_t a[2] = ...; wasm_val_vec_t v = WASM_ARRAY_VEC(a);`
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}


// --- Value type shorthands -------------------------------------------------

// New i32 value type.
static inline own wasm_valtype_t* wasm_valtype_new_i32(void) {
  return wasm_valtype_new(WASM_I32);
}

// New i64 value type.
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) {
  return wasm_valtype_new(WASM_I64);
}

// New f32 value type.
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) {
  return wasm_valtype_new(WASM_F32);
}

// New f64 value type.
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) {
  return wasm_valtype_new(WASM_F64);
}

// New externref value type.
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}

// New funcref value type.
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}


// --- Function type shorthands ----------------------------------------------
// wasm_functype_new_P_R builds a function type with P parameters and R
// results (P = 0..3, R = 0..2), taking ownership of the value types passed.

// Function type () -> ().
static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

// Function type (p) -> ().
static inline own wasm_functype_t* wasm_functype_new_1_0(
    own wasm_valtype_t* p) {
  wasm_valtype_t* in[1] = {p};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 1, in);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

// Function type (p1, p2) -> ().
static inline own wasm_functype_t* wasm_functype_new_2_0(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2) {
  wasm_valtype_t* in[2] = {p1, p2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, in);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

// Function type (p1, p2, p3) -> ().
static inline own wasm_functype_t* wasm_functype_new_3_0(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3) {
  wasm_valtype_t* in[3] = {p1, p2, p3};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, in);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

// Function type () -> (r).
static inline own wasm_functype_t* wasm_functype_new_0_1(
    own wasm_valtype_t* r) {
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}

// Function type (p) -> (r).
static inline own wasm_functype_t* wasm_functype_new_1_1(
    own wasm_valtype_t* p, own wasm_valtype_t* r) {
  wasm_valtype_t* in[1] = {p};
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 1, in);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}

// Function type (p1, p2) -> (r).
static inline own wasm_functype_t* wasm_functype_new_2_1(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* r) {
  wasm_valtype_t* in[2] = {p1, p2};
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, in);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}

// Function type (p1, p2, p3) -> (r).
static inline own wasm_functype_t* wasm_functype_new_3_1(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3,
    own wasm_valtype_t* r) {
  wasm_valtype_t* in[3] = {p1, p2, p3};
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, in);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}

// Function type () -> (r1, r2).
static inline own wasm_functype_t* wasm_functype_new_0_2(
    own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}

// Function type (p) -> (r1, r2).
static inline own wasm_functype_t* wasm_functype_new_1_2(
    own wasm_valtype_t* p, own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* in[1] = {p};
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 1, in);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}

// Function type (p1, p2) -> (r1, r2).
static inline own wasm_functype_t* wasm_functype_new_2_2(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2,
    own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* in[2] = {p1, p2};
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, in);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}

// Function type (p1, p2, p3) -> (r1, r2).
static inline own wasm_functype_t* wasm_functype_new_3_2(
    own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3,
    own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* in[3] = {p1, p2, p3};
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, in);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}


// --- Value shorthands ------------------------------------------------------

// Stores a host pointer in a value, as an i32 on 32-bit targets and as an
// i64 on 64-bit targets.
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (intptr_t)p;
#elif UINTPTR_MAX == UINT64_MAX
  out->kind = WASM_I64;
  out->of.i64 = (intptr_t)p;
#endif
}

// Recovers a host pointer stored with wasm_val_init_ptr.
static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#elif UINTPTR_MAX == UINT64_MAX
  return (void*)(intptr_t)val->of.i64;
#endif
}

// Initialiser for an i32 wasm_val_t: `wasm_val_t v = WASM_I32_VAL(7);`
#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}

// Initialiser for an i64 wasm_val_t.
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}

// Initialiser for an f32 wasm_val_t.
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}

// Initialiser for an f64 wasm_val_t.
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}

// Initialiser for a reference wasm_val_t holding `r` (kind externref).
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}

// Initialiser for a placeholder value (a null externref), e.g. for result
// slots that a call will overwrite.
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}


// ===========================================================================

// `own` was only documentation; do not leak it into user code.
#undef own

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // WASM_H
