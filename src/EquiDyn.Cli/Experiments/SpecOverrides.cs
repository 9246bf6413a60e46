using System.Text.Json;
using System.Text.Json.Nodes;
using EquiDyn.Cli.Help;
using EquiDyn.Experiments;

namespace EquiDyn.Cli.Experiments;

/// <summary><c>--set path=value</c>: changes one field of a spec from the command line, e.g.
/// <c>augmentedPhase.epochs=3</c>, <c>seeds=[0,1,2]</c>, <c>arms[1].dtype=float64</c>. The value is read as JSON
/// when it parses as JSON (numbers, true/false, null, arrays, objects) and as a string otherwise; the changed spec is
/// then read and validated exactly like a spec file, so a wrong type or value fails with the same one-line message.</summary>
public static class SpecOverrides
{
    /// <summary>Applies the assignments in order and returns the validated spec.</summary>
    /// <exception cref="ExperimentSpecException">A malformed assignment, an unknown field (with the closest names), or
    /// a value the spec rejects.</exception>
    public static ExperimentSpec Apply(ExperimentSpec spec, IEnumerable<string> assignments)
    {
        var list = assignments.ToList();
        if (list.Count == 0) return spec;
        var root = JsonNode.Parse(spec.ToJson())!.AsObject();
        foreach (var assignment in list)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0)
                throw new ExperimentSpecException("--set", $"'{assignment}' is not path=value; write e.g. --set augmentedPhase.epochs=3");
            string path = assignment[..eq].Trim(), text = assignment[(eq + 1)..];
            Set(root, path, ParseValue(text));
        }
        try
        {
            return ExperimentSpec.Parse(root.ToJsonString());
        }
        catch (ExperimentSpecException e)
        {
            throw new ExperimentSpecException(e.Field, $"{e.Problem} (after --set {string.Join(" --set ", list)})");
        }
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>Segments of "arms[1].dtype": ("arms", null), (null, 1), ("dtype", null).</summary>
    private static IEnumerable<(string? Key, int? Index)> Segments(string path)
    {
        foreach (var part in path.Split('.'))
        {
            string rest = part;
            int bracket = rest.IndexOf('[');
            string key = bracket < 0 ? rest : rest[..bracket];
            if (key.Length > 0) yield return int.TryParse(key, out int i) ? (null, i) : (key, null);
            while (bracket >= 0)
            {
                int close = rest.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(rest[(bracket + 1)..close], out int index))
                    throw new ExperimentSpecException("--set", $"'{path}': an index is written [0], [1], …");
                yield return (null, index);
                rest = rest[(close + 1)..];
                bracket = rest.IndexOf('[');
            }
        }
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = Segments(path).ToList();
        if (segments.Count == 0) throw new ExperimentSpecException("--set", "empty path; write e.g. --set augmentedPhase.epochs=3");
        JsonNode current = root;
        Type type = typeof(ExperimentSpec);
        string at = "";
        for (int k = 0; k < segments.Count; k++)
        {
            var (key, index) = segments[k];
            bool last = k == segments.Count - 1;
            if (key is not null)
            {
                if (current is not JsonObject obj)
                    throw new ExperimentSpecException(path, $"'{at}' is not an object, so it has no field '{key}'");
                // The spec's own field names (present or omitted because null), from its JSON contract.
                var fields = ExperimentSpec.JsonOptions.GetTypeInfo(type).Properties.Where(p => p.Get is not null || p.Set is not null).ToList();
                var field = fields.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
                if (field is null)
                {
                    var known = fields.Select(p => p.Name).ToList();
                    throw new ExperimentSpecException(path, $"unknown field '{key}'{(at.Length > 0 ? $" in {at}" : "")}" +
                        $"{Suggestions.DidYouMean(key, known)}; fields: {string.Join(", ", known)}");
                }
                at = at.Length == 0 ? field.Name : $"{at}.{field.Name}";
                if (last) { obj[field.Name] = value?.DeepClone(); return; }
                type = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
                current = obj[field.Name] ??= type.IsAssignableTo(typeof(System.Collections.IList)) ? new JsonArray() : new JsonObject();
            }
            else
            {
                if (current is not JsonArray array)
                    throw new ExperimentSpecException(path, $"'{at}' is not a list, so it has no element [{index}]");
                if (index < 0 || index >= array.Count)
                    throw new ExperimentSpecException(path, $"'{at}' has {array.Count} element(s); use an index from 0 to {Math.Max(0, array.Count - 1)}");
                at = $"{at}[{index}]";
                if (last) { array[index!.Value] = value?.DeepClone(); return; }
                type = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(object);
                current = array[index!.Value] ??= new JsonObject();
            }
        }
    }
}
