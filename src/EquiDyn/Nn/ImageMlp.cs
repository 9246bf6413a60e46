using System.Collections.Concurrent;
using EquiDyn.Symmetry;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>One member of the paper's image-classifier MLP family (<see cref="ImageMlp"/>): the group acting on the
/// pixels, the paper code's model name and the non-linearity after the invariant head.</summary>
/// <param name="Group">The group's registry name (<see cref="GroupRegistry"/>).</param>
/// <param name="PaperName">The paper code's class (RotationNet, TranslationNet, …).</param>
/// <param name="ModuleName">The module name of the built network (<c>_equivariant</c> appended for the model in E∩L).</param>
/// <param name="Head">The non-linearity after the invariant head (tanh for the translation models, LeakyReLU for the
/// rotation ones, docs/experiments/groups.md).</param>
/// <param name="Pixels">The group's action on the pixels of an n×n image (site (r, c) at n·r + c).</param>
/// <param name="Description">What the group does and dim E of the blocks, for docs and reports.</param>
public sealed record ImageMlpVariant(string Group, string PaperName, string ModuleName, InvariantActivation Head,
    Func<int, SiteAction> Pixels, string Description);

/// <summary>
/// The image classifiers of the paper's v1/v2 experiments (docs/experiments/translation.md, docs/experiments/groups.md):
/// one architecture, <c>Model(ns=[1,32,32], n=14, fully_connected=True, ms=[32])</c>, for four groups acting on the pixels.
/// </summary>
/// <remarks>
/// <para>
/// Input: n×n images [b, 1, n, n] (MNIST resized to 14×14 and centred, x − 0.5), site (r, c) at n·r + c. Stages
/// (<see cref="InvariantMlp"/>): SiteLinear 1 → 32 and 32 → 32 between n×n grids (blocks n²×n²), each followed by
/// LeakyReLU(0.01); invariant head 32 grid channels → 32 features, then the variant's <see cref="ImageMlpVariant.Head"/>;
/// LayerNorm(32) without affine; FC 32 → 10. Output [b, 10] raw class scores for cross-entropy (the paper code's Softmax
/// before CrossEntropyLoss, a double softmax, is not copied: docs/paper-code.md B12).
/// </para>
/// <para>The four members differ only in the group (<see cref="Variants"/>); E of every block is spanned by the orbit
/// indicators of its entries, computed exactly by <see cref="MlpGeometry"/>:</para>
/// <list type="bullet">
/// <item>C4 (RotationNet): on an even grid every orbit of entries has 4 members, dim E = n⁴/4 (9,604 for n = 14); on an
/// odd grid only the centre pixel is fixed, dim E = (n⁴ + 3)/4 (Burnside). The head: n²/4 or (n² + 3)/4.</item>
/// <item>Z_n² (TranslationNet): free on each offset class, so E = circular convolutions, dim E = n² (196); the head's
/// E is the constant functionals, dim 1.</item>
/// <item>Z_n along x (OneDTranslationNet, the v2+ code): dim E = n³ (2,744); the head's E is the row sums, dim n.</item>
/// <item>Z_n²⋊C4 (RotoTranslationNet): circular convolutions invariant under rotating the offsets, dim E =
/// (n² + 2·fix(R) + fix(R²))/4 with fix(R) = 2, fix(R²) = 4 for even n (51 for n = 14), 1 and 1 for odd n; the head has
/// dim E = 1. The paper code's Π_rot∘Π_trans equals this Π_E (rotations normalise translations, docs/concepts.md).</item>
/// </list>
/// </remarks>
public static class ImageMlp
{
    private static readonly ConcurrentDictionary<(string, int), MlpGeometry> Cache = new();

    /// <summary>The family, one row per group. Adding a group that permutes pixels is one row.</summary>
    public static IReadOnlyList<ImageMlpVariant> Variants { get; } =
    [
        new("c4", "RotationNet", "rotation_net", InvariantActivation.LeakyRelu, n => new CyclicGroup(4).OnGrid(n),
            "C4 rotating the pixels by quarter turns"),
        new("zn2", "TranslationNet", "translation_net", InvariantActivation.Tanh, n => TranslationGroup.Planar(n).OnGrid(),
            "Z_n×Z_n translating the pixels cyclically"),
        new("zn-x", "OneDTranslationNet", "one_d_translation_net", InvariantActivation.Tanh, n => TranslationGroup.AlongX(n).OnGrid(),
            "Z_n translating the pixels cyclically along x (columns)"),
        new("zn2-c4", "RotoTranslationNet", "roto_translation_net", InvariantActivation.LeakyRelu, n => new RotoTranslationGroup(n).OnGrid(),
            "Z_n²⋊C4 translating and rotating the pixels"),
    ];

    /// <summary>The member for a group's registry name, or null.</summary>
    public static ImageMlpVariant? For(string group) => Variants.FirstOrDefault(v => v.Group == group);

    /// <summary>Builds the model: every layer parametrized by the unitary indicator basis of L = H (nominal), or by the
    /// orthonormal orbit basis of E = E∩L (<paramref name="equivariant"/>).</summary>
    /// <param name="variant">The member of the family.</param>
    /// <param name="imageSize">n, the image side (paper: 14).</param>
    /// <param name="channels">Channels of the dense grid layers (paper: [32, 32]).</param>
    /// <param name="widths">Invariant widths: head then FC layers (paper: [32]).</param>
    /// <param name="classes">Number of classes (paper: 10).</param>
    /// <param name="equivariant">Parametrize E∩L instead of L.</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork Build(ImageMlpVariant variant, int imageSize = 14, int[]? channels = null, int[]? widths = null,
        int classes = 10, bool equivariant = false, ScalarType dtype = ScalarType.Float32) =>
        InvariantMlp.ImageClassifier(variant.ModuleName, Geometry(variant, imageSize), equivariant, channels, widths, classes, variant.Head, dtype);

    /// <summary>The block geometries of the variant's group on an n×n grid, analysed once per (group, n) and shared.</summary>
    public static MlpGeometry Geometry(ImageMlpVariant variant, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(variant);
        InvariantMlp.RequireImageSize(imageSize);
        return Cache.GetOrAdd((variant.Group, imageSize), key => MlpGeometry.Of(variant.Pixels(key.Item2)));
    }

    /// <summary>
    /// The paper code's initialisation (docs/experiments/translation.md; the rotation models share its ProjectNet
    /// recipe), then Π_E: grid layers N(0,1)/(n·√C_in); the invariant head N(0,1)/√C_out constant over the n² positions;
    /// FC layers N(0,1)·n/C_in (14/32).
    /// </summary>
    /// <param name="network">A network built by <see cref="Build"/> (nominal or equivariant: the draws are the same).</param>
    /// <param name="imageSize">n, as passed to the builder.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The loaded blocks, to start other strategies from the same point.</returns>
    public static Tensor[] InitializeAsPaper(StructuredNetwork network, int imageSize, long seed) =>
        InvariantMlp.InitializeImageClassifierAsPaper(network, imageSize, seed);
}
