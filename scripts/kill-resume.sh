#!/usr/bin/env bash
# Kills `equidyn run` with SIGKILL at random moments and checks that `--resume` ends with exactly the numbers of an
# uninterrupted run (issue #11). Usage: scripts/kill-resume.sh [N=20] [CLI dll]; prints one line per kill and a tally.
# Compares metrics.csv, epochs.csv and runs.csv (without their seconds column), every .npy and the checkpoint's array
# hashes.
set -euo pipefail
n=${1:-20}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Default: the Release build `./equidyn` makes, else the Debug build `dotnet test` makes.
release=$here/src/EquiDyn.Cli/bin/Release/net10.0/linux-x64/EquiDyn.Cli.dll
debug=$here/src/EquiDyn.Cli/bin/Debug/net10.0/linux-x64/EquiDyn.Cli.dll
cli=${2:-$([[ -f $release ]] && echo "$release" || echo "$debug")}
if [[ ! -f $cli ]]; then
  echo "kill-resume: no CLI build at $cli; run ./equidyn --help once to build it, or pass the EquiDyn.Cli.dll to use" >&2
  exit 2
fi
work=$(mktemp -d /tmp/equidyn-kill-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/spec.json" <<'JSON'
{ "preset": "mnist-c4", "scale": "custom", "dtype": "float64",
  "dataset": { "name": "synthetic", "imageSize": 8, "syntheticTrain": 32, "syntheticTest": 8, "trainLimit": null, "testLimit": null },
  "architecture": { "hidden": [2, 3, 3], "classes": 10 },
  "arms": [ { "name": "cross", "support": "cross" }, { "name": "skew", "support": "skew", "augmentation": "sampled" } ],
  "equivariantPhase": { "epochs": 3, "learningRate": 0.05, "batchSize": 4 },
  "augmentedPhase": { "epochs": 4, "learningRate": 0.05, "batchSize": 4 },
  "evaluationBatchSize": 4, "seeds": [3] }
JSON
digest() { # everything but timings
  (cd "$1" && for f in $(find . -name '*.csv' -o -name '*.npy' | sort); do
     # epochs.csv and the sweep's runs.csv end with wall times
     if [[ $f == *epochs.csv || $f == ./runs.csv ]]; then echo "$f $(rev "$f" | cut -d, -f2- | rev | sha256sum)"; else echo "$f $(sha256sum < "$f")"; fi
   done; find . -name checkpoint.npz | sort | while read -r c; do echo "$c $(unzip -p "$c" state.json | grep -o '"sha256": *"[0-9a-f]*"' | tr -d '\n')"; done)
}
start=$(date +%s.%N)
dotnet "$cli" run "$work/spec.json" --out "$work/straight" --plain > /dev/null 2>&1
seconds=$(echo "$(date +%s.%N) - $start" | bc)
want=$(digest "$work/straight")
same=0
for i in $(seq 1 "$n"); do
  out="$work/killed-$i"
  dotnet "$cli" run "$work/spec.json" --out "$out" --plain > /dev/null 2>&1 &
  pid=$!
  delay=$(awk -v s="$RANDOM" -v t="$seconds" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * (t - 0.3) }')
  sleep "$delay"
  kill -9 "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  leftovers=$( (find "$out" -name '*.tmp-*' 2> /dev/null || true) | wc -l) # the kill may come before $out exists
  # Killed before the sweep's spec.json existed: nothing to resume, so the same command starts it again.
  if [[ -f "$out/spec.json" ]]; then cmd=(run --resume "$out"); else cmd=(run "$work/spec.json" --out "$out"); fi
  dotnet "$cli" "${cmd[@]}" --plain > "$work/resume.log" 2>&1 || { echo "kill $i after ${delay}s: resume failed: $(tail -1 "$work/resume.log")"; continue; }
  left=$(find "$out" -name '*.tmp-*' | wc -l)
  if [[ "$(digest "$out")" == "$want" ]]; then same=$((same + 1)); verdict=identical; else verdict=DIFFERENT; fi
  echo "kill $i after ${delay}s (of ${seconds%.*}s): resumed $verdict; temporary files left by the kill $leftovers, after resume $left"
  rm -rf "$out"
done
echo "$same/$n kill -9 resumes identical to the uninterrupted run"
[[ $same == "$n" ]]
