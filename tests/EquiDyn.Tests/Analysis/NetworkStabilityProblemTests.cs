using EquiDyn.Analysis;
using EquiDyn.Checks;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

/// <summary>The network provider on the small C4 CNN (float64): derivatives against finite differences, P1 in θ-coordinates,
/// and the block analysis at an approximate equivariant stationary point for the cross (compatible) and skew supports.</summary>
public class NetworkStabilityProblemTests(ITestOutputHelper output)
{
    private static StabilityProblem Problem(StructuredNetwork network, int? samples = null, int chunk = 64) =>
        NetworkStabilityProblem.Create(network, SmallConvNetCase.Data(), LossKind.MseOneHot, SmallConvNetCase.Rotations,
            new NetworkStabilityOptions { Samples = samples, SampleSeed = 3, ChunkSize = chunk });

    private static double RelativeError(Tensor actual, Tensor expected) =>
        linalg.vector_norm(actual - expected).item<double>() / linalg.vector_norm(expected).item<double>();

    private static Tensor Unit(long n, ulong seed)
    {
        var v = randn(new[] { n }, ScalarType.Float64, generator: new Generator(seed));
        return v / linalg.vector_norm(v);
    }

    [Fact]
    public void GradientAndHessianVectorProductsAgreeWithCentralDifferences()
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(net, seed: 6);
        var problem = Problem(net, samples: 16, chunk: 5); // several chunks: the sum over chunks is differentiated too
        // A generic point of L (not in E): every derivative identity must hold there too.
        var theta = problem.Theta + 0.1 * Unit(problem.Dimension, 8);
        var v = Unit(problem.Dimension, 9);
        using var hessian = new HessianOperator(problem.AugmentedRisk, theta);
        const double h = 1e-4;
        double Risk(Tensor t) { using var _ = no_grad(); return problem.AugmentedRisk(t).item<double>(); }
        double directional = (Risk(theta + h * v) - Risk(theta - h * v)) / (2 * h);
        double fromGradient = hessian.Gradient().dot(v).item<double>();
        output.WriteLine($"n = {problem.Dimension}: directional derivative {fromGradient:R} vs FD {directional:R}");
        Assert.True(Math.Abs(directional - fromGradient) <= 1e-6 * Math.Abs(fromGradient), $"{fromGradient} vs {directional}");

        Tensor GradientAt(Tensor t) { using var op = new HessianOperator(problem.AugmentedRisk, t); return op.Gradient(); }
        var finite = (GradientAt(theta + h * v) - GradientAt(theta - h * v)) / (2 * h);
        var product = hessian.Apply(v);
        double error = RelativeError(product, finite);
        output.WriteLine($"‖Hv‖ = {linalg.vector_norm(product).item<double>():E4}, relative error vs FD {error:E2}");
        Assert.True(error <= 1e-6, $"HVP relative error {error:E2}");

        // The nominal closure is differentiable through the network as well.
        using var nominal = new HessianOperator(problem.NominalRisk!, theta);
        double nominalFd;
        using (no_grad())
            nominalFd = (problem.NominalRisk!(theta + h * v).item<double>() - problem.NominalRisk!(theta - h * v).item<double>()) / (2 * h);
        double nominalGrad = nominal.Gradient().dot(v).item<double>();
        Assert.True(Math.Abs(nominalFd - nominalGrad) <= 1e-6 * Math.Abs(nominalGrad), $"{nominalGrad} vs {nominalFd}");
    }

    [Theory]
    [InlineData("cross", true)]
    [InlineData("full", true)]
    [InlineData("skew", false)]
    public void OnEIntersectLTheAugmentedGradientIsTheProjectedNominalGradientExactlyUnderCompatibility(string support, bool compatible)
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(KernelSupport.Parse(support));
        NetworkInitializer.ProjectedGaussian(net, seed: 2);
        var problem = Problem(net);
        var coordinates = new NetworkCoordinates(net);
        Assert.Equal(compatible, coordinates.IsCompatible);
        Assert.All(coordinates.DistancesToIntersection(problem.Theta), d => Assert.True(d < 1e-12, $"distance {d}"));

        using var aug = new HessianOperator(problem.AugmentedRisk, problem.Theta);
        using var nom = new HessianOperator(problem.NominalRisk!, problem.Theta);
        Assert.Equal(nom.Value(), aug.Value(), 1e-12); // L3: R_aug = R on 𝓔
        var g = aug.Gradient();
        var projectedNominal = problem.Equivariant.Project(nom.Gradient());
        double gap = RelativeError(g, projectedNominal);
        double offIntersection = linalg.vector_norm(problem.Complement.Project(g)).item<double>() / linalg.vector_norm(g).item<double>();
        output.WriteLine($"{support}: ‖∇R_aug − Π(E∩L)∇R‖/‖·‖ = {gap:E2}, ‖Π(L⊖E∩L)∇R_aug‖/‖∇R_aug‖ = {offIntersection:E2}");
        if (compatible)
        {
            Assert.True(gap < 1e-10, $"gap {gap:E2}");
            Assert.True(offIntersection < 1e-10, $"off {offIntersection:E2}");
        }
        else
        {
            // T1(c): the corner tap receives Π_E∇R's corner component, which equivariant training never sees.
            Assert.True(gap > 1e-3, $"gap {gap:E2}");
            Assert.True(offIntersection > 1e-3, $"off {offIntersection:E2}");
        }
    }

    /// <summary>Trains the equivariant model with full-batch GD on R|_{E∩L}, then transfers it into the model in L.</summary>
    private static StructuredNetwork EquivariantStationaryPoint(KernelSupport support, int steps, double eta)
    {
        var eqv = SmallConvNetCase.Equivariant(support);
        NetworkInitializer.ProjectedGaussian(eqv, seed: 4);
        var eqvProblem = Problem(eqv);
        // In the equivariant model θ are unitary coordinates of 𝓔∩𝓛, so the nominal risk is R^eqv and GD on it is Equi training.
        var (_, end) = GradientDescentProbe.Run(eqvProblem.NominalRisk!, eqvProblem.Theta, eta, steps, eqvProblem.Equivariant);
        new NetworkCoordinates(eqv).Load(tensor(end, dtype: ScalarType.Float64));
        var net = SmallConvNetCase.Network(support);
        net.LoadWeightsFrom(eqv);
        return net;
    }

    private static readonly StabilityOptions QuickAnalysis = new()
    {
        Lanczos = new LanczosOptions { Count = 2, MaxBasisSize = 24, MaxProducts = 60 },
        GrowthSteps = 5,
        CrossBlockIterations = 4,
        StationarityTolerance = 1e-3,
    };

    [Fact]
    public void CrossSupportBlockAnalysisAtAnEquivariantStationaryPointHasAVanishingCrossBlock()
    {
        using var scope = NewDisposeScope();
        var net = EquivariantStationaryPoint(KernelSupport.Cross, steps: 300, eta: 0.1);
        var problem = Problem(net);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = StabilityAnalysis.Analyze(problem, QuickAnalysis);
        output.WriteLine($"analysis {clock.Elapsed.TotalSeconds:F1} s; {problem.Description}\n‖∇R_aug‖ E∩L {report.AugmentedGradient.EquivariantNorm:E2}, E⊥∩L {report.AugmentedGradient.ComplementNorm:E2}" +
                         $"\nE∩L block [{report.EquivariantBlock.Min:G6}, {report.EquivariantBlock.Max:G6}] res {report.EquivariantBlock.MaxResidual:E2}" +
                         $"\nE⊥∩L block [{report.ComplementBlock.Min:G6}, {report.ComplementBlock.Max:G6}] res {report.ComplementBlock.MaxResidual:E2}" +
                         $"\ncross {report.CrossBlock}\nEqui {report.Equivariant.Class}, Aug {report.Augmented.Class}; {report.HessianVectorProducts} HVPs");
        Assert.Equal(263, report.Dimension);
        Assert.True(report.AugmentedGradient.ComplementNorm < 1e-12, $"P1: {report.AugmentedGradient.ComplementNorm:E2}");
        Assert.True(report.CrossBlock.Relative <= 1e-8, report.CrossBlock.ToString());
        Assert.True(report.CrossBlock.Estimate > 0 || report.CrossBlock.Products > 0);
        foreach (var block in new[] { report.EquivariantBlock, report.ComplementBlock })
        {
            Assert.NotEmpty(block.Pairs);
            Assert.All(block.Pairs, p => Assert.True(double.IsFinite(p.Residual) && double.IsFinite(p.Value), p.ToString()));
        }
        // Random labels keep full-batch GD fitting for thousands of steps, so the point is only approximately stationary
        // (‖∇R_aug‖ ~ 0.5 after 300 steps) and the verdicts say NotStationary; the cross block vanishes at every point of
        // E∩L (∇²R_aug commutes with ρ̄ there), which is what is checked.
    }

    [Fact]
    public void SkewSupportAtAnEquivariantStationaryPointIsNotAugStationaryOrHasACrossBlock()
    {
        using var scope = NewDisposeScope();
        var net = EquivariantStationaryPoint(KernelSupport.Skew, steps: 300, eta: 0.1);
        var problem = Problem(net);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = StabilityAnalysis.Analyze(problem, QuickAnalysis);
        output.WriteLine($"analysis {clock.Elapsed.TotalSeconds:F1} s; ‖∇R_aug‖ E∩L {report.AugmentedGradient.EquivariantNorm:E2}, L⊖E∩L {report.AugmentedGradient.ComplementNorm:E2}" +
                         $"\ncross {report.CrossBlock}\nEqui {report.Equivariant.Class}: {report.Equivariant.Reason}\nAug {report.Augmented.Class}: {report.Augmented.Reason}");
        Assert.Equal("L⊖(E∩L)", problem.Complement.Name);
        Assert.True(report.Augmented.Class == StabilityClass.NotStationary || report.CrossBlock.Relative > 1e-6, report.Augmented.Reason);
        // Both effects of the missing compatibility are in fact present.
        Assert.Equal(StabilityClass.NotStationary, report.Augmented.Class);
        Assert.True(report.CrossBlock.Relative > 1e-4, report.CrossBlock.ToString());
    }

    [Fact]
    public void SubsetIsDeterministicSortedAndDistinct()
    {
        var a = NetworkStabilityProblem.SubsetIndices(1000, 50, 7);
        Assert.Equal(a, NetworkStabilityProblem.SubsetIndices(1000, 50, 7));
        Assert.NotEqual(a, NetworkStabilityProblem.SubsetIndices(1000, 50, 8));
        Assert.Equal(50, a.Distinct().Count());
        Assert.Equal(a.Order(), a);
        Assert.All(a, i => Assert.InRange(i, 0, 999));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), NetworkStabilityProblem.SubsetIndices(10, null, 7));
        Assert.Equal(10, NetworkStabilityProblem.SubsetIndices(10, 99, 7).Length);
    }

    [Fact]
    public void ProjectorIsAnOrthogonalProjectionOfTheRightRankAndNonUnitaryModelsAreRejected()
    {
        using var scope = NewDisposeScope();
        var coordinates = new NetworkCoordinates(SmallConvNetCase.Network(KernelSupport.Cross));
        // conv: 2 of 5 taps' orbits (mid, side) per kernel; head: 3 orbits of the 3×3 grid per (class, channel).
        Assert.Equal(15 + 60 + 80 + 108, coordinates.Dimension);
        Assert.Equal(2 * (3 + 12 + 16) + 3 * 12, coordinates.IntersectionRank);
        var v = Unit(coordinates.Dimension, 1);
        var w = Unit(coordinates.Dimension, 2);
        var pv = coordinates.ProjectIntersection(v);
        Assert.True(RelativeError(coordinates.ProjectIntersection(pv), pv) < 1e-14);
        Assert.Equal(pv.dot(w).item<double>(), v.dot(coordinates.ProjectIntersection(w)).item<double>(), 1e-14);
        var basis = coordinates.Intersection().OrthonormalBasis();
        Assert.Equal(coordinates.IntersectionRank, basis.shape[1]);

        var ex = Assert.Throws<ArgumentException>(() => new NetworkCoordinates(SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.NonUnitary)));
        Assert.Contains("non-unitary", ex.Message);
    }
}
