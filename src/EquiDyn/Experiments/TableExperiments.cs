namespace EquiDyn.Experiments;

/// <summary>
/// The experiment kinds whose result is one table for the whole sweep rather than one run directory per arm and seed:
/// <c>optimizers</c> (<see cref="OptimizerInvarianceExperiment"/>) and <c>ensemble</c> (<see cref="EnsembleExperiment"/>).
/// Each unit of work takes seconds, so each kind resumes at its own granularity (a cell, an arm) from the tables it
/// appends to, instead of from per-epoch checkpoints.
/// </summary>
public static class TableExperiments
{
    /// <summary>Whether <see cref="Run"/> runs this kind (the others go through <see cref="ExperimentRunner"/>).</summary>
    public static bool Handles(ExperimentKind kind) => kind is ExperimentKind.Optimizers or ExperimentKind.Ensemble;

    /// <summary>Runs (or continues) the sweep in <paramref name="directory"/>: writes <c>spec.json</c> (or refuses a
    /// directory holding another spec), holds the sweep lock, runs the kind, records its wall time and machine in
    /// <c>sweep-summary.json</c> (no arms: the kind's own tables hold the results; scripts/docs-tables.py reads both) and
    /// returns its result table as Markdown lines.</summary>
    /// <exception cref="RunDirectoryException">The directory holds a sweep of a different spec.</exception>
    /// <exception cref="SweepLockedException">Another process is writing the directory.</exception>
    public static IReadOnlyList<string> Run(ExperimentSpec spec, ExperimentData data, string directory, Action<string>? log = null)
    {
        if (!Handles(spec.Kind)) throw new ArgumentException($"kind '{SpecNames.Of(spec.Kind)}' runs through ExperimentRunner", nameof(spec));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var load = ExperimentRunner.LoadAverage();
        ExperimentSpecValidator.Validate(spec);
        Data.InputFile.RefuseSystemPath(directory);
        if (File.Exists(directory))
            throw new RunDirectoryException(directory, "is a file, not a sweep directory", "nothing was changed; give a folder with --out");
        Directory.CreateDirectory(directory);
        using var sweepLock = SweepLock.Acquire(directory);
        if (sweepLock.TakenOver is { } note) log?.Invoke(note);
        AtomicFile.RemoveLeftovers(directory);
        var specPath = Path.Combine(directory, "spec.json");
        static string Canonical(ExperimentSpec s) => (ExperimentSpec.Parse(s.ToJson()) with { Versions = null, Threads = null }).ToJson();
        if (!File.Exists(specPath))
            AtomicFile.WriteText(specPath, (spec with { Versions = ExperimentRunner.CurrentVersions() }).ToJson());
        else if (Canonical(ExperimentSpec.Load(specPath)) != Canonical(spec))
            throw new RunDirectoryException(directory, "already holds a sweep of a different spec", "nothing was changed; continue it with equidyn run --resume DIR, or write the new sweep elsewhere with --out");
        var table = spec.Kind == ExperimentKind.Optimizers
            ? OptimizerInvarianceExperiment.MarkdownTable(OptimizerInvarianceExperiment.Run(spec, data, directory, log))
            : EnsembleExperiment.MarkdownTable(EnsembleExperiment.Run(spec, data, directory, log));
        // As for the other kinds, a continued sweep records only its own part's wall time.
        new SweepSummary { Preset = spec.Preset, WallSeconds = clock.Elapsed.TotalSeconds, Machine = ExperimentRunner.MachineDescription(load) }
            .Write(Path.Combine(directory, Runs.RunLayout.SweepSummaryFile));
        return table;
    }
}
