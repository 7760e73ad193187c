"""Builds wacapi's Rust library with cargo and ships it inside the Python package.

Where the crate is, first match wins:

1. ``$WACAPI_CARGO_MANIFEST``, the path of a ``Cargo.toml``;
2. ``rust/`` beside this file: in an sdist, which carries the crate's sources
   and ``Cargo.lock`` there (see :class:`Sdist`), so ``pip install
   wacapi-X.tar.gz`` builds anywhere cargo runs;
3. the repository root two levels up, when building from a checkout
   (``pip install ./bindings/python``, ``python -m build bindings/python``).

``$WACAPI_PREBUILT_LIBRARY`` skips cargo and packages that library file instead:
``manylinux.sh`` builds it against an old glibc (cargo-zigbuild) and then
lets ``auditwheel`` give the wheel its manylinux tag.

The library is not a Python extension module: the package loads it with
ctypes.  So it is copied as plain ``wacapi/libwacapi.so`` (``.dylib``,
``wacapi.dll``), and the wheel is tagged ``py3-none-<platform>``: any Python 3,
one platform.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools_rust import Binding, RustExtension, Strip

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
#: Where an sdist keeps the crate.
BUNDLED_CRATE = HERE / "rust"
EXTENSION = "wacapi.libwacapi"
PREBUILT = os.environ.get("WACAPI_PREBUILT_LIBRARY")

#: What the sdist takes of the crate: enough for cargo to load the workspace
#: (its member crates and the declared benchmarks) and build the library with
#: the locked dependencies; tests, samples and docs of the repository stay out.
CRATE_FILES = (
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "benches/*.rs",
    "src/**/*",
    "include/*.h",
    "tests/abi/Cargo.toml",
    "tests/abi/build.rs",
    "tests/abi/src/**/*",
    "tests/spec/Cargo.toml",
    "tests/spec/skip.txt",
    "tests/spec/src/**/*",
    "tests/spec/tests/*.rs",
    "tools/bindgen/Cargo.toml",
    "tools/bindgen/src/**/*",
)


def crate_manifest() -> Path:
    """The crate's Cargo.toml (see the module docstring for the order)."""
    given = os.environ.get("WACAPI_CARGO_MANIFEST")
    if given:
        return Path(given).resolve()
    if (BUNDLED_CRATE / "Cargo.toml").is_file():
        return BUNDLED_CRATE / "Cargo.toml"
    return (HERE.parent.parent / "Cargo.toml").resolve()


MANIFEST = crate_manifest()

if not MANIFEST.is_file():
    sys.exit(
        f"wacapi: no Cargo.toml at {MANIFEST}.\n"
        "Build the Python package from a checkout of the wacapi repository "
        "(pip install ./bindings/python) or from its sdist, or set WACAPI_CARGO_MANIFEST "
        "to the crate's Cargo.toml."
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


class BuildPy(build_py):
    """With ``$WACAPI_PREBUILT_LIBRARY``, puts that library where cargo's would go."""

    def run(self) -> None:
        super().run()
        if PREBUILT:
            source = Path(PREBUILT)
            if not source.is_file():
                sys.exit(f"wacapi: $WACAPI_PREBUILT_LIBRARY={PREBUILT} is not a file")
            target = Path(self.build_lib, "wacapi", library_file_name())
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            target.chmod(0o755)


class Sdist(sdist):
    """Adds the crate (see CRATE_FILES) under ``rust/``, so the sdist builds on its own."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        root = MANIFEST.parent
        copied = 0
        for pattern in CRATE_FILES:
            matches = sorted(p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
            if not matches:
                sys.exit(f"wacapi sdist: nothing in {root} matches {pattern}")
            for path in matches:
                target = Path(base_dir, "rust", path.relative_to(root))
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                copied += 1
        print(f"wacapi sdist: {copied} files of the crate {root} in rust/")


class BinaryDistribution(Distribution):
    """Always carries a native library: installed to platlib, a platform wheel, also when the
    library is prebuilt and setuptools sees no extension (auditwheel insists on platlib)."""

    def has_ext_modules(self) -> bool:
        return True


class BdistWheel(bdist_wheel):
    """py3-none-<platform>: the library is loaded by ctypes, whatever the Python version."""

    def get_tag(self) -> tuple[str, str, str]:
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(
    version=crate_version(),
    rust_extensions=[]
    if PREBUILT
    else [
        RustExtension(
            EXTENSION,
            path=str(MANIFEST),
            binding=Binding.NoBinding,
            strip=Strip.Debug,
            # The sdist and the checkout carry Cargo.lock: build exactly those versions.
            cargo_manifest_args=["--locked"],
        )
    ],
    cmdclass={"build_ext": BuildExt, "build_py": BuildPy, "sdist": Sdist, "bdist_wheel": BdistWheel},
    distclass=BinaryDistribution,
    zip_safe=False,
)
