namespace EquiDyn.Symmetry;

/// <summary>The trivial group {e}: no generators, order 1; with it E = H and nothing is constrained.</summary>
public sealed class TrivialGroup : FiniteGroup, IGridSymmetry, INodeSymmetry
{
    /// <summary>Creates the trivial group.</summary>
    public TrivialGroup()
        : base("trivial", 1, Array.Empty<int[]>(), Array.Empty<string>(), 1, Array.Empty<int[]>())
    {
    }

    /// <summary>The trivial action on a side×side grid.</summary>
    public SiteAction OnGrid(int side) => SiteAction.Trivial(this, side * side, $"{side}×{side} grid");

    /// <summary>The trivial action on side×side kernel taps.</summary>
    public SiteAction OnKernelTaps(int side = 3) => SiteAction.Trivial(this, side * side, $"{side}×{side} kernel taps");

    /// <summary>The trivial action on nodes.</summary>
    public SiteAction OnNodes(int nodes) => SiteAction.Trivial(this, nodes, $"{nodes} nodes");

    /// <summary>The trivial action on adjacency entries.</summary>
    public SiteAction OnAdjacency(int nodes) => SiteAction.Trivial(this, nodes * nodes, $"{nodes}×{nodes} adjacency matrix");
}
