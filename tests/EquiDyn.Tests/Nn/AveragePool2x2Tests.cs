using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>The hand-written 2×2 average pooling against libtorch's <c>avg_pool2d</c>: the same bits, forward and backward.</summary>
public class AveragePool2x2Tests
{
    [Theory]
    [InlineData(ScalarType.Float32, 25, 16, 28, 28)]
    [InlineData(ScalarType.Float32, 3, 5, 14, 6)]
    [InlineData(ScalarType.Float64, 4, 3, 12, 12)]
    [InlineData(ScalarType.Float64, 1, 1, 2, 2)]
    public void GivesLibtorchsOutputAndGradientBitForBit(ScalarType dtype, long b, long c, long h, long w)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var x = randn(new[] { b, c, h, w }, dtype: dtype, generator: generator);
        var weights = randn(new[] { b, c, h / 2, w / 2 }, dtype: dtype, generator: generator); // a loss with a non-uniform gradient

        var mine = x.clone().requires_grad_();
        var theirs = x.clone().requires_grad_();
        var outMine = AveragePool2x2.Apply(mine);
        var outTheirs = nn.functional.avg_pool2d(theirs, new long[] { 2, 2 });
        (outMine * weights).sum().backward();
        (outTheirs * weights).sum().backward();

        Assert.Equal(outTheirs.shape, outMine.shape);
        Assert.True(outMine.equal(outTheirs).all().item<bool>(), "outputs differ");
        Assert.True(mine.grad!.equal(theirs.grad!).all().item<bool>(), "input gradients differ");
    }

    [Fact]
    public void OddSidesAreRefused()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new AveragePool2x2().call(zeros(1, 1, 5, 4)));
        Assert.Contains("h and w even", e.Message);
    }
}
