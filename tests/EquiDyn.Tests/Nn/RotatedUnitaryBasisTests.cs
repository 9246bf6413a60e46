using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Nn;

/// <summary>The unitary-rotated parametrization: orthonormal, spanning L, and not a basis the rotations permute.</summary>
public class RotatedUnitaryBasisTests
{
    private static readonly LayerSpace Kernel = LayerSpace.Kernel(new CyclicGroup(4).OnKernelTaps());

    [Theory]
    [InlineData("cross")]
    [InlineData("skew")]
    public void IsAnOrthonormalBasisOfTheSupport(string name)
    {
        var mask = KernelSupport.Parse(name).Mask;
        var basis = RotatedUnitaryBasis.Create(Kernel.OrbitIds, mask, seed: 3);
        Assert.True(basis.IsOrthonormal);
        Assert.Equal(mask.Count(b => b), basis.Count);
        var columns = basis.Columns;
        for (int e = 0; e < 9; e++)
        for (int j = 0; j < basis.Count; j++)
            if (!mask[e]) Assert.Equal(0.0, columns[e, j]); // inside L: nothing outside the support
    }

    [Fact]
    public void RotationsDoNotPermuteItsCoordinatesButPermuteTheTapBasis()
    {
        var mask = KernelSupport.Cross.Mask;
        var rotated = RotatedUnitaryBasis.Create(Kernel.OrbitIds, mask, seed: 3).Columns;
        var taps = Enumerable.Range(0, 9).Where(e => mask[e]).ToArray();
        var tap = new double[9, taps.Length];
        for (int j = 0; j < taps.Length; j++) tap[taps[j], j] = 1;
        var quarterTurn = Kernel.EntryAction.ElementPermutations.First(p => !p.SequenceEqual(Enumerable.Range(0, 9)) && Order(p) == 4);
        Assert.True(IsSignedPermutation(CoordinateAction(tap, quarterTurn)));
        Assert.False(IsSignedPermutation(CoordinateAction(rotated, quarterTurn)));
    }

    [Fact]
    public void TheSeedDecidesTheBasis()
    {
        var mask = KernelSupport.Cross.Mask;
        Assert.Equal(RotatedUnitaryBasis.Create(Kernel.OrbitIds, mask, 4).Columns, RotatedUnitaryBasis.Create(Kernel.OrbitIds, mask, 4).Columns);
        Assert.NotEqual(RotatedUnitaryBasis.Create(Kernel.OrbitIds, mask, 4).Columns, RotatedUnitaryBasis.Create(Kernel.OrbitIds, mask, 5).Columns);
    }

    [Fact]
    public void TheCnnBuildsWithIt()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var net = RotationConvNet.Build(KernelSupport.Cross, KernelBasisKind.UnitaryRotated, 7, 12, (2, 2, 2), 10, TorchSharp.torch.ScalarType.Float64);
        Assert.All(net.Layers.Take(3), l => Assert.True(l.Parametrization.IsOrthonormal && l.Parametrization is DenseBlockBasis));
    }

    /// <summary>T = Bᵀ P B: how the permutation (entry e moves to p[e]) acts on the coordinates of an orthonormal basis B.</summary>
    private static double[,] CoordinateAction(double[,] b, int[] p)
    {
        int d = b.GetLength(0), n = b.GetLength(1);
        var t = new double[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        for (int e = 0; e < d; e++)
            t[i, j] += b[p[e], i] * b[e, j];
        return t;
    }

    private static bool IsSignedPermutation(double[,] t)
    {
        int n = t.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            int big = 0;
            for (int j = 0; j < n; j++)
            {
                double a = Math.Abs(t[i, j]);
                if (Math.Abs(a - 1) < 1e-12) big++;
                else if (a > 1e-12) return false;
            }
            if (big != 1) return false;
        }
        return true;
    }

    private static int Order(int[] p)
    {
        var q = p.ToArray();
        for (int k = 1; k <= 8; k++)
        {
            if (q.Select((v, i) => v == i).All(x => x)) return k;
            q = q.Select(i => p[i]).ToArray();
        }
        return -1;
    }
}
