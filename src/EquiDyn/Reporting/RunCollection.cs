using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EquiDyn.Experiments;
using EquiDyn.Runs;

namespace EquiDyn.Reporting;

/// <summary>Which phase of an experiment a run directory holds.</summary>
public enum RunPhase
{
    /// <summary>The measured phase: Aug after the weight transfer, or one strategy of a <c>strategies</c> experiment.</summary>
    Measured,

    /// <summary>The Equi phase that precedes a weight transfer (<c>equivariant-&lt;support&gt;-seed&lt;k&gt;/</c>).</summary>
    Equivariant,
}

/// <summary>What an arm trains like, for the paper's v1-style figure (Equi green, Aug blue, Nom red).</summary>
public enum ArmRole
{
    /// <summary>Equivariant training (Equi).</summary>
    Equivariant,

    /// <summary>Augmented training (Aug: orbit data set, exact orbits or sampled group elements).</summary>
    Augmented,

    /// <summary>Nominal training (Nom).</summary>
    Nominal,
}

/// <summary>One compared arm as the spec describes it (fields the spec lacks are null).</summary>
/// <param name="Name">The arm's name (directory prefix).</param>
/// <param name="Support">3×3 kernel support, e.g. <c>cross</c>.</param>
/// <param name="Basis"><c>unitary</c> or <c>non-unitary</c>.</param>
/// <param name="Augmentation">How the measured phase trains (<c>orbit-dataset</c>, <c>exact-orbits</c>, <c>sampled</c>,
/// <c>nominal</c>, <c>equivariant</c>).</param>
/// <param name="Dtype">Parameter type override.</param>
public sealed record ArmInfo(string Name, string? Support, string? Basis, string? Augmentation, string? Dtype)
{
    /// <summary>The arm's role: from <see cref="Augmentation"/>, else guessed from the name.</summary>
    public ArmRole Role => (Augmentation ?? "").ToLowerInvariant() switch
    {
        "equivariant" => ArmRole.Equivariant,
        "nominal" => ArmRole.Nominal,
        "" => Name.Contains("equi", StringComparison.OrdinalIgnoreCase) || Name.Contains("eqv", StringComparison.OrdinalIgnoreCase)
            ? ArmRole.Equivariant
            : Name.Contains("nom", StringComparison.OrdinalIgnoreCase) || Name.Contains("normal", StringComparison.OrdinalIgnoreCase)
                ? ArmRole.Nominal
                : ArmRole.Augmented,
        _ => ArmRole.Augmented,
    };
}

/// <summary>One run directory (one arm, one seed, one phase) read back from its files.</summary>
/// <param name="Directory">The run directory.</param>
/// <param name="Arm">The arm (for an Equi phase: <c>equivariant-&lt;support&gt;</c>).</param>
/// <param name="Seed">The seed.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Metrics"><c>metrics.csv</c>: one row per step.</param>
/// <param name="Epochs"><c>epochs.csv</c> (test metrics per epoch), when present.</param>
/// <param name="StartDistance">Distance to E∩L before the first step (<c>start.json</c>), when recorded.</param>
/// <param name="Complete">Whether the run finished (<c>summary.json</c> exists; always true for an Equi phase).</param>
public sealed record RunRecord(string Directory, string Arm, long Seed, RunPhase Phase, CsvTable Metrics, CsvTable? Epochs,
    double? StartDistance, bool Complete)
{
    /// <summary>The support key of an Equi phase directory (null for a measured run).</summary>
    public string? SupportKey { get; init; }
}

/// <summary>A run or sweep directory could not be read; the message is one line naming the directory.</summary>
public sealed class ReportInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReportInputException(string message) : base(message)
    {
    }
}

/// <summary>
/// Every run under a run or sweep directory, found from the files alone (<c>metrics.csv</c>, <c>epochs.csv</c>,
/// <c>spec.json</c>, <c>summary.json</c>, <c>start.json</c>), so that it reads any sweep, one run of it, or the merged
/// shards of several machines.
/// </summary>
/// <remarks>
/// A folder holding <c>metrics.csv</c> is a run. Its arm and seed come from its <c>spec.json</c> (<c>runArm</c>,
/// <c>runSeed</c>), else its <c>summary.json</c> (<c>arm</c>, <c>seed</c>), else its name (<c>&lt;arm&gt;-seed&lt;k&gt;</c>).
/// Folders named <c>equivariant-&lt;support&gt;-seed&lt;k&gt;</c> (or <c>equivariant</c> inside a run) hold the Equi phase
/// of a weight-transfer experiment. The same arm and seed found twice (overlapping shards) is read once, with a warning.
/// </remarks>
public sealed class RunCollection
{

    private RunCollection(string directory)
    {
        Directory = directory;
    }

    /// <summary>The directory read.</summary>
    public string Directory { get; }

    /// <summary>The experiment's spec as written (the sweep's <c>spec.json</c>, else a run's), or null.</summary>
    public string? SpecJson { get; private set; }

    /// <summary>The experiment's spec (read as <c>equidyn run</c> reads it, without the validation), or null.</summary>
    public ExperimentSpec? Spec { get; private set; }

    /// <summary>The file <see cref="SpecJson"/> came from.</summary>
    public string? SpecPath { get; private set; }

    /// <summary>The preset named by the spec (empty when none).</summary>
    public string Preset { get; private set; } = "";

    /// <summary><c>transfer</c> (docs/experiments/mnist-c4.md) or <c>strategies</c> (docs/experiments/): from the spec, else inferred from the runs.</summary>
    public string Kind { get; private set; } = "strategies";

    /// <summary>The spec's group (e.g. <c>c4</c>), or null.</summary>
    public string? Group { get; private set; }

    /// <summary>The spec's architecture name, or null.</summary>
    public string? Architecture { get; private set; }

    /// <summary>Channels of the hidden layers (architecture.hidden), or empty.</summary>
    public IReadOnlyList<int> Hidden { get; private set; } = Array.Empty<int>();

    /// <summary>Output classes (architecture.classes), or null.</summary>
    public int? Classes { get; private set; }

    /// <summary>Image side (dataset.imageSize), the node count of a graph data set (dataset.nodes), or null.</summary>
    public int? ImageSize { get; private set; }

    /// <summary>The arms: those of the spec in its order, then any other arm found on disk.</summary>
    public IReadOnlyList<ArmInfo> Arms { get; private set; } = Array.Empty<ArmInfo>();

    /// <summary>The measured runs, ordered by arm (as in <see cref="Arms"/>) and seed.</summary>
    public IReadOnlyList<RunRecord> Runs { get; private set; } = Array.Empty<RunRecord>();

    /// <summary>The Equi phases of a weight-transfer experiment, ordered by support and seed.</summary>
    public IReadOnlyList<RunRecord> EquivariantRuns { get; private set; } = Array.Empty<RunRecord>();

    /// <summary>Things the reader noticed (duplicate runs, unfinished runs, unreadable files).</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = Array.Empty<string>();

    /// <summary>The measured runs of one arm.</summary>
    public IReadOnlyList<RunRecord> RunsOf(string arm) => Runs.Where(r => r.Arm == arm).ToList();

    /// <summary>The arm description of a name (a bare one when the spec does not list it).</summary>
    public ArmInfo Arm(string name) => Arms.FirstOrDefault(a => a.Name == name) ?? new ArmInfo(name, null, null, null, null);

    /// <summary>The file-name key of a support, as in Equi phase directory names (<c>010,111,010</c> → <c>010-111-010</c>).</summary>
    public static string SupportKey(string support) => RunLayout.SupportKey(support);

    /// <summary>Reads every run under <paramref name="directory"/> (itself included).</summary>
    /// <exception cref="ReportInputException">The directory does not exist or holds no <c>metrics.csv</c>.</exception>
    public static RunCollection Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new ReportInputException($"{directory}: no such directory");
        var collection = new RunCollection(directory);
        collection.Read();
        return collection;
    }

    private void Read()
    {
        var warnings = new List<string>();
        var files = System.IO.Directory.EnumerateFiles(Directory, RunLayout.MetricsFile, SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Contains("figures"))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new ReportInputException($"{Directory}: no metrics.csv found; pass a run or sweep directory written by 'equidyn run'");

        ReadSpec(files);
        files.AddRange(SharedEquivariantPhaseOfSingleRun());
        var measured = new List<RunRecord>();
        var equivariant = new List<RunRecord>();
        foreach (var file in files)
        {
            var dir = Path.GetDirectoryName(file)!;
            RunRecord? run;
            try
            {
                run = ReadRun(dir);
            }
            catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
            {
                warnings.Add($"{dir}: skipped ({e.Message.ReplaceLineEndings(" ")})");
                continue;
            }
            if (run is null) continue;
            var list = run.Phase == RunPhase.Measured ? measured : equivariant;
            var twin = list.FirstOrDefault(r => r.Arm == run.Arm && r.Seed == run.Seed);
            if (twin is not null)
            {
                warnings.Add($"arm '{run.Arm}' seed {run.Seed} appears twice; using {twin.Directory}, ignoring {run.Directory}");
                continue;
            }
            if (run.Metrics.RowCount == 0)
                warnings.Add($"{run.Directory}: metrics.csv has no rows yet");
            else if (!run.Complete)
                warnings.Add($"{run.Directory}: unfinished (no summary.json); its last row is used as 'final'");
            list.Add(run);
        }

        var armNames = Arms.Select(a => a.Name).ToList();
        foreach (var extra in measured.Select(r => r.Arm).Distinct().Where(a => !armNames.Contains(a)).ToList())
        {
            armNames.Add(extra);
            Arms = Arms.Append(new ArmInfo(extra, null, null, null, null)).ToList();
        }
        // Arms the spec lists but no run produced (another shard's) stay out of tables and figures.
        Arms = Arms.Where(a => measured.Any(r => r.Arm == a.Name)).ToList();
        Runs = measured.OrderBy(r => armNames.IndexOf(r.Arm)).ThenBy(r => r.Seed).ToList();
        EquivariantRuns = equivariant.OrderBy(r => r.Arm, StringComparer.Ordinal).ThenBy(r => r.Seed).ToList();
        if (_kindFromSpec is null)
            Kind = EquivariantRuns.Count > 0 || Arms.All(a => a.Role == ArmRole.Augmented) ? "transfer" : "strategies";
        Warnings = warnings;
    }

    private string? _kindFromSpec;
    private string? _runArm;
    private long? _runSeed;

    // A single run directory of a sweep: its Equi phase is a sibling folder shared with the other arms.
    private IEnumerable<string> SharedEquivariantPhaseOfSingleRun()
    {
        if (_runArm is null || !File.Exists(Path.Combine(Directory, RunLayout.MetricsFile))) yield break;
        var support = Arms.FirstOrDefault(a => a.Name == _runArm)?.Support;
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory)));
        if (support is null || parent is null) yield break;
        var file = Path.Combine(parent, RunLayout.EquivariantDirectoryName(support, _runSeed ?? 0), RunLayout.MetricsFile);
        if (File.Exists(file)) yield return file;
    }

    private void ReadSpec(IReadOnlyList<string> metricsFiles)
    {
        var candidates = new List<string> { Path.Combine(Directory, RunLayout.SpecFile) };
        candidates.AddRange(metricsFiles.Select(f => Path.Combine(Path.GetDirectoryName(f)!, RunLayout.SpecFile)));
        foreach (var path in candidates.Where(File.Exists))
        {
            string text = EquiDyn.Data.InputFile.ReadAllText(path);
            // A spec.json that is not a spec (corrupt, truncated, unknown fields) is skipped like a missing one: the report
            // then describes the runs from their metrics alone.
            if (TryReadSpec(text, out _) is not { } spec) continue;
            SpecPath = path;
            Spec = spec;
            SpecJson = text.TrimEnd();
            Preset = spec.Preset;
            _kindFromSpec = SpecNames.Of(spec.Kind);
            Kind = _kindFromSpec;
            _runArm = spec.RunArm;
            _runSeed = spec.RunSeed;
            Group = spec.Group;
            Architecture = spec.Architecture.Name;
            Hidden = spec.Architecture.Hidden ?? [];
            Classes = spec.Architecture.Classes;
            ImageSize = spec.Dataset.ImageSize ?? spec.Dataset.Nodes; // a graph's side: its node count
            Arms = spec.Arms.Select(a => new ArmInfo(a.Name, a.Support, SpecNames.Of(a.Basis),
                a.Augmentation is { } augmentation ? SpecNames.Of(augmentation) : SpecNames.Of(a.Strategy), SpecNames.Of(a.Dtype ?? spec.Dtype))).ToList();
            return;
        }
    }

    /// <summary>
    /// The typed spec of a run directory's <c>spec.json</c> (<see cref="ExperimentSpec.ParseUnvalidated"/>: laid over its
    /// preset and migrated from older spellings like <c>equidyn run</c> reads it, but not validated, since a report
    /// describes what ran and must not refuse a sweep whose data folder has moved), or null when the file is not a spec.
    /// </summary>
    /// <remarks>The runner writes every field, so its files read back exactly. A hand-edited or older file that leaves
    /// a field out gets the value <c>equidyn run</c> would have used for it (its preset's, else the spec's default), not
    /// the "?" the report printed before it read specs through <see cref="ExperimentSpec"/>: that value is what such a
    /// spec runs with. Fields with no default (an image side, a phase, the versions) still show as unknown.</remarks>
    private static ExperimentSpec? TryReadSpec(string text, out string? problem)
    {
        problem = null;
        try
        {
            return ExperimentSpec.ParseUnvalidated(text);
        }
        catch (ExperimentSpecException e)
        {
            problem = e.Message;
            return null;
        }
    }

    // A run's own spec.json that is not a spec makes the run unreadable: the caller skips it with a warning naming the file.
    private static ExperimentSpec ReadRunSpec(string path) =>
        TryReadSpec(EquiDyn.Data.InputFile.ReadAllText(path), out var problem) ?? throw new InvalidDataException($"{path}: {problem}");

    private static RunRecord? ReadRun(string dir)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        var files = new RunDirectory(dir);
        var metrics = CsvTable.ReadGrowing(files.Metrics);
        var epochsPath = files.Epochs;
        var epochs = File.Exists(epochsPath) ? CsvTable.ReadGrowing(epochsPath) : null;
        double? start = File.Exists(files.Start)
            ? RunFiles.ReadJson<ExperimentRunner.StartPoint>(files.Start, "the starting point's distance (start.json written by equidyn run)").Distance
            : null;
        bool complete = files.IsComplete;

        string? arm = null;
        long? seed = null;
        var specPath = files.Spec;
        if (File.Exists(specPath) && ReadRunSpec(specPath) is var spec)
            (arm, seed) = (spec.RunArm, spec.RunSeed);
        if (arm is null && complete)
        {
            var summary = RunSummary.Read(files.Summary);
            arm = summary.Arm.Length > 0 ? summary.Arm : null;
            seed ??= summary.Seed;
        }
        if (arm is null)
        {
            if (RunLayout.TryParseEquivariantName(name, out var supportKey, out var equivariantSeed))
                return new RunRecord(dir, $"equivariant-{supportKey}", equivariantSeed, RunPhase.Equivariant, metrics, epochs, start, true) { SupportKey = supportKey };
            if (name == RunLayout.UnsharedEquivariantFolder)
            {
                // The unshared Equi phase inside a run directory: support and seed from the parent run.
                var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dir))!;
                var parentSpec = Path.Combine(parent, RunLayout.SpecFile);
                string support = "?";
                long parentSeed = 0;
                if (File.Exists(parentSpec) && ReadRunSpec(parentSpec) is var ps)
                {
                    parentSeed = ps.RunSeed ?? 0;
                    support = SupportKey(ps.Arms.FirstOrDefault(a => a.Name == ps.RunArm)?.Support ?? ps.RunArm ?? "?");
                }
                return new RunRecord(dir, $"equivariant-{support}", parentSeed, RunPhase.Equivariant, metrics, epochs, start, true) { SupportKey = support };
            }
            if (RunLayout.TryParseRunName(name, out var nameArm, out var nameSeed))
                (arm, seed) = (nameArm, nameSeed);
        }
        return new RunRecord(dir, arm ?? name, seed ?? 0, RunPhase.Measured, metrics, epochs, start, complete);
    }
}
