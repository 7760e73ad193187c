#!/usr/bin/env bash
# What `make test` needs beyond a Rust toolchain and a C compiler, checked or installed.
#
#   tools/deps.sh check     one line per missing tool with the command that installs it;
#                           exit status 1 if anything required is missing (`make test` runs this)
#   tools/deps.sh install   installs what is missing (`make deps`): Debian packages with
#                           apt-get (through sudo unless root), rustup components, the pinned
#                           cbindgen with cargo
#
# Python tools (pytest, mypy, ruff, numpy, build, auditwheel, ziglang) are not listed: the
# scripts that use them make their own venvs and install them from PyPI.
# Optional tools (reported, never fatal; `make deps` installs them too): the WASI toolchain,
# which only `make guests` and the rebuild check of the committed guests use, and g++ for
# libFuzzer (`make fuzz`, CI's fuzz smoke run), and PyPy, on which check.sh --package runs
# the wheel's samples too.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CBINDGEN_VERSION=${CBINDGEN_VERSION:-$(sed -n 's/^CBINDGEN_VERSION := //p' Makefile)}
CARGO=${CARGO:-cargo}
PYTHON=${PYTHON:-python3}

# name|how to test for it|Debian package(s)|required?
checks=(
  "valgrind|command -v valgrind|valgrind|required"
  "pkg-config|command -v pkg-config|pkg-config|required"
  "libclang (bindgen in tests/abi)|have_libclang|libclang-dev|required"
  "g++ (libFuzzer, make fuzz)|command -v g++|g++|optional"
  "python3 with venv and ensurepip|$PYTHON -c 'import venv, ensurepip'|python3-venv|required"
  "clang for wasm32-wasi (make guests)|have_wasi_clang|clang lld wasi-libc libclang-rt-14-dev-wasm32|optional"
  "pypy3 (the wheel tried on PyPy)|pypy3 -m venv --help|pypy3 pypy3-venv|optional"
)

have_libclang() {
  local d
  for d in /usr/lib/llvm-*/lib /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do
    compgen -G "$d/libclang*.so*" >/dev/null && return 0
  done
  return 1
}

have_wasi_clang() {
  local tmp rc
  tmp=$(mktemp -d)
  printf 'int main(void) { return 0; }\n' >"$tmp/p.c"
  clang --target=wasm32-wasi -O2 "$tmp/p.c" -o "$tmp/p.wasm" >/dev/null 2>&1 && rc=0 || rc=1
  rm -rf "$tmp"
  return $rc
}

have_component() {
  "$CARGO" "$1" --version >/dev/null 2>&1
}

have_cbindgen() {
  local bin="${CBINDGEN:-cbindgen}"
  "$bin" --version 2>/dev/null | grep -qx "cbindgen $CBINDGEN_VERSION"
}

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

mode=${1:-check}
missing_packages=()
missing_required=0
report() { # name, install command, required|optional
  echo "missing ($3): $1 -- install: $2"
  [[ $3 == required ]] && missing_required=1
  return 0
}

for entry in "${checks[@]}"; do
  IFS='|' read -r name test packages need <<<"$entry"
  if ! eval "$test" >/dev/null 2>&1; then
    [[ $mode == check ]] && report "$name" "$sudo apt-get install -y $packages" "$need"
    read -r -a pkgs <<<"$packages"
    missing_packages+=("${pkgs[@]}")
  fi
done
for component in fmt clippy; do
  if ! have_component "$component"; then
    name=$([[ $component == fmt ]] && echo rustfmt || echo clippy)
    [[ $mode == check ]] && report "cargo $component" "rustup component add $name" required
  fi
done
if ! have_cbindgen; then
  [[ $mode == check ]] && report "cbindgen $CBINDGEN_VERSION" \
    "$CARGO install cbindgen --locked --version $CBINDGEN_VERSION" required
fi

case $mode in
  check)
    if [[ $missing_required -ne 0 ]]; then
      echo "run 'make deps' to install all of the above" >&2
      exit 1
    fi
    echo "deps: everything make test needs is here"
    ;;
  install)
    if [[ ${#missing_packages[@]} -gt 0 ]]; then
      if ! command -v apt-get >/dev/null; then
        echo "no apt-get here: install the equivalents of: ${missing_packages[*]}" >&2
        exit 1
      fi
      echo "installing Debian packages: ${missing_packages[*]}"
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing_packages[@]}"
    fi
    have_component fmt || rustup component add rustfmt
    have_component clippy || rustup component add clippy
    if ! have_cbindgen; then
      echo "installing cbindgen $CBINDGEN_VERSION"
      "$CARGO" install cbindgen --locked --version "$CBINDGEN_VERSION"
    fi
    "$0" check
    ;;
  *)
    echo "usage: $0 check|install" >&2
    exit 2
    ;;
esac
