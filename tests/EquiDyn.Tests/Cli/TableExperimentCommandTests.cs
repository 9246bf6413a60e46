using System.Text.Json;
using EquiDyn.Tests.Data;
using EquiDyn.Tests.Support;

namespace EquiDyn.Tests.Cli;

/// <summary>The optimizer and ensemble checks and experiment kinds from the command line (docs/experiments/optimizers.md,
/// docs/experiments/ensemble.md).</summary>
public class TableExperimentCommandTests
{
    [Fact]
    public void TheEnsembleCheckReportsEveryArmAsThePredictionSays()
    {
        var (exitCode, output, error) = CliRunner.Run(["check", "ensemble", "--json"]);
        Assert.True(exitCode == 0, error + output);
        var arms = JsonDocument.Parse(output).RootElement.GetProperty("ensemble").EnumerateArray().ToList();
        Assert.Equal(new[] { "cross", "cross-rotated", "cross-nonunitary", "skew", "cross-nominal" }, arms.Select(a => a.GetProperty("arm").GetString()));
        Assert.All(arms, a => Assert.True(a.GetProperty("matchesTheory").GetBoolean()));
        Assert.All(arms[0].GetProperty("meanError").EnumerateArray(), e => Assert.True(e.GetDouble() < 1e-13));
    }

    [Fact]
    public void TheOptimizersPresetRunsFromTheCommandLineAndReports()
    {
        using var dir = new TempDirectory();
        var sweep = System.IO.Path.Combine(dir.Path, "sweep");
        var (exitCode, output, error) = CliRunner.Run(["run", "--preset", "optimizers", "--quick", "--out", sweep, "--set", "augmentedPhase.epochs=2"]);
        Assert.True(exitCode == 0, error + output);
        Assert.Contains("| cross | rotated |", output);
        Assert.True(File.Exists(System.IO.Path.Combine(sweep, "optimizers.csv")));
        var (reportCode, reportOutput, reportError) = CliRunner.Run(["report", sweep]);
        Assert.True(reportCode == 0, reportError);
        Assert.EndsWith("report.html", reportOutput.Trim());
        Assert.Contains("data:image/png;base64", File.ReadAllText(reportOutput.Trim()));
    }
}
