using System.Globalization;
using System.Text;
using EquiDyn.Architectures;
using EquiDyn.Ensembles;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Reporting;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>The <c>ensemble</c> section of a spec (docs/experiments/ensemble.md).</summary>
public sealed record EnsembleSpec
{
    /// <summary>Ensemble sizes M measured for arms with independent members; the largest is the number trained, and
    /// size M is measured on the disjoint groups of M consecutive members.</summary>
    public List<int> Sizes { get; init; } = new() { 1, 4, 16, 64 };

    /// <summary>Ensemble sizes for arms whose members come in whole orbits (multiples of |G|).</summary>
    public List<int> OrbitSizes { get; init; } = new() { 4, 16 };

    /// <summary>How the members are trained: <c>batched</c> (default; one grouped convolution per layer for all members,
    /// faster from M = 4 on, docs/experiments/ensemble.md) or <c>sequential</c> (one network per member). The two agree to
    /// float64 rounding.</summary>
    public EnsembleExecution Execution { get; init; } = EnsembleExecution.Batched;
}

/// <summary>One measurement of an <c>ensemble</c> sweep (a row of <c>ensemble.csv</c>).</summary>
/// <param name="Arm">Arm name.</param>
/// <param name="Initialisation">independent or orbit.</param>
/// <param name="Step">Training steps taken (0: the start).</param>
/// <param name="Size">Ensemble size M.</param>
/// <param name="Groups">Disjoint groups of M members measured.</param>
/// <param name="Error">The ensemble mean's relative invariance error, mean over the groups.</param>
/// <param name="ErrorSpread">Its standard deviation over the groups (0 for one group).</param>
/// <param name="OrbitSame">Share of test inputs whose predicted class is the same for every rotated copy (mean over the groups).</param>
/// <param name="MemberError">A member's own relative invariance error (mean over the members).</param>
/// <param name="MemberDistance">A member's relative distance to E∩L (mean over the members).</param>
public sealed record EnsembleRow(string Arm, string Initialisation, int Step, int Size, int Groups, double Error, double ErrorSpread,
    double OrbitSame, double MemberError, double MemberDistance);

/// <summary>An arm's prediction and verdict (a row of <c>ensemble-verdicts.csv</c>).</summary>
/// <param name="Arm">Arm name.</param>
/// <param name="Prediction">exact (orbit members, invariant L, unitary, exact augmentation), 1/sqrt(M) (independent
/// members whose law stays invariant), or not-equivariant.</param>
/// <param name="Slope">Fitted slope of log error vs log M at the last step (NaN with fewer than two sizes).</param>
/// <param name="SlopeLow">Lower end of its 95 % interval.</param>
/// <param name="SlopeHigh">Upper end.</param>
/// <param name="WorstError">The largest mean error over every step and size.</param>
/// <param name="SmallestError">The smallest mean error over every step after the first and every size.</param>
/// <param name="Matches">Whether the measurement is the predicted one.</param>
/// <param name="Floor">The floor b of error² = b² + σ²/M fitted at the last step over every group
/// (<see cref="EnsembleMetrics.Floor"/>; NaN with one size).</param>
/// <param name="Variance">σ² of that fit (the members' spread, removed by averaging).</param>
/// <param name="Ratio">The mean error at the largest M over its 1/√M extrapolation from the smallest M
/// (<see cref="EnsembleMetrics.ExtrapolationRatio"/>; NaN with one size).</param>
public sealed record EnsembleVerdict(string Arm, string Prediction, double Slope, double SlopeLow, double SlopeHigh, double WorstError,
    double SmallestError, bool Matches, double Floor = double.NaN, double Variance = double.NaN, double Ratio = double.NaN)
{
    /// <summary>Whether the error levels off: at the largest M at least <see cref="EnsembleExperiment.LevelOffRatio"/> times
    /// its 1/√M extrapolation.</summary>
    public bool LevelsOff => Ratio >= EnsembleExperiment.LevelOffRatio;
}

/// <summary>
/// The <c>ensemble</c> experiment kind (docs/experiments/ensemble.md): per arm, an ensemble of C4 CNNs (independent
/// Gaussian starts on L, or whole orbits {Π_L ρ̄_g A⁰}) trained side by side with the arm's strategy (nominal, exact or
/// sampled augmentation; full-batch GD), and after every step the invariance of the ensemble mean on the test orbits
/// for every ensemble size, each member's own error and distance to E∩L (<see cref="EnsembleMetrics"/>).
/// </summary>
/// <remarks>
/// Writes <c>ensemble.csv</c> (the rows), <c>ensemble-verdicts.csv</c> (prediction, fitted slope, verdict per arm) and
/// the figure <c>ensemble.png</c> (error vs M, log-log, at the last step; error vs step). An arm is the unit of
/// resumption: both tables are rewritten atomically when an arm completes, and a continued sweep trains only the arms it
/// lacks.
/// </remarks>
public static class EnsembleExperiment
{
    /// <summary>The measurements.</summary>
    public const string RowsFile = "ensemble.csv";

    /// <summary>Every group's error at the last step (the points of the slope fit).</summary>
    public const string GroupsFile = "ensemble-groups.csv";

    /// <summary>The verdicts.</summary>
    public const string VerdictsFile = "ensemble-verdicts.csv";

    /// <summary>The figure.</summary>
    public const string FigureFile = "ensemble.png";

    /// <summary>Bound of "exact": float64 rounding of the members' outputs, with room for the steps.</summary>
    public const double ExactTolerance = 1e-10;

    /// <summary>How far from −½ the fitted slope of a 1/√M arm may be. The groups of different sizes share members, so
    /// the t-interval of the fit is too narrow to test −½ against (it excluded −0.49 on an arm whose law is invariant);
    /// a floor b in error² = b² + σ²/M flattens the slope (end to end over M = 1…64) by 0.1 when b is about three quarters of the
    /// error at M = 64.</summary>
    public const double SlopeTolerance = 0.1;

    /// <summary>How far above its 1/√M extrapolation (from the smallest M) the error at the largest M must be to count as
    /// levelling off at a floor. Pure 1/√M decay gives 1 up to the spread between groups (1.00–1.06 in the runs of
    /// docs/experiments/ensemble.md); an error that stops falling gives √(M_max/M_min) (8 over M = 4…256); 1.5 means the
    /// floor b is at least 1.1 times the remaining σ/√M_max.</summary>
    public const double LevelOffRatio = 1.5;

    private const string GroupsHeader = "arm,size,error";

    private const string RowsHeader = "arm,initialisation,step,size,groups,error,error_sd,orbit_same,member_error,member_distance";

    /// <summary>The checks only this kind needs (called by <see cref="ExperimentSpecValidator"/>).</summary>
    internal static void Validate(ExperimentSpec spec)
    {
        var e = spec.Ensemble ?? throw new ExperimentSpecException("ensemble", "an ensemble run needs its sizes: add \"ensemble\": { \"sizes\": [1, 4, 16, 64], \"orbitSizes\": [4, 16] }");
        if (e.Sizes is null || e.OrbitSizes is null) throw new ExperimentSpecException("ensemble", "give both sizes and orbitSizes (a list may be empty when no arm uses it)");
        foreach (var (field, sizes, multiple) in new[] { ("ensemble.sizes", e.Sizes, 1), ("ensemble.orbitSizes", e.OrbitSizes, 4) })
        {
            if (sizes.Any(m => m < 1 || m > 4096 || m % multiple != 0))
                throw new ExperimentSpecException(field, $"[{string.Join(", ", sizes)}]: use sizes from {multiple} to 4096{(multiple > 1 ? $" that are multiples of |G| = {multiple} (whole orbits)" : "")}");
            if (sizes.Distinct().Count() != sizes.Count) throw new ExperimentSpecException(field, "a size appears twice");
        }
        for (int i = 0; i < spec.Arms.Count; i++)
        {
            var arm = spec.Arms[i];
            bool orbit = arm.Initialisation == EnsembleInitialisation.Orbit;
            if ((orbit ? e.OrbitSizes : e.Sizes).Count == 0)
                throw new ExperimentSpecException(orbit ? "ensemble.orbitSizes" : "ensemble.sizes", $"arm '{arm.Name}' uses {(orbit ? "orbit" : "independent")} members: list at least one size");
            if (arm.Strategy == ArmStrategy.Equivariant || arm.Augmentation == AugmentationKind.OrbitDataset)
                throw new ExperimentSpecException(arm.Strategy == ArmStrategy.Equivariant ? $"arms[{i}].strategy" : $"arms[{i}].augmentation",
                    "an ensemble arm trains its members in L: nominal, or augmented with exact-orbits or sampled");
        }
        if (spec.AugmentedPhase.Protocol != Protocol.FullBatch)
            throw new ExperimentSpecException("augmentedPhase.protocol", $"'{SpecNames.Of(spec.AugmentedPhase.Protocol)}': the members take full-batch steps; use full-batch");
    }

    /// <summary>The prediction of the theory for an arm from its declared hypotheses.</summary>
    public static string Predict(bool supportInvariant, KernelBasisKind basis, ArmSpec arm)
    {
        bool flowCommutes = supportInvariant && basis != KernelBasisKind.NonUnitary && arm.Strategy == ArmStrategy.Augmented;
        if (!flowCommutes) return "not-equivariant";
        if (arm.Initialisation == EnsembleInitialisation.Orbit) return arm.Augmentation == AugmentationKind.ExactOrbits ? "exact" : "not-equivariant";
        return "1/sqrt(M)";
    }

    /// <summary>Trains the arms missing from the sweep directory, then writes the verdicts and the figure.</summary>
    public static (IReadOnlyList<EnsembleRow> Rows, IReadOnlyList<EnsembleVerdict> Verdicts) Run(ExperimentSpec spec, ExperimentData data,
        string directory, Action<string>? log = null)
    {
        var rowsPath = Path.Combine(directory, RowsFile);
        var groupsPath = Path.Combine(directory, GroupsFile);
        var rows = File.Exists(rowsPath) ? ReadRows(rowsPath) : new List<EnsembleRow>();
        var groups = File.Exists(groupsPath) ? ReadGroups(groupsPath) : new List<(string Arm, int Size, double Error)>();
        int steps = spec.AugmentedPhase.Epochs;
        // An arm is complete when both files hold it (the groups are written second); anything else is trained again.
        var complete = rows.GroupBy(r => r.Arm).Where(g => g.Any(r => r.Step == steps)).Select(g => g.Key)
            .Where(a => groups.Any(g => g.Arm == a)).ToHashSet();
        rows = rows.Where(r => complete.Contains(r.Arm)).ToList();
        groups = groups.Where(g => complete.Contains(g.Arm)).ToList();
        AtomicFile.WriteText(rowsPath, RowsHeader + "\n" + string.Concat(rows.Select(Line)));
        AtomicFile.WriteText(groupsPath, GroupsHeader + "\n" + string.Concat(groups.Select(GroupLine)));
        int n = spec.Dataset.Side;
        var architecture = ArchitectureRegistry.Of(spec);
        var layerAction = NetworkGroupAction.ForRotationConvNet(n);
        foreach (var arm in spec.Arms.Where(a => !complete.Contains(a.Name)))
        {
            using var scope = NewDisposeScope();
            var initialisation = arm.Initialisation ?? EnsembleInitialisation.Independent;
            string init = SpecNames.Of(initialisation);
            var sizes = (initialisation == EnsembleInitialisation.Orbit ? spec.Ensemble!.OrbitSizes : spec.Ensemble!.Sizes).OrderBy(m => m).ToList();
            var action = architecture.DataAction(spec, arm);
            using var ensemble = Create(spec, arm, sizes[^1], spec.Ensemble.Execution, (int)data.Train.Count);
            var (inputs, _) = action.Orbit(data.Test.Inputs, data.Test.Targets);
            var armRows = new List<EnsembleRow>();
            var armGroups = new List<(string, int, double)>();
            for (int step = 0; step <= steps; step++)
            {
                Engine.FinalizerGate.SafePoint(); // between two steps: held-back finalizers may run (FinalizerGate)
                if (step > 0) ensemble.Step(data.Train);
                var (measured, groupErrors) = Measure(arm.Name, init, step, ensemble, inputs, sizes, layerAction.Order, (int)data.Test.Count);
                armRows.AddRange(measured);
                if (step == steps) armGroups.AddRange(groupErrors.Select(g => (arm.Name, g.Size, g.Error)));
                if (step == steps || step % Math.Max(1, steps / 4) == 0)
                    log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                        $"{arm.Name} ({init}, {sizes[^1]} members, {SpecNames.Of(ensemble.Execution)}): step {step}/{steps}, error of the mean (M = {sizes[^1]}) {armRows[^1].Error:E2}, a member's own {armRows[^1].MemberError:E2}"));
            }
            rows.AddRange(armRows);
            groups.AddRange(armGroups);
            // Both tables whole and atomically: an arm counts as complete only when both hold it.
            AtomicFile.WriteText(rowsPath, RowsHeader + "\n" + string.Concat(rows.Select(Line)));
            AtomicFile.WriteText(groupsPath, GroupsHeader + "\n" + string.Concat(groups.Select(GroupLine)));
        }
        var verdicts = Verdicts(spec, rows, groups);
        var text = new StringBuilder("arm,prediction,slope,slope_low,slope_high,worst_error,smallest_error,floor,variance,ratio_to_sqrt_extrapolation,levels_off,matches\n");
        foreach (var v in verdicts)
            text.Append(string.Join(',', v.Arm, v.Prediction, R(v.Slope), R(v.SlopeLow), R(v.SlopeHigh), R(v.WorstError), R(v.SmallestError),
                R(v.Floor), R(v.Variance), R(v.Ratio), double.IsNaN(v.Ratio) ? "" : v.LevelsOff ? "yes" : "no", v.Matches ? "yes" : "no")).Append('\n');
        AtomicFile.WriteText(Path.Combine(directory, VerdictsFile), text.ToString());
        EnsembleFigure.Write(rows, verdicts, Path.Combine(directory, FigureFile));
        return (rows, verdicts);
    }

    /// <summary>The ensemble of an arm as the sweep trains it: <paramref name="count"/> members of the arm's network
    /// (independent or orbit starts from the spec's first seed), its strategy, the augmented phase's η and update rule,
    /// full-batch over <paramref name="samples"/> training samples.</summary>
    public static Ensemble Create(ExperimentSpec spec, ArmSpec arm, int count, EnsembleExecution execution, int samples)
    {
        var architecture = ArchitectureRegistry.Of(spec);
        var phase = spec.AugmentedPhase;
        long seed = spec.Seeds[0];
        var dtype = ExperimentRunner.DType(arm.Dtype ?? spec.Dtype);
        var strategy = (arm.Strategy, arm.Augmentation) switch
        {
            (ArmStrategy.Augmented, AugmentationKind.ExactOrbits) => new TrainingStrategy(StrategyKind.AugmentedExact),
            (ArmStrategy.Augmented, _) => new TrainingStrategy(StrategyKind.AugmentedSampled, phase.SamplingScope, phase.AugmentationPasses),
            _ => new TrainingStrategy(StrategyKind.Nominal),
        };
        StructuredNetwork Build() => architecture.Build(spec, arm, ModelSpace.Admissible, dtype, seed);
        return new Ensemble(Build, count, arm.Initialisation ?? EnsembleInitialisation.Independent, seed,
            NetworkGroupAction.ForRotationConvNet(spec.Dataset.Side), strategy, spec.Loss, phase.LearningRate, phase.Optimizer.ToOptions(),
            samples, architecture.DataAction(spec, arm), execution);
    }

    private static (List<EnsembleRow> Rows, List<(int Size, double Error)> Groups) Measure(string arm, string init, int step, Ensemble ensemble, Tensor inputs,
        IReadOnlyList<int> sizes, int order, int tests)
    {
        var outputs = ensemble.Outputs(inputs);
        int classes = outputs[0].Length / (order * tests);
        double memberError = outputs.Average(y => EnsembleMetrics.MemberError(y, order, tests, classes));
        double distance = ensemble.DistancesToIntersection().Average();
        var rows = new List<EnsembleRow>();
        var all = new List<(int, double)>();
        foreach (int size in sizes)
        {
            var groups = EnsembleMetrics.Groups(outputs, size).ToList();
            var errors = groups.Select(g => EnsembleMetrics.MeanError(g, order, tests, classes)).ToList();
            double mean = errors.Average();
            double sd = errors.Count > 1 ? Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / (errors.Count - 1)) : 0;
            double same = groups.Average(g => EnsembleMetrics.OrbitSamePrediction(g, order, tests, classes));
            rows.Add(new EnsembleRow(arm, init, step, size, groups.Count, mean, sd, same, memberError, distance));
            all.AddRange(errors.Select(e => (size, e)));
        }
        return (rows, all);
    }

    /// <summary>Per arm: the prediction from its declared hypotheses, the slope of log error vs log M at the last step
    /// (least squares over every group's error, so each disjoint group of M members is one point, with the t-interval of
    /// the slope) with its 95 % interval, and whether the measurement agrees: exact ⇒ every error ≤
    /// <see cref="ExactTolerance"/>; 1/√M ⇒ the slope is within <see cref="SlopeTolerance"/> of −½ and the error falls
    /// with M; not equivariant ⇒ every error after the start ≥ 100 × <see cref="ExactTolerance"/>. Every non-exact arm
    /// also gets the floor b of error² = b² + σ²/M fitted over the groups and the ratio of its error at the largest M to
    /// the 1/√M extrapolation from the smallest, which says whether the error has levelled off
    /// (<see cref="EnsembleVerdict.LevelsOff"/>): reported next to the verdict, not part of it, because how large M must
    /// be to resolve a floor depends on how large the floor is (docs/experiments/ensemble.md).</summary>
    /// <remarks>The groups of different sizes share members, so the points are not independent; the interval is a guide
    /// to the spread between groups, not an exact confidence statement.</remarks>
    public static IReadOnlyList<EnsembleVerdict> Verdicts(ExperimentSpec spec, IReadOnlyList<EnsembleRow> rows, IReadOnlyList<(string Arm, int Size, double Error)> groups)
    {
        var verdicts = new List<EnsembleVerdict>();
        foreach (var arm in spec.Arms)
        {
            var mine = rows.Where(r => r.Arm == arm.Name).ToList();
            if (mine.Count == 0) continue;
            var support = KernelSupport.Parse(arm.Support!);
            string prediction = Predict(RotationConvNet.Geometry(support, spec.Dataset.Side).Kernel.IsCompatible, arm.Basis, arm);
            int last = mine.Max(r => r.Step);
            var final = mine.Where(r => r.Step == last).OrderBy(r => r.Size).ToList();
            var points = groups.Where(g => g.Arm == arm.Name).ToList();
            // An exact arm's errors are rounding noise: a slope through them would mean nothing.
            var (slope, low, high) = prediction != "exact" && final.Count >= 2 && points.Count >= 2
                ? EnsembleMetrics.Slope(points.Select(p => (double)p.Size).ToList(), points.Select(p => p.Error).ToList())
                : (double.NaN, double.NaN, double.NaN);
            double worst = mine.Max(r => r.Error);
            double smallest = mine.Where(r => r.Step > 0).Select(r => r.Error).DefaultIfEmpty(double.NaN).Min();
            var (floor, variance) = prediction != "exact"
                ? EnsembleMetrics.Floor(points.Select(p => (double)p.Size).ToList(), points.Select(p => p.Error).ToList())
                : (double.NaN, double.NaN);
            double ratio = final.Count >= 2 ? EnsembleMetrics.ExtrapolationRatio(final[0].Size, final[0].Error, final[^1].Size, final[^1].Error) : double.NaN;
            var verdict = new EnsembleVerdict(arm.Name, prediction, slope, low, high, worst, smallest, false, floor, variance, ratio);
            bool matches = prediction switch
            {
                "exact" => worst <= ExactTolerance,
                "1/sqrt(M)" => Math.Abs(slope + 0.5) <= SlopeTolerance && final[^1].Error < final[0].Error,
                _ => smallest >= 100 * ExactTolerance,
            };
            verdicts.Add(verdict with { Matches = matches });
        }
        return verdicts;
    }

    /// <summary>Reads <c>ensemble.csv</c>.</summary>
    public static List<EnsembleRow> ReadRows(string path)
    {
        var rows = new List<EnsembleRow>();
        var lines = Data.InputFile.ReadAllText(path).Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var c = line.Split(',');
            if (c.Length != 10) continue; // a line cut by a kill: its arm is trained again
            static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
            rows.Add(new EnsembleRow(c[0], c[1], I(c[2]), I(c[3]), I(c[4]), D(c[5]), D(c[6]), D(c[7]), D(c[8]), D(c[9])));
        }
        return rows;
    }

    /// <summary>Reads <c>ensemble-groups.csv</c>.</summary>
    public static List<(string Arm, int Size, double Error)> ReadGroups(string path)
    {
        var groups = new List<(string, int, double)>();
        foreach (var raw in Data.InputFile.ReadAllText(path).Split('\n').Skip(1))
        {
            var c = raw.TrimEnd('\r').Split(',');
            if (c.Length == 3 && int.TryParse(c[1], CultureInfo.InvariantCulture, out int size) && double.TryParse(c[2], CultureInfo.InvariantCulture, out double e))
                groups.Add((c[0], size, e));
        }
        return groups;
    }

    private static string GroupLine((string Arm, int Size, double Error) g) =>
        string.Join(',', g.Arm, g.Size.ToString(CultureInfo.InvariantCulture), R(g.Error)) + "\n";

    /// <summary>The table of docs/experiments/ensemble.md: per arm the prediction, the mean's error at the last step for
    /// every size, the orbit-same share at the largest size, a member's own error and distance to E∩L, the fitted slope,
    /// the fitted floor, the error at the largest M over its 1/√M extrapolation, and the verdict.</summary>
    public static IReadOnlyList<string> MarkdownTable((IReadOnlyList<EnsembleRow> Rows, IReadOnlyList<EnsembleVerdict> Verdicts) result)
    {
        var (rows, verdicts) = result;
        var lines = new List<string>
        {
            "| arm | members | prediction | error of the mean at the last step, by M | orbit-same (largest M) | member error | member distance to E∩L | worst error (all steps) | slope [95 %] | floor b | largest M ÷ 1/√M extrapolation | verdict |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        };
        foreach (var v in verdicts)
        {
            var mine = rows.Where(r => r.Arm == v.Arm).ToList();
            int last = mine.Max(r => r.Step);
            var final = mine.Where(r => r.Step == last).OrderBy(r => r.Size).ToList();
            string errors = string.Join(", ", final.Select(r => $"{r.Size}: {E(r.Error)}"));
            string slope = double.IsNaN(v.Slope) ? "—" : double.IsNaN(v.SlopeLow) ? F(v.Slope) : $"{F(v.Slope)} [{F(v.SlopeLow)}, {F(v.SlopeHigh)}]";
            lines.Add($"| {v.Arm} | {final[0].Initialisation} | {v.Prediction} | {errors} | {final[^1].OrbitSame.ToString("0.00", CultureInfo.InvariantCulture)} | " +
                      $"{E(final[^1].MemberError)} | {E(final[^1].MemberDistance)} | {E(v.WorstError)} | {slope} | {(double.IsNaN(v.Floor) ? "—" : E(v.Floor))} | " +
                      $"{(double.IsNaN(v.Ratio) || v.Prediction == "exact" ? "—" : $"{F(v.Ratio)} ({(v.LevelsOff ? "levels off" : "falls like 1/√M")})")} | {(v.Matches ? "as predicted" : "DISAGREES")} |");
        }
        return lines;
    }

    /// <summary>
    /// The <c>ensemble</c> preset: the C4 CNN at 12×12 with widths 3/4/4 and 10 classes, float64, 24 synthetic training and
    /// 16 test images, full-batch SGD at η = 0.1. Arms: cross with exact augmentation from whole orbits (exact); cross
    /// with sampled (one rotation per image per step) and with exact augmentation from independent starts (1/√M over
    /// M = 1, 4, 16, 64); orbit ensembles of the cross trained nominally, of the skew support and of the non-unitary basis
    /// (not equivariant; M = 4, 16, 64: their error should level off at a floor). Quick: 20 steps; full: 100 steps and
    /// sizes up to 256. The members are trained batched (<see cref="EnsembleSpec.Execution"/>).
    /// </summary>
    public static ExperimentSpec Preset(bool full) => new()
    {
        Preset = "ensemble", Scale = full ? SpecScale.Full : SpecScale.Quick, Kind = ExperimentKind.Ensemble,
        Dataset = new DatasetSpec { Name = DatasetName.Synthetic, ImageSize = 12, SyntheticTrain = 24, SyntheticTest = 16, Normalize = true },
        Group = "c4",
        Architecture = new ArchitectureSpec { Name = "rotation-convnet", Hidden = new() { 3, 4, 4 }, Classes = 10 },
        Arms = new()
        {
            Arm("cross-exact-orbit", "cross", KernelBasisKind.Unitary, AugmentationKind.ExactOrbits, EnsembleInitialisation.Orbit),
            Arm("cross-sampled", "cross", KernelBasisKind.Unitary, AugmentationKind.Sampled, null),
            Arm("cross-exact", "cross", KernelBasisKind.Unitary, AugmentationKind.ExactOrbits, null),
            Arm("cross-nominal-orbit", "cross", KernelBasisKind.Unitary, null, EnsembleInitialisation.Orbit),
            Arm("skew-exact-orbit", "skew", KernelBasisKind.Unitary, AugmentationKind.ExactOrbits, EnsembleInitialisation.Orbit),
            Arm("nonunitary-exact-orbit", "cross", KernelBasisKind.NonUnitary, AugmentationKind.ExactOrbits, EnsembleInitialisation.Orbit),
        },
        Ensemble = new EnsembleSpec { Sizes = full ? new() { 1, 4, 16, 64, 256 } : new() { 1, 4, 16, 64 }, OrbitSizes = full ? new() { 4, 16, 64, 256 } : new() { 4, 16, 64 } },
        AugmentedPhase = new PhaseSpec
        {
            Epochs = full ? 100 : 20, LearningRate = 0.1, BatchSize = 96, Protocol = Protocol.FullBatch, Shuffle = false,
            SamplingScope = SamplingScope.PerSample, AugmentationPasses = 1,
        },
        Loss = LossKind.MseOneHot, Seeds = new() { 0 }, Dtype = Precision.Float64, Output = new OutputSpec(),
    };

    /// <summary>A preset arm: augmented with <paramref name="augmentation"/>, or nominal when it is null.</summary>
    private static ArmSpec Arm(string name, string support, KernelBasisKind basis, AugmentationKind? augmentation, EnsembleInitialisation? initialisation) => new()
    {
        Name = name, Support = support, Basis = basis, Strategy = augmentation is null ? ArmStrategy.Nominal : ArmStrategy.Augmented,
        Augmentation = augmentation, Initialisation = initialisation,
    };

    private static string Line(EnsembleRow r) => string.Join(',', r.Arm, r.Initialisation, r.Step.ToString(CultureInfo.InvariantCulture),
        r.Size.ToString(CultureInfo.InvariantCulture), r.Groups.ToString(CultureInfo.InvariantCulture), R(r.Error), R(r.ErrorSpread),
        R(r.OrbitSame), R(r.MemberError), R(r.MemberDistance)) + "\n";

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string E(double x) => x.ToString("0.0E+00", CultureInfo.InvariantCulture);

    private static string F(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);
}
