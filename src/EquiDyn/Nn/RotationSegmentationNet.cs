using System.Collections.Concurrent;
using EquiDyn.Symmetry;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The rotation experiment's segmentation model <c>RotationNet(ns=[1,32,32,16,2], n=14, fully_connected=False)</c>
/// (docs/experiments/rotation.md, SimpleShapes): C4 rotating the pixels of the image and of both masks alike.
/// </summary>
/// <remarks>
/// <para>
/// Input [b, 1, n, n]; stages: reshape to [b, 1, n²]; four dense SiteLinear layers between n×n grids, 1 → 32 → 32 → 16 → 2
/// (blocks n²×n²), each followed by LeakyReLU(0.01), the last included; <see cref="ChannelLayerNorm"/> over the 2
/// channels at each pixel, no affine; Sigmoid; reshape to [b, 2, n, n]. Output channel 0 is the triangle mask,
/// channel 1 the pentagon mask; loss BCE against both masks.
/// </para>
/// <para>
/// Every layer maps grid → grid, so the model is C4-<em>equivariant</em> for A ∈ E: Φ_A(ρ(g)x) = ρ(g)Φ_A(x) with ρ rotating
/// each mask channel. Every orbit of C4 on the entries of an n²×n² block has 4 entries on an even grid: dim E = n⁴/4
/// (9,604 for n = 14); (n⁴ + 3)/4 on an odd grid. The per-pixel LayerNorm commutes with any permutation of pixels.
/// </para>
/// </remarks>
public static class RotationSegmentationNet
{
    private static readonly ConcurrentDictionary<int, MlpGeometry> Cache = new();

    /// <summary>Builds the nominal model: every layer in L = H, unitary indicator basis.</summary>
    /// <param name="imageSize">n, the image side (paper: 14).</param>
    /// <param name="channels">Output channels of the dense layers, the last being the number of masks (paper: [32, 32, 16, 2]).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork Build(int imageSize = 14, int[]? channels = null, ScalarType dtype = ScalarType.Float32) =>
        Create(imageSize, channels, equivariant: false, dtype);

    /// <summary>Builds the equivariant model: every layer parametrized by the orthonormal orbit basis of E.</summary>
    /// <param name="imageSize">n, the image side (paper: 14).</param>
    /// <param name="channels">Output channels of the dense layers, the last being the number of masks (paper: [32, 32, 16, 2]).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork BuildEquivariant(int imageSize = 14, int[]? channels = null, ScalarType dtype = ScalarType.Float32) =>
        Create(imageSize, channels, equivariant: true, dtype);

    /// <summary>The block geometries of C4 on an n×n grid, analysed once per n and shared (only
    /// <see cref="MlpGeometry.SitesToSites"/> is used).</summary>
    public static MlpGeometry Geometry(int imageSize)
    {
        InvariantMlp.RequireImageSize(imageSize);
        return Cache.GetOrAdd(imageSize, n => MlpGeometry.Of(new CyclicGroup(4).OnGrid(n)));
    }

    /// <summary>
    /// The translation experiment's scaled Gaussians (docs/experiments/translation.md), N(0,1)/(n·√C_in) for every layer, then Π_E. The
    /// paper code's segmentation reset scales the last layer with a leftover loop variable (docs/paper-code.md B13); that is not copied.
    /// </summary>
    /// <param name="network">A network built by this class.</param>
    /// <param name="imageSize">n, as passed to the builder.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The loaded blocks, to start other strategies from the same point.</returns>
    public static Tensor[] InitializeAsPaper(StructuredNetwork network, int imageSize, long seed) =>
        ScaledGaussianInitializer.Initialize(network, seed, layer => (1.0 / (imageSize * Math.Sqrt(layer.InChannels)), false));

    private static StructuredNetwork Create(int imageSize, int[]? channels, bool equivariant, ScalarType dtype)
    {
        var widths = InvariantMlp.Widths(channels, [32, 32, 16, 2], nameof(channels));
        var geometry = Geometry(imageSize);
        int s = imageSize * imageSize;
        var stages = new List<nn.Module<Tensor, Tensor>> { new Reshape(1, s) };
        int previous = 1;
        for (int k = 0; k < widths.Length; k++)
        {
            stages.Add(InvariantMlp.Layer($"sites{k}", previous, s, widths[k], s, geometry.SitesToSites, equivariant, dtype));
            stages.Add(nn.LeakyReLU(0.01));
            previous = widths[k];
        }
        stages.Add(new ChannelLayerNorm(previous));
        stages.Add(nn.Sigmoid());
        stages.Add(new Reshape(previous, imageSize, imageSize));
        return new StructuredNetwork(equivariant ? "rotation_segmentation_net_equivariant" : "rotation_segmentation_net", stages);
    }
}
