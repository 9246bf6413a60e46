using EquiDyn.Checks;
using EquiDyn.Data;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Training;

public class RiskTests
{
    /// <summary>The small float64 C4 CNN at a point of L off E (so R ≠ R_aug), on 24 random images with random labels.</summary>
    private static (StructuredNetwork Network, TensorDataset Data) Case()
    {
        var network = SmallConvNetCase.Network(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(network, seed: 3);
        var noise = new Generator(4);
        using (no_grad())
            foreach (var layer in network.Layers) // a step off E∩L inside L, so that augmentation changes the risk
            {
                var a = layer.WeightBlocks();
                layer.LoadWeightBlocks(a + 0.3 * layer.Geometry.Admissible.Project(randn(a.shape, dtype: a.dtype, generator: noise)));
            }
        return (network, SmallConvNetCase.Data());
    }

    /// <summary>R_aug computed independently of <see cref="DataGroupAction"/> and of any chunking: the four rotations by
    /// torch.rot90 stacked into one batch of 4N images, the loss's mean over it in one call, and its gradient in H.</summary>
    private static (double Value, Tensor[] Gradient) OneCallReference(StructuredNetwork network, TensorDataset data, bool rotate)
    {
        var leaves = network.Layers.Select(l => l.WeightBlocks().detach().clone().requires_grad_(true)).ToArray();
        using (network.PinWeights(leaves))
        {
            var x = rotate ? cat(Enumerable.Range(0, 4).Select(k => data.Inputs.rot90(k, (-2, -1))).ToArray(), 0) : data.Inputs;
            var y = rotate ? cat(Enumerable.Repeat(data.Targets, 4).ToArray(), 0) : data.Targets;
            var value = Losses.Compute(LossKind.MseOneHot, network.call(x), y);
            value.backward();
            return (value.item<double>(), leaves.Select(l => l.grad!.clone()).ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]   // 24 = 4·5 + 4: a partial last chunk, weighted by its count
    [InlineData(7)]   // 24 = 3·7 + 3
    [InlineData(24)]
    [InlineData(100)]
    public void ChunkedRisksEqualTheOneCallMeanOverDataAndGroup(int chunk)
    {
        using var scope = NewDisposeScope();
        var (network, data) = Case();
        foreach (bool exact in new[] { false, true })
        {
            var risk = exact ? Risk.ExactOrbits(LossKind.MseOneHot, SmallConvNetCase.Rotations) : Risk.Nominal(LossKind.MseOneHot);
            var (expected, expectedGradient) = OneCallReference(network, data, rotate: exact);
            var (value, gradient) = risk.Ambient(network, data, chunk);
            // float64 sums of a few hundred terms in another order: rounding ~1e-16 relative, far below 1e-12
            Assert.Equal(expected, value, 1e-12 * expected);
            double gap = LayerTensors.Norm(gradient.Select((g, k) => g - expectedGradient[k])) / LayerTensors.Norm(expectedGradient);
            Assert.True(gap < 1e-12, $"exact={exact}, chunk {chunk}: gradient differs by {gap:E2} relative");
            using (no_grad()) Assert.Equal(expected, risk.Evaluate(network, data, chunk).Loss, 1e-12 * expected);
            using (var pinned = network.PinWeights(network.Layers.Select(l => l.WeightBlocks().detach()).ToArray()))
                Assert.Equal(expected, risk.Differentiable(network, data, chunk).item<double>(), 1e-12 * expected);
        }
    }

    [Fact]
    public void AugmentationChangesTheRiskOffE()
    {
        // the reference above is only informative if R and R_aug differ at the test's point
        using var scope = NewDisposeScope();
        var (network, data) = Case();
        double r = Risk.Nominal(LossKind.MseOneHot).Ambient(network, data).Value;
        double rAug = Risk.ExactOrbits(LossKind.MseOneHot, SmallConvNetCase.Rotations).Ambient(network, data).Value;
        Assert.True(Math.Abs(r - rAug) > 1e-4 * r, $"R = {r}, R_aug = {rAug}");
    }

    [Fact]
    public void TheThetaGradientIsTheAmbientGradientPulledBackThroughM()
    {
        // chain rule: ∇_θR = M*∇_A R for the unitary M of the layers (θ.grad from Backward, ∇_A R from Ambient)
        using var scope = NewDisposeScope();
        var (network, data) = Case();
        var risk = Risk.ExactOrbits(LossKind.MseOneHot, SmallConvNetCase.Rotations);
        network.zero_grad();
        var value = risk.Backward(network, data, chunkSize: 7);
        var (ambient, gradient) = risk.Ambient(network, data);
        Assert.Equal(ambient, value.Loss, 1e-12 * ambient);
        Assert.Equal(4 * data.Count, value.Total); // every orbit image predicted once
        for (int k = 0; k < network.Layers.Count; k++)
        {
            var layer = network.Layers[k];
            var pulled = layer.Parametrization.Analyze(gradient[k]);
            double gap = (layer.Coefficients.grad! - pulled).abs().max().item<double>() / pulled.abs().max().item<double>();
            Assert.True(gap < 1e-12, $"{layer.GetName()}: θ-gradient differs from M*∇_A R by {gap:E2}");
        }
        network.zero_grad();
    }

    [Fact]
    public void SampledPassesAverageFreshUniformDrawsPerChunk()
    {
        // Two passes over chunks of 10, 10 and 4 samples: each chunk draws one element per pass, in chunk order then
        // pass order, from the shared generator; the value is Σ_chunks Σ_passes (c/N)/2 · ℓ̄(g·chunk).
        using var scope = NewDisposeScope();
        var (network, data) = Case();
        var action = SmallConvNetCase.Rotations;
        var risk = Risk.Sampled(LossKind.MseOneHot, action, SamplingScope.PerBatch, new DataRandom(21), passes: 2);
        double value;
        using (no_grad()) value = risk.Evaluate(network, data, chunkSize: 10).Loss;

        var draws = new DataRandom(21);
        double expected = 0;
        using (no_grad())
            foreach (var (start, count) in new (long, long)[] { (0, 10), (10, 10), (20, 4) })
                for (int pass = 0; pass < 2; pass++)
                {
                    var g = action.SampleUniform(draws);
                    var (x, y) = action.Apply(g, data.Inputs.narrow(0, start, count), data.Targets.narrow(0, start, count));
                    expected += count / 24.0 / 2 * Losses.Compute(LossKind.MseOneHot, network.call(x), y).item<double>();
                }
        Assert.Equal(expected, value, 1e-14);
    }

    [Fact]
    public void AStrategysRiskNeedsTheGroupItAugmentsWith()
    {
        var random = new DataRandom(0);
        var missing = Assert.Throws<ArgumentException>(() => Risk.Of(new TrainingStrategy(StrategyKind.AugmentedExact), LossKind.MseOneHot, null, random));
        Assert.Contains("needs a group action", missing.Message);
        var unlisted = Assert.Throws<ArgumentException>(() => Risk.Of(new TrainingStrategy(StrategyKind.AugmentedExact), LossKind.MseOneHot,
            DataGroupActions.NodeRelabelling(6), random));
        Assert.Contains("too large", unlisted.Message);
        Assert.Equal(RiskAugmentation.SampledPerSample, Risk.Of(new TrainingStrategy(StrategyKind.AugmentedSampled, SamplingScope.PerSample, 3),
            LossKind.MseOneHot, DataGroupActions.NodeRelabelling(6), random).Augmentation);
        Assert.Equal(RiskAugmentation.None, Risk.Of(new TrainingStrategy(StrategyKind.Equivariant), LossKind.MseOneHot, SmallConvNetCase.Rotations, random).Augmentation);
    }
}
