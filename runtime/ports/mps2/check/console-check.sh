#!/usr/bin/env bash
# console-check.sh BUILD_DIR — bring-up check (a) on real QEMU: UART0 line
# echo over a unix-socket chardev, an over-long line, semihosting file
# write/read/seek/rename/append/remove, the exit status via EXIT_EXTENDED, and a
# missing node id reported as a failure status.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "${1:-$here/../build}" && pwd)"
. "$here/qemu-node.sh"
elf="$build/console_check.elf"
uartctl="$build/uartctl"
run="$(mktemp -d "${TMPDIR:-/tmp}/mps2-console-check.XXXXXX")"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -eq 0 ]; then rm -rf "$run"; else echo "console-check: FAILED, logs kept in $run" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_node() { # NODE [extra semihosting arg override]
  local node="$1" cmd
  mapfile -t cmd < <(qemu_node_command "$elf" "$node" "$run")
  (cd "$run" && exec "${cmd[@]}" >"$run/node-$node.qemu.log" 2>&1) &
  pids+=("$!")
}

echo "console-check: QEMU command line of node 1:"
qemu_node_command "$elf" 1 "$run" | tr '\n' ' '; echo

long_line="$(head -c 300 /dev/zero | tr '\0' 'x')"
start_node 1
qemu_pid="${pids[-1]}"
t0=$(date +%s%N)
"$uartctl" "n1=$run/node-1.uart" >"$run/uartctl.log" 2>&1 <<SCRIPT || { cat "$run/uartctl.log"; exit 1; }
expect n1 5000 ready node=1
roundtrip n1 2000 100 echo hello from the host => hello from the host
send n1 echo ${long_line}
expect n1 2000 error line too long
send n1 echo still alive
expect n1 2000 still alive
send n1 pause 300
send n1 echo burst line 00 with some padding to fill the receive ring
send n1 echo burst line 01 with some padding to fill the receive ring
send n1 echo burst line 02 with some padding to fill the receive ring
send n1 echo burst line 03 with some padding to fill the receive ring
send n1 echo burst line 04 with some padding to fill the receive ring
send n1 echo burst line 05 with some padding to fill the receive ring
send n1 echo burst line 06 with some padding to fill the receive ring
send n1 echo burst line 07 with some padding to fill the receive ring
send n1 echo burst line 08 with some padding to fill the receive ring
send n1 echo burst line 09 with some padding to fill the receive ring
send n1 echo burst line 10 with some padding to fill the receive ring
send n1 echo burst line 11 with some padding to fill the receive ring
send n1 echo burst line 12 with some padding to fill the receive ring
send n1 echo burst line 13 with some padding to fill the receive ring
send n1 echo burst line 14 with some padding to fill the receive ring
send n1 echo burst line 15 with some padding to fill the receive ring
send n1 echo burst line 16 with some padding to fill the receive ring
send n1 echo burst line 17 with some padding to fill the receive ring
send n1 echo burst line 18 with some padding to fill the receive ring
send n1 echo burst line 19 with some padding to fill the receive ring
send n1 echo burst line 20 with some padding to fill the receive ring
send n1 echo burst line 21 with some padding to fill the receive ring
send n1 echo burst line 22 with some padding to fill the receive ring
send n1 echo burst line 23 with some padding to fill the receive ring
send n1 echo burst line 24 with some padding to fill the receive ring
send n1 echo burst line 25 with some padding to fill the receive ring
send n1 echo burst line 26 with some padding to fill the receive ring
send n1 echo burst line 27 with some padding to fill the receive ring
send n1 echo burst line 28 with some padding to fill the receive ring
send n1 echo burst line 29 with some padding to fill the receive ring
expect n1 3000 paused
expect n1 3000 burst line 00 with some padding to fill the receive ring
expect n1 3000 burst line 01 with some padding to fill the receive ring
expect n1 3000 burst line 02 with some padding to fill the receive ring
expect n1 3000 burst line 03 with some padding to fill the receive ring
expect n1 3000 burst line 04 with some padding to fill the receive ring
expect n1 3000 burst line 05 with some padding to fill the receive ring
expect n1 3000 burst line 06 with some padding to fill the receive ring
expect n1 3000 burst line 07 with some padding to fill the receive ring
expect n1 3000 burst line 08 with some padding to fill the receive ring
expect n1 3000 burst line 09 with some padding to fill the receive ring
expect n1 3000 burst line 10 with some padding to fill the receive ring
expect n1 3000 burst line 11 with some padding to fill the receive ring
expect n1 3000 burst line 12 with some padding to fill the receive ring
expect n1 3000 burst line 13 with some padding to fill the receive ring
expect n1 3000 burst line 14 with some padding to fill the receive ring
expect n1 3000 burst line 15 with some padding to fill the receive ring
expect n1 3000 burst line 16 with some padding to fill the receive ring
expect n1 3000 burst line 17 with some padding to fill the receive ring
expect n1 3000 burst line 18 with some padding to fill the receive ring
expect n1 3000 burst line 19 with some padding to fill the receive ring
expect n1 3000 burst line 20 with some padding to fill the receive ring
expect n1 3000 burst line 21 with some padding to fill the receive ring
expect n1 3000 burst line 22 with some padding to fill the receive ring
expect n1 3000 burst line 23 with some padding to fill the receive ring
expect n1 3000 burst line 24 with some padding to fill the receive ring
expect n1 3000 burst line 25 with some padding to fill the receive ring
expect n1 3000 burst line 26 with some padding to fill the receive ring
expect n1 3000 burst line 27 with some padding to fill the receive ring
expect n1 3000 burst line 28 with some padding to fill the receive ring
expect n1 3000 burst line 29 with some padding to fill the receive ring
send n1 frobnicate
expect n1 2000 error unknown command: frobnicate
send n1 files
expect n1 5000 files ok
send n1 clock
expect n1 2000 clock us=
send n1 stack
expect n1 2000 stack unused=
send n1 exit 42
closed n1 5000
SCRIPT
set +e; wait "$qemu_pid"; status=$?; set -e
t1=$(date +%s%N)
grep -v '^n1[<>] echo hello\|^n1< hello\|burst line' "$run/uartctl.log" | sed 's/^/  /'
stalls=$(sed -n 's/.*uart_rx_stalls=\([0-9]*\).*/\1/p' "$run/uartctl.log")
echo "  (30 lines sent back to back, 2 KB against a 128-byte receive ring: all echoed in order;"
echo "   the ring filled and held QEMU back $stalls times)"
[ "${stalls:-0}" -gt 0 ] || { echo "console-check: the receive ring never filled: flow control untested" >&2; exit 1; }
[ "$status" -eq 42 ] || { echo "console-check: QEMU exit status $status, expected 42 (EXIT_EXTENDED)" >&2; exit 1; }
grep -q "console-check: booted" "$run/node-1.semihost.log" \
  || { echo "console-check: semihosting console text missing from node-1.semihost.log" >&2; exit 1; }
leftovers=$(ls "$run" | grep -c '^console_check_node' || true)
[ "$leftovers" -eq 0 ] || { echo "console-check: semihosting test files left behind in $run" >&2; exit 1; }
echo "console-check: exit status 42 via EXIT_EXTENDED, session $(( (t1 - t0) / 1000000 )) ms"

# Without arg=node=N the firmware must refuse to start, say why, and fail.
cmd=()
mapfile -t cmd < <(qemu_node_command "$elf" 2 "$run" | sed 's/,arg=node=2//')
(cd "$run" && exec "${cmd[@]}" >"$run/node-2.qemu.log" 2>&1) &
pids+=("$!")
set +e; timeout 10 "$uartctl" "n2=$run/node-2.uart" </dev/null >/dev/null 2>&1; wait "${pids[-1]}"; status=$?; set -e
[ "$status" -eq 2 ] || { echo "console-check: without node id QEMU exited $status, expected 2" >&2; exit 1; }
grep -q "no node=N" "$run/node-2.semihost.log" \
  || { echo "console-check: missing-node-id message not on the semihosting console" >&2; exit 1; }
echo "console-check: missing node id -> exit status 2 with a message"

# A stack overflow must hit the MPU guard, and a bad load must fault; both are
# reported on the semihosting console and end QEMU with status 134.
for fault in overflow badread; do
  node=3
  [ "$fault" = badread ] && node=4
  mapfile -t cmd < <(qemu_node_command "$elf" "$node" "$run")
  (cd "$run" && exec "${cmd[@]}" >"$run/node-$node.qemu.log" 2>&1) &
  pids+=("$!")
  printf 'expect n 5000 ready\nsend n %s\nclosed n 5000\n' "$fault" | "$uartctl" "n=$run/node-$node.uart" >/dev/null 2>&1 || true
  set +e; wait "${pids[-1]}"; status=$?; set -e
  [ "$status" -eq 134 ] || { echo "console-check: '$fault' ended with status $status, expected 134" >&2; exit 1; }
  want="pc="
  [ "$fault" = overflow ] && want="stack overflow"
  grep -q "mps2: fault .*$want" "$run/node-$node.semihost.log" \
    || { echo "console-check: '$fault' not reported: $(cat "$run/node-$node.semihost.log")" >&2; exit 1; }
  echo "console-check: $fault -> status 134, $(grep -o 'mps2: fault.*' "$run/node-$node.semihost.log")"
done
echo "console-check: PASS"
