using EquiDyn.Experiments;
using EquiDyn.Reporting;
using EquiDyn.Tests.Data;
using ScottPlot;

namespace EquiDyn.Tests.Reporting;

/// <summary>The drawing rules, checked on the figure models (not on pixels): one colour per arm in every figure of a
/// run, one line pattern per strategy, axes within the data drawn, integer ticks on epoch and batch axes.</summary>
public class FigureRulesTests
{
    public static TheoryData<string> Sweeps() => new("transfer", "strategies", "groups");

    private static RunCollection Load(string kind, string directory)
    {
        _ = kind switch
        {
            "transfer" => SyntheticSweep.Transfer(directory),
            "strategies" => SyntheticSweep.Strategies(directory),
            _ => SyntheticSweep.Groups(directory),
        };
        return RunCollection.Load(directory);
    }

    private static string? ArmOf(string legend, IEnumerable<string> arms) =>
        arms.Where(a => legend.StartsWith(a + " ", StringComparison.Ordinal)).OrderByDescending(a => a.Length).FirstOrDefault();

    private static (byte, byte, byte) Rgb(Color c) => (c.R, c.G, c.B);

    [Theory]
    [MemberData(nameof(Sweeps))]
    public void EveryArmHasOneColourInEveryFigureAndEveryStrategyOnePattern(string kind)
    {
        using var temp = new TempDirectory();
        var runs = Load(kind, temp.Path);
        var styles = ArmStyles.For(runs);
        int checkedLines = 0;
        foreach (var figure in ReportFigures.Build(runs).Where(f => f.FileName != ReportFigures.EquivariantTrainingFile))
            foreach (var panel in figure.Plot.GetPlots())
                foreach (var scatter in panel.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Where(s => !string.IsNullOrEmpty(s.LegendText)))
                {
                    var arm = ArmOf(scatter.LegendText, styles.Keys);
                    Assert.True(arm is not null, $"{figure.FileName}: legend '{scatter.LegendText}' names no arm");
                    Assert.Equal(Rgb(styles[arm!].Color), Rgb(scatter.Color));
                    if (scatter.LineWidth > 0) Assert.Equal(styles[arm!].Pattern, scatter.LinePattern);
                    checkedLines++;
                }
        Assert.True(checkedLines >= 2 * styles.Count, $"only {checkedLines} legend lines checked");

        // Every arm is one (colour, pattern) pair; arms of one strategy share the pattern, different strategies differ.
        Assert.Equal(styles.Count, styles.Values.Select(s => (Rgb(s.Color), s.Pattern)).Distinct().Count());
        foreach (var byStrategy in runs.Arms.GroupBy(a => a.Augmentation))
            Assert.Single(byStrategy.Select(a => styles[a.Name].Pattern).Distinct());
        Assert.Equal(runs.Arms.Select(a => a.Augmentation).Distinct().Count(), runs.Arms.Select(a => ArmStyles.PatternOf(a.Augmentation)).Distinct().Count());
    }

    [Fact]
    public void InTheGroupsSweepTheColourTellsTheGroupAndEachGroupHasItsOwn()
    {
        using var temp = new TempDirectory();
        var styles = ArmStyles.For(Load("groups", temp.Path));
        Assert.Equal(Rgb(styles["c4-nominal"].Color), Rgb(styles["c4-augmented"].Color));
        Assert.NotEqual(Rgb(styles["c4-nominal"].Color), Rgb(styles["zn2-nominal"].Color));
        Assert.NotEqual(Rgb(styles["c4-augmented"].Color), Rgb(styles["zn2-augmented"].Color));
        Assert.Equal(LinePattern.Dotted, styles["zn2-nominal"].Pattern);
        Assert.Equal(LinePattern.Dashed, styles["zn2-augmented"].Pattern);
        Assert.Equal(LinePattern.Solid, styles["zn2-equivariant"].Pattern);
    }

    [Theory]
    [MemberData(nameof(Sweeps))]
    public void AxesStayWithinTheDataAndEpochAndBatchAxesHaveIntegerTicks(string kind)
    {
        using var temp = new TempDirectory();
        var runs = Load(kind, temp.Path);
        foreach (var figure in ReportFigures.Build(runs))
            foreach (var panel in figure.Plot.GetPlots())
            {
                var (xs, ys) = ReportFigures.DataOf(panel);
                if (xs.Count == 0) continue;
                var limits = panel.Axes.GetLimits();
                string where = $"{figure.FileName} / {panel.Axes.Title.Label.Text}";
                bool log = panel.Axes.Title.Label.Text.Contains("log", StringComparison.OrdinalIgnoreCase);
                AssertWithin(limits.Left, limits.Right, xs, 0.05, where + " x");
                // Log panels round out to whole decades (one decade at most beyond the data).
                AssertWithin(limits.Bottom, limits.Top, ys, log ? 0 : 0.05, where + " y", log ? 1.06 : 0);
                if (panel.Axes.Left.Label.Text.StartsWith("accuracy", StringComparison.Ordinal)) Assert.True(limits.Top <= 1, where);
                if (!log && panel.Axes.Left.Label.Text.Contains("distance", StringComparison.Ordinal)) Assert.True(limits.Bottom >= 0, where);
                string xLabel = panel.Axes.Bottom.Label.Text;
                if (xLabel.StartsWith("epoch", StringComparison.Ordinal) || xLabel.StartsWith("batch", StringComparison.Ordinal))
                    Assert.True(panel.Axes.Bottom.TickGenerator is ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly: true }, $"{where}: ticks of '{xLabel}' are not integers");
            }
    }

    private static void AssertWithin(double low, double high, List<double> data, double fraction, string where, double absolute = 0)
    {
        double min = data.Min(), max = data.Max(), span = max - min;
        double pad = Math.Max(fraction * span, absolute) + (span == 0 ? Math.Max(1, 0.05 * Math.Abs(min)) : 1e-12 * Math.Abs(max));
        Assert.True(low >= min - pad && low <= max, $"{where}: axis starts at {low}, data {min}…{max}");
        Assert.True(high <= max + pad && high >= min, $"{where}: axis ends at {high}, data {min}…{max}");
    }

    [Fact]
    public void EveryPresetsArmsGetDistinctStylesAndOnePatternPerStrategy()
    {
        foreach (var name in ExperimentPresets.Names)
        {
            var spec = ExperimentPresets.Get(name, "quick");
            var arms = spec.Arms.Select(a => (a.Name, (string?)Strategy(a), GroupOf(a), new ArmInfo(a.Name, a.Support, SpecNames.Of(a.Basis), Strategy(a), a.Dtype is { } d ? SpecNames.Of(d) : null).Role)).ToList();
            var styles = ArmStyles.For(arms);
            Assert.Equal(arms.Count, styles.Values.Select(s => (Rgb(s.Color), s.Pattern)).Distinct().Count());
            foreach (var byStrategy in spec.Arms.GroupBy(Strategy))
                Assert.Single(byStrategy.Select(a => styles[a.Name].Pattern).Distinct());
        }
    }

    private static string? GroupOf(ArmSpec arm) => arm.Group;

    /// <summary>What the report reads as an arm's strategy: its augmentation, or the strategy when it has none.</summary>
    private static string Strategy(ArmSpec arm) => arm.Augmentation is { } a ? SpecNames.Of(a) : SpecNames.Of(arm.Strategy);
}
