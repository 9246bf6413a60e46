using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The paper code's fully connected <c>ProjectNet</c> MLPs (docs/experiments/permutation.md, docs/experiments/translation.md, docs/experiments/groups.md) for any group acting on the
/// sites of the input: dense site layers, an invariant head, LayerNorm, then fully connected layers between invariant
/// features. Every linear map is a <see cref="SiteLinear"/> with its exact <see cref="BlockGeometry"/>.
/// </summary>
/// <remarks>
/// <para>
/// Stages, for input [b, 1, …] with S sites per sample (any trailing shape, e.g. [b, 1, n, n] or [b, 1, n²]), site
/// channels c_1 … c_K and invariant widths m_0 … m_J:
/// reshape to [b, 1, S]; for k = 1 … K: SiteLinear c_{k−1} → c_k (S×S blocks), LeakyReLU(0.01);
/// SiteLinear c_K → m_0 (1×S blocks, the invariant head), then tanh or LeakyReLU; reshape to [b, m_0];
/// LayerNorm(m_0) without affine; for j = 1 … J: SiteLinear m_{j−1} → m_j (1×1 blocks), LeakyReLU;
/// SiteLinear m_J → outputs (1×1 blocks); reshape to [b, outputs]; optionally Sigmoid.
/// </para>
/// <para>
/// The group acts on the S sites of every site channel alike and trivially on the invariant features, so every fixed
/// stage is G-equivariant (point-wise maps; LayerNorm of invariant features) and A ∈ E makes Φ_A invariant
/// (docs/concepts.md, L1). The nominal model parametrizes L = H by the unitary indicator (identity) basis, the equivariant
/// model by the orthonormal orbit basis of E = E∩L; trivial → trivial layers have E = H, so both forms coincide there.
/// Outputs are raw scores unless <c>sigmoidOutput</c>: the paper code's Softmax before CrossEntropyLoss (docs/paper-code.md B12, a double
/// softmax) is not copied; use cross-entropy on the raw scores.
/// </para>
/// </remarks>
public static class InvariantMlp
{
    /// <summary>Builds the network.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="geometry">The three block geometries of the group acting on the input sites.</param>
    /// <param name="equivariant">True: parametrize every layer by the orthonormal basis of E∩L; false: by the indicator basis of L = H.</param>
    /// <param name="siteChannels">Output channels c_1 … c_K of the dense site layers (at least one).</param>
    /// <param name="invariantWidths">Widths m_0 (invariant head) … m_J of the invariant features (at least one).</param>
    /// <param name="outputs">Number of outputs of the last layer.</param>
    /// <param name="headActivation">Non-linearity after the invariant head.</param>
    /// <param name="sigmoidOutput">Whether a Sigmoid follows the last layer (binary targets).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork Build(string name, MlpGeometry geometry, bool equivariant, IReadOnlyList<int> siteChannels,
        IReadOnlyList<int> invariantWidths, int outputs, InvariantActivation headActivation, bool sigmoidOutput, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        RequireWidths(siteChannels, nameof(siteChannels));
        RequireWidths(invariantWidths, nameof(invariantWidths));
        if (outputs <= 0) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "needs at least one output");
        int s = geometry.Sites.SiteCount;
        var stages = new List<nn.Module<Tensor, Tensor>> { new Reshape(1, s) };
        int previous = 1;
        for (int k = 0; k < siteChannels.Count; k++)
        {
            stages.Add(Layer($"sites{k}", previous, s, siteChannels[k], s, geometry.SitesToSites, equivariant, dtype));
            stages.Add(nn.LeakyReLU(0.01));
            previous = siteChannels[k];
        }
        int m0 = invariantWidths[0];
        stages.Add(Layer("invariant", previous, s, m0, 1, geometry.SitesToInvariant, equivariant, dtype));
        stages.Add(headActivation == InvariantActivation.Tanh ? nn.Tanh() : nn.LeakyReLU(0.01));
        stages.Add(new Reshape(m0));
        stages.Add(nn.LayerNorm(new long[] { m0 }, elementwise_affine: false, dtype: dtype));
        previous = m0;
        for (int j = 1; j < invariantWidths.Count; j++)
        {
            stages.Add(Layer($"fc{j - 1}", previous, 1, invariantWidths[j], 1, geometry.InvariantToInvariant, equivariant, dtype));
            stages.Add(nn.LeakyReLU(0.01));
            previous = invariantWidths[j];
        }
        stages.Add(Layer("output", previous, 1, outputs, 1, geometry.InvariantToInvariant, equivariant, dtype));
        stages.Add(new Reshape(outputs));
        if (sigmoidOutput) stages.Add(nn.Sigmoid());
        return new StructuredNetwork(name, stages);
    }

    /// <summary>
    /// The paper code's initialisation of these MLPs (docs/experiments/), then Π_{E∩L}: dense site layers
    /// N(0,1)·<paramref name="siteScale"/>(C_in, C_out); the invariant head N(0,1)/√C_out, one draw per (out, in) constant
    /// over the positions; fully connected layers N(0,1)·n/C_in. Returns the loaded blocks.
    /// </summary>
    /// <param name="network">A network built by <see cref="Build"/>.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="n">The paper's size constant n (nodes or image side).</param>
    /// <param name="siteScale">Scale of a dense site layer from its (C_in, C_out).</param>
    public static Tensor[] InitializeAsPaper(StructuredNetwork network, long seed, int n, Func<int, int, double> siteScale) =>
        ScaledGaussianInitializer.Initialize(network, seed, layer => layer switch
        {
            SiteLinear { InSites: > 1, OutSites: > 1 } => (siteScale(layer.InChannels, layer.OutChannels), false),
            SiteLinear { InSites: > 1, OutSites: 1 } => (1.0 / Math.Sqrt(layer.OutChannels), true),
            _ => ((double)n / layer.InChannels, false),
        });

    /// <summary>The image classifiers of docs/experiments/translation.md, docs/experiments/groups.md: site channels (default [32, 32]), invariant widths
    /// (default [32]), raw class scores.</summary>
    internal static StructuredNetwork ImageClassifier(string name, MlpGeometry geometry, bool equivariant, int[]? channels,
        int[]? widths, int classes, InvariantActivation headActivation, ScalarType dtype) =>
        Build(equivariant ? name + "_equivariant" : name, geometry, equivariant, Widths(channels, [32, 32], nameof(channels)),
            Widths(widths, [32], nameof(widths)), classes, headActivation, sigmoidOutput: false, dtype);

    /// <summary>The translation experiment's recipe (docs/experiments/translation.md) for an n×n image: site layers N(0,1)/(n·√C_in).</summary>
    internal static Tensor[] InitializeImageClassifierAsPaper(StructuredNetwork network, int imageSize, long seed) =>
        InitializeAsPaper(network, seed, imageSize, (cIn, _) => 1.0 / (imageSize * Math.Sqrt(cIn)));

    internal static void RequireImageSize(int imageSize)
    {
        if (imageSize < 2) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "images need a side of at least 2");
    }

    internal static StructuredLayer Layer(string name, int inChannels, int inSites, int outChannels, int outSites,
        BlockGeometry geometry, bool equivariant, ScalarType dtype) =>
        new SiteLinear(name, inChannels, inSites, outChannels, outSites, geometry,
            equivariant ? geometry.Intersection : geometry.Admissible, dtype);

    internal static int[] Widths(int[]? given, int[] defaults, string name)
    {
        var widths = given ?? defaults;
        RequireWidths(widths, name);
        return widths;
    }

    private static void RequireWidths(IReadOnlyList<int> widths, string name)
    {
        ArgumentNullException.ThrowIfNull(widths, name);
        if (widths.Count == 0 || widths.Any(w => w <= 0))
            throw new ArgumentException($"{name} needs at least one width and every width positive, got [{string.Join(", ", widths)}]", name);
    }
}
