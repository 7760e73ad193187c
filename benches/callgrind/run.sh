#!/usr/bin/env bash
# Instructions per wasm_func_call of add(i32,i32) and per wasm->host callback, counted with
# callgrind (repeatable on a noisy machine, unlike wall-clock time): runs calls.c with N and
# 2N operations and prints the difference divided by N, so setup costs cancel out; then the
# same for raw wasmi (benches/callgrind_raw.rs), untyped and typed, for the ratios.
#
#   benches/callgrind/run.sh [LIBDIR]     (default: target/release; needs valgrind and cc)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
libdir=$(cd "${1:-$root/target/release}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -sf "$libdir/libwacapi.so" "$work/libwacapi.so.0"
cc -O2 -I"$root/include" "$here/calls.c" -o "$work/calls" -L"$libdir" -lwacapi -Wl,-rpath,"$work"
n=100000
count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/calls" "$@" >/dev/null 2>&1
  sed -n 's/^summary: //p' "$work/cg.out"
}
for store in plain sliced; do
  for mode in add cb; do
    one=$(count $n $mode $store)
    two=$(count $((2 * n)) $mode $store)
    echo "$mode ($store store): $(((two - one) / n)) instructions per operation ($libdir)"
  done
done
raw=$(cd "$root" && cargo bench -q --bench callgrind_raw --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p')
if [[ -n $raw ]]; then
  raw="$root/$raw"
  for api in untyped typed; do
    for mode in add cb; do
      valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$raw" $n $mode $api >/dev/null 2>&1
      one=$(sed -n 's/^summary: //p' "$work/cg.out")
      valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$raw" $((2 * n)) $mode $api >/dev/null 2>&1
      two=$(sed -n 's/^summary: //p' "$work/cg.out")
      echo "$mode (raw wasmi, $api): $(((two - one) / n)) instructions per operation"
    done
  done
fi
