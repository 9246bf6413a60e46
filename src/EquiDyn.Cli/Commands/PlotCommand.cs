using System.CommandLine;
using EquiDyn.Reporting;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn plot &lt;run-or-sweep-dir&gt;</c>: (re)draws every figure of a run or sweep from its saved files
/// (metrics.csv, epochs.csv, spec.json, start.json) into <c>&lt;dir&gt;/figures/</c> and prints the PNG paths, one per
/// line. Nothing is rerun. Exit code 2 when the directory holds no run.</summary>
public static class PlotCommand
{
    private const string Name = "plot";

    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "A run or sweep directory written by 'equidyn run' (or merged shards of one)." };
        var output = new Option<string?>("--out") { Description = "Write the PNGs here instead of <dir>/figures/." };
        var command = new Command(Name, "Draw the figures of a run or sweep from its saved files into <dir>/figures/ (nothing is rerun).");
        command.Arguments.Add(directory);
        command.Options.Add(output);
        command.Action = new OneLineErrorAction(Name, (parse, stdout, stderr) =>
        {
            var dir = parse.GetValue(directory)!;
            try
            {
                var runs = RunCollection.Load(dir);
                foreach (var warning in runs.Warnings) stderr.WriteLine($"note: {warning}");
                var figures = ReportFigures.DrawAll(runs, parse.GetValue(output) ?? Path.Combine(dir, "figures"));
                foreach (var f in figures) stdout.WriteLine(f.Path);
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
