#!/usr/bin/env bash
# Builds the Python package for distribution.
#
#   bindings/python/package.sh sdist OUTDIR
#       wacapi-X.tar.gz: the package plus the crate (sources, Cargo.lock) under rust/, so
#       `pip install wacapi-X.tar.gz` builds the library with cargo anywhere (setup.py)
#   bindings/python/package.sh wheel [--sdist wacapi-X.tar.gz] OUTDIR
#       wacapi-X-py3-none-manylinux_2_17_<arch>.whl, which pip installs on every Linux with
#       glibc >= 2.17 for any CPython >= 3.9 or PyPy
#
# The library is linked against glibc 2.17's symbol versions by cargo-zigbuild (zig as the
# C toolchain and linker, ziglang from PyPI), without debug info; setup.py packages it
# ($WACAPI_PREBUILT_LIBRARY) and auditwheel checks it and sets the tag. With --sdist the
# wheel is built from that sdist (its rust/ crate and Python files), as a release would.
# WACAPI_MANYLINUX_GLIBC picks another glibc version; the tools go into a venv
# ($WACAPI_WHEEL_VENV, default build/wheel-venv); cargo-zigbuild is installed with cargo.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
cargo=${CARGO:-cargo}
zigbuild_version=0.24.1
glibc=${WACAPI_MANYLINUX_GLIBC:-2.17}

usage() {
  echo "usage: $0 sdist OUTDIR | $0 wheel [--sdist SDIST] OUTDIR" >&2
  exit 2
}
what=${1:-}
[[ $what == sdist || $what == wheel ]] || usage
shift
sdist=""
out=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --sdist) [[ $what == wheel && $# -ge 2 ]] || usage; sdist=$(realpath "$2"); shift 2 ;;
    -*) usage ;;
    *) out=$1; shift ;;
  esac
done
[[ -n $out ]] || usage
mkdir -p "$out"
out=$(realpath "$out")

venv=${WACAPI_WHEEL_VENV:-$root/build/wheel-venv}
if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements-wheel.txt"

if [[ $what == sdist ]]; then
  "$venv/bin/python" -m build --sdist "$here" -o "$out"
  rm -rf "$here"/*.egg-info
  exit 0
fi

cargo_bin=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$cargo_bin:$PATH"
if ! "$cargo" zigbuild --version 2>/dev/null | grep -q "$zigbuild_version"; then
  echo "installing cargo-zigbuild $zigbuild_version"
  "$cargo" install cargo-zigbuild --locked --version "$zigbuild_version"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
package=$here
crate=$root
if [[ -n $sdist ]]; then
  tar -xzf "$sdist" -C "$work"
  package=$(echo "$work"/wacapi-*/)
  package=${package%/}
  crate=$package/rust
fi

arch=$(uname -m)
target=$arch-unknown-linux-gnu
target_dir=${CARGO_TARGET_DIR:-$root/target/zig}
echo "== cargo zigbuild --target $target.$glibc ($crate)"
# zig from the venv (cargo-zigbuild looks for `python3 -m ziglang`); no debug info and no
# local symbols in the shipped library (its exported functions stay).
PATH="$venv/bin:$PATH" CARGO_TARGET_DIR=$target_dir \
  CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_PROFILE_RELEASE_STRIP=symbols \
  "$cargo" zigbuild --release --lib --locked --manifest-path "$crate/Cargo.toml" --target "$target.$glibc"
library=$target_dir/$target/release/libwacapi.so

echo "== wheel from $package"
WACAPI_PREBUILT_LIBRARY=$library "$venv/bin/python" -m pip wheel -q --no-deps "$package" -w "$work/raw"
raw=("$work"/raw/wacapi-*-py3-none-linux_"$arch".whl)
if [[ ! -f ${raw[0]} ]]; then
  echo "no py3-none-linux_$arch wheel in $work/raw:" >&2
  ls "$work/raw" >&2
  exit 1
fi

echo "== auditwheel"
plat=manylinux_${glibc/./_}_$arch
"$venv/bin/auditwheel" show "${raw[0]}"
PATH="$venv/bin:$PATH" "$venv/bin/auditwheel" repair --plat "$plat" -w "$work/repaired" "${raw[0]}"
wheels=("$work"/repaired/wacapi-*-py3-none-*"$plat"*.whl)
if [[ ! -f ${wheels[0]} ]]; then
  echo "auditwheel made no $plat wheel:" >&2
  ls "$work/repaired" >&2
  exit 1
fi
"$venv/bin/auditwheel" show "${wheels[0]}"
mv -f "${wheels[0]}" "$out/"
wheel=$out/$(basename "${wheels[0]}")
echo "built $wheel ($(stat -c %s "$wheel") bytes; library $(stat -c %s "$library") bytes)"
