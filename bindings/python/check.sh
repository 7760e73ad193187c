#!/usr/bin/env bash
# Checks the Python bindings:
#   ruff (lint + format), mypy --strict, and pytest against the library that
#   `cargo build --release` made in target/release (WACAPI_LIBRARY overrides).
#   The tests: the Pythonic API in tests/api (which also runs the samples of
#   samples/python and the >>> examples of the docstrings and of docs/*.md,
#   tests/api/test_doctest.py), the procedural binding in tests/ffi, and the
#   import layers of the package (tests/test_layers.py); ruff and mypy also check
#   those samples.
# With --package it also builds the sdist (package.sh sdist), installs it with
# pip in a fresh venv (cargo builds the library from the crate inside it) and
# runs the same tests against the installed copy, from outside the source tree;
# then the same with the manylinux wheel built from that sdist (package.sh wheel).
#
# The tools go into a venv: $WACAPI_PY_VENV, by default bindings/python/.venv.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
venv=${WACAPI_PY_VENV:-$here/.venv}
package=0
for arg in "$@"; do
  case $arg in
    --package) package=1 ;;
    *) echo "usage: $0 [--package]" >&2; exit 2 ;;
  esac
done

if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements-dev.txt"

cd "$here"
echo "== ruff"
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .
# The Python samples, the benchmark and the docs builder, with this package's settings.
"$venv/bin/ruff" check --config pyproject.toml "$root/samples/python" "$root/benches/python" "$root/tools/docs"
"$venv/bin/ruff" format --config pyproject.toml --check "$root/samples/python" "$root/benches/python" "$root/tools/docs"
echo "== mypy --strict"
"$venv/bin/mypy"
# Every module of the package (the configured files reach them through imports;
# this names them all), and the samples as a user's code.
"$venv/bin/mypy" -p wacapi
"$venv/bin/mypy" --strict "$root/samples/python"
echo "== pytest (source tree)"
"$venv/bin/python" -m pytest -q

# install_and_test LABEL PACKAGE: PACKAGE (sdist or wheel) into a fresh venv, then the test
# suite from outside the source tree against the installed copy (WACAPI_TEST_INSTALLED).
install_and_test() {
  local label=$1 package=$2 env=$work/venv-$1
  "$python" -m venv "$env"
  "$env/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  echo "== pip install $(basename "$package") (fresh venv)"
  (cd "$work" && CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/pip} \
    "$env/bin/pip" install -q "$package" -r "$here/requirements-dev.txt")
  echo "== pytest (installed $label)"
  (cd "$work" && env -u WACAPI_LIBRARY WACAPI_TEST_INSTALLED=1 "$env/bin/python" -m pytest -q -p no:cacheprovider "$here/tests")
}

# other_interpreters WHEEL: the one py3-none wheel on every other Python found here (PyPy,
# the CPython versions pyenv has, from 3.9 up), each in a fresh venv, running the samples
# that need nothing from PyPI against their expected output. None found is reported.
other_interpreters() {
  local wheel=$1 found=0 py name env sample
  local candidates=(pypy3)
  if command -v pyenv >/dev/null 2>&1; then
    for py in "$(pyenv root)"/versions/3.*/bin/python3; do candidates+=("$py"); done
  fi
  for py in "${candidates[@]}"; do
    command -v "$py" >/dev/null 2>&1 || continue
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null || continue
    # Not the interpreter the tests above ran on (pyenv's shims hide it behind other paths).
    [[ $("$py" -c 'import os, sys; print(os.path.realpath(sys.executable))') == \
      $("$python" -c 'import os, sys; print(os.path.realpath(sys.executable))') ]] && continue
    name=$("$py" -c 'import platform, sys; print(platform.python_implementation() + "-" + ".".join(map(str, sys.version_info[:2])))')
    env=$work/venv-$name
    "$py" -m venv "$env" || { echo "$name: cannot make a venv" >&2; return 1; }
    (cd "$work" && "$env/bin/python" -m pip install -q --disable-pip-version-check "$wheel")
    for sample in bulk_calls hello host_callbacks tables_globals wasi_command wasi_reactor; do
      (cd "$work" && env -u WACAPI_LIBRARY "$env/bin/python" "$root/samples/python/$sample.py") >"$work/$sample.out"
      diff -u "$root/samples/python/expected/$sample.out" "$work/$sample.out" ||
        { echo "$name: samples/python/$sample.py differs from its expected output" >&2; return 1; }
    done
    echo "== $name: the wheel installs and 6 samples match"
    found=$((found + 1))
  done
  echo "== the wheel on $found other interpreter(s)"
}

if [[ $package -eq 1 ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # The sdist, built by pip away from the checkout (cargo included, in target/pip unless
  # CARGO_TARGET_DIR is set, so that it does not take turns with `cargo build --release`
  # over target/release); then the manylinux wheel built from that sdist.
  echo "== sdist"
  "$here/package.sh" sdist "$work/dist"
  sdists=("$work"/dist/wacapi-*.tar.gz)
  install_and_test sdist "${sdists[0]}"
  echo "== manylinux wheel (from the sdist)"
  "$here/package.sh" wheel --sdist "${sdists[0]}" "$work/dist"
  wheels=("$work"/dist/wacapi-*-py3-none-*manylinux*.whl)
  if [[ ! -f ${wheels[0]} ]]; then
    echo "no py3-none-manylinux wheel in $work/dist:" >&2
    ls "$work/dist" >&2
    exit 1
  fi
  install_and_test wheel "${wheels[0]}"
  other_interpreters "${wheels[0]}"
  ls -l "$work"/dist
fi
