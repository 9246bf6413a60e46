using System.Globalization;
using EquiDyn.Reporting;
using Spectre.Console;

namespace EquiDyn.Cli.Geometry;

/// <summary>Prints a <see cref="GeometryReport"/> as Spectre.Console tables on a terminal (the plain text for pipes and
/// logs is <see cref="EquiDyn.Reporting.Text.GeometryText"/>).</summary>
public static class GeometryRenderer
{
    public static void WriteRich(GeometryReport r, IAnsiConsole console)
    {
        var header = new Grid().AddColumn().AddColumn();
        header.AddRow("[grey]group[/]", Markup.Escape(r.GroupLine()));
        header.AddRow("[grey]layer[/]", Markup.Escape(r.LayerLine()));
        header.AddRow("[grey]support[/]", Markup.Escape(r.Support));
        console.Write(header);

        var table = new Table().Border(TableBorder.Rounded).AddColumn("space").AddColumn(new TableColumn("dim").RightAligned()).AddColumn("meaning");
        foreach (var (space, dim, meaning) in r.SpaceRows()) table.AddRow(Markup.Escape(space), dim.ToString(CultureInfo.InvariantCulture), Markup.Escape(meaning));
        console.Write(table);

        var verdict = r.Compatible ? "[green]compatible[/]" : "[red]incompatible[/]";
        console.MarkupLine($"{verdict}: {Markup.Escape(r.Reason)}");
        console.MarkupLine(Markup.Escape(r.CommutatorLine()));
        if (r.StraddlingOrbits.Count > 0)
        {
            console.MarkupLine("[yellow]straddling orbits[/] (* = inside the support)");
            foreach (var line in r.OrbitLines()) console.MarkupLine($"  {Markup.Escape(line)}");
        }
        if (r.TapOrbits is { } taps)
        {
            console.MarkupLine("[grey]taps by orbit (* = inside the support)[/]");
            foreach (var row in taps) console.MarkupLine($"  {Markup.Escape(row.TrimEnd())}");
        }
        console.MarkupLine($"[grey]{Markup.Escape(r.TimingLine())}[/]");
    }
}
