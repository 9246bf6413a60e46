using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using EquiDyn.Architectures;
using EquiDyn.Architectures.LayerList;
using EquiDyn.Cli.Geometry;
using EquiDyn.Experiments;
using EquiDyn.Reporting;
using EquiDyn.Reporting.Text;
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
        var spec = new Option<string>("--spec") { Description = "Show every linear layer of this spec's model instead of one layer: any architecture (a layers model, docs/your-own-model.md, or the paper's CNN and MLPs, e.g. a spec saved by 'equidyn preset show')." };
        var preset = new Option<string>("--preset") { Description = $"As --spec, for a built-in preset's model at the quick scale: {string.Join(", ", ExperimentPresets.Names)}." };

        var command = new Command("geometry", "Show E, L, E∩L and whether L is compatible with the symmetry, for one channel pair of a layer (or of every layer of a spec's model).");
        foreach (var option in new Option[] { group, layer, support, size, nodes, json, spec, preset }) command.Options.Add(option);
        command.Action = new OneLineErrorAction("geometry", (parseResult, output, error) =>
        {
            string? specPath = parseResult.GetValue(spec), presetName = parseResult.GetValue(preset);
            if (specPath is not null && presetName is not null)
                return OneLineErrorAction.Fail(error, "geometry", "give either --spec or --preset, not both");
            if (presetName is not null && !ExperimentPresets.Names.Contains(presetName))
                return OneLineErrorAction.Fail(error, "geometry", Help.Suggestions.UnknownValue("preset", presetName, ExperimentPresets.Names.ToList()) + " (equidyn preset list)");
            if (specPath is not null || presetName is not null)
            {
                if (new Option[] { group, layer, support, size, nodes }.FirstOrDefault(o => parseResult.GetResult(o) is not null) is { } extra)
                    return OneLineErrorAction.Fail(error, "geometry", $"{extra.Name} describes one layer; with {(specPath is null ? "--preset" : "--spec")} every layer comes from the spec: remove {extra.Name}");
                var model = specPath is not null ? ExperimentSpec.Load(specPath) : ExperimentPresets.Get(presetName!, "quick");
                specPath = specPath ?? $"preset {presetName}";
                if (model.Architecture.Name == LayerListArchitecture.RegistryName)
                {
                    var geometry = LayerListArchitecture.Model(model).Geometry();
                    if (parseResult.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(geometry, Json));
                    else ModelGeometryText.WritePlain(specPath, geometry, output);
                    return 0;
                }
                var arms = NetworkGeometry.Analyze(model);
                if (parseResult.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(arms, Json));
                else ArmGeometryText.Write(specPath, ArchitectureRegistry.Of(model), arms, output);
                return 0;
            }
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
                GeometryText.Write(report, output);
            return 0;
        });
        return command;
    }
}
