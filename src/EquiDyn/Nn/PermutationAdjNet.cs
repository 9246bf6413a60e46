using System.Collections.Concurrent;
using EquiDyn.Symmetry;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// The permutation experiment's <c>PermutationAdjNet(ns=[1,32], n=10, fully_connected=True, ms=[64,32])</c>
/// (docs/experiments/permutation.md): graph connectivity from an n×n adjacency matrix, S_n relabelling the nodes.
/// </summary>
/// <remarks>
/// <para>
/// Input: the centred adjacency x − 0.5 (the data pipeline's <c>ImageDataset.Shift(-0.5f)</c>), [b, 1, n, n] or
/// [b, 1, n²], entry (i, j) at site n·i + j. Stages (<see cref="InvariantMlp"/>): SiteLinear 1 → 32 between adjacency
/// matrices (blocks n²×n²), LeakyReLU(0.01); invariant head 32 adjacency channels → 64 features, LeakyReLU;
/// LayerNorm(64) without affine; FC 64 → 32, LeakyReLU; FC 32 → 1; Sigmoid. Output [b, 1], the probability of
/// "connected"; loss BCE.
/// </para>
/// <para>
/// S_n acts on an entry (i, j) by (π i, π j); on a block W[(i,j),(k,l)] by permuting all four indices alike, so the orbits
/// are the equality patterns of (i, j, k, l): dim E = the number of set partitions of 4 labels into at most n blocks,
/// 15 for n ≥ 4 (Maron et al. 2019). The invariant head's orbits are the diagonal and the off-diagonal entries: dim E = 2
/// (n ≥ 2). FC blocks are 1×1 with E = H.
/// </para>
/// </remarks>
public static class PermutationAdjNet
{
    private static readonly ConcurrentDictionary<int, MlpGeometry> Cache = new();

    /// <summary>The paper's number of nodes, n = 10 (two SBM blocks of 5).</summary>
    public const int PaperNodes = 10;

    /// <summary>Builds the nominal model: every layer in L = H, unitary indicator basis.</summary>
    /// <param name="nodes">n, nodes per graph (paper: 10).</param>
    /// <param name="channels">Channels of the adjacency layers (paper: [32]).</param>
    /// <param name="widths">Invariant widths: head then FC layers (paper: [64, 32]).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork Build(int nodes = PaperNodes, int[]? channels = null, int[]? widths = null,
        ScalarType dtype = ScalarType.Float32) => Create(nodes, channels, widths, equivariant: false, dtype);

    /// <summary>Builds the equivariant model: every layer parametrized by the orthonormal orbit basis of E.</summary>
    /// <param name="nodes">n, nodes per graph (paper: 10).</param>
    /// <param name="channels">Channels of the adjacency layers (paper: [32]).</param>
    /// <param name="widths">Invariant widths: head then FC layers (paper: [64, 32]).</param>
    /// <param name="dtype">Parameter type.</param>
    public static StructuredNetwork BuildEquivariant(int nodes = PaperNodes, int[]? channels = null, int[]? widths = null,
        ScalarType dtype = ScalarType.Float32) => Create(nodes, channels, widths, equivariant: true, dtype);

    /// <summary>The block geometries for S_n on n×n adjacency matrices, analysed once per n and shared.</summary>
    public static MlpGeometry Geometry(int nodes)
    {
        if (nodes < 2) throw new ArgumentOutOfRangeException(nameof(nodes), nodes, "a graph needs at least 2 nodes");
        return Cache.GetOrAdd(nodes, n => MlpGeometry.Of(new SymmetricGroup(n).OnAdjacency()));
    }

    /// <summary>
    /// The paper code's initialisation, then Π_E (docs/experiments/permutation.md): adjacency layers N(0,1)/(n·√(C_in·C_out)) (layer 0:
    /// 1/(10·√32)); invariant head N(0,1)/√C_out constant over the n² positions; FC layers N(0,1)·n/C_in (10/64, 10/32).
    /// </summary>
    /// <param name="network">A network built by this class.</param>
    /// <param name="nodes">n, as passed to the builder.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The loaded blocks, to start other strategies from the same point.</returns>
    public static Tensor[] InitializeAsPaper(StructuredNetwork network, int nodes, long seed) =>
        InvariantMlp.InitializeAsPaper(network, seed, nodes, (cIn, cOut) => 1.0 / (nodes * Math.Sqrt(cIn * cOut)));

    private static StructuredNetwork Create(int nodes, int[]? channels, int[]? widths, bool equivariant, ScalarType dtype) =>
        InvariantMlp.Build(equivariant ? "permutation_adj_net_equivariant" : "permutation_adj_net", Geometry(nodes), equivariant,
            InvariantMlp.Widths(channels, [32], nameof(channels)), InvariantMlp.Widths(widths, [64, 32], nameof(widths)),
            outputs: 1, InvariantActivation.LeakyRelu, sigmoidOutput: true, dtype);
}
