using EquiDyn.Checks;
using EquiDyn.Nn;
using EquiDyn.Training;
using EquiDyn.Geometry;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Training;

/// <summary>The hand-written update rules against an independent implementation (<c>torch.optim</c>) and the invariance
/// of E∩L under them.</summary>
public class CoefficientOptimizerTests
{
    /// <summary>A fixed smooth loss of two float64 tensors with a non-trivial gradient at every step.</summary>
    private static Tensor Loss(Tensor a, Tensor b) => (a.sin() * b.sum()).sum() + (a.pow(2) * 0.3).sum() + b.pow(4).sum();

    private static (Parameter A, Parameter B) Start()
    {
        var gen = new TorchSharp.torch.Generator(11);
        return (new Parameter(randn(new long[] { 3, 4 }, ScalarType.Float64, generator: gen)),
                new Parameter(randn(new long[] { 5 }, ScalarType.Float64, generator: gen)));
    }

    public static TheoryData<string> Rules => new() { "sgd", "sgd-wd", "momentum", "nesterov-wd", "adam", "adam-wd", "adamw-wd" };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EveryRuleMatchesTorchOptimStepForStep(string rule)
    {
        using var scope = NewDisposeScope();
        const double lr = 0.03;
        var (a1, b1) = Start();
        var (a2, b2) = Start();
        var options = rule switch
        {
            "sgd" => new OptimizerSettings(),
            "sgd-wd" => new OptimizerSettings(WeightDecay: 0.1),
            "momentum" => new OptimizerSettings(OptimizerKind.Momentum, Momentum: 0.8),
            "nesterov-wd" => new OptimizerSettings(OptimizerKind.Momentum, Momentum: 0.9, Nesterov: true, WeightDecay: 0.05),
            "adam" => new OptimizerSettings(OptimizerKind.Adam, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-6),
            "adam-wd" => new OptimizerSettings(OptimizerKind.Adam, WeightDecay: 0.1),
            _ => new OptimizerSettings(OptimizerKind.AdamW, WeightDecay: 0.1),
        };
        var ours = new CoefficientOptimizer(new Tensor[] { a1, b1 }, options);
        var parameters = new[] { a2, b2 };
        var o = options;
        TorchSharp.torch.optim.Optimizer reference = o.Kind switch
        {
            OptimizerKind.Sgd => optim.SGD(parameters, lr, weight_decay: o.WeightDecay),
            OptimizerKind.Momentum => optim.SGD(parameters, lr, momentum: o.Momentum, nesterov: o.Nesterov, weight_decay: o.WeightDecay),
            OptimizerKind.Adam => optim.Adam(parameters, lr, beta1: o.Beta1, beta2: o.Beta2, eps: o.Epsilon, weight_decay: o.WeightDecay),
            _ => optim.AdamW(parameters, lr, beta1: o.Beta1, beta2: o.Beta2, eps: o.Epsilon, weight_decay: o.WeightDecay),
        };
        for (int step = 0; step < 25; step++)
        {
            Loss(a1, b1).backward();
            ours.Step(lr);
            a1.grad!.zero_();
            b1.grad!.zero_();
            reference.zero_grad();
            Loss(a2, b2).backward();
            reference.step();
        }
        // Same arithmetic in float64, possibly in another order: agreement to a few ulps of the values (≈1).
        Assert.True((a1 - a2).abs().max().item<double>() < 1e-12, $"{rule}: A differs by {(a1 - a2).abs().max().item<double>()}");
        Assert.True((b1 - b2).abs().max().item<double>() < 1e-12, $"{rule}: B differs by {(b1 - b2).abs().max().item<double>()}");
        Assert.True((a1 - Start().A).abs().max().item<double>() > 1e-3, "the parameters moved");
    }

    [Fact]
    public void SgdIsExactlyThetaMinusEtaGradient()
    {
        // The paper's update, bit for bit: the presets that keep plain SGD keep their numbers.
        using var scope = NewDisposeScope();
        var (a, b) = Start();
        Loss(a, b).backward();
        var expected = a.detach().clone().add_(a.grad!, alpha: -0.07); // the trainer's update before optimizers existed
        new CoefficientOptimizer(new Tensor[] { a, b }, OptimizerSettings.Sgd).Step(0.07);
        Assert.True(a.detach().eq(expected).all().item<bool>());
    }

    [Fact]
    public void StateRoundTripContinuesIdentically()
    {
        using var scope = NewDisposeScope();
        var options = new OptimizerSettings(OptimizerKind.Adam);
        var (a1, b1) = Start();
        var (a2, b2) = Start();
        var first = new CoefficientOptimizer(new Tensor[] { a1, b1 }, options);
        for (int i = 0; i < 3; i++) { Loss(a1, b1).backward(); first.Step(0.01); a1.grad!.zero_(); b1.grad!.zero_(); }
        using (no_grad()) { a2.copy_(a1); b2.copy_(b1); }
        var second = new CoefficientOptimizer(new Tensor[] { a2, b2 }, options);
        second.LoadState(first.State(), first.Steps);
        Loss(a1, b1).backward(); first.Step(0.01);
        Loss(a2, b2).backward(); second.Step(0.01);
        Assert.True(a1.detach().eq(a2.detach()).all().item<bool>());
        Assert.Equal(4, second.Steps);
    }

    [Fact]
    public void CosineScheduleFallsFromEtaToZero()
    {
        var o = new TrainingOptions(0.2, 1, Protocol.Minibatch, false, 0) { Schedule = LearningRateSchedule.Cosine, TotalSteps = 4 };
        // η·½(1 + cos(πk/4)) for k = 0…4: 0.2, 0.2·(2+√2)/4, 0.1, 0.2·(2−√2)/4, 0.
        Assert.Equal(0.2, o.LearningRateAt(0), 15);
        Assert.Equal(0.2 * (2 + Math.Sqrt(2)) / 4, o.LearningRateAt(1), 15);
        Assert.Equal(0.1, o.LearningRateAt(2), 15);
        Assert.Equal(0.2 * (2 - Math.Sqrt(2)) / 4, o.LearningRateAt(3), 15);
        Assert.Equal(0, o.LearningRateAt(4), 15);
        Assert.Equal(0.2, (o with { Schedule = LearningRateSchedule.Constant }).LearningRateAt(3));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Momentum)]
    public void AnEquiModelStaysInTheIntersectionUnderEveryRule(OptimizerKind kind)
    {
        // The Equi model is parametrized by coordinates of E∩L, so whatever the rule does to them, the weights
        // A = Mθ stay in E∩L: the distance is exactly the rounding of the synthesis (float64).
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(net, 4);
        var trainer = new Trainer(net, new TrainingStrategy(StrategyKind.Equivariant), LossKind.MseOneHot,
            new TrainingOptions(0.01, 8, Protocol.Minibatch, true, 3) { Optimizer = new OptimizerSettings(kind, WeightDecay: 0.01) });
        var before = LayerTelemetry.Snapshot(net);
        trainer.RunEpoch(SmallConvNetCase.Data(), _ => { });
        Assert.True(LayerTelemetry.DistancesFrom(net, before).Sum() > 1e-4, "the model moved");
        Assert.True(LayerTelemetry.Total(LayerTelemetry.DistancesToIntersection(net)) < 1e-13);
    }

    [Fact]
    public void AdamIsRefusedForProjectedGradientEquiTraining()
    {
        // Adam rescales each coordinate of L separately, so a gradient in E∩L becomes a step out of it.
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.Unitary);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(net, new TrainingStrategy(StrategyKind.EquivariantProjected), LossKind.MseOneHot,
            new TrainingOptions(0.01, 8, Protocol.Minibatch, true, 3) { Optimizer = new OptimizerSettings(OptimizerKind.Adam) }));
        Assert.Contains("E∩L", e.Message);
    }

    [Fact]
    public void MomentumKeepsAProjectedGradientEquiModelInTheIntersection()
    {
        // Momentum is linear with one coefficient for all coordinates: sums of projected gradients stay in E∩L.
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.Unitary);
        var start = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(start, 4);
        net.LoadWeightsFrom(start); // a point of E∩L
        var trainer = new Trainer(net, new TrainingStrategy(StrategyKind.EquivariantProjected), LossKind.MseOneHot,
            new TrainingOptions(0.01, 8, Protocol.Minibatch, true, 3) { Optimizer = new OptimizerSettings(OptimizerKind.Momentum, Nesterov: true, WeightDecay: 0.01) });
        trainer.RunEpoch(SmallConvNetCase.Data(), _ => { });
        Assert.True(LayerTelemetry.Total(LayerTelemetry.DistancesToIntersection(net)) < 1e-13);
    }
}
