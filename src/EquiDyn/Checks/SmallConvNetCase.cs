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

    /// <summary>Samples of the stationary-point check's teacher data (<see cref="TeacherData"/>).</summary>
    public const int StationarySamples = 60;

    /// <summary>Standard deviation of the teacher data's noise, relative to the standard deviation of the teacher's
    /// outputs.</summary>
    public const double TeacherNoise = 1e-3;

    /// <summary>The stationary-point check's data: <see cref="StationarySamples"/> seeded N(0,1) images whose targets are
    /// the outputs of <paramref name="teacher"/> (a network of E∩L, so an invariant function) plus independent Gaussian
    /// noise of relative size <see cref="TeacherNoise"/>; the regression loss is <see cref="LossKind.Mse"/>.</summary>
    /// <remarks>
    /// Why this case: T1 needs a genuinely stationary point, and float64 refinement reaches one quickly only where the
    /// minimum is isolated and well-conditioned. Targets that the network almost fits make the risk near the teacher a
    /// nearly zero-residual least-squares problem (Hessian ≈ JᵀJ, 180 residuals against 98 (cross) or 67 (skew)
    /// coordinates of E∩L); the check's anchored ridge (<see cref="StationaryPointCheck.DefaultAnchor"/>) lifts what
    /// JᵀJ leaves flat and the small negative curvature the noise adds, so, started at the teacher, damped Newton with
    /// the exact E∩L Hessian converges quadratically to the minimum, O(noise) away. (With the random labels of
    /// <see cref="Data"/> the start is deep in a saddle region: L-BFGS and Newton ran for hundreds of iterations without
    /// reaching 1e-10.) The noise is what makes the check informative: it is not invariant, so at the minimum the nominal
    /// gradient keeps a component off E, and for the incompatible skew support Π_LΠ_E∇R does not vanish (T1(c)).
    /// </remarks>
    public static TensorDataset TeacherData(StructuredNetwork teacher, long seed, int count = StationarySamples)
    {
        using var scope = NewDisposeScope();
        var inputs = Data(count, seed).Inputs;
        var g = new Generator((ulong)seed + 1);
        Tensor outputs;
        using (no_grad()) outputs = teacher.call(inputs).detach();
        var targets = outputs + randn(outputs.shape, dtype: ScalarType.Float64, generator: g) * (TeacherNoise * outputs.std().item<double>());
        return new TensorDataset(inputs.DetachFromDisposeScope(), targets.DetachFromDisposeScope());
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
