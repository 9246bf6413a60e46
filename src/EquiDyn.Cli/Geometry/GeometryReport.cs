using System.Diagnostics;
using System.Text.Json.Serialization;
using EquiDyn.Geometry;

namespace EquiDyn.Cli.Geometry;

/// <summary>What <c>equidyn geometry</c> reports, shaped for JSON (camelCase) and for the text renderers.</summary>
public sealed record GeometryReport(
    string Group,
    string Order,
    IReadOnlyList<string> Generators,
    string Layer,
    string Entries,
    string Support,
    GeometryDimensions Dimensions,
    bool Compatible,
    double CommutatorNorm,
    double CommutatorFrobeniusNorm,
    double Tolerance,
    string Reason,
    IReadOnlyList<GeometryOrbit> StraddlingOrbits,
    IReadOnlyList<string>? TapOrbits,
    double ElapsedMilliseconds)
{
    /// <summary>Runs the analysis for a validated request and times it.</summary>
    public static GeometryReport Create(GeometryRequest request)
    {
        var stopwatch = Stopwatch.StartNew();
        var (layer, admissible, supportLabel) = request.Build();
        var geometry = LayerGeometry.Analyze(layer, admissible);
        stopwatch.Stop();
        var report = geometry.Compatibility;
        var mask = admissible.Mask!;
        return new GeometryReport(
            layer.Group.Name,
            layer.Group.Order.ToString(),
            layer.Group.GeneratorNames,
            layer.Description,
            $"{layer.Rows}×{layer.Columns}",
            supportLabel,
            new GeometryDimensions(geometry.AmbientDimension, geometry.AdmissibleDimension, geometry.EquivariantDimension, geometry.IntersectionDimension),
            report.IsCompatible,
            report.CommutatorNorm,
            report.CommutatorFrobeniusNorm,
            report.Tolerance,
            report.Reason,
            report.StraddlingOrbits.Select(o => new GeometryOrbit(o.OrbitId, o.Labels, o.LabelsInSupport)).ToArray(),
            layer.Kind == LayerKind.Kernel ? TapMap(layer, mask) : null,
            Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1));
    }

    /// <summary>One line per kernel row: each tap's orbit index, starred when the tap is in the support.</summary>
    private static IReadOnlyList<string> TapMap(LayerSpace layer, bool[] mask)
    {
        var ids = layer.OrbitIds;
        return Enumerable.Range(0, layer.Rows).Select(r => string.Join(" ", Enumerable.Range(0, layer.Columns).Select(c =>
        {
            int tap = r * layer.Columns + c;
            return $"{ids[tap]}{(mask[tap] ? "*" : " ")}".PadLeft(3);
        }))).ToArray();
    }
}

/// <summary>dim H, dim L, dim E, dim E∩L for one channel pair.</summary>
public sealed record GeometryDimensions(
    [property: JsonPropertyName("H")] int H,
    [property: JsonPropertyName("L")] int L,
    [property: JsonPropertyName("E")] int E,
    [property: JsonPropertyName("EcapL")] int EIntersectL);

/// <summary>An orbit that straddles the support: all its entries and those inside.</summary>
public sealed record GeometryOrbit(int Orbit, IReadOnlyList<string> Entries, IReadOnlyList<string> InSupport);
