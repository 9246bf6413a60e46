using EquiDyn.Checks;
using EquiDyn.Ensembles;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Ensembles;

/// <summary>The batched ensemble (one grouped convolution per layer) against M separate networks, each trained by its
/// own <see cref="Trainer"/>: the same losses, gradients and weights to float64 rounding.</summary>
public class EnsembleTests
{
    /// <summary>Float64 rounding of sums over a few hundred terms, compounded over three steps: ~1e-15 relative; 1e-11
    /// leaves room and still catches any mixing of members, a wrong loss scale or a wrong draw (all O(1) relative).</summary>
    private const double Rounding = 1e-11;

    [Fact]
    public void BatchedForwardAndGradientsAreEachMembersOwn()
    {
        using var scope = NewDisposeScope();
        var members = Enumerable.Range(0, 3).Select(m =>
        {
            var net = SmallConvNetCase.Network(KernelSupport.Cross);
            EnsembleInitializer.GaussianInL(net, 10 + m);
            return net;
        }).ToList();
        var data = SmallConvNetCase.Data(count: 5, seed: 3);
        using var batched = new BatchedConvNet(members);
        var outputs = batched.Forward(data.Inputs.expand(5, 3, 12, 12));
        var onehot = nn.functional.one_hot(data.Targets, SmallConvNetCase.Classes).to_type(ScalarType.Float64);
        // Each member's own mean loss, summed, by hand: its gradient in θ_m is member m's alone.
        var total = outputs.sub(onehot.unsqueeze(0)).pow(2).mean(new long[] { 1, 2 }).sum();
        total.backward();
        var shared = batched.Forward(data.Inputs); // [5, 1, 12, 12]: the same images for every member
        for (int m = 0; m < 3; m++)
        {
            var own = members[m].call(data.Inputs);
            AssertClose(own, outputs[m], $"member {m}'s outputs");
            AssertClose(own, shared[m], $"member {m}'s outputs on shared images");
            members[m].zero_grad();
            Losses.Compute(LossKind.MseOneHot, own, data.Targets).backward();
            for (int k = 0; k < 4; k++)
                AssertClose(members[m].Coefficients[k].grad!, batched.Coefficients[k].grad![m], $"member {m}, layer {k}: gradient");
        }
    }

    public static TheoryData<StrategyKind, SamplingScope, int, KernelBasisKind, OptimizerKind, EnsembleInitialisation> Cases => new()
    {
        { StrategyKind.Nominal, SamplingScope.PerBatch, 1, KernelBasisKind.Unitary, OptimizerKind.Sgd, EnsembleInitialisation.Independent },
        { StrategyKind.AugmentedExact, SamplingScope.PerBatch, 1, KernelBasisKind.Unitary, OptimizerKind.Sgd, EnsembleInitialisation.Orbit },
        { StrategyKind.AugmentedExact, SamplingScope.PerBatch, 1, KernelBasisKind.NonUnitary, OptimizerKind.Momentum, EnsembleInitialisation.Independent },
        { StrategyKind.AugmentedSampled, SamplingScope.PerSample, 1, KernelBasisKind.Unitary, OptimizerKind.Sgd, EnsembleInitialisation.Independent },
        { StrategyKind.AugmentedSampled, SamplingScope.PerBatch, 2, KernelBasisKind.UnitaryRotated, OptimizerKind.Adam, EnsembleInitialisation.Orbit },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchedMembersTrainLikeSeparateMembers(StrategyKind kind, SamplingScope scope, int passes, KernelBasisKind basis,
        OptimizerKind optimizer, EnsembleInitialisation initialisation)
    {
        using var disposeScope = NewDisposeScope();
        var train = SmallConvNetCase.Data(count: 6, seed: 7);
        var test = SmallConvNetCase.Data(count: 3, seed: 8);
        var strategy = new TrainingStrategy(kind, scope, passes);
        var layerAction = NetworkGroupAction.ForRotationConvNet(SmallConvNetCase.ImageSize);
        Ensemble Make(EnsembleExecution execution) => new(() => SmallConvNetCase.Network(KernelSupport.Cross, basis), 4, initialisation, 5,
            layerAction, strategy, LossKind.MseOneHot, optimizer == OptimizerKind.Adam ? 1e-2 : 0.2, new OptimizerSettings(optimizer), 6,
            SmallConvNetCase.Rotations, execution);
        using var sequential = Make(EnsembleExecution.Sequential);
        using var batched = Make(EnsembleExecution.Batched);
        Assert.Equal(EnsembleExecution.Batched, batched.Execution);
        var start = sequential.WeightBlocks(0);
        for (int step = 1; step <= 3; step++)
        {
            sequential.Step(train);
            batched.Step(train);
            for (int m = 0; m < 4; m++)
            {
                var (a, b) = (sequential.WeightBlocks(m), batched.WeightBlocks(m));
                for (int k = 0; k < 4; k++) AssertClose(a[k], b[k], $"step {step}, member {m}, layer {k}: weights");
            }
        }
        // Training moved the weights (a test of equal weights that never change would prove nothing).
        Assert.True(start.Zip(sequential.WeightBlocks(0)).Max(p => (p.First - p.Second).abs().max().item<double>()) > 1e-4);
        var (inputs, _) = SmallConvNetCase.Rotations.Orbit(test.Inputs, test.Targets);
        var (ys, yb) = (sequential.Outputs(inputs), batched.Outputs(inputs));
        for (int m = 0; m < 4; m++) AssertClose(tensor(ys[m]), tensor(yb[m]), $"member {m}: test outputs");
        Assert.Equal(sequential.DistancesToIntersection(), batched.DistancesToIntersection(), (x, y) => Math.Abs(x - y) <= Rounding);
    }

    [Fact]
    public void MembersOfDifferentParametrizationsAreRefused()
    {
        using var scope = NewDisposeScope();
        StructuredNetwork Net(int basisSeed) => RotationConvNet.Build(KernelSupport.Cross, KernelBasisKind.NonUnitary, basisSeed,
            SmallConvNetCase.ImageSize, SmallConvNetCase.Hidden, SmallConvNetCase.Classes, ScalarType.Float64);
        var e = Assert.Throws<ArgumentException>(() => new BatchedConvNet(new[] { Net(0), Net(1) }));
        Assert.Contains("parametrization", e.Message);
        using var same = new BatchedConvNet(new[] { Net(0), Net(0) });
        Assert.Equal(2, same.Members);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        double scale = Math.Max(1e-3, expected.abs().max().item<double>());
        double worst = (expected - actual).abs().max().item<double>();
        Assert.True(worst <= Rounding * scale, $"{what}: differ by {worst:E2} (scale {scale:E2})");
    }
}
