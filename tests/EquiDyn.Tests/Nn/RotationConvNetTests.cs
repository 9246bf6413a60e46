using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Tests.Support;
using EquiDyn.Checks;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

public class RotationConvNetTests
{
    public static TheoryData<string> Supports => new() { "cross", "skew", "full" };

    [Theory]
    [MemberData(nameof(Supports))]
    public void ANetworkInEIntersectLIsRotationInvariant(string supportName)
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Parse(supportName));
        NetworkInitializer.ProjectedGaussian(net, seed: 1);
        EquivarianceAssert.Holds(x => net.call(x), SmallConvNetCase.Rotations, SmallConvNetCase.Data(4).Inputs);
    }

    [Fact]
    public void TheEquivariantModelIsInvariantAtAnyParameterValue()
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        using (no_grad())
            foreach (var p in net.Coefficients) p.copy_(randn_like(p));
        EquivarianceAssert.Holds(x => net.call(x), SmallConvNetCase.Rotations, SmallConvNetCase.Data(4).Inputs);
    }

    [Fact]
    public void APointOutsideEBreaksInvariance()
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Cross);
        using (no_grad())
            foreach (var p in net.Coefficients) p.copy_(randn_like(p) * 0.3);
        EquivarianceAssert.Breaks(x => net.call(x), SmallConvNetCase.Rotations, SmallConvNetCase.Data(4).Inputs);
    }

    [Theory]
    [InlineData(KernelBasisKind.Unitary)]
    [InlineData(KernelBasisKind.NonUnitary)]
    public void WeightTransferFromTheEquivariantModelIsExact(KernelBasisKind basis)
    {
        using var scope = NewDisposeScope();
        var eq = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(eq, seed: 3);
        var net = SmallConvNetCase.Network(KernelSupport.Cross, basis);
        net.LoadWeightsFrom(eq);
        var x = SmallConvNetCase.Data(4).Inputs;
        var reference = eq.call(x);
        double gap = (net.call(x) - reference).abs().max().item<double>() / reference.abs().max().item<double>();
        // Unitary: a copy (rounding only). Non-unitary: least squares on a random 5×5 basis, error ~ κ·ε ≲ 1e-13.
        Assert.True(gap < 1e-11, $"outputs differ by {gap} (relative)");
        Assert.Equal(basis == KernelBasisKind.Unitary, net.Layers[0].Parametrization.IsOrthonormal);
    }

    [Fact]
    public void ParameterCountsMatchThePaper()
    {
        // docs/experiments/mnist-c4.md parameter table (hidden 32/64/64, 28×28 MNIST, 10 classes).
        var cross = RotationConvNet.BuildEquivariant(KernelSupport.Cross, 28, (32, 64, 64), 10, ScalarType.Float32);
        var skew = RotationConvNet.BuildEquivariant(KernelSupport.Skew, 28, (32, 64, 64), 10, ScalarType.Float32);
        var full = RotationConvNet.Build(KernelSupport.Cross, KernelBasisKind.Unitary, 0, 28, (32, 64, 64), 10, ScalarType.Float32);
        Assert.Equal(new long[] { 64, 4096, 8192, 8320 }, cross.Coefficients.Select(p => p.numel()));
        Assert.Equal(new long[] { 32, 2048, 4096, 8320 }, skew.Coefficients.Select(p => p.numel()));
        Assert.Equal(new long[] { 160, 10240, 20480, 31360 }, full.Coefficients.Select(p => p.numel()));
    }
}
