using EquiDyn.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using EquiDyn.Cli.Commands;

namespace EquiDyn.Tests.Cli;

/// <summary><c>equidyn stability</c> in-process, with the invocation's output captured.</summary>
public class StabilityCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("--eta", "-1", "--eta")]
    [InlineData("--eta", "abc", "--eta")]
    [InlineData("--gamma", "-0.5", "--gamma")]
    [InlineData("--steps", "0", "--steps")]
    [InlineData("--example", "nope", "--example")]
    public void BadInputIsOneLineNamingTheOptionWithExitCode2(string option, string value, string named)
    {
        var args = option == "--example" ? new[] { "stability", option, value } : new[] { "stability", "--example", "counterexample", option, value };
        var (exit, _, err) = Run(args);
        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("equidyn stability: ", line);
        Assert.Contains(named, line);
        Assert.DoesNotContain(" at ", line); // no stack trace
    }

    [Fact]
    public void MissingExampleAndUnknownTokensAreErrors()
    {
        Assert.Equal(2, Run("stability").Exit);
        var (exit, _, err) = Run("stability", "--example", "counterexample", "--bogus");
        Assert.Equal(2, exit);
        Assert.Contains("--bogus", err);
    }

    [Fact]
    public void CounterexampleWritesJsonAndPlotsAndPrintsTheVerdicts()
    {
        string dir = Path.Combine(Path.GetTempPath(), "equidyn-stability-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, output, err) = Run("stability", "--example", "counterexample", "--gamma", "0.5", "--steps", "400", "--out", dir);
            Assert.True(exit == 0, err);
            Assert.Contains("Equi: Stable", output);
            Assert.Contains("Aug:  Unstable", output);
            Assert.Contains("predicted |1 − ηλ_min| = 1.0375 per step", output);
            Assert.Contains("Smallest stabilising γ: 0.375", output);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "stability.json")));
            var rootElement = json.RootElement;
            Assert.Equal("Unstable", rootElement.GetProperty("augmented").GetProperty("class").GetString());
            Assert.Equal(-0.375, rootElement.GetProperty("complementBlock").GetProperty("pairs")[0].GetProperty("value").GetDouble(), 1e-13);
            Assert.Equal(0.125, rootElement.GetProperty("regularised").GetProperty("complementMin").GetDouble(), 1e-13);
            foreach (var png in new[] { "stability-spectra.png", "stability-ritz.png", "stability-growth.png" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(dir, png));
                Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void JsonFlagPrintsOnlyJson()
    {
        var (exit, output, _) = Run("stability", "--example", "counterexample", "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("Stable", json.RootElement.GetProperty("equivariant").GetProperty("class").GetString());
    }
}
