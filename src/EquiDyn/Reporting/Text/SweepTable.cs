using System.Globalization;
using EquiDyn.Experiments;
using EquiDyn.Runs;

namespace EquiDyn.Reporting.Text;

/// <summary>The per-arm result table printed by <c>equidyn run</c> and <c>equidyn merge</c> (plain text: it must read
/// the same in a terminal, a log file and a test).</summary>
public static class SweepTable
{
    /// <summary>Writes the table: per arm the final, first-epoch maximum and mean distance from E∩L, the test accuracy and
    /// the seconds per epoch (median [min, max] over seeds when an arm has more than one run).</summary>
    public static void Write(SweepSummary summary, TextWriter output)
    {
        bool spread = summary.Arms.Any(a => a.Runs > 1);
        string title = spread ? "median over seeds [min, max]" : "one seed per arm";
        output.WriteLine($"distance from E∩L at the end of the measured phase ({title}):");
        var rows = new List<string[]> { new[] { "arm", "runs", "final distance", "max distance, 1st aug epoch", "mean distance", "test accuracy", "s/epoch" } };
        foreach (var a in summary.Arms)
            rows.Add(new[]
            {
                a.Arm, a.Runs.ToString(CultureInfo.InvariantCulture), S(a.FinalDistance, spread), S(a.MaxDistanceFirstEpoch, spread),
                S(a.MeanDistance, spread), Percent(a.TestAccuracy, spread), a.SecondsPerEpoch.Median.ToString("0.0", CultureInfo.InvariantCulture),
            });
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var r in rows)
            output.WriteLine("  " + string.Join("  ", r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
    }

    private static string E(double x) => x.ToString("0.00e+00", CultureInfo.InvariantCulture);

    private static string S(Spread s, bool spread) => spread ? $"{E(s.Median)} [{E(s.Min)}, {E(s.Max)}]" : E(s.Median);

    private static string Percent(Spread s, bool spread)
    {
        string P(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        return spread ? $"{P(s.Median)} [{P(s.Min)}, {P(s.Max)}]" : P(s.Median);
    }
}
