#!/usr/bin/env bash
# Renders an EquiDyn report.html in headless Chromium and checks that every <img> decoded (naturalWidth > 0).
# Usage: scripts/check-report.sh <report.html> [screenshot.png]
# Needs Chromium (Debian: apt-get install -y chromium). Exit codes: 0 all images decoded, 1 some did not (or the page
# did not render), 2 bad usage, 3 no Chromium found.
set -uo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -f "$1" ]; then
  echo "usage: scripts/check-report.sh <report.html> [screenshot.png]" >&2
  exit 2
fi
report="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shot="${2:-}"
browser=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
  echo "check-report: no Chromium found (Debian: apt-get install -y chromium)" >&2
  exit 3
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The report has no scripts of its own; a copy gets a tiny one that marks, after the load event, whether each image decoded
# (no "&" in it: awk's sub() would expand it).
probe='<script>window.addEventListener("load",function(){var im=document.images,ok=0;for(var i=0;i<im.length;i++){var d=im[i].complete?im[i].naturalWidth>0:false;im[i].setAttribute("data-decoded",d?"yes":"no");if(d)ok++;}document.body.setAttribute("data-images",im.length+"/"+ok);});</script>'
awk -v probe="$probe" '{ sub(/<\/body>/, probe "</body>"); print }' "$report" > "$work/report.html"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile" --virtual-time-budget=10000)
"$browser" "${flags[@]}" --dump-dom "file://$work/report.html" > "$work/dom.html" 2> "$work/chromium.log"
expected=$(grep -o '<img ' "$report" | wc -l)
marked=$(grep -o 'data-images="[0-9]*/[0-9]*"' "$work/dom.html" | head -1 | sed 's/.*="\(.*\)"/\1/')
if [ -z "$marked" ]; then
  echo "check-report: the page did not finish rendering (no load event seen); Chromium said:" >&2
  tail -5 "$work/chromium.log" >&2
  exit 1
fi
total=${marked%/*}
decoded=${marked#*/}
failed=$(grep -o '<img [^>]*data-decoded="no"' "$work/dom.html" | grep -o 'alt="[^"]*"' | tr '\n' ' ')

if [ -n "$shot" ]; then
  "$browser" "${flags[@]}" --screenshot="$shot" --window-size=1200,2000 "file://$report" >/dev/null 2>> "$work/chromium.log"
  if [ ! -s "$shot" ]; then
    echo "check-report: no screenshot written to $shot" >&2
    exit 1
  fi
fi

if [ "$total" -ne "$expected" ] || [ "$decoded" -ne "$total" ] || [ "$total" -eq 0 ]; then
  echo "check-report: $decoded of $total image(s) decoded ($expected <img> in the file) ${failed:+; not decoded: $failed}" >&2
  exit 1
fi
echo "check-report: $decoded/$total images decoded in $browser${shot:+; screenshot $shot}"
