using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Checks;

/// <summary>Which update rules keep E∩L invariant (docs/concepts.md): predictions and measurements on the small CNN.</summary>
public class OptimizerInvarianceCheckTests(ITestOutputHelper output)
{
    private static readonly OptimizerSettings Adam = new(OptimizerKind.Adam);
    private static readonly OptimizerSettings Nesterov = new(OptimizerKind.Momentum, Nesterov: true, WeightDecay: 0.01);

    [Fact]
    public void TheTheoryPredictsInvarianceOnlyUnderItsThreeConditions()
    {
        // The derivation of docs/concepts.md: invariant L, unitary basis, and a coordinate-free rule or a permuted basis.
        Assert.True(OptimizerInvarianceTheory.Predicts(true, KernelBasisKind.Unitary, Adam));
        Assert.True(OptimizerInvarianceTheory.Predicts(true, KernelBasisKind.UnitaryRotated, Nesterov));
        Assert.False(OptimizerInvarianceTheory.Predicts(true, KernelBasisKind.UnitaryRotated, Adam));
        Assert.False(OptimizerInvarianceTheory.Predicts(true, KernelBasisKind.UnitaryRotated, new OptimizerSettings(OptimizerKind.AdamW, WeightDecay: 0.01)));
        Assert.False(OptimizerInvarianceTheory.Predicts(true, KernelBasisKind.NonUnitary, OptimizerSettings.Sgd));
        Assert.False(OptimizerInvarianceTheory.Predicts(false, KernelBasisKind.Unitary, OptimizerSettings.Sgd));
    }

    [Theory]
    [InlineData(KernelBasisKind.Unitary, "adam", true)]
    [InlineData(KernelBasisKind.UnitaryRotated, "nesterov", true)]
    [InlineData(KernelBasisKind.UnitaryRotated, "adam", false)]
    [InlineData(KernelBasisKind.NonUnitary, "sgd", false)]
    public void TheCrossStaysOrLeavesAsPredicted(KernelBasisKind basis, string optimizer, bool stays)
    {
        var r = Measure(KernelSupport.Cross, basis, basis, optimizer, steps: 4);
        output.WriteLine($"{r.Basis} {r.Optimizer}: {string.Join(", ", r.RelativeDistance.Select(d => d.ToString("E2")))}");
        Assert.Equal(stays, r.Predicted);
        Assert.True(r.MatchesTheory, r.Verdict);
        if (stays) Assert.All(r.RelativeDistance, d => Assert.True(d < 1e-13, $"{d:E2}: float64 rounding is ~1e-16"));
        else Assert.True(r.Final > 1e-5, $"{r.Final:E2}: a bias off E∩L shows at once");
    }

    [Fact]
    public void TheCheckFailsWhenTheBasisIsNotUnitary()
    {
        // Injected bug: a cell declared rotated-unitary whose kernels are in fact the paper's non-unitary basis.
        var r = Measure(KernelSupport.Cross, KernelBasisKind.UnitaryRotated, KernelBasisKind.NonUnitary, "sgd", steps: 3);
        Assert.True(r.Predicted);
        Assert.False(r.MatchesTheory, r.Verdict);
    }

    [Fact]
    public void TheCheckFailsWhenTheSupportIsNotInvariant()
    {
        // Injected bug: the skew support declared invariant.
        using var scope = NewDisposeScope();
        var net = Start(SmallConvNetCase.Network(KernelSupport.Skew));
        var cell = new OptimizerCell("skew", SupportInvariant: true, KernelBasisKind.Unitary, "sgd", OptimizerSettings.Sgd, net);
        var r = OptimizerInvarianceCheck.Run(new[] { cell }, SmallConvNetCase.Data(), LossKind.MseOneHot, SmallConvNetCase.Rotations, 1e-3, 3).Single();
        Assert.False(r.MatchesTheory, r.Verdict);
    }

    private static OptimizerCellResult Measure(KernelSupport support, KernelBasisKind declared, KernelBasisKind actual, string optimizer, int steps)
    {
        using var scope = NewDisposeScope();
        var net = Start(SmallConvNetCase.Network(support, actual));
        var settings = OptimizerInvarianceCheck.StandardOptimizers.Single(o => o.Name == optimizer).Settings;
        var cell = new OptimizerCell(support.Name, net.Layers[0].Geometry.IsCompatible, declared, optimizer, settings, net);
        return OptimizerInvarianceCheck.Run(new[] { cell }, SmallConvNetCase.Data(), LossKind.MseOneHot, SmallConvNetCase.Rotations, 1e-3, steps).Single();
    }

    private static StructuredNetwork Start(StructuredNetwork net)
    {
        var reference = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(reference, 5);
        net.LoadWeightsFrom(reference);
        ExactAugmentationCheck.ProjectOntoIntersection(net);
        return net;
    }
}
