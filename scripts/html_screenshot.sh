#!/usr/bin/env bash
# Renders an HTML report of `zhengce eval --format html` in headless Chromium: writes a PNG of the
# page and fails if the browser's console reported anything (the page itself logs nothing, so
# every console line is an error: a script error, a blocked resource) or if the rendered page has
# no summary table.
#
#   scripts/html_screenshot.sh REPORT.html OUT.png
#
# exit codes: 0 rendered cleanly · 1 console messages or no summary table · 2 usage, or no Chromium
# (install it with `apt-get install -y chromium`; $CHROMIUM names another binary).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: scripts/html_screenshot.sh REPORT.html OUT.png" >&2
  exit 2
fi
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$browser" ]; then
  echo "no Chromium found: install it (apt-get install -y chromium) or set CHROMIUM" >&2
  exit 2
fi
page="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile")

# The screenshot, with the console on standard error.
timeout 120 "$browser" "${flags[@]}" --enable-logging=stderr --v=0 --window-size=1200,2400 \
  --screenshot="$out" "file://$page" > /dev/null 2> "$work/console.log" || true
# The page as the browser built it, to check what it shows.
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page" > "$work/dom.html" 2> /dev/null || true

status=0
if [ ! -s "$out" ]; then
  echo "no screenshot was written to $out" >&2
  status=1
fi
if grep -E ':CONSOLE[:(]' "$work/console.log" >&2; then
  echo "the browser's console reported the messages above" >&2
  status=1
fi
if ! grep -q '<table class="summary">' "$work/dom.html"; then
  echo "the rendered page has no summary table" >&2
  status=1
fi
rows=$(grep -o '<tr>' "$work/dom.html" | wc -l)
[ $status -eq 0 ] && echo "rendered $page → $out: summary table with $rows rows, no console messages"
exit $status
