using System.Globalization;
using EquiDyn.Experiments;
using ScottPlot;

namespace EquiDyn.Reporting;

/// <summary>The heat map of an <c>optimizers</c> sweep: rows support/basis, columns update rules, colour log₁₀ of the
/// final relative distance to E∩L (median over seeds); each cell printed with the prediction (= stays, ≠ leaves) and
/// whether every seed agrees with it (✓; ~k: at rounding level for k steps, then amplified by an instability; ✗).</summary>
public static class OptimizerInvarianceFigure
{
    /// <summary>Draws the heat map and saves it as a PNG.</summary>
    public static void Write(IReadOnlyList<OptimizerCellRow> rows, string path)
    {
        if (rows.Count == 0) return;
        var plot = Build(rows);
        var arms = rows.Select(r => r.Arm).Distinct().Count();
        var optimizers = rows.Select(r => r.Optimizer).Distinct().Count();
        AtomicFile.Write(path, stream =>
        {
            var bytes = plot.GetImageBytes(Math.Max(640, 150 + 120 * optimizers), Math.Max(360, 140 + 60 * arms), ImageFormat.Png);
            stream.Write(bytes);
        });
    }

    /// <summary>The plot (for tests and the report).</summary>
    public static Plot Build(IReadOnlyList<OptimizerCellRow> rows)
    {
        var arms = rows.Select(r => r.Arm).Distinct().ToList();
        var optimizers = rows.Select(r => r.Optimizer).Distinct().ToList();
        var values = new double[arms.Count, optimizers.Count];
        var plot = PlotKit.NewPlot();
        for (int a = 0; a < arms.Count; a++)
        for (int o = 0; o < optimizers.Count; o++)
        {
            var cell = rows.Where(r => r.Arm == arms[a] && r.Optimizer == optimizers[o]).ToList();
            if (cell.Count == 0)
            {
                values[a, o] = double.NaN;
                continue;
            }
            var finals = cell.Select(r => r.Final).OrderBy(x => x).ToList();
            double median = finals[finals.Count / 2];
            values[a, o] = Math.Log10(Math.Max(median, 1e-18));
            var text = plot.Add.Text($"{(cell[0].Predicted ? "=" : "≠")} {median.ToString("0.0E+0", CultureInfo.InvariantCulture)} {OptimizerInvarianceExperiment.Mark(cell)}",
                o + 0.5, arms.Count - a - 0.5);
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontColor = values[a, o] < -8 ? Colors.White : Colors.Black;
            text.LabelFontSize = 13;
        }
        // Cells as rectangles (exact edges at integer coordinates); a hidden heat map carries the colour bar.
        var colormap = new ScottPlot.Colormaps.Viridis();
        var scale = new ScottPlot.Range(-17, 0);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = scale;
        heatmap.IsVisible = false;
        for (int a = 0; a < arms.Count; a++)
        for (int o = 0; o < optimizers.Count; o++)
        {
            if (double.IsNaN(values[a, o])) continue;
            var cellRect = plot.Add.Rectangle(o, o + 1, arms.Count - a - 1, arms.Count - a);
            cellRect.FillColor = colormap.GetColor(Math.Clamp((values[a, o] - scale.Min) / (scale.Max - scale.Min), 0, 1));
            cellRect.LineColor = Colors.White;
            cellRect.LineWidth = 1;
        }
        // Labels above the cells: re-add them after the rectangles so they are drawn on top.
        foreach (var t in plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().ToList())
        {
            plot.Remove(t);
            plot.Add.Plottable(t);
        }
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "log₁₀ final ‖A − Π_E∩L A‖ / ‖A‖";
        plot.Axes.Bottom.SetTicks(optimizers.Select((_, o) => o + 0.5).ToArray(), optimizers.ToArray());
        plot.Axes.Left.SetTicks(arms.Select((_, a) => arms.Count - a - 0.5).ToArray(),
            arms.Select(a => { var r = rows.First(x => x.Arm == a); return $"{r.Support} / {r.Basis}"; }).ToArray());
        plot.Axes.SetLimits(0, optimizers.Count, 0, arms.Count);
        plot.Title("Which update rules keep E∩L invariant (exact orbits, from E∩L)");
        return plot;
    }
}
