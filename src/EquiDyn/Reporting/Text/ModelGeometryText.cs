using System.Globalization;
using EquiDyn.Architectures.LayerList;

namespace EquiDyn.Reporting.Text;

/// <summary>Prints a spec model's <see cref="ModelGeometry"/> (<c>equidyn geometry --spec</c>): one row per linear layer.</summary>
public static class ModelGeometryText
{
    private const int MaxOrbitsShown = 6;

    /// <summary>Writes the model's group and input, one row per linear layer, the straddling orbits of incompatible
    /// layers and what compatibility means for augmented training.</summary>
    /// <param name="spec">The spec file, as the user named it.</param>
    /// <param name="g">The model's geometry.</param>
    /// <param name="output">Where to write.</param>
    public static void WritePlain(string spec, ModelGeometry g, TextWriter output)
    {
        output.WriteLine($"model    {spec}");
        output.WriteLine($"group    {g.Group} (order {g.Order}; generators {(g.Generators.Count == 0 ? "none" : string.Join(", ", g.Generators))})");
        output.WriteLine($"input    {g.Input}");
        output.WriteLine();
        int name = Math.Max(5, g.Layers.Max(l => l.Layer.Length)), shape = Math.Max(5, g.Layers.Max(l => l.Shape.Length));
        output.WriteLine($"{"layer".PadRight(name)}  {"shape".PadRight(shape)}  {"pairs",8}  {"H",7}  {"L",7}  {"E",6}  {"E∩L",6}  compatible  L is");
        foreach (var l in g.Layers)
            output.WriteLine($"{l.Layer.PadRight(name)}  {l.Shape.PadRight(shape)}  {l.ChannelPairs,8}  {l.H,7}  {l.L,7}  {l.E,6}  {l.EIntersectL,6}  " +
                             $"{(l.Compatible ? "yes" : "NO (‖[Π_L,Π_E]‖ = " + l.CommutatorNorm.ToString("G3", CultureInfo.InvariantCulture) + ")"),-10}  {l.Admissible}");
        output.WriteLine("(dimensions per channel pair; a layer's weights are pairs × that)");
        foreach (var l in g.Layers.Where(l => l.StraddlingOrbits.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{l.Layer}: orbits straddling the support");
            foreach (var o in l.StraddlingOrbits.Take(MaxOrbitsShown)) output.WriteLine($"  {o}");
            if (l.StraddlingOrbits.Count > MaxOrbitsShown) output.WriteLine($"  … and {l.StraddlingOrbits.Count - MaxOrbitsShown} more (see --json)");
        }
        output.WriteLine();
        output.WriteLine(g.Compatible
            ? "every layer is compatible: augmented training with exact orbits keeps E∩L invariant with a unitary parametrization (T2)"
            : "some layer is incompatible: augmented training leaves E∩L (T2 does not apply); equivariant and augmented stationary points differ (T1)");
    }
}
