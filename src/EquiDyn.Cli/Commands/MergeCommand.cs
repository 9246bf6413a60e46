using System.CommandLine;
using EquiDyn.Cli.Experiments;
using EquiDyn.Experiments;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn merge &lt;dirs…&gt;</c>: combines the runs of several shards (or sweeps) into one sweep summary:
/// per arm, the median and spread over seeds.</summary>
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
        var command = new Command(Name, "Combine shard results into one sweep summary (per arm median and spread over seeds).");
        command.Arguments.Add(dirs);
        command.Options.Add(output);
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
            summary.WriteMerged(path); // refuses to replace anything but an earlier merged summary
            SweepTable.Write(summary, stdout);
            stdout.WriteLine($"merged {summary.Runs} runs into {path}");
            return 0;
        });
        return command;
    }
}
