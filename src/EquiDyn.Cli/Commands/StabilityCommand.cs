using System.CommandLine;
using System.Globalization;
using EquiDyn.Analysis;
using EquiDyn.Engine;
using EquiDyn.Experiments;
using EquiDyn.Reporting;
using EquiDyn.Reporting.Text;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn stability</c>: second-order stability of an equivariant stationary point for Equi and Aug
/// training (docs/stability.md). The problem comes from a provider — a built-in example (<c>--example</c>) or a checkpoint
/// written by <c>equidyn run</c> (<see cref="CheckpointStabilityProblem"/>); the analysis, printing and files do not
/// depend on where it came from.</summary>
public static class StabilityCommand
{
    private const string Name = "stability";

    /// <summary>Default training samples of a checkpoint's risk: on a quick mnist-c4 checkpoint (n = 62,240) one HVP
    /// then costs ~0.4 s on an idle 2-core machine, so the default analysis (96 HVPs) takes under a minute, and ~10 min
    /// when the cores are shared with a dozen other jobs (measurements in docs/stability.md).</summary>
    public const int DefaultSamples = 16;

    /// <summary>Default Lanczos products per block for checkpoints.</summary>
    public const int DefaultCheckpointProducts = 40;

    public static Command Create()
    {
        var checkpoint = new Argument<string?>("checkpoint")
        {
            Description = "A checkpoint.npz written by 'equidyn run', or its run directory (<arm>-seed<k>/ or equivariant-<support>-seed<k>/).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var samples = new Option<int>("--samples") { Description = "Checkpoints: training samples in the risk (each with its whole orbit), a fixed seeded subset.", DefaultValueFactory = _ => DefaultSamples };
        var sampleSeed = new Option<ulong>("--sample-seed") { Description = "Checkpoints: seed of the sample subset.", DefaultValueFactory = _ => 0UL };
        var project = new Option<bool>("--project") { Description = "Checkpoints: analyse the projection of the point onto E∩L (for Aug-phase checkpoints, which drift off it)." };
        var arm = new Option<string?>("--arm") { Description = "Checkpoints of a shared Equi phase: the arm whose L to transfer into (default: the first unitary arm with that support)." };
        var maxProducts = new Option<int>("--max-products") { Description = "Checkpoints: Lanczos Hessian-vector products per block (the run's cost).", DefaultValueFactory = _ => DefaultCheckpointProducts };
        var stationarity = new Option<double?>("--stationarity-tol") { Description = "‖gradient‖ up to which the point counts as stationary (default 1e-8)." };
        var example = new Option<string?>("--example")
        {
            Description = $"Built-in problem to analyse ({string.Join(", ", StabilityExamples.Names)}).",
        };
        var eta = new Option<double?>("--eta") { Description = "GD step size η for the predicted and simulated growth off E (default 0.1; for a checkpoint the learning rate of its spec's Aug phase)." };
        var gamma = new Option<double?>("--gamma") { Description = "Also analyse the regularised risk R_aug + (γ/2)‖Π_E⊥ θ‖² with this γ ≥ 0." };
        var steps = new Option<int>("--steps") { Description = "GD steps of the regularised run that decides return vs escape.", DefaultValueFactory = _ => 2000 };
        var output = new Option<string?>("--out") { Description = "Directory to write stability.json and the plots into (created if needed)." };
        var json = new Option<bool>("--json") { Description = "Print the JSON report on stdout instead of the summary." };
        var refine = new Option<bool>("--refine") { Description = "Checkpoints: first refine the point to a stationary point of the equivariant risk on the analysis subset (float64 L-BFGS on the E∩L coordinates)." };
        var refineTol = new Option<double>("--refine-tol") { Description = "--refine: stop when ‖Π(E∩L)∇R‖ has fallen by this factor from the start.", DefaultValueFactory = _ => DefaultRefineTolerance };
        var refineIterations = new Option<int>("--refine-iterations") { Description = "--refine: iteration budget (L-BFGS steps, and Newton steps on a small E∩L, together).", DefaultValueFactory = _ => DefaultRefineIterations };

        var command = new Command(Name, "Hessian block analysis at an equivariant stationary point: Equi/Aug verdicts, growth off E, stabilising γ.");
        command.Arguments.Add(checkpoint);
        foreach (var option in new Option[] { example, eta, gamma, steps, output, json, samples, sampleSeed, project, arm, maxProducts, stationarity, refine, refineTol, refineIterations })
            command.Options.Add(option);
        command.Action = new OneLineErrorAction(Name, (parseResult, stdout, stderr) =>
        {
            int Fail(string message) => StabilityCommand.Fail(stderr, message);
            double? etaGiven = parseResult.GetValue(eta);
            if (etaGiven is { } e0 && (!(e0 > 0) || !double.IsFinite(e0)))
                return Fail($"--eta must be a finite number > 0 (got {Format(e0)}).");
            double etaValue = etaGiven ?? 0.1;
            double? gammaValue = parseResult.GetValue(gamma);
            if (gammaValue is { } g && (!(g >= 0) || !double.IsFinite(g)))
                return Fail($"--gamma must be a finite number ≥ 0 (got {Format(g)}).");
            int stepsValue = parseResult.GetValue(steps);
            if (stepsValue < 1)
                return Fail($"--steps must be ≥ 1 (got {stepsValue}).");
            int samplesValue = parseResult.GetValue(samples);
            if (samplesValue < 1) return Fail($"--samples must be ≥ 1 (got {samplesValue}).");
            int productsValue = parseResult.GetValue(maxProducts);
            if (productsValue < 10) return Fail($"--max-products must be ≥ 10 (got {productsValue}).");
            double? tolerance = parseResult.GetValue(stationarity);
            if (tolerance is { } t && (!(t > 0) || !double.IsFinite(t)))
                return Fail($"--stationarity-tol must be a finite number > 0 (got {Format(t)}).");
            double refineTolerance = parseResult.GetValue(refineTol);
            if (!(refineTolerance > 0 && refineTolerance < 1)) return Fail($"--refine-tol must be a number in (0, 1) (got {Format(refineTolerance)}).");
            int refineBudget = parseResult.GetValue(refineIterations);
            if (refineBudget < 1) return Fail($"--refine-iterations must be ≥ 1 (got {refineBudget}).");
            string? checkpointPath = parseResult.GetValue(checkpoint);
            string? exampleName = parseResult.GetValue(example);
            // An unknown option would otherwise be taken for the checkpoint argument.
            if (checkpointPath is not null && checkpointPath.StartsWith('-'))
                return Fail($"unrecognized argument '{checkpointPath}' (see equidyn {Name} --help).");
            if (checkpointPath is not null && exampleName is not null)
                return Fail("give either a checkpoint or --example, not both.");
            if (parseResult.GetValue(refine) && checkpointPath is null)
                return Fail("--refine needs a checkpoint (the built-in examples are already at their stationary point).");
            var options = new StabilityOptions { Eta = etaValue, Gamma = gammaValue, RegularisedSteps = stepsValue };
            if (tolerance is { } tol) options = options with { StationarityTolerance = tol };
            StabilityProblem? problem;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (checkpointPath is not null)
            {
                TorchRuntime.EnsureLoaded();
                CheckpointStability loaded;
                try
                {
                    loaded = CheckpointStabilityProblem.Load(checkpointPath, new CheckpointStabilityOptions
                    {
                        Samples = samplesValue,
                        SampleSeed = parseResult.GetValue(sampleSeed),
                        ProjectOntoIntersection = parseResult.GetValue(project),
                        Arm = parseResult.GetValue(arm),
                        Log = stderr,
                    });
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ExperimentSpecException or ArgumentException or UnauthorizedAccessException)
                {
                    return Fail($"{checkpointPath}: {e.Message}");
                }
                problem = loaded.Problem;
                // η = 0.1 suits the toy example; a trained network's curvature is far larger, so by default the growth is
                // simulated at the rate the checkpoint's Aug phase trains with.
                if (etaGiven is null) options = options with { Eta = loaded.Spec.AugmentedPhase.LearningRate };
                options = options with { Lanczos = CheckpointLanczos(productsValue), GrowthSteps = 20, CrossBlockIterations = 4 };
                var log = parseResult.GetValue(json) ? stderr : stdout;
                foreach (var note in loaded.Notes) log.WriteLine($"note: {note}");
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"loaded in {clock.Elapsed.TotalSeconds:F1} s; analysing n = {problem.Dimension} with up to {productsValue} HVPs per block"));
                if (parseResult.GetValue(refine))
                {
                    clock.Restart();
                    var refined = Refine(problem, refineTolerance, refineBudget, log);
                    problem = problem.At(TorchSharp.torch.tensor(refined.Theta, dtype: TorchSharp.torch.ScalarType.Float64),
                        problem.Description + string.Create(CultureInfo.InvariantCulture,
                            $" Refined by L-BFGS on E∩L ({refined.Iterations} iterations): ‖Π(E∩L)∇R‖ {refined.InitialGradientNorm:E2} → {refined.GradientNorm:E2}, R {refined.InitialRisk:G6} → {refined.Risk:G6}."));
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"refinement took {clock.Elapsed.TotalSeconds:F1} s"));
                }
            }
            else
            {
                var (resolved, error) = ResolveProblem(exampleName);
                if (resolved is null) return Fail(error!);
                problem = resolved;
            }
            string? directory = parseResult.GetValue(output);
            if (directory is not null)
            {
                try { Directory.CreateDirectory(directory); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    return Fail($"--out: cannot create directory '{directory}': {e.Message}");
                }
            }

            TorchRuntime.EnsureLoaded();
            clock.Restart();
            var report = StabilityAnalysis.Analyze(problem, options);
            if (parseResult.GetValue(json)) stdout.WriteLine(StabilityReportJson.Serialize(report));
            else StabilitySummary.Print(report, stdout);
            if (checkpointPath is not null)
                (parseResult.GetValue(json) ? stderr : stdout).WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"analysis took {clock.Elapsed.TotalSeconds:F1} s ({report.HessianVectorProducts} HVPs)"));
            if (directory is not null)
            {
                var written = new List<string> { Path.Combine(directory, "stability.json") };
                StabilityReportJson.Write(report, written[0]);
                written.AddRange(StabilityPlots.Save(report, directory));
                // With --json, stdout carries only the JSON document; the file list goes to stderr.
                (parseResult.GetValue(json) ? stderr : stdout).WriteLine($"wrote {string.Join(", ", written)}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Default relative gradient the refinement must reach: ten digits below the checkpoint's gradient.</summary>
    public const double DefaultRefineTolerance = 1e-10;

    /// <summary>Default L-BFGS iterations of the refinement.</summary>
    public const int DefaultRefineIterations = 1000;

    /// <summary>Refines the problem's point on E∩L with the nominal risk (R = R_aug on E by L3, and their E∩L gradients
    /// agree by P1, at 1/|G| of the cost), printing progress about every 5 s and a clear message if the budget runs out.</summary>
    private static RefinementResult Refine(StabilityProblem problem, double tolerance, int iterations, TextWriter log)
    {
        var risk = problem.NominalRisk ?? problem.AugmentedRisk;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double lastPrint = 0;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"refining on E∩L (L-BFGS, float64) until ‖Π(E∩L)∇R‖ falls by {tolerance:E0}, at most {iterations} iterations"));
        var result = StationaryPointRefiner.Refine(risk, problem.Theta, problem.Equivariant, new RefinementOptions
        {
            RelativeTolerance = tolerance,
            MaxIterations = iterations,
            MaxTotalIterations = iterations,
            MaxEvaluations = 4 * iterations,
            Progress = p =>
            {
                if (clock.Elapsed.TotalSeconds - lastPrint < 5) return;
                lastPrint = clock.Elapsed.TotalSeconds;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  refine: iteration {p.Iteration}, R = {p.Risk:G8}, ‖Π(E∩L)∇R‖ = {p.GradientNorm:E2} (relative {p.RelativeGradient:E2}), {p.Evaluations} evaluations, {clock.Elapsed.TotalSeconds:F0} s"));
            },
        });
        log.WriteLine(result.Converged
            ? string.Create(CultureInfo.InvariantCulture,
                $"refined: stationary after {result.Iterations} iterations ({result.Evaluations} evaluations): ‖Π(E∩L)∇R‖ {result.InitialGradientNorm:E2} → {result.GradientNorm:E2}, R {result.InitialRisk:G8} → {result.Risk:G8}")
            : string.Create(CultureInfo.InvariantCulture,
                $"refinement did NOT converge: {result.StopReason}; ‖Π(E∩L)∇R‖ {result.InitialGradientNorm:E2} → {result.GradientNorm:E2} (relative {result.RelativeGradient:E2}, wanted {tolerance:E0}). The analysis below is at the best point reached; raise --refine-iterations or --refine-tol."));
        return result;
    }

    /// <summary>Lanczos settings for a checkpoint: two pairs per end, a basis of 24 and a product budget per block;
    /// what is not converged within the budget is reported with its measured residual.</summary>
    private static LanczosOptions CheckpointLanczos(int products) =>
        new() { Count = 2, MaxBasisSize = Math.Min(24, products), MaxProducts = products, Tolerance = 1e-6 };

    /// <summary>The built-in problem provider: an example by name.</summary>
    private static (StabilityProblem? Problem, string? Error) ResolveProblem(string? example)
    {
        string known = string.Join(", ", StabilityExamples.Names);
        if (example is null) return (null, $"give a checkpoint (or run directory) or --example (known: {known}).");
        return StabilityExamples.TryCreate(example, out var problem)
            ? (problem, null)
            : (null, $"--example: unknown example '{example}' (known: {known}).");
    }

    private static int Fail(TextWriter stderr, string message) => OneLineErrorAction.Fail(stderr, Name, message);

    private static string Format(double x) => x.ToString("G", CultureInfo.InvariantCulture);
}
