//! The C reference: one Markdown page per header, printed from the model and the header's text.
//!
//! The page follows the header: its opening comment, then its sections (`// ===` banners with a
//! title between them, and `// --- Title ---` subsections, as include/wasm.h has them) with
//! every declaration in header order.  Each entry gives the declaration as C and its whole
//! comment block (all paragraphs, cbindgen's `# Safety` sections included; the Python binding
//! only takes the first paragraph).
//!
//! What an entry shows:
//! - a declaration written out in the header (function, struct, enum, typedef, constant): its
//!   text as the header spells it, so `own`, parameter names and layout stay as written;
//! - a macro invocation that declares things (`WASM_DECLARE_VEC(byte, )`): the invocation,
//!   its comment, and each declaration it expands to, printed from the model (the header has
//!   no text for them);
//! - a `static inline` helper: its prototype, marked as defined in the header (no library
//!   symbol);
//! - a `#define` macro: its definition(s).
//!
//! A header without section banners (include/wacapi.h, which cbindgen writes) gets a "Types"
//! section and one section per `prefix_word_` family of functions (`wacapi_linker_*`, ...), in
//! the order the families first appear.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use crate::comments::HeaderText;
use crate::model::{Api, Field, Item, ItemKind, RecordKind, Signature, Type};

/// Renders the reference page of `header` (a file name of `api.headers`), whose raw text is
/// `text`.
pub fn emit(api: &Api, header: &str, text: &HeaderText) -> String {
    let entries = entries(api, header, text);
    let sections = sections(text);
    let mut out = String::new();
    let _ = writeln!(out, "# `{header}`\n");
    let intro = opening_comment(text);
    if !intro.is_empty() {
        out.push_str(&comment_markdown(&intro));
        out.push('\n');
    }
    let functions = entries
        .iter()
        .flat_map(|e| &e.items)
        .filter(|i| matches!(i.kind, ItemKind::Function(_)))
        .count();
    let _ = writeln!(
        out,
        "{functions} library functions; every declaration with its comment, in header order.\n"
    );

    let groups = if sections.is_empty() {
        family_groups(&entries)
    } else {
        banner_groups(&entries, &sections)
    };
    // Contents.
    out.push_str("## Contents\n\n");
    for g in &groups {
        if let Some(title) = &g.title {
            let indent = if g.level == 3 { "  " } else { "" };
            let _ = writeln!(out, "{indent}- [{}](#{})", escape(title), slug(title));
        }
    }
    out.push('\n');
    for g in &groups {
        if let Some(title) = &g.title {
            let hashes = "#".repeat(g.level);
            let _ = writeln!(
                out,
                "<a id=\"{}\"></a>\n\n{hashes} {}\n",
                slug(title),
                escape(title)
            );
        }
        for e in &g.entries {
            render_entry(&mut out, api, e);
        }
    }
    out
}

/// One entry of the page: the declarations of one statement of the header.
struct Entry<'a> {
    /// 1-based line of the statement.
    line: usize,
    /// What the statement is.
    kind: EntryKind,
    /// The model's items it declares, in model order (empty for macros and inline helpers).
    items: Vec<&'a Item>,
    /// Its comment block.
    doc: Option<Vec<String>>,
}

enum EntryKind {
    /// A declaration written out in the header: its text.
    Source(String),
    /// A macro invocation declaring the items: the invocation.
    Expansion(String),
    /// A `static inline` function of the header: its name and prototype.
    Inline(String, String),
    /// A run of `#define`s: the macros' names and the definitions' text.
    Macro(Vec<String>, String),
}

impl Entry<'_> {
    /// The names this entry gives anchors to.
    fn names(&self) -> Vec<String> {
        match &self.kind {
            EntryKind::Inline(name, _) => vec![name.clone()],
            EntryKind::Macro(names, _) => names.clone(),
            _ => self
                .items
                .iter()
                .filter(|i| shown(i))
                .map(|i| i.name.clone())
                .collect(),
        }
    }

    /// The heading of the entry.
    fn title(&self) -> String {
        match &self.kind {
            EntryKind::Inline(name, _) => name.clone(),
            EntryKind::Macro(names, _) => names.join(", "),
            EntryKind::Expansion(call) => call.clone(),
            EntryKind::Source(_) => {
                let names = self.names();
                // An enum's constants are not worth a heading each: the enum's name is.
                names.first().cloned().unwrap_or_default()
            }
        }
    }
}

/// Items worth an entry or anchor: not the tool's synthesized callback names.
fn shown(item: &Item) -> bool {
    !matches!(
        item.kind,
        ItemKind::Callback {
            synthesized: true,
            ..
        }
    )
}

/// The header's entries in line order.
fn entries<'a>(api: &'a Api, header: &str, text: &HeaderText) -> Vec<Entry<'a>> {
    let mut by_line: BTreeMap<usize, Vec<&Item>> = BTreeMap::new();
    for item in api.items.iter().filter(|i| i.loc.header == header) {
        if !shown(item) {
            continue;
        }
        by_line.entry(item.loc.line).or_default().push(item);
    }
    let mut out: Vec<Entry> = Vec::new();
    // Lines a written-out statement spans: a nested record's line falls inside its parent's.
    let mut covered_until = 0;
    for (line, items) in by_line {
        if line <= covered_until {
            continue;
        }
        let first = text.line(line).unwrap_or("").trim();
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        let kind = if is_invocation(first) && !names.iter().any(|n| contains_word(first, n)) {
            EntryKind::Expansion(first.to_owned())
        } else {
            let (stmt, last) = statement(text, line);
            covered_until = last;
            EntryKind::Source(stmt)
        };
        out.push(Entry {
            line,
            kind,
            items,
            doc: text.block_above(line),
        });
    }
    for skipped in api.skipped.iter().filter(|s| s.loc.header == header) {
        let (proto, _) = prototype(text, skipped.loc.line);
        out.push(Entry {
            line: skipped.loc.line,
            kind: EntryKind::Inline(skipped.name.clone(), proto),
            items: Vec::new(),
            doc: text.block_above(skipped.loc.line),
        });
    }
    for (names, line, defs) in macros(text) {
        out.push(Entry {
            line,
            kind: EntryKind::Macro(names, defs),
            items: Vec::new(),
            doc: macro_doc(text, line),
        });
    }
    out.sort_by_key(|e| e.line);
    out
}

/// A line that is a macro invocation: `NAME(...)` with an upper-case name, nothing after it.
fn is_invocation(line: &str) -> bool {
    let Some(open) = line.find('(') else {
        return false;
    };
    let name = &line[..open];
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && line.ends_with(')')
}

/// Whether `word` occurs in `text` as a whole identifier.
fn contains_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// The statement starting at 1-based `line`: up to the `;` that ends it outside braces, with
/// comments dropped and `WASM_API_EXTERN` decorations left out.  Also returns its last line.
fn statement(text: &HeaderText, line: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut n = line;
    while let Some(raw) = text.line(n) {
        let code = raw.split("//").next().unwrap_or("").trim_end();
        let mut done = false;
        for c in code.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ';' if depth <= 0 => done = true,
                _ => {}
            }
        }
        let code = code.replace("WASM_API_EXTERN ", "");
        if !(code.trim().is_empty() && out.is_empty()) {
            out.push(code);
        }
        if done || n - line > 200 {
            break;
        }
        n += 1;
    }
    (dedent(&out).join("\n"), n)
}

/// The prototype of the function defined at 1-based `line`: its text up to the body's `{`.
fn prototype(text: &HeaderText, line: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut n = line;
    while let Some(raw) = text.line(n) {
        let code = raw.split("//").next().unwrap_or("").trim_end();
        if let Some(brace) = code.find('{') {
            let head = code[..brace].trim_end();
            if !head.is_empty() {
                out.push(head.to_owned());
            }
            break;
        }
        out.push(code.to_owned());
        if n - line > 50 {
            break;
        }
        n += 1;
    }
    let mut proto = dedent(&out).join("\n");
    proto.push(';');
    (proto, n)
}

/// Removes the indentation the lines share.
fn dedent(lines: &[String]) -> Vec<String> {
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or("").to_owned())
        .collect()
}

/// The header's `#define`s that are part of its surface: `(names, first line, text)` per run.
///
/// Left out: the include guard, names ending in `_` (private helpers by convention).  A macro
/// defined several times (once per `#if` branch) is one entry with every definition.  Defines
/// on consecutive lines, or with only comment lines between them (the `wasm_name_*` aliases),
/// are one entry, the comments kept in its text.
fn macros(text: &HeaderText) -> Vec<(Vec<String>, usize, String)> {
    /// Defines shown as one entry.
    struct Run {
        names: Vec<String>,
        first: usize,
        last: usize,
        lines: Vec<String>,
        /// `#if` lines above the first definition, to be closed after the last one.
        opened: usize,
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut guard: Option<String> = None;
    let mut n = 1;
    while n <= text.len() {
        let line = text.line(n).unwrap_or("");
        let t = line.trim_start();
        if let Some(rest) = directive(t, "ifndef") {
            if guard.is_none() && runs.is_empty() {
                guard = Some(rest.split_whitespace().next().unwrap_or("").to_owned());
            }
            n += 1;
            continue;
        }
        let Some(rest) = directive(t, "define") else {
            n += 1;
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // The definition with its continuation lines.
        let mut def = vec![line.trim_end().to_owned()];
        let mut m = n;
        while def.last().is_some_and(|l| l.ends_with('\\')) {
            m += 1;
            match text.line(m) {
                Some(next) => def.push(next.trim_end().to_owned()),
                None => break,
            }
        }
        if name.is_empty() || name.ends_with('_') || guard.as_deref() == Some(name.as_str()) {
            n = m + 1;
            continue;
        }
        let only_comments_since = |last: usize| {
            (last + 1..n).all(|k| {
                text.line(k)
                    .is_some_and(|l| l.trim_start().starts_with("//"))
            })
        };
        if let Some(run) = runs.iter_mut().find(|r| r.names.contains(&name)) {
            // Another branch's definition of the same macro, with the `#else` between.
            for k in run.last + 1..n {
                let between = text.line(k).unwrap_or("").trim_end();
                if is_conditional(between) {
                    run.lines.push(between.to_owned());
                }
            }
            run.lines.extend(def);
            run.last = m;
        } else if let Some(run) = runs
            .last_mut()
            .filter(|r| r.opened == 0 && only_comments_since(r.last))
        {
            for k in run.last + 1..n {
                run.lines
                    .push(text.line(k).unwrap_or("").trim_end().to_owned());
            }
            run.names.push(name);
            run.lines.extend(def);
            run.last = m;
        } else {
            // A definition chosen by `#if`s is shown inside them.
            let mut lines = Vec::new();
            let mut k = n;
            while let Some(above) = k.checked_sub(1).and_then(|a| text.line(a)) {
                if !is_conditional(above) || directive(above.trim_start(), "endif").is_some() {
                    break;
                }
                lines.push(above.trim_end().to_owned());
                k -= 1;
            }
            lines.reverse();
            let opened = lines.len();
            lines.extend(def);
            runs.push(Run {
                names: vec![name],
                first: n,
                last: m,
                lines,
                opened,
            });
        }
        n = m + 1;
    }
    runs.into_iter()
        .map(|mut run| {
            // Close the `#if`s the run was opened inside.
            for k in run.last + 1..=run.last + run.opened {
                match text.line(k) {
                    Some(l) if l.trim().starts_with('#') && l.contains("endif") => {
                        run.lines.push(l.trim_end().to_owned());
                    }
                    _ => break,
                }
            }
            (run.names, run.first, run.lines.join("\n"))
        })
        .collect()
}

/// A preprocessor conditional line: `#if`, `#ifdef`, `#ifndef`, `#elif`, `#else`, `#endif`.
fn is_conditional(line: &str) -> bool {
    let t = line.trim();
    ["if", "ifdef", "ifndef", "elif", "else", "endif"]
        .iter()
        .any(|w| directive(t, w).is_some() || t == format!("#{w}"))
}

/// The comment of the `#define` at 1-based `line`, looking up through the `#if` lines that
/// choose between its definitions (as for `WASM_API_EXTERN`).
fn macro_doc(text: &HeaderText, line: usize) -> Option<Vec<String>> {
    let mut n = line;
    loop {
        if let Some(doc) = text.block_above(n) {
            return Some(doc);
        }
        let above = text.line(n.checked_sub(1)?)?;
        if !is_conditional(above) {
            return None;
        }
        n -= 1;
    }
}

/// The rest of a preprocessor line `# word rest`, if it is that directive.
fn directive<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let rest = line.strip_prefix('#')?.trim_start().strip_prefix(word)?;
    if rest.starts_with(|c: char| c.is_whitespace()) {
        Some(rest.trim_start())
    } else {
        None
    }
}

/// The first comment block of the header (before any code), as block lines.
fn opening_comment(text: &HeaderText) -> Vec<String> {
    let mut lines = Vec::new();
    for n in 1..=text.len() {
        let Some(rest) = text.line(n).unwrap_or("").trim_start().strip_prefix("//") else {
            break;
        };
        lines.push(rest.strip_prefix(' ').unwrap_or(rest).trim_end().to_owned());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// A section heading of the header: its line, level (2 for a banner, 3 for `--- x ---`), title.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Section {
    line: usize,
    level: usize,
    title: String,
}

/// The section headings of a header.
///
/// A banner is three comment lines: a rule of `=`, the title, a rule of `=`.  A subsection is
/// one line `// --- Title ---...`.
fn sections(text: &HeaderText) -> Vec<Section> {
    let comment = |n: usize| -> Option<&str> {
        text.line(n)
            .and_then(|l| l.trim().strip_prefix("//"))
            .map(str::trim)
    };
    let rule = |s: &str, c: char| s.len() >= 10 && s.chars().all(|x| x == c);
    let mut out = Vec::new();
    let mut n = 1;
    while n <= text.len() {
        if let Some(c) = comment(n) {
            if rule(c, '=') {
                if let (Some(title), Some(end)) = (comment(n + 1), comment(n + 2)) {
                    if !title.is_empty() && !rule(title, '=') && rule(end, '=') {
                        out.push(Section {
                            line: n,
                            level: 2,
                            title: title.to_owned(),
                        });
                        n += 3;
                        continue;
                    }
                }
            } else if let Some(rest) = c.strip_prefix("--- ") {
                let title = rest.trim_end_matches('-').trim();
                if !title.is_empty() && rest.trim_end().ends_with("---") {
                    out.push(Section {
                        line: n,
                        level: 3,
                        title: title.to_owned(),
                    });
                }
            }
        }
        n += 1;
    }
    out
}

/// Entries under one heading (`title` None for those before the first heading).
struct Group<'a, 'e> {
    title: Option<String>,
    level: usize,
    entries: Vec<&'e Entry<'a>>,
}

/// Entries grouped by the header's section banners.
fn banner_groups<'a, 'e>(entries: &'e [Entry<'a>], sections: &[Section]) -> Vec<Group<'a, 'e>> {
    let mut groups = vec![Group {
        title: None,
        level: 2,
        entries: Vec::new(),
    }];
    let mut next = 0;
    for e in entries {
        while next < sections.len() && sections[next].line < e.line {
            let s = &sections[next];
            groups.push(Group {
                title: Some(s.title.clone()),
                level: s.level,
                entries: Vec::new(),
            });
            next += 1;
        }
        groups.last_mut().unwrap().entries.push(e);
    }
    // Headings with nothing under them (or under their subsections) are dropped.
    let mut keep = vec![true; groups.len()];
    for i in 0..groups.len() {
        if !groups[i].entries.is_empty() {
            continue;
        }
        let has_children = groups[i].level == 2
            && groups[i + 1..]
                .iter()
                .take_while(|g| g.level == 3)
                .any(|g| !g.entries.is_empty());
        keep[i] = has_children;
    }
    let mut keep = keep.into_iter();
    groups.retain(|_| keep.next().unwrap_or(true));
    groups
}

/// Entries of a header without banners: "Types", macros, then one group per function family.
fn family_groups<'a, 'e>(entries: &'e [Entry<'a>]) -> Vec<Group<'a, 'e>> {
    let mut types = Vec::new();
    let mut macros = Vec::new();
    let mut families: Vec<(String, Vec<&Entry>)> = Vec::new();
    for e in entries {
        let function = e
            .items
            .iter()
            .find(|i| matches!(i.kind, ItemKind::Function(_)))
            .map(|i| i.name.clone())
            .or_else(|| match &e.kind {
                EntryKind::Inline(name, _) => Some(name.clone()),
                _ => None,
            });
        match (function, &e.kind) {
            (Some(name), _) => {
                let family = family(&name);
                match families.iter_mut().find(|(f, _)| *f == family) {
                    Some((_, list)) => list.push(e),
                    None => families.push((family, vec![e])),
                }
            }
            (None, EntryKind::Macro(..)) => macros.push(e),
            (None, _) => types.push(e),
        }
    }
    let mut groups = Vec::new();
    for (title, list) in [("Types", types), ("Macros", macros)] {
        if !list.is_empty() {
            groups.push(Group {
                title: Some(title.to_owned()),
                level: 2,
                entries: list,
            });
        }
    }
    for (family, list) in families {
        let title = match list.as_slice() {
            [only] => format!("`{}`", only.title()),
            _ => format!("`{family}*`"),
        };
        groups.push(Group {
            title: Some(title),
            level: 2,
            entries: list,
        });
    }
    groups
}

/// The family of a function name: its first two `_`-separated words (`wacapi_linker_`), or the
/// first one when there is no second (`wacapi_` for a two-word name has the name itself).
fn family(name: &str) -> String {
    let parts: Vec<&str> = name.split('_').collect();
    if parts.len() >= 3 {
        format!("{}_{}_", parts[0], parts[1])
    } else {
        name.to_owned()
    }
}

fn render_entry(out: &mut String, api: &Api, e: &Entry) {
    let names = e.names();
    let mut seen = HashSet::new();
    for name in &names {
        if seen.insert(name.as_str()) {
            let _ = write!(out, "<a id=\"{}\"></a>", slug(name));
        }
    }
    if !names.is_empty() {
        out.push('\n');
    }
    let title = e.title();
    let _ = writeln!(out, "\n#### `{title}`\n");
    match &e.kind {
        EntryKind::Source(stmt) => code_block(out, stmt),
        EntryKind::Inline(_, proto) => {
            code_block(out, proto);
            out.push_str(
                "*`static inline`: defined in the header, so it is no library symbol.*\n\n",
            );
        }
        EntryKind::Macro(_, defs) => code_block(out, defs),
        EntryKind::Expansion(_) => {
            let decls: Vec<String> = e.items.iter().map(|i| declaration(api, i)).collect();
            out.push_str("Declares:\n\n");
            code_block(out, &decls.join("\n"));
        }
    }
    if let Some(doc) = &e.doc {
        out.push_str(&comment_markdown(doc));
        out.push('\n');
    }
}

fn code_block(out: &mut String, code: &str) {
    let _ = writeln!(out, "```c\n{code}\n```\n");
}

/// An item as a C declaration, from the model alone (for what a macro expands to).
pub fn declaration(api: &Api, item: &Item) -> String {
    let name = &item.name;
    match &item.kind {
        ItemKind::Function(sig) => format!("{};", function_decl(api, name, sig)),
        ItemKind::Record(r) => {
            let word = match r.kind {
                RecordKind::Struct => "struct",
                RecordKind::Union => "union",
            };
            match &r.fields {
                None => format!("typedef {word} {name} {name};"),
                Some(fields) => {
                    let mut s = format!("typedef {word} {name} {{\n");
                    for f in fields {
                        let _ = writeln!(s, "  {};", field_decl(api, f));
                    }
                    let _ = write!(s, "}} {name};");
                    s
                }
            }
        }
        ItemKind::Enum(e) => {
            let mut s = if e.named {
                format!("enum {name} {{\n")
            } else {
                "enum {\n".to_owned()
            };
            for (c, v) in &e.constants {
                let _ = writeln!(s, "  {c} = {v},");
            }
            s.push_str("};");
            s
        }
        ItemKind::Typedef(t) => format!("typedef {};", declarator(api, t, name)),
        ItemKind::Callback { sig, .. } => {
            format!(
                "typedef {};",
                function_decl(api, &format!("(*{name})"), sig)
            )
        }
        ItemKind::Constant(c) => {
            let value = if c.hex {
                format!("{:#x}", c.value)
            } else {
                c.value.to_string()
            };
            format!("static const {} = {value};", declarator(api, &c.ty, name))
        }
    }
}

fn function_decl(api: &Api, name: &str, sig: &Signature) -> String {
    let params = if sig.params.is_empty() {
        "void".to_owned()
    } else {
        sig.params
            .iter()
            .map(|p| declarator(api, &p.ty, p.name.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    declarator(api, &sig.ret, &format!("{name}({params})"))
}

fn field_decl(api: &Api, f: &Field) -> String {
    declarator(api, &f.ty, &f.name)
}

/// `ty` declaring `name` (which may be empty, for an unnamed parameter).
fn declarator(api: &Api, ty: &Type, name: &str) -> String {
    match ty {
        Type::Array { elem, len } => declarator(api, elem, &format!("{name}[{len}]")),
        Type::Named(n) => match api.item(n).map(|i| &i.kind) {
            // A function pointer written inline in the header: spelled out again.
            Some(ItemKind::Callback {
                sig,
                synthesized: true,
            }) => function_decl(api, &format!("(*{name})"), sig),
            _ => join(n, name),
        },
        _ => join(&type_name(ty), name),
    }
}

fn join(ty: &str, name: &str) -> String {
    if name.is_empty() {
        ty.to_owned()
    } else {
        format!("{ty} {name}")
    }
}

/// A type as C spells it, without a declarator.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::Void => "void".into(),
        Type::Prim(p) => p.c_name().into(),
        Type::Named(n) | Type::Record(n) => n.clone(),
        Type::Enum { name, .. } => format!("enum {name}"),
        Type::Pointer { pointee, is_const } => {
            let inner = type_name(pointee);
            match (is_const, pointee.as_ref()) {
                (true, Type::Pointer { .. }) => format!("{inner} const*"),
                (true, _) => format!("const {inner}*"),
                (false, _) => format!("{inner}*"),
            }
        }
        Type::Array { elem, len } => format!("{}[{len}]", type_name(elem)),
    }
}

/// A comment block as Markdown.
///
/// Paragraphs stay paragraphs; `*` bullets become a list (indented lines continue an item);
/// other lines indented beyond the block's margin are code (the headers align signatures and
/// notes that way) and become a code block; cbindgen's `# Safety` heading becomes a bold
/// "Safety:".  Outside code spans, `<`, `>` and `*` are escaped so that `wasm_<name>_t` and
/// `wasm_X_t*` print as written.
pub fn comment_markdown(lines: &[String]) -> String {
    let mut out = String::new();
    let mut code: Vec<&str> = Vec::new();
    let mut in_item = false;
    let flush_code = |out: &mut String, code: &mut Vec<&str>| {
        if !code.is_empty() {
            let _ = writeln!(out, "\n```\n{}\n```\n", dedent_str(code).join("\n"));
            code.clear();
        }
    };
    for line in lines {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if t.is_empty() {
            flush_code(&mut out, &mut code);
            in_item = false;
            out.push('\n');
            continue;
        }
        if let Some(title) = t.strip_prefix("# ") {
            flush_code(&mut out, &mut code);
            let _ = writeln!(out, "\n**{}:**", escape(title));
            in_item = false;
            continue;
        }
        if let Some(rest) = t.strip_prefix("* ") {
            if indent <= 3 {
                flush_code(&mut out, &mut code);
                if !in_item && !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                let _ = writeln!(out, "- {}", escape(rest));
                in_item = true;
                continue;
            }
        }
        if in_item && indent >= 2 {
            let _ = writeln!(out, "  {}", escape(t));
            continue;
        }
        if indent >= 2 {
            code.push(line);
            continue;
        }
        flush_code(&mut out, &mut code);
        if in_item {
            out.push('\n');
            in_item = false;
        }
        let _ = writeln!(out, "{}", escape(t));
    }
    flush_code(&mut out, &mut code);
    // Collapse runs of blank lines.
    let mut tidy = String::new();
    let mut blank = 0;
    for l in out.trim_matches('\n').lines() {
        if l.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        tidy.push_str(l);
        tidy.push('\n');
    }
    tidy
}

fn dedent_str<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let common = lines
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or_else(|| l.trim_start()))
        .collect()
}

/// Escapes Markdown's and HTML's special characters outside `code spans`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            continue;
        }
        if in_code {
            out.push(c);
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' => out.push_str("\\*"),
            '_' => out.push_str("\\_"),
            _ => out.push(c),
        }
    }
    out
}

/// An anchor name: letters, digits, `_` and `-` kept, anything else `-`, lower case.
pub fn slug(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    s.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn comments_become_paragraphs_lists_and_code() {
        let md = comment_markdown(&lines(
            "Declares `wasm_<name>_t` and:\n  void wasm_<name>_delete(own wasm_<name>_t*);\n\
             Then text with wasm_X_t* and <b>.\n\n * one\n   continued\n * two\n\n# Safety\nCare.",
        ));
        assert_eq!(
            md,
            "Declares `wasm_<name>_t` and:\n\n```\nvoid wasm_<name>_delete(own wasm_<name>_t*);\n```\n\n\
             Then text with wasm\\_X\\_t\\* and &lt;b&gt;.\n\n- one\n  continued\n- two\n\n\
             **Safety:**\nCare.\n"
        );
    }

    #[test]
    fn sections_are_banners_and_dashed_lines() {
        let text = HeaderText::new(
            "// ====================\n// Big part\n// ====================\n\n\
             // --- Small part ------\nint x;\n// ==========\n",
        );
        assert_eq!(
            sections(&text),
            vec![
                Section {
                    line: 1,
                    level: 2,
                    title: "Big part".into()
                },
                Section {
                    line: 5,
                    level: 3,
                    title: "Small part".into()
                },
            ]
        );
    }

    #[test]
    fn statements_span_braces_and_drop_decorations() {
        let text = HeaderText::new(
            "typedef struct s {\n  int a; // note\n} s;\nWASM_API_EXTERN int f(\n    int x);\n",
        );
        assert_eq!(
            statement(&text, 1),
            ("typedef struct s {\n  int a;\n} s;".to_owned(), 3)
        );
        assert_eq!(statement(&text, 4), ("int f(\n    int x);".to_owned(), 5));
    }

    #[test]
    fn families_and_slugs() {
        assert_eq!(family("wacapi_linker_new"), "wacapi_linker_");
        assert_eq!(family("wacapi_wat2wasm"), "wacapi_wat2wasm");
        assert_eq!(
            slug("Runtime environment: configuration"),
            "runtime-environment-configuration"
        );
        assert!(contains_word("int f(void);", "f") && !contains_word("int ff(void);", "f"));
        assert!(is_invocation("WASM_DECLARE_VEC(byte, )") && !is_invocation("int f(void)"));
    }
}
