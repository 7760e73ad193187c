"""Builds the documentation site of wacapi into one directory (``make docs``).

    python tools/docs/build.py --out build/docs

Run with the interpreter of the docs venv (``bindings/python/requirements-docs.txt``: pdoc, and
through it markdown2 and pygments) and with ``WACAPI_LIBRARY`` naming a built
``libwacapi.so``: pdoc imports the package, and the package loads the library.  Needs no
network.  Writes:

* ``python/``: the API reference of the ``wacapi`` package, made by pdoc from the docstrings;
* ``c/*.html``: the C reference, from the Markdown pages that ``wacapi-bindgen --docs`` wrote
  into ``c/`` before (``make docs`` runs it first);
* ``pages/*.html``: the pages of ``docs/*.md``;
* ``index.html``: links to all of them.

Public items of the package without a docstring are listed as warnings (``--strict`` makes
them errors; ``tests/api/test_doctest.py`` keeps their number at zero).
"""

from __future__ import annotations

import argparse
import html
import inspect
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "bindings" / "python"

#: markdown2 extras for the C reference and the pages (pdoc uses its own set for docstrings).
MARKDOWN_EXTRAS = {
    "fenced-code-blocks": {"cssclass": "codehilite"},
    "tables": None,
    "header-ids": None,
    "code-friendly": None,
    "cuddled-lists": None,
}

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5;
       max-width: 56rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; color: #1d1d1f; }
a { color: #0b5cad; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
            font-size: 0.92em; }
pre { background: #f5f6f8; padding: 0.7rem 0.9rem; overflow-x: auto; border-radius: 4px; }
:not(pre) > code { background: #f0f1f4; padding: 0.05rem 0.25rem; border-radius: 3px; }
h4 { margin-top: 2rem; border-top: 1px solid #e4e6ea; padding-top: 1rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d9dce1; padding: 0.3rem 0.6rem; vertical-align: top; text-align: left; }
nav.top { font-size: 0.9em; margin-bottom: 1rem; }
"""


# --------------------------------------------------------------------------
# Docstrings: the reStructuredText roles the package uses, for pdoc
# --------------------------------------------------------------------------

_ROLE = re.compile(r"(?::py)?:(mod|func|data|const|class|meth|attr|exc|obj):`([^`]+)`")


def _role(m: re.Match[str]) -> str:
    kind, text = m.group(1), m.group(2)
    target = re.search(r"<([^>]+)>\s*$", text)
    name = target.group(1) if target else text.lstrip("~!")
    if kind in ("meth", "func") and not name.endswith(")"):
        name += "()"
    return f"`{name}`"


def rst_to_markdown(doc: str) -> str:
    """The Sphinx flavour of the docstrings, as pdoc's Markdown wants it.

    pdoc turns ``:class:`x``` into ``x`` in backticks, but keeps ``~`` and ``title <target>``
    as text; here both become the target, which pdoc then links.  A paragraph ending in
    ``::`` (a literal block follows) ends in ``:``, and the indented block stays code.
    """
    doc = _ROLE.sub(_role, doc)
    doc = re.sub(r"(\S)::[ \t]*$", r"\1:", doc, flags=re.MULTILINE)
    return re.sub(r"^[ \t]*::[ \t]*$", "", doc, flags=re.MULTILINE)


# --------------------------------------------------------------------------
# The Python reference
# --------------------------------------------------------------------------


def missing_docstrings(module: Any) -> list[str]:
    """Public items of ``module`` (a pdoc ``Module``) that have no docstring of their own."""
    import pdoc.doc

    missing = []

    def visit(obj: Any) -> None:
        for member in obj.members.values():
            if member.name.startswith("_") and member.name != "__init__":
                continue
            # What a class inherits from Python itself (``Exception.args``) is documented there.
            if isinstance(obj, pdoc.doc.Class) and member.taken_from[0] == "builtins":
                continue
            if not member.docstring.strip() and member.name != "__init__":
                missing.append(member.fullname)
            if isinstance(member, pdoc.doc.Class) and member.taken_from[0].startswith(module.name):
                visit(member)

    visit(module)
    return missing


def build_python(out: Path) -> list[str]:
    """pdoc's HTML of the ``wacapi`` package into ``out``; returns the warnings."""
    import pdoc.doc
    import pdoc.docstrings
    import pdoc.extract
    import pdoc.render

    original_rst = pdoc.docstrings.rst

    def rst(contents: str, source_file: Path | None) -> str:
        return original_rst(rst_to_markdown(contents), source_file)

    pdoc.docstrings.rst = rst  # type: ignore[assignment]
    pdoc.render.configure(
        docformat="restructuredtext",
        show_source=False,
        footer_text="wacapi",
        search=True,
    )
    sys.path.insert(0, str(PACKAGE_DIR))
    _typeshed_stand_in()
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # The package with its public submodules (wacapi.ffi; wacapi.binding is generated from
        # the headers, and the C reference documents what it holds).
        modules = {name: pdoc.doc.Module.from_name(name) for name in pdoc.extract.walk_specs(["wacapi"])}
        _alias_docstrings(modules["wacapi"])
        # As pdoc.pdoc() writes them.
        for module in modules.values():
            page = out / f"{module.fullname.replace('.', '/')}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(pdoc.render.html_module(module, modules), encoding="utf-8")
        (out / "index.html").write_text(pdoc.render.html_index(modules), encoding="utf-8")
        (out / "search.js").write_text(pdoc.render.search_index(modules), encoding="utf-8")
        for module in modules.values():
            found += [f"no docstring: {item}" for item in missing_docstrings(module)]
    # Annotations of private attributes do not show; pdoc still evaluates them.
    found += [f"pdoc: {w.message}" for w in caught if not re.search(r"\._[a-z]", str(w.message))]
    return found


def _alias_docstrings(package: Any) -> None:
    """Gives the typing aliases that ``wacapi`` re-exports (``I32``, ``FuncRef``, ...) the
    docstrings written under them where they are defined.

    pdoc finds a variable's docstring in the module the value comes from, which it cannot
    tell for ``Annotated[...]`` and ``Union[...]`` objects (it takes ``typing``); the package's
    ``_LAZY`` table names the module.
    """
    import importlib

    import pdoc.doc
    import pdoc.doc_ast

    lazy = getattr(package.obj, "_LAZY", {})
    for name, member in package.members.items():
        if not isinstance(member, pdoc.doc.Variable) or member.docstring.strip() or name not in lazy:
            continue
        source = importlib.import_module(lazy[name], package.name)
        doc = pdoc.doc_ast.walk_tree(source).var_docstrings.get(name)
        if doc:
            member.docstring = inspect.cleandoc(doc)


def _typeshed_stand_in() -> None:
    """``_typeshed`` exists for type checkers only; pdoc runs the ``TYPE_CHECKING`` imports of
    the package to show annotations such as ``ReadableBuffer``, so it gets a stand-in."""
    import collections.abc
    import types

    if "_typeshed" not in sys.modules:
        stand_in = types.ModuleType("_typeshed")
        stand_in.ReadableBuffer = getattr(collections.abc, "Buffer", bytes)  # type: ignore[attr-defined]
        sys.modules["_typeshed"] = stand_in


# --------------------------------------------------------------------------
# Markdown pages
# --------------------------------------------------------------------------


def _md_links(text: str) -> str:
    """Links between Markdown pages point at their HTML; a link to a file of the repository
    outside docs/ (``../fuzz/README.md``), which the site does not have, names the file."""

    def outside(m: re.Match[str]) -> str:
        label, path = m.group(1), m.group(2)
        if label.strip("`") == path:
            return f"`{path}` (in the repository)"
        return f"{label} (`{path}` in the repository)"

    text = re.sub(r"\[([^\]]+)\]\(\.\./([^)#\s]+)(#[^)]*)?\)", outside, text)
    return re.sub(r"\]\((?!https?:)([^)#\s]+)\.md(#[^)]*)?\)", r"](\1.html\2)", text)


def broken_links(out: Path) -> list[str]:
    """Relative links of the site whose file is missing, or (outside pdoc's pages, whose
    inherited members have no anchors) whose ``#fragment`` is not an id of its page."""
    pages = {p.resolve(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    ids = {p: set(re.findall(r'\bid="([^"]+)"', text)) for p, text in pages.items()}
    python = (out / "python").resolve()
    broken = []
    for page, text in pages.items():
        for href in re.findall(r'href="([^"]+)"', text):
            href = html.unescape(href)
            if re.match(r"^[a-z]+:", href) or href.startswith(("//", "${")):
                continue
            path, _, fragment = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            checked = fragment and target in ids and python not in target.parents
            if not target.exists() or (checked and fragment not in ids[target]):
                broken.append(f"{page.relative_to(out.resolve())}: {href}")
    return broken


def render_page(markdown_text: str, title: str, out: Path, up: str) -> None:
    """One Markdown page as a standalone HTML file, with a link back to the index at ``up``."""
    import markdown2
    from pygments.formatters import HtmlFormatter

    body = markdown2.markdown(_md_links(markdown_text), extras=MARKDOWN_EXTRAS)
    css = STYLE + HtmlFormatter().get_style_defs(".codehilite")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} — wacapi</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f'<nav class="top"><a href="{up}index.html">wacapi documentation</a></nav>\n'
        f"{body}\n</body>\n</html>\n",
        encoding="utf-8",
    )


def page_title(markdown_text: str, fallback: str) -> str:
    """The text of the first ``#`` heading, without Markdown code marks."""
    for line in markdown_text.splitlines():
        if line.startswith("# "):
            return line[2:].strip().replace("`", "")
    return fallback


def build(out: Path, strict: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    problems = build_python(out / "python")

    c_pages = []
    for md in sorted((out / "c").glob("*.md"), key=lambda p: (p.name != "wasm.md", p.name)):
        text = md.read_text(encoding="utf-8")
        render_page(text, page_title(text, md.stem), md.with_suffix(".html"), "../")
        c_pages.append((md.stem, page_title(text, md.stem)))
    if not c_pages:
        problems.append(f"no C reference in {out / 'c'} (run wacapi-bindgen --docs first)")

    pages = []
    for md in sorted((ROOT / "docs").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        render_page(text, page_title(text, md.stem), out / "pages" / f"{md.stem}.html", "../")
        pages.append((md.stem, page_title(text, md.stem)))

    index = ["# wacapi documentation", ""]
    index += [
        "wacapi is the standard WebAssembly C API (`wasm.h`) over the wasmi interpreter, as a C",
        "library and the Python package `wacapi`.",
        "",
        "## Python",
        "",
        "- [The `wacapi` package](python/wacapi.html): engines, stores, modules, instances,",
        "  functions, memories, globals, tables, WASI and linking, with examples.",
        "- [`wacapi.ffi`](python/wacapi/ffi.html): the C API procedurally, one Python function per",
        "  C function.",
        "",
        "## C",
        "",
    ]
    descriptions = {
        "wasm": "the standard API: every type, function, macro and inline helper",
        "wacapi": "wacapi's extensions: errors, fuel, memory limits, linker, WASI, wat2wasm",
    }
    for stem, title in c_pages:
        index.append(f"- [`{title}`](c/{stem}.html): {descriptions.get(stem, 'reference')}")
    index += ["", "## Guides and notes", ""]
    for stem, title in pages:
        index.append(f"- [{title}](pages/{stem}.html)")
    index.append("")
    render_page("\n".join(index), "wacapi documentation", out / "index.html", "")

    problems += [f"broken link: {link}" for link in broken_links(out)]
    for p in problems:
        print(f"docs: warning: {p}", file=sys.stderr)
    print(f"docs: {len(c_pages)} C reference pages, {len(pages)} pages, Python reference in {out / 'python'}")
    print(f"docs: open {(out / 'index.html').resolve()}")
    return 1 if strict and problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=inspect.cleandoc(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "docs")
    parser.add_argument("--strict", action="store_true", help="fail on warnings")
    args = parser.parse_args()
    if not os.environ.get("WACAPI_LIBRARY"):
        print("docs: WACAPI_LIBRARY is not set; the package will look for the library itself", file=sys.stderr)
    return build(args.out, args.strict)


if __name__ == "__main__":
    sys.exit(main())
