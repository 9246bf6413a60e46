#!/usr/bin/env python3
"""Regenerates the result tables of README.md and docs/experiments/<preset>.md from run outputs.

Usage:  scripts/docs-tables.py RUN_DIR [RUN_DIR ...]

Each RUN_DIR is a sweep directory written by `equidyn run` (it holds spec.json and sweep-summary.json). For the preset
named in its spec.json the script rewrites every block between

    <!-- docs-tables:begin <preset>-<scale> -->  and  <!-- docs-tables:end <preset>-<scale> -->

in docs/experiments/<preset>.md and README.md with a table of per-arm median [min, max] over seeds, the theory's
per-seed checks, the command that produced the run, the machine it ran on and its wall time — so the docs are
regenerated from outputs instead of going stale. Only the standard library is used.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def spread(s, fmt):
    if s is None:
        return ""
    if s["min"] == s["max"]:
        return fmt(s["median"])
    return f"{fmt(s['median'])} [{fmt(s['min'])}, {fmt(s['max'])}]"


def e(x):
    return f"{x:.2e}"


def pct(x):
    return f"{100 * x:.1f}%"


def table(sweep_dir):
    with open(os.path.join(sweep_dir, "spec.json")) as f:
        spec = json.load(f)
    with open(os.path.join(sweep_dir, "sweep-summary.json")) as f:
        summary = json.load(f)
    preset, scale = spec.get("preset") or "custom", spec.get("scale", "custom")
    transfer = spec.get("kind") == "transfer"
    lines = []
    header = ["arm", "seeds", "final distance", "max distance, 1st epoch", "test accuracy"]
    if transfer:
        header += ["‖∇R‖ on E∩L at transfer / at init", "Equi train loss", "Equi test accuracy"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for a in summary["arms"]:
        row = [f"`{a['arm']}`", str(a["runs"]), spread(a["finalDistance"], e), spread(a["maxDistanceFirstEpoch"], e),
               spread(a["testAccuracy"], pct)]
        if transfer:
            row += [spread(a.get("equivariantRelativeGradientNorm"), e),
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
    return f"{preset}-{scale}", preset, "\n".join(lines)


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
    if not args:
        print(__doc__)
        return 2
    for sweep_dir in args:
        key, preset, body = table(sweep_dir)
        targets = [os.path.join(ROOT, "docs", "experiments", f"{preset}.md"), os.path.join(ROOT, "README.md")]
        done = [t for t in targets if replace(t, key, body)]
        print(f"{sweep_dir}: {key} -> {', '.join(os.path.relpath(t, ROOT) for t in done) or 'no marked block'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
