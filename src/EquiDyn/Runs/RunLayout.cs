using System.Globalization;
using System.Text.RegularExpressions;

namespace EquiDyn.Runs;

/// <summary>
/// The layout of a sweep directory (docs/runs.md), written by the runner and read by the report, the stability
/// analysis and merge: the one place that names its files and folders.
/// </summary>
/// <remarks>
/// <c>&lt;sweep&gt;/spec.json</c>, <c>sweep.json</c> (the shard and its runs), <c>sweep-summary.json</c>, <c>runs.csv</c>;
/// per run <c>&lt;arm&gt;-seed&lt;k&gt;/</c> with <c>spec.json</c>, <c>start.json</c>, <c>metrics.csv</c>,
/// <c>epochs.csv</c>, <c>checkpoint.npz</c> and <c>summary.json</c> (written last: the run is complete); the Equi phase of
/// a transfer sweep in <c>equivariant-&lt;support key&gt;-seed&lt;k&gt;/</c> (shared by the arms with that support) or in
/// <c>&lt;run&gt;/equivariant/</c>.
/// </remarks>
public static partial class RunLayout
{
    /// <summary>The spec of a sweep (in the sweep directory) or of one run (in its directory, with runArm/runSeed).</summary>
    public const string SpecFile = "spec.json";

    /// <summary>The shard a sweep directory holds and its run directory names.</summary>
    public const string SweepRecordFile = "sweep.json";

    /// <summary>Per-arm statistics over seeds.</summary>
    public const string SweepSummaryFile = "sweep-summary.json";

    /// <summary>One row per run.</summary>
    public const string RunsCsvFile = "runs.csv";

    /// <summary>Every step of a phase.</summary>
    public const string MetricsFile = "metrics.csv";

    /// <summary>Every epoch of a phase, with the test evaluation.</summary>
    public const string EpochsFile = "epochs.csv";

    /// <summary>The phase's weights, optimizer state and resume state after its last epoch.</summary>
    public const string CheckpointFile = "checkpoint.npz";

    /// <summary>A run's results; written last, it marks the run complete.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>A phase's distance to E∩L before its first step.</summary>
    public const string StartFile = "start.json";

    /// <summary>The unshared Equi phase's folder inside a run directory.</summary>
    public const string UnsharedEquivariantFolder = "equivariant";

    /// <summary>A run's directory name: <c>&lt;arm&gt;-seed&lt;k&gt;</c>.</summary>
    public static string RunDirectoryName(string arm, long seed) => string.Create(CultureInfo.InvariantCulture, $"{arm}-seed{seed}");

    /// <summary>A shared Equi phase's directory name: <c>equivariant-&lt;support key&gt;-seed&lt;k&gt;</c>.</summary>
    public static string EquivariantDirectoryName(string? support, long seed) =>
        string.Create(CultureInfo.InvariantCulture, $"equivariant-{SupportKey(support)}-seed{seed}");

    /// <summary>A file-name-safe key of a kernel support (cross, skew, full, or the pattern with '-' between rows;
    /// <c>dense</c> for an architecture without kernels).</summary>
    public static string SupportKey(string? support) => support is null ? "dense" : support.Trim().ToLowerInvariant().Replace(',', '-');

    /// <summary>Reads a shared Equi phase's directory name.</summary>
    public static bool TryParseEquivariantName(string name, out string supportKey, out long seed)
    {
        var m = EquivariantName().Match(name);
        (supportKey, seed) = m.Success ? (m.Groups["support"].Value, long.Parse(m.Groups["seed"].Value, CultureInfo.InvariantCulture)) : ("", 0);
        return m.Success;
    }

    /// <summary>Reads a run's directory name.</summary>
    public static bool TryParseRunName(string name, out string arm, out long seed)
    {
        var m = RunName().Match(name);
        (arm, seed) = m.Success ? (m.Groups["arm"].Value, long.Parse(m.Groups["seed"].Value, CultureInfo.InvariantCulture)) : ("", 0);
        return m.Success;
    }

    [GeneratedRegex(@"^equivariant-(?<support>.+)-seed(?<seed>-?\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex EquivariantName();

    [GeneratedRegex(@"^(?<arm>.+)-seed(?<seed>-?\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RunName();
}

/// <summary>One phase's directory (a run, or an Equi phase) and its files (<see cref="RunLayout"/>).</summary>
/// <param name="Path">The directory.</param>
public sealed record RunDirectory(string Path)
{
    /// <summary>spec.json.</summary>
    public string Spec => System.IO.Path.Combine(Path, RunLayout.SpecFile);

    /// <summary>metrics.csv.</summary>
    public string Metrics => System.IO.Path.Combine(Path, RunLayout.MetricsFile);

    /// <summary>epochs.csv.</summary>
    public string Epochs => System.IO.Path.Combine(Path, RunLayout.EpochsFile);

    /// <summary>checkpoint.npz.</summary>
    public string Checkpoint => System.IO.Path.Combine(Path, RunLayout.CheckpointFile);

    /// <summary>summary.json.</summary>
    public string Summary => System.IO.Path.Combine(Path, RunLayout.SummaryFile);

    /// <summary>start.json.</summary>
    public string Start => System.IO.Path.Combine(Path, RunLayout.StartFile);

    /// <summary>Whether the run finished (its summary.json exists).</summary>
    public bool IsComplete => File.Exists(Summary);
}

/// <summary>A sweep directory and the directories of its runs (<see cref="RunLayout"/>).</summary>
/// <param name="Path">The directory.</param>
public sealed record SweepDirectory(string Path)
{
    /// <summary>spec.json.</summary>
    public string Spec => System.IO.Path.Combine(Path, RunLayout.SpecFile);

    /// <summary>sweep.json.</summary>
    public string Record => System.IO.Path.Combine(Path, RunLayout.SweepRecordFile);

    /// <summary>sweep-summary.json.</summary>
    public string Summary => System.IO.Path.Combine(Path, RunLayout.SweepSummaryFile);

    /// <summary>runs.csv.</summary>
    public string RunsCsv => System.IO.Path.Combine(Path, RunLayout.RunsCsvFile);

    /// <summary>The directory of an arm's run for a seed.</summary>
    public RunDirectory Run(string arm, long seed) => new(System.IO.Path.Combine(Path, RunLayout.RunDirectoryName(arm, seed)));

    /// <summary>The shared Equi phase of the arms with a support, for a seed.</summary>
    public RunDirectory SharedEquivariantPhase(string? support, long seed) =>
        new(System.IO.Path.Combine(Path, RunLayout.EquivariantDirectoryName(support, seed)));
}
