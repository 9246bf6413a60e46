using System.Globalization;

namespace EquiDyn.Reporting.Text;

/// <summary>A <see cref="GeometryReport"/> as plain text (pipes, logs, tests).</summary>
public static class GeometryText
{
    /// <summary>Writes the group, layer and support, the table of dimensions, the verdict, the straddling orbits and, for a
    /// kernel, which orbit every tap is in.</summary>
    public static void Write(GeometryReport r, TextWriter output)
    {
        output.WriteLine($"group    {r.GroupLine()}");
        output.WriteLine($"layer    {r.LayerLine()}");
        output.WriteLine($"support  {r.Support}");
        output.WriteLine();
        int width = Math.Max(3, r.Dimensions.H.ToString(CultureInfo.InvariantCulture).Length);
        output.WriteLine($"space  {"dim".PadLeft(width)}  meaning");
        foreach (var (space, dim, meaning) in r.SpaceRows())
            output.WriteLine($"{space,-5}  {dim.ToString(CultureInfo.InvariantCulture).PadLeft(width)}  {meaning}");
        output.WriteLine();
        output.WriteLine($"compatibility  {(r.Compatible ? "compatible" : "incompatible")}: {r.Reason}");
        output.WriteLine($"commutator     {r.CommutatorLine()}");
        if (r.StraddlingOrbits.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("straddling orbits (* = inside the support)");
            foreach (var line in r.OrbitLines()) output.WriteLine($"  {line}");
        }
        if (r.TapOrbits is { } taps)
        {
            output.WriteLine();
            output.WriteLine("taps by orbit (* = inside the support)");
            foreach (var row in taps) output.WriteLine($"  {row.TrimEnd()}");
        }
        output.WriteLine();
        output.WriteLine(r.TimingLine());
    }
}
