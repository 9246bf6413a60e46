namespace EquiDyn.Symmetry;

/// <summary>One named family of groups in <see cref="GroupRegistry"/>: a spelling, what it means, where it acts and how
/// to build it.</summary>
/// <remarks>A family either has a fixed spelling (<c>zn2</c>, <c>sn</c>) or takes its order from the name (<c>c</c>
/// spelled <c>c4</c>, <c>c6</c>, …).</remarks>
public sealed class GroupFamily
{
    private readonly Func<int?, int, FiniteGroup> _create;
    private readonly Func<int?, bool> _actsOnGrids;
    private readonly Func<int?, bool> _actsOnGraphs;

    /// <summary>Registers a family.</summary>
    /// <param name="key">The spelling (lower case); for a family that takes N, the prefix before N.</param>
    /// <param name="takesN">Whether the name carries the order parameter N (e.g. c4, d6).</param>
    /// <param name="summary">One line for help texts, e.g. "C_N, rotations by 360°/N".</param>
    /// <param name="aliases">Other accepted spellings (lower case) of the same family.</param>
    /// <param name="create">Builds the group from N (null when the family takes none) and the size of the domain
    /// (the grid side for images, the node count for graphs).</param>
    /// <param name="actsOnGrids">Whether the group for N permutes square grids and kernels (<see cref="IGridSymmetry"/>).</param>
    /// <param name="actsOnGraphs">Whether the group for N relabels graph nodes (<see cref="INodeSymmetry"/>).</param>
    public GroupFamily(string key, bool takesN, string summary, IReadOnlyList<string> aliases,
        Func<int?, int, FiniteGroup> create, Func<int?, bool> actsOnGrids, Func<int?, bool> actsOnGraphs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Key = key;
        TakesN = takesN;
        Summary = summary;
        Aliases = aliases;
        _create = create;
        _actsOnGrids = actsOnGrids;
        _actsOnGraphs = actsOnGraphs;
    }

    /// <summary>The spelling, or the prefix before N.</summary>
    public string Key { get; }

    /// <summary>Whether the name carries N.</summary>
    public bool TakesN { get; }

    /// <summary>How the family is written in help texts: the key, followed by N when it takes one (e.g. "cN").</summary>
    public string Pattern => TakesN ? Key + "N" : Key;

    /// <summary>One line describing the family.</summary>
    public string Summary { get; }

    /// <summary>Other accepted spellings.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Builds the group for N and the domain size.</summary>
    public FiniteGroup Create(int? n, int size) => _create(n, size);

    /// <summary>Whether the group for N acts on square grids (images) and kernels.</summary>
    public bool ActsOnGrids(int? n) => _actsOnGrids(n);

    /// <summary>Whether the group for N relabels graph nodes.</summary>
    public bool ActsOnGraphs(int? n) => _actsOnGraphs(n);

    /// <inheritdoc />
    public override string ToString() => Pattern;
}
