using System.Globalization;
using Spectre.Console;

namespace EquiDyn.Cli.Geometry;

/// <summary>Prints a <see cref="GeometryReport"/> as plain text (pipes, logs, tests) or as Spectre.Console tables (terminals).</summary>
public static class GeometryRenderer
{
    private const int MaxOrbitsShown = 12;

    public static void WritePlain(GeometryReport r, TextWriter output)
    {
        output.WriteLine($"group    {r.Group} (order {r.Order}; generators {Generators(r)})");
        output.WriteLine($"layer    {r.Layer} ({r.Dimensions.H} = {r.Entries} entries per channel pair)");
        output.WriteLine($"support  {r.Support}");
        output.WriteLine();
        int width = Math.Max(3, r.Dimensions.H.ToString(CultureInfo.InvariantCulture).Length);
        output.WriteLine($"space  {"dim".PadLeft(width)}  meaning");
        foreach (var (space, dim, meaning) in Rows(r))
            output.WriteLine($"{space,-5}  {dim.ToString(CultureInfo.InvariantCulture).PadLeft(width)}  {meaning}");
        output.WriteLine();
        output.WriteLine($"compatibility  {(r.Compatible ? "compatible" : "incompatible")}: {r.Reason}");
        output.WriteLine($"commutator     ‖Π_LΠ_E − Π_EΠ_L‖ = {Number(r.CommutatorNorm)} (operator norm), {Number(r.CommutatorFrobeniusNorm)} (Frobenius); tolerance {Number(r.Tolerance)}");
        if (r.StraddlingOrbits.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("straddling orbits (* = inside the support)");
            foreach (var line in OrbitLines(r)) output.WriteLine($"  {line}");
        }
        if (r.TapOrbits is { } taps)
        {
            output.WriteLine();
            output.WriteLine("taps by orbit (* = inside the support)");
            foreach (var row in taps) output.WriteLine($"  {row.TrimEnd()}");
        }
        output.WriteLine();
        output.WriteLine($"computed in {r.ElapsedMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms");
    }

    public static void WriteRich(GeometryReport r, IAnsiConsole console)
    {
        var header = new Grid().AddColumn().AddColumn();
        header.AddRow("[grey]group[/]", Markup.Escape($"{r.Group} (order {r.Order}; generators {Generators(r)})"));
        header.AddRow("[grey]layer[/]", Markup.Escape($"{r.Layer} ({r.Dimensions.H} = {r.Entries} entries per channel pair)"));
        header.AddRow("[grey]support[/]", Markup.Escape(r.Support));
        console.Write(header);

        var table = new Table().Border(TableBorder.Rounded).AddColumn("space").AddColumn(new TableColumn("dim").RightAligned()).AddColumn("meaning");
        foreach (var (space, dim, meaning) in Rows(r)) table.AddRow(Markup.Escape(space), dim.ToString(CultureInfo.InvariantCulture), Markup.Escape(meaning));
        console.Write(table);

        var verdict = r.Compatible ? "[green]compatible[/]" : "[red]incompatible[/]";
        console.MarkupLine($"{verdict}: {Markup.Escape(r.Reason)}");
        console.MarkupLine(Markup.Escape($"‖Π_LΠ_E − Π_EΠ_L‖ = {Number(r.CommutatorNorm)} (operator norm), {Number(r.CommutatorFrobeniusNorm)} (Frobenius); tolerance {Number(r.Tolerance)}"));
        if (r.StraddlingOrbits.Count > 0)
        {
            console.MarkupLine("[yellow]straddling orbits[/] (* = inside the support)");
            foreach (var line in OrbitLines(r)) console.MarkupLine($"  {Markup.Escape(line)}");
        }
        if (r.TapOrbits is { } taps)
        {
            console.MarkupLine("[grey]taps by orbit (* = inside the support)[/]");
            foreach (var row in taps) console.MarkupLine($"  {Markup.Escape(row.TrimEnd())}");
        }
        console.MarkupLine($"[grey]computed in {r.ElapsedMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms[/]");
    }

    private static IEnumerable<(string Space, int Dim, string Meaning)> Rows(GeometryReport r)
    {
        yield return ("H", r.Dimensions.H, "all weights of one channel pair");
        yield return ("L", r.Dimensions.L, "admissible weights (inside the support)");
        yield return ("E", r.Dimensions.E, "equivariant weights (one per orbit of entries)");
        yield return ("E∩L", r.Dimensions.EIntersectL, "equivariant and admissible");
    }

    private static IEnumerable<string> OrbitLines(GeometryReport r)
    {
        foreach (var orbit in r.StraddlingOrbits.Take(MaxOrbitsShown))
        {
            var inside = orbit.InSupport.ToHashSet();
            yield return $"orbit {orbit.Orbit}: {string.Join(" ", orbit.Entries.Select(e => inside.Contains(e) ? e + "*" : e))}";
        }
        if (r.StraddlingOrbits.Count > MaxOrbitsShown) yield return $"… and {r.StraddlingOrbits.Count - MaxOrbitsShown} more (see --json)";
    }

    private static string Generators(GeometryReport r) => r.Generators.Count == 0 ? "none" : string.Join(", ", r.Generators);

    private static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
