"""The examples of the documentation run as tests: the ``>>>`` examples of the package's
docstrings and of the pages in ``docs/*.md`` (``docs/from-wasmtime-py.md`` above all).

A page is run as ``python -m doctest docs/PAGE.md`` would run it: every ``>>>`` line of it, in
order, sharing one namespace, so a page reads as one session.  A docstring's examples run with
``wacapi`` imported, as a reader would have it.  An example whose output differs fails here,
and so does a page or a main class that lost its examples.

Also here: every public name of the package has a docstring (the API reference, made by pdoc
with ``make docs``, would show an empty entry).
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import support
import wacapi

DOCS_DIR = support.REPO_ROOT / "docs"

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _python_modules() -> list[str]:
    """The package's Python modules but the generated binding (an installed package also holds
    ``libwacapi.so``, which ``pkgutil`` lists as an extension module)."""
    names = []
    for info in pkgutil.iter_modules(wacapi.__path__):
        name = f"wacapi.{info.name}"
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin and origin.endswith(".py") and name not in ("wacapi.binding", "wacapi.__main__"):
            names.append(name)
    return sorted(names)


#: The modules whose docstrings hold examples.
MODULES = _python_modules()

#: Names that must show an example: the main classes, and the pages that teach by example.
MUST_HAVE_EXAMPLES = {
    "Engine",
    "Store",
    "Module",
    "Instance",
    "Func",
    "Memory",
    "Global",
    "Table",
    "Linker",
    "WasiConfig",
    "Trap",
    "WasiExit",
}
PAGES_WITH_EXAMPLES = {"from-wasmtime-py.md"}


def _run(test: doctest.DocTest) -> doctest.TestResults:
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    return runner.summarize(verbose=False)


def _tests_of(module: ModuleType) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(module, globs={"wacapi": wacapi}) if t.examples]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    for test in _tests_of(module):
        results = _run(test)
        assert results.failed == 0, f"{results.failed} example(s) of {test.name} failed (output above)"


def test_main_classes_have_examples() -> None:
    with_examples = set()
    for name in MODULES:
        for test in _tests_of(importlib.import_module(name)):
            with_examples.add(test.name.rsplit(".", 1)[-1])
    missing = MUST_HAVE_EXAMPLES - with_examples
    assert not missing, f"no >>> example in the docstring of {sorted(missing)}"


PAGES = sorted(DOCS_DIR.glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {"__name__": page.stem}, page.name, str(page), 0)
    if page.name in PAGES_WITH_EXAMPLES:
        assert len(test.examples) >= 10, f"{page.name} lost its examples"
    if not test.examples:
        return
    results = _run(test)
    assert results.failed == 0, f"{results.failed} example(s) of {page.name} failed (output above)"


def test_a_broken_example_fails() -> None:
    """The runner used above reports a wrong output (so a page cannot pass by accident)."""
    test = doctest.DocTestParser().get_doctest(">>> 1 + 1\n3\n", {}, "broken", None, 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=lambda _text: None)
    assert runner.summarize(verbose=False).failed == 1


def _public_members(obj: type) -> list[tuple[str, object]]:
    members = []
    for name, value in vars(obj).items():
        if name.startswith("_") and name != "__call__":
            continue
        members.append((name, value))
    return members


def test_public_names_have_docstrings() -> None:
    missing = []
    for name in wacapi.__all__:
        value = getattr(wacapi, name)
        if isinstance(value, ModuleType):
            continue
        if inspect.isclass(value):
            if not (value.__doc__ or "").strip():
                missing.append(name)
            for member, attr in _public_members(value):
                target = attr.fget if isinstance(attr, property) else attr
                if isinstance(target, (staticmethod, classmethod)):
                    target = target.__func__
                if callable(target) and not (getattr(target, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{member}")
    assert not missing, f"public names without a docstring: {missing}"
