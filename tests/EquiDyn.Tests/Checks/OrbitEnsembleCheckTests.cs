using EquiDyn.Checks;
using EquiDyn.Ensembles;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using Xunit.Abstractions;

namespace EquiDyn.Tests.Checks;

/// <summary>The orbit-ensemble theorem (docs/concepts.md, "Ensembles") on the small CNN, and the check's failures.</summary>
public class OrbitEnsembleCheckTests(ITestOutputHelper output)
{
    private static readonly TrainingStrategy Exact = new(StrategyKind.AugmentedExact);

    [Fact]
    public void TheOrbitEnsembleOfTheCrossHasAnInvariantMeanWhileItsMembersAreNot()
    {
        var r = Run(new OrbitEnsembleArm("cross", () => SmallConvNetCase.Network(KernelSupport.Cross), Exact, true));
        output.WriteLine(string.Join(", ", r.MeanError.Select(e => e.ToString("E2"))) + $"; member {r.MemberError:E2}");
        Assert.True(r.MatchesTheory);
        Assert.All(r.MeanError, e => Assert.True(e < 1e-13, $"{e:E2}: float64 rounding is ~1e-16"));
        Assert.True(r.MemberError > 0.1, "no member is invariant: the identity is not vacuous");
    }

    [Fact]
    public void TheCheckFailsWhenTheParametrizationIsNotUnitary()
    {
        // Injected bug: an arm declared to meet the hypotheses whose basis is the paper's non-unitary one.
        var r = Run(new OrbitEnsembleArm("cross", () => SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.NonUnitary), Exact, true));
        Assert.False(r.MatchesTheory);
        Assert.True(r.MeanError[0] < 1e-13, "the start is an exact orbit (the cross is invariant); the flow breaks it");
        Assert.True(r.MeanError[^1] > 1e-6);
    }

    [Fact]
    public void TheCheckFailsWhenTheSupportIsNotInvariant()
    {
        // Injected bug: the skew support, whose rotated copies leave L, declared to meet the hypotheses.
        var r = Run(new OrbitEnsembleArm("skew", () => SmallConvNetCase.Network(KernelSupport.Skew), Exact, true));
        Assert.False(r.MatchesTheory);
    }

    private static OrbitEnsembleResult Run(OrbitEnsembleArm arm) => OrbitEnsembleCheck.Run(new[] { arm },
        NetworkGroupAction.ForRotationConvNet(SmallConvNetCase.ImageSize), SmallConvNetCase.Data(count: 12), SmallConvNetCase.Data(count: 6, seed: 9),
        LossKind.MseOneHot, SmallConvNetCase.Rotations, learningRate: 0.02, steps: 3, seed: 1).Single();
}
