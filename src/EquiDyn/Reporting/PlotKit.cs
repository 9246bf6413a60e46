using System.Globalization;
using ScottPlot;

namespace EquiDyn.Reporting;

/// <summary>Shared ScottPlot conventions of EquiDyn's figures: colour-blind-safe colours, thin-per-run / bold-median
/// lines, scientific and log10 axes, multi-panel PNGs. Headless: fonts come from fontconfig (DejaVu on Debian).</summary>
internal static class PlotKit
{
    /// <summary>The paper's colours for the mnist-c4 arms (its figure; docs/experiments/mnist-c4.md), plus a fourth for the exact-orbit arm.</summary>
    public static IReadOnlyDictionary<string, string> TransferArmColors { get; } = new Dictionary<string, string>
    {
        ["cross"] = "#D81B60",
        ["skew"] = "#1E88E5",
        ["non-unitary"] = "#FFC107",
        ["exact"] = "#004D40",
    };

    /// <summary>Further colour-blind-safe colours (Wong 2011) for arms without a paper colour.</summary>
    public static IReadOnlyList<string> ExtraColors { get; } = new[] { "#E69F00", "#56B4E9", "#CC79A7", "#0072B2", "#D55E00", "#009E73", "#000000" };

    /// <summary>One colour per arm: the paper's colour when the name says which arm it is, else the next free one.</summary>
    public static IReadOnlyDictionary<string, Color> ArmColors(IEnumerable<string> arms)
    {
        var result = new Dictionary<string, Color>();
        var used = new HashSet<string>();
        var names = arms.Distinct().ToList();
        foreach (var arm in names)
        {
            var key = arm.Contains("exact", StringComparison.OrdinalIgnoreCase) ? "exact"
                : arm.Contains("non-unitary", StringComparison.OrdinalIgnoreCase) || arm.Contains("nonunitary", StringComparison.OrdinalIgnoreCase) ? "non-unitary"
                : arm.StartsWith("skew", StringComparison.OrdinalIgnoreCase) ? "skew"
                : arm.StartsWith("cross", StringComparison.OrdinalIgnoreCase) ? "cross"
                : null;
            if (key is not null && used.Add(key)) result[arm] = Color.FromHex(TransferArmColors[key]);
        }
        int next = 0;
        foreach (var arm in names.Where(a => !result.ContainsKey(a)))
            result[arm] = Color.FromHex(ExtraColors[next++ % ExtraColors.Count]);
        return result;
    }

    /// <summary>A new plot with EquiDyn's font.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        Style(plot);
        return plot;
    }

    /// <summary>A grid of rows × columns panels.</summary>
    public static Multiplot NewGrid(int rows, int columns)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(rows * columns);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        foreach (var plot in multiplot.GetPlots()) Style(plot);
        return multiplot;
    }

    /// <summary>Adds a line (no markers). Thin lines are for single runs, bold ones for medians.</summary>
    public static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, Color color, float width, LinePattern? pattern = null,
        string? legend = null)
    {
        var line = plot.Add.Scatter(x, y);
        line.Color = color;
        line.LineWidth = width;
        line.MarkerSize = 0;
        line.LinePattern = pattern ?? LinePattern.Solid;
        if (legend is not null) line.LegendText = legend;
        return line;
    }

    /// <summary>Width of a single run's line, and its opacity given the number of runs drawn.</summary>
    public static (float Width, double Opacity) ThinLine(int runs) => (1f, runs <= 3 ? 0.55 : runs <= 10 ? 0.35 : 0.2);

    /// <summary>Width of a median line.</summary>
    public const float BoldWidth = 2.5f;

    /// <summary>Labels the left axis in scientific notation (1.5E-04).</summary>
    public static void ScientificY(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Scientific };

    /// <summary>Labels the bottom axis in scientific notation.</summary>
    public static void ScientificX(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Scientific };

    /// <summary>A left axis on which values are log10 of the data: decade ticks labelled 1E-07, with log minor ticks.</summary>
    public static void Log10Y(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Math.Abs(v - Math.Round(v)) < 1e-9 ? $"1E{Math.Round(v).ToString("+00;-00", CultureInfo.InvariantCulture)}" : "",
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };

    /// <summary>log10 of the positive values; zeros and negatives (not drawable on a log axis) become NaN.</summary>
    public static double[] Log10(IEnumerable<double> values) => values.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray();

    /// <summary>Drops the points where x or y is not finite (ScottPlot draws NaN as a gap only in some plot types).</summary>
    public static (double[] X, double[] Y) Finite(double[] x, double[] y)
    {
        var keep = Enumerable.Range(0, Math.Min(x.Length, y.Length)).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }

    /// <summary>Every k-th point (and the last) so that at most <paramref name="max"/> remain.</summary>
    public static (double[] X, double[] Y) Thin(double[] x, double[] y, int max = 3000)
    {
        if (x.Length <= max) return (x, y);
        int k = (x.Length + max - 1) / max;
        var keep = Enumerable.Range(0, x.Length).Where(i => i % k == 0 || i == x.Length - 1).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }

    /// <summary>"1.5E-04"; zero as "0".</summary>
    public static string Scientific(double v) =>
        Math.Abs(v) < 1e-300 ? "0" : v.ToString("0.##E+00", CultureInfo.InvariantCulture);

    /// <summary>Integer ticks on the bottom axis (epochs).</summary>
    public static void IntegerX(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    private static void Style(Plot plot)
    {
        plot.Font.Set("DejaVu Sans");
        plot.Legend.FontSize = 11;
    }
}
