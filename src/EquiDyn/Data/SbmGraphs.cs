namespace EquiDyn.Data;

/// <summary>
/// The two-block stochastic block model graphs of the permutation experiment (docs/experiments/permutation.md): graph connectivity as a
/// binary task that is invariant under node relabelling (the group S_n acting by A ↦ PAPᵀ).
/// </summary>
/// <remarks>
/// Per graph, with one <see cref="DataRandom"/> seeded once for the whole set: (1) for node pairs i &lt; j in
/// row-major order, nodes 0 … b − 1 forming block 0 and b … 2b − 1 block 1, draw u = NextDouble() and add the edge iff
/// u &lt; p (same block) or u &lt; q (different blocks); (2) draw a permutation π = Permutation(2b) and relabel node i
/// as π(i), i.e. A′[π(i), π(j)] = A[i, j]; (3) label 1 iff the graph is connected (<see cref="GraphDataset.IsConnected"/>).
/// With the defaults the exact probability of a connected graph is 0.4197 (computed by the standard
/// connected-component recursion over node subsets; see the tests), so ≈ 420 of 1000 graphs are labelled 1.
/// </remarks>
public static class SbmGraphs
{
    /// <summary>Generates the graphs; the same options always give the same graphs.</summary>
    public static GraphDataset Generate(SbmOptions? options = null)
    {
        options ??= new SbmOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockSize, 1);
        var n = 2 * options.BlockSize;
        var rng = new DataRandom(options.Seed);
        var adjacency = new double[options.Count * n * n];
        var labels = new int[options.Count];
        var local = new bool[n * n];
        for (var g = 0; g < options.Count; g++)
        {
            Array.Clear(local);
            for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var sameBlock = i / options.BlockSize == j / options.BlockSize;
                var p = sameBlock ? options.IntraBlockProbability : options.InterBlockProbability;
                local[i * n + j] = local[j * n + i] = rng.NextDouble() < p;
            }
            var pi = rng.Permutation(n);
            var graph = adjacency.AsSpan(g * n * n, n * n);
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                graph[pi[i] * n + pi[j]] = local[i * n + j] ? 1.0 : 0.0;
            labels[g] = GraphDataset.IsConnected(graph, n) ? 1 : 0;
        }
        return new GraphDataset(adjacency, options.Count, n, labels);
    }
}
