using System.Globalization;
using EquiDyn.Checks;

namespace EquiDyn.Reporting.Text;

/// <summary>The table of <c>equidyn check optimizers</c>: one row per support × basis, one column per update rule.</summary>
public static class OptimizerCheckTable
{
    /// <summary>Writes the table, the legend and the tolerance.</summary>
    public static void Print(TextWriter o, IReadOnlyList<OptimizerCellResult> results, int steps, double learningRate)
    {
        o.WriteLine($"(e) which update rules keep E∩L invariant: exact-orbit full-batch training from a point of E∩L, {steps} steps, " +
                    $"η = {learningRate.ToString(CultureInfo.InvariantCulture)}; final ‖A−Π_E∩L A‖/‖A‖ (prediction: = stays, ≠ leaves)  [docs/concepts.md]");
        var optimizers = results.Select(r => r.Optimizer).Distinct().ToList();
        o.WriteLine($"    support  basis        {string.Join("  ", optimizers.Select(n => $"{n,-11}"))}  verdict");
        foreach (var row in results.GroupBy(r => (r.Support, r.Basis)))
        {
            var cells = optimizers.Select(n => row.First(r => r.Optimizer == n)).ToList();
            string verdict = cells.All(c => c.MatchesTheory) ? "as predicted" : "DISAGREES: " + string.Join(", ", cells.Where(c => !c.MatchesTheory).Select(c => $"{c.Optimizer} {c.Verdict}"));
            o.WriteLine($"    {row.Key.Support,-8} {row.Key.Basis,-12} {string.Join("  ", cells.Select(c => $"{(c.Predicted ? "=" : "≠")}{E(c.Final),-10}"))}  {verdict}");
        }
        o.WriteLine($"    = predicted to stay (≤ {E(results[0].Tolerance)}), ≠ predicted to leave (≥ 100× that). Stays only with an invariant L, a unitary basis, and");
        o.WriteLine("    either a rule linear in the gradient with one coefficient for all coordinates (sgd, momentum, weight decay) or a basis C4 permutes (tap).");
        o.WriteLine();
    }

    private static string E(double x) => x.ToString("0.00E+00", CultureInfo.InvariantCulture);
}
