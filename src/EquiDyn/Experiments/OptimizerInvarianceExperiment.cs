using System.Globalization;
using System.Text;
using EquiDyn.Architectures;
using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Reporting;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>One measured cell of an <c>optimizers</c> sweep, as <c>optimizers.csv</c> stores it.</summary>
/// <param name="Seed">Seed of the starting point (and of the rotated or non-unitary basis).</param>
/// <param name="Arm">Arm name (support and basis).</param>
/// <param name="Support">Support.</param>
/// <param name="Basis">tap, rotated or non-unitary.</param>
/// <param name="Optimizer">Update rule label (<see cref="OptimizerInvarianceExperiment.Label"/>).</param>
/// <param name="Predicted">Whether the theory predicts that the run stays in E∩L.</param>
/// <param name="Reason">Why, in a few words.</param>
/// <param name="FirstStep">Relative distance to E∩L after the first step.</param>
/// <param name="Final">Relative distance after the last step.</param>
/// <param name="Verdict">Whether the measurement is the predicted one, in words.</param>
/// <param name="Matches">Whether the measurement is the predicted one.</param>
/// <param name="StepsWithinTolerance">Leading steps at rounding level (≤ the tolerance).</param>
/// <param name="RoundingAmplified">Predicted to stay, at rounding level for the first steps, then amplified by an
/// instability.</param>
public sealed record OptimizerCellRow(long Seed, string Arm, string Support, string Basis, string Optimizer, bool Predicted,
    string Reason, double FirstStep, double Final, string Verdict, bool Matches, int StepsWithinTolerance, bool RoundingAmplified);

/// <summary>
/// The <c>optimizers</c> experiment kind (docs/experiments/optimizers.md): for every seed, arm (support × kernel basis) and
/// update rule of the spec, full-batch exact-orbit training from one point of E∩L for <c>augmentedPhase.epochs</c>
/// steps, the relative distance to E∩L after every step, the theory's prediction (<see cref="OptimizerInvarianceTheory"/>)
/// and a verdict per cell.
/// </summary>
/// <remarks>
/// Writes into the sweep directory <c>optimizers.csv</c> (one row per cell, the table rewritten atomically as each cell
/// finishes: an interrupted sweep continues with the cells it lacks), <c>optimizer-distances.csv</c> (seed, arm, optimizer, step, distance) and
/// the heat map <c>optimizers.png</c>. A cell takes seconds, so it is the unit of resumption (no checkpoints).
/// </remarks>
public static class OptimizerInvarianceExperiment
{
    /// <summary>The cells' table.</summary>
    public const string CellsFile = "optimizers.csv";

    /// <summary>The per-step distances.</summary>
    public const string CurvesFile = "optimizer-distances.csv";

    /// <summary>The heat map.</summary>
    public const string FigureFile = "optimizers.png";

    private const string CellsHeader = "seed,arm,support,basis,optimizer,predicted,reason,step1_distance,final_distance,verdict,matches,steps_within_tolerance,rounding_amplified";

    /// <summary>A short label of an update rule: its name, <c>-nesterov</c> for Nesterov momentum, <c>-wd</c> with weight
    /// decay (sgd, sgd-wd, momentum, momentum-nesterov, adam, adamw-wd, …).</summary>
    public static string Label(OptimizerSpec o) =>
        SpecNames.Of(o.Name) + (o.Nesterov == true ? "-nesterov" : "") + (o.WeightDecay > 0 ? "-wd" : "");

    /// <summary>The checks only this kind needs (called by <see cref="ExperimentSpecValidator"/>).</summary>
    internal static void Validate(ExperimentSpec spec)
    {
        if (spec.Optimizers is not { Count: > 0 })
            throw new ExperimentSpecException("optimizers", "an optimizers run compares update rules: list at least one, e.g. [{ \"name\": \"sgd\" }, { \"name\": \"adam\" }]");
        for (int i = 0; i < spec.Optimizers.Count; i++) ExperimentSpecValidator.Optimizer($"optimizers[{i}]", spec.Optimizers[i]);
        var labels = spec.Optimizers.Select(Label).ToList();
        if (labels.Distinct().Count() != labels.Count)
            throw new ExperimentSpecException("optimizers", $"two update rules share the label '{labels.GroupBy(l => l).First(g => g.Count() > 1).Key}' (name, -nesterov, -wd): compare each rule once");
        for (int i = 0; i < spec.Arms.Count; i++)
            if (spec.Arms[i].Strategy != ArmStrategy.Augmented || spec.Arms[i].Augmentation != AugmentationKind.ExactOrbits)
                throw new ExperimentSpecException($"arms[{i}].augmentation", "the invariance of E∩L is a statement about exact augmentation: use \"strategy\": \"augmented\", \"augmentation\": \"exact-orbits\"");
        if (spec.AugmentedPhase.Protocol != Protocol.FullBatch)
            throw new ExperimentSpecException("augmentedPhase.protocol", $"'{SpecNames.Of(spec.AugmentedPhase.Protocol)}': the cells are full-batch gradient flows; use full-batch");
    }

    /// <summary>Runs the cells missing from the sweep directory, then writes the heat map; returns every cell's row.</summary>
    public static IReadOnlyList<OptimizerCellRow> Run(ExperimentSpec spec, ExperimentData data, string directory, Action<string>? log = null)
    {
        var cellsPath = Path.Combine(directory, CellsFile);
        var curvesPath = Path.Combine(directory, CurvesFile);
        var done = File.Exists(cellsPath) ? ReadCells(cellsPath) : new List<OptimizerCellRow>();
        var finished = done.Select(r => (r.Seed, r.Arm, r.Optimizer)).ToHashSet();
        DropUnfinishedCurves(curvesPath, finished);
        using (var curves = new StreamWriter(curvesPath, append: true, new UTF8Encoding(false)))
        {
            if (curves.BaseStream.Length == 0) curves.WriteLine("seed,arm,optimizer,step,relative_distance");
            int n = spec.Dataset.Side;
            var architecture = ArchitectureRegistry.Of(spec);
            var dtype = ExperimentRunner.DType(spec.Dtype);
            int total = spec.Seeds.Count * spec.Arms.Count * spec.Optimizers!.Count, index = 0;
            foreach (var seed in spec.Seeds)
            {
                using var seedScope = NewDisposeScope();
                var reference = RotationConvNet.BuildEquivariant(KernelSupport.Cross, n, spec.Architecture.ConvChannels, spec.Architecture.Classes, dtype);
                NetworkInitializer.ProjectedGaussian(reference, seed);
                foreach (var arm in spec.Arms)
                foreach (var optimizer in spec.Optimizers)
                {
                    index++;
                    string label = Label(optimizer);
                    if (finished.Contains((seed, arm.Name, label))) continue;
                    using var scope = NewDisposeScope();
                    var support = KernelSupport.Parse(arm.Support!);
                    var basis = arm.Basis;
                    var net = architecture.Build(spec, arm, ModelSpace.Admissible, ExperimentRunner.DType(arm.Dtype ?? spec.Dtype), seed);
                    net.LoadWeightsFrom(reference);
                    ExactAugmentationCheck.ProjectOntoIntersection(net); // each support's own E∩L (the skew keeps the sides)
                    var cell = new OptimizerCell(support.Name, net.Layers[0].Geometry.IsCompatible, basis, label, optimizer.ToOptions(), net);
                    var distances = OptimizerInvarianceCheck.Train(cell, data.Train, spec.Loss, architecture.DataAction(spec, arm),
                        spec.AugmentedPhase.LearningRate, spec.AugmentedPhase.Epochs);
                    var result = new OptimizerCellResult(cell.Support, OptimizerInvarianceTheory.BasisName(basis), label, cell.PredictsInvariance,
                        OptimizerInvarianceTheory.Reason(cell.SupportInvariant, basis, cell.Optimizer), distances, OptimizerInvarianceCheck.DefaultTolerance);
                    for (int s = 0; s < distances.Length; s++)
                        curves.WriteLine(string.Join(',', seed.ToString(CultureInfo.InvariantCulture), arm.Name, label, (s + 1).ToString(CultureInfo.InvariantCulture), R(distances[s])));
                    curves.Flush();
                    var row = new OptimizerCellRow(seed, arm.Name, result.Support, result.Basis, label, result.Predicted, result.Reason,
                        distances[0], result.Final, result.Verdict, result.MatchesTheory, result.StepsWithinTolerance, result.Predicted && result.RoundingAmplified);
                    done.Add(row);
                    // The whole table, atomically: a kill leaves the previous table, never half a row.
                    AtomicFile.WriteText(cellsPath, CellsHeader + "\n" + string.Concat(done.Select(Line)));
                    log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                        $"[{index}/{total}] seed {seed} {arm.Name} {label}: relative distance to E∩L after {distances.Length} steps {row.Final:E2} ({row.Verdict})"));
                }
            }
        }
        OptimizerInvarianceFigure.Write(done, Path.Combine(directory, FigureFile));
        return done;
    }

    private static string Line(OptimizerCellRow row) => string.Join(',', row.Seed.ToString(CultureInfo.InvariantCulture), row.Arm, row.Support,
        row.Basis, row.Optimizer, row.Predicted ? "stays" : "leaves", Cell(row.Reason), R(row.FirstStep), R(row.Final), Cell(row.Verdict),
        row.Matches ? "yes" : "no", row.StepsWithinTolerance.ToString(CultureInfo.InvariantCulture), row.RoundingAmplified ? "yes" : "no") + "\n";

    /// <summary>Reads <c>optimizers.csv</c>.</summary>
    /// <exception cref="Data.DataFormatException">A row does not have the header's cells.</exception>
    public static List<OptimizerCellRow> ReadCells(string path)
    {
        var rows = new List<OptimizerCellRow>();
        var lines = Data.InputFile.ReadAllText(path).Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var c = line.Split(',');
            if (c.Length != 13) throw new Data.DataFormatException(path, i, $"has {c.Length} cells, the header {CellsHeader.Split(',').Length}; move the file aside to measure the cells again");
            rows.Add(new OptimizerCellRow(long.Parse(c[0], CultureInfo.InvariantCulture), c[1], c[2], c[3], c[4], c[5] == "stays", c[6],
                double.Parse(c[7], CultureInfo.InvariantCulture), double.Parse(c[8], CultureInfo.InvariantCulture), c[9], c[10] == "yes",
                int.Parse(c[11], CultureInfo.InvariantCulture), c[12] == "yes"));
        }
        return rows;
    }

    /// <summary>Curves of a cell whose row never made it into the cells' table (killed between the two writes) are
    /// measured again; their old lines go.</summary>
    private static void DropUnfinishedCurves(string path, HashSet<(long, string, string)> finished)
    {
        if (!File.Exists(path)) return;
        var lines = File.ReadAllLines(path);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(l =>
        {
            var c = l.Split(',');
            return c.Length == 5 && long.TryParse(c[0], CultureInfo.InvariantCulture, out long seed) && finished.Contains((seed, c[1], c[2]));
        })).ToList();
        if (kept.Count != lines.Length) AtomicFile.WriteText(path, string.Join('\n', kept) + "\n");
    }

    /// <summary>The table of docs/experiments/optimizers.md: per arm and update rule, the final distance (median over seeds,
    /// rounded to 2 digits) with the prediction (= stays, ≠ leaves) and a mark: ✓ as predicted, ~ at rounding level until
    /// step k (shown), then amplified by an instability, ✗ a seed disagrees.</summary>
    public static IReadOnlyList<string> MarkdownTable(IReadOnlyList<OptimizerCellRow> rows)
    {
        var optimizers = rows.Select(r => r.Optimizer).Distinct().ToList();
        var lines = new List<string>
        {
            $"| support | basis | {string.Join(" | ", optimizers)} |",
            $"|---|---|{string.Concat(optimizers.Select(_ => "---|"))}",
        };
        foreach (var arm in rows.GroupBy(r => r.Arm))
        {
            var first = arm.First();
            var cells = optimizers.Select(o =>
            {
                var c = arm.Where(r => r.Optimizer == o).ToList();
                if (c.Count == 0) return "—";
                var finals = c.Select(r => r.Final).OrderBy(x => x).ToList();
                double median = finals[finals.Count / 2];
                return $"{(c[0].Predicted ? "=" : "≠")} {median.ToString("0.0E+00", CultureInfo.InvariantCulture)} {Mark(c)}";
            });
            lines.Add($"| {first.Support} | {first.Basis} | {string.Join(" | ", cells)} |");
        }
        return lines;
    }

    /// <summary>
    /// The <c>optimizers</c> preset: the small float64 C4 CNN of the theorem checks (12×12 inputs, widths 3/4/4, here with
    /// 10 classes) on 24 seeded synthetic images (no symmetry in the data), cross and skew supports × tap, rotated and
    /// non-unitary kernel bases × sgd, sgd-wd, momentum, momentum-nesterov, adam, adamw-wd (λ = 0.01), all at η = 1e-3
    /// (Adam's usual rate, a stable SGD step here), full-batch exact-orbit training from one point of E∩L. Quick: 200
    /// steps, seed 0. Full: 1000 steps, seeds 0–4.
    /// </summary>
    public static ExperimentSpec Preset(bool full) => new()
    {
        Preset = "optimizers", Scale = full ? SpecScale.Full : SpecScale.Quick, Kind = ExperimentKind.Optimizers,
        Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 24, SyntheticTest = 8, Normalize = true },
        Group = "c4",
        Architecture = new ArchitectureSpec { Name = "rotation-convnet", Hidden = new() { 3, 4, 4 }, Classes = 10 },
        Arms = new[] { "cross", "skew" }.SelectMany(support => new[] { ("tap", KernelBasisKind.Unitary), ("rotated", KernelBasisKind.UnitaryRotated), ("nonunitary", KernelBasisKind.NonUnitary) }
            .Select(b => new ArmSpec
            {
                Name = $"{support}-{b.Item1}", Support = support, Basis = b.Item2, Strategy = ArmStrategy.Augmented, Augmentation = AugmentationKind.ExactOrbits,
            })).ToList(),
        Optimizers = new()
        {
            new OptimizerSpec { Name = OptimizerKind.Sgd },
            new OptimizerSpec { Name = OptimizerKind.Sgd, WeightDecay = 0.01 },
            new OptimizerSpec { Name = OptimizerKind.Momentum, Momentum = 0.9 },
            new OptimizerSpec { Name = OptimizerKind.Momentum, Momentum = 0.9, Nesterov = true },
            new OptimizerSpec { Name = OptimizerKind.Adam },
            new OptimizerSpec { Name = OptimizerKind.AdamW, WeightDecay = 0.01 },
        },
        AugmentedPhase = new PhaseSpec { Epochs = full ? 1000 : 200, LearningRate = 1e-3, BatchSize = 96, Protocol = Protocol.FullBatch, Shuffle = false },
        Loss = LossKind.MseOneHot, Seeds = full ? new() { 0, 1, 2, 3, 4 } : new() { 0 }, Dtype = Precision.Float64, Output = new OutputSpec(),
    };

    /// <summary>✓ every seed as predicted; ~k some seed at rounding level for its first k steps, then amplified by an
    /// instability (the smallest k); ✗ a seed disagrees.</summary>
    public static string Mark(IReadOnlyList<OptimizerCellRow> seeds) =>
        !seeds.All(r => r.Matches) ? "✗" : seeds.Any(r => r.RoundingAmplified) ? $"~{seeds.Where(r => r.RoundingAmplified).Min(r => r.StepsWithinTolerance)}" : "✓";

    /// <summary>A text cell without the CSV separator.</summary>
    private static string Cell(string text) => text.Replace(',', ';');

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
