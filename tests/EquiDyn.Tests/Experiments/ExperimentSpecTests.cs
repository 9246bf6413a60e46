using EquiDyn.Tests.Support;
using System.CommandLine;
using EquiDyn.Cli.Commands;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Experiments;

public class ExperimentSpecTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("full")]
    public void EveryPresetRoundTripsThroughJson(string scale)
    {
        foreach (var name in ExperimentPresets.Names)
        {
            var spec = ExperimentPresets.Get(name, scale);
            var json = spec.ToJson();
            var back = ExperimentSpec.Parse(json);
            Assert.Equal(json, back.ToJson());
            Assert.Contains("\"learningRate\"", json); // camelCase
        }
    }

    [Fact]
    public void APartialSpecIsLaidOverItsPreset()
    {
        var spec = ExperimentSpec.Parse("""{ "preset": "mnist-c4", "scale": "full", "augmentedPhase": { "epochs": 3 }, "seeds": [4, 5] }""");
        Assert.Equal(3, spec.AugmentedPhase.Epochs);
        Assert.Equal(2.5e-4, spec.AugmentedPhase.LearningRate); // kept from the preset
        Assert.Equal(250, spec.EquivariantPhase!.Epochs);
        Assert.Equal(new long[] { 4, 5 }, spec.Seeds);
        Assert.Equal(4, spec.Arms.Count);
    }

    [Theory]
    [InlineData("""{ "preset": "mnist-c5" }""", "preset: unknown preset 'mnist-c5'")]
    [InlineData("""{ "preset": "mnist-c4", "group": "c5" }""", "group: 'c5' does not act on the C4 CNN: use c4")]
    [InlineData("""{ "preset": "translation", "group": "d4" }""", "group: 'd4' does not act on mnist: use c4, zn2, zn-x, zn2-c4")]
    [InlineData("""{ "preset": "mnist-c4", "group": "rotations" }""", "group: 'rotations' is not a group name; use one of trivial, cN, dN, zn-x (alias trans1d)")]
    [InlineData("""{ "preset": "mnist-c4", "group": "zn2" }""", "group: 'zn2' does not act on the C4 CNN: use c4")]
    [InlineData("""{ "preset": "mnist-c4", "augmentedPhase": { "learningRate": -0.1 } }""", "augmentedPhase.learningRate: -0.1: the learning rate must be a finite number > 0")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "support": "0101,111,010" } ] }""", "arms[0].support: '0101,111,010' is not a 3×3 support")]
    [InlineData("""{ "preset": "mnist-c4", "dataset": { "imageSize": 30 } }""", "dataset.imageSize: 30 does not fit the CNN")]
    [InlineData("""{ "preset": "mnist-c4", "architecture": { "hidden": [32, 64] } }""", "architecture.hidden: [32, 64] does not fit")]
    [InlineData("""{ "preset": "mnist-c4", "augmentedPhase": { "batchSize": 10 } }""", "augmentedPhase.batchSize: 10 images cannot hold whole orbits")]
    [InlineData("""{ "preset": "mnist-c4", "augmentedPhase": { "learningrate": 1 } }""", "augmentedPhase.learningrate")]
    [InlineData("""{ "preset": "mnist-c4", "seeds": "zero" }""", "seeds:")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "support": "cross", "augmentation": "orbit-dataset", "equivariantEpochs": 40 }, { "name": "b", "support": "cross", "augmentation": "exact-orbits" } ] }""",
        "arms[0].equivariantEpochs: 40, but arm 'b' has the same support (cross) and trains its Equi model for 60 epochs")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "support": "skew", "augmentation": "orbit-dataset", "equivariantEpochs": -1 } ] }""",
        "arms[0].equivariantEpochs: -1: use 0 to")]
    [InlineData("""{ "preset": "translation", "arms": [ { "name": "a", "strategy": "nominal", "equivariantEpochs": 5 } ] }""",
        "arms[0].equivariantEpochs: belongs to kind 'transfer'")]
    [InlineData("""{ "preset": "mnist-c4", "equivariantPhase": { "evaluateEvery": 0 } }""",
        "equivariantPhase.evaluateEvery: 0: use 1 (evaluate the test set after every epoch) to")]
    [InlineData("""{ "preset": "mnist-c4", """, "(document): not valid JSON")]
    public void InvalidSpecsFailWithOneLineNamingTheField(string json, string expected)
    {
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpec.Parse(json));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "support": "cross" }, { "name": "b", "support": "cross" }, { "name": "c", "support": "cross", "basis": "unitray", "strategy": "augmented", "augmentation": "orbit-dataset" } ] }""",
        "arms[2].basis: 'unitray' is not one of unitary, non-unitary, unitary-rotated; did you mean 'unitary'?")]
    [InlineData("""{ "preset": "mnist-c4", "kind": "transfr" }""", "kind: 'transfr' is not one of transfer, strategies, optimizers, ensemble; did you mean 'transfer'?")]
    [InlineData("""{ "preset": "mnist-c4", "loss": "hinge" }""", "loss: 'hinge' is not one of mse-one-hot, cross-entropy, bce")]
    [InlineData("""{ "preset": "mnist-c4", "dtype": "float16" }""", "dtype: 'float16' is not one of float32, float64; did you mean 'float32'?")]
    [InlineData("""{ "preset": "mnist-c4", "dtype": 64 }""", "dtype: expected a name, one of float32, float64")]
    [InlineData("""{ "preset": "mnist-c4", "dataset": { "name": "fashion" } }""", "dataset.name: 'fashion' is not one of mnist, fashion-mnist, sbm, simpleshapes, synthetic")]
    [InlineData("""{ "preset": "mnist-c4", "augmentedPhase": { "protocol": "fullbatch" } }""", "augmentedPhase.protocol: 'fullbatch' is not one of full-batch, minibatch; did you mean 'full-batch'?")]
    [InlineData("""{ "preset": "mnist-c4", "architecture": { "name": "rotation-cnn" } }""", "architecture.name: 'rotation-cnn' is not one of rotation-convnet, paper-mlp")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "support": "cross", "strategy": "augmented" } ] }""", "arms[0].augmentation: missing: an augmented arm says how it augments, one of orbit-dataset, exact-orbits, sampled")]
    [InlineData("""{ "preset": "translation", "arms": [ { "name": "a", "strategy": "nominal", "augmentation": "sampled" } ] }""", "arms[0].augmentation: 'sampled' applies to augmented arms only")]
    [InlineData("""{ "preset": "translation", "arms": [ { "name": "a", "support": "cross", "strategy": "nominal" } ] }""", "arms[0].support: paper-mlp has dense layers, no kernels")]
    [InlineData("""{ "preset": "translation", "arms": [ { "name": "a", "strategy": "nominal", "basis": "non-unitary" } ] }""", "arms[0].basis: paper-mlp parametrizes L by the unitary indicator basis only")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "strategy": "nominal" } ] }""", "arms[0].support: missing: the CNN's 3×3 kernels need a support")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "support": "cross", "strategy": "equivariant" } ] }""", "arms[0].strategy: a transfer run's measured phase trains the non-equivariant model")]
    [InlineData("""{ "preset": "translation", "loss": "bce" }""", "loss: 'bce' does not fit: the image classifiers output raw class scores")]
    [InlineData("""{ "preset": "permutation", "loss": "cross-entropy" }""", "loss: 'cross-entropy' does not fit: the sbm model outputs probabilities")]
    [InlineData("""{ "preset": "permutation", "dataset": { "nodes": 7 } }""", "dataset.nodes: 7: the two-block SBM needs an even number of nodes")]
    [InlineData("""{ "preset": "translation", "dataset": { "nodes": 14 } }""", "dataset.nodes: 'mnist' holds images, not graphs: use imageSize instead")]
    public void UnknownOrMisplacedValuesFailNamingTheFieldPathAndTheAcceptedValues(string json, string expected)
    {
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpec.Parse(json));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("permutation")]
    [InlineData("groups")]
    [InlineData("mnist-c4")]
    public void SpecFilesWrittenBeforeTheTypedSpecAreReadAsTheSameSpec(string preset)
    {
        // The old spelling: "augmentation" holding the strategy ("nominal", "equivariant"; absent meant orbit-dataset),
        // a kernel support on every MLP arm, and an sbm data set's node count in "imageSize".
        var spec = ExperimentPresets.Get(preset, "quick");
        var old = System.Text.Json.Nodes.JsonNode.Parse(spec.ToJson())!.AsObject();
        if (old["dataset"]!["nodes"] is { } nodes)
        {
            old["dataset"]!.AsObject().Remove("nodes");
            old["dataset"]!["imageSize"] = nodes.DeepClone();
        }
        foreach (var arm in old["arms"]!.AsArray().Select(a => a!.AsObject()))
        {
            var strategy = arm["strategy"]!.GetValue<string>();
            arm.Remove("strategy");
            if (strategy != "augmented") arm["augmentation"] = strategy;
            else if (arm["augmentation"]!.GetValue<string>() == "orbit-dataset") arm.Remove("augmentation");
            arm["support"] ??= "cross";
        }
        Assert.Equal(spec.ToJson(), ExperimentSpec.Parse(old.ToJsonString()).ToJson());
    }

    [Fact]
    public void EnumsAreWrittenInKebabCaseAndTheSpellingsAreTheTrainingEnums()
    {
        Assert.Equal("non-unitary", SpecNames.Of(EquiDyn.Nn.KernelBasisKind.NonUnitary));
        Assert.Equal("bce", SpecNames.Of(EquiDyn.Training.LossKind.BinaryCrossEntropy));
        Assert.Equal("adamw", SpecNames.Of(EquiDyn.Training.OptimizerKind.AdamW));
        Assert.Equal("float64", SpecNames.Of(Precision.Float64));
        Assert.Equal("fashion-mnist", SpecNames.Of(DatasetName.FashionMnist));
        Assert.Equal(new[] { "per-batch", "per-sample" }, SpecNames.Of<EquiDyn.Training.SamplingScope>());
        Assert.Equal(1, SpecNames.EditDistance("unitray", "unitary")); // a transposition is one edit
    }

    [Theory]
    [InlineData("c4")]
    [InlineData("C4")]
    public void GroupNamesComeFromTheSharedRegistry(string group)
    {
        // The spec and `equidyn geometry` share one vocabulary (GroupRegistry): any spelling of C4 is the CNN's group.
        var spec = ExperimentSpec.Parse($$"""{ "preset": "mnist-c4", "group": "{{group}}" }""");
        Assert.Equal("c4", ExperimentSpecValidator.CanonicalGroup(spec.Group));
    }

    [Fact]
    public void TheRunCommandReportsABadSpecAsOneLineWithExitCode2()
    {
        using var dir = new TempDirectory();
        var file = dir.File("bad.json");
        File.WriteAllText(file, """{ "preset": "mnist-c4", "arms": [ { "name": "x", "support": "11,11" } ] }""");
        var (exit, _, err) = CliRunner.Run("run", file);
        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"equidyn run: {file}: arms[0].support: '11,11' is not a 3×3 support", line);
        Assert.DoesNotContain(" at ", line);
    }

    [Fact]
    public void PresetCommandsListAndShow()
    {
        var (exit, output, _) = CliRunner.Run("preset", "list");
        Assert.Equal(0, exit);
        Assert.Contains("mnist-c4", output);
        (exit, output, _) = CliRunner.Run("preset", "show", "mnist-c4", "--full");
        Assert.Equal(0, exit);
        Assert.Equal(250, ExperimentSpec.Parse(output).EquivariantPhase!.Epochs);
        var (code, _, err) = CliRunner.Run("preset", "show", "nope");
        Assert.Equal(2, code);
        Assert.Contains("equidyn preset show: unknown preset 'nope'", err);
        Assert.Contains("known: mnist-c4", err);
        (code, _, err) = CliRunner.Run("run", "--preset", "nope");
        Assert.Equal(2, code);
        Assert.Contains("unknown preset 'nope'", err);
    }

    [Fact]
    public void AnArmsEquiEpochsApplyToItsSupportsEquiPhaseOnly()
    {
        var spec = ExperimentPresets.Get("mnist-c4", "quick");
        var cross = spec.Arms.Single(a => a.Name == "cross");
        var skew = spec.Arms.Single(a => a.Name == "skew");
        Assert.Equal(60, spec.EquivariantPhaseOf(cross).Epochs);
        Assert.Equal(90, spec.EquivariantPhaseOf(skew).Epochs);
        Assert.Equal(spec.EquivariantPhase! with { Epochs = 90 }, spec.EquivariantPhaseOf(skew)); // nothing else changes
        // The field survives spec.json and the full preset keeps the paper's single Equi phase.
        Assert.Equal(90, ExperimentSpec.Parse(spec.ToJson()).Arms.Single(a => a.Name == "skew").EquivariantEpochs);
        Assert.All(ExperimentPresets.Get("mnist-c4", "full").Arms, a => Assert.Null(a.EquivariantEpochs));
    }
}
