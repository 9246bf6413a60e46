#!/usr/bin/env python3
"""PyTorch reference for the main experiment's C4 CNN (paper §4.5), in the style of the authors' code: conv filters
synthesised from coefficients and fixed masks on every forward pass (cross support), AvgPool(2) -> tanh -> LayerNorm
without affine parameters, a 3136 -> 10 head (13 orbit coefficients per class and channel for the equivariant model,
a full linear layer otherwise), MSE against one-hot labels, plain SGD, batch 100; per step the loss, accuracy and
gradient norm, and for models in L the distance of every layer to E∩L (the authors' per-batch telemetry).

usage: cnn.py <equi|nom|exact32|exact64> [--repeats R] [--threads T] [--steps S]
prints "warmup <s>", "time <s>" per repeat (seconds per step) and "peak_rss_kb <k>", like EquiDyn.Bench.
"""
import argparse
import resource
import time

import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("arm", choices=["equi", "nom", "exact32", "exact64"])
p.add_argument("--repeats", type=int, default=3)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--steps", type=int, default=10)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
dtype = torch.float64 if a.arm == "exact64" else torch.float32
hidden, classes = (32, 64, 64), 10

# Cross support: centre + 4 edge taps. E∩L per filter = {mid, side} (orthonormal masks).
mid = torch.zeros(3, 3, dtype=dtype)
mid[1, 1] = 1
side = torch.zeros(3, 3, dtype=dtype)
side[0, 1] = side[1, 0] = side[1, 2] = side[2, 1] = 0.5
taps = [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)]
tap_basis = torch.zeros(5, 3, 3, dtype=dtype)
for k, (r, c) in enumerate(taps):
    tap_basis[k, r, c] = 1
# Head: orbit index of each cell of the 7x7 grid under rotation (12 orbits of 4 cells + the centre).
ids = torch.full((7, 7), -1, dtype=torch.long)
nxt = 0
for r in range(7):
    for c in range(7):
        if ids[r, c] < 0:
            rr, cc = r, c
            for _ in range(4):
                ids[rr, cc] = nxt
                rr, cc = cc, 6 - rr
            nxt += 1
ids = ids.reshape(-1)
orbit_size = torch.zeros(nxt, dtype=dtype).index_add_(0, ids, torch.ones(49, dtype=dtype))


def uniform(*shape, fan_in):
    bound = 1.0 / fan_in ** 0.5
    return torch.nn.Parameter((torch.rand(*shape, dtype=dtype) * 2 - 1) * bound)


chans = (1,) + hidden
if a.arm == "equi":
    conv = [(uniform(o, i, fan_in=9 * i), uniform(o, i, fan_in=9 * i)) for i, o in zip(chans, chans[1:])]
    head = uniform(classes, hidden[2], nxt, fan_in=3136)
    params = [q for pair in conv for q in pair] + [head]
else:
    conv = [uniform(o, i, 5, fan_in=9 * i) for i, o in zip(chans, chans[1:])]
    head = uniform(classes, 3136, fan_in=3136)
    params = conv + [head]


def filters():
    if a.arm == "equi":
        return [m[..., None, None] * mid + s[..., None, None] * side for m, s in conv]
    return [torch.einsum("oik,krc->oirc", w, tap_basis) for w in conv]


def forward(x):
    w = filters()
    h = F.layer_norm(torch.tanh(F.avg_pool2d(F.conv2d(x, w[0], padding=1), 2)), (14, 14))
    h = F.layer_norm(torch.tanh(F.avg_pool2d(F.conv2d(h, w[1], padding=1), 2)), (7, 7))
    h = F.layer_norm(torch.tanh(F.conv2d(h, w[2], padding=1)), (7, 7))
    h = h.reshape(x.shape[0], -1)
    weight = head.index_select(-1, ids).reshape(classes, -1) if a.arm == "equi" else head
    return F.linear(h, weight)


def distances():
    """||W - Π_{E∩L} W|| per layer (models in L only)."""
    out = []
    for w in filters():
        m = (w * mid).sum((-2, -1), keepdim=True) * mid
        s = (w * side).sum((-2, -1), keepdim=True) * side
        out.append(float((w - m - s).norm()))
    hw = head.reshape(classes, hidden[2], 49)
    avg = torch.zeros(classes, hidden[2], nxt, dtype=dtype).index_add_(2, ids, hw) / orbit_size
    out.append(float((hw - avg.index_select(2, ids)).norm()))
    return out


batch = 25 if a.arm.startswith("exact") else 100
x_all = (torch.randn(batch * a.steps, 1, 28, 28) * 0.3).to(dtype)
y_all = torch.randint(0, 10, (batch * a.steps,))
opt = torch.optim.SGD(params, lr=2.5e-4)


def epoch():
    for s in range(a.steps):
        x, y = x_all[s * batch:(s + 1) * batch], y_all[s * batch:(s + 1) * batch]
        if a.arm.startswith("exact"):   # whole orbits: every image with its 4 rotations
            x = torch.cat([torch.rot90(x, k, (-2, -1)) for k in range(4)])
            y = y.repeat(4)
        opt.zero_grad()
        out = forward(x)
        loss = F.mse_loss(out, F.one_hot(y, classes).to(dtype))
        loss.backward()
        grad_norm = float(torch.sqrt(sum((q.grad.double() ** 2).sum() for q in params)))
        opt.step()
        acc = float((out.argmax(1) == y).float().mean())
        record = (float(loss), acc, grad_norm)
        if a.arm != "equi":
            with torch.no_grad():
                record += tuple(distances())


t = time.perf_counter()
epoch()
print(f"warmup {(time.perf_counter() - t) / a.steps:.6f}")
for _ in range(a.repeats):
    t = time.perf_counter()
    epoch()
    print(f"time {(time.perf_counter() - t) / a.steps:.6f}")
print(f"peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
