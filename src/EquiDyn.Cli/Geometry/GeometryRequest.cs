using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Cli.Geometry;

/// <summary>The user's choice of group, layer and support for <c>equidyn geometry</c>, validated into a layer space and L.</summary>
public sealed record GeometryRequest(string Group, string Layer, string Support, int Size, int Nodes)
{
    public const int MaxSide = 40;

    public static readonly string[] GridGroups = { "c4", "d4", "trans2d", "trans1d", "rototrans", "trivial" };
    public static readonly string[] GraphGroups = { "sn" };
    public static readonly string[] GridLayers = { "conv3x3", "dense", "dense-invariant" };
    public static readonly string[] GraphLayers = { "adjacency", "adjacency-invariant" };

    public static IEnumerable<string> AllGroups => GridGroups.Concat(GraphGroups);

    public static IEnumerable<string> AllLayers => GridLayers.Concat(GraphLayers);

    /// <summary>Parses raw option text; on failure returns null and one line naming the option and the accepted values.</summary>
    public static GeometryRequest? TryCreate(string? group, string? layer, string? support, string? size, string? nodes, out string? error)
    {
        error = null;
        var g = (group ?? "c4").Trim().ToLowerInvariant();
        if (!AllGroups.Contains(g))
        {
            error = $"--group must be one of {string.Join(", ", AllGroups)} (got '{group}')";
            return null;
        }
        bool graph = GraphGroups.Contains(g);
        var allowedLayers = graph ? GraphLayers : GridLayers;
        var l = (layer ?? allowedLayers[0]).Trim().ToLowerInvariant();
        if (!allowedLayers.Contains(l))
        {
            error = AllLayers.Contains(l)
                ? $"--layer {l} does not fit --group {g}; with {g} use one of {string.Join(", ", allowedLayers)}"
                : $"--layer must be one of {string.Join(", ", AllLayers)} (got '{layer}')";
            return null;
        }
        if (!TryParseSide(size, 14, "--size", out int n, out error)) return null;
        if (!TryParseSide(nodes, 10, "--nodes", out int nodeCount, out error)) return null;
        var s = (support ?? "full").Trim().ToLowerInvariant();
        if (l == "conv3x3")
        {
            if (!KernelSupport.TryParse(s, out _, out var supportError))
            {
                error = $"--support: {supportError}";
                return null;
            }
        }
        else if (s != "full")
        {
            error = $"--support must be full for --layer {l} (cross, skew and 3×3 masks apply to --layer conv3x3; got '{support}')";
            return null;
        }
        return new GeometryRequest(g, l, s, n, nodeCount);
    }

    /// <summary>Builds H (with the group's action) and L for the request.</summary>
    public (LayerSpace Layer, AdmissibleSpace Admissible, string SupportLabel) Build()
    {
        LayerSpace layer = Group == "sn" ? BuildGraphLayer() : BuildGridLayer();
        if (Layer == "conv3x3")
        {
            var support = KernelSupport.Parse(Support);
            return (layer, support.ToAdmissibleSpace(), support.ToString());
        }
        return (layer, AdmissibleSpace.Full(layer.Dimension), "full");
    }

    private LayerSpace BuildGraphLayer()
    {
        var sn = new SymmetricGroup(Nodes);
        var adjacency = sn.OnAdjacency();
        return Layer == "adjacency"
            ? LayerSpace.Dense(adjacency, adjacency)
            : LayerSpace.Dense(adjacency, SiteAction.Trivial(sn, 1, "invariant output"));
    }

    private LayerSpace BuildGridLayer()
    {
        (SiteAction Grid, SiteAction Taps) actions = Group switch
        {
            "c4" => Pair(new RotationGroup(), g => g.OnGrid(Size), g => g.OnKernelTaps()),
            "d4" => Pair(new DihedralGroup(), g => g.OnGrid(Size), g => g.OnKernelTaps()),
            "trans2d" => Pair(TranslationGroup.Planar(Size), g => g.OnGrid(), g => g.OnKernelTaps()),
            "trans1d" => Pair(TranslationGroup.AlongX(Size), g => g.OnGrid(), g => g.OnKernelTaps()),
            "rototrans" => Pair(new RotoTranslationGroup(Size), g => g.OnGrid(), g => g.OnKernelTaps()),
            _ => Pair(new TrivialGroup(), g => SiteAction.Trivial(g, Size * Size, $"{Size}×{Size} grid"), g => SiteAction.Trivial(g, 9, "3×3 kernel taps")),
        };
        return Layer switch
        {
            "conv3x3" => LayerSpace.Kernel(actions.Taps),
            "dense" => LayerSpace.Dense(actions.Grid, actions.Grid),
            _ => LayerSpace.Dense(actions.Grid, SiteAction.Trivial(actions.Grid.Group, 1, "invariant output")),
        };
    }

    private static (SiteAction, SiteAction) Pair<T>(T group, Func<T, SiteAction> grid, Func<T, SiteAction> taps) where T : FiniteGroup =>
        (grid(group), taps(group));

    private static bool TryParseSide(string? text, int fallback, string option, out int value, out string? error)
    {
        error = null;
        value = fallback;
        if (text is null) return true;
        if (int.TryParse(text.Trim(), out value) && value >= 1 && value <= MaxSide) return true;
        error = $"{option} must be a whole number from 1 to {MaxSide} (got '{text}')";
        return false;
    }
}
