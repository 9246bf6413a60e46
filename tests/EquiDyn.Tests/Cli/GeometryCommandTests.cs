using EquiDyn.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using EquiDyn.Cli.Commands;

namespace EquiDyn.Tests.Cli;

/// <summary><c>equidyn geometry</c> end to end, through System.CommandLine with captured output.</summary>
public class GeometryCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(["geometry", .. args]);

    private static JsonElement RunJson(params string[] args)
    {
        var (exitCode, output, error) = Run([.. args, "--json"]);
        Assert.True(exitCode == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void SkewSupportIsIncompatibleAndNamesTheCornerOrbit()
    {
        var (exitCode, output, error) = Run("--group", "c4", "--layer", "conv3x3", "--support", "skew");
        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Contains("incompatible", output);
        Assert.Contains("E∩L      1  equivariant and admissible", output);
        Assert.Contains("(0,0)* (0,2) (2,0) (2,2)", output);

        var json = RunJson("--group", "c4", "--layer", "conv3x3", "--support", "skew");
        Assert.Equal(1, json.GetProperty("dimensions").GetProperty("EcapL").GetInt32());
        Assert.False(json.GetProperty("compatible").GetBoolean());
        var orbit = Assert.Single(json.GetProperty("straddlingOrbits").EnumerateArray());
        Assert.Equal(new[] { "(0,0)", "(0,2)", "(2,0)", "(2,2)" }, orbit.GetProperty("entries").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Math.Sqrt(3) / 4, json.GetProperty("commutatorNorm").GetDouble(), 1e-12);
    }

    [Theory]
    [InlineData("cross", true, 2)]
    [InlineData("full", true, 3)]
    [InlineData("101,010,101", true, 2)]
    public void OtherSupports(string support, bool compatible, int intersection)
    {
        var json = RunJson("--group", "c4", "--layer", "conv3x3", "--support", support);
        Assert.Equal(compatible, json.GetProperty("compatible").GetBoolean());
        Assert.Equal(intersection, json.GetProperty("dimensions").GetProperty("EcapL").GetInt32());
        Assert.Equal(3, json.GetProperty("dimensions").GetProperty("E").GetInt32());
    }

    [Theory]
    [InlineData("adjacency", 15)]
    [InlineData("adjacency-invariant", 2)]
    public void GraphLayersOfS10(string layer, int expected)
    {
        var json = RunJson("--group", "sn", "--nodes", "10", "--layer", layer);
        Assert.Equal(expected, json.GetProperty("dimensions").GetProperty("E").GetInt32());
        Assert.Equal("3628800", json.GetProperty("order").GetString());
    }

    [Theory]
    [InlineData("c4", 4, 64)]       // (n⁴ + 0)/4 for even n
    [InlineData("d4", 4, 36)]       // (n⁴ + 2n²)/8 for even n
    [InlineData("trans2d", 4, 16)]  // n²
    [InlineData("trans1d", 4, 64)]  // n³
    [InlineData("rototrans", 4, 6)] // (n² + 8)/4 for even n
    [InlineData("trivial", 2, 16)]  // n⁴
    [InlineData("c2", 4, 128)]      // n⁴/2: the 180° turn fixes no pixel of an even grid
    [InlineData("d2", 4, 64)]       // n⁴/4: no non-identity element fixes a pixel of an even grid
    public void DenseGridLayers(string group, int size, int expected)
    {
        var json = RunJson("--group", group, "--layer", "dense", "--size", size.ToString());
        Assert.Equal(expected, json.GetProperty("dimensions").GetProperty("E").GetInt32());
        Assert.True(json.GetProperty("compatible").GetBoolean());
    }

    [Theory]
    [InlineData("c6", 6, "adjacency-invariant", 6)]   // C_n on an n-node ring's n² entries: only e fixes one, n²/n orbits
    [InlineData("d5", 5, "adjacency-invariant", 3)]   // D_n, n odd: a reflection fixes 1 node: (n² + n)/2n = (n + 1)/2
    [InlineData("d6", 6, "adjacency-invariant", 4)]   // D_n, n even: n/2 reflections fix 2 nodes: (n² + 4·n/2)/2n = (n + 2)/2
    [InlineData("c6", 6, "adjacency", 216)]           // entries ((i,j),(k,l)): free action, n⁴/n
    [InlineData("d5", 5, "adjacency", 63)]            // (n⁴ + n·1⁴)/2n for odd n
    [InlineData("d6", 6, "adjacency", 112)]           // (n⁴ + (n/2)·2⁴)/2n for even n
    public void RingGroupsActOnAdjacency(string group, int nodes, string layer, int expected)
    {
        var json = RunJson("--group", group, "--nodes", nodes.ToString(), "--layer", layer);
        Assert.Equal(group.ToUpperInvariant(), json.GetProperty("group").GetString());
        Assert.Equal(expected, json.GetProperty("dimensions").GetProperty("E").GetInt32());
    }

    [Theory]
    [InlineData("--group", "foo")]
    [InlineData("--group", "c6", "--layer", "dense")]
    [InlineData("--group", "c6", "--nodes", "10")]
    [InlineData("--group", "c4", "--support", "0101,111,010")]
    [InlineData("--group", "c4", "--layer", "dense", "--size", "0")]
    [InlineData("--group", "c4", "--layer", "dense", "--size", "-3")]
    [InlineData("--group", "sn", "--layer", "conv3x3")]
    [InlineData("--group", "c4", "--layer", "adjacency")]
    [InlineData("--group", "c4", "--layer", "dense", "--support", "cross")]
    [InlineData("--group", "sn", "--nodes", "many")]
    [InlineData("--frobnicate")]
    public void BadInputGetsOneLineAndExitCode2(params string[] args)
    {
        var (exitCode, output, error) = Run(args);
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("equidyn geometry: ", line);
        Assert.Contains("--", line); // names an option
        Assert.DoesNotContain("   at ", error); // no stack trace
    }

    // The paper's C4 CNN from a saved spec: C4 on the 3×3 taps has 3 orbits (centre, edges, corners); the cross holds the
    // centre and the edges (E∩L = 2, compatible), the skew cuts the corner orbit (E∩L = 1); the head's 7×7 grid has the
    // fixed centre and 48/4 = 12 free orbits (E = 13), all of it admissible.
    [Fact]
    public void SpecOfThePaperCnnShowsEveryArmsLayers()
    {
        var file = Path.Combine(Path.GetTempPath(), $"equidyn-geometry-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, EquiDyn.Experiments.ExperimentPresets.Get("mnist-c4", "quick").ToJson());
        try
        {
            var arms = RunJson("--spec", file).EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!);
            foreach (var (arm, intersection, compatible) in new[] { ("cross", 2, true), ("skew", 1, false) })
            {
                var layers = arms[arm].GetProperty("layers").EnumerateArray().ToList();
                Assert.Equal(new[] { "conv1", "conv2", "conv3", "linear" }, layers.Select(l => l.GetProperty("layer").GetString()));
                foreach (var conv in layers.Take(3))
                {
                    Assert.Equal((9, 5, 3, intersection), (conv.GetProperty("h").GetInt32(), conv.GetProperty("l").GetInt32(), conv.GetProperty("e").GetInt32(), conv.GetProperty("eIntersectL").GetInt32()));
                    Assert.Equal(compatible, conv.GetProperty("compatible").GetBoolean());
                }
                Assert.Equal((49, 13, 13), (layers[3].GetProperty("h").GetInt32(), layers[3].GetProperty("e").GetInt32(), layers[3].GetProperty("eIntersectL").GetInt32()));
                Assert.Equal(compatible, arms[arm].GetProperty("compatible").GetBoolean());
            }

            var (exitCode, output, error) = Run("--spec", file);
            Assert.True(exitCode == 0, error);
            Assert.Contains("rotation-convnet", output);
            Assert.Contains("arms     skew", output);
            Assert.Contains("{(0,0),(0,2),(2,0),(2,2)}, inside {(0,0)}", output);
            Assert.Contains("skew  no: L is incompatible with E", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // The paper's MLPs through --preset: a dense 14×14 → 14×14 layer has 196² entries; C4 moves every pixel of an even
    // grid (no fixed centre), so all orbits of entries have 4 elements (E = 38416/4); Z14² acts freely (38416/196).
    [Fact]
    public void PresetOfThePaperMlpsShowsEachGroup()
    {
        var arms = RunJson("--preset", "groups").EnumerateArray().ToList();
        int E(string arm) => arms.Single(a => a.GetProperty("arm").GetString() == arm).GetProperty("layers")[0].GetProperty("e").GetInt32();
        Assert.Equal(38416 / 4, E("c4-equivariant"));
        Assert.Equal(38416 / 196, E("zn2-nominal"));
        Assert.Equal("zn2", arms.Single(a => a.GetProperty("arm").GetString() == "zn2-nominal").GetProperty("group").GetString());

        var (exitCode, output, error) = Run("--preset", "groups");
        Assert.True(exitCode == 0, error);
        Assert.Contains("arms     c4-nominal, c4-augmented, c4-equivariant", output);
        Assert.Contains("c4-equivariant  trivially: equivariant training stays in E∩L", output);
    }

    [Theory]
    [InlineData("--preset", "mnist-c5")]
    [InlineData("--preset", "mnist-c4", "--spec", "examples/ring-d6.json")]
    [InlineData("--preset", "mnist-c4", "--support", "skew")]
    public void BadModelChoiceGetsOneLineAndExitCode2(params string[] args)
    {
        var (exitCode, output, error) = Run(args);
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("equidyn geometry: ", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void IsRegisteredInTheCatalog() => Assert.Contains(CommandCatalog.All(), c => c.Name == "geometry");
}
