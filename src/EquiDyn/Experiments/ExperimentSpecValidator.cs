using System.Globalization;
using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Experiments;

/// <summary>Checks an <see cref="ExperimentSpec"/> and reports the first problem as one line naming the JSON field and
/// the fix (<see cref="ExperimentSpecException"/>).</summary>
public static class ExperimentSpecValidator
{
    /// <summary>Accepted <see cref="ExperimentSpec.Kind"/> values.</summary>
    public static IReadOnlyList<string> Kinds { get; } = new[] { "transfer", "strategies", "optimizers", "ensemble" };

    /// <summary>The groups an architecture is built for (canonical <see cref="GroupRegistry"/> names; aliases such as
    /// <c>trans2d</c> are accepted and resolved).</summary>
    public static IReadOnlyList<string> Groups { get; } = new[] { "c4", "sn", "zn-x", "zn2", "zn2-c4" };

    /// <summary>The canonical registry spelling of a spec's group name (e.g. "trans2d" ↦ "zn2"), or the text unchanged when
    /// it is not a group name (the validator reports that).</summary>
    public static string CanonicalGroup(string? group) =>
        GroupRegistry.TryParse(group, out var name, out _) ? name.ToString() : group ?? "";

    /// <summary>Accepted dataset names.</summary>
    public static IReadOnlyList<string> Datasets { get; } = new[] { "mnist", "fashion-mnist", "sbm", "simpleshapes", "synthetic" };

    /// <summary>Accepted architecture names.</summary>
    public static IReadOnlyList<string> Architectures { get; } = new[] { "rotation-convnet", "paper-mlp" };

    /// <summary>Accepted arm augmentation modes.</summary>
    public static IReadOnlyList<string> Augmentations { get; } = new[] { "orbit-dataset", "exact-orbits", "sampled", "nominal", "equivariant" };

    /// <summary>Accepted losses.</summary>
    public static IReadOnlyList<string> Losses { get; } = new[] { "mse-one-hot", "cross-entropy", "bce" };

    /// <summary>Order of the group (the number of rotations of an image for c4).</summary>
    public static int GroupOrder(string group) => CanonicalGroup(group) switch
    {
        "c4" => 4,
        _ => throw new ArgumentException($"group '{group}' is not used with exact-orbit minibatches of the CNN"),
    };

    /// <summary>The most runs (arms × seeds) of one spec: each is a directory and a training run.</summary>
    public const int MaxRuns = 100_000;

    /// <summary>The most arms of one spec.</summary>
    public const int MaxArms = 1_000;

    /// <summary>The largest image side of the CNN (MNIST: 28).</summary>
    public const int MaxImageSide = 1_024;

    /// <summary>The largest image side of the paper's MLPs, whose site layers grow with side⁴ (the paper: 14).</summary>
    public const int MaxMlpImageSide = 64;

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
        OneOf("kind", spec.Kind, Kinds);
        OneOf("scale", spec.Scale, new[] { "quick", "full", "custom" });
        GroupField("group", spec.Group);
        OneOf("dataset.name", spec.Dataset.Name, Datasets);
        OneOf("architecture.name", spec.Architecture.Name, Architectures);
        OneOf("loss", spec.Loss, Losses);
        OneOf("dtype", spec.Dtype, new[] { "float32", "float64" });

        var d = spec.Dataset;
        OneOf("dataset.trainOn", d.TrainOn, new[] { "train", "all" });
        bool cnn = spec.Architecture.Name == "rotation-convnet";
        if (spec.Kind == "transfer" && !cnn)
            Fail("architecture.name", $"a transfer run trains the C4 CNN: use rotation-convnet (paper-mlp belongs to kind 'strategies')");
        if (spec.Kind is "optimizers" or "ensemble" && !cnn)
            Fail("architecture.name", $"an {spec.Kind} run trains the C4 CNN: use rotation-convnet");
        if (spec.Kind == "strategies" && cnn)
            Fail("architecture.name", "a strategies run trains the paper's MLPs: use paper-mlp (rotation-convnet belongs to kind 'transfer')");
        if (cnn && CanonicalGroup(spec.Group) != "c4")
            Fail("group", $"'{spec.Group}' does not act on the C4 CNN: use c4");
        if (cnn && d.Name is "sbm" or "simpleshapes")
            Fail("dataset.name", $"'{d.Name}' does not fit the image classifier CNN: use mnist, fashion-mnist or synthetic");
        if (!cnn && d.ImageSize < 2)
            Fail("dataset.imageSize", $"{d.ImageSize}: use a side of at least 2 (the paper: 14; sbm: the number of nodes, 10)");
        if (cnn && (d.ImageSize <= 0 || d.ImageSize % 4 != 0))
            Fail("dataset.imageSize", $"{d.ImageSize} does not fit the CNN: it pools twice by 2×2, so the image side must be a positive multiple of 4 (28 for MNIST, 14 for the resized sets)");
        if (d.TrainLimit is { } tl && tl < 1) Fail("dataset.trainLimit", $"{tl} images: use a positive count or null for all");
        if (d.TestLimit is { } te && te < 1) Fail("dataset.testLimit", $"{te} images: use a positive count or null for all");
        if (cnn && d.ImageSize > MaxImageSide)
            Fail("dataset.imageSize", $"{d.ImageSize}: the largest side is {MaxImageSide} (MNIST: 28)");
        if (!cnn && d.ImageSize > MaxMlpImageSide)
            Fail("dataset.imageSize", $"{d.ImageSize}: the paper's MLPs grow with the fourth power of the side; use at most {MaxMlpImageSide} (the paper: 14; sbm: 10)");
        if (d.Name == "synthetic" && (d.SyntheticTrain < 1 || d.SyntheticTest < 1))
            Fail("dataset.syntheticTrain", "synthetic sets need at least one training and one test sample");
        if (d.Name == "synthetic")
            foreach (var (field, count) in new[] { ("dataset.syntheticTrain", d.SyntheticTrain), ("dataset.syntheticTest", d.SyntheticTest) })
                if ((double)count * d.ImageSize * d.ImageSize > Data.MemoryBudget.MaxTensorElements)
                    Fail(field, $"{count} images of {d.ImageSize}×{d.ImageSize} do not fit in memory on this machine; use at most {Data.MemoryBudget.MaxTensorElements / ((long)d.ImageSize * d.ImageSize)}");
        if (d.DataDir is { } dir && !Directory.Exists(dir))
            Fail("dataset.dataDir", $"folder '{dir}' does not exist; point it at the folder holding the four IDX files, or remove it to use the default source");

        var a = spec.Architecture;
        if (a.Channels is { } ch && (ch.Count == 0 || ch.Any(c => c < 1)))
            Fail("architecture.channels", $"[{string.Join(", ", ch)}]: give at least one positive channel count, or null for the paper's");
        if (a.Widths is { } wd && (wd.Count == 0 || wd.Any(c => c < 1)))
            Fail("architecture.widths", $"[{string.Join(", ", wd)}]: give at least one positive width, or null for the paper's");
        if (cnn && a.Hidden is not null && (a.Hidden.Count != 3 || a.Hidden.Any(h => h < 1)))
            Fail("architecture.hidden", $"[{string.Join(", ", a.Hidden)}] does not fit: the CNN has three convolutions, give three positive channel counts like [32, 64, 64]");
        if (!cnn && a.Hidden is not null)
            Fail("architecture.hidden", $"paper-mlp does not read hidden (it belongs to rotation-convnet): remove it and set channels and widths instead");
        if (cnn && a.Channels is not null)
            Fail("architecture.channels", "rotation-convnet does not read channels (it belongs to paper-mlp): remove it and set hidden instead");
        if (cnn && a.Widths is not null)
            Fail("architecture.widths", "rotation-convnet does not read widths (it belongs to paper-mlp): remove it");
        if (a.Classes < (cnn ? 2 : 1)) Fail("architecture.classes", $"{a.Classes}: use at least {(cnn ? 2 : 1)} (10 for MNIST)");
        if (a.Classes > MaxClasses) Fail("architecture.classes", $"{a.Classes}: use at most {MaxClasses} (10 for MNIST)");
        if (cnn && a.Classes < 10)
            Fail("architecture.classes", $"{a.Classes}: {d.Name} has the labels 0–9, so the CNN needs at least 10 classes");
        foreach (var (field, widths) in new[] { ("architecture.hidden", cnn ? a.Hidden : null), ("architecture.channels", a.Channels), ("architecture.widths", a.Widths) })
            if (widths is not null && (widths.Count > 64 || widths.Any(w => w > MaxWidth)))
                Fail(field, $"[{string.Join(", ", widths.Take(8))}{(widths.Count > 8 ? ", …" : "")}]: use at most 64 layers of at most {MaxWidth} (the paper: 32, 64, 64)");
        if (cnn)
        {
            // Coefficients of the three 3×3 convolutions and the linear head, and one batch of activations.
            var (c1, c2, c3) = a.ConvChannels;
            double n = d.ImageSize, h1 = c1, h2 = c2, h3 = c3;
            double parameters = 9 * (h1 + h1 * h2 + h2 * h3) + h3 * (n / 4) * (n / 4) * a.Classes;
            double batch = Math.Max(spec.AugmentedPhase.BatchSize, spec.EquivariantPhase?.BatchSize ?? 1);
            double activations = batch * n * n * (1 + h1 + h2 / 4 + h3 / 16) * 3;
            if (parameters > Data.MemoryBudget.MaxTensorElements)
                Fail("architecture.hidden", $"[{string.Join(", ", new[] { c1, c2, c3 })}] with {a.Classes} classes on {d.ImageSize}×{d.ImageSize} images needs {parameters:0} coefficients, more than fit in memory on this machine ({Data.MemoryBudget.MaxTensorElements})");
            if (activations > Data.MemoryBudget.MaxTensorElements)
                Fail("augmentedPhase.batchSize", $"{batch:0} images of {d.ImageSize}×{d.ImageSize} through widths [{string.Join(", ", new[] { c1, c2, c3 })}] need about {activations:0} values per step, more than fit in memory on this machine ({Data.MemoryBudget.MaxTensorElements}); use a smaller batch");
        }

        if (spec.Arms is not { Count: > 0 }) Fail("arms", "no arms: list at least one, e.g. { \"name\": \"cross\", \"support\": \"cross\", \"basis\": \"unitary\" }");
        if (spec.Arms.Count > MaxArms) Fail("arms", $"{spec.Arms.Count} arms: use at most {MaxArms}");
        var names = new HashSet<string>();
        for (int i = 0; i < spec.Arms.Count; i++)
        {
            var arm = spec.Arms[i];
            string at = $"arms[{i}]";
            if (string.IsNullOrEmpty(arm.Name) || !arm.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                Fail($"{at}.name", $"'{arm.Name}' is not a usable directory name: use letters, digits, '-' and '_'");
            if (!names.Add(arm.Name)) Fail($"{at}.name", $"arm '{arm.Name}' appears twice: give every arm its own name");
            if (!KernelSupport.TryParse(arm.Support, out var parsed, out var error))
                Fail($"{at}.support", $"'{arm.Support}' is not a 3×3 support ({error}); use cross, skew, full or three rows of three 0/1 like 010,111,010");
            if (!parsed!.Mask.Any(b => b))
                Fail($"{at}.support", $"'{arm.Support}' has no entry: a kernel needs at least one 1, e.g. 010,111,010");
            OneOf($"{at}.basis", arm.Basis, new[] { "unitary", "unitary-rotated", "non-unitary" });
            OneOf($"{at}.augmentation", arm.Augmentation, Augmentations);
            if (arm.Dtype is not null) OneOf($"{at}.dtype", arm.Dtype, new[] { "float32", "float64" });
            string group = CanonicalGroup(arm.Group ?? spec.Group);
            if (arm.Group is not null) GroupField($"{at}.group", arm.Group);
            if (!cnn && !GroupFitsData(group, d.Name))
                Fail(arm.Group is null ? "group" : $"{at}.group", $"'{group}' does not act on {d.Name}: use {(d.Name == "sbm" ? "sn" : d.Name == "simpleshapes" ? "c4" : "c4, zn-x, zn2 or zn2-c4")}");
            if (!cnn && arm.Augmentation == "orbit-dataset")
                Fail($"{at}.augmentation", "orbit-dataset belongs to the CNN transfer runs: use nominal, sampled, exact-orbits or equivariant");
            if (!cnn && arm.Augmentation == "exact-orbits" && group == "sn")
                Fail($"{at}.augmentation", "S_n is too large to list every element: use sampled");
            if (spec.Kind == "transfer" && arm.Augmentation is "equivariant")
                Fail($"{at}.augmentation", "a transfer run's measured phase trains the non-equivariant model: use orbit-dataset, exact-orbits, sampled or nominal");
            if (cnn && arm.Augmentation == "exact-orbits" && spec.AugmentedPhase.BatchSize % GroupOrder(spec.Group) != 0)
                Fail("augmentedPhase.batchSize", $"{spec.AugmentedPhase.BatchSize} images cannot hold whole orbits of {GroupOrder(spec.Group)} rotations (arm '{arm.Name}' uses exact-orbits): use a multiple of {GroupOrder(spec.Group)}");
        }

        if (spec.Kind == "transfer")
        {
            if (spec.EquivariantPhase is null) Fail("equivariantPhase", "a transfer run needs the Equi phase that trains the model it transfers; add it (see equidyn preset show mnist-c4)");
            Phase("equivariantPhase", spec.EquivariantPhase!, allowZeroEpochs: true);
        }
        Phase("augmentedPhase", spec.AugmentedPhase, allowZeroEpochs: false);
        if (spec.Kind == "optimizers") OptimizerInvarianceExperiment.Validate(spec);
        if (spec.Kind == "ensemble") EnsembleExperiment.Validate(spec);
        if (spec.Kind != "optimizers" && spec.Optimizers is not null) Fail("optimizers", "belongs to kind 'optimizers' (each phase has its own optimizer): remove it");
        if (spec.Kind != "ensemble" && spec.Ensemble is not null) Fail("ensemble", "belongs to kind 'ensemble': remove it");
        if (spec.Kind != "ensemble" && spec.Arms.FindIndex(a => a.Initialisation is not null) is var k and >= 0) Fail($"arms[{k}].initialisation", "belongs to kind 'ensemble': remove it");
        if (spec.EvaluationBatchSize < 1 || spec.EvaluationBatchSize > MaxBatchSize) Fail("evaluationBatchSize", $"{spec.EvaluationBatchSize}: use a positive batch size up to {MaxBatchSize} (the paper: 50)");

        if (spec.Seeds is not { Count: > 0 }) Fail("seeds", "no seeds: list at least one, e.g. [0]");
        if ((long)spec.Seeds.Count * spec.Arms.Count > MaxRuns)
            Fail("seeds", $"{spec.Seeds.Count} seeds × {spec.Arms.Count} arms are more than {MaxRuns} runs; split the sweep into several specs");
        if (spec.Seeds.Distinct().Count() != spec.Seeds.Count) Fail("seeds", "a seed appears twice: seeds name run directories, list each once");
        if (spec.Seeds.Any(s => s < 0)) Fail("seeds", "seeds must be ≥ 0");
        if (string.IsNullOrWhiteSpace(spec.Output.Root)) Fail("output.root", "empty: give a folder for the run directories, e.g. \"runs\"");
        if (spec.Output.Directory is { } outDir && string.IsNullOrWhiteSpace(outDir)) Fail("output.directory", "empty: give a folder or leave it out");
    }

    private static bool GroupFitsData(string group, string dataset) => dataset switch
    {
        "sbm" => group == "sn",
        "simpleshapes" => group == "c4",
        _ => group != "sn",
    };

    private static void Phase(string at, PhaseSpec p, bool allowZeroEpochs)
    {
        if (p.Epochs < (allowZeroEpochs ? 0 : 1) || p.Epochs > MaxEpochs)
            Fail($"{at}.epochs", $"{p.Epochs}: use {(allowZeroEpochs ? "0" : "1")} to {MaxEpochs} epochs");
        if (p.BatchSize > MaxBatchSize) Fail($"{at}.batchSize", $"{p.BatchSize}: use at most {MaxBatchSize}");
        if (p.AugmentationPasses > MaxAugmentationPasses) Fail($"{at}.augmentationPasses", $"{p.AugmentationPasses}: use at most {MaxAugmentationPasses}");
        if (!(p.LearningRate > 0) || !double.IsFinite(p.LearningRate))
            Fail($"{at}.learningRate", $"{p.LearningRate.ToString("G", CultureInfo.InvariantCulture)}: the learning rate must be a finite number > 0 (the paper: 5e-4 Equi, 2.5e-4 Aug)");
        if (p.BatchSize < 1) Fail($"{at}.batchSize", $"{p.BatchSize}: use a positive batch size (the paper: 100)");
        OneOf($"{at}.protocol", p.Protocol, new[] { "minibatch", "full-batch" });
        if (p.AugmentationPasses < 1) Fail($"{at}.augmentationPasses", $"{p.AugmentationPasses}: use at least 1 pass (the paper's augnumber: 25)");
        OneOf($"{at}.samplingScope", p.SamplingScope, new[] { "per-batch", "per-sample" });
        OneOf($"{at}.schedule", p.Schedule, new[] { "constant", "cosine" });
        Optimizer($"{at}.optimizer", p.Optimizer);
    }

    private static void GroupField(string field, string? value)
    {
        if (!GroupRegistry.TryParse(value, out var name, out var error)) Fail(field, error);
        if (!Groups.Contains(name.ToString()))
            Fail(field, $"'{value}' is a group ({name.Family.Summary}), but no architecture of the paper is built for it yet; use one of {string.Join(", ", Groups)}");
    }

    /// <summary>Accepted optimizer names.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = new[] { "sgd", "momentum", "adam", "adamw" };

    internal static void Optimizer(string at, OptimizerSpec o)
    {
        if (o is null) Fail(at, "missing: give { \"name\": \"sgd\" } or remove the field for plain SGD");
        OneOf($"{at}.name", o!.Name, Optimizers);
        bool adam = o.Name is "adam" or "adamw";
        void NotFor(string field, bool present, string belongsTo)
        {
            if (present) Fail($"{at}.{field}", $"does not apply to {o.Name} (it belongs to {belongsTo}): remove it");
        }
        NotFor("momentum", o.Momentum is not null && o.Name != "momentum", "momentum");
        NotFor("nesterov", o.Nesterov is not null && o.Name != "momentum", "momentum");
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

    private static void OneOf(string field, string? value, IReadOnlyList<string> allowed)
    {
        if (value is null || !allowed.Contains(value))
        {
            string what = field.Split('.')[^1];
            Fail(field, $"unknown {what} '{value}'; use one of {string.Join(", ", allowed)}");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string field, string problem) => throw new ExperimentSpecException(field, problem);
}
