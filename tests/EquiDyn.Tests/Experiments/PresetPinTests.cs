using System.Globalization;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Experiments;

/// <summary>
/// Regression pins of the five presets: a very short run of each (tiny data and widths, float64, one libtorch thread,
/// see Support/OneTorchThread.cs) must give the numbers recorded from main at 61fb344, before the #12 redesign of the
/// spec and the architectures.
/// </summary>
/// <remarks>
/// These expected numbers are NOT an independent derivation: they are regression pins recorded from the code before
/// the refactor, and they say that the refactor kept every preset's computation (the networks, their initial points,
/// the strategies, the data actions, the losses and the data) exactly as it was. When an issue deliberately changes a
/// preset's numbers, re-record them and say so in the commit. Each run is compared at its last step (loss, gradient
/// norm, distance to E∩L) and its last test evaluation. The tolerance, 1e-12 relative, admits a different summation
/// order of a float64 kernel (a few ulps amplified over a handful of steps) and nothing else: a different network,
/// initialisation, strategy or loss moves these numbers in their leading digits. After the refactor every number was
/// bit-identical to its pin except mnist-c4's non-unitary arm, whose loss varies in the last two digits from one run
/// to the next of the same code (its least-squares weight transfer into the random basis).
/// In #10 float64 convolutions whose kernels vanish on some taps became one matrix product over the support taps
/// (MaskedConv2d; the same convolution with its sums in another order). mnist-c4's skew arm then moved by 1e-11
/// relative: compared step by step with the previous binary, its loss differed by 4e-16 after the first step and this
/// tiny skew network amplified that about tenfold per step (2e-14, 3e-13, 4e-13, 6e-12, …), while the other mnist-c4
/// arms stayed within 1e-15 of their 61fb344 pins. That arm keeps its 61fb344 pin with a looser tolerance (1e-9
/// relative, <see cref="LooserTolerance"/>): a hundredfold margin over the measured 1e-11, yet six orders of magnitude
/// below any change of the science, which moves these numbers in their leading digits.
/// In #9 the quick mnist-c4 preset's Equi recipe changed (learning rate 3e-3 → 5e-3, and the skew support's Equi phase
/// got its own epochs: a deliberate change of the preset's recipe, not of its computation); the overlay states the
/// 3e-3 and the arms the pin was recorded with, like the epochs and sizes it already fixed, so the pin still checks the
/// network, initial point, optimizer and schedule.
/// The specs are JSON overlays on the presets so that this file does not depend on the spec's C# types.
/// </remarks>
public class PresetPinTests
{
    public static TheoryData<string, string> Overlays => new()
    {
        {
            "mnist-c4", """
            { "preset": "mnist-c4", "dtype": "float64",
              "dataset": { "name": "synthetic", "imageSize": 12, "syntheticTrain": 24, "syntheticTest": 8, "trainLimit": null, "testLimit": null },
              "architecture": { "hidden": [2, 3, 3] },
              "arms": [
                { "name": "cross", "support": "cross", "basis": "unitary", "strategy": "augmented", "augmentation": "orbit-dataset" },
                { "name": "skew", "support": "skew", "basis": "unitary", "strategy": "augmented", "augmentation": "orbit-dataset" },
                { "name": "non-unitary", "support": "cross", "basis": "non-unitary", "strategy": "augmented", "augmentation": "orbit-dataset" },
                { "name": "cross-exact", "support": "cross", "basis": "unitary", "strategy": "augmented", "augmentation": "exact-orbits", "dtype": "float64" } ],
              "equivariantPhase": { "epochs": 2, "batchSize": 8, "learningRate": 0.003 },
              "augmentedPhase": { "epochs": 2, "batchSize": 8, "learningRate": 0.05 },
              "evaluationBatchSize": 4, "seeds": [3] }
            """
        },
        {
            "permutation", """
            { "preset": "permutation", "dtype": "float64",
              "dataset": { "trainLimit": 40, "testLimit": 20 },
              "architecture": { "channels": [3], "widths": [4, 3] },
              "augmentedPhase": { "epochs": 2, "augmentationPasses": 2, "batchSize": 20, "learningRate": 0.01 },
              "seeds": [1] }
            """
        },
        {
            "translation", """
            { "preset": "translation", "dtype": "float64",
              "dataset": { "name": "synthetic", "imageSize": 6, "syntheticTrain": 20, "syntheticTest": 10, "trainLimit": null, "testLimit": null },
              "architecture": { "channels": [2, 3], "widths": [4] },
              "augmentedPhase": { "epochs": 2, "augmentationPasses": 2, "batchSize": 10, "learningRate": 0.01 },
              "seeds": [2] }
            """
        },
        {
            "rotation", """
            { "preset": "rotation", "dtype": "float64",
              "dataset": { "trainLimit": 12, "testLimit": 6 },
              "architecture": { "channels": [3, 2] },
              "augmentedPhase": { "epochs": 2, "augmentationPasses": 2, "batchSize": 6, "learningRate": 0.01 },
              "seeds": [0] }
            """
        },
        {
            "groups", """
            { "preset": "groups", "dtype": "float64",
              "dataset": { "name": "synthetic", "imageSize": 6, "syntheticTrain": 16, "syntheticTest": 8, "trainLimit": null, "testLimit": null },
              "architecture": { "channels": [2, 2], "widths": [3] },
              "augmentedPhase": { "epochs": 2, "augmentationPasses": 2, "batchSize": 8, "learningRate": 0.01 },
              "seeds": [0] }
            """
        },
    };

    /// <summary>Per run directory: loss, grad_norm, distance at the last step of metrics.csv; test_loss of the last
    /// epoch (round-trip formatted).</summary>
    private static readonly Dictionary<string, string[]> Pinned = new()
    {
        ["mnist-c4/cross-exact-seed3"] = ["0.13050060097873625", "1.1685061342310545", "1.9608179218554532E-16", "0.10455368804296628"],
        ["mnist-c4/cross-seed3"] = ["0.12747222262050986", "0.5534183009088687", "0.08788538590696135", "0.1002666526997931"],
        ["mnist-c4/equivariant-cross-seed3"] = ["0.297118432665174", "1.0455022869044672", "0", "0.22819415120339487"],
        ["mnist-c4/equivariant-skew-seed3"] = ["0.14421207370323125", "0.3727583510924992", "0", "0.10913676160375235"],
        ["mnist-c4/non-unitary-seed3"] = ["0.13412607433415938", "0.6252423576068614", "0.10917467924497373", "0.10013388426308793"],
        ["mnist-c4/skew-seed3"] = ["0.12479928885170607", "0.6829053531319892", "0.40861458200675227", "0.11842155989646833"],
        ["permutation/augmented-seed1"] = ["1.881882531135847", "106.62090744171994", "0.7829552426994827", "0.8865679376426719"],
        ["permutation/equivariant-seed1"] = ["0.9400579455045696", "25.050445625305283", "0", "0.8998246389091131"],
        ["permutation/nominal-seed1"] = ["2.86813647601562", "101.47132027593061", "0.7468451022503985", "0.8811391165396645"],
        ["translation/augmented-seed2"] = ["3.5469569178234615", "9.881729122991759", "0.07294545761546516", "3.380318830222567"],
        ["translation/equivariant-seed2"] = ["3.5736437743640077", "9.21282446499847", "0", "3.3174482191431514"],
        ["translation/nominal-seed2"] = ["3.2599802142003647", "8.800824197970654", "0.11511237913395263", "3.145939660172604"],
        ["rotation/augmented-seed0"] = ["0.7741989964888025", "1.078813395449791", "0.012182646941430715", "0.7722421023925694"],
        ["rotation/equivariant-seed0"] = ["0.775255895500736", "0.6842767485590187", "0", "0.7719954723074579"],
        ["rotation/nominal-seed0"] = ["0.77355836336014", "1.0779579976184712", "0.012928600308408462", "0.7698882277823461"],
        ["groups/c4-augmented-seed0"] = ["4.646068128015572", "4.446433370796069", "0.06388567466987603", "5.033962109783296"],
        ["groups/c4-equivariant-seed0"] = ["4.617749609608636", "3.2475266235637683", "0", "5.034185080473184"],
        ["groups/c4-nominal-seed0"] = ["4.59465362885177", "4.28115624445528", "0.08968131648641434", "5.035085009287405"],
        ["groups/zn-x-augmented-seed0"] = ["5.735274315530872", "3.1246646472875694", "0.08804739524338845", "5.8414864215026645"],
        ["groups/zn-x-equivariant-seed0"] = ["5.729933428656574", "2.592079687993276", "0", "5.8432452550460185"],
        ["groups/zn-x-nominal-seed0"] = ["5.7337145496364466", "6.0227851012678135", "0.15351188721744358", "5.813563111864785"],
        ["groups/zn2-augmented-seed0"] = ["6.252369040677072", "50.77753377128008", "0.9412767521033976", "5.815871955912225"],
        ["groups/zn2-c4-augmented-seed0"] = ["2.5178599045658347", "19.08882127555703", "0.22400342088818867", "2.3725929921395177"],
        ["groups/zn2-c4-equivariant-seed0"] = ["2.324456813268399", "2.639891797513278", "0", "2.3286298605268083"],
        ["groups/zn2-c4-nominal-seed0"] = ["1.9539078522057136", "16.92302735131287", "0.28602050480449465", "1.8888517355757546"],
        ["groups/zn2-equivariant-seed0"] = ["6.2038765315333935", "1.81680357427092", "0", "5.9327547620378365"],
        ["groups/zn2-nominal-seed0"] = ["4.614247288341716", "89.79511220314278", "1.4101285277566717", "4.936767723867529"],
    };

    /// <summary>Runs whose rounding is amplified by the network (see the remarks): relative tolerance per run.</summary>
    private static readonly Dictionary<string, double> LooserTolerance = new(StringComparer.Ordinal)
    {
        ["mnist-c4/skew-seed3"] = 1e-9,
    };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void AShortRunOfEveryPresetGivesTheNumbersPinnedBeforeTheRedesign(string preset, string overlay)
    {
        using var root = new TempDirectory();
        var spec = ExperimentSpec.Parse(overlay);
        using (var data = ExperimentData.Load(spec.Dataset))
            new ExperimentRunner(spec, root.Path).Run(data, Shard.All);
        var actual = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(root.Path).Order(StringComparer.Ordinal))
        {
            var metrics = ReadCsv(Path.Combine(dir, "metrics.csv"));
            var epochs = ReadCsv(Path.Combine(dir, "epochs.csv"));
            actual[$"{preset}/{Path.GetFileName(dir)}"] = new[] { Last(metrics, "loss"), Last(metrics, "grad_norm"), Last(metrics, "distance"), Last(epochs, "test_loss") };
        }
        var expected = Pinned.Where(p => p.Key.StartsWith(preset + "/", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
        string record = string.Join("\n", actual.Select(p => $"        [\"{p.Key}\"] = [{string.Join(", ", p.Value.Select(v => $"\"{v}\""))}],"));
        Assert.True(expected.Count == actual.Count && expected.Keys.All(actual.ContainsKey),
            $"run directories differ from the pinned ones; this run gives:\n{record}");
        foreach (var (key, values) in expected)
            for (int i = 0; i < values.Length; i++)
            {
                double want = double.Parse(values[i], CultureInfo.InvariantCulture), got = double.Parse(actual[key][i], CultureInfo.InvariantCulture);
                double tolerance = LooserTolerance.GetValueOrDefault(key, 1e-12);
                Assert.True(Math.Abs(got - want) <= tolerance * Math.Max(1, Math.Abs(want)),
                    $"{key} value {i}: pinned {values[i]}, got {actual[key][i]}; this run gives:\n{record}");
            }
    }

    private static (string[] Header, string[] Last) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        Assert.True(lines.Length >= 2, $"{path} has no rows");
        return (lines[0].Split(','), lines[^1].Split(','));
    }

    private static string Last((string[] Header, string[] Last) csv, string column) => csv.Last[Array.IndexOf(csv.Header, column)];
}
