#!/usr/bin/env bash
# Renders every demo case's workshop handout and the HTML report in headless
# Chromium (Debian's `chromium` package) to PNG screenshots and A4 PDFs, to
# look at what a moderator prints. Not part of CI (Chromium is a large
# install); run it by hand:
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
target/release/lernfall anonymise cases/ --out "$OUT/anon" >/dev/null 2>&1
target/release/lernfall handout "$OUT/anon" --out "$OUT/html" >/dev/null 2>&1
target/release/lernfall report cases/ --threshold 1 --format html --out "$OUT/html" >/dev/null
render() {
  local html=$1 name
  name=$(basename "$html" .html)
  "$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1240,1754 --screenshot="$OUT/$name.png" "file://$(realpath "$html")" 2>/dev/null
  "$BROWSER" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$OUT/$name.pdf" "file://$(realpath "$html")" 2>/dev/null
  for f in "$OUT/$name.png" "$OUT/$name.pdf"; do
    test -s "$f" || { echo "$f was not written" >&2; exit 1; }
  done
  local pages=""
  if command -v pdfinfo >/dev/null; then
    pages=", $(pdfinfo "$OUT/$name.pdf" | awk '/^Pages:/ {print $2}') pages"
  fi
  echo "rendered: $name.png ($(wc -c < "$OUT/$name.png") bytes), $name.pdf ($(wc -c < "$OUT/$name.pdf") bytes$pages)"
}
for html in "$OUT"/html/*.html; do
  render "$html"
done
