using EquiDyn.Analysis;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

/// <summary>The L-BFGS refiner on a subspace, against closed-form minimisers.</summary>
public class StationaryPointRefinerTests
{
    // Rosenbrock in (θ0, θ1) plus a quartic in θ2 that the subspace S = {θ2 = 0} removes: min on S at (1, 1, 0).
    private static Tensor Risk(Tensor t) =>
        (1 - t[0]).pow(2) + 100 * (t[1] - t[0].pow(2)).pow(2) + (t[2] - 3).pow(4);

    private static Subspace FirstTwo() =>
        Subspace.FromBasis("S", tensor(new double[,] { { 1, 0 }, { 0, 1 }, { 0, 0 } }, dtype: ScalarType.Float64));

    [Fact]
    public void ReachesTheClosedFormMinimiserOnTheSubspaceToTenDigitsOfGradient()
    {
        using var scope = NewDisposeScope();
        var progress = new List<RefinementProgress>();
        var result = StationaryPointRefiner.Refine(Risk, tensor(new[] { -1.2, 1.0, 5.0 }, dtype: ScalarType.Float64), FirstTwo(),
            new RefinementOptions { Progress = progress.Add });
        Assert.True(result.Converged, result.StopReason);
        Assert.True(result.RelativeGradient <= 1e-10, $"{result.RelativeGradient}");
        Assert.Equal(1.0, result.Theta[0], 8);
        Assert.Equal(1.0, result.Theta[1], 8);
        Assert.Equal(0.0, result.Theta[2]); // projected start, and every step stays in S
        Assert.Equal(result.Iterations, progress.Count);
        Assert.Equal(result.History.Length, result.Iterations + 1);
    }

    [Fact]
    public void ABudgetTooSmallIsReportedAsNotConverged()
    {
        using var scope = NewDisposeScope();
        var result = StationaryPointRefiner.Refine(Risk, tensor(new[] { -1.2, 1.0, 0.0 }, dtype: ScalarType.Float64), FirstTwo(),
            new RefinementOptions { MaxIterations = 3, NewtonRankLimit = 0 });
        Assert.False(result.Converged);
        Assert.Contains("iteration budget", result.StopReason);
        Assert.Equal(3, result.Iterations);
    }
}
