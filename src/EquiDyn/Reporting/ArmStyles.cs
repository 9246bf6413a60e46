using ScottPlot;

namespace EquiDyn.Reporting;

/// <summary>How one arm is drawn in every figure of a run: its colour and its line pattern.</summary>
/// <param name="Color">The arm's colour, the same in every figure.</param>
/// <param name="Pattern">The pattern of the arm's strategy (<see cref="ArmStyles.PatternOf"/>).</param>
public sealed record ArmStyle(Color Color, LinePattern Pattern);

/// <summary>
/// The drawing rules shared by every figure of a run or sweep: one colour per arm, fixed for the whole run, and one
/// line pattern per training strategy. When the arms span several symmetry groups (the groups preset), the colour
/// tells the group and the pattern the strategy, so every arm is still one (colour, pattern) pair and the per-group
/// separation can be read; otherwise each arm has its own colour — the paper's for the weight-transfer arms (cross,
/// skew, non-unitary), Equi green / Aug blue / Nom vermilion for the strategies (Wong's colour-blind-safe palette).
/// </summary>
internal static class ArmStyles
{
    /// <summary>Colour-blind-safe colours (Wong 2011) for groups and for arms beyond the named ones.</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>The line pattern of a strategy (the arm's <c>augmentation</c>): equivariant solid, sampled
    /// augmentation dashed, exact orbits densely dashed, nominal dotted; the orbit data set of the weight-transfer
    /// arms solid (it is the only strategy those arms share).</summary>
    public static LinePattern PatternOf(string? augmentation) => (augmentation ?? "").ToLowerInvariant() switch
    {
        "equivariant" => LinePattern.Solid,
        "sampled" => LinePattern.Dashed,
        "exact-orbits" => LinePattern.DenselyDashed,
        "nominal" => LinePattern.Dotted,
        _ => LinePattern.Solid,
    };

    /// <summary>The style of every arm of <paramref name="runs"/>.</summary>
    public static IReadOnlyDictionary<string, ArmStyle> For(RunCollection runs)
    {
        var groups = new Dictionary<string, string?>();
        foreach (var a in runs.Spec?.Arms ?? [])
            if (a.Group is { } group)
                groups[a.Name] = group;
        return For(runs.Arms.Select(a => (a.Name, a.Augmentation, groups.GetValueOrDefault(a.Name), a.Role)).ToList());
    }

    /// <summary>The style of every arm given its name, strategy, group (or null) and role.</summary>
    public static IReadOnlyDictionary<string, ArmStyle> For(IReadOnlyList<(string Name, string? Augmentation, string? Group, ArmRole Role)> arms)
    {
        var result = new Dictionary<string, ArmStyle>();
        var distinctGroups = arms.Select(a => a.Group).Where(g => g is not null).Distinct().ToList();
        if (distinctGroups.Count > 1)
        {
            foreach (var arm in arms)
            {
                int k = arm.Group is null ? distinctGroups.Count : distinctGroups.IndexOf(arm.Group);
                result[arm.Name] = new ArmStyle(Color.FromHex(Palette[k % Palette.Count]), PatternOf(arm.Augmentation));
            }
            return result;
        }
        var named = PlotKit.ArmColors(arms.Select(a => a.Name));
        var used = new HashSet<Color>();
        var free = new Queue<string>(Palette);
        foreach (var arm in arms)
        {
            bool paper = named.TryGetValue(arm.Name, out var c) && IsPaperArm(arm.Name);
            Color color = paper ? c : Color.FromHex(arm.Role switch
            {
                ArmRole.Equivariant => "#009E73",
                ArmRole.Nominal => "#D55E00",
                _ => "#0072B2",
            });
            while (!used.Add(color) && free.Count > 0) color = Color.FromHex(free.Dequeue());
            result[arm.Name] = new ArmStyle(color, PatternOf(arm.Augmentation));
        }
        return result;
    }

    private static bool IsPaperArm(string name) =>
        name.StartsWith("cross", StringComparison.OrdinalIgnoreCase) || name.StartsWith("skew", StringComparison.OrdinalIgnoreCase)
        || name.Contains("non-unitary", StringComparison.OrdinalIgnoreCase) || name.Contains("exact", StringComparison.OrdinalIgnoreCase);
}
