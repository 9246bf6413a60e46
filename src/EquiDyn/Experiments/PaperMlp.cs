using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>The v1/v2 experiments' MLP for a group and dataset (docs/experiments/), with its paper initialisation
/// (scaled Gaussians projected onto E), loss and group action on the data.</summary>
/// <param name="Name">The architecture's name.</param>
/// <param name="Builder">Builds the nominal (false) or equivariant (true) model.</param>
/// <param name="Initializer">Loads the paper's projected initial point into a nominal model and returns its blocks.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Action">The group's action on the data (inputs, and masks for segmentation).</param>
public sealed record PaperMlp(string Name, Func<ScalarType, bool, StructuredNetwork> Builder,
    Func<StructuredNetwork, long, Tensor[]> Initializer, LossKind Loss, Func<DataGroupAction> Action)
{
    /// <summary>Builds the nominal or the equivariant model.</summary>
    public StructuredNetwork Build(ScalarType dtype, bool equivariant) => Builder(dtype, equivariant);

    /// <summary>The paper's projected initial point for a seed, loaded into a nominal model; returns the blocks.</summary>
    public Tensor[] Initialize(StructuredNetwork network, long seed) => Initializer(network, seed);

    /// <summary>The model of an arm of a <c>strategies</c> spec: by dataset and group.</summary>
    public static PaperMlp For(ExperimentSpec spec, ArmSpec arm)
    {
        int n = spec.Dataset.ImageSize, classes = spec.Architecture.Classes;
        int[]? channels = spec.Architecture.Channels?.ToArray(), widths = spec.Architecture.Widths?.ToArray();
        string group = ExperimentSpecValidator.CanonicalGroup(arm.Group ?? spec.Group);
        if (spec.Dataset.Name == "sbm")
            return new("PermutationAdjNet", (t, e) => e ? PermutationAdjNet.BuildEquivariant(n, channels, widths, t) : PermutationAdjNet.Build(n, channels, widths, t),
                (net, seed) => PermutationAdjNet.InitializeAsPaper(net, n, seed), LossKind.BinaryCrossEntropy,
                () => DataGroupActions.NodeRelabelling(n));
        if (spec.Dataset.Name == "simpleshapes")
            return new("RotationSegmentationNet", (t, e) => e ? RotationSegmentationNet.BuildEquivariant(n, channels, t) : RotationSegmentationNet.Build(n, channels, t),
                (net, seed) => RotationSegmentationNet.InitializeAsPaper(net, n, seed), LossKind.BinaryCrossEntropy,
                () => DataGroupActions.MaskedImageRotations(n));
        var loss = ExperimentRunner.Loss(spec.Loss);
        return group switch
        {
            "c4" => new("RotationNet", (t, e) => e ? RotationNet.BuildEquivariant(n, channels, widths, classes, t) : RotationNet.Build(n, channels, widths, classes, t),
                (net, seed) => RotationNet.InitializeAsPaper(net, n, seed), loss, () => DataGroupActions.ImageRotations(n)),
            "zn2" => new("TranslationNet", (t, e) => e ? TranslationNet.BuildEquivariant(n, channels, widths, classes, t) : TranslationNet.Build(n, channels, widths, classes, t),
                (net, seed) => TranslationNet.InitializeAsPaper(net, n, seed), loss, () => DataGroupActions.ImageTranslations(n)),
            "zn-x" => new("OneDTranslationNet", (t, e) => e ? OneDTranslationNet.BuildEquivariant(n, channels, widths, classes, t) : OneDTranslationNet.Build(n, channels, widths, classes, t),
                (net, seed) => OneDTranslationNet.InitializeAsPaper(net, n, seed), loss, () => DataGroupActions.ImageTranslationsAlongX(n)),
            "zn2-c4" => new("RotoTranslationNet", (t, e) => e ? RotoTranslationNet.BuildEquivariant(n, channels, widths, classes, t) : RotoTranslationNet.Build(n, channels, widths, classes, t),
                (net, seed) => RotoTranslationNet.InitializeAsPaper(net, n, seed), loss, () => DataGroupActions.ImageRotoTranslations(n)),
            _ => throw new ArgumentException($"group '{group}' has no paper MLP"),
        };
    }
}
