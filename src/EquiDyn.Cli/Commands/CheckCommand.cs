using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EquiDyn.Checks;
using EquiDyn.Engine;

namespace EquiDyn.Cli.Commands;

/// <summary>
/// <c>equidyn check augmentation|stationary|invariance|all</c>: the paper's results (docs/checks.md L3/P1, T1, T2) run in
/// float64 on the small C4 CNN of <see cref="SmallConvNetCase"/>, each with its numbers and a verdict.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var which = new Argument<string>("check")
        {
            Description = $"Which result to check: {string.Join(", ", TheoremCheckSuite.Names)} or all.",
        };
        which.AcceptOnlyFromAmong(TheoremCheckSuite.Names.Append("all").ToArray());
        var steps = new Option<int>("--steps") { Description = "Gradient steps (invariance: augmented GD steps; stationary: Equi steps).", DefaultValueFactory = _ => 200 };
        var lr = new Option<double>("--lr") { Description = "Learning rate of the invariance run (the stationary run uses 50×).", DefaultValueFactory = _ => 0.01 };
        var seed = new Option<long>("--seed") { Description = "Seed of the data and of the initial point.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("check", "Check the paper's theorems on a small C4 CNN in float64 (exact augmentation, stationary points, invariance of E∩L).");
        command.Arguments.Add(which);
        foreach (var option in new Option[] { steps, lr, seed, json }) command.Options.Add(option);
        command.Action = new OneLineErrorAction("check", (parseResult, stdout, stderr) =>
        {
            int stepCount = parseResult.GetValue(steps);
            double rate = parseResult.GetValue(lr);
            if (stepCount < 1) return OneLineErrorAction.Fail(stderr, "check", $"--steps must be ≥ 1 (got {stepCount})");
            if (!(rate > 0) || !double.IsFinite(rate)) return OneLineErrorAction.Fail(stderr, "check", $"--lr must be a finite number > 0 (got {rate.ToString(CultureInfo.InvariantCulture)})");
            TorchRuntime.EnsureLoaded();
            string name = parseResult.GetValue(which)!;
            bool all = name == "all";
            long s = parseResult.GetValue(seed);
            var results = new Dictionary<string, object>();
            bool ok = true;
            if (all || name == "augmentation")
            {
                var r = TheoremCheckSuite.Augmentation(s);
                results["augmentation"] = r.Select(x => new { support = x.Support, x.Result.Risk, x.Result.AugmentedRisk, x.Result.RiskGap, x.Result.GradientGap, x.Result.NominalOffE, holds = x.Result.Holds });
                ok &= r.All(x => x.Result.Holds);
                if (!parseResult.GetValue(json)) PrintAugmentation(stdout, r);
            }
            if (all || name == "stationary")
            {
                var r = TheoremCheckSuite.Stationary(s, stepCount, 50 * rate);
                results["stationary"] = r.Select(x => new { support = x.Support, compatible = x.Compatible, x.Result.EquivariantGradient, x.Result.AugmentedGradient, x.Result.Discrepancy, x.Result.RelativeDiscrepancy, x.Result.EquivariantSteps });
                ok &= r.All(x => x.Compatible ? x.Result.RelativeDiscrepancy < 1e-10 : x.Result.RelativeDiscrepancy > 1e-6);
                if (!parseResult.GetValue(json)) PrintStationary(stdout, r);
            }
            if (all || name == "invariance")
            {
                var r = TheoremCheckSuite.Invariance(s, stepCount, rate, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["invariance"] = r.Select(x => new { arm = x.Name, strategy = x.Strategy, theoryPredictsInvariance = x.TheoryPredictsInvariance, finalRelativeDistance = x.Final, x.DistanceToEquivariantTrajectory, matchesTheory = x.MatchesTheory, relativeDistance = x.RelativeDistance });
                ok &= r.All(x => x.MatchesTheory);
                if (!parseResult.GetValue(json)) PrintInvariance(stdout, r, stepCount, rate);
            }
            if (all || name == "optimizers")
            {
                var r = OptimizerInvarianceCheck.Suite(s, OptimizerInvarianceCheck.CheckSteps, OptimizerInvarianceCheck.CheckLearningRate, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["optimizers"] = r.Select(x => new { x.Support, x.Basis, x.Optimizer, predictsInvariance = x.Predicted, x.Reason, finalRelativeDistance = x.Final, matchesTheory = x.MatchesTheory });
                ok &= r.All(x => x.MatchesTheory);
                if (!parseResult.GetValue(json)) Output.OptimizerCheckOutput.Print(stdout, r, OptimizerInvarianceCheck.CheckSteps, OptimizerInvarianceCheck.CheckLearningRate);
            }
            if (all || name == "ensemble")
            {
                var r = OrbitEnsembleCheck.Suite(s, OrbitEnsembleCheck.CheckSteps, OrbitEnsembleCheck.CheckLearningRate, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["ensemble"] = r.Select(x => new { arm = x.Name, predictsExact = x.TheoryPredictsExact, meanError = x.MeanError, memberError = x.MemberError, matchesTheory = x.MatchesTheory });
                ok &= r.All(x => x.MatchesTheory);
                if (!parseResult.GetValue(json)) Output.EnsembleCheckOutput.Print(stdout, r, OrbitEnsembleCheck.CheckSteps, OrbitEnsembleCheck.CheckLearningRate);
            }
            if (parseResult.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
            else
                stdout.WriteLine(ok ? "verdict: every check agrees with the theory" : "verdict: SOME CHECK DISAGREES WITH THE THEORY (see above)");
            return ok ? 0 : 1;
        });
        return command;
    }

    private static string Describe(InvarianceArmResult r) => r.Outcome switch
    {
        InvarianceOutcome.Stayed => r.MatchesTheory ? "stays in E∩L" : "stays (UNEXPECTED)",
        InvarianceOutcome.LeftAtOnce => r.MatchesTheory ? "leaves E∩L" : "leaves (UNEXPECTED)",
        InvarianceOutcome.RoundingAmplified => "rounding amplified",
        _ => "inconclusive",
    };

    private static string E(double x) => x.ToString("0.00E+00", CultureInfo.InvariantCulture);

    private static void PrintAugmentation(TextWriter o, IReadOnlyList<(string Support, ExactAugmentationResult Result)> results)
    {
        o.WriteLine("(a) exact augmentation at A ∈ E∩L: R_aug(A) = R(A) and ∇R_aug(A) = Π_E∇R(A)  [docs/checks.md L3, P1]");
        o.WriteLine("    support  R(A)        |R_aug−R|/R  ‖∇R_aug−Π_E∇R‖/‖∇R‖  ‖Π_E⊥∇R‖/‖∇R‖  holds");
        foreach (var (support, r) in results)
            o.WriteLine($"    {support,-8} {r.Risk,-11:F6} {E(r.RiskGap),-12} {E(r.GradientGap),-20} {E(r.NominalOffE),-15} {(r.Holds ? "yes" : "NO")}");
        o.WriteLine();
    }

    private static void PrintStationary(TextWriter o, IReadOnlyList<(string Support, bool Compatible, StationaryPointResult Result)> results)
    {
        o.WriteLine("(b) stationary points near an Equi-stationary point: ‖Π_{E∩L}∇R‖ vs ‖Π_L∇R_aug‖  [docs/checks.md T1]");
        o.WriteLine("    support  compatible  ‖Π_E∩L ∇R‖   ‖Π_L ∇R_aug‖  ‖difference‖  relative");
        foreach (var (support, compatible, r) in results)
            o.WriteLine($"    {support,-8} {(compatible ? "yes" : "no"),-11} {E(r.EquivariantGradient),-12} {E(r.AugmentedGradient),-13} {E(r.Discrepancy),-13} {E(r.RelativeDiscrepancy)}");
        o.WriteLine("    compatible: the two gradients coincide, so Equi- and Aug-stationary points in E coincide;");
        o.WriteLine("    skew: the augmented gradient keeps a corner component, so an Equi-stationary point is not Aug-stationary.");
        o.WriteLine();
    }

    private static void PrintInvariance(TextWriter o, IReadOnlyList<InvarianceArmResult> results, int steps, double lr)
    {
        o.WriteLine($"(c, d) full-batch GD with exact orbits from a point of E∩L, η = {lr.ToString(CultureInfo.InvariantCulture)}: relative distance ‖A−Π_E∩L A‖/‖A‖  [docs/checks.md T2]");
        int[] at = new[] { 1, 10, 20, 50, steps / 2, steps }.Where(k => k >= 1 && k <= steps).Distinct().ToArray();
        o.WriteLine($"    arm               T2 applies  {string.Join("  ", at.Select(k => $"step {k,-5}"))}  vs Equi path  verdict");
        foreach (var r in results)
            o.WriteLine($"    {r.Name,-17} {(r.TheoryPredictsInvariance ? "yes" : "no"),-11} {string.Join("  ", at.Select(k => $"{E(r.RelativeDistance[k - 1]),-10}"))}  {E(r.DistanceToEquivariantTrajectory),-11}  " +
                              $"{Describe(r)}");
        o.WriteLine($"    tolerance {E(results[0].Tolerance)} (float64 rounding over {steps} steps); 'leaves' means ≥ 100× that.");
        if (results.Any(r => r.Outcome == InvarianceOutcome.RoundingAmplified))
            o.WriteLine("    'rounding amplified': the arm starts at rounding level, as T2 says, then an unstable direction off E∩L (docs/stability.md)\n" +
                        "    grows the rounding error geometrically; a smaller --lr keeps it at rounding level.");
        o.WriteLine();
    }
}
