using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using EquiDyn.Cli.Geometry;
using Spectre.Console;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn geometry</c>: dimensions of H, L, E, E∩L, the compatibility verdict and the straddling orbits of one layer.</summary>
public static class GeometryCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep Π, ∩, ‖ readable
    };

    public static Command Create()
    {
        // Values are read as text and validated here, so every bad value gets one line naming the option (exit code 2).
        var group = new Option<string>("--group") { Description = $"Symmetry group: {string.Join(", ", GeometryRequest.AllGroups)} (default c4)." };
        var layer = new Option<string>("--layer")
        {
            Description = $"Layer: {string.Join(", ", GeometryRequest.GridLayers)} for grid groups (default conv3x3); " +
                          $"{string.Join(", ", GeometryRequest.GraphLayers)} for sn (default adjacency).",
        };
        var support = new Option<string>("--support") { Description = "Support of a conv3x3 kernel: cross, skew, full or a 3×3 mask like 010,111,010 (default full)." };
        var size = new Option<string>("--size") { Description = $"Grid side n for dense layers and translation groups (1–{GeometryRequest.MaxSide}, default 14)." };
        var nodes = new Option<string>("--nodes") { Description = $"Number of graph nodes for sn (1–{GeometryRequest.MaxSide}, default 10)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };

        var command = new Command("geometry", "Show E, L, E∩L and whether L is compatible with the symmetry, for one channel pair of a layer.");
        foreach (var option in new Option[] { group, layer, support, size, nodes, json }) command.Options.Add(option);
        command.Action = new OneLineErrorAction("geometry", (parseResult, output, error) =>
        {
            var request = GeometryRequest.TryCreate(
                parseResult.GetValue(group), parseResult.GetValue(layer), parseResult.GetValue(support),
                parseResult.GetValue(size), parseResult.GetValue(nodes), out var problem);
            if (request is null)
            {
                error.WriteLine($"equidyn geometry: {problem}");
                return 2;
            }

            var report = GeometryReport.Create(request);
            if (parseResult.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(report, Json));
            else if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
                GeometryRenderer.WriteRich(report, AnsiConsole.Console);
            else
                GeometryRenderer.WritePlain(report, output);
            return 0;
        });
        return command;
    }
}
