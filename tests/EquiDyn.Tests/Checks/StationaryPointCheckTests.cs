using EquiDyn.Analysis;
using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Checks;

/// <summary>T1 at a genuinely stationary point (docs/checks.md T1(b), (c)) and the two bugs the check must catch.</summary>
public class StationaryPointCheckTests(ITestOutputHelper output)
{
    private static StationaryPointResult Run(KernelSupport support, DataGroupAction action, RefinementOptions? refinement = null) =>
        TheoremCheckSuite.StationaryFor(support, seed: 3, action, refinement);

    [Fact]
    public void TheEquiStationaryPointIsAugStationaryForTheCrossAndNotForTheSkew()
    {
        using var scope = NewDisposeScope();
        var cross = Run(KernelSupport.Cross, SmallConvNetCase.Rotations);
        var skew = Run(KernelSupport.Skew, SmallConvNetCase.Rotations);
        output.WriteLine($"cross {cross}\nskew {skew}");
        // Genuinely stationary: the Equi gradient fell ten orders of magnitude.
        Assert.True(cross.RelativeEquivariant <= 1e-10, cross.ToString());
        Assert.True(skew.RelativeEquivariant <= 1e-10, skew.ToString());
        // T1(b): compatible, so the augmented gradient vanishes there too (float64 rounding only).
        Assert.True(cross.RelativeAugmented <= 1e-9, cross.ToString());
        // T1(c): the skew support's augmented gradient keeps its corner component.
        Assert.True(skew.RelativeAugmented >= 1e-4, skew.ToString());
        Assert.True(cross.MatchesTheory && skew.MatchesTheory);
    }

    [Fact]
    public void AnAugmentationThatMissesOneRotationFailsTheCheck()
    {
        using var scope = NewDisposeScope();
        // Injected bug: "augmentation" over three of the four rotations (not a group average, so not R_aug).
        var rotations = SmallConvNetCase.Rotations;
        var broken = new DataGroupAction("C4 without 270°", rotations.Elements!.Take(3).ToList());
        var result = Run(KernelSupport.Cross, broken);
        output.WriteLine(result.ToString());
        Assert.True(result.EquiStationary, result.ToString());
        Assert.False(result.AugStationary, result.ToString());
        Assert.False(result.MatchesTheory);
    }

    [Fact]
    public void APointThatIsOnlyNearlyStationaryFailsTheCheck()
    {
        using var scope = NewDisposeScope();
        // Injected bug: a refinement that stops early (as the old check's 200 GD steps did, gradient 0.26).
        var result = Run(KernelSupport.Cross, SmallConvNetCase.Rotations, StationaryPointCheck.DefaultRefinement with { MaxIterations = 3, NewtonRankLimit = 0 });
        output.WriteLine(result.ToString());
        Assert.False(result.EquiStationary, result.ToString());
        Assert.False(result.MatchesTheory);
    }
}
