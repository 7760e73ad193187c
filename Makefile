# wacapi - the standard WebAssembly C API (wasm.h) over the wasmi interpreter.
#
#   make demo             build everything and run every C and Python sample
#   make test             everything CI runs (first checks the tools: see `make deps`)
#
#   make deps             install what `make test` needs (apt-get, rustup, cargo install)
#   make                  build target/release/libwacapi.{so,a}
#   make header           regenerate include/wacapi.h with cbindgen
#   make check-header     fail if include/wacapi.h is stale
#   make bindings         regenerate the header, then bindings/python/wacapi/binding.py(i)
#   make check-bindings   fail if the committed Python binding is stale
#   make samples          compile samples/c/*.c into build/samples/
#   make guests           rebuild the committed WASI guests (tests/guests/*.wasm; needs clang)
#   make check-samples    run every sample and compare with samples/c/expected/
#                         (VALGRIND=1: under valgrind, leaks are errors)
#   make asan             the C tests and samples built with -fsanitize=address
#   make sdist            the Python sdist (crate sources inside) into build/dist/
#   make wheel            a manylinux wheel into build/dist/ (cargo-zigbuild, auditwheel)
#   make install          PREFIX=/usr/local, DESTDIR supported
#   make docs             the Python and C references and docs/*.md as HTML in build/docs/
#   make clean

CARGO    ?= cargo
CBINDGEN ?= cbindgen
CBINDGEN_VERSION := 0.29.4
VALGRIND ?=

PREFIX     ?= /usr/local
DESTDIR    ?=
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

# Version from Cargo.toml's [package]; the SONAME (set by build.rs) is
# libwacapi.so.$(SOMAJOR).
VERSION := $(shell sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))

TARGET_ROOT := $(or $(CARGO_TARGET_DIR),target)
TARGET_DIR  := $(TARGET_ROOT)/release
LIB_SO     := $(TARGET_DIR)/libwacapi.so
LIB_A      := $(TARGET_DIR)/libwacapi.a

SAMPLE_NAMES := $(sort $(basename $(notdir $(wildcard samples/c/*.c))))
# The Python samples `demo` runs too (with bindings/python from this checkout), in a venv
# of their own that has numpy (memory_numpy.py).
PYTHON   ?= python3
PY_DEMOS := $(sort $(basename $(notdir $(wildcard samples/python/*.py))))
DEMO_VENV := build/demo-venv
SAMPLE_BINS  := $(addprefix build/samples/,$(SAMPLE_NAMES))
SAMPLE_CFLAGS ?= -std=c11 -O2 -g -Wall -Wextra -Werror

# WASI guest programs (C for wasm32-wasi) that the WASI samples and tests run: committed in
# tests/guests/ beside their sources, so no WASI toolchain is needed to use them;
# `make guests` rebuilds them (tests/guests/build.sh: clang, lld, wasi-libc).
export WACAPI_GUESTS := $(abspath tests/guests)

# V=1 shows the compiler command lines.
Q := $(if $(filter 1,$(V)),,@)

# The project's valgrind suppressions (optimizer artefacts, see the files).
VALGRIND_SUPP := $(wildcard tests/valgrind.supp tools/valgrind.supp)
VALGRIND_CMD := valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1 -q \
  $(addprefix --suppressions=,$(VALGRIND_SUPP))

.PHONY: all lib header check-header cbindgen samples guests demo check-samples asan test install uninstall clean bindings check-bindings python-test deps check-deps sdist wheel

all: lib

# Cargo decides what is out of date, so this always asks it. The library's
# SONAME is libwacapi.so.$(SOMAJOR), which programs linked against it look
# for at run time, so that name is linked beside it.
lib:
	$(CARGO) build --release
	@ln -sf libwacapi.so $(TARGET_DIR)/libwacapi.so.$(SOMAJOR)

# Used by `install` only when the libraries are missing.
$(LIB_SO) $(LIB_A):
	$(CARGO) build --release
	@ln -sf libwacapi.so $(TARGET_DIR)/libwacapi.so.$(SOMAJOR)

# ---------------------------------------------------------------- header

# Installs the pinned cbindgen when it is missing or another version.
cbindgen:
	@if ! $(CBINDGEN) --version 2>/dev/null | grep -qx 'cbindgen $(CBINDGEN_VERSION)'; then \
	  echo "installing cbindgen $(CBINDGEN_VERSION)"; \
	  $(CARGO) install cbindgen --locked --version $(CBINDGEN_VERSION); \
	fi

header: cbindgen
	$(CBINDGEN) --config cbindgen.toml --output include/wacapi.h

check-header: cbindgen
	@tmp=$$(mktemp --suffix=.h) || exit 1; \
	if ! $(CBINDGEN) --quiet --config cbindgen.toml --output $$tmp; then \
	  rm -f $$tmp; echo "check-header: cbindgen failed" >&2; exit 1; \
	fi; \
	if diff -u include/wacapi.h $$tmp; then \
	  rm -f $$tmp; echo "check-header: include/wacapi.h is up to date"; \
	else \
	  rm -f $$tmp; echo "check-header: include/wacapi.h is stale; run 'make header'" >&2; exit 1; \
	fi

# ---------------------------------------------------------------- samples

samples: $(SAMPLE_BINS)

# Always relinked (cheap), because `lib` may have rebuilt the library.
# Samples that include <pthread.h> get -pthread.
build/samples/%: samples/c/%.c lib
	@mkdir -p $(@D)
	@echo "  CC    $@"
	$(Q)$(CC) $(SAMPLE_CFLAGS) $(CFLAGS) -Iinclude $< -o $@ \
	  -L$(TARGET_DIR) -lwacapi -Wl,-rpath,$(abspath $(TARGET_DIR)) \
	  $$(grep -q '<pthread.h>' $< && echo -pthread) $(LDFLAGS)

# Rebuilds tests/guests/{command,reactor}.wasm and guests.sha256; commit the result.
guests:
	sh tests/guests/build.sh
	@git status --short tests/guests 2>/dev/null || true

# A venv for the Python samples, with numpy (made once; PyPI). The stamp is written only
# after pip succeeded, so an interrupted install is retried.
$(DEMO_VENV)/.ready:
	$(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install -q --disable-pip-version-check numpy
	@touch $@

demo: samples $(DEMO_VENV)/.ready
	@failed=""; \
	for s in $(SAMPLE_NAMES); do \
	  echo; echo "================ $$s"; \
	  ./build/samples/$$s || { echo "!!! $$s failed (exit status $$?)"; failed="$$failed $$s"; }; \
	done; \
	for s in $(PY_DEMOS); do \
	  echo; echo "================ python: samples/python/$$s.py"; \
	  WACAPI_LIBRARY=$(abspath $(LIB_SO)) $(DEMO_VENV)/bin/python samples/python/$$s.py \
	    || { echo "!!! $$s.py failed (exit status $$?)"; failed="$$failed $$s.py"; }; \
	done; \
	echo; if [ -n "$$failed" ]; then echo "failed:$$failed"; exit 1; fi; \
	echo "all $(words $(SAMPLE_NAMES) $(PY_DEMOS)) samples ran"

check-samples: samples
	@echo "running $(words $(SAMPLE_NAMES)) samples$(if $(filter 1,$(VALGRIND)), under valgrind)"
	@pass=0; fail=0; \
	for s in $(SAMPLE_NAMES); do \
	  out=build/samples/$$s.out; err=build/samples/$$s.err; \
	  if $(if $(filter 1,$(VALGRIND)),$(VALGRIND_CMD)) ./build/samples/$$s >$$out 2>$$err; then \
	    if diff -u samples/c/expected/$$s.out $$out >build/samples/$$s.diff 2>&1; then \
	      echo "  ok    $$s"; pass=$$((pass + 1)); \
	    else \
	      echo "  FAIL  $$s: output differs from samples/c/expected/$$s.out"; \
	      cat build/samples/$$s.diff; fail=$$((fail + 1)); \
	    fi; \
	  else \
	    echo "  FAIL  $$s: exit status $$? (stderr in $$err)"; \
	    sed -n 's/^/        /;1,40p' $$err; fail=$$((fail + 1)); \
	  fi; \
	done; \
	echo "samples: $$pass passed, $$fail failed"; \
	test $$fail -eq 0

# ---------------------------------------------------------------- test

# The tools `make test` needs (one line per missing one, with its install command).
check-deps:
	@CARGO=$(CARGO) CBINDGEN=$(CBINDGEN) tools/deps.sh check

deps:
	CARGO=$(CARGO) CBINDGEN=$(CBINDGEN) tools/deps.sh install

test: check-deps
	@echo "==> cargo fmt --check"
	$(CARGO) fmt --all -- --check
	@echo "==> cargo clippy"
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	@echo "==> check-header"
	@$(MAKE) --no-print-directory check-header
	@echo "==> check-bindings"
	@$(MAKE) --no-print-directory check-bindings
	@echo "==> cargo test --release --workspace (C programs under valgrind)"
	WACAPI_VALGRIND=1 $(CARGO) test --release --workspace
	@echo "==> samples under valgrind"
	@$(MAKE) --no-print-directory check-samples VALGRIND=1
	@echo "==> C tests and samples under AddressSanitizer"
	@$(MAKE) --no-print-directory asan
	@echo "==> python: ruff, mypy --strict, pytest"
	@$(MAKE) --no-print-directory python-test
	@echo "==> docs (pdoc, wacapi-bindgen --docs, docs/*.md; examples ran as doctests above)"
	@$(MAKE) --no-print-directory docs

# The C test programs and the samples compiled with -fsanitize=address against the library
# (see tests/common/mod.rs: AddressSanitizer's malloc covers both sides of the API, and its
# leak checker reports what a program was handed and never deleted).
asan:
	WACAPI_ASAN=1 $(CARGO) test --release --test c_api --test samples

# ---------------------------------------------------------------- python

# The ctypes binding is generated from the headers; `bindings` regenerates the C header first.
BINDGEN := $(CARGO) run -q -p wacapi-bindgen -- -I include
BINDGEN_ARGS := -o bindings/python/wacapi/binding.py include/wasm.h include/wacapi.h

bindings: header
	$(BINDGEN) $(BINDGEN_ARGS)

check-bindings:
	$(BINDGEN) --check $(BINDGEN_ARGS)

# ruff, mypy --strict and pytest in bindings/python/.venv (made on first use), then the same
# tests against the sdist and the manylinux wheel, each installed in a fresh venv. The spec
# testsuite subset that tests/api/test_spec_subset.py replays is exported once to build/spec-json
# (tests/spec's wacapi-wast2json) and named by WACAPI_SPEC_JSON for every run.
python-test: lib
	rm -rf build/spec-json
	$(CARGO) run --release -q -p wacapi-spec --bin wacapi-wast2json -- build/spec-json
	WACAPI_SPEC_JSON=$(abspath build/spec-json) bindings/python/check.sh --package

# The Python sdist (crate sources and Cargo.lock inside) and a manylinux wheel built from it
# (bindings/python/package.sh: cargo-zigbuild against glibc 2.17, auditwheel).
sdist:
	bindings/python/package.sh sdist build/dist

wheel: sdist
	bindings/python/package.sh wheel --sdist $$(ls -t build/dist/wacapi-*.tar.gz | head -n 1) build/dist

# ---------------------------------------------------------------- install

install: $(LIB_SO) $(LIB_A)
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 include/wasm.h include/wacapi.h include/wasi.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/libwacapi.so.$(VERSION)
	ln -sf libwacapi.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libwacapi.so.$(SOMAJOR)
	ln -sf libwacapi.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libwacapi.so
	install -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libwacapi.a
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    wacapi.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/wacapi.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/wacapi.pc

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/wasm.h $(DESTDIR)$(INCLUDEDIR)/wacapi.h $(DESTDIR)$(INCLUDEDIR)/wasi.h
	rm -f $(DESTDIR)$(LIBDIR)/libwacapi.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libwacapi.so.$(SOMAJOR)
	rm -f $(DESTDIR)$(LIBDIR)/libwacapi.so $(DESTDIR)$(LIBDIR)/libwacapi.a
	rm -f $(DESTDIR)$(LIBDIR)/pkgconfig/wacapi.pc

clean:
	$(CARGO) clean
	rm -rf build

# ---------------------------------------------------------------- fuzz
# libFuzzer targets over the C API and the binding generator (fuzz/README.md). fuzz/run.sh
# installs cargo-fuzz when missing, builds with RUSTC_BOOTSTRAP=1 on the stable toolchain,
# replays fuzz/corpus/<target>/regressions/ first, and fails if anything crashed.
#
#   make fuzz FUZZ_S=300   each target for FUZZ_S seconds (FUZZ_TARGETS="a b" for a subset)
#   make fuzz-smoke        what CI runs: FUZZ_SMOKE_S (60) seconds per target, two at a time
#   make fuzz-replay       only the regression inputs, no fuzzing
#   make fuzz-seeds        rewrite the committed seed corpora (needs wat2wasm from wabt, gcc)

FUZZ_S       ?= 300
FUZZ_SMOKE_S ?= 60
FUZZ_TARGETS ?=

.PHONY: fuzz fuzz-smoke fuzz-replay fuzz-seeds

fuzz:
	FUZZ_S=$(FUZZ_S) CARGO=$(CARGO) fuzz/run.sh $(FUZZ_TARGETS)

fuzz-smoke:
	FUZZ_S=$(FUZZ_SMOKE_S) FUZZ_PARALLEL=2 CARGO=$(CARGO) fuzz/run.sh $(FUZZ_TARGETS)

fuzz-replay:
	FUZZ_S=0 CARGO=$(CARGO) fuzz/run.sh $(FUZZ_TARGETS)

fuzz-seeds:
	$(PYTHON) fuzz/seeds/make_seeds.py

# ---------------------------------------------------------------- docs
# The documentation in build/docs/, offline: the Python reference made by pdoc from the
# package's docstrings (pdoc pinned in bindings/python/requirements-docs.txt, installed into
# build/docs-venv, made on first use), the C reference of wasm.h and wacapi.h written by
# `wacapi-bindgen --docs` from the headers, the pages of docs/ as HTML, and index.html linking
# them all (tools/docs/build.py). pdoc imports the package, which loads the library: hence `lib`.

DOCS_DIR  := build/docs
DOCS_VENV := build/docs-venv

.PHONY: docs

docs: lib
	@if [ ! -x $(DOCS_VENV)/bin/python ]; then $(PYTHON) -m venv $(DOCS_VENV); fi
	$(DOCS_VENV)/bin/python -m pip install -q --disable-pip-version-check -r bindings/python/requirements-docs.txt
	rm -rf $(DOCS_DIR)
	$(BINDGEN) --docs $(DOCS_DIR)/c include/wasm.h include/wacapi.h
	WACAPI_LIBRARY=$(abspath $(LIB_SO)) $(DOCS_VENV)/bin/python tools/docs/build.py --out $(DOCS_DIR)
