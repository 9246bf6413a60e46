using EquiDyn.Reporting;
using EquiDyn.Tests.Data;
using EquiDyn.Runs;

namespace EquiDyn.Tests.Reporting;

public class ReportFiguresTests
{
    [Fact]
    public void TransferSweepDrawsThePaperFigureAndTheTrainingCurvesOfBothPhases()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Transfer(temp.Path);
        var runs = RunCollection.Load(temp.Path);
        var figures = ReportFigures.DrawAll(runs, Path.Combine(temp.Path, "figures"));

        Assert.Equal(new[] { ReportFigures.TransferDistanceFile, ReportFigures.TrainingFile, ReportFigures.EquivariantTrainingFile },
            figures.Select(f => Path.GetFileName(f.Path)));
        foreach (var f in figures)
        {
            Assert.Equal(Path.Combine(temp.Path, "figures"), Path.GetDirectoryName(f.Path));
            Assert.Equal((f.Width, f.Height), Png.Size(File.ReadAllBytes(f.Path)));
        }
        Assert.Equal((1400, 1000), (figures[0].Width, figures[0].Height));
    }

    [Fact]
    public void StrategiesSweepDrawsTheDriftFigure()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Strategies(temp.Path);
        var runs = RunCollection.Load(temp.Path);
        Assert.Equal("strategies", runs.Kind);
        Assert.Equal(new[] { ArmRole.Equivariant, ArmRole.Augmented, ArmRole.Nominal }, runs.Arms.Select(a => a.Role));
        var figures = ReportFigures.DrawAll(runs, Path.Combine(temp.Path, "figures"));
        Assert.Equal(new[] { ReportFigures.StrategiesDistanceFile, ReportFigures.TrainingFile }, figures.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal((1400, 600), Png.Size(File.ReadAllBytes(figures[0].Path)));
    }

    [Fact]
    public void RunsAreFoundByArmSeedAndPhase()
    {
        using var temp = new TempDirectory();
        var sweep = SyntheticSweep.Transfer(temp.Path, seeds: 2);
        var runs = RunCollection.Load(temp.Path);
        Assert.Equal("transfer", runs.Kind);
        Assert.Equal("mnist-c4", runs.Preset);
        Assert.Equal(sweep.Arms, runs.Arms.Select(a => a.Name));
        Assert.Equal(sweep.Arms.SelectMany(a => sweep.Seeds.Select(s => (a, s))), runs.Runs.Select(r => (r.Arm, r.Seed)));
        Assert.Equal(new[] { "equivariant-cross", "equivariant-cross", "equivariant-skew", "equivariant-skew" }, runs.EquivariantRuns.Select(r => r.Arm));
        Assert.Empty(runs.Warnings);
        Assert.Equal(new[] { 32, 64, 64 }, runs.Hidden);
    }

    [Fact]
    public void OneRunDirectoryOfASweepBringsItsSharedEquivariantPhase()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Transfer(temp.Path, seeds: 2);
        var runs = RunCollection.Load(Path.Combine(temp.Path, "skew-seed1"));
        var run = Assert.Single(runs.Runs);
        Assert.Equal(("skew", 1L), (run.Arm, run.Seed));
        var phase = Assert.Single(runs.EquivariantRuns);
        Assert.Equal(("equivariant-skew", 1L), (phase.Arm, phase.Seed));
    }

    [Fact]
    public void MergedShardsAreReadAndOverlapsOnlyOnceWithAWarning()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Transfer(Path.Combine(temp.Path, "shard0"), seeds: 2);
        SyntheticSweep.Transfer(Path.Combine(temp.Path, "shard1"), seeds: 1);
        // Remove seed 1 from nothing: shard1 repeats seed 0 of every arm, which must be read once.
        var runs = RunCollection.Load(temp.Path);
        Assert.Equal(4 * 2, runs.Runs.Count);
        Assert.Contains(runs.Warnings, w => w.Contains("appears twice"));
        Assert.All(runs.Runs, r => Assert.StartsWith(Path.Combine(temp.Path, "shard0"), r.Directory));
    }

    [Fact]
    public void TransferSeriesStartsAtTheRecordedStartAndAveragesEachEpoch()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Transfer(temp.Path, seeds: 1, epochs: 2, stepsPerEpoch: 3);
        var run = RunCollection.Load(temp.Path).RunsOf("skew")[0];
        var (means, first) = ReportFigures.TransferSeries(run);
        var distance = run.Metrics.Column("distance");
        Assert.Equal(3, means.Length);
        Assert.Equal(2e-2 * 1e-3, means[0], 1e-15);
        Assert.Equal(distance.Take(3).Average(), means[1], 1e-15);
        Assert.Equal(distance.Skip(3).Average(), means[2], 1e-15);
        Assert.Equal(distance.Take(3), first);
    }

    [Fact]
    public void StatisticsMatchNumpysLinearQuantiles()
    {
        Assert.Equal(2.5, Spread.MedianOf(new[] { 4.0, 1, 3, 2 }));
        Assert.Equal(1.75, Spread.Quantile(new[] { 4.0, 1, 3, 2 }, 0.25));
        Assert.Equal(3, Spread.MedianOf(new[] { double.NaN, 5, 3, 1 }));
        Assert.Equal(new[] { 1.0, 1.5, 2.5 }, Statistics.MovingAverage(new[] { 1.0, 2, 3 }, 2));
        Assert.Equal(new[] { 2.0, 3 }, Statistics.MedianPerIndex(new[] { new[] { 1.0, 3 }, new[] { 3.0 } }));
    }
}
