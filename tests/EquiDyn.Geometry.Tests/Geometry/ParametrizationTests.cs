using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Geometry;

public class ParametrizationTests
{
    [Fact]
    public void TheNonUnitaryCounterexampleLeavesE()
    {
        // docs/concepts.md: H = ℝ², Z2 swaps, E = span(1,1), M = [[1, 0.5], [0, 1]] (columns B₁ = (1,0), B₂ = (0.5,1)).
        var z2 = new PermutationGroup("Z2", 2, new[] { new[] { 1, 0 } });
        var layer = LayerSpace.Dense(z2.DefiningAction, SiteAction.Trivial(z2, 1));
        var m = new Parametrization(new[] { new double[] { 1, 0 }, new double[] { 0.5, 1 } });
        Assert.False(m.IsUnitary);
        var metric = m.Metric;
        Assert.Equal(new double[,] { { 1.25, 0.5 }, { 0.5, 1 } }, metric);
        var moved = m.ApplyMetric(new double[] { 1, 1 });
        Assert.Equal(new[] { 1.75, 1.5 }, moved);
        Assert.NotEqual(moved, layer.Equivariant.Apply(moved)); // (1.75, 1.5) ∉ E
        Assert.False(m.MetricCommutesWith(layer.Equivariant));
    }

    [Fact]
    public void OrthonormalParametrizationIsUnitaryWithMetricPiL()
    {
        var layer = LayerSpace.Kernel(new CyclicGroup(4).OnKernelTaps());
        var cross = KernelSupport.Cross.ToAdmissibleSpace();
        var m = Parametrization.Orthonormal(cross);
        Assert.True(m.IsUnitary);
        Assert.Equal(5, m.ParameterCount);
        var metric = m.Metric;
        var piL = cross.Projector.ToMatrix();
        for (int i = 0; i < 9; i++)
        for (int j = 0; j < 9; j++) Assert.Equal(piL[i, j], metric[i, j], 1e-14);
        // Compatible L with a unitary M: MM* = Π_L commutes with Π_E.
        Assert.True(m.MetricCommutesWith(layer.Equivariant));
    }

    [Fact]
    public void RandomNonUnitaryBasisFollowsThePaperAndIsReproducible()
    {
        var mask = KernelSupport.Cross.Mask;
        var m = Parametrization.RandomNonUnitary(mask, seed: 42);
        Assert.Equal(5, m.ParameterCount);
        Assert.False(m.IsUnitary);
        foreach (var b in m.Basis)
        {
            Assert.Equal(1, Math.Sqrt(b.Sum(x => x * x)), 14); // b_i normalised
            for (int t = 0; t < 9; t++)
                if (!mask[t]) Assert.Equal(0, b[t]); // supported on Ω
        }
        var again = Parametrization.RandomNonUnitary(mask, seed: 42);
        Assert.Equal(m.Basis.SelectMany(b => b), again.Basis.SelectMany(b => b));
        var other = Parametrization.RandomNonUnitary(mask, seed: 43);
        Assert.NotEqual(m.Basis.SelectMany(b => b), other.Basis.SelectMany(b => b));
        // A generic non-unitary metric does not commute with Π_E even on the compatible cross.
        Assert.False(m.MetricCommutesWith(LayerSpace.Kernel(new CyclicGroup(4).OnKernelTaps()).Equivariant));
    }

    [Fact]
    public void CoefficientsLoadAFilterIntoANonUnitaryBasis()
    {
        var m = Parametrization.RandomNonUnitary(KernelSupport.Cross.Mask, seed: 1);
        // An equivariant cross filter: centre 1, sides ½ (the paper's mid + side).
        double[] filter = { 0, 0.5, 0, 0.5, 1, 0.5, 0, 0.5, 0 };
        var theta = m.Coefficients(filter);
        var back = m.Synthesize(theta);
        for (int t = 0; t < 9; t++) Assert.Equal(filter[t], back[t], 1e-10);
        // M* is the adjoint of M: ⟨Mθ, a⟩ = ⟨θ, M*a⟩.
        var a = new double[] { 1, -2, 3, 0.5, 0, 1, 2, -1, 4 };
        Assert.Equal(back.Zip(a, (x, y) => x * y).Sum(), theta.Zip(m.Adjoint(a), (x, y) => x * y).Sum(), 1e-10);
    }

    [Fact]
    public void StandardNormalIsSeededAndHasUnitVariance()
    {
        var a = new StandardNormal(5);
        var b = new StandardNormal(5);
        var samples = Enumerable.Range(0, 40_000).Select(_ => a.Next()).ToArray();
        Assert.Equal(samples.Take(10), Enumerable.Range(0, 10).Select(_ => b.Next()));
        double mean = samples.Average();
        double variance = samples.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03); // 6 standard errors of 1/√40000
        Assert.InRange(variance, 0.95, 1.05);
    }
}
