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
        var steps = new Option<int>("--steps") { Description = "Augmented GD steps of the invariance run.", DefaultValueFactory = _ => 200 };
        var lr = new Option<double>("--lr") { Description = "Learning rate of the invariance run (0.01 is inside the stable range; 0.2 shows rounding amplified by an instability).", DefaultValueFactory = _ => 0.01 };
        var draws = new Option<int>("--draws") { Description = "Sampled gradients per path of the sampling check (tested after 1%, 10% and all of them; ≥ 100).", DefaultValueFactory = _ => 400 };
        var seed = new Option<long>("--seed") { Description = "Seed of the data and of the initial point.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var spec = new Option<string>("--spec") { Description = "Run the checks on the model of this spec (a layers architecture, docs/your-own-model.md) instead of the small C4 CNN." };
        var samples = new Option<int>("--samples") { Description = "With --spec: training samples in the risks (each with its whole orbit).", DefaultValueFactory = _ => 24 };
        var command = new Command("check", "Check the paper's theorems on a small C4 CNN in float64 (exact augmentation, stationary points, invariance of E∩L).");
        command.Arguments.Add(which);
        foreach (var option in new Option[] { steps, lr, draws, seed, json, spec, samples }) command.Options.Add(option);
        command.Action = new OneLineErrorAction("check", (parseResult, stdout, stderr) =>
        {
            int stepCount = parseResult.GetValue(steps);
            double rate = parseResult.GetValue(lr);
            if (stepCount < 1) return OneLineErrorAction.Fail(stderr, "check", $"--steps must be ≥ 1 (got {stepCount})");
            if (!(rate > 0) || !double.IsFinite(rate)) return OneLineErrorAction.Fail(stderr, "check", $"--lr must be a finite number > 0 (got {rate.ToString(CultureInfo.InvariantCulture)})");
            int drawCount = parseResult.GetValue(draws);
            if (drawCount < 100) return OneLineErrorAction.Fail(stderr, "check", $"--draws must be ≥ 100 (got {drawCount}): the error is tested after 1%, 10% and all of the draws");
            TorchRuntime.EnsureLoaded();
            if (parseResult.GetValue(spec) is { } specPath)
                return SpecCheckCommand.Run(specPath, parseResult.GetValue(which)!, stepCount, rate, parseResult.GetValue(seed), parseResult.GetValue(samples), parseResult.GetValue(json), stdout, stderr);
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
                var r = TheoremCheckSuite.Stationary(s, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["stationary"] = r.Select(x => new { support = x.Support, compatible = x.Result.Compatible, x.Result.InitialGradient, x.Result.EquivariantGradient, x.Result.AugmentedGradient, x.Result.RelativeEquivariant, x.Result.RelativeAugmented, x.Result.Discrepancy, x.Result.Iterations, x.Result.Evaluations, matchesTheory = x.Result.MatchesTheory });
                ok &= r.All(x => x.Result.MatchesTheory);
                if (!parseResult.GetValue(json)) PrintStationary(stdout, r);
            }
            if (all || name == "sampling")
            {
                var r = TheoremCheckSuite.Sampling(s, drawCount, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["sampling"] = r.Select(x => new { path = x.Path.ToString(), draws = x.Draws, errors = x.Errors, thresholds = x.Thresholds, x.Spread, x.Slope, x.FalseAlarmRate, x.OrbitSetGap, passes = x.Passes });
                ok &= r.All(x => x.Passes);
                if (!parseResult.GetValue(json)) PrintSampling(stdout, r);
            }
            if (all || name == "invariance")
            {
                var r = TheoremCheckSuite.Invariance(s, stepCount, rate, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["invariance"] = r.Select(x => new { arm = x.Name, strategy = x.Strategy, theoryPredictsInvariance = x.TheoryPredictsInvariance, finalRelativeDistance = x.Final, x.DistanceToEquivariantTrajectory, outcome = x.Outcome.ToString(), matchesTheory = x.MatchesTheory, explainedByInstability = x.ExplainedByInstability, growth = x.Growth, relativeDistance = x.RelativeDistance });
                ok &= r.All(x => x.MatchesTheory || x.ExplainedByInstability);
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
        InvarianceOutcome.RoundingAmplified => "rounding amplified (an instability, not a T2 confirmation)",
        _ => "DRIFTS off E∩L: a slow bias (DISAGREES with T2)",
    };

    private static string E(double x) => x.ToString("0.00E+00", CultureInfo.InvariantCulture);

    internal static void PrintAugmentation(TextWriter o, IReadOnlyList<(string Support, ExactAugmentationResult Result)> results)
    {
        o.WriteLine("(a) exact augmentation at A ∈ E∩L: R_aug(A) = R(A) and ∇R_aug(A) = Π_E∇R(A)  [docs/checks.md L3, P1]");
        o.WriteLine("    support  R(A)        |R_aug−R|/R  ‖∇R_aug−Π_E∇R‖/‖∇R‖  ‖Π_E⊥∇R‖/‖∇R‖  holds");
        foreach (var (support, r) in results)
            o.WriteLine($"    {support,-8} {r.Risk,-11:F6} {E(r.RiskGap),-12} {E(r.GradientGap),-20} {E(r.NominalOffE),-15} {(r.Holds ? "yes" : "NO")}");
        o.WriteLine();
    }

    internal static void PrintStationary(TextWriter o, IReadOnlyList<(string Support, StationaryPointResult Result)> results)
    {
        o.WriteLine("(b) stationary points: refine to an Equi-stationary point A* (float64 L-BFGS on E∩L), then ‖Π_L∇R_aug(A*)‖  [docs/checks.md T1]");
        o.WriteLine("    support  compatible  ‖Π_E∩L ∇R‖ start → at A*   iterations  ‖Π_L ∇R_aug(A*)‖  relative  Aug-stationary  verdict");
        foreach (var (support, r) in results)
            o.WriteLine($"    {support,-8} {(r.Compatible ? "yes" : "no"),-11} {E(r.InitialGradient)} → {E(r.EquivariantGradient),-10} {r.Iterations,-11} {E(r.AugmentedGradient),-17} {E(r.RelativeAugmented),-9} {(r.AugStationary ? "yes" : "no"),-15} " +
                        (r.MatchesTheory ? (r.Compatible ? "stationary for both, as T1(b) says" : "not Aug-stationary, as T1(c) allows") : !r.EquiStationary ? "NOT REFINED to a stationary point" : "DISAGREES with T1"));
        o.WriteLine($"    tolerances (relative to the start's gradient): A* stationary ≤ {E(StationaryPointCheck.StationaryTolerance)} (ten digits, far above rounding); " +
                    $"Aug-stationary ≤ {E(StationaryPointCheck.AugmentedStationaryBound)} (10× that, for the rounding of a second gradient);");
        o.WriteLine($"    clearly not Aug-stationary ≥ {E(StationaryPointCheck.NonStationaryFloor)} (the skew's corner component; nothing between the bounds passes).");
        o.WriteLine();
    }

    private static void PrintSampling(TextWriter o, IReadOnlyList<SamplingCheckResult> results)
    {
        o.WriteLine("(c) sampled augmentation: ‖mean of k sampled gradients − ∇R_aug‖/‖∇R_aug‖ against a bound ∝ 1/√k  [docs/checks.md, sampling]");
        var draws = results[0].Draws;
        o.WriteLine($"    path           {string.Join("  ", draws.Select(k => $"k = {k,-4} error (bound)  "))}  slope  orbit set = R_aug  verdict");
        foreach (var r in results)
            o.WriteLine($"    {Path(r.Path),-14} {string.Join("  ", r.Errors.Select((e, j) => $"{E(e)} ({E(r.Thresholds[j])})"))}  {r.Slope,5:F2}  " +
                        $"{(r.OrbitSetGap is { } gap ? E(gap) : "—"),-17}  {(r.Passes ? "unbiased" : "BIASED (DISAGREES)")}");
        o.WriteLine($"    bound: √(tr Σ/k) + √(ln(3/α)·Σ_B D_B²/(2k)) (McDiarmid; Σ and the block ranges D_B exact from the |G|·N per-sample gradients),");
        o.WriteLine($"    false-alarm rate α = {results[0].FalseAlarmRate.ToString(CultureInfo.InvariantCulture)} per path over the three k; fixed seed. Slope of log error vs log k: −½ unbiased, → 0 biased.");
        o.WriteLine($"    orbit set: the gradient over the whole rotated-copy set must equal ∇R_aug to {E(SamplingCheckResult.OrbitSetTolerance)} (float64 rounding).");
        o.WriteLine();
    }

    private static string Path(SamplingPath p) => p switch
    {
        SamplingPath.PerBatch => "per batch",
        SamplingPath.PerSample => "per sample",
        _ => "orbit dataset",
    };

    internal static void PrintInvariance(TextWriter o, IReadOnlyList<InvarianceArmResult> results, int steps, double lr)
    {
        o.WriteLine($"(d) full-batch GD with exact orbits from a point of E∩L, η = {lr.ToString(CultureInfo.InvariantCulture)}: relative distance ‖A−Π_E∩L A‖/‖A‖  [docs/checks.md T2]");
        int[] at = new[] { 1, 10, 20, 50, steps / 2, steps }.Where(k => k >= 1 && k <= steps).Distinct().Order().ToArray();
        o.WriteLine($"    arm               T2 applies  {string.Join("  ", at.Select(k => $"step {k,-5}"))}  vs Equi path  verdict");
        foreach (var r in results)
            o.WriteLine($"    {r.Name,-17} {(r.TheoryPredictsInvariance ? "yes" : "no"),-11} {string.Join("  ", at.Select(k => $"{E(r.RelativeDistance[k - 1]),-10}"))}  {E(r.DistanceToEquivariantTrajectory),-11}  " +
                              $"{Describe(r)}");
        o.WriteLine($"    tolerance {E(results[0].Tolerance)} (float64 rounding over {steps} steps stays ~1e-16…1e-15); 'leaves' means ≥ 100× that after one step.");
        foreach (var r in results.Where(r => r.Growth is not null))
        {
            var g = r.Growth!;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {r.Name}: distance {g.Floor:E1} (floor of steps 1–10) → {r.Final:E1}, ×{g.Amplification:E1}; steps {g.FirstStep}–{g.LastStep} grow ×{g.Measured:F4}/step. E⊥∩L block of the augmented Hessian at the Equi point of step {(g.FirstStep + g.LastStep) / 2}: " +
                $"λ_min {g.Eigenvalue:G4} → 1 − ηλ_min = {g.PredictedByMinimum:F4}/step; λ_max {g.LargestEigenvalue:G4} → |1 − ηλ_max| = {Math.Abs(1 - g.Eta * g.LargestEigenvalue):F4}/step"));
            o.WriteLine(g.IsInstabilityAmplification
                ? "      → rounding amplified (from float64 rounding, ≥ 10⁴×) by an unstable direction off E∩L (docs/stability.md): consistent with the theory, but T2 is not confirmed at this η; a smaller --lr keeps it at rounding level."
                : $"      → not rounding amplified by an instability (floor above rounding or growth < 10⁴×): a bias in the augmented gradient (DISAGREES with T2).");
        }
        o.WriteLine();
    }
}
