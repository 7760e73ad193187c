#!/usr/bin/env bash
# Checks the Python bindings:
#   ruff (lint + format), mypy --strict, and pytest against the library that
#   `cargo build --release` made in target/release (WACAPI_LIBRARY overrides).
#   The tests include the Pythonic API (tests/test_api_*.py), run the
#   samples of samples/python and the >>> examples of the docstrings and of
#   docs/*.md (tests/test_doctest.py); ruff and mypy also check those samples.
# With --package it also builds the wheel with pip in a fresh venv (cargo
# build included, in target/pip unless CARGO_TARGET_DIR is set, so that it
# does not take turns with `cargo build --release` over target/release),
# checks its py3-none-<platform> tag, installs it and runs the same tests
# against the installed copy, from outside the source tree.
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

if [[ $package -eq 1 ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "== pip wheel (fresh venv)"
  "$python" -m venv "$work/venv"
  "$work/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/pip} \
    "$work/venv/bin/pip" wheel -q --no-deps "$here" -w "$work/dist"
  wheels=("$work"/dist/wacapi-*-py3-none-*.whl)
  if [[ ! -f ${wheels[0]} ]]; then
    echo "no py3-none-<platform> wheel in $work/dist:" >&2
    ls "$work/dist" >&2
    exit 1
  fi
  echo "built $(basename "${wheels[0]}")"
  "$work/venv/bin/pip" install -q "${wheels[0]}" -r "$here/requirements-dev.txt"
  echo "== pytest (installed wheel)"
  (cd "$work" && env -u WACAPI_LIBRARY WACAPI_TEST_INSTALLED=1 "$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$here/tests")
fi
