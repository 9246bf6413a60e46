namespace EquiDyn.Cli.Help;

/// <summary>The examples shown at the end of every command's help (1–3 each), keyed by the command's words after
/// <c>equidyn</c>. A test parses every example against the real command tree, so an example cannot go stale.</summary>
public static class CommandExamples
{
    /// <summary>One example: the command line (starting with <c>equidyn</c>) and what it does.</summary>
    public sealed record Example(string CommandLine, string Says);

    /// <summary>Examples per command path ("" is the root).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Example>> All { get; } = new Dictionary<string, IReadOnlyList<Example>>
    {
        [""] =
        [
            new("equidyn run --preset mnist-c4 --quick", "the paper's main experiment on real MNIST, quick scale"),
            new("equidyn geometry --group c4 --layer conv3x3 --support skew", "E, L and E∩L of one layer"),
            new("equidyn help run", "the options and examples of one command"),
        ],
        ["help"] =
        [
            new("equidyn help", "list the commands"),
            new("equidyn help data info", "the help of a subcommand"),
        ],
        ["version"] = [new("equidyn version", "EquiDyn's and libtorch's versions (also proves the native engine loads)")],
        ["geometry"] =
        [
            new("equidyn geometry --group c4 --layer conv3x3 --support skew", "a skew 3×3 kernel under rotations: incompatible"),
            new("equidyn geometry --spec examples/d4-fashion-mnist.json", "every layer of your own model (docs/your-own-model.md)"),
            new("equidyn geometry --preset mnist-c4", "every layer of a preset's model, per arm (the paper's CNN here; any architecture)"),
        ],
        ["data"] =
        [
            new("equidyn data fetch mnist", "download the MNIST digits once into ./data-cache"),
            new("equidyn data info sbm", "counts and balance of the generated graph set"),
        ],
        ["data fetch"] =
        [
            new("equidyn data fetch mnist", "download the MNIST digits once into ./data-cache"),
            new("equidyn data fetch mnist --idx /data/mnist", "check a folder of the four IDX files instead"),
        ],
        ["data info"] =
        [
            new("equidyn data info mnist", "counts, shapes, class balance and pixel statistics"),
            new("equidyn data info simpleshapes --seed 1", "the generated segmentation set of seed 1"),
        ],
        ["stability"] =
        [
            new("equidyn stability --example counterexample", "the built-in problem where Equi is stable and Aug is not"),
            new("equidyn stability runs/mnist-c4-20260101-120000/cross-seed0 --out stab", "analyse a trained checkpoint, write plots to stab/"),
        ],
        ["run"] =
        [
            new("equidyn run --preset mnist-c4 --quick", "the main experiment, quick scale, into runs/mnist-c4-<time>/"),
            new("equidyn run --resume runs/mnist-c4-20260101-120000", "continue an interrupted sweep where it stopped"),
            new("equidyn run --spec examples/ring-d6.json --set augmentedPhase.epochs=3", "your own data, group and layer list (docs/your-own-model.md), one field changed"),
        ],
        ["preset"] =
        [
            new("equidyn preset list", "the presets, one line each"),
            new("equidyn preset show permutation --full", "a preset as a JSON spec (redirect it to a file to edit it)"),
        ],
        ["preset list"] = [new("equidyn preset list", "the presets, one line each")],
        ["preset show"] =
        [
            new("equidyn preset show mnist-c4", "the quick mnist-c4 spec as JSON"),
            new("equidyn preset show groups --full", "the paper's full settings"),
        ],
        ["merge"] =
        [
            new("equidyn merge runs/full-0 runs/full-1 --out runs/full-summary.json", "combine two shards; also writes the tidy runs/full-summary-metrics.csv"),
            new("equidyn merge runs/mnist-c4-20260101-120000 --metrics metrics.csv", "one sweep's per-step metrics as one long table"),
        ],
        ["check"] =
        [
            new("equidyn check all", "every theorem check, with a verdict"),
            new("equidyn check invariance --steps 500 --lr 0.005", "a longer, slower invariance run"),
            new("equidyn check all --spec examples/ring-d6.json", "the checks on your own model, data and group"),
        ],
        ["plot"] = [new("equidyn plot runs/mnist-c4-20260101-120000", "draw the figures into runs/mnist-c4-20260101-120000/figures/")],
        ["report"] =
        [
            new("equidyn report runs/mnist-c4-20260101-120000", "write report.html with figures, geometry and theorem checks"),
            new("equidyn report runs/mnist-c4-20260101-120000 --no-checks", "the same without the checks (seconds instead of ~30 s)"),
        ],
    };
}
