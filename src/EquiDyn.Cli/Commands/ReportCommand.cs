using System.CommandLine;
using EquiDyn.Reporting;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn report &lt;run-or-sweep-dir&gt;</c>: writes one self-contained HTML page, <c>&lt;dir&gt;/report.html</c>
/// (figures embedded, inline CSS, no external resources): the spec, the final numbers per arm over seeds, the figures,
/// the geometry of the arms and the theorem checks (run now, briefly, unless <c>--no-checks</c>). Prints the page's path.</summary>
public static class ReportCommand
{
    private const string Name = "report";

    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "A run or sweep directory written by 'equidyn run' (or merged shards of one)." };
        var noChecks = new Option<bool>("--no-checks") { Description = "Skip the theorem checks (they take ~10–30 s)." };
        var checkSteps = new Option<int>("--check-steps") { Description = "Gradient steps of the stationary and invariance checks.", DefaultValueFactory = _ => 50 };
        var command = new Command(Name, "Write <dir>/report.html: spec, final numbers per arm, figures, geometry and theorem checks, one offline page.");
        command.Arguments.Add(directory);
        command.Options.Add(noChecks);
        command.Options.Add(checkSteps);
        command.Action = new OneLineErrorAction(Name, (parse, stdout, stderr) =>
        {
            var dir = parse.GetValue(directory)!;
            int steps = parse.GetValue(checkSteps);
            if (steps < 1) return OneLineErrorAction.Fail(stderr, Name, $"--check-steps must be ≥ 1 (got {steps})");
            try
            {
                if (TableExperimentReport.Handles(dir))
                {
                    stdout.WriteLine(TableExperimentReport.Write(dir));
                    return 0;
                }
                var options = new ReportOptions { RunChecks = !parse.GetValue(noChecks), CheckSteps = steps, Log = m => stderr.WriteLine(m) };
                var (path, _) = HtmlReport.Write(dir, options);
                stdout.WriteLine(path);
                return 0;
            }
            catch (ReportInputException e)
            {
                return OneLineErrorAction.Fail(stderr, Name, e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or KeyNotFoundException)
            {
                return OneLineErrorAction.Fail(stderr, Name, $"{dir}: {e.Message}");
            }
        });
        return command;
    }
}
