using System.Globalization;

namespace EquiDyn.Symmetry;

/// <summary>The one vocabulary of group names, shared by experiment specs and <c>equidyn geometry</c>: one parser, one
/// factory.</summary>
/// <remarks>
/// <para>
/// Names are case-insensitive. Families with an order parameter are written with N in the name (<c>c4</c>, <c>d6</c>);
/// the translation groups and S_n take their size from the data (the image side, the node count), which is why their
/// names carry none (<c>zn2</c> on 14×14 images is Z14×Z14). Saved spec files use these spellings, so they never change;
/// the CLI's older spellings <c>trans1d</c>, <c>trans2d</c> and <c>rototrans</c> are aliases of <c>zn-x</c>, <c>zn2</c>
/// and <c>zn2-c4</c>.
/// </para>
/// <para>
/// Adding a family is one class deriving from <see cref="FiniteGroup"/> (implementing <see cref="IGridSymmetry"/> and/or
/// <see cref="INodeSymmetry"/> where it permutes sites) plus one entry in <see cref="Families"/>.
/// </para>
/// </remarks>
public static class GroupRegistry
{
    /// <summary>Every registered family, in the order help texts list them.</summary>
    public static IReadOnlyList<GroupFamily> Families { get; } = new GroupFamily[]
    {
        new("trivial", false, "the trivial group {e}: nothing is constrained", [],
            (_, _) => new TrivialGroup(), _ => true, _ => true),
        new("c", true, "C_N, rotations by 360°/N (grids for N = 1, 2, 4; rings of nodes for any N)", [],
            (n, _) => new CyclicGroup(n!.Value), n => n is 1 or 2 or 4, _ => true),
        new("d", true, "D_N, rotations and reflections, order 2N (grids for N = 1, 2, 4; rings of nodes for any N)", [],
            (n, _) => new DihedralGroup(n!.Value), n => n is 1 or 2 or 4, _ => true),
        new("zn-x", false, "Z_n, cyclic translations of an n×n image along x", ["trans1d"],
            (_, size) => TranslationGroup.AlongX(RequireSize(size, "zn-x")), _ => true, _ => false),
        new("zn2", false, "Z_n×Z_n, cyclic translations of an n×n image", ["trans2d"],
            (_, size) => TranslationGroup.Planar(RequireSize(size, "zn2")), _ => true, _ => false),
        new("zn2-c4", false, "Z_n²⋊C4, cyclic translations and 90° rotations of an n×n image", ["rototrans"],
            (_, size) => new RotoTranslationGroup(RequireSize(size, "zn2-c4")), _ => true, _ => false),
        new("sn", false, "S_n, all relabellings of the n nodes of a graph", [],
            (_, size) => new SymmetricGroup(RequireSize(size, "sn")), _ => false, _ => true),
    };

    /// <summary>The largest N accepted in a name like c{N}.</summary>
    public const int MaxN = FiniteGroup.ListingLimit;

    /// <summary>The accepted spellings for help texts, e.g. "trivial, cN, dN, zn-x (alias trans1d), …".</summary>
    public static string Vocabulary => string.Join(", ",
        Families.Select(f => f.Aliases.Count == 0 ? f.Pattern : $"{f.Pattern} (alias {string.Join(", ", f.Aliases)})"));

    /// <summary>Parses a group name.</summary>
    /// <exception cref="FormatException">The name is not in the vocabulary; the message lists it.</exception>
    public static GroupName Parse(string text) =>
        TryParse(text, out var name, out var error) ? name : throw new FormatException(error);

    /// <summary>Parses a group name; on failure returns false and one line naming the accepted spellings.</summary>
    public static bool TryParse(string? text, out GroupName name, out string error)
    {
        name = null!;
        error = "";
        var t = (text ?? "").Trim().ToLowerInvariant();
        foreach (var family in Families)
        {
            if (!family.TakesN && (t == family.Key || family.Aliases.Contains(t)))
            {
                name = new GroupName(family, null);
                return true;
            }
        }
        foreach (var family in Families.Where(f => f.TakesN))
        {
            if (!t.StartsWith(family.Key, StringComparison.Ordinal) || t.Length == family.Key.Length) continue;
            var digits = t[family.Key.Length..];
            if (!digits.All(char.IsAsciiDigit)) continue;
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > MaxN || digits[0] == '0')
            {
                error = $"'{text}': {family.Pattern} needs N from 1 to {MaxN} written without leading zeros";
                return false;
            }
            name = new GroupName(family, n);
            return true;
        }
        error = $"'{text}' is not a group name; use one of {Vocabulary}";
        return false;
    }

    /// <summary>The canonical spelling of a name (aliases resolved, lower case).</summary>
    /// <exception cref="FormatException">The name is not in the vocabulary.</exception>
    public static string Canonical(string text) => Parse(text).ToString();

    /// <summary>Builds the named group for a domain of the given size (grid side or node count).</summary>
    public static FiniteGroup Create(string name, int size) => Parse(name).Create(size);

    /// <summary>Builds the named group as one that permutes side×side grids and kernels.</summary>
    /// <exception cref="ArgumentException">The group does not act on square grids.</exception>
    public static IGridSymmetry CreateForGrid(string name, int side)
    {
        var parsed = Parse(name);
        if (!parsed.ActsOnGrids || parsed.Create(side) is not IGridSymmetry grid)
            throw new ArgumentException($"group '{parsed}' does not permute the pixels of a square grid; grid groups: {string.Join(", ", GridNames())}");
        return grid;
    }

    /// <summary>Builds the named group as one that relabels graphs of <paramref name="nodes"/> nodes.</summary>
    /// <exception cref="ArgumentException">The group does not act on graph nodes.</exception>
    public static INodeSymmetry CreateForNodes(string name, int nodes)
    {
        var parsed = Parse(name);
        if (!parsed.ActsOnGraphs || parsed.Create(nodes) is not INodeSymmetry graph)
            throw new ArgumentException($"group '{parsed}' does not relabel graph nodes; graph groups: {string.Join(", ", GraphNames())}");
        return graph;
    }

    private static IEnumerable<string> GridNames() =>
        Families.SelectMany(f => f.TakesN ? new int?[] { 1, 2, 4 }.Where(f.ActsOnGrids).Select(n => $"{f.Key}{n}") : f.ActsOnGrids(null) ? [f.Key] : []);

    private static IEnumerable<string> GraphNames() =>
        Families.SelectMany(f => f.TakesN ? (f.ActsOnGraphs(null) ? [f.Pattern] : []) : f.ActsOnGraphs(null) ? [f.Key] : Array.Empty<string>());

    private static int RequireSize(int size, string name) =>
        size >= 1 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, $"group '{name}' takes its size from the data: give a grid side or node count ≥ 1.");
}
