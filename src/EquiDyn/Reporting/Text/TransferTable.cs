using System.Globalization;
using EquiDyn.Experiments;
using EquiDyn.Runs;

namespace EquiDyn.Reporting.Text;

/// <summary>What <c>equidyn run</c> and <c>equidyn merge</c> print after the distance table of a transfer sweep: the
/// Equi phase at the transfer point per arm (median [min, max] over seeds) and the theory's per-seed checks.</summary>
public static class TransferTable
{
    /// <summary>Writes the Equi phase at the transfer point (transfer sweeps only) and the per-seed checks, if any.</summary>
    public static void Write(SweepSummary summary, TextWriter output)
    {
        var arms = summary.Arms.Where(a => a.EquivariantRelativeGradientNorm is not null).ToList();
        if (arms.Count > 0)
        {
            bool spread = arms.Any(a => a.Runs > 1);
            output.WriteLine($"Equi phase at the transfer point ({(spread ? "median over seeds [min, max]" : "one seed per arm")}):");
            var rows = new List<string[]> { new[] { "arm", "runs", "‖∇R‖ on E∩L / at init", "train loss", "Equi test accuracy" } };
            foreach (var a in arms)
                rows.Add(new[]
                {
                    a.Arm, a.Runs.ToString(CultureInfo.InvariantCulture), S(a.EquivariantRelativeGradientNorm!, spread, E),
                    S(a.EquivariantTrainLoss!, spread, x => x.ToString("0.0000", CultureInfo.InvariantCulture)),
                    S(a.EquivariantTestAccuracy!, spread, x => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%"),
                });
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var r in rows)
                output.WriteLine("  " + string.Join("  ", r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }
        if (summary.Checks.Count == 0) return;
        output.WriteLine("checks:");
        foreach (var c in summary.Checks)
            output.WriteLine($"  [{(c.Passed ? "ok" : "FAILED")}] {c.Name}: {c.Detail}");
    }

    private static string E(double x) => x.ToString("0.00e+00", CultureInfo.InvariantCulture);

    private static string S(Spread s, bool spread, Func<double, string> f) => spread ? $"{f(s.Median)} [{f(s.Min)}, {f(s.Max)}]" : f(s.Median);
}
