#!/usr/bin/env bash
# Checks the Python bindings:
#   ruff (lint + format), mypy --strict, and pytest against the library that
#   `cargo build --release` made in target/release (WACAPI_LIBRARY overrides).
#   The tests include the Pythonic API (tests/test_api_*.py) and run the
#   samples of samples/python; ruff and mypy also check those samples.
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
# The Python samples and the benchmark, with this package's settings.
"$venv/bin/ruff" check --config pyproject.toml "$root/samples/python" "$root/benches/python"
"$venv/bin/ruff" format --config pyproject.toml --check "$root/samples/python" "$root/benches/python"
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
  wheels=("$work"/dist/wacapi-*-py3-none-manylinux_*.whl)
  if [[ ! -f ${wheels[0]} ]]; then
    echo "no py3-none-manylinux wheel in $work/dist:" >&2
    ls "$work/dist" >&2
    exit 1
  fi
  install_and_test wheel "${wheels[0]}"
  ls -l "$work"/dist
fi
