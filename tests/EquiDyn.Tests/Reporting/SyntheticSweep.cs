using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EquiDyn.Tests.Reporting;

/// <summary>Writes a sweep directory shaped like the experiment runner's (spec.json; per arm and seed
/// <c>&lt;arm&gt;-seed&lt;k&gt;/</c> with spec.json, metrics.csv, epochs.csv, start.json, summary.json; for a transfer sweep
/// also <c>equivariant-&lt;support&gt;-seed&lt;k&gt;/</c>), with deterministic made-up numbers, and remembers what it wrote.</summary>
public sealed class SyntheticSweep
{
    public static readonly string[] Layers = { "conv1", "conv2", "conv3", "linear" };

    public required string Directory { get; init; }

    public required string Kind { get; init; }

    public required IReadOnlyList<string> Arms { get; init; }

    public required IReadOnlyList<long> Seeds { get; init; }

    /// <summary>(arm, seed) → the last row's total distance.</summary>
    public Dictionary<(string Arm, long Seed), double> FinalDistance { get; } = new();

    /// <summary>(arm, seed) → the last epoch's test accuracy.</summary>
    public Dictionary<(string Arm, long Seed), double> FinalTestAccuracy { get; } = new();

    /// <summary>(support, seed) → ‖∇R‖ on E∩L at transfer / at init written to the Equi phase's transfer.json.</summary>
    public Dictionary<(string Support, long Seed), double> TransferGradient { get; } = new();

    public static SyntheticSweep Transfer(string directory, int seeds = 3, int epochs = 2, int stepsPerEpoch = 6)
    {
        var arms = new (string Name, string Support, string Basis, string Augmentation, double Scale)[]
        {
            ("cross", "cross", "unitary", "orbit-dataset", 2e-3), ("skew", "skew", "unitary", "orbit-dataset", 2e-2),
            ("non-unitary", "cross", "non-unitary", "orbit-dataset", 8e-3), ("cross-exact", "cross", "unitary", "exact-orbits", 1e-14),
        };
        var spec = new Dictionary<string, object?>
        {
            ["preset"] = "mnist-c4", ["scale"] = "quick", ["kind"] = "transfer",
            ["dataset"] = new { name = "mnist", imageSize = 28 }, ["group"] = "c4",
            ["architecture"] = new { name = "rotation-convnet", hidden = new[] { 32, 64, 64 }, classes = 10 },
            ["arms"] = arms.Select(a => new { name = a.Name, support = a.Support, basis = a.Basis, augmentation = a.Augmentation }).ToArray(),
            ["equivariantPhase"] = new { epochs = 2, learningRate = 5e-4, batchSize = 100, protocol = "minibatch" },
            ["augmentedPhase"] = new { epochs, learningRate = 2.5e-4, batchSize = 100, protocol = "minibatch" },
            ["loss"] = "mse-one-hot", ["seeds"] = Enumerable.Range(0, seeds).ToArray(), ["dtype"] = "float32",
        };
        var sweep = new SyntheticSweep { Directory = directory, Kind = "transfer", Arms = arms.Select(a => a.Name).ToList(), Seeds = Enumerable.Range(0, seeds).Select(s => (long)s).ToList() };
        sweep.Write(spec, arms.Select(a => (a.Name, a.Scale)).ToList(), epochs, stepsPerEpoch);
        foreach (var support in new[] { "cross", "skew" })
            foreach (var seed in sweep.Seeds)
            {
                string equi = Path.Combine(directory, $"equivariant-{support}-seed{seed}");
                sweep.WriteRun(equi, "eq", seed, 0, epochs, stepsPerEpoch, record: false);
                double gradient = (support == "skew" ? 2e-3 : 1e-3) * (seed + 1);
                sweep.TransferGradient[(support, seed)] = gradient / 10;
                new EquiDyn.Experiments.TransferPoint(0.6, 10, 0.03, 0.9, gradient, 0.04, 0.85, 1e-3).Write(Path.Combine(equi, EquiDyn.Experiments.TransferPoint.FileName));
            }
        return sweep;
    }

    public static SyntheticSweep Strategies(string directory, int seeds = 3, int epochs = 10)
    {
        var arms = new (string Name, string Augmentation, double Scale)[] { ("equivariant", "equivariant", 0), ("augmented", "sampled", 3e-7), ("nominal", "nominal", 3e-4) };
        var spec = new Dictionary<string, object?>
        {
            ["preset"] = "permutation", ["scale"] = "quick", ["kind"] = "strategies", ["group"] = "sn",
            ["dataset"] = new { name = "sbm", imageSize = 10 },
            ["architecture"] = new { name = "paper-mlp", channels = new[] { 32 }, classes = 1 },
            ["arms"] = arms.Select(a => new { name = a.Name, augmentation = a.Augmentation }).ToArray(),
            ["augmentedPhase"] = new { epochs, learningRate = 1e-4, batchSize = 200, protocol = "full-batch" },
            ["loss"] = "bce", ["seeds"] = Enumerable.Range(0, seeds).ToArray(), ["dtype"] = "float64",
        };
        var sweep = new SyntheticSweep { Directory = directory, Kind = "strategies", Arms = arms.Select(a => a.Name).ToList(), Seeds = Enumerable.Range(0, seeds).Select(s => (long)s).ToList() };
        sweep.Write(spec, arms.Select(a => (a.Name, a.Scale)).ToList(), epochs, 1);
        return sweep;
    }

    /// <summary>A strategies sweep over two symmetry groups (as the groups preset): arms "&lt;group&gt;-&lt;strategy&gt;".</summary>
    public static SyntheticSweep Groups(string directory, int seeds = 2, int epochs = 4)
    {
        var arms = new (string Name, string Augmentation, string Group, double Scale)[]
        {
            ("c4-nominal", "nominal", "c4", 3e-4), ("c4-augmented", "sampled", "c4", 3e-7), ("c4-equivariant", "equivariant", "c4", 0),
            ("zn2-nominal", "nominal", "zn2", 2e-4), ("zn2-augmented", "sampled", "zn2", 2e-7), ("zn2-equivariant", "equivariant", "zn2", 0),
        };
        var spec = new Dictionary<string, object?>
        {
            ["preset"] = "groups", ["scale"] = "quick", ["kind"] = "strategies", ["group"] = "c4",
            ["dataset"] = new { name = "mnist", imageSize = 14 },
            ["architecture"] = new { name = "paper-mlp", channels = new[] { 32 }, classes = 10 },
            ["arms"] = arms.Select(a => new { name = a.Name, augmentation = a.Augmentation, group = a.Group }).ToArray(),
            ["augmentedPhase"] = new { epochs, learningRate = 1e-4, batchSize = 200, protocol = "full-batch" },
            ["loss"] = "mse-one-hot", ["seeds"] = Enumerable.Range(0, seeds).ToArray(), ["dtype"] = "float32",
        };
        var sweep = new SyntheticSweep { Directory = directory, Kind = "strategies", Arms = arms.Select(a => a.Name).ToList(), Seeds = Enumerable.Range(0, seeds).Select(s => (long)s).ToList() };
        sweep.Write(spec, arms.Select(a => (a.Name, a.Scale)).ToList(), epochs, 1);
        return sweep;
    }

    private void Write(Dictionary<string, object?> spec, IReadOnlyList<(string Name, double Scale)> arms, int epochs, int stepsPerEpoch)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "spec.json"), JsonSerializer.Serialize(spec, new JsonSerializerOptions { WriteIndented = true }));
        foreach (var (name, scale) in arms)
            foreach (var seed in Seeds)
            {
                var dir = Path.Combine(Directory, $"{name}-seed{seed}");
                WriteRun(dir, name, seed, scale, epochs, stepsPerEpoch, record: true);
                var runSpec = new Dictionary<string, object?>(spec) { ["runArm"] = name, ["runSeed"] = seed };
                File.WriteAllText(Path.Combine(dir, "spec.json"), JsonSerializer.Serialize(runSpec, new JsonSerializerOptions { WriteIndented = true }));
                File.WriteAllText(Path.Combine(dir, "summary.json"), JsonSerializer.Serialize(new { arm = name, seed }));
            }
    }

    private void WriteRun(string dir, string arm, long seed, double scale, int epochs, int stepsPerEpoch, bool record)
    {
        System.IO.Directory.CreateDirectory(dir);
        var header = new List<string> { "step", "epoch", "loss", "accuracy", "grad_norm", "distance", "relative_distance", "distance_from_start" };
        header.AddRange(Layers.Select(l => $"distance_{l}"));
        header.AddRange(Layers.Select(l => $"relative_distance_{l}"));
        header.AddRange(Layers.Select(l => $"distance_from_start_{l}"));
        var metrics = new StringBuilder(string.Join(',', header) + "\n");
        int total = epochs * stepsPerEpoch;
        double distance = 0;
        for (int step = 1; step <= total; step++)
        {
            int epoch = (step - 1) / stepsPerEpoch + 1;
            double t = (double)step / total;
            // Seed-dependent, non-monotone in the seed order so that medians are not simply the middle seed's value.
            distance = scale * t * (1 + 0.37 * ((seed * 7 + step) % 5)) * (1 + 0.1 * seed);
            double fromStart = 0.02 * t * (1 + 0.05 * seed);
            var cells = new List<double> { step, epoch, 0.1 * Math.Exp(-2 * t), 0.5 + 0.4 * t, 1, distance, distance / 10, fromStart };
            cells.AddRange(Layers.Select(_ => distance / 2));
            cells.AddRange(Layers.Select(_ => distance / 20));
            cells.AddRange(Layers.Select(_ => fromStart / 2));
            metrics.Append(string.Join(',', cells.Select(c => c.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "metrics.csv"), metrics.ToString());
        var epochsCsv = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,test_accuracy,distance,steps,seconds\n");
        double accuracy = 0;
        for (int e = 1; e <= epochs; e++)
        {
            accuracy = 0.6 + 0.3 * e / epochs + 0.013 * ((seed * 3) % 4);
            epochsCsv.Append(FormattableString.Invariant($"{e},0.1,0.8,{0.09 * Math.Exp(-(double)e / epochs)},{accuracy},{distance},{stepsPerEpoch},1.5\n"));
        }
        File.WriteAllText(Path.Combine(dir, "epochs.csv"), epochsCsv.ToString());
        File.WriteAllText(Path.Combine(dir, "start.json"), JsonSerializer.Serialize(new { distance = scale * 1e-3, perLayer = new { } }));
        if (!record) return;
        FinalDistance[(arm, seed)] = distance;
        FinalTestAccuracy[(arm, seed)] = accuracy;
    }
}

/// <summary>Reads the size of a PNG from its IHDR chunk.</summary>
public static class Png
{
    public static (int Width, int Height) Size(byte[] bytes)
    {
        byte[] signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        Assert.True(bytes.Length > 24 && bytes.AsSpan(0, 8).SequenceEqual(signature), "not a PNG file");
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
