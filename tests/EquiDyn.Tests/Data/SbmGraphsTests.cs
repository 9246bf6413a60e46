using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

public class SbmGraphsTests
{
    private static readonly GraphDataset Paper = SbmGraphs.Generate(new SbmOptions { Seed = 7 });

    [Fact]
    public void GraphsAreSimpleUndirectedZeroOneMatrices()
    {
        Assert.Equal((1000, 10), (Paper.Count, Paper.NodeCount));
        for (var g = 0; g < Paper.Count; g++)
        {
            var a = Paper.Graph(g);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(0.0, a[i * 10 + i]);
                for (var j = 0; j < 10; j++)
                {
                    Assert.Equal(a[i * 10 + j], a[j * 10 + i]);
                    Assert.True(a[i * 10 + j] is 0.0 or 1.0);
                }
            }
        }
    }

    [Fact]
    public void LabelsAgreeWithAnIndependentReachabilityCheck()
    {
        for (var g = 0; g < Paper.Count; g++)
            Assert.Equal(ConnectedByWarshall(Paper.Graph(g), 10) ? 1 : 0, Paper.Labels[g]);
    }

    [Fact]
    public void ClassBalanceMatchesTheExactConnectionProbability()
    {
        // P(connected) computed exactly here by the connected-component recursion (≈ 0.4197); with 1000 graphs the
        // count has sd ≈ √(1000·0.42·0.58) ≈ 15.6, so allow ±5 sd. The paper's shipped 474 lies inside this band too,
        // but high: its numerical λ₂ > 1e-15 test marks some disconnected graphs as connected (docs/data.md).
        var p = ExactConnectionProbability(5, 0.5, 0.05);
        Assert.Equal(0.4197, p, 0.0001);
        Assert.InRange(Paper.Labels.Sum(), 1000 * p - 78, 1000 * p + 78);
        // Expected edges: 2·C(5,2)·0.5 + 25·0.05 = 11.25 (the paper counted about 11.4); sd of the mean ≈ 0.08.
        Assert.InRange(Paper.Adjacency.Sum() / 2 / 1000, 11.25 - 0.4, 11.25 + 0.4);
    }

    [Fact]
    public void NodesAreRelabelled()
    {
        // Without relabelling, nodes 0 and 1 share a block and are adjacent half the time. After a uniform random
        // relabelling every pair has the average edge probability (20·0.5 + 25·0.05)/45 = 0.25; sd of the mean ≈ 0.014.
        var mean01 = Enumerable.Range(0, Paper.Count).Average(g => Paper.Graph(g)[1]);
        Assert.InRange(mean01, 0.25 - 0.07, 0.25 + 0.07);
    }

    [Fact]
    public void SameSeedSameGraphsOtherSeedOtherGraphs()
    {
        var a = SbmGraphs.Generate(new SbmOptions { Count = 20, Seed = 3 });
        Assert.Equal(a.Adjacency, SbmGraphs.Generate(new SbmOptions { Count = 20, Seed = 3 }).Adjacency);
        Assert.NotEqual(a.Adjacency, SbmGraphs.Generate(new SbmOptions { Count = 20, Seed = 4 }).Adjacency);
    }

    [Fact]
    public void ReadsShippedStyleArrays()
    {
        // The authors' float64 files: adjacency (N, 1, n·n) or (N, n, n), labels (N, 1) as floats.
        var adjacency = NpyArray.Of(new double[] { 0, 1, 1, 0, /* graph 1 */ 0, 0, 0, 0 }, 2, 1, 4);
        var g = GraphDataset.FromArrays(adjacency, NpyArray.Of(new[] { 1.0, 0.0 }, 2, 1));
        Assert.Equal((2, 2), (g.Count, g.NodeCount));
        Assert.Equal(new[] { 1, 0 }, g.Labels);
        Assert.True(GraphDataset.IsConnected(g.Graph(0), 2));
        Assert.False(GraphDataset.IsConnected(g.Graph(1), 2));
        Assert.Equal(new[] { 2, 1, 2, 2 }, g.ToImageDataset().ImageShape);
        Assert.Throws<ArgumentException>(() => GraphDataset.FromArrays(NpyArray.Of(new double[6], 2, 3), NpyArray.Of(new double[2], 2)));
    }

    private static bool ConnectedByWarshall(ReadOnlySpan<double> a, int n)
    {
        var reach = new bool[n, n];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            reach[i, j] = i == j || a[i * n + j] != 0;
        for (var k = 0; k < n; k++)
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            reach[i, j] |= reach[i, k] && reach[k, j];
        for (var j = 0; j < n; j++)
            if (!reach[0, j])
                return false;
        return true;
    }

    /// <summary>
    /// P(the graph on node set S is connected) = 1 − Σ over proper subsets T ∋ v₀ of S of P(T connected)·P(no edge
    /// between T and S∖T), v₀ the lowest node of S: the component of v₀ is exactly one such T. Memoised over bitmasks.
    /// </summary>
    private static double ExactConnectionProbability(int blockSize, double p, double q)
    {
        var n = 2 * blockSize;
        var memo = new Dictionary<int, double>();
        double Edge(int i, int j) => i / blockSize == j / blockSize ? p : q;
        double Connected(int s)
        {
            if (memo.TryGetValue(s, out var cached))
                return cached;
            var v0 = System.Numerics.BitOperations.TrailingZeroCount(s);
            var rest = s & ~(1 << v0);
            double disconnected = 0;
            for (var sub = rest; ; sub = (sub - 1) & rest)
            {
                var t = sub | (1 << v0);
                if (t != s)
                {
                    double none = 1;
                    for (var i = 0; i < n; i++)
                        if ((t >> i & 1) == 1)
                            for (var j = 0; j < n; j++)
                                if (((s & ~t) >> j & 1) == 1)
                                    none *= 1 - Edge(i, j);
                    disconnected += Connected(t) * none;
                }
                if (sub == 0)
                    break;
            }
            return memo[s] = 1 - disconnected;
        }
        return Connected((1 << n) - 1);
    }
}
