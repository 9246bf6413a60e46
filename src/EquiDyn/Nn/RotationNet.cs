using System.Collections.Concurrent;
using EquiDyn.Symmetry;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The C4 classification model <c>RotationNet(ns=[1,32,32], n=14, fully_connected=True, ms=[32])</c> (docs/experiments/groups.md
/// <c>rot_class</c>): MNIST digits, C4 rotating the pixels by quarter turns.
/// </summary>
/// <remarks>
/// <para>
/// Input: n×n images [b, 1, n, n] (MNIST resized to 14×14 and centred, x − 0.5), site (r, c) at n·r + c. Stages
/// (<see cref="InvariantMlp"/>): SiteLinear 1 → 32 and 32 → 32 between n×n grids (blocks n²×n²), each followed by
/// LeakyReLU(0.01); invariant head 32 grid channels → 32 features, then LeakyReLU (RotationNet overrides the
/// translation models' tanh, docs/experiments/groups.md); LayerNorm(32) without affine; FC 32 → 10. Output [b, 10] raw class scores for cross-entropy (the paper code's Softmax before CrossEntropyLoss, a
/// double softmax, is not copied: docs/paper-code.md B12).
/// </para>
/// <para>
/// C4 acts on block entries (o, i) by rotating both pixels. On an even grid no pixel is fixed by a non-trivial rotation,
/// so every orbit has 4 entries and dim E = n⁴/4 (9,604 for n = 14); on an odd grid only the centre is fixed and
/// dim E = (n⁴ + 3)/4 (Burnside). The invariant head's E is spanned by the C4 orbits of pixels: n²/4 (even n) or
/// (n² + 3)/4 (odd n).
/// </para>
/// </remarks>
public static class RotationNet
{
    private static readonly ConcurrentDictionary<int, MlpGeometry> Cache = new();

    /// <summary>Builds the nominal model: every layer in L = H, unitary indicator basis.</summary>
    /// <param name="imageSize">n, the image side (paper: 14).</param>
    /// <param name="channels">Channels of the dense grid layers (paper: [32, 32]).</param>
    /// <param name="widths">Invariant widths: head then FC layers (paper: [32]).</param>
    /// <param name="classes">Number of classes (paper: 10).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork Build(int imageSize = 14, int[]? channels = null, int[]? widths = null, int classes = 10,
        ScalarType dtype = ScalarType.Float32) =>
        InvariantMlp.ImageClassifier("rotation_net", Geometry(imageSize), equivariant: false, channels, widths, classes, InvariantActivation.LeakyRelu, dtype);

    /// <summary>Builds the equivariant model: every layer parametrized by the orthonormal orbit basis of E.</summary>
    /// <param name="imageSize">n, the image side (paper: 14).</param>
    /// <param name="channels">Channels of the dense grid layers (paper: [32, 32]).</param>
    /// <param name="widths">Invariant widths: head then FC layers (paper: [32]).</param>
    /// <param name="classes">Number of classes (paper: 10).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork BuildEquivariant(int imageSize = 14, int[]? channels = null, int[]? widths = null,
        int classes = 10, ScalarType dtype = ScalarType.Float32) =>
        InvariantMlp.ImageClassifier("rotation_net", Geometry(imageSize), equivariant: true, channels, widths, classes, InvariantActivation.LeakyRelu, dtype);

    /// <summary>The block geometries of C4 on an n×n grid, analysed once per n and shared.</summary>
    public static MlpGeometry Geometry(int imageSize)
    {
        InvariantMlp.RequireImageSize(imageSize);
        return Cache.GetOrAdd(imageSize, n => MlpGeometry.Of(new CyclicGroup(4).OnGrid(n)));
    }

    /// <summary>
    /// The translation experiment's initialisation (docs/experiments/translation.md; the rotation models share the paper code's
    /// ProjectNet recipe), then Π_E: grid layers N(0,1)/(n·√C_in); the invariant head N(0,1)/√C_out
    /// constant over the n² positions; FC layers N(0,1)·n/C_in (14/32).
    /// </summary>
    /// <param name="network">A network built by this class.</param>
    /// <param name="imageSize">n, as passed to the builder.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The loaded blocks, to start other strategies from the same point.</returns>
    public static Tensor[] InitializeAsPaper(StructuredNetwork network, int imageSize, long seed) =>
        InvariantMlp.InitializeImageClassifierAsPaper(network, imageSize, seed);
}
