using System.Text.Json.Nodes;

namespace EquiDyn.Experiments;

/// <summary>Reads spec files written before the typed spec of #12: two fields that meant two things each are rewritten
/// to the fields that replaced them, before the spec is deserialized and validated.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>An arm's <c>augmentation</c> held the strategy too: <c>"nominal"</c> and <c>"equivariant"</c> become
/// <c>"strategy"</c>; any other value (or none: the old default was <c>orbit-dataset</c>) means
/// <c>"strategy": "augmented"</c>.</item>
/// <item><c>dataset.imageSize</c> of an <c>sbm</c> data set was its node count: it becomes <c>dataset.nodes</c>.</item>
/// <item>The arms of <c>paper-mlp</c> carried a kernel <c>support</c> that nothing read: it is dropped.</item>
/// </list>
/// A document that already uses the new fields is left as it is.
/// </remarks>
internal static class SpecMigration
{
    /// <summary>Rewrites the old spellings in place.</summary>
    public static void Apply(JsonObject spec)
    {
        if (spec["dataset"] is JsonObject dataset && Text(dataset["name"]) == "sbm" && dataset["imageSize"] is { } size)
        {
            // A preset never writes imageSize for sbm: the value is the document's, and it wins over a preset's nodes.
            dataset.Remove("imageSize");
            dataset["nodes"] = size.DeepClone();
        }
        if (spec["arms"] is not JsonArray arms) return;
        bool mlp = spec["architecture"] is JsonObject architecture && Text(architecture["name"]) == "paper-mlp";
        foreach (var arm in arms.OfType<JsonObject>())
        {
            // An arm that says its strategy is written in the new spelling: nothing to rewrite (and a support it gives an
            // MLP is an error the validator reports).
            if (arm.ContainsKey("strategy")) continue;
            if (mlp) arm.Remove("support");
            switch (Text(arm["augmentation"]))
            {
                case "nominal" or "equivariant":
                    arm["strategy"] = Text(arm["augmentation"]);
                    arm.Remove("augmentation");
                    break;
                case null when !arm.ContainsKey("augmentation"):
                    arm["strategy"] = "augmented";
                    arm["augmentation"] = "orbit-dataset";
                    break;
                default:
                    arm["strategy"] = "augmented";
                    break;
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
