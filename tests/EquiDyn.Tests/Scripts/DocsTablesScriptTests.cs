using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Scripts;

/// <summary>
/// scripts/docs-tables.py (issue #9): it rewrites the marked result blocks of the preset docs from sweep directories.
/// Each test writes a tiny sweep (seconds), runs the script with --root on a scratch copy of a doc and compares the
/// generated block with what the C# side computed: the optimizers and ensemble tables must equal the Markdown tables
/// the experiments print themselves (a second implementation, in Python, from the CSV files), the strategies table
/// the sweep summary's medians and the per-seed distance ratios, and the mnist-c4 block a hand-written expected text.
/// </summary>
public class DocsTablesScriptTests
{
    [PythonFact]
    public void AStrategiesSweepGivesPerArmMediansPerSeedRatiosAndItsProvenance()
    {
        using var root = new TempDirectory();
        string sweep = Path.Combine(root.Path, "permutation-20260101-000000");
        var spec = ExperimentPresets.Get("permutation", "quick") with
        {
            Dataset = ExperimentPresets.Get("permutation", "quick").Dataset with { TrainLimit = 40 },
            AugmentedPhase = ExperimentPresets.Get("permutation", "quick").AugmentedPhase with { Epochs = 2, AugmentationPasses = 2 },
            Seeds = new() { 0, 1 },
            Output = new OutputSpec { Directory = sweep },
        };
        IReadOnlyList<(string Directory, RunSummary Summary)> runs;
        using (var data = ExperimentData.Load(spec.Dataset))
            runs = new ExperimentRunner(spec, sweep).Run(data, Shard.All);
        string doc = Doc(root.Path, "permutation", "permutation-quick");

        string output = DocsTables(root.Path, sweep);
        Assert.Contains("permutation-quick -> docs/experiments/permutation.md", output);
        string block = Block(File.ReadAllText(doc), "permutation-quick");
        var summary = SweepSummary.Read(Path.Combine(sweep, "sweep-summary.json"));
        foreach (var arm in summary.Arms)
        {
            string row = block.Split('\n').Single(l => l.StartsWith($"| `{arm.Arm}` | 2 | ", StringComparison.Ordinal));
            Assert.Contains($" | {arm.FinalDistance.Median.ToString("0.00e+00", CultureInfo.InvariantCulture)}", row);
        }
        double Final(string arm, long seed) => runs.Single(r => r.Summary.Arm == arm && r.Summary.Seed == seed).Summary.FinalDistance;
        var ratios = new[] { 0L, 1L }.Select(s => Final("nominal", s) / Final("augmented", s)).Order().ToArray();
        string ratioLine = block.Split('\n').Single(l => l.StartsWith("- nominal ÷ augmented final distance, per seed: ", StringComparison.Ordinal));
        var printed = System.Text.RegularExpressions.Regex.Matches(ratioLine, @"(\d+\.\d)×").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, printed.Length); // median [min, max]
        Assert.Equal((ratios[0] + ratios[1]) / 2, printed[0], 0.051);
        Assert.Equal(ratios[0], printed[1], 0.051);
        Assert.Equal(ratios[1], printed[2], 0.051);
        Assert.Contains("test accuracy on a separate generated sample of 40 graphs", block);
        Assert.Contains("Produced by `./equidyn run --preset permutation --quick` (2 seed(s)) on ", block);
        Assert.Contains($"{AfterCores(summary.Machine)}; wall time ", block);
        Assert.Contains("; run directory runs/permutation-20260101-000000. To regenerate, rerun the command and then `scripts/docs-tables.py runs/permutation-<timestamp>`.", block);
        Assert.StartsWith("before\n", File.ReadAllText(doc));
        Assert.EndsWith("\nafter\n", File.ReadAllText(doc));

        // Regenerating from the same run changes nothing.
        string once = File.ReadAllText(doc);
        DocsTables(root.Path, sweep);
        Assert.Equal(once, File.ReadAllText(doc));
    }

    [PythonFact]
    public void TheOptimizersAndEnsembleTablesEqualTheOnesTheExperimentsPrint()
    {
        using var root = new TempDirectory();
        string optimizers = Path.Combine(root.Path, "optimizers-20260101-000000"), ensemble = Path.Combine(root.Path, "ensemble-20260101-000000");
        var o = ExperimentPresets.Get("optimizers", "quick");
        var optimizersSpec = o with
        {
            Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 8, SyntheticTest = 4 },
            Arms = o.Arms.Where(a => a.Name is "cross-tap" or "cross-rotated" or "skew-tap").ToList(),
            Optimizers = new() { new OptimizerSpec { Name = EquiDyn.Training.OptimizerKind.Sgd }, new OptimizerSpec { Name = EquiDyn.Training.OptimizerKind.Adam } },
            AugmentedPhase = o.AugmentedPhase with { Epochs = 3 },
        };
        var e = ExperimentPresets.Get("ensemble", "quick");
        var ensembleSpec = e with
        {
            Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 8, SyntheticTest = 4 },
            Arms = e.Arms.Where(a => a.Name is "cross-exact-orbit" or "cross-exact" or "skew-exact-orbit").ToList(),
            Ensemble = new EnsembleSpec { Sizes = new() { 1, 2 }, OrbitSizes = new() { 4, 8 } },
            AugmentedPhase = e.AugmentedPhase with { Epochs = 2 },
        };
        IReadOnlyList<string> optimizersTable, ensembleTable;
        using (var data = ExperimentData.Load(optimizersSpec.Dataset)) optimizersTable = TableExperiments.Run(optimizersSpec, data, optimizers);
        using (var data = ExperimentData.Load(ensembleSpec.Dataset)) ensembleTable = TableExperiments.Run(ensembleSpec, data, ensemble);
        string optimizersDoc = Doc(root.Path, "optimizers", "optimizers-quick"), ensembleDoc = Doc(root.Path, "ensemble", "ensemble-quick");

        DocsTables(root.Path, optimizers, ensemble);
        foreach (var (doc, key, table, sweep) in new[] { (optimizersDoc, "optimizers-quick", optimizersTable, optimizers), (ensembleDoc, "ensemble-quick", ensembleTable, ensemble) })
        {
            var lines = Block(File.ReadAllText(doc), key).Split('\n');
            Assert.Equal(table, lines.Take(table.Count));
            var summary = SweepSummary.Read(Path.Combine(sweep, "sweep-summary.json"));
            Assert.True(summary.WallSeconds > 0, "the table kinds record their wall time");
            Assert.Contains(" cores", summary.Machine);
            Assert.Contains(lines, l => l.StartsWith($"Produced by `./equidyn run --preset {key[..key.IndexOf('-')]} --quick` (1 seed(s)) on ", StringComparison.Ordinal)
                                        && l.Contains($"{AfterCores(summary.Machine)}; wall time ", StringComparison.Ordinal));
        }
    }

    [PythonFact]
    public void TheMainJobsBlockKeepsItsFormat()
    {
        // A hand-written sweep summary and the block the README shows for it, character for character.
        using var root = new TempDirectory();
        string sweep = Path.Combine(root.Path, "mnist-c4-20260101-000000");
        Directory.CreateDirectory(sweep);
        File.WriteAllText(Path.Combine(sweep, "spec.json"), """{ "preset": "mnist-c4", "scale": "quick", "kind": "transfer", "seeds": [0, 1, 2] }""");
        static string S(double median, double min, double max) => FormattableString.Invariant($$"""{ "count": 3, "median": {{median}}, "q1": {{median}}, "q3": {{median}}, "min": {{min}}, "max": {{max}} }""");
        File.WriteAllText(Path.Combine(sweep, "sweep-summary.json"), $$"""
            { "preset": "mnist-c4", "runs": 6, "arms": [
              { "arm": "cross", "runs": 3, "finalDistance": {{S(1.5e-4, 1e-4, 2e-4)}}, "maxDistanceFirstEpoch": {{S(2e-5, 2e-5, 2e-5)}},
                "testAccuracy": {{S(0.85, 0.84, 0.861)}}, "equivariantRelativeGradientNorm": {{S(3e-3, 1e-3, 4e-3)}},
                "equivariantTrainLoss": {{S(0.02, 0.019, 0.021)}}, "equivariantTestAccuracy": {{S(0.85, 0.85, 0.85)}} },
              { "arm": "cross-exact", "runs": 3, "finalDistance": {{S(1e-16, 1e-16, 1e-16)}}, "maxDistanceFirstEpoch": {{S(0, 0, 0)}},
                "testAccuracy": {{S(0.85, 0.84, 0.86)}} } ],
              "checks": [ { "name": "cross below skew", "passed": true, "detail": "every seed" }, { "name": "at rounding", "passed": false, "detail": "seed 2" } ],
              "wallSeconds": 97.4, "machine": "2 cores, AMD EPYC, load average 3.9 at the start" }
            """);
        string readme = Path.Combine(root.Path, "README.md");
        File.WriteAllText(readme, "before\n<!-- docs-tables:begin mnist-c4-quick -->\nstale\n<!-- docs-tables:end mnist-c4-quick -->\nafter\n");
        Directory.CreateDirectory(Path.Combine(root.Path, "docs", "experiments"));

        Assert.Contains("mnist-c4-quick -> README.md", DocsTables(root.Path, sweep));
        Assert.Equal("""
            before
            <!-- docs-tables:begin mnist-c4-quick -->
            | arm | seeds | final distance | max distance, 1st epoch | test accuracy | ‖∇R‖ on E∩L at transfer / at init | Equi train loss | Equi test accuracy |
            |---|---|---|---|---|---|---|---|
            | `cross` | 3 | 1.50e-04 [1.00e-04, 2.00e-04] | 2.00e-05 | 85.0% [84.0%, 86.1%] | 3.00e-03 [1.00e-03, 4.00e-03] | 0.0200 [0.0190, 0.0210] | 85.0% |
            | `cross-exact` | 3 | 1.00e-16 | 0.00e+00 | 85.0% [84.0%, 86.0%] |  |  |  |

            Median [min, max] over seeds.
            - ✓ cross below skew: every seed
            - ✗ FAILED at rounding: seed 2

            Produced by `./equidyn run --preset mnist-c4 --quick` (3 seed(s)) on 2 cores, AMD EPYC, load average 3.9 at the start; wall time 97 s. Regenerate with `scripts/docs-tables.py mnist-c4-20260101-000000`.
            <!-- docs-tables:end mnist-c4-quick -->
            after

            """, File.ReadAllText(readme));
    }

    /// <summary>The recorded machine after its core count (the CPU model and load), which the script copies as it is; the
    /// count itself it rewords for a one-CPU process.</summary>
    private static string AfterCores(string? machine) => machine is { } m && m.Contains(',') ? m[m.IndexOf(',')..] : "";

    /// <summary>A scratch docs/experiments/&lt;preset&gt;.md under <paramref name="root"/> with one empty marked block.</summary>
    private static string Doc(string root, string preset, string key)
    {
        string dir = Path.Combine(root, "docs", "experiments");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, preset + ".md");
        File.WriteAllText(path, $"before\n<!-- docs-tables:begin {key} -->\n<!-- docs-tables:end {key} -->\nafter\n");
        return path;
    }

    private static string Block(string text, string key)
    {
        int start = text.IndexOf($"<!-- docs-tables:begin {key} -->\n", StringComparison.Ordinal);
        int end = text.IndexOf($"<!-- docs-tables:end {key} -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"no {key} block");
        start += $"<!-- docs-tables:begin {key} -->\n".Length;
        return text[start..end];
    }

    /// <summary>Runs scripts/docs-tables.py --root <paramref name="root"/> on the sweeps; returns its output.</summary>
    private static string DocsTables(string root, params string[] sweeps)
    {
        var start = new ProcessStartInfo(PythonFactAttribute.Python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script());
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(root);
        foreach (var s in sweeps) start.ArgumentList.Add(s);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"docs-tables.py exited {p.ExitCode}: {stdout}{stderr.Result}");
        return stdout;
    }

    private static string Script([CallerFilePath] string source = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EquiDyn.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException($"no EquiDyn.slnx above {source}"), "scripts", "docs-tables.py");
    }
}

/// <summary>A test that runs a Python 3 script of the repository (standard library only); skipped, not failed,
/// where no python3 is installed, since the library and CLI do not need Python.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Found = new(() => new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(Works));

    public static string? Python => Found.Value;

    public PythonFactAttribute()
    {
        if (Python is null) Skip = "python3 not found";
    }

    private static bool Works(string python)
    {
        try
        {
            var start = new ProcessStartInfo(python, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(start)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
