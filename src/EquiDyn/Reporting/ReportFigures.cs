using ScottPlot;
using EquiDyn.Runs;

namespace EquiDyn.Reporting;

/// <summary>One PNG figure written by <see cref="ReportFigures"/>.</summary>
/// <param name="Path">The PNG file.</param>
/// <param name="Title">A short title.</param>
/// <param name="Caption">How to read it (plain text, one paragraph).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record FigureFile(string Path, string Title, string Caption, int Width, int Height);

/// <summary>A figure before it is written: its ScottPlot model (what the tests inspect) and its text.</summary>
/// <param name="FileName">The PNG's file name.</param>
/// <param name="Title">A short title.</param>
/// <param name="Caption">How to read it.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Plot">The panels.</param>
public sealed record Figure(string FileName, string Title, string Caption, int Width, int Height, Multiplot Plot);

/// <summary>
/// Draws the figures of a run or sweep from its files (<see cref="RunCollection"/>), without rerunning anything:
/// the distance from E∩L in the paper's layouts and the loss and accuracy curves of every phase.
/// </summary>
public static class ReportFigures
{
    /// <summary>File name of the weight-transfer distance figure (docs/experiments/mnist-c4.md Figure).</summary>
    public const string TransferDistanceFile = "distance-transfer.png";

    /// <summary>File name of the v1-style drift figure (docs/experiments/ intro): ‖A − A⁰‖ against the distance from E.</summary>
    public const string StrategiesDistanceFile = "distance-drift.png";

    /// <summary>File name of the measured phase's loss and accuracy.</summary>
    public const string TrainingFile = "training.png";

    /// <summary>File name of the Equi phase's loss and accuracy (weight-transfer experiments).</summary>
    public const string EquivariantTrainingFile = "training-equivariant-phase.png";

    /// <summary>Draws every figure that the collection's data supports into <paramref name="directory"/> (created if
    /// needed) and returns them in reading order.</summary>
    public static IReadOnlyList<FigureFile> DrawAll(RunCollection runs, string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        return Build(runs).Select(f =>
        {
            var path = Path.Combine(directory, f.FileName);
            f.Plot.SavePng(path, f.Width, f.Height);
            return new FigureFile(path, f.Title, f.Caption, f.Width, f.Height);
        }).ToList();
    }

    /// <summary>The figures that the collection's data supports, in reading order, drawn by the rules of
    /// <see cref="ArmStyles"/>: one colour per arm in every figure, one line pattern per strategy, axes limited to
    /// the data drawn, integer ticks on axes that count epochs or batches.</summary>
    public static IReadOnlyList<Figure> Build(RunCollection runs)
    {
        var figures = new List<Figure>();
        var styles = ArmStyles.For(runs);
        var measured = runs.Runs.Where(r => r.Metrics.RowCount > 0).ToList();
        if (measured.Count > 0)
        {
            figures.Add(runs.Kind == "transfer" ? TransferDistance(measured, styles) : StrategiesDistance(runs, measured, styles));
            figures.Add(Training(measured, a => styles[a], TrainingFile,
                runs.Kind == "transfer" ? "Training after the weight transfer (measured phase)" : "Training per strategy",
                runs.Kind == "transfer" ? "augmented" : "measured", a => a));
        }
        var equivariant = runs.EquivariantRuns.Where(r => r.Metrics.RowCount > 0).ToList();
        if (equivariant.Count > 0)
        {
            // An Equi phase is drawn in the colour of the first arm it feeds (its support's), solid like every Equi training.
            ArmStyle EquiStyle(string equiArm)
            {
                var key = equiArm.StartsWith("equivariant-", StringComparison.Ordinal) ? equiArm["equivariant-".Length..] : equiArm;
                var arm = runs.Arms.FirstOrDefault(a => a.Support is not null && RunCollection.SupportKey(a.Support) == key);
                return new ArmStyle(arm is not null && styles.TryGetValue(arm.Name, out var st) ? st.Color : Color.FromHex(ArmStyles.Palette[^2]), LinePattern.Solid);
            }
            figures.Add(Training(equivariant, EquiStyle, EquivariantTrainingFile, "Equi phase before the weight transfer", "equivariant",
                a => a.StartsWith("equivariant-", StringComparison.Ordinal) ? $"Equi, {a["equivariant-".Length..]} support" : a));
        }
        return figures;
    }

    /// <summary>Limits an axis to the data drawn on it: [min, max] with 3% of the span as margin (a flat series gets
    /// ±5% of its value, or ±1 around 0), never beyond <paramref name="floor"/>/<paramref name="ceiling"/>.</summary>
    public static (double Low, double High) DataLimits(IEnumerable<double> values, double floor = double.NegativeInfinity, double ceiling = double.PositiveInfinity)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return (0, 1);
        double min = finite.Min(), max = finite.Max();
        double pad = max > min ? 0.03 * (max - min) : min != 0 ? 0.05 * Math.Abs(min) : 1;
        return (Math.Max(floor, min - pad), Math.Min(ceiling, max + pad));
    }

    /// <summary>Per run: x = 0, 1, …, E and y = the epoch mean of the total distance (epoch 0: the start distance, or 0);
    /// and the total distance per batch of the first epoch.</summary>
    public static (double[] EpochMeans, double[] FirstEpoch) TransferSeries(RunRecord run)
    {
        var epoch = run.Metrics.Column("epoch");
        var distance = run.Metrics.Column("distance");
        var epochs = epoch.Where(double.IsFinite).Distinct().Order().ToList();
        var means = new List<double> { run.StartDistance ?? 0 };
        foreach (var e in epochs)
            means.Add(Enumerable.Range(0, epoch.Length).Where(i => epoch[i] == e).Select(i => distance[i]).Average());
        var first = epochs.Count == 0 ? Array.Empty<double>() : Enumerable.Range(0, epoch.Length).Where(i => epoch[i] == epochs[0]).Select(i => distance[i]).ToArray();
        return (means.ToArray(), first);
    }

    private static Figure TransferDistance(IReadOnlyList<RunRecord> measured, IReadOnlyDictionary<string, ArmStyle> styles)
    {
        const int width = 1400, height = 1000;
        var grid = PlotKit.NewGrid(2, 2);
        var panels = grid.GetPlots();
        var logRange = new[] { (Min: double.PositiveInfinity, Max: double.NegativeInfinity), (Min: double.PositiveInfinity, Max: double.NegativeInfinity) };
        foreach (var arm in measured.Select(r => r.Arm).Distinct())
        {
            var armRuns = measured.Where(r => r.Arm == arm).ToList();
            var series = armRuns.Select(TransferSeries).ToList();
            var (thinWidth, opacity) = PlotKit.ThinLine(armRuns.Count);
            var color = styles[arm].Color;
            var pattern = styles[arm].Pattern;
            for (int row = 0; row < 2; row++)
            {
                bool log = row == 1;
                double[] Y(double[] v) => log ? PlotKit.Log10(v) : v;
                for (int col = 0; col < 2; col++)
                {
                    var plot = panels[row * 2 + col];
                    var values = series.Select(s => col == 0 ? s.EpochMeans : s.FirstEpoch).ToList();
                    double[] X(int n) => Enumerable.Range(col == 0 ? 0 : 1, n).Select(i => (double)i).ToArray();
                    if (armRuns.Count > 1)
                        foreach (var v in values)
                        {
                            var (x, y) = PlotKit.Finite(X(v.Length), Y(v));
                            (x, y) = PlotKit.Thin(x, y);
                            if (x.Length > 0) PlotKit.Line(plot, x, y, color.WithOpacity(opacity), thinWidth, pattern);
                        }
                    var median = Statistics.MedianPerIndex(values);
                    var (mx, my) = PlotKit.Finite(X(median.Length), Y(median));
                    (mx, my) = PlotKit.Thin(mx, my);
                    if (mx.Length > 0)
                    {
                        var line = PlotKit.Line(plot, mx, my, color, PlotKit.BoldWidth, pattern, legend: col == 0 ? Legend(arm, armRuns.Count) : null);
                        if (col == 0) line.MarkerSize = 6; // few epochs: show the points
                    }
                    if (log)
                        foreach (var y in values.SelectMany(Y).Where(double.IsFinite))
                            logRange[col] = (Math.Min(logRange[col].Min, y), Math.Max(logRange[col].Max, y));
                }
            }
        }
        panels[0].Title("Distance from E∩L per epoch");
        panels[0].XLabel("epoch (augmented phase; 0 = right after the weight transfer)");
        panels[0].YLabel("distance from E∩L (epoch mean over batches)");
        panels[1].Title("Per batch, first augmented epoch");
        panels[1].XLabel("batch");
        panels[1].YLabel("distance from E∩L");
        panels[2].Title("Per epoch, log scale");
        panels[2].XLabel("epoch");
        panels[2].YLabel("distance from E∩L (epoch mean; log axis)");
        panels[3].Title("Per batch, first epoch, log scale");
        panels[3].XLabel("batch");
        panels[3].YLabel("distance from E∩L (log axis)");
        PlotKit.ScientificY(panels[0]);
        PlotKit.ScientificY(panels[1]);
        PlotKit.Log10Y(panels[2]);
        PlotKit.Log10Y(panels[3]);
        // Whole decades on the log axes, so that even a narrow range shows labelled ticks.
        for (int col = 0; col < 2; col++)
            if (logRange[col].Min <= logRange[col].Max)
                panels[2 + col].Axes.SetLimitsY(Math.Floor(logRange[col].Min) - 0.05, Math.Max(Math.Ceiling(logRange[col].Max), Math.Floor(logRange[col].Min) + 1) + 0.05);
        foreach (var panel in panels)
        {
            PlotKit.IntegerX(panel); // epochs and batches are counts
            var (xs, ys) = DataOf(panel);
            var (x0, x1) = DataLimits(xs);
            panel.Axes.SetLimitsX(x0, x1);
            if (panel == panels[0] || panel == panels[1])
            {
                var (y0, y1) = DataLimits(ys, floor: 0);
                panel.Axes.SetLimitsY(y0, y1);
            }
        }
        panels[0].ShowLegend(Alignment.UpperLeft);
        panels[2].ShowLegend(Alignment.MiddleRight); // between float32 noise and float64 rounding: usually empty
        return new Figure(TransferDistanceFile, "Distance from E∩L after the weight transfer (docs/experiments/mnist-c4.md)",
            "Each arm starts at the trained equivariant model, transferred into its non-equivariant network, and trains with " +
            "augmentation. Left: the total distance ‖A − Π_E∩L A‖ = (Σ_k d_k²)^½ over the layers, averaged over each epoch's batches " +
            "(epoch 0 is the distance right after the transfer, at rounding level; when it is exactly 0 the log axis below cannot show it). Right: the same distance after every batch of the first " +
            "augmented epoch. Thin lines are single seeds, bold lines the median over seeds. The top row is linear (the paper's " +
            "layout); the bottom row repeats it on a log10 axis, where an arm that stays in E∩L up to rounding (the exact-orbit arm, " +
            "~1e-7 in float32 or ~1e-15 in float64) is visible instead of lying on the axis. Compatible support + unitary basis (cross) " +
            "should stay close to E∩L; an incompatible support (skew) or a non-unitary basis should drift away systematically. " +
            "Each arm keeps its colour in every figure of this report; the exact-orbit arm is densely dashed.",
            width, height, grid);
    }

    /// <summary>Per run: x = ‖A − A⁰‖ and y = the distance from E (E∩L), with the start point (0, start distance) first.</summary>
    public static (double[] X, double[] Y) DriftSeries(RunRecord run)
    {
        var x = new[] { 0.0 }.Concat(run.Metrics.Column("distance_from_start")).ToArray();
        var y = new[] { run.StartDistance ?? 0 }.Concat(run.Metrics.Column("distance")).ToArray();
        return (x, y);
    }

    private static Figure StrategiesDistance(RunCollection runs, IReadOnlyList<RunRecord> measured, IReadOnlyDictionary<string, ArmStyle> styles)
    {
        const int width = 1400, height = 600;
        var grid = PlotKit.NewGrid(1, 2);
        var panels = grid.GetPlots();
        var medians = new Dictionary<string, (double[] X, double[] Y)>();
        foreach (var arm in measured.Select(r => r.Arm).Distinct())
        {
            var armRuns = measured.Where(r => r.Arm == arm).ToList();
            var role = runs.Arm(arm).Role;
            var series = armRuns.Select(DriftSeries).ToList();
            var (thinWidth, opacity) = PlotKit.ThinLine(armRuns.Count);
            var median = (Statistics.MedianPerIndex(series.Select(s => s.X).ToList()), Statistics.MedianPerIndex(series.Select(s => s.Y).ToList()));
            medians[arm] = median;
            foreach (var plot in panels)
            {
                if (armRuns.Count > 1)
                    foreach (var s in series)
                    {
                        var (x, y) = PlotKit.Finite(s.X, s.Y);
                        PlotKit.Line(plot, x, y, styles[arm].Color.WithOpacity(opacity), thinWidth, styles[arm].Pattern);
                    }
                var (mx, my) = PlotKit.Finite(median.Item1, median.Item2);
                PlotKit.Line(plot, mx, my, styles[arm].Color, PlotKit.BoldWidth, styles[arm].Pattern, $"{arm} ({RoleName(role)}, median of {armRuns.Count})");
            }
        }

        double MaxOf(ArmRole role, bool x) => medians.Where(m => runs.Arm(m.Key).Role == role)
            .SelectMany(m => x ? m.Value.X : m.Value.Y).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        // The paper's zoom (x to 1.5× the Equi median's reach, the right panel's y to 1.5× the Aug median's maximum),
        // kept inside the data drawn: distances are ≥ 0 and no axis runs past the largest value plotted.
        var (allX, allY) = DataOf(panels[0]);
        var (_, xData) = DataLimits(allX, floor: 0);
        var (_, yData) = DataLimits(allY, floor: 0);
        double xLimit = Math.Min(1.5 * MaxOf(ArmRole.Equivariant, x: true), xData);
        if (!(xLimit > 0)) xLimit = xData;
        double yAugmented = Math.Min(1.5 * MaxOf(ArmRole.Augmented, x: false), yData);
        foreach (var plot in panels) plot.Axes.SetLimitsX(0, xLimit);
        panels[0].Axes.SetLimitsY(0, yData);
        panels[1].Axes.SetLimitsY(0, yAugmented > 0 ? yAugmented : yData / 100);

        panels[0].Title("Distance from E against distance travelled");
        panels[1].Title("Zoomed to the augmented arms");
        foreach (var plot in panels)
        {
            plot.XLabel("‖A − A⁰‖ (distance from the initial point)");
            plot.YLabel("distance from E (‖A − Π A‖, Π onto E∩L)");
            PlotKit.ScientificX(plot);
            PlotKit.ScientificY(plot);
        }
        panels[0].ShowLegend(Alignment.UpperLeft);
        panels[1].HideLegend();
        return new Figure(StrategiesDistanceFile, "Drift from E per strategy (docs/experiments/, v1 layout)",
            "All strategies start from the same point of E∩L. Each curve follows one run through training: how far the weights have " +
            "moved (x) against how far they are from the equivariant layers (y). Equivariant training (green, solid) stays on the " +
            "x-axis by construction; nominal training (dotted) drifts visibly; augmented training (dashed) drifts orders " +
            "of magnitude less, which the right panel zooms into (y-limits 1.5× the augmented median's maximum, x-limits 1.5× the " +
            "equivariant median's, as in the paper's code, but never past the data). Thin lines are runs, bold lines the median over " +
            "runs, step by step. Each arm keeps its colour in every figure of this report" +
            (styles.Values.Select(v => v.Color).Distinct().Count() < styles.Count ? "; the colour names the symmetry group and the line pattern the strategy." : "."),
            width, height, grid);
    }

    /// <summary>Per run: the training loss and accuracy per step at fractional epochs (epoch e's j-th of n steps at
    /// e − 1 + (j+1)/n), smoothed by a trailing moving average of <paramref name="window"/> steps.</summary>
    public static (double[] X, double[] Loss, double[] Accuracy) TrainSeries(RunRecord run, int window)
    {
        var epoch = run.Metrics.Column("epoch");
        var x = new double[epoch.Length];
        int i = 0;
        while (i < epoch.Length)
        {
            int j = i;
            while (j < epoch.Length && epoch[j] == epoch[i]) j++;
            for (int k = i; k < j; k++) x[k] = epoch[i] - 1 + (k - i + 1.0) / (j - i);
            i = j;
        }
        return (x, Statistics.MovingAverage(run.Metrics.Column("loss"), window), Statistics.MovingAverage(run.Metrics.Column("accuracy"), window));
    }

    private static Figure Training(IReadOnlyList<RunRecord> runs, Func<string, ArmStyle> style, string fileName, string title, string phase,
        Func<string, string> label)
    {
        const int width = 1400, height = 600;
        var grid = PlotKit.NewGrid(1, 2);
        var (lossPlot, accuracyPlot) = (grid.GetPlot(0), grid.GetPlot(1));
        int maxRows = runs.Max(r => r.Metrics.RowCount);
        int maxEpochs = runs.Max(r => (int)r.Metrics.Column("epoch").Where(double.IsFinite).DefaultIfEmpty(0).Max());
        int window = maxRows > 2 * Math.Max(1, maxEpochs) ? Math.Max(1, maxRows / 50) : 1;
        var arms = runs.Select(r => r.Arm).Distinct().ToList();
        foreach (var arm in arms)
        {
            var armRuns = runs.Where(r => r.Arm == arm).ToList();
            var series = armRuns.Select(r => TrainSeries(r, window)).ToList();
            var (thinWidth, opacity) = PlotKit.ThinLine(armRuns.Count);
            var color = style(arm).Color;
            var pattern = style(arm).Pattern;
            // Arms whose curves coincide (cross and non-unitary train alike) stay visible: earlier arms are drawn wider.
            float medianWidth = 1.5f + 1.2f * (arms.Count - 1 - arms.IndexOf(arm));
            var longest = series.OrderByDescending(s => s.X.Length).First().X;
            foreach (var (plot, pick) in new[] { (lossPlot, 0), (accuracyPlot, 1) })
            {
                var values = series.Select(s => pick == 0 ? s.Loss : s.Accuracy).ToList();
                if (armRuns.Count > 1)
                    for (int r = 0; r < series.Count; r++)
                    {
                        var (x, y) = PlotKit.Thin(PlotKit.Finite(series[r].X, values[r]).X, PlotKit.Finite(series[r].X, values[r]).Y);
                        PlotKit.Line(plot, x, y, color.WithOpacity(opacity), thinWidth, pattern);
                    }
                var median = Statistics.MedianPerIndex(values);
                var (mx, my) = PlotKit.Finite(longest, median);
                (mx, my) = PlotKit.Thin(mx, my);
                if (mx.Length > 0) PlotKit.Line(plot, mx, my, color, medianWidth, pattern, legend: $"{label(arm)} train");

                var tests = armRuns.Where(r => r.Epochs is { RowCount: > 0 } e && e.Has("epoch") && e.Has(pick == 0 ? "test_loss" : "test_accuracy")).ToList();
                if (tests.Count == 0) continue;
                var epochs = tests.SelectMany(r => r.Epochs!.Column("epoch")).Where(double.IsFinite).Distinct().Order().ToArray();
                var testMedian = epochs.Select(e => Spread.MedianOf(tests.Select(r =>
                {
                    var ep = r.Epochs!.Column("epoch");
                    var v = r.Epochs.Column(pick == 0 ? "test_loss" : "test_accuracy");
                    int idx = Array.IndexOf(ep, e);
                    return idx >= 0 ? v[idx] : double.NaN;
                }))).ToArray();
                var (tx, ty) = PlotKit.Finite(epochs, testMedian);
                var test = plot.Add.Scatter(tx, ty);
                test.Color = color;
                test.LineWidth = 0; // markers only: a line pattern belongs to a strategy
                test.MarkerSize = 9;
                test.MarkerShape = MarkerShape.OpenCircle;
                test.MarkerLineWidth = 2;
                test.LegendText = $"{label(arm)} test";
            }
        }
        string smoothing = window > 1 ? $"; train: moving average over {window} steps" : "";
        lossPlot.Title("Loss");
        lossPlot.XLabel($"epoch ({phase} phase)");
        lossPlot.YLabel($"loss (train per step{smoothing}; test per epoch)");
        accuracyPlot.Title("Accuracy");
        accuracyPlot.XLabel($"epoch ({phase} phase)");
        accuracyPlot.YLabel("accuracy (train per step; test per epoch)");
        foreach (var (panel, floor, ceiling) in new[] { (lossPlot, 0.0, double.PositiveInfinity), (accuracyPlot, 0.0, 1.0) })
        {
            PlotKit.IntegerX(panel); // the epoch axis counts epochs
            var (xs, ys) = DataOf(panel);
            var (x0, x1) = DataLimits(xs, floor: 0);
            var (y0, y1) = DataLimits(ys, floor, ceiling);
            panel.Axes.SetLimits(x0, x1, y0, y1);
        }
        lossPlot.ShowLegend(Alignment.UpperRight);
        accuracyPlot.ShowLegend(Alignment.LowerRight);
        return new Figure(fileName, title,
            "Training loss and accuracy after every step (solid; the loss of the step's batch before the step, median over seeds" +
            (window > 1 ? $", smoothed by a moving average over {window} steps" : "") + ") and test loss and accuracy after every " +
            "epoch (open circles, median over seeds; on the unrotated test set). Step k of an epoch with n steps sits at " +
            "epoch − 1 + k/n, so both share the epoch axis. Line patterns tell the strategy (solid equivariant or orbit data set, " +
            "dashed sampled augmentation, densely dashed exact orbits, dotted nominal); where two arms' curves coincide, the " +
            "arm listed first is drawn wider underneath." + (runs.Select(r => r.Seed).Distinct().Count() > 1 ? " Thin lines are single seeds." : ""),
            width, height, grid);
    }

    /// <summary>Every finite x and y of the scatter plottables of a panel (what its axes must show).</summary>
    public static (List<double> X, List<double> Y) DataOf(Plot panel)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var scatter in panel.GetPlottables().OfType<ScottPlot.Plottables.Scatter>())
            foreach (var p in scatter.Data.GetScatterPoints())
                if (double.IsFinite(p.X) && double.IsFinite(p.Y))
                {
                    xs.Add(p.X);
                    ys.Add(p.Y);
                }
        return (xs, ys);
    }

    private static string Legend(string arm, int runs) => runs > 1 ? $"{arm} (median of {runs})" : arm;

    private static string RoleName(ArmRole role) => role switch
    {
        ArmRole.Equivariant => "Equi",
        ArmRole.Nominal => "Nom",
        _ => "Aug",
    };
}
