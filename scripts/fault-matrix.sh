#!/usr/bin/env bash
# Runs the full fault matrix (FaultMatrixIT with -Dfaults.full=true: every AWS call of a run × every injected fault,
# plus stacks that are slow to create or delete and deletions that end in DELETE_FAILED) and writes its table with
# the summary figures to benchmarks/RESULTS-faults.md. CI runs a subset of the same test on every build.
#
#   scripts/fault-matrix.sh [extra Maven arguments]
#
# The test starts its own moto server from .venv-moto (installed here when needed); takes about 5 minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/emulator.sh install >/dev/null
table="$(pwd)/target/fault-matrix.md"
mkdir -p target
rm -f "$table"
mvn -B -ntp -q install -DskipTests -Dinvoker.skip=true -pl cloudtest-core -am "$@"
mvn -B -ntp verify -pl cloudtest-core -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=FaultMatrixIT -Dfaults.full=true -Dfaults.table="$table" "$@"

out=benchmarks/RESULTS-faults.md
{
  echo "# Fault matrix"
  echo
  echo "Produced by \`scripts/fault-matrix.sh\` on $(date -u +%Y-%m-%d) (moto $(.venv-moto/bin/python -c 'import moto; print(moto.__version__)'), $(nproc) cores)."
  echo "Each row is one run (provision a bucket + topic stack, write to the bucket, an SNS and an EventBridge probe, teardown;"
  echo "for the log-write and secret calls: a stack with a local Java function, invoked once, and a secret cloudtest creates) through"
  echo "a fault-injecting proxy in front of moto. \"succeeded\": the run passed, the SDK's retries absorbed the fault;"
  echo "\"failed clearly\": the run failed with an error naming the call and the fault. Either way an independent listing"
  echo "of moto found nothing of the run left, or what was left was in the run's report and the sweeper removed it."
  echo
  awk -F'|' 'NR>2 { n++; o=$5; gsub(/^ +| +$/, "", o); if (o ~ /^succeeded/) s++; else f++; if (o ~ /left/) l++ }
             END { printf "**%d cells: %d succeeded, %d failed clearly, %d of them left something, each reported and then swept.**\n\n", n, s, f, l }' "$table"
  cat "$table"
} > "$out"
echo "== wrote $out"
