using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>PermutationAdjNet on S_4 graphs (|S_4| = 24, listable), 3 adjacency channels, invariant widths 4 → 3.</summary>
public class PermutationAdjNetTests : MlpArchitectureContract
{
    private const int Nodes = 4;

    protected override StructuredNetwork Nominal() => PermutationAdjNet.Build(Nodes, [3], [4, 3], ScalarType.Float64);

    protected override StructuredNetwork Equivariant() => PermutationAdjNet.BuildEquivariant(Nodes, [3], [4, 3], ScalarType.Float64);

    protected override DataGroupAction Action => DataGroupActions.FromSiteActions(new SymmetricGroup(Nodes).OnAdjacency());

    protected override MlpGeometry Geometry => PermutationAdjNet.Geometry(Nodes);

    protected override Tensor Inputs()
    {
        // Random directed 0/1 adjacency matrices, centred as in the paper (x − 0.5).
        var g = new Generator(5);
        return randint(0, 2, new long[] { 6, 1, Nodes, Nodes }, dtype: ScalarType.Float64, generator: g) - 0.5;
    }

    protected override Tensor[] InitializeAsPaper(StructuredNetwork network, long seed) =>
        PermutationAdjNet.InitializeAsPaper(network, Nodes, seed);

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(10)]
    public void DimensionsOfEAreTheMaronCounts(int n)
    {
        // Equality patterns of (i, j, k, l): the Bell number B_4 = 15 set partitions (all realisable when n ≥ 4);
        // of (i, j) alone: i = j or i ≠ j, so 2. Trivial → trivial: 1 = dim H.
        var geometry = PermutationAdjNet.Geometry(n);
        Assert.Equal((15, 2, 1), (geometry.SitesToSites.Equivariant.Count, geometry.SitesToInvariant.Equivariant.Count,
            geometry.InvariantToInvariant.Equivariant.Count));
        Assert.Equal((n * n * n * n, n * n, 1), (geometry.SitesToSites.Equivariant.BlockDimension,
            geometry.SitesToInvariant.Equivariant.BlockDimension, geometry.InvariantToInvariant.Equivariant.BlockDimension));
        Assert.All(new[] { geometry.SitesToSites, geometry.SitesToInvariant, geometry.InvariantToInvariant },
            b => Assert.Equal(b.Equivariant.Count, b.Intersection.Count));
        if (n <= 5)
        {
            var adjacency = new SymmetricGroup(n).OnAdjacency();
            Assert.Equal(15, Burnside.DenseDimension(adjacency, adjacency));
            Assert.Equal(2, Burnside.DenseDimension(adjacency, geometry.Invariant));
        }
    }

    [Fact]
    public void SmallGraphsHaveFewerPatterns()
    {
        // n = 3: the partition of 4 labels into 4 blocks needs 4 distinct nodes, so 15 − 1 = 14; n = 2: 1 + 7 = 8.
        Assert.Equal(14, PermutationAdjNet.Geometry(3).SitesToSites.Equivariant.Count);
        Assert.Equal(8, PermutationAdjNet.Geometry(2).SitesToSites.Equivariant.Count);
    }

    [Fact]
    public void ThePaperSizeModelHasThePapersCoefficientCounts()
    {
        // docs/experiments/permutation.md: layer 0 weight (32, 1, 100, 100); invariant layer (64, 32, 1, 100); FC 64 → 32; FC 32 → 1.
        using var nominal = PermutationAdjNet.Build();
        using var equivariant = PermutationAdjNet.BuildEquivariant();
        AssertCoefficientCounts(nominal, equivariant,
            [32 * 100 * 100, 64 * 32 * 100, 32 * 64, 1 * 32],
            [32 * 15, 64 * 32 * 2, 32 * 64, 1 * 32]);
        Assert.Same(PermutationAdjNet.Geometry(10), PermutationAdjNet.Geometry(10));
        Assert.Same(nominal.Layers[0].Geometry, equivariant.Layers[0].Geometry);
    }

    [Fact]
    public void TheOutputIsAProbabilityPerGraph()
    {
        using var scope = NewDisposeScope();
        using var net = Nominal();
        NetworkInitializer.ProjectedGaussian(net, seed: 1);
        var y = net.call(Inputs());
        Assert.Equal(new long[] { 6, 1 }, y.shape);
        Assert.True(y.gt(0).all().item<bool>() && y.lt(1).all().item<bool>());
    }
}
