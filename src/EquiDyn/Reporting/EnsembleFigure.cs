using EquiDyn.Experiments;
using ScottPlot;

namespace EquiDyn.Reporting;

/// <summary>The figure of an <c>ensemble</c> sweep: left, the ensemble mean's relative invariance error against the
/// ensemble size M at the last step (log-log, with the 1/√M slope through the first point of each 1/√M arm); right, the
/// error at the largest M of every arm against the training step (log y).</summary>
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
            var line = PlotKit.Line(bySize, final.Select(r => Math.Log10(r.Size)).ToArray(), final.Select(r => Math.Log10(Math.Max(r.Error, floor))).ToArray(), colors[arm], 2);
            line.MarkerSize = 7;
            line.LegendText = verdict is null ? arm : $"{arm} ({verdict.Prediction})";
            if (verdict?.Prediction == "1/sqrt(M)")
            {
                var guide = PlotKit.Line(bySize, final.Select(r => Math.Log10(r.Size)).ToArray(),
                    final.Select(r => Math.Log10(final[0].Error) - 0.5 * Math.Log10((double)r.Size / final[0].Size)).ToArray(), colors[arm], 1, LinePattern.Dotted);
                guide.LegendText = "";
            }
            int largest = mine.Max(r => r.Size);
            var series = mine.Where(r => r.Size == largest).OrderBy(r => r.Step).ToList();
            var curve = PlotKit.Line(byStep, series.Select(r => (double)r.Step).ToArray(), series.Select(r => Math.Log10(Math.Max(r.Error, floor))).ToArray(), colors[arm], 2);
            curve.LegendText = $"{arm}, M = {largest}";
        }
        bySize.Title("Ensemble mean's invariance error vs M (last step; dotted: 1/√M)");
        bySize.XLabel("ensemble size M");
        bySize.YLabel("relative invariance error of the mean");
        PlotKit.Log10Y(bySize);
        bySize.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            new[] { 1, 4, 16, 64, 256 }.Select(m => Math.Log10(m)).ToArray(), new[] { "1", "4", "16", "64", "256" });
        bySize.ShowLegend(Alignment.MiddleRight);
        byStep.Title("Error of the mean at the largest M vs training step");
        byStep.XLabel("step");
        byStep.YLabel("relative invariance error of the mean");
        PlotKit.Log10Y(byStep);
        byStep.ShowLegend(Alignment.MiddleRight);
        return grid;
    }
}
