namespace EquiDyn.Symmetry;

/// <summary>A parsed group name: a registry family and, for families such as C_N and D_N, its N.</summary>
/// <param name="Family">The family.</param>
/// <param name="N">The order parameter, or null for families without one.</param>
public sealed record GroupName(GroupFamily Family, int? N)
{
    /// <summary>Builds the group for a domain of the given size (grid side or node count; ignored when the group does
    /// not depend on it).</summary>
    public FiniteGroup Create(int size) => Family.Create(N, size);

    /// <summary>Whether this group permutes square grids and kernels.</summary>
    public bool ActsOnGrids => Family.ActsOnGrids(N);

    /// <summary>Whether this group relabels graph nodes.</summary>
    public bool ActsOnGraphs => Family.ActsOnGraphs(N);

    /// <summary>The canonical spelling (e.g. "c4", "zn2"), which <see cref="GroupRegistry.Parse"/> maps back to this name.</summary>
    public override string ToString() => Family.TakesN ? $"{Family.Key}{N}" : Family.Key;
}
