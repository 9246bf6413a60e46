using System.Globalization;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Runs;
using EquiDyn.Symmetry;
using EquiDyn.Training;

namespace EquiDyn.Experiments;

/// <summary>Checks an <see cref="ExperimentSpec"/> and reports the first problem as one line naming the JSON field and
/// the fix (<see cref="ExperimentSpecException"/>).</summary>
public static class ExperimentSpecValidator
{
    /// <summary>The canonical registry spelling of a spec's group name (e.g. "trans2d" ↦ "zn2"), or the text unchanged when
    /// it is not a group name (the validator reports that).</summary>
    public static string CanonicalGroup(string? group) =>
        GroupRegistry.TryParse(group, out var name, out _) ? name.ToString() : group ?? "";

    /// <summary>The most runs (arms × seeds) of one spec: each is a directory and a training run.</summary>
    public const int MaxRuns = 100_000;

    /// <summary>The most arms of one spec.</summary>
    public const int MaxArms = 1_000;

    /// <summary>The widest layer (channels, widths, hidden) — the paper uses at most 64.</summary>
    public const int MaxWidth = 4_096;

    /// <summary>The most output classes.</summary>
    public const int MaxClasses = 100_000;

    /// <summary>The most epochs of a phase and the largest batch and pass counts.</summary>
    public const int MaxEpochs = 1_000_000, MaxBatchSize = 10_000_000, MaxAugmentationPasses = 10_000;

    /// <summary>Throws <see cref="ExperimentSpecException"/> at the first invalid field.</summary>
    /// <remarks>Besides the meaning of every field, sizes are bounded so that a mistyped number is refused with a
    /// message instead of exhausting memory or overflowing: counts and widths by the constants above, and what the
    /// spec makes the machine hold (generated images, model coefficients, one batch of activations) by
    /// <see cref="Data.MemoryBudget.MaxTensorElements"/>.</remarks>
    public static void Validate(ExperimentSpec spec)
    {
        if (spec.Dataset is null) Fail("dataset", "null: give the data set object (see equidyn preset show mnist-c4)");
        if (spec.Architecture is null) Fail("architecture", "null: give the architecture object");
        if (spec.AugmentedPhase is null) Fail("augmentedPhase", "null: give the measured phase");
        if (spec.Output is null) Fail("output", "null: give the output object or leave it out");
        if (spec.Arms is { } armList && armList.Any(a => a is null))
            Fail($"arms[{armList.FindIndex(a => a is null)}]", "null: give an arm object like { \"name\": \"cross\", \"support\": \"cross\", \"basis\": \"unitary\" }");
        Defined("kind", spec.Kind);
        Defined("scale", spec.Scale);
        Defined("dataset.name", spec.Dataset.Name);
        if (!Architectures.ArchitectureRegistry.TryGet(spec.Architecture.Name, out var architecture))
            Fail("architecture.name", SpecNames.Unknown(spec.Architecture.Name, Architectures.ArchitectureRegistry.Names));
        // The layers architecture takes any registry group or one defined by generators, and checks it itself.
        if (architecture is not Architectures.LayerList.LayerListArchitecture) GroupField("group", spec.Group);
        Architectures.LayerList.LayerListArchitecture.RefuseLayerFields(spec, architecture);
        Defined("loss", spec.Loss);
        Defined("dtype", spec.Dtype);

        var d = spec.Dataset;
        Defined("dataset.trainOn", d.TrainOn);
        if (d.TrainLimit is { } tl && tl < 1) Fail("dataset.trainLimit", $"{tl} images: use a positive count or null for all");
        if (d.TestLimit is { } te && te < 1) Fail("dataset.testLimit", $"{te} images: use a positive count or null for all");
        if (d.ImageSize is { } side && side < 1) Fail("dataset.imageSize", $"{side}: use a positive image side (MNIST: 28)");
        if (d.Nodes is { } nodes && nodes < 1) Fail("dataset.nodes", $"{nodes}: use a positive node count (the paper: 10)");
        if (d.Name == DatasetName.Synthetic && (d.SyntheticTrain < 1 || d.SyntheticTest < 1))
            Fail("dataset.syntheticTrain", "synthetic sets need at least one training and one test sample");
        if (d.Name == DatasetName.Synthetic && d.ImageSize is { } n)
            foreach (var (field, count) in new[] { ("dataset.syntheticTrain", d.SyntheticTrain), ("dataset.syntheticTest", d.SyntheticTest) })
                if ((double)count * n * n > Data.MemoryBudget.MaxTensorElements)
                    Fail(field, $"{count} images of {n}×{n} do not fit in memory on this machine; use at most {Data.MemoryBudget.MaxTensorElements / ((long)n * n)}");
        if (d.DataDir is { } dir && !Directory.Exists(dir))
            Fail("dataset.dataDir", $"folder '{dir}' does not exist; point it at the folder holding the four IDX files, or remove it to use the default source");

        var a = spec.Architecture;
        if (a.Channels is { } ch && (ch.Count == 0 || ch.Any(c => c < 1)))
            Fail("architecture.channels", $"[{string.Join(", ", ch)}]: give at least one positive channel count, or null for the paper's");
        if (a.Widths is { } wd && (wd.Count == 0 || wd.Any(c => c < 1)))
            Fail("architecture.widths", $"[{string.Join(", ", wd)}]: give at least one positive width, or null for the paper's");
        if (a.Classes < 1) Fail("architecture.classes", $"{a.Classes}: use at least 1 (10 for MNIST)");
        if (a.Classes > MaxClasses) Fail("architecture.classes", $"{a.Classes}: use at most {MaxClasses} (10 for MNIST)");
        foreach (var (field, widths) in new[] { ("architecture.channels", a.Channels), ("architecture.widths", a.Widths) })
            if (widths is not null && (widths.Count > 64 || widths.Any(w => w > MaxWidth)))
                Fail(field, $"[{string.Join(", ", widths.Take(8))}{(widths.Count > 8 ? ", …" : "")}]: use at most 64 layers of at most {MaxWidth} (the paper: 32, 64, 64)");

        if (spec.Arms is not { Count: > 0 }) Fail("arms", "no arms: list at least one, e.g. { \"name\": \"cross\", \"support\": \"cross\", \"strategy\": \"augmented\", \"augmentation\": \"orbit-dataset\" }");
        if (spec.Arms.Count > MaxArms) Fail("arms", $"{spec.Arms.Count} arms: use at most {MaxArms}");
        var names = new HashSet<string>();
        for (int i = 0; i < spec.Arms.Count; i++)
        {
            var arm = spec.Arms[i];
            string at = $"arms[{i}]";
            if (string.IsNullOrEmpty(arm.Name) || !arm.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                Fail($"{at}.name", $"'{arm.Name}' is not a usable directory name: use letters, digits, '-' and '_'");
            if (!names.Add(arm.Name)) Fail($"{at}.name", $"arm '{arm.Name}' appears twice: give every arm its own name");
            if (arm.Support is not null && !KernelSupport.TryParse(arm.Support, out var parsed, out var error))
                Fail($"{at}.support", $"'{arm.Support}' is not a 3×3 support ({error}); use cross, skew, full or three rows of three 0/1 like 010,111,010");
            if (arm.Support is not null && !KernelSupport.Parse(arm.Support).Mask.Any(b => b))
                Fail($"{at}.support", $"'{arm.Support}' has no entry: a kernel needs at least one 1, e.g. 010,111,010");
            Defined($"{at}.basis", arm.Basis);
            Defined($"{at}.strategy", arm.Strategy);
            if (arm.Strategy == ArmStrategy.Augmented && arm.Augmentation is null)
                Fail($"{at}.augmentation", $"missing: an augmented arm says how it augments, one of {string.Join(", ", SpecNames.Of<AugmentationKind>())}");
            if (arm.Strategy != ArmStrategy.Augmented && arm.Augmentation is { } augmentation)
                Fail($"{at}.augmentation", $"'{SpecNames.Of(augmentation)}' applies to augmented arms only, and this arm's strategy is {SpecNames.Of(arm.Strategy)}: remove it");
            if (arm.Augmentation is { } kind) Defined($"{at}.augmentation", kind);
            if (arm.Dtype is { } dtype) Defined($"{at}.dtype", dtype);
            if (arm.Group is not null) GroupField($"{at}.group", arm.Group);
        }

        if (spec.Kind == ExperimentKind.Transfer)
        {
            if (spec.EquivariantPhase is null) Fail("equivariantPhase", "a transfer run needs the Equi phase that trains the model it transfers; add it (see equidyn preset show mnist-c4)");
            Phase("equivariantPhase", spec.EquivariantPhase!, allowZeroEpochs: true);
            for (int i = 0; i < spec.Arms.Count; i++)
            {
                if (spec.Arms[i].EquivariantEpochs is not { } epochs) continue;
                if (epochs < 0 || epochs > MaxEpochs) Fail($"arms[{i}].equivariantEpochs", $"{epochs}: use 0 to {MaxEpochs} epochs");
                // Arms with one support share one Equi model (and its directory): they must train it alike.
                var other = spec.Arms.FindIndex(a => RunLayout.SupportKey(a.Support) == RunLayout.SupportKey(spec.Arms[i].Support) && spec.EquivariantPhaseOf(a).Epochs != epochs);
                if (spec.Output.ShareEquivariantPhase && other >= 0)
                    Fail($"arms[{i}].equivariantEpochs", $"{epochs}, but arm '{spec.Arms[other].Name}' has the same support ({spec.Arms[i].Support}) and trains its Equi model for {spec.EquivariantPhaseOf(spec.Arms[other]).Epochs} epochs; the arms of one support share one Equi model: give them the same equivariantEpochs");
            }
        }
        else if (spec.Arms.FindIndex(a => a.EquivariantEpochs is not null) is var e and >= 0)
            Fail($"arms[{e}].equivariantEpochs", "belongs to kind 'transfer' (the only kind with an Equi phase before the measured one): remove it");
        Phase("augmentedPhase", spec.AugmentedPhase, allowZeroEpochs: false);
        if (spec.Kind == ExperimentKind.Optimizers) OptimizerInvarianceExperiment.Validate(spec);
        if (spec.Kind == ExperimentKind.Ensemble) EnsembleExperiment.Validate(spec);
        if (spec.Kind != ExperimentKind.Optimizers && spec.Optimizers is not null) Fail("optimizers", "belongs to kind 'optimizers' (each phase has its own optimizer): remove it");
        if (spec.Kind != ExperimentKind.Ensemble && spec.Ensemble is not null) Fail("ensemble", "belongs to kind 'ensemble': remove it");
        if (spec.Kind != ExperimentKind.Ensemble && spec.Arms.FindIndex(a => a.Initialisation is not null) is var k and >= 0) Fail($"arms[{k}].initialisation", "belongs to kind 'ensemble': remove it");
        if (spec.Arms.FindIndex(a => a.Initialisation is { } i && !Enum.IsDefined(i)) is var u and >= 0) Fail($"arms[{u}].initialisation", "use independent or orbit");
        if (spec.EvaluationBatchSize < 1 || spec.EvaluationBatchSize > MaxBatchSize) Fail("evaluationBatchSize", $"{spec.EvaluationBatchSize}: use a positive batch size up to {MaxBatchSize} (the paper: 50)");

        if (spec.Seeds is not { Count: > 0 }) Fail("seeds", "no seeds: list at least one, e.g. [0]");
        if ((long)spec.Seeds.Count * spec.Arms.Count > MaxRuns)
            Fail("seeds", $"{spec.Seeds.Count} seeds × {spec.Arms.Count} arms are more than {MaxRuns} runs; split the sweep into several specs");
        if (spec.Seeds.Distinct().Count() != spec.Seeds.Count) Fail("seeds", "a seed appears twice: seeds name run directories, list each once");
        if (spec.Seeds.Any(s => s < 0)) Fail("seeds", "seeds must be ≥ 0");
        if (string.IsNullOrWhiteSpace(spec.Output.Root)) Fail("output.root", "empty: give a folder for the run directories, e.g. \"runs\"");
        if (spec.Output.Directory is { } outDir && string.IsNullOrWhiteSpace(outDir)) Fail("output.directory", "empty: give a folder or leave it out");

        // What the architecture reads: its kind, group, data, sizes, loss and arms.
        architecture.Validate(spec);
    }

    private static void Phase(string at, PhaseSpec p, bool allowZeroEpochs)
    {
        if (p.Epochs < (allowZeroEpochs ? 0 : 1) || p.Epochs > MaxEpochs)
            Fail($"{at}.epochs", $"{p.Epochs}: use {(allowZeroEpochs ? "0" : "1")} to {MaxEpochs} epochs");
        if (p.BatchSize > MaxBatchSize) Fail($"{at}.batchSize", $"{p.BatchSize}: use at most {MaxBatchSize}");
        if (p.AugmentationPasses > MaxAugmentationPasses) Fail($"{at}.augmentationPasses", $"{p.AugmentationPasses}: use at most {MaxAugmentationPasses}");
        if (!(p.LearningRate > 0) || !double.IsFinite(p.LearningRate))
            Fail($"{at}.learningRate", $"{p.LearningRate.ToString("G", CultureInfo.InvariantCulture)}: the learning rate must be a finite number > 0 (the paper: 5e-4 Equi, 2.5e-4 Aug)");
        if (p.BatchSize < 1) Fail($"{at}.batchSize", $"{p.BatchSize}: use a positive batch size (the paper: 100)");
        Defined($"{at}.protocol", p.Protocol);
        if (p.AugmentationPasses < 1) Fail($"{at}.augmentationPasses", $"{p.AugmentationPasses}: use at least 1 pass (the paper's augnumber: 25)");
        Defined($"{at}.samplingScope", p.SamplingScope);
        Defined($"{at}.schedule", p.Schedule);
        if (p.EvaluateEvery < 1 || p.EvaluateEvery > MaxEpochs)
            Fail($"{at}.evaluateEvery", $"{p.EvaluateEvery}: use 1 (evaluate the test set after every epoch) to {MaxEpochs}; the last epoch is always evaluated");
        Optimizer($"{at}.optimizer", p.Optimizer);
    }

    private static void GroupField(string field, string? value)
    {
        // Which groups fit is the architecture's to say (IArchitecture.Validate): here only that it is a group name.
        if (!GroupRegistry.TryParse(value, out _, out var error)) Fail(field, error);
    }

    internal static void Optimizer(string at, OptimizerSpec o)
    {
        if (o is null) Fail(at, "missing: give { \"name\": \"sgd\" } or remove the field for plain SGD");
        Defined($"{at}.name", o!.Name);
        bool adam = o.Name is OptimizerKind.Adam or OptimizerKind.AdamW;
        void NotFor(string field, bool present, string belongsTo)
        {
            if (present) Fail($"{at}.{field}", $"does not apply to {SpecNames.Of(o.Name)} (it belongs to {belongsTo}): remove it");
        }
        NotFor("momentum", o.Momentum is not null && o.Name != OptimizerKind.Momentum, "momentum");
        NotFor("nesterov", o.Nesterov is not null && o.Name != OptimizerKind.Momentum, "momentum");
        NotFor("beta1", o.Beta1 is not null && !adam, "adam and adamw");
        NotFor("beta2", o.Beta2 is not null && !adam, "adam and adamw");
        NotFor("epsilon", o.Epsilon is not null && !adam, "adam and adamw");
        if (o.Momentum is { } mu && !(mu >= 0 && mu < 1)) Fail($"{at}.momentum", $"{G(mu)}: use a value in [0, 1), e.g. 0.9");
        if (o.Beta1 is { } b1 && !(b1 >= 0 && b1 < 1)) Fail($"{at}.beta1", $"{G(b1)}: use a value in [0, 1), e.g. 0.9");
        if (o.Beta2 is { } b2 && !(b2 >= 0 && b2 < 1)) Fail($"{at}.beta2", $"{G(b2)}: use a value in [0, 1), e.g. 0.999");
        if (o.Epsilon is { } eps && !(eps > 0 && double.IsFinite(eps))) Fail($"{at}.epsilon", $"{G(eps)}: use a finite number > 0, e.g. 1e-8");
        if (!(o.WeightDecay >= 0 && double.IsFinite(o.WeightDecay))) Fail($"{at}.weightDecay", $"{G(o.WeightDecay)}: use a finite number ≥ 0 (0: none)");
    }

    private static string G(double x) => x.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>Refuses an enum value that has no name (set from C# by a cast): JSON input can only name defined ones.</summary>
    private static void Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            Fail(field, $"{value} is not one of {string.Join(", ", SpecNames.Of<TEnum>())}");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string field, string problem) => throw new ExperimentSpecException(field, problem);
}
