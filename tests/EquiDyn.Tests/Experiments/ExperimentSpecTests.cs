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
    [InlineData("""{ "preset": "mnist-c4", "group": "c5" }""", "group: 'c5' is a group (C_N, rotations by 360°/N")]
    [InlineData("""{ "preset": "mnist-c4", "group": "rotations" }""", "group: 'rotations' is not a group name; use one of trivial, cN, dN, zn-x (alias trans1d)")]
    [InlineData("""{ "preset": "mnist-c4", "group": "zn2" }""", "group: 'zn2' does not act on the C4 CNN: use c4")]
    [InlineData("""{ "preset": "mnist-c4", "augmentedPhase": { "learningRate": -0.1 } }""", "augmentedPhase.learningRate: -0.1: the learning rate must be a finite number > 0")]
    [InlineData("""{ "preset": "mnist-c4", "arms": [ { "name": "a", "support": "0101,111,010" } ] }""", "arms[0].support: '0101,111,010' is not a 3×3 support")]
    [InlineData("""{ "preset": "mnist-c4", "dataset": { "imageSize": 30 } }""", "dataset.imageSize: 30 does not fit the CNN")]
    [InlineData("""{ "preset": "mnist-c4", "architecture": { "hidden": [32, 64] } }""", "architecture.hidden: [32, 64] does not fit")]
    [InlineData("""{ "preset": "mnist-c4", "augmentedPhase": { "batchSize": 10 } }""", "augmentedPhase.batchSize: 10 images cannot hold whole orbits")]
    [InlineData("""{ "preset": "mnist-c4", "augmentedPhase": { "learningrate": 1 } }""", "augmentedPhase.learningrate")]
    [InlineData("""{ "preset": "mnist-c4", "seeds": "zero" }""", "seeds:")]
    [InlineData("""{ "preset": "mnist-c4", """, "(document): not valid JSON")]
    public void InvalidSpecsFailWithOneLineNamingTheField(string json, string expected)
    {
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpec.Parse(json));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("c4")]
    [InlineData("C4")]
    public void GroupNamesComeFromTheSharedRegistry(string group)
    {
        // The spec and `equidyn geometry` share one vocabulary (GroupRegistry): any spelling of C4 is the CNN's group.
        var spec = ExperimentSpec.Parse($$"""{ "preset": "mnist-c4", "group": "{{group}}" }""");
        Assert.Equal("c4", ExperimentSpecValidator.CanonicalGroup(spec.Group));
        Assert.Equal(4, ExperimentSpecValidator.GroupOrder(spec.Group));
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
}
