namespace EquiDyn.Symmetry;

/// <summary>A group that relabels the nodes of graphs with a given number of nodes.</summary>
/// <remarks>
/// A relabelling π of nodes acts on an adjacency matrix by A ↦ PAPᵀ: entry (i, j) moves to (π i, π j), entry index
/// nodes·i + j. Both actions use the same generators in the same order.
/// </remarks>
public interface INodeSymmetry
{
    /// <summary>The group's action on the nodes.</summary>
    /// <exception cref="ArgumentException">When the group does not act on that many nodes.</exception>
    SiteAction OnNodes(int nodes);

    /// <summary>The induced action on the nodes² entries of an adjacency matrix.</summary>
    SiteAction OnAdjacency(int nodes);
}
