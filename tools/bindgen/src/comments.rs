//! The comment pass: documentation taken from the raw header text.
//!
//! Comments do not survive preprocessing, so they are not in lang-c's tree.  Instead each named
//! header is read as text, and a declaration's documentation is the block of `//` lines directly
//! above the line where it starts — which, for a declaration produced by a macro, is the line of
//! the macro invocation, exactly where include/wasm.h puts its comments.

/// The raw lines of one header, for looking up comments.
pub struct HeaderText {
    lines: Vec<String>,
}

impl HeaderText {
    /// Wraps a header's text.
    pub fn new(text: &str) -> Self {
        HeaderText {
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    /// The one-line summary of the `//` block directly above 1-based `line`, if there is one.
    ///
    /// The summary is the block's first paragraph (up to an empty `//` line, so cbindgen's
    /// `# Safety` sections stay out), joined into one line.  Lines between the block and the
    /// declaration that hold nothing but an all-caps macro name (`WASM_API_EXTERN` on a line of
    /// its own) are looked through, since they belong to the declaration.
    pub fn doc_above(&self, line: usize) -> Option<String> {
        let block = self.raw_block_above(line)?;
        let mut words = Vec::new();
        for text in block {
            let text = text.trim();
            if text.is_empty() {
                if words.is_empty() {
                    continue;
                }
                break;
            }
            words.extend(text.split_whitespace());
        }
        if words.is_empty() {
            None
        } else {
            Some(words.join(" "))
        }
    }

    /// The whole `//` block directly above 1-based `line`, one entry per comment line, with the
    /// `//` and one space after it removed (deeper indentation is kept, since the headers use it
    /// for lists and code), and with empty lines at either end dropped.
    ///
    /// Unlike [`doc_above`](Self::doc_above) this keeps every paragraph, cbindgen's `# Safety`
    /// sections included: it is what the C reference (`crate::emit_md`) prints.
    pub fn block_above(&self, line: usize) -> Option<Vec<String>> {
        let block = self.raw_block_above(line)?;
        let mut lines: Vec<String> = block
            .iter()
            .map(|t| t.strip_prefix(' ').unwrap_or(t).trim_end().to_owned())
            .collect();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        let first = lines.iter().position(|l| !l.is_empty())?;
        Some(lines.split_off(first))
    }

    /// The text after `//` of each line of the block above 1-based `line`, in order.
    fn raw_block_above(&self, line: usize) -> Option<Vec<&str>> {
        // 0-based index of the declaration's line.
        let mut i = line.checked_sub(1)?;
        // A line marker may claim a line past the end of the header (text that does not come
        // from this file as it is on disk): nothing is above such a line.
        if i > self.lines.len() {
            return None;
        }
        while i > 0 && is_macro_name_line(&self.lines[i - 1]) {
            i -= 1;
        }
        let mut block = Vec::new();
        while i > 0 {
            let Some(text) = self.lines[i - 1].trim_start().strip_prefix("//") else {
                break;
            };
            block.push(text);
            i -= 1;
        }
        block.reverse();
        Some(block)
    }

    /// The 1-based line `line` of the header, if it has one.
    pub fn line(&self, line: usize) -> Option<&str> {
        self.lines.get(line.checked_sub(1)?).map(String::as_str)
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True for an empty header.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// A line that is only an upper-case identifier, such as an export-decoration macro.
fn is_macro_name_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_block_directly_above() {
        let h = HeaderText::new(
            "// unrelated\n\n// Makes a thing.\n// Really.\nint make(void);\nint bare(void);\n",
        );
        assert_eq!(h.doc_above(5).as_deref(), Some("Makes a thing. Really."));
        assert_eq!(h.doc_above(6), None);
        assert_eq!(h.doc_above(1), None);
    }

    #[test]
    fn stops_at_the_first_empty_comment_line() {
        let h = HeaderText::new("// Summary here.\n//\n// # Safety\n// details\nvoid f(void);\n");
        assert_eq!(h.doc_above(5).as_deref(), Some("Summary here."));
    }

    #[test]
    fn block_above_keeps_every_paragraph_and_the_indentation() {
        let h = HeaderText::new(
            "//\n// Summary.\n//   code  -- note\n//\n// # Safety\n// details\n//\nvoid f(void);\n",
        );
        assert_eq!(
            h.block_above(8).unwrap(),
            ["Summary.", "  code  -- note", "", "# Safety", "details"]
        );
        assert_eq!(h.block_above(1), None);
        assert_eq!(h.line(8), Some("void f(void);"));
        assert_eq!((h.line(0), h.line(9), h.len()), (None, None, 8));
    }

    #[test]
    fn looks_through_a_decoration_line() {
        let h = HeaderText::new("// Doc.\nWASM_API_EXTERN\nint f(void);\n");
        assert_eq!(h.doc_above(3).as_deref(), Some("Doc."));
    }
}
