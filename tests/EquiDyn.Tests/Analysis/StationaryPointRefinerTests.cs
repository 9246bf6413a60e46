using EquiDyn.Analysis;
using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

/// <summary>The refiner on a subspace: against closed-form minimisers, and on a small C4 CNN the way <c>equidyn stability
/// --refine</c> uses it (anchored ridge, L-BFGS then Newton-CG, then the block analysis).</summary>
public class StationaryPointRefinerTests(ITestOutputHelper output)
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

    [Fact]
    public void OnASmallCnnWithFewerResidualsThanCoordinatesTheRidgedRefinementReachesTheToleranceAndTheAnalysisGivesVerdicts()
    {
        using var scope = NewDisposeScope();
        // The trained-checkpoint situation in miniature: 8 samples × 3 classes = 24 residuals against dim E∩L = 98, so R
        // alone has a whole manifold of minimisers (the reason for the anchored ridge, StabilityProblem.WithAnchoredRidge).
        var network = SmallConvNetCase.Network(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(network, seed: 2); // a point of E∩L
        var problem = NetworkStabilityProblem.Create(network, SmallConvNetCase.Data(), LossKind.MseOneHot, SmallConvNetCase.Rotations,
            new NetworkStabilityOptions { Samples = 8, SampleSeed = 0 });
        // γ = 1 lies above the most negative curvature of R on E∩L along the way (measured: R's own E∩L block at the
        // refined point has λ_min ≈ −0.54), so the stationary point of the regularised risk near the start is isolated.
        const double gamma = 1;
        var ridged = problem.WithAnchoredRidge(gamma);
        // NewtonRankLimit = 0: the Newton-CG finish that a large network gets, not the dense one.
        var refined = StationaryPointRefiner.Refine(ridged.NominalRisk!, ridged.Theta, ridged.Equivariant,
            new RefinementOptions { MaxIterations = 30, NewtonRankLimit = 0, NewtonCgIterations = 40 });
        output.WriteLine($"{refined.StopReason}; {refined.Iterations} iterations ({refined.NewtonSteps} Newton-CG, {refined.HessianProducts} HVPs); " +
            $"‖Π∇R‖ {refined.InitialGradientNorm:E3} → {refined.GradientNorm:E3}; R {refined.InitialRisk:G6} → {refined.Risk:G6}");
        Assert.True(refined.Converged, refined.StopReason);
        Assert.True(refined.NewtonSteps > 0, "L-BFGS alone should not reach 1e-10 here in 30 iterations; the test is about the Newton-CG finish");
        Assert.True(refined.GradientNorm <= 1e-10 * refined.InitialGradientNorm);

        // The analysis at the refined point of the same ridged risk: stationary for both modes, so real verdicts.
        var at = ridged.At(tensor(refined.Theta, dtype: ScalarType.Float64));
        double tolerance = 1e-9 * refined.InitialGradientNorm; // 10× the refinement's target: the augmented gradient is summed another way
        var report = StabilityAnalysis.Analyze(at, new StabilityOptions { StationarityTolerance = tolerance, Eta = 0.01, GrowthSteps = 5 });
        output.WriteLine($"‖∇R_aug‖ = {report.AugmentedGradient.Norm:E3} (E⊥∩L part {report.AugmentedGradient.ComplementNorm:E3}); " +
            $"Equi {report.Equivariant.Class} λ_min {report.Equivariant.MinEigenvalue:G6} ± {report.Equivariant.Uncertainty:E2}; " +
            $"Aug {report.Augmented.Class} λ_min {report.Augmented.MinEigenvalue:G6} ± {report.Augmented.Uncertainty:E2}");
        // P1 (compatible support): at a point of E∩L the augmented gradient equals the equivariant one, so it is ≈ 0 too.
        Assert.True(report.AugmentedGradient.Norm <= tolerance, $"{report.AugmentedGradient.Norm}");
        Assert.NotEqual(StabilityClass.NotStationary, report.Equivariant.Class);
        Assert.NotEqual(StabilityClass.NotStationary, report.Augmented.Class);
        // A minimum reached by descent on R + ridge restricted to E∩L, isolated by the ridge: Equi-stable.
        Assert.Equal(StabilityClass.Stable, report.Equivariant.Class);

        // The ridge's contract: at the same point, the E∩L block of the regularised risk is R's shifted by exactly γ, and the
        // E⊥∩L block is R_aug's own (the Aug question is answered about R_aug, not about the ridge).
        var plain = StabilityAnalysis.Analyze(problem.At(tensor(refined.Theta, dtype: ScalarType.Float64)),
            new StabilityOptions { StationarityTolerance = tolerance, Eta = 0.01, GrowthSteps = 5 });
        double shift = report.EquivariantBlock.Min - plain.EquivariantBlock.Min;
        double complement = report.ComplementBlock.Min - plain.ComplementBlock.Min;
        output.WriteLine($"E∩L shift {shift:R}, E⊥∩L shift {complement:R}");
        Assert.True(Math.Abs(shift - gamma) <= 1e-6, $"E∩L block shifted by {shift}, not γ = {gamma}");
        Assert.True(Math.Abs(complement) <= 1e-6, $"E⊥∩L block shifted by {complement}");
    }
}
