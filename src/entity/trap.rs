//! The shared data of a trap (message, exit status, host info), and the host error that carries
//! a host callback's trap through wasmi. The `wasm_trap_t` functions are in src/trap.rs.

use crate::host_info::SharedHostInfo;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The shared data of a trap; host info lives here (finalized with the last handle).
pub(crate) struct TrapData {
    pub(crate) id: u64,
    /// The message exactly as `wasm_trap_message` reports it.
    pub(crate) message: Vec<u8>,
    /// The exit status of a WASI `proc_exit`, if this trap is one.
    pub(crate) exit_code: Option<i32>,
    pub(crate) host_info: SharedHostInfo,
    /// Whether a host callback returned this to ask for its call to be suspended
    /// (`wacapi_trap_new_suspend`); other calls see it as an ordinary trap.
    pub(crate) suspend: bool,
}

static NEXT_TRAP_ID: AtomicU64 = AtomicU64::new(1);

impl TrapData {
    /// A trap with these exact message bytes.
    pub(crate) fn new(message: Vec<u8>, exit_code: Option<i32>) -> Arc<Self> {
        Arc::new(Self {
            id: NEXT_TRAP_ID.fetch_add(1, Ordering::Relaxed),
            message,
            exit_code,
            host_info: SharedHostInfo::default(),
            suspend: false,
        })
    }

    /// A trap with engine-style text: the NUL is part of the message.
    pub(crate) fn from_text(text: &str, exit_code: Option<i32>) -> Arc<Self> {
        let mut message = text.trim_end().as_bytes().to_vec();
        message.push(0);
        Self::new(message, exit_code)
    }

    /// The trap for a wasmi error: a trap a host callback returned comes back unchanged.
    pub(crate) fn from_error(err: wasmi::Error) -> Arc<Self> {
        Self::from_error_ref(&err)
    }

    /// [`TrapData::from_error`] for an error that stays with its owner (a typed paused call
    /// only lends its host error).
    pub(crate) fn from_error_ref(err: &wasmi::Error) -> Arc<Self> {
        if let Some(host) = err.downcast_ref::<HostTrap>() {
            return host.0.clone();
        }
        let exit = err.i32_exit_status();
        let text = match err.as_trap_code() {
            // wasmi 2.0 appends a stray " 2" to this one message (marked as a TODO upstream).
            Some(wasmi::TrapCode::IndirectCallToNull) => "uninitialized element".to_string(),
            Some(code) => code.trap_message().to_string(),
            None => match exit {
                Some(code) => format!("exit with status {code}"),
                None => err.to_string(),
            },
        };
        Self::from_text(&text, exit)
    }
}

/// A trap returned by a host callback, carried through wasmi as a host error.
#[derive(Debug)]
pub(crate) struct HostTrap(pub(crate) Arc<TrapData>);

impl std::fmt::Display for HostTrap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = String::from_utf8_lossy(&self.0.message);
        f.write_str(text.trim_end_matches('\0'))
    }
}
impl std::fmt::Debug for TrapData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TrapData({})", String::from_utf8_lossy(&self.message))
    }
}
impl wasmi::errors::HostError for HostTrap {}
