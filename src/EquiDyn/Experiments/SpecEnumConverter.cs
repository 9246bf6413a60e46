using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EquiDyn.Experiments;

/// <summary>
/// Reads and writes an enum of the spec as its kebab-case name (<c>NonUnitary</c> ↔ <c>non-unitary</c>, <c>Float64</c> ↔
/// <c>float64</c>), or as the name given by <see cref="JsonStringEnumMemberNameAttribute"/> (e.g. <c>bce</c>). An unknown
/// name fails with the accepted ones and the closest one: <c>'unitray' is not one of unitary, non-unitary; did you mean
/// 'unitary'?</c> (the spec parser adds the field's path).
/// </summary>
/// <remarks>System.Text.Json's own <see cref="JsonStringEnumConverter"/> accepts integers and case variants and reports an
/// unknown name without listing the accepted ones; a spec field must name one value exactly and say which ones exist.</remarks>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class SpecEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
{
    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"expected a name, one of {string.Join(", ", SpecNames.Of<TEnum>())}");
        var text = reader.GetString()!;
        return SpecNames.TryParse<TEnum>(text, out var value) ? value : throw new JsonException(SpecNames.Unknown<TEnum>(text));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(SpecNames.Of(value));
}

/// <summary>The names of the spec's enums (<see cref="SpecEnumConverter{TEnum}"/>) and "did you mean" suggestions.</summary>
public static class SpecNames
{
    /// <summary>The JSON name of an enum value.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = value.ToString();
        var field = typeof(TEnum).GetField(name, BindingFlags.Public | BindingFlags.Static);
        if (field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>() is { } attribute) return attribute.Name;
        return KebabCase(name);
    }

    /// <summary>Every JSON name of an enum, in declaration order.</summary>
    public static IReadOnlyList<string> Of<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of).ToList();

    /// <summary>The value with this JSON name (exact, case-sensitive).</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
            if (Of(candidate) == text)
            {
                value = candidate;
                return true;
            }
        value = default;
        return false;
    }

    /// <summary>"'x' is not one of a, b; did you mean 'a'?" for an unknown name of an enum.</summary>
    public static string Unknown<TEnum>(string text) where TEnum : struct, Enum => Unknown(text, Of<TEnum>());

    /// <summary>"'x' is not one of a, b; did you mean 'a'?" for an unknown name of an open vocabulary.</summary>
    public static string Unknown(string? text, IReadOnlyList<string> accepted)
    {
        var message = $"'{text}' is not one of {string.Join(", ", accepted)}";
        return Closest(text, accepted) is { } close ? $"{message}; did you mean '{close}'?" : message;
    }

    /// <summary>The accepted name closest to <paramref name="text"/> by edit distance, when it is close (at most a third
    /// of its letters differ, at least one edit allowed); null otherwise.</summary>
    public static string? Closest(string? text, IEnumerable<string> accepted)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var lower = text.ToLowerInvariant();
        var best = accepted.Select(a => (Name: a, Distance: EditDistance(lower, a.ToLowerInvariant()))).MinBy(p => p.Distance);
        return best.Name is not null && best.Distance <= Math.Max(1, best.Name.Length / 3) ? best.Name : null;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions), with a transposition of neighbours
    /// counting as one edit ("unitray").</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    private static string KebabCase(string name)
    {
        var chars = new List<char>(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) chars.Add('-');
            chars.Add(char.ToLowerInvariant(name[i]));
        }
        return new string(chars.ToArray());
    }
}
