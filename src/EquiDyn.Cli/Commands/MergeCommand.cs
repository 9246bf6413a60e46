using System.CommandLine;
using EquiDyn.Experiments;
using EquiDyn.Reporting;
using EquiDyn.Reporting.Text;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn merge &lt;dirs…&gt;</c>: combines the runs of several shards (or sweeps) into one sweep summary:
/// per arm, the median and spread over seeds; and one tidy CSV of every run's per-step metrics (<see cref="TidyMetrics"/>).</summary>
public static class MergeCommand
{
    private const string Name = "merge";

    public static Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "Sweep or run directories (searched recursively for finished runs).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the merged summary JSON.",
            DefaultValueFactory = _ => "merged-summary.json",
        };
        var metrics = new Option<string?>("--metrics")
        {
            Description = "Where to write every run's per-step metrics as one long table arm,seed,step,epoch,metric,value (default: beside --out, <name>-metrics.csv).",
        };
        var command = new Command(Name, "Combine shard results into one sweep summary (per arm median and spread over seeds) and one tidy table of every run's per-step metrics.");
        command.Arguments.Add(dirs);
        command.Options.Add(output);
        command.Options.Add(metrics);
        command.Action = new OneLineErrorAction(Name, (parse, stdout, stderr) =>
        {
            SweepSummary summary;
            try
            {
                summary = SweepSummary.Merge(parse.GetValue(dirs)!);
            }
            catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException or System.Text.Json.JsonException)
            {
                return OneLineErrorAction.Fail(stderr, Name, e.Message);
            }
            var path = parse.GetValue(output)!;
            var parent = Path.GetDirectoryName(Path.GetFullPath(path));
            if (parent is not null) Directory.CreateDirectory(parent);
            summary.WriteMerged(path); // refuses to replace anything but an earlier merged summary
            var table = parse.GetValue(metrics) ?? Path.ChangeExtension(path, null) + "-metrics.csv";
            var tableParent = Path.GetDirectoryName(Path.GetFullPath(table));
            if (tableParent is not null) Directory.CreateDirectory(tableParent);
            long rows;
            try
            {
                (_, rows) = TidyMetrics.Write(parse.GetValue(dirs)!, table);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return OneLineErrorAction.Fail(stderr, Name, $"--metrics {table}: {e.Message}");
            }
            SweepTable.Write(summary, stdout);
            TransferTable.Write(summary, stdout);
            stdout.WriteLine($"merged {summary.Runs} runs into {path}");
            stdout.WriteLine($"per-step metrics of every run ({rows} rows, columns {TidyMetrics.Header}) in {table}");
            return 0;
        });
        return command;
    }
}
