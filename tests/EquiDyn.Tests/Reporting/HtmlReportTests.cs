using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EquiDyn.Reporting;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Reporting;

public class HtmlReportTests
{
    [Fact]
    public void ReportEmbedsOneImagePerFigureTheSpecAndTheArmMedians()
    {
        using var temp = new TempDirectory();
        var sweep = SyntheticSweep.Transfer(temp.Path, seeds: 4);
        var (path, figures) = HtmlReport.Write(temp.Path, new ReportOptions { RunChecks = false });
        Assert.Equal(Path.Combine(temp.Path, "report.html"), path);
        var html = File.ReadAllText(path);

        // Self-contained: every image is a data URI, nothing is fetched.
        var images = Regex.Matches(html, "<img [^>]*>");
        Assert.Equal(figures.Count, images.Count);
        Assert.Equal(3, figures.Count);
        for (int i = 0; i < figures.Count; i++)
        {
            var data = Regex.Match(images[i].Value, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
            Assert.True(data.Success, images[i].Value[..Math.Min(80, images[i].Value.Length)]);
            Assert.Equal((figures[i].Width, figures[i].Height), Png.Size(Convert.FromBase64String(data.Groups[1].Value)));
        }
        Assert.DoesNotMatch("(src|href)=\"(https?:|//|file:)", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);

        // The spec, verbatim as JSON.
        var pre = Regex.Match(html, "<pre class=\"spec\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(pre.Success);
        using (var spec = JsonDocument.Parse(WebUtility.HtmlDecode(pre.Groups[1].Value)))
        {
            Assert.Equal("mnist-c4", spec.RootElement.GetProperty("preset").GetString());
            Assert.Equal(4, spec.RootElement.GetProperty("arms").GetArrayLength());
        }

        // The arm table: medians over the seeds, computed here from what was written.
        foreach (var arm in sweep.Arms)
        {
            Assert.Equal(Median(sweep.Seeds.Select(s => sweep.FinalDistance[(arm, s)])), Cell(html, arm, "final_distance"), 1e-12);
            Assert.Equal(Median(sweep.Seeds.Select(s => sweep.FinalTestAccuracy[(arm, s)])), Cell(html, arm, "test_accuracy"), 1e-12);
            Assert.Equal(4, Cell(html, arm, "runs"));
            // The transfer point's gradient, from the Equi phase of the arm's support (transfer.json).
            string support = arm == "skew" ? "skew" : "cross";
            Assert.Equal(Median(sweep.Seeds.Select(s => sweep.TransferGradient[(support, s)])), Cell(html, arm, "equivariant_relative_gradient"), 1e-12);
        }

        // Geometry of the arms: the paper's parameter counts (docs/experiments/mnist-c4.md table) and the verdicts.
        Assert.Contains("<h3>cross: support cross, unitary basis, orbit-dataset</h3>", html);
        Assert.Contains("<td>conv2</td><td>3×3 kernel</td><td>2048</td><td>9</td><td>5</td><td>3</td><td>2</td><td>10240</td><td>4096</td><td class=\"yes\">yes</td>", html);
        Assert.Contains("<td>linear</td><td>7×7 grid → class score</td><td>640</td><td>49</td><td>49</td><td>13</td><td>13</td><td>31360</td><td>8320</td>", html);
        Assert.Contains("no: L is incompatible with E", html);
        Assert.Contains("no: the parametrization is not unitary", html);
        Assert.Contains("Not run for this report", html);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static double Cell(string html, string arm, string metric)
    {
        var row = Regex.Match(html, $"<tr data-arm=\"{Regex.Escape(arm)}\">.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no table row for {arm}");
        var match = Regex.Match(row.Value, $"data-metric=\"{metric}\"[^>]*data-value=\"([^\"]+)\"");
        Assert.True(match.Success, $"no {metric} cell for {arm}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
