//! The skip list (`tests/spec/skip.txt`): testsuite cases that cannot pass, each with why.
//!
//! One entry a line, `<path>[:<line>] <reason>`: a file (`wasm-v2/memory.wast`), every file
//! of a directory (`proposals/simd/*`), or the command at one line of a file. Entries are
//! checked both ways: a listed case that passes, or an entry that matches nothing, fails the
//! run, so the list stays exact.

use std::cell::RefCell;
use std::collections::HashSet;

/// The parsed skip list, remembering which entries were used.
#[derive(Debug)]
pub struct SkipList {
    entries: Vec<(String, String)>,
    used: RefCell<HashSet<usize>>,
}

/// The skip list of this crate.
pub const SKIP_TXT: &str = include_str!("../skip.txt");

impl SkipList {
    /// Parses a skip list; panics on an entry without a reason.
    pub fn parse(text: &str) -> Self {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            assert!(
                !reason.trim().is_empty(),
                "skip.txt line {}: {key} has no reason",
                n + 1
            );
            entries.push((key.to_string(), reason.trim().to_string()));
        }
        SkipList {
            entries,
            used: RefCell::new(HashSet::new()),
        }
    }

    /// The list of this crate (skip.txt).
    pub fn ours() -> Self {
        Self::parse(SKIP_TXT)
    }

    fn find(&self, pred: impl Fn(&str) -> bool) -> bool {
        match self.entries.iter().position(|(k, _)| pred(k)) {
            Some(i) => {
                self.used.borrow_mut().insert(i);
                true
            }
            None => false,
        }
    }

    /// True when the whole file at `path` is skipped.
    pub fn file(&self, path: &str) -> bool {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        self.find(|k| k == path || k.strip_suffix("/*") == Some(dir))
    }

    /// True when the command at `line` of `path` is skipped.
    pub fn line(&self, path: &str, line: usize) -> bool {
        let key = format!("{path}:{line}");
        self.find(|k| k == key)
    }

    /// The reason the command at `line` of `path` is skipped, if it is (for the JSON export,
    /// whose consumers skip the same commands).
    pub fn line_reason(&self, path: &str, line: usize) -> Option<&str> {
        let key = format!("{path}:{line}");
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| r.as_str())
    }

    /// Entries under `group` that matched nothing.
    pub fn unused_in(&self, group: &str) -> Vec<String> {
        let used = self.used.borrow();
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, (k, _))| {
                !used.contains(i) && k.strip_prefix(group).is_some_and(|r| r.starts_with('/'))
            })
            .map(|(_, (k, r))| format!("{k} ({r})"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_match_files_directories_and_lines() {
        let list = SkipList::parse(
            "# comment\nwasm-v2/a.wast  why\nproposals/x/*  all of x\nwasm-v2/b.wast:7  one\n\
             wasm-v2/never.wast  stale\n",
        );
        assert!(list.file("wasm-v2/a.wast"));
        assert!(list.file("proposals/x/any.wast"));
        assert!(!list.file("wasm-v2/b.wast"));
        assert!(list.line("wasm-v2/b.wast", 7));
        assert!(!list.line("wasm-v2/b.wast", 8));
        assert_eq!(list.line_reason("wasm-v2/b.wast", 7), Some("one"));
        assert_eq!(list.unused_in("wasm-v2"), ["wasm-v2/never.wast (stale)"]);
        assert!(list.unused_in("proposals/x").is_empty());
    }

    #[test]
    #[should_panic(expected = "has no reason")]
    fn an_entry_needs_a_reason() {
        SkipList::parse("wasm-v2/a.wast\n");
    }

    #[test]
    fn our_list_parses() {
        assert!(!SkipList::ours().entries.is_empty());
    }
}
