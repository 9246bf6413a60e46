using System.Globalization;

namespace EquiDyn.Experiments;

/// <summary>One statement about a transfer sweep that the theory predicts, checked on every seed.</summary>
/// <param name="Name">What is claimed, e.g. <c>cross below skew at every seed</c>.</param>
/// <param name="Passed">Whether it held for every seed that has the arms involved.</param>
/// <param name="Detail">The numbers behind the verdict (failing seeds first).</param>
public sealed record SweepCheck(string Name, bool Passed, string Detail);

/// <summary>
/// The per-seed predictions of a transfer sweep (docs/experiments/mnist-c4.md, docs/checks.md T1/T2) checked on its run summaries: the Equi phase
/// reached a trained point (‖Π_{E∩L}∇R‖ fallen ≥ 100×), the compatible unitary arm on the orbit-completed set ends
/// closer to E∩L than every other orbit-completed arm of the same seed, and a compatible unitary arm trained on whole
/// orbits in float64 stays at rounding level.
/// </summary>
public static class SweepChecks
{
    /// <summary>‖Π_{E∩L}∇R‖ must fall at least this much relative to the initial point (100×).</summary>
    public const double GradientReduction = 1e-2;

    /// <summary>Largest final distance relative to ‖A‖ that counts as float64 rounding: the unit roundoff 1.1e-16
    /// amplified by a few hundred steps of accumulation and the layers' condition (measured values are 1e-17–1e-16).</summary>
    public const double RoundingLevel = 1e-12;

    /// <summary>The checks that apply to the given runs (none for <c>strategies</c> sweeps).</summary>
    public static List<SweepCheck> Of(IReadOnlyList<RunSummary> runs)
    {
        var checks = new List<SweepCheck>();
        var withEqui = runs.Where(r => r.EquivariantRelativeGradientNorm is not null).ToList();
        if (withEqui.Count > 0)
        {
            var bad = withEqui.Where(r => !(r.EquivariantRelativeGradientNorm <= GradientReduction)).ToList();
            double worst = withEqui.Max(r => r.EquivariantRelativeGradientNorm!.Value);
            checks.Add(new SweepCheck("Equi phase converged: ‖∇R‖ on E∩L fallen ≥ 100× at every seed", bad.Count == 0,
                bad.Count == 0 ? $"largest ratio {E(worst)}" : string.Join("; ", bad.Select(r => $"{r.Arm} seed {r.Seed}: {E(r.EquivariantRelativeGradientNorm!.Value)}"))));
        }

        bool Compatible(RunSummary r) => r.Basis == "unitary" && r.Support == "cross";
        var reference = runs.FirstOrDefault(r => r.Augmentation == "orbit-dataset" && Compatible(r))?.Arm;
        if (reference is not null)
        {
            var others = runs.Where(r => r.Augmentation == "orbit-dataset" && r.Arm != reference).Select(r => r.Arm).Distinct();
            foreach (var other in others)
            {
                var pairs = runs.Where(r => r.Arm == reference)
                    .Join(runs.Where(r => r.Arm == other), r => r.Seed, r => r.Seed, (a, b) => (Seed: a.Seed, Ref: a.FinalDistance, Other: b.FinalDistance))
                    .OrderBy(p => p.Seed).ToList();
                if (pairs.Count == 0) continue;
                var failing = pairs.Where(p => !(p.Ref < p.Other)).ToList();
                double smallest = pairs.Min(p => p.Other / p.Ref);
                checks.Add(new SweepCheck($"{reference} below {other} at every seed ({pairs.Count})", failing.Count == 0,
                    failing.Count == 0
                        ? $"final distance ratio {other}/{reference} ≥ {smallest.ToString("0.0", CultureInfo.InvariantCulture)}× at every seed"
                        : string.Join("; ", failing.Select(p => $"seed {p.Seed}: {reference} {E(p.Ref)} vs {other} {E(p.Other)}"))));
            }
        }

        var exact = runs.Where(r => r.Augmentation == "exact-orbits" && r.Dtype == "float64" && Compatible(r)).ToList();
        foreach (var arm in exact.Select(r => r.Arm).Distinct())
        {
            var rs = exact.Where(r => r.Arm == arm).ToList();
            double worst = rs.Max(r => r.FinalRelativeDistance);
            checks.Add(new SweepCheck($"{arm} at rounding level (relative distance ≤ {E(RoundingLevel)}) at every seed ({rs.Count})",
                rs.All(r => r.FinalRelativeDistance <= RoundingLevel), $"largest relative distance {E(worst)}"));
        }
        return checks;
    }

    private static string E(double x) => x.ToString("0.0e+00", CultureInfo.InvariantCulture);
}
