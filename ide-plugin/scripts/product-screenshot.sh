#!/usr/bin/env bash
# The product test: starts the materialized Eclipse product (the RaftForge feature installed in it
# from the update site) under a private Xvfb on a copy of the sample project, lets the screenshot
# driver open the model that has an error, checks what the workbench shows (the generic editor,
# the error as a marker and as an annotation, keyword colouring), and saves the screen.
#
#   product-screenshot.sh PRODUCT_DIR DRIVER_JAR SAMPLE_PROJECT_DIR OUT_DIR
#
# Writes OUT_DIR/raftforge-ide.png, OUT_DIR/report.properties (what the driver saw) and
# OUT_DIR/product.log (the product's console). Exits non-zero, saying why, when the product does
# not come up or does not show the model with its error. Leaves no process behind.
set -euo pipefail

[[ $# -eq 4 ]] || { echo "usage: $0 PRODUCT_DIR DRIVER_JAR SAMPLE_PROJECT_DIR OUT_DIR" >&2; exit 2; }
product="$1"
driver="$2"
sample="$3"
out="$4"
scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
patience_seconds=300

fail() { echo "product-screenshot: $*" >&2; exit 1; }

launcher="$(ls "$product"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -1)"
configurator="$(ls "$product"/plugins/org.eclipse.equinox.simpleconfigurator_*.jar 2>/dev/null | head -1)"
[[ -f "$launcher" && -f "$configurator" ]] || fail "no materialized product in $product (build the product module first)"
ls "$product"/plugins/org.raftforge.dsl.ui_*.jar >/dev/null 2>&1 \
  || fail "the RaftForge plugin is not installed in $product (the director step of the build installs it)"
[[ -f "$driver" ]] || fail "no screenshot driver at $driver"
command -v import >/dev/null || "$scripts/../../scripts/ensure-debian-packages.sh" ide

rm -rf "$out"
mkdir -p "$out"
cp -r "$sample" "$out/project"
report="$out/report.properties"

product_pid=""
cleanup() {
  if [[ -n "$product_pid" ]] && kill -0 "$product_pid" 2>/dev/null; then
    kill "$product_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$product_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$product_pid" 2>/dev/null || true
  fi
  "$scripts/xvfb.sh" stop "$out/xvfb" || true
}
trap cleanup EXIT

"$scripts/xvfb.sh" start "$out/xvfb"
display="$(sed -n 's/^xvfb.display=//p' "$out/xvfb/display.properties")"

# The driver bundle joins the product's own bundles for this run only (osgi.bundles is read
# before the product's config.ini value).
DISPLAY="$display" java -Xmx1g \
  -Dosgi.bundles="reference:file:$configurator@1:start,reference:file:$(realpath "$driver")@4:start" \
  -Draftforge.screenshot.project="$out/project" \
  -Draftforge.screenshot.model=lab.raft \
  -Draftforge.screenshot.report="$report" \
  -jar "$launcher" -data "$out/workspace" -consoleLog </dev/null >"$out/product.log" 2>&1 &
product_pid=$!
# should this script be killed outright (no trap runs), the product goes with it
setsid bash -c "while kill -0 $$ 2>/dev/null && kill -0 $product_pid 2>/dev/null; do sleep 2; done; kill $product_pid 2>/dev/null" \
  </dev/null >/dev/null 2>&1 &

started=$(date +%s)
until [[ -s "$report" ]]; do
  kill -0 "$product_pid" 2>/dev/null || fail "the product exited before showing the model; see $out/product.log:
$(tail -n 30 "$out/product.log")"
  (( $(date +%s) - started < patience_seconds )) || fail "no report from the product within ${patience_seconds} s; see $out/product.log"
  sleep 1
done
echo "product-screenshot: the product came up and showed the model in $(( $(date +%s) - started )) s"
cat "$report"

value() { sed -n "s/^$1=//p" "$report"; }
[[ "$(value status)" == ready ]] || fail "the driver failed: $(value status)"
[[ "$(value editor.id)" == org.eclipse.ui.genericeditor.GenericEditor ]] || fail "the model opened in $(value editor.id), not the generic editor"
(( $(value markers.errors) >= 1 )) || fail "the builder put no error marker on the model"
(( $(value annotations.errors) >= 1 )) || fail "the editor shows no error annotation"
[[ "$(value keyword.style)" == *bold* ]] || fail "keywords are not coloured: '$(value keyword.style)'"

sleep 2   # let the last repaint land
DISPLAY="$display" import -window root "$out/raftforge-ide.png"
colours="$(identify -format %k "$out/raftforge-ide.png")"
(( colours > 50 )) || fail "the screenshot has only $colours colours: nothing was drawn"
echo "product-screenshot: saved $out/raftforge-ide.png ($colours colours)"
