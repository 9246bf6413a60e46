using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The CNN of the paper's main experiment (docs/experiments/mnist-c4.md), at any width and image size:
/// conv → AvgPool(2) → tanh → LayerNorm, twice; conv → tanh → LayerNorm; then a dense head from the last feature map
/// to the classes (trivial action on the outputs).
/// </summary>
/// <remarks>
/// Every fixed stage is C4-equivariant on even grids (tanh point-wise, LayerNorm over the spatial axes without affine
/// parameters, 2×2 average pooling), so A ∈ E makes the whole network invariant (docs/checks.md L1).
/// </remarks>
public static class ConvNet
{
    /// <summary>Builds the network.</summary>
    /// <param name="imageSize">Input side n (divisible by 4): inputs are [b, 1, n, n].</param>
    /// <param name="hidden">Channels of the three convolutions (the paper: 32, 64, 64).</param>
    /// <param name="classes">Outputs (the paper: 10).</param>
    /// <param name="conv">Geometry and parametrization of each convolution's 3×3 blocks, by layer index 0–2.</param>
    /// <param name="head">Geometry and parametrization of the head's blocks (n/4)² → 1.</param>
    /// <param name="dtype">Parameter type (float64 for checks, float32 for experiments).</param>
    public static StructuredNetwork Build(int imageSize, (int, int, int) hidden, int classes,
        Func<int, (BlockGeometry Geometry, BlockBasis Parametrization)> conv,
        (BlockGeometry Geometry, BlockBasis Parametrization) head, ScalarType dtype)
    {
        if (imageSize <= 0 || imageSize % 4 != 0)
            throw new ArgumentException($"image size must be a positive multiple of 4 (two 2×2 poolings), got {imageSize}");
        var (c1, c2, c3) = hidden;
        int n2 = imageSize / 2, n4 = imageSize / 4;
        var (g0, m0) = conv(0);
        var (g1, m1) = conv(1);
        var (g2, m2) = conv(2);
        return new StructuredNetwork("convnet", new nn.Module<Tensor, Tensor>[]
        {
            new MaskedConv2d("conv1", 1, c1, g0, m0, dtype), new AveragePool2x2(), nn.Tanh(), nn.LayerNorm(new long[] { n2, n2 }, elementwise_affine: false, dtype: dtype),
            new MaskedConv2d("conv2", c1, c2, g1, m1, dtype), new AveragePool2x2(), nn.Tanh(), nn.LayerNorm(new long[] { n4, n4 }, elementwise_affine: false, dtype: dtype),
            new MaskedConv2d("conv3", c2, c3, g2, m2, dtype), nn.Tanh(), nn.LayerNorm(new long[] { n4, n4 }, elementwise_affine: false, dtype: dtype),
            new Reshape(c3, n4 * n4),
            new SiteLinear("linear", c3, n4 * n4, classes, 1, head.Geometry, head.Parametrization, dtype),
            new Reshape(classes),
        });
    }
}
