using EquiDyn.Analysis;
using ScottPlot;

namespace EquiDyn.Reporting;

/// <summary>PNG figures of a stability report: the Ritz values of both Hessian blocks, their convergence per Lanczos
/// step, and the distance to E under GD.</summary>
public static class StabilityPlots
{
    /// <summary>Writes the figures into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Save(StabilityReport report, string directory)
    {
        var paths = new List<string> { Path.Combine(directory, "stability-spectra.png") };
        SaveSpectra(report, paths[0]);
        paths.Add(Path.Combine(directory, "stability-ritz.png"));
        SaveRitzConvergence(report, paths[^1]);
        if (report.Growth is { } growth)
        {
            paths.Add(Path.Combine(directory, "stability-growth.png"));
            SaveGrowth(growth, paths[^1]);
        }
        return paths;
    }

    // One column per block: its Ritz values as markers, so the sign pattern (E∩L ≻ 0, E⊥∩L indefinite) reads at a glance.
    private static void SaveSpectra(StabilityReport report, string path)
    {
        var plot = new Plot();
        var blocks = new[] { ("E∩L (= Equi Hessian)", report.EquivariantBlock), ("E⊥∩L", report.ComplementBlock) };
        var palette = new ScottPlot.Palettes.Category10();
        for (int b = 0; b < blocks.Length; b++)
        {
            var color = palette.GetColor(b);
            foreach (var (pair, index) in blocks[b].Item2.Pairs.Select((p, i) => (p, i)))
            {
                var marker = plot.Add.Marker(b, pair.Value, MarkerShape.FilledCircle, 12, color);
                if (index == 0) marker.LegendText = blocks[b].Item1;
            }
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Axes.Bottom.SetTicks(new[] { 0.0, 1.0 }, blocks.Select(b => b.Item1).ToArray());
        plot.Axes.SetLimitsX(-0.5, 1.5);
        plot.Title(report.Problem.Length > 24 ? "Augmented Hessian blocks at A*" : $"{report.Problem}: augmented Hessian blocks at A*");
        plot.YLabel("eigenvalue (Ritz value)");
        // Upper right sits above the E⊥∩L column, whose interesting (negative) values are low.
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 640, 480);
    }

    // λ_min and λ_max of the projected matrix after every Lanczos step, per block: the extremes approach the spectrum's
    // ends monotonically between restarts, so flat tails mean converged ends (the residuals in the report say how far).
    private static void SaveRitzConvergence(StabilityReport report, string path)
    {
        var plot = new Plot();
        var blocks = new[] { ("E∩L", report.EquivariantBlock), ("E⊥∩L", report.ComplementBlock) };
        var palette = new ScottPlot.Palettes.Category10();
        for (int b = 0; b < blocks.Length; b++)
        {
            var history = blocks[b].Item2.RitzHistory;
            if (history.Count == 0) continue;
            double[] steps = Enumerable.Range(1, history.Count).Select(k => (double)k).ToArray();
            foreach (var (label, values) in new[] { ("λ_min", history.Select(h => h[0]).ToArray()), ("λ_max", history.Select(h => h[^1]).ToArray()) })
            {
                var line = plot.Add.Scatter(steps, values, palette.GetColor(b));
                line.LegendText = $"{blocks[b].Item1} {label}";
                line.MarkerSize = 3;
                if (label == "λ_min") line.LinePattern = LinePattern.Dashed;
            }
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        plot.Title("Ritz values per Lanczos step");
        plot.XLabel("Lanczos step (Hessian-vector products)");
        plot.YLabel("extreme Ritz values");
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(path, 640, 480);
    }

    // log10 of the distance: a straight line of slope log10|1 − ηλ_min| is the linear prediction.
    private static void SaveGrowth(GrowthMeasurement growth, string path)
    {
        var plot = new Plot();
        double[] steps = Enumerable.Range(0, growth.Distances.Length).Select(k => (double)k).ToArray();
        double[] measured = growth.Distances.Select(d => Math.Log10(Math.Max(d, 1e-300))).ToArray();
        double[] predicted = steps.Select(k => measured[0] + k * Math.Log10(growth.PredictedFactor)).ToArray();
        var simulated = plot.Add.ScatterPoints(steps, measured);
        simulated.LegendText = "simulated GD";
        var linear = plot.Add.Scatter(steps, predicted);
        linear.LegendText = $"predicted ×{growth.PredictedFactor:0.######}/step";
        linear.LinePattern = LinePattern.Dashed;
        linear.MarkerSize = 0;
        linear.LineWidth = 2;
        plot.Title($"Distance to E∩L under GD on R_aug (η = {growth.Eta})");
        plot.XLabel("step");
        plot.YLabel("log10 distance to E∩L");
        plot.ShowLegend();
        plot.SavePng(path, 640, 480);
    }
}
