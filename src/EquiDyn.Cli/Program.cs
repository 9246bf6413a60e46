using System.CommandLine;
using EquiDyn.Cli.Commands;

var root = new RootCommand("EquiDyn: optimization dynamics of equivariant and augmented neural networks. " + ExitCodes.HelpText);
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
var parsed = root.Parse(args);
// Parse errors of every command get the same treatment as other bad input: one line naming the problem, exit code 2.
if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
{
    string command = parsed.CommandResult.Command == root ? "" : parsed.CommandResult.Command.Name;
    // An unknown word is the likelier mistake than the missing command it also causes: report it first.
    var error = parsed.Errors.FirstOrDefault(e => parsed.UnmatchedTokens.Any(t => e.Message.Contains(t))) ?? parsed.Errors[0];
    string message = string.Join(' ', error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    return OneLineErrorAction.Fail(Console.Error, command, $"{message} (see equidyn {command} --help)".Replace("equidyn  --help", "equidyn --help"));
}
try
{
    // Commands report their own failures (ExitCodes); this catches what escapes them, so the terminal never shows a
    // stack trace: one line, and the trace in a log file.
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return ExitCodes.Report(Console.Error, parsed.CommandResult.Command == root ? "" : parsed.CommandResult.Command.Name, e);
}
