using System.Text.Json;
using System.Text.Json.Serialization;

namespace EquiDyn.Analysis;

/// <summary>JSON form of a <see cref="StabilityReport"/> (the file <c>stability.json</c>).</summary>
/// <remarks>camelCase names, enums as strings, and NaN/±Infinity written as the strings "NaN"/"Infinity" (JSON has no
/// literal for them, and an empty block's extremes are NaN).</remarks>
public static class StabilityReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report as indented JSON.</summary>
    public static string Serialize(StabilityReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Writes the report to <paramref name="path"/> (UTF-8, trailing newline).</summary>
    public static void Write(StabilityReport report, string path) => File.WriteAllText(path, Serialize(report) + Environment.NewLine);
}
