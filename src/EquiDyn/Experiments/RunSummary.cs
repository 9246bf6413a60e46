using System.Text.Json;
using EquiDyn.Runs;

namespace EquiDyn.Experiments;

/// <summary>The final numbers of one run (<c>summary.json</c>), computed from its CSV files so that a resumed run has
/// the same summary as an uninterrupted one (timings aside).</summary>
public sealed record RunSummary
{
    /// <summary>The arm's name.</summary>
    public string Arm { get; init; } = "";

    /// <summary>The seed.</summary>
    public long Seed { get; init; }

    /// <summary>The kernel support.</summary>
    public string Support { get; init; } = "";

    /// <summary>unitary or non-unitary.</summary>
    public string Basis { get; init; } = "";

    /// <summary>How the measured phase trained.</summary>
    public string Augmentation { get; init; } = "";

    /// <summary>Parameter type of the measured model.</summary>
    public string Dtype { get; init; } = "";

    /// <summary>Steps of the measured phase.</summary>
    public long Steps { get; init; }

    /// <summary>Epochs of the measured phase.</summary>
    public int Epochs { get; init; }

    /// <summary>‖A − Π_{E∩L}A‖ right after the weight transfer, before the first step (rounding level).</summary>
    public double? InitialDistance { get; init; }

    /// <summary>‖A − Π_{E∩L}A‖ (all layers) after the last step.</summary>
    public double FinalDistance { get; init; }

    /// <summary>Mean over all steps of the total distance to E∩L.</summary>
    public double MeanDistance { get; init; }

    /// <summary>Largest total distance during the first epoch of the measured phase (the paper's right panel).</summary>
    public double MaxDistanceFirstEpoch { get; init; }

    /// <summary>Final distance relative to ‖A‖.</summary>
    public double FinalRelativeDistance { get; init; }

    /// <summary>Final distance per layer.</summary>
    public Dictionary<string, double> FinalDistancePerLayer { get; init; } = new();

    /// <summary>Test accuracy after the last epoch.</summary>
    public double TestAccuracy { get; init; }

    /// <summary>Test loss after the last epoch.</summary>
    public double TestLoss { get; init; }

    /// <summary>Test accuracy of the equivariant model the run started from (null without an Equi phase).</summary>
    public double? EquivariantTestAccuracy { get; init; }

    /// <summary>Test loss of the equivariant model the run started from (null without an Equi phase).</summary>
    public double? EquivariantTestLoss { get; init; }

    /// <summary>Training risk R (whole training set, no augmentation) at the transfer point.</summary>
    public double? EquivariantTrainLoss { get; init; }

    /// <summary>‖Π_{E∩L}∇R‖ (whole training set) at the transfer point.</summary>
    public double? EquivariantGradientNorm { get; init; }

    /// <summary>‖Π_{E∩L}∇R‖ at the transfer point relative to its value at the Equi phase's initial point (≤ 0.01:
    /// fallen at least 100×).</summary>
    public double? EquivariantRelativeGradientNorm { get; init; }

    /// <summary>Relative change of the Equi phase's mean training loss over its last epoch (a plateau is small).</summary>
    public double? EquivariantLastEpochLossChange { get; init; }

    /// <summary>The Equi phase's update rule, step size and schedule, e.g. <c>adam(β₁=0.9, …) η=0.003 cosine</c>.</summary>
    public string? EquivariantOptimizer { get; init; }

    /// <summary>The measured phase's update rule, step size and schedule.</summary>
    public string? Optimizer { get; init; }

    /// <summary>Mean training seconds per epoch of the measured phase.</summary>
    public double SecondsPerEpoch { get; init; }

    /// <summary>Gradient steps per second of the measured phase.</summary>
    public double StepsPerSecond { get; init; }

    /// <summary>Mean training seconds per epoch of the Equi phase (null without one).</summary>
    public double? EquivariantSecondsPerEpoch { get; init; }

    /// <summary>Reads a <c>summary.json</c>.</summary>
    /// <exception cref="EquiDyn.Data.DataFormatException">The file is not a run summary.</exception>
    public static RunSummary Read(string path) => RunFiles.ReadJson<RunSummary>(path, "a run summary (summary.json written by equidyn run)");

    /// <summary>Writes the summary as indented JSON, atomically (it marks the run complete).</summary>
    public void Write(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, ExperimentSpec.JsonOptions) + "\n");
}

/// <summary>Per-arm statistics over seeds.</summary>
public sealed record ArmStatistics
{
    /// <summary>The arm.</summary>
    public string Arm { get; init; } = "";

    /// <summary>Number of runs (seeds).</summary>
    public int Runs { get; init; }

    /// <summary>The seeds, ascending.</summary>
    public List<long> Seeds { get; init; } = new();

    /// <summary>Final distance to E∩L.</summary>
    public Spread FinalDistance { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Largest distance during the first epoch.</summary>
    public Spread MaxDistanceFirstEpoch { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Mean distance over all steps.</summary>
    public Spread MeanDistance { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Final test accuracy.</summary>
    public Spread TestAccuracy { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Seconds per epoch of the measured phase.</summary>
    public Spread SecondsPerEpoch { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>‖Π_{E∩L}∇R‖ at the transfer point relative to the Equi phase's start (null without an Equi phase).</summary>
    public Spread? EquivariantRelativeGradientNorm { get; init; }

    /// <summary>Training risk at the transfer point (null without an Equi phase).</summary>
    public Spread? EquivariantTrainLoss { get; init; }

    /// <summary>Test accuracy at the transfer point (null without an Equi phase).</summary>
    public Spread? EquivariantTestAccuracy { get; init; }
}

/// <summary>A sweep's summary: per arm, the median and spread over seeds (written by <c>equidyn run</c> for its shard
/// and by <c>equidyn merge</c> for several shards).</summary>
public sealed record SweepSummary
{
    /// <summary>The preset (or "mixed" when merged runs disagree).</summary>
    public string Preset { get; init; } = "";

    /// <summary>Number of runs.</summary>
    public int Runs { get; init; }

    /// <summary>Per-arm statistics, in first-seen arm order.</summary>
    public List<ArmStatistics> Arms { get; init; } = new();

    /// <summary>The run directories summarised.</summary>
    public List<string> RunDirectories { get; init; } = new();

    /// <summary>The theory's per-seed predictions checked on these runs (<see cref="SweepChecks"/>).</summary>
    public List<SweepCheck> Checks { get; init; } = new();

    /// <summary>Wall-clock seconds of the process that wrote this summary (a resumed sweep counts only its own part;
    /// null when merged).</summary>
    public double? WallSeconds { get; init; }

    /// <summary>The machine that ran it (cores, CPU model, load average at the start; null when merged).</summary>
    public string? Machine { get; init; }

    /// <summary>Groups runs by arm (order of first appearance) and computes the statistics.</summary>
    /// <exception cref="ArgumentException">The same arm and seed appear twice (shards overlap).</exception>
    public static SweepSummary From(string preset, IReadOnlyList<(string Directory, RunSummary Summary)> runs)
    {
        var duplicate = runs.GroupBy(r => (r.Summary.Arm, r.Summary.Seed)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"arm '{duplicate.Key.Arm}' seed {duplicate.Key.Seed} appears in more than one run directory: " +
                                        string.Join(", ", duplicate.Select(r => r.Directory)));
        var arms = runs.Select(r => r.Summary.Arm).Distinct().Select(arm =>
        {
            var s = runs.Where(r => r.Summary.Arm == arm).Select(r => r.Summary).ToList();
            return new ArmStatistics
            {
                Arm = arm,
                Runs = s.Count,
                Seeds = s.Select(x => x.Seed).OrderBy(x => x).ToList(),
                FinalDistance = Spread.Of(s.Select(x => x.FinalDistance)),
                MaxDistanceFirstEpoch = Spread.Of(s.Select(x => x.MaxDistanceFirstEpoch)),
                MeanDistance = Spread.Of(s.Select(x => x.MeanDistance)),
                TestAccuracy = Spread.Of(s.Select(x => x.TestAccuracy)),
                SecondsPerEpoch = Spread.Of(s.Select(x => x.SecondsPerEpoch)),
                EquivariantRelativeGradientNorm = Spread.OfPresent(s.Select(x => x.EquivariantRelativeGradientNorm)),
                EquivariantTrainLoss = Spread.OfPresent(s.Select(x => x.EquivariantTrainLoss)),
                EquivariantTestAccuracy = Spread.OfPresent(s.Select(x => x.EquivariantTestAccuracy)),
            };
        }).ToList();
        return new SweepSummary
        {
            Preset = preset, Runs = runs.Count, Arms = arms, RunDirectories = runs.Select(r => r.Directory).ToList(),
            Checks = SweepChecks.Of(runs.Select(r => r.Summary).ToList()),
        };
    }

    /// <summary>Writes one CSV row per run (arm, seed, the measured phase's distances and accuracy, and the Equi phase
    /// at the transfer point), for pandas or a spreadsheet.</summary>
    public static void WriteRunsCsv(string path, IReadOnlyList<(string Directory, RunSummary Summary)> runs)
    {
        static string F(double? x) => x is { } v ? v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "";
        var lines = new List<string>
        {
            "arm,seed,support,basis,augmentation,dtype,steps,initial_distance,final_distance,final_relative_distance,mean_distance," +
            "max_distance_first_epoch,test_accuracy,test_loss,equi_test_accuracy,equi_test_loss,equi_train_loss,equi_gradient_norm," +
            "equi_relative_gradient_norm,equi_last_epoch_loss_change,seconds_per_epoch",
        };
        foreach (var (_, r) in runs.OrderBy(x => x.Summary.Arm, StringComparer.Ordinal).ThenBy(x => x.Summary.Seed))
            lines.Add(string.Join(',', r.Arm, r.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Support.Replace(',', ' '), r.Basis,
                r.Augmentation, r.Dtype, r.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), F(r.InitialDistance), F(r.FinalDistance),
                F(r.FinalRelativeDistance), F(r.MeanDistance), F(r.MaxDistanceFirstEpoch), F(r.TestAccuracy), F(r.TestLoss),
                F(r.EquivariantTestAccuracy), F(r.EquivariantTestLoss), F(r.EquivariantTrainLoss), F(r.EquivariantGradientNorm),
                F(r.EquivariantRelativeGradientNorm), F(r.EquivariantLastEpochLossChange), F(r.SecondsPerEpoch)));
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }

    /// <summary>Finds every <c>summary.json</c> of a run (a folder holding <c>summary.json</c> and <c>metrics.csv</c>)
    /// in the given folders and their subfolders, and summarises them.</summary>
    /// <exception cref="ArgumentException">No runs were found, or shards overlap.</exception>
    public static SweepSummary Merge(IEnumerable<string> directories)
    {
        var runs = new List<(string, RunSummary)>();
        var presets = new HashSet<string>();
        foreach (var root in directories)
        {
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: no such directory");
            foreach (var file in Directory.EnumerateFiles(root, RunLayout.SummaryFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var dir = Path.GetDirectoryName(file)!;
                if (!File.Exists(Path.Combine(dir, RunLayout.MetricsFile))) continue; // a sweep summary, not a run
                runs.Add((dir, RunSummary.Read(file)));
                var specPath = Path.Combine(dir, RunLayout.SpecFile);
                if (File.Exists(specPath))
                {
                    try
                    {
                        using var doc = JsonDocument.Parse(EquiDyn.Data.InputFile.ReadAllBytes(specPath));
                        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("preset", out var p)
                            && p.ValueKind == JsonValueKind.String)
                            presets.Add(p.GetString() ?? "");
                    }
                    catch (JsonException e)
                    {
                        throw new EquiDyn.Data.DataFormatException(specPath, e.BytePositionInLine ?? -1, $"is not valid JSON (line {(e.LineNumber ?? 0) + 1})");
                    }
                }
            }
        }
        if (runs.Count == 0) throw new ArgumentException($"no finished runs (summary.json beside metrics.csv) under {string.Join(", ", directories)}");
        return From(presets.Count == 1 ? presets.First() : "mixed", runs);
    }

    /// <summary>Writes the summary as indented JSON, atomically.</summary>
    public void Write(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, ExperimentSpec.JsonOptions) + "\n");

    /// <summary>Writes a merged summary to <paramref name="path"/>, refusing to replace anything but an earlier
    /// summary: a folder, a special file (/dev/null), a path under /proc, /sys or /dev, a file of a run or sweep
    /// directory (summary.json, spec.json, …, or any file in a folder holding a run), or an existing file that is not a
    /// sweep summary.</summary>
    /// <exception cref="RunDirectoryException">The path would overwrite something else; nothing was written.</exception>
    public void WriteMerged(string path)
    {
        string Refuse(string why) => throw new RunDirectoryException(path, why, "nothing was written; give --out a new file name such as merged-summary.json outside the run directories");
        EquiDyn.Data.InputFile.RefuseSystemPath(path);
        if (Directory.Exists(path)) Refuse("is a directory");
        var name = Path.GetFileName(path);
        if (name is RunLayout.SummaryFile or RunLayout.SpecFile or RunLayout.SweepRecordFile or RunLayout.StartFile or "state.json" or RunLayout.MetricsFile or RunLayout.EpochsFile or RunLayout.CheckpointFile)
            Refuse($"is named like a file of a run directory ({name})");
        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (new[] { RunLayout.MetricsFile, RunLayout.CheckpointFile, RunLayout.SummaryFile, RunLayout.SweepRecordFile }.Any(f => File.Exists(Path.Combine(parent, f))))
            Refuse("lies in a run or sweep directory, whose files merge must not change");
        if (File.Exists(path))
        {
            try
            {
                EquiDyn.Data.InputFile.RequireRegular(path);
                if (Read(path) is not { RunDirectories.Count: > 0 })
                    Refuse("exists and is not an earlier merged summary");
            }
            catch (Exception e) when (e is EquiDyn.Data.DataFormatException)
            {
                Refuse("exists and is not an earlier merged summary");
            }
        }
        Directory.CreateDirectory(parent);
        Write(path);
    }

    /// <summary>Reads a sweep summary.</summary>
    /// <exception cref="EquiDyn.Data.DataFormatException">The file is not a sweep summary.</exception>
    public static SweepSummary Read(string path) => RunFiles.ReadJson<SweepSummary>(path, "a sweep summary");
}
