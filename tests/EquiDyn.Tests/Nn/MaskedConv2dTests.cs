using EquiDyn.Geometry;
using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>The float64 convolution over the support taps against libtorch's own convolution of the same kernels.</summary>
public class MaskedConv2dTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "cross", "indicators" }, { "skew", "indicators" }, { "cross", "intersection" }, { "cross", "random" }, { "full", "indicators" },
    };

    private static MaskedConv2d Layer(string supportName, string basis, int inChannels, int outChannels, ScalarType dtype)
    {
        var support = KernelSupport.Parse(supportName);
        var (geometry, _) = RotationConvNet.Geometry(support, 8);
        BlockBasis parametrization = basis switch
        {
            "indicators" => BlockGeometry.Indicators(support.Mask),
            "intersection" => geometry.Intersection,
            _ => BlockGeometry.Parametrize(Parametrization.RandomNonUnitary(support.Mask, 5)),
        };
        var layer = new MaskedConv2d("conv", inChannels, outChannels, geometry, parametrization, dtype);
        using (no_grad()) layer.Coefficients.copy_(randn_like(layer.Coefficients));
        return layer;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64OutputAndGradientsEqualLibtorchsConvolutionToRounding(string supportName, string basis)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var layer = Layer(supportName, basis, 3, 4, ScalarType.Float64);
        var x = randn(5, 3, 9, 7, dtype: ScalarType.Float64).requires_grad_(true); // non-square: rows and columns kept apart
        var upstream = randn(5, 4, 9, 7, dtype: ScalarType.Float64);

        var y = layer.call(x);
        y.backward(new[] { upstream });
        var (gx, gtheta) = (x.grad!.clone(), layer.Coefficients.grad!.clone());
        x.grad!.zero_();
        layer.Coefficients.grad!.zero_();
        // Reference: libtorch's convolution of the synthesised kernels Mθ (all k² taps, the zero ones included).
        var kernel = layer.WeightBlocks().reshape(4, 3, 3, 3);
        var reference = nn.functional.conv2d(x, kernel, padding: new long[] { 1, 1 });
        reference.backward(new[] { upstream });

        // 27 products per output entry of O(1) terms: float64 rounding is ~1e-15 of the scale; 1e-13 leaves room for
        // another summation order and nothing else (a missing or misplaced tap changes entries at O(1)).
        Assert.Equal(new long[] { 5, 4, 9, 7 }, y.shape);
        AssertClose(reference, y);
        AssertClose(x.grad!, gx);
        AssertClose(layer.Coefficients.grad!, gtheta);
    }

    [Fact]
    public void TheSupportIsTheTapsOfTheParametrization()
    {
        using var scope = NewDisposeScope();
        // Row-major taps of a 3×3 kernel: the cross is the centre (4) and its four edge neighbours (1, 3, 5, 7).
        Assert.Equal(new[] { 1, 3, 4, 5, 7 }, Layer("cross", "indicators", 1, 1, ScalarType.Float64).SupportTaps);
        Assert.Equal(new[] { 1, 3, 4, 5, 7 }, Layer("cross", "intersection", 1, 1, ScalarType.Float64).SupportTaps);
        Assert.Equal(Enumerable.Range(0, 9), Layer("full", "indicators", 1, 1, ScalarType.Float64).SupportTaps);
    }

    [Fact]
    public void PinnedWeightsOutsideTheSupportAreConvolvedWithEveryTap()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var layer = Layer("cross", "indicators", 2, 3, ScalarType.Float64);
        var pinned = randn(3, 2, 9, dtype: ScalarType.Float64); // a point of H: non-zero corners too
        var x = randn(2, 2, 6, 6, dtype: ScalarType.Float64);
        var net = new StructuredNetwork("one", new nn.Module<Tensor, Tensor>[] { layer });
        Tensor y;
        using (net.PinWeights(new[] { pinned })) y = net.call(x);
        AssertClose(nn.functional.conv2d(x, pinned.reshape(3, 2, 3, 3), padding: new long[] { 1, 1 }), y);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        double scale = expected.abs().max().item<double>();
        double error = (expected - actual).abs().max().item<double>();
        Assert.True(error <= 1e-13 * scale, $"max |difference| {error:E2} against scale {scale:E2}");
    }
}
