using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using EquiDyn.Geometry;

namespace EquiDyn.Reporting;

/// <summary>What <c>equidyn geometry</c> reports for one layer: dimensions of H, L, E, E∩L per channel pair, the
/// compatibility verdict and the straddling orbits; shaped for JSON (camelCase) and for the text renderings
/// (<see cref="Text.GeometryText"/>, and the CLI's terminal tables), which share its lines.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Order">|G|.</param>
/// <param name="Generators">Generator names.</param>
/// <param name="Layer">The layer in words.</param>
/// <param name="Entries">The shape of one channel pair (rows×columns).</param>
/// <param name="Support">L: a kernel support or <c>full</c>.</param>
/// <param name="Dimensions">dim H, L, E, E∩L.</param>
/// <param name="Compatible">Whether Π_L and Π_E commute.</param>
/// <param name="CommutatorNorm">‖Π_LΠ_E − Π_EΠ_L‖₂.</param>
/// <param name="CommutatorFrobeniusNorm">‖Π_LΠ_E − Π_EΠ_L‖_F.</param>
/// <param name="Tolerance">Below it the commutator counts as zero.</param>
/// <param name="Reason">The verdict in words.</param>
/// <param name="StraddlingOrbits">Orbits with entries inside and outside the support.</param>
/// <param name="TapOrbits">For a kernel: one line per row, each tap's orbit (starred inside the support); else null.</param>
/// <param name="ElapsedMilliseconds">Time of the analysis.</param>
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

    /// <summary>How many straddling orbits the text renderings list before "… and k more".</summary>
    public const int MaxOrbitsShown = 12;

    /// <summary>The table of dimensions: space (H, L, E, E∩L), its dimension per channel pair and what it is.</summary>
    public IEnumerable<(string Space, int Dim, string Meaning)> SpaceRows()
    {
        yield return ("H", Dimensions.H, "all weights of one channel pair");
        yield return ("L", Dimensions.L, "admissible weights (inside the support)");
        yield return ("E", Dimensions.E, "equivariant weights (one per orbit of entries)");
        yield return ("E∩L", Dimensions.EIntersectL, "equivariant and admissible");
    }

    /// <summary>One line per straddling orbit (entries inside the support starred), at most
    /// <see cref="MaxOrbitsShown"/>, then how many more there are.</summary>
    public IEnumerable<string> OrbitLines()
    {
        foreach (var orbit in StraddlingOrbits.Take(MaxOrbitsShown))
        {
            var inside = orbit.InSupport.ToHashSet();
            yield return $"orbit {orbit.Orbit}: {string.Join(" ", orbit.Entries.Select(e => inside.Contains(e) ? e + "*" : e))}";
        }
        if (StraddlingOrbits.Count > MaxOrbitsShown) yield return $"… and {StraddlingOrbits.Count - MaxOrbitsShown} more (see --json)";
    }

    /// <summary>The group line: its name, order and generators.</summary>
    public string GroupLine() => $"{Group} (order {Order}; generators {(Generators.Count == 0 ? "none" : string.Join(", ", Generators))})";

    /// <summary>The layer line: its description and the shape of one channel pair.</summary>
    public string LayerLine() => $"{Layer} ({Dimensions.H} = {Entries} entries per channel pair)";

    /// <summary>The commutator's norms and the tolerance, in words.</summary>
    public string CommutatorLine() =>
        $"‖Π_LΠ_E − Π_EΠ_L‖ = {Number(CommutatorNorm)} (operator norm), {Number(CommutatorFrobeniusNorm)} (Frobenius); tolerance {Number(Tolerance)}";

    /// <summary>How long the analysis took, in words.</summary>
    public string TimingLine() => $"computed in {ElapsedMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms";

    private static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

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
/// <param name="H">dim H.</param>
/// <param name="L">dim L.</param>
/// <param name="E">dim E.</param>
/// <param name="EIntersectL">dim E∩L.</param>
public sealed record GeometryDimensions(
    [property: JsonPropertyName("H")] int H,
    [property: JsonPropertyName("L")] int L,
    [property: JsonPropertyName("E")] int E,
    [property: JsonPropertyName("EcapL")] int EIntersectL);

/// <summary>An orbit that straddles the support: all its entries and those inside.</summary>
/// <param name="Orbit">Orbit index.</param>
/// <param name="Entries">Its entries' labels.</param>
/// <param name="InSupport">Those inside the support.</param>
public sealed record GeometryOrbit(int Orbit, IReadOnlyList<string> Entries, IReadOnlyList<string> InSupport);
