using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Training;

public class TrainerTests
{
    private static double MaxGap(StructuredNetwork a, StructuredNetwork b) =>
        a.Layers.Zip(b.Layers).Max(p => (p.First.WeightBlocks() - p.Second.WeightBlocks()).abs().max().item<double>());

    [Fact]
    public void ProjectedGradientAndEquivariantParametrizationAgreeStepForStep()
    {
        using var scope = NewDisposeScope();
        var data = SmallConvNetCase.Data();
        var equivariant = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(equivariant, seed: 6);
        var projected = SmallConvNetCase.Network(KernelSupport.Cross);
        projected.LoadWeightsFrom(equivariant);
        var options = new TrainingOptions(0.05, BatchSize: 5, Protocol.Minibatch, Shuffle: true, Seed: 9);
        var a = new Trainer(equivariant, new TrainingStrategy(StrategyKind.Equivariant), LossKind.MseOneHot, options);
        var b = new Trainer(projected, new TrainingStrategy(StrategyKind.EquivariantProjected), LossKind.MseOneHot, options);
        var recordsA = new List<StepRecord>();
        var recordsB = new List<StepRecord>();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            a.RunEpoch(data, recordsA.Add);
            b.RunEpoch(data, recordsB.Add);
            Assert.True(MaxGap(equivariant, projected) < 1e-12, $"epoch {epoch + 1}: weights differ by {MaxGap(equivariant, projected)}");
        }
        Assert.Equal(15, recordsB.Count); // 24 samples in batches of 5: 5 steps per epoch
        Assert.Equal(recordsA.Select(r => r.Loss), recordsB.Select(r => r.Loss), (x, y) => Math.Abs(x - y) < 1e-12);
        Assert.All(recordsB, r => Assert.True(r.TotalRelativeDistance < 1e-13)); // projected steps never leave E∩L
    }

    [Fact]
    public void FullBatchGradientDoesNotDependOnTheMinibatchSize()
    {
        using var scope = NewDisposeScope();
        var data = SmallConvNetCase.Data();
        var small = SmallConvNetCase.Network(KernelSupport.Cross);
        var start = NetworkInitializer.ProjectedGaussian(small, seed: 7);
        var whole = SmallConvNetCase.Network(KernelSupport.Cross);
        whole.LoadWeightsFrom(small);
        var strategy = new TrainingStrategy(StrategyKind.AugmentedExact);
        var t1 = new Trainer(small, strategy, LossKind.MseOneHot, new TrainingOptions(0.1, 7, Protocol.FullBatch, false, 0), SmallConvNetCase.Rotations);
        var t2 = new Trainer(whole, strategy, LossKind.MseOneHot, new TrainingOptions(0.1, 24, Protocol.FullBatch, false, 0), SmallConvNetCase.Rotations);
        int steps = 0;
        t1.RunEpoch(data, _ => steps++);
        t2.RunEpoch(data, _ => { });
        Assert.Equal(1, steps); // one gradient step per epoch
        Assert.True(MaxGap(small, whole) < 1e-14, $"{MaxGap(small, whole)}");
        double moved = small.Layers.Zip(start).Max(p => (p.First.WeightBlocks() - p.Second).abs().max().item<double>());
        Assert.True(moved > 1e-6, $"the step moved the weights by only {moved}");
    }

    [Fact]
    public void AnUninitialisedNetworkIsRefusedWithTheFix()
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Cross); // freshly built: every coefficient is zero
        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(net, new TrainingStrategy(StrategyKind.Nominal),
            LossKind.MseOneHot, new TrainingOptions(0.1, 8, Protocol.Minibatch, true, 1)));
        Assert.Contains("all-zero weights", error.Message);
        Assert.Contains("NetworkInitializer.ProjectedGaussian", error.Message);
        NetworkInitializer.ProjectedGaussian(net, seed: 1);
        _ = new Trainer(net, new TrainingStrategy(StrategyKind.Nominal), LossKind.MseOneHot, new TrainingOptions(0.1, 8, Protocol.Minibatch, true, 1));
    }

    [Fact]
    public void AStrategyThatDoesNotMatchTheParametrizationIsRefused()
    {
        using var scope = NewDisposeScope();
        var options = new TrainingOptions(0.1, 8, Protocol.Minibatch, true, 1);
        var nominal = SmallConvNetCase.Network(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(nominal, seed: 2);
        var equi = Assert.Throws<ArgumentException>(() => new Trainer(nominal, new TrainingStrategy(StrategyKind.Equivariant), LossKind.MseOneHot, options));
        Assert.Contains("trains in E∩L", equi.Message);
        var equivariant = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(equivariant, seed: 2);
        var nom = Assert.Throws<ArgumentException>(() => new Trainer(equivariant, new TrainingStrategy(StrategyKind.Nominal), LossKind.MseOneHot, options));
        Assert.Contains("trains in L", nom.Message);
    }

    [Fact]
    public void NominalTrainingLeavesEAndRecordsTheDistance()
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(net, seed: 8);
        var trainer = new Trainer(net, new TrainingStrategy(StrategyKind.Nominal), LossKind.MseOneHot,
            new TrainingOptions(0.1, 8, Protocol.Minibatch, true, 1));
        var records = new List<StepRecord>();
        trainer.RunEpoch(SmallConvNetCase.Data(), records.Add);
        Assert.Equal(3, records.Count);
        Assert.True(records[^1].TotalDistance > 1e-3, $"{records[^1].TotalDistance}");
        Assert.Equal(records[^1].TotalDistance, LayerTelemetry.Total(LayerTelemetry.DistancesToIntersection(net)), 1e-12);
        Assert.True(records[^1].TotalDistanceFromStart >= records[^1].TotalDistance - 1e-12); // A⁰ ∈ E∩L
    }

    [Fact]
    public void RegulariserPullsTheNominalRunTowardsE()
    {
        using var scope = NewDisposeScope();
        double Final(double gamma)
        {
            var net = SmallConvNetCase.Network(KernelSupport.Cross);
            NetworkInitializer.ProjectedGaussian(net, seed: 8);
            var trainer = new Trainer(net, new TrainingStrategy(StrategyKind.Nominal, Gamma: gamma), LossKind.MseOneHot,
                new TrainingOptions(0.1, 24, Protocol.FullBatch, false, 1));
            double d = 0;
            for (int i = 0; i < 20; i++) trainer.RunEpoch(SmallConvNetCase.Data(), r => d = r.TotalDistance);
            return d;
        }
        Assert.True(Final(5) < 0.5 * Final(0));
    }

    [Fact]
    public void DivergenceStopsBeforeTheBadStep()
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(net, seed: 8);
        var data = SmallConvNetCase.Data();
        var trainer = new Trainer(net, new TrainingStrategy(StrategyKind.Nominal), LossKind.MseOneHot,
            new TrainingOptions(1e200, 24, Protocol.FullBatch, false, 1));
        var ex = Assert.Throws<TrainingDivergedException>(() => { for (int i = 0; i < 10; i++) trainer.RunEpoch(data, _ => { }); });
        Assert.Contains("lower the learning rate", ex.Message);
        Assert.True(net.Coefficients.All(p => isfinite(p).all().item<bool>()), "the weights of the last good step are kept");
    }

    [Fact]
    public void InvalidOptionsAreRejectedWithTheirName()
    {
        var net = SmallConvNetCase.Network(KernelSupport.Cross);
        var e1 = Assert.Throws<ArgumentException>(() => new Trainer(net, new TrainingStrategy(StrategyKind.Nominal), LossKind.MseOneHot,
            new TrainingOptions(-1, 8, Protocol.Minibatch, true, 0)));
        Assert.Contains("learning rate", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => new Trainer(net, new TrainingStrategy(StrategyKind.AugmentedExact), LossKind.MseOneHot,
            new TrainingOptions(0.1, 8, Protocol.Minibatch, true, 0)));
        Assert.Contains("group action", e2.Message);
        var nonUnitary = SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.NonUnitary);
        Assert.Throws<ArgumentException>(() => new Trainer(nonUnitary, new TrainingStrategy(StrategyKind.EquivariantProjected),
            LossKind.MseOneHot, new TrainingOptions(0.1, 8, Protocol.Minibatch, true, 0)));
    }
}
