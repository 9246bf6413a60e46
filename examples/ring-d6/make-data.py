#!/usr/bin/env python3
"""Writes the ring-d6 example's data (examples/ring-d6.json): signals on a ring of 12 sites, labelled by how many
bumps they carry (1, 2 or 3 -> classes 0, 1, 2). Rotating or reflecting the ring keeps the label, so the task is
invariant under the dihedral group the spec defines. Only the standard library: the .npy files are written by hand
(format version 1.0: magic, header length, a Python-literal dict, C-order little-endian data).

    python3 examples/ring-d6/make-data.py        # rewrites train-x.npy, train-y.npy, test-x.npy, test-y.npy
"""
import math
import os
import random
import struct

SITES = 12


def write_npy(path, descr, shape, values, fmt):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else ""))
    # magic (6) + version (2) + length (2) + header + "\n" is a multiple of 64
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00")
        f.write(struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%d%s" % (len(values), fmt), *values))


def sample(rng, bumps):
    # bump centres at least 3 sites apart on the ring
    while True:
        centres = rng.sample(range(SITES), bumps)
        if all(min(abs(a - b), SITES - abs(a - b)) >= 3 for a in centres for b in centres if a != b):
            break
    x = [rng.gauss(0.0, 0.15) for _ in range(SITES)]
    for c in centres:
        height = rng.uniform(0.8, 1.2)
        for s in range(SITES):
            d = min(abs(s - c), SITES - abs(s - c))
            x[s] += height * math.exp(-d * d / 1.0)
    return x


def make(rng, count):
    xs, ys = [], []
    for i in range(count):
        label = i % 3
        xs.extend(sample(rng, label + 1))
        ys.append(label)
    return xs, ys


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(20261203)
    for name, count in (("train", 240), ("test", 120)):
        xs, ys = make(rng, count)
        write_npy(os.path.join(here, name + "-x.npy"), "<f4", (count, SITES), xs, "f")
        write_npy(os.path.join(here, name + "-y.npy"), "<i8", (count,), ys, "q")


if __name__ == "__main__":
    main()
