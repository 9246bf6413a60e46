using EquiDyn.Tests.Support;
using System.CommandLine;
using System.Text.Json;
using EquiDyn.Cli.Commands;

namespace EquiDyn.Tests.Cli;

/// <summary><c>equidyn check</c> end to end, through System.CommandLine with captured output.</summary>
public class CheckCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(["check", .. args]);

    [Fact]
    public void InvarianceCheckReportsEveryArmWithTheVerdictOfTheTheory()
    {
        var (exitCode, output, error) = Run("invariance", "--steps", "30", "--json");
        Assert.True(exitCode == 0, error + output);
        var arms = JsonDocument.Parse(output).RootElement.GetProperty("invariance").EnumerateArray().ToList();
        Assert.Equal(new[] { "cross", "skew", "cross-nonunitary", "cross-nominal" }, arms.Select(a => a.GetProperty("arm").GetString()));
        Assert.True(arms[0].GetProperty("finalRelativeDistance").GetDouble() < 1e-10);
        Assert.All(arms.Skip(1), a => Assert.True(a.GetProperty("finalRelativeDistance").GetDouble() > 1e-4));
        Assert.All(arms, a => Assert.True(a.GetProperty("matchesTheory").GetBoolean()));
    }

    [Fact]
    public void AugmentationCheckPrintsATableAndAVerdict()
    {
        var (exitCode, output, _) = Run("augmentation");
        Assert.Equal(0, exitCode);
        Assert.Contains("R_aug(A) = R(A)", output);
        Assert.Contains("verdict: every check agrees with the theory", output);
    }

    [Theory]
    [InlineData("invariance", "--lr", "-1", "--lr")]
    [InlineData("invariance", "--steps", "0", "--steps")]
    public void BadInputIsOneLineWithExitCode2(string check, string option, string value, string named)
    {
        var (exitCode, _, error) = Run(check, option, value);
        Assert.Equal(2, exitCode);
        Assert.Contains(named, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
