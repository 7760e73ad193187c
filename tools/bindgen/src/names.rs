//! The Python naming policy of the generated modules: which C names can be Python names, and
//! what a parameter is called in the stubs.
//!
//! Both generated files put every item at module level under its C name, so a name that is a
//! Python keyword, one the modules define themselves, or one used twice would make a broken
//! or silently shadowed binding.  `check_items` refuses such a model when it is built (stage
//! 3); `param_names` renames what only the stubs spell (parameter names).  Kept in one file
//! so the list of refused names and the renaming rule cannot drift apart.

use std::collections::{HashMap, HashSet};

use crate::error::{Error, Result};
use crate::model::{Item, ItemKind, Param};

/// Python keywords: not usable as module attribute or field names.
const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names the generated modules define themselves (imports and stub helpers).
pub const RESERVED: &[&str] = &[
    "ctypes",
    "IntEnum",
    "lib",
    "_library",
    "Array",
    "Callable",
    "Final",
    "TypeAlias",
    "TypeVar",
    "_CArgObject",
    "_Pointer",
    "_T",
    "_Ref",
    "_VoidP",
    "_CharP",
    "Any",
    "final",
];

/// Whether `name` can be a Python attribute name in the generated modules.
pub fn is_python_keyword(name: &str) -> bool {
    PY_KEYWORDS.contains(&name)
}

/// Every module-level Python name must be unique and usable; every field name usable.
///
/// Called when the model is built, so a header that cannot be bound fails with the
/// declaration's location instead of producing a module that does not import.
pub(crate) fn check_items(items: &[Item]) -> Result<()> {
    let mut seen: HashMap<&str, &Item> = HashMap::new();
    for item in items {
        let mut names: Vec<&str> = Vec::new();
        match &item.kind {
            ItemKind::Enum(e) => {
                if e.named {
                    names.push(&item.name);
                }
                names.extend(e.constants.iter().map(|(n, _)| n.as_str()));
            }
            ItemKind::Record(r) => {
                names.push(&item.name);
                for f in r.fields.iter().flatten() {
                    if is_python_keyword(&f.name)
                        || (f.name.starts_with('_') && f.name.ends_with('_'))
                    {
                        return Err(Error::at(
                            &item.loc,
                            format!(
                                "cannot translate `{}`: field name `{}` is a Python keyword or ctypes special name",
                                item.name, f.name
                            ),
                        ));
                    }
                }
            }
            _ => names.push(&item.name),
        }
        for n in names {
            if is_python_keyword(n) || RESERVED.contains(&n) {
                return Err(Error::at(
                    &item.loc,
                    format!("cannot translate `{n}`: the name is reserved in the Python module"),
                ));
            }
            if let Some(prev) = seen.insert(n, item) {
                return Err(Error::at(
                    &item.loc,
                    format!(
                        "cannot translate `{n}`: the Python name is also used by `{}` at {}:{}",
                        prev.name, prev.loc.header, prev.loc.line
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Python parameter names: the header's, else `argN`; keywords get a trailing `_`; unique.
///
/// Only the stubs spell parameter names (ctypes functions take positional arguments), so a
/// name is renamed here rather than refused by [`check_items`].
pub(crate) fn param_names(params: &[Param]) -> Vec<String> {
    let mut seen = HashSet::new();
    params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut n = match &p.name {
                Some(n) if is_python_keyword(n) => format!("{n}_"),
                Some(n) => n.clone(),
                None => format!("arg{i}"),
            };
            while !seen.insert(n.clone()) {
                n = format!("{n}_{i}");
            }
            n
        })
        .collect()
}
