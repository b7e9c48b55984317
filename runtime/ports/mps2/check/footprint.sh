#!/usr/bin/env bash
# footprint.sh BUILD_DIR — text/data/bss of each bring-up image (arm-none-eabi-size)
# and the same split by origin, read from the link map: the Raft-free platform
# layer (obj/port), lwIP (obj/lwip), runtime code (obj/runtime), the C library
# (newlib-nano, libgcc), the bring-up program (obj/app), plus the stack
# reserved by the linker script.
set -euo pipefail
build="$(cd "${1:-build}" && pwd)"
for elf in "$build"/console_check.elf "$build"/udp_check.elf "$build"/runtime_check.elf; do
  [ -f "$elf" ] || continue
  map="${elf%.elf}.map"
  echo "footprint: $(basename "$elf")"
  arm-none-eabi-size "$elf" | sed 's/^/  /'
  text_total=$(arm-none-eabi-size -A "$elf" | awk '$1 == ".vectors" || $1 == ".text" || $1 == ".ARM.exidx" { t += $2 } END { print t }')
  awk -v text_total="$text_total" '
    function hex(text,    i, c, v) {  # mawk has no strtonum
      v = 0
      text = tolower(substr(text, 3))
      for (i = 1; i <= length(text); i++) { c = index("0123456789abcdef", substr(text, i, 1)) - 1; v = v * 16 + c }
      return v
    }
    /^Linker script and memory map/ { in_map = 1; next }
    !in_map { next }
    # an input section: name [addr size file] (long names wrap the rest to the next line)
    /^ [.A-Za-z_]/ && NF == 1 { pending = $1; next }
    {
      if (pending != "" && NF == 3 && $1 ~ /^0x/) { name = pending; addr = $1; size = $2; file = $3 }
      else if (NF == 4 && $1 ~ /^\./ && $2 ~ /^0x/) { name = $1; addr = $2; size = $3; file = $4 }
      else { pending = ""; next }
      pending = ""
      if (hex(addr) == 0 && name !~ /^\.vectors/) next   # discarded
      # unwind entries and string literals are merged by the linker: their input
      # sizes overlap, so they are reported together as the remainder below
      if (name ~ /^\.ARM\.exidx/ || name ~ /\.str1\./) next
      if (name ~ /^\.(text|rodata|vectors)/) kind = "text"
      else if (name ~ /^\.data/) kind = "data"
      else if (name ~ /^(\.bss|COMMON)/) kind = "bss"
      else next
      if (file ~ /obj\/port\//) who = "platform"
      else if (file ~ /obj\/lwip\//) who = "lwip"
      else if (file ~ /obj\/app\//) who = "app"
      else if (file ~ /obj\/runtime\//) who = "runtime"
      else if (file ~ /lib(c|c_nano|g|g_nano|gcc|nosys)\.a/ || file ~ /libgcc/) who = "libc"
      else who = "other"
      sum[who, kind] += hex(size)
      seen[who] = 1
    }
    END {
      printf "  %-10s %8s %8s %8s\n", "part", "text", "data", "bss"
      n = split("platform lwip runtime libc app other", order, " ")
      for (i = 1; i <= n; i++) {
        w = order[i]
        if (!(w in seen)) continue
        printf "  %-10s %8d %8d %8d\n", w, sum[w, "text"], sum[w, "data"], sum[w, "bss"]
        attributed += sum[w, "text"]
      }
      printf "  %-10s %8d %8s %8s   (string literals and unwind entries, merged)\n", "strings", text_total - attributed, "-", "-"
    }' "$map"
  stack=$(arm-none-eabi-nm "$elf" | sort | awk '/ __stack_bottom$/ { b = $1 } / __stack_top$/ { t = $1 } END { print t " " b }')
  stack=$(( 0x${stack% *} - 0x${stack#* } ))
  echo "  stack      (reserved by the linker script, inside bss above) $stack"
done
