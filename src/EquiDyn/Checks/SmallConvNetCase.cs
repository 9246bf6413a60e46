using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>
/// The paper's main architecture (the C4 CNN of docs/experiments/mnist-c4.md) at a size where every float64 theorem check runs in
/// seconds: 12×12 images, 3/4/4 channels, 3 classes, 24 seeded random images with random labels. Used by
/// <c>equidyn check</c> and by the tests.
/// </summary>
/// <remarks>
/// The data have no symmetry on purpose, so the nominal gradient has a large component off E and every identity
/// checked is informative. The images are 12×12 so that the head sees a 3×3 grid: on a 2×2 grid the spatial LayerNorm
/// makes every invariant head output exactly 0.
/// </remarks>
public static class SmallConvNetCase
{
    /// <summary>Image side.</summary>
    public const int ImageSize = 12;

    /// <summary>Channels of the three convolutions.</summary>
    public static readonly (int, int, int) Hidden = (3, 4, 4);

    /// <summary>Number of classes.</summary>
    public const int Classes = 3;

    /// <summary><paramref name="count"/> N(0,1) images with uniformly random labels, from a seed.</summary>
    public static TensorDataset Data(int count = 24, long seed = 5)
    {
        var g = new Generator((ulong)seed);
        var x = randn(new long[] { count, 1, ImageSize, ImageSize }, dtype: ScalarType.Float64, generator: g).DetachFromDisposeScope();
        var y = randint(Classes, new long[] { count }, generator: g).DetachFromDisposeScope();
        return new TensorDataset(x, y);
    }

    /// <summary>C4 rotating the images; labels invariant.</summary>
    public static DataGroupAction Rotations => DataGroupActions.ImageRotations(ImageSize);

    /// <summary>The non-equivariant model in L (kernels on the support), float64.</summary>
    public static StructuredNetwork Network(KernelSupport support, KernelBasisKind basis = KernelBasisKind.Unitary) =>
        RotationConvNet.Build(support, basis, basisSeed: 11, ImageSize, Hidden, Classes, ScalarType.Float64);

    /// <summary>The equivariant model in E∩L, float64.</summary>
    public static StructuredNetwork Equivariant(KernelSupport support) =>
        RotationConvNet.BuildEquivariant(support, ImageSize, Hidden, Classes, ScalarType.Float64);
}
