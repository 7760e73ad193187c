//! The execution-control state of a store (interrupt flag, deadline, check, fuel slices):
//! the data the store holds; src/control.rs has what reads and changes it, and the calls that
//! run in slices.

use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Fuel per slice of a new store's calls (`WACAPI_DEFAULT_FUEL_SLICE` in the header).
pub(crate) const DEFAULT_FUEL_SLICE: u64 = 1_000_000;

/// The fuel of a store whose engine meters only so that calls can be sliced.
pub(crate) const UNLIMITED: u64 = u64::MAX;

/// An embedder's interrupt check with its environment.
#[derive(Clone, Copy)]
pub(crate) struct Check {
    pub(crate) callback: unsafe extern "C" fn(*mut c_void) -> bool,
    pub(crate) env: *mut c_void,
}

/// What a store knows about stopping its calls; lives in the store, single-threaded except for
/// the interrupt flag.
pub(crate) struct Control {
    /// Set by `wacapi_interrupt` from any thread; cleared when a call ends because of it.
    pub(crate) interrupt: Arc<AtomicBool>,
    /// Whether an interrupt handle was ever made (then every call must be interruptible).
    pub(crate) watched: Cell<bool>,
    /// When calls must stop, in the time of `clock_ns` (src/control.rs).
    pub(crate) deadline: Cell<Option<u64>>,
    pub(crate) check: Cell<Option<Check>>,
    /// Fuel per slice.
    pub(crate) slice: Cell<u64>,
    /// Resumable calls pause after this much fuel (0: only when the store's fuel runs out).
    pub(crate) yield_fuel: Cell<u64>,
    /// Fuel of the store not handed to wasmi (see the module comment).
    pub(crate) reserve: Cell<u64>,
    /// Whether calls run in slices now; kept up to date by every setter, so the call path
    /// reads one flag. Invariant: when false, `reserve` is 0.
    pub(crate) active: Cell<bool>,
    /// Whether the engine meters fuel (without it nothing can be sliced).
    pub(crate) metered: bool,
    /// Whether the embedder asked for fuel accounting (`wacapi_config_consume_fuel`).
    pub(crate) user_fuel: bool,
}

impl Control {
    /// The control of a new store; `metered` and `user_fuel` come from the engine.
    pub(crate) fn new(metered: bool, user_fuel: bool) -> Self {
        Self {
            interrupt: Arc::new(AtomicBool::new(false)),
            watched: Cell::new(false),
            deadline: Cell::new(None),
            check: Cell::new(None),
            slice: Cell::new(DEFAULT_FUEL_SLICE),
            yield_fuel: Cell::new(0),
            reserve: Cell::new(0),
            active: Cell::new(false),
            metered,
            user_fuel,
        }
    }

    /// The fuel wasmi starts with in a new store: none if the embedder accounts fuel (its
    /// first call traps until it sets some), unlimited if metering is only for slicing.
    pub(crate) fn initial_fuel(&self) -> Option<u64> {
        (self.metered && !self.user_fuel).then_some(UNLIMITED)
    }
}
