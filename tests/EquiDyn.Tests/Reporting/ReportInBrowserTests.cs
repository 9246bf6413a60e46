using System.Diagnostics;
using EquiDyn.Reporting;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Reporting;

/// <summary>The report renders offline in a real browser with every figure decoded (scripts/check-report.sh).</summary>
public class ReportInBrowserTests
{
    [ChromiumFact]
    public void EveryImageOfTheReportDecodesInHeadlessChromium()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Transfer(temp.Path, seeds: 2);
        var (report, figures) = HtmlReport.Write(temp.Path, new ReportOptions { RunChecks = false });
        var shot = temp.File("screenshot.png");
        var (exit, output) = RunScript(report, shot);
        Assert.True(exit == 0, output);
        Assert.Contains($"check-report: {figures.Count}/{figures.Count} images decoded", output);
        Assert.Equal((1200, 2000), Png.Size(File.ReadAllBytes(shot)));
    }

    [ChromiumFact]
    public void ABrokenImageIsReported()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Strategies(temp.Path, seeds: 1, epochs: 3);
        var (report, _) = HtmlReport.Write(temp.Path, new ReportOptions { RunChecks = false });
        var html = File.ReadAllText(report);
        int at = html.IndexOf("base64,", StringComparison.Ordinal) + "base64,".Length;
        File.WriteAllText(report, html[..at] + "AAAA" + html[at..]); // no longer a PNG signature
        var (exit, output) = RunScript(report, null);
        Assert.Equal(1, exit);
        Assert.Contains("1 of 2 image(s) decoded", output);
    }

    private static (int Exit, string Output) RunScript(string report, string? screenshot)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "check-report.sh"));
        start.ArgumentList.Add(report);
        if (screenshot is not null) start.ArgumentList.Add(screenshot);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/check-report.sh took more than two minutes");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EquiDyn.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("EquiDyn.slnx not found above " + AppContext.BaseDirectory);
    }
}
