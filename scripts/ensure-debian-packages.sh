#!/usr/bin/env bash
# Installs the Debian packages a part of the build needs, only when missing.
# Usage: scripts/ensure-debian-packages.sh GROUP...   (groups: host-c arm ide graphviz all)
# Uses apt's configured sources; prints exactly what it installs and why.
set -euo pipefail

packages_for() {
  case "$1" in
    host-c)   echo "gcc make libcmocka-dev" ;;                       # runtime unit tests, simulator
    arm)      echo "gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm" ;; # firmware + QEMU
    ide)      echo "xvfb libgtk-3-0 xdotool imagemagick" ;;          # headless Eclipse tests, screenshot
    graphviz) echo "graphviz" ;;                                     # topology.svg
    all)      for g in host-c arm ide graphviz; do packages_for "$g"; done ;;
    *) echo "ensure-debian-packages: unknown group '$1' (known: host-c arm ide graphviz all)" >&2; return 2 ;;
  esac
}

[ $# -gt 0 ] || { echo "usage: $0 GROUP... (host-c arm ide graphviz all)" >&2; exit 2; }

missing=()
for group in "$@"; do
  for pkg in $(packages_for "$group"); do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-debian-packages: installing missing packages for [$*]: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "ensure-debian-packages: not root and no sudo; please run: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "ensure-debian-packages: installed ${missing[*]}"
