using System.Text.Json.Nodes;
using EquiDyn.Experiments;
using EquiDyn.Reporting;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Reporting;

/// <summary>How a report reads a sweep's spec.json: typed, through <see cref="ExperimentSpec"/>, as <c>equidyn run</c> reads it.</summary>
public class RunCollectionSpecTests
{
    [Fact]
    public void AnOldSpecIsReadThroughTheMigrationOfItsSpellings()
    {
        // The synthetic strategies sweep writes a pre-#12 spec: "imageSize" for the node count of sbm graphs and the
        // strategy in "augmentation" ("nominal", "equivariant").
        using var temp = new TempDirectory();
        SyntheticSweep.Strategies(temp.Path, seeds: 1, epochs: 2);
        var runs = RunCollection.Load(temp.Path);

        Assert.NotNull(runs.Spec);
        Assert.Equal((null, 10), (runs.Spec!.Dataset.ImageSize, runs.Spec.Dataset.Nodes));
        Assert.Equal(10, runs.ImageSize);
        Assert.Equal(new[] { ArmRole.Equivariant, ArmRole.Augmented, ArmRole.Nominal }, runs.Arms.Select(a => a.Role));
        Assert.Equal(new[] { "equivariant", "sampled", "nominal" }, runs.Arms.Select(a => a.Augmentation));
        Assert.All(runs.Arms, a => Assert.Equal("float64", a.Dtype));
    }

    [Fact]
    public void ASpecWithNodesDescribesTheGraphsByTheirNodeCount()
    {
        // What the runner writes since #12: "nodes", not "imageSize".
        using var temp = new TempDirectory();
        SyntheticSweep.Strategies(temp.Path, seeds: 1, epochs: 2);
        foreach (var file in Directory.GetFiles(temp.Path, "spec.json", SearchOption.AllDirectories))
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            node["dataset"] = new JsonObject { ["name"] = "sbm", ["nodes"] = 7 };
            File.WriteAllText(file, node.ToJsonString());
        }
        var (path, _) = HtmlReport.Write(temp.Path, new ReportOptions { RunChecks = false });
        Assert.Contains("sbm, graphs of 7 nodes", File.ReadAllText(path));
    }

    [Fact]
    public void ACorruptSweepSpecFallsBackToARunsSpecAndACorruptRunSpecSkipsThatRunByName()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Transfer(temp.Path, seeds: 2);
        File.WriteAllText(Path.Combine(temp.Path, "spec.json"), """{ "preset": "mnist-c4", """);
        string broken = Path.Combine(temp.Path, "skew-seed1", "spec.json");
        File.WriteAllText(broken, """{ "kind": "transfer", "notAField": 1 }""");

        var runs = RunCollection.Load(temp.Path);

        Assert.Equal("mnist-c4", runs.Preset);
        Assert.EndsWith("-seed0" + Path.DirectorySeparatorChar + "spec.json", runs.SpecPath);
        Assert.DoesNotContain(runs.Runs, r => r.Arm == "skew" && r.Seed == 1);
        Assert.Equal(4 * 2 - 1, runs.Runs.Count);
        Assert.Contains(runs.Warnings, w => w.Contains(broken) && w.Contains("notAField") && w.Contains("skipped"));
    }
}
