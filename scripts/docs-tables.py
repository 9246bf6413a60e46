#!/usr/bin/env python3
"""Regenerates the result tables of README.md and docs/experiments/<preset>.md from run outputs.

Usage:  scripts/docs-tables.py [--root DIR] RUN_DIR [RUN_DIR ...]

Each RUN_DIR is a sweep directory written by `equidyn run` (it holds spec.json). For the preset named in its
spec.json the script rewrites every block between

    <!-- docs-tables:begin <preset>-<scale> -->  and  <!-- docs-tables:end <preset>-<scale> -->

in docs/experiments/<preset>.md and README.md (under --root, default: this repository) with the preset's result table
and the command that produced the run, the machine it ran on and its wall time — so the docs are regenerated from
outputs instead of going stale. What the table holds depends on the experiment kind in spec.json:

- transfer (mnist-c4): per arm, median [min, max] over seeds from sweep-summary.json, and the theory's per-seed checks;
- strategies (permutation, translation, rotation, groups): per arm, median [min, max] over seeds of the distances to
  E∩L, the test accuracy and the seconds per epoch (sweep-summary.json), and per group of arms the per-seed ratio of the
  nominal to the augmented final distance (runs.csv);
- ensemble: per arm, the error of the mean by ensemble size at the last step and the member statistics (ensemble.csv)
  with the fitted slope, floor, ratio and verdict (ensemble-verdicts.csv);
- optimizers: per support × basis × rule cell, the final distance to E∩L, median [min, max] over seeds, with the
  prediction and the verdict (optimizers.csv).

The machine and wall time come from sweep-summary.json (`machine`, `wallSeconds`). Only the standard library is used.
"""
import csv
import json
import os
import re
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def spread(s, fmt):
    if s is None:
        return ""
    if s["min"] == s["max"]:
        return fmt(s["median"])
    return f"{fmt(s['median'])} [{fmt(s['min'])}, {fmt(s['max'])}]"


def spread_of(values, fmt):
    """median [min, max] of a list of numbers (the median alone when they are all equal)."""
    values = sorted(values)
    return spread({"median": statistics.median(values), "min": values[0], "max": values[-1]}, fmt)


def e(x):
    return f"{x:.2e}"


def pct(x):
    return f"{100 * x:.1f}%"


def read_json(path):
    with open(path) as f:
        return json.load(f)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def summary_of(sweep_dir):
    path = os.path.join(sweep_dir, "sweep-summary.json")
    return read_json(path) if os.path.exists(path) else {}


def provenance(sweep_dir, spec, summary):
    """The closing lines of a generated block: the command, the machine, the wall time and how to regenerate it."""
    preset, scale = spec.get("preset") or "custom", spec.get("scale", "custom")
    command = f"./equidyn run --preset {preset} --{scale}" if scale in ("quick", "full") else "./equidyn run <spec.json>"
    if spec.get("threads") is not None:
        command += f" --threads {spec['threads']}"
    seeds = spec.get("seeds", [])
    wall = summary.get("wallSeconds")
    machine = summary.get("machine") or "an unrecorded machine"
    if machine.startswith("1 cores"):  # the cores the process may use: one, when pinned (taskset) or given one CPU
        machine = "1 core (the process's CPU affinity)" + machine[len("1 cores"):]
    return (f"Produced by `{command}` ({len(seeds)} seed(s)) on {machine}"
            + (f"; wall time {wall:.0f} s for the sweep (without building the CLI)" if wall is not None else "; wall time not recorded")
            + f"; run directory runs/{os.path.basename(os.path.normpath(sweep_dir))}. To regenerate, rerun the command and "
            + f"then `scripts/docs-tables.py runs/{preset}-<timestamp>`.")


def transfer_table(sweep_dir, spec, summary):
    """The mnist-c4 block (kept byte for byte as the README and mnist-c4.md show it)."""
    preset, scale = spec.get("preset") or "custom", spec.get("scale", "custom")
    lines = []
    header = ["arm", "seeds", "final distance", "max distance, 1st epoch", "test accuracy",
              "‖∇R‖ on E∩L at transfer / at init", "Equi train loss", "Equi test accuracy"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for a in summary["arms"]:
        row = [f"`{a['arm']}`", str(a["runs"]), spread(a["finalDistance"], e), spread(a["maxDistanceFirstEpoch"], e),
               spread(a["testAccuracy"], pct),
               spread(a.get("equivariantRelativeGradientNorm"), e),
               spread(a.get("equivariantTrainLoss"), lambda x: f"{x:.4f}"),
               spread(a.get("equivariantTestAccuracy"), pct)]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("Median [min, max] over seeds.")
    for c in summary.get("checks", []):
        lines.append(f"- {'✓' if c['passed'] else '✗ FAILED'} {c['name']}: {c['detail']}")
    command = f"./equidyn run --preset {preset} --{scale}" if scale in ("quick", "full") else "./equidyn run <spec.json>"
    seeds = spec.get("seeds", [])
    wall = summary.get("wallSeconds")
    machine = summary.get("machine") or "unknown machine"
    lines.append("")
    lines.append(f"Produced by `{command}` ({len(seeds)} seed(s)) on {machine}"
                 + (f"; wall time {wall:.0f} s" if wall is not None else "")
                 + f". Regenerate with `scripts/docs-tables.py {os.path.basename(os.path.normpath(sweep_dir))}`.")
    return "\n".join(lines)


STRATEGIES = ("nominal", "augmented", "equivariant")


def split_arm(name):
    """('c4', 'nominal') for c4-nominal, ('', 'nominal') for nominal; None for an arm of another name."""
    for s in STRATEGIES:
        if name == s:
            return "", s
        if name.endswith("-" + s):
            return name[: -len(s) - 1], s
    return None


def test_set(spec):
    d = spec.get("dataset", {})
    name = d.get("name")
    if name in ("sbm", "simpleshapes"):
        what = "graphs" if name == "sbm" else "images"
        count = d.get("testLimit") or d.get("trainLimit")
        return f"a separate generated sample of {count} {what} (seed derived from dataset.seed)"
    if d.get("trainOn") == "all":
        return (f"the first {d.get('testLimit', 'all')} images of the test split; the training set is the first "
                f"{d.get('trainLimit', 'all')} images of the training and test splits concatenated (trainOn: all)")
    return "the test split"


def strategies_table(sweep_dir, spec, summary):
    segmentation = spec.get("dataset", {}).get("name") == "simpleshapes"  # accuracy over the pixels of both masks
    header = ["arm", "seeds", "final distance", "max distance, 1st epoch", "mean distance",
              "test pixel accuracy" if segmentation else "test accuracy", "s/epoch"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for a in summary["arms"]:
        lines.append("| " + " | ".join([
            f"`{a['arm']}`", str(a["runs"]), spread(a["finalDistance"], e), spread(a["maxDistanceFirstEpoch"], e),
            spread(a["meanDistance"], e), spread(a["testAccuracy"], pct),
            spread(a["secondsPerEpoch"], lambda x: f"{x:.2g}")]) + " |")
    lines.append("")
    lines.append("Median [min, max] over seeds of the distance ‖A − Π_E∩L A‖ from E∩L"
                 + (" (= E: dense layers, L = H)" if spec.get("architecture", {}).get("name") == "paper-mlp" else "")
                 + " at the end of the measured phase, its largest value in the first epoch and its mean over the epochs; seconds per "
                 "epoch of training; test accuracy on " + test_set(spec) + ".")
    runs = read_csv(os.path.join(sweep_dir, "runs.csv"))
    final = {}
    for r in runs:
        parts = split_arm(r["arm"])
        if parts:
            final[(parts[0], parts[1], r["seed"])] = float(r["final_distance"])
    groups = []
    for r in runs:
        parts = split_arm(r["arm"])
        if parts and parts[0] not in groups:
            groups.append(parts[0])
    for g in groups:
        seeds = sorted({s for (gg, strategy, s) in final if gg == g}, key=int)
        ratios = [final[(g, "nominal", s)] / final[(g, "augmented", s)] for s in seeds
                  if (g, "nominal", s) in final and (g, "augmented", s) in final and final[(g, "augmented", s)] > 0]
        if ratios:
            lines.append(f"- {g + ': ' if g else ''}nominal ÷ augmented final distance, per seed: "
                         f"{spread_of(ratios, lambda x: f'{x:.1f}×')} over {len(ratios)} seed(s)")
    if groups:
        lines.append("")
        lines.append("The distances are unsquared Frobenius norms; the authors' figures plot squared per-layer distances "
                     "(docs/paper-code.md B6), so ratios read off those figures are not comparable with these.")
    lines.append("")
    lines.append(provenance(sweep_dir, spec, summary))
    return "\n".join(lines)


def number(text):
    return float(text) if text not in ("", None) else float("nan")


def E1(x):
    return f"{x:.1E}"


def F2(x):
    return f"{x:.2f}"


def ensemble_table(sweep_dir, spec, summary):
    rows = read_csv(os.path.join(sweep_dir, "ensemble.csv"))
    verdicts = read_csv(os.path.join(sweep_dir, "ensemble-verdicts.csv"))
    lines = [
        "| arm | members | prediction | error of the mean at the last step, by M | orbit-same (largest M) | member error | "
        "member distance to E∩L | worst error (all steps) | slope [95 %] | floor b | largest M ÷ 1/√M extrapolation | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for v in verdicts:
        mine = [r for r in rows if r["arm"] == v["arm"]]
        last = max(int(r["step"]) for r in mine)
        final = sorted((r for r in mine if int(r["step"]) == last), key=lambda r: int(r["size"]))
        errors = ", ".join(f"{r['size']}: {E1(number(r['error']))}" for r in final)
        slope, low, high = number(v["slope"]), number(v["slope_low"]), number(v["slope_high"])
        slope_text = "—" if slope != slope else F2(slope) if low != low else f"{F2(slope)} [{F2(low)}, {F2(high)}]"
        floor, ratio = number(v["floor"]), number(v["ratio_to_sqrt_extrapolation"])
        ratio_text = "—" if ratio != ratio or v["prediction"] == "exact" else \
            f"{F2(ratio)} ({'levels off' if v['levels_off'] == 'yes' else 'falls like 1/√M'})"
        lines.append("| " + " | ".join([
            v["arm"], final[0]["initialisation"], v["prediction"], errors, F2(number(final[-1]["orbit_same"])),
            E1(number(final[-1]["member_error"])), E1(number(final[-1]["member_distance"])), E1(number(v["worst_error"])),
            slope_text, "—" if floor != floor else E1(floor), ratio_text,
            "as predicted" if v["matches"] == "yes" else "DISAGREES"]) + " |")
    steps = max(int(r["step"]) for r in rows)
    lines.append("")
    lines.append(f"After {steps} full-batch steps; one ensemble per arm (seed {spec.get('seeds', ['?'])[0]}).")
    lines.append("")
    lines.append(provenance(sweep_dir, spec, summary))
    return "\n".join(lines)


def optimizers_table(sweep_dir, spec, summary):
    cells = read_csv(os.path.join(sweep_dir, "optimizers.csv"))
    rules = list(dict.fromkeys(c["optimizer"] for c in cells))
    arms = list(dict.fromkeys(c["arm"] for c in cells))
    lines = [f"| support | basis | {' | '.join(rules)} |", "|---|---|" + "---|" * len(rules)]
    for arm in arms:
        mine = [c for c in cells if c["arm"] == arm]
        row = [mine[0]["support"], mine[0]["basis"]]
        for rule in rules:
            seeds = [c for c in mine if c["optimizer"] == rule]
            if not seeds:
                row.append("—")
                continue
            if not all(c["matches"] == "yes" for c in seeds):
                mark = "✗"
            elif any(c["rounding_amplified"] == "yes" for c in seeds):
                mark = "~" + str(min(int(c["steps_within_tolerance"]) for c in seeds if c["rounding_amplified"] == "yes"))
            else:
                mark = "✓"
            predicted = "=" if seeds[0]["predicted"] == "stays" else "≠"
            row.append(f"{predicted} {spread_of([number(c['final_distance']) for c in seeds], E1)} {mark}")
        lines.append("| " + " | ".join(row) + " |")
    seeds = sorted({c["seed"] for c in cells}, key=int)
    lines.append("")
    over = f"median [min, max] over {len(seeds)} seeds" if len(seeds) > 1 else f"seed {seeds[0]}"
    lines.append(f"Final relative distance ‖A − Π_E∩L A‖/‖A‖ ({over}); = predicted to stay, "
                 "≠ predicted to leave; ✓ as predicted, ✗ not, ~k at rounding level (≤ 1e-10) for the first k steps and "
                 "then amplified.")
    lines.append("")
    lines.append(provenance(sweep_dir, spec, summary))
    return "\n".join(lines)


KINDS = {"transfer": transfer_table, "strategies": strategies_table, "ensemble": ensemble_table, "optimizers": optimizers_table}


def table(sweep_dir):
    spec = read_json(os.path.join(sweep_dir, "spec.json"))
    preset, scale = spec.get("preset") or "custom", spec.get("scale", "custom")
    kind = spec.get("kind", "strategies")
    if kind not in KINDS:
        raise SystemExit(f"{sweep_dir}/spec.json: kind '{kind}' has no docs table (known: {', '.join(KINDS)})")
    return f"{preset}-{scale}", preset, KINDS[kind](sweep_dir, spec, summary_of(sweep_dir))


def replace(path, key, body):
    if not os.path.exists(path):
        return False
    with open(path) as f:
        text = f.read()
    pattern = re.compile(rf"(<!-- docs-tables:begin {re.escape(key)} -->\n)(.*?)(<!-- docs-tables:end {re.escape(key)} -->)", re.S)
    if not pattern.search(text):
        return False
    text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(3), text)
    with open(path, "w") as f:
        f.write(text)
    return True


def main(args):
    root = ROOT
    if args[:1] == ["--root"] and len(args) >= 2:
        root, args = args[1], args[2:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    for sweep_dir in args:
        key, preset, body = table(sweep_dir)
        targets = [os.path.join(root, "docs", "experiments", f"{preset}.md"), os.path.join(root, "README.md")]
        done = [t for t in targets if replace(t, key, body)]
        print(f"{sweep_dir}: {key} -> {', '.join(os.path.relpath(t, root) for t in done) or 'no marked block'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
