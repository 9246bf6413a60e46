#!/usr/bin/env python3
"""Writes the mirror-swap example's data (examples/mirror-swap.json): signals on a line of 10 sites carrying one bump in
the left half (class 0), one bump in the right half (class 1), or a mirror-symmetric pair of bumps near both ends
(class 2). Mirroring the line (site i -> 9 - i) turns a class-0 signal into a class-1 signal and back, and a class-2
signal into a class-2 signal: the group Z2 acts on the labels by swapping classes 0 and 1, and the task is equivariant,
not invariant. Only the standard library: the .npy files are written by hand (format version 1.0: magic, header
length, a Python-literal dict, C-order little-endian data).

    python3 examples/mirror-swap/make-data.py        # rewrites train-x.npy, train-y.npy, test-x.npy, test-y.npy
"""
import math
import os
import random
import struct

SITES = 10


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


def sample(rng, label):
    # centres: left half for class 0, their mirror images for class 1, a mirror pair (c, 9 - c) for class 2
    c = rng.choice((1, 2, 3)) if label != 2 else rng.choice((0, 1, 2))
    centres = [c] if label == 0 else [SITES - 1 - c] if label == 1 else [c, SITES - 1 - c]
    x = [rng.gauss(0.0, 0.15) for _ in range(SITES)]
    for centre in centres:
        height = rng.uniform(0.8, 1.2)
        for s in range(SITES):
            x[s] += height * math.exp(-(s - centre) ** 2 / 1.0)
    return x


def make(rng, count):
    xs, ys = [], []
    for i in range(count):
        label = i % 3
        xs.extend(sample(rng, label))
        ys.append(label)
    return xs, ys


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(20261203)
    for name, count in (("train", 60), ("test", 30)):
        xs, ys = make(rng, count)
        write_npy(os.path.join(here, name + "-x.npy"), "<f4", (count, SITES), xs, "f")
        write_npy(os.path.join(here, name + "-y.npy"), "<i8", (count,), ys, "q")


if __name__ == "__main__":
    main()
