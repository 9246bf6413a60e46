using System.Collections.Concurrent;
using EquiDyn.Symmetry;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The 1-D translation model <c>OneDTranslationNet(ns=[1,32,32], n=14, fully_connected=True, ms=[32])</c> (docs/experiments/translation.md
/// from v2; docs/experiments/translation.md, and docs/experiments/groups.md <c>trans_one</c>): MNIST digits, Z_n cyclically translating the pixels along x (columns).
/// </summary>
/// <remarks>
/// <para>
/// Input: n×n images [b, 1, n, n] (MNIST resized to 14×14 and centred, x − 0.5), site (r, c) at n·r + c. Stages
/// (<see cref="InvariantMlp"/>): SiteLinear 1 → 32 and 32 → 32 between n×n grids (blocks n²×n²), each followed by
/// LeakyReLU(0.01); invariant head 32 grid channels → 32 features, then tanh; LayerNorm(32) without affine;
/// FC 32 → 10. Output [b, 10] raw class scores for cross-entropy (the paper code's Softmax before CrossEntropyLoss, a
/// double softmax, is not copied: docs/paper-code.md B12).
/// </para>
/// <para>
/// Z_n acts freely on the n⁴ entries ((r,c),(r',c')) of a block (shifting c and c' alike), so dim E = n⁴/n = n³ (2,744
/// for n = 14). The invariant head's E is spanned by the row sums (mean over x, one per row): dim E = n.
/// </para>
/// </remarks>
public static class OneDTranslationNet
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
        InvariantMlp.ImageClassifier("one_d_translation_net", Geometry(imageSize), equivariant: false, channels, widths, classes, InvariantActivation.Tanh, dtype);

    /// <summary>Builds the equivariant model: every layer parametrized by the orthonormal orbit basis of E.</summary>
    /// <param name="imageSize">n, the image side (paper: 14).</param>
    /// <param name="channels">Channels of the dense grid layers (paper: [32, 32]).</param>
    /// <param name="widths">Invariant widths: head then FC layers (paper: [32]).</param>
    /// <param name="classes">Number of classes (paper: 10).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork BuildEquivariant(int imageSize = 14, int[]? channels = null, int[]? widths = null,
        int classes = 10, ScalarType dtype = ScalarType.Float32) =>
        InvariantMlp.ImageClassifier("one_d_translation_net", Geometry(imageSize), equivariant: true, channels, widths, classes, InvariantActivation.Tanh, dtype);

    /// <summary>The block geometries of Z_n along x on an n×n grid, analysed once per n and shared.</summary>
    public static MlpGeometry Geometry(int imageSize)
    {
        InvariantMlp.RequireImageSize(imageSize);
        return Cache.GetOrAdd(imageSize, n => MlpGeometry.Of(TranslationGroup.AlongX(n).OnGrid()));
    }

    /// <summary>
    /// The paper code's initialisation (docs/experiments/translation.md), then Π_E: grid layers N(0,1)/(n·√C_in); the invariant head N(0,1)/√C_out constant over the n² positions; FC
    /// layers N(0,1)·n/C_in (14/32).
    /// </summary>
    /// <param name="network">A network built by this class.</param>
    /// <param name="imageSize">n, as passed to the builder.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The loaded blocks, to start other strategies from the same point.</returns>
    public static Tensor[] InitializeAsPaper(StructuredNetwork network, int imageSize, long seed) =>
        InvariantMlp.InitializeImageClassifierAsPaper(network, imageSize, seed);
}
