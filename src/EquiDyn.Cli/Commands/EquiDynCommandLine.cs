using System.CommandLine;
using System.CommandLine.Help;
using EquiDyn.Cli.Help;

namespace EquiDyn.Cli.Commands;

/// <summary>The <c>equidyn</c> command tree and how a command line is run: what Program.cs calls, and what the tests
/// drive in-process (with StringWriters for the output).</summary>
public static class EquiDynCommandLine
{
    /// <summary>The root command with every command of <see cref="CommandCatalog"/> and <see cref="HelpPage"/> as the
    /// action of <c>--help</c>.</summary>
    /// <param name="customHelp">False: System.CommandLine's own help (what <see cref="HelpPage"/> starts from).</param>
    public static RootCommand Create(bool customHelp = true)
    {
        var root = new RootCommand("EquiDyn: optimization dynamics of equivariant and augmented neural networks.");
        foreach (var command in CommandCatalog.All())
            root.Subcommands.Add(command);
        if (customHelp)
            foreach (var help in root.Options.OfType<HelpOption>())
                help.Action = new HelpPage.Action();
        // `equidyn` alone shows the commands instead of "Required command was not provided".
        root.SetAction(parse =>
        {
            HelpPage.Write(root, parse.InvocationConfiguration.Output);
            return 0;
        });
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>. A parse error that no command's action handles (an unknown
    /// command, a malformed value of a command without <see cref="OneLineErrorAction"/>) becomes one line
    /// "equidyn CMD: …" naming the offending word, with exit code 2.</summary>
    public static int Invoke(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpPage.Action and not OneLineErrorAction)
        {
            string path = ParseErrorMessages.CommandPath(parsed.CommandResult.Command);
            return OneLineErrorAction.Fail(configuration.Error, path, ParseErrorMessages.Describe(parsed)!);
        }
        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            return parsed.Invoke(configuration);
        }
        catch (Exception e)
        {
            // Commands report their own failures (ExitCodes); this catches what escapes them, so the terminal never
            // shows a stack trace: one line, and the trace in a log file.
            return ExitCodes.Report(configuration.Error, ParseErrorMessages.CommandPath(parsed.CommandResult.Command), e);
        }
    }
}
