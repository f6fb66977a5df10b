#!/usr/bin/env bash
# Manages the project-local moto server used by cloudtest's own integration tests and examples.
#
#   scripts/emulator.sh install   create .venv-moto with cloudtest's toolchain lock file (moto server, cfn-lint,
#                                 aws-sam-translator; idempotent, fast when present)
#   scripts/emulator.sh start     install if needed, start moto_server on a free loopback port,
#                                 wait until it answers, print its endpoint (also written to target/emulator/endpoint)
#   scripts/emulator.sh stop      stop the server started by 'start'
#   scripts/emulator.sh endpoint  print the endpoint of the running server
#
# Only loopback addresses are ever used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The same lock file cloudtest-core ships and installs into ~/.cache/cloudtest for users.
LOCK="$ROOT/cloudtest-core/src/main/resources/dev/cloudtest/core/toolchain/toolchain.lock"
LOCK_HASH="$(sha256sum "$LOCK" | cut -c1-12)"
MOTO_VERSION="$(sed -n 's/^moto==//p' "$LOCK")"
VENV="${CLOUDTEST_VENV:-$ROOT/.venv-moto}"
STATE="$ROOT/target/emulator"
PYTHON="${PYTHON:-python3}"

log() { echo "[emulator] $*" >&2; }

install() {
  local stamp="$VENV/.cloudtest-toolchain-$LOCK_HASH"
  if [[ -x "$VENV/bin/python" && -f "$stamp" ]]; then
    return 0
  fi
  log "installing the toolchain lock $LOCK_HASH (moto $MOTO_VERSION, cfn-lint, aws-sam-translator) into $VENV"
  [[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$LOCK"
  # The lock's "#no-deps" lines (aws-sam-cli, for its AWS::LanguageExtensions processor) go without dependencies.
  local no_deps
  no_deps="$(sed -n 's/^#no-deps //p' "$LOCK")"
  if [[ -n "$no_deps" ]]; then
    # shellcheck disable=SC2086 # one requirement per word
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps $no_deps
  fi
  rm -f "$VENV"/.cloudtest-toolchain-* "$VENV"/.moto-*
  touch "$stamp"
  log "installed moto $MOTO_VERSION (lock $LOCK_HASH)"
}

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install
  mkdir -p "$STATE"
  if [[ -f "$STATE/pid" ]] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
    log "already running at $(cat "$STATE/endpoint")"
    cat "$STATE/endpoint"
    return 0
  fi
  local port; port="$(free_port)"
  local endpoint="http://127.0.0.1:$port"
  # setsid: its own process group, so 'stop' ends the server and any worker it spawned.
  setsid "$VENV/bin/python" -m moto.server -H 127.0.0.1 -p "$port" >"$STATE/moto.log" 2>&1 < /dev/null &
  echo $! >"$STATE/pid"
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$endpoint/moto-api/" 2>/dev/null; then
      echo "$endpoint" >"$STATE/endpoint"
      log "moto server $MOTO_VERSION answering at $endpoint (pid $(cat "$STATE/pid"), log $STATE/moto.log)"
      echo "$endpoint"
      return 0
    fi
    if ! kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
      log "moto server exited while starting; its log:"; cat "$STATE/moto.log" >&2; exit 1
    fi
    sleep 0.1
  done
  log "moto server did not answer at $endpoint within 30 s; its log:"; cat "$STATE/moto.log" >&2
  stop; exit 1
}

stop() {
  if [[ -f "$STATE/pid" ]]; then
    local pid; pid="$(cat "$STATE/pid")"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$STATE/pid" "$STATE/endpoint"
    log "stopped"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  endpoint) cat "$STATE/endpoint" ;;
  *) echo "usage: $0 install|start|stop|endpoint" >&2; exit 2 ;;
esac
