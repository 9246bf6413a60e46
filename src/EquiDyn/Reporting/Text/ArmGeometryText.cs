using System.Globalization;
using EquiDyn.Architectures;

namespace EquiDyn.Reporting.Text;

/// <summary>The geometry of a spec's arms as plain text (<c>equidyn geometry --spec</c> for an architecture of the
/// registry, e.g. the paper's C4 CNN or MLPs): one table per distinct geometry, naming the arms that share it, with every
/// linear layer's dim H, L, E, E∩L per channel pair, its compatibility, and whether T2 applies to each arm.</summary>
/// <remarks>The rows come from the architecture itself (<see cref="IArchitecture.Describe"/>, through
/// <see cref="NetworkGeometry"/>), so they are the layers the runner builds.</remarks>
public static class ArmGeometryText
{
    private const int MaxOrbitsShown = 6;

    /// <summary>Writes the model line and one block per distinct geometry.</summary>
    /// <param name="spec">The spec file, as the user named it.</param>
    /// <param name="architecture">The spec's architecture.</param>
    /// <param name="arms">The arms' geometries (<see cref="NetworkGeometry.Analyze(Experiments.ExperimentSpec)"/>).</param>
    /// <param name="output">Where to write.</param>
    public static void Write(string spec, IArchitecture architecture, IReadOnlyList<ArmGeometry> arms, TextWriter output)
    {
        output.WriteLine($"model    {spec}: {architecture.Name} ({architecture.Description})");
        foreach (var block in arms.GroupBy(a => (a.Group, a.Support, a.Unitary, string.Join("\n", Table(a.Layers)))))
        {
            var (group, support, unitary, table) = block.Key;
            output.WriteLine();
            output.WriteLine($"arms     {string.Join(", ", block.Select(a => a.Arm))}");
            output.WriteLine($"         group {group}{(support is null ? "" : $", support {support}")}, {(unitary ? "unitary" : "non-unitary")} parametrization of L");
            foreach (var line in table.Split('\n')) output.WriteLine(line);
            foreach (var l in block.First().Layers.Where(l => l.StraddlingOrbits.Count > 0))
            {
                output.WriteLine($"{l.Layer}: orbits straddling the support");
                foreach (var o in l.StraddlingOrbits.Take(MaxOrbitsShown)) output.WriteLine($"  {o}");
                if (l.StraddlingOrbits.Count > MaxOrbitsShown) output.WriteLine($"  … and {l.StraddlingOrbits.Count - MaxOrbitsShown} more (see --json)");
            }
            int width = block.Max(a => a.Arm.Length);
            output.WriteLine("T2 (augmented training keeps E∩L invariant):");
            foreach (var a in block) output.WriteLine($"  {a.Arm.PadRight(width)}  {a.TheoremTwoVerdict}");
        }
        output.WriteLine();
        output.WriteLine("(dimensions per channel pair; a layer's weights are pairs × that)");
    }

    // The table as lines: what is printed, and (joined) the key that puts arms with the same table in one block.
    private static IReadOnlyList<string> Table(IReadOnlyList<LayerGeometryRow> layers)
    {
        int name = Math.Max(5, layers.Max(l => l.Layer.Length)), shape = Math.Max(5, layers.Max(l => l.Shape.Length));
        var lines = new List<string> { $"{"layer".PadRight(name)}  {"shape".PadRight(shape)}  {"pairs",8}  {"H",7}  {"L",7}  {"E",6}  {"E∩L",6}  compatible" };
        lines.AddRange(layers.Select(l =>
            $"{l.Layer.PadRight(name)}  {l.Shape.PadRight(shape)}  {l.ChannelPairs,8}  {l.H,7}  {l.L,7}  {l.E,6}  {l.EIntersectL,6}  " +
            (l.Compatible ? "yes" : "NO (‖[Π_L,Π_E]‖ = " + l.CommutatorNorm.ToString("G3", CultureInfo.InvariantCulture) + ")")));
        return lines;
    }
}
