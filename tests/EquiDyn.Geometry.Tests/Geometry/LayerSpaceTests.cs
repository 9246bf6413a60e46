using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Geometry;

/// <summary>dim E from independent derivations (Burnside counts, set partitions), never from the code under test.</summary>
public class LayerSpaceTests
{
    [Fact]
    public void C4OnKernelTapsHasCornerSideAndCentreOrbits()
    {
        var layer = LayerSpace.Kernel(new CyclicGroup(4).OnKernelTaps());
        Assert.Equal(9, layer.Dimension);
        Assert.Equal(3, layer.OrbitCount);
        // Tap order 3r + c: corners {0,2,6,8}, sides {1,3,5,7}, centre {4}; orbit 0 holds entry 0.
        var orbits = layer.Orbits.Select(o => o.ToArray()).ToArray();
        Assert.Equal(new[] { 0, 2, 6, 8 }, orbits[0]);
        Assert.Equal(new[] { 1, 3, 5, 7 }, orbits[1]);
        Assert.Equal(new[] { 4 }, orbits[2]);
        Assert.Equal(new[] { 0, 1, 0, 1, 2, 1, 0, 1, 0 }, layer.OrbitIds);
        Assert.Equal(new[] { 4, 4, 1 }, layer.OrbitSizes);
        Assert.Equal("(2,0)", layer.DescribeEntry(6));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void C4DenseGridLayerDimensionFollowsBurnside(int n)
    {
        // Burnside on pairs of pixels: e fixes n⁴ pairs; r, r², r³ fix only (centre, centre), which exists for odd n.
        int expected = (n * n * n * n + 3 * (n % 2)) / 4;
        var c4 = new CyclicGroup(4);
        Assert.Equal(expected, LayerSpace.Dense(c4.OnGrid(n), c4.OnGrid(n)).OrbitCount);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void D4DenseGridLayerDimensionFollowsBurnside(int n)
    {
        // e: n⁴; r, r², r³: [n odd] each; the two axis mirrors fix a middle column/row of n pixels (odd n only): n² pairs each;
        // the two diagonal mirrors fix n diagonal pixels for every n: n² pairs each. |D4| = 8.
        int odd = n % 2, n2 = n * n;
        int expected = (n2 * n2 + 3 * odd + 2 * odd * n2 + 2 * n2) / 8;
        var d4 = new DihedralGroup(4);
        Assert.Equal(expected, LayerSpace.Dense(d4.OnGrid(n), d4.OnGrid(n)).OrbitCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void TranslationLayersHaveN2AndN3Orbits(int n)
    {
        // Z_n² acts freely on pixel pairs: n⁴ / n² orbits (one per displacement). Z_n along x: n⁴ / n.
        var planar = TranslationGroup.Planar(n);
        Assert.Equal(n * n, LayerSpace.Dense(planar.OnGrid(), planar.OnGrid()).OrbitCount);
        var alongX = TranslationGroup.AlongX(n);
        Assert.Equal(n * n * n, LayerSpace.Dense(alongX.OnGrid(), alongX.OnGrid()).OrbitCount);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void RotoTranslationLayerDimensionCountsRotationOrbitsOfDisplacements(int n)
    {
        // Translation orbits ↔ displacements δ ∈ Z_n²; rotation acts linearly on δ. Burnside over C4: r and r³ fix δ with
        // 2δ = 0 and δ = (x, x): 1 (odd n) or 2 (even n); r² fixes 2δ = 0: 1 or 4.
        int fixR = n % 2 == 1 ? 1 : 2, fixR2 = n % 2 == 1 ? 1 : 4;
        int expected = (n * n + 2 * fixR + fixR2) / 4;
        var group = new RotoTranslationGroup(n);
        Assert.Equal(expected, LayerSpace.Dense(group.OnGrid(), group.OnGrid()).OrbitCount);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 8)]
    [InlineData(3, 14)]
    [InlineData(4, 15)]
    [InlineData(6, 15)]
    public void SymmetricGroupAdjacencyLayersCountSetPartitions(int n, int expected)
    {
        // Orbits of S_n on index 4-tuples (i, j, k, l) = set partitions of 4 positions into ≤ n blocks:
        // Stirling S(4,1..4) = 1, 7, 6, 1, so 1, 8, 14, 15 for n = 1, 2, 3, ≥ 4.
        var sn = new SymmetricGroup(n);
        Assert.Equal(expected, LayerSpace.Dense(sn.OnAdjacency(), sn.OnAdjacency()).OrbitCount);
    }

    [Theory]
    [InlineData(3, 2, 5)]
    [InlineData(5, 2, 5)]
    [InlineData(10, 2, 5)]
    public void SymmetricGroupSmallerLayersAreBellNumbers(int n, int bell2, int bell3)
    {
        // Nodes → nodes: pairs (i, j), B₂ = 2 partitions; adjacency → nodes: triples, B₃ = 5 (for n ≥ 3); adjacency →
        // scalar: pairs, 2.
        var sn = new SymmetricGroup(n);
        Assert.Equal(bell2, LayerSpace.Dense(sn.OnNodes(), sn.OnNodes()).OrbitCount);
        Assert.Equal(bell3, LayerSpace.Dense(sn.OnAdjacency(), sn.OnNodes()).OrbitCount);
        Assert.Equal(2, LayerSpace.Dense(sn.OnAdjacency(), SiteAction.Trivial(sn, 1)).OrbitCount);
    }

    [Fact]
    public void S10AdjacencyLayerOrbitsAreFoundWithoutListingTheGroup()
    {
        // 10! = 3,628,800 elements: only the generators are used (the speed is measured by the CLI, not here).
        var s10 = new SymmetricGroup(10);
        var layer = LayerSpace.Dense(s10.OnAdjacency(), s10.OnAdjacency());
        var geometry = LayerGeometry.Analyze(layer, AdmissibleSpace.Full(layer.Dimension));
        Assert.Equal(10_000, layer.Dimension);
        Assert.Equal(15, geometry.EquivariantDimension);
        Assert.True(geometry.Compatibility.IsCompatible);
    }

    [Fact]
    public void DenseEntriesAreRowMajorOutputByInput()
    {
        // An invariant head over a 2×2 grid: one output site, entries (0, i) = i; C4 puts all four in one orbit.
        var c4 = new CyclicGroup(4);
        var head = LayerSpace.Dense(c4.OnGrid(2), SiteAction.Trivial(c4, 1));
        Assert.Equal((1, 4), (head.Rows, head.Columns));
        Assert.Equal(new[] { 0, 0, 0, 0 }, head.OrbitIds);
        // Dense 2-site → 3-site trivial action: entry (o, i) at o·2 + i, every entry its own orbit.
        var trivial = new TrivialGroup();
        var dense = LayerSpace.Dense(SiteAction.Trivial(trivial, 2), SiteAction.Trivial(trivial, 3));
        Assert.Equal(6, dense.OrbitCount);
        Assert.Equal("(2,1)", dense.DescribeEntry(5));
    }

    [Fact]
    public void MixingGroupsInOneLayerIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => LayerSpace.Dense(new CyclicGroup(4).OnGrid(3), new DihedralGroup(4).OnGrid(3)));
        Assert.Contains("one layer carries one group", error.Message);
    }
}
