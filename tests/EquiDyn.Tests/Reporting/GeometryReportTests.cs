using EquiDyn.Reporting;
using EquiDyn.Reporting.Text;

namespace EquiDyn.Tests.Reporting;

/// <summary>The one-layer geometry report from C#, without the CLI: the request's validation and the report's numbers.</summary>
public class GeometryReportTests
{
    // C4 on the 3×3 taps: orbits {centre}, {4 edges}, {4 corners} (E = 3); the cross is the centre and the edges (L = 5,
    // E∩L = 2, no orbit cut); the cross plus one corner (010,111,110: L = 6) still holds the centre and the edges
    // (E∩L = 2) but cuts the corner orbit.
    [Theory]
    [InlineData("cross", 5, 2, true)]
    [InlineData("010,111,110", 6, 2, false)]
    public void KernelOfC4(string support, int l, int intersection, bool compatible)
    {
        var request = GeometryRequest.TryCreate("c4", "conv3x3", support, null, null, out var error);
        Assert.True(request is not null, error);
        var report = GeometryReport.Create(request!);
        Assert.Equal((9, l, 3, intersection), (report.Dimensions.H, report.Dimensions.L, report.Dimensions.E, report.Dimensions.EIntersectL));
        Assert.Equal(compatible, report.Compatible);
        Assert.Equal(compatible ? 0 : 1, report.StraddlingOrbits.Count);
        Assert.Equal(3, report.TapOrbits!.Count);

        var text = new StringWriter();
        GeometryText.Write(report, text);
        Assert.Contains($"E∩L      {intersection}  equivariant and admissible", text.ToString());
        Assert.Contains(compatible ? "compatibility  compatible" : "compatibility  incompatible", text.ToString());
    }

    [Theory]
    [InlineData("sn", "conv3x3", "--layer conv3x3 does not fit --group sn")]
    [InlineData("c4", "conv5x5", "--layer must be one of")]
    public void BadRequestNamesTheOption(string group, string layer, string expected)
    {
        Assert.Null(GeometryRequest.TryCreate(group, layer, null, null, null, out var error));
        Assert.StartsWith(expected, error);
    }
}
