# qemu-node.sh — sourced by the checks: the QEMU command line of one node.
# This is the command line the generator's run-qemu.sh emits per node:
#
# qemu_node_command ELF NODE RUNDIR [ETH_SOCKET_DIR]
#   ELF              firmware image (-kernel)
#   NODE             node id, passed to the firmware as semihosting "node=N"
#   RUNDIR           the node's working directory (semihosting files are relative
#                    to it): node-N.uart (UART0 socket, QEMU listens and waits
#                    for the launcher to connect), node-N.semihost.log (console)
#   ETH_SOCKET_DIR   if given: LAN9118 on the Ethernet hub via unix datagrams,
#                    local node-N.sock, remote hub-N.sock, MAC 02:00:00:00:HH:LL
# Prints one argument per line (for mapfile), so paths with spaces survive.
qemu_node_command() {
  local elf="$1" node="$2" rundir="$3" ethdir="${4:-}"
  local mac
  mac=$(printf '02:00:00:00:%02x:%02x' $((node >> 8)) $((node & 255)))
  printf '%s\n' qemu-system-arm \
    -machine mps2-an386 -cpu cortex-m4 \
    -display none -monitor none \
    -chardev "socket,id=uart0,path=$rundir/node-$node.uart,server=on,wait=on" \
    -serial chardev:uart0 \
    -chardev "file,id=semihost0,path=$rundir/node-$node.semihost.log" \
    -semihosting-config "enable=on,target=native,chardev=semihost0,arg=node=$node" \
    -kernel "$elf"
  if [ -n "$ethdir" ]; then
    printf '%s\n' \
      -netdev "dgram,id=eth0,local.type=unix,local.path=$ethdir/node-$node.sock,remote.type=unix,remote.path=$ethdir/hub-$node.sock" \
      -net "nic,netdev=eth0,model=lan9118,macaddr=$mac"
  fi
}
