#!/usr/bin/env bash
# Runs cloudtest's benchmarks against a local moto server and writes benchmarks/RESULTS.md.
#
#   scripts/benchmark.sh              start moto (scripts/emulator.sh), build core + extension + benchmarks, install
#                                     core + extension + Maven plugin (scenario 7), run every scenario, stop moto;
#                                     ~10 minutes on 2 cores
#   BENCH_OPTS="-Dbench.reps=3" scripts/benchmark.sh    fewer repetitions (see benchmarks/README.md)
#
# The emulator is stopped on exit (also on failure or Ctrl-C) if this script started it. Loopback only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { echo "[benchmark] $*" >&2; }

started_emulator=""
cleanup() {
  if [[ -n "$started_emulator" ]]; then
    scripts/emulator.sh stop || true
  fi
}
trap cleanup EXIT

if ! scripts/emulator.sh endpoint >/dev/null 2>&1 || ! curl -fsS -o /dev/null "$(scripts/emulator.sh endpoint)/moto-api/" 2>/dev/null; then
  started_emulator="yes"
fi
ENDPOINT="$(scripts/emulator.sh start)"
VENV="${CLOUDTEST_VENV:-$ROOT/.venv-moto}"
MOTO_VERSION="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || echo unknown)"
log "moto $MOTO_VERSION at $ENDPOINT"

# One reactor build of core, extension and benchmarks. Deliberately `package`, not `install`: the class path then
# points at this checkout's own jars (cloudtest-core/target/...), not at ~/.m2, where a concurrent build of another
# checkout could replace cloudtest-core's jar while the benchmark JVM is still loading classes from it.
log "building cloudtest-core, cloudtest-junit5-extension and benchmarks"
mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true

# Scenario 7 runs `mvn verify` of examples/document-intake, which resolves cloudtest (core, extension, Maven plugin)
# from ~/.m2. Other checkouts share ~/.m2, so install this checkout's artifacts right before the benchmark JVM starts
# (scenario 7 runs first and notes it if ~/.m2 no longer holds these jars).
log "installing cloudtest-core, cloudtest-junit5-extension and cloudtest-maven-plugin into ~/.m2 for scenario 7"
mvn -B -q install -DskipTests -Dspotless.check.skip=true -Dinvoker.skip=true \
  -pl cloudtest-core,cloudtest-junit5-extension,cloudtest-maven-plugin -am

CLASSPATH_FILE="benchmarks/target/benchmark-classpath.txt"
# A plain `java -cp`: scenario 6 compiles generated test classes against, and forks a JVM with, this class path.
java -Dbench.results="$ROOT/benchmarks/RESULTS.md" \
  ${BENCH_OPTS:-} \
  -Dbench.endpoint="$ENDPOINT" \
  -Dbench.motoVersion="$MOTO_VERSION" \
  -Dbench.root="$ROOT" \
  -cp "benchmarks/target/classes:$(cat "$CLASSPATH_FILE")" \
  dev.cloudtest.benchmarks.Benchmarks
log "wrote benchmarks/RESULTS.md"
