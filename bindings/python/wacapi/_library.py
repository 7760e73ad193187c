"""Finds and loads the wacapi shared library.

Where it looks, in this order:

1. ``$WACAPI_LIBRARY``: the path of the library file (or of a directory
   holding it).  Meant for development: when it is set, nothing else is
   tried, so a wrong path is an error rather than a silent fallback.
2. The copy bundled inside this package (``wacapi/libwacapi.so``,
   ``libwacapi.dylib`` or ``wacapi.dll``), put there by ``pip install``.
3. When the package is used straight from a source checkout
   (``bindings/python`` of the wacapi repository): that checkout's
   ``target/release`` and then ``target/debug`` (built by ``cargo build``).
4. The system's library search path (``ctypes.util.find_library``), for a
   library installed with ``make install``.

The generated ``binding`` module looks every symbol up with :func:`function`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from _ctypes import CFuncPtr
from pathlib import Path

__all__ = ["ENV_VAR", "LIBRARY_NAMES", "function", "lib", "path"]

#: The environment variable that overrides the search.
ENV_VAR = "WACAPI_LIBRARY"


def _library_names() -> tuple[str, ...]:
    """File names of the library, the current platform's first."""
    if sys.platform == "win32":
        return ("wacapi.dll", "libwacapi.dll")
    if sys.platform == "darwin":
        return ("libwacapi.dylib", "libwacapi.so")
    return ("libwacapi.so", "libwacapi.dylib")


#: File names tried in each directory, in order.
LIBRARY_NAMES = _library_names()

_PACKAGE_DIR = Path(__file__).resolve().parent


def _in_directory(directory: Path) -> list[Path]:
    return [directory / name for name in LIBRARY_NAMES]


def _checkout_candidates() -> list[Path]:
    """target/{release,debug} of the source checkout this package sits in."""
    root = _PACKAGE_DIR.parent.parent.parent
    if not (root / "Cargo.toml").is_file() or not (root / "include" / "wasm.h").is_file():
        return []
    target = Path(os.environ.get("CARGO_TARGET_DIR") or root / "target")
    if not target.is_absolute():
        target = root / target
    return _in_directory(target / "release") + _in_directory(target / "debug")


def _load(candidate: Path) -> ctypes.CDLL:
    try:
        return ctypes.CDLL(str(candidate))
    except OSError as exc:
        raise ImportError(f"wacapi: cannot load the library {candidate}: {exc}") from exc


def _find() -> tuple[ctypes.CDLL, str]:
    override = os.environ.get(ENV_VAR)
    if override:
        given = Path(override).expanduser()
        if given.is_dir():
            for candidate in _in_directory(given):
                if candidate.is_file():
                    return _load(candidate), str(candidate)
            raise ImportError(
                f"wacapi: ${ENV_VAR} is the directory {given}, which holds none of {', '.join(LIBRARY_NAMES)}"
            )
        if not given.is_file():
            raise ImportError(f"wacapi: ${ENV_VAR} names {given}, which is not a file")
        return _load(given), str(given)

    looked: list[str] = []
    for candidate in _in_directory(_PACKAGE_DIR) + _checkout_candidates():
        looked.append(str(candidate))
        if candidate.is_file():
            return _load(candidate), str(candidate)

    found = ctypes.util.find_library("wacapi")
    looked.append("the system library path (ctypes.util.find_library('wacapi'))")
    if found:
        try:
            return ctypes.CDLL(found), found
        except OSError as exc:
            looked[-1] += f": found {found} but cannot load it: {exc}"

    raise ImportError(
        "wacapi: the wacapi shared library was not found.  Looked in:\n  "
        + "\n  ".join(looked)
        + f"\nInstall the package with pip (which builds the library with cargo), "
        f"run `cargo build --release` in the source checkout, or set ${ENV_VAR} "
        "to the path of libwacapi.so."
    )


lib, path = _find()
"""The loaded library (``ctypes.CDLL``) and the path it was loaded from."""


def function(name: str) -> CFuncPtr:
    """Returns the library's exported function ``name`` (a ctypes function).

    Raises ``ImportError`` naming the symbol when the library lacks it, which
    means the library and these bindings come from different versions.
    """
    try:
        found: CFuncPtr = getattr(lib, name)
    except AttributeError:
        raise ImportError(
            f"wacapi: the library {path} does not export {name!r}; "
            "it does not match this version of the Python bindings"
        ) from None
    return found
