using EquiDyn.Ensembles;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Ensembles;

/// <summary>The ensemble measures against hand computations, and ρ̄_g on the CNN's layers.</summary>
public class EnsembleMetricsTests
{
    [Fact]
    public void MeanAndMemberErrorsMatchAHandComputation()
    {
        // |G| = 2, one input, one output: member 1 gives 1 and 3 on the two copies, member 2 gives 3 and 1.
        var members = new[] { new[] { 1.0, 3.0 }, new[] { 3.0, 1.0 } };
        Assert.Equal(0, EnsembleMetrics.MeanError(members, 2, 1, 1));
        // Member 1: orbit mean 2, squared deviation 1 + 1 = 2, squared norm 1 + 9 = 10.
        Assert.Equal(Math.Sqrt(0.2), EnsembleMetrics.MemberError(members[0], 2, 1, 1), 12);
        // Mean of member 1 alone against the members' size: same as its own error.
        Assert.Equal(Math.Sqrt(0.2), EnsembleMetrics.MeanError(members.Take(1).ToList(), 2, 1, 1), 12);
    }

    [Fact]
    public void OrbitSamePredictionCountsInputsWhoseClassNeverChanges()
    {
        // |G| = 2, two inputs, two classes; element-major: [g0: x0 (c0, c1), x1 (c0, c1)], [g1: x0, x1].
        var y = new[] { 1.0, 0.0, 0.0, 1.0, /* g1 */ 2.0, 0.0, 1.0, 0.0 };
        Assert.Equal(0.5, EnsembleMetrics.OrbitSamePrediction(new[] { y }, 2, 2, 2));
    }

    [Fact]
    public void TheFloorOfAnErrorThatLevelsOffIsRecovered()
    {
        // error² = 0.05² + 0.8²/M exactly, over M = 4, 16, 64, 256: the fit returns b = 0.05 and σ² = 0.64.
        var m = new[] { 4.0, 16, 64, 256 };
        var (floor, variance) = EnsembleMetrics.Floor(m, m.Select(x => Math.Sqrt(0.05 * 0.05 + 0.64 / x)).ToArray());
        Assert.Equal(0.05, floor, 12);
        Assert.Equal(0.64, variance, 12);
        // Pure 1/√M decay: no floor; the largest M sits on its extrapolation (ratio 1).
        var (none, v) = EnsembleMetrics.Floor(m, m.Select(x => 0.8 / Math.Sqrt(x)).ToArray());
        Assert.Equal(0, none, 12);
        Assert.Equal(0.64, v, 12);
        Assert.Equal(1, EnsembleMetrics.ExtrapolationRatio(4, 0.4, 256, 0.05), 12);
        // With the floor: e(4) = √(0.0025 + 0.16), e(256) = √(0.0025 + 0.0025), extrapolation e(4)/8.
        Assert.Equal(8 * Math.Sqrt(0.005 / 0.1625), EnsembleMetrics.ExtrapolationRatio(4, Math.Sqrt(0.1625), 256, Math.Sqrt(0.005)), 12);
        // An error that does not fall at all: the floor is the error, and the ratio is √(256/4) = 8.
        var (flat, none2) = EnsembleMetrics.Floor(m, m.Select(_ => 0.3).ToArray());
        Assert.Equal((0.3, 0.0), (Math.Round(flat, 12), Math.Round(none2, 12)));
        Assert.Equal(8, EnsembleMetrics.ExtrapolationRatio(4, 0.3, 256, 0.3), 12);
    }

    [Fact]
    public void TheSlopeOfAPowerLawIsItsExponent()
    {
        var m = new[] { 1.0, 4, 16, 64 };
        var (slope, low, high) = EnsembleMetrics.Slope(m, m.Select(x => 0.3 / Math.Sqrt(x)).ToArray());
        Assert.Equal(-0.5, slope, 12);
        Assert.Equal(-0.5, low, 9);
        Assert.Equal(-0.5, high, 9);
    }

    [Fact]
    public void GroupsAreDisjointAndConsecutive()
    {
        var members = Enumerable.Range(0, 10).Select(i => new[] { (double)i }).ToList();
        var groups = EnsembleMetrics.Groups(members, 4).ToList();
        Assert.Equal(2, groups.Count);
        Assert.Equal(new[] { 4.0, 5, 6, 7 }, groups[1].Select(y => y[0]));
    }

    [Fact]
    public void TheLayerActionFixesEquivariantWeightsAndHasOrderFour()
    {
        using var scope = NewDisposeScope();
        var action = NetworkGroupAction.ForRotationConvNet(12);
        Assert.Equal(4, action.Order);
        var net = RotationConvNet.BuildEquivariant(KernelSupport.Cross, 12, (2, 2, 2), 10, ScalarType.Float64);
        NetworkInitializer.ProjectedGaussian(net, 1);
        var blocks = net.Layers.Select(l => l.WeightBlocks().detach()).ToList();
        for (int g = 0; g < 4; g++)
        {
            var moved = action.Apply(g, blocks);
            for (int k = 0; k < blocks.Count; k++) Assert.True((moved[k] - blocks[k]).abs().max().item<double>() == 0, $"element {g}, layer {k}: E is the fixed points of ρ̄_g");
        }
        var generic = blocks.Select(b => randn_like(b)).ToList();
        Assert.Equal(3, Enumerable.Range(1, 3).Count(g => (action.Apply(g, generic)[0] - generic[0]).abs().max().item<double>() > 0));
    }
}
