using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using EquiDyn.Analysis;
using EquiDyn.Cli.Output;
using EquiDyn.Cli.Plots;
using EquiDyn.Engine;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn stability</c>: second-order stability of an equivariant stationary point for Equi and Aug
/// training (PAPER.md §3). The problem comes from a provider (today the built-in examples); the analysis, printing and
/// files do not depend on where it came from, so a checkpoint provider plugs in at <see cref="ResolveProblem"/>.</summary>
public static class StabilityCommand
{
    private const string Name = "stability";

    public static Command Create()
    {
        var example = new Option<string?>("--example")
        {
            Description = $"Built-in problem to analyse ({string.Join(", ", StabilityExamples.Names)}).",
        };
        var eta = new Option<double>("--eta") { Description = "GD step size η for the predicted and simulated growth off E.", DefaultValueFactory = _ => 0.1 };
        var gamma = new Option<double?>("--gamma") { Description = "Also analyse the regularised risk R_aug + (γ/2)‖Π_E⊥ θ‖² with this γ ≥ 0." };
        var steps = new Option<int>("--steps") { Description = "GD steps of the regularised run that decides return vs escape.", DefaultValueFactory = _ => 2000 };
        var output = new Option<string?>("--out") { Description = "Directory to write stability.json and the plots into (created if needed)." };
        var json = new Option<bool>("--json") { Description = "Print the JSON report on stdout instead of the summary." };

        var command = new Command(Name, "Hessian block analysis at an equivariant stationary point: Equi/Aug verdicts, growth off E, stabilising γ.");
        foreach (var option in new Option[] { example, eta, gamma, steps, output, json })
            command.Options.Add(option);
        command.Action = new Action((parseResult, stdout, stderr) =>
        {
            int Fail(string message) => StabilityCommand.Fail(stderr, message);
            double etaValue = parseResult.GetValue(eta);
            if (!(etaValue > 0) || !double.IsFinite(etaValue))
                return Fail($"--eta must be a finite number > 0 (got {Format(etaValue)}).");
            double? gammaValue = parseResult.GetValue(gamma);
            if (gammaValue is { } g && (!(g >= 0) || !double.IsFinite(g)))
                return Fail($"--gamma must be a finite number ≥ 0 (got {Format(g)}).");
            int stepsValue = parseResult.GetValue(steps);
            if (stepsValue < 1)
                return Fail($"--steps must be ≥ 1 (got {stepsValue}).");
            var (problem, error) = ResolveProblem(parseResult.GetValue(example));
            if (problem is null) return Fail(error!);
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
            var report = StabilityAnalysis.Analyze(problem, new StabilityOptions { Eta = etaValue, Gamma = gammaValue, RegularisedSteps = stepsValue });
            if (parseResult.GetValue(json)) stdout.WriteLine(StabilityReportJson.Serialize(report));
            else StabilitySummary.Print(report, stdout);
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

    /// <summary>The problem provider: a built-in example by name.</summary>
    private static (StabilityProblem? Problem, string? Error) ResolveProblem(string? example)
    {
        string known = string.Join(", ", StabilityExamples.Names);
        if (example is null) return (null, $"--example is required (known: {known}).");
        return StabilityExamples.TryCreate(example, out var problem)
            ? (problem, null)
            : (null, $"--example: unknown example '{example}' (known: {known}).");
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"equidyn {Name}: {message}");
        return 2;
    }

    private static string Format(double x) => x.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>The command's action. It also receives parse errors (ClearsParseErrors) so that a malformed value is
    /// reported as one line naming the option with exit code 2, like every other bad input, instead of the parser's
    /// default error-plus-help output.
    /// Output goes to the invocation's writers (the console by default, StringWriters in tests).</summary>
    private sealed class Action(Func<ParseResult, TextWriter, TextWriter, int> run) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var error = parseResult.Errors.FirstOrDefault();
            if (error is not null) return Fail(stderr, error.Message);
            // Clearing parse errors also clears the "unrecognized token" ones; report those here.
            var unmatched = parseResult.UnmatchedTokens.FirstOrDefault();
            return unmatched is not null
                ? Fail(stderr, $"unrecognized argument '{unmatched}' (see equidyn {Name} --help).")
                : run(parseResult, stdout, stderr);
        }
    }
}
