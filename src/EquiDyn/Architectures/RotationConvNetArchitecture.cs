using EquiDyn.Experiments;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Architectures;

/// <summary>
/// <c>rotation-convnet</c>: the paper's C4 CNN of the main experiment (docs/experiments/mnist-c4.md; <see cref="ConvNet"/>,
/// <see cref="RotationConvNet"/>): three 3×3 convolutions on the arm's kernel support, a dense head from the (n/4)×(n/4)
/// grid to the class scores; C4 rotates the images. Trained by <c>transfer</c> specs: the Equi model starts at a
/// projected Gaussian point of E∩L (<see cref="NetworkInitializer.ProjectedGaussian"/>).
/// </summary>
public sealed class RotationConvNetArchitecture : IArchitecture
{
    /// <summary>The registry name.</summary>
    public const string RegistryName = "rotation-convnet";

    /// <summary>The largest image side (MNIST: 28).</summary>
    public const int MaxImageSide = 1_024;

    /// <inheritdoc />
    public string Name => RegistryName;

    /// <inheritdoc />
    public string Description => "the paper's C4 CNN (docs/experiments/mnist-c4.md): three 3×3 convolutions on the arm's support, dense head; transfer runs";

    /// <inheritdoc />
    public void Validate(ExperimentSpec spec)
    {
        var d = spec.Dataset;
        var a = spec.Architecture;
        if (spec.Kind is not (ExperimentKind.Transfer or ExperimentKind.Optimizers or ExperimentKind.Ensemble))
            Fail("architecture.name", "a strategies run trains the paper's MLPs: use paper-mlp (rotation-convnet belongs to kinds 'transfer', 'optimizers' and 'ensemble')");
        if (ExperimentSpecValidator.CanonicalGroup(spec.Group) != "c4")
            Fail("group", $"'{spec.Group}' does not act on the C4 CNN: use c4");
        if (d.Name is not (DatasetName.Mnist or DatasetName.FashionMnist or DatasetName.Synthetic))
            Fail("dataset.name", $"'{SpecNames.Of(d.Name)}' does not fit the image classifier CNN: use mnist, fashion-mnist or synthetic");
        int n = d.ImageSize ?? 0;
        if (n <= 0 || n % 4 != 0)
            Fail("dataset.imageSize", $"{d.ImageSize?.ToString() ?? "missing"} does not fit the CNN: it pools twice by 2×2, so the image side must be a positive multiple of 4 (28 for MNIST, 14 for the resized sets)");
        if (n > MaxImageSide)
            Fail("dataset.imageSize", $"{n}: the largest side is {MaxImageSide} (MNIST: 28)");
        if (a.Hidden is not null && (a.Hidden.Count != 3 || a.Hidden.Any(h => h < 1)))
            Fail("architecture.hidden", $"[{string.Join(", ", a.Hidden)}] does not fit: the CNN has three convolutions, give three positive channel counts like [32, 64, 64]");
        if (a.Channels is not null)
            Fail("architecture.channels", "rotation-convnet does not read channels (it belongs to paper-mlp): remove it and set hidden instead");
        if (a.Widths is not null)
            Fail("architecture.widths", "rotation-convnet does not read widths (it belongs to paper-mlp): remove it");
        if (a.Classes < 10)
            Fail("architecture.classes", $"{a.Classes}: {SpecNames.Of(d.Name)} has the labels 0–9, so the CNN needs at least 10 classes");
        if (a.Hidden is not null && a.Hidden.Any(w => w > ExperimentSpecValidator.MaxWidth))
            Fail("architecture.hidden", $"[{string.Join(", ", a.Hidden)}]: use at most {ExperimentSpecValidator.MaxWidth} channels (the paper: 32, 64, 64)");
        // Coefficients of the three 3×3 convolutions and the linear head, and one batch of activations.
        var (c1, c2, c3) = a.ConvChannels;
        double side = n, h1 = c1, h2 = c2, h3 = c3;
        double parameters = 9 * (h1 + h1 * h2 + h2 * h3) + h3 * (side / 4) * (side / 4) * a.Classes;
        double batch = Math.Max(spec.AugmentedPhase.BatchSize, spec.EquivariantPhase?.BatchSize ?? 1);
        double activations = batch * side * side * (1 + h1 + h2 / 4 + h3 / 16) * 3;
        if (parameters > Data.MemoryBudget.MaxTensorElements)
            Fail("architecture.hidden", $"[{string.Join(", ", new[] { c1, c2, c3 })}] with {a.Classes} classes on {n}×{n} images needs {parameters:0} coefficients, more than fit in memory on this machine ({Data.MemoryBudget.MaxTensorElements})");
        if (activations > Data.MemoryBudget.MaxTensorElements)
            Fail("augmentedPhase.batchSize", $"{batch:0} images of {n}×{n} through widths [{string.Join(", ", new[] { c1, c2, c3 })}] need about {activations:0} values per step, more than fit in memory on this machine ({Data.MemoryBudget.MaxTensorElements}); use a smaller batch");
        for (int i = 0; i < spec.Arms.Count; i++)
        {
            var arm = spec.Arms[i];
            if (arm.Support is null)
                Fail($"arms[{i}].support", "missing: the CNN's 3×3 kernels need a support: cross, skew, full or three rows of 0/1 like 010,111,010");
            if (arm.Group is not null && ExperimentSpecValidator.CanonicalGroup(arm.Group) != "c4")
                Fail($"arms[{i}].group", $"'{arm.Group}' does not act on the C4 CNN: use c4 or remove it");
            if (arm.Strategy != ArmStrategy.Augmented && arm.Strategy != ArmStrategy.Nominal)
                Fail($"arms[{i}].strategy", "a transfer run's measured phase trains the non-equivariant model: use augmented or nominal");
            if (arm.Augmentation == AugmentationKind.ExactOrbits && spec.AugmentedPhase.BatchSize % 4 != 0)
                Fail("augmentedPhase.batchSize", $"{spec.AugmentedPhase.BatchSize} images cannot hold whole orbits of 4 rotations (arm '{arm.Name}' uses exact-orbits): use a multiple of 4");
        }
    }

    /// <inheritdoc />
    public StructuredNetwork Build(ExperimentSpec spec, ArmSpec arm, ModelSpace space, ScalarType dtype, long runSeed)
    {
        var support = KernelSupport.Parse(arm.Support!);
        return space == ModelSpace.Equivariant
            ? RotationConvNet.BuildEquivariant(support, spec.Dataset.Side, spec.Architecture.ConvChannels, spec.Architecture.Classes, dtype)
            : RotationConvNet.Build(support, arm.Basis, ArchitectureSeeds.Basis(runSeed), spec.Dataset.Side, spec.Architecture.ConvChannels,
                spec.Architecture.Classes, dtype);
    }

    /// <inheritdoc />
    public Tensor[] Initialize(StructuredNetwork network, ExperimentSpec spec, ArmSpec arm, long seed) =>
        NetworkInitializer.ProjectedGaussian(network, seed);

    /// <inheritdoc />
    public IReadOnlyList<LayerDescription> Describe(ExperimentSpec spec, ArmSpec arm)
    {
        var (c1, c2, c3) = spec.Architecture.ConvChannels;
        int grid = spec.Dataset.Side / 4, classes = spec.Architecture.Classes;
        var rotation = new CyclicGroup(4);
        var kernel = LayerGeometry.Analyze(LayerSpace.Kernel(rotation.OnKernelTaps()), KernelSupport.Parse(arm.Support!).ToAdmissibleSpace());
        var head = LayerGeometry.Analyze(LayerSpace.Dense(rotation.OnGrid(grid), SiteAction.Trivial(rotation, 1, "class score")),
            AdmissibleSpace.Full(grid * grid));
        return
        [
            new("conv1", "3×3 kernel", c1, kernel),
            new("conv2", "3×3 kernel", 1L * c1 * c2, kernel),
            new("conv3", "3×3 kernel", 1L * c2 * c3, kernel),
            new("linear", $"{grid}×{grid} grid → class score", 1L * c3 * classes, head),
        ];
    }

    /// <inheritdoc />
    public DataGroupAction DataAction(ExperimentSpec spec, ArmSpec arm) => DataGroupActions.ImageRotations(spec.Dataset.Side);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string field, string problem) => throw new ExperimentSpecException(field, problem);
}
