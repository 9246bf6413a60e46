using EquiDyn.Symmetry;

namespace EquiDyn.Architectures.LayerList;

/// <summary>A named set of sites with the group's action on it and its shape ([n, n] grid or [S] sites).</summary>
/// <param name="Name">The name a layer list refers to it by.</param>
/// <param name="Action">The group's (validated) action.</param>
/// <param name="Shape">[n, n] for a square grid (row-major sites), [S] otherwise.</param>
public sealed record SiteSet(string Name, SiteAction Action, int[] Shape)
{
    /// <summary>Whether the sites form a square grid (convolutions and pooling need one).</summary>
    public bool IsGrid => Shape.Length == 2;

    /// <summary>The grid side (grids only).</summary>
    public int Side => Shape[0];

    /// <summary>Number of sites.</summary>
    public int Count => Action.SiteCount;

    /// <summary>"28×28 grid" or "12 sites".</summary>
    public string Describe() => IsGrid ? $"{Side}×{Side} grid" : Count == 1 ? "1 site" : $"{Count} sites";
}

/// <summary>
/// The group of a layer-list model and the site sets it acts on: either a registry group (site sets <c>grid:n</c>,
/// <c>taps:k</c>, <c>nodes:n</c> come from its grid and node actions) or a group defined by generators in the spec
/// (site sets are the declared ones). <c>invariant</c> (one site every element fixes) exists for both.
/// </summary>
public sealed class SiteSets
{
    /// <summary>The name of the one-site set every element fixes (invariant features, class scores).</summary>
    public const string Invariant = "invariant";

    private readonly Dictionary<string, SiteSet> _declared;
    private readonly Dictionary<string, SiteSet> _derived = new();

    private SiteSets(FiniteGroup group, Dictionary<string, SiteSet> declared, bool registry)
    {
        Group = group;
        _declared = declared;
        IsRegistryGroup = registry;
    }

    /// <summary>The acting group.</summary>
    public FiniteGroup Group { get; }

    /// <summary>Whether the group comes from the registry (site sets derived from its grid/node actions).</summary>
    public bool IsRegistryGroup { get; }

    /// <summary>The declared site sets of a defined group (empty for a registry group).</summary>
    public IReadOnlyDictionary<string, SiteSet> Declared => _declared;

    /// <summary>Site sets of a registry group (<see cref="GroupRegistry"/> name and size) such as <c>d4</c>.</summary>
    public static SiteSets ForRegistryGroup(FiniteGroup group) => new(group, new(), registry: true);

    /// <summary>Builds a group from generators and its declared site sets; every action is checked to be a
    /// homomorphism (<see cref="GroupDefinition"/>).</summary>
    /// <exception cref="LayerListException">A generator, a shape, a map or an action is invalid (the field is named).</exception>
    public static SiteSets Define(GroupDefinitionSpec spec, string field = "groupDefinition")
    {
        if (string.IsNullOrWhiteSpace(spec.Name)) throw new LayerListException($"{field}.name", "empty: give the group a short name for reports, e.g. \"D4\"");
        if (spec.Generators is not { Count: > 0 })
            throw new LayerListException($"{field}.generators", "list at least one generator as a permutation, e.g. [[1, 2, 3, 0], [3, 2, 1, 0]] for D4 on a square's corners");
        int generators = spec.Generators.Count;
        var images = new Dictionary<string, IReadOnlyList<int[]>>();
        var shapes = new Dictionary<string, int[]>();
        foreach (var (name, set) in spec.Actions ?? new())
        {
            string at = $"{field}.actions.{name}";
            if (name == Invariant || name.Contains(':'))
                throw new LayerListException(at, $"'{name}' is reserved (invariant, grid:n, taps:k, nodes:n); choose another name such as 'pixels'");
            if (set is null) throw new LayerListException(at, "null: give { \"shape\": [28, 28], \"maps\": [...] }");
            if (set.Shape is not ({ Count: 1 } or { Count: 2 }) || set.Shape.Any(s => s < 1) || set.Shape.Count == 2 && set.Shape[0] != set.Shape[1])
                throw new LayerListException($"{at}.shape", $"[{string.Join(", ", set.Shape ?? new())}]: use [n, n] for a square grid or [S] for S sites");
            long count = set.Shape.Aggregate(1L, (a, b) => a * b);
            if (count > 1_000_000) throw new LayerListException($"{at}.shape", $"{count} sites: use at most 1,000,000");
            if ((set.Images is null) == (set.Maps is null))
                throw new LayerListException(at, "give exactly one of images (a permutation per generator) and maps (a named map per generator)");
            var list = set.Images ?? set.Maps!.Select((m, k) => NamedMap(m, set.Shape, $"{at}.maps[{k}]")).ToList();
            if (list.Count != generators)
                throw new LayerListException(set.Images is null ? $"{at}.maps" : $"{at}.images", $"{list.Count} entries for {generators} generators: give one per generator, in the order of generators");
            for (int k = 0; k < list.Count; k++)
                if (list[k] is null || list[k].Length != count)
                    throw new LayerListException($"{at}.images[{k}]", $"{list[k]?.Length ?? 0} entries: a permutation of the {count} sites of shape [{string.Join(", ", set.Shape)}] has {count}");
            images[name] = list;
            shapes[name] = set.Shape.ToArray();
        }
        DefinedGroup defined;
        try
        {
            defined = new GroupDefinition
            {
                Name = spec.Name, GeneratorNames = spec.GeneratorNames, Generators = spec.Generators, Actions = images,
            }.Build();
        }
        catch (ArgumentException e)
        {
            // GroupDefinition names the action ("actions.pixels of group 'D4'") or the generator at fault.
            string where = images.Keys.FirstOrDefault(k => e.Message.Contains($"actions.{k} ", StringComparison.Ordinal)) is { } k2
                ? $"{field}.actions.{k2}" : e.Message.Contains("generatorNames", StringComparison.Ordinal) ? $"{field}.generatorNames" : $"{field}.generators";
            throw new LayerListException(where, e.Message);
        }
        var declared = defined.Actions.ToDictionary(a => a.Key, a => new SiteSet(a.Key, a.Value, shapes[a.Key]));
        return new SiteSets(defined.Group, declared, registry: false);
    }

    /// <summary>The site set of a name, or null with the reason.</summary>
    public SiteSet? TryGet(string? name, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(name))
        {
            problem = "missing: name a site set";
            return null;
        }
        if (name == Invariant) return Derived(name, () => new SiteSet(name, SiteAction.Trivial(Group, 1, "invariant feature"), [1]));
        if (_declared.TryGetValue(name, out var set)) return set;
        if (!IsRegistryGroup)
        {
            problem = $"'{name}' is not a site set of {Group.Name}: declare it in groupDefinition.actions (declared: {string.Join(", ", _declared.Keys.Append(Invariant))})";
            return null;
        }
        var parts = name.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], out int n) || n < 1 || n > 4096)
        {
            problem = $"'{name}' is not a site set: use grid:n, taps:k, nodes:n or invariant (n a positive size)";
            return null;
        }
        try
        {
            switch (parts[0])
            {
                case "grid" when Group is IGridSymmetry g: return Derived(name, () => new SiteSet(name, g.OnGrid(n), [n, n]));
                case "taps" when Group is IGridSymmetry g: return Derived(name, () => new SiteSet(name, g.OnKernelTaps(n), [n, n]));
                case "nodes" when Group is INodeSymmetry g: return Derived(name, () => new SiteSet(name, g.OnNodes(n), [n]));
                case "grid" or "taps" or "nodes":
                    problem = $"{Group.Name} has no action on {parts[0]}; use {(Group is IGridSymmetry ? "grid:n or taps:k" : Group is INodeSymmetry ? "nodes:n" : "a group defined in groupDefinition")}";
                    return null;
                default:
                    problem = $"'{name}': unknown kind '{parts[0]}'; use grid:n, taps:k, nodes:n or invariant";
                    return null;
            }
        }
        catch (ArgumentException e)
        {
            problem = $"{Group.Name} does not act on '{name}': {e.Message}";
            return null;
        }
    }

    private SiteSet Derived(string name, Func<SiteSet> create)
    {
        if (!_derived.TryGetValue(name, out var set)) _derived[name] = set = create();
        return set;
    }

    /// <summary>The permutation of a named map on a site set of the given shape (see <see cref="SiteSetSpec.Maps"/>).</summary>
    /// <exception cref="LayerListException">The name is unknown for the shape.</exception>
    public static int[] NamedMap(string? map, IReadOnlyList<int> shape, string field)
    {
        if (shape.Count == 2)
        {
            int n = shape[0];
            Func<int, int, (int, int)>? f = map switch
            {
                "identity" => (r, c) => (r, c),
                "rot90" => (r, c) => (n - 1 - c, r),
                "rot180" => (r, c) => (n - 1 - r, n - 1 - c),
                "rot270" => (r, c) => (c, n - 1 - r),
                "flip-columns" => (r, c) => (r, n - 1 - c),
                "flip-rows" => (r, c) => (n - 1 - r, c),
                "transpose" => (r, c) => (c, r),
                "shift-right" => (r, c) => (r, (c + 1) % n),
                "shift-down" => (r, c) => ((r + 1) % n, c),
                _ => null,
            };
            if (f is null)
                throw new LayerListException(field, $"unknown grid map '{map}'; use identity, rot90, rot180, rot270, flip-columns, flip-rows, transpose, shift-right or shift-down");
            var p = new int[n * n];
            for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                var (r2, c2) = f(r, c);
                p[n * r + c] = n * r2 + c2;
            }
            return p;
        }
        int s = shape[0];
        Func<int, int>? g = map switch
        {
            "identity" => i => i,
            "shift" => i => (i + 1) % s,
            "shift-back" => i => (i + s - 1) % s,
            "reflect" => i => (s - i) % s,
            _ => null,
        };
        if (g is null) throw new LayerListException(field, $"unknown map '{map}' on {s} sites; use identity, shift, shift-back or reflect (grids: give shape [n, n])");
        return Enumerable.Range(0, s).Select(g).ToArray();
    }
}
