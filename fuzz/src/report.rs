//! What one run of a module observably did, in terms neither API owns.
//!
//! The wacapi driver and the raw-wasmi reference both produce a [`Report`]; the differential
//! target compares the two with `==`. Everything in it is plain data: value bits (floats as
//! their exact bit patterns), null-ness of references, trap kinds rather than trap texts.

/// A value type, the same for wasm.h's `wasm_valkind_t` and wasmi's `ValType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// i32.
    I32,
    /// i64.
    I64,
    /// f32.
    F32,
    /// f64.
    F64,
    /// externref.
    ExternRef,
    /// funcref.
    FuncRef,
}

impl Kind {
    /// True for the two reference kinds.
    pub fn is_ref(self) -> bool {
        matches!(self, Kind::ExternRef | Kind::FuncRef)
    }
}

/// The type of an import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternDesc {
    /// A function type.
    Func {
        /// Parameter kinds.
        params: Vec<Kind>,
        /// Result kinds.
        results: Vec<Kind>,
    },
    /// A global type.
    Global {
        /// Content kind.
        content: Kind,
        /// `WASM_VAR`.
        mutable: bool,
    },
    /// A table type.
    Table {
        /// Element kind.
        elem: Kind,
        /// Minimum elements.
        min: u32,
        /// Maximum elements, if any.
        max: Option<u32>,
    },
    /// A memory type.
    Memory {
        /// Minimum pages.
        min: u32,
        /// Maximum pages, if any.
        max: Option<u32>,
    },
}

/// An import: module name, field name, type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDesc {
    /// Module name bytes.
    pub module: Vec<u8>,
    /// Field name bytes.
    pub name: Vec<u8>,
    /// Expected type.
    pub ty: ExternDesc,
}

/// An export: name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportDesc {
    /// Name bytes.
    pub name: Vec<u8>,
    /// Type.
    pub ty: ExternDesc,
}

/// A value as observed: exact bits for numbers, null-ness for references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// i32 bits.
    I32(u32),
    /// i64 bits.
    I64(u64),
    /// f32 bits (NaN payloads included: no canonicalisation).
    F32(u32),
    /// f64 bits.
    F64(u64),
    /// An externref; `true` when null.
    ExternRef(bool),
    /// A funcref; `true` when null.
    FuncRef(bool),
}

impl Value {
    /// The zero (or null) value of `kind`.
    pub fn zero(kind: Kind) -> Self {
        match kind {
            Kind::I32 => Value::I32(0),
            Kind::I64 => Value::I64(0),
            Kind::F32 => Value::F32(0),
            Kind::F64 => Value::F64(0),
            Kind::ExternRef => Value::ExternRef(true),
            Kind::FuncRef => Value::FuncRef(true),
        }
    }

    /// The kind of this value.
    pub fn kind(self) -> Kind {
        match self {
            Value::I32(_) => Kind::I32,
            Value::I64(_) => Kind::I64,
            Value::F32(_) => Kind::F32,
            Value::F64(_) => Kind::F64,
            Value::ExternRef(_) => Kind::ExternRef,
            Value::FuncRef(_) => Kind::FuncRef,
        }
    }

    /// The value's bits folded into 64 (references: 1 when non-null), for host stubs.
    pub fn fold(self) -> u64 {
        match self {
            Value::I32(v) | Value::F32(v) => u64::from(v),
            Value::I64(v) | Value::F64(v) => v,
            Value::ExternRef(null) | Value::FuncRef(null) => u64::from(!null),
        }
    }
}

/// How a call or a start function trapped, independent of message wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable` executed.
    Unreachable,
    /// Memory access out of bounds.
    MemoryOutOfBounds,
    /// Table access out of bounds.
    TableOutOfBounds,
    /// `call_indirect` to a null element.
    IndirectCallToNull,
    /// Integer division by zero.
    DivisionByZero,
    /// Integer overflow (`i32.div_s` of MIN by -1).
    IntegerOverflow,
    /// Float-to-int conversion of NaN or out of range.
    BadConversion,
    /// Call stack exhausted.
    StackOverflow,
    /// `call_indirect` signature mismatch.
    BadSignature,
    /// Fuel used up.
    OutOfFuel,
    /// A growth refused by a limiter.
    GrowthLimited,
    /// The host ran out of memory.
    OutOfSystemMemory,
    /// Anything else (host errors, API misuse): compared only as "some other trap".
    Other,
}

impl TrapKind {
    /// Classifies a wacapi trap message (without its NUL) by the engine texts it carries.
    pub fn from_message(text: &str) -> Self {
        match text {
            "wasm `unreachable` instruction executed" => TrapKind::Unreachable,
            "out of bounds memory access" => TrapKind::MemoryOutOfBounds,
            "undefined element: out of bounds table access" => TrapKind::TableOutOfBounds,
            "uninitialized element" | "uninitialized element 2" => TrapKind::IndirectCallToNull,
            "integer divide by zero" => TrapKind::DivisionByZero,
            "integer overflow" => TrapKind::IntegerOverflow,
            "invalid conversion to integer" => TrapKind::BadConversion,
            "call stack exhausted" => TrapKind::StackOverflow,
            "indirect call type mismatch" => TrapKind::BadSignature,
            "all fuel consumed by WebAssembly" => TrapKind::OutOfFuel,
            "growth operation limited" => TrapKind::GrowthLimited,
            "out of system memory" => TrapKind::OutOfSystemMemory,
            _ => TrapKind::Other,
        }
    }
}

/// What `wasm_instance_new` (or `Instance::new`) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instantiation {
    /// An instance was made.
    Ok,
    /// The start function trapped.
    Trapped(TrapKind),
    /// Linking or a resource limit failed (no trap).
    Failed,
    /// The driver did not try (a table too large to allocate safely, see `limits`).
    Skipped,
}

/// What one export call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOutcome {
    /// Returned these results.
    Returned(Vec<Value>),
    /// Trapped.
    Trapped(TrapKind),
}

/// The observable state of one export after all calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportState {
    /// A function (its type is in the export list).
    Func,
    /// A global's current value.
    Global(Value),
    /// A table's size and the null-ness of its first elements.
    Table {
        /// Current size.
        size: u32,
        /// `true` for each null element among the first [`crate::limits::TABLE_PEEK`].
        nulls: Vec<bool>,
    },
    /// A memory's size and a hash of its bytes.
    Memory {
        /// Current size in pages.
        pages: u32,
        /// [`fingerprint`] of the contents.
        hash: u64,
    },
}

/// Everything one run observed; equal reports mean equal behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The module's imports, in declaration order.
    pub imports: Vec<ImportDesc>,
    /// The module's exports, in declaration order.
    pub exports: Vec<ExportDesc>,
    /// How instantiation went (`None` when the module was not valid).
    pub instantiation: Option<Instantiation>,
    /// Each call made: index into `exports`, and what happened.
    pub calls: Vec<(usize, CallOutcome)>,
    /// Each export's state after the calls (empty without an instance).
    pub state: Vec<ExportState>,
}

/// FNV-1a, the seed of a host stub from its import name (see `plan::name_seed`).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A fingerprint of a memory's bytes, 8 bytes per step.
///
/// Memories are hashed after every run (up to 4 MiB each); byte-wise FNV-1a took a third of
/// the wasm-smith targets' time under coverage instrumentation, so this mixes whole words.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("8-byte chunk"));
        h = (h ^ w).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    }
    for b in words.remainder() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}
