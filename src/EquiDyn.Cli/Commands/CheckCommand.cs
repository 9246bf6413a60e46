using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EquiDyn.Checks;
using EquiDyn.Engine;
using EquiDyn.Reporting.Text;

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
                if (!parseResult.GetValue(json)) TheoremCheckTables.Augmentation(stdout, r);
            }
            if (all || name == "stationary")
            {
                var r = TheoremCheckSuite.Stationary(s, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["stationary"] = r.Select(x => new { support = x.Support, compatible = x.Result.Compatible, x.Result.InitialGradient, x.Result.EquivariantGradient, x.Result.AugmentedGradient, x.Result.RelativeEquivariant, x.Result.RelativeAugmented, x.Result.Discrepancy, x.Result.Iterations, x.Result.Evaluations, matchesTheory = x.Result.MatchesTheory });
                ok &= r.All(x => x.Result.MatchesTheory);
                if (!parseResult.GetValue(json)) TheoremCheckTables.Stationary(stdout, r);
            }
            if (all || name == "sampling")
            {
                var r = TheoremCheckSuite.Sampling(s, drawCount, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["sampling"] = r.Select(x => new { path = x.Path.ToString(), draws = x.Draws, errors = x.Errors, thresholds = x.Thresholds, x.Spread, x.Slope, x.FalseAlarmRate, x.OrbitSetGap, passes = x.Passes });
                ok &= r.All(x => x.Passes);
                if (!parseResult.GetValue(json)) TheoremCheckTables.Sampling(stdout, r);
            }
            if (all || name == "invariance")
            {
                var r = TheoremCheckSuite.Invariance(s, stepCount, rate, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["invariance"] = r.Select(x => new { arm = x.Name, strategy = x.Strategy, theoryPredictsInvariance = x.TheoryPredictsInvariance, finalRelativeDistance = x.Final, x.DistanceToEquivariantTrajectory, outcome = x.Outcome.ToString(), matchesTheory = x.MatchesTheory, explainedByInstability = x.ExplainedByInstability, growth = x.Growth, relativeDistance = x.RelativeDistance });
                ok &= r.All(x => x.MatchesTheory || x.ExplainedByInstability);
                if (!parseResult.GetValue(json)) TheoremCheckTables.Invariance(stdout, r, stepCount, rate);
            }
            if (all || name == "optimizers")
            {
                var r = OptimizerInvarianceCheck.Suite(s, OptimizerInvarianceCheck.CheckSteps, OptimizerInvarianceCheck.CheckLearningRate, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["optimizers"] = r.Select(x => new { x.Support, x.Basis, x.Optimizer, predictsInvariance = x.Predicted, x.Reason, finalRelativeDistance = x.Final, matchesTheory = x.MatchesTheory });
                ok &= r.All(x => x.MatchesTheory);
                if (!parseResult.GetValue(json)) OptimizerCheckTable.Print(stdout, r, OptimizerInvarianceCheck.CheckSteps, OptimizerInvarianceCheck.CheckLearningRate);
            }
            if (all || name == "ensemble")
            {
                var r = OrbitEnsembleCheck.Suite(s, OrbitEnsembleCheck.CheckSteps, OrbitEnsembleCheck.CheckLearningRate, parseResult.GetValue(json) ? null : m => stderr.WriteLine(m));
                results["ensemble"] = r.Select(x => new { arm = x.Name, predictsExact = x.TheoryPredictsExact, meanError = x.MeanError, memberError = x.MemberError, matchesTheory = x.MatchesTheory });
                ok &= r.All(x => x.MatchesTheory);
                if (!parseResult.GetValue(json)) EnsembleCheckTable.Print(stdout, r, OrbitEnsembleCheck.CheckSteps, OrbitEnsembleCheck.CheckLearningRate);
            }
            if (parseResult.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
            else
                stdout.WriteLine(ok ? "verdict: every check agrees with the theory" : "verdict: SOME CHECK DISAGREES WITH THE THEORY (see above)");
            return ok ? 0 : 1;
        });
        return command;
    }
}
