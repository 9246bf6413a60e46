using EquiDyn.Experiments;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Architectures;

/// <summary>
/// <c>paper-mlp</c>: the fully connected models of the paper's v1/v2 experiments (docs/experiments/), chosen by the data
/// set and the arm's group: PermutationAdjNet for <c>sbm</c> graphs under S_n, RotationSegmentationNet for
/// <c>simpleshapes</c> under C4, and the image-classifier family <see cref="ImageMlp"/> (C4, Z_n², Z_n along x, Z_n²⋊C4)
/// for images. Trained by <c>strategies</c> specs from the paper code's scaled Gaussian point projected onto E.
/// </summary>
public sealed class PaperMlpArchitecture : IArchitecture
{
    /// <summary>The registry name.</summary>
    public const string RegistryName = "paper-mlp";

    /// <summary>The largest image side (or node count) of these MLPs, whose site layers grow with side⁴ (the paper: 14).</summary>
    public const int MaxSide = 64;

    /// <inheritdoc />
    public string Name => RegistryName;

    /// <inheritdoc />
    public string Description =>
        "the v1/v2 MLPs (docs/experiments/): PermutationAdjNet (sbm, sn), RotationSegmentationNet (simpleshapes, c4), " +
        $"image classifiers for {string.Join(", ", ImageMlp.Variants.Select(v => v.Group))}; strategies runs";

    /// <inheritdoc />
    public void Validate(ExperimentSpec spec)
    {
        var d = spec.Dataset;
        var a = spec.Architecture;
        if (spec.Kind != ExperimentKind.Strategies)
            Fail("architecture.name", "a transfer run trains the C4 CNN: use rotation-convnet (paper-mlp belongs to kind 'strategies')");
        if (d.IsGraph)
        {
            if (d.ImageSize is not null)
                Fail("dataset.imageSize", "an sbm data set has nodes, not an image side: write \"nodes\" instead (the paper: 10)");
            if (d.Nodes is not { } nodes || nodes < 2 || nodes % 2 != 0)
                Fail("dataset.nodes", $"{d.Nodes?.ToString() ?? "missing"}: the two-block SBM needs an even number of nodes, at least 2 (the paper: 10)");
        }
        else
        {
            if (d.Nodes is not null)
                Fail("dataset.nodes", $"'{SpecNames.Of(d.Name)}' holds images, not graphs: use imageSize instead");
            if (d.ImageSize is not { } side || side < 2)
                Fail("dataset.imageSize", $"{d.ImageSize?.ToString() ?? "missing"}: use a side of at least 2 (the paper: 14)");
        }
        if (d.Side > MaxSide)
            Fail(d.IsGraph ? "dataset.nodes" : "dataset.imageSize", $"{d.Side}: the paper's MLPs grow with the fourth power of the side; use at most {MaxSide} (the paper: 14; sbm: 10)");
        if (a.Hidden is not null)
            Fail("architecture.hidden", "paper-mlp does not read hidden (it belongs to rotation-convnet): remove it and set channels and widths instead");
        bool probabilities = d.Name is DatasetName.Sbm or DatasetName.Simpleshapes;
        if (probabilities && spec.Loss != LossKind.BinaryCrossEntropy)
            Fail("loss", $"'{SpecNames.Of(spec.Loss)}' does not fit: the {SpecNames.Of(d.Name)} model outputs probabilities of 0/1 targets; use bce");
        if (!probabilities && spec.Loss == LossKind.BinaryCrossEntropy)
            Fail("loss", "'bce' does not fit: the image classifiers output raw class scores; use cross-entropy (the paper) or mse-one-hot");
        for (int i = 0; i < spec.Arms.Count; i++)
        {
            var arm = spec.Arms[i];
            string group = ExperimentSpecValidator.CanonicalGroup(arm.Group ?? spec.Group);
            string field = arm.Group is null ? "group" : $"arms[{i}].group";
            switch (d.Name)
            {
                case DatasetName.Sbm when group != "sn":
                    Fail(field, $"'{group}' does not act on sbm: use sn");
                    break;
                case DatasetName.Simpleshapes when group != "c4":
                    Fail(field, $"'{group}' does not act on simpleshapes: use c4");
                    break;
                case not (DatasetName.Sbm or DatasetName.Simpleshapes) when ImageMlp.For(group) is null:
                    Fail(field, $"'{group}' does not act on {SpecNames.Of(d.Name)}: use {string.Join(", ", ImageMlp.Variants.Select(v => v.Group))}");
                    break;
            }
            if (arm.Support is not null)
                Fail($"arms[{i}].support", "paper-mlp has dense layers, no kernels, so it does not read a support: remove it");
            if (arm.Basis != KernelBasisKind.Unitary)
                Fail($"arms[{i}].basis", "paper-mlp parametrizes L by the unitary indicator basis only: remove basis or use unitary");
            if (arm.Augmentation == AugmentationKind.OrbitDataset)
                Fail($"arms[{i}].augmentation", "orbit-dataset belongs to the CNN transfer runs: use sampled or exact-orbits");
            if (arm.Augmentation == AugmentationKind.ExactOrbits && group == "sn")
                Fail($"arms[{i}].augmentation", "S_n is too large to list every element: use sampled");
        }
    }

    /// <inheritdoc />
    public StructuredNetwork Build(ExperimentSpec spec, ArmSpec arm, ModelSpace space, ScalarType dtype, long runSeed)
    {
        int n = spec.Dataset.Side, classes = spec.Architecture.Classes;
        int[]? channels = spec.Architecture.Channels?.ToArray(), widths = spec.Architecture.Widths?.ToArray();
        bool equivariant = space == ModelSpace.Equivariant;
        return spec.Dataset.Name switch
        {
            DatasetName.Sbm => equivariant ? PermutationAdjNet.BuildEquivariant(n, channels, widths, dtype) : PermutationAdjNet.Build(n, channels, widths, dtype),
            DatasetName.Simpleshapes => equivariant ? RotationSegmentationNet.BuildEquivariant(n, channels, dtype) : RotationSegmentationNet.Build(n, channels, dtype),
            _ => ImageMlp.Build(Variant(spec, arm), n, channels, widths, classes, equivariant, dtype),
        };
    }

    /// <inheritdoc />
    public Tensor[] Initialize(StructuredNetwork network, ExperimentSpec spec, ArmSpec arm, long seed)
    {
        int n = spec.Dataset.Side;
        return spec.Dataset.Name switch
        {
            DatasetName.Sbm => PermutationAdjNet.InitializeAsPaper(network, n, seed),
            DatasetName.Simpleshapes => RotationSegmentationNet.InitializeAsPaper(network, n, seed),
            _ => ImageMlp.InitializeAsPaper(network, n, seed),
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<LayerDescription> Describe(ExperimentSpec spec, ArmSpec arm)
    {
        int n = spec.Dataset.Side, sites = n * n;
        var a = spec.Architecture;
        string grid = spec.Dataset.IsGraph ? $"{n}×{n} adjacency" : $"{n}×{n} grid";
        if (spec.Dataset.Name == DatasetName.Simpleshapes)
        {
            var geometry = RotationSegmentationNet.Geometry(n);
            var widths = InvariantMlp.Widths(a.Channels?.ToArray(), [32, 32, 16, 2], "channels");
            return widths.Select((w, k) => new LayerDescription($"sites{k}", $"{grid} → {grid}",
                1L * (k == 0 ? 1 : widths[k - 1]) * w, geometry.SitesToSitesAnalysis)).ToList();
        }
        var mlp = spec.Dataset.IsGraph ? PermutationAdjNet.Geometry(n) : ImageMlp.Geometry(Variant(spec, arm), n);
        var (defaultChannels, defaultWidths) = spec.Dataset.IsGraph ? (new[] { 32 }, new[] { 64, 32 }) : (new[] { 32, 32 }, new[] { 32 });
        var channels = InvariantMlp.Widths(a.Channels?.ToArray(), defaultChannels, "channels");
        var invariant = InvariantMlp.Widths(a.Widths?.ToArray(), defaultWidths, "widths");
        int outputs = spec.Dataset.IsGraph ? 1 : a.Classes;
        var layers = new List<LayerDescription>();
        int previous = 1;
        for (int k = 0; k < channels.Length; k++)
        {
            layers.Add(new($"sites{k}", $"{grid} → {grid}", 1L * previous * channels[k], mlp.SitesToSitesAnalysis));
            previous = channels[k];
        }
        layers.Add(new("invariant", $"{grid} → invariant feature", 1L * previous * invariant[0], mlp.SitesToInvariantAnalysis));
        for (int j = 1; j < invariant.Length; j++)
            layers.Add(new($"fc{j - 1}", "feature → feature", 1L * invariant[j - 1] * invariant[j], mlp.InvariantToInvariantAnalysis));
        layers.Add(new("output", "feature → output", 1L * invariant[^1] * outputs, mlp.InvariantToInvariantAnalysis));
        return layers;
    }

    /// <inheritdoc />
    public DataGroupAction DataAction(ExperimentSpec spec, ArmSpec arm)
    {
        int n = spec.Dataset.Side;
        return spec.Dataset.Name switch
        {
            DatasetName.Sbm => DataGroupActions.NodeRelabelling(n),
            DatasetName.Simpleshapes => DataGroupActions.MaskedImageRotations(n),
            _ => DataGroupActions.FromSiteActions(Variant(spec, arm).Pixels(n)),
        };
    }

    /// <summary>The image classifier of the arm's group.</summary>
    private static ImageMlpVariant Variant(ExperimentSpec spec, ArmSpec arm)
    {
        string group = ExperimentSpecValidator.CanonicalGroup(arm.Group ?? spec.Group);
        return ImageMlp.For(group) ?? throw new ExperimentSpecException("group", $"'{group}' has no image MLP: use {string.Join(", ", ImageMlp.Variants.Select(v => v.Group))}");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string field, string problem) => throw new ExperimentSpecException(field, problem);
}
