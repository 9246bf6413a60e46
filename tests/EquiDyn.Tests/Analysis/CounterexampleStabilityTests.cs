using EquiDyn.Analysis;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

/// <summary>docs/stability.md reproduced through the public analysis. Expected values are closed forms derived by hand (see
/// each comment) or the output of the independent pure-Python reference (a pure-Python implementation written outside this repository).</summary>
public class CounterexampleStabilityTests
{
    private static readonly double Sqrt3 = Math.Sqrt(3), Sqrt2 = Math.Sqrt(2);

    // One analysis shared by the assertions below (xunit creates a class per test, so cache it statically).
    private static readonly Lazy<StabilityReport> Report = new(() => StabilityAnalysis.Analyze(CounterexampleProblem.Create()));

    [Fact]
    public void RisksAtTheMinimiserAreOneThird()
    {
        using var scope = NewDisposeScope();
        var theta = tensor(CounterexampleProblem.Minimiser(), dtype: ScalarType.Float64);
        // c·tanh(a*) = 1 and c·tanh(2a*) = 1.5: residuals (1, −1, 0) for the nominal data and the same for the swapped
        // copies, so both risks are (1/3)·½·(1 + 1) = 1/3. Only rounding separates them from 1/3 (1e-15).
        Assert.Equal(1.0 / 3, CounterexampleProblem.NominalRisk(theta).item<double>(), 1e-15);
        Assert.Equal(1.0 / 3, CounterexampleProblem.AugmentedRisk(theta).item<double>(), 1e-15);
        Assert.Equal(1.0 / 3, Report.Value.AugmentedRisk, 1e-15);
    }

    [Fact]
    public void AugmentedGradientVanishesAndTheNominalGradientPointsOffE()
    {
        var report = Report.Value;
        // Exact stationarity: autograd in float64 leaves only rounding (~1e-16).
        Assert.True(report.AugmentedGradient.Norm < 1e-14, $"‖∇R^aug‖ = {report.AugmentedGradient.Norm:E2}");
        // ∂R/∂a1 = (1/3)Σ r_k·c·t'(a s_k)·x_k1 with r = (1, −1, 0), c·t'(2a*) = √3/4: (1/3)(2 − 1)√3/4 = √3/12 ≈ 0.144338;
        // ∂R/∂a2 = (1/3)(0 − 1)√3/4 = −√3/12; ∂R/∂c = (1/3)Σ r_k tanh = (1/3)(√3/2 − √3/2 + 0) = 0.
        var g = report.NominalGradient!.Vector!;
        Assert.Equal(Sqrt3 / 12, g[0], 1e-14);
        Assert.Equal(-Sqrt3 / 12, g[1], 1e-14);
        Assert.Equal(0.0, g[2], 1e-14);
        Assert.Equal(0.144338, g[0], 1e-6); // the paper's 6 digits
        // It lies in 𝓔^⊥ exactly: its 𝓔 part is rounding, its 𝓔^⊥ part is √2·√3/12.
        Assert.True(report.NominalGradient.EquivariantNorm < 1e-14);
        Assert.Equal(Sqrt2 * Sqrt3 / 12, report.NominalGradient.ComplementNorm, 1e-14);
    }

    [Fact]
    public void DenseAugmentedHessianMatchesTheClosedForm()
    {
        var dense = Report.Value.Dense!;
        // Hand derivation: H = mean over the 6 (g·x, y) pairs of ∇Φ∇Φᵀ + r∇²Φ, with ∂Φ/∂a_i = c t' x_i, ∂Φ/∂c = t,
        // ∂²Φ/∂a_i∂a_j = −2c t t' x_i x_j, ∂²Φ/∂a_i∂c = t' x_i. At A*: t(2a) = √3/2, t(a) = 1/√3, residuals (1, −1, 0)
        // on both copies. The entries come out rational: 7/144, 61/144, 13/36, 11/18 (0.048611, 0.423611, 0.361111,
        // 0.611111 to the paper's 6 digits). Double backward is exact up to rounding, hence 1e-13.
        double[][] expected =
        {
            new[] { 7 / 144.0, 61 / 144.0, 13 / 36.0 },
            new[] { 61 / 144.0, 7 / 144.0, 13 / 36.0 },
            new[] { 13 / 36.0, 13 / 36.0, 11 / 18.0 },
        };
        double[][] paper =
        {
            new[] { 0.048611, 0.423611, 0.361111 },
            new[] { 0.423611, 0.048611, 0.361111 },
            new[] { 0.361111, 0.361111, 0.611111 },
        };
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(expected[i][j], dense.Hessian[i][j], 1e-13);
            Assert.Equal(paper[i][j], dense.Hessian[i][j], 1e-6); // 6 printed digits: rounding error ≤ 5e-7
        }
        Assert.True(dense.Asymmetry < 1e-12, $"asymmetry {dense.Asymmetry:E2}");
        // Spectrum: −3/8 on 𝓔^⊥ (7/144 − 61/144 = −54/144), and on 𝓔 the eigenvalues of (1/36)[[17, 13√2], [13√2, 22]]:
        // trace 39, determinant 36, so (39 ± √1377)/72 ≈ 0.026278, 1.057055.
        Assert.Equal(new[] { -0.375, (39 - Math.Sqrt(1377)) / 72, (39 + Math.Sqrt(1377)) / 72 }, dense.Eigenvalues, new Tolerance(1e-13));
        Assert.Equal(new[] { -0.375 }, dense.ComplementEigenvalues, new Tolerance(1e-13));
        // The Equi Hessian in the unitary coordinates e1 = (1,1,0)/√2, e2 = (0,0,1): [[17/36, 13√2/36], [13√2/36, 11/18]]
        // (paper: [[0.472222, 0.510688], [0.510688, 0.611111]]).
        var block = dense.EquivariantBlock!;
        Assert.Equal(17 / 36.0, block[0][0], 1e-13);
        Assert.Equal(13 * Sqrt2 / 36, block[0][1], 1e-13);
        Assert.Equal(13 * Sqrt2 / 36, block[1][0], 1e-13);
        Assert.Equal(11 / 18.0, block[1][1], 1e-13);
        Assert.Equal(0.510688, block[0][1], 1e-6);
    }

    [Fact]
    public void LanczosBlocksGiveTheSameSpectrumWithTinyResiduals()
    {
        var report = Report.Value;
        // Each block is tiny (dim 2 and 1): Lanczos exhausts it and is exact up to rounding.
        Assert.True(report.EquivariantBlock.SubspaceExhausted && report.ComplementBlock.SubspaceExhausted);
        Assert.Equal(new[] { (39 - Math.Sqrt(1377)) / 72, (39 + Math.Sqrt(1377)) / 72 }, report.EquivariantBlock.Pairs.Select(p => p.Value), new Tolerance(1e-13));
        var unstable = Assert.Single(report.ComplementBlock.Pairs);
        Assert.Equal(-0.375, unstable.Value, 1e-13);
        Assert.True(report.EquivariantBlock.MaxResidual < 1e-13 && unstable.Residual < 1e-13);
        // Its eigenvector is u = (1, −1, 0)/√2 (sign normalised: largest component positive, first on ties).
        Assert.Equal(new[] { 1 / Sqrt2, -1 / Sqrt2, 0 }, unstable.Vector, new Tolerance(1e-12));
        // Exact augmentation + compatibility: the cross block vanishes up to rounding (‖H‖ ≈ 1).
        Assert.True(report.CrossBlock.Estimate < 1e-14, $"cross estimate {report.CrossBlock.Estimate:E2}");
        Assert.True(report.CrossBlock.Exact < 1e-14, $"cross exact {report.CrossBlock.Exact:E2}");
    }

    [Fact]
    public void StableForEquiUnstableForAug()
    {
        var report = Report.Value;
        Assert.Equal(StabilityClass.Stable, report.Equivariant.Class);
        Assert.Equal((39 - Math.Sqrt(1377)) / 72, report.Equivariant.MinEigenvalue, 1e-13);
        Assert.Equal(StabilityClass.Unstable, report.Augmented.Class);
        Assert.Equal(-0.375, report.Augmented.MinEigenvalue, 1e-13);
        Assert.Equal(0.375, report.StabilisingGammaThreshold, 1e-13);
    }

    [Fact]
    public void SimulatedGrowthMatchesThePredictionAndTheReferenceScript()
    {
        var growth = Report.Value.Growth!;
        // 1 + η|λ_min| = 1 + 0.1·0.375.
        Assert.Equal(1.0375, growth.PredictedFactor, 1e-13);
        // Reference script (central-difference gradients, h = 1e-6): distances after 0, 20, 40, 60 steps. Its gradient
        // error is ~1e-16·R/h ≈ 4e-11 per step; over 60 steps of size 0.1 amplified ≤ 9× that is < 1e-8 in position.
        Assert.Equal(0.0014142135623730961, growth.Distances[0], 1e-15);
        Assert.Equal(0.00295307982205178, growth.Distances[20], 1e-8);
        Assert.Equal(0.00616637262289099, growth.Distances[40], 1e-8);
        Assert.Equal(0.012875371006327655, growth.Distances[60], 1e-8);
        // The measured geometric-mean factor deviates from the linear prediction only through the nonlinearity, whose
        // relative effect on the curvature is O(d²) with d ≤ 0.013, i.e. ≲ 2e-4·η|λ| ≈ 1e-5 per step (measured: 1.7e-6).
        Assert.Equal(growth.PredictedFactor, growth.MeasuredFactor, 1e-5);
    }
}
