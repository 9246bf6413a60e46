using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Reporting;

/// <summary>The user's choice of group, layer and support for <c>equidyn geometry</c>, validated into a layer space and L.</summary>
/// <param name="Group">Canonical group name (<see cref="GroupRegistry"/>).</param>
/// <param name="Layer">One of <see cref="AllLayers"/>.</param>
/// <param name="Support">A kernel support (<see cref="KernelSupport"/>) for conv3x3, else <c>full</c>.</param>
/// <param name="Size">Grid side n.</param>
/// <param name="Nodes">Number of graph nodes.</param>
/// <remarks>Group names come from <see cref="GroupRegistry"/>, the vocabulary experiment specs use; <see cref="Group"/>
/// holds the canonical spelling (aliases such as <c>trans2d</c> resolved).</remarks>
public sealed record GeometryRequest(string Group, string Layer, string Support, int Size, int Nodes)
{
    /// <summary>The largest grid side (<c>--size</c>) and node count (<c>--nodes</c>) accepted.</summary>
    public const int MaxSide = 40;

    /// <summary>The layers of a group acting on square grids: a 3×3 kernel, a dense grid-to-grid layer, a dense grid-to-invariant layer.</summary>
    public static readonly string[] GridLayers = { "conv3x3", "dense", "dense-invariant" };
    /// <summary>The layers of a group acting on graph nodes: adjacency to adjacency, adjacency to an invariant output.</summary>
    public static readonly string[] GraphLayers = { "adjacency", "adjacency-invariant" };

    /// <summary>The accepted group spellings for help texts (from <see cref="GroupRegistry"/>).</summary>
    public static IEnumerable<string> AllGroups =>
        GroupRegistry.Families.Select(f => f.Aliases.Count == 0 ? f.Pattern : $"{f.Pattern} (alias {string.Join(", ", f.Aliases)})");

    /// <summary>Every layer name.</summary>
    public static IEnumerable<string> AllLayers => GridLayers.Concat(GraphLayers);

    /// <summary>Parses raw option text; on failure returns null and one line naming the option and the accepted values.</summary>
    public static GeometryRequest? TryCreate(string? group, string? layer, string? support, string? size, string? nodes, out string? error)
    {
        error = null;
        if (!GroupRegistry.TryParse(group ?? "c4", out var name, out var groupError))
        {
            error = $"--group: {groupError}";
            return null;
        }
        var g = name.ToString();
        var allowedLayers = (name.ActsOnGrids ? GridLayers : []).Concat(name.ActsOnGraphs ? GraphLayers : []).ToArray();
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
        if (GraphLayers.Contains(l) && name.N is { } order && nodeCount % order != 0)
        {
            error = $"--nodes {nodeCount}: {g} rotates a ring of nodes by 1/{order} turn, so the node count must be a multiple of {order}";
            return null;
        }
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
        LayerSpace layer = GraphLayers.Contains(Layer) ? BuildGraphLayer() : BuildGridLayer();
        if (Layer == "conv3x3")
        {
            var support = KernelSupport.Parse(Support);
            return (layer, support.ToAdmissibleSpace(), support.ToString());
        }
        return (layer, AdmissibleSpace.Full(layer.Dimension), "full");
    }

    private LayerSpace BuildGraphLayer()
    {
        var adjacency = GroupRegistry.CreateForNodes(Group, Nodes).OnAdjacency(Nodes);
        return Layer == "adjacency"
            ? LayerSpace.Dense(adjacency, adjacency)
            : LayerSpace.Dense(adjacency, SiteAction.Trivial(adjacency.Group, 1, "invariant output"));
    }

    private LayerSpace BuildGridLayer()
    {
        var symmetry = GroupRegistry.CreateForGrid(Group, Size);
        return Layer switch
        {
            "conv3x3" => LayerSpace.Kernel(symmetry.OnKernelTaps()),
            "dense" => LayerSpace.Dense(symmetry.OnGrid(Size), symmetry.OnGrid(Size)),
            _ => LayerSpace.Dense(symmetry.OnGrid(Size), SiteAction.Trivial((FiniteGroup)symmetry, 1, "invariant output")),
        };
    }

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
