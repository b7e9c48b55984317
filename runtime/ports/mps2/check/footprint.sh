#!/usr/bin/env bash
# footprint.sh BUILD_DIR — text/data/bss of each bring-up image (arm-none-eabi-size)
# and its code split by origin, read from the DWARF line table (the images are
# linked with link-time optimisation, so the link map names only the optimiser's
# partitions; the line table still names each instruction's source file, inlined
# code included): the Raft-free platform layer (ports/mps2), lwIP, runtime code
# (runtime/src), the C library (newlib-nano, libgcc: sources named without a
# folder), the bring-up program (bringup/), plus the stack reserved by the linker
# script. What is left of .text is constants and string literals.
set -euo pipefail
build="$(cd "${1:-build}" && pwd)"
for elf in "$build"/console_check.elf "$build"/udp_check.elf "$build"/runtime_check.elf; do
  [ -f "$elf" ] || continue
  echo "footprint: $(basename "$elf")"
  arm-none-eabi-size "$elf" | sed 's/^/  /'
  text_total=$(arm-none-eabi-size -A "$elf" | awk '$1 == ".vectors" || $1 == ".text" || $1 == ".ARM.exidx" { t += $2 } END { print t }')
  arm-none-eabi-objdump --dwarf=decodedline "$elf" | awk -v text_total="$text_total" '
    function hex(text,    i, c, v) {  # mawk has no strtonum
      v = 0
      text = tolower(substr(text, 3))
      for (i = 1; i <= length(text); i++) { c = index("0123456789abcdef", substr(text, i, 1)) - 1; v = v * 16 + c }
      return v
    }
    # a compile unit may be named by its file name alone, hence the name prefixes
    function origin(path,    name) {
      name = path; sub(/.*\//, "", name)
      if (path ~ /ports\/mps2\/|^(src|include)\// || name ~ /^mps2_/) return "platform"
      if (tolower(path) ~ /lwip/) return "lwip"
      if (path ~ /bringup\// || name ~ /^(bringup_text|console_check|udp_check|runtime_check)\.c$/) return "app"
      if (path ~ /runtime\/(src|include)\// || name ~ /^raft_/) return "runtime"
      if (path ~ /newlib|libgcc/ || (path !~ /\// && path !~ /^</)) return "libc"
      return "other"
    }
    # "path:" (or "path:[++]") names the source of the rows after it; a row is "file line address",
    # and owns the bytes up to the next row unless its line is "-" (sequence end)
    NF == 1 && /:(\[\+\+\])?$/ { path = $1; sub(/:(\[\+\+\])?$/, "", path); sub(/^\.\//, "", path); who = origin(path); next }
    NF >= 3 && $3 ~ /^0x/ {
      address = hex($3)
      if (owner != "" && address >= last) { code[owner] += address - last; seen[owner] = 1 }
      owner = ($2 == "-") ? "" : who
      last = address
    }
    END {
      printf "  %-10s %8s\n", "part", "code"
      n = split("platform lwip runtime libc app other", order, " ")
      for (i = 1; i <= n; i++) {
        w = order[i]
        if (!(w in seen)) continue
        printf "  %-10s %8d\n", w, code[w]
        attributed += code[w]
      }
      printf "  %-10s %8d   (constants, string literals, vectors)\n", "rest", text_total - attributed
    }'
  stack=$(arm-none-eabi-nm "$elf" | sort | awk '/ __stack_bottom$/ { b = $1 } / __stack_top$/ { t = $1 } END { print t " " b }')
  stack=$(( 0x${stack% *} - 0x${stack#* } ))
  echo "  stack      (reserved by the linker script, inside bss above) $stack"
done
