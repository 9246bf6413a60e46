using System.Text.Json;
using EquiDyn.Data;

namespace EquiDyn.Experiments;

/// <summary>Reads the JSON files of run and sweep directories (state.json, summary.json, sweep.json, start.json)
/// through <see cref="InputFile"/> (regular files only, size-capped); every malformed file becomes one
/// <see cref="DataFormatException"/> naming the file, the byte offset and what was expected.</summary>
internal static class RunFiles
{
    /// <summary>Parses <paramref name="path"/> as <typeparamref name="T"/>; <paramref name="what"/> says what it should be.</summary>
    public static T ReadJson<T>(string path, string what) where T : class =>
        ParseJson<T>(InputFile.ReadAllBytes(path), path, what);

    /// <summary>Parses JSON bytes (a file or a zip entry called <paramref name="source"/>).</summary>
    public static T ParseJson<T>(byte[] json, string source, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, ExperimentSpec.JsonOptions)
                   ?? throw new DataFormatException(source, 0, $"is empty (null); expected {what}");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path.TrimStart('$', '.')}";
            var line = e.Message.Split('\n')[0];
            int cut = line.IndexOf(" Path: ", StringComparison.Ordinal);
            if (cut > 0) line = line[..cut];
            throw new DataFormatException(source, e.BytePositionInLine ?? -1,
                $"is not {what}{field} (line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0} of the line): {line}");
        }
    }
}
