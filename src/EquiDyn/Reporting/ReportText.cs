using System.Globalization;
using EquiDyn.Architectures.LayerList;
using EquiDyn.Checks;
using EquiDyn.Experiments;

namespace EquiDyn.Reporting;

/// <summary>The report's sentences: each experiment's network, data, group and arms described in words from its
/// spec, the one-sentence answer per arm, and outcomes in words instead of code names.</summary>
internal static class ReportText
{
    /// <summary>"; skew support: 100 epochs" for arms whose Equi phase has its own epochs (empty when none has).</summary>
    public static string EquivariantEpochOverrides(ExperimentSpec spec) =>
        string.Concat(spec.Arms.Where(a => a.EquivariantEpochs is not null).DistinctBy(a => a.Support)
            .Select(a => $"; {a.Support ?? "its"} support: {a.EquivariantEpochs!.Value.ToString(CultureInfo.InvariantCulture)} epochs"));

    /// <summary>A group's name in words (the spec's <c>group</c> values).</summary>
    public static string GroupInWords(string? group, int? nodes = null) => group switch
    {
        "c4" => "C4, the rotations of the plane by multiples of 90°",
        "sn" => $"S{nodes?.ToString(CultureInfo.InvariantCulture) ?? "n"}, the permutations of the graph's nodes",
        "zn-x" => "Z14, the cyclic translations along x",
        "zn2" => "Z14², the cyclic translations in x and y",
        "zn2-c4" => "Z14²⋊C4, the cyclic translations and 90° rotations",
        null => "the spec's group",
        _ => group,
    };

    /// <summary>How an arm trains, in words.</summary>
    public static string StrategyInWords(string? augmentation) => (augmentation ?? "").ToLowerInvariant() switch
    {
        "nominal" => "nominal training (no augmentation)",
        "sampled" => "augmented training (a random group element applied to the data at every step)",
        "equivariant" => "equivariant training (the layers are kept in E)",
        "orbit-dataset" => "training on the data set of all rotated copies (augmentation by the whole orbit data set)",
        "exact-orbits" => "exact augmentation (every minibatch holds whole orbits)",
        _ => "training as the spec says",
    };

    /// <summary>An arm in words: its strategy, and for the CNN arms its kernel support and basis.</summary>
    public static string ArmInWords(ArmInfo arm, string kind, string? group)
    {
        var parts = new List<string>();
        if (kind == "transfer")
        {
            string support = arm.Support switch
            {
                "cross" => "cross-shaped 3×3 kernels (compatible with the rotations)",
                "skew" => "skew 3×3 kernels (incompatible: a rotation orbit straddles the support)",
                "full" => "full 3×3 kernels",
                null => "the spec's kernels",
                _ => $"3×3 kernels on the support {arm.Support}",
            };
            parts.Add(support);
            parts.Add(arm.Basis == "non-unitary" ? "a non-unitary basis of L" : "a unitary basis of L");
        }
        if (group is not null) parts.Add($"group {GroupInWords(group)}");
        parts.Add(StrategyInWords(arm.Augmentation));
        if (arm.Dtype is { } d) parts.Add(d);
        return string.Join(", ", parts);
    }

    /// <summary>The network, the data and the comparison of an experiment, in a few sentences.</summary>
    public static string ExperimentInWords(RunCollection runs)
    {
        var spec = runs.Spec;
        string? data = spec is null ? null : SpecNames.Of(spec.Dataset.Name);
        int? side = runs.ImageSize;
        int? limit = spec?.Dataset.TrainLimit;
        string dataText = data switch
        {
            "mnist" => $"MNIST handwritten digits ({side}×{side} pixels{(limit is { } n ? $", the first {n} training images" : "")}, 10 classes)",
            "fashion-mnist" => $"Fashion-MNIST images ({side}×{side} pixels{(limit is { } n ? $", the first {n} training images" : "")}, 10 classes)",
            "sbm" => $"graphs from a stochastic block model ({side} nodes each{(limit is { } n ? $", {n} training graphs" : "")}), given as adjacency matrices; the label says whether the graph is connected",
            "simpleshapes" => $"SimpleShapes ({side}×{side} images of a triangle or a pentagon, segmented pixel by pixel into two masks)",
            "synthetic" => $"synthetic seeded images ({side}×{side})",
            "files" => $"the user's files {Path.GetFileName(spec?.Dataset.Train?.Inputs ?? "?")} (training) and " +
                       $"{Path.GetFileName(spec?.Dataset.Test?.Inputs ?? "?")} (test){(limit is { } n ? $", the first {n} training samples" : "")}",
            null => "the data named in the spec",
            _ => data,
        };
        string hidden = string.Join("/", runs.Hidden);
        string network = runs.Architecture switch
        {
            "rotation-convnet" => $"a convolutional network (three 3×3 convolution layers with {hidden} channels, two 2×2 poolings, a linear classifier) whose kernels live on each arm's support",
            "layers" => LayerListInWords(spec),
            "paper-mlp" => $"the paper's multilayer perceptron of §4.1–4.4 (hidden widths {hidden}) whose layers commute with the group's action when equivariant",
            null => "the spec's network",
            var a => $"the network '{a}' (hidden {hidden})",
        };
        string classes = runs.Classes is { } c ? $", {c} output{(c == 1 ? "" : "s")}" : "";
        string group = spec?.GroupDefinition is { } defined ? DefinedGroupInWords(defined) : GroupInWords(runs.Group, data == "sbm" ? side : null);
        return runs.Kind == "transfer"
            ? $"Data: {dataText}. Network: {network}{classes}. Symmetry: {group}. Each seed first trains the equivariant network " +
              "(Equi phase), then copies its weights exactly into every arm's non-equivariant network, which trains on and is " +
              "measured: how far do the weights move off E∩L, the equivariant networks the arm can represent (docs/experiments/mnist-c4.md)?"
            : $"Data: {dataText}. Network: {network}{classes}. Symmetry: {group}. Every arm starts from the same point of E∩L " +
              "(per seed) and trains with its own strategy; the question is how far each strategy moves the weights off E, the " +
              "equivariant layers (docs/experiments/).";
    }

    /// <summary>A layer-list network in words: its input and its stages, e.g. "on 1 channel of pixels: conv1 (5×5, 8
    /// channels, support …) → avgpool 2 → tanh → … → head (dense to invariant, 10 channels)".</summary>
    public static string LayerListInWords(ExperimentSpec? spec)
    {
        var a = spec?.Architecture;
        if (a?.Layers is not { } layers) return "a layer list";
        int convs = 0, denses = 0;
        var stages = layers.Select(l =>
        {
            string Named(string fallback) => l.Name ?? fallback;
            return l.Type switch
            {
                "conv" => $"{Named($"conv{++convs}")} ({T(l.Kernel)}×{T(l.Kernel)} convolution, {T(l.Channels)} channels, " +
                          $"{(l.Basis is { } b ? $"L spanned by {b.Count} given vectors" : $"support {l.Support ?? "full"}")})",
                "dense" => $"{Named($"dense{++denses}")} (dense to {l.Sites}, {T(l.Channels)} channels)",
                "avgpool" => $"avgpool {T(l.Size)}",
                "layernorm" => $"layernorm over {l.Over}",
                "" => "?",
                var type => type,
            };
        });
        string labels = a.Labels is { } classes ? $"; the group permutes the classes as the site set {classes} (an equivariant head)" : "";
        return $"a layer list on {T(a.Input?.Channels)} input channel(s) of site set {Known(a.Input?.Sites)}: {string.Join(" → ", stages)}{labels}";
    }

    /// <summary>A group defined by generators in the spec, in words: its name, generators and site sets.</summary>
    public static string DefinedGroupInWords(GroupDefinitionSpec definition)
    {
        var names = definition.GeneratorNames;
        var sets = definition.Actions.Select(kv => $"{kv.Key} ({(kv.Value.Shape.Count > 0 ? string.Join("×", kv.Value.Shape.Select(d => T(d))) : "?")})");
        return $"{Known(definition.Name)}, defined in the spec by {definition.Generators.Count} generator(s){(names is null ? "" : $" ({string.Join(", ", names)})")} " +
               $"permuting the site sets {string.Join(", ", sets)}";
    }

    /// <summary>Whether an arm's final relative distance ‖A − Π A‖/‖A‖ is at rounding level for its number type:
    /// at most 1e-6 for float32 (unit roundoff 6e-8, grown over the steps and layers) and 1e-12 for float64 (unit
    /// roundoff 1.1e-16).</summary>
    public static bool AtRoundingLevel(double relativeDistance, string? dtype) =>
        relativeDistance <= (dtype == "float64" ? 1e-12 : 1e-6);

    /// <summary>The one-sentence answer for an arm: stayed in E∩L or drifted, by how much, over how many seeds.</summary>
    public static string Answer(ArmResult r, ArmInfo arm, string kind, string? dtype)
    {
        string seeds = r.Seeds.Count == 1 ? "1 seed" : $"{r.Seeds.Count} seeds";
        string spread = r.FinalDistance.Count > 1 ? $", range {Sci(r.FinalDistance.Min)}–{Sci(r.FinalDistance.Max)}" : "";
        string how = $"final distance ‖A − Π<sub>E∩L</sub>A‖ = {Sci(r.FinalDistance.Median)} ({(r.Seeds.Count > 1 ? "median over " : "")}{seeds}{spread})";
        string relative = double.IsFinite(r.FinalRelativeDistance.Median)
            ? $", {Percent(r.FinalRelativeDistance.Median)} of the weights' norm" : "";
        string verdict = AtRoundingLevel(r.FinalRelativeDistance.Median, arm.Dtype ?? dtype)
            ? (arm.Role == ArmRole.Equivariant ? "stayed in E∩L, as equivariant training must, up to rounding" : "stayed in E∩L up to rounding")
            : "drifted off E∩L";
        return $"{verdict}: {how}{relative}";
    }

    /// <summary>The outcome of an invariance check in words.</summary>
    public static string OutcomeInWords(InvarianceOutcome outcome) => outcome switch
    {
        InvarianceOutcome.Stayed => "stays in E∩L",
        InvarianceOutcome.LeftAtOnce => "leaves E∩L at once",
        InvarianceOutcome.RoundingAmplified => "starts at rounding level, then an unstable direction amplifies the rounding error",
        _ => "inconclusive",
    };

    private static string Sci(double x) => double.IsNaN(x) ? "–" : x == 0 ? "0" : x.ToString("0.00E+00", CultureInfo.InvariantCulture);

    private static string Percent(double x) =>
        x >= 1e-3 ? (100 * x).ToString("0.##", CultureInfo.InvariantCulture) + " %" : $"{Sci(100 * x)} %";

    /// <summary>A number of the spec as text, "?" when absent.</summary>
    private static string T(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    /// <summary>A name of the spec, "?" when absent (the typed spec reads a missing name as empty).</summary>
    private static string Known(string? name) => string.IsNullOrEmpty(name) ? "?" : name;
}
