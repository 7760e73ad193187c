#!/bin/sh
# Builds wacapi's WASI guest programs into OUTDIR:
#   command.wasm  tests/guests/command.c, a WASI command (see the modes in its comment)
#   reactor.wasm  tests/guests/reactor.c, a WASI reactor exporting alloc/free/greet
#
#   tests/guests/build.sh OUTDIR
#
# Needs clang with the wasm32-wasi target, wasm-ld and wasi-libc; on Debian:
#   apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32
# CC_WASI overrides the compiler (default: clang).
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC_WASI:-clang}
flags="--target=wasm32-wasi -O2 -Wall -Wextra -Werror -s"

mkdir -p "$out"
tmp=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# A clear message instead of a compiler error when the toolchain is incomplete.
printf 'int main(void) { return 0; }\n' >"$tmp/probe.c"
if ! "$cc" $flags "$tmp/probe.c" -o "$tmp/probe.wasm" >"$tmp/probe.log" 2>&1; then
  echo "error: '$cc --target=wasm32-wasi' cannot build a WASI program:" >&2
  sed 's/^/  /' "$tmp/probe.log" >&2
  echo "Install the WASI toolchain (Debian: apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32)." >&2
  exit 1
fi

"$cc" $flags "$here/command.c" -o "$tmp/command.wasm"
"$cc" $flags -mexec-model=reactor "$here/reactor.c" -o "$tmp/reactor.wasm"
# Renamed into place so a concurrent reader never sees half a file.
mv -f "$tmp/command.wasm" "$out/command.wasm"
mv -f "$tmp/reactor.wasm" "$out/reactor.wasm"
