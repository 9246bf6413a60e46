using EquiDyn.Experiments;
using ScottPlot;

namespace EquiDyn.Reporting;

/// <summary>The figure of an <c>ensemble</c> sweep: left, the ensemble mean's relative invariance error against the
/// ensemble size M at the last step for every arm that is not predicted exact (log-log; dotted, the 1/√M line through
/// the smallest size; dashed, the fitted √(b² + σ²/M) of a not-equivariant arm with a floor b > 0); right, the error at
/// the largest M of every arm, the exact ones included, against the training step (log y).</summary>
public static class EnsembleFigure
{
    /// <summary>Draws the figure and saves it as a PNG.</summary>
    public static void Write(IReadOnlyList<EnsembleRow> rows, IReadOnlyList<EnsembleVerdict> verdicts, string path)
    {
        if (rows.Count == 0) return;
        var grid = Build(rows, verdicts);
        var partial = path + ".partial.png"; // written whole, then moved over the old figure
        grid.SavePng(partial, 1400, 560);
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>The two panels.</summary>
    public static Multiplot Build(IReadOnlyList<EnsembleRow> rows, IReadOnlyList<EnsembleVerdict> verdicts)
    {
        var grid = PlotKit.NewGrid(1, 2);
        var (bySize, byStep) = (grid.GetPlot(0), grid.GetPlot(1));
        var arms = rows.Select(r => r.Arm).Distinct().ToList();
        var colors = PlotKit.ArmColors(arms);
        const double floor = 1e-17; // log axes: an exact zero is drawn at the floor
        foreach (var arm in arms)
        {
            var mine = rows.Where(r => r.Arm == arm).ToList();
            int last = mine.Max(r => r.Step);
            var final = mine.Where(r => r.Step == last).OrderBy(r => r.Size).ToList();
            var verdict = verdicts.FirstOrDefault(v => v.Arm == arm);
            int largest = mine.Max(r => r.Size);
            var series = mine.Where(r => r.Size == largest).OrderBy(r => r.Step).ToList();
            var curve = PlotKit.Line(byStep, series.Select(r => (double)r.Step).ToArray(), series.Select(r => Math.Log10(Math.Max(r.Error, floor))).ToArray(), colors[arm], 2);
            curve.LegendText = $"{arm}, M = {largest}";
            if (verdict?.Prediction == "exact") continue; // at rounding level: its curve on the right says so; the left keeps the scale of the rest
            var line = PlotKit.Line(bySize, final.Select(r => Math.Log10(r.Size)).ToArray(), final.Select(r => Math.Log10(Math.Max(r.Error, floor))).ToArray(), colors[arm], 2);
            line.MarkerSize = 7;
            line.LegendText = verdict is null ? arm : $"{arm} ({verdict.Prediction})";
            if (verdict is not null && verdict.Prediction != "exact" && final.Count >= 2)
            {
                // The 1/√M line through the smallest size: where the points stay above it, the error has levelled off.
                var guide = PlotKit.Line(bySize, final.Select(r => Math.Log10(r.Size)).ToArray(),
                    final.Select(r => Math.Log10(final[0].Error) - 0.5 * Math.Log10((double)r.Size / final[0].Size)).ToArray(), colors[arm], 1, LinePattern.Dotted);
                guide.LegendText = "";
                guide.MarkerSize = 0;
                if (verdict.Prediction == "not-equivariant" && verdict.Floor > 0)
                {
                    var fit = PlotKit.Line(bySize, final.Select(r => Math.Log10(r.Size)).ToArray(),
                        final.Select(r => 0.5 * Math.Log10(verdict.Floor * verdict.Floor + verdict.Variance / r.Size)).ToArray(), colors[arm], 1, LinePattern.Dashed);
                    fit.LegendText = FormattableString.Invariant($"  fit √(b² + σ²/M), floor b = {verdict.Floor:0.0e+00}");
                    fit.MarkerSize = 0;
                }
            }
        }
        bySize.Title("Error of the mean vs M, last step (dotted: 1/√M; dashed: floor fit)");
        bySize.XLabel("ensemble size M");
        bySize.YLabel("relative invariance error of the mean");
        PlotKit.Log10Y(bySize);
        bySize.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            new[] { 1, 4, 16, 64, 256 }.Select(m => Math.Log10(m)).ToArray(), new[] { "1", "4", "16", "64", "256" });
        bySize.ShowLegend(Alignment.LowerLeft);
        byStep.Title("Error of the mean at the largest M vs training step");
        byStep.XLabel("step");
        byStep.YLabel("relative invariance error of the mean");
        PlotKit.Log10Y(byStep);
        byStep.ShowLegend(Alignment.MiddleRight);
        return grid;
    }
}
