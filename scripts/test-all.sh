#!/usr/bin/env bash
# Runs every test of the project: unit tests, integration tests against a real moto server, the extension's
# tests on JUnit 5.14 as well as 6.x, the Maven plugin's invoker projects, and the examples' journey suites.
#
#   scripts/test-all.sh [extra Maven arguments]
#
# Installs the emulator into .venv-moto when needed, starts it on a free loopback port, and stops it at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

endpoint="$(scripts/emulator.sh start)"
trap 'scripts/emulator.sh stop' EXIT

echo "== cloudtest: all tests against moto at $endpoint"
mvn -B -ntp install -Dit.moto.endpoint="$endpoint" "$@"

echo "== cloudtest: the JUnit 5 extension's tests again on JUnit 5.14"
mvn -B -ntp verify -pl cloudtest-junit5-extension -Djunit.version=5.14.4 -Dinvoker.skip=true -Dit.moto.endpoint="$endpoint" "$@"
