#!/usr/bin/env bash
# EquiDyn against PyTorch references of the same networks and settings (bench/reference/*.py), side by side.
#
#   bench/run.sh [--short | --full] [--rounds R] [--no-both-cores] [--only PATTERN] [--images N]
#
# Every case runs as one process per implementation, pinned with taskset to one core with one thread (then, unless
# --no-both-cores, on both cores with two threads); the two implementations alternate within each round and their
# order flips every round, so a load change on the machine hits both. Each process warms up once, then times
# several repeats; the table gives min and median over all repeats of all rounds, the ratios EquiDyn / reference
# (below 1: EquiDyn is faster) and the peak resident memory of each process (max over rounds).
# The table states the issue's target (#10) next to every ratio and whether it is met (on the ratio of medians),
# the float64 exact-orbit step against its float32 twin, rotation's exact-orbit epoch against the reference's 25-pass
# Aug epoch, peak memory against the reference, and how each case scales from one core to both.
# --short (default) takes ~5-10 minutes on an idle 2-core machine; --full uses the full data sizes per pass.
# --images N sets the images per pass of the translation and rotation cases (time per pass scales linearly with it;
# e.g. 50 on a loaded machine, where a reference pass of 200 images takes minutes).
# Not a test: nothing here runs in the test command. Raw lines go to bench/results/<timestamp>/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode=short rounds=3 both=1 only="" images=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --short) mode=short ;;
    --full) mode=full ;;
    --rounds) rounds="$2"; shift ;;
    --no-both-cores) both=0 ;;
    --only) only="$2"; shift ;;
    --images) images="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# Debian's interpreter, where python3-torch installs (a pyenv or venv python3 earlier on PATH would not see it).
py=/usr/bin/python3
[[ -x $py ]] || py=python3
if ! "$py" -c 'import torch' 2>/dev/null; then
  echo "bench: PyTorch for python3 is missing; installing Debian's python3-torch with apt-get (needed by the reference scripts)"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get install -y python3-torch || { $sudo apt-get update && $sudo apt-get install -y python3-torch; }
fi
for tool in taskset /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing (Debian: util-linux, time)" >&2; exit 1; }
done

build="$here/.build"
echo "bench: building EquiDyn.Bench (Release)"
dotnet build "$here/EquiDyn.Bench" -c Release -o "$build" --verbosity quiet >/dev/null
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

# case name | EquiDyn.Bench arguments | reference command (relative to bench/reference; empty: compared in the table
# with another case, e.g. rotation-exact's 4-pass exact-orbit epoch with 25 reference Aug passes, or cnn-raw-*, the
# CNN step in plain TorchSharp, with EquiDyn's cnn-* step run just before it) | unit
if [[ $mode == short ]]; then
  cnn="--steps 5 --repeats 2"; tr="--images 200 --repeats 2"; rot="--images 100 --repeats 2"; perm="--images 1000 --repeats 5"
else
  cnn="--steps 20 --repeats 3"; tr="--images 10000 --repeats 2"; rot="--images 3000 --repeats 2"; perm="--images 1000 --repeats 10"
fi
if [[ -n $images ]]; then
  tr=$(sed -E "s/--images [0-9]+/--images $images/" <<<"$tr"); rot=$(sed -E "s/--images [0-9]+/--images $images/" <<<"$rot")
fi
cases=(
  "cnn-equi|cnn equi $cnn|cnn.py equi $cnn|s/step"
  "cnn-raw-equi|cnn-raw equi $cnn||s/step"
  "cnn-nom|cnn nom $cnn|cnn.py nom $cnn|s/step"
  "cnn-raw-nom|cnn-raw nom $cnn||s/step"
  "cnn-exact32|cnn exact32 $cnn|cnn.py exact32 $cnn|s/step"
  "cnn-exact64|cnn exact64 $cnn|cnn.py exact64 $cnn|s/step"
  "translation-nom|translation nom $tr|dense.py translation nom $tr|s/pass"
  "translation-aug|translation aug $tr|dense.py translation aug $tr|s/pass"
  "translation-equi|translation equi $tr|dense.py translation equi $tr|s/pass"
  "rotation-nom|rotation nom $rot|dense.py rotation nom $rot|s/pass"
  "rotation-aug|rotation aug $rot|dense.py rotation aug $rot|s/pass"
  "rotation-equi|rotation equi $rot|dense.py rotation equi $rot|s/pass"
  "rotation-exact|rotation exact $rot||s/epoch"
  "permutation-nom|permutation nom $perm|dense.py permutation nom $perm|s/pass"
  "permutation-aug|permutation aug $perm|dense.py permutation aug $perm|s/pass"
  "permutation-equi|permutation equi $perm|dense.py permutation equi $perm|s/pass"
)

run_one() { # label file cores threads command...
  local label="$1" file="$2" cores="$3" threads="$4"; shift 4
  # Both sides get the thread count through their API and through the BLAS/OpenMP variables (Debian's PyTorch uses
  # OpenBLAS, whose own thread pool ignores torch.set_num_threads).
  { echo "# $label"; OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads \
      /usr/bin/time -f "maxrss_kb %M" taskset -c "$cores" "$@" --threads "$threads" 2>&1; } >>"$file" \
    || echo "bench: $label failed (see $file)" >&2
}

configs=("1thread|$(( $(nproc) > 1 ? 1 : 0 ))|1")
[[ $both -eq 1 && $(nproc) -ge 2 ]] && configs+=("2threads|0,1|2")
for config in "${configs[@]}"; do
  IFS='|' read -r cname cores threads <<<"$config"
  for ((r = 1; r <= rounds; r++)); do
    for c in "${cases[@]}"; do
      IFS='|' read -r name eargs rargs unit <<<"$c"
      [[ -n $only && ! $name =~ $only ]] && continue
      e=(run_one "$name" "$out/$cname.$name.equidyn" "$cores" "$threads" "$build/EquiDyn.Bench" $eargs)
      p=(true)
      [[ -n $rargs ]] && p=(run_one "$name" "$out/$cname.$name.reference" "$cores" "$threads" "$py" "$here/reference/${rargs%% *}" ${rargs#* })
      echo "bench: $cname round $r/$rounds $name ($(date -u +%H:%M:%S))"
      if (( r % 2 )); then "${e[@]}"; "${p[@]}"; else "${p[@]}"; "${e[@]}"; fi
    done
  done
done

imgs_tr=$(sed -E 's/.*--images ([0-9]+).*/\1/' <<<"$tr"); imgs_rot=$(sed -E 's/.*--images ([0-9]+).*/\1/' <<<"$rot")
"$py" - "$out" "$imgs_tr" "$imgs_rot" <<'EOF'
import glob, os, statistics, sys
out = sys.argv[1]
def parse(path):
    times, rss = [], 0
    if not os.path.exists(path): return times, rss
    for line in open(path):
        parts = line.split()
        if len(parts) == 2 and parts[0] == "time": times.append(float(parts[1]))
        if len(parts) == 2 and parts[0] == "maxrss_kb": rss = max(rss, int(parts[1]))
    return times, rss
# The issue's targets (#10), judged on the ratio of medians: EquiDyn / reference of the same case (targets), and
# the comparisons with other cases (against: case -> rows of (other case, its side, factor, label, target or None)):
#   cnn-exact64: EquiDyn's float64 exact-orbit step / its float32 twin (cnn-exact32), both EquiDyn;
#   rotation-exact: EquiDyn's exact-orbit epoch (4 passes: every image with its 4 rotations) / the reference's
#   25-pass Aug epoch (25 × its rotation-aug pass, the authors' augnumber);
#   cnn-equi / cnn-nom: EquiDyn's step / the same step in plain TorchSharp (cnn-raw-*): EquiDyn's own overhead;
#   cnn-raw-*: plain TorchSharp / the PyTorch reference (the frameworks alone; no target).
# cnn-nom is also the step of the mnist-c4 Aug arms (the same cross model on the orbit-completed data set).
# Peak memory: EquiDyn ≤ the reference for every case with a reference of its own.
targets = {"cnn-equi": 0.9, "cnn-nom": 0.9, "cnn-exact32": 0.9,
           "translation-nom": 0.8, "translation-aug": 0.8, "translation-equi": 0.5,
           "rotation-nom": 0.8, "rotation-aug": 0.8, "rotation-equi": 0.5,
           "permutation-nom": 0.1, "permutation-aug": 0.1, "permutation-equi": 0.1}
against = {"cnn-exact64": [("cnn-exact32", "equidyn", 1, "its float32 twin", 2.5)],
           "rotation-exact": [("rotation-aug", "reference", 25, "25 reference Aug passes", 0.2)],
           "cnn-equi": [("cnn-raw-equi", "equidyn", 1, "raw TorchSharp", 1.05)],
           "cnn-nom": [("cnn-raw-nom", "equidyn", 1, "raw TorchSharp", 1.05)],
           "cnn-raw-equi": [("cnn-equi", "reference", 1, "the PyTorch reference", None)],
           "cnn-raw-nom": [("cnn-nom", "reference", 1, "the PyTorch reference", None)]}
lines = []
speed = {}
for config in ("1thread", "2threads"):
    names = sorted({os.path.basename(p).split(".")[1] for p in glob.glob(f"{out}/{config}.*.equidyn")},
                   key=lambda n: (n.split("-")[0] != "cnn", n))
    if not names: continue
    lines.append(f"\n{config} ({'one core, 1 thread each' if config == '1thread' else 'both cores, 2 threads each'}); "
                 "times in seconds per step (cnn), per pass or per epoch (rotation-exact); target and met? judge the ratio of medians")
    lines.append("| case | EquiDyn min / median | reference min / median | ratio of min | ratio of median | target | met? | peak MB EquiDyn / ref | memory ratio | memory met? |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for n in names:
        et, er = parse(f"{out}/{config}.{n}.equidyn")
        _, own_rr = parse(f"{out}/{config}.{n}.reference")
        rows = []
        if os.path.exists(f"{out}/{config}.{n}.reference"):
            rows.append((n, n, "reference", 1, None, targets.get(n)))
        for other, side, factor, label, target in against.get(n, []):
            if os.path.exists(f"{out}/{config}.{other}.{side}"):
                rows.append((f"{n} vs {label}", other, side, factor, label, target))
        for row, other, side, factor, label, t in rows:
            rt, _ = parse(f"{out}/{config}.{other}.{side}")
            if not et or not rt:
                lines.append(f"| {row} | failed or not run | | | | | | | | |"); continue
            em, ed, rm, rd = min(et), statistics.median(et), factor * min(rt), factor * statistics.median(rt)
            if label is None: speed.setdefault(n, {})[config] = (ed, statistics.median(rt))
            mem = (f"{er / 1024:.0f} / {own_rr / 1024:.0f} | {er / own_rr:.2f} | {'yes' if er <= own_rr else 'no'}"
                   if own_rr and label is None else f"{er / 1024:.0f} / – | – | –")
            lines.append(f"| {row} | {em:.4f} / {ed:.4f} | {rm:.4f} / {rd:.4f} | {em / rm:.2f} | {ed / rd:.2f} | "
                         f"{'≤ ' + str(t) if t else '–'} | {('yes' if ed / rd <= t else 'no') if t else '–'} | {mem} |")
        if et and not own_rr: speed.setdefault(n, {})[config] = (statistics.median(et), None)
both = [n for n in speed if len(speed[n]) == 2]
if both:
    lines.append("\nhow the two cores scale: median time with 1 thread on one core / with 2 threads on both cores (2.00 = perfect)")
    lines.append("| case | EquiDyn speed-up | reference speed-up |")
    lines.append("|---|---|---|")
    for n in both:
        (e1, r1), (e2, r2) = speed[n]["1thread"], speed[n]["2threads"]
        lines.append(f"| {n} | {e1 / e2:.2f} | {f'{r1 / r2:.2f}' if r1 and r2 else '–'} |")
# Full-scale cost of each preset from this run's EquiDyn medians (1 thread): per seed, then 30 seeds on one machine
# and sharded over N nodes (runs are independent; a node runs its share one after another).
med = {}
for path in glob.glob(f"{out}/1thread.*.equidyn"):
    t, _ = parse(path)
    if t: med[os.path.basename(path).split(".")[1]] = statistics.median(t)
tr_scale, rot_scale = 10000 / int(sys.argv[2]), 3000 / int(sys.argv[3])
passes = {"nom": 50, "aug": 50 * 25, "equi": 50}   # 50 GD steps; Aug has 25 passes per step
def dense(case, scale, runs=1):
    if not all(f"{case}-{a}" in med for a in passes): return None
    return runs * scale * sum(med[f"{case}-{a}"] * k for a, k in passes.items())
presets = {
    "permutation": dense("permutation", 1.0),
    "translation": dense("translation", tr_scale),
    "rotation": dense("rotation", rot_scale),
    "groups (4 groups; translation pass time as proxy)": dense("translation", tr_scale, runs=4),
    "mnist-c4 (Equi 2×150,000 steps, Aug 3×24,000, exact float64 24,000)":
        None if not all(k in med for k in ("cnn-equi", "cnn-nom", "cnn-exact64"))
        else 300000 * med["cnn-equi"] + 72000 * med["cnn-nom"] + 24000 * med["cnn-exact64"],
}
lines.append("\nfull-scale cost from this run's EquiDyn medians (1 thread; 30 seeds; evaluation passes not included)")
lines.append("| preset | per seed | 30 seeds, 1 machine (2 runs at once, 1 thread each) | over 10 nodes | over 30 nodes |")
lines.append("|---|---|---|---|---|")
for name, sec in presets.items():
    if sec is None: continue
    h = sec / 3600
    lines.append(f"| {name} | {h:.2f} h | {30 * h / 2:.1f} h | {3 * h / 2:.1f} h | {h / 2:.2f} h |")
text = "\n".join(lines)
print(text)
open(f"{out}/table.md", "w").write(text + "\n")
EOF
echo "bench: raw output and table.md in $out"
