namespace EquiDyn.Data;

/// <summary>
/// N undirected simple graphs on n nodes as float64 adjacency matrices [N, n, n] (C order, symmetric, zero diagonal,
/// entries 0/1) with binary labels, the input of the permutation experiment (docs/experiments/permutation.md). Arrays are held by
/// reference, not copied.
/// </summary>
public sealed class GraphDataset
{
    /// <summary>Wraps existing arrays (no copy).</summary>
    /// <exception cref="ArgumentException">An array length does not match the dimensions.</exception>
    public GraphDataset(double[] adjacency, int count, int nodeCount, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        ArgumentNullException.ThrowIfNull(labels);
        if (adjacency.LongLength != (long)count * nodeCount * nodeCount)
            throw new ArgumentException($"adjacency: expected {count}×{nodeCount}×{nodeCount} values, got {adjacency.Length}", nameof(adjacency));
        if (labels.Length != count)
            throw new ArgumentException($"labels: expected {count}, got {labels.Length}", nameof(labels));
        Adjacency = adjacency;
        Count = count;
        NodeCount = nodeCount;
        Labels = labels;
    }

    /// <summary>The adjacency matrices, [N, n, n] in C order.</summary>
    public double[] Adjacency { get; }

    /// <summary>N, the number of graphs.</summary>
    public int Count { get; }

    /// <summary>n, nodes per graph.</summary>
    public int NodeCount { get; }

    /// <summary>One label per graph (for SBM graphs: 1 if connected, else 0).</summary>
    public int[] Labels { get; }

    /// <summary>The n×n adjacency matrix of graph <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<double> Graph(int index) => Adjacency.AsSpan(checked(index * NodeCount * NodeCount), NodeCount * NodeCount);

    /// <summary>
    /// Whether the graph with row-major n×n adjacency matrix <paramref name="adjacency"/> is connected (an edge is any
    /// non-zero entry), by union–find. The empty graph (n = 0) and a single node count as connected.
    /// </summary>
    /// <remarks>
    /// Mathematically this is the paper's criterion "second-smallest Laplacian eigenvalue λ₂ &gt; 1e-15": the
    /// multiplicity of the Laplacian's eigenvalue 0 is the number of components, and a connected graph on n nodes
    /// has λ₂ ≥ 2(1 − cos(π/n)) (Fiedler; ≈ 0.098 for n = 10), far above the threshold. Numerically the two differ:
    /// a float64 eigensolver returns the zero λ₂ of a disconnected graph as rounding noise of order 1e-15, sometimes
    /// above the threshold, so the paper's labelling marks a few percent of disconnected graphs as connected
    /// (see docs/data.md). This exact test has no such noise.
    /// </remarks>
    public static bool IsConnected(ReadOnlySpan<double> adjacency, int n)
    {
        if (adjacency.Length != n * n)
            throw new ArgumentException($"expected {n}×{n} values, got {adjacency.Length}", nameof(adjacency));
        var parent = new int[n];
        for (var i = 0; i < n; i++)
            parent[i] = i;
        var components = n;
        for (var i = 0; i < n; i++)
        for (var j = i + 1; j < n; j++)
        {
            if (adjacency[i * n + j] == 0 && adjacency[j * n + i] == 0)
                continue;
            int a = Find(parent, i), b = Find(parent, j);
            if (a == b)
                continue;
            parent[a] = b;
            components--;
        }
        return components <= 1;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]]; // Path halving keeps the trees shallow.
        return i;
    }

    /// <summary>
    /// Builds a dataset from arrays as saved by the authors or by <see cref="Npy"/>: adjacency of shape [N, n, n],
    /// [N, n·n] or [N, 1, n·n], any numeric dtype; labels of shape [N] or [N, 1], whole numbers.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit these forms.</exception>
    public static GraphDataset FromArrays(NpyArray adjacency, NpyArray labels)
    {
        var shape = adjacency.Shape;
        if (shape.Length is < 2 or > 3)
            throw new ArgumentException($"adjacency shape {NpyArray.FormatShape(shape)} is not (N, n, n), (N, n*n) or (N, 1, n*n)", nameof(adjacency));
        var count = shape[0];
        var perGraph = count == 0 ? 0 : adjacency.ElementCount / count;
        var n = (int)Math.Round(Math.Sqrt(perGraph));
        if ((long)n * n != perGraph || (shape.Length == 3 && shape[1] != n && shape[1] != 1))
            throw new ArgumentException($"adjacency shape {NpyArray.FormatShape(shape)} is not (N, n, n), (N, n*n) or (N, 1, n*n)", nameof(adjacency));
        if (labels.ElementCount != count || labels.Shape.Length > 2)
            throw new ArgumentException($"labels shape {NpyArray.FormatShape(labels.Shape)} does not match {count} graphs", nameof(labels));
        return new GraphDataset(adjacency.ToDoubleArray(), count, n, Array.ConvertAll(labels.ToInt64Array(), v => (int)v));
    }

    /// <summary>
    /// The graphs as single-channel float32 images [N, 1, n, n] with the same labels, for code that consumes
    /// <see cref="ImageDataset"/> (the experiment's input is the adjacency matrix as an n×n grid).
    /// </summary>
    public ImageDataset ToImageDataset() =>
        new(Array.ConvertAll(Adjacency, v => (float)v), Count, 1, NodeCount, NodeCount, (int[])Labels.Clone());
}
