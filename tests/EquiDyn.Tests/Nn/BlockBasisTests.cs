using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

public class BlockBasisTests
{
    // Orbits of C4 on 3×3 taps (row-major): corners {0,2,8,6}, sides {1,5,7,3}, centre {4} — written out by hand.
    private static readonly int[] TapOrbits = { 0, 1, 0, 1, 2, 1, 0, 1, 0 };

    [Fact]
    public void OrbitBasisProjectionAveragesEachKeptOrbitAndZeroesTheRest()
    {
        using var scope = NewDisposeScope();
        var basis = new OrbitBlockBasis(TapOrbits, new[] { false, true, true }); // keep sides and centre
        var a = arange(9, dtype: ScalarType.Float64).reshape(1, 1, 9);
        var p = basis.Project(a).flatten().data<double>().ToArray();
        // sides 1,3,5,7 average to 4; centre stays 4; corners dropped.
        Assert.Equal(new double[] { 0, 4, 0, 4, 4, 4, 0, 4, 0 }, p);
        Assert.Equal(2, basis.Count);
    }

    [Fact]
    public void AnalysisIsTheAdjointOfSynthesis()
    {
        using var scope = NewDisposeScope();
        var bases = new BlockBasis[]
        {
            new OrbitBlockBasis(TapOrbits, new[] { true, true, true }),
            new DenseBlockBasis(new double[,] { { 1, 0.5 }, { 0, 1 }, { 2, -1 } }),
        };
        foreach (var basis in bases)
        {
            var theta = randn(3, 2, basis.Count, dtype: ScalarType.Float64);
            var a = randn(3, 2, basis.BlockDimension, dtype: ScalarType.Float64);
            double lhs = (basis.Synthesize(theta) * a).sum().item<double>();
            double rhs = (theta * basis.Analyze(a)).sum().item<double>();
            Assert.Equal(lhs, rhs, 1e-10);
        }
    }

    [Fact]
    public void LeastSquaresRecoversCoefficientsOfANonOrthonormalBasis()
    {
        using var scope = NewDisposeScope();
        var basis = new DenseBlockBasis(new double[,] { { 1, 0.5 }, { 0, 1 }, { 2, -1 } });
        Assert.False(basis.IsOrthonormal);
        var theta = tensor(new[] { 0.7, -1.3 }, dtype: ScalarType.Float64).reshape(1, 1, 2);
        var recovered = basis.LeastSquaresCoefficients(basis.Synthesize(theta));
        Assert.True((recovered - theta).abs().max().item<double>() < 1e-12);
        Assert.Throws<InvalidOperationException>(() => basis.Project(theta));
    }

    [Fact]
    public void IdentityBasisIsTheStandardBasis()
    {
        using var scope = NewDisposeScope();
        var basis = OrbitBlockBasis.Identity(5);
        var a = randn(2, 3, 5, dtype: ScalarType.Float64);
        Assert.True((basis.Synthesize(a) - a).abs().max().item<double>() == 0);
        Assert.True((basis.Analyze(a) - a).abs().max().item<double>() == 0);
    }
}
