#!/usr/bin/env bash
# Builds the fuzz targets, replays the committed regression inputs, then fuzzes each target
# for a time budget; prints executions and crashes per target and exits non-zero if any
# regression input or fuzzing run crashed.
#
#   fuzz/run.sh [TARGET...]          all targets when none is named
#
# Environment:
#   FUZZ_S         seconds of fuzzing per target (default 300; 0 = replay regressions only)
#   FUZZ_PARALLEL  how many targets fuzz at once (default 1; the machine has 2 cores)
#   FUZZ_SANITIZER address (default) or none
#   FUZZ_CGU       codegen units of the fuzz build (default 16: builds in a fraction of the
#                  time of cargo-fuzz's default 1, at a small cost in executions per second)
#   FUZZ_BUILD_ARGS extra arguments for `cargo fuzz build`
#
# cargo-fuzz needs nightly-only rustc flags (-Zsanitizer, sanitizer coverage passes); the
# stable toolchain accepts them with RUSTC_BOOTSTRAP=1, which this script sets for cargo only.
set -euo pipefail

FUZZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$FUZZ_DIR"

ALL_TARGETS=(module_bytes smith_modules differential bindgen_parser)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")
FUZZ_S=${FUZZ_S:-300}
FUZZ_PARALLEL=${FUZZ_PARALLEL:-1}
FUZZ_SANITIZER=${FUZZ_SANITIZER:-address}
FUZZ_CGU=${FUZZ_CGU:-16}
CARGO=${CARGO:-cargo}
TRIPLE=$(rustc -vV | sed -n 's/^host: //p')
BIN_DIR=$FUZZ_DIR/target/$TRIPLE/release
LOG_DIR=$FUZZ_DIR/target/logs
mkdir -p "$LOG_DIR"

if ! "$CARGO" fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  "$CARGO" install cargo-fuzz --locked
fi

build_args=(--sanitizer "$FUZZ_SANITIZER" --codegen-units "$FUZZ_CGU")
# shellcheck disable=SC2206
build_args+=(${FUZZ_BUILD_ARGS:-})

echo "== building ${TARGETS[*]} (sanitizer $FUZZ_SANITIZER)"
start=$SECONDS
for t in "${TARGETS[@]}"; do
  RUSTC_BOOTSTRAP=1 "$CARGO" fuzz build "${build_args[@]}" "$t"
done
echo "== built in $((SECONDS - start)) s"

# Replays every file of corpus/<target>/regressions/ once; prints "<files> <failures>".
replay() {
  local t=$1 dir=$FUZZ_DIR/corpus/$1/regressions n=0 bad=0 f
  if [ -d "$dir" ]; then
    for f in "$dir"/*; do
      [ -f "$f" ] || continue
      n=$((n + 1))
      if ! "$BIN_DIR/$t" -runs=0 "$f" >"$LOG_DIR/$t.replay.$(basename "$f").log" 2>&1; then
        bad=$((bad + 1))
        echo "   $t: regression input $f crashes again (log: $LOG_DIR/$t.replay.$(basename "$f").log)" >&2
      fi
    done
  fi
  echo "$n $bad"
}

# Fuzzes one target for FUZZ_S seconds; writes "<executions> <crashes>" to target/logs/<t>.result.
#
# Fork mode with one worker (-fork=1) keeps going after a crash, so one bug does not end
# the budget; each crash, leak, timeout or OOM leaves a file in artifacts/<target>/.
fuzz_one() {
  local t=$1 log=$LOG_DIR/$1.fuzz.log art=$FUZZ_DIR/artifacts/$1 before after execs
  mkdir -p "$art" "$FUZZ_DIR/corpus/$t"
  before=$(find "$art" -maxdepth 1 -type f | wc -l)
  local dict=()
  [ -f "$FUZZ_DIR/dict/$t.dict" ] && dict=(-dict="$FUZZ_DIR/dict/$t.dict")
  # `cargo fuzz run` would rebuild; the binary is already built, so run it directly.
  set +e
  "$BIN_DIR/$t" "$FUZZ_DIR/corpus/$t" "${dict[@]}" \
    -artifact_prefix="$art/" -max_total_time="$FUZZ_S" -timeout=20 -rss_limit_mb=4096 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -print_final_stats=1 \
    >"$log" 2>&1
  set -e
  after=$(find "$art" -maxdepth 1 -type f | wc -l)
  # Fork mode's status lines: "#<execs>: cov: ... oom/timeout/crash: a/b/c ...".
  execs=$(grep -oE '^#[0-9]+: cov' "$log" | tail -n 1 | tr -dc '0-9')
  echo "${execs:-0} $((after - before))" >"$LOG_DIR/$t.result"
}

status=0
declare -A replayed replay_bad
for t in "${TARGETS[@]}"; do
  read -r n bad < <(replay "$t")
  replayed[$t]=$n
  replay_bad[$t]=$bad
  [ "$bad" -eq 0 ] || status=1
done

if [ "$FUZZ_S" -gt 0 ]; then
  echo "== fuzzing each target for $FUZZ_S s ($FUZZ_PARALLEL at a time)"
  running=0
  for t in "${TARGETS[@]}"; do
    rm -f "$LOG_DIR/$t.result"
    fuzz_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$FUZZ_PARALLEL" ]; then
      wait -n || true
      running=$((running - 1))
    fi
  done
  wait || true
fi

echo
printf '%-16s %12s %10s %14s\n' target executions crashes regressions
for t in "${TARGETS[@]}"; do
  execs=- crashes=-
  if [ -f "$LOG_DIR/$t.result" ]; then
    read -r execs crashes <"$LOG_DIR/$t.result"
    [ "$crashes" -eq 0 ] || status=1
  fi
  printf '%-16s %12s %10s %14s\n' "$t" "$execs" "$crashes" \
    "${replay_bad[$t]}/${replayed[$t]} failed"
done
if [ "$status" -ne 0 ]; then
  echo "crashes found: inputs are in fuzz/artifacts/<target>/, logs in $LOG_DIR" >&2
fi
exit "$status"
