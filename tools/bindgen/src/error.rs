//! The one error type of the tool.
//!
//! Every failure is reported as text a person can act on: which declaration, in which header, on
//! which line, and why it cannot be translated.  The tool never skips a construct silently, so
//! each lowering step that meets something it does not understand returns one of these.

use std::fmt;

use crate::model::Loc;

/// A failure of one pipeline stage, with the header location when there is one.
///
/// Kept as plain text plus an optional location (rather than an enum of kinds) because the only
/// consumer is a person reading the message; tests match on the message text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where the offending declaration starts, when the failure is tied to one.
    pub loc: Option<Loc>,
    /// What went wrong, naming the declaration.
    pub message: String,
}

impl Error {
    /// An error not tied to a header location (command line, I/O, preprocessor).
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            loc: None,
            message: message.into(),
        }
    }

    /// An error about the declaration at `loc`.
    pub fn at(loc: &Loc, message: impl Into<String>) -> Self {
        Error {
            loc: Some(loc.clone()),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.loc {
            Some(loc) => write!(f, "{}:{}: {}", loc.header, loc.line, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// The result type of every fallible step of the tool.
pub type Result<T> = std::result::Result<T, Error>;
