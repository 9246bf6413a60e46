using EquiDyn.Analysis;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

/// <summary>The block analysis on quadratic risks R(θ) = ½θᵀMθ + bᵀθ whose blocks are chosen in closed form and hidden
/// in a random orthonormal frame: 𝓔∩𝓛 = span(q_0…q_{k−1}), 𝓔^⊥∩𝓛 = span(q_k…q_{n−1}), given to the analysis only as
/// projector delegates, with the dense path disabled, so everything comes from HVPs (the path large models take).</summary>
public class SyntheticStabilityTests
{
    private const int N = 40, K = 15;

    private sealed record Quadratic(StabilityProblem Problem, double[] EquivariantDiagonal, double[] ComplementDiagonal);

    // M = Q [[D_E, C], [Cᵀ, D_⊥]] Qᵀ with C = σ·e_0 e_1ᵀ (it couples q_0 ∈ 𝓔 with q_{K+1} ∈ 𝓔^⊥ only), so the blocks'
    // spectra are D_E and D_⊥, the cross-block norm is σ, and q_K (the λ_min direction of D_⊥, untouched by C) is an
    // exact eigenvector of M: GD along it is exactly geometric.
    private static Quadratic Build(double complementMin, double crossSigma, bool linearTermInE = false)
    {
        var (q, _) = linalg.qr(randn(new long[] { N, N }, ScalarType.Float64, generator: new Generator(17)));
        q = q.DetachFromDisposeScope();
        var dE = Enumerable.Range(0, K).Select(i => 0.5 + 0.1 * i).ToArray();              // 0.5 … 1.9
        var dC = Enumerable.Range(0, N - K).Select(i => complementMin + 0.2 * i).ToArray(); // complementMin …
        var inner = diag(tensor(dE.Concat(dC).ToArray(), dtype: ScalarType.Float64));
        inner[0, K + 1] = crossSigma;
        inner[K + 1, 0] = crossSigma;
        var m = q.matmul(inner).matmul(q.T).DetachFromDisposeScope();
        var b = (linearTermInE ? 0.01 * q[.., 2] : zeros(N, dtype: ScalarType.Float64)).DetachFromDisposeScope();
        var qe = q[.., ..K].DetachFromDisposeScope();
        var equivariant = Subspace.FromProjector("E∩L", v => qe.matmul(qe.T.matmul(v)), N);
        Tensor Risk(Tensor theta) => 0.5 * theta.dot(m.matmul(theta)) + b.dot(theta);
        var problem = new StabilityProblem("quadratic", "synthetic", zeros(N, dtype: ScalarType.Float64), Risk, equivariant);
        return new Quadratic(problem, dE, dC);
    }

    private static readonly StabilityOptions HvpOnly = new() { DenseLimit = 0, GrowthSteps = 30 };

    [Fact]
    public void BlocksCrossNormVerdictsAndGrowthFromHvpsOnly()
    {
        using var scope = NewDisposeScope();
        var quadratic = Build(complementMin: -0.2, crossSigma: 0.3);
        var report = StabilityAnalysis.Analyze(quadratic.Problem, HvpOnly);

        Assert.Null(report.Dense);
        // The blocks are exact diagonal spectra; Lanczos on 15- and 25-dimensional blocks with a 40-vector basis
        // exhausts them, so the extremes are exact up to rounding (1e-10 leaves room for 40 reorthogonalised steps).
        Assert.Equal(quadratic.EquivariantDiagonal.Min(), report.EquivariantBlock.Min, 1e-10);
        Assert.Equal(quadratic.EquivariantDiagonal.Max(), report.EquivariantBlock.Max, 1e-10);
        Assert.Equal(-0.2, report.ComplementBlock.Min, 1e-10);
        Assert.Equal(quadratic.ComplementDiagonal.Max(), report.ComplementBlock.Max, 1e-10);
        Assert.True(report.EquivariantBlock.MaxResidual < 1e-10 && report.ComplementBlock.MaxResidual < 1e-10);
        // C is rank one, so power iteration on CᵀC is exact after one step.
        Assert.Equal(0.3, report.CrossBlock.Estimate, 1e-12);
        Assert.Equal(StabilityClass.Stable, report.Equivariant.Class);
        Assert.Equal(StabilityClass.Unstable, report.Augmented.Class);
        Assert.Equal(0.2, report.StabilisingGammaThreshold, 1e-10);
        // R is quadratic and the start direction an exact eigenvector: GD multiplies the distance by exactly 1 + 0.1·0.2.
        Assert.Equal(1.02, report.Growth!.PredictedFactor, 1e-10);
        Assert.Equal(1.02, report.Growth.MeasuredFactor, 1e-10);
    }

    [Fact]
    public void AZeroEigenvalueOffEIsMarginal()
    {
        using var scope = NewDisposeScope();
        var report = StabilityAnalysis.Analyze(Build(complementMin: 0.0, crossSigma: 0.0).Problem, HvpOnly);
        Assert.Equal(StabilityClass.Stable, report.Equivariant.Class);
        Assert.Equal(StabilityClass.Marginal, report.Augmented.Class);
        Assert.Equal(0.0, report.StabilisingGammaThreshold, 1e-10);
        Assert.True(report.CrossBlock.Estimate < 1e-12);
    }

    [Fact]
    public void ANonZeroGradientIsNotStationary()
    {
        using var scope = NewDisposeScope();
        var report = StabilityAnalysis.Analyze(Build(complementMin: 0.3, crossSigma: 0.0, linearTermInE: true).Problem, HvpOnly);
        // ∇R(0) = b = 0.01·q_2 ∈ 𝓔∩𝓛.
        Assert.Equal(0.01, report.AugmentedGradient.EquivariantNorm, 1e-14);
        Assert.Equal(StabilityClass.NotStationary, report.Equivariant.Class);
        Assert.Equal(StabilityClass.NotStationary, report.Augmented.Class);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        using var scope = NewDisposeScope();
        var problem = Build(complementMin: 0.3, crossSigma: 0.0).Problem;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StabilityAnalysis.Analyze(problem, new StabilityOptions { Eta = -1 }));
        Assert.Equal("Eta", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => StabilityAnalysis.Analyze(problem, new StabilityOptions { Gamma = double.NaN }));
        Assert.Equal("Gamma", error.ParamName);
    }
}
