#!/usr/bin/env bash
# A private X server for the IDE's UI tests and the product screenshot, started and stopped
# by the Maven build (no display is assumed).
#
#   xvfb.sh start STATE_DIR   starts Xvfb on a free display; writes STATE_DIR/display.properties
#                             (xvfb.display=:N, read by the build) and STATE_DIR/xvfb.pid
#   xvfb.sh stop STATE_DIR    stops it
#
# `start` installs the Debian packages it needs when missing (scripts/ensure-debian-packages.sh
# ide) and leaves a watchdog that stops the server when the process that started it (the Maven
# JVM) is gone, so a failed or interrupted build never leaves an X server behind.
set -euo pipefail

usage() { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action="$1"
state="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

stop_server() {
  if [[ -f "$state/xvfb.pid" ]]; then
    local pid
    pid="$(cat "$state/xvfb.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$state/xvfb.pid"
  fi
}

case "$action" in
  start)
    "$root/scripts/ensure-debian-packages.sh" ide
    mkdir -p "$state"
    stop_server
    rm -f "$state/display" "$state/display.properties"
    owner="$PPID"
    # -displayfd: Xvfb picks a free display itself and writes its number once it accepts clients
    setsid Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp -noreset \
      3>"$state/display" </dev/null >"$state/xvfb.log" 2>&1 &
    pid=$!
    echo "$pid" >"$state/xvfb.pid"
    for _ in $(seq 1 100); do
      [[ -s "$state/display" ]] && break
      kill -0 "$pid" 2>/dev/null || { echo "xvfb.sh: Xvfb did not start; its log:" >&2; cat "$state/xvfb.log" >&2; exit 1; }
      sleep 0.1
    done
    [[ -s "$state/display" ]] || { echo "xvfb.sh: Xvfb gave no display within 10 s" >&2; stop_server; exit 1; }
    display=":$(tr -d '[:space:]' <"$state/display")"
    echo "xvfb.display=$display" >"$state/display.properties"
    # the watchdog: when the build is gone, the server goes too
    setsid bash -c "while kill -0 $owner 2>/dev/null && kill -0 $pid 2>/dev/null; do sleep 2; done; kill $pid 2>/dev/null" \
      </dev/null >/dev/null 2>&1 &
    echo "xvfb.sh: Xvfb $display (pid $pid) for the IDE tests"
    ;;
  stop)
    stop_server
    ;;
  *) usage ;;
esac
