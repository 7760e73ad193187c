"""Builds wacapi's Rust library with cargo and ships it inside the Python package.

The crate is the repository root two levels up (``../../Cargo.toml``), so this
builds from a checkout of the repository (``pip install ./bindings/python``,
``pip wheel ./bindings/python``); pip builds in place, so the crate stays
reachable.  ``WACAPI_CARGO_MANIFEST`` points elsewhere if needed.

The library is not a Python extension module: the package loads it with
ctypes.  So it is copied as plain ``wacapi/libwacapi.so`` (``.dylib``,
``wacapi.dll``), and the wheel is tagged ``py3-none-<platform>``: any Python 3,
one platform.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools_rust import Binding, RustExtension, Strip

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
MANIFEST = Path(os.environ.get("WACAPI_CARGO_MANIFEST") or HERE.parent.parent / "Cargo.toml").resolve()
EXTENSION = "wacapi.libwacapi"

if not MANIFEST.is_file():
    sys.exit(
        f"wacapi: no Cargo.toml at {MANIFEST}.\n"
        "Build the Python package from a checkout of the wacapi repository "
        "(pip install ./bindings/python), or set WACAPI_CARGO_MANIFEST to the crate's Cargo.toml."
    )


def library_file_name() -> str:
    if sys.platform == "win32":
        return "wacapi.dll"
    if sys.platform == "darwin":
        return "libwacapi.dylib"
    return "libwacapi.so"


def crate_version() -> str:
    """The version of the crate ([package] of Cargo.toml)."""
    text = MANIFEST.read_text(encoding="utf-8")
    package = re.search(r"^\[package\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    found = re.search(r'^version\s*=\s*"([^"]+)"', package.group(1) if package else "", re.M)
    if not found:
        sys.exit(f"wacapi: no [package] version in {MANIFEST}")
    return found.group(1)


class BuildExt(build_ext):
    """Names the library as the loader expects, not like an extension module."""

    def run(self) -> None:
        # pip builds in place: drop copies of the library that an earlier build, under
        # another name, left in build/lib, or they would end up in the wheel too.
        package_dir = Path(self.build_lib, *EXTENSION.split(".")[:-1])
        for stale in package_dir.glob("*wacapi*"):
            if stale.suffix in (".so", ".dylib", ".dll") and stale.name != library_file_name():
                stale.unlink()
        super().run()

    def get_ext_filename(self, fullname: str) -> str:
        # get_ext_fullpath() asks with the last component of the dotted name only.
        if fullname == EXTENSION:
            return os.path.join(*EXTENSION.split(".")[:-1], library_file_name())
        if fullname == EXTENSION.rsplit(".", 1)[-1]:
            return library_file_name()
        return str(super().get_ext_filename(fullname))


class BdistWheel(bdist_wheel):
    """py3-none-<platform>: the library is loaded by ctypes, whatever the Python version."""

    def get_tag(self) -> tuple[str, str, str]:
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(
    version=crate_version(),
    rust_extensions=[
        RustExtension(
            EXTENSION,
            path=str(MANIFEST),
            binding=Binding.NoBinding,
            strip=Strip.Debug,
        )
    ],
    cmdclass={"build_ext": BuildExt, "bdist_wheel": BdistWheel},
    zip_safe=False,
)
