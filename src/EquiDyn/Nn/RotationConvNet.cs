using EquiDyn.Geometry;
using EquiDyn.Symmetry;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The main experiment's C4 CNNs (docs/experiments/mnist-c4.md) with their exact geometry: the group rotates the 3×3 kernel taps of
/// every convolution and the final (n/4)×(n/4) feature grid of the head; class scores carry the trivial action.
/// </summary>
/// <remarks>
/// Non-equivariant model ("omegaConvNet"): kernels in L = kernels supported on ω, parametrized unitarily or by the
/// paper's random basis; head: all of H (a full linear map). Equivariant model ("eqvConvNet"): every layer
/// parametrized by the orthonormal orbit basis of E∩L (mid/side[/corner] per kernel; 13 orbit coefficients per
/// (class, channel) for the 7×7 head). For the skew support E∩L keeps only "side".
/// </remarks>
public static class RotationConvNet
{
    /// <summary>Builds the non-equivariant model in L.</summary>
    /// <param name="support">The kernel support ω.</param>
    /// <param name="basis">Unitary indicator basis, the rotated unitary basis or the random non-unitary basis.</param>
    /// <param name="basisSeed">Seed of the non-unitary or rotated basis (one draw per layer: seed, seed+1, seed+2).</param>
    /// <param name="imageSize">Input side (28 for MNIST).</param>
    /// <param name="hidden">Channels of the three convolutions.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork Build(KernelSupport support, KernelBasisKind basis, int basisSeed, int imageSize,
        (int, int, int) hidden, int classes, ScalarType dtype)
    {
        var (kernel, head) = Geometry(support, imageSize);
        return ConvNet.Build(imageSize, hidden, classes,
            layer => (kernel, basis switch
            {
                KernelBasisKind.Unitary => BlockGeometry.Indicators(support.Mask),
                KernelBasisKind.UnitaryRotated => RotatedUnitaryBasis.Create(KernelSpace.OrbitIds, support.Mask, basisSeed + layer),
                _ => BlockGeometry.Parametrize(Parametrization.RandomNonUnitary(support.Mask, basisSeed + layer)),
            }),
            (head, head.Admissible), dtype);
    }

    /// <summary>Builds the equivariant model, parametrized in orthonormal bases of E∩L.</summary>
    public static StructuredNetwork BuildEquivariant(KernelSupport support, int imageSize, (int, int, int) hidden, int classes,
        ScalarType dtype)
    {
        var (kernel, head) = Geometry(support, imageSize);
        return ConvNet.Build(imageSize, hidden, classes, _ => (kernel, kernel.Intersection), (head, head.Intersection), dtype);
    }

    /// <summary>C4 on the taps of a 3×3 kernel: the orbits (corners, sides, centre) of <see cref="KernelBasisKind.UnitaryRotated"/>.</summary>
    public static LayerSpace KernelSpace { get; } = LayerSpace.Kernel(new CyclicGroup(4).OnKernelTaps());

    /// <summary>The geometry of a kernel with support ω and of the head from the (n/4)² feature grid to a class.</summary>
    public static (BlockGeometry Kernel, BlockGeometry Head) Geometry(KernelSupport support, int imageSize)
    {
        var c4 = new CyclicGroup(4);
        var kernel = LayerGeometry.Analyze(LayerSpace.Kernel(c4.OnKernelTaps()), support.ToAdmissibleSpace());
        int side = imageSize / 4;
        var headSpace = LayerSpace.Dense(c4.OnGrid(side), SiteAction.Trivial(c4, 1));
        var head = LayerGeometry.Analyze(headSpace, AdmissibleSpace.Full(headSpace.Dimension));
        return (BlockGeometry.From(kernel), BlockGeometry.From(head));
    }
}
