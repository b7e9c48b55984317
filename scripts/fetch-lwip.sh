#!/usr/bin/env bash
# Fetches lwIP 2.1.3 from Debian's *source* package and unpacks it (with Debian's
# patches applied, as dpkg-source would) into runtime/third_party/lwip, which is
# git-ignored: lwIP is never committed, it is taken from Debian at build time.
#
# Usage: scripts/fetch-lwip.sh [DEST]      (default DEST: runtime/third_party/lwip)
#
# How: a private apt list in a scratch directory holds one `deb-src` line built from
# the URI of the system's own Debian apt source, so the system's apt set-up is left
# untouched and no host name lives in this repository. apt verifies the package's
# checksums against the signed Sources index.
#
# Idempotent: when DEST already holds this version it prints so and does nothing.
# Environment: RAFTFORGE_DEBIAN_MIRROR overrides the mirror URI taken from apt.
set -euo pipefail

LWIP_UPSTREAM_VERSION="2.1.3+dfsg1"   # upstream part; any Debian revision of it is accepted
LWIP_SUITE="bookworm"                 # the Debian release that carries 2.1.3
STAMP_NAME=".raftforge-lwip-version"

say()  { echo "fetch-lwip: $*"; }
fail() { echo "fetch-lwip: error: $*" >&2; exit 1; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo_root/runtime/third_party/lwip}"

# --- already there? ---------------------------------------------------------
if [ -e "$dest" ]; then
  if [ -f "$dest/$STAMP_NAME" ] && grep -q "^${LWIP_UPSTREAM_VERSION}-" "$dest/$STAMP_NAME" \
     && [ -f "$dest/src/core/udp.c" ]; then
    say "lwIP $(cat "$dest/$STAMP_NAME") already present in $dest"
    exit 0
  fi
  found="unknown contents"
  [ -f "$dest/$STAMP_NAME" ] && found="version $(cat "$dest/$STAMP_NAME")"
  fail "$dest exists but holds $found, not lwIP ${LWIP_UPSTREAM_VERSION}.
  It is a fetched folder: remove it (rm -rf '$dest') and run this script again."
fi

for tool in apt-get apt-cache tar xz patch; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing; this script needs a Debian-like system with apt, tar, xz-utils and patch"
done

# --- the mirror URI, read from the system's apt sources ----------------------
# deb822 stanzas (*.sources) first, then one-line lists; the first Debian archive
# URI wins (security/update suites are skipped: they do not carry lwip).
mirror_from_apt() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no" && uri != "" && suites ~ /(^| )[a-z]+( |$)/) { print uri; found = 1; exit }
        types = ""; uri = ""; suites = ""; enabled = ""
      }
      /^[ \t]*$/        { flush(); next }
      /^[ \t]*#/        { next }
      /^Types:/         { sub(/^Types:[ \t]*/, ""); types = $0 }
      /^URIs:/          { sub(/^URIs:[ \t]*/, ""); split($0, u, /[ \t]+/); uri = u[1] }
      /^Suites:/        { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^Enabled:/       { sub(/^Enabled:[ \t]*/, ""); enabled = tolower($0) }
      END               { if (!found) flush() }
    ' "$f" | head -n 1
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI suite components...
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" \
      | awk '$1 == "deb" && $3 ~ /^[a-z]+$/ { print $2 }'
  done
}

mirror="${RAFTFORGE_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$(mirror_from_apt | grep -E '^(https?|file)://' | head -n 1 || true)"
fi
[ -n "$mirror" ] || fail "found no Debian archive URI in /etc/apt/sources.list or /etc/apt/sources.list.d/.
  Set RAFTFORGE_DEBIAN_MIRROR to a Debian archive URI and run this script again."

# --- private apt state in a scratch directory -------------------------------
scratch="$(mktemp -d "${TMPDIR:-/tmp}/fetch-lwip.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
chmod 755 "$scratch"
mkdir -p "$scratch/lists/partial" "$scratch/download"
# apt drops privileges to _apt for downloads; let it write, else apt only warns.
if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
  chown _apt "$scratch/lists/partial" "$scratch/download"
fi
echo "deb-src $mirror $LWIP_SUITE main" > "$scratch/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$scratch/sources.list"
          -o "Dir::Etc::SourceParts=/nonexistent"
          -o "Dir::State::Lists=$scratch/lists"
          -o "Debug::NoLocking=1")

say "reading the $LWIP_SUITE source index from the system's Debian mirror"
apt-get "${apt_opts[@]}" -qq update >"$scratch/update.log" 2>&1 \
  || fail "apt-get update of the private source list failed (network down or mirror unreachable?):
$(tail -n 5 "$scratch/update.log")"
# apt-get update exits 0 even when it fetched nothing: check for the index itself.
ls "$scratch"/lists/*_Sources* >/dev/null 2>&1 \
  || fail "no source index could be read from '$mirror' for $LWIP_SUITE (network down, or not a Debian mirror?):
$(tail -n 5 "$scratch/update.log")
  Set RAFTFORGE_DEBIAN_MIRROR to a reachable Debian archive URI to override."

version="$(apt-cache "${apt_opts[@]}" showsrc lwip 2>/dev/null \
  | awk '/^Version:/ { print $2 }' | grep "^${LWIP_UPSTREAM_VERSION}-" | sort -V | tail -n 1 || true)"
if [ -z "$version" ]; then
  avail="$(apt-cache "${apt_opts[@]}" showsrc lwip 2>/dev/null | awk '/^Version:/ { print $2 }' | tr '\n' ' ' || true)"
  fail "the mirror has no lwip source ${LWIP_UPSTREAM_VERSION}-* in $LWIP_SUITE (found: ${avail:-none})"
fi

say "downloading Debian source package lwip $version"
(cd "$scratch/download" && apt-get "${apt_opts[@]}" -qq source --download-only "lwip=$version") \
  >"$scratch/source.log" 2>&1 \
  || fail "apt-get source lwip=$version failed:
$(tail -n 5 "$scratch/source.log")"

# --- unpack: orig tarball, then Debian's quilt series (what dpkg-source -x does) --
orig="$(ls "$scratch"/download/lwip_*.orig.tar.* 2>/dev/null | head -n 1)"
debian="$(ls "$scratch"/download/lwip_*.debian.tar.* 2>/dev/null | head -n 1)"
[ -n "$orig" ] && [ -n "$debian" ] || fail "the downloaded source package lacks its orig or debian tarball"

work="$scratch/unpack"
mkdir -p "$work"
tar -xf "$orig" -C "$work"
top="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
[ -n "$top" ] && [ -f "$top/src/core/udp.c" ] || fail "unexpected layout in $(basename "$orig") (no src/core/udp.c)"
tar -xf "$debian" -C "$top"
if [ -f "$top/debian/patches/series" ]; then
  while read -r p _; do
    case "$p" in ''|'#'*) continue ;; esac
    patch -s -p1 -d "$top" <"$top/debian/patches/$p" || fail "Debian patch '$p' did not apply"
  done <"$top/debian/patches/series"
fi
echo "$version" >"$top/$STAMP_NAME"

# Copy next to DEST first, then rename: an interrupted run never leaves a half DEST.
mkdir -p "$(dirname "$dest")"
staging="$(mktemp -d "$(dirname "$dest")/.lwip-partial.XXXXXX")"
trap 'rm -rf "$scratch" "$staging"' EXIT
cp -a "$top/." "$staging/"
chmod 755 "$staging"
mv "$staging" "$dest"
say "lwIP $version unpacked into $dest"
