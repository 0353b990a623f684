#!/usr/bin/env bash
# Renders a workshop handout in headless Chromium (Debian's `chromium`
# package) to a PNG screenshot and an A4 PDF, to check that it displays and
# prints. Not part of CI (Chromium is a large install); run it by hand:
#
#   bench/handout_screenshot.sh [OUT_DIR]     (default bench-out/handout)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench-out/handout}
BROWSER=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$BROWSER" ]; then
  echo "no chromium found (Debian: apt-get install chromium)" >&2
  exit 2
fi
cargo build --release --quiet --bin lernfall
rm -rf "$OUT" && mkdir -p "$OUT"
target/release/lernfall anonymise cases/01-kita-haematome.yaml --out "$OUT/anon" >/dev/null 2>&1
EXPORT=$(ls "$OUT"/anon/C-*.yaml | head -n 1)
target/release/lernfall handout "$EXPORT" --out "$OUT/handout.html"
HTML="file://$(cd "$OUT" && pwd)/handout.html"
"$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1240,1754 --screenshot="$OUT/handout.png" "$HTML" 2>/dev/null
"$BROWSER" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$OUT/handout.pdf" "$HTML" 2>/dev/null
for f in handout.png handout.pdf; do
  test -s "$OUT/$f" || { echo "$f was not written" >&2; exit 1; }
done
echo "rendered: $OUT/handout.png ($(wc -c < "$OUT/handout.png") bytes), $OUT/handout.pdf ($(wc -c < "$OUT/handout.pdf") bytes)"
