using System.CommandLine;
using EquiDyn.Cli.Help;
using EquiDyn.Experiments;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn preset list</c> and <c>equidyn preset show &lt;name&gt; [--quick|--full]</c>: the paper's
/// experiments as specs to run or to start a custom spec from.</summary>
public static class PresetCommand
{
    public static Command Create()
    {
        var command = new Command("preset", "List the built-in experiment presets or print one as a JSON spec.");

        var list = new Command("list", "List the presets.");
        list.Action = new OneLineErrorAction("preset list", (_, stdout, _) =>
        {
            foreach (var name in ExperimentPresets.Names)
                stdout.WriteLine($"{name,-12} {ExperimentPresets.Describe(name)}");
            return 0;
        });

        var name = new Argument<string>("name") { Description = $"Preset: {string.Join(", ", ExperimentPresets.Names)}." };
        var quick = new Option<bool>("--quick") { Description = "The quick scale (default): minutes on a laptop, same qualitative outcome." };
        var full = new Option<bool>("--full") { Description = "The paper's full settings." };
        var show = new Command("show", "Print a preset as a fully resolved JSON spec (save it, edit it, pass it to 'equidyn run').");
        show.Arguments.Add(name);
        show.Options.Add(quick);
        show.Options.Add(full);
        show.Action = new OneLineErrorAction("preset show", (parse, stdout, stderr) =>
        {
            if (parse.GetValue(quick) && parse.GetValue(full))
                return OneLineErrorAction.Fail(stderr, "preset show", "--quick and --full exclude each other; pick one.");
            if (parse.GetValue(name) is { } presetName && !ExperimentPresets.Names.Contains(presetName))
                return OneLineErrorAction.Fail(stderr, "preset show", Suggestions.UnknownValue("preset", presetName, ExperimentPresets.Names.ToList()));
            try
            {
                stdout.Write(ExperimentPresets.Get(parse.GetValue(name)!, parse.GetValue(full) ? "full" : "quick").ToJson());
                return 0;
            }
            catch (ExperimentSpecException e)
            {
                return OneLineErrorAction.Fail(stderr, "preset show", e.Message);
            }
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }
}
