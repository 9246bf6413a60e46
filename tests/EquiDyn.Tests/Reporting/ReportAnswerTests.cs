using System.Globalization;
using System.Text.RegularExpressions;
using EquiDyn.Reporting;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Reporting;

/// <summary>The report leads with the answer (one sentence per arm, then the main figure) and describes each
/// experiment's own network, data and checks in words.</summary>
public class ReportAnswerTests
{
    private static string Section(string html, string id)
    {
        int start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static string Li(string answer, string arm) =>
        Regex.Match(answer, $"<li data-arm=\"{Regex.Escape(arm)}\">(.*?)</li>", RegexOptions.Singleline).Groups[1].Value;

    private static string Sci(double x) => x.ToString("0.00E+00", CultureInfo.InvariantCulture);

    [Fact]
    public void AStrategiesReportOpensWithOneSentencePerArmAndDescribesTheGraphMlp()
    {
        using var temp = new TempDirectory();
        var sweep = SyntheticSweep.Strategies(temp.Path);
        var (path, figures) = HtmlReport.Write(temp.Path, new ReportOptions());
        var html = File.ReadAllText(path);

        Assert.True(html.IndexOf("id=\"answer\"", StringComparison.Ordinal) < html.IndexOf("id=\"run\"", StringComparison.Ordinal));
        var answer = Section(html, "answer");
        Assert.Contains("graphs from a stochastic block model", answer);
        Assert.Contains("S10, the permutations of the graph's nodes", answer);
        Assert.Contains("multilayer perceptron", answer);
        Assert.Contains($"data-file=\"{Path.GetFileName(figures[0].Path)}\"", answer); // the main figure comes with the answer

        double Median(string arm) => sweep.Seeds.Select(s => sweep.FinalDistance[(arm, s)]).Order().ElementAt(1);
        var nominal = Li(answer, "nominal");
        Assert.Contains("drifted off E∩L", nominal);
        Assert.Contains(Sci(Median("nominal")), nominal);
        Assert.Contains("median over 3 seeds", nominal);
        var equivariant = Li(answer, "equivariant");
        Assert.Contains("stayed in E∩L", equivariant);

        // Its own network and checks, in words: no CNN vocabulary, no C4 checks, no code names.
        Assert.DoesNotContain("support cross", html);
        Assert.DoesNotContain("training images", html);
        Assert.DoesNotContain("<h3>(a) Exact augmentation", html);
        Assert.Contains("they say nothing about this experiment's network", Section(html, "checks"));
        foreach (var code in new[] { ">Augmented<", ">Nominal<", ">Equivariant<", "LeftAtOnce", ">Stayed<" })
            Assert.DoesNotContain(code, html);
    }

    [Fact]
    public void ATransferReportSaysWhichArmsDriftAndKeepsTheC4Checks()
    {
        using var temp = new TempDirectory();
        SyntheticSweep.Transfer(temp.Path);
        var (path, _) = HtmlReport.Write(temp.Path, new ReportOptions { RunChecks = false });
        var html = File.ReadAllText(path);
        var answer = Section(html, "answer");
        Assert.Contains("convolutional network", answer);
        Assert.Contains("C4, the rotations of the plane", answer);
        Assert.Contains("drifted off E∩L", Li(answer, "skew"));
        Assert.Contains("skew 3×3 kernels (incompatible", Li(answer, "skew"));
        Assert.Contains("stayed in E∩L up to rounding", Li(answer, "cross-exact"));
        Assert.Contains("distance-transfer.png", answer);
        Assert.Contains("Not run for this report", Section(html, "checks"));
    }

    [Fact]
    public void OutcomesAreWords() =>
        Assert.Equal("leaves E∩L at once", ReportText.OutcomeInWords(EquiDyn.Checks.InvarianceOutcome.LeftAtOnce));
}
