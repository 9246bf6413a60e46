using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Support;

/// <summary>A small C4 CNN (12×12 images, 3/4/4 channels, 3 classes) on seeded random data: the paper's main
/// architecture at a size where float64 theorem checks take well under a second.</summary>
public static class SmallConvNetCase
{
    public const int ImageSize = 12; // a 3×3 head grid: on 2×2 the LayerNorm makes every invariant head output exactly 0
    public static readonly (int, int, int) Hidden = (3, 4, 4);
    public const int Classes = 3;

    /// <summary>N random images with random labels: data with no symmetry, so the nominal gradient leaves E.</summary>
    public static TensorDataset Data(int count = 24, long seed = 5)
    {
        var g = new Generator((ulong)seed);
        var x = randn(new long[] { count, 1, ImageSize, ImageSize }, dtype: ScalarType.Float64, generator: g).DetachFromDisposeScope();
        var y = randint(Classes, new long[] { count }, generator: g).DetachFromDisposeScope();
        return new TensorDataset(x, y);
    }

    public static DataGroupAction Rotations => DataGroupActions.ImageRotations(ImageSize);

    public static StructuredNetwork Network(KernelSupport support, KernelBasisKind basis = KernelBasisKind.Unitary) =>
        RotationConvNet.Build(support, basis, basisSeed: 11, ImageSize, Hidden, Classes, ScalarType.Float64);

    public static StructuredNetwork Equivariant(KernelSupport support) =>
        RotationConvNet.BuildEquivariant(support, ImageSize, Hidden, Classes, ScalarType.Float64);
}
