"""The modules of the wacapi package import each other without a cycle (layers point down).

Every module is parsed with :mod:`ast`; every import in it counts: at module level and
inside functions, relative or absolute, and also those under ``if TYPE_CHECKING:`` (an
annotation that names a class of a higher layer is a dependency on it too; a lower layer
describes what it needs with a ``Protocol``).  A function-local import that only hides a
cycle is still a cycle here.  ``pytest tests/test_layers.py`` is the check.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import wacapi

PACKAGE_DIR = Path(wacapi.__file__).parent


def _module_name(path: Path) -> str:
    if path.name == "__init__.py":
        return "wacapi"
    return f"wacapi.{path.stem}"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute name of what ``node`` (in ``module``) imports from."""
    if node.level == 0:
        return node.module or ""
    package = module if module == "wacapi" else module.rsplit(".", node.level)[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(source: str, module: str, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that ``source`` (the text of ``module``) imports, anywhere."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name:
                    found.add(name)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                # ``from . import binding`` imports the submodule; ``from ._x import y`` the module.
                candidate = f"{base}.{alias.name}"
                if candidate in modules:
                    found.add(candidate)
                elif base in modules:
                    found.add(base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    found.discard(module)
    return found


def import_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, for every ``.py`` file of the package."""
    paths = sorted(package_dir.glob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): imports_of(p.read_text(encoding="utf-8"), _module_name(p), modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> Optional[list[str]]:
    """A cycle of ``graph`` as a list of modules (the first again at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> Optional[list[str]]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle is not None:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle is not None:
                return cycle
    return None


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "wacapi._func" in graph and "wacapi.ffi" in graph  # the files were found
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_a_cycle_is_found() -> None:
    """The check can fail: synthetic graphs with cycles, through every kind of import."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"c"}}) == ["c", "c"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
    modules = {"wacapi", "wacapi._a", "wacapi._b", "wacapi.binding"}
    source_a = "from . import binding\nfrom ._b import thing\n"
    source_b = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ._a import Never\n"
        "def f():\n    import wacapi._a\n"
    )
    graph = {
        "wacapi._a": imports_of(source_a, "wacapi._a", modules),
        "wacapi._b": imports_of(source_b, "wacapi._b", modules),
    }
    assert graph == {"wacapi._a": {"wacapi.binding", "wacapi._b"}, "wacapi._b": {"wacapi._a"}}
    assert find_cycle(graph) == ["wacapi._a", "wacapi._b", "wacapi._a"]
    # Each kind on its own: an annotation-only import, a function-local one, an absolute one.
    assert imports_of("if TYPE_CHECKING:\n    from ._a import X\n", "wacapi._b", modules) == {"wacapi._a"}
    assert imports_of("def f():\n    from . import _a\n", "wacapi._b", modules) == {"wacapi._a"}
    assert imports_of("import wacapi._a as a\n", "wacapi._b", modules) == {"wacapi._a"}


def test_a_cycle_in_files_is_found(tmp_path: Path) -> None:
    """The same through files on disk, with a function-local import hiding the cycle."""
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "_low.py").write_text("def f():\n    from ._high import g\n    return g\n")
    (tmp_path / "_high.py").write_text("from ._low import f\n")
    cycle = find_cycle(import_graph(tmp_path))
    assert cycle == ["wacapi._high", "wacapi._low", "wacapi._high"]


def test_the_pythonic_api_does_not_import_ffi() -> None:
    """ffi.py is for procedural users: the objects never import it."""
    code = (
        "import sys, wacapi\n"
        "store = wacapi.Store()\n"
        "module = wacapi.Module(store, '(module (func (export \"f\") (param i32) (result i32) local.get 0))')\n"
        "assert wacapi.Instance(store, module).exports.f(7) == 7\n"
        "wacapi.Func.wrap(store, lambda: None)()\n"
        "wacapi.Linker(store).define_wasi(wacapi.WasiConfig())\n"
        "print(sorted(m for m in sys.modules if m.startswith('wacapi.')))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PACKAGE_DIR.parent) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "wacapi._func" in out and "wacapi.ffi" not in out, out
