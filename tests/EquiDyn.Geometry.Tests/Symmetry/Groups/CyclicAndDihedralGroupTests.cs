using System.Numerics;
using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Symmetry.Groups;

/// <summary>C_n and D_n for many n: orders, presentations, and orbit counts from closed forms (Burnside's lemma worked
/// out by hand per family).</summary>
public class CyclicAndDihedralGroupTests
{
    public static IEnumerable<object[]> Orders() => Enumerable.Range(1, 12).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Orders))]
    public void OrdersAreNAnd2N(int n)
    {
        var cn = new CyclicGroup(n);
        var dn = new DihedralGroup(n);
        Assert.Equal(new BigInteger(n), cn.Order);
        Assert.Equal(n, cn.Elements.Count);
        Assert.Equal(new BigInteger(2 * n), dn.Order);
        Assert.Equal(2 * n, dn.Elements.Count);
        Assert.Equal($"C{n}", cn.Name);
        Assert.Equal($"D{n}", dn.Name);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void DihedralRelationsHoldAndRotationHasOrderN(int n)
    {
        var dn = new DihedralGroup(n);
        var (r, f) = (dn.Generators[0], dn.Generators[1]);
        var power = dn.Identity;
        for (int k = 1; k <= n; k++)
        {
            power = dn.Compose(r, power);
            Assert.Equal(k == n, power.IsIdentity); // r has order exactly n
        }
        Assert.True(dn.Compose(f, f).IsIdentity);
        Assert.Equal(dn.Inverse(r), dn.Compose(f, dn.Compose(r, f))); // f r f = r⁻¹
        Assert.Equal(n <= 2, dn.Compose(r, f).Equals(dn.Compose(f, r))); // abelian exactly for n ≤ 2
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(3, 3)]
    [InlineData(5, 10)]
    [InlineData(6, 12)]
    [InlineData(7, 7)]
    public void RingOrbitsFollowBurnside(int n, int nodes)
    {
        // C_n on a ring of m = nodes nodes (step m/n): only e fixes a node, so m/n node orbits and m²/n entry orbits.
        var cn = new CyclicGroup(n);
        Assert.Equal(nodes / n, OrbitsOn(cn.OnNodes(nodes)));
        Assert.Equal(nodes * nodes / n, OrbitsOn(cn.OnAdjacency(nodes)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(9)]
    public void DihedralRingAdjacencyOrbitsFollowBurnside(int n)
    {
        // D_n on an n-node ring's entries (i, j): e fixes n²; rotations fix none; the reflection i ↦ c − i fixes a pair
        // iff it fixes both nodes: 2i ≡ c (mod n) has 1 solution for odd n, 2 or 0 (c even/odd) for even n. Hence
        // (n² + n)/2n = (n+1)/2 orbits for odd n and (n² + 4·n/2)/2n = (n+2)/2 for even n.
        var dn = new DihedralGroup(n);
        int expected = n % 2 == 1 ? (n + 1) / 2 : (n + 2) / 2;
        Assert.Equal(expected, OrbitsOn(dn.OnAdjacency(n)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void GridOrbitsOfC1C2D1D2FollowBurnside(int side)
    {
        // o = 1 for odd sides: the 180° turn fixes only the centre; the column mirror fixes the middle column (side
        // pixels), the row mirror (r²·f) the middle row.
        int o = side % 2, s2 = side * side;
        Assert.Equal(s2, OrbitsOn(new CyclicGroup(1).OnGrid(side)));
        Assert.Equal((s2 + o) / 2, OrbitsOn(new CyclicGroup(2).OnGrid(side)));
        Assert.Equal((s2 + o * side) / 2, OrbitsOn(new DihedralGroup(1).OnGrid(side)));
        Assert.Equal((s2 + o + 2 * o * side) / 4, OrbitsOn(new DihedralGroup(2).OnGrid(side)));
        // C4 and D4 on pixels: (s² + 3o)/4 and (s² + 3o + 2o·s + 2s)/8 (diagonal mirrors fix s pixels for every side).
        Assert.Equal((s2 + 3 * o) / 4, OrbitsOn(new CyclicGroup(4).OnGrid(side)));
        Assert.Equal((s2 + 3 * o + 2 * o * side + 2 * side) / 8, OrbitsOn(new DihedralGroup(4).OnGrid(side)));
    }

    [Fact]
    public void C4AndD4KeepTheirDefiningActionsAndListingOrder()
    {
        // The paper's rotation experiments list C4 as e, r, r², r³ (r = quarter turn); nothing in the generalisation
        // may reorder that, since augmentation draws elements by index.
        var c4 = new CyclicGroup(4);
        Assert.Equal(new[] { "e", "r", "r^2", "r^3" }, c4.Elements.Select(g => g.ToString()));
        Assert.Equal(new[] { 1, 2, 3, 0 }, c4.Generators[0].Images);
        var d4 = new DihedralGroup(4);
        Assert.Equal(4, d4.Degree);
        Assert.Equal(new[] { 0, 3, 2, 1 }, d4.Generators[1].Images);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void GroupsWithoutASquareGridActionSaySo(int n)
    {
        var error = Assert.Throws<ArgumentException>(() => new CyclicGroup(n).OnGrid(4));
        Assert.Contains("C1, C2 and C4", error.Message);
        Assert.Throws<ArgumentException>(() => new DihedralGroup(n).OnKernelTaps());
        var ring = Assert.Throws<ArgumentException>(() => new CyclicGroup(n).OnNodes(n + 1));
        Assert.Contains($"multiple of {n}", ring.Message);
    }

    private static int OrbitsOn(SiteAction action) => LayerSpace.Dense(action, SiteAction.Trivial(action.Group, 1)).OrbitCount;
}
