#!/usr/bin/env bash
# Runs benches/python/bench.py: wacapi's Python API against wasmtime-py.
#
# Makes its own venv (benches/python/.venv, or $WACAPI_BENCH_VENV) with
# wasmtime and numpy from PyPI, builds the library if needed
# (cargo build --release) and runs the benchmark against this checkout's
# bindings/python and target/release/libwacapi.so (WACAPI_LIBRARY overrides).
# Arguments go to bench.py (--quick, --fib N).
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

exec "$venv/bin/python" "$here/bench.py" "$@"
