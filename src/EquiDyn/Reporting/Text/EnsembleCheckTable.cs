using System.Globalization;
using EquiDyn.Checks;

namespace EquiDyn.Reporting.Text;

/// <summary>The table of <c>equidyn check ensemble</c>.</summary>
public static class EnsembleCheckTable
{
    /// <summary>Writes one row per arm: the mean's error at a few steps, a member's own error and the verdict.</summary>
    public static void Print(TextWriter o, IReadOnlyList<OrbitEnsembleResult> results, int steps, double learningRate)
    {
        o.WriteLine($"(f) orbit ensembles {{ρ̄_g A⁰ : g ∈ C4}}, full-batch GD, η = {learningRate.ToString(CultureInfo.InvariantCulture)}: relative invariance error of the mean output on the test orbits  [docs/concepts.md]");
        int[] at = new[] { 0, 1, 5, steps / 2, steps }.Where(k => k <= steps).Distinct().ToArray();
        o.WriteLine($"    arm               exact?  {string.Join("  ", at.Select(k => $"step {k,-5}"))}  member      verdict");
        foreach (var r in results)
            o.WriteLine($"    {r.Name,-17} {(r.TheoryPredictsExact ? "yes" : "no"),-7} {string.Join("  ", at.Select(k => $"{E(r.MeanError[k]),-10}"))}  {E(r.MemberError),-10}  " +
                        (r.MatchesTheory ? r.TheoryPredictsExact ? "invariant mean, as predicted" : "not invariant, as predicted"
                            : r.TheoryPredictsExact ? "NOT INVARIANT (predicted: exact)" : "DISAGREES (predicted: not exact)"));
        o.WriteLine($"    exact: ≤ {E(results[0].Tolerance)} at every step; not exact: ≥ 100× that after the first step. 'member': one network's own error (none is invariant).");
        o.WriteLine();
    }

    private static string E(double x) => x.ToString("0.00E+00", CultureInfo.InvariantCulture);
}
