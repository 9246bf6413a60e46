using System.Text.Json;
using EquiDyn.Experiments;
using EquiDyn.Reporting.Text;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn check … --spec my.json</c>: the theorem checks on the spec's own model
/// (<see cref="SpecTheoremChecks"/>), printed like the built-in checks.</summary>
public static class SpecCheckCommand
{
    /// <summary>Runs the named check (or all) and returns the exit code (0: every check agrees with the theory).</summary>
    public static int Run(string specPath, string which, int steps, double learningRate, long seed, int samples, bool json,
        TextWriter stdout, TextWriter stderr)
    {
        if (samples < 1) return OneLineErrorAction.Fail(stderr, "check", $"--samples must be ≥ 1 (got {samples})");
        if (which is not ("all" or "augmentation" or "stationary" or "invariance"))
            return OneLineErrorAction.Fail(stderr, "check", $"'{which}' runs on the built-in small C4 CNN only; with --spec the checks are augmentation, stationary and invariance (or all)");
        var spec = ExperimentSpec.Load(specPath);
        using var checks = SpecTheoremChecks.Prepare(spec, samples, stderr);
        bool all = which == "all", ok = true;
        var results = new Dictionary<string, object>();
        if (!json)
        {
            TheoremCheckTables.SpecModel(stdout, specPath, checks.Description, checks.Compatible);
        }
        if (all || which == "augmentation")
        {
            var r = checks.Augmentation(seed);
            results["augmentation"] = new { r.Risk, r.AugmentedRisk, r.RiskGap, r.GradientGap, r.NominalOffE, holds = r.Holds };
            ok &= r.Holds;
            if (!json) TheoremCheckTables.Augmentation(stdout, [("model", r)]);
        }
        if (all || which == "stationary")
        {
            var r = checks.Stationary(seed);
            bool agrees = SpecTheoremChecks.StationaryAgrees(r);
            results["stationary"] = new { compatible = r.Compatible, r.InitialGradient, r.EquivariantGradient, r.AugmentedGradient, r.RelativeEquivariant, r.RelativeAugmented, r.Discrepancy, r.RelativeDiscrepancy, stationary = r.EquiStationary, r.Iterations, r.Evaluations, agrees };
            ok &= agrees;
            if (!json)
            {
                TheoremCheckTables.Stationary(stdout, [("model", r)]);
                if (!r.EquiStationary) TheoremCheckTables.UnrefinedIdentity(stdout, r, agrees);
            }
        }
        if (all || which == "invariance")
        {
            var r = checks.Invariance(seed, steps, learningRate, json ? null : m => stderr.WriteLine(m));
            results["invariance"] = r.Select(x => new { arm = x.Name, strategy = x.Strategy, theoryPredictsInvariance = x.TheoryPredictsInvariance, finalRelativeDistance = x.Final, x.DistanceToEquivariantTrajectory, matchesTheory = x.MatchesTheory, relativeDistance = x.RelativeDistance });
            ok &= r.All(x => x.MatchesTheory);
            if (!json) TheoremCheckTables.Invariance(stdout, r, steps, learningRate);
        }
        if (json)
            stdout.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        else
            stdout.WriteLine(ok ? "verdict: every check agrees with the theory" : "verdict: SOME CHECK DISAGREES WITH THE THEORY (see above)");
        return ok ? 0 : 1;
    }
}
