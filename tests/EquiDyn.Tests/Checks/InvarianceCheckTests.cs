using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Checks;

/// <summary>T2's check separates staying at rounding level, rounding amplified by an instability, and a slow bias.</summary>
public class InvarianceCheckTests(ITestOutputHelper output)
{
    private const double Epsilon = 1e-11;

    /// <summary>Multiplies the input by 1 + ε·P for a fixed pattern P with no rotation symmetry: an equivariance defect of
    /// order ε (like an off-by-one in padding), which biases the augmented gradient off E by O(ε) at every step.</summary>
    private sealed class TinyAsymmetry : nn.Module<Tensor, Tensor>
    {
        private readonly Tensor _factor;

        public TinyAsymmetry(int size, double epsilon) : base("tiny-asymmetry")
        {
            var pattern = arange(size * size, dtype: ScalarType.Float64).reshape(1, 1, size, size) / (size * size);
            _factor = (1 + epsilon * pattern).DetachFromDisposeScope();
        }

        public override Tensor forward(Tensor input) => input * _factor;
    }

    /// <summary>The small CNN of <see cref="SmallConvNetCase"/> (same stages as <see cref="ConvNet"/>) with the defect first.</summary>
    private static StructuredNetwork Biased(double epsilon)
    {
        int n = SmallConvNetCase.ImageSize, n2 = n / 2, n4 = n / 4;
        var (c1, c2, c3) = SmallConvNetCase.Hidden;
        var (kernel, head) = RotationConvNet.Geometry(KernelSupport.Cross, n);
        var unitary = BlockGeometry.Indicators(KernelSupport.Cross.Mask);
        const ScalarType f64 = ScalarType.Float64;
        return new StructuredNetwork("biased", new nn.Module<Tensor, Tensor>[]
        {
            new TinyAsymmetry(n, epsilon),
            new MaskedConv2d("conv1", 1, c1, kernel, unitary, f64), nn.AvgPool2d(2), nn.Tanh(), nn.LayerNorm(new long[] { n2, n2 }, elementwise_affine: false, dtype: f64),
            new MaskedConv2d("conv2", c1, c2, kernel, unitary, f64), nn.AvgPool2d(2), nn.Tanh(), nn.LayerNorm(new long[] { n4, n4 }, elementwise_affine: false, dtype: f64),
            new MaskedConv2d("conv3", c2, c3, kernel, unitary, f64), nn.Tanh(), nn.LayerNorm(new long[] { n4, n4 }, elementwise_affine: false, dtype: f64),
            new Reshape(c3, n4 * n4),
            new SiteLinear("linear", c3, n4 * n4, SmallConvNetCase.Classes, 1, head, head.Admissible, f64),
            new Reshape(SmallConvNetCase.Classes),
        });
    }

    private InvarianceArmResult RunCross(StructuredNetwork network, double learningRate)
    {
        var reference = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(reference, seed: 5);
        network.LoadWeightsFrom(reference);
        var arm = new InvarianceArm("cross", network, new TrainingStrategy(StrategyKind.AugmentedExact), true);
        var result = InvarianceCheck.Run(new[] { arm }, reference, SmallConvNetCase.Data(), LossKind.MseOneHot, SmallConvNetCase.Rotations,
            learningRate, steps: 200)[0];
        output.WriteLine($"η = {learningRate}: {result.Outcome}, d1 {result.RelativeDistance[0]:E2}, d200 {result.Final:E2}, growth {result.Growth}");
        return result;
    }

    [Fact]
    public void InsideTheStableRangeTheCompatibleUnitaryArmStaysAtRoundingLevel()
    {
        using var scope = NewDisposeScope();
        var result = RunCross(SmallConvNetCase.Network(KernelSupport.Cross), 0.01);
        Assert.Equal(InvarianceOutcome.Stayed, result.Outcome);
        Assert.True(result.Final <= 1e-12, $"{result.Final}");
        Assert.True(result.MatchesTheory);
    }

    [Fact]
    public void ASlowBiasInTheAugmentedGradientFailsTheCheck()
    {
        using var scope = NewDisposeScope();
        var result = RunCross(Biased(Epsilon), 0.01);
        // Invisible after one step (the old check called that "rounding amplified" and passed it) ...
        Assert.True(result.RelativeDistance[0] < 1e-12, $"{result.RelativeDistance[0]}");
        // ... but the arm ends off E∩L, and not at the rate an instability would give.
        Assert.Equal(InvarianceOutcome.Drifted, result.Outcome);
        Assert.False(result.MatchesTheory);
        Assert.False(result.ExplainedByInstability);
    }

    [Fact]
    public void ALargeStepAmplifiesRoundingAtTheRateTheStabilityAnalysisPredicts()
    {
        using var scope = NewDisposeScope();
        var result = RunCross(SmallConvNetCase.Network(KernelSupport.Cross), 0.2);
        Assert.Equal(InvarianceOutcome.RoundingAmplified, result.Outcome);
        Assert.NotNull(result.Growth);
        Assert.True(result.Growth!.Predicted > 1, result.Growth.ToString());
        Assert.True(result.Growth.Amplification >= 1e4, result.Growth.ToString());
        Assert.True(result.ExplainedByInstability);
        Assert.False(result.MatchesTheory); // not a confirmation of T2: its own outcome
    }
}
