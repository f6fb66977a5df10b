#!/usr/bin/env bash
# Compares cloudtest's benchmark scenarios of an OLD git revision with the CURRENT working tree, measured interleaved
# in one run against one moto server, and reports new/old ratios next to the spread between repetitions of the same
# code.
#
#   scripts/benchmark-compare.sh <old-rev> [scenarios, default 1,4,8] [rounds, default 3]
#
# What it does:
#   1. `git worktree add --detach target/compare/old <old-rev>` (removed again on exit). The new side is this
#      script's own checkout, working tree as it is (uncommitted changes included); NEW_TREE=<path> overrides it
#      (e.g. a second worktree, to test this script while the current tree does not compile).
#   2. Builds each side's benchmarks module in its own tree, one after the other (`mvn -Pbenchmarks -pl benchmarks -am
#      package`, NOT install: the class path is the tree's own reactor jars, never ~/.m2, which both sides share),
#      checks that, and copies the tree's class path entries to target/compare/classpath/<side>/ so that a rebuild of
#      the tree during the comparison (someone working in it) cannot change or swap the classes being measured.
#   3. Starts moto once with scripts/emulator.sh (project-local .venv-moto, loopback only), as a private server: the
#      script runs from a copy in target/compare/moto/scripts/, so its pid/endpoint state is separate from the shared
#      target/emulator that scripts/test-all.sh and others start, reuse and stop. Stops it on exit (also on failure or
#      Ctrl-C). Resets moto's state (POST /moto-api/reset) before every benchmark JVM: each run starts empty.
#   4. For round = 1..rounds: runs the old side then the new side, the other way round in every second round
#      (old,new / new,old / ...), each a fresh benchmark JVM writing target/compare/results/<side>-<round>.md
#      (its log next to it, <side>-<round>.log).
#   5. scripts/benchmark_compare_summary.py reads the "## Summary" tables and writes target/compare/COMPARE.md (also
#      printed): per row that measures cloudtest code, the median over rounds of the per-round medians of each side,
#      new/old, the spread of each side (max/min of its per-round medians), noise = the larger spread, and a verdict.
#   6. Exits non-zero if a build or a benchmark run fails (including a scenario the benchmark JVM reports FAILED).
#
# Repetitions: BENCH_OPTS (passed to both sides' JVMs) defaults to
#   -Dbench.warmup=1 -Dbench.reps=7 -Dbench.simulatedReps=2 -Dbench.waiterSimulatedReps=0 -Dbench.reuseReps=7
#   -Dbench.localColdStarts=5 -Dbench.localInvokes=60 -Dbench.localSqsEvents=30
# (fewer than benchmarks/README.md's defaults; waiterSimulatedReps=0 drops the SDK waiter's ~30 s rounds against the
# simulated asynchronous stack — a baseline, not cloudtest code; its rows are then empty). With the default
# scenarios and 3 rounds a run takes about 5-6 minutes on 2 cores: ~40-45 s per benchmark JVM (6 of them) plus the
# two builds (~35 s for the fresh old worktree, less for an up-to-date new tree). BENCH_OPTS replaces all of these
# defaults (BENCH_OPTS= , empty, runs Settings.java's own defaults, ~2 minutes more per JVM for the SDK waiter).
#
# Reading the result: the spread of 3 rounds (max/min of 3 medians) is a rough, optimistic noise estimate, and
# sub-millisecond rows (scenario 8's warm invoke) move by ×1.5 or more between JVMs on a loaded machine. An A/A run,
# `scripts/benchmark-compare.sh HEAD` on a clean tree, shows how much two runs of the same code differ right now;
# more rounds narrow it.
#
# Scenario 7 (mvn verify of examples/, which resolves cloudtest from the shared ~/.m2) cannot tell two trees apart and
# is refused. Only loopback addresses are used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { echo "[benchmark-compare] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
  echo "usage: $0 <old-rev> [scenarios, default 1,4,8] [rounds, default 3]   (env: BENCH_OPTS, NEW_TREE)" >&2
  exit 2
}
[[ $# -ge 1 && $# -le 3 && -n "$1" ]] || usage
OLD_REV_ARG="$1"
SCENARIOS="${2:-1,4,8}"
ROUNDS="${3:-3}"
DEFAULT_BENCH_OPTS="-Dbench.warmup=1 -Dbench.reps=7 -Dbench.simulatedReps=2 -Dbench.waiterSimulatedReps=0 \
-Dbench.reuseReps=7 -Dbench.localColdStarts=5 -Dbench.localInvokes=60 -Dbench.localSqsEvents=30"
BENCH_OPTS="${BENCH_OPTS-$DEFAULT_BENCH_OPTS}"

[[ "$ROUNDS" =~ ^[0-9]+$ && "$ROUNDS" -ge 2 ]] \
  || die "rounds must be a number >= 2 (the spread between repetitions of the same code needs two), not '$ROUNDS'"
SCENARIOS="${SCENARIOS// /}"
IFS=',' read -r -a scenario_list <<<"$SCENARIOS"
[[ ${#scenario_list[@]} -gt 0 ]] || die "no scenarios given"
for s in "${scenario_list[@]}"; do
  [[ "$s" =~ ^[0-9] ]] || die "scenario '$s' is not a scenario number (1 … 8; see benchmarks/README.md)"
  [[ "$s" != 7* ]] || die "scenario 7 runs 'mvn verify' of examples/, which resolves cloudtest from the shared ~/.m2" \
    "(whatever was installed last), so it cannot compare two trees; leave it out"
done

OLD_REV="$(git rev-parse --verify --quiet "$OLD_REV_ARG^{commit}")" || die "'$OLD_REV_ARG' is not a git revision"
NEW_TREE_ARG="${NEW_TREE:-$ROOT}"
NEW_TREE="$(cd "$NEW_TREE_ARG" 2>/dev/null && pwd)" || die "NEW_TREE '$NEW_TREE_ARG' is not a directory"
COMPARE="$ROOT/target/compare"
OLD_TREE="$COMPARE/old"
RESULTS="$COMPARE/results"
[[ "$NEW_TREE" != "$OLD_TREE" ]] || die "NEW_TREE must not be $OLD_TREE"

# --- cleanup: only what this script started -------------------------------------------------------------------------
started_emulator=""
EMULATOR=""
created_worktree=""
child_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$child_pid" ]] && kill -0 "$child_pid" 2>/dev/null; then
    log "stopping child process $child_pid"
    kill -TERM "$child_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$child_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$child_pid" 2>/dev/null || true
  fi
  if [[ -n "$started_emulator" ]]; then
    "$EMULATOR" stop || true
  fi
  if [[ -n "$created_worktree" ]]; then
    git -C "$ROOT" worktree remove --force "$OLD_TREE" || log "could not remove the worktree $OLD_TREE"
    git -C "$ROOT" worktree prune || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run_child DIR LOG COMMAND...: runs COMMAND in DIR, output to LOG, in the background and waits for it, so that
# INT/TERM reach the trap at once (not only after the command ends) and cleanup can stop it by its pid.
run_child() {
  local dir="$1" out="$2"
  shift 2
  (cd "$dir" && exec "$@") >"$out" 2>&1 &
  child_pid=$!
  local rc=0
  wait "$child_pid" || rc=$?
  child_pid=""
  return "$rc"
}

mkdir -p "$COMPARE"
exec 9>"$COMPARE/.lock"
flock -n 9 || die "another scripts/benchmark-compare.sh is running in $ROOT (lock $COMPARE/.lock)"
# A worktree left behind by an earlier run that was killed hard.
if [[ -e "$OLD_TREE" ]] || git -C "$ROOT" worktree list --porcelain | grep -qxF "worktree $OLD_TREE"; then
  log "removing the worktree left behind at $OLD_TREE"
  git -C "$ROOT" worktree remove --force "$OLD_TREE" 2>/dev/null || rm -rf "$OLD_TREE"
  git -C "$ROOT" worktree prune
fi
rm -rf "$RESULTS" "$COMPARE/classpath" "$COMPARE/COMPARE.md"
mkdir -p "$RESULTS"

log "old: $OLD_REV_ARG ($(git log -1 --format='%h %s' "$OLD_REV")) in $OLD_TREE"
git -C "$ROOT" worktree add --detach --quiet "$OLD_TREE" "$OLD_REV"
created_worktree="yes"
NEW_HEAD="$(git -C "$NEW_TREE" log -1 --format='%h %s' 2>/dev/null || echo 'not a git checkout')"
NEW_DIRTY=""
if [[ -n "$(git -C "$NEW_TREE" status --porcelain 2>/dev/null)" ]]; then NEW_DIRTY=" + uncommitted changes"; fi
log "new: working tree $NEW_TREE (HEAD $NEW_HEAD$NEW_DIRTY)"

# --- build, one side at a time (2 cores) ----------------------------------------------------------------------------
declare -A CP
# True if a Maven build is running with TREE as its project directory (it would write the same target/ dirs).
maven_running_in() {
  ps -eo comm=,args= | awk -v want="-Dmaven.multiModuleProjectDirectory=$1" \
    '$1 == "java" { for (i = 2; i <= NF; i++) if ($i == want) found = 1 } END { exit !found }'
}
build_side() {
  local side="$1" tree="$2" build_log="$RESULTS/build-$1.log"
  [[ -f "$tree/benchmarks/pom.xml" ]] || die "$side: $tree has no benchmarks module"
  if maven_running_in "$tree"; then
    die "$side: another Maven build is running in $tree; building there at the same time would mix both builds'" \
      "target/ directories. Try again when it has finished."
  fi
  log "$side: building cloudtest-core, cloudtest-junit5-extension and benchmarks in $tree (log $build_log)"
  local start=$SECONDS
  if ! run_child "$tree" "$build_log" \
      mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true; then
    tail -n 60 "$build_log" >&2
    die "$side: the build failed in $tree (full log: $build_log)"
  fi
  log "$side: built in $((SECONDS - start)) s"
  local cp_file="$tree/benchmarks/target/benchmark-classpath.txt"
  [[ -s "$cp_file" ]] || die "$side: the build wrote no $cp_file (does this revision's benchmarks/pom.xml write it?)"
  [[ -d "$tree/benchmarks/target/classes/dev/cloudtest/benchmarks" ]] || die "$side: no compiled benchmarks in $tree"

  # The reactor must resolve cloudtest's own modules to this tree (package, not install); never to ~/.m2.
  local entries=() e
  IFS=":" read -r -a entries <"$cp_file" || true  # one line, maybe without a newline
  local own_core="" own_ext=""
  for e in "${entries[@]}"; do
    case "$(basename "$e")" in
      cloudtest-*.jar | classes)
        if [[ "$e" == "$tree"/* ]]; then
          [[ "$e" == *cloudtest-core* ]] && own_core="$e"
          [[ "$e" == *cloudtest-junit5-extension* ]] && own_ext="$e"
        elif [[ "$(basename "$e")" == cloudtest-* ]]; then
          die "$side: the class path resolves $(basename "$e") outside the tree ($e), not to $tree's reactor build"
        fi
        ;;
    esac
  done
  [[ -n "$own_core" ]] || die "$side: $cp_file does not list $tree's own cloudtest-core (reactor)"
  [[ -n "$own_ext" ]] || die "$side: $cp_file does not list $tree's own cloudtest-junit5-extension (reactor)"
  log "$side: class path uses ${own_core#"$tree"/} and ${own_ext#"$tree"/}"

  # Snapshot the tree's own entries (benchmarks classes, core and extension jars), keeping their relative paths.
  local snap="$COMPARE/classpath/$side" out=() rel
  for e in "$tree/benchmarks/target/classes" "${entries[@]}"; do
    if [[ "$e" == "$tree"/* ]]; then
      rel="${e#"$tree"/}"
      mkdir -p "$snap/$(dirname "$rel")"
      cp -a "$e" "$snap/$rel"
      out+=("$snap/$rel")
    else
      out+=("$e")
    fi
  done
  CP[$side]="$(IFS=':'; echo "${out[*]}")"
}
build_side new "$NEW_TREE"
build_side old "$OLD_TREE"
declare -A TREE=([old]="$OLD_TREE" [new]="$NEW_TREE")

# --- moto, once -----------------------------------------------------------------------------------------------------
# A private moto server: this checkout's scripts/emulator.sh, copied to target/compare/moto/scripts/ so that its state
# (pid, endpoint) lives in target/compare/moto/target/emulator, with the project's .venv-moto (CLOUDTEST_VENV). The
# shared one (target/emulator) is left alone: another script (scripts/test-all.sh) may be using it, would add its
# own load to the measurements, and stops it when it ends, which would break a comparison halfway.
export CLOUDTEST_VENV="${CLOUDTEST_VENV:-$ROOT/.venv-moto}"
EMULATOR="$COMPARE/moto/scripts/emulator.sh"
mkdir -p "$(dirname "$EMULATOR")"
cp "$ROOT/scripts/emulator.sh" "$EMULATOR"
started_emulator="yes"
ENDPOINT="$("$EMULATOR" start)"
[[ "$ENDPOINT" =~ ^http://(127\.0\.0\.1|localhost):[0-9]+$ ]] || die "the emulator endpoint '$ENDPOINT' is not loopback"
MOTO_VERSION="$("$CLOUDTEST_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || echo unknown)"
MOTO_NOTE="moto $MOTO_VERSION at $ENDPOINT, started for this comparison only and reset before every run"
log "$MOTO_NOTE"

# --- interleaved rounds ---------------------------------------------------------------------------------------------
run_side() {
  local side="$1" round="$2" tree="${TREE[$1]}"
  local out="$RESULTS/$side-$round.md" run_log="$RESULTS/$side-$round.log"
  curl -fsS -o /dev/null -X POST "$ENDPOINT/moto-api/reset" || die "could not reset moto at $ENDPOINT"
  log "round $round/$ROUNDS: $side (log $run_log)"
  local start=$SECONDS
  # shellcheck disable=SC2086 # BENCH_OPTS is a list of options
  if ! run_child "$tree" "$run_log" java -Dbench.only="$SCENARIOS" -Dbench.results="$out" \
      -Dbench.endpoint="$ENDPOINT" -Dbench.motoVersion="$MOTO_VERSION" -Dbench.root="$tree" \
      $BENCH_OPTS -cp "${CP[$side]}" dev.cloudtest.benchmarks.Benchmarks; then
    tail -n 60 "$run_log" >&2
    die "round $round: the $side benchmark JVM failed (full log: $run_log)"
  fi
  [[ -s "$out" ]] || die "round $round: the $side run wrote no $out (log: $run_log)"
  if grep -q "FAILED and is missing from the table" "$out"; then
    grep "FAILED and is missing from the table" "$out" >&2
    die "round $round: a scenario failed in the $side run (see $out and $run_log)"
  fi
  log "round $round/$ROUNDS: $side done in $((SECONDS - start)) s"
}

ORDER=()
bench_start=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
  if ((round % 2 == 1)); then sides=(old new); else sides=(new old); fi
  ORDER+=("$round: ${sides[0]}, ${sides[1]}")
  for side in "${sides[@]}"; do
    run_side "$side" "$round"
  done
done
log "benchmark runs took $((SECONDS - bench_start)) s"

# --- summary --------------------------------------------------------------------------------------------------------
order_text="$(IFS=';'; echo "${ORDER[*]}")"
python3 "$ROOT/scripts/benchmark_compare_summary.py" \
  --results "$RESULTS" --rounds "$ROUNDS" --out "$COMPARE/COMPARE.md" \
  --old "$OLD_REV_ARG = $(git log -1 --format='%h %s' "$OLD_REV")" \
  --new "working tree $NEW_TREE (HEAD $NEW_HEAD$NEW_DIRTY)" \
  --scenarios "$SCENARIOS" --bench-opts "$BENCH_OPTS" --moto "$MOTO_NOTE" --order "${order_text//;/; }"
cat "$COMPARE/COMPARE.md"
log "wrote $COMPARE/COMPARE.md (per-run results and logs in $RESULTS)"
