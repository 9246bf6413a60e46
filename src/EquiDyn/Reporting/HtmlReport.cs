using System.Diagnostics;
using System.Globalization;
using System.Text;
using EquiDyn.Checks;
using EquiDyn.Engine;
using EquiDyn.Experiments;
using EquiDyn.Runs;

namespace EquiDyn.Reporting;

/// <summary>How <see cref="HtmlReport"/> builds the page.</summary>
public sealed record ReportOptions
{
    /// <summary>Run the theorem checks (<see cref="TheoremCheckSuite"/>, float64, small C4 CNN) and include their numbers.</summary>
    public bool RunChecks { get; init; } = true;

    /// <summary>Gradient steps of the invariance check (the CLI's <c>equidyn check</c> default is 200).</summary>
    public int CheckSteps { get; init; } = 50;

    /// <summary>Learning rate of the invariance check.</summary>
    public double CheckLearningRate { get; init; } = 0.01;

    /// <summary>Seed of the checks' data and initial point.</summary>
    public long CheckSeed { get; init; } = 5;

    /// <summary>Where the figures go (default: <c>&lt;dir&gt;/figures</c>).</summary>
    public string? FiguresDirectory { get; init; }

    /// <summary>Progress lines (checks running, figures drawn), or null.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// One self-contained HTML page about a run or sweep directory: what was run (the spec), the final numbers per arm
/// (median and spread over seeds), the figures (PNG embedded as base64 data URIs), the geometry of the arms and the
/// theorem checks. Inline CSS, no scripts, no external resources: it opens offline and can be mailed as one file.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report's file name inside the directory.</summary>
    public const string FileName = "report.html";

    /// <summary>Reads <paramref name="directory"/>, draws its figures and writes <c>report.html</c> into it.</summary>
    /// <returns>The report path and the figures embedded.</returns>
    /// <exception cref="ReportInputException">The directory holds no run.</exception>
    public static (string Path, IReadOnlyList<FigureFile> Figures) Write(string directory, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        var runs = RunCollection.Load(directory);
        var figures = ReportFigures.DrawAll(runs, options.FiguresDirectory ?? Path.Combine(directory, "figures"));
        foreach (var f in figures) options.Log?.Invoke($"figure: {f.Path}");
        var checks = options.RunChecks && ChecksApply(runs) ? (IsLayerList(runs) ? RunSpecChecks(runs, options) : RunChecks(options)) : null;
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(runs, figures, checks, options), new UTF8Encoding(false));
        return (path, figures);
    }

    /// <summary>The theorem checks' results as rendered in the report.</summary>
    /// <param name="Augmentation">L3/P1 per support.</param>
    /// <param name="Stationary">T1 per support.</param>
    /// <param name="Invariance">T2 per arm.</param>
    /// <param name="Seconds">Wall time.</param>
    /// <param name="Network">The network checked, when it is the experiment's own (a layer-list model); null: the small C4 CNN.</param>
    public sealed record CheckResults(
        IReadOnlyList<(string Support, ExactAugmentationResult Result)> Augmentation,
        IReadOnlyList<(string Support, StationaryPointResult Result)> Stationary,
        IReadOnlyList<InvarianceArmResult> Invariance,
        double Seconds,
        string? Network = null);

    /// <summary>Whether the theorem checks (<see cref="TheoremCheckSuite"/>: a small C4 CNN) speak about this
    /// experiment: only about the C4 CNN of the weight-transfer experiments, not about an MLP under another group.</summary>
    public static bool ChecksApply(RunCollection runs) => runs.Kind == "transfer" && (runs.Group ?? "c4") == "c4" || IsLayerList(runs);

    /// <summary>Whether the runs trained a layer-list model (docs/your-own-model.md), whose checks run on its own network.</summary>
    private static bool IsLayerList(RunCollection runs) => runs.Architecture == Architectures.LayerList.LayerListArchitecture.RegistryName && runs.Spec is not null;

    /// <summary>The theorem checks on the runs' own layer-list network (<see cref="Experiments.SpecTheoremChecks"/>: the
    /// sweep's spec in float64, its first 24 training samples × every group element).</summary>
    public static CheckResults RunSpecChecks(RunCollection runs, ReportOptions options)
    {
        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        var spec = Experiments.ExperimentSpec.Load(runs.SpecPath!) with { RunArm = null, RunSeed = null };
        using var checks = Experiments.SpecTheoremChecks.Prepare(spec);
        options.Log?.Invoke("theorem checks on the spec's network: exact augmentation");
        var augmentation = checks.Augmentation(options.CheckSeed);
        options.Log?.Invoke("theorem checks on the spec's network: stationary points");
        var stationary = checks.Stationary(options.CheckSeed);
        options.Log?.Invoke("theorem checks on the spec's network: invariance");
        var invariance = checks.Invariance(options.CheckSeed, options.CheckSteps, options.CheckLearningRate);
        return new CheckResults([("this network", augmentation)], [("this network", stationary)], invariance,
            clock.Elapsed.TotalSeconds, checks.Description);
    }

    /// <summary>Runs <see cref="TheoremCheckSuite"/> with the options' steps, rate and seed.</summary>
    public static CheckResults RunChecks(ReportOptions options)
    {
        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        options.Log?.Invoke("theorem checks: exact augmentation");
        var augmentation = TheoremCheckSuite.Augmentation(options.CheckSeed);
        options.Log?.Invoke("theorem checks: stationary points");
        var stationary = TheoremCheckSuite.Stationary(options.CheckSeed);
        options.Log?.Invoke("theorem checks: invariance");
        var invariance = TheoremCheckSuite.Invariance(options.CheckSeed, options.CheckSteps, options.CheckLearningRate);
        return new CheckResults(augmentation, stationary, invariance, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The page's HTML.</summary>
    public static string Render(RunCollection runs, IReadOnlyList<FigureFile> figures, CheckResults? checks, ReportOptions options)
    {
        var h = new StringBuilder();
        string title = runs.Preset.Length > 0 ? $"{runs.Preset} — {Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runs.Directory)))}"
            : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runs.Directory)));
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append($"<title>EquiDyn report: {E(title)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n");
        h.Append($"<h1>EquiDyn report: {E(title)}</h1>\n");
        h.Append($"<p class=\"meta\">Directory <code>{E(Path.GetFullPath(runs.Directory))}</code> · {runs.Runs.Count} measured run(s)" +
                 $"{(runs.EquivariantRuns.Count > 0 ? $", {runs.EquivariantRuns.Count} Equi phase(s)" : "")} · generated " +
                 $"{E(DateTime.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} by EquiDyn " +
                 $"{E(typeof(HtmlReport).Assembly.GetName().Version?.ToString(3) ?? "?")} from the files alone (nothing was rerun" +
                 $"{(checks is not null ? " except the theorem checks, see §5" : "")}).</p>\n");
        h.Append("<nav><a href=\"#answer\">The answer</a> · <a href=\"#run\">1 What was run</a> · <a href=\"#results\">2 Final numbers</a> · <a href=\"#figures\">3 Figures</a> · " +
                 "<a href=\"#geometry\">4 Geometry</a> · <a href=\"#checks\">5 Theorem checks</a></nav>\n");
        if (runs.Warnings.Count > 0)
        {
            h.Append("<div class=\"warn\"><strong>Notes on the files:</strong><ul>\n");
            foreach (var w in runs.Warnings) h.Append($"<li>{E(w)}</li>\n");
            h.Append("</ul></div>\n");
        }
        AnswerSection(h, runs, figures.Count > 0 ? figures[0] : null);
        RunSection(h, runs);
        ResultsSection(h, runs);
        FiguresSection(h, figures.Skip(1).ToList());
        GeometrySection(h, runs);
        ChecksSection(h, runs, checks, options);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The conclusion first: one sentence per arm (stayed in E∩L or drifted, by how much, over how many
    /// seeds) and the main figure.</summary>
    private static void AnswerSection(StringBuilder h, RunCollection runs, FigureFile? main)
    {
        h.Append("<section id=\"answer\">\n<h2>The answer</h2>\n");
        h.Append($"<p>{E(ReportText.ExperimentInWords(runs))}</p>\n<ul class=\"answer\">\n");
        string? dtype = runs.Spec is { } spec ? SpecNames.Of(spec.Dtype) : null;
        foreach (var r in ArmResult.From(runs))
        {
            var arm = runs.Arm(r.Arm);
            h.Append($"<li data-arm=\"{E(r.Arm)}\"><strong>{E(r.Arm)}</strong> ({E(ReportText.ArmInWords(arm, runs.Kind, GroupOf(runs, r.Arm)))}) " +
                     $"{ReportText.Answer(r, arm, runs.Kind, dtype)}.</li>\n");
        }
        h.Append("</ul>\n<p class=\"meta\">“Stayed up to rounding”: the final distance is at most 1e-6 of the weights' norm in float32 " +
                 "(1e-12 in float64), the size of accumulated rounding errors; anything larger is drift. The numbers per arm with " +
                 "their spread are in §2, every figure in §3.</p>\n");
        if (main is not null) AppendFigure(h, main);
        h.Append("</section>\n");
    }

    private static string? GroupOf(RunCollection runs, string arm) => runs.Spec?.Arms.FirstOrDefault(a => a.Name == arm)?.Group;

    private static void AppendFigure(StringBuilder h, FigureFile f)
    {
        var data = Convert.ToBase64String(File.ReadAllBytes(f.Path));
        h.Append($"<figure>\n<img src=\"data:image/png;base64,{data}\" alt=\"{E(f.Title)}\" width=\"{f.Width}\" height=\"{f.Height}\" " +
                 $"data-file=\"{E(Path.GetFileName(f.Path))}\">\n<figcaption><strong>{E(f.Title)}.</strong> {E(f.Caption)}</figcaption>\n</figure>\n");
    }

    private static void RunSection(StringBuilder h, RunCollection runs)
    {
        h.Append("<section id=\"run\">\n<h2>1 What was run</h2>\n");
        var spec = runs.Spec;
        h.Append("<table class=\"kv\">\n");
        Kv(h, "preset", runs.Preset.Length > 0 ? $"{runs.Preset} ({(spec is null ? "?" : SpecNames.Of(spec.Scale))})" : "(none)");
        Kv(h, "kind", runs.Kind == "transfer"
            ? "transfer: Equi training, weight transfer into each arm's network in L, then augmented training (docs/experiments/mnist-c4.md)"
            : "strategies: every arm trains from the same point of E∩L (docs/experiments/)");
        if (spec is not null)
        {
            var data = spec.Dataset;
            bool graphs = data.IsGraph;
            string side = (data.ImageSize ?? data.Nodes) is { } n ? n.ToString(CultureInfo.InvariantCulture) : "?";
            if (data.Name == DatasetName.Files)
                Kv(h, "data", $"files: training {data.Train?.Inputs ?? "?"}, test {data.Test?.Inputs ?? "?"}" +
                              (data.TrainLimit is { } fl ? $", first {fl} training samples" : ""));
            else
            Kv(h, "data", $"{SpecNames.Of(data.Name)}, " +
                          (graphs ? $"graphs of {side} nodes" : $"{side}×{side}") +
                          (data.TrainLimit is { } tl ? $", first {tl} training {(graphs ? "graphs" : "images")}" : ""));
            Kv(h, "group", $"{spec.Group}: {(spec.GroupDefinition is { } defined ? ReportText.DefinedGroupInWords(defined) : ReportText.GroupInWords(spec.Group, graphs ? runs.ImageSize : null))}");
            Kv(h, "network", $"{runs.Architecture ?? "?"}, {(runs.Architecture == "layers" ? ReportText.LayerListInWords(spec) : $"hidden {string.Join("/", runs.Hidden)}")}, {(runs.Classes == 1 ? "1 output" : $"{runs.Classes?.ToString(CultureInfo.InvariantCulture) ?? "?"} classes")}; " +
                             $"{SpecNames.Of(spec.Dtype)}; loss {SpecNames.Of(spec.Loss)}");
            foreach (var (phase, label, measured) in new[] { (spec.EquivariantPhase, "Equi phase", false), (spec.AugmentedPhase, runs.Kind == "transfer" ? "augmented (measured) phase" : "measured phase", true) })
                if (phase is { } p)
                    Kv(h, label, $"{p.Epochs.ToString(CultureInfo.InvariantCulture)} epoch(s), η = {R(p.LearningRate)}, batch {p.BatchSize.ToString(CultureInfo.InvariantCulture)}, {SpecNames.Of(p.Protocol)}" +
                                 (measured ? $", sampling {SpecNames.Of(p.SamplingScope)}, {p.AugmentationPasses.ToString(CultureInfo.InvariantCulture)} pass(es)" : "") +
                                 (measured ? "" : ReportText.EquivariantEpochOverrides(spec)));
            Kv(h, "seeds in spec", Seeds(spec.Seeds));
            if (spec.Versions is { } v) Kv(h, "versions", $"EquiDyn {v.EquiDyn}, libtorch {v.Libtorch}, .NET {v.Dotnet}");
        }
        h.Append("</table>\n");
        // Kernel support and basis exist only for the CNN arms; an MLP arm is its strategy (and group).
        h.Append("<h3>Arms</h3>\n<table>\n<thead><tr><th>arm</th><th>what it is</th>" +
                 (runs.Kind == "transfer" ? "<th>support</th><th>basis</th>" : "") + "<th>dtype</th><th>seeds found</th></tr></thead>\n<tbody>\n");
        foreach (var arm in runs.Arms)
            h.Append($"<tr><td>{E(arm.Name)}</td><td>{E(ReportText.ArmInWords(arm, runs.Kind, GroupOf(runs, arm.Name)))}</td>" +
                     (runs.Kind == "transfer" ? $"<td>{E(arm.Support ?? "–")}</td><td>{E(arm.Basis ?? "–")}</td>" : "") +
                     $"<td>{E(arm.Dtype ?? (spec is null ? "–" : SpecNames.Of(spec.Dtype)))}</td><td>{E(Seeds(runs.RunsOf(arm.Name).Select(r => r.Seed).ToList()))}</td></tr>\n");
        h.Append("</tbody>\n</table>\n");
        if (runs.SpecJson is not null)
            h.Append($"<details><summary>The resolved spec (<code>{E(Path.GetRelativePath(runs.Directory, runs.SpecPath!))}</code>)</summary>\n" +
                     $"<pre class=\"spec\">{E(runs.SpecJson)}</pre>\n</details>\n");
        else
            h.Append("<p>No <code>spec.json</code> was found; arms and seeds come from the directory names.</p>\n");
        h.Append("</section>\n");
    }

    private static void ResultsSection(StringBuilder h, RunCollection runs)
    {
        h.Append("<section id=\"results\">\n<h2>2 Final numbers per arm</h2>\n");
        h.Append("<p>Read from each run's files (the last row of <code>metrics.csv</code> and of <code>epochs.csv</code>). Each cell: the " +
                 "<strong>median over seeds</strong>, then the interquartile range (IQR, linear interpolation) and the range min–max. " +
                 "Distances are Frobenius norms summed over the layers, (Σ_k d_k²)^½.</p>\n");
        var results = ArmResult.From(runs);
        bool equi = results.Any(r => r.EquivariantTestAccuracy.Count > 0);
        var columns = new List<(string Key, string Header, Func<ArmResult, Spread> Get, bool Scientific)>
        {
            ("final_distance", "final ‖A − Π<sub>E∩L</sub>A‖", r => r.FinalDistance, true),
            ("max_distance_first_epoch", "max distance, first epoch", r => r.MaxDistanceFirstEpoch, true),
            ("final_relative_distance", "final distance / ‖A‖", r => r.FinalRelativeDistance, true),
            ("final_distance_from_start", "final ‖A − A⁰‖", r => r.FinalDistanceFromStart, true),
            ("test_accuracy", "test accuracy", r => r.TestAccuracy, false),
            ("test_loss", "test loss", r => r.TestLoss, false),
        };
        if (equi) columns.Add(("equivariant_test_accuracy", "test accuracy of the Equi model (before transfer)", r => r.EquivariantTestAccuracy, false));
        if (results.Any(r => r.EquivariantRelativeGradient.Count > 0))
            columns.Add(("equivariant_relative_gradient", "‖∇R‖ on E∩L at transfer / at init", r => r.EquivariantRelativeGradient, true));
        h.Append("<table class=\"results\">\n<thead><tr><th>arm</th><th>runs</th>");
        foreach (var c in columns) h.Append($"<th>{c.Header}</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in results)
        {
            h.Append($"<tr data-arm=\"{E(r.Arm)}\"><td>{E(r.Arm)}</td><td data-metric=\"runs\" data-value=\"{r.Seeds.Count}\">{r.Seeds.Count}</td>");
            foreach (var c in columns)
            {
                var s = c.Get(r);
                string F(double x) => c.Scientific ? Sci(x) : Fixed(x);
                if (s.Count == 0)
                {
                    h.Append($"<td data-arm=\"{E(r.Arm)}\" data-metric=\"{c.Key}\" data-stat=\"median\" data-value=\"NaN\">–</td>");
                    continue;
                }
                h.Append($"<td data-arm=\"{E(r.Arm)}\" data-metric=\"{c.Key}\" data-stat=\"median\" data-value=\"{R(s.Median)}\">" +
                         $"<span class=\"median\">{F(s.Median)}</span>" +
                         (s.Count > 1 ? $"<br><span class=\"spread\">IQR {F(s.Q1)}–{F(s.Q3)}<br>range {F(s.Min)}–{F(s.Max)}</span>" : "") + "</td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void FiguresSection(StringBuilder h, IReadOnlyList<FigureFile> figures)
    {
        h.Append("<section id=\"figures\">\n<h2>3 More figures</h2>\n");
        h.Append("<p>The main figure is under <a href=\"#answer\">The answer</a>. All are also written as PNG files next to this page " +
                 "(<code>figures/</code>); <code>equidyn plot DIR</code> redraws them. Each arm has one colour in every figure and each " +
                 "training strategy one line pattern.</p>\n");
        foreach (var f in figures) AppendFigure(h, f);
        h.Append("</section>\n");
    }

    private static void GeometrySection(StringBuilder h, RunCollection runs)
    {
        h.Append("<section id=\"geometry\">\n<h2>4 Geometry of the arms</h2>\n");
        h.Append("<p>Computed now, exactly, by <code>EquiDyn.Geometry.LayerGeometry.Analyze</code> (orbits of the group on each layer's " +
                 "entries; the same numbers as <code>equidyn geometry</code>). Dimensions are per channel pair; the totals multiply by the " +
                 "pairs. <em>Compatible</em>: Π<sub>L</sub> and Π<sub>E</sub> commute, i.e. no orbit straddles the support. T2 (E∩L is " +
                 "invariant under augmented gradient flow) needs compatibility, a unitary parametrization and exact augmentation.</p>\n");
        var (arms, unsupported) = NetworkGeometry.Analyze(runs);
        if (unsupported is not null) h.Append($"<p>{E(unsupported)}</p>\n");
        foreach (var arm in arms)
        {
            h.Append($"<h3>{E(arm.Arm)}: {(arm.Support is null ? "" : $"support {E(arm.Support)}, ")}{(arm.Unitary ? "unitary" : "non-unitary")} basis, {E(arm.Augmentation)}</h3>\n");
            h.Append($"<p>T2 applies: <strong>{E(arm.TheoremTwoVerdict)}</strong>.</p>\n");
            h.Append("<table class=\"geometry\">\n<thead><tr><th>layer</th><th>channel pair</th><th>pairs</th><th>dim H</th><th>dim L</th><th>dim E</th>" +
                     "<th>dim E∩L</th><th>total L</th><th>total E∩L</th><th>compatible</th><th>‖[Π<sub>L</sub>, Π<sub>E</sub>]‖₂</th><th>straddling orbits</th></tr></thead>\n<tbody>\n");
            foreach (var l in arm.Layers)
                h.Append($"<tr><td>{E(l.Layer)}</td><td>{E(l.Shape)}</td><td>{l.ChannelPairs}</td><td>{l.H}</td><td>{l.L}</td><td>{l.E}</td>" +
                         $"<td>{l.EIntersectL}</td><td>{l.ChannelPairs * l.L}</td><td>{l.ChannelPairs * l.EIntersectL}</td>" +
                         $"<td class=\"{(l.Compatible ? "yes" : "no")}\">{(l.Compatible ? "yes" : "no")}</td><td>{Sci(l.CommutatorNorm)}</td>" +
                         $"<td>{(l.StraddlingOrbits.Count == 0 ? "none" : E(string.Join("; ", l.StraddlingOrbits)))}</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</section>\n");
    }

    private static void ChecksSection(StringBuilder h, RunCollection runs, CheckResults? checks, ReportOptions options)
    {
        h.Append("<section id=\"checks\">\n<h2>5 Theorem checks</h2>\n");
        if (!ChecksApply(runs))
        {
            h.Append($"<p>The theorem checks of <code>equidyn check</code> run on a small C4 CNN; they say nothing about this " +
                     $"experiment's network and group ({E(ReportText.GroupInWords(runs.Group, runs.ImageSize))}), so they were not run. " +
                     "Here the experiment checks itself: its equivariant arm must stay in E∩L up to rounding at every step (see " +
                     "<a href=\"#answer\">The answer</a>), and the augmented arm's drift, orders of magnitude below the nominal arm's, is " +
                     "the effect the paper predicts.</p>\n</section>\n");
            return;
        }
        if (checks is null)
        {
            h.Append("<p>Not run for this report (<code>--no-checks</code>). The run itself does not record them; " +
                     "<code>equidyn check all</code> runs them.</p>\n</section>\n");
            return;
        }
        if (checks.Network is { } network)
            h.Append($"<p><strong>Computed now</strong> for this report (not recorded by the run) on <strong>this experiment's own network</strong> " +
                     $"(<code>equidyn check all --spec</code>): {E(network)}; invariance {options.CheckSteps} steps at η = {R(options.CheckLearningRate)}, " +
                     $"stationary points refined by L-BFGS and Newton, seed {options.CheckSeed}, {checks.Seconds:F0} s.</p>\n");
        else
        h.Append($"<p><strong>Computed now</strong> for this report (not recorded by the run) by <code>EquiDyn.Checks.TheoremCheckSuite</code> " +
                 $"on its small C4 CNN (3×3 convolutions on a support, 12×12 inputs, 3/4/4 channels, 24 seeded Gaussian images) in float64: " +
                 $"{options.CheckSteps} steps, η = {R(options.CheckLearningRate)}, " +
                 $"seed {options.CheckSeed}, {checks.Seconds:F0} s. They test the theory the arms rely on, not the trained networks; " +
                 $"<code>equidyn check all</code> runs them with 200 steps.</p>\n");
        h.Append("<h3>(a) Exact augmentation at A ∈ E∩L: R<sub>aug</sub>(A) = R(A) and ∇R<sub>aug</sub>(A) = Π<sub>E</sub>∇R(A) [L3, P1]</h3>\n");
        h.Append("<table>\n<thead><tr><th>support</th><th>R(A)</th><th>|R<sub>aug</sub> − R|/R</th><th>‖∇R<sub>aug</sub> − Π<sub>E</sub>∇R‖/‖∇R‖</th><th>‖Π<sub>E⊥</sub>∇R‖/‖∇R‖</th><th>holds</th></tr></thead>\n<tbody>\n");
        foreach (var (support, r) in checks.Augmentation)
            h.Append($"<tr><td>{E(support)}</td><td>{Fixed(r.Risk)}</td><td>{Sci(r.RiskGap)}</td><td>{Sci(r.GradientGap)}</td><td>{Sci(r.NominalOffE)}</td>{YesNo(r.Holds)}</tr>\n");
        h.Append("</tbody>\n</table>\n");
        h.Append("<h3>(b) Stationary points: ‖Π<sub>E∩L</sub>∇R‖ vs ‖Π<sub>L</sub>∇R<sub>aug</sub>‖ at an Equi-stationary point (refined by L-BFGS) [T1]</h3>\n");
        h.Append("<table>\n<thead><tr><th>support</th><th>compatible</th><th>‖Π<sub>E∩L</sub>∇R‖</th><th>‖Π<sub>L</sub>∇R<sub>aug</sub>‖</th><th>‖difference‖</th><th>relative</th><th>as theory says</th></tr></thead>\n<tbody>\n");
        foreach (var (support, r) in checks.Stationary)
            h.Append($"<tr><td>{E(support)}</td><td>{(r.Compatible ? "yes" : "no")}</td><td>{Sci(r.EquivariantGradient)}</td><td>{Sci(r.AugmentedGradient)}</td>" +
                     $"<td>{Sci(r.Discrepancy)}</td><td>{Sci(r.RelativeDiscrepancy)}</td>" +
                     // a spec's own network may have no stationary point in reach: judged as `check --spec` judges it
                     $"{YesNo(checks.Network is null ? r.MatchesTheory : Experiments.SpecTheoremChecks.StationaryAgrees(r))}</tr>\n");
        h.Append("</tbody>\n</table>\n");
        h.Append($"<h3>(c, d) Full-batch GD with exact orbits from a point of E∩L: relative distance ‖A − Π<sub>E∩L</sub>A‖/‖A‖ [T2]</h3>\n");
        int steps = checks.Invariance.Count > 0 ? checks.Invariance[0].RelativeDistance.Length : 0;
        int[] at = new[] { 1, 10, steps / 2, steps }.Where(k => k >= 1 && k <= steps).Distinct().Order().ToArray();
        h.Append("<table>\n<thead><tr><th>arm</th><th>T2 applies</th>");
        foreach (var k in at) h.Append($"<th>step {k}</th>");
        h.Append("<th>vs Equi path</th><th>outcome</th><th>as theory says</th></tr></thead>\n<tbody>\n");
        foreach (var r in checks.Invariance)
        {
            h.Append($"<tr><td>{E(r.Name)}</td><td>{(r.TheoryPredictsInvariance ? "yes" : "no")}</td>");
            foreach (var k in at) h.Append($"<td>{Sci(r.RelativeDistance[k - 1])}</td>");
            h.Append($"<td>{Sci(r.DistanceToEquivariantTrajectory)}</td><td>{E(ReportText.OutcomeInWords(r.Outcome))}</td>{YesNo(r.MatchesTheory)}</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        if (checks.Invariance.Count > 0)
            h.Append($"<p>Tolerance {Sci(checks.Invariance[0].Tolerance)}: an arm <em>stays</em> below it; <em>leaves at once</em> means ≥ 100× it after one step.</p>\n");
        h.Append("</section>\n");
    }

    private static string YesNo(bool ok) => ok ? "<td class=\"yes\">yes</td>" : "<td class=\"no\">NO</td>";

    private static void Kv(StringBuilder h, string key, string value) => h.Append($"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>\n");

    private static string Seeds(IReadOnlyList<long> seeds)
    {
        if (seeds.Count == 0) return "none";
        var sorted = seeds.Order().ToList();
        bool contiguous = sorted.Zip(sorted.Skip(1)).All(p => p.Second == p.First + 1);
        return contiguous && sorted.Count > 2 ? $"{sorted[0]}–{sorted[^1]} ({sorted.Count})" : string.Join(", ", sorted);
    }

    // Only the markup characters: the page is UTF-8, so ×, ∩, ‖ stay readable in the source.
    private static string E(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>Round-trip invariant formatting (what <c>data-value</c> attributes hold).</summary>
    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Sci(double x) => double.IsNaN(x) ? "–" : x == 0 ? "0" : x.ToString("0.00E+00", CultureInfo.InvariantCulture);

    private static string Fixed(double x) => double.IsNaN(x) ? "–" : x.ToString("0.0000", CultureInfo.InvariantCulture);

    private const string Css = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 1450px; margin: 1.5em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
        h1 { font-size: 1.6em; margin-bottom: .2em; }
        h2 { border-bottom: 2px solid #ddd; padding-bottom: .2em; margin-top: 1.8em; }
        h3 { font-size: 1.05em; margin-top: 1.3em; }
        .meta { color: #555; font-size: .9em; }
        nav { margin: .8em 0 1.2em; font-size: .95em; }
        nav a { color: #0b5394; }
        table { border-collapse: collapse; margin: .6em 0; font-size: .88em; }
        th, td { border: 1px solid #ccc; padding: .3em .55em; text-align: left; vertical-align: top; }
        thead th { background: #f2f2f2; }
        table.kv th { background: #f7f7f7; font-weight: 600; white-space: nowrap; }
        td.yes { color: #1b6e3a; font-weight: 600; }
        td.no { color: #b00020; font-weight: 600; }
        .median { font-weight: 600; font-variant-numeric: tabular-nums; }
        .spread { color: #555; font-size: .85em; white-space: nowrap; }
        figure { margin: 1.2em 0 2em; }
        figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { font-size: .9em; color: #333; max-width: 1400px; margin-top: .4em; }
        pre.spec { background: #f7f7f7; border: 1px solid #ddd; padding: .8em; overflow-x: auto; font-size: .82em; }
        details summary { cursor: pointer; margin: .6em 0; }
        .warn { background: #fff8e1; border: 1px solid #ffc107; padding: .4em 1em; font-size: .9em; }
        code { font-size: .92em; }
        """;
}
