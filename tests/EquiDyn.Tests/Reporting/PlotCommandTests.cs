using EquiDyn.Tests.Support;
using System.CommandLine;
using EquiDyn.Cli.Commands;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Reporting;

/// <summary><c>equidyn plot</c> and <c>equidyn report</c> in-process.</summary>
public class PlotCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("plot")]
    [InlineData("report")]
    public void ADirectoryWithoutMetricsIsOneLineNamingItWithExitCode2(string command)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("notes.txt"), "not a run");
        var (exit, output, err) = Run(command, temp.Path);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"equidyn {command}: {temp.Path}: no metrics.csv found", line);
    }

    [Fact]
    public void AMissingDirectoryOrArgumentIsAlsoExitCode2()
    {
        var (exit, _, err) = Run("plot", "/nonexistent/equidyn-run");
        Assert.Equal(2, exit);
        Assert.Equal("equidyn plot: /nonexistent/equidyn-run: no such directory", err.Trim());
        (exit, _, err) = Run("plot");
        Assert.Equal(2, exit);
        Assert.StartsWith("equidyn plot: ", Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void PlotPrintsThePathsOfThePngsItWrote()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Strategies(temp.Path, seeds: 2, epochs: 4);
        var (exit, output, err) = Run("plot", temp.Path);
        Assert.True(exit == 0, err);
        var paths = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { "distance-drift.png", "training.png" }, paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.True(File.Exists(p)));
        Assert.All(paths, p => Assert.Equal(Path.Combine(temp.Path, "figures"), Path.GetDirectoryName(p)));
    }

    [Fact]
    public void ReportWithoutChecksPrintsThePagePath()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Strategies(temp.Path, seeds: 2, epochs: 4);
        var (exit, output, err) = Run("report", temp.Path, "--no-checks");
        Assert.True(exit == 0, err);
        Assert.Equal(Path.Combine(temp.Path, "report.html"), output.Trim());
        // The geometry section describes the sweep's own network (PermutationAdjNet under S_10), not the C4 CNN.
        var page = File.ReadAllText(output.Trim());
        Assert.Contains("<td>sites0</td><td>10×10 adjacency → 10×10 adjacency</td>", page);
        Assert.Contains("<td>invariant</td>", page);
        Assert.DoesNotContain("3×3 kernel", page);
    }
}
