namespace EquiDyn.Data;

/// <summary>Parameters of <see cref="SbmGraphs.Generate"/>; the defaults are the paper's (docs/experiments/permutation.md).</summary>
public sealed record SbmOptions
{
    /// <summary>Number of graphs (1000).</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Nodes per block (5; two blocks, so 10 nodes).</summary>
    public int BlockSize { get; init; } = 5;

    /// <summary>Edge probability between two nodes of the same block, p (0.5).</summary>
    public double IntraBlockProbability { get; init; } = 0.5;

    /// <summary>Edge probability between nodes of different blocks, q (0.05).</summary>
    public double InterBlockProbability { get; init; } = 0.05;

    /// <summary>Seed of the <see cref="DataRandom"/>.</summary>
    public ulong Seed { get; init; }
}
