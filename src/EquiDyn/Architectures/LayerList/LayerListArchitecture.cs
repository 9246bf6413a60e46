using System.Runtime.CompilerServices;
using EquiDyn.Data;
using EquiDyn.Experiments;
using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Architectures.LayerList;

/// <summary>
/// <c>layers</c>: a network written as a list of layers in the spec (docs/your-own-model.md), for a registry group or a
/// group defined by generators (<c>groupDefinition</c>), usually on the user's own <c>files</c> data. The spec's layer
/// list is planned once per spec into a <see cref="LayerListModel"/> (site sets resolved, stages checked to commute with
/// the group, every linear layer's geometry analysed).
/// </summary>
public sealed class LayerListArchitecture : IArchitecture
{
    /// <summary>The registry name.</summary>
    public const string RegistryName = "layers";

    private static readonly ConditionalWeakTable<ExperimentSpec, LayerListModel> Plans = new();

    /// <inheritdoc />
    public string Name => RegistryName;

    /// <inheritdoc />
    public string Description => "your own network as a list of layers (conv with a support or basis, dense, avgpool, " +
                                 "tanh/relu/leaky-relu/sigmoid, layernorm) for any group, e.g. one defined by generators; strategies runs";

    /// <summary>The planned model of a <c>layers</c> spec (planned once per spec instance).</summary>
    /// <exception cref="ExperimentSpecException">The group, a site set or a layer is invalid (the field is named).</exception>
    public static LayerListModel Model(ExperimentSpec spec) => Plans.GetValue(spec, Plan);

    /// <summary>The group of a <c>layers</c> spec with its site sets.</summary>
    /// <exception cref="ExperimentSpecException">The group is invalid (the field is named).</exception>
    public static SiteSets Sites(ExperimentSpec spec)
    {
        try
        {
            if (spec.GroupDefinition is { } definition)
            {
                if (spec.Group != definition.Name)
                    throw new LayerListException("group", $"'{spec.Group}' is not the defined group's name '{definition.Name}': set group to \"{definition.Name}\" (or remove groupDefinition to use a registry group)");
                return SiteSets.Define(definition);
            }
            if (!GroupRegistry.TryParse(spec.Group, out var name, out var error)) throw new LayerListException("group", error + ", or define one in groupDefinition");
            int size = SizeOf(spec.Architecture.Input?.Sites);
            try
            {
                return SiteSets.ForRegistryGroup(name.Create(size));
            }
            catch (ArgumentException e)
            {
                throw new LayerListException("group", $"{name}: {e.Message}");
            }
        }
        catch (LayerListException e)
        {
            throw new ExperimentSpecException(e.Field, e.Problem);
        }
    }

    /// <summary>Refuses the fields of the layers architecture and the <c>files</c> data set in a spec of another
    /// architecture (called by the spec validator for every spec).</summary>
    public static void RefuseLayerFields(ExperimentSpec spec, IArchitecture architecture)
    {
        if (architecture is LayerListArchitecture) return;
        var a = spec.Architecture;
        if (a.Input is not null) throw new ExperimentSpecException("architecture.input", $"{a.Name} does not read input (it belongs to the layers architecture): remove it");
        if (a.Layers is not null) throw new ExperimentSpecException("architecture.layers", $"{a.Name} does not read layers: set architecture.name to \"layers\" or remove them");
        if (a.Labels is not null) throw new ExperimentSpecException("architecture.labels", $"{a.Name} has invariant labels (an action on the classes belongs to the layers architecture): remove it");
        if (spec.GroupDefinition is not null) throw new ExperimentSpecException("groupDefinition", $"a group defined by generators needs the layers architecture (architecture.name \"layers\"); {a.Name} is built for the registry groups");
        if (spec.Dataset.Name == DatasetName.Files) throw new ExperimentSpecException("dataset.name", "the user's files are read by the layers architecture, which declares their sites: set architecture.name to \"layers\"");
        if (spec.Dataset.Train is not null || spec.Dataset.Test is not null)
            throw new ExperimentSpecException(spec.Dataset.Train is not null ? "dataset.train" : "dataset.test", $"dataset '{SpecNames.Of(spec.Dataset.Name)}' does not read files: set dataset.name to \"files\" or remove them");
    }

    /// <inheritdoc />
    public void Validate(ExperimentSpec spec)
    {
        var a = spec.Architecture;
        var d = spec.Dataset;
        if (spec.Kind != ExperimentKind.Strategies) throw new ExperimentSpecException("kind", "a layers architecture trains its arms' strategies from one shared point: use kind \"strategies\"");
        if (a.Hidden is not null) throw new ExperimentSpecException("architecture.hidden", "layers does not read hidden (it belongs to rotation-convnet): give channels per layer in architecture.layers");
        if (a.Channels is not null) throw new ExperimentSpecException("architecture.channels", "layers does not read channels (it belongs to paper-mlp): give channels per layer in architecture.layers");
        if (a.Widths is not null) throw new ExperimentSpecException("architecture.widths", "layers does not read widths (it belongs to paper-mlp): give channels per layer in architecture.layers");
        if (spec.Loss == LossKind.BinaryCrossEntropy) throw new ExperimentSpecException("loss", "'bce' does not fit: a layers model outputs raw class scores; use cross-entropy or mse-one-hot");
        var model = Model(spec);
        for (int i = 0; i < spec.Arms.Count; i++)
        {
            var arm = spec.Arms[i];
            if (arm.Support is not null) throw new ExperimentSpecException($"arms[{i}].support", "a layers model has no arm support: each conv layer declares its own in architecture.layers; remove it");
            if (arm.Group is not null) throw new ExperimentSpecException($"arms[{i}].group", "a layers model carries one group (group / groupDefinition): remove the arm's group");
            if (arm.Augmentation == AugmentationKind.OrbitDataset) throw new ExperimentSpecException($"arms[{i}].augmentation", "orbit-dataset belongs to the CNN transfer runs: use exact-orbits or sampled");
            if (arm.Augmentation == AugmentationKind.ExactOrbits && !model.Sites.Group.IsListable)
                throw new ExperimentSpecException($"arms[{i}].augmentation", $"{model.Sites.Group.Name} is too large to list every element: use sampled");
        }
        if (d.Name == DatasetName.Files)
        {
            if (d.Train is null) throw new ExperimentSpecException("dataset.train", "missing: give { \"inputs\": \"train-x.npy\", \"labels\": \"train-y.npy\" } (paths relative to the spec file)");
            if (d.Test is null) throw new ExperimentSpecException("dataset.test", "missing: give { \"inputs\": \"test-x.npy\", \"labels\": \"test-y.npy\" } (it may name the training files)");
            foreach (var (field, files) in new[] { ("dataset.train", d.Train), ("dataset.test", d.Test) })
            {
                if (string.IsNullOrWhiteSpace(files.Inputs)) throw new ExperimentSpecException($"{field}.inputs", "missing: give the path of the inputs file (.npy or IDX)");
                if (string.IsNullOrWhiteSpace(files.Labels)) throw new ExperimentSpecException($"{field}.labels", "missing: give the path of the labels file (.npy or IDX)");
            }
            if (d.TrainOn != TrainingSplit.Train) throw new ExperimentSpecException("dataset.trainOn", "the user's files name their training set: use \"train\"");
            if (d.ImageSize is not null || d.Nodes is not null)
                throw new ExperimentSpecException(d.ImageSize is not null ? "dataset.imageSize" : "dataset.nodes", "the user's files are not resized: their shape is the input's site set (architecture.input); remove it");
        }
        else
        {
            if (d.Train is not null || d.Test is not null)
                throw new ExperimentSpecException(d.Train is not null ? "dataset.train" : "dataset.test", $"dataset '{SpecNames.Of(d.Name)}' does not read files: set dataset.name to \"files\" or remove them");
            if (d.IsGraph) throw new ExperimentSpecException("dataset.name", "sbm graphs are read by paper-mlp; a layers model reads images or the user's files");
            int side = model.Input.IsGrid ? model.Input.Side : -1;
            if (side < 0 || model.InputChannels != 1)
                throw new ExperimentSpecException("architecture.input", $"'{SpecNames.Of(d.Name)}' holds one-channel square images: declare an input of 1 channel on a grid site set");
            if (d.ImageSize != side)
                throw new ExperimentSpecException("dataset.imageSize", $"{d.ImageSize?.ToString() ?? "missing"}: the input's site set {model.Input.Name} is a {side}×{side} grid; set imageSize to {side}");
        }
    }

    /// <inheritdoc />
    public StructuredNetwork Build(ExperimentSpec spec, ArmSpec arm, ModelSpace space, ScalarType dtype, long runSeed) =>
        Model(spec).Build(dtype,
            space == ModelSpace.Equivariant ? LayerListParametrization.Intersection
            : arm.Basis == KernelBasisKind.NonUnitary ? LayerListParametrization.NonUnitary
            : LayerListParametrization.Unitary,
            ArchitectureSeeds.Basis(runSeed));

    /// <inheritdoc />
    /// <remarks>N(0, 1/fan_in) blocks projected onto E∩L (<see cref="NetworkInitializer.ProjectedGaussian"/>): the draw
    /// is of the blocks, so it is the same point in either space.</remarks>
    public Tensor[] Initialize(StructuredNetwork network, ExperimentSpec spec, ArmSpec arm, long seed) => LayerListModel.Initialize(network, seed);

    /// <inheritdoc />
    public IReadOnlyList<LayerDescription> Describe(ExperimentSpec spec, ArmSpec arm) =>
        Model(spec).Layers.Select(l => new LayerDescription(l.Name, l.Shape, l.ChannelPairs, l.Geometry)).ToList();

    /// <inheritdoc />
    public DataGroupAction DataAction(ExperimentSpec spec, ArmSpec arm) => Model(spec).DataAction();

    /// <summary>Reads the spec's <c>files</c> data set, checked against the model's input and classes.</summary>
    /// <exception cref="DataFormatException">A file is missing, malformed or does not fit (file, field and fix named).</exception>
    public static DataSplit LoadFiles(ExperimentSpec spec)
    {
        var model = Model(spec);
        int classes = spec.Architecture.Classes;
        var train = SampleFiles.Load(spec.Dataset.Train!, model.InputChannels, model.Input.Shape, classes, "dataset.train");
        var test = spec.Dataset.Test == spec.Dataset.Train
            ? train
            : SampleFiles.Load(spec.Dataset.Test!, model.InputChannels, model.Input.Shape, classes, "dataset.test");
        return new DataSplit(train, test);
    }

    private static LayerListModel Plan(ExperimentSpec spec)
    {
        var sites = Sites(spec);
        try
        {
            return LayerListModel.Plan(sites, spec.Architecture.Input, spec.Architecture.Layers, spec.Architecture.Classes, labels: spec.Architecture.Labels);
        }
        catch (LayerListException e)
        {
            throw new ExperimentSpecException(e.Field, e.Problem);
        }
    }

    /// <summary>The size a registry group is created for: n of the input's <c>grid:n</c> or <c>nodes:n</c>.</summary>
    private static int SizeOf(string? sites)
    {
        var parts = (sites ?? "").Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], out int n) && n >= 1
            ? n
            : throw new LayerListException("architecture.input.sites", $"'{sites}': with a registry group, name the input's site set grid:n or nodes:n (or define the group in groupDefinition)");
    }
}
