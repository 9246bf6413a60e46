using EquiDyn.Nn;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

public class ChannelLayerNormTests
{
    [Fact]
    public void NormalisesTheChannelsOfEachSite()
    {
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 2, 3, 4, 5 }, dtype: ScalarType.Float64, generator: new Generator(1));
        using var norm = new ChannelLayerNorm(3);
        var mean = x.mean(new long[] { 1 }, keepdim: true);
        var variance = (x - mean).pow(2).mean(new long[] { 1 }, keepdim: true);
        var expected = (x - mean) / (variance + 1e-5).sqrt();
        double gap = (norm.call(x) - expected).abs().max().item<double>();
        Assert.True(gap < 1e-12, $"differs from (x − μ_c)/√(σ²_c + ε) by {gap}");
    }

    [Fact]
    public void CommutesWithRotationsOfThePixels()
    {
        using var scope = NewDisposeScope();
        using var norm = new ChannelLayerNorm(2);
        var x = randn(new long[] { 4, 2, 5, 5 }, dtype: ScalarType.Float64, generator: new Generator(2));
        EquivarianceAssert.Holds(t => norm.call(t), DataGroupActions.MaskedImageRotations(5), x);
    }

    [Fact]
    public void RejectsAWrongChannelCount()
    {
        using var scope = NewDisposeScope();
        using var norm = new ChannelLayerNorm(2);
        Assert.Throws<ArgumentException>(() => norm.call(zeros(1, 3, 4)));
    }
}
