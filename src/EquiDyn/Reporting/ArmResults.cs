using EquiDyn.Runs;
namespace EquiDyn.Reporting;

/// <summary>The final numbers of one run, read from its files (the last rows of <c>metrics.csv</c> and
/// <c>epochs.csv</c>), so that unfinished runs and runs without <c>summary.json</c> are covered too.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Seed">The seed.</param>
/// <param name="FinalDistance">Total distance to E∩L after the last step.</param>
/// <param name="MaxDistanceFirstEpoch">Largest total distance during the first epoch.</param>
/// <param name="FinalRelativeDistance">Final distance relative to ‖A‖.</param>
/// <param name="FinalDistanceFromStart">‖A − A⁰‖ after the last step.</param>
/// <param name="TestAccuracy">Test accuracy after the last epoch (NaN without epochs.csv).</param>
/// <param name="TestLoss">Test loss after the last epoch (NaN without epochs.csv).</param>
/// <param name="Steps">Steps recorded.</param>
public sealed record RunResult(string Arm, long Seed, double FinalDistance, double MaxDistanceFirstEpoch, double FinalRelativeDistance,
    double FinalDistanceFromStart, double TestAccuracy, double TestLoss, int Steps)
{
    /// <summary>The numbers of one run (NaN where its files lack them).</summary>
    public static RunResult Of(RunRecord run)
    {
        var m = run.Metrics;
        double Last(CsvTable? t, string column) => t is { RowCount: > 0 } && t.Has(column) ? t.Column(column)[^1] : double.NaN;
        double maxFirst = double.NaN;
        if (m.RowCount > 0 && m.Has("epoch") && m.Has("distance"))
        {
            var epoch = m.Column("epoch");
            var distance = m.Column("distance");
            maxFirst = Enumerable.Range(0, epoch.Length).Where(i => epoch[i] == epoch[0]).Max(i => distance[i]);
        }
        return new RunResult(run.Arm, run.Seed, Last(m, "distance"), maxFirst, Last(m, "relative_distance"), Last(m, "distance_from_start"),
            Last(run.Epochs, "test_accuracy"), Last(run.Epochs, "test_loss"), m.RowCount);
    }
}

/// <summary>Per arm: median and spread over seeds of the final numbers (the report's table).</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Seeds">The seeds, ascending.</param>
/// <param name="FinalDistance">Final distance to E∩L.</param>
/// <param name="MaxDistanceFirstEpoch">Largest distance during the first epoch.</param>
/// <param name="FinalRelativeDistance">Final relative distance.</param>
/// <param name="FinalDistanceFromStart">Final ‖A − A⁰‖.</param>
/// <param name="TestAccuracy">Final test accuracy.</param>
/// <param name="TestLoss">Final test loss.</param>
/// <param name="EquivariantTestAccuracy">Test accuracy of the Equi model each run started from (weight-transfer
/// experiments; no values otherwise).</param>
/// <param name="EquivariantRelativeGradient">‖∇R‖ on E∩L at the transfer point relative to the initial point, from
/// each Equi phase's <c>transfer.json</c> (no values where it is missing).</param>
public sealed record ArmResult(string Arm, IReadOnlyList<long> Seeds, Spread FinalDistance, Spread MaxDistanceFirstEpoch,
    Spread FinalRelativeDistance, Spread FinalDistanceFromStart, Spread TestAccuracy, Spread TestLoss,
    Spread EquivariantTestAccuracy, Spread EquivariantRelativeGradient)
{
    /// <summary>The table rows, in the collection's arm order.</summary>
    public static IReadOnlyList<ArmResult> From(RunCollection runs) =>
        runs.Runs.Where(r => r.Metrics.RowCount > 0).Select(RunResult.Of).GroupBy(r => r.Arm).Select(g => new ArmResult(g.Key,
            g.Select(r => r.Seed).Order().ToList(),
            Spread.Of(g.Select(r => r.FinalDistance)),
            Spread.Of(g.Select(r => r.MaxDistanceFirstEpoch)),
            Spread.Of(g.Select(r => r.FinalRelativeDistance)),
            Spread.Of(g.Select(r => r.FinalDistanceFromStart)),
            Spread.Of(g.Select(r => r.TestAccuracy)),
            Spread.Of(g.Select(r => r.TestLoss)),
            Spread.Of(g.Select(r => EquivariantAccuracy(runs, r))),
            Spread.Of(g.Select(r => TransferGradient(runs, r))))).ToList();

    private static double TransferGradient(RunCollection runs, RunResult run)
    {
        var phase = EquivariantPhase(runs, run);
        string? path = phase is null ? null : Path.Combine(phase.Directory, EquiDyn.Experiments.TransferPoint.FileName);
        return path is not null && File.Exists(path) ? EquiDyn.Experiments.TransferPoint.Read(path).RelativeGradientNorm : double.NaN;
    }

    private static RunRecord? EquivariantPhase(RunCollection runs, RunResult run)
    {
        var support = runs.Arm(run.Arm).Support;
        if (support is null) return null;
        var key = RunCollection.SupportKey(support);
        return runs.EquivariantRuns.FirstOrDefault(e => e.SupportKey == key && e.Seed == run.Seed);
    }

    private static double EquivariantAccuracy(RunCollection runs, RunResult run)
    {
        var phase = EquivariantPhase(runs, run);
        return phase?.Epochs is { RowCount: > 0 } t && t.Has("test_accuracy") ? t.Column("test_accuracy")[^1] : double.NaN;
    }
}
