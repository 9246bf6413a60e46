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

    [Fact]
    public void IsRegisteredInTheCatalog() => Assert.Contains(CommandCatalog.All(), c => c.Name == "geometry");
}
