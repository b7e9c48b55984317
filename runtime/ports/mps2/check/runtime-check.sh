#!/usr/bin/env bash
# runtime-check.sh BUILD_DIR — the runtime's interfaces as this port implements
# them, on real QEMU: raft_platform (console, clocks, seed), the semihosting
# file ops under the record-file storage backend (persistence across a clean
# exit and a kill -9, a corrupt record reported with file and offset), and the
# lwIP UDP transport between two nodes on the ethhub segment.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "${1:-$here/../build}" && pwd)"
. "$here/qemu-node.sh"
elf="$build/runtime_check.elf"
uartctl="$build/uartctl"
ethhub="$here/../../../tools/ethhub/build/ethhub"
run="$(mktemp -d "${TMPDIR:-/tmp}/mps2-runtime-check.XXXXXX")"
nodes=2
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -eq 0 ]; then rm -rf "$run"; else echo "runtime-check: FAILED, logs kept in $run" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "runtime-check: $*" >&2; exit 1; }

"$ethhub" --ports "$nodes" --dir "$run" --seed 1 --control "$run/hub.ctl" --no-stdin >"$run/hub.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do grep -q '^ready' "$run/hub.log" 2>/dev/null && break; sleep 0.05; done
grep -q '^ready' "$run/hub.log" || fail "ethhub did not start: $(cat "$run/hub.log")"

declare -A qemu_pid
start_node() {
  local node="$1" cmd
  mapfile -t cmd < <(qemu_node_command "$elf" "$node" "$run" "$run" \
    | sed "s/,arg=node=$node\$/,arg=node=$node,arg=nodes=$nodes/")
  rm -f "$run/node-$node.sock"
  (cd "$run" && exec "${cmd[@]}" >"$run/node-$node.qemu.log" 2>&1) &
  pids+=("$!")
  qemu_pid[$node]=$!
}
session() { # NAME, script on stdin
  "$uartctl" hub="$run/hub.ctl" n1="$run/node-1.uart" n2="$run/node-2.uart" >"$run/$1.log" 2>&1 \
    || { cat "$run/$1.log"; fail "session '$1' failed"; }
  grep -v '^n.> \|^hub> ' "$run/$1.log" | sed 's/^/  /'
}

start_node 1
start_node 2
session first <<'SCRIPT'
expect n1 8000 ready node=1
expect n2 8000 ready node=2
send n1 fileops
expect n1 5000 fileops ok
send n1 storage-read
expect n1 5000 storage ok term=0 vote=0 last=0
send n1 storage-write 20
expect n1 5000 storage-write ok last=20
send n1 storage-read
expect n1 5000 storage ok term=3 vote=2 last=20
send n1 tping 2 100
expect n1 20000 tping peer=2 ok=100 lost=0
send n2 tping 1 100
expect n2 20000 tping peer=1 ok=100 lost=0
send n1 tping 9 1
expect n1 2000 error tping: unknown peer
send n1 stats
expect n1 2000 stats sent=
send n2 stats
expect n2 2000 stats sent=
send n1 seed
expect n1 2000 seed value=
send n2 seed
expect n2 2000 seed value=
send n1 clock
expect n1 2000 clock ms=
send n1 exit 0
closed n1 5000
SCRIPT
wait "${qemu_pid[1]}" || fail "node 1 exited with $?"
s1=$(grep '^n1< seed' "$run/first.log" | sed 's/.*value=//'); s2=$(grep '^n2< seed' "$run/first.log" | sed 's/.*value=//')
[ "$s1" != "$s2" ] || fail "both nodes got the same entropy seed $s1"
for f in metadata log; do [ -s "$run/raft_node_1_$f.bin" ] || fail "raft_node_1_$f.bin missing on the host"; done

# --- restart from the files; append; kill -9 right after the acknowledgement ---
start_node 1
session second <<'SCRIPT'
expect n1 8000 ready node=1
send n1 storage-read
expect n1 5000 storage ok term=3 vote=2 last=20
send n1 storage-write 5
expect n1 5000 storage-write ok last=25
SCRIPT
kill -9 "${qemu_pid[1]}"; wait "${qemu_pid[1]}" 2>/dev/null || true
start_node 1
session third <<'SCRIPT'
expect n1 8000 ready node=1
send n1 storage-read
expect n1 5000 storage ok term=3 vote=2 last=25
send n1 exit 0
closed n1 5000
SCRIPT
wait "${qemu_pid[1]}" || fail "node 1 exited with $?"

# --- a damaged record in the middle must be reported, naming file and offset ---
log="$run/raft_node_1_log.bin"
size=$(stat -c %s "$log")
offset=$((size / 2))
byte=$(od -An -tu1 -j "$offset" -N1 "$log" | tr -d ' ')
printf "$(printf '\\%03o' $(( (byte + 1) % 256 )))" | dd of="$log" bs=1 seek="$offset" conv=notrunc status=none
start_node 1
session fourth <<'SCRIPT'
expect n1 8000 ready node=1
send n1 storage-read
expect n1 5000 storage fault raft_node_1_log.bin at byte
send n1 exit 0
closed n1 5000
send n2 exit 0
closed n2 5000
send hub quit
expect hub 2000 ok bye
SCRIPT
wait "${qemu_pid[1]}" || fail "node 1 exited with $?"
wait "${qemu_pid[2]}" || fail "node 2 exited with $?"
echo "runtime-check: corrupted byte $offset of $size in raft_node_1_log.bin; start-up said:"
grep '< storage fault' "$run/fourth.log" | sed 's/^n1< /  /'
echo "runtime-check: PASS"
