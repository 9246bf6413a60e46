using EquiDyn.Analysis;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

public class SubspaceTests
{
    private static readonly double R = 1 / Math.Sqrt(2);

    [Fact]
    public void BasisProjectionComplementAndDifference()
    {
        using var scope = NewDisposeScope();
        // 𝓔 = {a1 = a2} in ℝ³: Π(1, 3, 5) = (2, 2, 5), complement (−1, 1, 0).
        var e = Subspace.FromBasis("E", tensor(new double[,] { { R, 0 }, { R, 0 }, { 0, 1 } }));
        var v = tensor(new[] { 1.0, 3.0, 5.0 }, dtype: ScalarType.Float64);
        Assert.Equal(new[] { 2.0, 2.0, 5.0 }, e.Project(v).data<double>().ToArray(), new Tolerance(1e-15));
        var perp = e.OrthogonalComplement("E⊥");
        Assert.Equal(1L, perp.Rank);
        Assert.Equal(new[] { -1.0, 1.0, 0.0 }, perp.Project(v).data<double>().ToArray(), new Tolerance(1e-15));
        // Whole ⊖ E is the same complement.
        var difference = Subspace.Difference("L⊖E", Subspace.Whole("L", 3), e);
        Assert.Equal(new[] { -1.0, 1.0, 0.0 }, difference.Project(v).data<double>().ToArray(), new Tolerance(1e-15));
    }

    [Fact]
    public void OrthonormalBasisOfAProjectorSpansItsRange()
    {
        using var scope = NewDisposeScope();
        var perp = Subspace.FromProjector("E⊥", v => v - Subspace.FromBasis("u", tensor(new double[,] { { R }, { -R }, { 0 } })).Project(v), 3);
        var q = perp.OrthonormalBasis(); // 3×2: the plane orthogonal to u = (1, −1, 0)/√2
        Assert.Equal(new long[] { 3, 2 }, q.shape);
        Assert.True((q.T.matmul(q) - eye(2, dtype: ScalarType.Float64)).abs().max().item<double>() < 1e-14);
        Assert.True(q.T.matmul(tensor(new[] { R, -R, 0 }, dtype: ScalarType.Float64)).abs().max().item<double>() < 1e-14);
    }

    [Fact]
    public void NonOrthonormalBasisIsRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => Subspace.FromBasis("bad", tensor(new double[,] { { 1, 1 }, { 0, 1 }, { 0, 0 } })));
    }
}
