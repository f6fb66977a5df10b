#!/usr/bin/env bash
# The main job: the example applications' journey suites on the zero-setup emulator default.
#
#   scripts/examples.sh [extra Maven arguments]
#
# Installs the emulator into .venv-moto if needed (cloudtest finds it there and starts it itself), builds
# cloudtest, runs every example's journey tests — each provisions its stack from the example's own template,
# drives it and tears it down — and ends with a summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)

scripts/emulator.sh install
echo "== building cloudtest"
mvn -B -ntp -q install -DskipTests -Dinvoker.skip=true -Dspotless.check.skip=true -pl cloudtest-core,cloudtest-junit5-extension,cloudtest-maven-plugin -am
echo "== running the examples' journey suites"
set +e
mvn -B -ntp verify -f examples/pom.xml -Dspotless.check.skip=true "$@"
status=$?
set -e

echo
echo "== summary"
for report in examples/*/target/cloudtest/run-*.txt; do
  [[ -f "$report" ]] && sed 's/^/  /' "$report"
done
for results in examples/*/target/failsafe-reports/failsafe-summary.xml; do
  [[ -f "$results" ]] || continue
  module=$(basename "$(dirname "$(dirname "$(dirname "$results")")")")
  completed=$(sed -n 's:.*<completed>\(.*\)</completed>.*:\1:p' "$results")
  failures=$(sed -n 's:.*<failures>\(.*\)</failures>.*:\1:p' "$results")
  errors=$(sed -n 's:.*<errors>\(.*\)</errors>.*:\1:p' "$results")
  skipped=$(sed -n 's:.*<skipped>\(.*\)</skipped>.*:\1:p' "$results")
  echo "  $module: ${completed:-0} journey tests run, $(( ${completed:-0} - ${failures:-0} - ${errors:-0} - ${skipped:-0} )) passed, $(( ${failures:-0} + ${errors:-0} )) failed, ${skipped:-0} skipped"
done
echo "  wall time: $(( $(date +%s) - started )) s"
exit $status
