#!/usr/bin/env bash
# udp-check.sh BUILD_DIR — bring-up check (b) on real QEMU: three nodes on the
# ethhub segment exchange lwIP UDP datagrams; round-trip times are measured; the
# hub isolates a node and partitions the segment, which must stop exactly the
# traffic across the cut, then heals; a seeded loss rule gives the same losses
# twice; a node is killed and restarted on its port (dynamic ARP this time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "${1:-$here/../build}" && pwd)"
. "$here/qemu-node.sh"
elf="$build/udp_check.elf"
uartctl="$build/uartctl"
ethhub="$here/../../../tools/ethhub/build/ethhub"
run="$(mktemp -d "${TMPDIR:-/tmp}/mps2-udp-check.XXXXXX")"
nodes=3
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -eq 0 ]; then rm -rf "$run"; else echo "udp-check: FAILED, logs kept in $run" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "udp-check: $*" >&2; exit 1; }

[ -x "$ethhub" ] || fail "missing $ethhub (make -C runtime/tools/ethhub)"

# --- the hub first: QEMU sends to hub-N.sock from its first frame on -------------
"$ethhub" --ports "$nodes" --dir "$run" --seed 1 --control "$run/hub.ctl" --no-stdin \
  >"$run/hub.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do grep -q '^ready' "$run/hub.log" 2>/dev/null && break; sleep 0.05; done
grep -q '^ready' "$run/hub.log" || fail "ethhub did not start: $(cat "$run/hub.log")"

declare -A qemu_pid
start_node() { # NODE [extra semihosting args]
  local node="$1" extra="${2:-}" cmd
  mapfile -t cmd < <(qemu_node_command "$elf" "$node" "$run" "$run" \
    | sed "s/,arg=node=$node\$/,arg=node=$node,arg=nodes=$nodes${extra}/")
  rm -f "$run/node-$node.sock" # a killed QEMU leaves its socket; a new one cannot bind over it
  (cd "$run" && exec "${cmd[@]}" >"$run/node-$node.qemu.log" 2>&1) &
  pids+=("$!")
  qemu_pid[$node]=$!
}

echo "udp-check: QEMU command line of node 1:"
qemu_node_command "$elf" 1 "$run" "$run" | sed "s/,arg=node=1\$/,arg=node=1,arg=nodes=$nodes/" | tr '\n' ' '; echo
for n in $(seq "$nodes"); do start_node "$n"; done

channels=(hub="$run/hub.ctl")
for n in $(seq "$nodes"); do channels+=(n$n="$run/node-$n.uart"); done

"$uartctl" "${channels[@]}" >"$run/session.log" 2>&1 <<'SCRIPT' || { cat "$run/session.log"; fail "session failed"; }
expect n1 8000 ready
expect n2 8000 ready
expect n3 8000 ready
# --- round trips through the hub ---
send n1 ping 2 1000
expect n1 60000 ping peer=2
send n1 ping 3 1000
expect n1 60000 ping peer=3
send n2 ping 3 1000 1400
expect n2 60000 ping peer=3
send hub stats
expect hub 2000 ok
# --- isolate node 2: only its traffic stops ---
send hub isolate 2
expect hub 2000 ok
send n1 ping 2 10
expect n1 5000 ping peer=2 count=10 size=16 ok=0 lost=10
send n1 ping 3 10
expect n1 5000 ping peer=3 count=10 size=16 ok=10 lost=0
send n3 ping 2 10
expect n3 5000 ping peer=2 count=10 size=16 ok=0 lost=10
send hub stats 2
expect hub 2000 ok
send hub heal
expect hub 2000 ok
send n1 ping 2 10
expect n1 5000 ping peer=2 count=10 size=16 ok=10 lost=0
# --- partition {1} | {2,3}, then heal ---
send hub partition 1 2,3
expect hub 2000 ok
send n1 ping 3 10
expect n1 5000 ping peer=3 count=10 size=16 ok=0 lost=10
send n2 ping 3 10
expect n2 5000 ping peer=3 count=10 size=16 ok=10 lost=0
send hub heal
expect hub 2000 ok
send n1 ping 3 10
expect n1 5000 ping peer=3 count=10 size=16 ok=10 lost=0
# --- seeded loss: the same seed gives the same losses ---
send hub drop 20 on 1-2
expect hub 2000 ok
send hub seed 5
expect hub 2000 ok
send n1 ping 2 50
expect n1 10000 ping peer=2 count=50
send hub seed 5
expect hub 2000 ok
send n1 ping 2 50
expect n1 10000 ping peer=2 count=50
send hub clear
expect hub 2000 ok
send hub stats
expect hub 2000 ok
send n3 exit 0
closed n3 5000
SCRIPT

# --- node 3 was stopped: restart it on its port, this time with ARP ---------------
wait "${qemu_pid[3]}" || fail "node 3 exited with $?"
start_node 3 ",arg=arp=dynamic"
"$uartctl" hub="$run/hub.ctl" n1="$run/node-1.uart" n2="$run/node-2.uart" n3="$run/node-3.uart" \
  >"$run/session2.log" 2>&1 <<'SCRIPT' || { cat "$run/session2.log"; fail "restart session failed"; }
expect n3 8000 ready
send n3 ping 2 100
expect n3 10000 ping peer=2 count=100 size=16 ok=100 lost=0
send n1 ping 3 100
expect n1 10000 ping peer=3 count=100 size=16 ok=100 lost=0
send n1 status
expect n1 2000 status
send hub macs
expect hub 2000 ok
send n1 exit 0
closed n1 5000
send n2 exit 0
closed n2 5000
send n3 exit 0
closed n3 5000
send hub quit
expect hub 2000 ok bye
SCRIPT
for n in $(seq "$nodes"); do
  wait "${qemu_pid[$n]}" || fail "node $n: QEMU exit status $?, expected 0"
done
sed 's/^/  /' "$run/session.log" "$run/session2.log" | grep -v '^  n.> ' | grep -v '^  hub> '

# --- figures -----------------------------------------------------------------
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p"; }
seeded=$(grep '^n1< ping peer=2 count=50' "$run/session.log" | field ok | tr '\n' ' ')
read -r a b <<<"$seeded"
[ -n "$a" ] && [ "$a" = "$b" ] || fail "seeded loss not reproducible: ok counts $seeded"
[ "$a" -lt 50 ] || fail "drop 20% lost nothing ($a/50 answered)"
echo "udp-check: seeded 20% loss on link 1-2 (seed 5): $a/50 answered, twice"
echo "udp-check: boot to first UDP answer (us since reset; main_us = reset to main()):"
grep -h '< ready' "$run/session.log" "$run/session2.log" | sed 's/^/  /'
echo "udp-check: round trips through ethhub (lwIP UDP, WFI idle):"
grep -h '< ping peer=[23] count=1000' "$run/session.log" | sed 's/^/  /'
echo "udp-check: PASS"
