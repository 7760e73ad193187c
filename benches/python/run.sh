#!/usr/bin/env bash
# Runs benches/python/bench.py (calls, callbacks, memory, compilation) and
# bench_startup.py (startup of WASI programs): wacapi's Python API against
# wasmtime-py.
#
# Makes its own venv (benches/python/.venv, or $WACAPI_BENCH_VENV) with
# wasmtime and numpy from PyPI, builds the library if needed
# (cargo build --release), takes the WASI guests committed in tests/guests (or
# $WACAPI_GUESTS), and runs the benchmarks against this
# checkout's bindings/python and target/release/libwacapi.so (WACAPI_LIBRARY
# overrides).
#
#   run.sh [--quick] [--fib N]     both benchmarks (--fib goes to bench.py only)
#   run.sh --startup [--quick]     bench_startup.py only
#   run.sh --calls [--quick]       bench.py only
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
venv=${WACAPI_BENCH_VENV:-$here/.venv}

if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"

if [[ -z ${WACAPI_LIBRARY:-} && ! -f $root/target/release/libwacapi.so ]]; then
  (cd "$root" && cargo build --release)
fi

which=both
quick=()
calls_args=()
for arg in "$@"; do
  case $arg in
    --startup) which=startup ;;
    --calls) which=calls ;;
    --quick) quick=(--quick); calls_args+=("$arg") ;;
    *) calls_args+=("$arg") ;;
  esac
done

if [[ $which != startup ]]; then
  "$venv/bin/python" "$here/bench.py" ${calls_args[@]+"${calls_args[@]}"}
fi
if [[ $which != calls ]]; then
  guests=${WACAPI_GUESTS:-$root/tests/guests}
  [[ $which == both ]] && echo
  "$venv/bin/python" "$here/bench_startup.py" ${quick[@]+"${quick[@]}"} "$guests"
fi
